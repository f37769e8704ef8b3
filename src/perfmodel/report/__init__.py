"""Scorecards people can read: the official tables in Markdown, HTML and plain text, and plots.

:func:`render` lays a document (and its :class:`~perfmodel.scoring.Evaluation`) out as the
official table — the self-evaluation table (项目支出绩效自评表) when something was scored, the
declaration table (申报表) otherwise — with each score's explanation and the diagnostics grouped
by severity. Headings are Chinese by default, English with ``lang="en"``. Plots
(:func:`plot_points`, :func:`plot_execution`, :func:`plot_portfolio`) need the ``[plot]`` extra
and are imported on first use: ``perfmodel.report.plot_points`` is
:func:`perfmodel.report.plot.plot_points`.

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
from typing import Any

from ..errors import Diagnostic, ReportError
from ..model import Project, Unit
from ..scoring import Evaluation
from .html import html_page, render_html, scorecard_html
from .layout import build_scorecard
from .markdown import render_markdown, scorecard_markdown
from .tables import DiagnosticGroup, Scorecard, Table
from .text import render_text, scorecard_text

__all__ = [
    "FORMATS",
    "DiagnosticGroup",
    "Scorecard",
    "Table",
    "build_scorecard",
    "html_page",
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

_PLOTS = ("plot_points", "plot_execution", "plot_portfolio")


def _check_format(format: str) -> None:
    if format not in FORMATS:
        raise ReportError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")


def render(
    doc: Unit | Project,
    evaluation: Evaluation | None = None,
    *,
    format: str = "md",
    lang: str = "zh",
    diagnostics: Iterable[Diagnostic] = (),
    kind: str = "auto",
    width: int = 120,
) -> str:
    """Render one document as ``"md"``, ``"html"`` (a whole page) or ``"text"``.

    ``evaluation`` defaults to evaluating the document under the central policy when it
    carries actuals; ``diagnostics`` (from reading, validation) are listed under the tables;
    ``kind`` forces ``"self_evaluation"`` or ``"declaration"``; ``width`` is the text width.

    >>> from perfmodel.model import Project
    >>> render(Project("p"), format="text").splitlines()[0]
    '财政项目支出绩效目标申报表'
    >>> render(Project("p"), format="pdf")
    Traceback (most recent call last):
    ...
    perfmodel.errors.ReportError: format must be one of md, html, text, not 'pdf'
    """
    return render_many(
        [(doc, evaluation, tuple(diagnostics))], format=format, lang=lang, kind=kind, width=width
    )


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
    if name in _PLOTS:
        from . import plot

        return getattr(plot, name)
    raise AttributeError(f"module 'perfmodel.report' has no attribute {name!r}")
