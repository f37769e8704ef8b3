"""Readers of the self-evaluation forms (绩效自评): the unit report and the project table.

The 部门(单位)整体支出预算绩效自评报告 states its budget execution in prose; the
项目支出绩效自评表 (财预〔2020〕10号) in its 项目资金 block — 年初预算数, 全年预算数, 全年执行数,
分值, 执行率, 得分 — followed by 年度总体目标 (预期目标 / 实际完成情况), the indicator table with
实际完成值, 分值, 得分 and 偏差原因分析及改进措施, and 总分.

>>> from perfmodel.read import read_forms
>>> text = ("项目支出绩效自评表\\n(2024年度)\\n项目名称\\t示例项目\\n"
...         "项目资金（元）\\t\\t年初预算数\\t全年预算数\\t全年执行数\\t分值\\t执行率\\t得分\\n"
...         "\\t年度资金总额\\t100\\t90\\t81\\t\\t90.00%\\n"
...         "绩效指标\\t一级指标\\t二级指标\\t三级指标\\t年度指标值\\t实际完成值\\t分值\\t得分\\n"
...         "\\t产出指标\\t数量指标\\t改造数量\\t≥10个\\t9个\\t50\\t45\\n"
...         "总分\\t\\t\\t\\t\\t\\t\\t93\\n")
>>> doc = read_forms(text).documents[0]
>>> doc.form.value, doc.budget.adjusted, doc.budget.stated_rate, doc.stated_total
('project_self_evaluation', Decimal('90'), Decimal('0.9000'), Decimal('93'))
>>> [(i.name, str(i.actual), i.points) for i in doc.indicators]
[('改造数量', '9个', Decimal('45'))]
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..errors import Location, Severity
from ..model import Budget, FormKind, Project, Unit
from ..numbers import plain_decimal
from ..vocab import (
    SELF_EVALUATION_LABELS,
    SELF_EVALUATION_SPLIT_LABELS,
    TABLE_END_LABELS,
    normalize_label,
)
from .forms import _FormReader, _project_budget, _ProjectHeader
from .source import Row
from .table import is_header_row

__all__ = ["read_project_self_evaluation", "read_unit_self_evaluation"]


def _stated_total(r: _FormReader) -> Decimal | None:
    """The 总分 stated under the indicator table: the cell under the table's 得分 column, or the
    row's last cell when the table has no 得分 column."""
    start = next((i for i, row in enumerate(r.rows) if is_header_row(row)), None)
    if start is None:
        return None
    end = next((row for row in r.rows[start:] if row.values[:1] and _is_total(row)), None)
    if end is None or len(end.values) < 2:
        return None
    labels = [normalize_label(c) for c in r.rows[start].cells]
    points = SELF_EVALUATION_LABELS["points"]
    if points in labels:
        column = labels.index(points)
        text = end.cells[column] if column < len(end.cells) else ""
    else:
        text = end.values[-1]
    if not text:
        return None
    value = plain_decimal(text)
    if value is None or value < 0:
        r.diag(Severity.WARNING, "R111", f"总分 {text!r} is not a score", end.line, "stated_total")
        return None
    return r.figure(value, text, end.line, "stated_total")


def _is_total(row: Row) -> bool:
    return normalize_label(row.values[0]) in TABLE_END_LABELS


# ---------------------------------------------------------------------------------------------
# Unit self-evaluation report (部门(单位)整体支出预算绩效自评报告)
# ---------------------------------------------------------------------------------------------

_AMOUNT = r"([\d,]+(?:\.\d+)?)\s*万元"
_RATE = r"(\d+(?:\.\d+)?)\s*%"
_PROSE: tuple[tuple[str, str], ...] = (
    ("initial", r"年初预算(?:金额|数)?为?\s*" + _AMOUNT),
    ("adjusted", r"调整后预算(?:金额|数)?为?\s*" + _AMOUNT),
    ("executed", r"预算执行(?:金额|数)为?\s*" + _AMOUNT),
    ("stated_rate", r"(?:整体)?预算执行率为?\s*" + _RATE),
)
# The number follows its label closely; bounded gaps keep the search linear on long lines.
_HEADCOUNT = re.compile(r"人员情况[：:].{0,60}?(?<!\d)(\d{1,9})\s*人")
_DEPARTMENTS = re.compile(r"机构情况[：:]\s*(\d{1,9})\s*个")
_ADJUST = re.compile(r"(调减|调增)(?:资金|预算)?\s*" + _AMOUNT)
_SPLIT = {
    "basic": re.compile(
        r"基本支出(?:年度)?预算(?:金额)?\s*"
        + _AMOUNT
        + r"[，,]\s*(?:预算)?执行金额\s*"
        + _AMOUNT
        + r"[，,]\s*(?:预算)?执行率\s*"
        + _RATE
    ),
    "project": re.compile(
        r"项目支出(?:年度)?预算(?:金额)?\s*"
        + _AMOUNT
        + r"[，,]\s*(?:预算)?执行金额\s*"
        + _AMOUNT
        + r"[，,]\s*(?:预算)?执行率\s*"
        + _RATE
    ),
}


