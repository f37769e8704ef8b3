"""evaluate(): whole documents, the seed self-evaluation, and properties of the rules."""

from __future__ import annotations

import decimal
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import strategies
from perfmodel import (
    Actual,
    Budget,
    Grade,
    Indicator,
    IndicatorStatus,
    Policy,
    Project,
    Target,
    Unit,
    evaluate,
    grade,
    parse_actual,
    parse_target,
    read_forms,
    score_indicator,
)
from perfmodel.model import FormKind
from perfmodel.scoring import allocate_points

D = Decimal
SEEDS = Path(__file__).parent / "data" / "seeds"


def ind(
    name: str,
    level1: str,
    level2: str,
    target: str | None,
    actual: str | None = None,
    max_points: str | None = None,
    **kw: object,
) -> Indicator:
    return Indicator(
        name,
        level1,
        level2,
        None if target is None else parse_target(target),
        actual=None if actual is None else parse_actual(actual),
        max_points=None if max_points is None else D(max_points),
        **kw,  # type: ignore[arg-type]
    )


# --- the seed self-evaluation (001) -----------------------------------------------------------


@pytest.fixture(scope="module")
def seed001() -> Unit:
    doc = read_forms(SEEDS / "001_f6d8f9a804f89db4.txt").documents[0]
    assert isinstance(doc, Unit)
    return doc


def test_seed_001_reproduces_the_points_of_the_form(seed001: Unit) -> None:
    ev = evaluate(seed001)
    scored = [r for r in ev.indicators if r.indicator.actual is not None]
    assert len(scored) == 20
    for r in scored:
        # every completed value meets its target: the computed points are the form's 分值
        assert r.points == r.indicator.max_points, (r.path, r.score and r.score.explanation)
        assert r.score is not None
        assert r.score.met is True
    assert ev.subtotal("产出指标").points == D(25)  # type: ignore[union-attr]
    assert ev.subtotal("满意度指标").points == D(10)  # type: ignore[union-attr]


def test_seed_001_missing_row_and_execution(seed001: Unit) -> None:
    ev = evaluate(seed001)
    missing = next(r for r in ev.indicators if r.indicator.name == "无重大事故发生率")
    # no 分值 on the row: the rest of the 效益指标 weight (35 − 30) is allocated to it
    assert (missing.max_points, missing.allocated, missing.points) == (D(5), True, D(0))
    assert ev.missing == ("效益指标/社会效益指标/无重大事故发生率",)
    assert ev.execution is not None
    assert ev.execution.points == D("9.72")
    assert (ev.points, ev.max_points) == (D("74.72"), D(80))
    assert ev.total == D("93.40")
    assert ev.scaled
    assert ev.grade is Grade.EXCELLENT
    assert ev.explanation == "得分 74.72 / 可评分值 80 × 100 = 93.40"


def test_seed_001_rates_are_reported_next_to_the_stated_ones(seed001: Unit) -> None:
    checks = {c.label: c for c in evaluate(seed001).rate_checks}
    assert checks["整体"].matches is True
    assert checks["整体"].rate.quantize(D("0.0001")) == D("0.9723")
    assert checks["项目支出"].matches is True
    # the form states 99.42% for 基本支出, but 333.77 / 333.71 万元 is 100.02%
    assert checks["基本支出"].matches is False
    assert checks["基本支出"].rate.quantize(D("0.0001")) == D("1.0002")
    assert "表中 99.42%，不一致" in checks["基本支出"].explanation


def test_every_seed_form_evaluates() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        for doc in read_forms(path).documents:
            ev = evaluate(doc)
            if doc.form is FormKind.UNIT_SELF_EVALUATION:
                assert ev.total is not None
            else:  # declarations: nothing to score yet
                assert ev.total is None
                assert ev.grade is None
                assert not ev.complete or len(doc.indicators) == 0
                statuses = {r.status for r in ev.indicators}
                assert statuses <= {IndicatorStatus.PENDING, IndicatorStatus.REFERENCE}


# --- allocation, not-applicable, missing actuals ---------------------------------------------


def test_allocation_adds_up_exactly() -> None:
    assert allocate_points(D(50), 3) == (D("16.67"), D("16.67"), D("16.66"))
    assert allocate_points(D(10), 0) == ()
    assert allocate_points(D(30), 4, 0) == (D(8), D(8), D(7), D(7))


