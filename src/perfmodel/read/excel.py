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
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, InputLimitError, Location, PerfModelError, ReadError, Severity
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
    """Refuse what is not a ZIP archive, or what would expand beyond the limits (zip bomb).

    zipfile never inflates a member beyond its declared size, so the declared sizes bound the
    work done later.
    """
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise InputLimitError(
                f"{path} is {size} bytes, above the limit of {limits.max_bytes} (Limits.max_bytes)"
            )
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, EOFError) as exc:
        raise ReadError(f"{path} is not an .xlsx workbook (not a ZIP archive)") from exc
    except (OSError, ValueError, NotImplementedError) as exc:
        raise ReadError(f"{path} could not be opened as a workbook: {exc}") from exc
    bound = limits.max_bytes * _EXPANSION_LIMIT // 10
    if total > bound:
        raise InputLimitError(
            f"{path} expands to {total} bytes, above the limit of {bound} "
            "(zip bomb guard: 10 × Limits.max_bytes)"
        )


def _sheet_values(
    path: Path, limits: Limits, *, data_only: bool
) -> Iterator[tuple[str, int, tuple[Any, ...]]]:
    """Yield ``(sheet title, row number, cell values)`` with the limits enforced.

    Each sheet starts with ``(title, 0, ())``, so an empty sheet is seen too.

    openpyxl is used in read-only mode (streaming) and, with defusedxml, parses XML safely.
    A sheet's declared size (``<dimension>``) is ignored: it can lie, and openpyxl would pad every
    row to it. Every error of a malformed workbook becomes a :class:`ReadError`.
    """
    import openpyxl

    if not openpyxl.DEFUSEDXML:
        raise ReadError(
            "reading .xlsx needs defusedxml so that XML is parsed safely: "
            "pip install perfmodel[excel] (and leave OPENPYXL_DEFUSEDXML unset)"
        )
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many types on malformed files
        raise ReadError(f"{path} could not be opened as a workbook: {exc}") from exc
    cells = 0
    try:
        for sheet in book.worksheets:
            sheet.reset_dimensions()
            name = f"{path.name}[{sheet.title}]"
            yield sheet.title, 0, ()
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > limits.max_rows:
                    raise InputLimitError(
                        f"{name} has more than {limits.max_rows} rows (Limits.max_rows)"
                    )
                cells += len(values)
                if cells > limits.max_cells:
                    raise InputLimitError(
                        f"{name}:{number}: more than {limits.max_cells} cells in all, counting "
                        "the blanks before the last cell of each row (Limits.max_cells)"
                    )
                yield sheet.title, number, tuple(values)
    except PerfModelError:
        raise
    except Exception as exc:  # malformed XML, bad shared-string index, CRC error, …
        raise ReadError(
            f"{path} could not be read as a workbook: {type(exc).__name__}: {exc}"
        ) from exc
    finally:
        book.close()


def read_workbook(
    path: Path, *, taxonomy: Taxonomy = DEFAULT_TAXONOMY, limits: Limits = DEFAULT_LIMITS
) -> ReadResult:
    """Read every form in every sheet of an ``.xlsx`` workbook into a ``ReadResult``.

    Locations name the sheet: ``book.xlsx[Sheet1]:12``. Limits are enforced as for text (rows
    per sheet, characters per cell, cells in all) and the archive may expand to at most
    10 × ``Limits.max_bytes``; a malformed workbook raises :class:`ReadError`.
    """
    from . import read_rows

    try:
        import openpyxl  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ReadError(
            "reading .xlsx needs the [excel] extra: pip install perfmodel[excel]"
        ) from exc
    _check_archive(path, limits)
    sheets: dict[str, list[Row]] = {}
    for title, number, values in _sheet_values(path, limits, data_only=True):
        rows = sheets.setdefault(title, [])
        if number == 0:
            continue
        cells = tuple(cell_text(v) for v in values)
        for cell in cells:
            if len(cell) > limits.max_cell_chars:
                raise InputLimitError(
                    f"{path.name}[{title}]:{number}: a cell of {len(cell)} characters is above "
                    f"the limit of {limits.max_cell_chars} (Limits.max_cell_chars)"
                )
        rows.append(Row(number, cells))
    formulas: dict[str, list[tuple[int, int]]] = {}
    for title, number, values in _sheet_values(path, limits, data_only=False):
        for column, value in enumerate(values):
            if isinstance(value, str) and value.startswith("="):
                formulas.setdefault(title, []).append((number, column))
    documents: list[Unit | Project] = []
    diagnostics: list[Diagnostic] = []
    for title, rows in sheets.items():
        name = f"{path.name}[{title}]"
        for line, column in formulas.get(title, ()):
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
    return ReadResult(documents, diagnostics)
