"""The scorer's fast paths give exactly what the plain paths give.

The scorer writes an explanation (and an evaluation its paths, differences and diagnostics) only
when it is read, builds its result objects without their attrs ``__init__`` and scores the default
quantitative rules in one step; fmt() skips normalize() for
plain numbers; Policy.central() copies a checked template. Each must be invisible: the same
points, the same exact figures (down to the exponent) and the same text.
"""

from __future__ import annotations

import decimal
import importlib
from collections.abc import Callable
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmodel import (
    Comparator,
    Indicator,
    Policy,
    Project,
    evaluate,
    parse_actual,
    parse_target,
    units,
)
from perfmodel import score_indicator as public_score
from perfmodel.errors import Diagnostic, Location, Severity
from perfmodel.model import FormKind
from perfmodel.scoring._common import EXACT, fmt
from perfmodel.scoring.evaluate import Evaluation, IndicatorResult, PointsDifference, Subtotal
from perfmodel.scoring.indicator import IndicatorScore, resolve_rule
from perfmodel.scoring.policy import QualitativeBand
from perfmodel.scoring.rules import Outcome, Rule, default_rule
from perfmodel.targets import Actual, Band, Target
from perfmodel.vocab import COMPARATOR_PREFIX_WORDS, COMPARATOR_SUFFIX_WORDS, COMPARATOR_SYMBOLS

D = Decimal

# unit families: a target and its actual take units of one family (or none)
FAMILIES = [
    ["", "%", "(%)"],
    ["", "个", "(个)"],
    ["", "公里", "米", "(公里)"],
    ["万平方米", "平方米"],
]
COMPARATORS = ["", "=", "≥", "≤", ">", "<", "不低于", "不超过"]
RULES = [
    None,
    "达到目标值得满分，否则不得分",
    "按比例扣分",
    "每降5%扣1分，扣完为止",
    "视偏差情况扣分",
    "±10%以内得5分，±10-15%以内得3分，±20%以外不得分",
    "另行商定",
]
WORDS = ["及时", "达成", "部分达成", "未达成", "提升", "下降", "持平", "规范", "不适用"]

numbers = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False)


@st.composite
def pair(draw: st.DrawFn) -> tuple[str, str]:
    units = draw(st.sampled_from(FAMILIES))

    def value() -> str:
        if draw(st.booleans()):
            return draw(st.sampled_from(WORDS))
        comparator = draw(st.sampled_from(COMPARATORS))
        return f"{comparator}{draw(numbers)}{draw(st.sampled_from(units))}"

    return value(), value()


POLICIES = [
    Policy.central(),
    Policy.provincial(),
    Policy.whole_points(),
    attrs.evolve(
        Policy(),
        qualitative_bands=(
            QualitativeBand(Band.ACHIEVED, 80, 100, 100),
            QualitativeBand(Band.PARTIAL, 60, 80, D("70.0")),
            QualitativeBand(Band.NOT_ACHIEVED, 0, 60, 30),
        ),
    ),
]


Row = tuple[str, str, str | None, Decimal | None, Decimal | None]


def _doc(rows: list[Row]) -> Project:
    return Project(
        "p",
        form=FormKind.PROJECT_SELF_EVALUATION,
        indicators=[
            Indicator(
                f"i{n}",
                "产出指标",
                "数量指标",
                parse_target(target),
                actual=parse_actual(actual),
                rule_text=rule,
                max_points=max_points,
                points=points,
            )
            for n, (target, actual, rule, max_points, points) in enumerate(rows)
        ],
    )


