"""Scorecards people can read: the official tables in Markdown, HTML and plain text, and plots.

:func:`render` lays a document (and its :class:`~perfmodel.scoring.Evaluation`) out as the
official table — the self-evaluation table (项目支出绩效自评表) when something was scored, the
declaration table (申报表) otherwise — with each score's explanation and the diagnostics grouped
by severity. It renders a monitoring result (:class:`~perfmodel.monitor.MonitoringResult`) and a
year-over-year comparison (:class:`~perfmodel.monitor.YearComparison`) too, with
:func:`monitoring_markdown`, :func:`monitoring_html`, :func:`monitoring_text` and their
``comparison_*`` counterparts. Headings are Chinese by default, English with ``lang="en"``.
Plots need the ``[plot]`` extra and are imported on first use: :func:`plot_points`,
:func:`plot_execution`, :func:`plot_portfolio` (``perfmodel.report.plot_points`` is
:func:`perfmodel.report.plot.plot_points`) for evaluations, :func:`plot_execution_progress` and
:func:`plot_indicator_progress` (from :mod:`perfmodel.report.monitoring_plot`) for monitoring.

>>> from decimal import Decimal
>>> from perfmodel.model import Budget, Indicator, Project
>>> from perfmodel.targets import parse_actual, parse_target
>>> doc = Project("示例项目", year=2024, budget=Budget(adjusted=Decimal(100), executed=Decimal(90)),
...               indicators=[Indicator("完成率", "产出指标", "数量指标", parse_target("≥95%"),
...                                     actual=parse_actual("95%"), max_points=Decimal(90))])
>>> print(render(doc, format="md"))
# 项目支出绩效自评表
...
| 产出指标 | 数量指标 | 完成率 | ≥95% | 95% | 90 | 90.00 |  | 正向指标：实际 95 ≥ 目标 95，得满分 |
...
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import Diagnostic, ReportError
from ..model import Project, Unit
from ..scoring import Evaluation
from .html import html_document, html_page, render_html, scorecard_html
from .layout import build_scorecard
from .markdown import render_markdown, scorecard_markdown
from .monitoring import (
    comparison_html,
    comparison_markdown,
    comparison_text,
    monitoring_html,
    monitoring_markdown,
    monitoring_text,
)
from .tables import DiagnosticGroup, Scorecard, Table
from .text import render_text, scorecard_text

if TYPE_CHECKING:
    from ..monitor import MonitoringResult, YearComparison

__all__ = [
    "FORMATS",
    "DiagnosticGroup",
    "Scorecard",
    "Table",
    "build_scorecard",
    "comparison_html",
    "comparison_markdown",
    "comparison_text",
    "html_document",
    "html_page",
    "monitoring_html",
    "monitoring_markdown",
    "monitoring_text",
    "render",
    "render_html",
    "render_many",
    "render_markdown",
    "render_text",
    "scorecard_html",
    "scorecard_markdown",
    "scorecard_text",
]

#: Output formats of :func:`render`.
FORMATS = ("md", "html", "text")

#: Plot functions imported on first use → the module that defines them.
_PLOTS = {
    "plot_points": "plot",
    "plot_execution": "plot",
    "plot_portfolio": "plot",
    "plot_execution_progress": "monitoring_plot",
    "plot_indicator_progress": "monitoring_plot",
}


def _check_format(format: str) -> None:
    if format not in FORMATS:
        raise ReportError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")


def render(
    doc: Unit | Project | MonitoringResult | YearComparison,
    evaluation: Evaluation | None = None,
    *,
    format: str = "md",
    lang: str = "zh",
    diagnostics: Iterable[Diagnostic] = (),
    kind: str = "auto",
    width: int = 120,
) -> str:
    """Render one document, monitoring result or year comparison as ``"md"``, ``"html"`` (a
    whole page) or ``"text"``, in Chinese (``lang="zh"``) or English (``lang="en"``).

    For a document, ``evaluation`` defaults to evaluating it under the central policy when it
    carries actuals; ``diagnostics`` (from reading, validation) are listed under the tables;
    ``kind`` forces ``"self_evaluation"`` or ``"declaration"``; ``width`` is the text width.
    A :class:`~perfmodel.monitor.MonitoringResult` or :class:`~perfmodel.monitor.YearComparison`
    carries its own evaluations and diagnostics, so those three arguments are for documents only.
    Anything else raises :class:`~perfmodel.errors.ReportError` naming its type.

    >>> from perfmodel.model import Project
    >>> from perfmodel.monitor import ProgressReport, monitor
    >>> render(Project("p"), format="text").splitlines()[0]
    '财政项目支出绩效目标申报表'
    >>> r = monitor(Project("p", year=2025), ProgressReport("2025-06-30"))
    >>> render(r, lang="en").splitlines()[0]
    '# Performance monitoring: p'
    >>> render(Project("p"), format="pdf")
    Traceback (most recent call last):
    ...
    perfmodel.errors.ReportError: format must be one of md, html, text, not 'pdf'
    >>> render(42)  # type: ignore[arg-type]
    Traceback (most recent call last):
    ...
    perfmodel.errors.ReportError: cannot render an int: render takes a Unit, Project, ...
    """
    _check_format(format)
    if isinstance(doc, Unit | Project):
        return render_many(
            [(doc, evaluation, tuple(diagnostics))],
            format=format,
            lang=lang,
            kind=kind,
            width=width,
        )
    from ..monitor import MonitoringResult, YearComparison

    name = type(doc).__name__
    if not isinstance(doc, MonitoringResult | YearComparison):
        hint = " (pass the document: render(doc, evaluation))" if name == "Evaluation" else ""
        article = "an" if name[:1].lower() in "aeiou" else "a"
        raise ReportError(
            f"cannot render {article} {name}: render takes a Unit, Project, MonitoringResult "
            f"or YearComparison{hint}"
        )
    if evaluation is not None or tuple(diagnostics) or kind != "auto":
        raise ReportError(
            f"evaluation, diagnostics and kind are for documents; a {name} carries its own"
        )
    if lang not in ("zh", "en"):
        raise ReportError(f"lang must be 'zh' or 'en', not {lang!r}")
    if isinstance(doc, MonitoringResult):
        if format == "md":
            return monitoring_markdown(doc, lang=lang)
        if format == "text":
            return monitoring_text(doc, lang=lang)
        return html_document(monitoring_html(doc, lang=lang), title=doc.name, lang=lang)
    if format == "md":
        return comparison_markdown(doc, lang=lang)
    if format == "text":
        return comparison_text(doc, lang=lang)
    title = f"{doc.before_name} → {doc.after_name}"
    return html_document(comparison_html(doc, lang=lang), title=title, lang=lang)


def render_many(
    items: Sequence[tuple[Unit | Project, Evaluation | None, Sequence[Diagnostic]]],
    *,
    format: str = "md",
    lang: str = "zh",
    kind: str = "auto",
    width: int = 120,
) -> str:
    """Render several documents into one output: one HTML page, or texts one after another.

    Each item is ``(document, evaluation or None, diagnostics)``.

    >>> from perfmodel.model import Project
    >>> out = render_many([(Project("甲"), None, ()), (Project("乙"), None, ())], format="html")
    >>> out.count("<section")
    2
    """
    _check_format(format)
    cards = [
        build_scorecard(doc, ev, lang=lang, diagnostics=diags, kind=kind)
        for doc, ev, diags in items
    ]
    if format == "html":
        return html_page(cards)
    if format == "md":
        return "\n---\n\n".join(scorecard_markdown(c) for c in cards)
    return "\n\n".join(scorecard_text(c, width=width) for c in cards)


def __getattr__(name: str) -> Any:
    """Plot functions are imported on first use (matplotlib is an optional extra)."""
    module = _PLOTS.get(name)
    if module is not None:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{module}"), name)
    raise AttributeError(f"module 'perfmodel.report' has no attribute {name!r}")