def _shares_by_the_rule(weight: Decimal, count: int, decimals: int) -> list[Decimal]:
    """allocate_points as its docstring states it, one unit of the last place at a time."""
    quantum = D(1).scaleb(-decimals)
    base = (weight / count).quantize(quantum, decimal.ROUND_DOWN)
    shares = [base] * count
    remainder = weight - base * count
    for index in range(count):
        if remainder < quantum:
            break
        shares[index] += quantum
        remainder -= quantum
    shares[-1] += remainder
    return shares


@settings(max_examples=400, deadline=None)
@given(
    st.integers(min_value=-(10**14), max_value=10**14),
    st.integers(min_value=-8, max_value=3),
    st.integers(min_value=1, max_value=70),
    st.integers(min_value=0, max_value=7),
)
def test_allocation_follows_its_rule_figure_for_figure(
    digits: int, exponent: int, count: int, decimals: int
) -> None:
    # whole weights and weights in the last place take a shorter path: the same figures,
    # exponents included
    weight = D(digits).scaleb(exponent)
    with decimal.localcontext(decimal.Context(prec=60)):
        expected = _shares_by_the_rule(weight, count, decimals)
    got = allocate_points(weight, count, decimals)
    assert [repr(s) for s in got] == [repr(s) for s in expected]
    assert sum(got, D(0)) == weight


def test_allocation_is_exact_in_any_context_and_keeps_few_splits() -> None:
    from perfmodel.scoring import _parts

    expected = allocate_points(D(123457), 7)
    _parts._SPLITS.clear()
    with decimal.localcontext(decimal.Context(prec=3)):
        assert allocate_points(D(123457), 7) == expected  # (a split made in a narrow context)
        assert [str(s) for s in expected] == ["17636.72"] * 3 + ["17636.71"] * 4
    assert allocate_points(D("123457.00"), 7) == expected
    for n in range(_parts._SPLITS_KEPT + 10):
        allocate_points(D(n), 3)
    assert 0 < len(_parts._SPLITS) <= _parts._SPLITS_KEPT


def test_weights_from_the_policy_are_split_among_indicators() -> None:
    doc = Project(
        "p",
        indicators=[
            ind("a", "产出指标", "数量指标", "≥10个", "10"),
            ind("b", "产出指标", "质量指标", "≥90%", "90%"),
            ind("c", "产出指标", "时效指标", "及时", "及时"),
            ind("d", "效益指标", "社会效益指标", "提升", "提升"),
            ind("e", "满意度指标", "服务对象满意度指标", "≥90%", "95%"),
        ],
    )
    ev = evaluate(doc)
    assert [r.max_points for r in ev.indicators] == [
        D("16.67"), D("16.67"), D("16.66"), D("30.00"), D("10.00")
    ]  # fmt: skip
    assert all(r.allocated for r in ev.indicators)
    # actuals but no execution figures: the 预算执行率 line scores 0 (policy.missing_actual)
    assert ev.execution is not None
    assert ev.execution.rate is None
    assert (ev.points, ev.max_points, ev.total) == (D(90), D(100), D("90.00"))


def test_level2_weights_are_used_when_stated() -> None:
    from perfmodel import IndicatorTree

    tree = IndicatorTree(
        [ind("a", "产出指标", "数量指标", "≥1", "1"), ind("b", "产出指标", "质量指标", "≥1", "1")],
        level1_weights={"产出指标": 50},
        level2_weights={"数量指标": 20},
    )
    ev = evaluate(Project("p", indicators=tree))
    assert [r.max_points for r in ev.indicators] == [D("20.00"), D("30.00")]
    assert ev.subtotal("产出指标", "数量指标").weight == D(20)  # type: ignore[union-attr]


def test_not_applicable_indicators_are_dropped_and_the_total_rescaled() -> None:
    doc = Project(
        "p",
        form=FormKind.PROJECT_SELF_EVALUATION,
        budget=Budget(adjusted=D(100), executed=D(100)),
        indicators=[
            ind("a", "产出指标", "数量指标", "≥10个", "5", "50"),
            ind("b", "效益指标", "社会效益指标", "提升", "不适用", "30"),
            ind("c", "满意度指标", "服务对象满意度指标", "≥90%", "90%", "10"),
        ],
    )
    ev = evaluate(doc)
    assert ev.indicators[1].status is IndicatorStatus.NOT_APPLICABLE
    assert (ev.points, ev.max_points) == (D("45.00"), D(70))
    assert ev.total == D("64.29")
    assert ev.grade is Grade.FAIR
    kept = evaluate(doc, policy=attrs.evolve(Policy(), not_applicable="keep"))
    assert kept.total == D("45.00")
    assert not kept.scaled


