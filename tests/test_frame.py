"""score_frame(): numpy over an indicator frame gives exactly what evaluate() gives, row by row."""

from __future__ import annotations

import decimal
from decimal import Decimal

import attrs
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_frame import indicator_frame
from perfmodel import (
    Band,
    Indicator,
    IndicatorTree,
    Policy,
    Project,
    ScoringError,
    Unit,
    evaluate,
    frame,
    parse_actual,
    parse_target,
    score_indicator,
)
from perfmodel._fixed import divide, fixed_from_objects, fixed_from_series
from perfmodel.frame import OUTPUT_COLUMNS, score_frame
from perfmodel.model import FormKind
from perfmodel.scoring.policy import QualitativeBand
from perfmodel.vocab import DEFAULT_TAXONOMY

D = Decimal

FAMILIES = [
    ["", "%", "(%)"],
    ["", "个", "(个)"],
    ["", "公里", "米"],
    ["万平方米", "平方米"],
    ["月", "年"],
    ["亩", "平方米"],  # a factor no short decimal writes: the Decimal path
    ["万元", "元"],
]
COMPARATORS = ["", "=", "≥", "≤", ">", "<", "不低于", "不超过"]
WORDS = [
    "及时",
    "及 时",
    "达成",
    "部分达成",
    "未达成",
    "提升",
    "下降",
    "较上年提升",
    "持平",
    "与上年持平",
    "规范",
    "不适用",
    "/",
]
CHANGES = ["提升", "下降", "提升5%", "降低3个", "较上年提高"]
RULES = [
    None,
    None,
    None,
    "",
    "达到目标值得满分，否则不得分",
    "每降5%扣1分，扣完为止",
    "视偏差情况扣分",
    "另行商定",
]
LEVELS = [
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("效益指标", "社会效益指标"),
    ("满意度指标", "服务对象满意度指标"),
    ("投入管理指标", "预算执行"),
    ("其他指标", "其他"),
]
numbers = st.one_of(
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
    st.decimals(min_value=0, max_value=1000, places=5, allow_nan=False),
    st.integers(10**12, 10**17).map(D),  # figures whose products int64 cannot carry
)
POINTS = [D(0), D(1), D("2.5"), D(5), D("5.00"), D(10), D("3.333"), D("7.005"), D("0.00001")]
points = st.sampled_from([*POINTS, D("33.3333"), D("99999999999.99")])
POLICIES = [
    Policy.central(),
    Policy.provincial(),
    Policy.whole_points(),
    attrs.evolve(Policy(), rounding=decimal.ROUND_HALF_EVEN, decimals=1),
    attrs.evolve(Policy(), missing_actual="not_applicable", rounding=decimal.ROUND_05UP),
]


ROUNDINGS = [
    decimal.ROUND_HALF_UP,
    decimal.ROUND_HALF_EVEN,
    decimal.ROUND_HALF_DOWN,
    decimal.ROUND_UP,
    decimal.ROUND_DOWN,
    decimal.ROUND_CEILING,
    decimal.ROUND_FLOOR,
    decimal.ROUND_05UP,
]


@st.composite
def bands(draw: st.DrawFn) -> tuple[QualitativeBand, ...]:
    """Qualitative bands with other bounds and default shares (some with places)."""
    high = draw(st.sampled_from([D(80), D("75.5"), D(90)]))
    low = draw(st.sampled_from([D(60), D("50.25"), D(40)]))
    return (
        QualitativeBand(Band.ACHIEVED, high, 100, draw(st.sampled_from([D(100), high]))),
        QualitativeBand(Band.PARTIAL, low, high, draw(st.sampled_from([low, (low + high) / 2]))),
        QualitativeBand(Band.NOT_ACHIEVED, 0, low, draw(st.sampled_from([D(0), low / 3]))),
    )


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """The policies above, or a preset with its scoring parameters changed."""
    if draw(st.booleans()):
        return draw(st.sampled_from(POLICIES))
    base = draw(st.sampled_from([Policy.central(), Policy.provincial(), Policy.whole_points()]))
    changes: dict[str, object] = {}
    if draw(st.booleans()):
        changes["rounding"] = draw(st.sampled_from(ROUNDINGS))
    if draw(st.booleans()):
        changes["decimals"] = draw(st.integers(0, 4))
    if draw(st.booleans()):
        changes["reverse_rule"] = draw(st.sampled_from(["national", "ratio"]))
    if draw(st.booleans()):
        changes["missing_actual"] = draw(st.sampled_from(["zero", "not_applicable"]))
    if draw(st.booleans()):
        names = [lv[0] for lv in LEVELS if DEFAULT_TAXONOMY.is_level1(lv[0])]  # none else weighs
        weights = st.sampled_from([D(0), D(50), D("33.33"), D("12.345"), D(100)])
        drawn = draw(st.dictionaries(st.sampled_from(names), weights))
        if drawn and not any(drawn.values()):  # all 0 is refused
            drawn[next(iter(drawn))] = D(50)
        changes["level1_weights"] = drawn
    if draw(st.booleans()):
        changes["qualitative_bands"] = draw(bands())
    return attrs.evolve(base, **changes)


