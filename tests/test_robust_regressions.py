"""Regression tests for the crashes, hangs and losses found while hardening the reader (issue 10).

Each test names the input that used to fail and what it used to do.
"""

from __future__ import annotations

import io
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from perfmodel import Limits, ReadError, read_forms
from perfmodel import units as U
from perfmodel.errors import ConstructionError, UnitError
from perfmodel.model import Budget, Indicator
from perfmodel.targets import TargetKind, parse_actual, parse_target

SELF_EVALUATION = "单位A\n部门(单位)整体支出预算绩效自评报告\n(2023年度)\n"
PROJECT = "财政项目支出绩效目标表\n(2025年度)\n项目名称\tX\n"
TABLE = "一级指标\t二级指标\t三级指标\t年度指标值\t全年完成值\t分值\n"


def codes(text: str) -> list[str]:
    return [d.code for d in read_forms(text).diagnostics]


# --- units and the target grammar ---------------------------------------------------------------


@pytest.mark.parametrize("text", ["1", "1.", "1(年)年", "m**9", "m*m", "(米)", "年2", "2年"])
def test_a_unit_is_a_name_not_an_expression(text: str) -> None:
    # pint's parser read these as units, so "0(1)" was the number 0 in the unit "1" (fuzzing)
    with pytest.raises(UnitError, match="not a unit name"):
        U.unit(text)
    assert not U.is_known_unit(text)


def test_numbers_in_brackets_are_not_units() -> None:
    assert parse_target("0(1)").kind is TargetKind.QUALITATIVE
    assert parse_actual("≥60.00(1.)").kind is TargetKind.QUALITATIVE
    assert str(parse_target("=0(\r1%)")) == "=0(\r1%)"
    for name in ("%", "％", "‰", "㎡", "m²", "元/人/月", "万平方米", "人次"):
        assert U.is_known_unit(name), name


@pytest.mark.parametrize("text", ["一年一一次", "每年十十次", "每月一二三次", "每年十一十次"])
def test_chinese_numbers_that_are_not_numbers(text: str) -> None:
    # raised KeyError (fuzzing: "一年一一次")
    assert parse_target(text).kind is TargetKind.QUALITATIVE


@pytest.mark.parametrize(
    ("text", "count"),
    [("每年十次", 10), ("每年十二次", 12), ("每月二十次", 20), ("一年三十五次", 35)],
)
def test_chinese_numbers_still_read(text: str, count: int) -> None:
    assert parse_target(text).magnitude == count


def test_a_long_frequency_is_not_an_int_overflow() -> None:
    # int() refuses more than 4300 digits: raised ValueError
    assert parse_target("每年" + "9" * 5000 + "次").kind is TargetKind.QUALITATIVE


def test_long_texts_are_parsed_but_not_cached() -> None:
    from perfmodel import targets

    targets._parse_target.cache_clear()
    targets._parse_actual.cache_clear()
    long = "≥90%" + " " * 300
    assert parse_target(long).magnitude == 90
    assert parse_actual(long).magnitude == 90
    assert targets._parse_target.cache_info().currsize == 0
    assert targets._parse_actual.cache_info().currsize == 0
    parse_target("≥90%")
    assert targets._parse_target.cache_info().currsize == 1


@pytest.mark.parametrize("value", ["NaN", "sNaN", "Infinity", "-Infinity"])
def test_model_refuses_non_finite_amounts(value: str) -> None:
    # "NaN" passed the converter and the non-negative check raised decimal.InvalidOperation
    with pytest.raises(ConstructionError, match=r"^Budget\.total: .*not a finite number"):
        Budget(total=value)
    with pytest.raises(ConstructionError):
        Indicator("x", "产出指标", "数量指标", max_points=Decimal(value))


# --- form content -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "预算执行率为1.2.3%，共10万元",  # Decimal("1.2.3"): InvalidOperation
        "预算执行率为.%，共10万元",
        "年初预算为,万元，预算执行率为10%",  # MoneyError from read_forms
        "基本支出预算,万元，执行金额,万元，执行率5%，预算执行率为5%",  # AssertionError
        "调减,万元，预算执行率为5%",
    ],
)
def test_bad_prose_figures_are_diagnostics(line: str) -> None:
    result = read_forms(SELF_EVALUATION + line + "\n")
    assert len(result.documents) == 1