def test_missing_actual_policies() -> None:
    doc = Project(
        "p",
        form=FormKind.PROJECT_SELF_EVALUATION,
        indicators=[
            ind("a", "产出指标", "数量指标", "≥10个", "10", "50"),
            ind("b", "效益指标", "社会效益指标", "提升", None, "50"),
        ],
    )
    zero = evaluate(doc, policy=Policy(level1_weights={"产出指标": 50, "效益指标": 50}))
    assert zero.missing == ("效益指标/社会效益指标/b",)
    assert zero.total == D("50.00")
    skip_policy = Policy(level1_weights={"产出指标": 50}, missing_actual="not_applicable")
    skip = evaluate(doc, policy=skip_policy)
    assert skip.indicators[1].status is IndicatorStatus.NOT_APPLICABLE
    assert skip.total == D("100.00")
    assert skip.missing == ()


def test_execution_missing_in_a_self_evaluation() -> None:
    doc = Project(
        "p",
        form=FormKind.PROJECT_SELF_EVALUATION,
        budget=Budget(adjusted=D(100)),
        indicators=[ind("a", "产出指标", "数量指标", "≥1", "1", "90")],
    )
    ev = evaluate(doc)
    assert ev.execution is not None
    assert ev.execution.points == D("0.00")
    assert ev.execution.rate is None
    assert (ev.points, ev.max_points) == (D("90.00"), D(100))
    skip = evaluate(doc, policy=attrs.evolve(Policy(), missing_actual="not_applicable"))
    assert skip.execution is None
    assert [d.code for d in skip.diagnostics] == ["SC201"]
    zero_budget = attrs.evolve(doc, budget=Budget(adjusted=D(0), executed=D(0)))
    assert evaluate(zero_budget).execution is None


def test_unweighted_level1_is_reported() -> None:
    doc = Project("p", indicators=[ind("a", "成本指标", "经济成本指标", "≤10万元", "9万元")])
    ev = evaluate(doc)
    assert ev.indicators[0].status is IndicatorStatus.UNWEIGHTED
    assert [d.code for d in ev.diagnostics] == ["SC203"]
    assert "成本指标" in ev.diagnostics[0].message
    assert ev.total == D("0.00")  # only the (missing) execution line was scorable


def test_reference_rows_are_not_scored() -> None:
    doc = Unit(
        "u",
        indicators=[
            ind("根据《预算管理办法》评价", "投入管理指标", "资产管理", None),
            ind("a", "产出指标", "数量指标", "≥1", "1", "10"),
        ],
    )
    ev = evaluate(doc, policy=Policy(level1_weights={"产出指标": 10}))
    assert ev.indicators[0].status is IndicatorStatus.REFERENCE
    assert ev.total == D("100.00")


def test_stated_points_are_compared_with_the_computed_ones() -> None:
    doc = Project(
        "p",
        form=FormKind.PROJECT_SELF_EVALUATION,
        stated_total=D(99),
        indicators=[
            ind("a", "产出指标", "数量指标", "≥100", "80", "10", points=D(10), line=7),
            ind("b", "产出指标", "时效指标", "及时", "部分达成", "10", points=D("7.5")),
        ],
    )
    ev = evaluate(doc, policy=Policy(level1_weights={"产出指标": 20}))
    diffs = {d.path: d for d in ev.differences}
    assert diffs["产出指标/数量指标/a"].computed == D("8.00")
    assert diffs["产出指标/数量指标/a"].delta == D(-2)
    assert "产出指标/时效指标/b" not in diffs  # the evaluator's points lie inside the band
    assert diffs["总分"].stated == D(99)
    sc101 = [d for d in ev.diagnostics if d.code == "SC101"]
    assert sc101[0].location.line == 7
    assert sc101[0].expected == "8.00"


def test_needs_reason_lists_only_those_without_one() -> None:
    doc = Project(
        "p",
        form=FormKind.PROJECT_SELF_EVALUATION,
        indicators=[
            ind("a", "产出指标", "数量指标", "≥100", "80", "10"),
            ind("b", "产出指标", "数量指标", "≥100", "80", "10", deviation_reason="天气原因延误"),
            ind("c", "产出指标", "数量指标", "≥100", "200", "10"),  # far above target
        ],
    )
    ev = evaluate(doc, policy=Policy(level1_weights={"产出指标": 30}))
    assert ev.needs_reason == ("产出指标/数量指标/a", "产出指标/数量指标/c")


