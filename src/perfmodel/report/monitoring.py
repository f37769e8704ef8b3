"""Monitoring and year-over-year reports as Markdown and plain text (监控报告, 年度对比).

:func:`monitoring_markdown` / :func:`monitoring_text` render a
:class:`~perfmodel.monitor.MonitoringResult`; :func:`comparison_markdown` /
:func:`comparison_text` a :class:`~perfmodel.monitor.YearComparison`. Plain-text tables are
aligned by display width: CJK characters (East Asian width W or F) take two columns
(:func:`perfmodel.report.text.display_width`), so Chinese labels line up in a terminal.

>>> from perfmodel.model import Project
>>> from perfmodel.monitor import ProgressReport, monitor
>>> text = monitoring_text(monitor(Project("示例项目", year=2025), ProgressReport("2025-06-30")))
>>> print(text.splitlines()[0])
绩效运行监控：示例项目
>>> display_width("满意度 90%")
10
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from ..monitor._text import fmt, money, pct, points
from ..vocab import MONITORING_LABELS
from .text import display_width, pad

if TYPE_CHECKING:
    from ..monitor import IndicatorMonitor, MonitoringResult, YearComparison

__all__ = [
    "comparison_markdown",
    "comparison_text",
    "monitoring_markdown",
    "monitoring_text",
]

_Block = tuple[str, object]
_BLANK = "—"


# --------------------------------------------------------------------------------------------
# Building blocks: a report is a list of blocks rendered as Markdown or text
# --------------------------------------------------------------------------------------------


def _render_markdown(title: str, blocks: list[_Block]) -> str:
    lines = [f"# {title}", ""]
    for kind, body in blocks:
        if kind == "h":
            lines += [f"## {body}", ""]
        elif kind == "kv":
            assert isinstance(body, list)
            lines += [f"- **{k}**：{_md_cell(v)}" for k, v in body] + [""]
        elif kind == "list":
            assert isinstance(body, list)
            lines += [f"- {_md_cell(item)}" for item in body] + [""]
        else:
            assert isinstance(body, tuple)
            headers, rows = body
            lines += [*_md_table(headers, rows), ""]
    return "\n".join(lines).rstrip() + "\n"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [display_width(_md_cell(h)) for h in headers]
    for row in rows:
        widths = [max(w, display_width(_md_cell(c))) for w, c in zip(widths, row, strict=True)]
    out = ["| " + " | ".join(pad(_md_cell(h), w) for h, w in zip(headers, widths, strict=True))]
    out[0] += " |"
    out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        cells = (pad(_md_cell(c), w) for c, w in zip(row, widths, strict=True))
        out.append("| " + " | ".join(cells) + " |")
    return out


def _render_text(title: str, blocks: list[_Block]) -> str:
    lines = [title, "=" * display_width(title), ""]
    for kind, body in blocks:
        if kind == "h":
            assert isinstance(body, str)
            lines += [body, "-" * display_width(body)]
        elif kind == "kv":
            assert isinstance(body, list)
            width = max(display_width(k) for k, _ in body)
            lines += [f"{pad(k, width)}  {v}" for k, v in body] + [""]
        elif kind == "list":
            assert isinstance(body, list)
            lines += [f"  - {item}" for item in body] + [""]
        else:
            assert isinstance(body, tuple)
            headers, rows = body
            lines += [*_text_table(headers, rows), ""]
    return "\n".join(lines).rstrip() + "\n"


def _text_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [display_width(h) for h in headers]
    for row in rows:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row, strict=True)]
    out = ["  ".join(pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    for row in rows:
        out.append("  ".join(pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip())
    return out


# --------------------------------------------------------------------------------------------
# Monitoring
# --------------------------------------------------------------------------------------------


def _opt(value: Decimal | None, how: str = "pct") -> str:
    if value is None:
        return _BLANK
    if how == "pct":
        return pct(value)
    if how == "money":
        return money(value)
    return points(value)


def _status(status: object) -> str:
    label = getattr(status, "label", None)
    return label if isinstance(label, str) else "未评价"


def _indicator_row(m: IndicatorMonitor) -> list[str]:
    progress = m.progress
    if progress is None:
        reported = _BLANK
    elif progress.actual is not None:
        reported = progress.actual.text
    elif progress.share is not None:
        reported = f"完成 {pct(progress.share)}"
    else:
        reported = _status(progress.status)
    target = _BLANK if m.indicator.target is None else str(m.indicator.target)
    return [
        m.indicator.name,
        target,
        reported,
        _opt(m.done),
        _opt(m.expected),
        _BLANK if m.projected is None else m.projected.text,
        _status(m.status),
    ]


def _monitoring_blocks(result: MonitoringResult) -> list[_Block]:
    ex = result.execution
    pol = result.monitoring
    unit = "个百分点" if pol.measure == "points" else "%"
    blocks: list[_Block] = [
        (
            "kv",
            [
                ("监控日", result.as_of.isoformat()),
                ("监控期间", f"{result.start.isoformat()} 至 {result.end.isoformat()}"),
                ("时间进度", pct(result.elapsed)),
                (
                    "监控口径",
                    f"{pol.name}（{pol.curve.name or pol.curve.kind}；滞后 ≥ {fmt(pol.behind)}"
                    f"{unit}，严重滞后 ≥ {fmt(pol.far_behind)}{unit}）",
                ),
                ("状态", _status(result.status)),
            ],
        ),
        ("h", "预算执行"),
        (
            "kv",
            [
                (MONITORING_LABELS["budgeted"], _opt(ex.budgeted, "money")),
                (MONITORING_LABELS["executed"], _opt(ex.executed, "money")),
                ("执行率", _opt(ex.share)),
                (MONITORING_LABELS["expected"], pct(ex.expected)),
                ("序时应执行", _opt(ex.expected_amount, "money")),
                ("低于序时进度", _BLANK if ex.shortfall is None else points(ex.shortfall) + unit),
                ("预计期末执行", _opt(ex.projected, "money")),
                ("预计执行率", _opt(ex.projected_share)),
                ("状态", _status(ex.status)),
            ],
        ),
    ]
    if ex.explanation:
        blocks.append(("list", [ex.explanation]))
    if result.indicators:
        headers = ("指标", "目标", "填报", "完成", "序时进度", "预计年末", "状态")
        rows = [_indicator_row(m) for m in result.indicators]
        blocks += [("h", "指标进展"), ("table", (headers, rows))]
        blocks.append(("list", [f"{m.indicator.name}：{m.explanation}" for m in result.indicators]))
    needed = result.needs_explanation
    if needed:
        missing = set(result.missing_explanation)
        items = [f"{p}（{'未说明' if p in missing else '已说明'}）" for p in needed]
        title = f"需说明{MONITORING_LABELS['reason']}及{MONITORING_LABELS['action']}"
        blocks += [("h", title), ("list", items)]
    blocks.append(("h", MONITORING_LABELS["forecast"]))
    fc = result.forecast
    if fc is None or fc.total is None:
        blocks.append(("list", ["无可推算的指标，未预计"]))
    else:
        grade = _BLANK if fc.grade is None else fc.grade.label
        rows_kv = [("预计总分", f"{fc.total}（{grade}）"), ("计算", fc.explanation)]
        if result.unprojected:
            rows_kv.append(("未纳入预计", "、".join(result.unprojected)))
        blocks.append(("kv", rows_kv))
    notes = [str(d) for d in result.diagnostics]
    if result.unmatched:
        notes.insert(0, "未能匹配的填报：" + "、".join(result.unmatched))
    if notes:
        blocks += [("h", "提示"), ("list", notes)]
    return blocks


def _monitoring_title(result: MonitoringResult) -> str:
    return f"{MONITORING_LABELS['monitoring']}：{result.name}"


def monitoring_markdown(result: MonitoringResult) -> str:
    """A monitoring result as Markdown (headings, key figures, an indicator table).

    >>> from perfmodel.model import Budget, Project
    >>> from perfmodel.monitor import ProgressReport, monitor
    >>> doc = Project("p", year=2025, budget=Budget(total=Decimal(100)))
    >>> md = monitoring_markdown(monitor(doc, ProgressReport("2025-06-30", executed=20)))
    >>> md.splitlines()[0], "- **状态**：严重滞后" in md
    ('# 绩效运行监控：p', True)
    """
    return _render_markdown(_monitoring_title(result), _monitoring_blocks(result))


def monitoring_text(result: MonitoringResult) -> str:
    """A monitoring result as plain text, tables aligned for CJK display widths.

    >>> from perfmodel.model import Project
    >>> from perfmodel.monitor import ProgressReport, monitor
    >>> print(monitoring_text(monitor(Project("p", year=2025), ProgressReport("2025-06-30")))
    ...       .splitlines()[3])
    监控日    2025-06-30
    """
    return _render_text(_monitoring_title(result), _monitoring_blocks(result))


# --------------------------------------------------------------------------------------------
# Year over year
# --------------------------------------------------------------------------------------------


def _signed(value: Decimal | None) -> str:
    if value is None:
        return _BLANK
    text = fmt(value)
    return text if value <= 0 else f"+{text}"


def _comparison_blocks(cmp: YearComparison) -> list[_Block]:
    from ..monitor import ChangeKind

    counts = [(kind.label, str(len(cmp.of_kind(kind)))) for kind in ChangeKind]
    blocks: list[_Block] = [("kv", counts)]
    if cmp.total_before is not None or cmp.total_after is not None:
        blocks += [
            ("h", "得分"),
            (
                "kv",
                [
                    ("上年总分", _BLANK if cmp.total_before is None else fmt(cmp.total_before)),
                    ("本年总分", _BLANK if cmp.total_after is None else fmt(cmp.total_after)),
                    ("变化", _signed(cmp.total_delta)),
                ],
            ),
        ]
    if cmp.changes:
        headers = ("指标", "变化", "上年目标", "本年目标", "变化量", "要求", "得分变化")
        rows = []
        for c in cmp.changes:
            strict = {True: "更严", False: "放宽", None: _BLANK}[c.stricter]
            rows.append(
                [
                    c.key,
                    c.kind.label,
                    _BLANK if c.before is None or c.before.target is None else str(c.before.target),
                    _BLANK if c.after is None or c.after.target is None else str(c.after.target),
                    _signed(c.delta) + ((c.unit or "") if c.delta is not None else ""),
                    strict,
                    _signed(c.points_delta),
                ]
            )
        blocks += [("h", "指标变化"), ("table", (headers, rows))]
        notes = [f"{c.key}：{c.note}" for c in cmp.changes if c.note]
        if notes:
            blocks.append(("list", notes))
    if cmp.unmatched:
        blocks += [("h", "未能配对"), ("list", list(cmp.unmatched))]
    if cmp.diagnostics:
        blocks += [("h", "提示"), ("list", [str(d) for d in cmp.diagnostics])]
    return blocks


def _comparison_title(cmp: YearComparison) -> str:
    before = f"{cmp.before_name} {cmp.before_year or ''}".strip()
    after = f"{cmp.after_name} {cmp.after_year or ''}".strip()
    return f"年度对比：{before} → {after}"


def comparison_markdown(cmp: YearComparison) -> str:
    """A year-over-year comparison as Markdown.

    >>> from perfmodel.model import Indicator, Project
    >>> from perfmodel.monitor import compare_years
    >>> from perfmodel.targets import parse_target
    >>> a = Project("p", year=2024, indicators=[Indicator("x", "产出指标", "数量指标",
    ...                                                   parse_target("=5个"))])
    >>> b = Project("p", year=2025, indicators=[Indicator("x", "产出指标", "数量指标",
    ...                                                   parse_target("=8个"))])
    >>> md = comparison_markdown(compare_years(a, b))
    >>> md.splitlines()[0], "| =8个     | +3个   | 更严 |" in md
    ('# 年度对比：p 2024 → p 2025', True)
    """
    return _render_markdown(_comparison_title(cmp), _comparison_blocks(cmp))


def comparison_text(cmp: YearComparison) -> str:
    """A year-over-year comparison as plain text, aligned for CJK display widths.

    >>> from perfmodel.model import Project
    >>> from perfmodel.monitor import compare_years
    >>> print(comparison_text(compare_years(Project("p"), Project("p"))).splitlines()[0])
    年度对比：p → p
    """
    return _render_text(_comparison_title(cmp), _comparison_blocks(cmp))
