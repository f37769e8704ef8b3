"""The cattrs converter: perfmodel's hooks, registered the way cattrs recommends for libraries.

:func:`configure_converter` registers perfmodel's hooks on any :class:`cattrs.Converter` (yours,
with your own hooks beside them); :func:`make_converter` returns a ready one (the stdlib ``json``
preconf, or the ``orjson`` preconf when orjson is installed). The hooks:

- ``Decimal`` ↔ a number string (``"6810000.00"``), digits kept exactly; integers are read too,
  floats never (``12.5`` is refused: binary floats are not exact);
- ``pint.Quantity`` ↔ ``{"magnitude": "90.00", "unit": "%"}``: the unit as written on the form
  for a target's or an actual's quantity (its ``unit_text``), else as the registry writes it
  (``"percent"``, ``"yuan / month / person"``); read back in perfmodel's registry, exactly;
- dates ↔ ISO text (``"2025-01-01"``); enums ↔ their stable codes (``"GE"``, ``"project"``);
- every attrs class of perfmodel ↔ an object with one key per field, in field order; blank is
  ``null`` (a key left out reads as its default); unknown keys are refused;
- ``Unit``/``Project`` carry ``"type": "unit"``/``"project"``, which decides a ``Unit | Project``;
- ``Target``/``Actual`` also read from plain text (``"≥90%"``, parsed by
  :func:`~perfmodel.targets.parse_target`), handy in hand-written YAML;
- ``Policy`` ↔ exactly :meth:`perfmodel.scoring.policy.Policy.to_dict`.

Structuring errors become one :class:`~perfmodel.errors.SerializationError` whose lines name the
JSON path and what was expected (:func:`structure`).

>>> from perfmodel import Budget, Target, parse_target
>>> conv = make_converter()
>>> conv.unstructure(parse_target("≥90.00(%)"))["quantity"]
{'magnitude': '90.00', 'unit': '%'}
>>> conv.unstructure(parse_target("≥90.00(%)").quantity)
{'magnitude': '90.00', 'unit': 'percent'}
>>> conv.structure("≥90%", Target).comparator
<Comparator.GE: 'GE'>
>>> structure(conv, {"total": 12.5}, Budget)
Traceback (most recent call last):
...
perfmodel.errors.SerializationError: total: expected a number string, got 12.5 (float)
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import sys
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeVar, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from ..errors import ConstructionError, PerfModelError, SerializationError
from ..model import Project, Unit
from ..targets import Actual, Target, parse_actual, parse_target

# Hooks for containers and unions live in _containers; they (with Invalid and show) stay
# importable from here, where the fast paths and the schema look for them.
from ._containers import Invalid as Invalid
from ._containers import _index_note as _index_note
from ._containers import _is_list as _is_list
from ._containers import _is_mapping as _is_mapping
from ._containers import _is_optional as _is_optional
from ._containers import _is_tuple as _is_tuple
from ._containers import _mapping_structure_factory as _mapping_structure_factory
from ._containers import _optional_structure_factory as _optional_structure_factory
from ._containers import _optional_unstructure_factory as _optional_unstructure_factory
from ._containers import _sequence_structure_factory as _sequence_structure_factory
from ._containers import _sequence_unstructure_factory as _sequence_unstructure_factory
from ._containers import _union_args as _union_args
from ._containers import show as show

__all__ = [
    "DECIMAL_PATTERN",
    "TAGS",
    "configure_converter",
    "make_converter",
    "structure",
]

T = TypeVar("T")

#: Number strings perfmodel writes and reads (``str(Decimal)``: ``"12"``, ``"-0.50"``, ``"1E+3"``).
DECIMAL_PATTERN = r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"
# ``$`` would also match before a final newline ("12\n"): the text must end where the number
# does (the JSON Schema keeps ``$``, which means the end there)
_DECIMAL = re.compile(DECIMAL_PATTERN.removesuffix("$") + r"\Z")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_FIELD_MESSAGE = re.compile(r"^[A-Z]\w*\.(?P<name>[a-z_]+): (?P<message>.*)$", re.DOTALL)

#: The ``"type"`` code each tagged class carries (it decides a ``Unit | Project`` union).
TAGS: dict[type, str] = {Unit: "unit", Project: "project"}


# ---------------------------------------------------------------------------------------------
# Leaf hooks
# ---------------------------------------------------------------------------------------------


def _structure_decimal(value: Any, _: Any) -> Decimal:
    if isinstance(value, str) and _DECIMAL.match(value):
        return Decimal(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    raise Invalid(f"expected a number string, got {show(value)}")


def _structure_str(value: Any, _: Any) -> str:
    if isinstance(value, str):
        return value
    raise Invalid(f"expected a string, got {show(value)}")


def _structure_int(value: Any, _: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise Invalid(f"expected an integer, got {show(value)}")


def _structure_bool(value: Any, _: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise Invalid(f"expected true or false, got {show(value)}")


def _structure_date(value: Any, _: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value  # YAML reads unquoted dates as dates
    if isinstance(value, str) and _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid(f"expected an ISO date (YYYY-MM-DD), got {show(value)}")


def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    try:
        member = cls._value2member_map_.get(value)  # the value → member table Enum keeps
    except TypeError:  # an unhashable value is no member's value
        member = None
    if member is not None and type(member.value) is type(value):
        return member
    for member in cls:  # values that are equal but not hashed alike
        if member.value == value and type(member.value) is type(value):
            return member
    codes = ", ".join(repr(m.value) for m in cls)
    raise Invalid(f"expected one of {codes}, got {show(value)}")


def _unstructure_enum(value: enum.Enum) -> Any:
    return value.value


@lru_cache(maxsize=1024)
def _parse_unit(text: str) -> Any:
    from .. import units

    try:
        return units.unit(text)
    except PerfModelError:
        pass
    try:
        return units.get_registry().parse_units(text)
    except Exception as exc:  # pint raises several error types for unknown names
        raise Invalid(f"expected a unit the registry knows, got {text!r}", at="unit") from exc


def _is_quantity(t: Any) -> bool:
    origin = get_origin(t) or t
    if not isinstance(origin, type) or origin.__module__.split(".")[0] != "pint":
        return False
    import pint

    return issubclass(origin, pint.Quantity)


def _unstructure_quantity(q: Any) -> dict[str, str]:
    magnitude = q.magnitude
    if not isinstance(magnitude, Decimal | int) or isinstance(magnitude, bool):
        raise SerializationError(
            f"quantity magnitude must be Decimal, got {magnitude!r} ({type(magnitude).__name__})"
        )
    return {"magnitude": str(magnitude), "unit": _unit_text(q)}


# pint formats a unit in ~15 µs: remember the text per unit container (few distinct ones).
_UNIT_TEXTS: dict[Any, str] = {}


def _unit_text(q: Any) -> str:
    key = getattr(q, "_units", None)
    text = None if key is None else _UNIT_TEXTS.get(key)
    if text is None:
        text = str(q.units)
        if key is not None and len(_UNIT_TEXTS) < 4096:
            _UNIT_TEXTS[key] = text
    return text


def _structure_quantity(value: Any, _: Any) -> Any:
    from .. import units

    if not isinstance(value, Mapping):
        raise Invalid(f"expected an object with magnitude and unit, got {show(value)}")
    extra = sorted(set(value) - {"magnitude", "unit"})
    if extra:
        raise Invalid("unknown key (expected magnitude, unit)", at=str(extra[0]))
    for key in ("magnitude", "unit"):
        if key not in value:
            raise Invalid("required key missing", at=key)
    try:
        magnitude = _structure_decimal(value["magnitude"], Decimal)
    except Invalid as err:
        raise Invalid(err.message, at="magnitude") from None
    unit_text = value["unit"]
    if not isinstance(unit_text, str):
        raise Invalid(f"expected a unit name, got {show(unit_text)}", at="unit")
    return units.quantity_of(magnitude, _parse_unit(unit_text))


# ---------------------------------------------------------------------------------------------
# Unions of tagged classes (Unit | Project); the other containers and unions are in _containers
# ---------------------------------------------------------------------------------------------


def _is_tagged_union(t: Any) -> bool:
    args = [a for a in _union_args(t) if a is not type(None)]
    return len(args) > 1 and all(a in TAGS for a in args)


def _tagged_union_structure_factory(t: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    args = _union_args(t)
    by_tag = {TAGS[a]: a for a in args if a in TAGS}
    hooks = {tag: conv.get_structure_hook(cls) for tag, cls in by_tag.items()}
    optional = type(None) in args
    expected = " or ".join(repr(tag) for tag in by_tag)

    def structure_tagged(value: Any, _: Any) -> Any:
        if value is None and optional:
            return None
        if not isinstance(value, Mapping):
            raise Invalid(f"expected an object, got {show(value)}")
        tag = value.get("type")
        if tag not in by_tag:
            got = "nothing" if "type" not in value else show(tag)
            raise Invalid(f"expected {expected}, got {got}", at="type")
        return hooks[tag](value, by_tag[tag])

    return structure_tagged


# ---------------------------------------------------------------------------------------------
# attrs classes
# ---------------------------------------------------------------------------------------------


def _is_perfmodel_attrs(t: Any) -> bool:
    return isinstance(t, type) and attrs.has(t) and t.__module__.startswith("perfmodel.")


def resolve_types(cls: type) -> None:
    """Resolve a class's string annotations, including names imported only for type checking.

    >>> from perfmodel import Target
    >>> resolve_types(Target); attrs.fields(Target).kind.type
    <enum 'TargetKind'>
    """
    try:
        attrs.resolve_types(cls)
    except NameError:
        import pint

        import perfmodel

        namespace = {**vars(perfmodel), **vars(sys.modules[cls.__module__]), "pint": pint}
        attrs.resolve_types(cls, globalns=namespace)


def _attrs_structure_factory(cls: type, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    resolve_types(cls)
    generated: Callable[[Any, Any], Any] = make_dict_structure_fn(
        cls, conv, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True
    )
    tag = TAGS.get(cls)
    text_parser: Callable[[str], Any] | None = None
    if cls is Target:
        text_parser = parse_target
    elif cls is Actual:
        text_parser = parse_actual

    def structure_attrs(value: Any, _: Any) -> Any:
        if isinstance(value, str) and text_parser is not None:
            return text_parser(value)
        if not isinstance(value, Mapping):
            raise Invalid(f"expected an object, got {show(value)}")
        if tag is not None and "type" in value:
            if value["type"] != tag:
                raise Invalid(f"expected {tag!r}, got {show(value['type'])}", at="type")
            value = {k: v for k, v in value.items() if k != "type"}
        return generated(value, cls)

    return structure_attrs


def _form_unit(value: Target | Actual) -> str | None:
    """The unit text as written on the form, when it names the quantity's unit exactly."""
    from .. import units

    if value.quantity is None or value.unit_text is None:
        return None
    key = (value.unit_text, getattr(value.quantity, "_units", None))
    same = _SAME_UNIT.get(key) if key[1] is not None else None
    if same is None:
        try:
            same = units.unit(value.unit_text) == value.quantity.units
        except PerfModelError:
            return None
        if key[1] is not None and len(_SAME_UNIT) < 4096:
            _SAME_UNIT[key] = same
    return value.unit_text if same else None