def test_written_rule_column_is_used() -> None:
    doc = Project(
        "p",
        form=FormKind.PROJECT_SELF_EVALUATION,
        indicators=[
            ind(
                "a", "产出指标", "质量指标", "≥90%", "79%", "10",
                rule_text="90%以上得10分，每降5%扣1分，扣完为止",
            )
        ],
    )  # fmt: skip
    ev = evaluate(doc, policy=Policy(level1_weights={"产出指标": 10}))
    assert ev.indicators[0].points == D("8.00")
    assert ev.indicators[0].score is not None
    assert ev.indicators[0].score.rule == "step_deduction"


# --- properties ----------------------------------------------------------------------------

magnitudes = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
actuals = st.decimals(min_value=-1000, max_value=2 * 10**6, places=2, allow_nan=False)
points = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)
policies = st.sampled_from([Policy.central(), Policy.provincial(), Policy.whole_points()])
comparators = st.sampled_from(["≥", ">", "≤", "<", "="])
written = st.sampled_from(
    [
        None,
        "达到目标值得满分，否则不得分",
        "按线性扣分",
        "90%以上得10分，每降5%扣1分，扣完为止",
        "±10%以内得5分，±10-15%以内得3分，±15-20%以内得1分，±20%以外不得分",
        "视偏差情况扣分",
    ]
)


@settings(max_examples=300, deadline=None)
@given(comparators, magnitudes, actuals, points, policies, written)
def test_points_stay_within_zero_and_max(
    cmp: str, target: Decimal, actual: Decimal, m: Decimal, policy: Policy, rule: str | None
) -> None:
    s = score_indicator(f"{cmp}{target}%", f"{actual}%", m, policy=policy, rule=rule)
    assert 0 <= s.points <= policy.quantize(m) or s.points <= m
    assert s.points >= 0


@settings(max_examples=400, deadline=None)
@given(
    strategies.targets(),
    strategies.actuals(),
    points,
    st.none() | points,
    policies,
    written,
)
def test_every_rule_keeps_points_within_zero_and_max(
    target: Target,
    actual: Actual,
    m: Decimal,
    given_points: Decimal | None,
    policy: Policy,
    rule: str | None,
) -> None:
    """Quantitative, qualitative and change targets alike, any actual (units that do not convert
    included), with or without the evaluator's points: 0 ≤ points ≤ 分值, never an exception."""
    s = score_indicator(target, actual, m, policy=policy, rule=rule, given=given_points)
    assert Decimal(0) <= s.points <= m
    assert Decimal(0) <= s.exact <= m


@pytest.mark.parametrize(
    ("target", "actual", "points", "met"),
    [
        ("提升5%", "提升6%", "10.00", True),
        ("提升5%", "增长4%", "8.00", False),
        ("提升5%", "下降6%", "0.00", False),
        ("下降5%", "-6%", "10.00", True),
        ("下降5%", "下降4%", "8.00", False),
        ("≥5%", "增长6%", "10.00", True),
        ("≥5%", "下降6%", "0.00", False),
    ],
)
def test_change_actuals_are_scored_by_their_direction_and_amount(
    target: str, actual: str, points: str, met: bool
) -> None:
    s = score_indicator(target, actual, 10)
    assert (s.points, s.met) == (Decimal(points), met)


def test_an_actual_in_a_unit_that_does_not_convert_scores_0_with_a_warning() -> None:
    s = score_indicator("=10台", "10个", 5)
    assert (s.points, s.met) == (Decimal("0.00"), None)
    assert [d.code for d in s.diagnostics] == ["SC105"]
    assert "个" in s.explanation
    assert score_indicator("=10台", "10个", 5, given=4).points == Decimal("4.00")
    doc = read_forms(SEEDS / "001_f6d8f9a804f89db4.txt").documents[0]
    lifts = [i for i in doc.indicators if i.name == "加装电梯数量"]
    swapped = attrs.evolve(lifts[0], actual=parse_actual("10个"))
    tree = attrs.evolve(
        doc.indicators,
        indicators=tuple(swapped if i is lifts[0] else i for i in doc.indicators),
    )
    ev = evaluate(attrs.evolve(doc, indicators=tree))
    result = next(r for r in ev.indicators if r.indicator.name == "加装电梯数量")
    assert result.score is not None
    assert result.score.points == 0
    assert "SC105" in [d.code for d in ev.diagnostics]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["≥", ">"]), magnitudes, actuals, actuals, points, policies)
