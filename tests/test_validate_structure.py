"""PM3xx the indicator tree: each check with a minimal failing document and a passing one."""

from __future__ import annotations

import pytest

from perfmodel import Indicator, Project, Unit, validate
from perfmodel.validate import structure
from perfmodel.validate.core import Document
from perfmodel.vocab import CENTRAL_TAXONOMY_2025

_OUT = Indicator("公园养护数", "产出指标", "数量指标")
_EFF = Indicator("环境改善情况", "效益指标", "社会效益指标")
_SAT = Indicator("居民满意度", "满意度指标", "服务对象满意度指标")


def _codes(doc: Document, code: str, policy: object = None) -> list[str]:
    check = next(c for c in structure.CHECKS if c.code == code)
    return [d.code for d in validate(doc, checks=(check,), policy=policy)]


def _p(*indicators: Indicator) -> Project:
    return Project("p", indicators=indicators)


#: code → (failing document, passing document)
CASES: dict[str, tuple[Document, Document]] = {
    "PM301": (
        _p(Indicator("a", "效益指标", "数量指标"), _EFF, _SAT),
        _p(Indicator("a", "产出指标", "数量指标"), _EFF, _SAT),
    ),
    "PM302": (
        _p(Indicator("—", "产出指标", "数量指标"), _EFF, _SAT),
        _p(_OUT, _EFF, _SAT),
    ),
    "PM303": (
        _p(_OUT, Indicator("公园 养护数", "产出指标", "质量指标"), _EFF, _SAT),
        _p(_OUT, Indicator("公园养护合格率", "产出指标", "质量指标"), _EFF, _SAT),
    ),
    "PM304": (_p(_OUT, _EFF), _p(_OUT, _EFF, _SAT)),
    "PM305": (
        _p(_OUT, Indicator("投诉处置及时性", "效益指标", "社会效益指标"), _SAT),
        _p(_OUT, Indicator("投诉处置及时性", "产出指标", "时效指标"), _SAT),
    ),
    "PM306": (
        _p(_OUT, _EFF, Indicator("服务对象 满意度指标", "满意度指标", "服务对象满意度指标")),
        _p(_OUT, _EFF, _SAT),
    ),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_check_fails_and_passes(code: str) -> None:
    failing, passing = CASES[code]
    assert _codes(failing, code) == [code]
    assert _codes(passing, code) == []


@pytest.mark.parametrize(
    ("name", "level1", "level2", "expected"),
    [
        ("发放及时性", "产出指标", "数量指标", "时效指标"),
        ("支付及时性", "产出指标", "成本指标", "时效指标"),
        ("按时办结率", "产出指标", "成本指标", "时效指标"),
        ("扶持项目完成及时性", "效益指标", "经济效益指标", "时效指标"),
        ("居民社会环境满意度", "效益指标", "可持续影响指标", "满意度指标"),
        ("慰问次数", "产出指标", "质量指标", "数量指标"),
        ("社区园艺师参与社区绿化管理次数", "产出指标", "质量指标", "数量指标"),
        ("监督检查覆盖率", "产出指标", "时效指标", None),
        ("长效机制制度建设完善率", "满意度指标", "服务对象满意度指标", None),
    ],
)
def test_name_and_category_disagree(
    name: str, level1: str, level2: str, expected: str | None
) -> None:
    found = validate(_p(Indicator(name, level1, level2)), checks=structure.CHECKS[4:5])
    assert [(d.code, d.severity.value, d.expected) for d in found] == [
        ("PM305", "warning", expected)
    ]
    assert name in found[0].message


@pytest.mark.parametrize(
    ("name", "level1", "level2"),
    [
        ("物业考核工作开展及时性", "产出指标", "时效指标"),
        ("项目完成时限", "产出指标", "时效指标"),
        ("工程进度", "产出指标", "时效指标"),
        ("有效投诉数", "满意度指标", "服务对象满意度指标"),
        ("服务及时性满意度", "满意度指标", "服务对象满意度指标"),
        ("有责投诉数", "效益指标", "社会效益指标"),
        ("调整项目数", "产出指标", "数量指标"),
        ("水质综合指数", "产出指标", "质量指标"),
    ],
)
def test_name_and_category_agree(name: str, level1: str, level2: str) -> None:
    assert validate(_p(Indicator(name, level1, level2)), checks=structure.CHECKS[4:5]) == []


def test_reference_rows_are_legitimate() -> None:
    ref = "根据沪财绩【2022】13号文的规定要求设置三级指标和指标值"
    rows = [Indicator(ref, "投入管理指标", l2) for l2 in ("预算编审管理", "预算执行管理")]
    unit = Unit("u", indicators=[*rows, _OUT, _EFF, _SAT])
    assert validate(unit, checks=structure.CHECKS) == []


def test_unit_forms_need_no_required_level1() -> None:
    assert _codes(Unit("u", indicators=[_OUT]), "PM304") == []


def test_required_level1_messages_and_lines() -> None:
    found = validate(_p(_OUT), checks=structure.CHECKS)
    assert [(d.code, d.expected) for d in found] == [
        ("PM304", "效益指标"),
        ("PM304", "满意度指标"),
    ]


def test_unknown_labels() -> None:
    found = validate(_p(Indicator("a", "过程指标", "数量指标"), _EFF, _SAT))
    pm301 = [d for d in found if d.code == "PM301"]
    assert [(d.message.split(" (")[0], d.expected) for d in pm301] == [
        ("unknown level-1 过程指标", "产出指标")
    ]
    found = validate(_p(Indicator("a", "产出指标", "进度指标"), _EFF, _SAT))
    assert [d.message for d in found if d.code == "PM301"] == [
        "unknown level-2 进度指标 under 产出指标 (expected one of 数量指标、质量指标、时效指标、成本指标)"
    ]


def test_taxonomy_from_the_policy() -> None:
    cost = Indicator("设备采购成本", "成本指标", "经济成本指标")
    doc = _p(_OUT, cost, _EFF, _SAT)
    assert _codes(doc, "PM301") == ["PM301"]
    assert _codes(doc, "PM301", policy={"taxonomy": CENTRAL_TAXONOMY_2025}) == []


def test_duplicates_report_the_first_line() -> None:
    a = Indicator("市民满意度", "满意度指标", "服务对象满意度指标", line=5)
    b = Indicator("市民满意度", "满意度指标", "服务对象满意度指标", line=9)
    found = validate(_p(_OUT, _EFF, a, b), checks=structure.CHECKS)
    assert [(d.code, d.location.line) for d in found] == [("PM303", 9)]
    assert "first at line 5" in found[0].message


def test_normalize_label_removes_exactly_what_a_regex_whitespace_matches() -> None:
    # normalize_label joins str.split(): the same characters as re's \s, every code point
    import re
    import sys

    from perfmodel.vocab import normalize_label

    spaces = re.compile(r"\s+")
    for code in range(sys.maxunicode + 1):
        text = f" 产出{chr(code)}{chr(code)}指标\t"
        assert normalize_label(text) == spaces.sub("", text), hex(code)


def test_reference_level1_names_are_known_with_or_without_spaces() -> None:
    from perfmodel.vocab import DEFAULT_TAXONOMY, Taxonomy

    assert DEFAULT_TAXONOMY.is_reference("投入管理指标")
    assert DEFAULT_TAXONOMY.is_reference(" 投入 管理指标\u3000")
    assert not DEFAULT_TAXONOMY.is_reference("产出指标")
    assert not DEFAULT_TAXONOMY.is_reference("产出 指标")
    # a reference level-1 outside the tree, and a tree level-1 that is a reference
    odd = Taxonomy({"甲": ("乙",)}, reference_level1={"丙", "甲"})
    assert odd.is_reference("丙")
    assert odd.is_reference("丙 ")
    assert odd.is_reference("甲")
    assert not odd.is_reference("乙")