def test_unreadable_prose_amount_is_reported() -> None:
    result = read_forms(SELF_EVALUATION + "年初预算为,万元，预算执行率为10%\n")
    (bad,) = [d for d in result.diagnostics if d.code == "R104"]
    assert bad.location.field == "budget.initial"
    assert bad.location.line == 4
    assert result.documents[0].budget.initial is None
    assert result.documents[0].budget.stated_rate == Decimal("0.1")


@pytest.mark.parametrize(
    ("line", "headcount", "departments"),
    [
        ("人员情况：" + "1" * 5000 + "人", None, None),  # int() limit: ValueError
        ("机构情况：" + "1" * 5000 + "个", None, None),
        ("3. 人员情况：事业编制 8 人。", 8, None),
        ("2. 机构情况：1 个。", None, 1),
        ("人员情况：编制12名，实有10人", 10, None),
    ],
)
def test_unit_counts_from_prose(line: str, headcount: int | None, departments: int | None) -> None:
    unit = read_forms(SELF_EVALUATION + line + "\n").documents[0]
    assert (unit.headcount, unit.departments) == (headcount, departments)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [("²\t3", (3, None)), ("1" * 5000 + "\t3", (3, None)), ("12\t3", (12, 3))],
)
def test_unit_declaration_counts(cells: str, expected: tuple[int | None, int | None]) -> None:
    # int("²") raised ValueError; so did 5000 digits
    text = "单位整体支出绩效目标申报表\n(2026年度)\n单位名称\tX\n年末在职人数\n\t" + cells + "\n"
    unit = read_forms(text).documents[0]
    assert (unit.headcount, unit.departments) == expected


def test_negative_amount_is_reported_not_a_construction_error() -> None:
    text = PROJECT + "项目资金 (万元)\t项目资金总额\t-26.62\n"
    result = read_forms(text)
    assert result.documents[0].budget.total is None
    (neg,) = [d for d in result.diagnostics if d.code == "R109"]
    assert "'-26.62' is negative" in neg.message
    assert neg.location.line == 4


def test_backwards_goal_period_is_reported() -> None:
    text = PROJECT + "项目总目标\t项目总目标 (2027年-2022年)\n\t总目标\t年度目标\n"
    result = read_forms(text)
    assert result.documents[0].goal_period is None
    assert result.documents[0].overall_goal == "总目标"
    assert "R110" in [d.code for d in result.diagnostics]


@pytest.mark.parametrize("points", ["NaN", "-Infinity", "Infinity", "-5", "sNaN", "abc"])
def test_points_that_are_not_non_negative_numbers(points: str) -> None:
    text = SELF_EVALUATION + TABLE + f"产出指标\t数量指标\tX\t10个\t10个\t{points}\n"
    result = read_forms(text)
    assert result.documents[0].indicators[0].max_points is None
    (bad,) = [d for d in result.diagnostics if d.code == "R211"]
    assert "not a non-negative number" in bad.message


def test_points_still_read() -> None:
    text = SELF_EVALUATION + TABLE + "产出指标\t数量指标\tX\t10个\t10个\t5.5\n"
    assert read_forms(text).documents[0].indicators[0].max_points == Decimal("5.5")


@pytest.mark.parametrize(
    "cell",
    [
        "a" * 99_990 + "<b",  # lazy regex over a long run: quadratic (7 s at 20 000 characters)
        "<input" * 16_000,
        "人员情况：" * 19_000,
        "口a" * 50_000,
    ],
)
def test_long_cells_are_read_in_linear_time(cell: str) -> None:
    started = time.monotonic()
    read_forms(PROJECT + "项目类别\t" + cell + "\n")
    read_forms(SELF_EVALUATION + cell + "\n")
    assert time.monotonic() - started < 5


