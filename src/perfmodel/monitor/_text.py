"""Number formatting shared by the monitoring modules and their reports (private).

>>> fmt(Decimal("12.500")), pct(Decimal("0.4958904")), points(Decimal("-0.41"))
('12.5', '49.59%', '-0.41')
"""

from __future__ import annotations

import decimal
from decimal import Decimal

from ..numbers import quantize as _quantize

__all__ = ["fmt", "money", "pct", "points", "quantize"]

_CONTEXT = decimal.Context(prec=60)


def quantize(value: Decimal, places: int = 2) -> Decimal:
    """Round half up to ``places`` decimals.

    >>> quantize(Decimal("0.125"))
    Decimal('0.13')
    """
    return _quantize(value, Decimal(1).scaleb(-places), decimal.ROUND_HALF_UP)


def fmt(value: Decimal) -> str:
    """A number written plainly: no exponent, no trailing zeros.

    >>> fmt(Decimal("1E+2")), fmt(Decimal("-0"))
    ('100', '0')
    """
    if value == 0:
        return "0"
    return format(value.normalize(_CONTEXT), "f")


def pct(fraction: Decimal) -> str:
    """A fraction as a percentage with at most two decimals.

    >>> pct(Decimal("0.5")), pct(Decimal(1))
    ('50%', '100%')
    """
    return f"{fmt(quantize(fraction * 100))}%"


def points(value: Decimal) -> str:
    """A figure in percentage points (or percent) with at most two decimals.

    >>> points(Decimal("15.004"))
    '15'
    """
    return fmt(quantize(value))


def money(value: Decimal) -> str:
    """An amount in yuan with two decimals and thousands separators.

    >>> money(Decimal("1234567.5"))
    '1,234,567.50'
    """
    return f"{quantize(value):,.2f}"
