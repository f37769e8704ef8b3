"""The importer against hand-made expected files (tests/expected/*.json, see CONVENTIONS.md)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from perfmodel import Project, Unit, read_forms

DATA = Path(__file__).parent / "data" / "seeds"
EXPECTED = Path(__file__).parent / "expected"
SEEDS = sorted(DATA.glob("*.txt"))
BUDGET_FIELDS = [
    "total",
    "fiscal",
    "other",
    "basic",
    "project",
    "annual_total",
    "annual_fiscal",
    "carryover",
    "annual_other",
    "initial",
    "adjustment",
    "adjusted",
    "executed",
    "stated_rate",
    "basic_executed",
    "basic_stated_rate",
    "project_executed",
    "project_stated_rate",
]


def _expected(seed: Path) -> dict:
    return json.loads((EXPECTED / f"{seed.stem}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=SEEDS, ids=[s.name for s in SEEDS])
def seed(request: pytest.FixtureRequest) -> tuple[Path, dict, list[Unit | Project]]:
    path = request.param
    result = read_forms(path)
    assert not result.errors, [str(d) for d in result.errors]
    return path, _expected(path), result.documents


def test_every_seed_has_an_expected_file() -> None:
    assert SEEDS
    for path in SEEDS:
        assert (EXPECTED / f"{path.stem}.json").is_file()


def test_form_count_and_headers(seed: tuple[Path, dict, list[Unit | Project]]) -> None:
    _, expected, docs = seed
    assert len(docs) == len(expected["forms"])
    for doc, form in zip(docs, expected["forms"], strict=True):
        assert doc.form.value == form["kind"]
        assert doc.name == form["name"]
        assert doc.year == form["year"]
        if isinstance(doc, Project):
            assert doc.department == form["department"]
            assert doc.implementer == form["implementer"]
            assert doc.start == (dt.date.fromisoformat(form["start"]) if form["start"] else None)
            assert doc.end == (dt.date.fromisoformat(form["end"]) if form["end"] else None)
            if "categories" in form:
                assert list(doc.categories) == form["categories"]
            if "nature" in form:
                assert doc.nature == form["nature"]
            if "period" in form:
                assert list(doc.goal_period or ()) == form["period"]
        else:
            assert form["unit"] == doc.name
            for key in ("headcount", "departments", "funding_method"):
                if key in form:
                    assert getattr(doc, key) == form[key], key
            if "key_tasks" in form:
                assert [[t.name, t.content] for t in doc.key_tasks] == form["key_tasks"]


def test_budget_figures_exact(seed: tuple[Path, dict, list[Unit | Project]]) -> None:
    _, expected, docs = seed
    for doc, form in zip(docs, expected["forms"], strict=True):
        stated = form["budget"]
        for field in BUDGET_FIELDS:
            got = getattr(doc.budget, field)
            want = stated.get(field)
            want_d = None if want is None else Decimal(want)
            assert got == want_d, f"{doc.name}: budget.{field} = {got}, expected {want_d}"


def test_every_indicator_in_place(seed: tuple[Path, dict, list[Unit | Project]]) -> None:
    _, expected, docs = seed
    for doc, form in zip(docs, expected["forms"], strict=True):
        got = [
            [i.level1, i.level2, i.name, None if i.target is None else i.target.text]
            for i in doc.indicators
        ]
        want = [row[:4] for row in form["indicators"]]
        assert got == want, doc.name
        assert len(doc.indicators) == form["indicator_count"]


def test_self_evaluation_actuals_points_and_weights(
    seed: tuple[Path, dict, list[Unit | Project]],
) -> None:
    _, expected, docs = seed
    for doc, form in zip(docs, expected["forms"], strict=True):
        if form["kind"] != "unit_self_evaluation":
            continue
        assert {k: Decimal(v) for k, v in form["weights"].items()} == doc.indicators.level1_weights
        for ind, row in zip(doc.indicators, form["indicators"], strict=True):
            actual, points = row[4], row[5]
            assert (None if ind.actual is None else ind.actual.text) == actual, ind.name
            assert ind.max_points == (None if points is None else Decimal(points)), ind.name


def test_extra_columns_of_the_detailed_layout(
    seed: tuple[Path, dict, list[Unit | Project]],
) -> None:
    _, expected, docs = seed
    natures = {"定量指标": "定量", "定性指标": "定性", None: None}
    for doc, form in zip(docs, expected["forms"], strict=True):
        rows = [r for r in form["indicators"] if len(r) == 8]
        if not rows:
            continue
        for ind, row in zip(doc.indicators, form["indicators"], strict=True):
            nature, direction, unit, rule = row[4:]
            assert ind.nature == natures[nature], ind.name
            assert ind.comparator_text == direction, ind.name
            assert ind.unit == unit, ind.name
            assert ind.rule_text == rule, ind.name
