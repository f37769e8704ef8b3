"""Exact money: ``Decimal`` yuan (元), read from 元 or 万元 text. Blank is ``None``, never zero.

>>> parse_money("6,810,000.00")
Decimal('6810000.00')
>>> parse_money("15,249.65万元")
Decimal('152496500.00')
>>> parse_money("26.62", unit="万元")
Decimal('266200.00')
>>> parse_money("   ") is None
True
"""

from __future__ import annotations

import re
from decimal import Context, Decimal, InvalidOperation

from . import numbers
from .errors import PerfModelError

__all__ = ["MONEY_UNITS", "MoneyError", "format_yuan", "parse_money", "split_amounts"]


class MoneyError(PerfModelError, ValueError):
    """Money text that is not an amount.

    >>> parse_money("about 3")
    Traceback (most recent call last):
    ...
    perfmodel.money.MoneyError: not an amount: 'about 3'

    ``out_of_range`` is true for a well-written amount outside the bounds of
    :mod:`perfmodel.numbers`.
    """

    def __init__(self, message: str, *, out_of_range: bool = False) -> None:
        super().__init__(message)
        self.out_of_range = out_of_range


#: Multipliers of the money units seen on forms.
MONEY_UNITS: dict[str, Decimal] = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(10**8)}

_AMOUNT = re.compile(r"^(?P<sign>[-+－]?)(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)$")
_UNIT_SUFFIX = re.compile(r"(?P<unit>亿元|万元|元)$")
_WS = re.compile(r"\s+")
# 万元 and 亿元 scale exactly: 60 digits hold any amount in range (a longer one stays out of it)
EXACT = Context(prec=60)


def parse_money(text: str | None, *, unit: str = "元") -> Decimal | None:
    """Parse an amount written in 元 (default) or 万元 and return exact yuan.

    A unit written in the text ("15,249.65万元") overrides ``unit``. Spaces inside the number are
    ignored ("9857. 34"). Blank or ``None`` gives ``None``.

    >>> parse_money("9857. 34", unit="万元")
    Decimal('98573400.00')
    >>> parse_money("-803.83万元")
    Decimal('-8038300.00')

    An amount of 10^15 元 or more, or with more than 10 decimal places in 元, is out of the range
    perfmodel accepts (:mod:`perfmodel.numbers`) and raises :class:`MoneyError` like any text
    that is not an amount:

    >>> parse_money("1" + "0" * 26, unit="万元")
    Traceback (most recent call last):
    ...
    perfmodel.money.MoneyError: out of range: in 元, 1000000000000000000000000000000 is too ...
    """
    if text is None:
        return None
    cleaned = _WS.sub("", text).replace("，", ",")
    if not cleaned:
        return None
    match = _UNIT_SUFFIX.search(cleaned)
    if match:
        unit = match.group("unit")
        cleaned = cleaned[: match.start()]
    if unit not in MONEY_UNITS:
        raise MoneyError(f"unknown money unit {unit!r}")
    amount = _AMOUNT.match(cleaned)
    if amount is None:
        raise MoneyError(f"not an amount: {text!r}")
    try:
        value = Decimal(amount.group("num").replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise MoneyError(f"not an amount: {text!r}") from exc
    if amount.group("sign") in ("-", "－"):
        value = -value
    value = numbers.trim(EXACT.multiply(value, MONEY_UNITS[unit]))
    reason = numbers.problem(value)
    if reason is not None:
        raise MoneyError(f"out of range: in 元, {reason}; {numbers.RULE}", out_of_range=True)
    return value


def split_amounts(text: str) -> list[str]:
    """Split a cell holding several amounts separated by spaces ("43.8 43.8 0").

    A space inside a decimal ("9857. 34") is kept together.

    >>> split_amounts("43.8 43.8 0")
    ['43.8', '43.8', '0']
    >>> split_amounts("9857. 34")
    ['9857. 34']
    """
    tokens = text.split()
    out: list[str] = []
    for token in tokens:
        if out and out[-1].endswith(".") and token.isdigit():
            out[-1] = f"{out[-1]} {token}"
        else:
            out.append(token)
    return out


_CENT = Decimal("0.01")


def format_yuan(amount: Decimal | None) -> str:
    """Format yuan with thousands separators and 2 decimals ("—" for ``None``).

    >>> format_yuan(Decimal("6810000"))
    '6,810,000.00'
    >>> format_yuan(None)
    '—'
    """
    if amount is None:
        return "—"
    return f"{numbers.quantize(amount, _CENT):,}"
