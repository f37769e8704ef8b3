"""Sources, encodings, bad inputs and Excel workbooks."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from perfmodel import InputLimitError, Limits, ReadError, Severity, read_forms

SEEDS = Path(__file__).parent / "data" / "seeds"
SEED_003 = SEEDS / "003_c220910399858272.txt"


def codes(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [d.code for d in result.diagnostics]


def test_path_text_file_object_and_bytes_give_the_same_documents() -> None:
    by_path = read_forms(SEED_003)
    text = SEED_003.read_text(encoding="utf-8")
    by_text = read_forms(text)
    by_stream = read_forms(io.StringIO(text))
    by_bytes = read_forms(SEED_003.read_bytes())
    by_binary_stream = read_forms(io.BytesIO(SEED_003.read_bytes()))
    names = [d.name for d in by_path.documents]
    assert len(names) == 16
    for other in (by_text, by_stream, by_bytes, by_binary_stream):
        assert [d.name for d in other.documents] == names
        assert [len(d.indicators) for d in other.documents] == [
            len(d.indicators) for d in by_path.documents
        ]
    assert by_path.diagnostics[0].location.file == str(SEED_003)


def test_gbk_text_is_detected_and_read(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(SEED_003.read_text(encoding="utf-8").encode("gb18030"))
    result = read_forms(path)
    assert len(result.documents) == 16
    assert result.diagnostics[0].code == "R004"
    assert result.diagnostics[0].severity is Severity.INFO


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_detected_and_read(encoding: str) -> None:
    text = SEED_003.read_text(encoding="utf-8")
    data = text.encode(encoding)
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = ("\ufeff" + text).encode(encoding)  # -le/-be write no mark: add one
    result = read_forms(data)
    plain = read_forms(text)
    assert [d.name for d in result.documents] == [d.name for d in plain.documents]
    assert result.diagnostics[0].code == "R011"
    assert result.diagnostics[0].severity is Severity.INFO
    assert [str(d) for d in result.diagnostics[1:]] == [
        str(d).replace("<text>", "<bytes>") for d in plain.diagnostics
    ]


def test_utf16_without_a_byte_order_mark_is_still_refused_as_binary() -> None:
    data = SEED_003.read_text(encoding="utf-8").encode("utf-16-le")
    assert codes(read_forms(data)) == ["R002"]


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\u2028", "\u2029", "\x85"])
def test_every_line_ending_gives_the_same_forms_and_lines(newline: str) -> None:
    text = SEED_003.read_text(encoding="utf-8")
    plain = read_forms(text)
    other = read_forms(text.replace("\n", newline))
    assert len(other.documents) == 16
    assert other.documents == plain.documents
    assert [str(d) for d in other.diagnostics] == [str(d) for d in plain.diagnostics]


def test_seed_001_with_unicode_line_separators_evaluates_as_before() -> None:
    from perfmodel import evaluate

    text = (SEEDS / "001_f6d8f9a804f89db4.txt").read_text(encoding="utf-8")
    (doc,) = read_forms(text.replace("\n", "\u2028")).documents
    assert evaluate(doc).total == Decimal("93.40")


def test_form_feeds_and_vertical_tabs_stay_inside_rows() -> None:
    text = SEED_003.read_text(encoding="utf-8")
    plain = read_forms(text)
    paged = read_forms(text.replace("\n财政项目", "\n\x0c财政项目"))  # page breaks before titles
    assert paged.documents == plain.documents
    kept = read_forms(text.replace("达标\n", "达标\x0b二\n", 1))
    assert len(kept.documents) == 16
    assert any("达标\x0b二" in str(i.target) for d in kept.documents for i in d.indicators)


def test_explicit_encoding(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(SEED_003.read_text(encoding="utf-8").encode("gbk"))
    result = read_forms(path, encoding="gbk")
    assert len(result.documents) == 16
    assert "R004" not in codes(result)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "R001"),
        (b"   \n\t\n", "R001"),
        (b"%PDF-1.7\n...", "R002"),
        (b"PK\x03\x04rest", "R002"),
        (b"\x89PNG\r\n\x1a\n", "R002"),
        (b"\x00\x01\x02\x03binary", "R002"),
        (b"\xff\xfe\xfd\x80\x81 not text", "R005"),
        (b"just some prose, not a form", "R003"),
    ],
)
def test_bad_inputs_give_a_clean_error_diagnostic(data: bytes, code: str) -> None:
    result = read_forms(data)
    assert result.documents == []
    assert codes(result) == [code]
    assert result.diagnostics[0].severity is Severity.ERROR
    assert not result.ok


def test_truncated_form_keeps_what_it_has_and_says_so() -> None:
    text = SEED_003.read_text(encoding="utf-8").splitlines()[:12]
    result = read_forms("\n".join(text))
    assert [d.name for d in result.documents] == ["规建-住宅小区业主大会、业委会指导"]
    assert result.documents[0].budget.total == Decimal("6810000.00")
    assert "R101" in codes(result)


def test_form_with_a_missing_value_column() -> None:
    text = (
        "财政项目支出绩效目标申报表\n(2023年度)\n项目名称\t缺列项目\n"
        "\t一级指标\t二级指标\t三级指标\n"
        "绩效 指标\t产出指标\t数量指标\t环境整治工作覆盖率\n"
        "\t\t质量指标\t环境整治活动完成率\n"
    )
    result = read_forms(text)
    doc = result.documents[0]
    assert [i.name for i in doc.indicators] == ["环境整治工作覆盖率", "环境整治活动完成率"]
    assert all(i.target is None for i in doc.indicators)


def test_indicator_before_any_label_is_reported_not_invented() -> None:
    text = "财政项目支出绩效目标表\n(2025年度)\n项目名称\tX\n一级指标\t二级指标\t三级指标\t年度指标值\n\t\t无类别指标\t100%\n"
    result = read_forms(text)
    assert "R213" in codes(result)
    assert len(result.documents[0].indicators) == 0


def test_limits_are_enforced(tmp_path: Path) -> None:
    with pytest.raises(InputLimitError, match="max_rows"):
        read_forms("a\n" * 20, limits=Limits(max_rows=10))
    with pytest.raises(InputLimitError, match="max_cell_chars"):
        read_forms("x" * 50, limits=Limits(max_cell_chars=10))
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2000)
    with pytest.raises(InputLimitError, match="max_bytes"):
        read_forms(big, limits=Limits(max_bytes=1000))


def test_unreadable_path_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError):
        read_forms(tmp_path / "missing.txt")  # a PathLike that does not exist


def _write_workbook(
    path: Path, sheets: dict[str, list[list[object]]], *, formulas: bool = False
) -> None:
    """Write rows; text starting with "=" stays text unless ``formulas`` (as a typed form)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value in ("", None):
                    continue
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str) and value.startswith("=") and not formulas:
                    cell.data_type = "s"
    book.save(path)


