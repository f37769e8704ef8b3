"""PM501 goals against table, and the PM6xx dates: failing and passing documents."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from perfmodel import Indicator, KeyTask, Project, Unit, parse_target, validate
from perfmodel.validate import consistency, dates
from perfmodel.validate.core import Document


def _ind(name: str, target: str) -> Indicator:
    return Indicator(name, "产出指标", "数量指标", parse_target(target), line=20)


def _codes(doc: Document, code: str) -> list[str]:
    checks = (*consistency.CHECKS, *dates.CHECKS)
    check = next(c for c in checks if c.code == code)
    return [d.code for d in validate(doc, checks=(check,))]


_ELEVATOR = "对本镇1008部住宅电梯加强日常公共安全监管服务。"

#: code → (failing document, passing document)
CASES: dict[str, tuple[Document, Document]] = {
    "PM501": (
        Project(
            "p", year=2025, annual_goal=_ELEVATOR, indicators=[_ind("被监管电梯数量", "108部")]
        ),
        Project(
            "p", year=2025, annual_goal=_ELEVATOR, indicators=[_ind("被监管电梯数量", "1008部")]
        ),
    ),
    "PM601": (
        Project("p", year=2025, start=dt.date(2025, 12, 31), end=dt.date(2025, 1, 1)),
        Project("p", year=2025, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)),
    ),
    "PM602": (
        Project("p", year=2025, start="2025-01-01", end="2026-06-30", goal_period=(2025, 2025)),
        Project("p", year=2025, start="2025-01-01", end="2026-06-30", goal_period=(2025, 2026)),
    ),
    "PM603": (
        Project("p", year=2025, goal_period=(2022, 2024)),
        Project("p", year=2025, goal_period=(2022, 2027)),
    ),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_check_fails_and_passes(code: str) -> None:
    failing, passing = CASES[code]
    assert _codes(failing, code) == [code]
    assert _codes(passing, code) == []


def test_elevator_message_names_goal_and_figures() -> None:
    doc, _ = CASES["PM501"]
    (found,) = validate(doc, checks=consistency.CHECKS)
    assert found.location.line == 20
    assert found.expected == "1008部"
    assert "年度总体目标 states 1008部" in found.message
    assert "targets =108部" in found.message


# Goals of the seed forms that must NOT contradict their indicators.
_FOOD = (
    "1. 深入开展食品安全“八进”宣传，各领域覆盖率达到100%； 2. 街镇食品药品安全专职工作人员、"
    "食品药品安全“三员”、食品从业人员全年接受不少于60小时的食品安全知识培训； "
    "3. 完成100家餐饮单位实现“明厨亮灶”方式。"
)
_LABS = (
    "1. 对本镇辖区163家危化实验室，分三年进行现状评估。2024年计划评估52家，2025年55家，"
    "2026年56家。 2. 对本镇辖区618家重点生产经营场所进行监督检查。"
)
_POINTS = "1. 支付2022年80个、2023年57个、2024年57个加装点位的部分资金； 2. 2025年完成20个电动自行车地下车库加装消防设施。"


@pytest.mark.parametrize(
    ("goal", "name", "target"),
    [
        (_FOOD, "完成“明厨亮灶”餐饮单位家数", "100家"),
        (_FOOD, "“八进”覆盖率", "100%"),
        (_FOOD, "食品从业人员培训时长", "≥60小时"),
        (_FOOD, "食品从业人员培训时长", "≥80小时"),
        (_LABS, "危化实验室评估家数", "55家"),
        (_LABS, "重点企业检查家数", "618家"),
        (_POINTS, "2025年电动自行车地下非机动车车库加装消防设施点位数", "20个"),
        ("开展了至少1年1次的防汛演练", "演练项目开展次数：", "2次"),
        ("本区户籍城乡登记失业人数控制在772人以内", "登记失业人数", "≤700人"),
        ("3名消防助理员及2名区消防救援支队人员", "餐费补贴人数", "5人"),
        ("完成公共绿地养护43万平方米", "公共绿地养护面积", "=430000平方米"),
    ],
)
def test_consistent_goals(goal: str, name: str, target: str) -> None:
    doc = Project("p", year=2025, annual_goal=goal, indicators=[_ind(name, target)])
    assert validate(doc, checks=consistency.CHECKS) == []


@pytest.mark.parametrize(
    ("goal", "name", "target", "expected"),
    [
        (_FOOD, "食品从业人员培训时长", "≥40小时", "≥60小时"),
        ("本区户籍城乡登记失业人数控制在772人以内", "登记失业人数", "≤800人", "≤772人"),
        ("完成公共绿地养护43万平方米", "公共绿地养护面积", "=43平方米", "43万平方米"),
    ],
)
def test_contradicting_goals(goal: str, name: str, target: str, expected: str) -> None:
    doc = Project("p", year=2025, annual_goal=goal, indicators=[_ind(name, target)])
    assert [d.expected for d in validate(doc, checks=consistency.CHECKS)] == [expected]


def test_overall_goal_only_for_a_single_year_period() -> None:
    ind = _ind("充电桩数量", "60个")
    goal = "完成80个电动自行车充电桩采购工作。"
    multi = Project("p", year=2025, overall_goal=goal, goal_period=(2023, 2025), indicators=[ind])
    assert validate(multi, checks=consistency.CHECKS) == []
    single = Project("p", year=2025, overall_goal=goal, goal_period=(2025, 2025), indicators=[ind])
    found = validate(single, checks=consistency.CHECKS)
    assert [(d.expected, d.location.field) for d in found] == [
        ("80个", "产出指标/数量指标/充电桩数量.target")
    ]
    assert found[0].message.startswith("项目总目标 states 80个")


def test_unit_goals_and_key_tasks() -> None:
    ind = _ind("加装电梯数量", "=10.00(台)")
    goals = Unit("u", year=2023, annual_goals="全年完成加装电梯12台。", indicators=[ind])
    (found,) = validate(goals, checks=consistency.CHECKS)
    assert found.message.startswith("年度履职目标 states 12台")
    task = KeyTask("推进加梯力度", "全年完成加装电梯12台")
    tasks = Unit("u", year=2023, key_tasks=[task], indicators=[ind])
    (found,) = validate(tasks, checks=consistency.CHECKS)
    assert found.message.startswith("年度重点任务 1 states 12台")
    assert validate(Unit("u", indicators=[ind]), checks=consistency.CHECKS) == []


def test_mentions() -> None:
    found = consistency.mentions("累计1,008部电梯，完成率95.5%以上；2024年评估52家", "g", 2025)
    assert [(m.value, m.unit, m.bound) for m in found] == [
        (Decimal(1008), "部", None),
        (Decimal("95.5"), "%", "at_least"),
    ]
    assert [m.text for m in consistency.mentions("2024年评估52家", "g")] == ["52家"]


def test_dates_need_a_project_with_a_year() -> None:
    unit = Unit("u", year=2025)
    assert validate(unit, checks=dates.CHECKS) == []
    no_year = Project("p", start="2024-01-01", end="2024-12-31")
    assert validate(no_year, checks=dates.CHECKS) == []
    found = validate(Project("p", year=2025, start="2024-01-01"), checks=dates.CHECKS)
    assert [(d.code, d.location.field, d.expected) for d in found] == [("PM602", "start", "2025")]
