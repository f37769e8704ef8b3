"""Excel number formats: a percentage typed in a spreadsheet (stored 0.95, shown 95%) is read as
the percentage, exactly; dates typed as dates are read as dates (audit 2, EXCEL%)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from perfmodel import evaluate, read_forms
from perfmodel.read.excel import cell_text
from perfmodel.serialize import without_locations
from test_self_evaluation_forms import FORM


def _workbook(tmp_path: Path, typed: dict[str, tuple[object, str]]) -> Path:
    """The self-evaluation FORM as a sheet, the cells whose text is a key of ``typed`` replaced
    by a (value, number format) typed as a spreadsheet stores it."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for line in FORM.split("\n"):
        sheet.append(line.split("\t"))
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value in typed:
                cell.value, cell.number_format = typed[str(cell.value)]
    path = tmp_path / "typed.xlsx"
    book.save(path)
    return path


def test_percentages_typed_in_a_spreadsheet_read_as_the_text_form(tmp_path: Path) -> None:
    typed = {"86.19%": (0.8619, "0.00%"), "93%": (0.93, "0%"), "100%": (1, "0%")}
    (from_text,) = read_forms(FORM).documents
    (from_sheet,) = read_forms(_workbook(tmp_path, typed)).documents
    assert without_locations(from_sheet) == without_locations(from_text)
    assert from_sheet.budget.stated_rate == Decimal("0.8619")
    satisfaction = from_sheet.indicators[-1]
    assert str(satisfaction.actual) == "93%"
    assert evaluate(from_sheet).total == evaluate(from_text).total


def test_a_fraction_in_a_percentage_format_is_not_read_as_a_fraction(tmp_path: Path) -> None:
    (doc,) = read_forms(_workbook(tmp_path, {"93%": (0.95, "0.0%")})).documents
    assert str(doc.indicators[-1].actual) == "95.0%"
    result = evaluate(doc)
    assert result.indicators[-1].points == Decimal("10.00")


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (0.95, "0%", "95%"),
        (0.95, "0.00%", "95.00%"),
        (0.9567, "0%", "95.67%"),  # exact, not the 96% displayed
        (1, "0.0%", "100.0%"),
        (0, "0%", "0%"),
        (0.1 + 0.2, "0%", "30.000000000000004%"),  # the stored float, exactly as repr gives it
        (-0.05, "0.00%;[Red]-0.00%", "-5.00%"),
        (1e20, "0%", "10000000000000000000000%"),
        (0.95, '0"%"', "0.95"),  # a literal % sign: not a percentage format
        (0.95, "General", "0.95"),
        (float("nan"), "0%", "NaN"),  # not a figure: the reader reports it as any other text
        (95, "0\\%", "95"),
    ],
)
def test_cell_text_honours_percentage_formats(value: float, number_format: str, text: str) -> None:
    assert cell_text(value, number_format) == text


def test_dates_typed_as_dates_are_read(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["财政项目支出绩效目标表"])
    sheet.append(["(2025年度)"])
    sheet.append(["项目名称", "X"])
    sheet.append(["计划开始日期", dt.datetime(2025, 1, 1), "计划完成日期", dt.date(2025, 12, 31)])
    sheet["B4"].number_format = "yyyy/m/d"
    sheet["D4"].number_format = "yyyy年m月d日"
    path = tmp_path / "dates.xlsx"
    book.save(path)
    (doc,) = read_forms(path).documents
    assert (doc.start, doc.end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
