"""The anchor of the evaluate benchmark: score by comparing pint quantities directly.

What a first implementation does: convert the actual to the target's unit with pint, compare the
quantities with pint's operators, compute the points with pint arithmetic, round. No
explanations, no subtotals: only the points of the default rules, so it does less than
:func:`perfmodel.evaluate` and the comparison is in the anchor's favour.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from perfmodel import Project, TargetKind
from perfmodel.targets import Band, Comparator

_SHARE = {Band.ACHIEVED: Decimal(100), Band.PARTIAL: Decimal(70), Band.NOT_ACHIEVED: Decimal(30)}
_Q = Decimal("0.01")
_ZERO = Decimal(0)
_TEN = Decimal(10)


def _unmeasured(ind: Any, max_points: Decimal) -> Decimal | None:
    """The points of an indicator with no quantities to compare (no actual: 0; a band: its
    share; no quantitative target and actual: 0), else ``None``."""
    target, actual = ind.target, ind.actual
    if actual is None:
        return _ZERO
    if actual.band is not None:
        return (max_points * _SHARE[actual.band] / 100).quantize(_Q, ROUND_HALF_UP)
    if (
        target is None
        or target.kind is not TargetKind.QUANTITATIVE
        or target.quantity is None
        or actual.quantity is None
    ):
        return _ZERO
    return None


def naive_points(ind: Any, max_points: Decimal) -> Decimal:
    """Points of one indicator under the central default rules, with pint doing the numbers."""
    plain = _unmeasured(ind, max_points)
    if plain is not None:
        return plain
    target, actual = ind.target, ind.actual
    t = target.quantity
    a = actual.quantity if actual.unit_text else t.__class__(actual.quantity.magnitude, t.units)
    a = a.to(t.units)  # pint conversion
    if a.magnitude < 0:
        a = t.__class__(Decimal(0), t.units)
    comparator = target.comparator
    if comparator in (Comparator.LE, Comparator.LT):
        if a <= t:
            points = max_points
        elif t.magnitude <= 0 or a >= 2 * t:
            points = Decimal(0)
        else:
            points = ((2 * t - a) / t).to("dimensionless").magnitude * max_points
    elif a >= t:
        points = max_points
    elif t.magnitude <= 0:
        points = Decimal(0)
    else:
        points = (a / t).to("dimensionless").magnitude * max_points
    return Decimal(points).quantize(_Q, ROUND_HALF_UP)


def naive_evaluate(doc: Project) -> Decimal:
    """Sum of the naive points of a document's indicators (分值 10 when not stated)."""
    total = Decimal(0)
    for ind in doc.indicators:
        total += naive_points(ind, ind.max_points or Decimal(10))
    return total


# The same default rules with Decimal magnitudes and perfmodel's cached unit factors instead of
# pint arithmetic: what the bar of row 4 describes ("convert each target once and compare Decimal
# magnitudes"), points only. The floor of the arithmetic, reported next to row 4: evaluate does
# this and more (分值 allocation, a result and a score per indicator, subtotals, the checks
# behind its diagnostics), so the gap between the two is the price of those.


def decimal_points(ind: Any, max_points: Decimal) -> Decimal:
    """:func:`naive_points` with Decimal magnitudes (no pint arithmetic)."""
    plain = _unmeasured(ind, max_points)
    if plain is not None:
        return plain
    target, actual = ind.target, ind.actual
    t = target.magnitude
    a = max(actual.magnitude_in(target.unit_text), _ZERO)
    comparator = target.comparator
    if comparator is Comparator.LE or comparator is Comparator.LT:
        if a <= t:
            points = max_points
        elif t <= 0 or a >= 2 * t:
            points = _ZERO
        else:
            points = (2 * t - a) / t * max_points
    elif a >= t:
        points = max_points
    elif t <= 0:
        points = _ZERO
    else:
        points = a / t * max_points
    return points.quantize(_Q, ROUND_HALF_UP)


def decimal_evaluate(doc: Project) -> Decimal:
    """Sum of :func:`decimal_points` over a document's indicators (分值 10 when not stated)."""
    total = _ZERO
    for ind in doc.indicators:
        total += decimal_points(ind, ind.max_points or _TEN)
    return total
