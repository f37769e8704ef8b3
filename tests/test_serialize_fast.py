"""The JSON fast paths (perfmodel.serialize.fast) give exactly what the converter gives.

to_dict/from_dict/from_json try generated happy-path functions first, fall back to the detailed
converter on anything unusual, and from_json parses with orjson when it is installed. All of it
must be invisible: the same data, the same JSON text, identical objects (digits and units kept),
and for broken input the same outcome and error message as the converter alone with the stdlib
parser — what perfmodel did before the fast paths (generated broken input:
test_serialize_fast_refusals.py).
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import importlib
import json
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmodel import (
    Actual,
    Budget,
    Comparator,
    Indicator,
    IndicatorTree,
    KeyTask,
    Location,
    Project,
    SerializationError,
    Target,
    TargetKind,
    Unit,
    parse_actual,
    parse_target,
)
from perfmodel import units as U
from perfmodel.errors import ConstructionError
from perfmodel.model import FormKind
from perfmodel.serialize import from_dict, from_json, make_converter, to_dict, to_json
from perfmodel.serialize._fastgen import _slotted, generate
from perfmodel.serialize._fastkinds import _supported
from perfmodel.serialize.fast import FastPaths, Slow
from strategies import (
    actuals,
    assert_identical,
    budgets,
    documents,
    evaluations,
    indicators,
    read_results,
    targets,
    trees,
)

api = importlib.import_module("perfmodel.serialize.api")  # the module, not the package's names
try:
    import orjson
except ImportError:  # pragma: no cover - the [orjson] extra is installed by `make test`
    orjson = None

# deadlines and health checks: tests/conftest.py (the profiles)
SETTINGS = settings(max_examples=150)


@contextlib.contextmanager
def converter_only() -> Iterator[None]:
    """The converter alone and the stdlib parser: what perfmodel did before the fast paths."""
    saved = api._use_fast_paths, api._orjson_module
    api._use_fast_paths, api._orjson_module = False, None
    try:
        yield
    finally:
        api._use_fast_paths, api._orjson_module = saved


@contextlib.contextmanager
def stdlib_json() -> Iterator[None]:
    """The fast paths without orjson (as when the [orjson] extra is not installed)."""
    saved = api._orjson_module
    api._orjson_module = None
    try:
        yield
    finally:
        api._orjson_module = saved


def outcome(read: Callable[..., Any], *args: Any) -> tuple[str, Any]:
    try:
        return "ok", read(*args)
    except SerializationError as exc:
        return "error", str(exc)


def assert_same(got: tuple[str, Any], expected: tuple[str, Any]) -> None:
    assert got[0] == expected[0], (got, expected)
    if got[0] == "ok":
        assert_identical(got[1], expected[1])
    else:
        assert got[1] == expected[1]


def full_project() -> Project:
    """A project with every field set, targets and actuals of every kind."""
    inds = [
        Indicator(
            "绿化养护面积",
            "产出指标",
            "数量指标",
            parse_target("≥43.2万平方米"),
            nature="定量",
            unit="平方米",
            comparator_text="≥",
            explanation="解释",
            rule_text="按比例扣分",
            max_points=Decimal("20.00"),
            actual=parse_actual("37.24万平方米"),
            points=Decimal("17.5"),
            deviation_reason="原因",
            line=12,
        ),
        Indicator("满意度", "满意度指标", "服务对象满意度指标", parse_target("≥90%"), line=13),
        Indicator(
            "及时性", "产出指标", "时效指标", parse_target("及时"), actual=parse_actual("部分达成")
        ),
        Indicator(
            "降幅", "效益指标", "社会效益指标", parse_target("下降5%"), actual=parse_actual("4%")
        ),
        Indicator(
            "补贴",
            "产出指标",
            "成本指标",
            parse_target("≤252元/人/月"),
            actual=parse_actual("=250(元/人/月)"),
        ),
    ]
    return Project(
        "七个网格片区运行经费",
        year=2025,
        nature="经常性项目",
        categories=("民生", "运行"),
        department="区绿化市容局",
        implementer="某中心",
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 12, 31),
        overall_goal="总目标",
        goal_period=(2022, 2027),
        annual_goal="年度目标",
        budget=Budget(total=Decimal("6810000.00"), adjustment=Decimal("-1.5"), line=4),
        indicators=IndicatorTree(inds, {"产出指标": 50}, {"数量指标": Decimal("20.0")}),
        form=FormKind.PROJECT_SELF_EVALUATION,
        stated_total=Decimal("93.40"),
        source=Location(file="f.txt", line=3, form="项目", field="name"),
    )


def full_unit() -> Unit:
    return Unit(
        "上海市某中心",
        year=2026,
        funding_method="全额",
        duties="职责",
        annual_goals="目标",
        key_tasks=(KeyTask("巩固垃圾分类建设", "每月一次"), KeyTask("任务二")),
        budget=Budget(basic=Decimal("1E+3")),
        headcount=26,
        departments=4,
        indicators=full_project().indicators,
        form=FormKind.UNIT_SELF_EVALUATION,
        stated_total=Decimal(0),
        source=None,
    )


# ---------------------------------------------------------------------------------------------
# Valid documents: the same data, text and objects both ways
# ---------------------------------------------------------------------------------------------


@SETTINGS
@given(documents())
def test_documents_are_written_and_read_as_the_converter_does(doc: Unit | Project) -> None:
    data, text = to_dict(doc), to_json(doc)
    with stdlib_json():
        assert to_json(doc) == text  # the stdlib writer gives the same text as orjson
        assert_identical(from_json(text), doc)
        assert_identical(from_json(text.encode("utf-8")), doc)
    with converter_only():
        assert_identical(to_dict(doc), data)  # same keys in the same order, same value types
        assert to_json(doc) == text
        assert_identical(from_dict(copy.deepcopy(data)), doc)
    assert_identical(from_dict(copy.deepcopy(data)), doc)
    assert_identical(from_dict(copy.deepcopy(data), type(doc)), doc)
    assert_identical(from_json(text), doc)


@SETTINGS
@given(documents())
def test_every_valid_document_takes_the_fast_path(doc: Unit | Project) -> None:
    paths = api._fast_paths()
    data = to_dict(doc)
    with converter_only():
        assert_identical(paths.unstructurer(type(doc))(doc), to_dict(doc))
    body = {k: v for k, v in data.items() if k != "schema"}
    assert_identical(paths.structurer(type(doc))(body), doc)
    if orjson is not None:
        back = api._from_dict(orjson.loads(to_json(doc)), None, None, fast_only=True)
        assert_identical(back, doc)


@settings(max_examples=60)
@given(st.one_of(read_results(), evaluations()))
def test_read_results_and_evaluations_too(obj: Any) -> None:
    data, text = to_dict(obj), to_json(obj)
    with converter_only():
        assert_identical(to_dict(obj), data)
        assert to_json(obj) == text
        assert_identical(from_json(text), obj)
    with stdlib_json():
        assert to_json(obj) == text
        assert_identical(from_json(text), obj)
    assert_identical(from_json(text), obj)
    assert_identical(from_dict(copy.deepcopy(data), type(obj)), obj)
    body = {k: v for k, v in data.items() if k not in ("schema", "type")}
    assert_identical(api._fast_paths().structurer(type(obj))(body), obj)


@SETTINGS
@given(st.one_of(indicators(), targets(), actuals(), budgets(), trees()))
def test_parts_are_written_and_read_as_the_converter_does(part: Any) -> None:
    data = to_dict(part)
    with converter_only():
        assert_identical(to_dict(part), data)
        expected = from_dict(copy.deepcopy(data), type(part))
        text = to_json(part)
        texts_ = to_json([part, part])
    with stdlib_json():
        assert to_json(part) == text
        assert to_json((part, part)) == texts_
    assert_identical(expected, part)
    assert_identical(from_dict(copy.deepcopy(data), type(part)), part)
    assert_identical(from_json(to_json(part), type(part)), part)


def test_the_fast_paths_do_the_work(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = [full_project(), full_unit(), Project("p"), Unit("u")]
    datas = [to_dict(d) for d in docs]
    texts_ = [to_json(d) for d in docs]

    def converter_called(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the converter was used")

    monkeypatch.setattr(api, "default_converter", converter_called)
    monkeypatch.setattr(api, "structure", converter_called)
    for doc, data, text in zip(docs, datas, texts_, strict=True):
        assert to_dict(doc) == data
        assert from_dict(data) == doc
        assert from_dict({k: v for k, v in data.items() if k != "type"}, type(doc)) == doc
        assert from_json(text) == doc
        assert from_dict(data["indicators"], IndicatorTree) == doc.indicators
    assert from_json(f"[{texts_[0]}, {texts_[1]}]") == docs[:2]
    written_by_hand = {"name": "a", "level1": "b", "level2": "c", "target": "≥90%"}
    assert from_dict(written_by_hand, Indicator).target == parse_target("≥90%")
    if orjson is not None:  # from_json parses with orjson, not json.loads
        monkeypatch.setattr(json, "loads", converter_called)
        assert from_json(texts_[0]) == docs[0]


def test_the_text_writer_writes_what_json_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    odd = [
        Project(' \x00\x1f\u2028\\"\U0001f600', year=2200, categories=("\ufffd",)),
        Unit("u", headcount=10**15 - 1, key_tasks=[KeyTask("\n", "\t")]),
        Project("p", indicators=[SubIndicator("a", "产出指标", "数量指标")]),  # not its class
        full_project(),
    ]
    with converter_only():
        expected = [to_json(d) for d in odd]
        expected_list = to_json(odd)
        expected_indented = to_json(odd[3], indent=2)
        policy = to_json([odd[3], api.kinds()["policy"].central()])
    with stdlib_json():
        assert [to_json(d) for d in odd] == expected
        assert to_json(odd) == expected_list
        assert to_json(odd[3], indent=2) == expected_indented
        assert to_json([odd[3], api.kinds()["policy"].central()]) == policy
        assert to_json([]) == "[]"
        budget = Budget(total=Decimal(1))
        object.__setattr__(budget, "fiscal", 5)  # past the converter: written the plain way
        assert to_json(budget) == json.dumps(to_dict(budget), separators=(",", ":"))
        with pytest.raises(SerializationError, match="got list"):
            to_json([[1]])

        def not_here(*args: Any, **kwargs: Any) -> Any:
            raise AssertionError("json.dumps was used")

        monkeypatch.setattr(api.json, "dumps", not_here)
        assert to_json(odd[3]) == expected[3]
        assert to_json(odd[:2]) == "[" + ",".join(expected[:2]) + "]"


def test_full_documents_both_ways() -> None:
    for doc in (full_project(), full_unit()):
        text = to_json(doc)
        with converter_only():
            assert to_json(doc) == text
            assert to_json(doc, indent=2) == json.dumps(
                json.loads(text), ensure_ascii=False, indent=2
            )
        assert_identical(from_json(text), doc)


def test_errors_name_their_json_path_as_the_converter_does() -> None:
    data = to_dict(full_project())
    data["budget"]["total"] = "1,0"
    data["indicators"]["indicators"][0]["target"]["quantity"]["unit"] = "furlongs"
    data["indicators"]["indicators"][1]["max_points"] = 1.5
    text = json.dumps(data, ensure_ascii=False)
    with converter_only():
        expected = outcome(from_json, text)
    for got in (outcome(from_json, text), outcome(from_dict, copy.deepcopy(data))):
        assert got == expected
    assert expected[1].splitlines() == [
        "budget.total: expected a number string, got '1,0' (str)",
        "indicators.indicators[0].target.quantity.unit: expected a unit the registry knows, "
        "got 'furlongs'",
        "indicators.indicators[1].max_points: expected a number string, got 1.5 (float)",
    ]
    with stdlib_json():
        assert outcome(from_json, text) == expected


# ---------------------------------------------------------------------------------------------
# Objects the fast writer leaves to the converter
# ---------------------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class SubIndicator(Indicator):
    """An indicator subclass: the fast writer, which knows Indicator only, leaves it."""


def test_subclasses_and_foreign_quantities_are_written_by_the_converter() -> None:
    sub = SubIndicator("a", "产出指标", "数量指标", parse_target("≥1个"))
    project = Project("p", indicators=[sub])
    with converter_only():
        expected = to_dict(project)
    assert to_dict(project) == expected
    assert to_dict(sub) == expected["indicators"]["indicators"][0]
    # a quantity whose unit is not the form's unit, and one built by pint arithmetic
    km = Target(TargetKind.QUANTITATIVE, "", Comparator.GE, U.quantity("5", "米"), "公里")
    product = U.quantity("2", "元") * Decimal(3)
    built = Actual(TargetKind.QUANTITATIVE, "6元", product, "元")
    same = Target(TargetKind.QUANTITATIVE, "", Comparator.GE, U.quantity("5", "公里"), "公里")
    for value in (km, built, same, km, built, same):  # the unit text cache, filled and read
        with converter_only():
            expected = to_dict(value)
        assert to_dict(value) == expected
    assert to_dict(km)["quantity"] == {"magnitude": "5", "unit": "meter"}
    assert to_dict(same)["quantity"] == {"magnitude": "5", "unit": "公里"}


def test_budget_given_a_non_decimal_is_written_by_the_converter() -> None:
    budget = Budget(total=Decimal(1))
    object.__setattr__(budget, "fiscal", 5)  # past the converter: no check stops it
    with pytest.raises(Slow):
        api._fast_paths().unstructurer(Budget)(budget)
    with converter_only():
        expected = to_dict(budget)
    assert to_dict(budget) == expected == to_dict(Budget(total=Decimal(1))) | {"fiscal": 5}


# ---------------------------------------------------------------------------------------------
# The generator follows the converter it is given
# ---------------------------------------------------------------------------------------------


def test_fast_paths_use_the_converters_own_hooks_for_what_they_do_not_inline() -> None:
    conv = make_converter()
    conv.register_structure_hook(Decimal, lambda value, _: Decimal(str(value)))  # floats too
    conv.register_unstructure_hook(Decimal, lambda value: f"{value:f}")
    paths = FastPaths(conv, {Project: "project"}, "perfmodel/1")
    data = {"total": 1.5, "fiscal": "2E+1"}
    assert paths.structurer(Budget)(data) == conv.structure(data, Budget)
    budget = Budget(total=Decimal("2E+1"))
    assert paths.unstructurer(Budget)(budget) == conv.unstructure(budget)
    assert paths.unstructurer(Budget)(budget)["total"] == "20"


@attrs.frozen
class Foreign:
    """An attrs class from outside perfmodel, holding perfmodel's."""

    project: Project
    tasks: tuple[KeyTask, ...] = ()


