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

from ..errors import ConstructionError, Diagnostic
from ..targets import Actual, Band, Comparator, Target, TargetKind
from ._common import EXACT, fmt
from ._formulas import (
    _band_points,
    _change_values,
    _formula_text,
    _full,
    _over,
    _positive,
    _relation,
    _Result,
    _reverse,
    _undecidable,
    _values,
    _zero,
)
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
    "quantitative_default",
]

_ZERO = Decimal(0)
# Enum members as constants (a class attribute lookup on an Enum is slow in Python 3.11).
_EQ, _GE, _LE, _LT = Comparator.EQ, Comparator.GE, Comparator.LE, Comparator.LT
_CHANGE_KIND, _QUALITATIVE_KIND = TargetKind.CHANGE, TargetKind.QUALITATIVE


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


def _outcome(result: _Result | None) -> Outcome | None:
    if result is None:
        return None
    points, met, formula, expression, band, over, notes, diagnostics = result
    texts = tuple([_formula_text(note) for note in notes])
    return Outcome(points, met, _formula_text(formula), expression, band, over, texts, diagnostics)


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
        raise ConstructionError(f"Reverse.variant must be 'national' or 'ratio', got {value!r}")


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
                return _full(("zero_target", a, True), max_points, notes=notes)
            return _zero(("zero_target", a, False), notes=notes)
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
            return _band_points(band, ("actual_lead", actual), max_points, policy, given)
        met = None if target is None else target.is_met(actual)
        if met is None:
            return _undecidable(target, actual, max_points, given)
        lead = ("relation", actual, "符合" if met else "未达到", target)
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
        v = _change_values(target, actual)
        if v is not None:
            t, a, notes = v
            word = target.label or ""
            if a >= t:
                over, more = _over(t, a, policy)
                return _full(
                    ("change_reached", word, a, t), max_points, over=over, notes=notes + more
                )
            if t <= 0:  # pragma: no cover - a change amount is never negative
                return _zero(f"实际{word} {fmt(a)} 未达到目标", notes=notes)
            points = EXACT.divide(EXACT.multiply(a, max_points), t)
            return (
                points,
                False,
                ("change_ratio", word, a, t, max_points),
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


# The rules are immutable values: the defaults are shared rather than built per indicator.
_POSITIVE = Positive()
_EQUALITY = Equality()
_QUALITATIVE = Qualitative()
_CHANGE = Change()
_REVERSE_DEFAULT = Reverse()
_REVERSE = {variant: Reverse(variant) for variant in ("national", "ratio")}
