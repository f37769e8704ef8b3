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
import io
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, InputLimitError, Location, PerfModelError, ReadError, Severity
from ..model import Project, Unit
from ..numbers import quantize
from ..vocab import DEFAULT_TAXONOMY, SCORE_SECTION_LABELS, Taxonomy
from .result import ReadResult
from .source import DEFAULT_LIMITS, Limits, Row

__all__ = ["cell_text", "is_workbook", "read_workbook"]

#: A workbook given as a path, or as its bytes (read from a stream or received over a network).
Workbook = Path | bytes


def is_workbook(data: bytes) -> bool:
    """Whether ``data`` is an Office Open XML workbook (a ZIP archive holding ``xl/workbook.xml``).

    >>> import tempfile, pathlib, openpyxl
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "w.xlsx"; openpyxl.Workbook().save(path)
    >>> is_workbook(path.read_bytes()), is_workbook(b"PK\x03\x04 not a zip"), is_workbook(b"text")
    (True, False, False)
    """
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError):
        return False


def _open(source: Workbook) -> Path | io.BytesIO:
    """Something openpyxl and zipfile can open: the path, or a fresh stream over the bytes."""
    return source if isinstance(source, Path) else io.BytesIO(source)


def _size(source: Workbook) -> int:
    return source.stat().st_size if isinstance(source, Path) else len(source)


#: Uncompressed size above which a workbook is refused (zip-bomb guard), relative to Limits.
_EXPANSION_LIMIT = 100


def cell_text(value: Any, number_format: str | None = None) -> str:
    """Text of a spreadsheet cell: exact for numbers, ISO for dates, ``""`` for empty.

    A number in a percentage format (``0%``, ``0.00%``…) is written as the percentage the sheet
    shows — typing 95% in a spreadsheet stores 0.95 — computed exactly from the stored value, with
    at least the format's decimal places (more when the value has them: 0.9567 in ``0%`` is
    ``95.67%``, not the ``96%`` displayed).

    >>> cell_text(6810000), cell_text(26.62), cell_text(None), cell_text(dt.date(2025, 1, 1))
    ('6810000', '26.62', '', '2025-01-01')
    >>> cell_text(0.95, "0%"), cell_text(0.9, "0.00%"), cell_text(1, "0%"), cell_text(0.9567, "0%")
    ('95%', '90.00%', '100%', '95.67%')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float) and number_format and "%" in number_format:
        decimals = _percent_decimals(number_format)
        if decimals is not None:
            return _percent(value, decimals)
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


_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _percent_decimals(number_format: str) -> int | None:
    """The decimal places of a percentage number format's first section, or ``None`` when the
    format is no percentage (a ``%`` in quotes, escaped or in brackets is literal text).

    >>> _percent_decimals("0%"), _percent_decimals("#,##0.00%;[Red]-0.00%")
    (0, 2)
    >>> _percent_decimals('0"%"'), _percent_decimals("0.0 [$%-804]"), _percent_decimals("General")
    (None, None, None)
    """
    section = _QUOTED.sub("", number_format).split(";", 1)[0]
    if "%" not in section:
        return None
    number = section[: section.index("%")]
    if "." not in number:
        return 0
    return sum(ch in "0#?" for ch in number.split(".", 1)[1])


def _percent(value: int | float, decimals: int) -> str:
    """``value`` × 100 as exact text with at least ``decimals`` places, and a ``%`` sign."""
    exact = Decimal(value if isinstance(value, int) else repr(value))
    if not exact.is_finite():
        return f"{exact}"
    percent = exact.scaleb(2)
    if percent.as_tuple().exponent > -decimals:  # type: ignore[operator]
        percent = quantize(percent, Decimal(1).scaleb(-decimals))
    return f"{percent:f}%"


def _check_archive(source: Workbook, path: str, limits: Limits) -> None:
    """Refuse what is not a ZIP archive, or what would expand beyond the limits (zip bomb).

    zipfile never inflates a member beyond its declared size, so the declared sizes bound the
    work done later.
    """
    try:
        size = _size(source)
        if size > limits.max_bytes:
            raise InputLimitError(
                f"{path} is {size} bytes, above the limit of {limits.max_bytes} (Limits.max_bytes)"
            )
        with zipfile.ZipFile(_open(source)) as archive:
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
    source: Workbook, path: str, limits: Limits, *, data_only: bool, as_cells: bool = False
) -> Iterator[tuple[str, int, tuple[Any, ...]]]:
    """Yield ``(sheet title, row number, cell values)`` with the limits enforced (with ``as_cells``,
    openpyxl's cells rather than their values: a number's format says whether it is a percentage).

    Each sheet starts with ``(title, 0, ())``, so an empty sheet is seen too.

    openpyxl is used in read-only mode (streaming) and, with defusedxml, parses XML safely.
    A sheet's declared size (``<dimension>``) is ignored: it can lie, and openpyxl would pad every
    row to it. Every error of a malformed workbook becomes a :class:`ReadError`.
    """
    import openpyxl

    try:
        book = openpyxl.load_workbook(_open(source), read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many types on malformed files
        raise ReadError(f"{path} could not be opened as a workbook: {exc}") from exc
    cells = 0
    try:
        for sheet in book.worksheets:
            sheet.reset_dimensions()
            name = f"{path}[{sheet.title}]"
            yield sheet.title, 0, ()
            for number, values in enumerate(sheet.iter_rows(values_only=not as_cells), start=1):
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


def _is_scoring_sheet(rows: list[Row]) -> bool:
    """Whether a sheet starts with the scoring section's caption (see ``write_xlsx``)."""
    first = next((r for r in rows if not r.is_blank), None)
    return first is not None and first.values[:1] == (SCORE_SECTION_LABELS["caption"],)


