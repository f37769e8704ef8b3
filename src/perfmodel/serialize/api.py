"""Plain data and JSON of every perfmodel object: ``to_dict``/``from_dict``, ``to_json`` …

Top-level objects — documents (:class:`~perfmodel.model.Unit`, :class:`~perfmodel.model.Project`),
:class:`~perfmodel.read.ReadResult`, :class:`~perfmodel.scoring.policy.Policy` and the scoring
``Evaluation`` — are written with ``"schema": "perfmodel/1"`` and ``"type"`` first; their parts
(``Budget``, ``Indicator``, ``Target``, ``Diagnostic`` …) are plain objects. Reading a top-level
object requires ``"schema"`` and migrates older versions (:mod:`perfmodel.serialize.migrate`).

>>> from perfmodel import Project, Budget
>>> from decimal import Decimal
>>> p = Project("示例项目", year=2025, budget=Budget(total=Decimal("266200.00")))
>>> to_dict(p)
{'schema': 'perfmodel/1', 'type': 'project', 'name': '示例项目', 'year': 2025, ...}
>>> text = to_json(p)
>>> from_json(text) == p, from_json(text, Project) == p
(True, True)
>>> to_dict(p.budget)
{'total': '266200.00', 'fiscal': None, ...}
"""

from __future__ import annotations

import importlib
import json
import re
import sys
import threading
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, TypeVar, overload

import attrs
import cattrs

from ..errors import SerializationError
from .converter import TAGS, make_converter, show, structure
from .fast import FastPaths, Slow
from .migrate import CURRENT, Migration, upgrade

__all__ = [
    "SCHEMA_VERSION",
    "default_converter",
    "from_dict",
    "from_json",
    "from_yaml",
    "kind_of",
    "kinds",
    "to_dict",
    "to_json",
]

T = TypeVar("T")

#: The ``"schema"`` value of the documents this perfmodel writes.
SCHEMA_VERSION = CURRENT

_lock = threading.Lock()
_converter: cattrs.Converter | None = None
_fast: FastPaths | None = None
#: Whether to_dict/from_dict/from_json try the fast paths first (the tests compare both ways).
_use_fast_paths = True
_UNSET: Any = object()
#: The orjson module when the [orjson] extra is installed, else None (looked up on first use).
_orjson_module: Any = _UNSET


def default_converter() -> cattrs.Converter:
    """The shared converter of :func:`to_dict` and friends (built once, on first use).

    Documents and their parts are read and written by fast paths generated from it on first
    use (:mod:`perfmodel.serialize.fast`), which fall back to it for anything unusual: to add
    hooks of your own, configure a converter of your own (:func:`make_converter`).

    >>> default_converter() is default_converter()
    True
    """
    global _converter
    conv = _converter
    if conv is None:
        with _lock:
            if _converter is None:
                _converter = make_converter()
            conv = _converter
    return conv


def kinds() -> dict[str, type]:
    """The top-level types by their ``"type"`` code.

    >>> sorted(kinds())
    ['evaluation', 'policy', 'project', 'read_result', 'unit']
    >>> kinds()["project"]
    <class 'perfmodel.model.Project'>
    """
    return dict(_kinds())


def _fast_paths() -> FastPaths:
    """The generated fast paths of the default converter (:mod:`perfmodel.serialize.fast`)."""
    global _fast
    paths = _fast
    if paths is None:
        conv = default_converter()
        with _lock:
            if _fast is None:
                _fast = FastPaths(conv, {cls: code for code, cls in _kinds()}, SCHEMA_VERSION)
            paths = _fast
    return paths


def _orjson() -> Any:
    global _orjson_module
    if _orjson_module is _UNSET:
        try:
            _orjson_module = importlib.import_module("orjson")
        except ImportError:
            _orjson_module = None
    return _orjson_module


@lru_cache(maxsize=1)
def _kinds() -> tuple[tuple[str, type], ...]:
    from ..model import Project, Unit
    from ..read.result import ReadResult
    from ..scoring.evaluate import Evaluation
    from ..scoring.policy import Policy

    return (
        ("unit", Unit),
        ("project", Project),
        ("read_result", ReadResult),
        ("policy", Policy),
        ("evaluation", Evaluation),
    )


