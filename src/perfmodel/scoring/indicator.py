"""Scoring one indicator (指标得分) and grading a total (等级).

:func:`score_indicator` picks the rule (the one written in the form's 评(扣)分标准 when it can be
read, else the official default for the target), applies it exactly, rounds once under the
:class:`~perfmodel.scoring.policy.Policy`, and says how the figure was reached.

>>> s = score_indicator("≥43.2", "37.24", 10)
>>> s.points, s.met, s.rule
(Decimal('8.62'), False, 'positive')
>>> s.explanation
'实际 37.24 / 目标 43.2 × 10 = 8.62'
>>> grade(Decimal("86.5")).label
'良'
"""

from __future__ import annotations

import enum
from decimal import Decimal
from functools import lru_cache
from typing import Any, ClassVar, Final

import attrs

from .._build import builder
from .._lazy import Lazy
from ..errors import Diagnostic, ScoringError, Severity, UnitError
from ..targets import Actual, Band, Comparator, Target, TargetKind, parse_actual, parse_target
from ..units import _convert_exactly
from ..vocab import GRADE_LABELS
from ._common import EXACT, to_decimal
from ._formulas import (
    _band_points,
    _Formula,
    _formula_text,
    _incomparable_units,
    _label,
    _Result,
)
from .policy import _QUANTA, _WIDE, Policy
from .rules import (
    _EQUALITY as _EQUALITY_RULE,
)
from .rules import (
    _POSITIVE as _POSITIVE_RULE,
)
from .rules import (
    _QUALITATIVE as _QUALITATIVE_RULE,
)
from .rules import (
    _REVERSE_DEFAULT,
    Change,
    Equality,
    Positive,
    Reverse,
    Rule,
    _default_resolved,
    default_rule,
)
from .written import Proportional, parse_rule_text

__all__ = ["Grade", "IndicatorScore", "grade", "resolve_rule", "score_indicator"]

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
_TWO = Decimal(2)
# Enum members as constants (a class attribute lookup on an Enum is slow in Python 3.11).
_EQ, _GE, _GT = Comparator.EQ, Comparator.GE, Comparator.GT
_LE, _LT = Comparator.LE, Comparator.LT
_CHANGE_KIND, _QUANTITATIVE_KIND = TargetKind.CHANGE, TargetKind.QUANTITATIVE
_ACHIEVED = Band.ACHIEVED


class Grade(enum.Enum):
    """等级: the grade of a self-evaluation total (优/良/中/差); ``value`` is a stable code.

    >>> Grade.GOOD.label, Grade("excellent")
    ('良', <Grade.EXCELLENT: 'excellent'>)
    """

    EXCELLENT = "excellent"
    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"

    @property
    def label(self) -> str:
        """The Chinese label (优, 良, 中, 差).

        >>> Grade.POOR.label
        '差'
        """
        return GRADE_LABELS[self.value]


def grade(total: Decimal | int | str, *, policy: Policy | None = None) -> Grade:
    """The grade (等级) of a total under the policy's ``grade_bands`` (default 优 ≥ 90, 良 ≥ 80,
    中 ≥ 60, else 差).

    >>> grade(90).label, grade("89.99").label, grade(Decimal(60)).label, grade(0).label
    ('优', '良', '中', '差')
    """
    value = to_decimal(total, "total")
    excellent, good, fair = (policy or Policy.central()).grade_bands
    if value >= excellent:
        return Grade.EXCELLENT
    if value >= good:
        return Grade.GOOD
    if value >= fair:
        return Grade.FAIR
    return Grade.POOR