def _plain_explanation(indicator: Indicator, max_points: Decimal, policy: Policy) -> str:
    """The explanation as the public rule objects give it: the rule's Outcome (apply()), its
    formula written "formula = points", or as a statement, then the notes."""
    target, actual = indicator.target, indicator.actual
    if actual is None:
        return "未填写实际完成值，不得分"
    rule, note = resolve_rule(indicator.rule_text, target, actual)
    rule = rule.resolve(policy)
    out = rule.apply(target, actual, max_points, policy, indicator.points)
    fallbacks = () if note is None else (note,)
    if out is None:
        default = default_rule(target, actual).resolve(policy)
        fallbacks += (f"“{rule.label}”不适用于这组指标值，按默认规则（{default.label}）计分",)
        out = default.apply(target, actual, max_points, policy, indicator.points)
    assert out is not None
    exact = max(Decimal(0), min(out.points, max_points))
    points = policy.quantize_within(exact, max_points)
    formula, expression = out.formula, out.expression
    full = policy.quantize_within(max_points, max_points)
    linear = ("positive", "reverse", "equality", "change", "proportional")  # (built-in ones)
    if (
        out.met is False
        and out.band is None
        and points > 0
        and points >= full
        and rule.code in linear
    ):
        # a target not met never shows the full points: one rounding step below them
        points = max(full - Decimal(1).scaleb(-policy.decimals), policy.quantize(Decimal(0)))
        if expression:
            shown = exact.quantize(Decimal("0.0001"), context=EXACT)
            formula = f"{formula} {'=' if shown == exact else '≈'} {fmt(shown)}"
        formula += f"；未达到目标“{target}”，不计满分，按满分减一个计分单位计"
        expression = False
    if expression:
        text = f"{formula} = {points}"
    elif "得满分" in formula or "不得分" in formula:
        text = formula
    else:
        text = f"{formula}，得 {points} 分"
    return "；".join((text, *out.notes, *fallbacks))


