"""The code generator of :mod:`perfmodel.serialize.fast` (what the code calls at run time is
in :mod:`perfmodel.serialize._fastrun`).

For each class, :class:`_Generator` writes three functions as Python source: ``_s_…(o)`` reads
JSON data, ``_u_…(i)`` writes JSON data, ``_t_…(i)`` writes compact JSON text. Field and class
names are the only text from the classes in the source; every value (hooks, tables, classes)
is passed by reference in the functions' namespace. The classes are perfmodel's own attrs
classes only (:func:`_reachable`); nothing read or written ever becomes source.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, get_args, get_origin

import attrs
import cattrs
from cattrs.fns import identity

from .._build import subclass
from ..model import _decimal_or_none
from ..numbers import PLAIN_LENGTH
from ..targets import Actual, Target, parse_actual, parse_target
from . import converter as _conv
from ._fastbuild import (
    DECIMAL_CHECKS,
    NON_EMPTY,
    PASS_NONE,
    QUANTITY_CHECKS,
)
from ._fastkinds import (
    _fixed_args,
    _made_by,
    _reachable,
    _sequence_args,
    _slotted,
    _string_enum,
)
from ._fastrun import (
    _FORM_UNITS,
    _QUANTITY_MAKERS,
    Slow,
    _dumps,
    _encode,
    _form_unit_entry,
    _maker,
    _plain,
)

__all__ = ["Generated", "generate"]

_PARSERS: dict[type, Callable[[str], Any]] = {Target: parse_target, Actual: parse_actual}
_DECIMAL_MATCH = _conv._DECIMAL.match
_DATE_MATCH = _conv._DATE.match


def _indent(lines: list[str], depth: int = 1) -> list[str]:
    return ["    " * depth + line for line in lines]


class _Generator:
    """Writes the functions' source, one pair per class, into one shared namespace."""

    def __init__(
        self,
        conv: cattrs.Converter,
        classes: set[type],
        envelope: Mapping[type, str],
        schema: str,
    ):
        self.conv = conv
        self.schema = schema
        self.classes = classes
        #: "type" of the classes written with it inside other objects too (Unit, Project)
        self.tagged = {cls: tag for cls, tag in _conv.TAGS.items() if cls in classes}
        #: "type" of the top-level classes, written after "schema" by to_dict
        self.envelope = {cls: code for cls, code in envelope.items() if cls in classes}
        self.ns: dict[str, Any] = {"Slow": Slow, "Decimal": Decimal}
        self.sources: list[str] = []
        self.names: dict[tuple[str, int], str] = {}
        self.count = 0
        # the generated functions' names, per class: _s_<n>_<Name> reads, _u_<n>_<Name> writes
        self.suffix = {cls: f"{n}_{cls.__name__}" for n, cls in enumerate(self.ordered(classes))}

    @staticmethod
    def ordered(classes: set[type]) -> list[type]:
        return sorted(classes, key=lambda c: (c.__module__, c.__qualname__))

    def ref(self, obj: Any, hint: str) -> str:
        """A name for ``obj`` in the generated code's namespace."""
        if obj is None:
            return "None"
        key = (hint, id(obj))
        if key not in self.names:
            self.count += 1
            self.names[key] = f"_{hint}_{self.count}"
            self.ns[self.names[key]] = obj
        return self.names[key]

    def function(self, hint: str, body: list[str]) -> str:
        """A helper function of one argument ``v``; returns its name."""
        self.count += 1
        name = f"_{hint}_{self.count}"
        self.sources.append("\n".join([f"def {name}(v):", *_indent(body)]))
        return name

    # -- reading ----------------------------------------------------------------------------

    def read(self, t: Any, v: str, proof: bool = False) -> list[str]:
        """Statements that check the JSON value in variable ``v`` and make it a ``t``; with
        ``proof``, a number (a Decimal or a quantity's magnitude) not shown to pass the figure
        checks sets ``w`` (see :meth:`read_decimal`)."""
        conv = self.conv
        hook = conv.get_structure_hook(t)
        if t is str and hook is _conv._structure_str:
            return [f"if {v}.__class__ is not str: raise Slow"]
        if t is int and hook is _conv._structure_int:
            return [f"if {v}.__class__ is not int: raise Slow"]
        if t is Decimal and hook is _conv._structure_decimal:
            return self.read_decimal(v, proof)
        if t is dt.date and hook is _conv._structure_date:
            match = self.ref(_DATE_MATCH, "date")
            iso = self.ref(dt.date.fromisoformat, "iso")
            return [
                f"if {v}.__class__ is not str or not {match}({v}): raise Slow",
                f"{v} = {iso}({v})",
            ]
        if _string_enum(t) and hook is _conv._structure_enum:
            table = self.ref({m.value: m for m in t}, "codes")
            return [
                f"{v} = {table}.get({v}) if {v}.__class__ is str else None",
                f"if {v} is None: raise Slow",
            ]
        if t in self.classes:
            return [f"{v} = _s_{self.suffix[t]}({v})"]
        if _conv._is_quantity(t) and hook is _conv._structure_quantity:
            # what quantity_of(magnitude, unit) builds, from the class and units it gives
            makers, maker = self.ref(_QUANTITY_MAKERS, "makers"), self.ref(_maker, "maker")
            return [
                f"if {v}.__class__ is not dict or len({v}) != 2: raise Slow",
                f"qm = {v}['magnitude']",
                f"qu = {v}['unit']",
                *self.read_decimal("qm", proof),
                f"qe = {makers}.get(qu) if qu.__class__ is str else None",
                f"if qe is None: qe = {maker}(qu)",
                f"{v} = {self.ref(object.__new__, 'new')}(qe[0])",
                f"{v}._magnitude = qm",
                f"{v}._units = qe[1]",
            ]
        union = self.union(t)
        if union is not None and _made_by(hook, _conv._tagged_union_structure_factory):
            body = ["if v is None: return v"] if type(None) in get_args(t) else []
            body += ["if v.__class__ is not dict: raise Slow", "tag = v.get('type')"]
            for cls in union:
                body.append(f"if tag == {self.tagged[cls]!r}: return _s_{self.suffix[cls]}(v)")
            return [f"{v} = {self.function('union', [*body, 'raise Slow'])}({v})"]
        if _conv._is_optional(t) and _made_by(hook, _conv._optional_structure_factory):
            inner = self.read(next(a for a in get_args(t) if a is not type(None)), v, proof)
            if len(inner) == 1 and inner[0].startswith("if ") and inner[0].endswith(": raise Slow"):
                return [f"if {v} is not None and ({inner[0][3:-12]}): raise Slow"]
            return [f"if {v} is not None:", *_indent(inner)]
        sequence = _sequence_args(t)
        if sequence is not None and _made_by(hook, _conv._sequence_structure_factory):
            item, as_tuple = sequence
            name = f"_s_{self.suffix[item]}" if item in self.classes else None
            if name is None:
                name = self.function("item", [*self.read(item, "v"), "return v"])
            made = f"[{name}(x) for x in {v}]"
            return [
                f"if {v}.__class__ is not list: raise Slow",
                f"{v} = tuple({made})" if as_tuple else f"{v} = {made}",
            ]
        fixed = _fixed_args(t)
        if fixed is not None and _made_by(hook, _conv._sequence_structure_factory):
            body = [f"if v.__class__ is not list or len(v) != {len(fixed)}: raise Slow"]
            for index, item in enumerate(fixed):
                body += [f"x{index} = v[{index}]", *self.read(item, f"x{index}")]
            body.append(f"return ({''.join(f'x{i}, ' for i in range(len(fixed)))})")
            return [f"{v} = {self.function('fixed', body)}({v})"]
        args = get_args(t)
        if get_origin(t) is dict and _made_by(hook, _conv._mapping_structure_factory):
            body = [
                "if v.__class__ is not dict: raise Slow",
                "out = {}",
                "for k, x in v.items():",
                *_indent(self.read(args[0], "k")),
                *_indent(self.read(args[1], "x")),
                "    out[k] = x",
                "return out",
            ]
            return [f"{v} = {self.function('mapping', body)}({v})"]
        # anything else: the converter's own hook for the type, called as the converter calls it
        return [f"{v} = {self.ref(hook, 'hook')}({v}, {self.ref(t, 'type')})"]

    def union(self, t: Any) -> list[type] | None:
        """The classes of a union of tagged classes (``Unit | Project``, or None too)."""
        args = [a for a in _conv._union_args(t) if a is not type(None)]
        if len(args) > 1 and all(a in self.tagged for a in args):
            return args
        return None

    def writes_union(self, t: Any) -> str | None:
        """The name of a function writing a value of a union of tagged classes (by its class,
        as the converter writes it), or None."""
        union = self.union(t)
        hook = self.conv.get_unstructure_hook(t)
        if union is None or getattr(hook, "__name__", "") != "_unstructure_union":
            return None
        body = ["if v is None: return v"] if type(None) in get_args(t) else []
        for cls in union:
            body.append(
                f"if v.__class__ is {self.ref(cls, 'cls')}: return _u_{self.suffix[cls]}(v)"
            )
        return self.function("union", [*body, "raise Slow"])

    def reads_quantity(self, t: Any) -> bool:
        """Whether :meth:`read` reads ``t`` (a quantity, or one or None) inline."""
        hook = self.conv.get_structure_hook(t)
        if _conv._is_optional(t) and _made_by(hook, _conv._optional_structure_factory):
            t = next(a for a in get_args(t) if a is not type(None))
            hook = self.conv.get_structure_hook(t)
        return bool(_conv._is_quantity(t)) and hook is _conv._structure_quantity

    def reads_decimal(self, t: Any) -> bool:
        """Whether :meth:`read` reads ``t`` (a Decimal, or one or None) inline."""
        hook = self.conv.get_structure_hook(t)
        if _conv._is_optional(t) and _made_by(hook, _conv._optional_structure_factory):
            t = next(a for a in get_args(t) if a is not type(None))
            hook = self.conv.get_structure_hook(t)
        return t is Decimal and hook is _conv._structure_decimal

    def read_decimal(self, v: str, proof: bool = False) -> list[str]:
        """The converter's decimal check: plain digits with one dot at most (the usual case,
        a subset of the pattern) without the regular expression, else the pattern. With
        ``proof``, ``w = True`` unless the plain check passed on at most ``PLAIN_LENGTH``
        characters (``_fastbuild.proves_figure``): the figure checks must then run."""
        match = self.ref(_DECIMAL_MATCH, "decimal")
        if proof:
            return [
                f"if {v}.__class__ is str and {v}.isascii() and {v}.replace('.', '', 1).isdigit():",
                f"    if len({v}) > {PLAIN_LENGTH}: w = True",
                f"    {v} = Decimal({v})",
                "else:",
                "    w = True",
                f"    if {v}.__class__ is str and {match}({v}) or {v}.__class__ is int:",
                f"        {v} = Decimal({v})",
                "    else: raise Slow",
            ]
        return [
            f"if {v}.__class__ is str and (",
            f"    {v}.isascii() and {v}.replace('.', '', 1).isdigit() or {match}({v})",
            f"): {v} = Decimal({v})",
            f"elif {v}.__class__ is int: {v} = Decimal({v})",
            "else: raise Slow",
        ]

    def structurer(self, cls: type) -> None:
        fields = attrs.fields(cls)
        keys = {f.name for f in fields}
        tag = self.tagged.get(cls)
        plan = self.checks(cls)
        lines: list[str] = []
        if cls in _PARSERS:  # a target or an actual may be written as text
            lines.append(f"if o.__class__ is str: return {self.ref(_PARSERS[cls], 'parse')}(o)")
        lines.append("if o.__class__ is not dict: raise Slow")
        if plan is not None and "proof" in plan.values():
            lines.append("w = False")  # a figure read that the figure checks must see
        count = str(len(fields))
        if tag is not None:
            keys.add("type")
            lines.append(f"if 'type' in o and o['type'] != {tag!r}: raise Slow")
            count = f"{len(fields)} + ('type' in o)"
        # Every field written (what to_json writes): look each up. Fewer keys: defaults.
        every: list[str] = []
        some = [f"if not o.keys() <= {self.ref(frozenset(keys), 'keys')}: raise Slow"]
        args = []
        for index, f in enumerate(fields):
            var = f"a{index}"
            how = None if plan is None else plan.get(index)
            read = self.read(f.type, var, how == "proof")
            if how == "inline":  # _non_empty: a str, and not only blanks
                read = [f"if {var}.__class__ is not str or not {var}.strip(): raise Slow"]
            every += [f"{var} = o[{f.name!r}]", *read]
            if f.default is attrs.NOTHING:
                some += [f"{var} = o[{f.name!r}]", *read]
            else:
                if isinstance(f.default, attrs.Factory):  # type: ignore[arg-type]
                    default = f"{self.ref(f.default.factory, 'factory')}()"
                else:
                    default = self.ref(f.default, "default")
                some += [f"if {f.name!r} in o:", f"    {var} = o[{f.name!r}]", *_indent(read)]
                some += ["else:", f"    {var} = {default}"]
                if how == "proof" and f.default is not None:
                    some.append("    w = True")
            args.append(f"{f.name}={var}" if f.kw_only else var)
        # as many keys as fields, and each field found: no unknown key
        lines += [f"if len(o) == {count}:", *_indent(every), "else:", *_indent(some)]
        if plan is None:
            lines.append(f"return {self.ref(cls, 'cls')}({', '.join(args)})")
        else:
            lines += self.construct(cls, plan)
        self.sources.append("\n".join([f"def _s_{self.suffix[cls]}(o):", *_indent(lines)]))

    def checks(self, cls: type) -> dict[int, str] | None:
        """How the reader of ``cls`` builds it without its ``__init__`` (:meth:`construct`), by
        field index: its validator is ``"inline"`` (the read checks it), run on a ``"proof"``
        read when ``w`` says so, when the value is not None (``"none"``) or always (``"call"``)
        — see :mod:`perfmodel.serialize._fastbuild`. None: ``__init__`` runs, because a field
        has a converter that might change the value read (a finite Decimal or None is what
        ``_decimal_or_none`` gives back), or ``__init__`` does more than set slots."""
        fields = attrs.fields(cls)
        if not _slotted(cls) or any(
            f.converter is not None
            and not (f.converter is _decimal_or_none and self.reads_decimal(f.type))
            for f in fields
        ):
            return None
        plan = {}
        for index, f in enumerate(fields):
            check = f.validator
            if check is None:
                continue
            if check is NON_EMPTY and f.default is attrs.NOTHING and self.reads_str(f.type):
                plan[index] = "inline"
            elif (check in DECIMAL_CHECKS and self.reads_decimal(f.type)) or (
                check in QUANTITY_CHECKS and self.reads_quantity(f.type)
            ):
                plan[index] = "proof"
            else:
                plan[index] = "none" if check in PASS_NONE else "call"
        return plan

    def reads_str(self, t: Any) -> bool:
        """Whether :meth:`read` reads ``t`` as exactly a str, inline."""
        return t is str and self.conv.get_structure_hook(t) is _conv._structure_str

    def construct(self, cls: type, plan: dict[int, str]) -> list[str]:
        """What attrs' ``__init__`` does with the values read (``a0`` …), without its overhead:
        set the slots (as the class's builder does, when CPython allows it, else through each
        slot's descriptor), then run the validators as ``plan`` says (:meth:`checks`)."""
        fields = attrs.fields(cls)
        build = subclass(cls)
        if build is not None:  # what its __init__ does, without the call
            lines = [f"o = {self.ref(object.__new__, 'new')}({self.ref(build, 'builder')})"]
            lines += [f"o.{f.name} = a{index}" for index, f in enumerate(fields)]
            lines.append(f"o.__class__ = {self.ref(cls, 'cls')}")
        else:
            lines = [f"o = {self.ref(object.__new__, 'new')}({self.ref(cls, 'cls')})"]
            for index, f in enumerate(fields):
                lines.append(f"{self.ref(cls.__dict__[f.name].__set__, 'set')}(o, a{index})")
        checks, proofs = [], []
        for index, how in plan.items():
            f = fields[index]
            call = f"{self.ref(f.validator, 'check')}(o, {self.ref(f, 'attribute')}, a{index})"
            if how == "proof":
                proofs.append(call)
            elif how == "none":
                checks.append(f"if a{index} is not None: {call}")
            elif how == "call":
                checks.append(call)
        if proofs:
            checks += ["if w:", *_indent(proofs)]
        return [*lines, *checks, "return o"]

    # -- writing ----------------------------------------------------------------------------

    def write(self, t: Any, v: str) -> list[str] | None:
        """Statements that make the value in variable ``v`` JSON data (None: it is, as is)."""
        hook = self.conv.get_unstructure_hook(t)
        if hook is identity:
            return None  # what the converter's generated code does: the attribute as it is
        inline = self.write_inline(t, hook, v)
        if inline is not None:
            return inline
        union = self.writes_union(t)
        if union is not None:
            return [f"{v} = {union}({v})"]
        if _conv._is_optional(t) and _made_by(hook, _conv._optional_unstructure_factory):
            inner = next(a for a in get_args(t) if a is not type(None))
            lines = self.write_inline(inner, self.conv.get_unstructure_hook(inner), v)
            if lines is not None:
                return [f"if {v} is not None:", *_indent(lines)]
        sequence = _sequence_args(t)
        if sequence is not None and _made_by(hook, _conv._sequence_unstructure_factory):
            item = sequence[0]
            union = self.writes_union(item)
            if item in self.classes or union is not None:
                name = union or f"_u_{self.suffix[item]}"
                return [f"{v} = [{name}(x) for x in {v}]"]
            if self.conv.get_unstructure_hook(item) is identity:
                return [f"{v} = list({v})"]
        # anything else: the converter's own hook for the type, called as the converter calls it
        return [f"{v} = {self.ref(hook, 'hook')}({v})"]

    def write_inline(self, t: Any, hook: Any, v: str) -> list[str] | None:
        """Inline statements for a value of exactly type ``t``, or None (none for this type)."""
        if t is Decimal and hook is str:
            return [f"if {v}.__class__ is not Decimal: raise Slow", f"{v} = str({v})"]
        if t is dt.date and hook is dt.date.isoformat:
            date = self.ref(dt.date, "date")
            return [f"if {v}.__class__ is not {date}: raise Slow", f"{v} = {v}.isoformat()"]
        if isinstance(t, type) and issubclass(t, enum.Enum) and hook is _conv._unstructure_enum:
            exact = self.ref(t, "enum")
            return [f"if {v}.__class__ is not {exact}: raise Slow", f"{v} = {v}._value_"]
        if t in self.classes:
            return [f"{v} = _u_{self.suffix[t]}({v})"]
        return None

    def write_form_quantity(self, v: str, text: bool = False) -> list[str]:
        """Statements that write the quantity of target or actual ``i`` into variable ``v``
        (as JSON text with ``text``)."""
        entries = self.ref(_FORM_UNITS, "form_units")
        entry = self.ref(_form_unit_entry, "entry")
        return [
            f"{v} = i.quantity",
            f"if {v} is not None:",  # a quantity of the class and unit of the entry, or Slow
            f"    qe = {entries}.get(i.unit_text)",
            f"    if qe is None or qe[3] is not {v}.__class__ or qe[0] is not {v}._units:",
            f"        qe = {entry}(i)",
            f"    qm = {v}._magnitude",
            "    if qm.__class__ is not Decimal: raise Slow",
            *(
                [
                    f"""    {v} = '{{"magnitude":"' + str(qm) + '","unit":' + qe[2] + '}}'""",
                    "else:",
                    f"    {v} = 'null'",
                ]
                if text
                else [f"    {v} = {{'magnitude': str(qm), 'unit': qe[1]}}"]
            ),
        ]

    def unstructurer(self, cls: type, top: bool = False) -> None:
        """``_u_…(i)``: the data of ``i`` as the converter writes it inside another object
        (``"type"`` first for a tagged class); with ``top``, ``_U_…(i)``: as :func:`to_dict`
        writes a top-level object (``"schema"`` and ``"type"`` first)."""
        lines = [f"if i.__class__ is not {self.ref(cls, 'cls')}: raise Slow"]
        items = []
        if top:
            items += ["'schema': schema", f"'type': {self.envelope[cls]!r}"]
        elif cls in self.tagged:
            items.append(f"'type': {self.tagged[cls]!r}")
        for index, f in enumerate(attrs.fields(cls)):
            var = f"a{index}"
            if cls in _PARSERS and f.name == "quantity":  # the unit as written on the form
                lines += self.write_form_quantity(var)
                items.append(f"{f.name!r}: {var}")
                continue
            write = self.write(f.type, var)
            if write is None:
                items.append(f"{f.name!r}: i.{f.name}")
                continue
            lines += [f"{var} = i.{f.name}", *write]
            items.append(f"{f.name!r}: {var}")
        lines.append("return {" + ", ".join(items) + "}")
        name = f"_{'U' if top else 'u'}_{self.suffix[cls]}"
        self.sources.append("\n".join([f"def {name}(i):", *_indent(lines)]))

    # -- writing JSON text (without orjson) ------------------------------------------------

    def text(self, cls: type, top: bool = False) -> None:
        """``_t_…(i)`` (``_T_…`` with ``top``): the compact JSON text of ``i``, as
        ``json.dumps`` writes what ``_u_…`` (``_U_…``) gives, or Slow."""
        lines = [f"if i.__class__ is not {self.ref(cls, 'cls')}: raise Slow"]
        members = []  # '"key":' and the JSON text: literal, or {tN} (the f-string's fields)
        if top:
            members += [f'"schema":{_encode(self.schema)}', f'"type":{_encode(self.envelope[cls])}']
        elif cls in self.tagged:
            members.append(f'"type":{_encode(self.tagged[cls])}')
        members = [m.replace("{", "{{").replace("}", "}}") for m in members]
        for index, f in enumerate(attrs.fields(cls)):
            var = f"t{index}"
            if cls in _PARSERS and f.name == "quantity":  # the unit as written on the form
                lines += self.write_form_quantity(var, text=True)
            else:
                lines += [f"{var} = i.{f.name}", *self.text_value(f.type, var)]
            members.append(f"{_encode(f.name)}:{{{var}}}")  # a field name: no braces
        lines.append(f"return f{'{{' + ','.join(members) + '}}'!r}")
        name = f"_{'T' if top else 't'}_{self.suffix[cls]}"
        self.sources.append("\n".join([f"def {name}(i):", *_indent(lines)]))

    def text_value(self, t: Any, v: str) -> list[str]:
        """Statements that make the value in variable ``v`` (of type ``t``) its JSON text."""
        hook = self.conv.get_unstructure_hook(t)
        optional = _conv._is_optional(t) and (
            hook is identity or _made_by(hook, _conv._optional_unstructure_factory)
        )
        inner = next(a for a in get_args(t) if a is not type(None)) if optional else t
        lines = self.text_inline(inner, v)
        if lines is None:  # what the converter writes, as json writes it
            lines = [*(self.write(t, v) or []), f"{v} = {self.ref(_dumps, 'dumps')}({v})"]
            if get_origin(t) is dict:  # weights: mostly none
                return [
                    f"if {v}.__class__ is dict and not {v}: {v} = '{{}}'",
                    "else:",
                    *_indent(lines),
                ]
            return lines
        if optional:
            return [f"if {v} is None: {v} = 'null'", "else:", *_indent(lines)]
        return lines

    def text_inline(self, t: Any, v: str) -> list[str] | None:
        """Statements for a value of type ``t`` that is not None, or None (none for ``t``)."""
        hook = self.conv.get_unstructure_hook(t)
        if hook is identity:
            if t in (str, int):
                text = self.ref(_encode, "encode") if t is str else "repr"
                return [f"if {v}.__class__ is not {t.__name__}: raise Slow", f"{v} = {text}({v})"]
            return [f"{v} = {self.ref(_plain, 'plain')}({v})"]
        inline = self.write_inline(t, hook, v)
        if t in self.classes:
            return [f"{v} = _t_{self.suffix[t]}({v})"]
        if inline is not None:  # a Decimal, date or enum code, as text
            safe = not (isinstance(t, type) and issubclass(t, enum.Enum)) or all(
                isinstance(m.value, str) and _encode(m.value) == f'"{m.value}"' for m in t
            )
            quote = (
                f"{v} = '\"' + {v} + '\"'" if safe else f"{v} = {self.ref(_encode, 'encode')}({v})"
            )
            return [*inline, quote]
        sequence = _sequence_args(t)
        if sequence is not None and _made_by(hook, _conv._sequence_unstructure_factory):
            item = sequence[0]
            if item in self.classes:
                return [f"{v} = '[' + ','.join([_t_{self.suffix[item]}(x) for x in {v}]) + ']'"]
        return None


