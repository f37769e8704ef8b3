"""The figures and behaviours the documentation states (docs/concepts.md and the how-to guides).

Each worked example on the Concepts page is computed here by the code it describes, so a change
in a rule that makes the documentation wrong fails the tests. Expected values were computed by
hand from the formulas on that page.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import perfmodel
from perfmodel import Band, PolicyError, Severity, TargetKind, parse_actual, parse_target
from perfmodel.model import Indicator, Project
from perfmodel.scoring import (
    AllOrNothing,
    Change,
    DeviationBands,
    Equality,
    Judgement,
    Policy,
    Positive,
    Proportional,
    Qualitative,
    Reverse,
    StepDeduction,
    default_rule,
    parse_rule_text,
    score_execution,
)
from perfmodel.validate import DEFAULT_CHECKS, Check, Finding, validate

SEEDS = Path(__file__).parent / "data" / "seeds"
DOCS = Path(__file__).parent.parent / "docs"
CENTRAL = Policy.central()
PROVINCIAL = Policy.provincial()


def points(rule, target, actual, m, policy=CENTRAL, given=None):
    out = rule.apply(parse_target(target), parse_actual(actual), Decimal(m), policy, given)
    assert out is not None
    return policy.quantize(out.points), out


# --- "How a target is written" ------------------------------------------------------------------

TARGET_TABLE = [
    ("=100.00(%)", TargetKind.QUANTITATIVE, "=100.00%"),
    ("≥90.00(%)", TargetKind.QUANTITATIVE, "≥90.00%"),
    ("≤1.00(个)", TargetKind.QUANTITATIVE, "≤1.00个"),
    ("=43.00(万平方米)", TargetKind.QUANTITATIVE, "=43.00万平方米"),
    ("100%", TargetKind.QUANTITATIVE, "=100%"),
    ("55家", TargetKind.QUANTITATIVE, "=55家"),
    (">=90%", TargetKind.QUANTITATIVE, "≥90%"),
    ("90%以上", TargetKind.QUANTITATIVE, "≥90%"),
    ("不低于95%", TargetKind.QUANTITATIVE, "≥95%"),
    ("不少于50个", TargetKind.QUANTITATIVE, "≥50个"),
    ("不超过5%", TargetKind.QUANTITATIVE, "≤5%"),
    ("10天以内", TargetKind.QUANTITATIVE, "≤10天"),
    ("达到100%", TargetKind.QUANTITATIVE, "≥100%"),
    ("252元/人/月", TargetKind.QUANTITATIVE, "=252元/人/月"),
    ("5吨/日", TargetKind.QUANTITATIVE, "=5吨/日"),
    ("一年一次", TargetKind.QUANTITATIVE, "=1次/年"),
    ("提升5%", TargetKind.CHANGE, "提升5%"),
    ("较上一年提升", TargetKind.CHANGE, "较上一年提升"),
    ("减少", TargetKind.CHANGE, "减少"),
    ("建立健全", TargetKind.QUALITATIVE, "建立健全"),
    ("0发生", TargetKind.QUALITATIVE, "0发生"),
]


@pytest.mark.parametrize(("text", "kind", "canonical"), TARGET_TABLE)
def test_target_notations_on_the_concepts_page(text, kind, canonical):
    target = parse_target(text)
    assert (target.kind, str(target)) == (kind, canonical)


def test_units_convert_exactly_as_the_concepts_page_says():
    assert parse_target("≥430000平方米").is_met("43万平方米")
    assert not parse_target("≥430001平方米").is_met("43万平方米")
    assert perfmodel.units.factor("万元", "元") * Decimal("26.62") == Decimal("266200")
    assert perfmodel.units.factor("亩", "平方米") * 15 == 10000
    with pytest.raises(perfmodel.UnitError):
        parse_target("≥5台").is_met("5株")


# --- "How self-evaluation points are computed" -------------------------------------------------


@pytest.mark.parametrize(
    ("executed", "budgeted", "policy", "expected"),
    [
        ("8619", "10000", CENTRAL, Decimal("8.62")),
        ("4517", "10000", CENTRAL, Decimal("4.52")),
        ("10500", "10000", CENTRAL, Decimal("10.00")),
        ("10500", "10000", attrs.evolve(CENTRAL, cap_execution=False), Decimal("10.50")),
        ("86", "100", Policy.whole_points(), Decimal("9")),
    ],
)
def test_execution_rate_examples(executed, budgeted, policy, expected):
    assert score_execution(executed, budgeted, policy=policy).points == expected


def test_execution_reason_below_a_threshold():
    assert score_execution(8619, 10000, policy=PROVINCIAL).needs_reason
    assert not score_execution(9100, 10000, policy=PROVINCIAL).needs_reason
    assert not score_execution(8619, 10000, policy=CENTRAL).needs_reason


@pytest.mark.parametrize(
    ("rule", "target", "actual", "m", "policy", "expected", "met"),
    [
        # positive: met → m, else a / t × m
        (Positive(), "≥90%", "95%", 10, CENTRAL, Decimal("10.00"), True),
        (Positive(), "43.2", "37.24", 10, CENTRAL, Decimal("8.62"), False),
        (Positive(), "43.2", "37.24", 10, Policy.whole_points(), Decimal("9"), False),
        (Positive(), "≥10", "-3", 10, CENTRAL, Decimal("0.00"), False),  # negative counts as 0
        # reverse: t = 10, a = 15, m = 10 → national 5, ratio 6.67; national 0 from 2t
        (Reverse(), "≤10", "15", 10, CENTRAL, Decimal("5.00"), False),
        (Reverse(), "≤10", "15", 10, PROVINCIAL, Decimal("6.67"), False),
        (Reverse("ratio"), "≤10", "15", 10, CENTRAL, Decimal("6.67"), False),
        (Reverse(), "≤10", "20", 10, CENTRAL, Decimal("0.00"), False),
        (Reverse(), "≤10", "8", 10, CENTRAL, Decimal("10.00"), True),
        # equality: zero target met only by an actual ≤ 0; positive target as positive
        (Equality(), "=0", "1", 5, CENTRAL, Decimal("0.00"), False),
        (Equality(), "=0", "0", 5, CENTRAL, Decimal("5.00"), True),
        (Equality(), "=100%", "90%", 10, CENTRAL, Decimal("9.00"), False),
        # rules written on the form (the table of the Concepts page)
        (Proportional(), "≥100", "80", 10, CENTRAL, Decimal("8.00"), False),
        (AllOrNothing(), "≥90%", "89%", 5, CENTRAL, Decimal("0.00"), False),
        (AllOrNothing(), "≥90%", "90%", 5, CENTRAL, Decimal("5.00"), True),
        (StepDeduction(5, 1, threshold=90), "≥90%", "79%", 10, CENTRAL, Decimal("8.00"), False),
        (
            DeviationBands([(10, 5), (15, 3), (20, 1)]),
            "≤10%",
            "12%",
            5,
            CENTRAL,
            Decimal("3.00"),
            False,
        ),
        # change: short of the amount, actual / amount × m
        (Change(), "提升5%", "4%", 10, CENTRAL, Decimal("8.00"), False),
        (Change(), "提升5%", "6%", 10, CENTRAL, Decimal("10.00"), True),
    ],
)
def test_rule_examples(rule, target, actual, m, policy, expected, met):
    got, out = points(rule, target, actual, m, policy)
    assert (got, out.met) == (expected, met)
    assert Decimal(0) <= out.points <= Decimal(m)


def test_far_above_target_is_flagged_at_130_percent():
    _, at = points(Positive(), "≥100", "130", 10)
    _, below = points(Positive(), "≥100", "129", 10)
    assert at.over
    assert not below.over
    assert any("130%" in note for note in at.notes)


@pytest.mark.parametrize(
    ("policy", "shares"),
    [(CENTRAL, (100, 70, 30)), (PROVINCIAL, (100, 65, 25))],
)
def test_qualitative_default_shares(policy, shares):
    words = ("达成预期指标", "部分达成", "未达成")
    got = tuple(points(Qualitative(), "及时", word, 10, policy)[0] for word in words)
    assert got == tuple(policy.quantize(Decimal(s) / 10) for s in shares)


def test_qualitative_points_given_outside_their_band_are_reported():
    inside, out_inside = points(Qualitative(), "及时", "部分达成", 10, given=Decimal("6.5"))
    assert inside == Decimal("6.50")
    assert not out_inside.diagnostics
    _, out = points(Qualitative(), "及时", "部分达成", 10, given=Decimal(9))
    assert [(d.code, d.severity) for d in out.diagnostics] == [("SC102", Severity.WARNING)]


def test_qualitative_band_intervals_on_the_concepts_page():
    assert [CENTRAL.band(b).interval for b in Band] == ["[80%, 100%]", "[60%, 80%)", "[0%, 60%)"]
    assert [PROVINCIAL.band(b).interval for b in Band] == ["[80%, 100%]", "[50%, 80%)", "[0%, 50%)"]


def test_judgement_stays_inside_the_band_of_the_proportional_share():
    _, out = points(Judgement(), "≥100", "75", 10)
    assert out.band is Band.PARTIAL
    _, low = points(Judgement(), "≥100", "40", 10)
    assert low.band is Band.NOT_ACHIEVED


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("达到目标值得满分，否则按线性扣分", Proportional),
        ("达到目标值得满分，否则不得分", AllOrNothing),
        ("视偏差情况扣分", Judgement),
        ("90%以上得10分，每降5%扣1分，扣完为止", StepDeduction),
        ("±10%以内得5分，±10-15%以内得3分，±15-20%以内得1分，±20%以外不得分", DeviationBands),
    ],
)
def test_rule_phrasings_on_the_concepts_page(text, kind):
    assert isinstance(parse_rule_text(text), kind)


def test_default_rules_follow_the_comparator():
    assert default_rule(parse_target("≥90%"), parse_actual("95%")) == Positive()
    assert default_rule(parse_target("≤10"), parse_actual("15")) == Reverse()
    assert default_rule(parse_target("=0"), parse_actual("0")) == Equality()
    assert default_rule(parse_target("及时"), parse_actual("及时")) == Qualitative()


def test_central_policy_defaults_on_the_concepts_page():
    weights = {"预算执行率": 10, "产出指标": 50, "效益指标": 30, "满意度指标": 10}
    assert CENTRAL.level1_weights == {k: Decimal(v) for k, v in weights.items()}
    assert sum(CENTRAL.level1_weights.values()) == CENTRAL.full_marks == 100
    assert (CENTRAL.decimals, CENTRAL.reverse_rule, CENTRAL.cap_execution) == (2, "national", True)
    assert CENTRAL.grade_bands == (90, 80, 60)
    assert (CENTRAL.not_applicable, CENTRAL.missing_actual) == ("rescale", "zero")
    assert CENTRAL.over_achievement == 130
    assert all(
        CENTRAL.source_of(f.name) for f in attrs.fields(Policy) if f.name not in {"name", "sources"}
    )


# --- "Write your own policy" ---------------------------------------------------------------------


def test_policy_howto_example():
    mine = attrs.evolve(
        CENTRAL,
        name="my-province",
        level1_weights={"预算执行率": 10, "产出指标": 40, "效益指标": 40, "满意度指标": 10},
        reverse_rule="ratio",
        execution_reason_below=90,
        sources={**CENTRAL.sources, "reverse_rule": "某省口径：目标 / 实际 × 分值"},
    )
    assert (mine.weight("产出指标"), mine.source_of("reverse_rule")) == (
        40,
        "某省口径：目标 / 实际 × 分值",
    )
    assert score_execution(8619, 10000, policy=mine).explanation == (
        "执行数 8619 / 预算数 10000 = 86.19%；86.19% × 10 = 8.62（执行率低于 90%，需说明原因）"
    )
    assert Policy.from_dict(json.loads(json.dumps(mine.to_dict(), ensure_ascii=False))) == mine
    assert Policy() == Policy.central()


def test_policy_from_yaml_keeps_central_defaults_for_fields_left_out():
    yaml = pytest.importorskip("yaml")
    text = """
    name: my-province
    reverse_rule: ratio
    decimals: 0
    qualitative_bands:
      - {band: achieved, low: 80, high: 100, default_share: 100}
      - {band: partial, low: 50, high: 80, default_share: 65}
      - {band: not_achieved, low: 0, high: 50, default_share: 25}
    """
    policy = Policy.from_dict(yaml.safe_load(textwrap.dedent(text)))
    assert (policy.decimals, policy.band_of_share(Decimal(55))) == (0, Band.PARTIAL)
    assert policy.level1_weights == CENTRAL.level1_weights
    with pytest.raises(PolicyError, match="float"):
        Policy.from_dict(yaml.safe_load("over_achievement: 130.5"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"revers_rule": "ratio"}, "unknown policy keys: ['revers_rule']"),
        ({"over_achievement": 1.3}, "not 1.3 (float)"),
        ({"grade_bands": (90, 90, 60)}, "grade_bands must decrease"),
        (
            {
                "qualitative_bands": [
                    {"band": "achieved", "low": 80, "high": 100, "default_share": 100},
                    {"band": "partial", "low": 50, "high": 70, "default_share": 65},
                    {"band": "not_achieved", "low": 0, "high": 50, "default_share": 25},
                ]
            },
            "overlap or leave a gap",
        ),
        (
            {
                "qualitative_bands": [
                    {"band": "achieved", "low": 80, "high": 100, "default_share": 70},
                    {"band": "partial", "low": 60, "high": 80, "default_share": 70},
                    {"band": "not_achieved", "low": 0, "high": 60, "default_share": 30},
                ]
            },
            "lies outside",
        ),
    ],
)
def test_policy_mistakes_are_caught_when_built(change, message):
    with pytest.raises(PolicyError) as info:
        Policy.from_dict(change)
    assert message in str(info.value)


# --- "Add a validation check" --------------------------------------------------------------------


def satisfaction_floor(doc, ctx):
    for indicator in doc.indicators:
        target = indicator.target
        if indicator.level1 != "满意度指标" or target is None:
            continue
        if (
            target.kind is TargetKind.QUANTITATIVE
            and target.unit_text == "%"
            and target.magnitude < 85
        ):
            yield Finding(
                f"satisfaction target {target} is below 85%",
                indicator=indicator,
                field="target",
                expected="≥85%",
            )


SATISFACTION_FLOOR = Check(
    "X101", Severity.WARNING, "满意度指标 targets ask for at least 85%", satisfaction_floor
)


def _satisfaction_project(text, line=None):
    return Project(
        "示例项目",
        indicators=[
            Indicator(
                "受益群体满意度", "满意度指标", "服务对象满意度指标", parse_target(text), line=line
            )
        ],
    )


def test_validation_check_howto_example():
    found = validate(
        _satisfaction_project("≥80%", line=12),
        checks=(*DEFAULT_CHECKS, SATISFACTION_FLOOR),
        disable=["PM304"],
    )
    assert [str(d) for d in found] == [
        "<input>:12: warning X101: satisfaction target ≥80% is below 85% [form 示例项目, field "
        "满意度指标/服务对象满意度指标/受益群体满意度.target, expected ≥85%]"
    ]
    assert validate(_satisfaction_project("≥90%"), checks=(SATISFACTION_FLOOR,)) == []
    assert (
        validate(_satisfaction_project("≥80%"), checks=(SATISFACTION_FLOOR,), disable=["X1"]) == []
    )
    assert [d.code for d in SATISFACTION_FLOOR(_satisfaction_project("≥80%"))] == ["X101"]


# --- "Add a unit" (in a fresh interpreter: defining units changes the package registry) ----------


def test_unit_howto_unknown_unit_reads_as_qualitative():
    assert parse_target("≥500筐").kind is TargetKind.QUALITATIVE
    with pytest.raises(perfmodel.TargetSyntaxError, match="unknown unit '筐'"):
        parse_target("≥500筐", strict=True)


def test_unit_howto_runtime_definitions():
    code = textwrap.dedent(
        """
        import perfmodel
        from perfmodel import units
        perfmodel.ureg.define("basket = [count_basket] = 筐")
        perfmodel.ureg.define("jin = 0.5 * kilogram = 斤")
        assert units.is_count_unit("筐") and not units.are_compatible("筐", "台")
        target = perfmodel.parse_target("≥500筐")
        print(target, target.is_met("520筐"), target.is_met("520"))
        print(units.factor("吨", "斤"), perfmodel.parse_target("≥10吨").is_met("30000斤"))
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["≥500筐 True True", "2000 True"]


