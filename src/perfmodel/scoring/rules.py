"""Scoring rules (评分规则): one small class per rule, and the reader of 评(扣)分标准 text.

A rule turns a target (指标值), an actual (实际完成值) and the indicator's points (分值) into an
exact, unrounded :class:`Outcome` with a formula a person can check; rounding happens once, later,
under the :class:`~perfmodel.scoring.policy.Policy`. A rule that cannot read the values it is given
(a step deduction against a qualitative actual) returns ``None`` and the scorer falls back to the
default rule, saying so.

>>> from perfmodel.targets import parse_target, parse_actual
>>> out = Positive().apply(parse_target("43.2"), parse_actual("37.24"), Decimal(10), Policy())
>>> out.formula, out.points.quantize(Decimal("0.01"))
('实际 37.24 / 目标 43.2 × 10', Decimal('8.62'))
>>> parse_rule_text("90%以上得10分，每降5%扣1分，扣完为止")
StepDeduction(step=Decimal('5'), deduction=Decimal('1'), threshold=Decimal('90'), full=...)
"""

from __future__ import annotations

import abc
import decimal
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from ..errors import Diagnostic, Severity
from ..targets import Actual, Band, Comparator, Target, TargetKind
from ._common import EXACT, fmt, pct, to_decimal
from ._ruletext import parse_rule_text as _parse_rule_text
from .policy import Policy

__all__ = [
    "AllOrNothing",
    "Change",
    "DeviationBand",
    "DeviationBands",
    "Equality",
    "Judgement",
    "Outcome",
    "Positive",
    "Proportional",
    "Qualitative",
    "Reverse",
    "Rule",
    "StepDeduction",
    "default_rule",
    "parse_rule_text",
]

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


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
        >>> AllOrNothing().apply(None, parse_actual("1"), Decimal(5), Policy()) is None
        True
        """


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class _Values:
    target: Decimal
    actual: Decimal
    notes: tuple[str, ...]


def _values(target: Target | None, actual: Actual) -> _Values | None:
    """Target and actual magnitudes in the target's unit; a negative actual counts as 0."""
    if target is None or target.quantity is None or actual.quantity is None:
        return None
    t: Decimal = target.quantity.magnitude
    raw = actual.magnitude_in(target.unit_text)
    notes: list[str] = []
    if actual.unit_text and target.unit_text and actual.unit_text != target.unit_text:
        notes.append(
            f"{fmt(actual.quantity.magnitude)}{actual.unit_text} = {fmt(raw)}{target.unit_text}"
        )
    value = raw
    if raw < 0:
        value = _ZERO
        notes.append(f"实际 {fmt(raw)} 为负数，按 0 计")
    return _Values(t, value, tuple(notes))


def _over(v: _Values, policy: Policy) -> tuple[bool, tuple[str, ...]]:
    if v.target > 0 and v.actual * _HUNDRED >= v.target * policy.over_achievement:
        ratio = EXACT.divide(v.actual, v.target)
        return True, (
            f"实际为目标的 {pct(ratio)}，达到 {fmt(policy.over_achievement)}%，需说明偏差原因",
        )
    return False, ()


def _full(text: str, m: Decimal, **kwargs: Any) -> Outcome:
    return Outcome(m, True, f"{text}，得满分", expression=False, band=Band.ACHIEVED, **kwargs)


def _zero(text: str, met: bool | None = False, **kwargs: Any) -> Outcome:
    return Outcome(_ZERO, met, text, expression=False, **kwargs)


def _label(value: Target | Actual | None) -> str:
    if value is None:
        return ""
    return str(value) or value.text


def _positive(v: _Values, comparator: Comparator, m: Decimal, policy: Policy) -> Outcome:
    a, t = fmt(v.actual), fmt(v.target)
    if comparator.holds(v.actual, v.target):
        over, notes = _over(v, policy)
        return _full(f"实际 {a} {comparator.symbol} 目标 {t}", m, over=over, notes=v.notes + notes)
    if v.target <= 0:
        return _zero(f"实际 {a} 未达到目标 {comparator.symbol}{t}", notes=v.notes)
    points = EXACT.divide(EXACT.multiply(v.actual, m), v.target)
    return Outcome(points, False, f"实际 {a} / 目标 {t} × {fmt(m)}", notes=v.notes)


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


