"""score_frame() on the rarer paths: figures int64 cannot carry, group keys too sparse to count
in a table, many unit pairs, blocks of a few rows, the Decimal-object reader. Each checks the
result against evaluate(), row by row, like tests/test_frame.py."""

from __future__ import annotations

import decimal
from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from indicator_frame import indicator_frame
from perfmodel import (
    Indicator,
    IndicatorTree,
    Policy,
    Project,
    ScoringError,
    frame,
    parse_actual,
    parse_target,
)
from perfmodel import _frame_rules as rules
from perfmodel._fixed import fixed_from_objects, fixed_from_series
from perfmodel.model import FormKind
from test_frame import arrow, expected_rows, got_rows, same_values

D = Decimal
SELF = FormKind.PROJECT_SELF_EVALUATION


#: The largest figure perfmodel admits (below 10^15, 10 places): 24 digits, beyond int64.
HUGE = D("99999999999999.9999999999")


def _indicator(
    n: int, target: str, actual: str, level1: str = "产出指标", **kw: object
) -> Indicator:
    return Indicator(
        f"i{n}", level1, "数量指标", parse_target(target), actual=parse_actual(actual), **kw
    )


def _check(docs: list[Project], policy: Policy | None = None) -> pd.DataFrame:
    pol = policy or Policy.central()
    df = indicator_frame(docs)
    want = expected_rows(docs, pol)
    same_values(got_rows(frame.score_frame(df, pol)), want)
    same_values(got_rows(frame.score_frame(arrow(df), pol)), want)
    return df


def test_weights_int64_cannot_carry_are_allocated_in_decimal() -> None:
    long = D("333333333.3333333333")  # 19 digits: more than int64 carries at this scale
    inds = [_indicator(i, "≥90%", f"{80 + i}%") for i in range(4)]
    inds.append(_indicator(9, "≥90%", "95%", max_points=D("7.5")))
    docs = [
        Project("long weight", indicators=IndicatorTree(inds, {"产出指标": long}), form=SELF),
        Project("plain", indicators=IndicatorTree(inds[:3]), form=SELF),
        Project("huge", indicators=IndicatorTree(inds[:2], {"产出指标": HUGE}), form=SELF),
    ]
    _check(docs)


def test_stated_points_int64_cannot_carry_share_their_level() -> None:
    inds = [
        _indicator(0, "≥3", "1", max_points=D("999999999.9999999999")),
        _indicator(1, "≥3", "2"),
        _indicator(2, "≤5", "7"),
        _indicator(3, "及时", "部分达成", level1="效益指标"),
    ]
    _check([Project("p", indicators=IndicatorTree(inds, {"产出指标": D(50)}), form=SELF)])


def test_sums_beyond_float_precision_stay_exact() -> None:
    inds = [_indicator(i, "≥90%", "85%", max_points=D(10) ** 12 + i) for i in range(3)]
    inds += [_indicator(5, "≥90%", "85%"), _indicator(6, "≥90%", "80%", max_points=D("0.00001"))]
    weights = {"产出指标": D(10) ** 13}
    _check([Project("p", indicators=IndicatorTree(inds, weights), form=SELF)])


def test_group_keys_too_sparse_for_a_table() -> None:
    # 200 documents of one row, each with its own level-1 and level-2 names and weights
    docs = []
    for n in range(200):
        level1, level2 = f"一级{n}", f"二级{n}"
        inds = [
            Indicator(f"i{n}", level1, level2, parse_target("≥90%"), actual=parse_actual("81%")),
            Indicator(f"j{n}", level1, "其他", parse_target("≤5天"), actual=parse_actual("6天")),
        ]
        tree = IndicatorTree(inds, {level1: D(n % 7 + 1)}, {level2: D("0.5")})
        docs.append(Project(f"p{n}", indicators=tree, form=SELF))
    _check(docs)


def test_many_unit_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules, "_DENSE_PAIRS", 0)  # the pairs looked up by sorting
    inds = [
        _indicator(0, "≥5公里", "4500米"),
        _indicator(1, "≥3万平方米", "25000平方米"),
        _indicator(2, "≥2亩", "1000平方米"),
        _indicator(3, "≥12月", "1年"),
    ]
    _check([Project("p", indicators=IndicatorTree(inds), form=SELF)])


