"""Documents laid out as the published forms: rows of cell texts, and tab-separated form text.

:func:`form_rows` lays a document out the way its form prints it — title, (YYYY年度), the
labelled fields, the budget block, goals, and the indicator table with the official headers —
such that :func:`~perfmodel.read.read_forms` reads the same document back (up to where it was
read from: :func:`without_locations`). :func:`to_text` joins forms as tab-separated text (the
format of the seed files) and :func:`perfmodel.serialize.xlsx.write_xlsx` puts one form per sheet.

Budget figures a form has no place for (a project declaration's 全年执行数, a unit report's
预算总额) are written on 预算补充 rows of their own (:mod:`perfmodel.read.supplement`), so they
read back too. A few things still do not survive (a text cell cannot hold a tab; cell texts are
read back stripped): :func:`lost_fields` writes a document, reads it back and lists every
difference.

The indicator table gets the columns the document uses: 权重 when the tree has level-1
weights, 指标性质/方向/计量单位/指标解释/评(扣)分标准 when an indicator has them,
全年完成值/分值 when an indicator has an actual or a 分值, and 得分/偏差原因分析及改进措施 when
one has points or a reason (the 项目支出绩效自评表 always prints 实际完成值, 分值, 得分 and
偏差原因分析及改进措施). Labels are repeated on every row (no merged cells), so a row never
depends on the one above it.

>>> from perfmodel import Indicator, Project, parse_target, read_forms
>>> p = Project("托底处置经费", year=2025, indicators=[
...     Indicator("案件完成数", "产出指标", "数量指标", parse_target("≥100件"))])
>>> print(to_text([p]))
财政项目支出绩效目标申报表
(2025年度)
项目名称	托底处置经费	项目性质		项目类别
...
绩效指标	一级指标	二级指标	三级指标	指标值
        产出指标	数量指标	案件完成数	≥100件
<BLANKLINE>
>>> [without_locations(d) for d in read_forms(to_text([p])).documents] == [p]
True
>>> lost_fields(p)
[]
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import SerializationError
from ..model import Budget, FormKind, Indicator, IndicatorTree, Project, Unit
from ..read.supplement import supplement_rows
from ..vocab import (
    DEFAULT_TAXONOMY,
    SCORE_COLUMNS,
    SCORE_SECTION_LABELS,
    SELF_EVALUATION_LABELS,
    STATUS_LABELS,
    Taxonomy,
)
from ._cells import TEXT_REFUSED, XLSX_REFUSED, check_cells

if TYPE_CHECKING:
    from ..scoring.evaluate import Evaluation

__all__ = [
    "budget_prose",
    "evaluation_rows",
    "form_rows",
    "indicator_table",
    "lost_fields",
    "to_text",
    "without_locations",
    "write_text",
]

Rows = list[list[str]]


def _amount(value: Decimal | None) -> str:
    """An amount as plain digits (never exponent notation), ``""`` for blank."""
    return "" if value is None else format(value, "f")


_CENT = Decimal("0.01")


def _wan(value: Decimal) -> str:
    """Yuan as 万元 text, exact, with no more decimals than needed beyond two."""
    wan = value.scaleb(-4)
    if wan == wan.quantize(_CENT):
        wan = wan.quantize(_CENT)
    return format(wan, "f")


def _percent(value: Decimal) -> str:
    return format(value.scaleb(2), "f")


def _text(value: str | None) -> str:
    return value or ""


# ---------------------------------------------------------------------------------------------
# The indicator table
# ---------------------------------------------------------------------------------------------


def _columns(tree: IndicatorTree, self_evaluation: bool, official: bool = False) -> list[str]:
    items = list(tree)
    weighted = bool(tree.level1_weights)
    scored = self_evaluation or any(i.actual is not None or i.max_points is not None for i in items)
    columns = ["一级指标"]
    if weighted:
        columns.append("权重")
    columns += ["二级指标", "三级指标"]
    if any(i.nature for i in items):
        columns.append("指标性质")
    if any(i.comparator_text for i in items):
        columns.append("方向")
    columns.append("年度指标值" if scored else "指标值")
    if any(i.unit for i in items):
        columns.append("计量单位")
    if scored:
        columns += [SCORE_COLUMNS["actual_project" if official else "actual"], "分值"]
    if official or any(i.points is not None for i in items):
        columns.append(SCORE_COLUMNS["points"])
    if official or any(i.deviation_reason for i in items):
        columns.append(SCORE_COLUMNS["reason"])
    if any(i.explanation for i in items):
        columns.append("指标解释")
    if any(i.rule_text for i in items):
        columns.append("评(扣)分标准")
    return columns


def _cell(ind: Indicator, column: str, tree: IndicatorTree) -> str:
    if column == "一级指标":
        return ind.level1
    if column == "权重":
        return _amount(tree.level1_weights.get(ind.level1))
    if column == "二级指标":
        return ind.level2
    if column == "三级指标":
        return ind.name
    if column == "指标性质":
        return _text(ind.nature)
    if column == "方向":
        return _text(ind.comparator_text)
    if column in ("指标值", "年度指标值"):
        return "" if ind.target is None else ind.target.text or str(ind.target)
    if column == "计量单位":
        return _text(ind.unit)
    if column in (SCORE_COLUMNS["actual"], SCORE_COLUMNS["actual_project"]):
        return "" if ind.actual is None else ind.actual.text or str(ind.actual)
    if column == "分值":
        return _amount(ind.max_points)
    if column == SCORE_COLUMNS["points"]:
        return _amount(ind.points)
    if column == SCORE_COLUMNS["reason"]:
        return _text(ind.deviation_reason)
    if column == "指标解释":
        return _text(ind.explanation)
    return _text(ind.rule_text)


def indicator_table(
    tree: IndicatorTree, *, self_evaluation: bool = False, lead: str = "", official: bool = False
) -> Rows:
    """The indicator table (绩效指标): the header row, then one row per indicator.

    ``lead`` is put in a first column (the project forms print 绩效指标 there). A self-evaluation
    gets 全年完成值 and 分值, and 得分 / 偏差原因分析及改进措施 when an indicator has them;
    ``official`` gives the columns of the 项目支出绩效自评表 (实际完成值, 分值, 得分,
    偏差原因分析及改进措施) whatever is filled in.

    >>> from perfmodel import Indicator, IndicatorTree, parse_target
    >>> tree = IndicatorTree([Indicator("x", "产出指标", "数量指标", parse_target("=1(个)"))],
    ...                      level1_weights={"产出指标": 50})
    >>> for row in indicator_table(tree):
    ...     print(row)
    ['一级指标', '权重', '二级指标', '三级指标', '指标值']
    ['产出指标', '50', '数量指标', 'x', '=1(个)']
    """
    columns = _columns(tree, self_evaluation, official)
    prefix = [lead] if lead else []
    blank = [""] if lead else []
    rows = [prefix + columns]
    rows += [blank + [_cell(ind, c, tree) for c in columns] for ind in tree]
    return rows


# ---------------------------------------------------------------------------------------------
# Forms
# ---------------------------------------------------------------------------------------------


def _year(doc: Unit | Project) -> Rows:
    return [] if doc.year is None else [[f"({doc.year}年度)"]]


#: The 项目资金 block: (first cell, left label, left field, right label, right field).
_PROJECT_BUDGET = (
    ("项目资金 (元)", "项目资金总额", "total", "年度资金申请总额", "annual_total"),
    ("", "其中：财政资金", "fiscal", "其中：当年财政拨款", "annual_fiscal"),
    ("", "", "", "上年结转资金", "carryover"),
    ("", "其他资金", "other", "其他资金", "annual_other"),
)


#: The budget fields of the 项目资金 block of a declaration.
_DECLARED = tuple(field for row in _PROJECT_BUDGET for field in (row[2], row[4]) if field)


def _project_header(project: Project, *, optional: bool = False) -> Rows:
    """项目名称 / 项目性质 / 项目类别, 主管部门 / 实施单位, 计划开始 / 完成日期; ``optional``
    leaves out 项目性质, 项目类别 and the dates when they are blank (the self-evaluation form)."""
    name = ["项目名称", project.name]
    if not optional or project.nature or project.categories:
        name += ["项目性质", _text(project.nature), "项目类别", " ".join(project.categories)]
    rows = [name, ["主管部门", _text(project.department), "实施单位", _text(project.implementer)]]
    if not optional or project.start is not None or project.end is not None:
        rows.append(
            [
                "计划开始日期",
                "" if project.start is None else project.start.isoformat(),
                "计划完成日期",
                "" if project.end is None else project.end.isoformat(),
            ]
        )
    return rows


def _budget_rows(b: Budget) -> Rows:
    """The 项目资金 block of a declaration (总额, 财政资金, 其他资金; the annual request)."""
    rows: Rows = []
    for lead, left, left_field, right, right_field in _PROJECT_BUDGET:
        left_amount = _amount(getattr(b, left_field)) if left_field else ""
        rows.append([lead, left, left_amount, right, _amount(getattr(b, right_field))])
    return rows


def _project_rows(doc: Project | Unit) -> Rows:
    project = doc if isinstance(doc, Project) else None
    rows: Rows = [[doc.form.title], *_year(doc)]
    if project is None:
        rows.append(["项目名称", doc.name])
    else:
        rows += _project_header(project)
    rows += _budget_rows(doc.budget)
    rows += supplement_rows(doc.budget, _DECLARED)
    if project is not None and (project.overall_goal or project.annual_goal or project.goal_period):
        period = project.goal_period
        overall = "项目总目标" if period is None else f"项目总目标 ({period[0]}年-{period[1]}年)"
        rows.append(["项目绩效目标", overall, "", "年度总体目标"])
        rows.append(["", _text(project.overall_goal), "", _text(project.annual_goal)])
    self_evaluation = doc.form.is_self_evaluation
    rows += indicator_table(doc.indicators, self_evaluation=self_evaluation, lead="绩效指标")
    return rows


_UNIT_BUDGET = (
    ("部门整体预算总额（元）", "total"),
    ("1、资金来源：（1）财政拨款", "fiscal"),
    ("（2）其他资金", "other"),
    ("2、资金结构：（1）基本支出", "basic"),
    ("（2）项目支出", "project"),
)


def _unit_declaration_rows(doc: Unit | Project) -> Rows:
    unit = doc if isinstance(doc, Unit) else None
    rows: Rows = [[doc.form.title], *_year(doc), ["单位名称", doc.name]]
    if unit is not None:
        rows += [
            ["财政资金拨款方式", _text(unit.funding_method)],
            ["单位职责", _text(unit.duties)],
            ["年度履职目标", _text(unit.annual_goals)],
            ["年度重点任务"],
            ["任务名称", "主要内容（重点工作计划）"],
        ]
        rows += [[task.name, task.content] for task in unit.key_tasks]
    rows.append(["预算情况"])
    rows += [[label, _amount(getattr(doc.budget, field))] for label, field in _UNIT_BUDGET]
    rows += supplement_rows(doc.budget, [field for _, field in _UNIT_BUDGET])
    if unit is not None and (unit.headcount is not None or unit.departments is not None):
        rows.append(["年末在职人数", "内设机构数"])
        counts = (unit.headcount, unit.departments)
        rows.append(["" if n is None else str(n) for n in counts])
    rows += indicator_table(doc.indicators, self_evaluation=doc.form.is_self_evaluation)
    return rows


def budget_prose(budget: Budget) -> str | None:
    """The budget-execution paragraph of a unit self-evaluation report (amounts in 万元).

    >>> b = Budget(initial=Decimal("152496500.00"), adjustment=Decimal("-8038300.00"),
    ...            executed=Decimal("140463700"), stated_rate=Decimal("0.9723"))
    >>> budget_prose(b)
    '预算执行情况（预算执行率，金额单位：万元）：年初预算金额15249.65万元，调减资金803.83万元，...'
    """
    parts = []
    if budget.initial is not None:
        parts.append(f"年初预算金额{_wan(budget.initial)}万元")
    if budget.adjustment is not None:
        word = "调减" if budget.adjustment < 0 else "调增"
        parts.append(f"{word}资金{_wan(abs(budget.adjustment))}万元")
    if budget.adjusted is not None:
        parts.append(f"调整后预算金额为{_wan(budget.adjusted)}万元")
    if budget.executed is not None:
        parts.append(f"预算执行金额为{_wan(budget.executed)}万元")
    if budget.stated_rate is not None:
        parts.append(f"整体预算执行率为{_percent(budget.stated_rate)}%")
    for name, label in (("basic", "基本支出"), ("project", "项目支出")):
        amount = getattr(budget, name)
        executed = getattr(budget, f"{name}_executed")
        rate = getattr(budget, f"{name}_stated_rate")
        if _whole_split(budget, name):
            parts.append(
                f"其中{label}年度预算{_wan(amount)}万元，执行金额{_wan(executed)}万元，"
                f"执行率{_percent(rate)}%"
            )
    if not parts:
        return None
    return "预算执行情况（预算执行率，金额单位：万元）：" + "，".join(parts) + "。"


#: The figures of a unit self-evaluation report's paragraph (the split only when it is whole).
_PROSE_FIELDS = ("initial", "adjustment", "adjusted", "executed", "stated_rate")
_SPLIT_FIELDS = ("", "_executed", "_stated_rate")


def _whole_split(budget: Budget, name: str) -> bool:
    """Whether the 基本支出 (``basic``) or 项目支出 (``project``) split has all three figures."""
    return all(getattr(budget, name + suffix) is not None for suffix in _SPLIT_FIELDS)


def _unit_self_evaluation_rows(doc: Unit | Project) -> Rows:
    unit = doc if isinstance(doc, Unit) else None
    rows: Rows = [[doc.name], [doc.form.title], *_year(doc)]
    if unit is not None and unit.duties is not None:
        rows += [["1、部门职责"], [unit.duties]]
    if unit is not None and unit.departments is not None:
        rows.append([f"2. 机构情况：{unit.departments} 个。"])
    if unit is not None and unit.headcount is not None:
        rows.append([f"3. 人员情况：{unit.headcount} 人。"])
    prose = budget_prose(doc.budget)
    if prose is not None:
        rows.append([prose])
    native = [*_PROSE_FIELDS]
    for name in ("basic", "project"):
        native += [name + suffix for suffix in _SPLIT_FIELDS if _whole_split(doc.budget, name)]
    rows += supplement_rows(doc.budget, native)
    table = indicator_table(doc.indicators, self_evaluation=True)
    rows += table
    if doc.stated_total is not None:
        rows.append(_total_row(table[0], doc.stated_total))
    return rows


def _project_self_evaluation_rows(doc: Unit | Project) -> Rows:
    """The 项目支出绩效自评表: header, 项目资金 (年初预算数 … 得分), 年度总体目标 (预期目标 /
    实际完成情况), the indicator table with 得分 and 偏差原因分析及改进措施, and 总分.

    Only what the document states is written: the execution row's 分值 and 得分 and the 分值 of
    总分 are the evaluation's (the scoring section beside the form), not the document's.
    """
    words = SELF_EVALUATION_LABELS
    project = doc if isinstance(doc, Project) else None
    b = doc.budget
    rows: Rows = [[doc.form.title], *_year(doc)]
    if project is None:
        rows.append(["项目名称", doc.name])
    else:
        rows += _project_header(project, optional=True)
    if any(getattr(b, field) is not None for field in _DECLARED):
        rows += _budget_rows(b)
    keys = ("initial", "adjusted", "executed", "max_points", "rate", "points")
    rows.append([words["funds"], "", *(words[k] for k in keys)])
    rate = "" if b.stated_rate is None else f"{_percent(b.stated_rate)}%"
    amounts = [_amount(b.initial), _amount(b.adjusted), _amount(b.executed)]
    rows.append(["", words["annual_funds"], *amounts, "", rate])
    rows += supplement_rows(b, (*_DECLARED, "initial", "adjusted", "executed", "stated_rate"))
    if project is not None and (project.overall_goal or project.goal_period):
        period = project.goal_period
        overall = "项目总目标" if period is None else f"项目总目标 ({period[0]}年-{period[1]}年)"
        rows.append([overall, _text(project.overall_goal)])
    if project is not None:
        rows.append([words["goal"], words["expected"], words["achieved"]])
        rows.append(["", _text(project.annual_goal), _text(project.annual_outcome)])
    table = indicator_table(doc.indicators, self_evaluation=True, lead="绩效指标", official=True)
    return rows + table + [_total_row(table[0], doc.stated_total)]


def _total_row(header: list[str], total: Decimal | None) -> list[str]:
    """The 总分 row: the stated total under the table's 得分 column (after the table without)."""
    label = SELF_EVALUATION_LABELS["total"]
    points = SCORE_COLUMNS["points"]
    column = header.index(points) if points in header else len(header)
    return [label, *[""] * (column - 1), _amount(total)]


