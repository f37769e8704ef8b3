"""What the code generator of :mod:`perfmodel.serialize._fastgen` asks of classes, types and
the converter's hooks (private): which classes get generated functions (:func:`_reachable`,
:func:`_supported`), which are built without their ``__init__`` (:func:`_slotted`), and the
shapes of the field types it reads and writes inline.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, get_args, get_origin

import attrs
import cattrs

from . import converter as _conv

__all__ = [
    "_fixed_args",
    "_made_by",
    "_reachable",
    "_sequence_args",
    "_slotted",
    "_string_enum",
    "_supported",
]


def _slotted(cls: type) -> bool:
    """Whether ``cls.__init__`` (attrs') sets one slot per field and nothing else happens."""
    fields = attrs.fields(cls)
    slots = set(getattr(cls, "__slots__", ())) - {"__weakref__"}
    init = getattr(cls.__dict__.get("__init__"), "__code__", None)
    return (
        init is not None
        and init.co_filename.startswith("<attrs generated")
        and slots == {f.name for f in fields}
        and not hasattr(cls, "__attrs_pre_init__")
        and not hasattr(cls, "__attrs_post_init__")
        and all(hasattr(cls.__dict__.get(f.name), "__set__") for f in fields)
    )


def _string_enum(t: Any) -> bool:
    return (
        isinstance(t, type)
        and issubclass(t, enum.Enum)
        and all(type(m.value) is str for m in t)
        and len({m.value for m in t}) == len(t)
    )


def _made_by(hook: Any, factory: Callable[..., Any]) -> bool:
    """Whether ``hook`` is a function made by one of the converter's hook factories."""
    return str(getattr(hook, "__qualname__", "")).startswith(f"{factory.__qualname__}.<locals>.")


def _sequence_args(t: Any) -> tuple[Any, bool] | None:
    """(item type, as tuple) of ``tuple[X, ...]`` or ``list[X]``, else None."""
    origin, args = get_origin(t), get_args(t)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0], True
    if origin is list and len(args) == 1:
        return args[0], False
    return None


def _fixed_args(t: Any) -> tuple[Any, ...] | None:
    """The item types of a fixed-length ``tuple[X, Y]``, else None."""
    args = get_args(t)
    if get_origin(t) is tuple and args and Ellipsis not in args:
        return args
    return None


def _reachable(conv: cattrs.Converter, roots: tuple[type, ...]) -> set[type]:
    """The perfmodel attrs classes held by ``roots`` (through optionals, tuples, dicts) whose
    converter hooks are perfmodel's and whose constructor takes every field by position."""
    found: set[type] = set()

    def visit(t: Any) -> None:
        if _conv._is_perfmodel_attrs(t):
            if t in found:
                return
            _conv.resolve_types(t)
            found.add(t)
            for f in attrs.fields(t):
                visit(f.type)
        for arg in get_args(t):
            visit(arg)

    for root in roots:
        visit(root)
    return {cls for cls in found if _supported(conv, cls)}


def _supported(conv: cattrs.Converter, cls: type) -> bool:
    """Whether ``cls``'s name and fields can be written as source (identifiers, each field made
    from the key of its name), and ``conv`` reads and writes it with perfmodel's hooks for attrs
    classes (not with hooks of its own)."""
    if not cls.__name__.isidentifier():
        return False
    for f in attrs.fields(cls):
        if not f.init or f.alias != f.name or not f.name.isidentifier():
            return False
        if isinstance(f.default, attrs.Factory) and f.default.takes_self:  # type: ignore[arg-type]
            return False
    if not _made_by(conv.get_structure_hook(cls), _conv._attrs_structure_factory):
        return False
    write = conv.get_unstructure_hook(cls)
    code = getattr(write, "__code__", None)
    generated = code is not None and code.co_filename.startswith("<cattrs generated unstructure")
    return generated or _made_by(write, _conv._attrs_unstructure_factory)