_SAME_UNIT: dict[tuple[str, Any], bool] = {}


def _attrs_unstructure_factory(cls: type, conv: cattrs.Converter) -> Callable[[Any], Any]:
    resolve_types(cls)
    generated: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(cls, conv)
    tag = TAGS.get(cls)
    if tag is not None:

        def unstructure_tagged(value: Any) -> dict[str, Any]:
            return {"type": tag, **generated(value)}

        return unstructure_tagged
    if cls in (Target, Actual):

        def unstructure_with_form_unit(value: Any) -> dict[str, Any]:
            data = generated(value)
            unit_text = _form_unit(value)
            if unit_text is not None:
                data["quantity"] = {"magnitude": data["quantity"]["magnitude"], "unit": unit_text}
            return data

        return unstructure_with_form_unit
    return generated


def _structure_policy(value: Any, _: Any) -> Any:
    from ..scoring.policy import Policy

    if not isinstance(value, Mapping):
        raise Invalid(f"expected an object, got {show(value)}")
    try:
        return Policy.from_dict(value)
    except PerfModelError as exc:
        raise Invalid(str(exc)) from exc


def _unstructure_policy(value: Any) -> dict[str, Any]:
    result: dict[str, Any] = value.to_dict()
    return result


# ---------------------------------------------------------------------------------------------
# Public
# ---------------------------------------------------------------------------------------------


