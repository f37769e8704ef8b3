"""Bounds on integer fields and text that JSON cannot hold (audit 2, G6)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from perfmodel import (
    Budget,
    ConstructionError,
    Indicator,
    KeyTask,
    Location,
    Project,
    SerializationError,
    Unit,
    from_dict,
    from_json,
    to_dict,
    to_json,
)
from perfmodel.numbers import MAX_COUNT, MAX_YEAR, MIN_YEAR
from perfmodel.serialize import api, from_yaml


@pytest.mark.parametrize("year", [MIN_YEAR - 1, MAX_YEAR + 1, -5, 0, 10**30])
def test_years_out_of_range_are_refused_naming_the_field(year: int) -> None:
    for cls in (Unit, Project):
        with pytest.raises(ConstructionError, match=rf"^{cls.__name__}\.year: a year must be"):
            cls("x", year=year)
    with pytest.raises(ConstructionError, match=r"Project\.goal_period: a year must be"):
        Project("x", goal_period=(2020, year) if year > 2020 else (year, 2020))


def test_the_year_bounds_are_inclusive() -> None:
    assert Unit("x", year=MIN_YEAR).year == MIN_YEAR
    assert Project("x", year=MAX_YEAR, goal_period=(MIN_YEAR, MAX_YEAR)).year == MAX_YEAR
    with pytest.raises(ConstructionError, match="must be an int, got True"):
        Unit("x", year=True)
    with pytest.raises(ConstructionError, match="goal_period must be"):
        Project("x", goal_period=(2025, 2024))
    with pytest.raises(ConstructionError, match="goal_period must be"):
        Project("x", goal_period=2025)


@pytest.mark.parametrize(
    "build",
    [
        lambda n: Unit("u", headcount=n),
        lambda n: Unit("u", departments=n),
        lambda n: Budget(line=n),
        lambda n: Indicator("i", "产出指标", "数量指标", line=n),
        lambda n: Location("f.txt", n),
    ],
)
def test_counts_are_non_negative_and_bounded(build: Any) -> None:
    assert build(MAX_COUNT) is not None
    for bad in (-1, MAX_COUNT + 1, 10**30):
        with pytest.raises(ConstructionError, match="a count must be from 0 to 999999999999999"):
            build(bad)


def test_every_admitted_integer_is_written_and_read_back() -> None:
    unit = Unit(
        "u",
        year=MAX_YEAR,
        headcount=MAX_COUNT,
        departments=0,
        key_tasks=[KeyTask("t")],
        budget=Budget(total=Decimal(1), line=MAX_COUNT),
        source=Location("f.txt", MAX_COUNT),
    )
    assert from_json(to_json(unit)) == unit
    assert json.loads(to_json(unit))["headcount"] == MAX_COUNT


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("year", "1899", "year: a year must be from 1900 to 2200, got 1899"),
        ("year", "99999999999999999999999", "year: a year must be from 1900 to 2200"),
        ("headcount", "-1", "headcount: a count must be from 0"),
        ("departments", "1" + "0" * 40, "departments: a count must be from 0"),
    ],
)
def test_json_integers_out_of_range_name_their_path(field: str, value: str, message: str) -> None:
    text = f'{{"schema":"perfmodel/1","type":"unit","name":"a","{field}":{value}}}'
    with pytest.raises(SerializationError, match=message):
        from_json(text)


def test_integers_too_long_to_convert_are_a_serialization_error() -> None:
    text = '{"schema":"perfmodel/1","type":"unit","name":"a","year":' + "9" * 5000 + "}"
    with pytest.raises(SerializationError, match="an integer of more than 4300 digits"):
        from_json(text)
    with pytest.raises(SerializationError, match="an integer of more than 4300 digits"):
        from_json(text.encode())
    with pytest.raises(SerializationError, match="YAML holds an integer of more than"):
        from_yaml("schema: perfmodel/1\ntype: unit\nname: a\nyear: " + "9" * 5000)


@pytest.fixture(params=["orjson", "json"])
def json_module(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "json":
        monkeypatch.setattr(api, "_orjson_module", None)
    elif api._orjson() is None:
        pytest.skip("orjson is not installed")
    return str(request.param)


def test_to_json_refuses_lone_surrogates_naming_the_field(json_module: str) -> None:
    message = r"name: to_json refuses a lone surrogate U\+D800 \(character 2 of the text\)"
    with pytest.raises(SerializationError, match=message):
        to_json(Project("a\ud800"))
    with pytest.raises(SerializationError, match=message):
        to_json(Project("a\ud800"), indent=2)
    with pytest.raises(SerializationError, match=r"^\[1\]\.categories\[1\]: .*U\+DC00"):
        to_json([Unit("b"), Project("p", categories=("x", "\udc00"))])
    # to_dict gives Python data, which holds any str; a pair is one character, written as such
    assert to_dict(Project("a\ud800"))["name"] == "a\ud800"
    assert json.loads(to_json(Project("a\U0001f600")))["name"] == "a\U0001f600"


@pytest.mark.parametrize(
    "text",
    [
        '{"schema":"perfmodel/1","type":"unit","name":"a\\ud800"}',
        '{"schema":"perfmodel/1","type":"unit","name":"a\\uDBFF"}',
        '{"schema":"perfmodel/1","type":"unit","name":"a\ud800"}',
        b'{"schema":"perfmodel/1","type":"unit","name":"a\\ud800"}',
        b'{"schema":"perfmodel/1","type":"unit","name":"a\xed\xa0\x80"}',
    ],
)
def test_from_json_refuses_lone_surrogates(text: str | bytes, json_module: str) -> None:
    with pytest.raises(SerializationError, match=r"^name: from_json refuses a lone surrogate"):
        from_json(text)


def test_from_json_reads_surrogate_pairs_as_one_character(json_module: str) -> None:
    text = '{"schema":"perfmodel/1","type":"unit","name":"a\\ud83d\\ude00","stated_total":"1"}'
    unit = from_json(text)
    assert unit.name == "a\U0001f600"
    assert unit.stated_total == Decimal(1)
    assert from_json(text.encode()) == unit


# Policy level-1 weights (audit 2, G9)

SEED_001 = "tests/data/seeds/001_f6d8f9a804f89db4.txt"


def _seed_001() -> Any:
    from perfmodel import read_forms

    return read_forms(SEED_001).documents[0]


def test_a_policy_weighing_an_unknown_level1_is_refused_when_scoring() -> None:
    from perfmodel import Policy, PolicyError, evaluate

    doc = _seed_001()
    assert str(evaluate(doc).total) == "93.40"
    data = dict(Policy.central().to_dict(), level1_weights={"不存在": "100"})
    policy = Policy.from_dict(data)  # a policy alone does not know the taxonomy scored with
    with pytest.raises(PolicyError, match="'不存在' is neither 预算执行率 nor a level-1"):
        evaluate(doc, policy=policy)


def test_a_custom_taxonomy_admits_its_own_level1s() -> None:
    from perfmodel import Policy, PolicyError, evaluate
    from perfmodel.vocab import DEFAULT_TAXONOMY, Taxonomy

    doc = Unit("u", indicators=[Indicator("a", "其他指标", "其他")])
    policy = Policy(level1_weights={"其他指标": 100})
    with pytest.raises(PolicyError, match="'其他指标'"):
        evaluate(doc, policy=policy)
    taxonomy = Taxonomy({**DEFAULT_TAXONOMY.tree, "其他指标": ("其他",)})
    assert evaluate(doc, policy=policy, taxonomy=taxonomy).name == "u"


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"产出指标": 0, "效益指标": "0.00"}, "level1_weights are all 0"),
        ({"产出指标": -1}, "must not be negative"),
    ],
)
def test_policies_refuse_all_zero_and_negative_weights(weights: Any, message: str) -> None:
    from perfmodel import Policy, PolicyError

    with pytest.raises(PolicyError, match=message):
        Policy(level1_weights=weights)
    with pytest.raises(PolicyError, match=message):
        Policy.from_dict(dict(Policy.central().to_dict(), level1_weights=weights))
    assert Policy(level1_weights={}).level1_weights == {}  # only the form's weights


# Number and date strings in JSON: exactly the pattern, nothing around it (audit 2, minor c)


@pytest.mark.parametrize("magnitude", ["12\n", " 12", "12 ", "\n12", "1 2", "１２", "12\r\n"])
def test_a_number_string_with_anything_around_it_is_refused(magnitude: str) -> None:
    target = {
        "kind": "quantitative",
        "text": "≥12(个)",
        "comparator": "GE",
        "quantity": {"magnitude": magnitude, "unit": "个"},
        "unit_text": "个",
    }
    indicator = {"name": "a", "level1": "产出指标", "level2": "数量指标", "target": target}
    with pytest.raises(SerializationError, match="magnitude: expected a number string"):
        from_dict(indicator, Indicator)
    with pytest.raises(SerializationError, match="total: expected a number string"):
        from_json(
            json.dumps(
                {
                    "schema": "perfmodel/1",
                    "type": "unit",
                    "name": "u",
                    "budget": {"total": magnitude},
                }
            )
        )


def test_a_date_string_with_a_newline_is_refused() -> None:
    text = '{"schema":"perfmodel/1","type":"project","name":"p","start":"2025-01-01\\n"}'
    with pytest.raises(SerializationError, match="start"):
        from_json(text)
    assert from_json(text.replace("\\n", "")).start.isoformat() == "2025-01-01"


def test_read_forms_replaces_lone_surrogates_with_a_warning() -> None:
    from perfmodel import read_forms

    seed = Path("tests/data/seeds/003_c220910399858272.txt").read_text(encoding="utf-8")
    clean = read_forms(seed)
    result = read_forms(seed.replace("规建-城市精细化管理", "规建-\ud800", 1))
    assert len(result.documents) == len(clean.documents) == 16
    (warning,) = [d for d in result.diagnostics if d.code == "R012"]
    assert warning.severity.value == "warning"
    assert "U+D800" in warning.message
    assert warning.location.line == seed[: seed.index("规建-城市精细化管理")].count("\n") + 1
    names = [d.name for d in result.documents]
    assert any("规建-\ufffd" in n for n in names)
    for doc in result.documents:
        assert from_json(to_json(doc)) == doc
    assert not [d for d in clean.diagnostics if d.code == "R012"]
