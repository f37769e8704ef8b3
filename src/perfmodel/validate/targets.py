"""PM4xx — targets (指标值) and actuals: readable, plausible, and present.

>>> from perfmodel.model import Indicator, Project
>>> from perfmodel.targets import parse_target
>>> i = Indicator("完成居（村）委个数", "产出指标", "数量指标", parse_target("34个村委，47个居委"))
>>> [f.message for f in unreadable(Project("p", indicators=[i]), Context())]
["target '34个村委，47个居委' of '完成居（村）委个数' could not be read as a figure: ..."]
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from .. import units
from ..errors import Severity, TargetSyntaxError, UnitError
from ..targets import Comparator, Target, TargetKind, parse_target
from ..vocab import (
    COST_WORD,
    QUALITATIVE_DIGIT_IDIOMS,
    QUANTIFIED_LEVEL2,
    UNBOUNDED_RATE_WORDS,
    normalize_label,
)
from .core import Check, Context, Document, Finding, iter_indicators
from .names import implied_unit, is_count_name, is_rate_name, name_core
from .structure import category_mismatch

__all__ = [
    "CHECKS",
    "actual_bound",
    "blank_actual",
    "blank_target",
    "cost_floor",
    "quantity_expected",
    "rate_over_100",
    "unit_implied",
    "unreadable",
]

_PERCENT = "%"


def _unreadable_reason(target: Target) -> str | None:
    """Why a target read as qualitative is an unreadable figure (None when it is plain text)."""
    if target.kind is not TargetKind.QUALITATIVE:
        return None
    core = normalize_label(target.text)
    if not core or core in QUALITATIVE_DIGIT_IDIOMS:
        return None
    try:
        parse_target(target.text, strict=True)
    except TargetSyntaxError as exc:
        return f"{exc.reason} at position {exc.position}"
    return None


def _is_blank(target: Target | None) -> bool:
    return target is None or (not target.text.strip() and target.quantity is None)


def unreadable(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM401 a target that looks like a figure (a digit, a comparator) can be read as one.

    Idioms such as ``0发生`` (no incident) are qualitative on purpose and are not reported.

    >>> from perfmodel.model import Indicator, Project
    >>> i = Indicator("重特大事故发生情况", "效益指标", "社会效益指标", parse_target("0发生"))
    >>> list(unreadable(Project("p", indicators=[i]), Context()))
    []
    """
    for indicator in iter_indicators(doc, ctx):
        target = indicator.target
        if target is None:
            continue
        reason = _unreadable_reason(target)
        if reason is not None:
            yield Finding(
                f"target {target.text.strip()!r} of {indicator.name!r} could not be read as a "
                f"figure: {reason}",
                field="target",
                indicator=indicator,
            )


def _percent(target: Target) -> Decimal | None:
    if target.quantity is None or target.unit_text is None:
        return None
    if not units.are_compatible(target.unit_text, _PERCENT):
        return None
    return units.convert(target.quantity.magnitude, target.unit_text, _PERCENT)


