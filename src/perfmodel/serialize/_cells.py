"""Characters a written cell cannot carry, and the document field that holds them.

Form text (:func:`~perfmodel.serialize.layout.to_text`) separates cells by tabs and rows by line
breaks, so a cell cannot hold a tab, ``\\n``, ``\\r``, NEL (U+0085) or the Unicode line and
paragraph separators (U+2028, U+2029). An ``.xlsx`` cell is XML 1.0 text, which cannot hold the
C0 control characters other than tab, line feed and carriage return (``\\x00`` … ``\\x08``,
``\\x0b`` — Word's manual line break —, ``\\x0c``, ``\\x0e`` … ``\\x1f``), lone surrogates,
U+FFFE or U+FFFF; and a carriage return comes back as a line feed. Excel's own escape
(``_x000B_``) is not decoded by openpyxl, so such a text would not read back equal: the
writers refuse the document with a :class:`~perfmodel.errors.SerializationError` naming it, the
field and the character, rather than write what would read back different.

>>> from perfmodel import Project
>>> check_cells([["主管部门", "a\\x0bb"]], Project("p", department="a\\x0bb"), XLSX_REFUSED, "XML")
Traceback (most recent call last):
...
perfmodel.errors.SerializationError: p: department holds '\\x0b', which XML cannot carry
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from ..errors import SerializationError

__all__ = ["TEXT_REFUSED", "XLSX_REFUSED", "check_cells", "field_holding"]

#: What a cell of form text cannot hold (cell and row separators).
TEXT_REFUSED = re.compile("[\t\n\r\x85\u2028\u2029]")

#: What an .xlsx cell cannot hold, or does not give back (XML 1.0; a CR reads back as LF).
XLSX_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\r\ud800-\udfff\ufffe\uffff]")


def field_holding(value: Any, pattern: re.Pattern[str], path: str = "") -> str | None:
    """The path of the first text in ``value`` (an attrs object, a tuple, a mapping) that
    ``pattern`` finds something in, or ``None``.

    >>> from perfmodel import Unit
    >>> field_holding(Unit("u", duties="a\\tb"), TEXT_REFUSED)
    'duties'
    """
    if isinstance(value, str):
        return path or "text" if pattern.search(value) else None
    items: Iterable[tuple[str, Any]]
    if attrs.has(type(value)):
        items = ((f.name, getattr(value, f.name)) for f in attrs.fields(type(value)))
        items = ((f"{path}.{name}" if path else name, item) for name, item in items)
    elif isinstance(value, tuple | list):
        items = ((f"{path}[{i}]", item) for i, item in enumerate(value))
    elif isinstance(value, dict):
        items = ((f"{path}[{k!r}]", v) for k, v in value.items())
        items = [*items, *((f"{path} key", k) for k in value)]
    else:
        return None
    for name, item in items:
        found = field_holding(item, pattern, name)
        if found is not None:
            return found
    return None


def check_cells(
    rows: Sequence[Sequence[str]], doc: Any, pattern: re.Pattern[str], what: str, hint: str = ""
) -> None:
    """Raise :class:`~perfmodel.errors.SerializationError` when a cell of ``rows`` holds a
    character ``pattern`` finds, naming ``doc``, the field it comes from and the character.

    >>> check_cells([["a"]], None, TEXT_REFUSED, "form text")
    """
    for row in rows:
        for cell in row:
            match = pattern.search(cell)
            if match is None:
                continue
            name = str(getattr(doc, "name", "document"))
            name = repr(name) if pattern.search(name) else name  # show the character, escaped
            field = field_holding(doc, pattern) or f"the cell {cell[:40]!r}"
            raise SerializationError(
                f"{name}: {field} holds {match.group()!r}, which {what} cannot carry{hint}"
            )
