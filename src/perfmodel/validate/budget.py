"""PM1xx — budget arithmetic: parts add up to totals, stated rates agree with their amounts.

Amounts are compared exactly (``Decimal`` yuan). A blank amount (``None``) is never read as 0: a
sum with a blank part is checked only when the parts given already exceed the total (an error)
or fall short of it (a warning: the blank hides the difference).

>>> from decimal import Decimal
>>> from perfmodel.model import Budget, Unit
>>> b = Budget(executed=Decimal("140463700"), basic_executed=Decimal("3337700"),
...            project_executed=Decimal("137146000"))
>>> [f.expected for f in execution_split(Unit("u", budget=b), Context())]
['14,048.37 万元']
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import attrs

from ..errors import Severity
from ..model import Budget, Project
from ..numbers import quantize
from .core import Check, Context, Document, Finding

__all__ = [
    "CHECKS",
    "adjustment",
    "annual_blank",
    "annual_request",
    "annual_within_total",
    "execution_split",
    "format_money",
    "format_percent",
    "funding_sources",
    "funding_structure",
    "likely_part",
    "stated_rates",
]

_WAN = Decimal(10000)
_CENT = Decimal("0.01")
_HUNDRED = Decimal("1E+2")


def format_money(*amounts: Decimal) -> list[str]:
    """Format amounts alike: in 万元 when every amount is a whole number of 百元 and the largest
    is at least 1 万元 (how the forms that use 万元 print them), else in 元.

    >>> format_money(Decimal("140463700"), Decimal("3337700"))
    ['14,046.37 万元', '333.77 万元']
    >>> format_money(Decimal("10"), Decimal("9.5"))
    ['10.00 元', '9.50 元']
    """
    # in 万元 when every amount is a whole number of 百元
    in_wan = max(amounts, default=Decimal(0)) >= _WAN and all(
        quantize(a, _HUNDRED) == a for a in amounts
    )
    if in_wan:
        return [f"{quantize(a.scaleb(-4), _CENT, ROUND_HALF_UP):,} 万元" for a in amounts]
    return [f"{quantize(a, _CENT, ROUND_HALF_UP):,} 元" for a in amounts]


def format_percent(fraction: Decimal, places: int = 2) -> str:
    """A fraction as a percent with ``places`` decimals (0.99420 → "99.42%").

    >>> format_percent(Decimal("1.00017979"))
    '100.02%'
    """
    quantum = Decimal(1).scaleb(-places)
    return f"{quantize(fraction.scaleb(2), quantum, ROUND_HALF_UP)}%"


def _labels(doc: Document) -> dict[str, str]:
    fiscal = "财政资金" if isinstance(doc, Project) else "财政拨款"
    total = "项目资金总额" if isinstance(doc, Project) else "预算总额"
    return {
        "total": total,
        "fiscal": fiscal,
        "other": "其他资金",
        "basic": "基本支出",
        "project": "项目支出",
        "annual_total": "年度资金申请总额",
        "annual_fiscal": "当年财政拨款",
        "carryover": "上年结转资金",
        "annual_other": "其他资金",
        "initial": "年初预算",
        "adjustment": "调整",
        "adjusted": "调整后预算",
        "executed": "执行数",
        "basic_executed": "基本支出执行数",
        "project_executed": "项目支出执行数",
    }


def _sum_parts(
    doc: Document, budget: Budget, total_field: str, parts: tuple[str, ...], what: str
) -> Iterator[Finding]:
    """Compare ``total_field`` with the sum of ``parts`` (see the module docstring)."""
    total: Decimal | None = getattr(budget, total_field)
    values: list[Decimal | None] = [getattr(budget, p) for p in parts]
    if total is None or all(v is None for v in values):
        return
    given = [(p, v) for p, v in zip(parts, values, strict=True) if v is not None]
    blank = [p for p, v in zip(parts, values, strict=True) if v is None]
    parts_sum = sum((v for _, v in given), Decimal(0))
    if parts_sum == total:
        return
    labels = _labels(doc)
    shown = format_money(*(v for _, v in given), parts_sum, total)
    terms = " + ".join(
        f"{labels[p]} {s.rsplit(' ', 1)[0]}" for (p, _), s in zip(given, shown, strict=False)
    )
    sum_text, total_text = shown[-2], shown[-1]
    if blank and parts_sum < total:
        blanks = "、".join(labels[p] for p in blank)
        yield Finding(
            f"{what}: {terms} = {sum_text}, short of {labels[total_field]} {total_text} "
            f"while {blanks} is blank",
            field=f"budget.{total_field}",
            severity=Severity.WARNING,
        )
        return
    yield Finding(
        f"{what}: {terms} = {sum_text}, but {labels[total_field]} is {total_text}",
        field=f"budget.{total_field}",
        expected=sum_text,
    )


def funding_sources(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM101 资金来源: 财政拨款/财政资金 + 其他资金 = 预算总额/项目资金总额.

    >>> b = Budget(total=Decimal(10), fiscal=Decimal(6), other=Decimal(3))
    >>> [f.message for f in funding_sources(Project("p", budget=b), Context())]
    ['资金来源 does not add up: 财政资金 6.00 + 其他资金 3.00 = 9.00 元, but 项目资金总额 is ...']
    """
    yield from _sum_parts(doc, doc.budget, "total", ("fiscal", "other"), "资金来源 does not add up")