def test_code_is_generated_from_perfmodels_own_classes_only() -> None:
    # the safety review of the compile()/exec() in _fastgen (tests/test_limits.py) relies on it
    conv = make_converter()
    paths = FastPaths(conv, {Foreign: "foreign", SubIndicator: "sub"}, "perfmodel/1")
    assert paths.source == ""
    assert paths.structurer(Foreign) is None
    assert paths.unstructurer(SubIndicator) is None
    assert generate(conv, Foreign, "foreign", "perfmodel/1").source == ""
    made = generate(conv, Unit, "unit", "perfmodel/1")
    assert len(made.classes) > 1
    assert all(cls.__module__.startswith("perfmodel.") for cls in made.classes)


def _as_if_perfmodels(name: str, fields: dict[str, Any]) -> type:
    """An attrs class the converter takes for one of perfmodel's (by its module)."""
    cls = attrs.make_class(name, fields, frozen=True, slots=True)
    cls.__module__ = "perfmodel._as_if"
    return cls


def test_only_names_that_are_identifiers_are_written_into_the_source() -> None:
    conv = make_converter()
    fine = _as_if_perfmodels("Fine", {"a": attrs.field(type=int)})
    odd = _as_if_perfmodels("Odd", {"a": attrs.field(type=int)})
    odd.__name__ = "Odd(); x"
    by_self = attrs.Factory(lambda self: self.a, takes_self=True)
    refused = [
        odd,
        _as_if_perfmodels("NoInit", {"a": attrs.field(type=int, init=False, default=0)}),
        _as_if_perfmodels("Aliased", {"a": attrs.field(type=int, alias="b")}),
        _as_if_perfmodels(
            "BySelf", {"a": attrs.field(type=int), "b": attrs.field(default=by_self)}
        ),
    ]
    assert generate(conv, fine, None, "perfmodel/1").structurer({"a": 1}) == fine(a=1)
    for cls in refused:
        assert _supported(conv, cls) is False
        assert generate(conv, cls, None, "perfmodel/1").source == ""


