"""Properties of the importer on generated input: read_forms never raises on text, raises only
ReadError on bytes, and a damaged cell anywhere in a form never stops the form being read."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from perfmodel import ReadError, read_forms
from perfmodel.errors import Severity
from perfmodel.read import read_rows
from perfmodel.read.source import Row
from perfmodel.vocab import DEFAULT_TAXONOMY, FORM_TITLES, HEADER_ROLES

sys.path.insert(0, str(Path(__file__).parent / "corpus" / "bad"))
from make_corpus import BASE

sys.path.pop(0)

#: Words the readers react to: titles, field labels, taxonomy, header roles, amounts, dates.
_WORDS = [
    *FORM_TITLES,
    *HEADER_ROLES,
    *DEFAULT_TAXONOMY.tree,
    *(l2 for l2s in DEFAULT_TAXONOMY.tree.values() for l2 in l2s),
    "(2025年度)",
    "(2023年度)",
    "项目名称",
    "单位名称",
    "项目类别",
    "计划开始日期",
    "项目资金 (万元)",
    "项目资金总额",
    "其中：财政资金",
    "其他资金",
    "预算情况",
    "预算总额",
    "年末在职人数",
    "任务名称",
    "项目总目标 (2027年-2022年)",
    "年初预算为12.5万元，调减1万元，预算执行率为95.5%",
    "人员情况：编制8人",
    "≥90%",
    "100",
    "26.62",
    "-3",
    "NaN",
    "2025.1.1",
    "专项资金√ 一次性项目□",
    "及时",
    "",
]
_CELL = st.one_of(st.sampled_from(_WORDS), st.text(max_size=12))
_TEXT = st.lists(st.lists(_CELL, max_size=7).map("\t".join), max_size=30).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
@example("财政项目支出绩效目标表\n项目名称\t\n一级指标\t三级指标\n\t\tx\n")
def test_read_forms_never_raises_on_arbitrary_text(text: str) -> None:
    result = read_forms(text)
    assert all(d.code and d.message for d in result.diagnostics)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_read_forms_never_raises_on_form_like_text(text: str) -> None:
    result = read_forms(text)
    for document in result.documents:
        assert document.name
        for indicator in document.indicators:
            assert indicator.level1
            assert indicator.level2
            assert indicator.name


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
@example(b"\xef\xbb\xbf")
@example("财政项目支出绩效目标表\n".encode("utf-16"))
def test_read_forms_on_bytes_raises_only_read_error(data: bytes) -> None:
    try:
        read_forms(data)
    except ReadError:
        pass


_BASE_LINES = BASE.splitlines()
_SLOTS = [
    (r, c)
    for r, line in enumerate(_BASE_LINES)
    for c, _cell in enumerate(line.split("\t"))
    if r > 0  # keep the title, so the form is found
]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_SLOTS), st.one_of(_CELL, st.text(max_size=40)))
def test_one_damaged_cell_never_stops_the_form(slot: tuple[int, int], cell: str) -> None:
    row, column = slot
    lines = [line.split("\t") for line in _BASE_LINES]
    lines[row][column] = cell
    result = read_forms("\n".join("\t".join(cells) for cells in lines) + "\n")
    assert len(result.documents) >= 1
    assert result.documents[0].form.value == "project_target_table"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_CELL, max_size=6), max_size=25))
def test_read_rows_on_spreadsheet_like_rows(rows: list[list[str]]) -> None:
    result = read_rows([Row(n, tuple(r)) for n, r in enumerate(rows, start=1)], "book[Sheet]")
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert bool(result.documents) or bool(errors)