def read_workbook(
    source: Path | bytes,
    *,
    name: str | None = None,
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
    limits: Limits = DEFAULT_LIMITS,
) -> ReadResult:
    """Read every form in every sheet of an ``.xlsx`` workbook (a path, or its bytes).

    Locations name the sheet: ``book.xlsx[Sheet1]:12`` (``name`` is what the workbook is called
    in messages: the file name by default, ``<bytes>`` for bytes). Limits are enforced as for
    text (rows per sheet, characters per cell, cells in all) and the archive may expand to at
    most 10 × ``Limits.max_bytes``; a source above a limit raises
    :class:`~perfmodel.errors.InputLimitError`. A damaged workbook (not a ZIP archive, malformed
    XML, XML entities) gives no documents and an ``R009`` error; a missing ``[excel]`` extra or
    defusedxml raises :class:`ReadError`.

    >>> result = read_workbook(b"PK\x03\x04 cut off", name="book.xlsx")
    >>> result.documents, str(result.diagnostics[0])
    ([], 'book.xlsx: error R009: book.xlsx is not an .xlsx workbook (not a ZIP archive)')
    """
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ReadError(
            "reading .xlsx needs the [excel] extra: pip install perfmodel[excel]"
        ) from exc
    if not openpyxl.DEFUSEDXML:
        raise ReadError(
            "reading .xlsx needs defusedxml so that XML is parsed safely: "
            "pip install perfmodel[excel] (and leave OPENPYXL_DEFUSEDXML unset)"
        )
    path = name or (source.name if isinstance(source, Path) else "<bytes>")
    try:
        _check_archive(source, path, limits)
        sheets = _read_sheets(source, path, limits)
        formulas = _formula_cells(source, path, limits)
    except InputLimitError:
        raise
    except ReadError as exc:
        damaged = Diagnostic(Severity.ERROR, "R009", str(exc), Location(file=path))
        return ReadResult([], [damaged])
    return _read_forms_in_sheets(path, sheets, formulas, taxonomy)


def _read_sheets(source: Workbook, path: str, limits: Limits) -> dict[str, list[Row]]:
    """Every sheet's rows as text cells, in order, with the cell length limit enforced."""
    sheets: dict[str, list[Row]] = {}
    for title, number, values in _sheet_values(source, path, limits, data_only=True, as_cells=True):
        rows = sheets.setdefault(title, [])
        if number == 0:
            continue
        cells = tuple(
            cell_text(c.value, c.number_format if isinstance(c.value, int | float) else None)
            for c in values
        )
        for cell in cells:
            if len(cell) > limits.max_cell_chars:
                raise InputLimitError(
                    f"{path}[{title}]:{number}: a cell of {len(cell)} characters is above "
                    f"the limit of {limits.max_cell_chars} (Limits.max_cell_chars)"
                )
        rows.append(Row(number, cells))
    return sheets


def _formula_cells(source: Workbook, path: str, limits: Limits) -> dict[str, list[tuple[int, int]]]:
    """``(row, column)`` of every formula cell by sheet (to name those without a cached value)."""
    formulas: dict[str, list[tuple[int, int]]] = {}
    for title, number, values in _sheet_values(source, path, limits, data_only=False):
        for column, value in enumerate(values):
            if isinstance(value, str) and value.startswith("="):
                formulas.setdefault(title, []).append((number, column))
    return formulas


def _read_forms_in_sheets(
    path: str,
    sheets: dict[str, list[Row]],
    formulas: dict[str, list[tuple[int, int]]],
    taxonomy: Taxonomy,
) -> ReadResult:
    """Read the forms of each sheet (skipping perfmodel's scoring sheets), formulas flagged."""
    from . import read_rows

    documents: list[Unit | Project] = []
    diagnostics: list[Diagnostic] = []
    for title, rows in sheets.items():
        sheet_name = f"{path}[{title}]"
        for line, column in formulas.get(title, ()):
            row_cells = rows[line - 1].cells if line <= len(rows) else ()
            if column >= len(row_cells) or not row_cells[column]:
                diagnostics.append(
                    Diagnostic(
                        Severity.WARNING,
                        "R007",
                        "formula without a cached value: open and save the workbook in a "
                        "spreadsheet program so its values are stored",
                        Location(file=sheet_name, line=line, field=f"column {column + 1}"),
                    )
                )
        if _is_scoring_sheet(rows):
            message = (
                f"sheet {title!r} holds a scoring section ({SCORE_SECTION_LABELS['caption']}) "
                "written by perfmodel, not a form: skipped"
            )
            diagnostics.append(
                Diagnostic(Severity.INFO, "R008", message, Location(file=sheet_name, line=1))
            )
            continue
        result = read_rows(rows, sheet_name, taxonomy=taxonomy)
        documents.extend(result.documents)
        diagnostics.extend(result.diagnostics)
    return ReadResult(documents, diagnostics)
