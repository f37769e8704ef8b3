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
import decimal
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from .. import units as _units
from ..errors import Diagnostic, Severity
from ..targets import Actual, Band, Comparator, Target, TargetKind
from ._common import EXACT, fmt, pct
from .policy import Policy, QualitativeBand

__all__ = [
    "Change",
    "Equality",
    "Outcome",
    "Positive",
    "Qualitative",
    "Reverse",
    "Rule",
    "default_rule",
    "quantitative_default",
]

_ZERO = Decimal(0)
_TWO = Decimal(2)
_HUNDRED = Decimal(100)
# Enum members as constants (a class attribute lookup on an Enum is slow in Python 3.11).
_EQ, _GE, _LE, _LT = Comparator.EQ, Comparator.GE, Comparator.LE, Comparator.LT
_CHANGE_KIND, _QUALITATIVE_KIND = TargetKind.CHANGE, TargetKind.QUALITATIVE
_QUANTITATIVE_KIND = TargetKind.QUANTITATIVE
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


#: A formula (计算过程) as its text, or as ``(function, *args)`` that writes it when it is read:
#: the scorer keeps the parts and writes the explanation only when someone reads it.
_Formula = str | tuple[Any, ...]

#: What a rule computes, as a plain tuple in :class:`Outcome`'s field order — points, met,
#: formula, expression, band, over, notes, diagnostics (building an object per indicator costs
#: more than the arithmetic).
_Result = tuple[
    Decimal, bool | None, _Formula, bool, Band | None, bool, tuple[str, ...], tuple[Diagnostic, ...]
]


def _formula_text(formula: _Formula) -> str:
    """The text of a ``_Formula``.

    >>> _formula_text("实际 5 ≥ 目标 3")
    '实际 5 ≥ 目标 3'
    >>> _formula_text((_ratio, Decimal("37.24"), Decimal("43.2"), Decimal(10)))
    '实际 37.24 / 目标 43.2 × 10'
    """
    if isinstance(formula, str):
        return formula
    return str(formula[0](*formula[1:]))


