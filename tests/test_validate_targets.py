"""PM4xx targets and actuals: each check with a minimal failing document and a passing one."""

from __future__ import annotations

import pytest

from perfmodel import (
    FormKind,
    Indicator,
    Project,
    Unit,
    compose_target,
    parse_actual,
    parse_target,
    validate,
)
from perfmodel.validate import targets
from perfmodel.validate.core import Document


def _ind(name: str, level2: str, target: str | None, level1: str = "产出指标") -> Indicator:
    return Indicator(name, level1, level2, None if target is None else parse_target(target))


def _p(*indicators: Indicator) -> Project:
    return Project("p", indicators=indicators)


def _codes(doc: Document, code: str) -> list[str]:
    check = next(c for c in targets.CHECKS if c.code == code)
    return [d.code for d in validate(doc, checks=(check,))]


def _self_eval(actual: str | None) -> Unit:
    ind = Indicator(
        "无重大事故发生率",
        "效益指标",
        "社会效益指标",
        parse_target("≤0.00(%)"),
        actual=None if actual is None else parse_actual(actual),
    )
    return Unit("u", indicators=[ind], form=FormKind.UNIT_SELF_EVALUATION)


#: code → (failing document, passing document)
CASES: dict[str, tuple[Document, Document]] = {
    "PM401": (
        _p(_ind("完成居（村）委个数", "数量指标", "34个村委，47个居委")),
        _p(_ind("完成居（村）委个数", "数量指标", "81个")),
    ),
    "PM402": (
        _p(_ind("验收合格率", "质量指标", "≥110%")),
        _p(_ind("验收合格率", "质量指标", "≥100%")),
    ),
    "PM403": (
        _p(_ind("设备采购成本", "成本指标", "≥50万元")),
        _p(_ind("设备采购成本", "成本指标", "≤50万元")),
    ),
    "PM404": (
        _p(_ind("重大项目推进完成率", "数量指标", "按计划有序推进")),
        _p(_ind("重大项目推进完成率", "数量指标", "=100%")),
    ),
    "PM405": (
        _p(_ind("生产安全事故次数", "社会效益指标", "0", level1="效益指标")),
        _p(_ind("生产安全事故次数", "社会效益指标", "0次", level1="效益指标")),
    ),
    "PM406": (
        _p(_ind("实训基地个数", "数量指标", None)),
        _p(_ind("实训基地个数", "数量指标", "3个")),
    ),
    "PM407": (_self_eval(None), _self_eval("0%")),
    "PM408": (_self_eval("≤0.00(%)"), _self_eval("=0.00(%)")),
    "PM409": (_self_eval("0个"), _self_eval("0")),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_check_fails_and_passes(code: str) -> None:
    failing, passing = CASES[code]
    assert _codes(failing, code) == [code]
    assert _codes(passing, code) == []


def test_unreadable_names_the_reason_and_skips_idioms() -> None:
    found = validate(_p(_ind("使用率", "质量指标", "20个点位全部投入使用")), checks=targets.CHECKS)
    assert [d.code for d in found] == ["PM401"]
    assert "unknown unit '个点位全部投入使用' at position 2" in found[0].message
    idiom = _p(_ind("重特大事故发生情况", "社会效益指标", "0发生", level1="效益指标"))
    assert validate(idiom, checks=targets.CHECKS) == []
    words = _p(_ind("档案管理规范性", "可持续影响指标", "规范", level1="效益指标"))
    assert validate(words, checks=targets.CHECKS) == []


def test_growth_rates_may_exceed_100() -> None:
    assert _codes(_p(_ind("营业收入增长率", "经济效益指标", "≥120%", "效益指标")), "PM402") == []
    assert _codes(_p(_ind("完成率", "数量指标", "=1.2")), "PM402") == []


def test_cost_floor_spares_rates_and_ceilings() -> None:
    assert _codes(_p(_ind("成本节约率", "成本指标", "≥5%")), "PM403") == []
    found = validate(_p(_ind("人均成本", "成本指标", ">200元")), checks=targets.CHECKS)
    assert [(d.code, d.expected) for d in found] == [("PM403", "≤200元")]


@pytest.mark.parametrize(
    ("name", "level2", "target", "fragment"),
    [
        ("消防宣传月活动开展及时率", "时效指标", "及时", "is a rate"),
        ("长效管理制度建设完善率", "可持续影响指标", "建立健全", "is a rate"),
        ("托底处置案件完成数量", "社会效益指标", "较多", "expected a count"),
        ("演练次数", "社会效益指标", "若干", "expected a count in 次"),
        ("业委会换届改造", "数量指标", "达标", "filed under 数量指标"),
        ("严格控制成本", "成本指标", "完成", "filed under 成本指标"),
        ("前端发现上报案件数量", "数量指标", "提升", "filed under 数量指标"),
    ],
)
def test_quantity_expected(name: str, level2: str, target: str, fragment: str) -> None:
    level1 = "效益指标" if "效益" in level2 or "可持续" in level2 else "产出指标"
    found = validate(_p(_ind(name, level2, target, level1)), checks=targets.CHECKS)
    assert [(d.code, d.severity.value) for d in found] == [("PM404", "warning")]
    assert fragment in found[0].message


@pytest.mark.parametrize(
    ("name", "level1", "level2", "target"),
    [
        ("食品安全知晓率", "效益指标", "社会效益指标", "提升"),
        ("前端发现上报案件数量", "产出指标", "数量指标", "提升5%"),
        ("发放及时性", "产出指标", "数量指标", "每月"),
        ("市民投诉安全隐患类案件数量", "效益指标", "可持续影响指标", "下降"),
        ("保障残保金顺利缴纳", "效益指标", "可持续影响指标", "保障"),
    ],
)
def test_quantity_not_expected(name: str, level1: str, level2: str, target: str) -> None:
    assert _codes(_p(_ind(name, level2, target, level1)), "PM404") == []


def test_unit_implied() -> None:
    found = validate(_p(_ind("巡查员上报率", "数量指标", "≥90个")), checks=targets.CHECKS)
    assert [(d.code, d.expected) for d in found] == [("PM405", "%")]
    column = Indicator(
        "2024年度政府实事项目完成率",
        "产出指标",
        "数量指标",
        compose_target("100", comparator="=", unit_text="%"),
    )
    assert _codes(_p(column), "PM405") == []
    freq = _ind("演练次数", "数量指标", "一年两次")
    assert _codes(_p(freq), "PM405") == []
    assert _codes(_p(_ind("培训时长", "数量指标", "≥2天")), "PM405") == []
    assert _codes(_p(_ind("公园数", "数量指标", "12")), "PM405") == []


def test_blank_target_skips_reference_rows() -> None:
    ref = Indicator("根据沪财绩【2022】13号文…", "投入管理指标", "预算编审管理")
    assert validate(Unit("u", indicators=[ref]), checks=targets.CHECKS) == []
    blank = Indicator("a", "产出指标", "数量指标", parse_target(""))
    assert _codes(_p(blank), "PM406") == ["PM406"]


def test_blank_actual_only_in_self_evaluations() -> None:
    declaration = Unit("u", indicators=[_ind("a", "数量指标", "1个")])
    assert _codes(declaration, "PM407") == []
