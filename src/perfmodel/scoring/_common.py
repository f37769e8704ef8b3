"""Small helpers shared by the scoring modules (private).

Numbers entering the scorer are coerced to ``Decimal`` here and floats are refused; figures are
written for explanations without exponents.

>>> to_decimal("8.62", "points")
Decimal('8.62')
>>> fmt(Decimal("43.20")), fmt(Decimal("1E+1")), pct(Decimal("0.8619"))
('43.2', '10', '86.19%')
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

from ..errors import ScoringError

__all__ = ["EXACT", "clamp", "fmt", "pct", "to_decimal"]

#: Context for intermediate arithmetic: far more digits than any figure on a form needs, so
#: rounding happens once, at the end, under the policy.
EXACT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN)

_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


def to_decimal(value: Any, what: str) -> Decimal:
    """Coerce ``Decimal``/``int``/numeric text to ``Decimal``; refuse float, bool and others.

    >>> to_decimal(10, "max_points")
    Decimal('10')
    >>> to_decimal(0.5, "max_points")
    Traceback (most recent call last):
    ...
    perfmodel.errors.ScoringError: max_points must be Decimal, int or numeric text, not float ...
    """
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ScoringError(f"{what} must be a finite number, got {value}")
        return value
    if isinstance(value, bool):
        raise ScoringError(f"{what} must be a number, got {value!r}")
    if isinstance(value, float):
        raise ScoringError(
            f"{what} must be Decimal, int or numeric text, not float {value!r} (floats are inexact)"
        )
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            result = Decimal(value.strip().replace(",", ""))
        except decimal.InvalidOperation as exc:
            raise ScoringError(f"{what} is not a number: {value!r}") from exc
        if not result.is_finite():
            raise ScoringError(f"{what} must be a finite number, got {value!r}")
        return result
    raise ScoringError(f"{what} must be Decimal, int or numeric text, got {type(value).__name__}")


def fmt(value: Decimal) -> str:
    """Write a number plainly: no exponent, no trailing zeros ("43.20" → "43.2").

    >>> fmt(Decimal("-0")), fmt(Decimal("12.500"))
    ('0', '12.5')
    """
    if value == 0:
        return "0"
    text = str(value)
    # Fast path: plain notation with at most 60 digits (so normalize() would not round) needs
    # only its trailing zeros stripped; exponents and special values take the general path.
    if len(text) <= 60 and "E" not in text and value.is_finite():
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text
    return format(value.normalize(EXACT), "f")


def pct(fraction: Decimal) -> str:
    """A fraction as a percentage with at most two decimals ("≈" marks a rounded figure).

    >>> pct(Decimal("0.97234")), pct(Decimal(1))
    ('≈97.23%', '100%')
    """
    percent = EXACT.multiply(fraction, _HUNDRED)
    shown = percent.quantize(_CENT, decimal.ROUND_HALF_UP, EXACT)
    prefix = "" if shown == percent else "≈"
    return f"{prefix}{fmt(shown)}%"


def clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    """``value`` limited to ``[low, high]``.

    >>> clamp(Decimal(12), Decimal(0), Decimal(10))
    Decimal('10')
    """
    return max(low, min(value, high))
