"""The JSON fast paths refuse broken input as the converter does: the same outcome, and the same
message with the same JSON paths, for hypothesis-generated broken documents and parts and for
texts that orjson and the standard library's parser read differently.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmodel import (
    Actual,
    Budget,
    Indicator,
    IndicatorTree,
    Project,
    ReadResult,
    Target,
    Unit,
)
from perfmodel.errors import SerializationError
from perfmodel.serialize import from_dict, from_json, to_dict, to_json
from strategies import actuals, budgets, documents, indicators, read_results, targets, texts, trees
from test_serialize_fast import assert_same, converter_only, outcome, stdlib_json

# ---------------------------------------------------------------------------------------------
# Broken input: the same outcome and the same message
# ---------------------------------------------------------------------------------------------

#: Texts that mean something somewhere in the format (codes, numbers, units, dates …).
SPECIAL = [
    "",
    " ",
    "12",
    "-0.50",
    "1E+3",
    "12\n",
    " 12",
    "1_000",
    "１２",
    "1,000",
    "NaN",
    "Infinity",
    "%",
    "个",
    "yuan / month / person",
    "furlong",
    "1(年)",
    "quantitative",
    "qualitative",
    "GE",
    "up",
    "achieved",
    "project",
    "unit",
    "project_self_evaluation",
    "2025-01-01",
    "2025-13-01",
    "≥90%",
    "部分达成",
    "perfmodel/1",
    "perfmodel/0",
]
KEYS = ["type", "schema", "name", "magnitude", "unit", "quantity", "target", "total", "nmae"]
LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([2**63, 2**64, -(2**63) - 1, 10**30, -1])
    | st.floats()
    | st.sampled_from(SPECIAL)
    | texts(max_size=8)
)
JSON_VALUES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(KEYS) | texts(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _spots(data: Any) -> Iterator[tuple[Any, Any]]:
    """(container, key or index) of every value inside ``data``."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield data, key
            yield from _spots(value)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield data, index
            yield from _spots(value)


@st.composite
def broken(draw: st.DrawFn, parts: st.SearchStrategy[Any]) -> Any:
    """The data of a valid object with one to three values replaced, removed or added."""
    data: Any = to_dict(draw(parts))
    for _ in range(draw(st.integers(1, 3))):
        spots = list(_spots(data))
        if not spots:
            return draw(JSON_VALUES)
        container, key = draw(st.sampled_from(spots))
        action = draw(st.sampled_from(["replace", "replace", "remove", "add"]))
        if action == "replace":
            container[key] = draw(JSON_VALUES)
        elif action == "remove":
            del container[key]
        elif isinstance(container, dict):
            container[draw(st.sampled_from(KEYS) | texts(max_size=6))] = draw(JSON_VALUES)
        else:
            container.insert(key, draw(JSON_VALUES))
    return data


def _assert_read_alike(data: Any, cls: Any) -> None:
    text = json.dumps(data, ensure_ascii=False)
    with converter_only():
        expected = outcome(from_dict, copy.deepcopy(data), cls)
        expected_json = outcome(from_json, text, cls)
    assert_same(outcome(from_dict, copy.deepcopy(data), cls), expected)
    assert_same(outcome(from_json, text, cls), expected_json)
    with stdlib_json():
        assert_same(outcome(from_json, text, cls), expected_json)


@settings(max_examples=400)
@given(broken(documents()), st.sampled_from([None, "own", Unit | Project]))
def test_broken_documents_are_refused_with_the_same_message(data: Any, how: Any) -> None:
    cls = how
    if how == "own":
        cls = Unit if isinstance(data, dict) and data.get("type") == "unit" else Project
    _assert_read_alike(data, cls)