def test_functions_are_made_for_the_classes_used() -> None:
    paths = FastPaths(make_converter(), {Project: "project", Unit: "unit"}, "perfmodel/1")
    assert paths.unstructurer(Project)(Project("p")) == to_dict(Project("p"))
    assert paths.texter(Indicator) is not None
    assert set(paths._made) == {Project, Indicator}  # not Unit's, nor Budget's on their own
    body = {k: v for k, v in to_dict(Unit("u")).items() if k != "schema"}
    assert paths.structurer(Unit)(body) == Unit("u")
    assert paths.unstructurer(api.kinds()["policy"]) is None  # Policy has its own hooks


def test_classes_with_their_own_hooks_are_left_to_the_converter() -> None:
    conv = make_converter()
    conv.register_structure_hook(KeyTask, lambda value, _: KeyTask(str(value)))
    paths = FastPaths(conv, {Unit: "unit"}, "perfmodel/1")
    assert paths.structurer(KeyTask) is None
    unit = paths.structurer(Unit)({"name": "u", "key_tasks": ["任务"]})
    assert unit.key_tasks == (KeyTask("任务"),)
    assert "_KeyTask(o)" not in paths.source
    assert "_Unit(o)" in paths.source


def test_classes_written_by_hooks_of_their_own_are_left_to_the_converter() -> None:
    conv = make_converter()
    conv.register_unstructure_hook(KeyTask, lambda task: task.name)
    paths = FastPaths(conv, {Unit: "unit"}, "perfmodel/1")
    assert paths.unstructurer(KeyTask) is None
    assert paths.structurer(KeyTask) is None
    unit = Unit("u", key_tasks=(KeyTask("任务", "内容"),))
    assert (
        paths.unstructurer(Unit)(unit)["key_tasks"]
        == ["任务"]
        == conv.unstructure(unit)["key_tasks"]
    )


