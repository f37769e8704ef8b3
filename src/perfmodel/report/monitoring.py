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

import re
from collections.abc import Sequence
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING

from ..monitor._text import fmt, money, pct, points
from ..vocab import GRADE_LABELS_EN, monitoring_label
from .markdown import escape as markdown_escape
from .text import display_width, pad

if TYPE_CHECKING:
    from ..monitor import IndicatorMonitor, MonitoringResult, YearComparison

__all__ = [
    "comparison_html",
    "comparison_markdown",
    "comparison_text",
    "monitoring_html",
    "monitoring_markdown",
    "monitoring_text",
]

_Block = tuple[str, object]
_BLANK = "—"


# --------------------------------------------------------------------------------------------
# Building blocks: a report is a list of blocks rendered as Markdown or text
# --------------------------------------------------------------------------------------------


def _render_markdown(title: str, blocks: list[_Block], lang: str = "zh") -> str:
    sep = "：" if lang == "zh" else ": "
    lines = [f"# {_md_cell(title)}", ""]
    for kind, body in blocks:
        if kind == "h":
            lines += [f"## {_md_cell(str(body))}", ""]
        elif kind == "kv":
            assert isinstance(body, list)
            lines += [f"- **{k}**{sep}{_md_cell(v)}" for k, v in body] + [""]
        elif kind == "list":
            assert isinstance(body, list)
            lines += [f"- {_md_cell(item)}" for item in body] + [""]
        else:
            assert isinstance(body, tuple)
            headers, rows = body
            lines += [*_md_table(headers, rows), ""]
    return "\n".join(lines).rstrip() + "\n"


def _md_cell(text: str) -> str:
    return markdown_escape(" ".join(text.splitlines()))


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
# HTML: the same blocks as a <section>, in the look of the scorecards
# --------------------------------------------------------------------------------------------

_NUMERIC = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?(?:%|个百分点)?")
_STATUS_CODES = ("on_track", "behind", "far_behind")
_STATUS_CSS = {"on_track": "ok", "behind": "warning", "far_behind": "error"}


def _html_cell(text: str, statuses: dict[str, str], tag: str = "td") -> str:
    code = statuses.get(text)
    if code is not None:
        return f'<{tag} class="{_STATUS_CSS[code]}" data-status="{code}">{escape(text)}</{tag}>'
    css = ' class="num"' if _NUMERIC.fullmatch(text) else ""
    return f"<{tag}{css}>{escape(text)}</{tag}>"


def _render_html(title: str, blocks: list[_Block], lang: str, kind: str) -> str:
    statuses = {monitoring_label(code, lang): code for code in _STATUS_CODES}
    parts = [f'<section class="card {kind}"><h1>{escape(title)}</h1>']
    for block, body in blocks:
        if block == "h":
            assert isinstance(body, str)
            parts.append(f"<h2>{escape(body)}</h2>")
        elif block == "kv":
            assert isinstance(body, list)
            rows = "".join(
                f"<tr><th>{escape(k)}</th>{_html_cell(v, statuses)}</tr>" for k, v in body
            )
            parts.append(f'<table class="form"><tbody>{rows}</tbody></table>')
        elif block == "list":
            assert isinstance(body, list)
            parts.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in body) + "</ul>")
        else:
            assert isinstance(body, tuple)
            headers, table_rows = body
            head = "".join(f"<th>{escape(h)}</th>" for h in headers)
            rows = "".join(
                "<tr>" + "".join(_html_cell(c, statuses) for c in row) + "</tr>\n"
                for row in table_rows
            )
            parts.append(
                f'<table class="grid"><thead><tr>{head}</tr></thead><tbody>\n{rows}</tbody></table>'
            )
    parts.append("</section>")
    return "\n".join(parts)


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


def _status(status: object, lang: str) -> str:
    code = getattr(status, "value", None)
    if code in _STATUS_CODES:
        assert isinstance(code, str)
        return monitoring_label(code, lang)
    return monitoring_label("no_status", lang)