def configure_converter(conv: cattrs.Converter) -> None:
    """Register perfmodel's hooks on ``conv`` (any :class:`cattrs.Converter`).

    Unknown keys are refused for perfmodel's classes whatever ``conv.forbid_extra_keys`` says.

    >>> import cattrs
    >>> from decimal import Decimal
    >>> from perfmodel import Budget
    >>> conv = cattrs.Converter()
    >>> configure_converter(conv)
    >>> conv.unstructure(Budget(total=Decimal("5.00")))
    {'total': '5.00', 'fiscal': None, ...}
    """
    from ..scoring.policy import Policy

    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(Decimal, str)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_structure_hook(enum.Enum, _structure_enum)
    conv.register_unstructure_hook(enum.Enum, _unstructure_enum)
    conv.register_structure_hook_func(_is_quantity, _structure_quantity)
    conv.register_unstructure_hook_func(_is_quantity, _unstructure_quantity)
    conv.register_structure_hook_factory(_is_tuple, _sequence_structure_factory)
    conv.register_structure_hook_factory(_is_list, _sequence_structure_factory)
    conv.register_unstructure_hook_factory(_is_tuple, _sequence_unstructure_factory)
    conv.register_unstructure_hook_factory(_is_list, _sequence_unstructure_factory)
    conv.register_structure_hook_factory(_is_mapping, _mapping_structure_factory)
    conv.register_structure_hook_factory(_is_optional, _optional_structure_factory)
    conv.register_unstructure_hook_factory(_is_optional, _optional_unstructure_factory)
    conv.register_structure_hook_factory(_is_tagged_union, _tagged_union_structure_factory)
    conv.register_structure_hook_factory(_is_perfmodel_attrs, _attrs_structure_factory)
    conv.register_unstructure_hook_factory(_is_perfmodel_attrs, _attrs_unstructure_factory)
    conv.register_structure_hook(Policy, _structure_policy)
    conv.register_unstructure_hook(Policy, _unstructure_policy)