# --- "Getting started" and "Export to pandas" on the bundled seeds -------------------------------


def test_getting_started_reading_seed_001():
    result = perfmodel.read_forms(SEEDS / "001_f6d8f9a804f89db4.txt")
    assert (
        repr(result) == "ReadResult(1 documents, diagnostics={'info': 2, 'warning': 1, 'error': 0})"
    )
    doc = result.documents[0]
    assert repr(doc) == (
        "Unit('上海市闵行区浦锦街道城市建设管理事务中心', year=2023, form='unit_self_evaluation', 21 indicators)"
    )
    assert [(d.location.line, d.code) for d in result.diagnostics] == [
        (130, "R108"),
        (58, "R215"),
        (68, "R210"),
    ]
    assert (doc.budget.adjusted, doc.budget.executed) == (
        Decimal("144458200.00"),
        Decimal("140463700.00"),
    )
    first = [(i.path, str(i.target), str(i.actual), i.max_points) for i in list(doc.indicators)[:3]]
    assert first == [
        ("产出指标/数量指标/公园养护数", "=12.00个", "12", 1),
        ("产出指标/数量指标/加装电梯数量", "=10.00台", "10", 1),
        ("产出指标/数量指标/行道树养护株数", "=14481.00株", "=14481.00株", 1),
    ]
    found = validate(doc)
    assert [(d.location.line, d.code, d.expected) for d in found] == [
        (68, "PM201", "35"),
        (68, "PM407", None),
        (74, "PM408", None),
        (130, "PM106", "14,048.37 万元"),
        (130, "PM107", "100.02%"),
    ]
    page = (DOCS / "getting-started.md").read_text(encoding="utf-8")
    for diag in found:  # the page prints each finding (its message, shortened after the place)
        assert f"{diag.location.line}: {diag.severity.value} {diag.code}: {diag.message}" in page
    assert score_execution(doc.budget.executed, doc.budget.adjusted).points == Decimal("9.72")
    evaluation = perfmodel.evaluate(doc)
    assert (str(evaluation.total), evaluation.grade and evaluation.grade.label) == ("93.40", "优")
    assert f"# {evaluation.explanation}" in page


def test_pandas_howto_counts_on_the_seeds():
    indicators = [
        i
        for path in sorted(SEEDS.glob("*.txt"))
        for d in perfmodel.read_forms(path).documents
        for i in d.indicators
    ]
    kinds = [None if i.target is None else i.target.kind for i in indicators]
    assert len(indicators) == 408
    assert [
        kinds.count(k) for k in (TargetKind.QUANTITATIVE, TargetKind.QUALITATIVE, TargetKind.CHANGE)
    ] == [198, 145, 39]
    blank = [i for i in indicators if i.target is None]
    assert (len(blank), sum(i.level1 == "投入管理指标" for i in blank)) == (26, 14)