@st.composite
def indicators(draw: st.DrawFn, n: int) -> Indicator:
    units = draw(st.sampled_from(FAMILIES))

    def value(words: list[str]) -> str:
        if draw(st.integers(0, 3)) == 0:
            return draw(st.sampled_from(words))
        sign = "-" if draw(st.integers(0, 20)) == 0 else ""
        comparator = draw(st.sampled_from(COMPARATORS))
        return f"{comparator}{sign}{draw(numbers)}{draw(st.sampled_from(units))}"

    target = draw(st.one_of(st.none(), st.just("change"), st.just("value")))
    if target == "change":
        target_text = draw(st.sampled_from(CHANGES))
    elif target == "value":
        target_text = value(WORDS)
    else:
        target_text = None
    actual = draw(st.one_of(st.none(), st.just(1), st.just(2), st.just(3)))
    if actual == 3:  # a change stated with its amount (提升6%, 较上年减少3个)
        word = draw(st.sampled_from(["提升", "下降", "较上年增长", "减少"]))
        actual_text = f"{word}{draw(numbers)}{draw(st.sampled_from(units))}"
    elif actual is not None:
        actual_text = value(WORDS)
    level1, level2 = draw(st.sampled_from(LEVELS))
    return Indicator(
        f"i{n}",
        level1,
        level2,
        None if target_text is None else parse_target(target_text),
        actual=None if actual is None else parse_actual(actual_text),
        rule_text=draw(st.sampled_from(RULES)),
        max_points=draw(st.one_of(st.none(), st.none(), points)),
        points=draw(st.one_of(st.none(), st.none(), points)),
    )


@st.composite
def documents(draw: st.DrawFn) -> list[Unit | Project]:
    docs: list[Unit | Project] = []
    for _ in range(draw(st.integers(1, 3))):
        count = draw(st.integers(0, 7))
        inds = [draw(indicators(i)) for i in range(count)]
        level1 = draw(
            st.dictionaries(st.sampled_from([lv[0] for lv in LEVELS]), points, max_size=2)
        )
        level2 = draw(
            st.dictionaries(st.sampled_from([lv[1] for lv in LEVELS]), points, max_size=2)
        )
        tree = IndicatorTree(inds, level1, level2)
        form = draw(st.sampled_from(list(FormKind)))
        cls = Unit if form.value.startswith("unit") else Project
        docs.append(cls(f"d{len(docs)}", indicators=tree, form=form))
    return docs


def expected_rows(docs: list[Unit | Project], policy: Policy) -> list[tuple[object, ...]]:
    rows = []
    for doc in docs:
        for r in evaluate(doc, policy=policy).indicators:
            score = r.score
            rows.append(
                (
                    r.status.value,
                    r.max_points,
                    r.allocated if r.max_points is not None else False,
                    None if score is None else str(score.points),
                    None if score is None else score.met,
                    "" if score is None else score.rule,
                )
            )
    return rows


def got_rows(out: pd.DataFrame) -> list[tuple[object, ...]]:
    rows = []
    for rec in out.astype(object).to_dict("records"):
        blank = [v is None or v is pd.NA or (isinstance(v, float) and v != v) for v in rec.values()]
        clean = {k: (None if b else v) for (k, v), b in zip(rec.items(), blank, strict=True)}
        rows.append(
            (
                clean["status"],
                clean["max_points"],
                bool(clean["allocated"]),
                None if clean["points"] is None else str(clean["points"]),
                None if clean["met"] is None else bool(clean["met"]),
                clean["rule"] or "",
            )
        )
    return rows


