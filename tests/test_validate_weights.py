"""PM2xx weights and points: each check with a minimal failing document and a passing one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfmodel import FormKind, Indicator, IndicatorTree, Project, Unit, validate
from perfmodel.scoring.policy import Policy
from perfmodel.validate import weights
from perfmodel.validate.core import Document

D = Decimal


def _ind(
    name: str, level1: str, level2: str, available: int | None = None, **kw: object
) -> Indicator:
    max_points = None if available is None else D(available)
    return Indicator(name, level1, level2, max_points=max_points, **kw)  # type: ignore[arg-type]


def _codes(doc: Document, code: str, policy: object = None) -> list[str]:
    check = next(c for c in weights.CHECKS if c.code == code)
    return [d.code for d in validate(doc, checks=(check,), policy=policy)]


def _project(weights_: dict[str, int], *indicators: Indicator) -> Project:
    tree = IndicatorTree(indicators, level1_weights=weights_)
    return Project("p", indicators=tree, form=FormKind.PROJECT_SELF_EVALUATION)


_OUT = ("产出指标", "数量指标")
_EFF = ("效益指标", "社会效益指标")
_SAT = ("满意度指标", "服务对象满意度指标")

#: code → (failing document, passing document)
CASES: dict[str, tuple[Document, Document]] = {
    "PM201": (
        _project({"产出指标": 50}, _ind("a", *_OUT, 20), _ind("b", *_OUT, 20)),
        _project({"产出指标": 50}, _ind("a", *_OUT, 30), _ind("b", *_OUT, 20)),
    ),
    "PM202": (
        _project(
            {"产出指标": 50, "效益指标": 30, "满意度指标": 20},
            _ind("a", *_OUT),
            _ind("b", *_EFF),
            _ind("c", *_SAT),
        ),
        _project(
            {"产出指标": 50, "效益指标": 30, "满意度指标": 10},
            _ind("a", *_OUT),
            _ind("b", *_EFF),
            _ind("c", *_SAT),
        ),
    ),
    "PM203": (
        Unit("u", indicators=[_ind("a", *_OUT, 5, points=D(6))]),
        Unit("u", indicators=[_ind("a", *_OUT, 5, points=D(5))]),
    ),
    "PM204": (
        Unit("u", indicators=[_ind("a", *_OUT, 5), _ind("b", *_OUT)]),
        Unit("u", indicators=[_ind("a", *_OUT, 5), _ind("b", *_OUT, 5)]),
    ),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_check_fails_and_passes(code: str) -> None:
    failing, passing = CASES[code]
    assert _codes(failing, code) == [code]
    assert _codes(passing, code) == []


def test_seed_001_shape_benefit_weight_and_no_total() -> None:
    """Seed 001: 产出 25 (1×8 + 3+3+2 + 3+3+3), 效益 35 with a row that lost its 分值 (5+5+5+5+10
    = 30), 满意度 10; the table is partial (no 投入管理指标), so PM202 is silent."""
    output = [_ind(f"o{n}", *_OUT, 1) for n in range(8)]
    output += [_ind("q1", "产出指标", "质量指标", 3), _ind("q2", "产出指标", "质量指标", 3)]
    output += [_ind("q3", "产出指标", "质量指标", 2)]
    output += [_ind(f"t{n}", "产出指标", "时效指标", 3) for n in range(3)]
    benefit = [_ind("无重大事故发生率", *_EFF, line=68)]
    benefit += [_ind(f"e{n}", *_EFF, 5) for n in range(4)] + [_ind("长效", *_EFF, 10)]
    tree = IndicatorTree(
        [*output, *benefit, _ind("受益群体满意度", *_SAT, 10)],
        level1_weights={"产出指标": 25, "效益指标": 35, "满意度指标": 10},
    )
    doc = Unit("浦锦", indicators=tree, form=FormKind.UNIT_SELF_EVALUATION)
    found = validate(doc, checks=weights.CHECKS)
    assert [(d.code, d.location.line, d.expected) for d in found] == [("PM201", 68, "35")]
    assert "add up to 30 (1 without 分值: 无重大事故发生率)" in found[0].message


def test_complete_unit_form_weights_its_reference_level1() -> None:
    inds = [_ind("a", *_OUT), _ind("b", *_EFF), _ind("c", *_SAT)]
    partial = IndicatorTree(inds, level1_weights={"产出指标": 25, "效益指标": 35, "满意度指标": 10})
    assert _codes(Unit("u", indicators=partial), "PM202") == []
    full = {"投入管理指标": 30, "产出指标": 25, "效益指标": 35, "满意度指标": 10}
    assert _codes(Unit("u", indicators=IndicatorTree(inds, level1_weights=full)), "PM202") == []
    wrong = dict(full, 满意度指标=20)
    found = validate(Unit("u", indicators=IndicatorTree(inds, level1_weights=wrong)))
    assert [(d.code, d.expected) for d in found if d.code == "PM202"] == [("PM202", "100")]


def test_execution_points_come_from_the_form_or_the_policy() -> None:
    inds = [_ind("a", *_OUT), _ind("b", *_EFF), _ind("c", *_SAT)]
    stated = {"预算执行率": 20, "产出指标": 40, "效益指标": 30, "满意度指标": 10}
    assert _codes(_project(stated, *inds), "PM202") == []
    ninety = {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
    assert _codes(_project(ninety, *inds), "PM202") == []
    policy = Policy(
        level1_weights={"预算执行率": 20, "产出指标": 40, "效益指标": 30, "满意度指标": 10}
    )
    assert _codes(_project(ninety, *inds), "PM202", policy=policy) == ["PM202"]
    eighty = {"产出指标": 40, "效益指标": 30, "满意度指标": 10}
    assert _codes(_project(eighty, *inds), "PM202", policy=policy) == []
    loose = {"level1_weights": {"预算执行率": "20"}, "full_marks": "100"}
    assert _codes(_project(eighty, *inds), "PM202", policy=loose) == []


def test_unweighted_level1_is_reported_once_and_blocks_the_total() -> None:
    doc = _project({"产出指标": 50}, _ind("a", *_OUT, 50), _ind("b", *_EFF, line=9))
    found = validate(doc, checks=weights.CHECKS)
    assert [(d.code, d.location.line) for d in found] == [("PM204", 9), ("PM204", 9)]
    assert sorted(d.message for d in found) == [
        "'b' has no 分值 while other indicators of the table have one",
        "效益指标 has no 权重 while other level-1s (产出指标) have one",
    ]


def test_level2_weights() -> None:
    inds = [_ind("a", *_OUT, 10), _ind("b", "产出指标", "质量指标", 10)]
    tree = IndicatorTree(
        inds, level1_weights={"产出指标": 30}, level2_weights={"数量指标": 20, "质量指标": 10}
    )
    found = validate(Unit("u", indicators=tree), checks=weights.CHECKS)
    assert sorted(d.message for d in found) == [
        "产出指标 权重 30, but the 分值 of its 2 indicators add up to 20",
        "数量指标 权重 20, but the 分值 of its 1 indicator add up to 10",
    ]
    tree = IndicatorTree(
        inds, level1_weights={"产出指标": 20}, level2_weights={"数量指标": 10, "质量指标": 20}
    )
    found = validate(Unit("u", indicators=tree), checks=weights.CHECKS)
    assert sorted(d.message for d in found) == [
        "产出指标 权重 20, but the weights of its level-2s (数量指标、质量指标) add up to 30",
        "质量指标 权重 20, but the 分值 of its 1 indicator add up to 10",
    ]


def test_reference_rows_and_unscored_tables_are_not_checked() -> None:
    ref = Indicator("根据沪财绩【2022】13号文…", "投入管理指标", "预算编审管理")
    doc = Unit("u", indicators=[ref, _ind("a", *_OUT)])
    assert validate(doc, checks=weights.CHECKS) == []
    no_points = _project({"产出指标": 50}, _ind("a", *_OUT))
    assert _codes(no_points, "PM201") == []


@given(
    available=st.integers(min_value=0, max_value=100),
    awarded=st.integers(min_value=0, max_value=100),
)
def test_points_within_property(available: int, awarded: int) -> None:
    doc = Unit("u", indicators=[_ind("a", *_OUT, available, points=D(awarded))])
    assert (_codes(doc, "PM203") == ["PM203"]) == (awarded > available)
