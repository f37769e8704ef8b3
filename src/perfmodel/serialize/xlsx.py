"""Excel workbooks of documents (the ``[excel]`` extra; openpyxl is imported only when called).

:func:`write_xlsx` writes one sheet per form in the standard layout
(:func:`~perfmodel.serialize.layout.form_rows`: the official labels and table headers), so that
:func:`~perfmodel.read.read_forms` reads the same documents back. With an evaluation for a
document, a self-evaluation sheet follows the form's sheet: the scoring section (绩效自评评分:
execution, every indicator's 分值 and 得分 with its explanation, subtotals, total and grade).
:func:`~perfmodel.read.read_forms` recognises such a sheet by its caption and skips it (an info
diagnostic), so the workbook reads back as the same documents.

Every cell is written as text — amounts too — so no figure passes through a binary float;
texts that start with ``=`` (``=100.00(%)``) are stored as text, not as formulas. A text holding
a character an .xlsx cell cannot carry (``\\x0b``, ``\\x00`` …: XML 1.0 text) is refused with a
:class:`~perfmodel.errors.SerializationError` naming the document and the field.

>>> import tempfile, pathlib
>>> from perfmodel import Project, read_forms
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = write_xlsx([Project("托底处置经费", year=2025)], folder / "a.xlsx")
>>> [(d.name, d.year) for d in read_forms(path).documents]
[('托底处置经费', 2025)]
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import SerializationError
from ..model import Project, Unit
from ..vocab import SCORE_SECTION_LABELS
from ._cells import XLSX_REFUSED, check_cells
from .layout import evaluation_rows, form_rows, paired

if TYPE_CHECKING:
    from ..scoring.evaluate import Evaluation

__all__ = ["sheet_title", "write_xlsx"]

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_WIDTH = {"A": 16, "B": 28, "C": 18, "D": 28, "E": 18, "F": 18, "G": 14}


def sheet_title(index: int, name: str) -> str:
    """A valid, unique sheet title: number, then the name (at most 31 characters, no ``[]:*?/\\``).

    >>> sheet_title(0, "规建-住宅小区业主大会、业委会指导")
    '01 规建-住宅小区业主大会、业委会指导'
    >>> sheet_title(11, "a/b")
    '12 a_b'
    """
    return f"{index + 1:02d} {_FORBIDDEN.sub('_', name)}"[:31]


def write_xlsx(
    docs: Iterable[Unit | Project],
    path: str | os.PathLike[str],
    *,
    evaluations: Sequence[Evaluation | None] | None = None,
) -> Path:
    """Write each document's form on a sheet of its own and return the path.

    ``evaluations`` lines up with ``docs`` (``None`` where a document has none).

    >>> import tempfile, pathlib
    >>> from perfmodel import Project, evaluate
    >>> p = Project("p")
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> out = write_xlsx([p], folder / "b.xlsx", evaluations=[evaluate(p)])
    >>> out.suffix
    '.xlsx'
    """
    try:
        import openpyxl
        from openpyxl.styles import Alignment, Font
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SerializationError(
            "writing .xlsx needs the [excel] extra: pip install perfmodel[excel]"
        ) from exc
    book = openpyxl.Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def fill(sheet: Any, rows: Sequence[Sequence[str]], doc: Unit | Project) -> None:
        check_cells(rows, doc, XLSX_REFUSED, "an .xlsx cell (XML 1.0 text)")
        for number, row in enumerate(rows, start=1):
            for column, text in enumerate(row, start=1):
                if not text:
                    continue
                cell = sheet.cell(row=number, column=column)
                cell.value = text
                cell.data_type = "s"  # text, even when it starts with "=" (never a formula)
                cell.alignment = wrap
            if len(row) == 1 and 0 < len(row[0]) <= 20:  # titles and captions
                sheet.cell(row=number, column=1).font = bold
        for letter, width in _WIDTH.items():
            sheet.column_dimensions[letter].width = width

    for index, (doc, evaluation) in enumerate(paired(docs, evaluations)):
        fill(book.create_sheet(sheet_title(index, doc.name)), form_rows(doc), doc)
        if evaluation is not None:
            title = sheet_title(index, f"{SCORE_SECTION_LABELS['sheet']} {doc.name}")
            fill(book.create_sheet(title), evaluation_rows(evaluation), doc)
    if not book.worksheets:
        book.create_sheet("perfmodel")
    target = Path(path)
    book.save(target)
    return target
