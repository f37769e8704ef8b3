"""How the generated readers of :mod:`perfmodel.serialize._fastgen` build an object (private):
a *builder* instead of one descriptor call per slot, and which of the class's validators the
checks made while reading already imply.

Builder. A frozen attrs class refuses attribute stores (its ``__setattr__`` raises), so the
readers would set each slot through its descriptor, a call each. They build through the class's
builder instead (:func:`perfmodel._build.subclass`: a subclass adding no slots, whose stores
are plain ones): ``object.__new__(builder)``, every field stored, then ``o.__class__ = cls`` —
an ordinary instance of ``cls``. Without a builder the readers keep the descriptor calls.

Validators. What attrs' ``__init__`` checks is checked as it does, except where the reading
has just shown that the check passes, for validators known by identity (never by name):

- :func:`perfmodel.numbers.check_figure`, ``model._non_negative`` and
  ``targets._check_quantity`` pass a plain decimal string — ASCII digits and one dot at most —
  of at most :data:`perfmodel.numbers.PLAIN_LENGTH` characters: not negative, fewer than
  ``MAX_MAGNITUDE.adjusted()`` whole digits, at most ``MAX_DECIMALS`` decimals
  (:func:`proves_figure`); any other number (longer, signed, an exponent, an int) has them run;
- ``model._non_empty`` is the reader's own check ``not v.strip()`` (Slow when it fails);
- the validators in :data:`PASS_NONE` return at once for None.

>>> import attrs
>>> from perfmodel.model import Indicator
>>> from perfmodel._build import subclass
>>> i = object.__new__(subclass(Indicator))
>>> for field in attrs.fields(Indicator):
...     setattr(i, field.name, None)
>>> i.name, i.level1, i.level2 = "满意度", "满意度指标", "服务对象满意度指标"
>>> i.__class__ = Indicator
>>> type(i) is Indicator, i == Indicator("满意度", "满意度指标", "服务对象满意度指标")
(True, True)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import _non_empty, _non_negative
from ..numbers import PLAIN_LENGTH, check_count, check_figure, check_year
from ..targets import _check_quantity

__all__ = [
    "DECIMAL_CHECKS",
    "NON_EMPTY",
    "PASS_NONE",
    "QUANTITY_CHECKS",
    "proves_figure",
]

#: Validators that return at once when the value is None (read in each of them).
PASS_NONE: frozenset[Callable[..., Any]] = frozenset(
    {check_figure, _non_negative, _check_quantity, check_count, check_year}
)
#: Validators of a Decimal figure (bounds, decimals; sign) and of a quantity's magnitude.
DECIMAL_CHECKS: frozenset[Callable[..., Any]] = frozenset({check_figure, _non_negative})
QUANTITY_CHECKS: frozenset[Callable[..., Any]] = frozenset({_check_quantity})
#: The validator of a non-empty string.
NON_EMPTY: Callable[..., Any] = _non_empty


def proves_figure(text: str) -> bool:
    """Whether the reader's plain check on ``text`` implies the figure checks pass: what the
    generated readers test (a property test compares it with the validators).

    >>> proves_figure("6810000.00"), proves_figure("-1"), proves_figure("0.12345678901")
    (True, False, False)
    """
    return text.isascii() and text.replace(".", "", 1).isdigit() and len(text) <= PLAIN_LENGTH
