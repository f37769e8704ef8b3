"""Rules written in a form's 评(扣)分标准 column, and the reader of that text.

"达到…得满分，否则不得分" is :class:`AllOrNothing`; "按线性扣分"/"按比例" :class:`Proportional`;
"每降X%扣Y分，扣完为止" :class:`StepDeduction`; "±a%以内得p分，±a-b%以内得q分…以外不得分"
:class:`DeviationBands`; "视偏差情况扣分" :class:`Judgement`. :func:`parse_rule_text` reads it.

>>> parse_rule_text("90%以上得10分，每降5%扣1分，扣完为止")
StepDeduction(step=Decimal('5'), deduction=Decimal('1'), threshold=Decimal('90'), full=...)
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from ..errors import ConstructionError
from ..targets import Actual, Band, Comparator, Target
from ._common import EXACT, fmt, pct, to_decimal
from ._formulas import (
    _band_points,
    _formula_text,
    _full,
    _label,
    _Result,
    _undecidable,
    _values,
    _zero,
)
from ._ruletext import parse_rule_text as _parse_rule_text
from .policy import Policy
from .rules import _QUALITATIVE, Rule, _ResultRule, quantitative_default

__all__ = [
    "AllOrNothing",
    "DeviationBand",
    "DeviationBands",
    "Judgement",
    "Proportional",
    "StepDeduction",
    "parse_rule_text",
]

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


@attrs.frozen(slots=True)
class AllOrNothing(_ResultRule):
    """达到得满分，否则不得分: full points when the target is met, otherwise 0.

    >>> from perfmodel.targets import parse_target, parse_actual
    >>> AllOrNothing().apply(parse_target("≥90%"), parse_actual("89%"), Decimal(5), Policy()).points
    Decimal('0')
    """

    code: ClassVar[str] = "all_or_nothing"
    label: ClassVar[str] = "达到得满分，否则不得分"

    def _compute(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> _Result | None:
        if target is None:
            return None
        met = target.is_met(actual)
        if met is None:
            return _undecidable(target, actual, max_points, given)
        if met:
            return _full(f"实际“{_label(actual)}”达到目标“{_label(target)}”，得满分", max_points)
        return _zero(f"实际“{_label(actual)}”未达到目标“{_label(target)}”，不得分")


@attrs.frozen(slots=True)
class Proportional(_ResultRule):
    """按比例 / 按线性扣分: the quantitative default stated explicitly (positive: actual / target;
    reverse: the policy's variant; =0: all or nothing).

    >>> from perfmodel.targets import parse_target, parse_actual
    >>> Proportional().apply(parse_target("≥100"), parse_actual("80"), Decimal(10), Policy()).points
    Decimal('8')
    """

    code: ClassVar[str] = "proportional"
    label: ClassVar[str] = "按比例（线性）计分"

    def _compute(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> _Result | None:
        if target is None or _values(target, actual) is None:
            return None
        rule = quantitative_default(target).resolve(policy)
        return rule._result(target, actual, max_points, policy, given)


def _decimal_field(value: Any) -> Decimal:
    return to_decimal(value, "rule parameter")


def _opt_decimal_field(value: Any) -> Decimal | None:
    return None if value is None else to_decimal(value, "rule parameter")


def _positive_decimal(instance: Any, attribute: attrs.Attribute[Any], value: Decimal) -> None:
    if value <= 0:
        raise ConstructionError(
            f"{type(instance).__name__}.{attribute.name} must be positive, got {value}"
        )


@attrs.frozen(slots=True)
class StepDeduction(_ResultRule):
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

    def _compute(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> _Result | None:
        v = _values(target, actual)
        if v is None or target is None:
            return None
        t, actual_value, notes = v
        threshold = t if self.threshold is None else self.threshold
        comparator = target.comparator or Comparator.GE
        met = comparator.holds(actual_value, t) if not comparator.is_reverse else None
        if self.full is not None and self.full != max_points:
            notes += (f"评分标准满分 {fmt(self.full)} 分，按分值 {fmt(max_points)} 分计",)
        a, thr = fmt(actual_value), fmt(threshold)
        if actual_value >= threshold:
            return (max_points, met, f"实际 {a} ≥ {thr}，得满分", False, None, False, notes, ())
        steps = EXACT.divide(threshold - actual_value, self.step).to_integral_value(
            decimal.ROUND_FLOOR
        )
        deducted = steps * self.deduction
        points = max(max_points - deducted, _ZERO)
        text = (
            f"{fmt(max_points)} − ⌊({thr} − {a}) / {fmt(self.step)}⌋ × {fmt(self.deduction)}"
            f" = {fmt(max_points)} − {fmt(deducted)}"
        )
        if deducted >= max_points:
            text += "，扣完为止"
        return (points, False if met is None else met, text, True, None, False, notes, ())


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
        raise ConstructionError("DeviationBands needs at least one band")
    return tuple(sorted(items, key=lambda b: b.upper))


def _check_measure(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if value not in ("auto", "value", "deviation"):
        raise ConstructionError(
            f"DeviationBands.measure must be auto, value or deviation, got {value!r}"
        )


@attrs.frozen(slots=True)
class DeviationBands(_ResultRule):
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

    def _compute(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> _Result | None:
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
            return (points, first, text, True, None, False, (), ())
        return (stated, first, f"{lead}，{where}", False, None, False, (), ())


@attrs.frozen(slots=True)
class Judgement(_ResultRule):
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

    def _compute(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> _Result | None:
        if target is None or _values(target, actual) is None:
            return _QUALITATIVE._result(target, actual, max_points, policy, given)
        base = (
            quantitative_default(target)
            .resolve(policy)
            ._result(target, actual, max_points, policy, given)
        )
        if base is None or base[1] is not False:
            return base
        share = EXACT.divide(EXACT.multiply(base[0], _HUNDRED), max_points) if max_points else _ZERO
        partial = policy.band(Band.PARTIAL)
        band = Band.PARTIAL if share >= partial.low else Band.NOT_ACHIEVED
        formula = _formula_text(base[2])
        lead = f"未达到目标，按比例为分值的 {pct(EXACT.divide(share, _HUNDRED))}（{formula}）"
        return _band_points(band, lead, max_points, policy, given)


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