def test_blocks_of_a_few_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.data import make_projects

    monkeypatch.setattr(frame, "_BLOCK_ROWS", 16)
    docs = make_projects(400, per_project=7, seed=5, written=0.05, given=0.4)
    df = _check(docs, Policy.provincial())
    far = df.assign(document=df["document"] * 10**9 + 5)  # renumbered
    same_values(
        got_rows(frame.score_frame(far, Policy.provincial())),
        expected_rows(docs, Policy.provincial()),
    )


def test_negative_points_are_refused_like_score_indicator() -> None:
    df = indicator_frame([Project("p", indicators=[_indicator(0, "≥90%", "95%", max_points=D(5))])])
    df["max_points"] = [D(-5)]
    with pytest.raises(ScoringError, match="negative"):
        frame.score_frame(df)


def test_given_points_int64_cannot_carry_go_the_decimal_way() -> None:
    inds = [
        Indicator(
            "a",
            "产出指标",
            "质量指标",
            parse_target("及时"),
            actual=parse_actual("达成"),
            max_points=HUGE,
            points=HUGE - 1,
        ),
        Indicator(
            "b",
            "产出指标",
            "质量指标",
            parse_target("规范"),
            actual=parse_actual("规范"),
            max_points=D(10),
            points=D("8.5"),
        ),
    ]
    _check([Project("p", indicators=inds, form=SELF)])


def test_decimal_objects_read_by_arrow_or_value_by_value() -> None:
    fast = fixed_from_objects([D("1.5"), None, 2, float("nan"), pd.NA, D("NaN")])
    assert fast.ints.tolist() == [15, 0, 20, 0, 0, 0]
    assert fast.valid.tolist() == [True, False, True, False, False, False]
    # a later value with more places than the first ones: the scale is found from all
    later = fixed_from_objects([D("1.5")] * 300 + [D("0.125")])
    assert later.scale == 3
    assert later.ints[[0, -1]].tolist() == [1500, 125]
    wide = fixed_from_objects([D(1), D(10) ** 30])  # beyond int64: marked, not wrong
    assert wide.unfit.tolist() == [False, True]
    np_ints = fixed_from_objects([np.int64(3), D("0.5")])  # not Arrow's: value by value
    assert np_ints.ints.tolist() == [30, 5]
    blank = fixed_from_series(pd.Series(pd.arrays.ArrowExtensionArray(pa.nulls(3))))
    assert blank.valid.tolist() == [False] * 3
    places = pa.array([D(1), D("1E-25")], pa.decimal128(38, 25))  # 25 places: value by value
    many = fixed_from_series(pd.Series(pd.arrays.ArrowExtensionArray(places)))
    assert many.unfit.tolist() == [False, True]
    assert many.ints[0] == 10**18


@pytest.mark.parametrize("rounding", [decimal.ROUND_HALF_EVEN, decimal.ROUND_UP])
def test_points_with_more_places_than_the_policy(rounding: str) -> None:
    inds = [
        _indicator(0, "≥90%", "45%", max_points=D("3.333")),
        _indicator(1, "≤10", "15", max_points=D("7.005")),
        _indicator(2, "及时", "部分达成", max_points=D("0.005")),
    ]
    policy = Policy(rounding=rounding, decimals=1)
    _check([Project("p", indicators=inds, form=SELF)], policy)


def test_arrow_dictionaries_with_unsigned_indices_and_blanks() -> None:
    inds = [_indicator(0, "≥90%", "45%", max_points=D(10)), _indicator(1, "及时", "达成")]
    docs = [Project("p", indicators=inds, form=SELF)]
    df = indicator_frame(docs)
    want = expected_rows(docs, Policy.central())
    for name in ("comparator", "target_kind", "actual_band"):
        values = pa.array(df[name].tolist(), pa.string()).dictionary_encode()
        indices = values.indices.cast(pa.uint8())
        uint = pa.DictionaryArray.from_arrays(indices, values.dictionary)
        df[name] = pd.arrays.ArrowExtensionArray(uint)
    assert df["comparator"].isna().tolist() == [False, True]
    same_values(got_rows(frame.score_frame(df)), want)
