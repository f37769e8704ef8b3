"""Budget figures a form has no place for (预算补充 rows), and characters a cell cannot carry."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfmodel import (
    Budget,
    FormKind,
    Indicator,
    Project,
    SerializationError,
    Unit,
    parse_actual,
    parse_target,
    read_forms,
)
from perfmodel.serialize import lost_fields, to_text, without_locations, write_xlsx
from perfmodel.serialize._cells import TEXT_REFUSED, XLSX_REFUSED, field_holding
from perfmodel.vocab import BUDGET_SUPPLEMENT_CAPTION, BUDGET_SUPPLEMENT_LABELS
from strategies import form_documents

SEED_001 = Path(__file__).parent / "data" / "seeds" / "001_f6d8f9a804f89db4.txt"
SEED_003 = Path(__file__).parent / "data" / "seeds" / "003_c220910399858272.txt"
D = Decimal
SCORED = [
    Indicator(
        "a", "产出指标", "数量指标", parse_target("≥1(个)"), actual=parse_actual("1个"),
        max_points=D(10),
    )
]  # fmt: skip


def bare(docs: list[Unit | Project]) -> list[Unit | Project]:
    return [without_locations(d) for d in docs]


def round_trips(doc: Unit | Project) -> None:
    """Written as text and as a workbook, ``doc`` reads back equal."""
    assert bare(read_forms(to_text([doc])).documents) == [doc]
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx([doc], Path(folder) / "d.xlsx")
        assert bare(read_forms(path).documents) == [doc]


@pytest.mark.parametrize(
    "doc",
    [
        # the audit's cases: a partial 基本支出 split, execution figures on a declaration
        Unit(
            "某单位", year=2023, form=FormKind.UNIT_SELF_EVALUATION, indicators=SCORED,
            budget=Budget(basic=D(100), basic_stated_rate=D("0.9")),
        ),
        Project("某项目", year=2023, budget=Budget(initial=D(100), adjusted=D(120), executed=D(50))),
        Unit("某单位", year=2023, form=FormKind.UNIT_SELF_EVALUATION, indicators=SCORED,
             budget=Budget(total=D(100), fiscal=D("99.5"), carryover=D(3))),
        Unit("某单位", year=2023, budget=Budget(executed=D(7), project_stated_rate=D("1.02"))),
        Project("某项目", form=FormKind.PROJECT_TARGET_TABLE,
                budget=Budget(basic=D(1), adjustment=D("-2.25"), stated_rate=D(0))),
        Project("某项目", form=FormKind.PROJECT_SELF_EVALUATION, indicators=SCORED,
                budget=Budget(project=D(4), project_executed=D(3), annual_other=D(2))),
    ],
)  # fmt: skip
def test_every_budget_figure_is_written_and_read_back(doc: Unit | Project) -> None:
    assert lost_fields(doc) == []
    round_trips(doc)


def test_figures_the_form_prints_get_no_supplement_row() -> None:
    doc = without_locations(read_forms(SEED_001).documents[0])  # whole splits, in the prose
    assert BUDGET_SUPPLEMENT_CAPTION not in to_text([doc])
    budget = attrs.evolve(doc.budget, project_stated_rate=None)  # a split no longer whole
    partial = attrs.evolve(doc, budget=budget)
    text = to_text([partial])
    supplement = [line for line in text.splitlines() if line.startswith(BUDGET_SUPPLEMENT_CAPTION)]
    assert supplement == [
        "预算补充（元）：项目支出 141121100.00",
        "预算补充（元）：项目支出执行数 137146000.00",
    ]
    assert bare(read_forms(text).documents) == [partial]


def test_every_supplement_label_is_a_budget_field() -> None:
    fields = {f.name for f in attrs.fields(Budget)} - {"line"}
    assert set(BUDGET_SUPPLEMENT_LABELS) == fields
    assert len(set(BUDGET_SUPPLEMENT_LABELS.values())) == len(fields)


def test_a_supplement_row_never_overrides_the_form() -> None:
    text = (
        "财政项目支出绩效目标表\n项目名称\tp\n项目资金 (元)\t项目资金总额\t10\n"
        "预算补充（元）：预算总额 12\n预算补充（元）：全年执行数 -3\n"
        "预算补充（元）：执行率 90\n预算补充（元）：不存在 5\n预算补充（元）：全年执行数 4\n"
    )
    result = read_forms(text)
    budget = result.documents[0].budget
    assert (budget.total, budget.executed, budget.stated_rate) == (D(10), D(4), None)
    warnings = [d for d in result.diagnostics if d.code == "R114"]
    assert [d.location.line for d in warnings] == [4, 5, 6, 7]
    assert "the form states 10" in warnings[0].message
    assert all(d.location.field == "budget" for d in warnings)


def test_a_figure_out_of_bounds_is_reported_not_raised() -> None:
    text = "财政项目支出绩效目标表\n项目名称\tp\n预算补充（元）：全年执行数 1" + "0" * 20 + "\n"
    result = read_forms(text)
    assert result.documents[0].budget.executed is None
    assert [d.code for d in result.diagnostics if d.code == "R114"] == ["R114"]


# ---------------------------------------------------------------------------------------------
# Characters a cell cannot carry
# ---------------------------------------------------------------------------------------------


def test_an_xlsx_cell_refuses_what_xml_cannot_hold(tmp_path: Path) -> None:
    for char in ("\x0b", "\x00", "\x1f", "\r", "\ufffe"):
        doc = Project("某项目", department=f"部{char}门")
        with pytest.raises(SerializationError, match=r"某项目: department holds .*\.xlsx cell"):
            write_xlsx([doc], tmp_path / "x.xlsx")
    assert write_xlsx([Project("某项目\x7f\x85\u2028")], tmp_path / "y.xlsx").exists()


def test_a_word_line_break_in_a_target() -> None:
    doc = without_locations(read_forms(SEED_003).documents[0])
    first = doc.indicators.indicators[0]
    broken = attrs.evolve(first, target=parse_target("达\x0b标"))  # a Word manual line break
    doc = attrs.evolve(doc, indicators=doc.indicators.replace([broken]))
    with pytest.raises(SerializationError, match=r"indicators.*target.*'\\x0b'"):
        write_xlsx([doc], Path(tempfile.mkdtemp()) / "z.xlsx")
    assert bare(read_forms(to_text([doc])).documents) == bare([doc])  # form text carries it


def test_form_text_refuses_separators() -> None:
    for char in ("\t", "\n", "\r", "\x85", "\u2028", "\u2029"):
        with pytest.raises(SerializationError, match="form text"):
            to_text([Unit("u", duties=f"一{char}二")])
    with pytest.raises(SerializationError, match=r"write \.xlsx instead"):
        to_text([Unit("u", duties="一\t二")])
    with pytest.raises(SerializationError) as caught:
        to_text([Unit("u", duties="一\r二")])  # no hint: a workbook cannot carry it either
    assert "xlsx" not in str(caught.value)


_CONTROLS = st.text(st.sampled_from("\x00\x01\x08\x0b\x0c\x0e\x1b\x1f"), min_size=1, max_size=3)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(form_documents(), _CONTROLS, st.sampled_from(["name", "department", "duties"]))
def test_control_characters_in_form_text_read_back(
    doc: Unit | Project, controls: str, field: str
) -> None:
    if not hasattr(doc, field):
        field = "name"
    value = getattr(doc, field) or "甲"
    doc = attrs.evolve(doc, **{field: value[:1] + controls + "乙" + value[1:]})
    assert bare(read_forms(to_text([doc])).documents) == [doc]
    with pytest.raises(SerializationError, match=f"{field} holds"):
        write_xlsx([doc], Path(tempfile.mkdtemp()) / "c.xlsx")


def test_the_field_holding_a_character() -> None:
    doc = Project("p", indicators=[Indicator("x", "产出指标", "数量指标", explanation="a\tb")])
    assert field_holding(doc, TEXT_REFUSED) == "indicators.indicators[0].explanation"
    assert field_holding(doc, XLSX_REFUSED) is None
    assert field_holding({"k\x0b": 1}, XLSX_REFUSED) == " key"
    assert field_holding("\x0b", XLSX_REFUSED) == "text"
    with pytest.raises(SerializationError, match=r"^'某\\x0b项目': name holds"):
        write_xlsx([Project("某\x0b项目")], Path(tempfile.mkdtemp()) / "n.xlsx")
