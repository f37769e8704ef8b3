"""Scoring rules (评分规则) of the official defaults: one small class per rule.

A rule turns a target (指标值), an actual (实际完成值) and the indicator's points (分值) into an
exact, unrounded :class:`Outcome` with a formula a person can check; rounding happens once, later,
under the :class:`~perfmodel.scoring.policy.Policy`. A rule that cannot read the values it is given
(a step deduction against a qualitative actual) returns ``None`` and the scorer falls back to the
default rule, saying so. Rules written in a form's 评(扣)分标准 column live in
:mod:`perfmodel.scoring.written`.

>>> from perfmodel.targets import parse_target, parse_actual
>>> out = Positive().apply(parse_target("43.2"), parse_actual("37.24"), Decimal(10), Policy())
>>> out.formula, out.points.quantize(Decimal("0.01"))
('实际 37.24 / 目标 43.2 × 10', Decimal('8.62'))
"""

from __future__ import annotations

import abc
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from .. import units as _units
from ..errors import Diagnostic, Severity
from ..targets import Actual, Band, Comparator, Direction, Target, TargetKind, change_amount
from ._common import EXACT, fmt, pct
from .policy import Policy

__all__ = [
    "Change",
    "Equality",
    "Outcome",
    "Positive",
    "Qualitative",
    "Reverse",
    "Rule",
    "default_rule",
    "incomparable_units",
    "quantitative_default",
]

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
# Enum members as constants (a class attribute lookup on an Enum is slow in Python 3.11).
_EQ, _GE, _LE, _LT = Comparator.EQ, Comparator.GE, Comparator.LE, Comparator.LT
_CHANGE_KIND, _QUALITATIVE_KIND = TargetKind.CHANGE, TargetKind.QUALITATIVE
_ACHIEVED = Band.ACHIEVED