def test_checkbox_categories_still_read() -> None:
    text = (
        PROJECT + "项目类别\t专项资金√ 经常性项目□ 一次性项目 <input checked='' type='checkbox'/>\n"
    )
    assert read_forms(text).documents[0].categories == ("专项资金", "一次性项目")


# --- sources ------------------------------------------------------------------------------------


def test_utf8_with_a_bad_byte_is_read_not_refused() -> None:
    # one bad byte used to lose the whole file (R005), or read it all as GB18030 mojibake
    data = (PROJECT + "主管部门\t某街道办事处\n").encode()
    broken = data[:-4] + b"\xff" + data[-1:]  # 处 → one bad byte
    result = read_forms(broken)
    assert result.documents[0].name == "X"
    (warning,) = result.diagnostics[:1]
    assert warning.code == "R006"
    assert warning.location.line == 4
    assert "1 invalid UTF-8 byte sequence(s)" in warning.message


def test_gbk_is_not_mistaken_for_broken_utf8() -> None:
    result = read_forms((PROJECT + "主管部门\t某街道办事处\n").encode("gbk"))
    assert [d.code for d in result.diagnostics][:1] == ["R004"]
    assert result.documents[0].department == "某街道办事处"


def test_a_text_stream_that_cannot_decode_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(PROJECT.encode("gbk"))
    with path.open(encoding="utf-8") as stream, pytest.raises(ReadError, match="binary mode"):
        read_forms(stream)  # UnicodeDecodeError escaped


def test_a_stream_that_fails_is_a_read_error() -> None:
    class Broken(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: object) -> int:
            raise OSError("device gone")

    with pytest.raises(ReadError, match="device gone"):
        read_forms(io.BufferedReader(Broken()))


def test_a_directory_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="cannot open"):
        read_forms(tmp_path)  # IsADirectoryError escaped


def test_a_path_with_a_nul_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError):
        read_forms(tmp_path / "a\x00b.txt")  # ValueError escaped


def test_an_unknown_encoding_is_a_read_error() -> None:
    with pytest.raises(ReadError, match="unknown encoding 'no-such-codec'"):
        read_forms(b"x", encoding="no-such-codec")  # LookupError escaped


def test_an_endless_file_stops_at_the_limit() -> None:
    zero = Path("/dev/zero")
    if not zero.exists():  # pragma: no cover - not on POSIX
        pytest.skip("no /dev/zero")
    with pytest.raises(ReadError, match=r"Limits\.max_bytes"):
        read_forms(zero, limits=Limits(max_bytes=1000))  # read forever