def _indicator_row(m: IndicatorMonitor, lang: str) -> list[str]:
    progress = m.progress
    if progress is None:
        reported = _BLANK
    elif progress.actual is not None:
        reported = progress.actual.text
    elif progress.share is not None:
        reported = f"{monitoring_label('done_share', lang)} {pct(progress.share)}"
    else:
        reported = _status(progress.status, lang)
    target = _BLANK if m.indicator.target is None else str(m.indicator.target)
    return [
        m.indicator.name,
        target,
        reported,
        _opt(m.done),
        _opt(m.expected),
        _BLANK if m.projected is None else m.projected.text,
        _status(m.status, lang),
    ]


def _policy_text(result: MonitoringResult, lang: str) -> str:
    def L(key: str) -> str:
        return monitoring_label(key, lang)

    pol = result.monitoring
    unit = L("percentage_points") if pol.measure == "points" else "%"
    curve = pol.curve.name or pol.curve.kind
    behind = f"{L('lag_behind')} ≥ {fmt(pol.behind)}{unit}"
    far = f"{L('lag_far_behind')} ≥ {fmt(pol.far_behind)}{unit}"
    if lang == "en":
        return f"{pol.name} ({curve}; {behind}, {far})"
    return f"{pol.name}（{curve}；{behind}，{far}）"


def _monitoring_blocks(result: MonitoringResult, lang: str = "zh") -> list[_Block]:
    def L(key: str) -> str:
        return monitoring_label(key, lang)

    ex = result.execution
    unit = L("percentage_points") if result.monitoring.measure == "points" else "%"
    sep = "：" if lang == "zh" else ": "
    period = f"{result.start.isoformat()} {L('period_to')} {result.end.isoformat()}"
    blocks: list[_Block] = [
        (
            "kv",
            [
                (L("as_of"), result.as_of.isoformat()),
                (L("period"), period),
                (L("elapsed"), pct(result.elapsed)),
                (L("policy"), _policy_text(result, lang)),
                (L("status"), _status(result.status, lang)),
            ],
        ),
        ("h", L("execution")),
        (
            "kv",
            [
                (L("budgeted"), _opt(ex.budgeted, "money")),
                (L("executed"), _opt(ex.executed, "money")),
                (L("share"), _opt(ex.share)),
                (L("expected"), pct(ex.expected)),
                (L("expected_amount"), _opt(ex.expected_amount, "money")),
                (L("shortfall"), _BLANK if ex.shortfall is None else points(ex.shortfall) + unit),
                (L("projected"), _opt(ex.projected, "money")),
                (L("projected_share"), _opt(ex.projected_share)),
                (L("status"), _status(ex.status, lang)),
            ],
        ),
    ]
    if ex.explanation:
        blocks.append(("list", [ex.explanation]))
    if result.indicators:
        keys = ("indicator", "target", "reported", "done", "expected", "projected_end", "status")
        headers = tuple(L(k) for k in keys)
        rows = [_indicator_row(m, lang) for m in result.indicators]
        blocks += [("h", L("indicators")), ("table", (headers, rows))]
        blocks.append(
            ("list", [f"{m.indicator.name}{sep}{m.explanation}" for m in result.indicators])
        )
    needed = result.needs_explanation
    if needed:
        missing = set(result.missing_explanation)
        open_, close = ("（", "）") if lang == "zh" else (" (", ")")
        items = [
            f"{p}{open_}{L('unexplained') if p in missing else L('explained')}{close}"
            for p in needed
        ]
        title = L("needs_explanation").format(reason=L("reason"), action=L("action"))
        blocks += [("h", title), ("list", items)]
    blocks.append(("h", L("forecast")))
    fc = result.forecast
    if fc is None or fc.total is None:
        blocks.append(("list", [L("no_forecast")]))
    else:
        if fc.grade is None:
            grade = _BLANK
        elif lang == "en":
            grade = f"{GRADE_LABELS_EN[fc.grade.value]}, {fc.grade.label}"
        else:
            grade = fc.grade.label
        total = f"{fc.total}（{grade}）" if lang == "zh" else f"{fc.total} ({grade})"
        rows_kv = [(L("forecast_total"), total), (L("forecast_how"), fc.explanation)]
        if result.unprojected:
            rows_kv.append((L("unprojected"), "、".join(result.unprojected)))
        blocks.append(("kv", rows_kv))
    notes = [str(d) for d in result.diagnostics]
    if result.unmatched:
        notes.insert(0, L("unmatched_progress") + sep + "、".join(result.unmatched))
    if notes:
        blocks += [("h", L("notes")), ("list", notes)]
    return blocks


