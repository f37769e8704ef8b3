"""Read ``.xlsx`` workbooks laid out like the published forms (the ``[excel]`` extra).

Each sheet is turned into rows of text cells and read by the same form readers as text, so a
sheet may hold one form or several stacked. The workbook is opened with openpyxl in read-only
mode (with defusedxml installed, openpyxl parses XML safely); numbers become exact text
(never binary floats in a money figure), formulas without a cached value are reported.

>>> import tempfile, pathlib, openpyxl
>>> wb = openpyxl.Workbook(); ws = wb.active
>>> ws.append(["财政项目支出绩效目标表"]); ws.append(["(2025年度)"]); ws.append(["项目名称", "X"])
>>> path = pathlib.Path(tempfile.mkdtemp()) / "f.xlsx"; wb.save(path)
>>> [d.name for d in read_workbook(path).documents]
['X']
"""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, InputLimitError, Location, ReadError, Severity
from ..model import Project, Unit
from ..vocab import DEFAULT_TAXONOMY, Taxonomy
from .result import ReadResult
from .source import DEFAULT_LIMITS, Limits, Row

__all__ = ["cell_text", "read_workbook"]

#: Uncompressed size above which a workbook is refused (zip-bomb guard), relative to Limits.
_EXPANSION_LIMIT = 100


def cell_text(value: Any) -> str:
    """Text of a spreadsheet cell: exact for numbers, ISO for dates, ``""`` for empty.

    >>> cell_text(6810000), cell_text(26.62), cell_text(None), cell_text(dt.date(2025, 1, 1))
    ('6810000', '26.62', '', '2025-01-01')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # repr gives the shortest decimal text that round-trips: what the sheet displays.
        text = repr(value)
        return str(Decimal(text).normalize()) if "e" in text else text
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _check_archive(path: Path, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ReadError(f"{path} is not an .xlsx workbook (not a ZIP archive)") from exc
    if total > limits.max_bytes * _EXPANSION_LIMIT // 10:
        raise InputLimitError(
            f"{path} expands to {total} bytes, above the limit of "
            f"{limits.max_bytes * _EXPANSION_LIMIT // 10} (zip bomb guard, Limits.max_bytes)"
        )


def read_workbook(
    path: Path, *, taxonomy: Taxonomy = DEFAULT_TAXONOMY, limits: Limits = DEFAULT_LIMITS
) -> ReadResult:
    """Read every form in every sheet of an ``.xlsx`` workbook into a ``ReadResult``.

    Locations name the sheet: ``book.xlsx[Sheet1]:12``.
    """
    from . import read_rows

    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ReadError(
            "reading .xlsx needs the [excel] extra: pip install perfmodel[excel]"
        ) from exc
    if path.stat().st_size > limits.max_bytes:
        raise InputLimitError(f"{path} is above the limit of {limits.max_bytes} bytes")
    _check_archive(path, limits)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on malformed files
        raise ReadError(f"{path} could not be opened as a workbook: {exc}") from exc
    documents: list[Unit | Project] = []
    diagnostics: list[Diagnostic] = []
    formula_book = None
    try:
        for sheet in book.worksheets:
            name = f"{path.name}[{sheet.title}]"
            rows: list[Row] = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > limits.max_rows:
                    raise InputLimitError(f"{name} has more than {limits.max_rows} rows")
                cells = tuple(cell_text(v) for v in values)
                for cell in cells:
                    if len(cell) > limits.max_cell_chars:
                        raise InputLimitError(
                            f"{name}:{number}: cell above {limits.max_cell_chars}"
                        )
                rows.append(Row(number, cells))
            if formula_book is None:
                formula_book = _formula_cells(path)
            for line, column in formula_book.get(sheet.title, ()):
                row_cells = rows[line - 1].cells if line <= len(rows) else ()
                if column >= len(row_cells) or not row_cells[column]:
                    diagnostics.append(
                        Diagnostic(
                            Severity.WARNING,
                            "R007",
                            "formula without a cached value: open and save the workbook in a "
                            "spreadsheet program so its values are stored",
                            Location(file=name, line=line, field=f"column {column + 1}"),
                        )
                    )
            result = read_rows(rows, name, taxonomy=taxonomy)
            documents.extend(result.documents)
            diagnostics.extend(result.diagnostics)
    finally:
        book.close()
    return ReadResult(documents, diagnostics)


def _formula_cells(path: Path) -> dict[str, list[tuple[int, int]]]:
    """(row, 0-based column) of every formula cell, per sheet."""
    import openpyxl

    out: dict[str, list[tuple[int, int]]] = {}
    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        for sheet in book.worksheets:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                for column, value in enumerate(values):
                    if isinstance(value, str) and value.startswith("="):
                        out.setdefault(sheet.title, []).append((number, column))
    finally:
        book.close()
    return out