def evaluation_rows(evaluation: Evaluation) -> Rows:
    """The scoring section (绩效自评评分) of an evaluation: execution, every indicator with its
    分值 and 得分, subtotals per level-1, the sum, the total and the grade.

    It is written under the form (after a blank row); its labels are none the readers look for,
    so the form above still reads back unchanged.

    >>> from perfmodel import Project, evaluate
    >>> evaluation_rows(evaluate(Project("p")))[:2]
    [['绩效自评评分'], ['评分口径', 'central']]
    """
    words = SCORE_SECTION_LABELS
    rows: Rows = [[words["caption"]], [words["policy"], evaluation.policy.name]]
    keys = ("item", "status", "max_points", "points", "rule", "explanation")
    rows.append([words[k] for k in keys])
    ex = evaluation.execution
    if ex is not None:
        rows.append(
            [words["execution"], "", _amount(ex.max_points), _amount(ex.points), "", ex.explanation]
        )
    for result in evaluation.indicators:
        score = result.score
        rows.append(
            [
                result.path,
                STATUS_LABELS.get(result.status.value, result.status.value),
                _amount(result.max_points),
                _amount(result.points),
                "" if score is None else score.rule_label,
                result.note if score is None else score.explanation,
            ]
        )
    for sub in evaluation.level1:
        label = f"{words['subtotal']}：{sub.level1}"
        rows.append([label, "", _amount(sub.max_points), _amount(sub.points), "", ""])
    sums = [_amount(evaluation.max_points), _amount(evaluation.points)]
    rows.append([words["sum"], "", *sums, "", ""])
    full = _amount(evaluation.policy.full_marks)
    rows.append([words["total"], "", full, _amount(evaluation.total), "", evaluation.explanation])
    rows.append([words["grade"], "" if evaluation.grade is None else evaluation.grade.label])
    if evaluation.needs_reason:
        rows.append([words["needs_reason"], "、".join(evaluation.needs_reason)])
    if evaluation.missing:
        rows.append([words["missing"], "、".join(evaluation.missing)])
    return rows