def _monitoring_title(result: MonitoringResult, lang: str) -> str:
    sep = "：" if lang == "zh" else ": "
    return f"{monitoring_label('monitoring', lang)}{sep}{result.name}"


def monitoring_markdown(result: MonitoringResult, *, lang: str = "zh") -> str:
    """A monitoring result as Markdown (headings, key figures, an indicator table).

    Labels are Chinese by default, English with ``lang="en"``; explanations stay as computed.

    >>> from perfmodel.model import Budget, Project
    >>> from perfmodel.monitor import ProgressReport, monitor
    >>> doc = Project("p", year=2025, budget=Budget(total=Decimal(100)))
    >>> r = monitor(doc, ProgressReport("2025-06-30", executed=20))
    >>> md = monitoring_markdown(r)
    >>> md.splitlines()[0], "- **状态**：严重滞后" in md
    ('# 绩效运行监控：p', True)
    >>> "- **Status**: far behind" in monitoring_markdown(r, lang="en")
    True
    """
    title = _monitoring_title(result, lang)
    return _render_markdown(title, _monitoring_blocks(result, lang), lang)


def monitoring_text(result: MonitoringResult, *, lang: str = "zh") -> str:
    """A monitoring result as plain text, tables aligned for CJK display widths.

    >>> from perfmodel.model import Project
    >>> from perfmodel.monitor import ProgressReport, monitor
    >>> print(monitoring_text(monitor(Project("p", year=2025), ProgressReport("2025-06-30")))
    ...       .splitlines()[3])
    监控日    2025-06-30
    """
    return _render_text(_monitoring_title(result, lang), _monitoring_blocks(result, lang))


def monitoring_html(result: MonitoringResult, *, lang: str = "zh") -> str:
    """A monitoring result as an HTML ``<section>`` in the scorecards' look (no page around it).

    Status cells carry ``data-status`` (``on_track``, ``behind``, ``far_behind``) and the
    scorecards' classes (behind: ``warning``, far behind: ``error``).
    :func:`perfmodel.report.render` with ``format="html"`` puts it on a whole page;
    ``MonitoringResult._repr_html_`` shows it in a notebook.

    >>> from perfmodel.model import Budget, Project
    >>> from perfmodel.monitor import ProgressReport, monitor
    >>> doc = Project("p", year=2025, budget=Budget(total=Decimal(100)))
    >>> html = monitoring_html(monitor(doc, ProgressReport("2025-06-30", executed=20)))
    >>> html.splitlines()[0]
    '<section class="card monitoring"><h1>绩效运行监控：p</h1>'
    >>> '<td class="error" data-status="far_behind">严重滞后</td>' in html
    True
    """
    title = _monitoring_title(result, lang)
    return _render_html(title, _monitoring_blocks(result, lang), lang, "monitoring")


# --------------------------------------------------------------------------------------------
# Year over year
# --------------------------------------------------------------------------------------------


def _signed(value: Decimal | None) -> str:
    if value is None:
        return _BLANK
    text = fmt(value)
    return text if value <= 0 else f"+{text}"