@settings(max_examples=300)
@given(
    st.sampled_from([Indicator, Target, Actual, Budget, IndicatorTree]).flatmap(
        lambda cls: st.tuples(
            st.just(cls),
            broken(
                {
                    Indicator: indicators(),
                    Target: targets(),
                    Actual: actuals(),
                    Budget: budgets(),
                    IndicatorTree: trees(),
                }[cls]
            ),
        )
    )
)
def test_broken_parts_are_refused_with_the_same_message(case: tuple[type, Any]) -> None:
    cls, data = case
    _assert_read_alike(data, cls)


@settings(max_examples=150)
@given(broken(read_results()), st.sampled_from([None, ReadResult]))
def test_broken_read_results_are_refused_with_the_same_message(data: Any, cls: Any) -> None:
    _assert_read_alike(data, cls)


# to_json(Project("p", budget=Budget(total=Decimal(1)))), written without perfmodel's serializer
# (so that importing this module builds no fast path; checked in the test below)
_FIELDS = {f.name: None for f in attrs.fields(Project)}
BASE = json.dumps(
    {"schema": "perfmodel/1", "type": "project"}
    | _FIELDS
    | {
        "name": "p",
        "categories": [],
        "budget": {f.name: None for f in attrs.fields(Budget)} | {"total": "1"},
        "indicators": {"indicators": [], "level1_weights": {}, "level2_weights": {}},
        "form": "project_declaration",
    },
    separators=(",", ":"),
)


@pytest.mark.parametrize(
    "text",
    [
        BASE.replace('"total":"1"', f'"total":{10**30}'),  # orjson reads it as a float
        BASE.replace('"total":"1"', f'"total":{2**64}'),
        BASE.replace('"year":null', f'"year":{2**70}'),
        BASE.replace('"year":null', f'"year":{-(2**63) - 1}'),
        BASE.replace('"year":null', '"year":1e400'),
        BASE.replace('"year":null', '"year":NaN'),
        BASE.replace('"year":null', '"year":-Infinity'),
        BASE.replace('"name":"p"', '"name":"\\ud800"'),  # a lone surrogate, refused by orjson
        BASE.replace('"name":"p"', '"name":"p","name":"q"'),  # the last of duplicate keys
        BASE.replace('"name":"p"', '"name":"\\u0000"'),
        BASE.replace('"perfmodel/1"', '"perfmodel/0"'),
        "\ufeff" + BASE,
        BASE + " ",
        BASE + "x",
        BASE[:-1],
        "[" + BASE + "," + BASE + "]",
        "[" + BASE + ",3]",
        "[" * 5000 + "]" * 5000,
        "",
        "3",
        '"≥90%"',
    ],
)
def test_texts_orjson_and_json_read_differently(text: str) -> None:
    assert to_json(Project("p", budget=Budget(total=Decimal(1)))) == BASE
    with converter_only():
        expected = outcome(from_json, text)
        expected_bytes = outcome(from_json, text.encode("utf-8", "surrogatepass"))
        expected_target = outcome(from_json, text, Target)
    assert_same(outcome(from_json, text), expected)
    assert_same(outcome(from_json, text.encode("utf-8", "surrogatepass")), expected_bytes)
    assert_same(outcome(from_json, text, Target), expected_target)
    with stdlib_json():
        assert_same(outcome(from_json, text), expected)


def test_utf16_bytes_and_big_integers_are_read_as_json_reads_them() -> None:
    big = 999_999_999_999_999  # the largest whole figure perfmodel admits (below 10^15)
    text = BASE.replace('"total":"1"', f'"total":{big}')
    doc = from_json(text.encode("utf-16"))
    assert doc.budget.total == Decimal(big)
    assert from_json(text).budget.total.as_tuple() == Decimal(big).as_tuple()
    # beyond 64 bits (orjson refuses it, the json module reads it): out of range either way
    huge = BASE.replace('"total":"1"', f'"total":{10**30}')
    for source in (huge, huge.encode("utf-16")):
        with pytest.raises(SerializationError, match=r"budget\.total"):
            from_json(source)