def make_converter() -> cattrs.Converter:
    """A converter ready for JSON: cattrs' orjson preconf when orjson is installed, else the
    stdlib json preconf, with perfmodel's hooks and ``forbid_extra_keys=True``.

    >>> from perfmodel import KeyTask
    >>> conv = make_converter()
    >>> conv.structure({"name": "巩固垃圾分类", "content": "每月一次"}, KeyTask).name
    '巩固垃圾分类'
    """
    conv: cattrs.Converter
    try:
        from cattrs.preconf.orjson import make_converter as orjson_converter
    except ImportError:  # orjson is an optional extra
        from cattrs.preconf.json import make_converter as json_converter

        conv = json_converter(forbid_extra_keys=True)
    else:  # pragma: no cover - depends on the environment
        conv = orjson_converter(forbid_extra_keys=True)
    configure_converter(conv)
    return conv


def structure(conv: cattrs.Converter, data: Any, cls: Any, path: str = "") -> Any:
    """Structure ``data`` as ``cls``; every failure becomes one ``SerializationError`` line
    ``path: what was expected, got what``.

    >>> from perfmodel import KeyTask
    >>> structure(make_converter(), {"name": "x", "contnet": "y"}, KeyTask)
    Traceback (most recent call last):
    ...
    perfmodel.errors.SerializationError: contnet: unknown key (expected one of: name, content)
    """
    try:
        return conv.structure(data, cls)
    except Exception as exc:
        lines = messages(exc, path)
        raise SerializationError("\n".join(lines)) from exc


def messages(exc: BaseException, path: str) -> list[str]:
    """One ``path: message`` line per failure inside a (nested) cattrs validation error.

    >>> messages(Invalid("expected a string, got 1 (int)", at="name"), "units[2]")
    ['units[2].name: expected a string, got 1 (int)']
    >>> messages(ConstructionError("Budget.total: must not be negative, got -1"), "budget")
    ['budget.total: must not be negative, got -1']
    """
    if isinstance(exc, IterableValidationError | ClassValidationError):
        out: list[str] = []
        for sub in exc.exceptions:
            note = _note(sub)
            if isinstance(note, IterableValidationNote):
                out.extend(messages(sub, _index(path, note.index)))
            elif isinstance(note, AttributeValidationNote):
                out.extend(messages(sub, _join(path, note.name)))
            elif isinstance(sub, ForbiddenExtraKeysError):
                allowed = ", ".join(a.name for a in attrs.fields(sub.cl) if a.init)
                out.extend(
                    f"{_join(path, key)}: unknown key (expected one of: {allowed})"
                    for key in sorted(sub.extra_fields)
                )
            else:
                out.extend(messages(sub, path))
        return out
    if isinstance(exc, Invalid):
        where = _join(path, exc.at) if exc.at else path
        return [f"{where or '$'}: {exc.message}"]
    if isinstance(exc, KeyError):
        return [f"{path or '$'}: required key missing"]
    field = _FIELD_MESSAGE.match(str(exc)) if isinstance(exc, ConstructionError) else None
    if field is not None:  # "Budget.total: ..." raised building the object at path: at its field
        return [f"{_join(path, field['name'])}: {field['message']}"]
    if isinstance(exc, PerfModelError | ValueError | TypeError):
        return [f"{path or '$'}: {exc}"]
    return [f"{path or '$'}: {type(exc).__name__}: {exc}"]  # pragma: no cover - defensive


def _note(exc: BaseException) -> Any:
    for note in getattr(exc, "__notes__", []):
        if isinstance(note, IterableValidationNote | AttributeValidationNote):
            return note
    return None


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _index(path: str, index: int | str) -> str:
    if isinstance(index, int):
        return f"{path}[{index}]"
    return f'{path}["{index}"]'