def kind_of(cls: Any) -> str | None:
    """The ``"type"`` code of a top-level type, or ``None`` for a part.

    >>> from perfmodel import Project, Budget
    >>> kind_of(Project), kind_of(Budget)
    ('project', None)
    """
    for code, kind in _kinds():
        if cls is kind:
            return code
    return None


def _top_codes(cls: Any) -> tuple[str, ...]:
    """The codes a top-level ``cls`` (a top-level type or a union of them) accepts."""
    code = kind_of(cls)
    if code is not None:
        return (code,)
    args = getattr(cls, "__args__", ())
    codes = tuple(c for c in (kind_of(a) for a in args) if c is not None)
    return codes if codes and len(codes) == len(args) else ()


def to_dict(obj: Any) -> dict[str, Any]:
    """Plain JSON-ready data for any perfmodel object (numbers as exact text, blank as ``None``).

    >>> from perfmodel import KeyTask
    >>> to_dict(KeyTask("巩固垃圾分类建设"))
    {'name': '巩固垃圾分类建设', 'content': ''}
    >>> to_dict([1])
    Traceback (most recent call last):
    ...
    perfmodel.errors.SerializationError: to_dict needs a perfmodel object, got list
    """
    write = _fast_paths().unstructurer(type(obj)) if _use_fast_paths else None
    if write is not None:
        try:
            return write(obj)
        except Exception:  # anything unusual: the converter writes it or says what is wrong
            pass
    if not attrs.has(type(obj)):
        raise SerializationError(f"to_dict needs a perfmodel object, got {type(obj).__name__}")
    data: dict[str, Any] = default_converter().unstructure(obj)
    code = kind_of(type(obj))
    if code is None:
        return data
    body = {k: v for k, v in data.items() if k != "type"}
    return {"schema": SCHEMA_VERSION, "type": code, **body}


@overload
def from_dict(
    data: Any,
    cls: type[T],
    *,
    migrations: Mapping[str, tuple[str, Migration]] | None = None,
) -> T: ...


@overload
def from_dict(
    data: Any,
    cls: Any = None,
    *,
    migrations: Mapping[str, tuple[str, Migration]] | None = None,
) -> Any: ...


def from_dict(
    data: Any,
    cls: Any = None,
    *,
    migrations: Mapping[str, tuple[str, Migration]] | None = None,
) -> Any:
    """Build a perfmodel object from :func:`to_dict` data; errors name the JSON path.

    ``cls`` may be a top-level type, a part (``Indicator``), ``Unit | Project``, or ``None`` to
    follow the document's ``"type"``. A top-level document needs ``"schema"``; older versions
    are migrated with ``migrations`` (default :data:`~perfmodel.serialize.migrate.MIGRATIONS`).
    A list (what :func:`to_json` writes for a list) gives a list, each item read as ``cls``.

    >>> from perfmodel import Project
    >>> from_dict({"schema": "perfmodel/1", "type": "project", "name": "x"}).name
    'x'
    >>> from_dict({"schema": "perfmodel/1", "name": "x", "year": "2025"}, Project)
    Traceback (most recent call last):
    ...
    perfmodel.errors.SerializationError: year: expected an integer, got '2025' (str)
    """
    return _from_dict(data, cls, migrations, fast_only=False)