def read_unit_self_evaluation(r: _FormReader) -> Unit:
    """Read a 部门(单位)整体支出预算绩效自评报告: the unit name above the title, counts and the
    budget-execution paragraph from prose, the indicator table and a stated 总分.

    >>> from perfmodel.read import read_forms
    >>> doc = read_forms("某中心\\n部门(单位)整体支出预算绩效自评报告\\n(2023年度)\\n").documents[0]
    >>> doc.name, doc.year, doc.form.value
    ('某中心', 2023, 'unit_self_evaluation')
    """
    before = [row for row in r.rows[: r.title] if not row.is_blank]
    r.name = before[-1].text if before else None
    if r.name is None:
        r.diag(Severity.ERROR, "R106", "no unit name above the report title", r.title_line, "name")
    year = r.year()
    budget: dict[str, Decimal | None] = {}
    budget_line: int | None = None
    headcount = departments = None
    duties = None
    for i, row in enumerate(r.rows):
        text = row.text
        if headcount is None and (m := _HEADCOUNT.search(text)):
            headcount = int(m.group(1))
        if departments is None and (m := _DEPARTMENTS.search(text)):
            departments = int(m.group(1))
        if duties is None and re.search(r"部门职责\s*$", text):
            following = r.next_filled(i)
            duties = None if following is None else following.text
        if "预算执行率" in text and "万元" in text:
            _prose_budget(r, text, row.line, budget)
            budget_line = budget_line or row.line
    if not budget:
        r.diag(
            Severity.WARNING,
            "R107",
            "no budget execution paragraph (年初预算 … 执行率) found",
            r.title_line,
            "budget",
        )
    tree, table_diags = r.table()
    r.diags.extend(table_diags)
    return Unit(
        r.name or "(未命名单位)",
        year=year,
        duties=duties,
        budget=Budget(**budget, line=budget_line if budget else None),
        headcount=headcount,
        departments=departments,
        indicators=tree,
        form=FormKind.UNIT_SELF_EVALUATION,
        stated_total=_stated_total(r),
        source=Location(file=r.file, line=r.title_line, form=r.name),
    )


def _prose_budget(r: _FormReader, text: str, line: int, out: dict[str, Decimal | None]) -> None:
    def wan(value: str, field: str) -> Decimal | None:
        return r.money(value, "万元", line, f"budget.{field}")

    for field, prose in _PROSE:
        if field in out:
            continue
        m = re.search(prose, text)
        if m:
            out[field] = (
                r.figure(Decimal(m.group(1)) / 100, m.group(0), line, f"budget.{field}")
                if field == "stated_rate"
                else wan(m.group(1), field)
            )
    if "adjustment" not in out and (m := _ADJUST.search(text)):
        amount = wan(m.group(2), "adjustment")
        if amount is not None:
            out["adjustment"] = -amount if m.group(1) == "调减" else amount
    for part, pattern in _SPLIT.items():
        if (m := pattern.search(text)) is not None:
            out[part] = wan(m.group(1), part)
            out[f"{part}_executed"] = wan(m.group(2), f"{part}_executed")
            rate = Decimal(m.group(3)) / 100
            out[f"{part}_stated_rate"] = r.figure(
                rate, m.group(3), line, f"budget.{part}_stated_rate"
            )
    r.diag(Severity.INFO, "R108", "budget execution figures read from prose", line, "budget")


# ---------------------------------------------------------------------------------------------
# Project self-evaluation (项目支出绩效自评表)
# ---------------------------------------------------------------------------------------------

_FUND_FIELDS = ("initial", "adjusted", "executed")


def _cell(row: Row, column: int | None) -> str | None:
    if column is None or column >= len(row.cells):
        return None
    return row.cells[column] or None


def _rate(r: _FormReader, text: str | None, line: int) -> Decimal | None:
    if text is None:
        return None
    compact = re.sub(r"\s+", "", text).rstrip("%％")
    value = plain_decimal(compact)
    if value is None or value < 0:
        message = f"budget.stated_rate: {text!r} is not a rate"
        r.diag(Severity.WARNING, "R104", message, line, "budget.stated_rate")
        return None
    return r.figure(value.scaleb(-2), text, line, "budget.stated_rate")


