"""What the default rules compute, and the formulas they write (private).

The rules of :mod:`perfmodel.scoring.rules` and :mod:`perfmodel.scoring.written` return a plain
``_Result`` tuple rather than an :class:`~perfmodel.scoring.rules.Outcome` (building an object
per indicator costs more than its arithmetic), and its formula as ``(name, *args)``: the
scorer keeps the parts and writes the text when the explanation is first read, with the writer
of that name (:data:`_WRITERS`). Each writer takes the figures, not their text, so writing it
later gives the same text.

A formula names its writer rather than holding the function so that its tuple holds only
atoms (texts, ``Decimal`` figures, flags): CPython's cyclic garbage collector stops tracking
such a tuple the first time it finds one, where a function inside would keep it, and the score
holding it, tracked. A program that keeps 10⁵ evaluations spends most of its time in the
collector otherwise (see docs/performance.md).

>>> from decimal import Decimal
>>> from perfmodel.scoring.policy import Policy
>>> from perfmodel.targets import Comparator
>>> points, met, formula, *_ = _positive(
...     Decimal("43.2"), Decimal("37.24"), (), Comparator.GE, Decimal(10), Policy()
... )
>>> met, _formula_text(formula)
(False, '实际 37.24 / 目标 43.2 × 10')
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .. import units as _units
from ..errors import Diagnostic, Severity
from ..targets import Actual, Band, Comparator, Direction, Target, TargetKind, change_amount
from ._common import EXACT, fmt, pct
from .policy import Policy

_ZERO = Decimal(0)
_TWO = Decimal(2)
_HUNDRED = Decimal(100)
_TEN_THOUSANDTH = Decimal("0.0001")
# Enum members as constants (a class attribute lookup on an Enum is slow in Python 3.11).
_GE = Comparator.GE
_CHANGE_KIND, _DOWN = TargetKind.CHANGE, Direction.DOWN
_ACHIEVED = Band.ACHIEVED

#: A formula (计算过程) as its text, or as ``(name, *args)``: the writer ``_WRITERS[name]``
#: writes it from ``args`` when it is read (the scorer keeps the parts and writes the
#: explanation only when someone reads it).
_Formula = str | tuple[Any, ...]

#: What a rule computes, as a plain tuple in :class:`Outcome`'s field order — points, met,
#: formula, expression, band, over, notes, diagnostics (building an object per indicator costs
#: more than the arithmetic); each note is a ``_Formula`` too.
_Result = tuple[
    Decimal,
    bool | None,
    _Formula,
    bool,
    Band | None,
    bool,
    tuple[_Formula, ...],
    tuple[Diagnostic, ...],
]


def _formula_text(formula: _Formula) -> str:
    """The text of a ``_Formula``.

    >>> _formula_text("实际 5 ≥ 目标 3")
    '实际 5 ≥ 目标 3'
    >>> _formula_text(("ratio", Decimal("37.24"), Decimal("43.2"), Decimal(10)))
    '实际 37.24 / 目标 43.2 × 10'
    """
    if isinstance(formula, str):
        return formula
    return _WRITERS[formula[0]](*formula[1:])


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _values(
    target: Target | None, actual: Actual
) -> tuple[Decimal, Decimal, tuple[_Formula, ...]] | None:
    """Target and actual magnitudes in the target's unit, with the notes on how they were read;
    a negative actual counts as 0."""
    if target is None:
        return None
    tq = target.quantity
    aq = actual.quantity
    if tq is None or aq is None:
        return None
    t: Decimal = tq._magnitude  # pint's slot (.magnitude is a property returning it)
    unit_text = target.unit_text
    a_unit = actual.unit_text
    raw: Decimal = aq._magnitude
    if actual.kind is _CHANGE_KIND and actual.direction is _DOWN:  # 下降6% moved −6
        raw = -raw
    if a_unit is None or unit_text is None or a_unit == unit_text:
        if raw >= _ZERO:  # the common case: same unit, not negative, nothing to note
            return t, raw, ()
        notes: tuple[_Formula, ...] = ()
    else:
        raw = _units.convert(raw, a_unit, unit_text)
        notes = (("converted", aq._magnitude, a_unit, raw, unit_text),)
    value = raw
    if raw < _ZERO:
        value = _ZERO
        notes += (f"实际 {fmt(raw)} 为负数，按 0 计",)
    return t, value, notes


def _change_values(
    target: Target, actual: Actual
) -> tuple[Decimal, Decimal, tuple[str, ...]] | None:
    """The actual's move in the target's direction (:func:`~perfmodel.targets.change_amount`) and
    the target's amount, in the target's unit, with notes; a move the other way counts as 0."""
    tq, aq = target.quantity, actual.quantity
    amount = change_amount(target, actual)
    if tq is None or aq is None or amount is None:
        return None
    notes: tuple[str, ...] = ()
    if actual.unit_text and target.unit_text and actual.unit_text != target.unit_text:
        converted = actual.magnitude_in(target.unit_text)
        notes = (f"{fmt(aq.magnitude)}{actual.unit_text} = {fmt(converted)}{target.unit_text}",)
    if amount < _ZERO:
        notes += (f"实际“{_label(actual)}”与目标方向相反，按 0 计",)
        amount = _ZERO
    return tq.magnitude, amount, notes


def _over(t: Decimal, a: Decimal, policy: Policy) -> tuple[bool, tuple[_Formula, ...]]:
    if t > _ZERO and a * _HUNDRED >= t * policy.over_achievement:
        return True, _over_note(t, a, policy)
    return False, ()


def _over_note(t: Decimal, a: Decimal, policy: Policy) -> tuple[_Formula, ...]:
    """The note on an actual far above target (超目标), written when read (:func:`_over_text`)."""
    return (("over_text", t, a, policy.over_achievement),)


def _over_text(t: Decimal, a: Decimal, over_achievement: Decimal) -> str:
    """
    >>> _over_text(Decimal(10), Decimal(16), Decimal(150))
    '实际为目标的 160%，达到 150%，需说明偏差原因'
    """
    ratio = EXACT.divide(a, t)
    return f"实际为目标的 {pct(ratio)}，达到 {fmt(over_achievement)}%，需说明偏差原因"


def _full(
    formula: _Formula, m: Decimal, *, over: bool = False, notes: tuple[_Formula, ...] = ()
) -> _Result:
    """Full points; ``formula`` already says "，得满分"."""
    return (m, True, formula, False, _ACHIEVED, over, notes, ())


def _zero(
    formula: _Formula,
    met: bool | None = False,
    *,
    notes: tuple[_Formula, ...] = (),
    diagnostics: tuple[Diagnostic, ...] = (),
) -> _Result:
    return (_ZERO, met, formula, False, None, False, notes, diagnostics)


def _label(value: Target | Actual | None) -> str:
    if value is None:
        return ""
    return str(value) or value.text


# The formulas, written when an explanation is read (each takes the figures, not their text);
# each is in _WRITERS under its name without the leading underscore.


def _converted(magnitude: Decimal, unit: str, converted: Decimal, target_unit: str) -> str:
    """
    >>> _converted(Decimal(3000), "米", Decimal("3.000"), "公里")
    '3000米 = 3公里'
    """
    return f"{fmt(magnitude)}{unit} = {fmt(converted)}{target_unit}"


def _reached(a: Decimal, symbol: str, t: Decimal) -> str:
    if symbol == "=" and a != t:  # = is met when reached (domain reference §4): say so
        return f"实际 {fmt(a)} ≥ 目标 {fmt(t)}（= 目标按达到计），得满分"
    return f"实际 {fmt(a)} {symbol} 目标 {fmt(t)}，得满分"


def _short_of_full(formula: _Formula, expression: bool, exact: Decimal, target: str) -> str:
    """A target not met whose formula gives (or rounds to) the full points: the points are one
    step of the policy's rounding below them (see :func:`~perfmodel.scoring.indicator.
    score_indicator`).

    >>> _short_of_full(("ratio", Decimal(10), Decimal(10), Decimal(10)), True, Decimal(10), ">10")
    '实际 10 / 目标 10 × 10 = 10；未达到目标“>10”，不计满分，按满分减一个计分单位计'
    """
    text = _formula_text(formula)
    if expression:
        shown = exact.quantize(_TEN_THOUSANDTH, context=EXACT)
        text = f"{text} {'=' if shown == exact else '≈'} {fmt(shown)}"
    return f"{text}；未达到目标“{target}”，不计满分，按满分减一个计分单位计"


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


def _default_share(lead: _Formula, where: _Formula, share: Decimal, m: Decimal) -> str:
    s = fmt(share)
    return (
        f"{_formula_text(lead)}，{_formula_text(where)}，未给分，按默认比例 {s}%：{fmt(m)} × {s}%"
    )


def _band_where(label: str, low: Decimal, high: Decimal, closed: bool) -> str:
    """A band and its interval, from the bounds normalised when scored (what
    :attr:`~perfmodel.scoring.policy.QualitativeBand.interval` wrote then).

    >>> _band_where("达成", Decimal(80), Decimal("1E+2"), True)
    '达成（[80%, 100%]）'
    """
    return f"{label}（[{low:f}%, {high:f}%{']' if closed else ')'}）"


def _taken(lead: _Formula, where: _Formula) -> str:
    """The evaluator's points (得分), inside the band, taken.

    >>> _taken("实际“达成”", "达成（[80%, 100%]）")
    '实际“达成”，达成（[80%, 100%]），采用评价人得分'
    """
    return f"{_formula_text(lead)}，{_formula_text(where)}，采用评价人得分"


#: The formula writers by the name a formula's parts start with (see the module documentation).
_WRITERS: dict[str, Callable[..., str]] = {
    writer.__name__[1:]: writer
    for writer in (
        _converted,
        _reached,
        _short_of_full,
        _short,
        _ratio,
        _above,
        _inverse_ratio,
        _twice,
        _national,
        _zero_target,
        _change_reached,
        _change_ratio,
        _actual_lead,
        _relation,
        _default_share,
        _band_where,
        _taken,
        _over_text,
    )
}


def _positive(
    t: Decimal,
    a: Decimal,
    notes: tuple[_Formula, ...],
    comparator: Comparator,
    m: Decimal,
    policy: Policy,
) -> _Result:
    if a >= t if comparator is _GE else comparator.holds(a, t):
        if t > _ZERO and a * _HUNDRED >= t * policy.over_achievement:  # _over(), inline
            more = _over_note(t, a, policy)
            return _full(("reached", a, comparator.symbol, t), m, over=True, notes=notes + more)
        return (m, True, ("reached", a, comparator.symbol, t), False, _ACHIEVED, False, notes, ())
    if t <= _ZERO:
        return _zero(("short", a, comparator.symbol, t), notes=notes)
    points = EXACT.divide(EXACT.multiply(a, m), t)
    return (points, False, ("ratio", a, t, m), True, None, False, notes, ())


def _reverse(
    t: Decimal,
    a: Decimal,
    notes: tuple[_Formula, ...],
    comparator: Comparator,
    m: Decimal,
    variant: str,
) -> _Result:
    if comparator.holds(a, t):
        return _full(("reached", a, comparator.symbol, t), m, notes=notes)
    if t <= _ZERO:
        return _zero(("above", a, comparator.symbol, t), notes=notes)
    if variant == "ratio":
        points = EXACT.divide(EXACT.multiply(t, m), a)
        return (points, False, ("inverse_ratio", a, t, m), True, None, False, notes, ())
    twice = t * _TWO
    if a >= twice:
        return _zero(("twice", a, t), notes=notes)
    points = EXACT.divide(EXACT.multiply(twice - a, m), t)
    return (points, False, ("national", a, t, m), True, None, False, notes, ())


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


def _incomparable_units(
    target: Target | None, actual: Actual, m: Decimal, given: Decimal | None, reason: str
) -> _Result:
    """The result when the actual's unit does not convert to the target's (``10个`` against
    ``=10台``): the evaluator's points when stated and within 0–m, else 0 with an ``SC105``
    warning naming both units.

    >>> from perfmodel.targets import parse_target, parse_actual
    >>> r = _incomparable_units(parse_target("=10台"), parse_actual("10个"), Decimal(5), None,
    ...                         "cannot convert '个' to '台'")
    >>> r[0], r[1], r[-1][0].code
    (Decimal('0'), None, 'SC105')
    """
    lead = f"实际“{_label(actual)}”的单位无法换算为目标“{_label(target)}”的单位（{reason}）"
    if given is not None and _ZERO <= given <= m:
        return (given, None, f"{lead}，采用评价人得分", False, None, False, (), ())
    message = f"{lead}，需核对计量单位或由评价人给分"
    return _zero(message, met=None, diagnostics=(Diagnostic(Severity.WARNING, "SC105", message),))


def _band_points(
    band: Band, lead: _Formula, m: Decimal, policy: Policy, given: Decimal | None
) -> _Result:
    """Points inside a qualitative band: the evaluator's when inside it, else the default share."""
    qb = policy.band(band)
    met = band is _ACHIEVED
    # the interval's bounds normalised now (normalize() follows the scoring's context), the
    # text written when read
    bounds = qb.low.normalize(), qb.high.normalize(), qb.high == _HUNDRED
    where = ("band_where", band.label, *bounds)
    share = qb.default_share
    if given is None:
        points = EXACT.divide(EXACT.multiply(m, share), _HUNDRED)
        return (points, met, ("default_share", lead, where, share, m), True, band, False, (), ())
    share = (
        EXACT.divide(EXACT.multiply(given, _HUNDRED), m)
        if m
        else (_ZERO if given == 0 else _HUNDRED + 1)
    )
    if qb.contains(share) and _ZERO <= given <= m:
        return (given, met, ("taken", lead, where), False, band, False, (), ())
    text = _formula_text(lead)
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
