"""The target grammar: every seed value, every documented notation, and properties."""

from __future__ import annotations

import csv
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmodel import (
    Band,
    Comparator,
    ConstructionError,
    Direction,
    Indicator,
    PerfModelError,
    Project,
    SerializationError,
    TargetKind,
    TargetSyntaxError,
    UnitError,
    compose_target,
    parse_actual,
    parse_target,
)
from perfmodel.targets import Actual, Target, change_amount

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _check(parsed, row: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    assert parsed.kind.name == row["kind"]
    comparator = getattr(parsed, "comparator", None)
    assert (comparator.name if comparator else "") == row["comparator"]
    direction = getattr(parsed, "direction", None)
    assert (direction.name if direction else "") == row["direction"]
    if row["magnitude"]:
        assert parsed.quantity is not None
        assert parsed.quantity.magnitude == Decimal(row["magnitude"])
        assert isinstance(parsed.quantity.magnitude, Decimal)
    else:
        assert parsed.quantity is None
    assert (parsed.unit_text or "") == row["unit"]
    assert (parsed.label or "") == row["label"]
    assert parsed.text == row["text"]


@pytest.mark.parametrize("row", _rows("target_values.tsv"), ids=lambda r: r["text"])
def test_every_seed_target_value(row: dict[str, str]) -> None:
    _check(parse_target(row["text"]), row)


@pytest.mark.parametrize("row", _rows("actual_values.tsv"), ids=lambda r: r["text"])
def test_every_seed_actual_value(row: dict[str, str]) -> None:
    _check(parse_actual(row["text"]), row)


def test_the_value_list_is_complete_against_the_extractor() -> None:
    listed = {r["text"] for r in _rows("target_values.tsv")}
    listed |= {r["text"] for r in _rows("actual_values.tsv")}
    out = subprocess.run(
        [sys.executable, str(DATA / "extract_values.py"), "--distinct"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    found = {line for line in out if line and not line.startswith("#")}
    assert len(found) > 100
    assert found - listed == set()


@pytest.mark.parametrize(
    ("text", "comparator", "magnitude", "unit"),
    [
        ("=100.00(%)", "EQ", "100.00", "%"),
        ("≥90.00(%)", "GE", "90.00", "%"),
        ("≤1.00(个)", "LE", "1.00", "个"),
        ("=100.00 (%)", "EQ", "100.00", "%"),
        ("≥90%", "GE", "90", "%"),
        ("100%", "EQ", "100", "%"),
        ("55家", "EQ", "55", "家"),
        (">=90%", "GE", "90", "%"),
        ("<=5%", "LE", "5", "%"),
        ("> 3 台", "GT", "3", "台"),
        ("<2起", "LT", "2", "起"),
        ("＝100％", "EQ", "100", "%"),
        ("≧80%", "GE", "80", "%"),
        ("≦20%", "LE", "20", "%"),
        ("≥100百分比", "GE", "100", "百分比"),
        ("90%以上", "GE", "90", "%"),
        ("5%以下", "LE", "5", "%"),
        ("90万元以内", "LE", "90", "万元"),
        ("不低于90%", "GE", "90", "%"),
        ("不少于 50 个", "GE", "50", "个"),
        ("不高于 3%", "LE", "3", "%"),
        ("不超过90万元", "LE", "90", "万元"),
        ("达到95%", "GE", "95", "%"),
        ("252元/人/月", "EQ", "252", "元/人/月"),
        ("30吨/日", "EQ", "30", "吨/日"),
        ("1,200人次", "EQ", "1200", "人次"),
        ("一年一次", "EQ", "1", "次/年"),
        ("每月2次", "EQ", "2", "次/月"),
        ("=2.00(年)", "EQ", "2.00", "年"),
        ("15亩", "EQ", "15", "亩"),
    ],
)
def test_documented_notations(text: str, comparator: str, magnitude: str, unit: str) -> None:
    target = parse_target(text)
    assert target.kind is TargetKind.QUANTITATIVE
    assert target.comparator is Comparator[comparator]
    assert target.magnitude == Decimal(magnitude)
    assert target.unit_text == unit


@pytest.mark.parametrize(
    ("text", "direction", "magnitude", "label"),
    [
        ("提升", Direction.UP, None, "提升"),
        ("提升5%", Direction.UP, "5", "提升"),
        ("较上一年提升", Direction.UP, None, "较上一年提升"),
        ("下降", Direction.DOWN, None, "下降"),
        ("减少10%", Direction.DOWN, "10", "减少"),
        ("显著提升", Direction.UP, None, "显著提升"),
        ("增长", Direction.UP, None, "增长"),
    ],
)
def test_change_targets(text: str, direction: Direction, magnitude: str | None, label: str) -> None:
    target = parse_target(text)
    assert target.kind is TargetKind.CHANGE
    assert target.direction is direction
    assert target.magnitude == (None if magnitude is None else Decimal(magnitude))
    assert target.label == label


def test_qualitative_and_strict_mode() -> None:
    for text in ("及时", "建立健全", "有所改善", "广泛知晓、实行"):
        assert parse_target(text, strict=True).label == text
    with pytest.raises(TargetSyntaxError) as info:
        parse_target("34个村委，47个居委", strict=True)
    assert info.value.position == 2
    assert parse_target("34个村委，47个居委").kind is TargetKind.QUALITATIVE
    with pytest.raises(TargetSyntaxError, match="contradicts"):
        parse_target("≤90%以上", strict=True)
    with pytest.raises(TargetSyntaxError, match="empty"):
        parse_target("  ", strict=True)
    assert parse_target("").kind is TargetKind.QUALITATIVE
    with pytest.raises(TargetSyntaxError, match="expected text"):
        parse_target(90)  # type: ignore[arg-type]
    with pytest.raises(TargetSyntaxError, match="expected text"):
        parse_actual(None)  # type: ignore[arg-type]


def test_canonical_rendering_round_trips() -> None:
    for text in (
        "=100.00(%)",
        "90%以上",
        "提升5%",
        "一年一次",
        "252元/人/月",
        "及时",
        "较上一年提升",
    ):
        target = parse_target(text)
        again = parse_target(str(target))
        assert attrs.evolve(again, text=target.text) == target


def test_compose_from_columns() -> None:
    target = compose_target("100", comparator="=", unit_text="%")
    assert (target.comparator, target.magnitude, target.unit_text, target.text) == (
        Comparator.EQ,
        Decimal(100),
        "%",
        "100",
    )
    assert compose_target("90%", comparator="≥").comparator is Comparator.GE
    assert (
        compose_target("按计划有序推进", comparator=None, unit_text=None).label == "按计划有序推进"
    )
    assert compose_target("100", unit_text="发生").kind is TargetKind.QUANTITATIVE


def test_is_met_converts_units_and_reads_bare_numbers() -> None:
    assert parse_target("≥70000米").is_met("70公里") is True
    assert parse_target("=43.00(万平方米)").is_met("430000平方米") is True
    assert parse_target("=10.00(台)").is_met("10") is True
    assert parse_target("≤10").is_met("15") is False
    assert parse_target("=0.00(个)").is_met("0") is True
    assert parse_target("=0.00(个)").is_met("1") is False
    assert parse_target(">5").is_met("5") is False
    assert parse_target("<5").is_met("4") is True
    assert parse_target("≥90%").is_met("-3%") is False
    with pytest.raises(UnitError):
        parse_target("=10台").is_met("10株")


def test_is_met_qualitative_and_change() -> None:
    assert parse_target("及时").is_met("及时") is True
    assert parse_target("及时").is_met("达成预期指标") is True
    assert parse_target("及时").is_met("部分达成") is False
    assert parse_target("及时").is_met("不及时") is None
    assert parse_target("≥90%").is_met("达成年度指标") is True
    assert parse_target("≥90%").is_met("基本完成") is None
    assert parse_target("提升").is_met("提升") is True
    assert parse_target("提升").is_met("下降") is False
    # no change (持平) meets no change target: not met, not left to the evaluator
    for flat in ("持平", "较上年持平", "与上年持平", "持平于上年", "持平于上年水平", "保持不变"):
        assert parse_target("提升").is_met(flat) is False, flat
        assert parse_target("下降5%").is_met(flat) is False, flat
    assert parse_target("提升").is_met("说不清") is None
    assert parse_target("持平").is_met("持平") is True  # a qualitative 持平 target: its label
    assert parse_target("提升").is_met("未达成") is False
    assert parse_target("提升5%").is_met("6%") is True
    assert parse_target("提升5%").is_met("4%") is False
    assert parse_target("提升").is_met("3") is True


@pytest.mark.parametrize(
    ("target", "actual", "amount", "met"),
    [
        ("提升5%", "提升6%", "6", True),
        ("提升5%", "较上年增长4%", "4", False),
        ("提升5%", "下降6%", "-6", False),
        ("提升5%", "-6%", "-6", False),
        ("下降5%", "下降6%", "6", True),
        ("下降5%", "-6%", "6", True),
        ("下降5%", "6%", "6", True),
        ("下降5%", "提升6%", "-6", False),
        ("下降", "减少3家", "3", True),
        ("提升", "下降3家", "-3", False),
        ("增加1万元", "增加5000元", "0.5000", False),
    ],
)
def test_change_actuals_with_an_amount(target: str, actual: str, amount: str, met: bool) -> None:
    act = parse_actual(actual)
    assert change_amount(parse_target(target), act) == Decimal(amount)
    assert parse_target(target).is_met(act) is met
    if any(word in actual for word in ("提升", "增长", "下降", "减少", "增加")):
        assert act.kind is TargetKind.CHANGE
        assert str(act) == actual
    else:
        assert act.kind is TargetKind.QUANTITATIVE
        assert act.direction is None


def test_actual_bands() -> None:
    assert parse_actual("部分达成年度指标并具有一定效果").band is Band.PARTIAL
    assert parse_actual("未达成").band is Band.NOT_ACHIEVED
    assert parse_actual("及时").band is None
    assert str(parse_actual("≥90.00(%)")) == "≥90.00%"
    assert str(parse_actual("及时")) == "及时"
    assert repr(parse_actual("12")) == "Actual('12')"
    with pytest.raises(UnitError, match="no quantity"):
        parse_actual("及时").magnitude_in("%")


# -- properties ---------------------------------------------------------------------------------

UNITS = [
    "%",
    "个",
    "台",
    "株",
    "家",
    "人",
    "次",
    "公里",
    "万平方米",
    "亩",
    "元",
    "万元",
    "小时",
    "元/人/月",
]
magnitudes = st.decimals(
    min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False
)


@st.composite
def targets(draw: st.DrawFn) -> object:
    kind = draw(st.sampled_from(["q", "c", "l"]))
    if kind == "q":
        cmp = draw(st.sampled_from(list(Comparator)))
        unit = draw(st.sampled_from([*UNITS, ""]))
        return parse_target(f"{cmp.symbol}{draw(magnitudes)}{unit}")
    if kind == "c":
        word = draw(st.sampled_from(["提升", "下降", "减少", "增长", "较上年提升"]))
        amount = draw(st.one_of(st.just(""), magnitudes.map(lambda d: f"{d}%")))
        return parse_target(f"{word}{amount}")
    label = draw(
        st.text(alphabet="及时规范健全到位达标合格充分保障完善有序", min_size=1, max_size=8)
    )
    return parse_target(label)


@given(targets())
def test_render_parse_round_trip(target) -> None:  # type: ignore[no-untyped-def]
    again = parse_target(str(target))
    assert attrs.evolve(again, text=target.text) == target


@settings(max_examples=300)
@given(st.text(max_size=30))
def test_strict_raises_only_perfmodel_errors_and_lenient_never_raises(text: str) -> None:
    parse_target(text)
    parse_actual(text)
    try:
        parse_target(text, strict=True)
    except PerfModelError:
        pass


@settings(max_examples=200)
@given(st.text(alphabet="0123456789.,%≥≤=<>()（）个台万元以上以内不低于提升下降 ", max_size=16))
def test_grammar_alphabet_fuzz(text: str) -> None:
    parse_target(text)
    try:
        parse_target(text, strict=True)
    except PerfModelError:
        pass


# --- robustness properties (issue 10): the invariants the fuzz targets check, over generated text

#: Characters the grammar reacts to, mixed with anything else Unicode has.
_GRAMMAR_TEXT = st.lists(
    st.one_of(
        st.sampled_from(list("0123456789.,%％‰=<>≥≤≧≦＝＞＜()（）/／ \t\u3000")),
        st.sampled_from(["以上", "以内", "不低于", "达到", "提升", "下降", "较上年", "每年", "次"]),
        st.sampled_from(["个", "万元", "元", "米", "公里", "人", "月", "年", "十", "一", "二"]),
        st.characters(),
    ),
    max_size=16,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_GRAMMAR_TEXT)
def test_strict_agrees_with_lenient_and_rendering_round_trips(text: str) -> None:
    lenient = parse_target(text)
    try:
        strict = parse_target(text, strict=True)
    except PerfModelError:
        pass
    else:
        assert strict == lenient
    again = parse_target(str(lenient))
    assert attrs.evolve(again, text=lenient.text) == lenient


@settings(max_examples=400, deadline=None)
@given(_GRAMMAR_TEXT)
def test_actual_rendering_round_trips(text: str) -> None:
    actual = parse_actual(text)
    assert attrs.evolve(parse_actual(str(actual)), text=actual.text) == actual
    if actual.magnitude is not None:
        assert isinstance(actual.magnitude, Decimal)


@settings(max_examples=300, deadline=None)
@given(_GRAMMAR_TEXT, _GRAMMAR_TEXT, st.one_of(st.none(), _GRAMMAR_TEXT), _GRAMMAR_TEXT)
def test_compose_and_is_met_raise_only_perfmodel_errors(
    value: str, comparator: str, unit_text: str | None, actual: str
) -> None:
    target = compose_target(value, comparator=comparator, unit_text=unit_text)
    try:
        met = target.is_met(actual)
    except PerfModelError:
        return
    assert met in (True, False, None)


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet="0123456789一二十每年月次%个 ", min_size=2000, max_size=6000))
def test_long_texts_never_raise(text: str) -> None:
    parse_target(text)
    parse_actual(text)
    try:
        parse_target(text, strict=True)
    except PerfModelError:
        pass


def _fields(obj: object) -> list[tuple[str, str, str]]:
    """Each field's name, type and repr (Decimal equality ignores the exponent; repr does not)."""
    return [
        (f.name, type(getattr(obj, f.name)).__name__, repr(getattr(obj, f.name)))
        for f in attrs.fields(type(obj))
    ]


def test_the_grammar_builds_targets_and_actuals_without_their_init() -> None:
    import importlib

    grammar = importlib.import_module("perfmodel._grammar")
    # the builders are in use (not the fallback through the slots' descriptors) ...
    assert isinstance(grammar._new_target, type)
    assert grammar._new_target.__bases__ == (Target,)
    assert isinstance(grammar._new_actual, type)
    assert grammar._new_actual.__bases__ == (Actual,)
    # ... and skip only what the grammar checks itself: the quantity's validator, and the
    # shape of a target or actual of its kind (on the last field), which every value the
    # grammar builds has (test_parsed_values_are_what_their_constructors_build rebuilds them
    # through __init__, which checks it)
    skipped = {"quantity", "direction", "band"}
    for cls in (Target, Actual):
        assert not hasattr(cls, "__attrs_post_init__")
        for field in attrs.fields(cls):
            assert field.converter is None, (cls, field.name)
            assert field.validator is None or field.name in skipped, (cls, field.name)


@settings(max_examples=400, deadline=None)
@given(_GRAMMAR_TEXT)
def test_parsed_values_are_what_their_constructors_build(text: str) -> None:
    for value in (parse_target(text), parse_actual(text)):
        cls = type(value)
        assert cls in (Target, Actual)
        rebuilt = cls(**{f.name: getattr(value, f.name) for f in attrs.fields(cls)})
        assert rebuilt == value
        assert hash(rebuilt) == hash(value)
        assert _fields(rebuilt) == _fields(value)


def _q(value: str, unit: str | None) -> object:
    from perfmodel import units

    return units.quantity(Decimal(value), unit)


@pytest.mark.parametrize(
    ("build", "problem"),
    [
        # (found by fuzzing from_json: each raised an AssertionError or a ScoringError later,
        # in str(), is_met() or evaluate())
        (
            lambda: Target(TargetKind.QUANTITATIVE, "≤16天", Comparator.LE, None, "天"),
            "a quantitative target needs a comparator and a quantity",
        ),
        (
            lambda: Target(TargetKind.QUANTITATIVE, "=5个", None, _q("5", "个"), "个"),
            "a quantitative target needs a comparator and a quantity",
        ),
        (
            lambda: Target(TargetKind.QUALITATIVE, "及时", Comparator.GE, label="及时"),
            "a qualitative target has no comparator",
        ),
        (
            lambda: Target(TargetKind.QUALITATIVE, "及时", None, _q("5", "%"), "%", "及时"),
            "a qualitative target has no quantity",
        ),
        (
            lambda: Target(TargetKind.CHANGE, "提升", label="提升"),
            "a change target needs a direction",
        ),
        (lambda: Target("quantitative", "x"), "kind must be a TargetKind"),
        (
            lambda: Actual(TargetKind.QUANTITATIVE, "5个", None, "个"),
            "a quantitative actual needs a quantity",
        ),
        (
            lambda: Actual(TargetKind.CHANGE, "提升", label="提升"),
            "a change actual needs a quantity",
        ),
        (
            lambda: Actual(TargetKind.QUALITATIVE, "达成", _q("1", None), label="达成"),
            "a qualitative actual has no quantity",
        ),
        (
            lambda: Actual(TargetKind.QUANTITATIVE, "5", _q("5", None), band=Band.ACHIEVED),
            "a quantitative actual has no band",
        ),
        (lambda: Actual(None, "x"), "kind must be a TargetKind"),
    ],
)
def test_a_target_or_actual_has_the_fields_of_its_kind(build: object, problem: str) -> None:
    with pytest.raises(ConstructionError, match=problem):
        build()  # type: ignore[operator]


def test_the_json_reader_refuses_a_target_without_the_fields_of_its_kind() -> None:
    from perfmodel import from_json, to_json

    doc = Project("p", indicators=[Indicator("a", "产出指标", "数量指标", parse_target("≤16天"))])
    text = to_json(doc).replace('"comparator":"LE"', '"comparator":null')
    assert text != to_json(doc)
    with pytest.raises(SerializationError, match=r"indicators\[0\]\.target: Target '≤16天'"):
        from_json(text)