def test_a_tagged_class_read_directly_checks_its_type() -> None:
    read = api._fast_paths().structurer(Project)
    assert read({"type": "project", "name": "p"}) == read({"name": "p"}) == Project("p")
    for data in ({"type": "unit", "name": "p"}, {"type": None, "name": "p"}, {"name": 1}):
        with pytest.raises(Slow):
            read(data)


def test_objects_built_without_init_are_checked_as_init_checks_them() -> None:
    paths = api._fast_paths()
    read = paths.structurer(Indicator)
    for bad in ({"name": " "}, {"level2": ""}, {"max_points": "-1"}, {"points": "-0.5"}):
        data = {"name": "a", "level1": "b", "level2": "c"} | bad
        with pytest.raises((ConstructionError, Slow)):  # a validator, or the read's own check
            read(data)
        with converter_only():
            expected = outcome(from_dict, data, Indicator)
        assert expected[0] == "error"
        assert_same(outcome(from_dict, data, Indicator), expected)
    with pytest.raises(ConstructionError):
        paths.structurer(Budget)({"total": "-1"})
    target = paths.structurer(Target)(to_dict(parse_target("≥90.00(%)")))
    built = U.quantity_of(Decimal("90.00"), U.unit("%"))
    assert type(target.quantity) is type(built)
    assert vars(target.quantity) == vars(built)
    assert target == parse_target("≥90.00(%)")


