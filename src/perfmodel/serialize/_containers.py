"""Hooks of perfmodel's converter for containers and unions, and the error every hook raises.

Strict: a string is not a list, a list is not an object. :class:`Invalid` carries what a hook
expected (and where below it); :func:`show` describes the value it got. Private: the converter
(:mod:`perfmodel.serialize.converter`) registers these and re-exports :class:`Invalid` and
:func:`show`.

>>> import cattrs
>>> hook = _sequence_structure_factory(tuple[int, ...], cattrs.Converter())
>>> hook([1, 2], tuple[int, ...])
(1, 2)
>>> hook("12", tuple[int, ...])
Traceback (most recent call last):
...
perfmodel.serialize._containers.Invalid: expected a list, got '12' (str)
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, get_args, get_origin

import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.fns import identity


class Invalid(ValueError):
    """A value that cannot be read; ``at`` is a path below the place the hook was called for."""

    def __init__(self, message: str, at: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.at = at


def show(value: Any) -> str:
    """A short description of a JSON value for messages: ``12.5 (float)``.

    >>> show(12.5), show("x"), show(None)
    ('12.5 (float)', "'x' (str)", 'null')
    """
    if value is None:
        return "null"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def _is_tuple(t: Any) -> bool:
    return get_origin(t) is tuple


def _is_list(t: Any) -> bool:
    return get_origin(t) is list


def _sequence_structure_factory(t: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    args = get_args(t)
    origin = get_origin(t)
    fixed: tuple[Any, ...] | None = None
    if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
        fixed = args
    item_type = args[0] if args else Any
    hooks = [conv.get_structure_hook(a) for a in fixed] if fixed is not None else []
    item_hook = conv.get_structure_hook(item_type)

    def structure_sequence(value: Any, _: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise Invalid(f"expected a list, got {show(value)}")
        if fixed is not None and len(value) != len(fixed):
            raise Invalid(f"expected a list of {len(fixed)} items, got {len(value)}")
        out = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            kind = fixed[index] if fixed is not None else item_type
            hook = hooks[index] if fixed is not None else item_hook
            try:
                out.append(hook(item, kind))
            except Exception as exc:
                exc.__notes__ = [*getattr(exc, "__notes__", []), _index_note(index, kind)]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {t!r}", errors, t)
        return tuple(out) if origin is tuple else out

    return structure_sequence


def _index_note(index: int | str, kind: Any) -> IterableValidationNote:
    return IterableValidationNote(f"Structuring item {index!r}", index, kind)


def _sequence_unstructure_factory(t: Any, conv: cattrs.Converter) -> Callable[[Any], Any]:
    args = get_args(t)
    if (len(args) == 2 and args[1] is Ellipsis) or get_origin(t) is list:
        hook = conv.get_unstructure_hook(args[0]) if args else conv.unstructure
        return lambda value: [hook(item) for item in value]
    hooks = [conv.get_unstructure_hook(a) for a in args]
    return lambda value: [h(item) for h, item in zip(hooks, value, strict=True)]


def _is_mapping(t: Any) -> bool:
    return get_origin(t) is dict


def _mapping_structure_factory(t: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    key_type, value_type = get_args(t) or (str, Any)
    key_hook = conv.get_structure_hook(key_type)
    value_hook = conv.get_structure_hook(value_type)

    def structure_mapping(value: Any, _: Any) -> dict[Any, Any]:
        if not isinstance(value, Mapping):
            raise Invalid(f"expected an object, got {show(value)}")
        out = {}
        errors: list[Exception] = []
        for key, item in value.items():
            try:
                out[key_hook(key, key_type)] = value_hook(item, value_type)
            except Exception as exc:
                exc.__notes__ = [*getattr(exc, "__notes__", []), _index_note(str(key), value_type)]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {t!r}", errors, t)
        return out

    return structure_mapping


def _union_args(t: Any) -> tuple[Any, ...]:
    if get_origin(t) in (typing.Union, types.UnionType):
        return get_args(t)
    return ()


def _is_optional(t: Any) -> bool:
    args = _union_args(t)
    return len(args) == 2 and type(None) in args


def _optional_structure_factory(t: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    inner = next(a for a in get_args(t) if a is not type(None))
    hook = conv.get_structure_hook(inner)

    def structure_optional(value: Any, _: Any) -> Any:
        return None if value is None else hook(value, inner)

    return structure_optional


def _optional_unstructure_factory(t: Any, conv: cattrs.Converter) -> Callable[[Any], Any]:
    """``X | None`` to plain data with X's hook picked once (cattrs looks it up per value)."""
    inner = next(a for a in get_args(t) if a is not type(None))
    exact = get_origin(inner) or inner
    hook = conv.get_unstructure_hook(inner)
    if hook is identity and exact in (str, int, bool):
        return identity  # str | None, int | None: generated code then reads the field as is
    fallback = conv.unstructure

    def unstructure_optional(value: Any) -> Any:
        if value is None:
            return None
        if type(value) is exact:
            return hook(value)
        return fallback(value)  # a subclass or another type: the converter dispatches it

    return unstructure_optional
