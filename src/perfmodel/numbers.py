"""The figures perfmodel accepts: finite, below 10^15 in size, with at most 10 decimal places.

Every figure in the model — an amount in yuan (元), points (分值/得分), a weight (权重), the
magnitude of a target or actual in its own unit — is a ``Decimal`` within these bounds (one
rule, stated once here; docs/limits.md explains the choice):

- :data:`MAX_MAGNITUDE` ``10^15`` (exclusive): a thousand trillion. China's whole national general
  public budget is about 3 × 10^13 元, so no real amount comes near it, and no count, rate, length
  or area on a form does either.
- :data:`MAX_DECIMALS` ``10``: forms write amounts to the fen (2 places; 6 in 万元, 10 in 亿元)
  and rates and points to a few places.

So an admitted figure has at most 25 significant digits, and every rounding and every product of
two figures perfmodel computes stays within exact ``Decimal`` arithmetic. Readers turn text out of
range into their usual diagnostics; constructors refuse such values with a
:class:`~perfmodel.errors.ConstructionError` naming the field.

>>> admits(Decimal("999999999999999.9999999999")), admits(Decimal("1E+15"))
(True, False)
>>> problem(Decimal("0.00000000001"))
'0.00000000001 has more than 10 decimal places'
>>> quantize(Decimal("1E+40"), Decimal("0.01"))
Decimal('10000000000000000000000000000000000000000.00')
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal
from typing import Any

import attrs

from .errors import ConstructionError

__all__ = [
    "LARGEST",
    "MAX_COUNT",
    "MAX_DECIMALS",
    "MAX_MAGNITUDE",
    "MAX_YEAR",
    "MIN_YEAR",
    "OUT_OF_RANGE",
    "PLAIN_LENGTH",
    "RULE",
    "SMALLEST",
    "admits",
    "check_count",
    "check_figure",
    "check_year",
    "count_problem",
    "figure",
    "plain_decimal",
    "problem",
    "quantize",
    "size_problem",
    "trim",
    "year_problem",
]

#: Figures must be smaller than this in absolute value (in their own unit: 元 for money).
MAX_MAGNITUDE = Decimal("1E+15")
#: Figures have at most this many digits after the decimal point (as written).
MAX_DECIMALS = 10
#: A number written plainly (ASCII digits, at most one point, a sign) in at most this many
#: characters is within the bounds whatever its digits: at most 10 decimals (".1234567890"), and
#: fewer whole digits than 10^15 has. Readers check only longer ones.
PLAIN_LENGTH = min(MAX_DECIMALS + 1, MAX_MAGNITUDE.adjusted())
#: The largest figure admitted.
LARGEST = Decimal("999999999999999.9999999999")
#: The smallest positive figure admitted.
SMALLEST = Decimal("1E-10")
_HIGH, _LOW = MAX_MAGNITUDE, -MAX_MAGNITUDE
_MAX_ADJUSTED = MAX_MAGNITUDE.adjusted()

#: Years (年度, 计划开始/完成 years, a goal period) lie from this year ...
MIN_YEAR = 1900
#: ... to this one, inclusive: budget performance management dates from the 2000s, and the
#: bounds leave room for historical comparisons and long goal periods.
MAX_YEAR = 2200
#: Counts (年末在职人数, 内设机构数, source line numbers) are non-negative ints up to this one
#: (below 10^15, as figures are).
MAX_COUNT = 10**15 - 1

#: What the bound says, for messages.
RULE = "perfmodel accepts figures below 10^15 with at most 10 decimal places"
#: How a reading error about a number out of the bounds begins.
OUT_OF_RANGE = "number out of range"


def problem(value: Decimal) -> str | None:
    """Why ``value`` is not an admissible figure, or ``None`` when it is.

    >>> problem(Decimal("1E+15")), problem(Decimal("-3.5")), problem(Decimal("NaN"))
    ('1000000000000000 is too large (10^15 or more)', None, 'NaN is not a finite number')
    >>> problem(Decimal("9" * 50))
    '99999999999999999999…99999999 (50 digits) is too large (10^15 or more)'
    """
    if not value.is_finite():
        return f"{value} is not a finite number"
    too_large = size_problem(value)
    if too_large is not None:
        return too_large
    if _exponent(value) < -MAX_DECIMALS:
        return f"{_show(value)} has more than {MAX_DECIMALS} decimal places"
    return None


def size_problem(value: Decimal) -> str | None:
    """Why the finite ``value`` is too large for a figure (10^15 or more, or a zero written with
    such an exponent), or ``None``; :func:`problem` without the decimal places.

    >>> size_problem(Decimal("1E+15")), size_problem(Decimal("0.5"))
    ('1000000000000000 is too large (10^15 or more)', None)
    >>> size_problem(Decimal("0E+20"))
    '0E+20 is a zero written with an exponent of 15 or more'
    """
    if value.adjusted() < _MAX_ADJUSTED:
        return None
    if not value:  # 0E+4828: zero, but no decimal128 column (Arrow, Parquet) can hold it
        return f"{value} is a zero written with an exponent of 15 or more"
    return f"{_show(value)} is too large (10^15 or more)"


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def _show(value: Decimal) -> str:
    """The number as written, shortened in the middle when long (a message stays one line)."""
    text = f"{value:f}" if -60 < _exponent(value) < 60 else str(value)
    if len(text) > 40:
        text = f"{text[:20]}…{text[-8:]} ({len(value.as_tuple().digits)} digits)"
    return text


def trim(value: Decimal) -> Decimal:
    """``value`` without the zeros it carries beyond :data:`MAX_DECIMALS` places (an amount in
    万元 with 14 places is one in 元 with 10 and four trailing zeros).

    >>> trim(Decimal("12.50000000000000")), trim(Decimal("1E-12")), trim(Decimal("2.5"))
    (Decimal('12.5000000000'), Decimal('1E-12'), Decimal('2.5'))
    """
    if value.is_finite() and _exponent(value) < -MAX_DECIMALS:
        trimmed = value.quantize(
            SMALLEST, context=decimal.Context(prec=len(value.as_tuple().digits))
        )
        if trimmed == value:
            return trimmed
    return value


#: A number as forms write it: digits with an optional point and sign (no exponent, no "_").
_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def plain_decimal(text: str) -> Decimal | None:
    """The number ``text`` writes in plain decimal notation (digits, a point, a sign; spaces
    around), else ``None``: ``Decimal()`` would also read ``1e5``, ``1_000``, ``NaN`` and
    ``Infinity``, which no form writes for a figure.

    >>> plain_decimal(" 12.50 "), plain_decimal("1e5"), plain_decimal("1_000"), plain_decimal("NaN")
    (Decimal('12.50'), None, None, None)
    """
    text = text.strip()
    return Decimal(text) if _PLAIN.fullmatch(text) else None


def admits(value: Decimal) -> bool:
    """Whether ``value`` is within the bounds (finite, below 10^15, at most 10 decimals).

    >>> admits(LARGEST), admits(-LARGEST), admits(SMALLEST), admits(SMALLEST / 10)
    (True, True, True, False)
    """
    return problem(value) is None


def figure(value: Decimal, what: str) -> Decimal:
    """``value`` when it is admissible; else a :class:`~perfmodel.errors.ConstructionError`
    naming ``what``.

    >>> figure(Decimal("12.5"), "Budget.total")
    Decimal('12.5')
    >>> figure(Decimal("1E+30"), "Budget.total")
    Traceback (most recent call last):
    ...
    perfmodel.errors.ConstructionError: Budget.total: 1000000000000000000000000000000 is too ...
    """
    reason = problem(value)
    if reason is not None:
        raise ConstructionError(f"{what}: {reason}; {RULE}")
    return value


def check_figure(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """attrs validator: a ``Decimal`` field (or a quantity's magnitude) is admissible.

    >>> @attrs.frozen
    ... class Row:
    ...     amount: Decimal = attrs.field(validator=check_figure)
    >>> Row(Decimal("1E+16"))
    Traceback (most recent call last):
    ...
    perfmodel.errors.ConstructionError: Row.amount: 10000000000000000 is too large (10^15 ...
    """
    if value is None:
        return
    number = value if type(value) is Decimal else getattr(value, "magnitude", value)
    if isinstance(number, Decimal) and not _fits(number):
        figure(number, f"{type(instance).__name__}.{attribute.name}")


def _fits(value: Decimal) -> bool:
    """``problem(value) is None``, quickly for the common case (a plain decimal string: no
    ``as_tuple()``, which costs more than the rest of a field's construction)."""
    if not (value.is_finite() and _LOW < value < _HIGH):
        return False
    text = str(value)
    if "E" in text:
        return -MAX_DECIMALS <= _exponent(value) < _MAX_ADJUSTED
    dot = text.find(".")
    return dot < 0 or len(text) - dot - 1 <= MAX_DECIMALS


def quantize(value: Decimal, quantum: Decimal, rounding: str = decimal.ROUND_HALF_EVEN) -> Decimal:
    """``value.quantize(quantum, rounding)`` with as many digits as it takes, so it never raises
    for a finite value (the default context's 28 digits do not hold 10^27 to the cent).

    >>> quantize(Decimal("2.675"), Decimal("0.01"), decimal.ROUND_HALF_UP)
    Decimal('2.68')
    """
    digits = max(value.adjusted(), 0) - min(_exponent(quantum), 0)
    context = decimal.Context(prec=max(28, digits + 2), rounding=rounding)
    return value.quantize(quantum, context=context)


def _int_problem(value: Any, low: int, high: int, what: str) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return f"must be an int, got {value!r}"
    if not low <= value <= high:
        return f"{what} must be from {low} to {high}, got {_show(Decimal(value))}"
    return None


def count_problem(value: Any) -> str | None:
    """Why ``value`` is not an admissible count (a non-negative int up to :data:`MAX_COUNT`),
    or ``None`` when it is.

    >>> count_problem(26), count_problem(-1), count_problem(True)
    (None, 'a count must be from 0 to 999999999999999, got -1', 'must be an int, got True')
    """
    return _int_problem(value, 0, MAX_COUNT, "a count")


def check_count(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """attrs validator: an optional count (headcount, a line number) is a non-negative int up to
    :data:`MAX_COUNT`; else a :class:`~perfmodel.errors.ConstructionError` naming the field.

    >>> @attrs.frozen
    ... class Row:
    ...     line: int | None = attrs.field(default=None, validator=check_count)
    >>> Row(10**30)
    Traceback (most recent call last):
    ...
    perfmodel.errors.ConstructionError: Row.line: a count must be from 0 to 999999999999999, ...
    """
    if value is not None:
        reason = count_problem(value)
        if reason is not None:
            raise ConstructionError(f"{type(instance).__name__}.{attribute.name}: {reason}")


def check_year(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """attrs validator: an optional year is an int from :data:`MIN_YEAR` to :data:`MAX_YEAR`.

    >>> @attrs.frozen
    ... class Row:
    ...     year: int | None = attrs.field(default=None, validator=check_year)
    >>> Row(2025).year, Row().year
    (2025, None)
    >>> Row(-5)
    Traceback (most recent call last):
    ...
    perfmodel.errors.ConstructionError: Row.year: a year must be from 1900 to 2200, got -5
    """
    if value is not None:
        reason = year_problem(value)
        if reason is not None:
            raise ConstructionError(f"{type(instance).__name__}.{attribute.name}: {reason}")


def year_problem(value: Any) -> str | None:
    """Why ``value`` is not an admissible year, or ``None`` when it is.

    >>> year_problem(2025), year_problem(10**30)
    (None, 'a year must be from 1900 to 2200, got 1000000000000000000000000000000')
    """
    return _int_problem(value, MIN_YEAR, MAX_YEAR, "a year")