def test_file_reads_do_not_allocate_the_whole_limit(tmp_path: Path) -> None:
    import tracemalloc

    path = tmp_path / "form.txt"
    path.write_text(PROJECT, encoding="utf-8")
    read_forms(path)  # warm up (imports, caches)
    tracemalloc.start()
    try:
        read_forms(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000  # read(max_bytes + 1) allocated 50 MB for a 100-byte file


def test_bytearray_and_memoryview_are_bytes() -> None:
    data = PROJECT.encode()
    assert read_forms(bytearray(data)).documents[0].name == "X"
    assert read_forms(memoryview(data)).documents[0].name == "X"


# --- spreadsheets -------------------------------------------------------------------------------


def _book(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_an_empty_sheet_is_still_reported(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.create_sheet("空")
    assert book.active is not None
    book.active.append(["财政项目支出绩效目标表"])
    book.save(tmp_path / "two.xlsx")
    result = read_forms(tmp_path / "two.xlsx")
    assert [(d.code, d.location.file) for d in result.diagnostics if d.code == "R001"] == [
        ("R001", "two.xlsx[空]")
    ]


def test_workbook_without_defusedxml_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _book(tmp_path / "f.xlsx", [["财政项目支出绩效目标表"]])
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(ReadError, match="needs defusedxml"):
        read_forms(path)


def test_workbook_errors_while_streaming_are_r009_diagnostics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    path = _book(tmp_path / "f.xlsx", [["财政项目支出绩效目标表"], ["x"]])

    def broken(*args: object, **kwargs: object) -> object:
        raise KeyError("shared string 99")

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", broken)
    result = read_forms(path)  # a damaged workbook is a diagnostic, not a ReadError (issue 3)
    assert result.documents == []
    (damaged,) = result.diagnostics
    assert damaged.code == "R009"
    assert "KeyError" in damaged.message


@pytest.mark.parametrize("text", ["%%", "‰%", "%%%", "%" * 3000])
def test_percent_signs_do_not_multiply(text: str) -> None:
    # "%%" was percent ** 2, so "5%%" read as 5 square percent
    assert not U.is_known_unit(text)
    assert parse_target("5" + text).kind is TargetKind.QUALITATIVE


@pytest.mark.parametrize("text", ["00." + "0" * 110, "0.00000001", "≥0.0000001%", "=1.0000000(个)"])
def test_small_magnitudes_render_without_an_exponent(text: str) -> None:
    # str(Decimal) gave "=0E-110", which does not parse back (fuzzing)
    target = parse_target(text)
    assert "E" not in str(target)
    assert parse_target(str(target)).magnitude == target.magnitude
    assert "E" not in str(parse_actual(text))


def test_a_label_repeated_on_many_rows_reads_in_linear_time() -> None:
    # each 年末在职人数 row copied all the rows after it: about 30 s for these 100 000 rows
    header = "单位整体支出绩效目标申报表\n(2026年度)\n单位名称\tX\n"
    started = time.monotonic()
    result = read_forms(header + "年末在职人数\t内设机构数\n" * 100_000)
    assert time.monotonic() - started < 20
    assert len(result.documents) == 1


@pytest.mark.parametrize("header", [SELF_EVALUATION, PROJECT])
def test_labels_repeated_on_many_rows_in_other_forms(header: str) -> None:
    rows = "部门职责\n\n项目总目标\t项目名称\n任务名称\n" * 20_000
    started = time.monotonic()
    assert len(read_forms(header + rows).documents) == 1
    assert time.monotonic() - started < 20


# --- years out of range (fuzzing, stop 14: read_forms raised ConstructionError) -----------------


@pytest.mark.parametrize(
    ("title", "form"),
    [
        ("财政项目支出绩效目标表", "project_target_table"),
        ("项目支出绩效自评表", "project_self_evaluation"),
        ("单位整体支出绩效目标申报表", "unit_declaration"),
    ],
)
@pytest.mark.parametrize("year", ["1011", "4046", "0000", "9999"])
def test_a_year_out_of_range_is_reported_not_a_construction_error(
    title: str, form: str, year: str
) -> None:
    result = read_forms(f"{title}\n({year}年度)\n项目名称\tX\n")
    (doc,) = result.documents
    assert doc.form.value == form
    assert doc.year is None
    (bad,) = [d for d in result.diagnostics if d.code == "R115"]
    assert f"({year}年度)" in bad.message
    assert "from 1900 to 2200" in bad.message
    assert (bad.location.line, bad.location.field) == (2, "year")


@pytest.mark.parametrize("title", ["财政项目支出绩效目标表", "项目支出绩效自评表"])
@pytest.mark.parametrize(
    ("period", "code"),
    [("(1012年-2025年)", "R115"), ("(2023年-4050年)", "R115"), ("(2027年-2022年)", "R110")],
)
def test_a_goal_period_out_of_range_or_backwards_is_reported(
    title: str, period: str, code: str
) -> None:
    text = f"{title}\n(2025年度)\n项目名称\tX\n项目总目标 {period}\t总目标\n"
    result = read_forms(text)
    (doc,) = result.documents
    assert doc.goal_period is None
    (bad,) = [d for d in result.diagnostics if d.code == code]
    assert period in bad.message
    assert (bad.location.line, bad.location.field) == (4, "goal_period")


@pytest.mark.parametrize("title", ["财政项目支出绩效目标表", "项目支出绩效自评表"])
def test_a_goal_period_within_range_is_read(title: str) -> None:
    text = f"{title}\n(2025年度)\n项目名称\tX\n项目总目标 (2023年-2025年)\t总目标\n"
    assert read_forms(text).documents[0].goal_period == (2023, 2025)