def _from_dict(
    data: Any,
    cls: Any,
    migrations: Mapping[str, tuple[str, Migration]] | None,
    *,
    fast_only: bool,
) -> Any:
    """:func:`from_dict`; with ``fast_only``, anything but a current document (or part) that the
    fast path reads raises :class:`~perfmodel.serialize.fast.Slow` or another error."""
    if isinstance(data, list):
        out = []
        for index, item in enumerate(data):
            try:
                out.append(_from_dict(item, cls, migrations, fast_only=fast_only))
            except SerializationError as exc:
                lines = str(exc).splitlines()
                raise SerializationError(
                    "\n".join(_prefixed(f"[{index}]", line) for line in lines)
                ) from exc
        return out
    if not isinstance(data, Mapping):
        raise SerializationError(f"$: expected an object, got {show(data)}")
    codes = kinds()
    top = cls is None or bool(_top_codes(cls))
    if not top:
        return _read(data, cls, fast_only)
    if fast_only and data.get("schema") != CURRENT:
        raise Slow  # a migration would see the data: read it the plain way
    document = upgrade(data, migrations)
    document.pop("schema")
    tag = document.get("type")
    allowed = tuple(codes) if cls is None else _top_codes(cls)
    if ("type" in document or cls is None) and tag not in allowed:
        got = "nothing" if "type" not in document else show(tag)
        expected = " or ".join(repr(c) for c in allowed)
        raise SerializationError(f"type: expected {expected}, got {got}")
    target = codes[str(tag)] if cls is None else cls
    if not any(t in TAGS for t in (target, *getattr(target, "__args__", ()))):
        document.pop("type", None)
    return _read(document, target, fast_only)


def _read(data: Any, cls: Any, fast_only: bool) -> Any:
    """``data`` as ``cls``: the fast path when it applies, else (or when it gives up) the
    converter, which also names what is wrong."""
    read = _fast_paths().structurer(cls) if _use_fast_paths else None
    if read is not None:
        try:
            return read(data)
        except Exception:
            if fast_only:
                raise
    if fast_only:
        raise Slow
    return structure(default_converter(), data, cls)


def _prefixed(prefix: str, line: str) -> str:
    if line.startswith("$"):
        return prefix + line[1:]
    if line.startswith("["):
        return prefix + line
    return f"{prefix}.{line}"


def to_json(obj: Any, *, indent: int | None = None) -> str:
    """JSON text of :func:`to_dict` (UTF-8 characters kept; ``indent`` for humans); a list or
    tuple of objects becomes a JSON array of them.

    >>> from perfmodel import KeyTask
    >>> to_json(KeyTask("任务", "内容"))
    '{"name":"任务","content":"内容"}'
    >>> to_json([KeyTask("a"), KeyTask("b")])
    '[{"name":"a","content":""},{"name":"b","content":""}]'
    """
    orjson = _orjson()
    if orjson is None and indent is None and _use_fast_paths:
        fast = _fast_text(obj)  # what json.dumps writes below, without the dicts in between
        if fast is not None:
            if _SURROGATE.search(fast):
                _refuse_surrogates(_data(obj), "to_json")
            return fast
    data = _data(obj)
    if orjson is None:
        separators = (",", ":") if indent is None else (",", ": ")
        text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
        if _SURROGATE.search(text):
            _refuse_surrogates(data, "to_json")
        return text
    option = orjson.OPT_INDENT_2 if indent else 0
    try:
        written: str = orjson.dumps(data, option=option).decode("utf-8")
    except TypeError as exc:  # a lone surrogate (nothing else a perfmodel object holds)
        _refuse_surrogates(data, "to_json")
        raise SerializationError(f"to_json: {exc}") from exc
    return written


def _data(obj: Any) -> Any:
    return [to_dict(o) for o in obj] if isinstance(obj, list | tuple) else to_dict(obj)


#: A surrogate code point: in a Python ``str`` only when unpaired, and never Unicode text.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: What may become a lone surrogate when JSON is parsed: the character itself, a ``\uD800``
#: escape, or (in bytes) the character encoded as UTF-8 would encode it.
_MAYBE_SURROGATE = re.compile(r"[\ud800-\udfff]|\\u[dD][89a-fA-F]")
_MAYBE_SURROGATE_BYTES = re.compile(rb"\\u[dD][89a-fA-F]|\xed[\xa0-\xbf]")


def _refuse_surrogates(data: Any, what: str) -> None:
    """A :class:`SerializationError` naming the first text in ``data`` that holds a lone
    surrogate (JSON is UTF-8 text, which cannot hold one); nothing when there is none."""
    found = _find_surrogate(data, "")
    if found is not None:
        path, text = found
        match = _SURROGATE.search(text)
        assert match is not None
        raise SerializationError(
            f"{path or '$'}: {what} refuses a lone surrogate U+{ord(match.group()):04X} (character "
            f"{match.start() + 1} of the text): it is not a Unicode character, and JSON is "
            "Unicode text (replace it, e.g. with U+FFFD)"
        )