def test_positive_rules_are_monotonic(
    cmp: str, target: Decimal, a: Decimal, b: Decimal, m: Decimal, policy: Policy
) -> None:
    low, high = sorted((a, b))
    s_low = score_indicator(f"{cmp}{target}", str(low), m, policy=policy)
    s_high = score_indicator(f"{cmp}{target}", str(high), m, policy=policy)
    assert s_low.points <= s_high.points


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["≤", "<"]), magnitudes, actuals, actuals, points, policies)
def test_reverse_rules_are_monotonic(
    cmp: str, target: Decimal, a: Decimal, b: Decimal, m: Decimal, policy: Policy
) -> None:
    low, high = sorted((a, b))
    s_low = score_indicator(f"{cmp}{target}", str(low), m, policy=policy)
    s_high = score_indicator(f"{cmp}{target}", str(high), m, policy=policy)
    assert s_low.points >= s_high.points


@st.composite
def self_evaluations(draw: st.DrawFn, stated_points: bool = False) -> Project:
    level2s = [
        ("产出指标", "数量指标"),
        ("产出指标", "质量指标"),
        ("效益指标", "社会效益指标"),
        ("满意度指标", "服务对象满意度指标"),
    ]
    rows = []
    for n in range(draw(st.integers(min_value=1, max_value=8))):
        level1, level2 = draw(st.sampled_from(level2s))
        kind = draw(st.sampled_from(["≥", "≤", "q"]))
        if kind == "q":
            target, actual = "及时", draw(st.sampled_from(["及时", "部分达成", "未达成", "不适用"]))
        else:
            target = f"{kind}{draw(magnitudes)}"
            actual = str(draw(actuals))
        stated = draw(points.map(str) if stated_points else st.one_of(st.none(), points.map(str)))
        rows.append(ind(f"指标{n}", level1, level2, target, actual, stated))
    budgeted = draw(st.decimals(min_value=1, max_value=10**9, places=2))
    executed = draw(st.decimals(min_value=0, max_value=10**9, places=2))
    return Project(
        "p",
        form=FormKind.PROJECT_SELF_EVALUATION,
        budget=Budget(adjusted=budgeted, executed=executed),
        indicators=rows,
    )


@settings(max_examples=150, deadline=None)
@given(self_evaluations(), policies)
def test_total_is_the_sum_of_its_parts_and_grade_agrees(doc: Project, policy: Policy) -> None:
    ev = evaluate(doc, policy=policy)
    parts = sum((r.points for r in ev.scored if r.points is not None), D(0))
    assert ev.execution is not None
    assert ev.points == parts + ev.execution.points
    assert sum((s.points for s in ev.level1), D(0)) == parts
    assert sum((s.points for s in ev.level2), D(0)) == parts
    assert ev.total is not None
    assert ev.grade is grade(ev.total, policy=policy)
    assert 0 <= ev.total <= policy.full_marks
    if not ev.scaled:
        assert ev.total == policy.quantize(ev.points)


def test_sums_are_exact_in_a_narrow_decimal_context() -> None:
    # the points and subtotals are added exactly whatever the context (the subtotals when first
    # read, possibly in another context): 6000.01 + 6000.01 keeps its cents under 6 digits
    rows = [
        Indicator(
            name,
            "产出指标",
            level2,
            parse_target("≥90%"),
            actual=parse_actual("95%"),
            max_points=D("6000.01"),
        )
        for name, level2 in (("a", "数量指标"), ("b", "数量指标"), ("c", "质量指标"))
    ]
    doc = Project("p", budget=Budget(adjusted=D(100), executed=D(100)), indicators=rows)
    with decimal.localcontext(decimal.Context(prec=6)):
        ev = evaluate(doc)
    assert ev.points == D("18010.03")  # 3 × 6000.01 + 10 for the execution rate
    assert ev.max_points == D("18010.03")
    assert [(s.name, s.points) for s in (*ev.level1, *ev.level2)] == [
        ("产出指标", D("18000.03")),
        ("数量指标", D("12000.02")),
        ("质量指标", D("6000.01")),
    ]


@settings(max_examples=60, deadline=None)
@given(self_evaluations(stated_points=True), st.randoms(use_true_random=False))
def test_scores_do_not_depend_on_indicator_order(doc: Project, rnd: object) -> None:
    # with every 分值 stated (allocation gives rounding remainders to the first indicators in
    # reading order, so it is order-dependent by design)
    import random

    assert isinstance(rnd, random.Random)
    shuffled = list(doc.indicators)
    rnd.shuffle(shuffled)
    a = evaluate(doc)
    b = evaluate(attrs.evolve(doc, indicators=shuffled))
    assert a.points == b.points
    assert a.total == b.total
    assert {r.path: r.points for r in a.indicators} == {r.path: r.points for r in b.indicators}