def _rows_of(seed: Path) -> list[list[object]]:
    return [line.split("\t") for line in seed.read_text(encoding="utf-8").splitlines()]


def test_excel_workbook_one_form_per_sheet_and_stacked(tmp_path: Path) -> None:
    rows = _rows_of(SEED_003)
    first_form, rest = rows[:24], rows[24:]
    path = tmp_path / "forms.xlsx"
    _write_workbook(path, {"第一张": first_form, "其余": rest})
    result = read_forms(path)
    text_result = read_forms(SEED_003)
    assert [d.name for d in result.documents] == [d.name for d in text_result.documents]
    for from_xlsx, from_text in zip(result.documents, text_result.documents, strict=True):
        assert [(i.path, i.target) for i in from_xlsx.indicators] == [
            (i.path, i.target) for i in from_text.indicators
        ]
        assert from_xlsx.budget.amounts() == from_text.budget.amounts()
    assert sorted(codes(result)) == sorted(codes(text_result))
    assert {d.location.file for d in result.diagnostics} <= {
        "forms.xlsx[第一张]",
        "forms.xlsx[其余]",
    }
    # line numbers are sheet rows: the second sheet restarts at 1
    second = result.documents[1]
    assert second.indicators[0].line == text_result.documents[1].indicators[0].line - 24


def test_excel_numbers_stay_exact(tmp_path: Path) -> None:
    path = tmp_path / "numbers.xlsx"
    _write_workbook(
        path,
        {
            "表": [
                ["财政项目支出绩效目标表"],
                ["(2025年度)"],
                ["项目名称", "网格经费"],
                ["项目资金 (万元)", "项目资金总额", 26.62, "年度资金申请总额", 26.62],
                ["", "其中：财政资金", 26.62, "其中：当年财政拨款", 26.62],
                ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值"],
                ["", "产出指标", "数量指标", "保障网格数量", "≥7个"],
            ]
        },
    )
    doc = read_forms(path).documents[0]
    assert doc.budget.total == Decimal("266200")
    assert doc.budget.annual_fiscal == Decimal("266200")
    assert str(doc.indicators[0].target) == "≥7个"


def test_excel_formula_without_cached_value_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "formula.xlsx"
    _write_workbook(
        path,
        {
            "表": [
                ["财政项目支出绩效目标表"],
                ["(2025年度)"],
                ["项目名称", "公式项目"],
                ["项目资金 (万元)", "项目资金总额", "=1+1"],
            ]
        },
        formulas=True,
    )
    result = read_forms(path)
    assert "R007" in codes(result)
    assert result.documents[0].budget.total is None


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("not a zip", encoding="utf-8")
    result = read_forms(path)
    assert result.documents == []
    assert [(d.severity, d.code, d.location.file) for d in result.diagnostics] == [
        (Severity.ERROR, "R009", "fake.xlsx")
    ]
    assert "not an .xlsx workbook" in result.diagnostics[0].message


def test_a_mistyped_path_is_not_read_as_form_text(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-form.txt")
    result = read_forms(missing)
    assert result.documents == []
    assert [(d.severity, d.code) for d in result.diagnostics] == [(Severity.ERROR, "R010")]
    assert "no such file" in result.diagnostics[0].message
    assert result.diagnostics[0].location.file == missing
    with pytest.raises(ReadError, match=r"no-such-form\.txt"):  # a Path is a path: it raises
        read_forms(Path(missing))
    # one line of form text that happens to end like a file name is still text when it has cells
    assert read_forms("项目名称\t见附件.txt").diagnostics[0].code == "R003"


def test_a_workbook_given_as_bytes_or_a_stream_is_read_by_its_content(tmp_path: Path) -> None:
    path = tmp_path / "forms.xlsx"
    _write_workbook(path, {"表": _rows_of(SEED_003)})
    from_path = read_forms(path)
    data = path.read_bytes()
    for source in (data, io.BytesIO(data)):
        result = read_forms(source)
        assert [d.name for d in result.documents] == [d.name for d in from_path.documents]
        assert [d.code for d in result.diagnostics] == [d.code for d in from_path.diagnostics]
    # a workbook under another name is recognised by its content too
    renamed = tmp_path / "forms.dat"
    renamed.write_bytes(data)
    assert len(read_forms(renamed).documents) == len(from_path.documents)
    assert read_forms(renamed).diagnostics[0].location.file == "forms.dat[表]"
    # a ZIP archive that is not a workbook is still refused as binary
    assert [d.code for d in read_forms(b"PK\x03\x04" + b"\x00" * 40).diagnostics] == ["R002"]
