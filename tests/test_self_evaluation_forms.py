"""The project self-evaluation form (项目支出绩效自评表) and the unit self-evaluation report, read
from a hand-written form and written back whole (issue 6: a written form reads back the same)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl

from perfmodel import (
    Budget,
    FormKind,
    Indicator,
    IndicatorTree,
    Project,
    Unit,
    evaluate,
    parse_actual,
    parse_target,
    read_forms,
)
from perfmodel.serialize import form_rows, lost_fields, to_text, without_locations, write_xlsx

# A filled-in 项目支出绩效自评表 as published (财预〔2020〕10号 layout, amounts in 万元): merged
# cells leave blanks, the 其中 rows carry figures the model has no field for, 总分 closes the table.
FORM = "\n".join(
    [
        "项目支出绩效自评表",
        "（2024年度）",
        "项目名称\t老旧小区改造\t",
        "主管部门\t某区住房和城乡建设管理委员会\t实施单位\t某街道办事处",
        "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
        "\t年度资金总额\t120.00\t100.00\t86.19\t10\t86.19%\t8.62",
        "\t其中：当年财政拨款\t120.00\t100.00\t86.19\t—\t—\t—",
        "\t上年结转资金\t\t\t\t—\t—\t—",
        "\t其他资金\t\t\t\t—\t—\t—",
        "年度总体目标\t预期目标\t实际完成情况",
        "\t完成10个小区改造。\t完成9个小区改造，1个因居民意见未统一顺延。",
        "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
        "\t产出指标\t数量指标\t改造小区数量\t≥10个\t9个\t25\t22.5\t1个小区居民意见未统一，顺延至次年",
        "\t\t质量指标\t竣工验收合格率\t100%\t100%\t25\t25",
        "\t效益指标\t社会效益指标\t居住环境改善\t有所改善\t达成年度指标\t30\t27",
        "\t满意度指标\t服务对象满意度指标\t居民满意度\t≥90%\t93%\t10\t10",
        "总分\t\t\t\t\t\t100\t93.12",
        "",
    ]
)

EXPECTED = Project(
    "老旧小区改造",
    year=2024,
    department="某区住房和城乡建设管理委员会",
    implementer="某街道办事处",
    annual_goal="完成10个小区改造。",
    annual_outcome="完成9个小区改造，1个因居民意见未统一顺延。",
    budget=Budget(
        initial=Decimal("1200000"),
        adjusted=Decimal("1000000"),
        executed=Decimal("861900"),
        stated_rate=Decimal("0.8619"),
    ),
    indicators=IndicatorTree(
        [
            Indicator(
                "改造小区数量",
                "产出指标",
                "数量指标",
                parse_target("≥10个"),
                max_points=Decimal(25),
                actual=parse_actual("9个"),
                points=Decimal("22.5"),
                deviation_reason="1个小区居民意见未统一，顺延至次年",
            ),
            Indicator(
                "竣工验收合格率",
                "产出指标",
                "质量指标",
                parse_target("100%"),
                max_points=Decimal(25),
                actual=parse_actual("100%"),
                points=Decimal(25),
            ),
            Indicator(
                "居住环境改善",
                "效益指标",
                "社会效益指标",
                parse_target("有所改善"),
                max_points=Decimal(30),
                actual=parse_actual("达成年度指标"),
                points=Decimal(27),
            ),
            Indicator(
                "居民满意度",
                "满意度指标",
                "服务对象满意度指标",
                parse_target("≥90%"),
                max_points=Decimal(10),
                actual=parse_actual("93%"),
                points=Decimal(10),
            ),
        ]
    ),
    form=FormKind.PROJECT_SELF_EVALUATION,
    stated_total=Decimal("93.12"),
)


def test_a_published_project_self_evaluation_is_read() -> None:
    result = read_forms(FORM)
    (doc,) = result.documents
    assert without_locations(doc) == EXPECTED
    assert not result.errors
    (kept,) = [d for d in result.diagnostics if d.code == "R113"]
    assert kept.location.line == 7
    assert "当年财政拨款" in kept.message
    assert doc.budget.line == 6
    assert [i.line for i in doc.indicators] == [13, 14, 15, 16]
    # the figures the form states agree with the scoring rules: no difference reported
    evaluation = evaluate(doc)
    assert evaluation.execution is not None
    assert evaluation.execution.points == Decimal("8.62")
    assert evaluation.total == Decimal("93.12")
    assert not evaluation.differences


def test_a_project_self_evaluation_is_written_in_the_official_layout(tmp_path: Path) -> None:
    rows = form_rows(EXPECTED)
    assert rows[:9] == [
        ["项目支出绩效自评表"],
        ["(2024年度)"],
        ["项目名称", "老旧小区改造"],
        ["主管部门", "某区住房和城乡建设管理委员会", "实施单位", "某街道办事处"],
        ["项目资金（元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额", "1200000", "1000000", "861900", "", "86.19%"],
        ["年度总体目标", "预期目标", "实际完成情况"],
        ["", "完成10个小区改造。", "完成9个小区改造，1个因居民意见未统一顺延。"],
        [
            "绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
    ]
    assert rows[9] == [
        "",
        "产出指标",
        "数量指标",
        "改造小区数量",
        "≥10个",
        "9个",
        "25",
        "22.5",
        "1个小区居民意见未统一，顺延至次年",
    ]
    assert rows[-1] == ["总分", "", "", "", "", "", "", "93.12"]
    assert lost_fields(EXPECTED) == []
    assert [without_locations(d) for d in read_forms(to_text([EXPECTED])).documents] == [EXPECTED]
    path = write_xlsx([EXPECTED], tmp_path / "self.xlsx", evaluations=[evaluate(EXPECTED)])
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet["A1"].value == "项目支出绩效自评表"
    assert sheet["C6"].value == "1200000"
    result = read_forms(path)
    assert [without_locations(d) for d in result.documents] == [EXPECTED]
    assert not result.errors


def test_a_self_evaluation_keeps_the_declaration_fields_it_has() -> None:
    import datetime as dt

    doc = Project(
        "p",
        nature="经常性项目",
        categories=("专项资金",),
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 12, 31),
        overall_goal="三年完成改造",
        goal_period=(2023, 2025),
        budget=Budget(total=Decimal(10), fiscal=Decimal(10), executed=Decimal(9)),
        form=FormKind.PROJECT_SELF_EVALUATION,
    )
    rows = form_rows(doc)
    assert ["项目总目标 (2023年-2025年)", "三年完成改造"] in rows
    assert ["计划开始日期", "2024-01-01", "计划完成日期", "2024-12-31"] in rows
    assert lost_fields(doc) == []


def test_a_unit_self_evaluation_keeps_points_reasons_and_its_total(tmp_path: Path) -> None:
    unit = Unit(
        "某中心",
        year=2023,
        budget=Budget(
            initial=Decimal("1000000"),
            adjustment=Decimal("-100000"),
            adjusted=Decimal("900000"),
            executed=Decimal("855000"),
            stated_rate=Decimal("0.95"),
        ),
        indicators=IndicatorTree(
            [
                Indicator(
                    "公园养护数",
                    "产出指标",
                    "数量指标",
                    parse_target("=12(个)"),
                    actual=parse_actual("11"),
                    max_points=Decimal(5),
                    points=Decimal("4.58"),
                    deviation_reason="一处公园改建",
                ),
                Indicator(  # blank actual and 分值: the cells to its right stay in their columns
                    "绿化养护",
                    "产出指标",
                    "质量指标",
                    parse_target("达标"),
                    points=Decimal(3),
                ),
            ],
            level1_weights={"产出指标": Decimal(50)},
        ),
        form=FormKind.UNIT_SELF_EVALUATION,
        stated_total=Decimal("92.5"),
    )
    rows = form_rows(unit)
    header = rows[-4]
    assert header[-2:] == ["得分", "偏差原因分析及改进措施"]
    assert rows[-1] == ["总分", *[""] * (header.index("得分") - 1), "92.5"]
    assert lost_fields(unit) == []
    path = write_xlsx([unit], tmp_path / "unit.xlsx")
    assert [without_locations(d) for d in read_forms(path).documents] == [unit]


def test_what_a_self_evaluation_form_gets_wrong_is_reported() -> None:
    text = "\n".join(
        [
            "项目支出绩效自评表",
            "(2024年度)",
            "项目名称\tp",
            "年度总体目标\t预期目标\t实际完成情况",
            "\t\t\t甲目标\t乙情况",
            "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
            "\t产出指标\t数量指标\tx\t≥1个\t1个\t10\t10",
            "总分\t\t\t\t\t\t100\t很多",
        ]
    )
    result = read_forms(text)
    (doc,) = result.documents
    codes = [d.code for d in result.diagnostics]
    assert "R112" in codes  # no 项目资金 block
    assert "R111" in codes  # a 总分 that is not a number
    assert doc.stated_total is None
    assert (doc.annual_goal, doc.annual_outcome) == ("甲目标", "乙情况")  # out of column: in order
    bad_rate = FORM.replace("86.19%\t8.62", "八成\t8.62")
    result = read_forms(bad_rate)
    assert result.documents[0].budget.stated_rate is None
    (warning,) = [d for d in result.diagnostics if d.code == "R104"]
    assert warning.location.field == "budget.stated_rate"
    no_goals = FORM.replace(
        "\t完成10个小区改造。\t完成9个小区改造，1个因居民意见未统一顺延。\n", ""
    )
    doc = read_forms(no_goals).documents[0]
    assert (doc.annual_goal, doc.annual_outcome) == (None, None)
