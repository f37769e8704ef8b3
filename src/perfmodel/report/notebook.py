"""Compact HTML for notebooks: what ``_repr_html_`` of the model and result classes shows.

Each function returns a small ``<div>`` with its own scoped style and no external assets.
:class:`~perfmodel.model.Project`, :class:`~perfmodel.model.Unit`,
:class:`~perfmodel.model.IndicatorTree`, :class:`~perfmodel.scoring.Evaluation`,
:class:`~perfmodel.read.ReadResult`, :class:`~perfmodel.monitor.MonitoringResult` and
:class:`~perfmodel.monitor.YearComparison` call these lazily, so the model never imports a renderer
until a notebook asks for a picture.

>>> from perfmodel.model import Project
>>> html = document_html(Project("示例项目", year=2025))
>>> html.startswith('<div class="pm-nb">'), "示例项目" in html
(True, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING

from ..errors import Diagnostic, Severity
from ..model import IndicatorTree, Project, Unit
from ..read.result import ReadResult
from ..scoring import Evaluation
from ..vocab import report_label as _L
from .layout import _how, _points_cell
from .monitoring import comparison_html, monitoring_html
from .tables import diagnostic_line, format_percent, format_points, format_wan

if TYPE_CHECKING:
    from ..monitor import MonitoringResult, YearComparison

__all__ = [
    "document_html",
    "evaluation_html",
    "monitoring_result_html",
    "read_result_html",
    "tree_html",
    "year_comparison_html",
]

_STYLE = (
    "<style>.pm-nb{font-family:sans-serif;font-size:13px}"
    ".pm-nb table{border-collapse:collapse;margin:4px 0}"
    ".pm-nb th,.pm-nb td{border:1px solid #bbb;padding:2px 6px;text-align:left;"
    "vertical-align:top}.pm-nb th{background:#f0f0f0}.pm-nb td.num{text-align:right}"
    ".pm-nb .muted{color:#666;font-size:12px}.pm-nb .error{color:#a40000}"
    ".pm-nb .warning{color:#8a5a00}.pm-nb .ok{color:#1b5e20}"
    ".pm-nb h1{font-size:15px;margin:2px 0 4px}.pm-nb h2{font-size:13px;margin:8px 0 2px}"
    ".pm-nb ul{margin:2px 0;padding-left:1.4em}</style>"
)
_LIMIT = 200


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    out = ["<table><thead><tr>"]
    out += [f"<th>{escape(h)}</th>" for h in head]
    out.append("</tr></thead><tbody>")
    for count, row in enumerate(rows):
        if count == _LIMIT:
            out.append(f'<tr><td colspan="{len(head)}" class="muted">…</td></tr>')
            break
        cells = "".join(
            f'<td class="num">{escape(v)}</td>' if i in numeric else f"<td>{escape(v)}</td>"
            for i, v in enumerate(row)
        )
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _wrap(body: str) -> str:
    return f'<div class="pm-nb">{_STYLE}{body}</div>'


def _tree_rows(tree: IndicatorTree) -> tuple[list[str], list[list[str]], list[int]]:
    items = list(tree)
    head = [_L("level1"), _L("level2"), _L("level3"), _L("target_decl")]
    rows = [
        [
            i.level1,
            i.level2,
            i.name,
            "" if i.target is None else (i.target.text or str(i.target)),
        ]
        for i in items
    ]
    numeric: list[int] = []
    if any(i.actual is not None for i in items):
        head.append(_L("actual"))
        for row, i in zip(rows, items, strict=True):
            row.append("" if i.actual is None else i.actual.text)
    if any(i.max_points is not None for i in items):
        numeric.append(len(head))
        head.append(_L("max_points"))
        for row, i in zip(rows, items, strict=True):
            row.append(format_points(i.max_points))
    return head, rows, numeric


def tree_html(tree: IndicatorTree) -> str:
    """An indicator tree (绩效指标) as a table.

    >>> from perfmodel.model import Indicator
    >>> "<td>数量指标</td>" in tree_html(IndicatorTree([Indicator("a", "产出指标", "数量指标")]))
    True
    """
    head, rows, numeric = _tree_rows(tree)
    weights = "".join(f"{escape(k)} {format_points(v)}　" for k, v in tree.level1_weights.items())
    caption = f'<div class="muted">{_L("count")} {len(tree)}　{weights}</div>'
    return _wrap(caption + _table(head, rows, numeric))


def document_html(doc: Unit | Project) -> str:
    """A document: its form, name, year and budget in one line, then its indicators.

    >>> from perfmodel.model import Unit
    >>> "单位整体支出绩效目标申报表" in document_html(Unit("某中心"))
    True
    """
    budget = doc.budget.total if doc.budget.total is not None else doc.budget.budgeted
    facts = [f"<b>{escape(doc.name)}</b>", escape(doc.form.title)]
    if doc.year is not None:
        facts.append(f"{doc.year}{_L('year_suffix')}")
    if budget is not None:
        facts.append(f"{_L('budget')} {format_wan(budget)}")
    facts.append(f"{_L('count')} {len(doc.indicators)}")
    head, rows, numeric = _tree_rows(doc.indicators)
    return _wrap(f"<div>{' · '.join(facts)}</div>" + _table(head, rows, numeric))


def evaluation_html(ev: Evaluation) -> str:
    """An evaluation: total and grade, the subtotals, then every indicator with its reason.

    >>> from perfmodel.model import Project
    >>> from perfmodel.scoring import evaluate
    >>> "尚无实际完成值" in evaluation_html(evaluate(Project("p")))
    True
    """
    total = "—" if ev.total is None else str(ev.total)
    grade = "" if ev.grade is None else f"（{ev.grade.label}）"
    head = (
        f"<div><b>{escape(ev.name)}</b> · {_L('total')} <b>{escape(total)}</b>{escape(grade)}"
        f" · {escape(ev.policy.name)}</div>"
        f'<div class="muted">{escape(ev.explanation)}</div>'
    )
    summary = []
    if ev.execution is not None:
        rate = format_percent(ev.execution.rate)
        summary.append(
            [
                _L("execution"),
                str(ev.execution.points),
                format_points(ev.execution.max_points),
                rate,
            ]
        )
    for sub in ev.level1:
        summary.append(
            [sub.level1, str(sub.points), format_points(sub.max_points), format_percent(sub.share)]
        )
    parts = [head]
    if summary:
        parts.append(
            _table([_L(k) for k in ("item", "points", "max_points", "share")], summary, (1, 2, 3))
        )
    rows = [
        [r.path, _points_cell(r, "zh"), format_points(r.max_points), _how(r, "zh")]
        for r in ev.indicators
    ]
    if rows:
        parts.append(
            _table([_L(k) for k in ("level3", "points", "max_points", "how")], rows, (1, 2))
        )
    if ev.needs_reason:
        missing = escape("、".join(ev.needs_reason))
        parts.append(f'<div class="warning">{_L("needs_reason")}：{missing}</div>')
    return _wrap("".join(parts))


def _diagnostics_html(diagnostics: Sequence[Diagnostic]) -> str:
    counts = {s: sum(d.severity is s for d in diagnostics) for s in Severity}
    line = "　".join(f"{s.value} {n}" for s, n in counts.items())
    shown = [d for d in diagnostics if d.severity is not Severity.INFO][:_LIMIT]
    items = "".join(
        f'<li class="{d.severity.value}">{escape(diagnostic_line(d))}</li>' for d in shown
    )
    return f'<div class="muted">{line}</div>' + (f"<ul>{items}</ul>" if items else "")


def read_result_html(result: ReadResult) -> str:
    """What was read: one row per document, then the warnings and errors.

    >>> from perfmodel.read import read_forms
    >>> "R001" in read_result_html(read_forms(""))
    True
    """
    rows = [
        [d.form.title, d.name, "" if d.year is None else str(d.year), str(len(d.indicators))]
        for d in result.documents
    ]
    head = [_L(k) for k in ("form", "item", "year", "count")]
    table = _table(head, rows, (3,)) if rows else ""
    return _wrap(table + _diagnostics_html(result.diagnostics))


def monitoring_result_html(result: MonitoringResult, *, lang: str = "zh") -> str:
    """A monitoring result (绩效运行监控): :func:`perfmodel.report.monitoring_html` in a notebook.

    >>> from perfmodel.model import Project
    >>> from perfmodel.monitor import ProgressReport, monitor
    >>> r = monitor(Project("p", year=2025), ProgressReport("2025-06-30"))
    >>> html = monitoring_result_html(r)
    >>> html.startswith('<div class="pm-nb">'), monitoring_html(r) in html
    (True, True)
    """
    return _wrap(monitoring_html(result, lang=lang))


def year_comparison_html(cmp: YearComparison, *, lang: str = "zh") -> str:
    """A year-over-year comparison (年度对比): :func:`perfmodel.report.comparison_html` in a
    notebook.

    >>> from perfmodel.model import Project
    >>> from perfmodel.monitor import compare_years
    >>> "年度对比：p → p" in year_comparison_html(compare_years(Project("p"), Project("p")))
    True
    """
    return _wrap(comparison_html(cmp, lang=lang))