@attrs.frozen(slots=True)
class Outcome:
    """What a rule computed (评分结果, before rounding): exact points, whether the target was met,
    the formula, and notes.

    ``expression`` says whether ``formula`` is an arithmetic expression (the scorer writes
    "formula = points") or a statement ("statement，得 points 分"). ``over`` flags an actual far
    above target (超目标).

    >>> Outcome(Decimal(5), False, "目标 10 / 实际 15 × 10").met
    False
    """

    points: Decimal
    met: bool | None
    formula: str
    expression: bool = True
    band: Band | None = None
    over: bool = False
    notes: tuple[str, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()


class Rule(abc.ABC):
    """评分规则: the interface every rule implements.

    >>> isinstance(Positive(), Rule), Positive().code, Positive().label
    (True, 'positive', '正向指标')
    """

    __slots__ = ()
    code: ClassVar[str] = "rule"
    label: ClassVar[str] = "评分规则"
    #: Whether the evaluator's own points (得分) are taken (qualitative judgement).
    takes_given: ClassVar[bool] = False

    def resolve(self, policy: Policy) -> Rule:
        """The rule with every policy choice filled in (e.g. the reverse variant).

        >>> Reverse().resolve(Policy()).variant
        'national'
        """
        return self

    @abc.abstractmethod
    def apply(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> Outcome | None:
        """Score ``actual`` against ``target`` out of ``max_points``; ``None`` when not applicable.

        >>> from perfmodel.targets import parse_actual
        >>> Change().apply(None, parse_actual("1"), Decimal(5), Policy()) is None
        True
        """


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


class _Values:
    """Target and actual magnitudes in the target's unit, with the notes on how they were read."""

    __slots__ = ("actual", "notes", "target")

    def __init__(self, target: Decimal, actual: Decimal, notes: tuple[str, ...]) -> None:
        self.target = target
        self.actual = actual
        self.notes = notes


def _values(target: Target | None, actual: Actual) -> _Values | None:
    """Target and actual magnitudes in the target's unit; a negative actual counts as 0."""
    if target is None:
        return None
    tq = target.quantity
    aq = actual.quantity
    if tq is None or aq is None:
        return None
    t: Decimal = tq.magnitude
    unit_text = target.unit_text
    a_unit = actual.unit_text
    raw: Decimal = aq.magnitude
    if actual.kind is _CHANGE_KIND and actual.direction is Direction.DOWN:  # 下降6% moved −6
        raw = -raw
    if a_unit is None or unit_text is None or a_unit == unit_text:
        if raw >= 0:  # the common case: same unit, not negative, nothing to note
            return _Values(t, raw, ())
        notes: tuple[str, ...] = ()
    else:
        raw = raw * _units.factor(a_unit, unit_text)
        notes = (f"{fmt(aq.magnitude)}{a_unit} = {fmt(raw)}{unit_text}",)
    value = raw
    if raw < 0:
        value = _ZERO
        notes += (f"实际 {fmt(raw)} 为负数，按 0 计",)
    return _Values(t, value, notes)


def _change_values(target: Target, actual: Actual) -> _Values | None:
    """The actual's move in the target's direction (:func:`change_amount`), in the target's unit;
    a move the other way counts as 0."""
    tq, aq = target.quantity, actual.quantity
    amount = change_amount(target, actual)
    if tq is None or aq is None or amount is None:
        return None
    notes: tuple[str, ...] = ()
    if actual.unit_text and target.unit_text and actual.unit_text != target.unit_text:
        converted = actual.magnitude_in(target.unit_text)
        notes = (f"{fmt(aq.magnitude)}{actual.unit_text} = {fmt(converted)}{target.unit_text}",)
    if amount < 0:
        notes += (f"实际“{_label(actual)}”与目标方向相反，按 0 计",)
        amount = _ZERO
    return _Values(tq.magnitude, amount, notes)


def _over(v: _Values, policy: Policy) -> tuple[bool, tuple[str, ...]]:
    if v.target > 0 and v.actual * _HUNDRED >= v.target * policy.over_achievement:
        ratio = EXACT.divide(v.actual, v.target)
        return True, (
            f"实际为目标的 {pct(ratio)}，达到 {fmt(policy.over_achievement)}%，需说明偏差原因",
        )
    return False, ()


def _full(text: str, m: Decimal, *, over: bool = False, notes: tuple[str, ...] = ()) -> Outcome:
    return Outcome(m, True, f"{text}，得满分", False, _ACHIEVED, over, notes)


def _zero(
    text: str,
    met: bool | None = False,
    *,
    notes: tuple[str, ...] = (),
    diagnostics: tuple[Diagnostic, ...] = (),
) -> Outcome:
    return Outcome(_ZERO, met, text, False, None, False, notes, diagnostics)


def _label(value: Target | Actual | None) -> str:
    if value is None:
        return ""
    return str(value) or value.text


def _positive(v: _Values, comparator: Comparator, m: Decimal, policy: Policy) -> Outcome:
    a, t = fmt(v.actual), fmt(v.target)
    if comparator.holds(v.actual, v.target):
        over, notes = _over(v, policy)
        return _full(
            f"实际 {a} {comparator.symbol} 目标 {t}",
            m,
            over=over,
            notes=v.notes + notes if notes else v.notes,
        )
    if v.target <= 0:
        return _zero(f"实际 {a} 未达到目标 {comparator.symbol}{t}", notes=v.notes)
    points = EXACT.divide(EXACT.multiply(v.actual, m), v.target)
    return Outcome(points, False, f"实际 {a} / 目标 {t} × {fmt(m)}", True, None, False, v.notes)


def _undecidable(
    target: Target | None, actual: Actual, m: Decimal, given: Decimal | None
) -> Outcome:
    lead = f"实际“{_label(actual)}”无法与目标“{_label(target)}”比较"
    if given is not None and _ZERO <= given <= m:
        return Outcome(given, None, f"{lead}，采用评价人得分", expression=False)
    message = f"{lead}，需评价人给分"
    if given is not None:
        message += f"（评价人得分 {fmt(given)} 超出 0–{fmt(m)} 分）"
    diag = Diagnostic(Severity.WARNING, "SC103", message)
    return _zero(message, met=None, diagnostics=(diag,))


def incomparable_units(
    target: Target | None, actual: Actual, m: Decimal, given: Decimal | None, reason: str
) -> Outcome:
    """The outcome when the actual's unit cannot be converted to the target's (``10个`` against
    ``=10台``): the evaluator's points when stated and within 0–m, else 0, with an ``SC105``
    warning naming both units.

    >>> from perfmodel.targets import parse_target, parse_actual
    >>> o = incomparable_units(parse_target("=10台"), parse_actual("10个"), Decimal(5), None,
    ...                        "cannot convert '个' to '台'")
    >>> o.points, o.met, o.diagnostics[0].code
    (Decimal('0'), None, 'SC105')
    """
    lead = f"实际“{_label(actual)}”的单位无法换算为目标“{_label(target)}”的单位（{reason}）"
    if given is not None and _ZERO <= given <= m:
        return Outcome(given, None, f"{lead}，采用评价人得分", expression=False)
    message = f"{lead}，需核对计量单位或由评价人给分"
    return _zero(message, met=None, diagnostics=(Diagnostic(Severity.WARNING, "SC105", message),))


def _band_points(
    band: Band, lead: str, m: Decimal, policy: Policy, given: Decimal | None
) -> Outcome:
    """Points inside a qualitative band: the evaluator's when inside it, else the default share."""
    qb = policy.band(band)
    met = band is _ACHIEVED
    where = f"{band.label}（{qb.interval}）"
    diagnostics: tuple[Diagnostic, ...] = ()
    if given is not None:
        share = (
            EXACT.divide(EXACT.multiply(given, _HUNDRED), m)
            if m
            else (_ZERO if given == 0 else _HUNDRED + 1)
        )
        if qb.contains(share) and _ZERO <= given <= m:
            return Outcome(given, met, f"{lead}，{where}，采用评价人得分", False, band)
        low = EXACT.divide(EXACT.multiply(m, qb.low), _HUNDRED)
        high = EXACT.divide(EXACT.multiply(m, qb.high), _HUNDRED)
        message = (
            f"评价人得分 {fmt(given)} 不在“{band.label}”区间 {qb.interval}"
            f"（{fmt(low)}–{fmt(high)} 分）内"
        )
        diagnostics = (Diagnostic(Severity.WARNING, "SC102", message, expected=fmt(low)),)
        lead = f"{lead}，{message}"
    else:
        lead = f"{lead}，{where}，未给分"
    share = qb.default_share
    points = EXACT.divide(EXACT.multiply(m, share), _HUNDRED)
    return Outcome(
        points,
        met,
        f"{lead}，按默认比例 {fmt(share)}%：{fmt(m)} × {fmt(share)}%",
        band=band,
        diagnostics=diagnostics,
    )


# --------------------------------------------------------------------------------------------
# The rules
# --------------------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class Positive(Rule):
    """正向指标 (≥, >): met → full points; else actual / target × points.

    >>> from perfmodel.targets import parse_target, parse_actual
    >>> Positive().apply(parse_target("≥90%"), parse_actual("95%"), Decimal(10), Policy()).points
    Decimal('10')
    """

    code: ClassVar[str] = "positive"
    label: ClassVar[str] = "正向指标"

    def apply(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> Outcome | None:
        v = _values(target, actual)
        if v is None or target is None:
            return None
        comparator = target.comparator or _GE
        if comparator is _LE or comparator is _LT:
            comparator = _GE
        return _positive(v, comparator, max_points, policy)


def _check_variant(instance: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value not in (None, "national", "ratio"):
        raise ValueError(f"Reverse.variant must be 'national' or 'ratio', got {value!r}")


@attrs.frozen(slots=True)
class Reverse(Rule):
    """反向指标 (≤, <): met → full points; above target, by the policy's variant:
    ``"national"`` (1 − (actual − target) / target) × points, 0 at 2 × target, or ``"ratio"``
    target / actual × points. ``variant=None`` takes the policy's ``reverse_rule``.

    >>> from perfmodel.targets import parse_target, parse_actual
    >>> t, a = parse_target("≤10"), parse_actual("15")
    >>> Reverse("national").apply(t, a, Decimal(10), Policy()).points
    Decimal('5')
    >>> Reverse("ratio").apply(t, a, Decimal(10), Policy()).formula
    '目标 10 / 实际 15 × 10'
    """

    variant: str | None = attrs.field(default=None, validator=_check_variant)
    code: ClassVar[str] = "reverse"
    label: ClassVar[str] = "反向指标"

    def resolve(self, policy: Policy) -> Rule:
        """Fill the variant from the policy.

        >>> Reverse().resolve(Policy.provincial())
        Reverse(variant='ratio')
        """
        if self.variant:
            return self
        return _REVERSE.get(policy.reverse_rule) or Reverse(policy.reverse_rule)

    def apply(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> Outcome | None:
        v = _values(target, actual)
        if v is None or target is None:
            return None
        comparator = target.comparator
        if comparator is not _LE and comparator is not _LT:
            comparator = _LE
        assert comparator is not None
        a, t, m = fmt(v.actual), fmt(v.target), max_points
        if comparator.holds(v.actual, v.target):
            return _full(f"实际 {a} {comparator.symbol} 目标 {t}", m, notes=v.notes)
        if v.target <= 0:
            return _zero(f"实际 {a} 超过目标 {comparator.symbol}{t}", notes=v.notes)
        variant = self.variant or policy.reverse_rule
        if variant == "ratio":
            points = EXACT.divide(EXACT.multiply(v.target, m), v.actual)
            return Outcome(points, False, f"目标 {t} / 实际 {a} × {fmt(m)}", notes=v.notes)
        twice = v.target * 2
        if v.actual >= twice:
            return _zero(f"实际 {a} ≥ 2 × 目标 {t}", notes=v.notes)
        points = EXACT.divide(EXACT.multiply(twice - v.actual, m), v.target)
        return Outcome(
            points, False, f"(1 − (实际 {a} − 目标 {t}) / 目标 {t}) × {fmt(m)}", notes=v.notes
        )


@attrs.frozen(slots=True)
class Equality(Rule):
    """等于 (=): a zero target is met only by an actual ≤ 0 (else 0 points); a positive target is
    scored as a positive indicator.

    >>> from perfmodel.targets import parse_target, parse_actual
    >>> Equality().apply(parse_target("=0"), parse_actual("1"), Decimal(5), Policy()).points
    Decimal('0')
    """

    code: ClassVar[str] = "equality"
    label: ClassVar[str] = "等于指标"

    def apply(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> Outcome | None:
        v = _values(target, actual)
        if v is None:
            return None
        if v.target == 0:
            if v.actual <= 0:
                return _full(f"目标 = 0，实际 {fmt(v.actual)}", max_points, notes=v.notes)
            return _zero(f"目标 = 0，实际 {fmt(v.actual)} 不为 0", notes=v.notes)
        return _positive(v, _EQ, max_points, policy)


@attrs.frozen(slots=True)
class Qualitative(Rule):
    """定性指标: the actual is a band word (达成/部分达成/未达成…) or matches the target's label;
    the evaluator's points are taken when inside the band, else the band's default share.

    >>> from perfmodel.targets import parse_target, parse_actual
    >>> t, a = parse_target("及时"), parse_actual("部分达成")
    >>> out = Qualitative().apply(t, a, Decimal(10), Policy())
    >>> out.points, out.band
    (Decimal('7'), <Band.PARTIAL: 'partial'>)
    """

    code: ClassVar[str] = "qualitative"
    label: ClassVar[str] = "定性指标"
    takes_given: ClassVar[bool] = True

    def apply(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> Outcome | None:
        if actual.band is not None:
            return _band_points(actual.band, f"实际“{_label(actual)}”", max_points, policy, given)
        met = None if target is None else target.is_met(actual)
        if met is None:
            return _undecidable(target, actual, max_points, given)
        relation = "符合" if met else "未达到"
        lead = f"实际“{_label(actual)}”{relation}目标“{_label(target)}”"
        band = Band.ACHIEVED if met else Band.NOT_ACHIEVED
        return _band_points(band, lead, max_points, policy, given)


@attrs.frozen(slots=True)
class Change(Rule):
    """变化指标 (提升, 下降5%): met when the actual shows the direction (and the amount); short of
    the amount, actual / amount × points.

    >>> from perfmodel.targets import parse_target, parse_actual
    >>> Change().apply(parse_target("提升5%"), parse_actual("4%"), Decimal(10), Policy()).points
    Decimal('8')
    """

    code: ClassVar[str] = "change"
    label: ClassVar[str] = "变化指标"

    def apply(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> Outcome | None:
        if target is None or target.kind is not _CHANGE_KIND:
            return None
        if actual.band is not None:
            return Qualitative().apply(target, actual, max_points, policy, given)
        v = _change_values(target, actual)
        if v is not None:
            word = target.label or ""
            a, t = fmt(v.actual), fmt(v.target)
            if v.actual >= v.target:
                over, notes = _over(v, policy)
                return _full(
                    f"实际{word} {a} ≥ 目标{word} {t}", max_points, over=over, notes=v.notes + notes
                )
            if v.target <= 0:  # pragma: no cover - a change amount is never negative
                return _zero(f"实际{word} {a} 未达到目标", notes=v.notes)
            points = EXACT.divide(EXACT.multiply(v.actual, max_points), v.target)
            text = f"实际{word} {a} / 目标{word} {t} × {fmt(max_points)}"
            return Outcome(points, False, text, notes=v.notes)
        met = target.is_met(actual)
        if met is None:
            return _undecidable(target, actual, max_points, given)
        if met:
            return _full(f"实际“{_label(actual)}”符合目标“{_label(target)}”", max_points)
        return _zero(f"实际“{_label(actual)}”未达到目标“{_label(target)}”")


def quantitative_default(target: Target) -> Rule:
    """The default rule of a quantitative target: = → :class:`Equality`, ≤/< → :class:`Reverse`,
    else :class:`Positive`.

    >>> from perfmodel.targets import parse_target
    >>> quantitative_default(parse_target("<5"))
    Reverse(variant=None)
    """
    comparator = target.comparator
    if comparator is _EQ:
        return _EQUALITY
    if comparator is _LE or comparator is _LT:
        return _REVERSE_DEFAULT
    return _POSITIVE


def default_rule(target: Target | None, actual: Actual | None) -> Rule:
    """The rule the official defaults give for a target and actual (默认评分规则).

    >>> from perfmodel.targets import parse_target, parse_actual
    >>> default_rule(parse_target("≤10"), parse_actual("15"))
    Reverse(variant=None)
    >>> default_rule(parse_target("提升"), None)
    Change()
    """
    if actual is not None and actual.band is not None:
        return _QUALITATIVE
    if target is None:
        return _QUALITATIVE
    kind = target.kind
    if kind is _CHANGE_KIND:
        return _CHANGE
    if kind is _QUALITATIVE_KIND or (actual is not None and actual.quantity is None):
        return _QUALITATIVE
    return quantitative_default(target)


# The rules are immutable values: the defaults are shared rather than built per indicator.
_POSITIVE = Positive()
_EQUALITY = Equality()
_QUALITATIVE = Qualitative()
_CHANGE = Change()
_REVERSE_DEFAULT = Reverse()
_REVERSE = {variant: Reverse(variant) for variant in ("national", "ratio")}
