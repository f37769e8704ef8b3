"""The fast readers build objects with a builder and skip the validators their own reading has
shown to pass (perfmodel.serialize._fastbuild): the skipped checks are implied, and a document
that one of them refuses is still refused, with the converter's message and JSON path.
"""

from __future__ import annotations

import copy
import json
import pickle
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmodel import (
    Budget,
    Comparator,
    Indicator,
    Project,
    Target,
    TargetKind,
    parse_actual,
    parse_target,
)
from perfmodel import units as U
from perfmodel._build import subclass
from perfmodel.errors import ConstructionError, SerializationError
from perfmodel.model import _decimal_or_none, _non_empty, _non_negative
from perfmodel.numbers import (
    MAX_DECIMALS,
    MAX_MAGNITUDE,
    PLAIN_LENGTH,
    check_count,
    check_figure,
    check_year,
)
from perfmodel.serialize import _fastgen, from_dict, from_json, make_converter, to_dict, to_json
from perfmodel.serialize._fastbuild import (
    DECIMAL_CHECKS,
    PASS_NONE,
    QUANTITY_CHECKS,
    proves_figure,
)
from perfmodel.serialize._fastgen import generate
from perfmodel.targets import _check_quantity
from test_serialize_fast import api, assert_same, converter_only, outcome


@attrs.frozen
class _Holder:
    """Stands for the instance a validator is given (its name is only used in messages)."""

    amount: Decimal | None = None


_ATTRIBUTE = attrs.fields(_Holder).amount


def _passes(check: Any, value: Any) -> bool:
    try:
        check(_Holder(), _ATTRIBUTE, value)
    except ConstructionError:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# What the readers skip is implied by what they checked
# ---------------------------------------------------------------------------------------------


def test_the_plain_length_follows_the_figure_bounds() -> None:
    assert PLAIN_LENGTH == min(MAX_DECIMALS + 1, MAX_MAGNITUDE.adjusted()) == 11
    # the bound is tight: one character more and a plain string may be refused
    assert not _passes(check_figure, Decimal("." + "1" * PLAIN_LENGTH))
    assert _passes(check_figure, Decimal("." + "1" * (PLAIN_LENGTH - 1)))
    assert _passes(check_figure, Decimal("9" * PLAIN_LENGTH))


@settings(max_examples=500)
@given(st.text(alphabet="0123456789.", min_size=1, max_size=PLAIN_LENGTH + 4))
def test_a_plain_decimal_string_the_reader_trusts_passes_every_figure_check(text: str) -> None:
    if not proves_figure(text):
        return
    value = Decimal(text)
    assert _passes(check_figure, value)
    assert _passes(_non_negative, value)
    assert _passes(_check_quantity, U.quantity_of(value, U.unit("%")))


@pytest.mark.parametrize(
    "text", ["-1", "+1", "1E+3", "１２", "١٢", "1.2.3", "", ".", "123456789012"]
)
def test_other_strings_are_not_trusted(text: str) -> None:
    assert not proves_figure(text)


def test_the_validators_known_to_pass_none_do() -> None:
    assert DECIMAL_CHECKS | QUANTITY_CHECKS <= PASS_NONE  # a figure read may be None
    assert {check_figure, _non_negative, _check_quantity, check_count, check_year} == PASS_NONE
    for check in PASS_NONE:
        assert _passes(check, None)


# ---------------------------------------------------------------------------------------------
# Documents the skipped checks would refuse are refused as the converter refuses them
# ---------------------------------------------------------------------------------------------

#: Figures around the bounds: long but admitted, too large, too many decimals, negative …
FIGURES = [
    "123456789.00",
    "999999999999999.99",
    "1000000000000000",
    "0.00000000001",
    "0.0000000001",
    "1.123456789012",
    "-1",
    "-0.00",
    "1E+15",
    "1E-11",
    "00000000012",
    12,
    -3,
    10**15,
]


def _indicator(**fields: Any) -> dict[str, Any]:
    return to_dict(Indicator("a", "b", "c")) | fields


def _quantity(magnitude: Any) -> dict[str, Any]:
    return {"magnitude": magnitude, "unit": "%"}