def _comparison_blocks(cmp: YearComparison, lang: str = "zh") -> list[_Block]:
    from ..monitor import ChangeKind

    def L(key: str) -> str:
        return monitoring_label(key, lang)

    counts = [(L(kind.value), str(len(cmp.of_kind(kind)))) for kind in ChangeKind]
    blocks: list[_Block] = [("kv", counts)]
    if cmp.total_before is not None or cmp.total_after is not None:
        blocks += [
            ("h", L("scores")),
            (
                "kv",
                [
                    (
                        L("total_before"),
                        _BLANK if cmp.total_before is None else fmt(cmp.total_before),
                    ),
                    (L("total_after"), _BLANK if cmp.total_after is None else fmt(cmp.total_after)),
                    (L("change"), _signed(cmp.total_delta)),
                ],
            ),
        ]
    if cmp.changes:
        keys = ("indicator", "change", "target_before", "target_after", "delta", "demand")
        headers = (*(L(k) for k in keys), L("points_delta"))
        rows = []
        for c in cmp.changes:
            strict = {True: L("stricter"), False: L("looser"), None: _BLANK}[c.stricter]
            rows.append(
                [
                    c.key,
                    L(c.kind.value),
                    _BLANK if c.before is None or c.before.target is None else str(c.before.target),
                    _BLANK if c.after is None or c.after.target is None else str(c.after.target),
                    _signed(c.delta) + ((c.unit or "") if c.delta is not None else ""),
                    strict,
                    _signed(c.points_delta),
                ]
            )
        blocks += [("h", L("changes")), ("table", (headers, rows))]
        sep = "：" if lang == "zh" else ": "
        notes = [f"{c.key}{sep}{c.note}" for c in cmp.changes if c.note]
        if notes:
            blocks.append(("list", notes))
    if cmp.unmatched:
        blocks += [("h", L("unpaired")), ("list", list(cmp.unmatched))]
    if cmp.diagnostics:
        blocks += [("h", L("notes")), ("list", [str(d) for d in cmp.diagnostics])]
    return blocks


def _comparison_title(cmp: YearComparison, lang: str) -> str:
    before = f"{cmp.before_name} {cmp.before_year or ''}".strip()
    after = f"{cmp.after_name} {cmp.after_year or ''}".strip()
    sep = "：" if lang == "zh" else ": "
    return f"{monitoring_label('comparison', lang)}{sep}{before} → {after}"


def comparison_markdown(cmp: YearComparison, *, lang: str = "zh") -> str:
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
    >>> comparison_markdown(compare_years(a, b), lang="en").splitlines()[0]
    '# Year-over-year comparison: p 2024 → p 2025'
    """
    title = _comparison_title(cmp, lang)
    return _render_markdown(title, _comparison_blocks(cmp, lang), lang)


def comparison_text(cmp: YearComparison, *, lang: str = "zh") -> str:
    """A year-over-year comparison as plain text, aligned for CJK display widths.

    >>> from perfmodel.model import Project
    >>> from perfmodel.monitor import compare_years
    >>> print(comparison_text(compare_years(Project("p"), Project("p"))).splitlines()[0])
    年度对比：p → p
    """
    return _render_text(_comparison_title(cmp, lang), _comparison_blocks(cmp, lang))


def comparison_html(cmp: YearComparison, *, lang: str = "zh") -> str:
    """A year-over-year comparison as an HTML ``<section>`` in the scorecards' look.

    >>> from perfmodel.model import Project
    >>> from perfmodel.monitor import compare_years
    >>> html = comparison_html(compare_years(Project("p"), Project("p")), lang="en")
    >>> html.splitlines()[0]
    '<section class="card comparison"><h1>Year-over-year comparison: p → p</h1>'
    """
    title = _comparison_title(cmp, lang)
    return _render_html(title, _comparison_blocks(cmp, lang), lang, "comparison")
