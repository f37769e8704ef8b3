"""The bounds on figures (perfmodel.numbers): text out of range is a diagnostic when read, a value
out of range is refused when a model object is built, and every figure within range goes through
the whole pipeline — read-back, validate, evaluate, render, JSON — without an exception."""

from __future__ import annotations

import decimal
import json
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import perfmodel as pm
from perfmodel import (
    Budget,
    ConstructionError,
    Indicator,
    IndicatorTree,
    Project,
    ScoringError,
    SerializationError,
    TargetKind,
    TargetSyntaxError,
    Unit,
    parse_actual,
    parse_target,
    read_forms,
    score_execution,
    score_indicator,
)
from perfmodel import units as U
from perfmodel.money import MoneyError, format_yuan, parse_money
from perfmodel.numbers import (
    LARGEST,
    MAX_DECIMALS,
    MAX_MAGNITUDE,
    SMALLEST,
    _fits,
    admits,
    problem,
    quantize,
)
from perfmodel.report import render
from perfmodel.report.tables import format_percent, format_points, format_wan
from perfmodel.serialize import to_text, without_locations
from perfmodel.validate.budget import format_money
from strategies import EXTREMES, decimals, extreme_form_documents, extremes

sys.path.insert(0, str(Path(__file__).parent / "corpus" / "bad"))
from make_corpus import BASE

sys.path.pop(0)

HUGE = "9" * 30


# --- the bounds -----------------------------------------------------------------------------


def test_the_bounds_are_the_documented_ones() -> None:
    assert Decimal(10) ** 15 == MAX_MAGNITUDE
    assert MAX_DECIMALS == 10
    assert LARGEST == MAX_MAGNITUDE - SMALLEST
    assert admits(LARGEST)
    assert admits(-LARGEST)
    assert admits(SMALLEST)
    assert admits(Decimal(0))
    assert not admits(MAX_MAGNITUDE)
    assert not admits(-MAX_MAGNITUDE)
    assert not admits(SMALLEST / 10)
    assert not admits(Decimal("1.00000000000"))
    assert not admits(Decimal("Infinity"))
    assert not admits(Decimal("NaN"))


@given(decimals())
def test_generated_decimals_stay_within_the_bounds(value: Decimal) -> None:
    assert admits(value)


@given(extremes(signed=True))
def test_extremes_are_within_the_bounds(value: Decimal) -> None:
    assert admits(value)


@pytest.mark.parametrize("value", [*EXTREMES, -LARGEST, Decimal("1E+40"), Decimal("-1E-40")])
def test_formatting_never_raises(value: Decimal) -> None:
    assert format_yuan(value)
    assert format_wan(value)
    assert format_percent(value)
    assert format_points(value)
    assert all(format_money(value, value))
    assert quantize(value, Decimal("0.0001")) == value.quantize(
        Decimal("0.0001"), context=decimal.Context(prec=100)
    )


def test_largest_is_formatted_exactly() -> None:
    assert format_yuan(LARGEST) == "1,000,000,000,000,000.00"
    assert format_wan(Decimal("999999999999999.99")) == "100000000000.00"
    assert format_money(Decimal("999999999999900")) == ["99,999,999,999.99 万元"]


# --- reading --------------------------------------------------------------------------------


def test_an_amount_out_of_range_is_a_money_error() -> None:
    with pytest.raises(MoneyError, match="10\\^15 or more") as info:
        parse_money("1" + "0" * 26, unit="万元")
    assert info.value.out_of_range
    with pytest.raises(MoneyError, match="more than 10 decimal places"):
        parse_money("0.00000000001")
    with pytest.raises(MoneyError) as plain:
        parse_money("about 3")
    assert not plain.value.out_of_range
    assert parse_money("99999999999.9999999999", unit="万元") == Decimal("999999999999999.999999")
    with pytest.raises(MoneyError):  # 10^11 万元 is 10^15 元
        parse_money("100000000000", unit="万元")


@pytest.mark.parametrize(
    "text", [f"≥{HUGE}个", "≥0.00000000001", f"提升{HUGE}%", f"{HUGE}以上", "=1E+20"]
)
def test_a_target_out_of_range_is_refused_strictly_and_qualitative_leniently(text: str) -> None:
    lenient = parse_target(text)
    assert lenient.kind is TargetKind.QUALITATIVE
    assert lenient.quantity is None
    with pytest.raises(TargetSyntaxError) as info:
        parse_target(text, strict=True)
    if "E" not in text:
        assert "out of range" in str(info.value)
        assert info.value.position == next(i for i, c in enumerate(text) if c.isdigit())


def test_an_actual_out_of_range_is_qualitative() -> None:
    actual = parse_actual(HUGE)
    assert actual.kind is TargetKind.QUALITATIVE
    assert actual.label == HUGE
    assert parse_actual(f"{LARGEST:f}").magnitude == LARGEST