def _band_points(
    band: Band, lead: str, m: Decimal, policy: Policy, given: Decimal | None
) -> Outcome:
    """Points inside a qualitative band: the evaluator's when inside it, else the default share."""
    qb = policy.band(band)
    met = band is Band.ACHIEVED
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
        comparator = target.comparator or Comparator.GE
        if comparator.is_reverse:
            comparator = Comparator.GE
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
        return self if self.variant else Reverse(policy.reverse_rule)

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
        comparator = (
            target.comparator
            if target.comparator in (Comparator.LE, Comparator.LT)
            else Comparator.LE
        )
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
        return _positive(v, Comparator.EQ, max_points, policy)


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
        if target is None or target.kind is not TargetKind.CHANGE:
            return None
        if actual.band is not None:
            return Qualitative().apply(target, actual, max_points, policy, given)
        v = _values(target, actual)
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


@attrs.frozen(slots=True)
class AllOrNothing(Rule):
    """达到得满分，否则不得分: full points when the target is met, otherwise 0.

    >>> from perfmodel.targets import parse_target, parse_actual
    >>> AllOrNothing().apply(parse_target("≥90%"), parse_actual("89%"), Decimal(5), Policy()).points
    Decimal('0')
    """

    code: ClassVar[str] = "all_or_nothing"
    label: ClassVar[str] = "达到得满分，否则不得分"

    def apply(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> Outcome | None:
        if target is None:
            return None
        met = target.is_met(actual)
        if met is None:
            return _undecidable(target, actual, max_points, given)
        if met:
            return _full(f"实际“{_label(actual)}”达到目标“{_label(target)}”", max_points)
        return _zero(f"实际“{_label(actual)}”未达到目标“{_label(target)}”，不得分")


@attrs.frozen(slots=True)
class Proportional(Rule):
    """按比例 / 按线性扣分: the quantitative default stated explicitly (positive: actual / target;
    reverse: the policy's variant; =0: all or nothing).

    >>> from perfmodel.targets import parse_target, parse_actual
    >>> Proportional().apply(parse_target("≥100"), parse_actual("80"), Decimal(10), Policy()).points
    Decimal('8')
    """

    code: ClassVar[str] = "proportional"
    label: ClassVar[str] = "按比例（线性）计分"

    def apply(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> Outcome | None:
        if target is None or _values(target, actual) is None:
            return None
        rule = _quantitative_default(target).resolve(policy)
        return rule.apply(target, actual, max_points, policy, given)


def _decimal_field(value: Any) -> Decimal:
    return to_decimal(value, "rule parameter")


def _opt_decimal_field(value: Any) -> Decimal | None:
    return None if value is None else to_decimal(value, "rule parameter")


def _positive_decimal(instance: Any, attribute: attrs.Attribute[Any], value: Decimal) -> None:
    if value <= 0:
        raise ValueError(
            f"{type(instance).__name__}.{attribute.name} must be positive, got {value}"
        )


@attrs.frozen(slots=True)
class StepDeduction(Rule):
    """每降X扣Y分，扣完为止: full points at or above ``threshold`` (default: the target), then
    ``deduction`` points off per full ``step`` below it, never below 0.

    ``full`` records the full points the text names ("得10分"); the indicator's 分值 is used.

    >>> from perfmodel.targets import parse_target, parse_actual
    >>> rule = StepDeduction(step=5, deduction=1, threshold=90)
    >>> rule.apply(parse_target("≥90%"), parse_actual("79%"), Decimal(10), Policy()).points
    Decimal('8')
    """

    step: Decimal = attrs.field(converter=_decimal_field, validator=_positive_decimal)
    deduction: Decimal = attrs.field(converter=_decimal_field, validator=_positive_decimal)
    threshold: Decimal | None = attrs.field(default=None, converter=_opt_decimal_field)
    full: Decimal | None = attrs.field(default=None, converter=_opt_decimal_field)
    code: ClassVar[str] = "step_deduction"
    label: ClassVar[str] = "每降一档扣分"

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
        threshold = v.target if self.threshold is None else self.threshold
        comparator = target.comparator or Comparator.GE
        met = comparator.holds(v.actual, v.target) if not comparator.is_reverse else None
        notes = v.notes
        if self.full is not None and self.full != max_points:
            notes += (f"评分标准满分 {fmt(self.full)} 分，按分值 {fmt(max_points)} 分计",)
        a, thr = fmt(v.actual), fmt(threshold)
        if v.actual >= threshold:
            return Outcome(max_points, met, f"实际 {a} ≥ {thr}，得满分", False, notes=notes)
        steps = EXACT.divide(threshold - v.actual, self.step).to_integral_value(decimal.ROUND_FLOOR)
        deducted = steps * self.deduction
        points = max(max_points - deducted, _ZERO)
        text = (
            f"{fmt(max_points)} − ⌊({thr} − {a}) / {fmt(self.step)}⌋ × {fmt(self.deduction)}"
            f" = {fmt(max_points)} − {fmt(deducted)}"
        )
        if deducted >= max_points:
            text += "，扣完为止"
        return Outcome(points, False if met is None else met, text, notes=notes)


@attrs.frozen(slots=True)
class DeviationBand:
    """One band of a deviation rule (偏差区间): up to ``upper`` percent (inclusive), ``points``.

    >>> DeviationBand(10, 5).upper
    Decimal('10')
    """

    upper: Decimal = attrs.field(converter=_decimal_field)
    points: Decimal = attrs.field(converter=_decimal_field)


def _deviation_bands(value: Any) -> tuple[DeviationBand, ...]:
    items = tuple(b if isinstance(b, DeviationBand) else DeviationBand(*b) for b in value)
    if not items:
        raise ValueError("DeviationBands needs at least one band")
    return tuple(sorted(items, key=lambda b: b.upper))


def _check_measure(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if value not in ("auto", "value", "deviation"):
        raise ValueError(f"DeviationBands.measure must be auto, value or deviation, got {value!r}")


@attrs.frozen(slots=True)
class DeviationBands(Rule):
    """±a%以内得p分，±a–b%以内得q分，…以外不得分: points by the size of a deviation.

    ``measure`` is ``"value"`` (the actual itself is the deviation rate, e.g. a cost-control rate
    of 12%), ``"deviation"`` (|actual − target| / target in percent), or ``"auto"`` (value when
    the actual is a percentage, else deviation). Points are scaled to the indicator's 分值 when
    the text's top band names other points.

    >>> from perfmodel.targets import parse_target, parse_actual
    >>> rule = DeviationBands([(10, 5), (15, 3), (20, 1)])
    >>> rule.apply(parse_target("≤10%"), parse_actual("12%"), Decimal(5), Policy()).points
    Decimal('3')
    """

    bands: tuple[DeviationBand, ...] = attrs.field(converter=_deviation_bands)
    outside: Decimal = attrs.field(default=_ZERO, converter=_decimal_field)
    measure: str = attrs.field(default="auto", validator=_check_measure)
    code: ClassVar[str] = "deviation_bands"
    label: ClassVar[str] = "按偏差区间计分"

    def apply(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> Outcome | None:
        if actual.quantity is None:
            return None
        measure = self.measure
        has_target = target is not None and target.quantity is not None
        if measure == "auto":
            measure = "value" if actual.unit_text == "%" or not has_target else "deviation"
        if measure == "value":
            size = abs(actual.quantity.magnitude)
            lead = f"实际 {fmt(actual.quantity.magnitude)}%"
        else:
            if target is None or target.quantity is None or target.quantity.magnitude == 0:
                return None
            t: Decimal = target.quantity.magnitude
            a = actual.magnitude_in(target.unit_text)
            size = EXACT.divide(EXACT.multiply(abs(a - t), _HUNDRED), abs(t))
            lead = f"偏差 |{fmt(a)} − {fmt(t)}| / {fmt(t)} = {pct(EXACT.divide(size, _HUNDRED))}"
        lower = _ZERO
        stated = self.outside
        where = f"在 ±{fmt(self.bands[-1].upper)}% 以外"
        first = False
        for index, band in enumerate(self.bands):
            if size <= band.upper:
                stated = band.points
                span = fmt(band.upper) if index == 0 else f"{fmt(lower)}–{fmt(band.upper)}"
                where = f"在 ±{span}% 以内"
                first = index == 0
                break
            lower = band.upper
        top = max(b.points for b in self.bands)
        if top > 0 and top != max_points:
            points = EXACT.divide(EXACT.multiply(stated, max_points), top)
            text = (
                f"{lead}，{where}，评分标准 {fmt(stated)} / {fmt(top)} 分 × 分值 {fmt(max_points)}"
            )
            return Outcome(points, first, text)
        return Outcome(stated, first, f"{lead}，{where}", expression=False)


@attrs.frozen(slots=True)
class Judgement(Rule):
    """视偏差情况扣分: met → full points; otherwise the evaluator's points inside the band the
    proportional share falls in (never 达成), or that band's default share.

    >>> from perfmodel.targets import parse_target, parse_actual
    >>> out = Judgement().apply(parse_target("≥100"), parse_actual("75"), Decimal(10), Policy())
    >>> out.band, out.points
    (<Band.PARTIAL: 'partial'>, Decimal('7'))
    """

    code: ClassVar[str] = "judgement"
    label: ClassVar[str] = "视偏差情况扣分"
    takes_given: ClassVar[bool] = True

    def apply(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> Outcome | None:
        if target is None or _values(target, actual) is None:
            return Qualitative().apply(target, actual, max_points, policy, given)
        base = (
            _quantitative_default(target)
            .resolve(policy)
            .apply(target, actual, max_points, policy, given)
        )
        if base is None or base.met is not False:
            return base
        share = (
            EXACT.divide(EXACT.multiply(base.points, _HUNDRED), max_points) if max_points else _ZERO
        )
        partial = policy.band(Band.PARTIAL)
        band = Band.PARTIAL if share >= partial.low else Band.NOT_ACHIEVED
        lead = f"未达到目标，按比例为分值的 {pct(EXACT.divide(share, _HUNDRED))}（{base.formula}）"
        return _band_points(band, lead, max_points, policy, given)


def _quantitative_default(target: Target) -> Rule:
    comparator = target.comparator
    if comparator is Comparator.EQ:
        return Equality()
    if comparator is not None and comparator.is_reverse:
        return Reverse()
    return Positive()


def default_rule(target: Target | None, actual: Actual | None) -> Rule:
    """The rule the official defaults give for a target and actual (默认评分规则).

    >>> from perfmodel.targets import parse_target, parse_actual
    >>> default_rule(parse_target("≤10"), parse_actual("15"))
    Reverse(variant=None)
    >>> default_rule(parse_target("提升"), None)
    Change()
    """
    if actual is not None and actual.band is not None:
        return Qualitative()
    if target is None:
        return Qualitative()
    if target.kind is TargetKind.CHANGE:
        return Change()
    if target.kind is TargetKind.QUALITATIVE or (actual is not None and actual.quantity is None):
        return Qualitative()
    return _quantitative_default(target)


def parse_rule_text(text: str) -> Rule | None:
    """Read a 评(扣)分标准 text into a rule; ``None`` when the phrasing is not recognised.

    Recognised: "…得满分，否则不得分" (:class:`AllOrNothing`), "按线性扣分"/"按比例"
    (:class:`Proportional`), "每降X%扣Y分，扣完为止" (:class:`StepDeduction`), "±a%以内得p分，
    ±a-b%以内得q分…以外不得分" (:class:`DeviationBands`), "视偏差情况扣分" (:class:`Judgement`).

    >>> parse_rule_text("达到目标值得满分，否则不得分")
    AllOrNothing()
    >>> text = "±10%以内得5分，±10-15%以内得3分，±15-20%以内得1分，±20%以外不得分"
    >>> parse_rule_text(text).bands[1]
    DeviationBand(upper=Decimal('15'), points=Decimal('3'))
    >>> parse_rule_text("另行商定") is None
    True
    """
    parsed = _parse_rule_text(text)
    if parsed is None:
        return None
    kind, params = parsed
    if kind == "all_or_nothing":
        return AllOrNothing()
    if kind == "proportional":
        return Proportional()
    if kind == "judgement":
        return Judgement()
    if kind == "step":
        return StepDeduction(**params)
    return DeviationBands(params["bands"], outside=params["outside"])
