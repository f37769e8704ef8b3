"""Documents written as forms (rows, text, .xlsx) read back as the same documents."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from perfmodel import (
    Budget,
    FormKind,
    Indicator,
    IndicatorTree,
    KeyTask,
    Project,
    SerializationError,
    Unit,
    evaluate,
    parse_actual,
    parse_target,
    read_forms,
)
from perfmodel import units as U
from perfmodel.read.forms import split_forms
from perfmodel.read.source import rows_from_text
from perfmodel.serialize import (
    form_rows,
    lost_fields,
    to_text,
    without_locations,
    write_text,
    write_xlsx,
)
from perfmodel.serialize.layout import budget_prose, evaluation_rows
from perfmodel.serialize.xlsx import sheet_title
from perfmodel.vocab import DEFAULT_TAXONOMY, normalize_label
from strategies import SAFE, form_documents

SEEDS = sorted((Path(__file__).parent / "data" / "seeds").glob("*.txt"))


def bare(docs: list[Unit | Project]) -> list[Unit | Project]:
    return [without_locations(d) for d in docs]


@pytest.fixture(scope="module")
def docs() -> list[Unit | Project]:
    return [d for seed in SEEDS for d in read_forms(seed).documents]


@pytest.mark.parametrize("seed", SEEDS, ids=[s.name for s in SEEDS])
def test_every_seed_form_is_written_whole(seed: Path) -> None:
    documents = read_forms(seed).documents
    for doc in documents:
        assert lost_fields(doc) == [], doc.name
    again = read_forms(to_text(documents))
    assert bare(again.documents) == bare(documents)
    assert not again.errors


def test_all_seed_forms_in_one_text_in_either_order(docs: list[Unit | Project]) -> None:
    for order in (docs, docs[::-1]):
        assert bare(read_forms(to_text(order)).documents) == bare(order)


def test_all_seed_forms_in_one_workbook(docs: list[Unit | Project], tmp_path: Path) -> None:
    path = write_xlsx(docs, tmp_path / "seeds.xlsx")
    result = read_forms(path)
    assert bare(result.documents) == bare(docs)
    assert not result.errors
    book = openpyxl.load_workbook(path)
    assert len(book.worksheets) == len(docs)
    first = book.worksheets[3]
    assert first.title == "04 规建-住宅小区业主大会、业委会指导"
    assert first["A1"].value == "财政项目支出绩效目标申报表"
    header = next(r for r in first.iter_rows(values_only=True) if "一级指标" in r)
    assert header[:5] == ("绩效指标", "一级指标", "二级指标", "三级指标", "指标值")


def test_evaluations_are_written_beside_the_forms(
    docs: list[Unit | Project], tmp_path: Path
) -> None:
    evaluations = [evaluate(d) for d in docs]
    path = write_xlsx(docs, tmp_path / "scored.xlsx", evaluations=evaluations)
    result = read_forms(path)
    assert bare(result.documents) == bare(docs)
    assert not result.errors
    skipped = [d for d in result.diagnostics if d.code == "R008"]
    assert len(skipped) == len(docs)  # one self-evaluation sheet after each form's sheet
    book = openpyxl.load_workbook(path)
    assert len(book.worksheets) == 2 * len(docs)
    sheet = book.worksheets[3]  # the self-evaluation sheet of the unit self-evaluation (001)
    assert sheet.title.startswith("02 评分 ")
    assert sheet["A1"].value == "绩效自评评分"
    cells = {row[0]: row for row in sheet.iter_rows(values_only=True) if row[0]}
    assert cells["执行率得分"][2:4] == ("10", "9.72")
    assert cells["总分"][2:4] == ("100", str(evaluations[1].total))
    assert cells["等级"][1] == "优"
    text = to_text(docs, evaluations=evaluations)
    assert bare(read_forms(text).documents) == bare(docs)
    with pytest.raises(SerializationError, match="2 evaluations for 1 documents"):
        to_text(docs[:1], evaluations=evaluations[:2])


def test_a_scoring_section_lists_every_indicator() -> None:
    doc = Project(
        "p",
        form=FormKind.PROJECT_SELF_EVALUATION,
        budget=Budget(adjusted=Decimal(100), executed=Decimal("86.19")),
        indicators=[
            Indicator(
                "面积",
                "产出指标",
                "数量指标",
                parse_target("≥43.2万平方米"),
                actual=parse_actual("37.24万平方米"),
                max_points=Decimal(50),
            )
        ],
    )
    rows = evaluation_rows(evaluate(doc))
    assert rows[3][:4] == ["执行率得分", "", "10", "8.62"]
    assert rows[4][:4] == ["产出指标/数量指标/面积", "已评分", "50", "43.10"]
    assert ["需说明偏差原因", "产出指标/数量指标/面积"] in rows


def test_texts_that_look_like_formulas_stay_texts(tmp_path: Path) -> None:
    doc = Project(
        "p", indicators=[Indicator("x", "产出指标", "数量指标", parse_target("=100.00(%)"))]
    )
    path = write_xlsx([doc], tmp_path / "f.xlsx")
    book = openpyxl.load_workbook(path)
    values = [c.value for row in book.worksheets[0].iter_rows() for c in row]
    assert "=100.00(%)" in values
    result = read_forms(path)
    assert bare(result.documents) == [doc]
    assert all(d.code != "R007" for d in result.diagnostics)  # no formula without a value


def test_what_a_form_cannot_carry_is_listed() -> None:
    doc = Project(
        "p",
        budget=Budget(executed=Decimal(5)),
        goal_period=(2022, 2027),
        indicators=[
            Indicator(
                "x",
                "产出指标",
                "数量指标",
                parse_target("≥1"),
                points=Decimal(3),
                deviation_reason="无",
            )
        ],
    )
    # a goal period without goal texts: the reader takes the table header for the goals
    assert lost_fields(doc) == [
        "overall_goal: wrote None, read back '一级指标'",
        "annual_goal: wrote None, read back '二级指标'",
    ]  # 得分 and 偏差原因分析及改进措施 get columns of their own, even on a declaration
    self_evaluation = Project(
        "p",
        form=FormKind.PROJECT_SELF_EVALUATION,
        budget=Budget(initial=Decimal(10), adjustment=Decimal(-2), basic=Decimal(1)),
    )
    assert lost_fields(self_evaluation) == []  # basic and adjustment on 预算补充 rows


def test_text_cells_cannot_hold_tabs_or_line_breaks(tmp_path: Path) -> None:
    with pytest.raises(SerializationError, match="tab or a line break"):
        to_text([Unit("u", duties="第一行\n第二行")])
    doc = Unit("u", duties="第一行\n第二行")
    path = write_xlsx([doc], tmp_path / "u.xlsx")  # a workbook cell can
    assert bare(read_forms(path).documents) == [doc]
    out = write_text([Unit("u", year=2024)], tmp_path / "u.txt")
    assert read_forms(out).documents[0].year == 2024
    assert to_text([]) == ""


def test_budget_prose_in_wan_yuan() -> None:
    b = Budget(
        initial=Decimal("152496500.00"),
        adjustment=Decimal("-8038300.00"),
        adjusted=Decimal("144458200.00"),
        executed=Decimal("140463700.00"),
        stated_rate=Decimal("0.9723"),
        basic=Decimal("3337100"),
        basic_executed=Decimal("3337700"),
        basic_stated_rate=Decimal("0.9942"),
    )
    prose = budget_prose(b)
    assert prose is not None
    assert "年初预算金额15249.65万元" in prose
    assert "调减资金803.83万元" in prose
    assert "整体预算执行率为97.23%" in prose
    assert "其中基本支出年度预算333.71万元，执行金额333.77万元，执行率99.42%" in prose
    assert budget_prose(Budget()) is None
    assert "调增资金0.0001万元" in (budget_prose(Budget(adjustment=Decimal(1))) or "")


def test_a_unit_declaration_layout() -> None:
    unit = Unit(
        "某中心",
        year=2026,
        funding_method="全额",
        key_tasks=(KeyTask("任务甲", "内容甲"), KeyTask("任务乙")),
        budget=Budget(total=Decimal("10.00"), basic=Decimal("4")),
        headcount=26,
        departments=4,
        indicators=IndicatorTree(
            [Indicator("x", "产出指标", "数量指标", parse_target("=1(个)"), nature="定量")]
        ),
    )
    rows = form_rows(unit)
    assert ["任务乙", ""] in rows
    assert ["部门整体预算总额（元）", "10.00"] in rows
    assert ["年末在职人数", "内设机构数"] in rows
    assert ["26", "4"] in rows
    assert rows[-2] == ["一级指标", "二级指标", "三级指标", "指标性质", "指标值"]
    assert lost_fields(unit) == []


def test_sheet_titles_are_valid() -> None:
    assert sheet_title(0, "a[b]:c*d?e/f\\g") == "01 a_b__c_d_e_f_g"
    assert len(sheet_title(99, "很" * 40)) == 31


def test_a_unit_self_evaluation_after_another_form_keeps_its_own_table() -> None:
    project = Project("p", indicators=[Indicator("a", "产出指标", "数量指标", parse_target("≥1"))])
    report = Unit("u", year=2023, form=FormKind.UNIT_SELF_EVALUATION)
    text = to_text([project, report])
    rows, _ = rows_from_text(text, "t")
    forms = split_forms(rows)
    assert [kind for kind, _, _ in forms] == [
        FormKind.PROJECT_DECLARATION,
        FormKind.UNIT_SELF_EVALUATION,
    ]
    title, report_rows = forms[1][1], forms[1][2]
    assert report_rows[title - 1].text == "u"  # the name line, and nothing of the project
    read_back = read_forms(text).documents
    assert len(read_back[1].indicators) == 0


def test_the_safe_alphabet_is_no_label_or_unit() -> None:
    for char in SAFE:
        assert not U.is_known_unit(char)
        assert not DEFAULT_TAXONOMY.is_level1(char)
        assert not DEFAULT_TAXONOMY.is_level2(char)
        assert normalize_label(char) == char


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(form_documents())
def test_form_documents_are_written_whole(doc: Unit | Project) -> None:
    assert lost_fields(doc) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(form_documents(), form_documents())
def test_form_documents_round_trip_through_a_workbook(
    first: Unit | Project, second: Unit | Project
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx([first, second], Path(folder) / "b.xlsx")
        assert bare(read_forms(path).documents) == bare([first, second])
    assert bare(read_forms(to_text([first, second])).documents) == bare([first, second])


def test_a_document_whose_form_does_not_fit_its_type() -> None:
    unit = Unit("u", form=FormKind.PROJECT_DECLARATION)
    assert form_rows(unit)[:2] == [["财政项目支出绩效目标申报表"], ["项目名称", "u"]]
    (line,) = lost_fields(unit)
    assert line.startswith("document: wrote Unit('u'")
    assert "read back Project('u'" in line