SELF_EVALUATION = (
    "某中心\n部门(单位)整体支出预算绩效自评报告\n(2025年度)\n"
    "一级指标\t二级指标\t三级指标\t年度指标值\t全年完成值\t分值\n"
    "产出指标\t数量指标\t公园养护数\t≥7个\t{actual}\t{points}\n"
)


def test_points_out_of_range_are_a_warning_and_a_blank() -> None:
    result = read_forms(SELF_EVALUATION.format(actual="7个", points="1" + "0" * 20))
    (warning,) = [d for d in result.diagnostics if d.code == "R211"]
    assert "points out of range" in warning.message
    assert warning.location.line == 5
    assert result.documents[0].indicators[0].max_points is None


def test_an_actual_out_of_range_is_read_as_text_with_a_warning() -> None:
    result = read_forms(SELF_EVALUATION.format(actual=f"{HUGE}个", points="10"))
    (warning,) = [d for d in result.diagnostics if d.code == "R302"]
    assert warning.severity is pm.Severity.WARNING
    assert warning.location.field == "actual"
    assert result.documents[0].indicators[0].actual == parse_actual(f"{HUGE}个")
    # digits that are prose, not a number out of range, are read as text without a word
    prose = read_forms(SELF_EVALUATION.format(actual="完成7个以上的90%", points="10"))
    assert "R302" not in [d.code for d in prose.diagnostics]


def test_a_monitoring_projection_beyond_the_bounds_is_held_at_them() -> None:
    from perfmodel.monitor import ProgressReport, monitor

    doc = read_forms(SELF_EVALUATION.format(actual="7个", points="10")).documents[0]
    report = ProgressReport(
        "2025-01-02", executed=LARGEST, indicators={"公园养护数": f"{LARGEST}个"}
    )
    (ind,) = monitor(doc, report).indicators
    assert ind.forecast_actual is not None
    assert ind.forecast_actual.magnitude == LARGEST
    with pytest.raises(ConstructionError, match=r"ProgressReport\.executed"):
        ProgressReport("2025-06-30", executed="1" + "0" * 30)


# --- construction ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda v: Budget(total=v), "Budget.total"),
        (lambda v: Budget(adjustment=-v), "Budget.adjustment"),
        (lambda v: Indicator("a", "产出指标", "数量指标", max_points=v), "Indicator.max_points"),
        (lambda v: Indicator("a", "产出指标", "数量指标", points=v), "Indicator.points"),
        (lambda v: IndicatorTree(level1_weights={"产出指标": v}), "weight of '产出指标'"),
        (lambda v: IndicatorTree(level2_weights={"数量指标": v}), "weight of '数量指标'"),
        (lambda v: Unit("u", stated_total=v), "Unit.stated_total"),
        (lambda v: Project("p", stated_total=v), "Project.stated_total"),
        (
            lambda v: pm.Target(TargetKind.CHANGE, quantity=U.quantity(v, "%"), unit_text="%"),
            "Target.quantity",
        ),
        (
            lambda v: pm.Actual(TargetKind.QUANTITATIVE, quantity=U.quantity(v, None)),
            "Actual.quantity",
        ),
    ],
)
@pytest.mark.parametrize(
    "value", [Decimal("1E+15"), Decimal("1E-11"), Decimal("Infinity"), Decimal("NaN")]
)
def test_constructors_refuse_figures_out_of_range(
    build: object, field: str, value: Decimal
) -> None:
    with pytest.raises(ConstructionError, match=field.replace(".", "\\.")):
        build(value)  # type: ignore[operator]


def test_a_quantity_that_is_not_decimal_is_a_construction_error() -> None:
    import pint

    registry = pint.UnitRegistry()
    with pytest.raises(ConstructionError, match=r"Target\.quantity: magnitude must be Decimal"):
        pm.Target(TargetKind.QUANTITATIVE, quantity=registry.Quantity(1.5, "meter"))


def _document_json() -> dict[str, object]:
    target = parse_target("≥7个")
    ind = Indicator("a", "产出指标", "数量指标", target, max_points=Decimal(10))
    doc = Project("p", budget=Budget(total=Decimal(5)), indicators=[ind])
    return dict(json.loads(pm.to_json(doc)))


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (("budget", "total"), "1E+30", "^budget.total: "),
        (("indicators", "indicators", 0, "max_points"), "1E-11", r"^indicators.indicators\[0\]"),
        (
            ("indicators", "indicators", 0, "target", "quantity", "magnitude"),
            HUGE,
            r"^indicators.indicators\[0\].target.quantity: ",
        ),
        (("indicators", "level1_weights"), {"产出指标": "1E+20"}, "^indicators: "),
    ],
)
def test_json_out_of_range_is_a_serialization_error_naming_the_path(
    path: tuple[str | int, ...], value: object, where: str
) -> None:
    data = _document_json()
    node: object = data
    for key in path[:-1]:
        node = node[key]  # type: ignore[index]
    node[path[-1]] = value  # type: ignore[index]
    with pytest.raises(SerializationError, match=where):
        pm.from_json(json.dumps(data), Project)