def _outcome(result: _Result | None) -> Outcome | None:
    if result is None:
        return None
    points, met, formula, expression, band, over, notes, diagnostics = result
    return Outcome(points, met, _formula_text(formula), expression, band, over, notes, diagnostics)


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

    def _result(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> _Result | None:
        """:meth:`apply` as a ``_Result`` tuple (what the scorer calls; the rules of this
        package compute it directly and derive :meth:`apply` from it).

        >>> from perfmodel.targets import parse_target, parse_actual
        >>> Positive()._result(parse_target("≥90%"), parse_actual("95%"), Decimal(10), Policy())[:2]
        (Decimal('10'), True)
        """
        out = self.apply(target, actual, max_points, policy, given)
        if out is None:
            return None
        return (
            out.points,
            out.met,
            out.formula,
            out.expression,
            out.band,
            out.over,
            out.notes,
            out.diagnostics,
        )


class _ResultRule(Rule):
    """A rule that computes its ``_Result`` directly; :meth:`apply` builds the
    :class:`Outcome` from it. A subclass that overrides :meth:`apply` is scored through it."""

    __slots__ = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # what the scorer calls: the computation itself, or apply() where a subclass overrides it
        overridden = cls.apply is not _ResultRule.apply
        cls._result = Rule._result if overridden else cls._compute  # type: ignore[method-assign, assignment]

    def apply(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> Outcome | None:
        """Score ``actual`` against ``target`` out of ``max_points``; ``None`` when not applicable.

        >>> from perfmodel.targets import parse_target, parse_actual
        >>> Positive().apply(parse_target("≥9"), parse_actual("3"), Decimal(6), Policy()).formula
        '实际 3 / 目标 9 × 6'
        """
        return _outcome(self._compute(target, actual, max_points, policy, given))

    @abc.abstractmethod
    def _compute(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> _Result | None:
        """The rule's ``_Result`` (``None`` when not applicable)."""


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _values(
    target: Target | None, actual: Actual
) -> tuple[Decimal, Decimal, tuple[str, ...]] | None:
    """Target and actual magnitudes in the target's unit, with the notes on how they were read;
    a negative actual counts as 0."""
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
    if a_unit is None or unit_text is None or a_unit == unit_text:
        if raw >= _ZERO:  # the common case: same unit, not negative, nothing to note
            return t, raw, ()
        notes: tuple[str, ...] = ()
    else:
        raw = raw * _units.factor(a_unit, unit_text)
        notes = (f"{fmt(aq.magnitude)}{a_unit} = {fmt(raw)}{unit_text}",)
    value = raw
    if raw < _ZERO:
        value = _ZERO
        notes += (f"实际 {fmt(raw)} 为负数，按 0 计",)
    return t, value, notes


def _over(t: Decimal, a: Decimal, policy: Policy) -> tuple[bool, tuple[str, ...]]:
    if t > _ZERO and a * _HUNDRED >= t * policy.over_achievement:
        return True, _over_note(t, a, policy)
    return False, ()


def _over_note(t: Decimal, a: Decimal, policy: Policy) -> tuple[str, ...]:
    ratio = EXACT.divide(a, t)
    return (f"实际为目标的 {pct(ratio)}，达到 {fmt(policy.over_achievement)}%，需说明偏差原因",)


def _full(
    formula: _Formula, m: Decimal, *, over: bool = False, notes: tuple[str, ...] = ()
) -> _Result:
    """Full points; ``formula`` already says "，得满分"."""
    return (m, True, formula, False, _ACHIEVED, over, notes, ())


def _zero(
    formula: _Formula,
    met: bool | None = False,
    *,
    notes: tuple[str, ...] = (),
    diagnostics: tuple[Diagnostic, ...] = (),
) -> _Result:
    return (_ZERO, met, formula, False, None, False, notes, diagnostics)


def _label(value: Target | Actual | None) -> str:
    if value is None:
        return ""
    return str(value) or value.text


# The formulas, written when an explanation is read (each takes the figures, not their text).


def _reached(a: Decimal, symbol: str, t: Decimal) -> str:
    return f"实际 {fmt(a)} {symbol} 目标 {fmt(t)}，得满分"


def _short(a: Decimal, symbol: str, t: Decimal) -> str:
    return f"实际 {fmt(a)} 未达到目标 {symbol}{fmt(t)}"


def _ratio(a: Decimal, t: Decimal, m: Decimal) -> str:
    return f"实际 {fmt(a)} / 目标 {fmt(t)} × {fmt(m)}"


def _above(a: Decimal, symbol: str, t: Decimal) -> str:
    return f"实际 {fmt(a)} 超过目标 {symbol}{fmt(t)}"


def _inverse_ratio(a: Decimal, t: Decimal, m: Decimal) -> str:
    return f"目标 {fmt(t)} / 实际 {fmt(a)} × {fmt(m)}"


def _twice(a: Decimal, t: Decimal) -> str:
    return f"实际 {fmt(a)} ≥ 2 × 目标 {fmt(t)}"


def _national(a: Decimal, t: Decimal, m: Decimal) -> str:
    tt = fmt(t)
    return f"(1 − (实际 {fmt(a)} − 目标 {tt}) / 目标 {tt}) × {fmt(m)}"


def _zero_target(a: Decimal, reached: bool) -> str:
    if reached:
        return f"目标 = 0，实际 {fmt(a)}，得满分"
    return f"目标 = 0，实际 {fmt(a)} 不为 0"


def _change_reached(word: str, a: Decimal, t: Decimal) -> str:
    return f"实际{word} {fmt(a)} ≥ 目标{word} {fmt(t)}，得满分"


def _change_ratio(word: str, a: Decimal, t: Decimal, m: Decimal) -> str:
    return f"实际{word} {fmt(a)} / 目标{word} {fmt(t)} × {fmt(m)}"


def _actual_lead(actual: Actual) -> str:
    return f"实际“{_label(actual)}”"


def _relation(actual: Actual, relation: str, target: Target | None) -> str:
    return f"实际“{_label(actual)}”{relation}目标“{_label(target)}”"


def _default_share(lead: _Formula, where: str, share: Decimal, m: Decimal) -> str:
    s = fmt(share)
    return f"{_formula_text(lead)}，{where}，未给分，按默认比例 {s}%：{fmt(m)} × {s}%"


def _positive(
    t: Decimal,
    a: Decimal,
    notes: tuple[str, ...],
    comparator: Comparator,
    m: Decimal,
    policy: Policy,
) -> _Result:
    if a >= t if comparator is _GE else comparator.holds(a, t):
        if t > _ZERO and a * _HUNDRED >= t * policy.over_achievement:  # _over(), inline
            more = _over_note(t, a, policy)
            return _full((_reached, a, comparator.symbol, t), m, over=True, notes=notes + more)
        return (m, True, (_reached, a, comparator.symbol, t), False, _ACHIEVED, False, notes, ())
    if t <= _ZERO:
        return _zero((_short, a, comparator.symbol, t), notes=notes)
    points = EXACT.divide(EXACT.multiply(a, m), t)
    return (points, False, (_ratio, a, t, m), True, None, False, notes, ())


def _reverse(
    t: Decimal,
    a: Decimal,
    notes: tuple[str, ...],
    comparator: Comparator,
    m: Decimal,
    variant: str,
) -> _Result:
    if comparator.holds(a, t):
        return _full((_reached, a, comparator.symbol, t), m, notes=notes)
    if t <= _ZERO:
        return _zero((_above, a, comparator.symbol, t), notes=notes)
    if variant == "ratio":
        points = EXACT.divide(EXACT.multiply(t, m), a)
        return (points, False, (_inverse_ratio, a, t, m), True, None, False, notes, ())
    twice = t * _TWO
    if a >= twice:
        return _zero((_twice, a, t), notes=notes)
    points = EXACT.divide(EXACT.multiply(twice - a, m), t)
    return (points, False, (_national, a, t, m), True, None, False, notes, ())


def _undecidable(
    target: Target | None, actual: Actual, m: Decimal, given: Decimal | None
) -> _Result:
    lead = f"实际“{_label(actual)}”无法与目标“{_label(target)}”比较"
    if given is not None and _ZERO <= given <= m:
        return (given, None, f"{lead}，采用评价人得分", False, None, False, (), ())
    message = f"{lead}，需评价人给分"
    if given is not None:
        message += f"（评价人得分 {fmt(given)} 超出 0–{fmt(m)} 分）"
    diag = Diagnostic(Severity.WARNING, "SC103", message)
    return _zero(message, met=None, diagnostics=(diag,))


#: Every decimal signal: a computation that raises none of them under a context gives the same
#: result under any context of the same precision and exponent limits.
_SIGNALS = (
    decimal.Clamped,
    decimal.DivisionByZero,
    decimal.Inexact,
    decimal.InvalidOperation,
    decimal.Overflow,
    decimal.Rounded,
    decimal.Subnormal,
    decimal.Underflow,
)
_wheres: dict[tuple[Any, ...], tuple[QualitativeBand, str]] = {}


def _where(band: Band, qb: QualitativeBand) -> str:
    """``f"{band.label}（{qb.interval}）"``, written now (the interval's normalize() follows the
    decimal context of the scoring) and remembered per band object and context limits when
    writing it signals nothing (then any context with those limits writes the same)."""
    ctx = decimal.getcontext()
    key = (id(qb), band, ctx.prec, ctx.Emax, ctx.Emin, ctx.clamp)
    hit = _wheres.get(key)
    if hit is not None and hit[0] is qb:
        return hit[1]
    text = f"{band.label}（{qb.interval}）"
    strict = decimal.Context(
        prec=ctx.prec, Emax=ctx.Emax, Emin=ctx.Emin, clamp=ctx.clamp, traps=list(_SIGNALS)
    )
    try:
        with decimal.localcontext(strict):
            qb.interval  # noqa: B018 - written again, under traps
    except decimal.DecimalException:
        return text
    if len(_wheres) >= 256:
        _wheres.clear()
    _wheres[key] = (qb, text)
    return text


def _band_points(
    band: Band, lead: _Formula, m: Decimal, policy: Policy, given: Decimal | None
) -> _Result:
    """Points inside a qualitative band: the evaluator's when inside it, else the default share."""
    qb = policy.band(band)
    met = band is _ACHIEVED
    where = _where(band, qb)
    share = qb.default_share
    if given is None:
        points = EXACT.divide(EXACT.multiply(m, share), _HUNDRED)
        return (points, met, (_default_share, lead, where, share, m), True, band, False, (), ())
    text = _formula_text(lead)
    share = (
        EXACT.divide(EXACT.multiply(given, _HUNDRED), m)
        if m
        else (_ZERO if given == 0 else _HUNDRED + 1)
    )
    if qb.contains(share) and _ZERO <= given <= m:
        return (given, met, f"{text}，{where}，采用评价人得分", False, band, False, (), ())
    low = EXACT.divide(EXACT.multiply(m, qb.low), _HUNDRED)
    high = EXACT.divide(EXACT.multiply(m, qb.high), _HUNDRED)
    message = (
        f"评价人得分 {fmt(given)} 不在“{band.label}”区间 {qb.interval}"
        f"（{fmt(low)}–{fmt(high)} 分）内"
    )
    diagnostics = (Diagnostic(Severity.WARNING, "SC102", message, expected=fmt(low)),)
    share = qb.default_share
    points = EXACT.divide(EXACT.multiply(m, share), _HUNDRED)
    s = fmt(share)
    formula = f"{text}，{message}，按默认比例 {s}%：{fmt(m)} × {s}%"
    return (points, met, formula, True, band, False, (), diagnostics)


# --------------------------------------------------------------------------------------------
# The rules
# --------------------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class Positive(_ResultRule):
    """正向指标 (≥, >): met → full points; else actual / target × points.

    >>> from perfmodel.targets import parse_target, parse_actual
    >>> Positive().apply(parse_target("≥90%"), parse_actual("95%"), Decimal(10), Policy()).points
    Decimal('10')
    """

    code: ClassVar[str] = "positive"
    label: ClassVar[str] = "正向指标"

    def _compute(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> _Result | None:
        """The rule's result tuple (see :meth:`Rule._result`).

        >>> from perfmodel.targets import parse_target, parse_actual
        >>> Positive()._compute(parse_target("≥9"), parse_actual("3"), Decimal(6), Policy())[0]
        Decimal('2')
        """
        v = _values(target, actual)
        if v is None or target is None:
            return None
        comparator = target.comparator or _GE
        if comparator is _LE or comparator is _LT:
            comparator = _GE
        return _positive(*v, comparator, max_points, policy)


def _check_variant(instance: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value not in (None, "national", "ratio"):
        raise ValueError(f"Reverse.variant must be 'national' or 'ratio', got {value!r}")


@attrs.frozen(slots=True)
class Reverse(_ResultRule):
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

    def _compute(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> _Result | None:
        """The rule's result tuple (see :meth:`Rule._result`).

        >>> from perfmodel.targets import parse_target, parse_actual
        >>> Reverse()._compute(parse_target("≤10"), parse_actual("15"), Decimal(10), Policy())[0]
        Decimal('5')
        """
        v = _values(target, actual)
        if v is None or target is None:
            return None
        comparator = target.comparator
        if comparator is not _LE and comparator is not _LT:
            comparator = _LE
        return _reverse(*v, comparator, max_points, self.variant or policy.reverse_rule)


@attrs.frozen(slots=True)
class Equality(_ResultRule):
    """等于 (=): a zero target is met only by an actual ≤ 0 (else 0 points); a positive target is
    scored as a positive indicator.

    >>> from perfmodel.targets import parse_target, parse_actual
    >>> Equality().apply(parse_target("=0"), parse_actual("1"), Decimal(5), Policy()).points
    Decimal('0')
    """

    code: ClassVar[str] = "equality"
    label: ClassVar[str] = "等于指标"

    def _compute(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> _Result | None:
        """The rule's result tuple (see :meth:`Rule._result`).

        >>> from perfmodel.targets import parse_target, parse_actual
        >>> Equality()._compute(parse_target("=0"), parse_actual("0"), Decimal(5), Policy())[1]
        True
        """
        v = _values(target, actual)
        if v is None:
            return None
        t, a, notes = v
        if t == _ZERO:
            if a <= _ZERO:
                return _full((_zero_target, a, True), max_points, notes=notes)
            return _zero((_zero_target, a, False), notes=notes)
        return _positive(t, a, notes, _EQ, max_points, policy)


@attrs.frozen(slots=True)
class Qualitative(_ResultRule):
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

    def _compute(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> _Result | None:
        """The rule's result tuple (see :meth:`Rule._result`).

        >>> from perfmodel.targets import parse_target, parse_actual
        >>> Qualitative()._compute(None, parse_actual("达成"), Decimal(5), Policy())[4]
        <Band.ACHIEVED: 'achieved'>
        """
        band = actual.band
        if band is not None:
            return _band_points(band, (_actual_lead, actual), max_points, policy, given)
        met = None if target is None else target.is_met(actual)
        if met is None:
            return _undecidable(target, actual, max_points, given)
        lead = (_relation, actual, "符合" if met else "未达到", target)
        band = Band.ACHIEVED if met else Band.NOT_ACHIEVED
        return _band_points(band, lead, max_points, policy, given)


@attrs.frozen(slots=True)
class Change(_ResultRule):
    """变化指标 (提升, 下降5%): met when the actual shows the direction (and the amount); short of
    the amount, actual / amount × points.

    >>> from perfmodel.targets import parse_target, parse_actual
    >>> Change().apply(parse_target("提升5%"), parse_actual("4%"), Decimal(10), Policy()).points
    Decimal('8')
    """

    code: ClassVar[str] = "change"
    label: ClassVar[str] = "变化指标"

    def _compute(
        self,
        target: Target | None,
        actual: Actual,
        max_points: Decimal,
        policy: Policy,
        given: Decimal | None = None,
    ) -> _Result | None:
        """The rule's result tuple (see :meth:`Rule._result`).

        >>> from perfmodel.targets import parse_target, parse_actual
        >>> Change()._compute(parse_target("提升"), parse_actual("提升"), Decimal(5), Policy())[0]
        Decimal('5')
        """
        if target is None or target.kind is not _CHANGE_KIND:
            return None
        if actual.band is not None:
            return _QUALITATIVE._result(target, actual, max_points, policy, given)
        v = _values(target, actual)
        if v is not None:
            t, a, notes = v
            word = target.label or ""
            if a >= t:
                over, more = _over(t, a, policy)
                return _full(
                    (_change_reached, word, a, t), max_points, over=over, notes=notes + more
                )
            if t <= 0:  # pragma: no cover - a change amount is never negative
                return _zero(f"实际{word} {fmt(a)} 未达到目标", notes=notes)
            points = EXACT.divide(EXACT.multiply(a, max_points), t)
            return (
                points,
                False,
                (_change_ratio, word, a, t, max_points),
                True,
                None,
                False,
                notes,
                (),
            )
        met = target.is_met(actual)
        if met is None:
            return _undecidable(target, actual, max_points, given)
        if met:
            return _full(f"{_relation(actual, '符合', target)}，得满分", max_points)
        return _zero(_relation(actual, "未达到", target))


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


def _default_resolved(target: Target | None, actual: Actual, policy: Policy) -> Rule:
    """``default_rule(target, actual).resolve(policy)`` in one step (for the scorer)."""
    if actual.band is not None or target is None:
        return _QUALITATIVE
    kind = target.kind
    if kind is _CHANGE_KIND:
        return _CHANGE
    if kind is _QUALITATIVE_KIND or actual.quantity is None:
        return _QUALITATIVE
    comparator = target.comparator
    if comparator is _EQ:
        return _EQUALITY
    if comparator is _LE or comparator is _LT:
        return _REVERSE_DEFAULT.resolve(policy)
    return _POSITIVE


def _default_result(
    target: Target | None, actual: Actual, m: Decimal, policy: Policy, given: Decimal | None
) -> tuple[Rule, _Result | None]:
    """The default rule for ``target`` and ``actual`` under ``policy`` and its result, in one
    step for the common quantitative case (what ``_default_resolved(...)._result(...)`` gives).
    """
    if actual.band is None and target is not None and target.kind is _QUANTITATIVE_KIND:
        aq = actual.quantity
        tq = target.quantity
        if aq is not None and tq is not None:
            a: Decimal = aq.magnitude
            a_unit = actual.unit_text
            unit_text = target.unit_text
            if a >= _ZERO and (a_unit is None or unit_text is None or a_unit == unit_text):
                t: Decimal = tq.magnitude  # _values(), inline: same unit, not negative
                comparator = target.comparator
                if comparator is _EQ:
                    if t == _ZERO:
                        if a <= _ZERO:
                            return _EQUALITY, _full((_zero_target, a, True), m)
                        return _EQUALITY, _zero((_zero_target, a, False))
                    return _EQUALITY, _positive(t, a, (), _EQ, m, policy)
                if comparator is _LE or comparator is _LT:
                    rule = _REVERSE_DEFAULT.resolve(policy)
                    variant = rule.variant if isinstance(rule, Reverse) else None
                    return rule, _reverse(t, a, (), comparator, m, variant or policy.reverse_rule)
                return _POSITIVE, _positive(t, a, (), comparator or _GE, m, policy)
    rule = _default_resolved(target, actual, policy)
    return rule, rule._result(target, actual, m, policy, given)


# The rules are immutable values: the defaults are shared rather than built per indicator.
_POSITIVE = Positive()
_EQUALITY = Equality()
_QUALITATIVE = Qualitative()
_CHANGE = Change()
_REVERSE_DEFAULT = Reverse()
_REVERSE = {variant: Reverse(variant) for variant in ("national", "ratio")}
