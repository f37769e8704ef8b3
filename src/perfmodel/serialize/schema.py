"""JSON Schema (draft 2020-12) of the JSON format, generated from the model's annotations.

:func:`json_schema` follows the converter's rules (numbers as strings, blank as null, unknown
keys refused, ``"type"`` tags, ``"schema"`` at the top). The schemas of the top-level types are
shipped in ``perfmodel/schemas/*.json``; a test checks that they match what this module
generates, and ``python -m perfmodel.serialize`` rewrites them after a model change
(``--check`` only compares).

>>> from perfmodel import Project
>>> s = json_schema(Project)
>>> s["$schema"]
'https://json-schema.org/draft/2020-12/schema'
>>> s["properties"]["schema"], s["required"]
({'const': 'perfmodel/1'}, ['schema', 'type', 'name'])
>>> s["$defs"]["decimal"]["anyOf"][1]
{'type': 'integer'}
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import json
import sys
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, get_args, get_origin

import attrs

from ..model import Project, Unit
from ..targets import Actual, Target
from .api import SCHEMA_VERSION, _top_codes, kind_of, kinds
from .converter import DECIMAL_PATTERN, TAGS, _is_quantity, _union_args, resolve_types

__all__ = ["json_schema", "load_schema", "main", "schema_files"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _doc(cls: type) -> str:
    return (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else cls.__name__


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def ref(self, name: str) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{name}"}

    def of(self, t: Any) -> dict[str, Any]:
        for python, json_type in ((bool, "boolean"), (int, "integer"), (str, "string")):
            if t is python:
                return {"type": json_type}
        if t is Decimal:
            return self.decimal()
        if t is dt.date:
            return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return self.enum(t)
        if _is_quantity(t):
            return self.quantity()
        args = _union_args(t)
        if args:
            return self.union(args)
        origin = get_origin(t)
        if origin in (tuple, list):
            return self.array(get_args(t))
        if origin is dict:
            return {"type": "object", "additionalProperties": self.of(get_args(t)[1])}
        if isinstance(t, type) and attrs.has(t):
            return self.attrs_class(t)
        raise TypeError(f"no JSON schema for {t!r}")  # pragma: no cover - model types only

    def decimal(self) -> dict[str, Any]:
        self.defs.setdefault(
            "decimal",
            {
                "description": "An exact decimal number as text (an integer is read too; "
                "a binary float never).",
                "anyOf": [{"type": "string", "pattern": DECIMAL_PATTERN}, {"type": "integer"}],
            },
        )
        return self.ref("decimal")

    def enum(self, t: type[enum.Enum]) -> dict[str, Any]:
        if t.__name__ not in self.defs:
            self.defs[t.__name__] = {
                "description": _doc(t),
                "enum": [m.value for m in t],
            }
        return self.ref(t.__name__)

    def quantity(self) -> dict[str, Any]:
        if "quantity" not in self.defs:
            self.defs["quantity"] = {
                "description": "A quantity: exact magnitude and the unit as perfmodel's unit "
                "registry writes it (e.g. percent, yuan / month / person).",
                "type": "object",
                "properties": {"magnitude": self.decimal(), "unit": {"type": "string"}},
                "required": ["magnitude", "unit"],
                "additionalProperties": False,
            }
        return self.ref("quantity")

    def union(self, args: tuple[Any, ...]) -> dict[str, Any]:
        options = [a for a in args if a is not type(None)]
        schemas = [self.of(a) for a in options]
        if len(options) > 1 and all(a in TAGS for a in options):
            body: dict[str, Any] = {"oneOf": schemas}
        else:
            body = schemas[0] if len(schemas) == 1 else {"anyOf": schemas}
        if type(None) in args:
            if set(body) == {"type"} and isinstance(body["type"], str):
                return {"type": [body["type"], "null"]}
            return {"anyOf": [body, {"type": "null"}]}
        return body

    def array(self, args: tuple[Any, ...]) -> dict[str, Any]:
        if not args or (len(args) == 2 and args[1] is Ellipsis) or len(args) == 1:
            items = self.of(args[0]) if args else {}
            return {"type": "array", "items": items}
        return {
            "type": "array",
            "prefixItems": [self.of(a) for a in args],
            "items": False,
            "minItems": len(args),
        }

    def attrs_class(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder against recursion
            self.defs[name] = self.object_schema(cls)
        return self.ref(name)

    def object_schema(self, cls: type, *, top: str | None = None) -> dict[str, Any]:
        resolve_types(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        if top is not None:
            properties["schema"] = {"const": SCHEMA_VERSION}
            required.append("schema")
        tag = TAGS.get(cls) or top
        if tag is not None:
            properties["type"] = {"const": tag}
            required.append("type")
        for field in attrs.fields(cls):
            if not field.init:  # pragma: no cover - no model class has such a field yet
                continue
            properties[field.name] = self.of(field.type)
            if field.default is attrs.NOTHING:
                required.append(field.name)
        body = {
            "description": _doc(cls),
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
        if cls in (Target, Actual):
            parser = "parse_target" if cls is Target else "parse_actual"
            text = {"type": "string", "description": f"the text, read with {parser}"}
            return {"description": body.pop("description"), "anyOf": [text, body]}
        return body


def json_schema(cls: Any = None) -> dict[str, Any]:
    """The JSON Schema (2020-12) of ``cls``'s JSON form: a top-level type, ``Unit | Project``
    (the default: a document), or a part.

    >>> from perfmodel import Indicator, Unit, Project
    >>> json_schema(Indicator)["$ref"]
    '#/$defs/Indicator'
    >>> [o["properties"]["type"] for o in json_schema()["oneOf"]]
    [{'const': 'unit'}, {'const': 'project'}]
    """
    if cls is None:
        cls = Unit | Project
    builder = _Builder()
    codes = _top_codes(cls)
    root: dict[str, Any] = {"$schema": DRAFT}
    if codes and kind_of(cls) is None:
        root["title"] = f"{SCHEMA_VERSION} document ({' or '.join(codes)})"
        root["oneOf"] = [builder.object_schema(kinds()[c], top=c) for c in codes]
    elif codes:
        root["title"] = f"{SCHEMA_VERSION} {codes[0]}"
        root.update(builder.object_schema(cls, top=codes[0]))
    else:
        root["title"] = f"{SCHEMA_VERSION} part: {getattr(cls, '__name__', cls)}"
        root.update(builder.of(cls))
    root["$defs"] = dict(sorted(builder.defs.items()))
    return root


def schema_files() -> dict[str, dict[str, Any]]:
    """The shipped schema files by file name, as the code generates them now.

    >>> " ".join(sorted(schema_files()))
    'document.json evaluation.json policy.json project.json read_result.json unit.json'
    """
    files = {"document.json": json_schema(Unit | Project)}
    for code, cls in kinds().items():
        files[f"{code}.json"] = json_schema(cls)
    return dict(sorted(files.items()))


def load_schema(name: str) -> dict[str, Any]:
    """A shipped schema by name (``"project"`` or ``"project.json"``).

    >>> load_schema("project")["title"]
    'perfmodel/1 project'
    """
    file = name if name.endswith(".json") else f"{name}.json"
    text = (resources.files("perfmodel") / "schemas" / file).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def render(schema: dict[str, Any]) -> str:
    """The text of a schema file (2-space indent, UTF-8 characters kept, final newline).

    >>> render({"a": 1})
    '{\\n  "a": 1\\n}\\n'
    """
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) the schema files; returns the exit status.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> main([folder])
    wrote ...
    0
    >>> main(["--check", folder])
    0
    """
    parser = argparse.ArgumentParser(
        prog="python -m perfmodel.serialize",
        description="Regenerate perfmodel's shipped JSON Schema files from the model.",
    )
    parser.add_argument("folder", nargs="?", help="where to write (default: the package)")
    parser.add_argument("--check", action="store_true", help="only report files that differ")
    args = parser.parse_args(argv)
    folder = Path(args.folder) if args.folder else Path(__file__).parent.parent / "schemas"
    stale = []
    for file, schema in schema_files().items():
        path = folder / file
        text = render(schema)
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(file)
        if not args.check:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print(f"stale schema files in {folder}: {', '.join(stale)}", file=sys.stderr)
        return 1
    for file in stale:
        print(f"wrote {folder / file}")
    return 0