@attrs.frozen(slots=True)
class IndicatorScore(Lazy):
    """指标得分: the points of one indicator and how they were reached.

    ``points`` is rounded once under the policy; ``exact`` is the unrounded figure; ``met`` is
    whether the target was reached (``None`` when that cannot be decided mechanically);
    ``rule`` is the code of the rule applied (``positive``, ``reverse``, ``equality``,
    ``qualitative``, ``change``, ``all_or_nothing``, ``proportional``, ``step_deduction``,
    ``deviation_bands``, ``judgement`` or ``missing_actual``) and ``rule_label`` its Chinese
    name; ``explanation`` is a sentence a person can check; ``needs_reason`` says a deviation
    reason (偏差原因分析及改进措施) is required: the target was not met, or the actual is far
    above it (``over_target``). ``band`` is the qualitative band (定性档次) where one applies;
    ``fallback`` says a written rule could not be used and the default was.

    >>> s = score_indicator("≤10", "15", 10)
    >>> s.points, s.needs_reason, s.rule_label
    (Decimal('5.00'), True, '反向指标')
    """

    points: Decimal
    max_points: Decimal
    met: bool | None
    rule: str
    rule_label: str
    explanation: str
    needs_reason: bool
    exact: Decimal
    band: Band | None = None
    over_target: bool = False
    fallback: bool = False
    notes: tuple[str, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    # A score built by the scorer keeps the formula, whether it is an expression, and the notes
    # as _Formula parts in _pending; the explanation and the notes are written when first read
    # (see perfmodel._lazy).
    _lazy_fields: ClassVar[tuple[str, ...]] = ("explanation", "notes")

    def _write_lazy(self, pending: tuple[_Formula, bool, tuple[_Formula, ...]]) -> tuple[Any, ...]:
        formula, expression, parts = pending
        notes = tuple([_formula_text(note) for note in parts]) if parts else ()
        return _explain(formula, expression, self.points, notes), notes


def _as_target(value: Target | str | None) -> Target | None:
    if value is None or isinstance(value, Target):
        return value
    if isinstance(value, str):
        return parse_target(value)
    raise ScoringError(f"target must be a Target or its text, got {type(value).__name__}")


def _as_actual(value: Actual | str | None) -> Actual | None:
    if value is None or isinstance(value, Actual):
        return value
    if isinstance(value, str):
        return None if not value.strip() else parse_actual(value)
    raise ScoringError(f"actual must be an Actual or its text, got {type(value).__name__}")


def resolve_rule(
    rule: Rule | str | None, target: Target | None, actual: Actual | None
) -> tuple[Rule, str | None]:
    """The rule to apply and, when a written rule could not be read, a note saying so.

    ``rule`` is a :class:`~perfmodel.scoring.rules.Rule`, a 评(扣)分标准 text, or ``None`` (the
    official default for the target).

    >>> from perfmodel.targets import parse_target
    >>> resolve_rule("达到目标值得满分，否则不得分", parse_target("≥90%"), None)
    (AllOrNothing(), None)
    >>> resolve_rule("另行商定", parse_target("≥90%"), None)[1]
    '评分标准“另行商定”未能识别，按默认规则（正向指标）计分'
    """
    if rule is None:
        return default_rule(target, actual), None
    if not isinstance(rule, str):  # (a text first: Rule is an ABC, slower to test against)
        if isinstance(rule, Rule):
            return rule, None
        raise ScoringError(f"rule must be a Rule or its text, got {type(rule).__name__}")
    if not rule.strip():
        return default_rule(target, actual), None
    parsed = _rule_of_text(rule)
    if parsed is not None:
        return parsed, None
    fallback = default_rule(target, actual)
    return fallback, f"评分标准“{rule.strip()}”未能识别，按默认规则（{fallback.label}）计分"


@lru_cache(maxsize=4096)
def _rule_of_text(text: str) -> Rule | None:
    """:func:`parse_rule_text`, once per text: rules are immutable, so the same one is shared."""
    return parse_rule_text(text)


def _explain(formula: _Formula, expression: bool, points: Decimal, notes: tuple[str, ...]) -> str:
    text = _formula_text(formula)
    if expression:
        text = f"{text} = {points}"
    elif "得满分" not in text and "不得分" not in text:
        text = f"{text}，得 {points} 分"
    return "；".join((text, *notes))


def score_indicator(
    target: Target | str | None,
    actual: Actual | str | None,
    max_points: Decimal | int | str,
    *,
    policy: Policy | None = None,
    rule: Rule | str | None = None,
    given: Decimal | int | str | None = None,
) -> IndicatorScore:
    """Score one indicator (指标得分): actual against target, out of ``max_points`` (分值).

    ``target`` and ``actual`` are :class:`~perfmodel.targets.Target` /
    :class:`~perfmodel.targets.Actual` values or their text. ``rule`` is a rule object or a
    评(扣)分标准 text (unreadable text falls back to the default rule and the explanation says
    so). ``given`` is the evaluator's own points (得分), taken by the qualitative rules when
    they lie inside the band (else a diagnostic). Units are converted before comparing; a
    negative actual counts as 0; points never exceed ``max_points``. A missing actual scores 0.
    A target not met never shows the full points: where a proportional formula gives them
    (``>10`` against 10) or rounding reaches them (99.99 of ``=100``), the points are one step
    of the policy's rounding below (9.99 of 10; 9 with whole points), ``exact`` keeping the
    formula's figure.

    >>> score_indicator("≥90%", "95%", 10).explanation
    '实际 95 ≥ 目标 90，得满分'
    >>> score_indicator("≤10", "15", 10, policy=Policy.provincial()).points
    Decimal('6.67')
    >>> score_indicator("=0", "1", 5).points
    Decimal('0.00')
    >>> s = score_indicator("及时", "部分达成", 10)
    >>> s.points, s.band.label
    (Decimal('7.00'), '部分达成年度指标并具有一定效果')
    >>> score_indicator("43.2", "37.24", 10, policy=Policy.whole_points()).points
    Decimal('9')
    >>> s = score_indicator(">10", "10", 10)
    >>> s.points, s.met, s.exact
    (Decimal('9.99'), False, Decimal('10'))
    """
    pol = policy or Policy.central()
    m = to_decimal(max_points, "max_points (分值)")
    if m < 0:
        raise ScoringError(f"max_points (分值) must not be negative, got {m}")
    given_points = None if given is None else to_decimal(given, "given points (得分)")
    return score_checked(_as_target(target), _as_actual(actual), m, pol, rule, given_points)


def score_checked(
    tgt: Target | None,
    act: Actual | None,
    m: Decimal,
    pol: Policy,
    rule: Rule | str | None,
    given_points: Decimal | None,
) -> IndicatorScore:
    """:func:`score_indicator` once its arguments are checked and coerced: ``m`` a finite
    ``Decimal`` ≥ 0, ``given_points`` a finite ``Decimal`` or ``None`` (for callers that hold
    model values already, such as :func:`~perfmodel.scoring.evaluate.evaluate`).

    >>> score_checked(None, None, Decimal(5), Policy(), None, None).explanation
    '未填写实际完成值，不得分'
    """
    return _new_score(*score_parts(tgt, act, m, pol, rule, given_points))


#: What an :class:`IndicatorScore` is built from (its builder's arguments, see
#: :func:`score_parts`): points, max_points, met, rule, rule_label, needs_reason, exact, band,
#: over_target, fallback, diagnostics, and the formula parts its explanation is written from.
ScoreParts = tuple[
    Decimal,
    Decimal,
    bool | None,
    str,
    str,
    bool,
    Decimal,
    Band | None,
    bool,
    bool,
    tuple[Diagnostic, ...],
    tuple[_Formula, bool, tuple[_Formula, ...]],
]
#: Places in :data:`ScoreParts` of the points, needs_reason and diagnostics.
POINTS: Final = 0
NEEDS_REASON: Final = 5
DIAGNOSTICS: Final = 10

#: The rule, label and explanation of a score with no actual (未填写实际完成值): 0 points.
_MISSING = ("missing_actual", "未填写完成值", "未填写实际完成值，不得分")


def score_parts(
    tgt: Target | None,
    act: Actual | None,
    m: Decimal,
    pol: Policy,
    rule: Rule | str | None,
    given_points: Decimal | None,
) -> ScoreParts:
    """:func:`score_checked` as the parts its :class:`IndicatorScore` is built from
    (:data:`ScoreParts`), for a scorer that keeps them and builds the score only when it is
    read (:func:`~perfmodel.scoring.evaluate.evaluate`).

    >>> parts = score_parts(None, None, Decimal(5), Policy(), None, None)
    >>> parts[POINTS], _new_score(*parts) == score_checked(None, None, Decimal(5), Policy(),
    ...                                                     None, None)
    (Decimal('0.00'), True)
    """
    if rule is None and act is not None and act.band is None:
        plain = _one_step(tgt, act, m, pol)
        if plain is not None:
            return plain
    return _rule_parts(tgt, act, m, pol, rule, given_points)


def _rule_parts(
    tgt: Target | None,
    act: Actual | None,
    m: Decimal,
    pol: Policy,
    rule: Rule | str | None,
    given_points: Decimal | None,
) -> ScoreParts:
    """:func:`score_parts` of what the one-step scorer does not take: no actual, a band word, a
    written rule, the default rules' other cases."""
    if act is None:
        code, label, text = _MISSING
        zero = pol.quantize(_ZERO)
        return (
            zero,
            m,
            None,
            code,
            label,
            False,
            _ZERO,
            None,
            False,
            False,
            (),
            (text, False, ()),
        )
    fallbacks: tuple[str, ...] = ()
    fallback_note = None
    chosen: Rule
    if rule is None and act.band is not None:
        # a band word (达成, 部分达成…): the qualitative rule, whatever the target (what
        # _default_resolved() gives and Qualitative computes)
        chosen = _QUALITATIVE_RULE
        result = _band_points(act.band, ("actual_lead", act), m, pol, given_points)
    else:
        chosen, result, fallback_note, fallbacks = _rule_result(
            tgt, act, m, pol, rule, given_points
        )
    exact, met, formula, expression, band, over, notes, diagnostics = result
    # clamped to [0, m] exactly as clamp() does (max(0, min(x, m)))
    if exact > m:
        exact = m
    if not exact > _ZERO:
        exact = _ZERO
    points = pol.quantize_within(exact, m)
    if met is False and band is None and points > _ZERO and type(chosen) in _LINEAR:
        # a target not met never shows the full points, even where the formula gives them
        # (actual = target under > or <) or rounding reaches them (99.99 of =100)
        full = pol.quantize_within(m, m)
        if points >= full:
            points = max(full - _QUANTA[pol.decimals], pol.quantize(_ZERO))
            formula = ("short_of_full", formula, expression, exact, _label(tgt))
            expression = False
    if fallback_note is not None:
        diagnostics += (Diagnostic(Severity.INFO, "SC104", fallback_note),)
    if fallbacks:
        notes += fallbacks
    # what IndicatorScore(...) is built from without its __init__ (it has no converters or
    # validators), the explanation and the notes left to be written when read
    return (
        points,
        m,
        met,
        chosen.code,
        chosen.label,
        met is False or over,
        exact,
        band,
        over,
        bool(fallbacks),
        diagnostics,
        (formula, expression, notes),
    )


def _rule_result(
    tgt: Target | None,
    act: Actual,
    m: Decimal,
    pol: Policy,
    rule: Rule | str | None,
    given_points: Decimal | None,
) -> tuple[Rule, _Result, str | None, tuple[str, ...]]:
    """The rule chosen for an indicator (the written one when it can be read and applies, else
    the default), what it computed, the note on a written rule that could not be read, and the
    notes on the rules not used."""
    fallbacks: tuple[str, ...] = ()
    try:
        if rule is None:
            fallback_note = None
            chosen = _default_resolved(tgt, act, pol)
            result = chosen._result(tgt, act, m, pol, given_points)
        else:
            chosen, fallback_note = resolve_rule(rule, tgt, act)
            chosen = chosen.resolve(pol)
            result = chosen._result(tgt, act, m, pol, given_points)
            if fallback_note is not None:
                fallbacks = (fallback_note,)
        if result is None:
            default = default_rule(tgt, act).resolve(pol)
            fallbacks += (f"“{chosen.label}”不适用于这组指标值，按默认规则（{default.label}）计分",)
            chosen = default
            result = chosen._result(tgt, act, m, pol, given_points)
            if result is None:  # pragma: no cover - the default rules always give a result
                raise ScoringError(f"no rule can score {act.text!r} against {tgt!r}")
    except UnitError as exc:  # 10个 against =10台: not compared, said (SC105)
        chosen, fallback_note = resolve_rule(rule, tgt, act)
        chosen = chosen.resolve(pol)
        fallbacks = () if fallback_note is None else (fallback_note,)
        result = _incomparable_units(tgt, act, m, given_points, str(exc))
    return chosen, result, fallback_note, fallbacks


def _one_step(tgt: Target | None, act: Actual, m: Decimal, pol: Policy) -> ScoreParts | None:
    """:func:`score_parts` of the common quantitative cases in one step, else ``None``: the
    default rule (positive for ≥, > or no comparator, equality for =, reverse for ≤ and <) with
    both figures positive, the actual in the target's unit or converted to it by an exact
    factor; met (over the over-achievement mark or not), or not met and scored below the full
    points (0 at twice the target under the national reverse rule). What the default rule's
    ``_result`` gives, then clamped, rounded and capped."""
    if (
        tgt is None
        or act.band is not None
        or tgt.kind is not _QUANTITATIVE_KIND
        or act.kind is _CHANGE_KIND
        or m <= _ZERO
    ):
        return None
    aq = act.quantity
    tq = tgt.quantity
    if aq is None or tq is None:
        return None
    a: Decimal = aq._magnitude  # pint's slot (.magnitude is a property returning it)
    t: Decimal = tq._magnitude
    if not (a > _ZERO and t > _ZERO):
        return None
    a_unit = act.unit_text
    unit = tgt.unit_text
    notes: tuple[Any, ...] = ()
    if a_unit is not None and unit is not None and a_unit != unit:
        converted = _convert_exactly(a, a_unit, unit)
        if converted is None:
            return None
        notes = (("converted", a, a_unit, converted, unit),)
        a = converted
    quantum = _QUANTA[pol.decimals]
    rounding = pol.rounding
    full = m.quantize(quantum, rounding, _WIDE)
    if full > m:  # (rounded up past the 分值: quantize_within() floors it)
        return None
    comparator = tgt.comparator
    rule: Rule
    if comparator is _LE or comparator is _LT:
        rule = _REVERSE_DEFAULT  # (its code and label: the variant is the policy's)
        if a <= t if comparator is _LE else a < t:
            formula: tuple[Any, ...] = (("reached", a, comparator.symbol, t), False, notes)
            return (
                full,
                m,
                True,
                rule.code,
                rule.label,
                False,
                m,
                _ACHIEVED,
                False,
                False,
                (),
                formula,
            )
        if pol.reverse_rule == "ratio":
            exact = EXACT.divide(EXACT.multiply(t, m), a)
            formula = (("inverse_ratio", a, t, m), True, notes)
        else:
            twice = t * _TWO
            if a >= twice:  # 0 at twice the target
                zero = _ZERO.quantize(quantum, rounding, _WIDE)
                formula = (("twice", a, t), False, notes)
                return (
                    zero,
                    m,
                    False,
                    rule.code,
                    rule.label,
                    True,
                    _ZERO,
                    None,
                    False,
                    False,
                    (),
                    formula,
                )
            exact = EXACT.divide(EXACT.multiply(twice - a, m), t)
            formula = (("national", a, t, m), True, notes)
    else:
        if comparator is _EQ:
            rule = _EQUALITY_RULE
        elif comparator is _GE or comparator is None or comparator is _GT:
            rule = _POSITIVE_RULE
        else:  # pragma: no cover - every comparator is one of these
            return None
        if a > t or (a == t and comparator is not _GT):
            symbol = "≥" if comparator is None else comparator.symbol
            over = a * _HUNDRED >= t * pol.over_achievement  # far above target: noted
            if over:
                notes += (("over_text", t, a, pol.over_achievement),)
            formula = (("reached", a, symbol, t), False, notes)
            return (
                full,
                m,
                True,
                rule.code,
                rule.label,
                over,
                m,
                _ACHIEVED,
                over,
                False,
                (),
                formula,
            )
        exact = EXACT.divide(EXACT.multiply(a, m), t)
        formula = (("ratio", a, t, m), True, notes)
    points = exact.quantize(quantum, rounding, _WIDE)
    if points >= full:  # not met: one step below the full points, said so
        return None
    return (points, m, False, rule.code, rule.label, True, exact, None, False, False, (), formula)


def _build_score(
    self: Any,
    points: Decimal,
    max_points: Decimal,
    met: bool | None,
    rule: str,
    rule_label: str,
    needs_reason: bool,
    exact: Decimal,
    band: Band | None,
    over_target: bool,
    fallback: bool,
    diagnostics: tuple[Diagnostic, ...],
    _pending: tuple[_Formula, bool, tuple[_Formula, ...]],
) -> None:
    """Builds an :class:`IndicatorScore` (see :mod:`perfmodel._build`), its explanation and
    notes left to be written when read (see :mod:`perfmodel._lazy`)."""
    self.points = points
    self.max_points = max_points
    self.met = met
    self.rule = rule
    self.rule_label = rule_label
    self.needs_reason = needs_reason
    self.exact = exact
    self.band = band
    self.over_target = over_target
    self.fallback = fallback
    self.diagnostics = diagnostics
    self._pending = _pending
    self.__class__ = IndicatorScore


_new_score = builder(_build_score, IndicatorScore)

#: The rules whose points are a proportional share when the target is not met: capped one
#: rounding step below the full points. The written rules that state their points (step
#: deductions, deviation bands) are not, nor is a subclass with an apply() of its own.
_LINEAR = frozenset((Positive, Reverse, Equality, Change, Proportional))