def rate_over_100(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM402 a rate (…率) is not set above 100% (growth rates excepted: 增长率, 提升率 …).

    >>> from perfmodel.model import Indicator, Project
    >>> i = Indicator("验收合格率", "产出指标", "质量指标", parse_target("=110%"))
    >>> [f.expected for f in rate_over_100(Project("p", indicators=[i]), Context())]
    ['≤ 100%']
    """
    for indicator in iter_indicators(doc, ctx):
        target = indicator.target
        if target is None or target.kind is not TargetKind.QUANTITATIVE:
            continue
        if not is_rate_name(indicator.name):
            continue
        if any(word in name_core(indicator.name) for word in UNBOUNDED_RATE_WORDS):
            continue
        percent = _percent(target)
        if percent is not None and percent > 100:
            yield Finding(
                f"rate {indicator.name!r} has target {str(target)!r}, above 100%",
                field="target",
                indicator=indicator,
                expected="≤ 100%",
            )


def cost_floor(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM403 a cost indicator (成本指标) is a ceiling (≤), not a floor (≥ or >).

    Rates under a cost category (成本节约率 ≥ 5%) are a floor on purpose and are not reported.

    >>> from perfmodel.model import Indicator, Project
    >>> i = Indicator("设备采购成本", "产出指标", "成本指标", parse_target("≥50万元"))
    >>> [f.expected for f in cost_floor(Project("p", indicators=[i]), Context())]
    ['≤50万元']
    """
    for indicator in iter_indicators(doc, ctx):
        target = indicator.target
        if target is None or target.kind is not TargetKind.QUANTITATIVE:
            continue
        if target.comparator not in (Comparator.GE, Comparator.GT):
            continue
        categories = normalize_label(indicator.level1) + normalize_label(indicator.level2)
        if COST_WORD not in categories or is_rate_name(indicator.name):
            continue
        number = "" if target.quantity is None else f"{target.magnitude}{target.unit_text or ''}"
        yield Finding(
            f"cost indicator {indicator.name!r} has target {str(target)!r}: a cost is capped "
            f"(≤), a floor rewards spending more",
            field="target",
            indicator=indicator,
            expected=f"≤{number}",
        )


def quantity_expected(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM404 a figure is given where the indicator calls for one (a warning).

    A rate (…率) or a count (…数量, …次数) with a qualitative target ("及时", "建立健全"), and
    any indicator of 数量指标 or 成本指标 whose target is qualitative or a bare direction
    ("提升" without an amount). A direction on a rate outside those categories ("知晓率 提升")
    is accepted. Indicators whose category PM305 already questions, and targets PM401 reports,
    are left to those checks.

    >>> from perfmodel.model import Indicator, Project
    >>> i = Indicator("重大项目推进完成率", "产出指标", "数量指标", parse_target("按计划有序推进"))
    >>> [f.message for f in quantity_expected(Project("p", indicators=[i]), Context())]
    ["'重大项目推进完成率' is a rate (…率) but its target '按计划有序推进' is not a figure; ..."]
    """
    for indicator in iter_indicators(doc, ctx):
        target = indicator.target
        if _is_blank(target) or target is None or _unreadable_reason(target) is not None:
            continue
        qualitative = target.kind is TargetKind.QUALITATIVE
        bare_change = target.kind is TargetKind.CHANGE and target.quantity is None
        text = target.text.strip()
        if qualitative and is_rate_name(indicator.name):
            yield Finding(
                f"{indicator.name!r} is a rate (…率) but its target {text!r} is not a figure; "
                "expected a percentage",
                field="target",
                indicator=indicator,
            )
        elif qualitative and is_count_name(indicator.name):
            unit = implied_unit(indicator.name)
            what = f"a count in {unit}" if unit else "a count"
            yield Finding(
                f"{indicator.name!r} is a count but its target {text!r} is not a figure; "
                f"expected {what}",
                field="target",
                indicator=indicator,
            )
        elif (
            (qualitative or bare_change)
            and normalize_label(indicator.level2) in QUANTIFIED_LEVEL2
            and category_mismatch(indicator) is None
        ):
            yield Finding(
                f"{indicator.name!r} is filed under {normalize_label(indicator.level2)}, which "
                f"states figures, but its target {text!r} is not a figure",
                field="target",
                indicator=indicator,
            )


def _fits(unit_text: str, implied: str) -> bool:
    base = unit_text.split("/", 1)[0]
    return units.are_compatible(base, implied)


def unit_implied(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM405 a quantitative target carries the unit its name implies (…次数 → 次, …率 → %).

    A missing unit is reported with the figure completed; a unit of another kind (a rate in 个)
    is reported as not fitting.

    >>> from perfmodel.model import Indicator, Project
    >>> i = Indicator("生产安全事故次数", "效益指标", "社会效益指标", parse_target("0"))
    >>> [f.expected for f in unit_implied(Project("p", indicators=[i]), Context())]
    ['=0次']
    """
    for indicator in iter_indicators(doc, ctx):
        target = indicator.target
        if target is None or target.kind is not TargetKind.QUANTITATIVE:
            continue
        implied = implied_unit(indicator.name)
        if implied is None or target.comparator is None or target.quantity is None:
            continue
        if target.unit_text is None:
            yield Finding(
                f"target {target.text.strip()!r} of {indicator.name!r} has no unit; the name "
                f"implies {implied}",
                field="target",
                indicator=indicator,
                expected=f"{target.comparator.symbol}{target.magnitude}{implied}",
            )
        elif not _fits(target.unit_text, implied):
            yield Finding(
                f"target {str(target)!r} of {indicator.name!r} is in {target.unit_text}; the "
                f"name implies {implied}",
                field="target",
                indicator=indicator,
                expected=implied,
            )


def blank_target(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM406 every level-3 has a target (a blank 指标值 is a finding, never a crash).

    Reference rows (投入管理指标) have none on purpose and are skipped.

    >>> from perfmodel.model import Indicator, Project
    >>> i = Indicator("实训基地个数", "产出指标", "数量指标")
    >>> [f.message for f in blank_target(Project("p", indicators=[i]), Context())]
    ["'实训基地个数' has no target (指标值 is blank)"]
    """
    for indicator in iter_indicators(doc, ctx):
        if _is_blank(indicator.target):
            yield Finding(
                f"{indicator.name!r} has no target (指标值 is blank)",
                field="target",
                indicator=indicator,
            )


def blank_actual(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM407 every indicator of a self-evaluation has its actual (全年完成值/实际完成值).

    >>> from perfmodel.model import FormKind, Indicator, Unit
    >>> i = Indicator("无重大事故发生率", "效益指标", "社会效益指标", parse_target("≤0%"))
    >>> u = Unit("u", indicators=[i], form=FormKind.UNIT_SELF_EVALUATION)
    >>> [f.field for f in blank_actual(u, Context())]
    ['actual']
    """
    if not doc.form.is_self_evaluation:
        return
    for indicator in iter_indicators(doc, ctx):
        actual = indicator.actual
        if actual is None or (not actual.text.strip() and actual.quantity is None):
            yield Finding(
                f"{indicator.name!r} has no 实际完成值 in a self-evaluation",
                field="actual",
                indicator=indicator,
            )


def actual_bound(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM408 an actual (实际完成值) states the value achieved, not a bound (≥, ≤, >, <).

    "≥90.00(%)" in the 全年完成值 column restates the target instead of reporting what was
    measured; "=90%" or "92%" is a value.

    >>> from perfmodel.model import FormKind, Indicator, Unit
    >>> from perfmodel.targets import parse_actual
    >>> i = Indicator("受益群体满意度", "满意度指标", "服务对象满意度指标", parse_target("≥90%"),
    ...               actual=parse_actual("≥90.00(%)"))
    >>> u = Unit("u", indicators=[i], form=FormKind.UNIT_SELF_EVALUATION)
    >>> [f.message for f in actual_bound(u, Context())]
    ["actual '≥90.00(%)' of '受益群体满意度' is a bound, not the value achieved"]
    """
    for indicator in iter_indicators(doc, ctx):
        actual = indicator.actual
        if actual is None or actual.kind is not TargetKind.QUANTITATIVE:
            continue
        if actual.comparator in (Comparator.GE, Comparator.GT, Comparator.LE, Comparator.LT):
            yield Finding(
                f"actual {actual.text.strip()!r} of {indicator.name!r} is a bound, not the "
                "value achieved",
                field="actual",
                indicator=indicator,
            )


def actual_unit(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM409 an actual's unit converts to its target's (``10个`` cannot be compared with
    ``=10台``; a bare number is read in the target's unit).

    >>> from perfmodel.model import FormKind, Indicator, Unit
    >>> from perfmodel.targets import parse_actual
    >>> i = Indicator("加装电梯数量", "产出指标", "数量指标", parse_target("=10台"),
    ...               actual=parse_actual("10个"))
    >>> u = Unit("u", indicators=[i], form=FormKind.UNIT_SELF_EVALUATION)
    >>> [(f.message, f.expected) for f in actual_unit(u, Context())]
    [("actual '10个' of '加装电梯数量' is in 个, which does not convert to 台", '台')]
    """
    for indicator in iter_indicators(doc, ctx):
        target, actual = indicator.target, indicator.actual
        if target is None or actual is None or target.quantity is None:
            continue
        if actual.quantity is None or actual.unit_text is None or target.unit_text is None:
            continue
        try:
            actual.magnitude_in(target.unit_text)
        except UnitError:
            yield Finding(
                f"actual {actual.text.strip()!r} of {indicator.name!r} is in "
                f"{actual.unit_text}, which does not convert to {target.unit_text}",
                field="actual",
                indicator=indicator,
                expected=target.unit_text,
            )


#: The target checks, in code order.
CHECKS: tuple[Check, ...] = (
    Check("PM401", Severity.ERROR, "a target that looks like a figure can be read", unreadable),
    Check("PM402", Severity.ERROR, "a rate's target is not above 100%", rate_over_100),
    Check("PM403", Severity.ERROR, "a cost target is a ceiling (≤), not a floor", cost_floor),
    Check(
        "PM404", Severity.WARNING, "a figure where the indicator calls for one", quantity_expected
    ),
    Check("PM405", Severity.WARNING, "a target carries the unit its name implies", unit_implied),
    Check("PM406", Severity.ERROR, "every level-3 has a target", blank_target),
    Check("PM407", Severity.ERROR, "every self-evaluated indicator has an actual", blank_actual),
    Check("PM408", Severity.WARNING, "an actual is a value, not a bound", actual_bound),
    Check("PM409", Severity.ERROR, "an actual's unit converts to its target's", actual_unit),
)