def _find_surrogate(data: Any, path: str) -> tuple[str, str] | None:
    if isinstance(data, str):
        return (path, data) if _SURROGATE.search(data) else None
    if isinstance(data, Mapping):
        items: Any = ((f"{path}.{k}" if path else str(k), v) for k, v in data.items())
    elif isinstance(data, list | tuple):
        items = ((f"{path}[{i}]", v) for i, v in enumerate(data))
    else:
        return None
    for where, value in items:
        found = _find_surrogate(value, where)
        if found is not None:
            return found
    return None


def _fast_text(obj: Any) -> str | None:
    """Compact JSON text of ``obj`` (or of a list or tuple of objects) by the fast paths, or
    None when they do not write it."""
    paths = _fast_paths()
    try:
        if not isinstance(obj, list | tuple):
            write = paths.texter(type(obj))
            return None if write is None else write(obj)
        parts = []
        for item in obj:
            write = paths.texter(type(item))
            if write is None:
                return None
            parts.append(write(item))
        return "[" + ",".join(parts) + "]"
    except Exception:  # anything unusual: written below, the plain way
        return None


@overload
def from_json(
    text: str | bytes,
    cls: type[T],
    *,
    migrations: Mapping[str, tuple[str, Migration]] | None = None,
) -> T: ...


@overload
def from_json(
    text: str | bytes,
    cls: Any = None,
    *,
    migrations: Mapping[str, tuple[str, Migration]] | None = None,
) -> Any: ...