def _documents(figure: Any) -> list[tuple[dict[str, Any], Any]]:
    target = to_dict(parse_target("≥90%")) | {"quantity": _quantity(figure)}
    actual = to_dict(parse_actual("95%")) | {"quantity": _quantity(figure)}
    project = to_dict(Project("p", indicators=(Indicator("a", "b", "c"),)))
    inside = copy.deepcopy(project)
    inside["indicators"]["indicators"][0]["points"] = figure
    targeted = copy.deepcopy(project)
    targeted["indicators"]["indicators"][0]["target"] = target
    return [
        (_indicator(max_points=figure), Indicator),
        ({"name": "a", "level1": "b", "level2": "c", "points": figure}, Indicator),
        (_indicator(target=target), Indicator),
        (_indicator(actual=actual), Indicator),
        ({"kind": "quantitative", "quantity": _quantity(figure)}, Target),
        ({"total": figure}, Budget),
        ({"adjustment": figure}, Budget),
        (to_dict(Budget()) | {"executed": figure}, Budget),
        (inside, None),
        (targeted, None),
        (project | {"budget": {"stated_rate": figure}}, None),
    ]


@pytest.mark.parametrize("figure", FIGURES)
def test_figures_are_refused_or_read_as_the_converter_does(figure: Any) -> None:
    for data, cls in _documents(figure):
        with converter_only():
            expected = outcome(from_dict, data, cls)
        assert_same(outcome(from_dict, data, cls), expected)
        text = json.dumps(data, ensure_ascii=False)
        with converter_only():
            expected = outcome(from_json, text, cls)
        assert_same(outcome(from_json, text, cls), expected)


ZEROS = "0" * 16


@pytest.mark.parametrize("figure", ["123456789.00", "0.0000000001", "12", 7, "1E+3"])
def test_the_fast_reader_checks_what_it_has_not_shown_admissible(figure: Any) -> None:
    read = api._fast_paths().structurer(Indicator)
    target = to_dict(parse_target("≥90%")) | {"quantity": _quantity(figure)}
    got = read(_indicator(points=figure, target=target))
    assert got.points == Decimal(figure)
    assert got.target.quantity.magnitude == Decimal(figure)
    large = f"{figure}{ZEROS}"
    for refused in ("-" + str(figure), large):  # negative, too large (or too many decimals)
        with pytest.raises(ConstructionError):
            read(_indicator(points=refused))
    target = to_dict(parse_target("≥90%")) | {"quantity": _quantity(large)}
    with pytest.raises(ConstructionError):
        read(_indicator(target=target))  # a quantity may be negative, not that large


def test_a_refused_figure_names_its_json_path() -> None:
    data = to_dict(Project("p", indicators=(Indicator("a", "b", "c"),)))
    data["indicators"]["indicators"][0]["points"] = "-0.5"
    with pytest.raises(
        SerializationError, match=r"^indicators\.indicators\[0\]\.points: "
    ) as raised:
        from_dict(data)
    with converter_only(), pytest.raises(SerializationError) as expected:
        from_dict(data)
    assert str(raised.value) == str(expected.value)


@pytest.mark.parametrize("name", ["", " ", "\u3000", "\n\t", "a", " a "])
def test_blank_names_are_refused_as_the_converter_refuses_them(name: str) -> None:
    for field in ("name", "level1", "level2"):
        data = _indicator(**{field: name})
        with converter_only():
            expected = outcome(from_dict, data, Indicator)
        assert_same(outcome(from_dict, data, Indicator), expected)


# ---------------------------------------------------------------------------------------------
# The objects built
# ---------------------------------------------------------------------------------------------


def test_objects_read_are_ordinary_instances() -> None:
    indicator = Indicator(
        "a", "b", "c", target=parse_target("≥90%"), max_points=Decimal("10"), line=3
    )
    read = from_json(to_json(indicator), Indicator)
    assert type(read) is Indicator
    assert type(read.target) is Target
    assert read == indicator
    assert hash(read) == hash(indicator)
    assert pickle.loads(pickle.dumps(read)) == indicator
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        read.name = "x"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del read.name  # type: ignore[misc]
    assert attrs.evolve(read, name="x").name == "x"