rows = st.lists(
    st.tuples(
        pair(),
        st.sampled_from(RULES),
        st.one_of(st.none(), st.sampled_from([D(5), D("5.00"), D(10), D("2.5")])),
        st.one_of(st.none(), st.sampled_from([D(0), D(3), D("3.0"), D("4.5")])),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(rows, st.sampled_from(POLICIES))
def test_evaluated_scores_equal_fresh_ones(data: list, policy: Policy) -> None:  # type: ignore[type-arg]
    doc = _doc([(t, a, rule, m, p) for (t, a), rule, m, p in data])
    first = evaluate(doc, policy=policy)
    again = evaluate(doc, policy=policy)  # the same targets and actuals, scored again
    for a, b in zip(first.indicators, again.indicators, strict=True):
        assert repr(a) == repr(b)
        if a.score is None:
            continue
        assert a.max_points is not None
        fresh = public_score(
            a.indicator.target,
            a.indicator.actual,
            a.max_points,
            policy=policy,
            rule=a.indicator.rule_text,
            given=a.indicator.points,
        )
        assert repr(fresh) == repr(a.score)
        assert a.score.explanation == _plain_explanation(a.indicator, a.max_points, policy)


@st.composite
def quantity_pair(draw: st.DrawFn) -> tuple[str, str]:
    """A target and an actual the one-step scorer may take: figures near each other (met, not
    met, over the mark, reaching the full points by rounding), units alike or not."""
    units = draw(st.sampled_from([*FAMILIES, ["亩", "平方米"], ["个", "台"]]))
    target = draw(numbers)
    near = st.decimals(min_value=target * D("0.5"), max_value=target * 2, places=3)
    actual = draw(st.one_of(numbers, near) if target else numbers)
    comparator = draw(st.sampled_from(["", "=", "≥", ">", "≤", "<", "不低于"]))
    unit = draw(st.sampled_from(units))
    return f"{comparator}{target}{unit}", f"{actual}{draw(st.sampled_from(units))}"


@settings(max_examples=2000, deadline=None)
@given(
    quantity_pair(),
    st.sampled_from([D(5), D("5.00"), D(10), D("2.5"), D("16.667"), D(0), D("0.004")]),
    st.one_of(st.none(), st.sampled_from([D(0), D(3), D("4.5")])),
    st.sampled_from(POLICIES),
)
def test_the_one_step_scorer_gives_what_the_rules_give(
    values: tuple[str, str], max_points: Decimal, given: Decimal | None, policy: Policy
) -> None:
    scoring = importlib.import_module("perfmodel.scoring.indicator")
    target, actual = parse_target(values[0]), parse_actual(values[1])
    fast = scoring.score_checked(target, actual, max_points, policy, None, given)
    one_step = scoring._one_step(target, actual, max_points, policy)  # (a score's parts)
    assert one_step is None or _field_reprs(scoring._new_score(*one_step)) == _field_reprs(fast)
    plain = scoring._one_step
    try:
        scoring._one_step = lambda *args: None
        slow = scoring.score_checked(target, actual, max_points, policy, None, given)
    finally:
        scoring._one_step = plain
    assert _field_reprs(fast) == _field_reprs(slow)


def test_scores_keep_the_exponents_of_their_figures() -> None:
    evs = [
        evaluate(_doc([("及时", "部分达成", None, m, None)]), policy=POLICIES[0])
        for m in (D(10), D("10.00"))
    ]
    scores = [ev.indicators[0].score for ev in evs]
    assert [repr(s.max_points) for s in scores if s] == ["Decimal('10')", "Decimal('10.00')"]
    # two policies equal in value but not in the exponent of a default share
    shares = [
        evaluate(_doc([("及时", "部分达成", None, D(10), None)]), policy=p).indicators[0].score
        for p in (POLICIES[0], POLICIES[3], POLICIES[3], POLICIES[3])
    ]
    assert [repr(s.exact) for s in shares if s] == ["Decimal('7')"] + ["Decimal('7.0')"] * 3


def test_evaluate_follows_the_decimal_context() -> None:
    doc = _doc([("≥3", "2", None, D(1), None)])
    plain = evaluate(doc, policy=POLICIES[0]).indicators[0].score
    with decimal.localcontext() as ctx:
        ctx.rounding = decimal.ROUND_DOWN
        ctx.prec = 5
        inside = evaluate(doc, policy=POLICIES[0]).indicators[0].score
        assert repr(inside) == repr(public_score("≥3", "2", 1))
    assert repr(plain) == repr(public_score("≥3", "2", 1))


def test_band_texts_follow_the_decimal_context() -> None:
    low = D("83.33333")
    bands = (
        QualitativeBand(Band.ACHIEVED, low, 100, 100),
        QualitativeBand(Band.PARTIAL, 60, low, 70),
        QualitativeBand(Band.NOT_ACHIEVED, 0, 60, 30),
    )
    policy = attrs.evolve(Policy(), qualitative_bands=bands)
    plain = public_score("及时", "达成", 10, policy=policy).explanation
    with decimal.localcontext() as ctx:
        ctx.prec = 5  # normalize() rounds 83.33333 to 83.333
        texts = [public_score("及时", "达成", 10, policy=policy) for _ in range(2)]
    assert "[83.33333%, 100%]" in plain
    assert all("[83.333%, 100%]" in s.explanation for s in texts)
    assert public_score("及时", "达成", 10, policy=policy).explanation == plain


def _fields(score: IndicatorScore) -> dict[str, object]:
    return {f.name: getattr(score, f.name) for f in attrs.fields(IndicatorScore)}


def test_an_explanation_written_when_read_is_a_field_like_any_other() -> None:
    import copy
    import pickle
    import weakref

    from perfmodel import from_json, to_json

    def fresh() -> IndicatorScore:  # its explanation not read yet
        return public_score("≥43.2", "37.24", 10)

    eager = IndicatorScore(**_fields(fresh()))
    text = "实际 37.24 / 目标 43.2 × 10 = 8.62"
    assert eager.explanation == text
    assert fresh() == eager
    assert eager == fresh()
    assert hash(fresh()) == hash(eager)
    assert repr(fresh()) == repr(eager)
    assert pickle.loads(pickle.dumps(fresh())) == eager
    assert copy.copy(fresh()) == eager
    assert copy.deepcopy(fresh()) == eager
    assert attrs.asdict(fresh()) == attrs.asdict(eager)
    assert attrs.evolve(fresh(), points=D(1)).explanation == text
    kept = fresh()
    assert weakref.ref(kept)() is kept
    score = fresh()
    assert score.explanation is score.explanation  # written once
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        score.explanation = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError, match="'IndicatorScore' object has no attribute 'explain'"):
        score.explain  # type: ignore[attr-defined]  # noqa: B018
    ev = evaluate(_doc([("≥43.2", "37.24", None, D(10), None)]))
    assert from_json(to_json(ev)) == ev
    assert ev.indicators[0].score is not None
    assert ev.indicators[0].score.explanation == text


@settings(max_examples=100, deadline=None)
@given(rows, st.sampled_from(POLICIES))
def test_an_explanation_read_later_does_not_follow_the_context_of_the_reading(
    data: list,  # type: ignore[type-arg]
    policy: Policy,
) -> None:
    doc = _doc([(t, a, rule, m, p) for (t, a), rule, m, p in data])
    eager = [r.score.explanation for r in evaluate(doc, policy=policy).indicators if r.score]
    lazy = [r.score for r in evaluate(doc, policy=policy).indicators if r.score]
    with decimal.localcontext(decimal.Context(prec=3, Emax=9, Emin=-9, traps=[])):
        assert [s.explanation for s in lazy] == eager


def _read_into(score: IndicatorScore, texts: list[str]) -> None:
    texts.append(score.explanation)


def test_threads_reading_one_explanation_read_the_same_text() -> None:
    import sys
    import threading

    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # let the threads interleave inside the writing of the text
    try:
        for _ in range(50):
            score = public_score("≥43.2", "37.24", 10)
            texts: list[str] = []
            threads = [threading.Thread(target=_read_into, args=(score, texts)) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert texts == ["实际 37.24 / 目标 43.2 × 10 = 8.62"] * 8
    finally:
        sys.setswitchinterval(switch)


def _field_reprs(obj: object) -> list[tuple[str, str, str]]:
    """Each field's name, type and repr (Decimal equality ignores the exponent; repr does not)."""
    return [
        (f.name, type(getattr(obj, f.name)).__name__, repr(getattr(obj, f.name)))
        for f in attrs.fields(type(obj))
    ]


def test_the_built_classes_have_nothing_their_init_would_check_or_convert() -> None:
    # the builders set the fields as given: right only while __init__ would do the same, or
    # would check what is checked already (a difference's line is its indicator's, which
    # Indicator checks with the same validator; an evaluation's year is its document's)
    from perfmodel.numbers import check_count, check_year

    checked = {(PointsDifference, "line"): check_count, (Evaluation, "year"): check_year}
    for cls in (IndicatorScore, IndicatorResult, PointsDifference, Subtotal, Evaluation):
        assert not hasattr(cls, "__attrs_post_init__")
        assert not hasattr(cls, "__attrs_pre_init__")
        for field in attrs.fields(cls):
            assert field.validator is checked.get((cls, field.name)), (cls, field.name)
            assert field.converter is None, (cls, field.name)
            assert field.on_setattr in (None, attrs.setters.NO_OP), (cls, field.name)
    scoring = importlib.import_module("perfmodel.scoring.indicator")
    evaluation = importlib.import_module("perfmodel.scoring.evaluate")
    # the builders are in use (not the fallback through the slots' descriptors)
    for made, cls in (
        (scoring._new_score, IndicatorScore),
        (evaluation._new_result, IndicatorResult),
        (evaluation._new_difference, PointsDifference),
        (evaluation._new_subtotal, Subtotal),
        (evaluation._new_evaluation, Evaluation),
    ):
        assert isinstance(made, type), cls
        assert made.__bases__ == (cls,)


@settings(max_examples=200, deadline=None)
@given(rows, st.sampled_from(POLICIES), st.booleans())
def test_built_objects_are_what_their_constructors_build(
    data: list,  # type: ignore[type-arg]
    policy: Policy,
    read_first: bool,
) -> None:
    import pickle

    from perfmodel import to_dict

    doc = _doc([(t, a, rule, m, p) for (t, a), rule, m, p in data])
    ev = evaluate(doc, policy=policy)
    built_objects: list[list[object]] = [[d] for d in (*ev.differences, *ev.level1, *ev.level2)]
    for result in ev.indicators:
        score = result.score
        built_objects.append([result] if score is None else [score, result])
    for built in built_objects:
        for obj in built:
            if read_first and isinstance(obj, IndicatorScore):
                obj.explanation  # noqa: B018 - written before the comparisons
            cls = type(obj)
            public = cls(**{f.name: getattr(obj, f.name) for f in attrs.fields(cls)})
            assert type(obj) is cls
            assert _field_reprs(obj) == _field_reprs(public)
            assert obj == public
            assert public == obj
            assert hash(obj) == hash(public)
            assert repr(obj) == repr(public)
            assert attrs.asdict(obj) == attrs.asdict(public)
            assert to_dict(obj) == to_dict(public)  # cattrs
            if cls is not IndicatorResult:  # (an Indicator's pint quantities unpickle elsewhere)
                assert _field_reprs(pickle.loads(pickle.dumps(obj))) == _field_reprs(public)
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                obj.note = ""  # type: ignore[attr-defined]


def test_the_same_indicator_twice_takes_the_share_of_its_last_place() -> None:
    a = Indicator("a", "产出指标", "数量指标", parse_target("≥1"), actual=parse_actual("1"))
    b = Indicator("b", "产出指标", "数量指标", parse_target("≥1"), actual=parse_actual("1"))
    doc = Project("p", form=FormKind.PROJECT_SELF_EVALUATION, indicators=[a, b, a])
    ev = evaluate(doc)  # 50 in three: 16.67, 16.67, 16.66
    assert [r.max_points for r in ev.indicators] == [D("16.66"), D("16.67"), D("16.66")]


def _own_rule(points: Callable[[Decimal], Decimal], notes: tuple[str, ...] = ()) -> Rule:
    """A rule of one's own (not derived from the package's): ``points(分值)`` points."""

    class Own(Rule):
        code = "own"
        label = "自定"

        def apply(
            self,
            target: Target | None,
            actual: Actual,
            max_points: Decimal,
            policy: Policy,
            given: Decimal | None = None,
        ) -> Outcome | None:
            return Outcome(points(max_points), None, "按自定计", expression=False, notes=notes)

    return Own()


def test_a_rule_of_ones_own_is_applied_through_its_outcome() -> None:
    score = public_score("≥1", "1", 10, rule=_own_rule(lambda m: m / 2, ("n",)))
    assert (score.points, score.rule, score.rule_label) == (D("5.00"), "own", "自定")
    assert score.explanation == "按自定计，得 5.00 分；n"


def test_a_rule_giving_more_than_the_points_available_is_capped() -> None:
    score = public_score("≥1", "1", 10, rule=_own_rule(lambda m: m * 2))
    assert (repr(score.points), repr(score.exact)) == ("Decimal('10.00')", "Decimal('10')")


def test_a_subclass_of_a_rule_is_scored_through_its_own_apply() -> None:
    from perfmodel.scoring.rules import Positive

    @attrs.frozen(slots=True)
    class Generous(Positive):
        def apply(
            self,
            target: Target | None,
            actual: Actual,
            max_points: Decimal,
            policy: Policy,
            given: Decimal | None = None,
        ) -> Outcome | None:
            out = super().apply(target, actual, max_points, policy, given)
            return None if out is None else attrs.evolve(out, points=max_points)

    score = public_score("≥43.2", "37.24", 10, rule=Generous())
    assert score.points == D("10.00")
    assert score.explanation == "实际 37.24 / 目标 43.2 × 10 = 10.00"


@settings(max_examples=500, deadline=None)
@given(
    st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
        lambda d: d.adjusted() < 40
    )
)
def test_fmt_is_normalize_in_plain_notation(value: Decimal) -> None:
    expected = "0" if value == 0 else format(value.normalize(EXACT), "f")
    assert fmt(value) == expected


@pytest.mark.parametrize("text", ["1" * 70 + ".5", "Infinity", "-Infinity", "NaN", "1E+5"])
def test_fmt_general_path(text: str) -> None:
    value = D(text)
    assert fmt(value) == format(value.normalize(EXACT), "f")


def test_central_policy_is_a_fresh_equal_copy() -> None:
    a, b = Policy.central(), Policy.central()
    assert a == b == Policy()
    assert a is not b
    assert a.level1_weights is not b.level1_weights
    assert a.sources is not b.sources
    a.level1_weights["产出指标"] = D(1)  # a mutated copy does not leak into the next one
    assert Policy.central().level1_weights["产出指标"] == D(50)

    class Local(Policy):
        pass

    assert type(Local.central()) is Local


# --- the target grammar's table lookups and the direct quantity construction ------------------


@pytest.mark.parametrize(
    ("words", "template"),
    [
        (COMPARATOR_PREFIX_WORDS, "{w}5%"),
        (COMPARATOR_SYMBOLS, "{w}5%"),
        (COMPARATOR_SUFFIX_WORDS, "5%{w}"),
    ],
)
def test_every_comparator_word_is_read(words: dict[str, str], template: str) -> None:
    for word, code in words.items():
        target = parse_target(template.format(w=word), strict=True)
        assert target.comparator is Comparator(code), word


def test_longest_comparator_word_wins() -> None:
    assert parse_target("不低于5").comparator is Comparator.GE  # not 低于 (LT)
    assert parse_target(">=5").comparator is Comparator.GE  # not > (GT)
    assert parse_target("5及以下").comparator is Comparator.LE  # not 以下 alone: same, and
    assert parse_target("5及以下").unit_text is None  # 及 is not left behind as a unit


def test_unknown_units_are_remembered_as_unknown() -> None:
    units.is_known_unit.cache_clear()
    assert not units.is_known_unit("发生")
    assert not units.is_known_unit("发生")
    assert units.is_known_unit.cache_info().hits == 1


def test_quantities_are_what_pint_builds() -> None:
    reg = units.get_registry()
    assert units._fast_quantity
    for mag, text in [("43.00", "万平方米"), ("-1", "元/人/月"), ("0", "%"), ("2", "次/年")]:
        fast = units.quantity(mag, text)
        made = reg.Quantity(D(mag), units.unit(text))
        assert type(fast) is type(made)
        assert vars(fast) == vars(made)
        assert str(fast.to_base_units()) == str(made.to_base_units())


@pytest.mark.parametrize("source", [None, Location(file="f.txt"), Location(file="f.txt", line=4)])
@pytest.mark.parametrize("line", [None, 7])
@pytest.mark.parametrize("budget_line", [None, 2])
def test_a_diagnostic_located_in_one_step_is_what_locate_gives(
    source: Location | None, line: int | None, budget_line: int | None
) -> None:
    from perfmodel import Budget
    from perfmodel.scoring._parts import locate, located

    doc = Project("p", source=source, budget=Budget(line=budget_line))
    ind = Indicator("a", "产出指标", "数量指标", line=line)
    cases = ((ind, None), (ind, "budget"), (None, "budget"), (None, "产出指标"), (None, None))
    for indicator, field in cases:
        diag = Diagnostic(Severity.WARNING, "SC101", "m", Location(field=field), expected="1")
        # an indicator's diagnostic at its own line (else the document's) and path; a budget's
        # at the budget's line
        at_line = line if indicator is not None else None
        if at_line is None and field == "budget":
            at_line = budget_line
        at_field = ind.path if indicator is not None else field
        one_step = located(Severity.WARNING, "SC101", "m", doc, at_line, at_field, "1")
        assert one_step == locate(diag, doc, indicator)


def test_a_target_given_as_text_is_read_by_evaluate() -> None:
    actual = parse_actual("37.24")
    as_text = Indicator("a", "产出指标", "数量指标", "≥43.2", actual=actual, max_points=D(10))  # type: ignore[arg-type]
    parsed = Indicator(
        "a", "产出指标", "数量指标", parse_target("≥43.2"), actual=actual, max_points=D(10)
    )
    docs = [
        Project("p", form=FormKind.PROJECT_SELF_EVALUATION, indicators=[i])
        for i in (as_text, parsed)
    ]
    texts, objects = (evaluate(doc).indicators[0].score for doc in docs)
    assert texts is not None
    assert objects is not None
    assert _field_reprs(texts) == _field_reprs(objects)


def test_an_actual_of_zero_scores_an_exact_zero() -> None:
    score = public_score("≥10", "0", 10)
    assert (repr(score.points), repr(score.exact), score.met) == (
        "Decimal('0.00')",
        "Decimal('0')",
        False,
    )
