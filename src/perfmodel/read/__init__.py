"""Read published forms (text extracted from PDF/Word, and Excel) into documents.

>>> from perfmodel.read import read_forms
>>> result = read_forms("财政项目支出绩效目标表\\n(2025年度)\\n项目名称\\t托底处置经费\\n")
>>> [d.name for d in result.documents], result.ok
(['托底处置经费'], False)
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import IO, Any

from ..errors import Diagnostic, Location, Severity
from ..model import Project, Unit
from ..vocab import DEFAULT_TAXONOMY, Taxonomy
from .forms import read_form, split_forms
from .result import ReadResult
from .source import (
    DEFAULT_LIMITS,
    Limits,
    Row,
    decode_bytes,
    load_source,
    looks_like_path,
    rows_from_text,
)
from .supplement import apply_supplement

__all__ = ["Limits", "ReadResult", "read_forms", "read_rows"]


def read_rows(rows: list[Row], name: str, *, taxonomy: Taxonomy = DEFAULT_TAXONOMY) -> ReadResult:
    """Read already-split rows (from text or a spreadsheet) into documents.

    >>> read_rows([Row(1, ("hello",))], "x").diagnostics[0].code
    'R003'
    """
    diagnostics: list[Diagnostic] = []
    documents: list[Unit | Project] = []
    if all(r.is_blank for r in rows):
        diagnostics.append(
            Diagnostic(Severity.ERROR, "R001", f"{name} is empty", Location(file=name))
        )
        return ReadResult(documents, diagnostics)
    forms = split_forms(rows)
    if not forms:
        diagnostics.append(
            Diagnostic(
                Severity.ERROR,
                "R003",
                f"{name} holds no known form (no title such as 财政项目支出绩效目标申报表)",
                Location(file=name, line=1),
            )
        )
        return ReadResult(documents, diagnostics)
    for kind, title, form_rows in forms:
        doc, diags = read_form(kind, form_rows, title, file=name, taxonomy=taxonomy)
        doc, extra = apply_supplement(doc, form_rows, name)  # figures the form has no place for
        documents.append(doc)
        diagnostics.extend([*diags, *extra])
    return ReadResult(documents, diagnostics)


def read_forms(
    source: str | os.PathLike[str] | IO[Any] | bytes,
    *,
    encoding: str = "utf-8",
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
    limits: Limits = DEFAULT_LIMITS,
) -> ReadResult:
    """Read every form in ``source`` — a path, a file object, text, or bytes.

    Text forms (tab-separated text extracted from PDF/Word) and ``.xlsx`` workbooks (with the
    ``[excel]`` extra; recognised by their ``.xlsx`` name or, for bytes and streams, by their
    content) are read. Problems in the content never raise: they come back as
    diagnostics (a damaged workbook too: ``R009``). Only a source above a limit
    (:class:`~perfmodel.errors.InputLimitError`, see :class:`Limits`) or one that cannot be read
    at all — a missing :class:`~pathlib.Path`, a text stream that fails to decode, a missing
    ``[excel]`` extra — raises (:class:`~perfmodel.errors.ReadError`). A one-line ``str`` ending
    like a file name (``.txt``, ``.xlsx``…) that names no file gives an ``R010`` error.

    >>> read_forms("").diagnostics[0].message
    '<text> is empty'
    """
    is_path = isinstance(source, str | os.PathLike)
    if is_path and str(source).lower().endswith((".xlsx", ".xlsm")) and Path(str(source)).is_file():
        from .excel import read_workbook

        return read_workbook(Path(str(source)), taxonomy=taxonomy, limits=limits)
    data, name = load_source(source, limits=limits)
    if name == "<text>" and isinstance(source, str) and looks_like_path(source):
        message = f"no such file: {source.strip()} (a one-line text ending like a file name)"
        missing = Diagnostic(Severity.ERROR, "R010", message, Location(file=source.strip()))
        return ReadResult([], [missing])
    if isinstance(data, bytes) and data.startswith(b"PK\x03\x04"):
        from .excel import is_workbook, read_workbook

        if is_workbook(data):  # a workbook given as bytes, a stream, or under another name
            return read_workbook(data, name=Path(name).name, taxonomy=taxonomy, limits=limits)
    text: str | None
    diagnostics: list[Diagnostic]
    if isinstance(data, str):
        text, diagnostics = _without_surrogates(data, name)
    else:
        text, diagnostics = decode_bytes(data, name, encoding=encoding, limits=limits)
    if text is None:
        return ReadResult([], diagnostics)
    rows, row_diags = rows_from_text(text, name, limits=limits)
    result = read_rows(rows, name, taxonomy=taxonomy)
    return ReadResult(result.documents, [*diagnostics, *row_diags, *result.diagnostics])


_SURROGATES = re.compile("[\ud800-\udfff]")


def _without_surrogates(text: str, name: str) -> tuple[str, list[Diagnostic]]:
    """``text`` with each lone surrogate (only a Python ``str`` can hold one: it is not a
    character, and no file decodes to one) replaced by U+FFFD, and an ``R012`` warning naming
    the first line that had one.

    >>> text, diags = _without_surrogates("项目名称 某\\ud800项目", "<text>")
    >>> text == "项目名称 某\\ufffd项目", diags[0].code
    (True, 'R012')
    """
    match = _SURROGATES.search(text)
    if match is None:
        return text, []
    count = len(_SURROGATES.findall(text))
    line = text.count("\n", 0, match.start()) + 1
    message = (
        f"{name}: {count} lone surrogate(s) (U+{ord(match.group()):04X} first, line {line}) "
        "replaced by U+FFFD: they are not Unicode characters"
    )
    where = Location(file=name, line=line)
    return _SURROGATES.sub("\ufffd", text), [Diagnostic(Severity.WARNING, "R012", message, where)]