def form_rows(doc: Unit | Project, evaluation: Evaluation | None = None) -> Rows:
    """The rows of cell texts of one document's form, as the reader reads them; with an
    ``evaluation``, its scoring section (:func:`evaluation_rows`) below.

    >>> from perfmodel import Unit
    >>> form_rows(Unit("某中心", year=2026))[:3]
    [['单位整体支出绩效目标申报表'], ['(2026年度)'], ['单位名称', '某中心']]
    """
    if doc.form is FormKind.UNIT_SELF_EVALUATION:
        rows = _unit_self_evaluation_rows(doc)
    elif doc.form is FormKind.PROJECT_SELF_EVALUATION:
        rows = _project_self_evaluation_rows(doc)
    elif doc.form is FormKind.UNIT_DECLARATION:
        rows = _unit_declaration_rows(doc)
    else:
        rows = _project_rows(doc)
    if evaluation is not None:
        rows += [[""], *evaluation_rows(evaluation)]
    return rows


def paired(
    docs: Iterable[Unit | Project], evaluations: Sequence[Evaluation | None] | None
) -> list[tuple[Unit | Project, Evaluation | None]]:
    """Documents with their evaluations (``evaluations`` lines up with ``docs``, or is ``None``).

    >>> from perfmodel import Project
    >>> paired([Project("p")], [None, None])
    Traceback (most recent call last):
    ...
    perfmodel.errors.SerializationError: 2 evaluations for 1 documents: give one per document ...
    """
    items = list(docs)
    if evaluations is None:
        return [(doc, None) for doc in items]
    if len(evaluations) != len(items):
        raise SerializationError(
            f"{len(evaluations)} evaluations for {len(items)} documents: give one per document "
            "(None where there is none)"
        )
    return list(zip(items, evaluations, strict=True))