def from_json(
    text: str | bytes,
    cls: Any = None,
    *,
    migrations: Mapping[str, tuple[str, Migration]] | None = None,
) -> Any:
    """Read JSON text written by :func:`to_json` (see :func:`from_dict` for ``cls``).

    >>> from_json('{"schema": "perfmodel/1", "type": "unit", "name": "x", "year": 2024.0}')
    Traceback (most recent call last):
    ...
    perfmodel.errors.SerializationError: year: expected an integer, got 2024.0 (float)
    >>> from_json('{"schema": ')
    Traceback (most recent call last):
    ...
    perfmodel.errors.SerializationError: JSON line 1 column 12: Expecting value
    """
    _check_size(text, "JSON")
    orjson = _orjson()
    if orjson is not None and _use_fast_paths and (cls is None or _fast_paths().structurer(cls)):
        # orjson parses only strict JSON (and big integers as floats, which no field takes): when
        # it and the fast path both succeed, the result is what the lines below give; anything
        # else is read again below, which also says what is wrong
        try:
            return _from_dict(orjson.loads(text), cls, migrations, fast_only=True)
        except Exception:
            pass
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SerializationError(f"JSON line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    except UnicodeDecodeError as exc:
        raise SerializationError(f"JSON is not UTF-8 text (byte offset {exc.start})") from exc
    except RecursionError as exc:
        raise SerializationError(_TOO_DEEP.format(what="JSON")) from exc
    except ValueError as exc:  # an integer of more digits than int() converts (4300 by default)
        raise SerializationError(_TOO_LONG.format(what="JSON", digits=_max_digits())) from exc
    maybe = _MAYBE_SURROGATE if isinstance(text, str) else _MAYBE_SURROGATE_BYTES
    if maybe.search(text):  # type: ignore[arg-type]
        _refuse_surrogates(data, "from_json")
    return _structure(data, cls, migrations)


def from_yaml(
    text: str | bytes,
    cls: Any = None,
    *,
    migrations: Mapping[str, tuple[str, Migration]] | None = None,
) -> Any:
    """Read a hand-written YAML document with the JSON structure (PyYAML's safe loader only).

    Quote decimals (``"2.5"``): YAML reads ``2.5`` as a binary float, which is refused. Targets
    and actuals may be written as text (``target: "≥90%"``).

    >>> doc = from_yaml('''
    ... schema: perfmodel/1
    ... type: project
    ... name: 示例项目
    ... start: 2025-01-01
    ... indicators:
    ...   indicators:
    ...     - {name: 满意度, level1: 满意度指标, level2: 服务对象满意度指标, target: "≥90%"}
    ... ''')
    >>> doc.start, doc.indicators[0].target.comparator
    (datetime.date(2025, 1, 1), <Comparator.GE: 'GE'>)
    """
    try:
        import yaml
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SerializationError(
            "YAML input needs the [yaml] extra: pip install perfmodel[yaml]"
        ) from exc
    _check_size(text, "YAML")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SerializationError(f"YAML: {exc}") from exc
    except RecursionError as exc:
        raise SerializationError(_TOO_DEEP.format(what="YAML")) from exc
    except ValueError as exc:  # an integer of more digits than int() converts
        raise SerializationError(_TOO_LONG.format(what="YAML", digits=_max_digits())) from exc
    _check_aliases(data)
    return _structure(data, cls, migrations)


#: Largest JSON or YAML text read (the same bound as a form's :class:`perfmodel.read.Limits`).
MAX_TEXT_BYTES = 50 * 1024 * 1024
_TOO_DEEP = (
    "{what} nested too deeply to read (no perfmodel document is more than a few levels deep)"
)


def _max_digits() -> int:
    return sys.get_int_max_str_digits()


#: What reading an integer longer than int() converts says (no perfmodel field takes one).
_TOO_LONG = "{what} holds an integer of more than {digits} digits; no perfmodel field takes one"


def _check_size(text: str | bytes, what: str) -> None:
    if len(text) > MAX_TEXT_BYTES:
        raise SerializationError(
            f"{what} text of {len(text)} characters is above the limit of {MAX_TEXT_BYTES}"
        )


#: How many values YAML aliases (``*name``) may add to a document once expanded.
MAX_ALIAS_EXPANSION = 1_000_000


def _check_aliases(data: Any) -> None:
    """Refuse YAML whose aliases expand beyond :data:`MAX_ALIAS_EXPANSION` values, or loop.

    ``yaml.safe_load`` shares an aliased node, so a few hundred bytes of anchors that each repeat
    the one before ("billion laughs") load instantly but expand exponentially when read value by
    value. The expanded size is counted with each shared list or mapping measured once.

    >>> _check_aliases([[1, 2]] * 3)
    >>> loop: list[Any] = []
    >>> loop.append(loop)
    >>> _check_aliases(loop)
    Traceback (most recent call last):
    ...
    perfmodel.errors.SerializationError: YAML: an alias refers to a node that contains it
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    distinct = 0
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        node, children_done = stack.pop()
        if not isinstance(node, list | dict):
            continue
        key = id(node)
        children = list(node.values()) if isinstance(node, dict) else node
        if children_done:
            size = 1
            for child in children:
                if isinstance(child, list | dict):
                    if id(child) not in sizes:
                        raise SerializationError("YAML: an alias refers to a node that contains it")
                    size += sizes[id(child)]
                else:
                    size += 1
            sizes[key] = size
            open_nodes.discard(key)
        elif key in open_nodes:
            raise SerializationError("YAML: an alias refers to a node that contains it")
        elif key not in sizes:
            open_nodes.add(key)
            distinct += 1 + len(children)
            stack.append((node, True))
            stack.extend((child, False) for child in children)
    expanded = sizes.get(id(data), 1)
    if expanded - distinct > MAX_ALIAS_EXPANSION:
        raise SerializationError(
            f"YAML: aliases expand the document to {expanded} values from {distinct}, above "
            f"the limit of {MAX_ALIAS_EXPANSION} more (MAX_ALIAS_EXPANSION)"
        )


def _structure(data: Any, cls: Any, migrations: Mapping[str, tuple[str, Migration]] | None) -> Any:
    try:
        return from_dict(data, cls, migrations=migrations)
    except RecursionError as exc:
        raise SerializationError(_TOO_DEEP.format(what="data")) from exc