@attrs.frozen
class Generated:
    """The generated functions of one class (None: it has none), the classes functions were
    made for (it and those it holds), and their source."""

    structurer: Callable[[Any], Any] | None
    unstructurer: Callable[[Any], dict[str, Any]] | None
    texter: Callable[[Any], str] | None
    classes: frozenset[type]
    source: str


def generate(conv: cattrs.Converter, root: type, code: str | None, schema: str) -> Generated:
    """The functions of ``root`` and of every class it holds that :func:`_reachable` finds.
    With its ``"type"`` ``code``, ``root`` is written as :func:`~perfmodel.serialize.to_dict`
    writes a top-level object: ``"schema": schema`` and the code first.

    >>> from perfmodel import Project
    >>> from perfmodel.serialize import default_converter
    >>> made = generate(default_converter(), Project, "project", "perfmodel/1")
    >>> made.unstructurer(Project("p"))
    {'schema': 'perfmodel/1', 'type': 'project', 'name': 'p', ...}
    >>> sorted(c.__name__ for c in made.classes)[:3]
    ['Actual', 'Budget', 'Indicator']
    """
    classes = _reachable(conv, (root,))
    if root not in classes:  # the converter reads and writes it its own way
        return Generated(None, None, None, frozenset(), "")
    envelope = {root: code} if code is not None else {}
    gen = _Generator(conv, classes, envelope, schema)
    for cls in gen.ordered(classes):
        gen.structurer(cls)
        gen.unstructurer(cls)
        gen.text(cls)
        if cls in gen.envelope:
            gen.unstructurer(cls, top=True)
            gen.text(cls, top=True)
    gen.ns["schema"] = schema
    source = "\n\n".join(gen.sources)
    exec(compile(source, "<perfmodel fast (un)structuring>", "exec"), gen.ns)
    suffix = gen.suffix[root]
    data, text = ("_U_", "_T_") if envelope else ("_u_", "_t_")  # top-level: with "schema"
    return Generated(
        gen.ns[f"_s_{suffix}"],
        gen.ns[data + suffix],
        gen.ns[text + suffix],
        frozenset(classes),
        source,
    )