def _line(row: Sequence[str], doc: Unit | Project) -> str:
    if TEXT_REFUSED.search("".join(row)):
        hint = "" if XLSX_REFUSED.search("".join(row)) else " (write .xlsx instead)"
        check_cells([row], doc, TEXT_REFUSED, "form text (a tab or a line break)", hint)
    return "\t".join(row).rstrip("\t")


def to_text(
    docs: Iterable[Unit | Project], *, evaluations: Sequence[Evaluation | None] | None = None
) -> str:
    """Tab-separated form text of the documents (the format of the seed files), a blank line
    between forms; ``evaluations`` (one per document, or ``None``) add scoring sections.

    >>> from perfmodel import Project
    >>> to_text([Project("a\\tb")])
    Traceback (most recent call last):
    ...
    perfmodel.errors.SerializationError: 'a\\tb': name holds '\\t', which form text (a tab ...
    """
    lines: list[str] = []
    for doc, evaluation in paired(docs, evaluations):
        if lines:
            lines.append("")
        lines += [_line(row, doc) for row in form_rows(doc, evaluation)]
    return "\n".join(lines) + "\n" if lines else ""


def write_text(
    docs: Iterable[Unit | Project],
    path: str | os.PathLike[str],
    *,
    evaluations: Sequence[Evaluation | None] | None = None,
) -> Path:
    """Write :func:`to_text` to ``path`` (UTF-8) and return the path.

    >>> import tempfile, pathlib
    >>> from perfmodel import Project, read_forms
    >>> out = write_text([Project("p", year=2025)], pathlib.Path(tempfile.mkdtemp()) / "f.txt")
    >>> [d.name for d in read_forms(out).documents]
    ['p']
    """
    target = Path(path)
    target.write_text(to_text(docs, evaluations=evaluations), encoding="utf-8")
    return target