DECIMALS = (
    "level1_weight",
    "level2_weight",
    "magnitude",
    "actual_magnitude",
    "max_points",
    "points",
)
TEXTS = ("target_kind", "comparator", "unit", "actual_kind", "actual_unit", "actual_band")


def arrow(df: pd.DataFrame) -> pd.DataFrame:
    """The frame as Parquet gives it back: decimal128 numbers, dictionary-encoded texts."""
    out = df.copy()
    for c in DECIMALS:
        out[c] = pd.arrays.ArrowExtensionArray(pa.array(df[c].tolist()))
    for c in TEXTS:
        out[c] = df[c].astype("category")
    return out


def arrow_texts(df: pd.DataFrame) -> pd.DataFrame:
    """The frame as ``read_parquet(dtype_backend="pyarrow")`` gives it: Arrow strings (and a
    dictionary column), decimals as Arrow decimals, the document as Arrow int64."""
    out = df.copy()
    for c in DECIMALS:
        out[c] = pd.arrays.ArrowExtensionArray(pa.array(df[c].tolist()))
    for c in df.columns:
        if c not in DECIMALS and df[c].dtype == object:
            values = pa.array(df[c].tolist(), pa.string())
            if c == "level1":
                values = values.dictionary_encode()
            out[c] = pd.arrays.ArrowExtensionArray(values)
    out["document"] = pd.arrays.ArrowExtensionArray(pa.array(df["document"].tolist(), pa.int64()))
    return out


def chunked(df: pd.DataFrame) -> pd.DataFrame:
    """:func:`arrow_texts` with every Arrow column cut in chunks of three rows, as Parquet's row
    groups come back (blocks then span chunks)."""
    out = arrow_texts(df)
    for c in out.columns:
        if isinstance(out[c].dtype, pd.ArrowDtype):
            whole = pa.array(out[c].array)
            if isinstance(whole, pa.ChunkedArray):
                whole = whole.combine_chunks()
            pieces = [whole.slice(i, 3) for i in range(0, len(whole), 3)]
            out[c] = pd.arrays.ArrowExtensionArray(pa.chunked_array(pieces, whole.type))
    return out


def interleaved(df: pd.DataFrame) -> list[int]:
    """Row positions taking one row of each document in turn (each document keeps its order):
    a frame whose documents are not contiguous."""
    queues = [list(rows) for _, rows in df.groupby("document", sort=False).indices.items()]
    order: list[int] = []
    while any(queues):
        for queue in queues:
            if queue:
                order.append(queue.pop(0))
    return order


def same_values(got: list[tuple[object, ...]], want: list[tuple[object, ...]]) -> None:
    assert len(got) == len(want)
    for n, (g, w) in enumerate(zip(got, want, strict=True)):
        # 分值 are compared by value: a decimal128 column holds 5 as 5.0000
        assert g[0] == w[0], (n, g, w)
        assert (g[1] is None) == (w[1] is None), (n, g, w)
        assert g[1] is None or g[1] == w[1], (n, g, w)
        assert g[2:] == w[2:], (n, g, w)


