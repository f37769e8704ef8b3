"""One reader per form kind: unit declaration, project forms; the self-evaluations in
:mod:`perfmodel.read.selfeval`.

A file often holds dozens of forms: :func:`split_forms` finds each form by its title, and
:func:`read_form` reads it into a :class:`~perfmodel.model.Unit` or
:class:`~perfmodel.model.Project`, with diagnostics for every guess (codes R1xx–R3xx).

>>> from perfmodel.read.source import rows_from_text
>>> text = "财政项目支出绩效目标申报表\\n(2023年度)\\n项目名称\\tX项目\\n"
>>> rows, _ = rows_from_text(text, "f.txt")
>>> [(kind.value, start) for kind, start, _ in split_forms(rows)]
[('project_declaration', 0)]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..errors import Diagnostic, Location, Severity
from ..model import Budget, FormKind, IndicatorTree, KeyTask, Project, Unit
from ..money import MoneyError, parse_money, split_amounts
from ..numbers import OUT_OF_RANGE, problem, year_problem
from ..vocab import (
    DEFAULT_TAXONOMY,
    FORM_TITLES,
    TABLE_CAPTIONS,
    TABLE_END_LABELS,
    Taxonomy,
    normalize_label,
)
from .source import Row
from .table import is_header_row, read_indicator_table

__all__ = ["read_form", "split_forms"]

_TITLES = sorted(FORM_TITLES, key=len, reverse=True)
_YEAR = re.compile(r"[（(]\s*(\d{4})\s*年度?\s*[)）]")
_PERIOD = re.compile(r"[（(]\s*(\d{4})\s*年?\s*[-—~～至]\s*(\d{4})\s*年?\s*[)）]")
_HTML = re.compile(r"</?p>|<br\s*/?>")
# An option name starts where a run of name characters starts (the lookbehind) and is taken whole
# (possessive): each character is looked at once, however long the cell.
_CHECK_OPTION = re.compile(r"(?<![^\s□口√☑✓☐<>])([^\s□口√☑✓☐<>]++)\s*(□|口|☐|√|☑|✓|<input[^<>]*>)")
_DATE_DOTS = re.compile(r"^(\d{4})\s*[.．/-]\s*(\d{1,2})\s*[.．/-]\s*(\d{1,2})$")


def _title_kind(row: Row) -> FormKind | None:
    for cell in row.values[:1]:
        norm = normalize_label(cell).replace("（", "(").replace("）", ")")
        for title in _TITLES:
            if title in norm and len(norm) <= len(title) + 12:
                return FormKind(FORM_TITLES[title])
    return None


def split_forms(rows: Sequence[Row]) -> list[tuple[FormKind, int, Sequence[Row]]]:
    """Find the forms in a file: ``(kind, index of the title row, rows of the form)``.

    The rows of a form run from its title to the next title (a unit self-evaluation report also
    owns the line above its title, where the unit name is printed).

    >>> split_forms([Row(1, ("no form here",))])
    []
    """
    starts = [(i, kind) for i, row in enumerate(rows) if (kind := _title_kind(row)) is not None]
    out = []
    for n, (index, kind) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(rows)
        begin = index
        if kind is FormKind.UNIT_SELF_EVALUATION:
            # Own the unit name printed above the title, but none of the previous form's rows
            # (its indicator table would otherwise be read as this report's).
            floor = starts[n - 1][0] + 1 if n else 0
            above = [j for j in range(floor, index) if not rows[j].is_blank]
            begin = above[-1] if above else index
        out.append((kind, index - begin, rows[begin:end]))
    return out


class _FormReader:
    """Shared helpers of the form readers: diagnostics, labelled fields, years, dates."""

    def __init__(self, rows: Sequence[Row], title: int, file: str | None, taxonomy: Taxonomy):
        self.rows = rows
        self.title = title
        self.file = file
        self.taxonomy = taxonomy
        self.name: str | None = None
        self.diags: list[Diagnostic] = []

    def diag(
        self, severity: Severity, code: str, message: str, line: int | None, field: str
    ) -> None:
        where = Location(file=self.file, line=line, form=self.name, field=field)
        self.diags.append(Diagnostic(severity, code, message, where))

    def next_filled(self, index: int) -> Row | None:
        """The first non-blank row after ``self.rows[index]`` (no slice copy: called per row)."""
        return next(
            (self.rows[j] for j in range(index + 1, len(self.rows)) if not self.rows[j].is_blank),
            None,
        )

    @property
    def title_line(self) -> int:
        return self.rows[self.title].line

    def year(self) -> int | None:
        for row in self.rows[self.title : self.title + 4]:
            match = _YEAR.search(row.text)
            if match:
                year = int(match.group(1))
                reason = year_problem(year)
                if reason is None:
                    return year
                message = f"year {match.group(0)} not read: {reason}"
                self.diag(Severity.WARNING, "R115", message, row.line, "year")
                return None
        self.diag(
            Severity.WARNING, "R102", "no (YYYY年度) line after the title", self.title_line, "year"
        )
        return None

    def goal_period(self, text: str, line: int) -> tuple[int, int] | None:
        """The goal period (实施期, "(2023年-2025年)") written in ``text``, or ``None``: none, out
        of range (R115), or ending before it starts (R110)."""
        match = _PERIOD.search(text)
        if match is None:
            return None
        first, last = int(match.group(1)), int(match.group(2))
        code, reason = "R115", year_problem(first) or year_problem(last)
        if reason is None:
            if first <= last:
                return first, last
            code, reason = "R110", "it ends before it starts"
        message = f"goal period {match.group(0)} not read: {reason}"
        self.diag(Severity.WARNING, code, message, line, "goal_period")
        return None

    def field(self, *labels: str) -> tuple[str | None, int | None]:
        """The cell after the first cell whose normalised text is one of ``labels``."""
        wanted = {normalize_label(lab) for lab in labels}
        for row in self.rows:
            cells = row.values
            for i, cell in enumerate(cells):
                if normalize_label(cell) in wanted:
                    value = cells[i + 1] if i + 1 < len(cells) else None
                    if value is not None and normalize_label(value) in _FIELD_LABELS:
                        value = None
                    return value, row.line
        return None, None

    def date(self, text: str | None, line: int | None, field: str) -> dt.date | None:
        if text is None:
            return None
        compact = re.sub(r"\s+", "", text)
        if compact != text:
            self.diag(Severity.INFO, "R216", f"date {text!r} read as {compact!r}", line, field)
        match = _DATE_DOTS.match(compact)
        try:
            if match:
                return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            cleaned = compact.replace("年", "-").replace("月", "-").replace("日", "")
            from dateutil import parser as date_parser  # lazily: it costs ~10 ms to import

            return date_parser.isoparse(cleaned).date()
        except (ValueError, OverflowError):
            self.diag(Severity.WARNING, "R103", f"{field}: {text!r} is not a date", line, field)
            return None

    def figure(
        self, value: Decimal | None, text: str, line: int | None, field: str
    ) -> Decimal | None:
        """``value`` when it is an admissible figure (:mod:`perfmodel.numbers`); else an
        ``R104`` warning naming ``text`` and a blank — a rate or total out of range never
        aborts the file."""
        reason = None if value is None else problem(value)
        if reason is None:
            return value
        message = f"{field}: {text!r} is {OUT_OF_RANGE}: {reason}"
        self.diag(Severity.WARNING, "R104", message, line, field)
        return None

    def money(self, text: str | None, unit: str, line: int, field: str) -> Decimal | None:
        if text is None:
            return None
        if re.search(r"\d\s+\d", text):
            self.diag(
                Severity.INFO, "R217", f"amount {text!r} read without its spaces", line, field
            )
        try:
            amount = parse_money(text, unit=unit)
        except MoneyError as exc:
            said = f"is {exc}" if exc.out_of_range else "is not an amount"
            self.diag(Severity.WARNING, "R104", f"{field}: {text!r} {said}", line, field)
            return None
        if amount is not None and amount < 0:
            self.diag(
                Severity.WARNING, "R109", f"{field}: {text!r} is negative; not read", line, field
            )
            return None
        return amount

    def table(self) -> tuple[IndicatorTree, list[Diagnostic]]:
        header_index = next((i for i, r in enumerate(self.rows) if is_header_row(r)), None)
        if header_index is None:
            self.diag(
                Severity.ERROR,
                "R101",
                "form has no indicator table (truncated form?)",
                self.title_line,
                "indicators",
            )
            return IndicatorTree(), []
        body: list[Row] = []
        for row in self.rows[header_index + 1 :]:
            if row.is_blank:
                continue
            if not row.has_tabs or normalize_label(row.values[0]) in TABLE_END_LABELS:
                break
            body.append(row)
        result = read_indicator_table(
            self.rows[header_index], body, taxonomy=self.taxonomy, file=self.file, form=self.name
        )
        if not result.indicators:
            self.diag(
                Severity.ERROR,
                "R105",
                "indicator table has no indicators",
                self.rows[header_index].line,
                "indicators",
            )
        tree = IndicatorTree(result.indicators, level1_weights=result.level1_weights)
        return tree, list(result.diagnostics)


_FIELD_LABELS = {
    normalize_label(x)
    for x in (
        "项目名称",
        "项目性质",
        "项目类别",
        "主管部门",
        "实施单位",
        "计划开始日期",
        "计划完成日期",
        "单位名称",
        "财政资金拨款方式",
        "财政拨款方式",
        "单位职责",
        "年度履职目标",
    )
}


def _strip_html(text: str) -> str:
    return " ".join(part.strip() for part in _HTML.split(text) if part.strip())


# ---------------------------------------------------------------------------------------------
# Unit declaration (单位整体支出绩效目标申报表)
# ---------------------------------------------------------------------------------------------

_UNIT_BUDGET = (
    ("预算总额", "total"),
    ("财政拨款", "fiscal"),
    ("其他资金", "other"),
    ("基本支出", "basic"),
    ("项目支出", "project"),
)


def _read_unit_declaration(r: _FormReader) -> Unit:
    name, name_line = r.field("单位名称")
    r.name = name
    if name is None:
        r.diag(Severity.ERROR, "R106", "no 单位名称 (unit name)", r.title_line, "name")
    year = r.year()
    funding, _ = r.field("财政资金拨款方式", "财政拨款方式")
    duties, _ = r.field("单位职责")
    goals, _ = r.field("年度履职目标")
    tasks = _key_tasks(r)
    amounts: dict[str, Decimal | None] = {}
    budget_line: int | None = None
    headcount = departments = None
    in_budget = False
    for i, row in enumerate(r.rows):
        label = normalize_label(row.values[0]) if row.values else ""
        in_budget = in_budget or label == "预算情况"
        for key, field in _UNIT_BUDGET:
            if in_budget and key in label and field not in amounts and len(row.values) > 1:
                amounts[field] = r.money(row.values[1], "元", row.line, f"budget.{field}")
                budget_line = budget_line or row.line
        if "年末在职人数" in label:
            following = r.next_filled(i)
            if following is not None:
                numbers = [int(v) for v in following.values if _COUNT.fullmatch(v)]
                headcount = numbers[0] if numbers else None
                departments = numbers[1] if len(numbers) > 1 else None
    tree, table_diags = r.table()
    r.diags.extend(table_diags)
    return Unit(
        name or "(未命名单位)",
        year=year,
        funding_method=funding,
        duties=duties,
        annual_goals=goals,
        key_tasks=tasks,
        budget=Budget(**amounts, line=budget_line),
        headcount=headcount,
        departments=departments,
        indicators=tree,
        form=FormKind.UNIT_DECLARATION,
        source=Location(file=r.file, line=name_line or r.title_line, form=name),
    )


_COUNT = re.compile(r"\d{1,9}")
_NUMBERED = re.compile(r"(?:^|\s)(\d+)[.、．]\s*")


def _key_tasks(r: _FormReader) -> tuple[KeyTask, ...]:
    start = next((i for i, row in enumerate(r.rows) if row.values[:1] == ("任务名称",)), None)
    if start is None:
        return ()
    tasks: list[KeyTask] = []
    for row in r.rows[start + 1 :]:
        values = row.values
        if not values:
            continue
        if normalize_label(values[0]) in ("预算情况", "内容"):
            break
        name, content = values[0], " ".join(values[1:])
        names, contents = _NUMBERED.split(name)[1:], _NUMBERED.split(content)[1:]
        if len(names) >= 4 and len(names) == len(contents):
            r.diag(
                Severity.INFO,
                "R218",
                "numbered key tasks in one row split into tasks",
                row.line,
                "key_tasks",
            )
            for (_, task), (_, body) in zip(_pairs(names), _pairs(contents), strict=True):
                task, body = task.strip(), body.strip()
                body = body[len(task) :].strip() if body.startswith(task) else body
                tasks.append(KeyTask(task, body))
            continue
        tasks.append(KeyTask(name, content))
    return tuple(tasks)


def _pairs(items: list[str]) -> list[tuple[str, str]]:
    return [(items[i], items[i + 1]) for i in range(0, len(items) - 1, 2)]


# ---------------------------------------------------------------------------------------------
# Project forms (财政项目支出绩效目标申报表 / 财政项目支出绩效目标表)
# ---------------------------------------------------------------------------------------------

_PROJECT_MONEY = {
    "项目资金总额": "total",
    "财政资金": "fiscal",
    "年度资金申请总额": "annual_total",
    "当年财政拨款": "annual_fiscal",
    "上年结转资金": "carryover",
}
_RIGHT = {"annual_total", "annual_fiscal", "carryover"}


def _money_label(token: str) -> str | None:
    norm = normalize_label(token).replace("其中", "").lstrip(":：")
    if norm == "其他资金":
        return "其他资金"
    return _PROJECT_MONEY.get(norm)


def _project_budget(r: _FormReader) -> Budget:
    """Read the 项目资金 block: left column 总额/财政资金/其他资金, right column the annual request.

    A cell may squeeze several labels ("项目资金总额 其中: 财政资金 其他资金") and the next cell
    several amounts ("26.62 26.62"): they pair up in order; labels left without an amount are
    blank. The first 其他资金 of a row is the left column's unless a right-column label or
    another 其他资金 came before it.
    """
    unit = "元"
    amounts: dict[str, Decimal | None] = {}
    first_line: int | None = None
    for row in r.rows:
        if any("项目总目标" in c for c in row.values) or is_header_row(row):
            break
        for cell in row.values:
            if "项目资金" in cell and "万元" in cell:
                unit = "万元"
        cells = [c for c in row.values if normalize_label(c) not in TABLE_CAPTIONS]
        seen: list[str] = []
        i = 0
        while i < len(cells):
            tokens = re.sub(r"其中\s*[:：]\s*", "", cells[i]).split()
            labels = [_money_label(t) for t in tokens]
            if not tokens or any(lab is None for lab in labels):
                i += 1
                continue
            values: list[str] = []
            if i + 1 < len(cells) and all(_is_amount(v) for v in split_amounts(cells[i + 1])):
                values = split_amounts(cells[i + 1])
                i += 1
            if len(labels) > 1:
                r.diag(
                    Severity.INFO,
                    "R218",
                    f"{len(labels)} budget labels in one cell paired "
                    f"with {len(values)} amounts in order",
                    row.line,
                    "budget",
                )
            for n, lab in enumerate(labels):
                assert lab is not None
                field = lab
                if lab == "其他资金":
                    left = not any(f == "other" or f in _RIGHT for f in seen)
                    field = "other" if left else "annual_other"
                seen.append(field)
                value = values[n] if n < len(values) else None
                if amounts.get(field) is None:
                    amounts[field] = r.money(value, unit, row.line, f"budget.{field}")
                    first_line = first_line or row.line
            i += 1
    return Budget(**amounts, line=first_line)


def _is_amount(text: str) -> bool:
    try:
        return parse_money(text) is not None
    except MoneyError as exc:
        return exc.out_of_range  # written as an amount: read (and reported) as one


def _categories(text: str | None) -> tuple[str, ...]:
    if text is None:
        return ()
    options = _CHECK_OPTION.findall(text)
    if not options:
        return tuple(text.split())
    return tuple(name for name, mark in options if mark in ("√", "☑", "✓") or "checked" in mark)


def _goals(r: _FormReader) -> tuple[str | None, str | None, tuple[int, int] | None]:
    for i, row in enumerate(r.rows):
        if not any("项目总目标" in c for c in row.values):
            continue
        period = r.goal_period(row.text, row.line)
        texts: list[str] = []
        for following in r.rows[i + 1 :]:
            if following.is_blank:
                continue
            texts = [c for c in following.values if normalize_label(c) not in TABLE_CAPTIONS]
            break
        if any("<p>" in t for t in texts):
            r.diag(
                Severity.INFO, "R219", "HTML paragraph tags removed from goals", row.line, "goals"
            )
        cleaned = [_strip_html(t) for t in texts]
        overall = cleaned[0] if cleaned else None
        annual = cleaned[1] if len(cleaned) > 1 else None
        return overall, annual, period
    return None, None, None


class _ProjectHeader:
    """The header fields a project form (declaration or self-evaluation) starts with, as read."""

    def __init__(self, r: _FormReader) -> None:
        self.name, self.name_line = r.field("项目名称")
        r.name = self.name
        if self.name is None:
            r.diag(Severity.ERROR, "R106", "no 项目名称 (project name)", r.title_line, "name")
        self.year = r.year()
        self.nature, _ = r.field("项目性质")
        self.category_text, _ = r.field("项目类别")
        self.department, _ = r.field("主管部门")
        self.implementer, _ = r.field("实施单位")
        self.start = r.field("计划开始日期")
        self.end = r.field("计划完成日期")

    def project(self, r: _FormReader, **fields: Any) -> Project:
        """The project with these header fields and ``fields`` (its dates are read here, after
        the rest of the form, so their diagnostics come in reading order)."""
        return Project(
            self.name or "(未命名项目)",
            year=self.year,
            nature=self.nature,
            categories=_categories(self.category_text),
            department=self.department,
            implementer=self.implementer,
            start=r.date(*self.start, "start"),
            end=r.date(*self.end, "end"),
            source=Location(file=r.file, line=self.name_line or r.title_line, form=self.name),
            **fields,
        )


def _read_project(r: _FormReader, kind: FormKind) -> Project:
    header = _ProjectHeader(r)
    overall, annual, period = _goals(r)
    budget = _project_budget(r)
    tree, table_diags = r.table()
    r.diags.extend(table_diags)
    return header.project(
        r,
        overall_goal=overall,
        goal_period=period,
        annual_goal=annual,
        budget=budget,
        indicators=tree,
        form=kind,
    )


def read_form(
    kind: FormKind,
    rows: Sequence[Row],
    title: int,
    *,
    file: str | None = None,
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
) -> tuple[Unit | Project, list[Diagnostic]]:
    """Read one form's rows (``title`` is the index of its title row) into a document.

    >>> from perfmodel.read.source import rows_from_text
    >>> text = "财政项目支出绩效目标表\\n(2025年度)\\n项目名称\\t托底处置经费\\n"
    >>> rows, _ = rows_from_text(text, "f")
    >>> doc, diags = read_form(FormKind.PROJECT_TARGET_TABLE, rows, 0, file="f")
    >>> doc.name, doc.year, [d.code for d in diags]
    ('托底处置经费', 2025, ['R101'])
    """
    reader = _FormReader(rows, title, file, taxonomy)
    doc: Any
    if kind is FormKind.UNIT_DECLARATION:
        doc = _read_unit_declaration(reader)
    elif kind.is_self_evaluation:
        from . import selfeval  # the self-evaluation readers build on _FormReader

        if kind is FormKind.UNIT_SELF_EVALUATION:
            doc = selfeval.read_unit_self_evaluation(reader)
        else:
            doc = selfeval.read_project_self_evaluation(reader)
    else:
        doc = _read_project(reader, kind)
    return doc, reader.diags