def test_the_readers_build_with_builders_and_check_what_they_must() -> None:
    source = api._fast_paths().source
    reader = source.split("_Indicator(o):")[1].split("\ndef ")[0]
    assert "(_builder_" in reader
    assert "_set_" not in reader
    assert "if w:" in reader  # max_points, points: when a figure was not a short plain one
    assert "is not None: _check_" in reader  # line: a count when there is one
    builder = subclass(Indicator)
    assert builder is not None
    assert builder.__qualname__ == "IndicatorBuilder"


class _Final:
    """A base whose classes refuse builders (subclasses named so)."""

    __slots__ = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if cls.__name__.endswith("Builder"):
            raise TypeError(f"{cls.__name__}: no subclasses")
        super().__init_subclass__(**kwargs)


def test_without_a_builder_the_slots_are_set_through_their_descriptors() -> None:
    cls = attrs.make_class(
        "Final",
        {"name": attrs.field(type=str, validator=_non_empty), "line": attrs.field(type=int)},
        bases=(_Final,),
        frozen=True,
        slots=True,
    )
    cls.__module__ = "perfmodel._as_if"
    assert subclass(cls) is None
    made = generate(make_converter(), cls, None, "perfmodel/1")
    assert "(_builder_" not in made.source
    assert "_set_" in made.source
    assert made.structurer is not None
    assert made.structurer({"name": "a", "line": 3}) == cls("a", 3)
    with pytest.raises(_fastgen.Slow):
        made.structurer({"name": " ", "line": 3})


def _as_if_perfmodels(name: str, fields: dict[str, Any]) -> type:
    cls = attrs.make_class(name, fields, frozen=True, slots=True)
    cls.__module__ = "perfmodel._as_if"
    return cls


def _positive(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None and value <= 0:
        raise ConstructionError(f"{type(instance).__name__}.{attribute.name}: must be positive")


def test_validators_the_readers_do_not_know_always_run() -> None:
    conv = make_converter()
    cls = _as_if_perfmodels(
        "Checked",
        {
            "count": attrs.field(type=int, validator=_positive),
            "name": attrs.field(type=str, default="x", validator=_non_empty),
            "amount": attrs.field(
                type=Decimal | None,
                default=Decimal("-1"),
                converter=_decimal_or_none,
                validator=_non_negative,
            ),
        },
    )
    read = generate(conv, cls, None, "perfmodel/1").structurer
    assert read is not None
    assert read({"count": 2, "name": "a", "amount": "3"}) == cls(2, "a", Decimal(3))
    refused = [
        {"name": "a", "count": 0, "amount": "3"},  # a validator of its own: always run
        {"count": 2},  # the default amount is negative: checked like a figure read
        {"name": " ", "count": 2, "amount": "3"},  # a default name: _non_empty runs
    ]
    for data in refused:
        with pytest.raises(ConstructionError):
            read(data)


# ---------------------------------------------------------------------------------------------
# Writing: a quantity is checked against the cached form unit (its class and its unit)
# ---------------------------------------------------------------------------------------------


class _FakeQuantity:
    """Holds what a quantity's validator looks at, and is not a pint quantity."""

    def __init__(self, magnitude: Decimal, units: Any) -> None:
        self._magnitude = magnitude
        self._units = units


def _written(value: Any) -> tuple[str, str]:
    try:
        return "ok", repr(to_dict(value))
    except Exception as exc:
        return type(exc).__name__, str(exc)


@pytest.mark.parametrize("unit_text", ["公里", "furlongs of the fast path"])
def test_a_quantity_that_is_not_pints_is_written_by_the_converter(unit_text: str) -> None:
    real = U.quantity("5", "公里")
    to_dict(Target(TargetKind.QUANTITATIVE, "", Comparator.GE, real, "公里"))  # cache the unit
    fake = _FakeQuantity(Decimal(5), real._units)
    target = Target(TargetKind.QUANTITATIVE, "", Comparator.GE, fake, unit_text)
    with converter_only():
        expected = _written(target)
    assert _written(target) == expected
    assert expected[0] != "ok" or "furlongs" in expected[1]