@settings(max_examples=300)  # deadlines and health checks: tests/conftest.py
@given(
    docs=documents(),
    policy=policies(),
    variant=st.sampled_from(["arrow", "arrow_texts", "chunked", "blocks", "interleaved"]),
)
def test_score_frame_equals_evaluate(
    docs: list[Unit | Project], policy: Policy, variant: str
) -> None:
    want = expected_rows(docs, policy)
    df = indicator_frame(docs)
    out = score_frame(df, policy)
    assert tuple(out.columns) == OUTPUT_COLUMNS
    assert list(out.index) == list(df.index)
    got = got_rows(out)
    same_values(got, want)
    # points are exactly evaluate's, exponent included
    assert [g[3] for g in got] == [w[3] for w in want]
    if not len(df):
        return
    if variant == "arrow":  # Parquet's types: decimal128 numbers, categorical texts
        same_values(got_rows(score_frame(arrow(df), policy)), want)
    elif variant == "arrow_texts":  # Arrow strings and decimals, as read_parquet gives them
        same_values(got_rows(score_frame(arrow_texts(df), policy)), want)
    elif variant == "chunked":  # Arrow columns in chunks, scored in blocks that span them
        rows, frame._BLOCK_ROWS = frame._BLOCK_ROWS, 4
        try:
            same_values(got_rows(score_frame(chunked(df), policy)), want)
        finally:
            frame._BLOCK_ROWS = rows
    elif variant == "blocks":  # blocks of a few rows, documents numbered from far away
        far = df.assign(document=df["document"] * 7 + 10**12)
        rows, frame._BLOCK_ROWS = frame._BLOCK_ROWS, 2
        try:
            same_values(got_rows(score_frame(far, policy)), want)
        finally:
            frame._BLOCK_ROWS = rows
    else:  # documents whose rows are not contiguous
        order = interleaved(df)
        mixed = score_frame(df.iloc[order], policy)
        assert list(mixed.index) == order
        same_values(got_rows(mixed), [want[i] for i in order])


def _frame(rows: list[tuple[str, str, str | None]], **extra: object) -> pd.DataFrame:
    inds = [
        Indicator(
            f"i{n}",
            "产出指标",
            "数量指标",
            parse_target(t),
            actual=parse_actual(a),
            max_points=None if m is None else D(m),
        )
        for n, (t, a, m) in enumerate(rows)
    ]
    doc = Project("p", indicators=IndicatorTree(inds, {"产出指标": D(50)}), **extra)  # type: ignore[arg-type]
    return indicator_frame([doc])


def test_rows_int64_cannot_carry_take_the_decimal_path() -> None:
    inds = [
        Indicator(
            "a",
            "产出指标",
            "数量指标",
            parse_target("≥3"),
            actual=parse_actual("1"),
            max_points=D("99999999999999.9999999999"),  # within bounds, beyond int64
        ),
        Indicator(
            "b",
            "产出指标",
            "数量指标",
            parse_target("≥999999999999999.9999999999"),
            actual=parse_actual("100000000000000.0000000001"),
            max_points=D(10),
        ),
        Indicator(
            "c",
            "产出指标",
            "数量指标",
            parse_target("≥12月"),
            actual=parse_actual("1年"),
            max_points=D(10),
        ),
    ]
    docs = [Project("p", indicators=inds, form=FormKind.PROJECT_SELF_EVALUATION)]
    want = expected_rows(docs, Policy())
    got = got_rows(score_frame(indicator_frame(docs)))
    same_values(got, want)


@pytest.mark.parametrize(
    ("target", "actual", "points"),
    [
        ("≥5台", "6株", "0.00"),  # units that do not convert: not compared (SC105 in evaluate)
        ("提升5%", "提升6%", "10.00"),
        ("提升5%", "下降6%", "0.00"),
        ("下降5%", "-6%", "10.00"),
        ("下降5%", "下降4%", "8.00"),
        ("≥5%", "增长6%", "10.00"),
        ("≥5%", "下降6%", "0.00"),
    ],
)
def test_change_actuals_and_incomparable_units_score_like_evaluate(
    target: str, actual: str, points: str
) -> None:
    out = score_frame(_frame([(target, actual, "10")]))
    assert str(out["points"].iloc[0]) == points
    assert str(score_indicator(target, actual, 10).points) == points


@pytest.mark.parametrize("policy", [Policy.central(), Policy.provincial(), Policy.whole_points()])
def test_targets_not_met_never_get_full_points_in_the_frame(policy: Policy) -> None:
    rows = [
        (">10", "10", "10"),  # 10 / 10 × 10, not met
        ("<10", "10", "10"),  # (1 − 0/10) × 10 or 10/10 × 10, not met
        ("=100(%)", "99.99%", "10"),  # 9.999 rounds to 10
        ("≥90%", "89.5%", "10"),  # 9.94: 10 with whole points
        ("提升5%", "4.9999%", "10"),
        (">90%", "90%", "3.333"),  # full shows as 3.33 (3 whole)
        ("=100%", "120%", "10"),  # met: full points
        ("≤60(分钟)", "1小时", "10"),  # exactly 60: met
        ("≤365(天)", "1年", "10"),  # a year has no fixed number of days: not compared
        ("提升5%", "持平", "10"),  # no change: not met
        ("下降", "与上年持平", "10"),
    ]
    inds = [
        Indicator(
            f"i{n}",
            "产出指标",
            "数量指标",
            parse_target(t),
            actual=parse_actual(a),
            max_points=D(m),
        )
        for n, (t, a, m) in enumerate(rows)
    ]
    docs = [Project("p", indicators=inds, form=FormKind.PROJECT_SELF_EVALUATION)]
    want = expected_rows(docs, policy)
    got = got_rows(score_frame(indicator_frame(docs), policy))
    same_values(got, want)
    full = [policy.quantize_within(D(m), D(m)) for _, _, m in rows]
    for (status, _, _, points, met, _), top, row in zip(got, full, rows, strict=True):
        assert status == "scored", row
        if met is False:
            assert D(points) < top, row
    assert [r[4] for r in got] == [False] * 6 + [True, True, None, False, False]