# --- scoring --------------------------------------------------------------------------------


def test_score_execution_refuses_amounts_out_of_range() -> None:
    with pytest.raises(ScoringError, match="executed"):
        score_execution(10**30, 1)
    with pytest.raises(ScoringError, match="budgeted"):
        score_execution(1, Decimal("1E-11"))
    with pytest.raises(ScoringError, match="max_points"):
        score_execution(1, 1, Decimal("1E+15"))


def test_extreme_amounts_score_without_raising() -> None:
    uncapped = attrs.evolve(pm.Policy.central(), cap_execution=False, decimals=10)
    score = score_execution(LARGEST, SMALLEST, LARGEST, policy=uncapped)
    wide = decimal.Context(prec=100)
    assert score.points == wide.multiply(LARGEST, LARGEST).scaleb(10, wide)
    assert score_execution(LARGEST, SMALLEST).points == Decimal("10.00")


def test_score_indicator_with_a_huge_actual_asks_for_a_judgement() -> None:
    score = score_indicator("≥1", HUGE, 10)
    assert score.rule == "qualitative"
    assert [d.code for d in score.diagnostics] == ["SC103"]
    extreme = score_indicator(f"≥{SMALLEST:f}", f"{LARGEST:f}", LARGEST)
    assert extreme.points <= LARGEST


# --- the whole pipeline at the edges ----------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extreme_form_documents())
def test_figures_at_the_bounds_go_through_the_whole_pipeline(doc: Unit | Project) -> None:
    read = read_forms(to_text([doc]))
    assert [without_locations(d) for d in read.documents] == [without_locations(doc)]
    again = read.documents[0]
    pm.validate(again)
    evaluation = pm.evaluate(again)
    for format in ("md", "html", "text"):
        assert render(again, evaluation, format=format)
    assert pm.from_json(pm.to_json(again), type(again)) == again
    assert pm.from_json(pm.to_json(evaluation), pm.Evaluation) == evaluation


@settings(max_examples=40, deadline=None)
@given(extremes())
@example(Decimal("1" + "0" * 26))
@example(Decimal("100000000000"))
@example(Decimal("0.00000000001"))
def test_any_amount_on_a_form_is_read_or_reported(value: Decimal) -> None:
    text = BASE.replace("\t26.62\t", f"\t{value:f}\t", 1)  # 项目资金总额, in 万元
    result = read_forms(text)
    doc = result.documents[0]
    in_range = admits(value.scaleb(4))
    assert doc.budget.total == (value.scaleb(4) if in_range else None)
    assert [d.code for d in result.diagnostics] == ([] if in_range else ["R104"])
    pm.validate(doc)
    pm.evaluate(doc)
    render(doc, format="md")


@given(
    st.builds(
        lambda sign, digits, exponent: Decimal((sign, tuple(digits), exponent)),
        st.integers(0, 1),
        st.lists(st.integers(0, 9), min_size=1, max_size=30),
        st.integers(-25, 20),
    )
    | st.sampled_from([Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"), Decimal("-0")])
)
def test_the_fast_check_agrees_with_problem(value: Decimal) -> None:
    assert _fits(value) == (problem(value) is None)


_written_numbers = st.builds(
    lambda sign, whole, decimals: f"{sign}{whole}{'.' if decimals else ''}{decimals}",
    st.sampled_from(["", "-", "+"]),
    st.from_regex(r"[0-9]{1,18}", fullmatch=True),
    st.from_regex(r"[0-9]{0,13}", fullmatch=True),
)


@settings(max_examples=500, deadline=None)
@given(_written_numbers)
@example("99999999999")  # PLAIN_LENGTH (11) characters: within the bounds unchecked
@example("999999999999")  # 12: checked
@example("0.1234567890")
@example("0.12345678901")  # 13: checked, 11 decimals
@example("1000000000000000")
def test_the_grammar_refuses_exactly_the_numbers_out_of_bounds(number: str) -> None:
    # the grammar checks only numbers longer than numbers.PLAIN_LENGTH; any number it reads
    # is within the bounds exactly when problem() says so
    reason = problem(Decimal(number))
    target = parse_target(f"={number}个")
    if reason is None:
        assert target.kind is TargetKind.QUANTITATIVE
        assert target.magnitude == Decimal(number)
    else:
        assert target.kind is TargetKind.QUALITATIVE
        with pytest.raises(TargetSyntaxError, match="out of range"):
            parse_target(f"={number}个", strict=True)
