"""The domain model: frozen, slotted attrs classes with no I/O.

A :class:`Unit` (预算单位) or :class:`Project` (项目) carries a :class:`Budget` (预算) and an
:class:`IndicatorTree` (绩效指标: 一级 → 二级 → 三级) of :class:`Indicator` values, each with its
:class:`~perfmodel.targets.Target`. A self-evaluation (绩效自评) is the same document whose
indicators also carry actuals (实际完成值) and points (分值/得分); :attr:`Unit.form` says which
form it came from.

>>> from decimal import Decimal
>>> from perfmodel.targets import parse_target
>>> ind = Indicator("公园养护数", "产出指标", "数量指标", parse_target("=12(个)"))
>>> tree = IndicatorTree((ind,))
>>> p = Project("示例项目", year=2025, budget=Budget(total=Decimal("266200")), indicators=tree)
>>> [i.name for i in p.indicators], p.budget.total
(['公园养护数'], Decimal('266200'))
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs

from .errors import ConstructionError, Location
from .numbers import check_count, check_figure, check_year, figure, year_problem
from .targets import Actual, Target

__all__ = [
    "Budget",
    "Document",
    "FormKind",
    "Indicator",
    "IndicatorTree",
    "KeyTask",
    "Project",
    "Unit",
]


class FormKind(enum.Enum):
    """Which published form a document was read from (domain reference §1).

    >>> FormKind.PROJECT_DECLARATION.title
    '财政项目支出绩效目标申报表'
    """

    UNIT_DECLARATION = "unit_declaration"
    UNIT_SELF_EVALUATION = "unit_self_evaluation"
    PROJECT_DECLARATION = "project_declaration"
    PROJECT_TARGET_TABLE = "project_target_table"
    PROJECT_SELF_EVALUATION = "project_self_evaluation"

    @property
    def title(self) -> str:
        """The form's Chinese title.

        >>> FormKind.UNIT_SELF_EVALUATION.title
        '部门(单位)整体支出预算绩效自评报告'
        """
        return _TITLES[self]

    @property
    def is_self_evaluation(self) -> bool:
        """True for self-evaluation forms (绩效自评).

        >>> FormKind.UNIT_DECLARATION.is_self_evaluation
        False
        """
        return self in (FormKind.UNIT_SELF_EVALUATION, FormKind.PROJECT_SELF_EVALUATION)


_TITLES = {
    FormKind.UNIT_DECLARATION: "单位整体支出绩效目标申报表",
    FormKind.UNIT_SELF_EVALUATION: "部门(单位)整体支出预算绩效自评报告",
    FormKind.PROJECT_DECLARATION: "财政项目支出绩效目标申报表",
    FormKind.PROJECT_TARGET_TABLE: "财政项目支出绩效目标表",
    FormKind.PROJECT_SELF_EVALUATION: "项目支出绩效自评表",
}


def _decimal_or_none(value: Any) -> Decimal | None:
    if value is None:
        return None
    if type(value) is Decimal and value.is_finite():  # the usual case, first
        return value
    if isinstance(value, bool | float):
        raise ConstructionError(f"money must be Decimal (or int/str), got {value!r} (float)")
    if isinstance(value, int | str):
        try:
            value = Decimal(value)
        except ArithmeticError as exc:
            raise ConstructionError(f"not a decimal amount: {value!r}") from exc
    if isinstance(value, Decimal):
        return value  # finite and in range: checked by the field's validator (numbers.py)
    raise ConstructionError(f"money must be Decimal, got {type(value).__name__}")


def _non_negative(instance: Any, attribute: attrs.Attribute[Any], value: Decimal | None) -> None:
    """An admissible figure (:func:`~perfmodel.numbers.check_figure`) that is not negative."""
    check_figure(instance, attribute, value)
    if value is not None and value < 0:
        raise ConstructionError(
            f"{type(instance).__name__}.{attribute.name}: must not be negative, got {value}"
        )


def _money(*, signed: bool = False) -> Any:
    # one validator (attrs wraps a list in a validator that loops over it)
    validator = check_figure if signed else _non_negative
    return attrs.field(default=None, converter=_decimal_or_none, validator=validator)


def _non_empty(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ConstructionError(
            f"{type(instance).__name__}.{attribute.name}: must be a non-empty string, got {value!r}"
        )


@attrs.frozen(slots=True)
class Budget:
    """预算: exact ``Decimal`` amounts in yuan (元); a blank on the form is ``None``, never 0.

    Declaration fields: ``total`` (预算总额/项目资金总额), ``fiscal`` (财政拨款/财政资金),
    ``other`` (其他资金), ``basic`` (基本支出), ``project`` (项目支出), ``annual_total``
    (年度资金申请总额), ``annual_fiscal`` (当年财政拨款), ``carryover`` (上年结转资金),
    ``annual_other`` (其他资金 of the annual request).
    Self-evaluation fields: ``initial`` (年初预算数), ``adjustment`` (调增 +/调减 −),
    ``adjusted`` (全年预算数/调整后预算数), ``executed`` (全年执行数), ``stated_rate`` (执行率
    as stated, a fraction), and the 基本支出/项目支出 split ``basic_executed``,
    ``basic_stated_rate``, ``project_executed``, ``project_stated_rate``. ``line`` is the source
    line of the budget block (预算情况 / 项目资金 / the execution paragraph) when read from a file.

    >>> Budget(total="6810000.00", fiscal=Decimal("6810000.00")).other is None
    True
    >>> Budget(total=Decimal(-1))
    Traceback (most recent call last):
    ...
    perfmodel.errors.ConstructionError: Budget.total: must not be negative, got -1

    Amounts are bounded (:mod:`perfmodel.numbers`: below 10^15 元, at most 10 decimals):

    >>> Budget(executed=Decimal("1E+30"))
    Traceback (most recent call last):
    ...
    perfmodel.errors.ConstructionError: Budget.executed: 1000000000000000000000000000000 is too ...
    """

    total: Decimal | None = _money()
    fiscal: Decimal | None = _money()
    other: Decimal | None = _money()
    basic: Decimal | None = _money()
    project: Decimal | None = _money()
    annual_total: Decimal | None = _money()
    annual_fiscal: Decimal | None = _money()
    carryover: Decimal | None = _money()
    annual_other: Decimal | None = _money()
    initial: Decimal | None = _money()
    adjustment: Decimal | None = _money(signed=True)
    adjusted: Decimal | None = _money()
    executed: Decimal | None = _money()
    stated_rate: Decimal | None = _money()
    basic_executed: Decimal | None = _money()
    basic_stated_rate: Decimal | None = _money()
    project_executed: Decimal | None = _money()
    project_stated_rate: Decimal | None = _money()
    line: int | None = attrs.field(default=None, validator=check_count)

    @property
    def budgeted(self) -> Decimal | None:
        """The budget an execution rate is measured against: adjusted, else initial, else total.

        >>> Budget(total=Decimal(10), adjusted=Decimal(8)).budgeted
        Decimal('8')
        """
        for value in (self.adjusted, self.initial, self.total):
            if value is not None:
                return value
        return None

    def amounts(self) -> dict[str, Decimal]:
        """The amounts that are set, by field name (``line`` is not an amount).

        >>> Budget(total=Decimal(5)).amounts()
        {'total': Decimal('5')}
        """
        return {
            f.name: getattr(self, f.name)
            for f in attrs.fields(Budget)
            if f.name != "line" and getattr(self, f.name) is not None
        }


@attrs.frozen(slots=True)
class KeyTask:
    """年度重点任务: a key task of the year, name (任务名称) and content (主要内容).

    >>> KeyTask("巩固垃圾分类建设", "每月一次简报").name
    '巩固垃圾分类建设'
    """

    name: str
    content: str = ""


@attrs.frozen(slots=True, repr=False)
class Indicator:
    """三级指标: one indicator with its target and, in a self-evaluation, its actual and points.

    ``nature`` is 定量/定性 when stated; ``unit`` the 计量单位 column; ``comparator_text`` the
    方向 column; ``explanation`` (指标解释); ``rule_text`` (评(扣)分标准); ``max_points`` (分值);
    ``actual`` (实际完成值); ``points`` (得分); ``deviation_reason`` (偏差原因分析及改进措施);
    ``line`` the source line.

    >>> from perfmodel.targets import parse_target
    >>> i = Indicator("受益群体满意度", "满意度指标", "服务对象满意度指标", parse_target("≥90%"))
    >>> i
    Indicator('满意度指标/服务对象满意度指标/受益群体满意度', target='≥90%')
    """

    name: str = attrs.field(validator=_non_empty)
    level1: str = attrs.field(validator=_non_empty)
    level2: str = attrs.field(validator=_non_empty)
    target: Target | None = None
    nature: str | None = None
    unit: str | None = None
    comparator_text: str | None = None
    explanation: str | None = None
    rule_text: str | None = None
    max_points: Decimal | None = _money()
    actual: Actual | None = None
    points: Decimal | None = _money()
    deviation_reason: str | None = None
    line: int | None = attrs.field(default=None, validator=check_count)

    @property
    def path(self) -> str:
        """``level1/level2/name``.

        >>> Indicator("x", "产出指标", "数量指标").path
        '产出指标/数量指标/x'
        """
        return f"{self.level1}/{self.level2}/{self.name}"

    def __repr__(self) -> str:
        target = "None" if self.target is None else repr(str(self.target))
        return f"Indicator({self.path!r}, target={target})"


def _indicators(value: Any) -> tuple[Indicator, ...]:
    items = tuple(value)
    for item in items:
        if not isinstance(item, Indicator):
            raise ConstructionError(f"IndicatorTree holds Indicator values, got {item!r}")
    return items


def _weights(value: Any) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for key, weight in dict(value or {}).items():
        converted = _decimal_or_none(weight)
        if converted is None or figure(converted, f"IndicatorTree: weight of {key!r}") < 0:
            raise ConstructionError(f"weight of {key!r} must be a non-negative Decimal")
        out[str(key)] = converted
    return out


@attrs.frozen(slots=True, repr=False)
class IndicatorTree:
    """绩效指标: level-1 → level-2 → level-3 indicators in reading order, with optional weights.

    Iterating yields the :class:`Indicator` values in reading order. ``level1_weights`` holds
    权重 per level-1 and ``level2_weights`` per level-2 name; level-3 weights are
    :attr:`Indicator.max_points`.

    >>> a = Indicator("a", "产出指标", "数量指标")
    >>> b = Indicator("b", "效益指标", "社会效益指标")
    >>> t = IndicatorTree([a, b], level1_weights={"产出指标": 50})
    >>> len(t), t.level1_names(), t.level1_weights["产出指标"]
    (2, ('产出指标', '效益指标'), Decimal('50'))
    """

    indicators: tuple[Indicator, ...] = attrs.field(default=(), converter=_indicators)
    level1_weights: dict[str, Decimal] = attrs.field(factory=dict, converter=_weights)
    level2_weights: dict[str, Decimal] = attrs.field(factory=dict, converter=_weights)

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.indicators)

    def __len__(self) -> int:
        return len(self.indicators)

    def __getitem__(self, index: int) -> Indicator:
        return self.indicators[index]

    def __repr__(self) -> str:
        return f"IndicatorTree({len(self)} indicators, level1={list(self.level1_names())})"

    def _repr_html_(self) -> str:
        """Notebook display: the indicators as a table (rendered by :mod:`perfmodel.report`)."""
        from .report.notebook import tree_html

        return tree_html(self)

    def level1_names(self) -> tuple[str, ...]:
        """Level-1 names in reading order (each once).

        >>> IndicatorTree().level1_names()
        ()
        """
        return tuple(dict.fromkeys(i.level1 for i in self.indicators))

    def level2_names(self, level1: str | None = None) -> tuple[str, ...]:
        """Level-2 names in reading order, optionally only those under ``level1``.

        >>> IndicatorTree([Indicator("a", "产出指标", "数量指标")]).level2_names("产出指标")
        ('数量指标',)
        """
        return tuple(
            dict.fromkeys(i.level2 for i in self.indicators if level1 is None or i.level1 == level1)
        )

    def under(self, level1: str, level2: str | None = None) -> tuple[Indicator, ...]:
        """Indicators under a level-1 (and level-2).

        >>> len(IndicatorTree([Indicator("a", "产出指标", "数量指标")]).under("产出指标"))
        1
        """
        return tuple(
            i
            for i in self.indicators
            if i.level1 == level1 and (level2 is None or i.level2 == level2)
        )

    def find(self, name: str) -> Indicator | None:
        """The first indicator with this name, or ``None``.

        >>> IndicatorTree([Indicator("a", "产出指标", "数量指标")]).find("a").level2
        '数量指标'
        """
        return next((i for i in self.indicators if i.name == name), None)

    def replace(self, indicators: Any) -> IndicatorTree:
        """A copy with other indicators and the same weights.

        >>> len(IndicatorTree().replace([Indicator("a", "产出指标", "数量指标")]))
        1
        """
        return attrs.evolve(self, indicators=indicators)


def _tree(value: Any) -> IndicatorTree:
    if isinstance(value, IndicatorTree):
        return value
    return IndicatorTree(value)


def _budget(value: Any) -> Budget:
    if value is None:
        return Budget()
    if not isinstance(value, Budget):
        raise ConstructionError(f"budget must be a Budget, got {type(value).__name__}")
    return value


def _key_tasks(value: Any) -> tuple[KeyTask, ...]:
    items = tuple(value)
    for item in items:
        if not isinstance(item, KeyTask):
            raise ConstructionError(f"key_tasks holds KeyTask values, got {item!r}")
    return items


@attrs.frozen(slots=True, repr=False)
class Unit:
    """预算单位: a budget unit's whole-expenditure declaration or self-evaluation.

    ``funding_method`` (财政拨款方式), ``duties`` (单位职责), ``annual_goals`` (年度履职目标),
    ``key_tasks`` (年度重点任务), ``headcount`` (年末在职人数), ``departments`` (内设机构数).

    >>> u = Unit("上海市某中心", year=2026, headcount=26, departments=4)
    >>> u
    Unit('上海市某中心', year=2026, form='unit_declaration', 0 indicators)
    """

    name: str = attrs.field(validator=_non_empty)
    year: int | None = attrs.field(default=None, validator=check_year)
    funding_method: str | None = None
    duties: str | None = None
    annual_goals: str | None = None
    key_tasks: tuple[KeyTask, ...] = attrs.field(default=(), converter=_key_tasks)
    budget: Budget = attrs.field(default=None, converter=_budget)
    headcount: int | None = attrs.field(default=None, validator=check_count)
    departments: int | None = attrs.field(default=None, validator=check_count)
    indicators: IndicatorTree = attrs.field(factory=IndicatorTree, converter=_tree)
    form: FormKind = FormKind.UNIT_DECLARATION
    stated_total: Decimal | None = _money()
    source: Location | None = None

    def __repr__(self) -> str:
        return (
            f"Unit({self.name!r}, year={self.year}, form={self.form.value!r}, "
            f"{len(self.indicators)} indicators)"
        )

    def _repr_html_(self) -> str:
        """Notebook display: form, name, year, budget and indicators (:mod:`perfmodel.report`)."""
        from .report.notebook import document_html

        return document_html(self)


def _date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ConstructionError(f"not an ISO date: {value!r}") from exc
    raise ConstructionError(f"expected a date, got {value!r}")


def _str_tuple(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


def _period(value: Any) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        first, last = value
    except (TypeError, ValueError):
        raise ConstructionError(
            f"Project.goal_period must be (first year, last year), got {value!r}"
        ) from None
    for year in (first, last):
        reason = year_problem(year)
        if reason is not None:
            raise ConstructionError(f"Project.goal_period: {reason}")
    if first > last:
        raise ConstructionError(
            f"Project.goal_period must be (first year, last year), got {value!r}"
        )
    return (first, last)


@attrs.frozen(slots=True, repr=False)
class Project:
    """项目: a funded project's target declaration or self-evaluation.

    ``nature`` (项目性质: 经常性/阶段性/一次性项目), ``categories`` (项目类别, several allowed),
    ``department`` (主管部门), ``implementer`` (实施单位), ``start``/``end`` (计划开始/完成日期),
    ``overall_goal`` (项目总目标) with ``goal_period`` (e.g. (2022, 2027)), ``annual_goal``
    (年度总体目标; on a self-evaluation its 预期目标) and ``annual_outcome`` (a self-evaluation's
    实际完成情况 of the annual goal).

    >>> import datetime as dt
    >>> p = Project("七个网格片区运行经费", year=2025, start=dt.date(2025, 1, 1), end="2025-12-31")
    >>> p.end
    datetime.date(2025, 12, 31)
    """

    name: str = attrs.field(validator=_non_empty)
    year: int | None = attrs.field(default=None, validator=check_year)
    nature: str | None = None
    categories: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    department: str | None = None
    implementer: str | None = None
    start: dt.date | None = attrs.field(default=None, converter=_date)
    end: dt.date | None = attrs.field(default=None, converter=_date)
    overall_goal: str | None = None
    goal_period: tuple[int, int] | None = attrs.field(default=None, converter=_period)
    annual_goal: str | None = None
    annual_outcome: str | None = None
    budget: Budget = attrs.field(default=None, converter=_budget)
    indicators: IndicatorTree = attrs.field(factory=IndicatorTree, converter=_tree)
    form: FormKind = FormKind.PROJECT_DECLARATION
    stated_total: Decimal | None = _money()
    source: Location | None = None

    def __repr__(self) -> str:
        return (
            f"Project({self.name!r}, year={self.year}, form={self.form.value!r}, "
            f"{len(self.indicators)} indicators)"
        )

    def _repr_html_(self) -> str:
        """Notebook display: form, name, year, budget and indicators (:mod:`perfmodel.report`)."""
        from .report.notebook import document_html

        return document_html(self)


#: A document perfmodel reads, validates and scores.
Document = Unit | Project