def test_floats_and_missing_columns_are_refused() -> None:
    df = _frame([("≥5", "6", "10")])
    df["max_points"] = df["max_points"].astype(float)
    with pytest.raises(ScoringError, match="inexact"):
        score_frame(df)
    with pytest.raises(ScoringError, match="missing column level2"):
        score_frame(pd.DataFrame({"level1": ["产出指标"]}))
    with pytest.raises(ScoringError, match="unknown value"):
        score_frame(pd.DataFrame({"level1": ["a"], "level2": ["b"], "target_kind": ["x"]}))


def test_decimal_text_columns_are_read_exactly() -> None:
    df = _frame([("≥90%", "45%", "10")])
    df["max_points"] = ["10.0"]
    df["magnitude"] = df["magnitude"].astype(str)
    out = score_frame(df)
    assert str(out["points"].iloc[0]) == "5.00"


@pytest.mark.parametrize(
    "rounding",
    [
        decimal.ROUND_HALF_UP,
        decimal.ROUND_HALF_EVEN,
        decimal.ROUND_HALF_DOWN,
        decimal.ROUND_UP,
        decimal.ROUND_DOWN,
        decimal.ROUND_CEILING,
        decimal.ROUND_FLOOR,
        decimal.ROUND_05UP,
    ],
)
def test_integer_division_rounds_like_decimal(rounding: str) -> None:
    rng = np.random.default_rng(7)
    n = rng.integers(0, 10**9, 2000)
    d = rng.integers(1, 10**4, 2000)
    n[:20] = d[:20] * 5 // 2  # ties
    got = divide(n, d, rounding)
    want = [
        int((D(int(a)) / D(int(b))).quantize(D(1), rounding=rounding))
        for a, b in zip(n, d, strict=True)
    ]
    assert got.tolist() == want


def test_fixed_point_columns() -> None:
    f = fixed_from_objects([D("1.5"), None, 3, D("NaN"), float("nan"), "2.25", pd.NA])
    assert f.ints.tolist() == [150, 0, 300, 0, 0, 225, 0]
    assert f.valid.tolist() == [True, False, True, False, False, True, False]
    with pytest.raises(ScoringError):
        fixed_from_objects([D("Infinity")])
    with pytest.raises(ScoringError):
        fixed_from_objects([1.5])
    with pytest.raises(ScoringError):
        fixed_from_objects(["abc"])
    with pytest.raises(ScoringError):
        fixed_from_objects([object()])
    big = fixed_from_objects([D("1E-25"), D(1)])
    assert big.unfit.tolist() == [True, False]
    ints = fixed_from_series(pd.Series([1, 2], dtype="Int64"))
    assert ints.ints.tolist() == [1, 2]
    wide = pd.Series(
        pd.arrays.ArrowExtensionArray(pa.array([D("1.5"), None], pa.decimal256(40, 2)))
    )
    assert fixed_from_series(wide).ints.tolist() == [150, 0]
    huge = pd.Series(pd.arrays.ArrowExtensionArray(pa.array([D(10) ** 30], pa.decimal128(38, 0))))
    assert fixed_from_series(huge).unfit.tolist() == [True]
    assert fixed_from_series(pd.Series([3, 4])).ints.tolist() == [3, 4]
    with pytest.raises(ScoringError):
        fixed_from_series(pd.Series([1.5]))