def _funds_header(r: _FormReader) -> int | None:
    words = SELF_EVALUATION_LABELS
    for i, row in enumerate(r.rows):
        labels = {normalize_label(c) for c in row.cells}
        if words["initial"] in labels and words["executed"] in labels:
            return i
    return None


def _funds(r: _FormReader) -> Budget:
    """The 项目资金 block: the 年度资金总额 row under 年初预算数 / 全年预算数 / 全年执行数 / 执行率,
    and the declaration's 项目资金 rows (总额, 财政资金 …) when they are printed above it.

    Amounts are in 元 unless the block's caption says 万元. The 当年财政拨款 / 上年结转资金 /
    其他资金 rows of the execution block have no field in the model: amounts there are reported
    (R113), not kept.
    """
    words = SELF_EVALUATION_LABELS
    i = _funds_header(r)
    if i is None:
        message = "no 项目资金 block (年初预算数 … 全年执行数) found"
        r.diag(Severity.WARNING, "R112", message, r.title_line, "budget")
        return Budget()
    above = _FormReader(r.rows[:i], r.title, r.file, r.taxonomy)
    above.name = r.name
    declared = _project_budget(above)
    r.diags.extend(above.diags)
    labels = [normalize_label(c) for c in r.rows[i].cells]
    unit = "万元" if any("万元" in c for c in r.rows[i].cells) else "元"
    columns = {k: labels.index(words[k]) for k in (*_FUND_FIELDS, "rate") if words[k] in labels}
    amounts: dict[str, Decimal | None] = {}
    line: int | None = None
    for following in r.rows[i + 1 :]:
        norms = {normalize_label(c) for c in following.values}
        if is_header_row(following) or norms & {words["goal"], words["expected"]}:
            break
        text = following.text
        if words["annual_funds"] in text and line is None:
            line = following.line
            for field in _FUND_FIELDS:
                value = _cell(following, columns.get(field))
                amounts[field] = r.money(value, unit, line, f"budget.{field}")
            amounts["stated_rate"] = _rate(r, _cell(following, columns.get("rate")), line)
            continue
        split = next((s for s in SELF_EVALUATION_SPLIT_LABELS if s in text), None)
        figures = [_cell(following, columns.get(f)) for f in _FUND_FIELDS]
        if split is not None and any(figures):
            message = f"amounts of {split} are not kept (the model has no field for them)"
            r.diag(Severity.INFO, "R113", message, following.line, "budget")
    return Budget(**declared.amounts(), **amounts, line=declared.line or line)


def _goal_outcome(r: _FormReader) -> tuple[str | None, str | None]:
    """年度总体目标: the row under the 预期目标 / 实际完成情况 headers (by column, else in
    order)."""
    words = SELF_EVALUATION_LABELS
    for i, row in enumerate(r.rows):
        labels = [normalize_label(c) for c in row.cells]
        if words["expected"] not in labels:
            continue
        following = r.next_filled(i)
        if following is None or is_header_row(following):
            return None, None
        expected = labels.index(words["expected"])
        achieved = labels.index(words["achieved"]) if words["achieved"] in labels else None
        goal, outcome = _cell(following, expected), _cell(following, achieved)
        if goal is None and outcome is None:
            values = following.values
            goal, outcome = values[0], values[1] if len(values) > 1 else None
        return goal, outcome
    return None, None


def _overall_goal(r: _FormReader) -> tuple[str | None, tuple[int, int] | None]:
    """项目总目标 (with its period), when a self-evaluation prints it (perfmodel writes it for a
    project that has one; the official form has none)."""
    for row in r.rows:
        values = row.values
        if not values or not normalize_label(values[0]).startswith("项目总目标"):
            continue
        period = r.goal_period(values[0], row.line)
        return (values[1] if len(values) > 1 else None), period
    return None, None


def read_project_self_evaluation(r: _FormReader) -> Project:
    """Read a 项目支出绩效自评表 (the reader's rows hold one form, from its title).

    >>> from perfmodel.read import read_forms
    >>> result = read_forms("项目支出绩效自评表\\n项目名称\\tp\\n")
    >>> result.documents[0].form.value, [d.code for d in result.diagnostics]
    ('project_self_evaluation', ['R102', 'R112', 'R101'])
    """
    header = _ProjectHeader(r)
    budget = _funds(r)
    overall, period = _overall_goal(r)
    goal, outcome = _goal_outcome(r)
    tree, table_diags = r.table()
    r.diags.extend(table_diags)
    return header.project(
        r,
        overall_goal=overall,
        goal_period=period,
        annual_goal=goal,
        annual_outcome=outcome,
        budget=budget,
        indicators=tree,
        form=FormKind.PROJECT_SELF_EVALUATION,
        stated_total=_stated_total(r),
    )