@pytest.mark.parametrize(
    "magnitude",
    [
        "12",
        "12.50",
        ".5",
        "5.",
        "0",
        "-0.00",
        "+1",
        "1E+3",
        "1e-2",
        "1.2.3",
        ".",
        "",
        "12\n",
        " 12",
        "1_0",
        "١٢",
        "１２",
        "12a",
        "NaN",
        "-Infinity",
        12,
        -3,
        1.5,
        True,
        None,
    ],
)
def test_decimal_strings_are_read_as_the_converter_reads_them(magnitude: Any) -> None:
    for data, cls in (
        ({"total": magnitude}, Budget),
        ({"kind": "quantitative", "quantity": {"magnitude": magnitude, "unit": "%"}}, Target),
    ):
        with converter_only():
            expected = outcome(from_dict, data, cls)
        assert_same(outcome(from_dict, data, cls), expected)


def test_only_classes_whose_init_just_sets_slots_are_built_without_it() -> None:
    @attrs.frozen(slots=False)
    class NoSlots:
        a: int

    @attrs.frozen(slots=True)
    class PostInit:
        a: int

        def __attrs_post_init__(self) -> None:
            pass

    @attrs.frozen(slots=True, init=False)
    class OwnInit:
        a: int

        def __init__(self, a: int) -> None:
            self.__attrs_init__(a)  # type: ignore[attr-defined]

    assert not _slotted(NoSlots)
    assert not _slotted(PostInit)
    assert not _slotted(OwnInit)
    assert _slotted(Target)
    source = api._fast_paths().source
    assert "_Project(o)" in source
    project_reader = source.split("_Project(o):")[1].split("\ndef ")[0]
    assert "return _cls_" in project_reader  # Project converts its fields: its __init__ runs


def test_fast_paths_are_built_once_for_all_threads() -> None:
    from perfmodel.serialize import default_converter

    paths = FastPaths(default_converter(), {Project: "project"}, "perfmodel/1")
    with ThreadPoolExecutor(8) as pool:
        readers = list(pool.map(lambda _: paths.structurer(Project), range(32)))
    assert all(r is readers[0] for r in readers)
    assert paths.unstructurer(Project) is not None
    assert paths.structurer(Project | None) is None