# ---------------------------------------------------------------------------------------------
# What survives
# ---------------------------------------------------------------------------------------------


def without_locations(doc: Unit | Project) -> Unit | Project:
    """The document without where it was read from (``source``, the budget's and every
    indicator's ``line``).

    >>> from perfmodel import Location, Project
    >>> without_locations(Project("p", source=Location(file="f.txt"))).source is None
    True
    """
    tree = doc.indicators.replace([attrs.evolve(i, line=None) for i in doc.indicators])
    budget = attrs.evolve(doc.budget, line=None)
    return attrs.evolve(doc, source=None, indicators=tree, budget=budget)


def _differences(written: Any, read: Any, path: str, out: list[str]) -> None:
    if written == read:
        return
    if type(written) is type(read) and attrs.has(type(written)):
        for field in attrs.fields(type(written)):
            name = field.name
            _differences(getattr(written, name), getattr(read, name), f"{path}.{name}", out)
        return
    if isinstance(written, tuple) and isinstance(read, tuple) and len(written) == len(read):
        for index, (a, b) in enumerate(zip(written, read, strict=True)):
            _differences(a, b, f"{path}[{index}]", out)
        return
    out.append(f"{path}: wrote {written!r}, read back {read!r}")


def lost_fields(doc: Unit | Project, *, taxonomy: Taxonomy = DEFAULT_TAXONOMY) -> list[str]:
    """What writing ``doc`` as its form and reading it back would change, one line per field.

    An empty list means the form carries the whole document (locations aside).

    >>> from perfmodel import Project
    >>> for line in lost_fields(Project("p", nature=" 新增项目")):
    ...     print(line)
    nature: wrote ' 新增项目', read back '新增项目'
    """
    from ..read import read_rows
    from ..read.source import rows_from_cells

    rows = rows_from_cells(enumerate(form_rows(doc), start=1))
    result = read_rows(rows, "<layout>", taxonomy=taxonomy)
    if len(result.documents) != 1:
        return [f"form: {len(result.documents)} documents read back instead of 1"]
    out: list[str] = []
    _differences(without_locations(doc), without_locations(result.documents[0]), "", out)
    return [line.lstrip(".") if line.startswith(".") else f"document{line}" for line in out]