def funding_structure(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM102 资金结构: 基本支出 + 项目支出 = 预算总额 (or, in a self-evaluation without a total,
    the adjusted budget 调整后预算).

    >>> b = Budget(total=Decimal(10), basic=Decimal(4), project=Decimal(5))
    >>> [f.expected for f in funding_structure(Project("p", budget=b), Context())]
    ['9.00 元']
    """
    budget = doc.budget
    total_field = "total"
    if budget.total is None:
        total_field = "adjusted" if budget.adjusted is not None else "initial"
    yield from _sum_parts(
        doc, budget, total_field, ("basic", "project"), "资金结构 does not add up"
    )


def annual_request(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM103 年度资金申请总额 = 当年财政拨款 + 上年结转资金 + 其他资金.

    >>> b = Budget(annual_total=Decimal(10), annual_fiscal=Decimal(10), carryover=Decimal(2))
    >>> [f.expected for f in annual_request(Project("p", budget=b), Context())]
    ['12.00 元']
    """
    yield from _sum_parts(
        doc,
        doc.budget,
        "annual_total",
        ("annual_fiscal", "carryover", "annual_other"),
        "年度资金申请 does not add up",
    )


def annual_within_total(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM104 年度资金申请总额 does not exceed 项目资金总额.

    >>> b = Budget(total=Decimal(10), annual_total=Decimal(12))
    >>> [f.expected for f in annual_within_total(Project("p", budget=b), Context())]
    ['≤ 10.00 元']
    """
    budget = doc.budget
    if budget.total is None or budget.annual_total is None:
        return
    if budget.annual_total > budget.total:
        annual, total = format_money(budget.annual_total, budget.total)
        yield Finding(
            f"年度资金申请总额 {annual} exceeds 项目资金总额 {total}",
            field="budget.annual_total",
            expected=f"≤ {total}",
        )


def adjustment(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM105 年初预算 + 调整 (调增 +, 调减 −) = 调整后预算.

    >>> b = Budget(initial=Decimal(100), adjustment=Decimal(-10), adjusted=Decimal(80))
    >>> [f.expected for f in adjustment(Project("p", budget=b), Context())]
    ['90.00 元']
    """
    budget = doc.budget
    if budget.initial is None or budget.adjustment is None or budget.adjusted is None:
        return
    computed = budget.initial + budget.adjustment
    if computed == budget.adjusted:
        return
    initial, change, result, adjusted = format_money(
        budget.initial, abs(budget.adjustment), abs(computed), budget.adjusted
    )
    sign = "−" if budget.adjustment < 0 else "+"
    yield Finding(
        f"预算调整 does not add up: 年初预算 {initial} {sign} {change} = {result}, "
        f"but 调整后预算 is {adjusted}",
        field="budget.adjusted",
        expected=result,
    )


def execution_split(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM106 基本支出执行数 + 项目支出执行数 = 执行数.

    When one part, recomputed as 执行数 minus the other part, agrees with its own stated rate
    (and 执行数 with the overall rate), the message names that part as the likely wrong figure.

    >>> b = Budget(executed=Decimal(10), basic_executed=Decimal(3), project_executed=Decimal(8))
    >>> [f.expected for f in execution_split(Project("p", budget=b), Context())]
    ['11.00 元']
    """
    budget = doc.budget
    likely = likely_part(budget)
    note = ""
    if likely is not None:
        field, value = likely
        labels = _labels(doc)
        other, rate_field = _OTHER[field]
        rate: Decimal = getattr(budget, rate_field)
        note = (
            f"; {labels[field]} {format_money(value)[0]} (= 执行数 − {labels[other]}) would "
            f"agree with its stated rate {format_percent(rate, _places(rate))}"
        )
    for finding in _sum_parts(
        doc,
        budget,
        "executed",
        ("basic_executed", "project_executed"),
        "执行数 does not add up",
    ):
        yield attrs.evolve(finding, message=finding.message + note)


#: part of 执行数 → (the other part, the part's stated rate).
_OTHER = {
    "basic_executed": ("project_executed", "basic_stated_rate"),
    "project_executed": ("basic_executed", "project_stated_rate"),
}

_PARTS = (
    ("basic_executed", "project_executed", "basic", "basic_stated_rate"),
    ("project_executed", "basic_executed", "project", "project_stated_rate"),
)


def likely_part(budget: Budget) -> tuple[str, Decimal] | None:
    """The part of 执行数 that is likely misprinted, with the value that would agree with every
    stated figure, or None.

    A part is named when its stated rate disagrees with it but agrees with 执行数 minus the
    other part, while 执行数 itself agrees with the overall stated rate (when there is one).

    >>> b = Budget(basic=Decimal("3337100"), executed=Decimal("140463700"),
    ...            basic_executed=Decimal("3337700"), basic_stated_rate=Decimal("0.9942"),
    ...            project_executed=Decimal("137146000"))
    >>> likely_part(b)
    ('basic_executed', Decimal('3317700'))
    """
    executed = budget.executed
    if executed is None:
        return None
    overall, base = budget.stated_rate, budget.budgeted
    if overall is not None and base and not _agrees(overall, executed / base):
        return None
    for field, other_field, base_field, rate_field in _PARTS:
        other: Decimal | None = getattr(budget, other_field)
        own_base: Decimal | None = getattr(budget, base_field)
        stated: Decimal | None = getattr(budget, rate_field)
        current: Decimal | None = getattr(budget, field)
        if other is None or not own_base or stated is None or current is None:
            continue
        candidate = executed - other
        if candidate < 0 or candidate == current or _agrees(stated, current / own_base):
            continue
        if _agrees(stated, candidate / own_base):
            return field, candidate
    return None


def _places(stated: Decimal) -> int:
    exponent = stated.as_tuple().exponent
    return max(-(exponent if isinstance(exponent, int) else -4) - 2, 0)


_RATES: tuple[tuple[str, str, str | None, str], ...] = (
    ("stated_rate", "executed", None, "预算执行率"),
    ("basic_stated_rate", "basic_executed", "basic", "基本支出执行率"),
    ("project_stated_rate", "project_executed", "project", "项目支出执行率"),
)


def _agrees(stated: Decimal, computed: Decimal) -> bool:
    exponent = stated.as_tuple().exponent
    places = min(exponent if isinstance(exponent, int) else -4, -2)
    quantum = Decimal(1).scaleb(places)
    return stated in (
        quantize(computed, quantum, ROUND_HALF_UP),
        quantize(computed, quantum, ROUND_DOWN),
    )


def stated_rates(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM107 a stated 执行率 agrees with 执行数 / 预算 to the precision it is stated with.

    The overall rate is measured against the adjusted budget (调整后预算, else 年初预算, else
    the total); the 基本支出 and 项目支出 rates against their own budgets. Rounding half up
    and truncation are both accepted.

    >>> b = Budget(basic=Decimal("3337100"), basic_executed=Decimal("3337700"),
    ...            basic_stated_rate=Decimal("0.9942"))
    >>> [(f.field, f.expected) for f in stated_rates(Project("p", budget=b), Context())]
    [('budget.basic_stated_rate', '100.02%')]
    """
    budget = doc.budget
    likely = likely_part(budget)
    for rate_field, executed_field, budget_field, label in _RATES:
        stated: Decimal | None = getattr(budget, rate_field)
        executed: Decimal | None = getattr(budget, executed_field)
        base: Decimal | None = (
            budget.budgeted if budget_field is None else getattr(budget, budget_field)
        )
        if stated is None or executed is None or base is None or base == 0:
            continue
        computed = executed / base
        if _agrees(stated, computed):
            continue
        places = _places(stated)
        executed_text, base_text = format_money(executed, base)
        expected = format_percent(computed, places)
        note = ""
        if likely is not None and likely[0] == executed_field:
            other = _OTHER[executed_field][0]
            (value,) = format_money(likely[1])
            note = (
                f"; {value} (= 执行数 − {_labels(doc)[other]}) would give "
                f"{format_percent(likely[1] / base, places)}"
            )
        yield Finding(
            f"{label} stated as {format_percent(stated, places)}, but "
            f"{executed_text.rsplit(' ', 1)[0]} / {base_text} = {expected}{note}",
            field=f"budget.{rate_field}",
            expected=expected,
        )


def annual_blank(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM108 a project form that states its 项目资金总额 states its 年度资金申请总额 too.

    The annual request (年度资金申请总额 and its parts) is what the form asks for this year; a
    project form that leaves it blank asks for nothing. Unit forms have no annual request.

    >>> b = Budget(total=Decimal(266200), fiscal=Decimal(266200))
    >>> [f.message for f in annual_blank(Project("p", budget=b), Context())]
    ['年度资金申请总额 is blank while 项目资金总额 is 26.62 万元']
    """
    budget = doc.budget
    if not isinstance(doc, Project) or budget.total is None:
        return
    annual = (budget.annual_total, budget.annual_fiscal, budget.carryover, budget.annual_other)
    if all(value is None for value in annual):
        (total,) = format_money(budget.total)
        yield Finding(
            f"年度资金申请总额 is blank while 项目资金总额 is {total}",
            field="budget.annual_total",
        )


#: The budget checks, in code order.
CHECKS: tuple[Check, ...] = (
    Check("PM101", Severity.ERROR, "资金来源: 财政 + 其他资金 = 总额", funding_sources),
    Check("PM102", Severity.ERROR, "资金结构: 基本支出 + 项目支出 = 总额", funding_structure),
    Check(
        "PM103", Severity.ERROR, "年度资金申请总额 = 当年财政拨款 + 上年结转 + 其他", annual_request
    ),
    Check("PM104", Severity.ERROR, "年度资金申请总额 ≤ 项目资金总额", annual_within_total),
    Check("PM105", Severity.ERROR, "年初预算 + 调整 = 调整后预算", adjustment),
    Check("PM106", Severity.ERROR, "基本支出 + 项目支出 执行数 = 执行数", execution_split),
    Check(
        "PM107", Severity.ERROR, "stated 执行率 = 执行数 / 预算 (to its precision)", stated_rates
    ),
    Check("PM108", Severity.WARNING, "a project's 年度资金申请总额 is not blank", annual_blank),
)
