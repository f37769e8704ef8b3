"""What the functions :mod:`perfmodel.serialize._fastgen` generates call at run time.

Each is named in the generated code's namespace by reference, never written into its source.
The caches are bounded, and shared by every converter's fast paths (they depend on the
package's one unit registry only).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ..targets import Actual, Target
from ..units import quantity_of
from . import converter as _conv

__all__ = ["Slow"]


class Slow(Exception):
    """The fast path gives up (not an error): the converter decides, and names the problem."""


# Quantity classes seen (the registry's class is built at run time), and the unit text written
# for a target's or an actual's quantity: by the unit as written on the form, the pint unit
# (``_units``, compared by identity), the text, its JSON and the quantity's class.
_QUANTITY_TYPES: set[type] = set()
_FORM_UNITS: dict[str | None, tuple[Any, str, str, type]] = {}
_CACHE_SIZE = 4096


#: JSON text of a string as ``json.dumps(..., ensure_ascii=False)`` writes it.
_encode: Callable[[str], str] = json.encoder.encode_basestring
#: The JSON text :func:`~perfmodel.serialize.to_json` writes with the standard library.
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _plain(value: Any) -> str:
    """The JSON text of a plain value (what a field without a hook holds), else Slow."""
    if value is None:
        return "null"
    if value.__class__ is str:
        return _encode(value)
    if value.__class__ is int:
        return repr(value)
    if value.__class__ is bool:
        return "true" if value else "false"
    raise Slow


def _is_quantity(q: Any) -> bool:
    """Whether ``q`` is a pint quantity (its class remembered)."""
    if q.__class__ in _QUANTITY_TYPES:
        return True
    if not _conv._is_quantity(q.__class__):
        return False
    _QUANTITY_TYPES.add(q.__class__)
    return True


def _form_unit_entry(value: Target | Actual) -> tuple[Any, str, str, type]:
    """(pint unit, unit text written, as JSON, quantity class) for a target's or an actual's
    quantity: the unit as written on the form when it names the quantity's unit, else as the
    registry writes it. Slow when the quantity is not a pint quantity."""
    q = value.quantity
    if not _is_quantity(q):
        raise Slow
    form = _conv._form_unit(value)
    text = _conv._unit_text(q) if form is None else form
    entry = (q._units, text, _encode(text), q.__class__)  # type: ignore[union-attr]
    if value.unit_text in _FORM_UNITS or len(_FORM_UNITS) < _CACHE_SIZE:
        _FORM_UNITS[value.unit_text] = entry
    return entry


_QUANTITY_MAKERS: dict[str, tuple[type, Any]] = {}


def _maker(unit_text: Any) -> tuple[type, Any]:
    """(quantity class, pint units) of quantities in ``unit_text``: a quantity built by setting
    them and its magnitude is what :func:`~perfmodel.units.quantity_of` builds (checked here)."""
    if unit_text.__class__ is not str:
        raise Slow
    probe = quantity_of(Decimal(1), _conv._parse_unit(unit_text))
    if vars(probe).keys() != {"_magnitude", "_units"}:
        raise Slow  # pragma: no cover - a pint whose quantities hold more than these two
    entry = (probe.__class__, probe._units)
    if len(_QUANTITY_MAKERS) < _CACHE_SIZE:
        _QUANTITY_MAKERS[unit_text] = entry
    return entry
