"""pandas frames: stable columns, exact decimals, and documents rebuilt from frames."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import attrs
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from perfmodel import (
    Budget,
    FormKind,
    Indicator,
    IndicatorTree,
    Project,
    SerializationError,
    Unit,
    parse_target,
    read_forms,
)
from perfmodel.serialize import budgets_frame, from_frame, to_frame
from perfmodel.serialize.frame import BUDGET_COLUMNS, INDICATOR_COLUMNS
from strategies import documents

SEEDS = sorted((Path(__file__).parent / "data" / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def docs() -> list[Unit | Project]:
    return [d for seed in SEEDS for d in read_forms(seed).documents]


def _frame_fields(doc: Unit | Project) -> Unit | Project:
    """What the two frames carry without a base: identity, budget and indicators."""
    cls = type(doc)
    return cls(doc.name, year=doc.year, form=doc.form, budget=doc.budget, indicators=doc.indicators)


def test_one_row_per_indicator_with_stable_columns(docs: list[Unit | Project]) -> None:
    frame = to_frame(docs)
    assert tuple(frame.columns) == INDICATOR_COLUMNS
    assert len(frame) == sum(len(d.indicators) for d in docs)
    for column in ("document", "year", "line"):
        assert str(frame[column].dtype) == "Int64"
    for column in ("magnitude", "max_points", "level1_weight", "indicator", "actual"):
        assert frame[column].dtype == object
    row = frame[(frame.document_name == docs[1].name) & (frame.indicator == "行道树养护株数")]
    assert row.iloc[0][
        ["target", "comparator", "magnitude", "unit", "actual", "max_points"]
    ].tolist() == [
        "=14481.00(株)",
        "EQ",
        Decimal("14481.00"),
        "株",
        "=14481.00(株)",
        Decimal("1"),
    ]
    assert row.iloc[0]["level1_weight"] == Decimal("25")
    assert row.iloc[0]["points"] is None  # blank is None, not NaN and not 0
    assert all(isinstance(m, Decimal) for m in frame["magnitude"] if m is not None)


def test_budgets_frame(docs: list[Unit | Project]) -> None:
    frame = budgets_frame(docs)
    assert tuple(frame.columns) == BUDGET_COLUMNS
    assert len(frame) == len(docs)
    assert frame.loc[1, "adjustment"] == Decimal("-8038300.00")
    assert frame.loc[1, "stated_rate"] == Decimal("0.9723")
    assert frame.loc[0, "adjusted"] is None


def test_seed_documents_come_back_from_frames(docs: list[Unit | Project]) -> None:
    frame, budgets = to_frame(docs), budgets_frame(docs)
    assert from_frame(frame, base=docs) == docs
    assert from_frame(frame, budgets=budgets, base=docs) == docs
    assert from_frame(frame, budgets=budgets) == [_frame_fields(d) for d in docs]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_document_comes_back_from_frames(doc: Unit | Project) -> None:
    tree = doc.indicators
    used1 = {i.level1 for i in tree}
    used2 = {i.level2 for i in tree}
    # weights of levels without indicators have no row to live on
    doc = attrs.evolve(
        doc,
        indicators=IndicatorTree(
            tree.indicators,
            {k: v for k, v in tree.level1_weights.items() if k in used1},
            {k: v for k, v in tree.level2_weights.items() if k in used2},
        ),
    )
    assert from_frame(to_frame([doc]), base=[doc]) == [doc]
    assert from_frame(to_frame([doc]), budgets=budgets_frame([doc])) == [_frame_fields(doc)]


def test_edited_frames_are_read_strictly() -> None:
    doc = Project(
        "p",
        year=2025,
        indicators=[Indicator("满意度", "满意度指标", "服务对象满意度指标", parse_target("≥90%"))],
    )
    frame = to_frame([doc])

    def fails(column: str, value: object, message: str) -> None:
        bad = frame.copy()
        bad[column] = pd.Series([value], dtype=object)
        with pytest.raises(SerializationError, match=re.escape(message)):
            from_frame(bad)

    fails("max_points", 2.5, "row 0, column max_points: expected a Decimal (exact), got 2.5")
    fails("magnitude", "x", "column magnitude: expected a Decimal")
    fails("comparator", "GT=", "column comparator: expected one of 'EQ', ")
    fails("indicator", 3, "column indicator: expected text, got 3 (int)")
    fails("indicator", None, "indicator, level1 and level2 must not be blank")
    fails("document_type", "program", "expected 'unit' or 'project'")
    fails("document_name", None, "document_name: must not be blank")
    fails("line", "3", "column line: expected an integer")
    fails("document", None, "column document: must not be blank")
    with pytest.raises(SerializationError, match="missing columns magnitude"):
        from_frame(frame.drop(columns=["magnitude"]))
    edited = frame.copy()
    edited["max_points"] = pd.Series(["10"], dtype=object)
    edited["actual"] = pd.Series(["95%"], dtype=object)
    edited["actual_kind"] = pd.Series(["quantitative"], dtype=object)
    edited["actual_magnitude"] = pd.Series([95], dtype=object)
    edited["actual_unit"] = pd.Series(["%"], dtype=object)
    rebuilt = from_frame(edited)[0].indicators[0]
    assert rebuilt.max_points == Decimal(10)
    assert rebuilt.actual is not None
    assert rebuilt.actual.magnitude == Decimal(95)


def test_weights_must_agree_and_positions_must_exist() -> None:
    tree = IndicatorTree(
        [Indicator("a", "产出指标", "数量指标"), Indicator("b", "产出指标", "质量指标")],
        level1_weights={"产出指标": 50},
    )
    doc = Unit("u", indicators=tree, form=FormKind.UNIT_SELF_EVALUATION)
    frame = to_frame([doc])
    frame.loc[1, "level1_weight"] = Decimal(40)
    with pytest.raises(SerializationError, match="产出指标 has weight 50 on an earlier row"):
        from_frame(frame)
    with pytest.raises(SerializationError, match="document 0 is not a position in base"):
        from_frame(to_frame([doc]), base=[])
    empty = Unit("e", budget=Budget(total=Decimal(1)))
    rebuilt = from_frame(to_frame([doc, empty]), budgets=budgets_frame([doc, empty]))
    assert rebuilt[1] == empty
    assert from_frame(to_frame([doc]), base=[doc, empty]) == [doc, empty]


def test_cells_of_the_wrong_kind() -> None:
    doc = Project("p", indicators=[Indicator("a", "产出指标", "数量指标")])
    frame = to_frame([doc])
    frame["nature"] = pd.Series([["定量"]], dtype=object)
    with pytest.raises(
        SerializationError, match=re.escape("column nature: expected text, got ['定量']")
    ):
        from_frame(frame)
    budgets = budgets_frame([doc])
    budgets["document"] = pd.array([None], dtype="Int64")
    with pytest.raises(SerializationError, match="budgets frame row 0, column document"):
        from_frame(to_frame([doc]), budgets=budgets)
