"""Scoring rules, table-driven with hand-computed expectations (domain reference §4)."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from perfmodel import (
    ConstructionError,
    Grade,
    Policy,
    PolicyError,
    ScoringError,
    execution_rate,
    grade,
    score_execution,
    score_indicator,
)
from perfmodel.scoring import (
    AllOrNothing,
    DeviationBands,
    Judgement,
    Proportional,
    Qualitative,
    Reverse,
    StepDeduction,
    parse_rule_text,
)

D = Decimal


# --- execution rate ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("executed", "budgeted", "points"),
    [
        ("8619", "10000", "8.62"),  # published: 86.19% → 8.62
        ("4517", "10000", "4.52"),  # published: 45.17% → 4.52
        ("140463700", "144458200", "9.72"),  # seed 001: 97.23%
        ("0", "100", "0.00"),
        ("100", "100", "10.00"),
        ("10500", "10000", "10.00"),  # capped at 分值 by default
    ],
)
def test_execution_score(executed: str, budgeted: str, points: str) -> None:
    assert score_execution(D(executed), D(budgeted)).points == D(points)


def test_execution_uncapped_and_whole_points() -> None:
    uncapped = attrs.evolve(Policy(), cap_execution=False)
    assert score_execution(105, 100, policy=uncapped).points == D("10.50")
    assert score_execution(86, 100, policy=Policy.whole_points()).points == D(9)
    assert score_execution(8619, 10000, 20).points == D("17.24")


def test_execution_rate_is_exact_and_refuses_bad_input() -> None:
    assert execution_rate(1, 3) * 3 == D(1) or execution_rate(1, 3).as_tuple().exponent < -50
    assert execution_rate("97", "100") == D("0.97")
    with pytest.raises(ScoringError, match="is 0"):
        execution_rate(5, 0)
    with pytest.raises(ScoringError, match="float"):
        execution_rate(0.5, 1)  # type: ignore[arg-type]
    with pytest.raises(ScoringError, match="negative"):
        score_execution(-1, 10)


def test_execution_reason_below_threshold() -> None:
    s = score_execution(85, 100, policy=Policy.provincial())
    assert s.needs_reason
    assert "需说明原因" in s.explanation
    assert not score_execution(95, 100, policy=Policy.provincial()).needs_reason


# --- quantitative rules --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "actual", "max_points", "policy", "points", "met"),
    [
        # positive: actual / target × points
        ("≥43.2", "37.24", 10, Policy(), "8.62", False),
        ("≥43.2", "37.24", 10, Policy.whole_points(), "9", False),
        ("≥90%", "95%", 10, Policy(), "10.00", True),
        # not met never shows full points: 90/90 × 10 = 10 is one rounding step below (G7)
        (">90%", "90%", 10, Policy(), "9.99", False),
        (">90%", "90%", 10, Policy.whole_points(), "9", False),
        ("≥90%", "89.99%", 10, Policy(), "9.99", False),  # 9.9989 rounds to 10.00
        ("≥90%", "89.5%", 10, Policy.whole_points(), "9", False),  # 9.94 rounds to 10
        ("≥90%", "89.5%", 10, Policy(), "9.94", False),  # below full: untouched
        ("=100(%)", "99.99%", 10, Policy(), "9.99", False),
        ("=100%", "120%", 10, Policy(), "10.00", True),  # = is met when reached
        (">90%", "90%", D("3.333"), Policy(), "3.32", False),  # full shows as 3.33
        (">90%", "90%", D("0.5"), Policy.whole_points(), "0", False),
        (">90%", "90%", 0, Policy(), "0.00", False),
        ("≥100件", "-5件", 10, Policy(), "0.00", False),  # negative actual counts as 0
        # a bare number is "=": a positive target is reached like a positive indicator
        ("43.2", "37.24", 10, Policy(), "8.62", False),
        ("=12.00(个)", "12", 1, Policy(), "1.00", True),
        # equality with a zero target: all or nothing
        ("=0", "1", 10, Policy(), "0.00", False),
        ("=0.00(个)", "0", 10, Policy(), "10.00", True),
        # reverse, national variant: (1 − (a − t)/t) × points, 0 at 2 × target
        ("≤10", "15", 10, Policy(), "5.00", False),
        ("≤10", "20", 10, Policy(), "0.00", False),
        ("≤10", "8", 10, Policy(), "10.00", True),
        ("<10", "10", 10, Policy(), "9.99", False),  # (1 − 0/10) × 10 = 10, not met
        ("<10", "10", 10, Policy.provincial(), "9.99", False),  # 10/10 × 10, not met
        ("≤10", "10.001", 10, Policy(), "9.99", False),  # 9.999 rounds to 10.00
        ("≤0.00(%)", "1%", 10, Policy(), "0.00", False),
        # reverse, ratio variant: target / actual × points
        ("≤10", "15", 10, Policy.provincial(), "6.67", False),
        ("≤90万元", "100万元", 5, Policy.provincial(), "4.50", False),
        # units converted before comparing
        ("≥70000米", "70公里", 4, Policy(), "4.00", True),
        ("≥43万平方米", "400000平方米", 10, Policy(), "9.30", False),
        ("≥1亩", "600平方米", 10, Policy(), "9.00", False),
    ],
)
def test_quantitative_rules(
    target: str, actual: str, max_points: int, policy: Policy, points: str, met: bool
) -> None:
    s = score_indicator(target, actual, max_points, policy=policy)
    assert s.points == D(points), s.explanation
    assert s.met is met
    assert s.needs_reason is (not met)


def test_explanations_can_be_checked_by_a_person() -> None:
    assert score_indicator("≥43.2", "37.24", 10).explanation == "实际 37.24 / 目标 43.2 × 10 = 8.62"
    assert (
        score_indicator("≤10", "15", 10).explanation
        == "(1 − (实际 15 − 目标 10) / 目标 10) × 10 = 5.00"
    )
    assert (
        score_indicator("≤10", "15", 10, policy=Policy.provincial()).explanation
        == "目标 10 / 实际 15 × 10 = 6.67"
    )
    converted = score_indicator("≥70000米", "60公里", 10)
    assert "60公里 = 60000米" in converted.explanation


def test_explanations_state_the_truth_about_targets_not_met() -> None:
    # strict comparators at equality: the formula gives 10, the indicator is not met
    assert score_indicator(">10", "10", 10).explanation == (
        "实际 10 / 目标 10 × 10 = 10；未达到目标“>10”，不计满分，按满分减一个计分单位计，得 9.99 分"
    )
    assert score_indicator("<10", "10", 10).explanation.startswith(
        "(1 − (实际 10 − 目标 10) / 目标 10) × 10 = 10；未达到目标“<10”，不计满分"
    )
    # rounding up to the full points: the unrounded figure is shown (≈ when cut short)
    assert score_indicator("=100(%)", "99.99%", 10).explanation == (
        "实际 99.99 / 目标 100 × 10 = 9.999；未达到目标“=100%”，不计满分，"
        "按满分减一个计分单位计，得 9.99 分"
    )
    assert "× 10 ≈ 9.9989；" in score_indicator("≥90%", "89.99%", 10).explanation
    s = score_indicator("提升5%", "4.9999%", 10)
    assert (s.points, s.met, s.exact) == (D("9.99"), False, D("9.9998"))
    # = is met when reached: an actual above an = target is not "= target"
    s = score_indicator("=100%", "120%", 10)
    assert (s.points, s.met) == (D("10.00"), True)
    assert s.explanation == "实际 120 ≥ 目标 100（= 目标按达到计），得满分"
    assert score_indicator("=100%", "100%", 10).explanation == "实际 100 = 目标 100，得满分"
    # a written rule that states its points is not capped: 90%以上 gives them
    step = score_indicator(">90%", "90%", 10, rule="90%以上得10分，每降5%扣1分，扣完为止")
    assert (step.points, step.met) == (D("10.00"), False)


def test_units_convert_exactly_when_scoring() -> None:
    s = score_indicator("≤60(分钟)", "1小时", 10)
    assert (s.points, s.met, s.needs_reason) == (D("10.00"), True, False)
    assert s.explanation == "实际 60 ≤ 目标 60，得满分；1小时 = 60分钟"
    assert score_indicator("=2000(平方米)", "3亩", 10).met is True
    assert score_indicator("≤12(月)", "1年", 10).met is True
    # a year has no fixed number of days: not compared (SC105), the evaluator's points taken
    s = score_indicator("≤365(天)", "1年", 10)
    assert (s.points, s.met, [d.code for d in s.diagnostics]) == (D("0.00"), None, ["SC105"])
    assert "vary with the calendar" in s.explanation
    assert score_indicator("≤365(天)", "1年", 10, given=10).points == D("10.00")


def test_incompatible_units_are_not_compared() -> None:
    s = score_indicator("≥10台", "10株", 5)
    assert (s.points, s.met, [d.code for d in s.diagnostics]) == (Decimal("0.00"), None, ["SC105"])
    assert "株" in s.explanation
    assert "台" in s.explanation


def test_over_achievement_is_flagged() -> None:
    s = score_indicator("≥100", "130", 10)
    assert s.points == D("10.00")
    assert s.met
    assert s.over_target
    assert s.needs_reason
    assert "130%" in s.explanation
    high = attrs.evolve(Policy(), over_achievement=D(150))
    assert not score_indicator("≥100", "130", 10, policy=high).over_target


# --- qualitative and change ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "actual", "given", "points", "met"),
    [
        ("及时", "及时", None, "10.00", True),  # the target's own label
        ("及时", "达成年度指标", None, "10.00", True),
        ("及时", "部分达成", None, "7.00", False),  # default share 70%
        ("及时", "未达成", None, "3.00", False),  # default share 30%
        ("及时", "部分达成", "6.5", "6.50", False),  # evaluator's points inside [60%, 80%)
        ("建立健全", "达成预期指标", "8", "8.00", True),
    ],
)
def test_qualitative_bands(
    target: str, actual: str, given: str | None, points: str, met: bool
) -> None:
    s = score_indicator(target, actual, 10, given=given)
    assert (s.points, s.met, s.rule) == (D(points), met, "qualitative")
    assert not s.diagnostics


def test_given_points_outside_the_band_give_a_diagnostic() -> None:
    s = score_indicator("及时", "部分达成", 10, given="9")
    assert s.points == D("7.00")  # the band's default share is used instead
    assert [d.code for d in s.diagnostics] == ["SC102"]
    assert "不在" in s.diagnostics[0].message
    assert s.diagnostics[0].expected == "6"


def test_provincial_bands() -> None:
    s = score_indicator("及时", "部分达成", 10, policy=Policy.provincial())
    assert s.points == D("6.50")
    inside = score_indicator("及时", "部分达成", 10, policy=Policy.provincial(), given="5")
    assert inside.points == D("5.00")
    assert not inside.diagnostics


def test_undecidable_qualitative_needs_the_evaluator() -> None:
    s = score_indicator("及时", "92%", 10)
    assert s.met is None
    assert s.points == D("0.00")
    assert [d.code for d in s.diagnostics] == ["SC103"]
    taken = score_indicator("及时", "92%", 10, given="8")
    assert taken.points == D("8.00")
    assert not taken.diagnostics


@pytest.mark.parametrize(
    ("target", "actual", "points", "met"),
    [
        ("提升", "提升", "10.00", True),
        ("较上一年提升", "提升", "10.00", True),
        ("下降", "提升", "0.00", False),
        ("提升5%", "6%", "10.00", True),
        ("提升5%", "4%", "8.00", False),
        ("下降", "部分达成", "7.00", False),
        # no change against a change target: not met, 0 points (not SC103)
        ("提升5%", "持平", "0.00", False),
        ("提升", "持平", "0.00", False),
        ("下降", "持平", "0.00", False),
        ("较上年提高", "与上年持平", "0.00", False),
        ("下降5%", "保持不变", "0.00", False),
        ("提升10%", "持平于上年", "0.00", False),
    ],
)
def test_change_targets(target: str, actual: str, points: str, met: bool) -> None:
    s = score_indicator(target, actual, 10)
    assert (s.points, s.met) == (D(points), met), s.explanation
    assert not s.diagnostics
    assert s.needs_reason is (not met)


def test_no_change_is_explained() -> None:
    s = score_indicator("提升5%", "持平", 10)
    assert s.explanation == "实际“持平”未达到目标“提升5%”，得 0.00 分"
    assert score_indicator("提升", "说不清", 10).met is None  # other words: the evaluator's


def test_missing_actual_scores_zero() -> None:
    s = score_indicator("≥90%", None, 10)
    assert (s.points, s.met, s.rule) == (D("0.00"), None, "missing_actual")
    assert score_indicator("≥90%", "  ", 10).rule == "missing_actual"


def test_bad_arguments() -> None:
    with pytest.raises(ScoringError, match="negative"):
        score_indicator("≥1", "1", -1)
    with pytest.raises(ScoringError, match="float"):
        score_indicator("≥1", "1", 1.5)  # type: ignore[arg-type]
    with pytest.raises(ScoringError, match="Target"):
        score_indicator(5, "1", 1)  # type: ignore[arg-type]
    with pytest.raises(ScoringError, match="Actual"):
        score_indicator("≥1", 5, 1)  # type: ignore[arg-type]
    with pytest.raises(ScoringError, match="rule must be a Rule or its text, got int"):
        score_indicator("≥1", "1", 1, rule=5)  # type: ignore[arg-type]


# --- rules written on the form (评(扣)分标准) ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("达到目标值得满分，否则不得分", AllOrNothing()),
        ("完成得满分，未完成不得分", AllOrNothing()),
        ("达到90%得满分，否则按线性扣分", Proportional()),
        ("按完成比例得分", Proportional()),
        ("视偏差情况扣分", Judgement()),
        ("90%以上得10分，每降5%扣1分，扣完为止", StepDeduction(5, 1, threshold=90, full=10)),
        ("每低于目标1个百分点扣0.5分", StepDeduction(1, D("0.5"))),
        (
            "±10%以内得5分，±10-15%以内得3分，±15-20%以内得1分，±20%以外不得分",
            DeviationBands([(10, 5), (15, 3), (20, 1)]),
        ),
        ("另行商定", None),
        ("", None),
        # a step phrasing whose step or deduction is 0 makes no rule (found by fuzzing: it
        # raised from StepDeduction's validator inside evaluate)
        ("每降5%扣0分，扣完为止", None),
        ("每降0%扣1分", None),
    ],
)
def test_parse_rule_text(text: str, expected: object) -> None:
    assert parse_rule_text(text) == expected


def test_a_step_rule_of_zero_points_is_not_read_and_the_default_scores() -> None:
    score = score_indicator("≥90%", "81%", 10, rule="每降5%扣0分，扣完为止")
    assert score.rule == "positive"
    assert score.points == D("9.00")
    assert "未能识别" in " ".join(score.notes)
    assert [d.code for d in score.diagnostics] == ["SC104"]


@pytest.mark.parametrize(
    "make",
    [
        lambda: StepDeduction(step=0, deduction=1),
        lambda: StepDeduction(step=5, deduction=D("-1")),
        lambda: DeviationBands([]),
        lambda: DeviationBands([(10, 5)], measure="size"),
        lambda: Reverse("inverse"),  # type: ignore[arg-type]
    ],
)
def test_rules_with_impossible_parameters_raise_construction_errors(make: object) -> None:
    with pytest.raises(ConstructionError) as info:
        make()  # type: ignore[operator]
    assert isinstance(info.value, ValueError)  # (as attrs validators conventionally raise)


@pytest.mark.parametrize(
    ("rule", "target", "actual", "points"),
    [
        ("达到目标值得满分，否则不得分", "≥90%", "89%", "0.00"),
        ("达到目标值得满分，否则不得分", "≥90%", "90%", "10.00"),
        ("达到90%得满分，否则按线性扣分", "≥90%", "81%", "9.00"),
        # step deduction: one point off per full 5 points below 90%
        ("90%以上得10分，每降5%扣1分，扣完为止", "≥90%", "90%", "10.00"),
        ("90%以上得10分，每降5%扣1分，扣完为止", "≥90%", "86%", "10.00"),
        ("90%以上得10分，每降5%扣1分，扣完为止", "≥90%", "85%", "9.00"),
        ("90%以上得10分，每降5%扣1分，扣完为止", "≥90%", "79%", "8.00"),
        ("90%以上得10分，每降5%扣1分，扣完为止", "≥90%", "20%", "0.00"),
        # deviation bands on the indicator's own value (a cost-control rate of 12% scores 3)
        (
            "±10%以内得5分，±10-15%以内得3分，±15-20%以内得1分，±20%以外不得分",
            "≤10%",
            "12%",
            "3.00",
        ),
        ("±10%以内得5分，±10-15%以内得3分，±15-20%以内得1分，±20%以外不得分", "≤10%", "8%", "5.00"),
        (
            "±10%以内得5分，±10-15%以内得3分，±15-20%以内得1分，±20%以外不得分",
            "≤10%",
            "25%",
            "0.00",
        ),
        # judgement: met → full, otherwise the band the proportional share falls in
        ("视偏差情况扣分", "≥100", "100", "10.00"),
        ("视偏差情况扣分", "≥100", "75", "7.00"),
        ("视偏差情况扣分", "≥100", "50", "3.00"),
    ],
)
def test_written_rules(rule: str, target: str, actual: str, points: str) -> None:
    s = score_indicator(target, actual, 10 if "±" not in rule else 5, rule=rule)
    assert s.points == D(points), s.explanation
    assert not s.fallback


def test_deviation_bands_scale_to_the_indicator_points() -> None:
    rule = "±10%以内得5分，±10-15%以内得3分，±15-20%以内得1分，±20%以外不得分"
    assert score_indicator("≤10%", "12%", 10, rule=rule).points == D("6.00")
    measured = DeviationBands([(10, 5), (15, 3)], measure="deviation")
    assert score_indicator("=100万元", "112万元", 5, rule=measured).points == D("3.00")


def test_unreadable_rule_falls_back_and_says_so() -> None:
    s = score_indicator("≥90%", "81%", 10, rule="另行商定")
    assert s.fallback
    assert s.points == D("9.00")
    assert "未能识别" in s.explanation
    assert [d.code for d in s.diagnostics] == ["SC104"]


def test_inapplicable_rule_falls_back_to_the_default() -> None:
    s = score_indicator("及时", "及时", 10, rule="90%以上得10分，每降5%扣1分，扣完为止")
    assert s.fallback
    assert s.rule == "qualitative"
    assert s.points == D("10.00")
    assert "不适用于这组指标值" in s.explanation


def test_rule_objects_are_taken_as_given() -> None:
    assert score_indicator("≤10", "15", 10, rule=Reverse("ratio")).points == D("6.67")
    assert score_indicator("及时", "达成", 4, rule=Qualitative()).points == D("4.00")


# --- grades and policies -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "label"),
    [("100", "优"), ("90", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"), ("60", "中"),
     ("59.99", "差"), ("0", "差")],
)  # fmt: skip
def test_grades(total: str, label: str) -> None:
    assert grade(D(total)).label == label


def test_grade_bands_are_a_policy() -> None:
    strict = attrs.evolve(Policy(), grade_bands=(95, 85, 70))
    assert grade(D(92), policy=strict) is Grade.GOOD
    assert [g.label for g in Grade] == ["优", "良", "中", "差"]


def test_policy_is_data() -> None:
    p = Policy.central()
    assert (p.reverse_rule, p.decimals, p.cap_execution) == ("national", 2, True)
    assert p.level1_weights == {"预算执行率": 10, "产出指标": 50, "效益指标": 30, "满意度指标": 10}
    for preset in (Policy.central(), Policy.provincial(), Policy.whole_points()):
        assert Policy.from_dict(preset.to_dict()) == preset
        assert all(preset.source_of(f) for f in ("reverse_rule", "grade_bands", "decimals"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reverse_rule": "other"}, "reverse_rule must be one of"),
        ({"decimals": -1}, "decimals"),
        ({"over_achievement": 90}, "over_achievement"),
        ({"grade_bands": (80, 90, 60)}, "grade_bands must decrease"),
        ({"grade_bands": (90, 80)}, "three minimums"),
        ({"level1_weights": {"产出指标": -1}}, "must not be negative"),
        ({"level1_weights": {"产出指标": 0.5}}, "not 0.5"),
        ({"rounding": "ROUND_SOMETIMES"}, "rounding"),
        ({"full_marks": 0}, "full_marks"),
        # a total rounded to 2 places would pass full marks of 99.999 (found by fuzzing)
        ({"full_marks": "99.999"}, "full_marks must have at most 2 decimal places"),
        ({"full_marks": "100.5", "decimals": 0}, "at most 0 decimal places"),
        ({"cap_execution": "yes"}, "cap_execution"),
        ({"execution_reason_below": 120}, "execution_reason_below"),
        (
            {"qualitative_bands": [
                {"band": "achieved", "low": 80, "high": 100, "default_share": 100},
                {"band": "partial", "low": 50, "high": 70, "default_share": 60},
                {"band": "not_achieved", "low": 0, "high": 50, "default_share": 25},
            ]},
            "overlap or leave a gap",
        ),
        # figures below 10^15 (found by fuzzing from_json: a weight of 60 digits or full
        # marks of 1E+400 raised decimal.InvalidOperation inside evaluate)
        ({"full_marks": "1E+400"}, r"full_marks: 1E\+400 is too large"),
        ({"level1_weights": {"产出指标": "9" * 60}}, r"level1_weights\['产出指标'\]: 9+…9+ \(60 digits\) is too large"),
        ({"over_achievement": "1E+20"}, "over_achievement: .* is too large"),
        ({"grade_bands": ("1E+30", 80, 60)}, "grade_bands: .* is too large"),
        ({"execution_reason_below": "0E+20"}, r"execution_reason_below: 0E\+20 is a zero written with an exponent"),
        (
            {"qualitative_bands": [
                {"band": "achieved", "low": 80, "high": "1E+99", "default_share": 100},
            ]},
            r"QualitativeBand.high: .* is too large",
        ),
        ({"name": 10**30}, "name must be a str"),
    ],
)  # fmt: skip
def test_policy_refuses_inconsistent_values(changes: dict[str, object], message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        Policy(**changes)  # type: ignore[arg-type]


def test_policy_from_dict_refuses_unknown_keys() -> None:
    with pytest.raises(PolicyError, match="unknown policy keys"):
        Policy.from_dict({"revers_rule": "ratio"})
