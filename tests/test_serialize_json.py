"""The JSON format: seed round trips, schema files, error messages, migrations, YAML, converter."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import cattrs
import jsonschema
import pytest

import perfmodel
from perfmodel import (
    Budget,
    Diagnostic,
    Indicator,
    IndicatorTree,
    KeyTask,
    Location,
    Policy,
    Project,
    ReadResult,
    SerializationError,
    Severity,
    Target,
    Unit,
    evaluate,
    parse_actual,
    parse_target,
    read_forms,
)
from perfmodel.serialize import (
    SCHEMA_VERSION,
    configure_converter,
    from_dict,
    from_json,
    from_yaml,
    json_schema,
    load_schema,
    make_converter,
    to_dict,
    to_json,
)
from perfmodel.serialize.converter import structure
from perfmodel.serialize.migrate import CURRENT
from perfmodel.serialize.schema import main as schema_main
from perfmodel.serialize.schema import render, schema_files
from strategies import assert_identical as identical

SEEDS = sorted((Path(__file__).parent / "data" / "seeds").glob("*.txt"))
SCHEMAS = Path(perfmodel.__file__).parent / "schemas"


@pytest.fixture(scope="module", params=SEEDS, ids=[s.name for s in SEEDS])
def seed(request: pytest.FixtureRequest) -> ReadResult:
    return read_forms(request.param)


# ---------------------------------------------------------------------------------------------
# Round trips of the seeds
# ---------------------------------------------------------------------------------------------


def test_every_seed_document_round_trips_exactly(seed: ReadResult) -> None:
    assert seed.documents
    for doc in seed.documents:
        text = to_json(doc)
        back = from_json(text)
        assert back == doc
        identical(back, doc)
        assert to_json(back) == text
        assert from_json(text, Unit | Project) == doc
        assert from_json(text, type(doc)) == doc


def test_read_results_and_evaluations_round_trip(seed: ReadResult) -> None:
    assert from_json(to_json(seed), ReadResult) == seed
    for doc in seed.documents:
        evaluation = evaluate(doc)
        text = to_json(evaluation, indent=2)
        back = from_json(text)
        assert back == evaluation
        identical(back, evaluation)


def test_seed_documents_validate_against_the_shipped_schemas(seed: ReadResult) -> None:
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    validators = {
        name: jsonschema.Draft202012Validator(load_schema(name), format_checker=checker)
        for name in ("document", "unit", "project", "read_result", "evaluation")
    }
    validators["read_result"].validate(to_dict(seed))
    for doc in seed.documents:
        data = to_dict(doc)
        validators["document"].validate(data)
        validators[data["type"]].validate(data)
        validators["evaluation"].validate(to_dict(evaluate(doc)))


def test_a_project_as_json() -> None:
    p = Project(
        "七个网格片区运行经费",
        year=2025,
        budget=Budget(total=Decimal("266200.00")),
        indicators=[
            Indicator(
                "网格片区人员满意度", "满意度指标", "服务对象满意度指标", parse_target("90%以上")
            )
        ],
    )
    data = json.loads(to_json(p))
    assert list(data)[:3] == ["schema", "type", "name"]
    assert data["schema"] == "perfmodel/1" == SCHEMA_VERSION == CURRENT
    assert data["budget"]["total"] == "266200.00"
    assert data["budget"]["fiscal"] is None  # blank is null, never 0
    target = data["indicators"]["indicators"][0]["target"]
    assert target == {
        "kind": "quantitative",
        "text": "90%以上",
        "comparator": "GE",
        "quantity": {"magnitude": "90", "unit": "%"},  # the unit as written on the form
        "unit_text": "%",
        "label": None,
        "direction": None,
    }
    assert data["indicators"]["indicators"][0]["nature"] is None
    assert data["start"] is None
    assert data["categories"] == []
    # a key left out reads as the field's default
    slim = {"schema": "perfmodel/1", "type": "project", "name": "七个网格片区运行经费"}
    assert from_dict(slim) == Project("七个网格片区运行经费")


# ---------------------------------------------------------------------------------------------
# Schemas
# ---------------------------------------------------------------------------------------------


def test_shipped_schema_files_match_the_model() -> None:
    files = schema_files()
    assert sorted(files) == sorted(p.name for p in SCHEMAS.glob("*.json"))
    for name, schema in files.items():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert (SCHEMAS / name).read_text(encoding="utf-8") == render(schema), (
            f"{name} is stale: run python -m perfmodel.serialize"
        )
    assert schema_main(["--check"]) == 0


def test_schema_command_reports_and_rewrites_stale_files(tmp_path: Path) -> None:
    assert schema_main(["--check", str(tmp_path)]) == 1
    assert schema_main([str(tmp_path)]) == 0
    (tmp_path / "policy.json").write_text("{}", encoding="utf-8")
    assert schema_main(["--check", str(tmp_path)]) == 1
    assert schema_main([str(tmp_path)]) == 0
    assert json.loads((tmp_path / "policy.json").read_text(encoding="utf-8"))["title"]


def test_schemas_reject_what_the_reader_rejects() -> None:
    validator = jsonschema.Draft202012Validator(load_schema("project"))
    good = to_dict(Project("p", budget=Budget(total=Decimal(1))))
    assert validator.is_valid(good)
    for change in (
        {"budget": {"total": 1.5}},
        {"nmae": "x"},
        {"schema": "perfmodel/0"},
        {"type": "unit"},
        {"start": "2025/01/01"},
        {"form": "project"},
    ):
        bad = good | change
        assert not validator.is_valid(bad), change
        with pytest.raises(SerializationError):
            from_dict(bad, Project)


def test_json_schema_of_parts_and_unions() -> None:
    assert json_schema(Indicator)["$ref"] == "#/$defs/Indicator"
    target = json_schema(Target)["$defs"]["Target"]
    assert {"type": "string", "description": "the text, read with parse_target"} in target["anyOf"]
    union = json_schema(Unit | Project)
    assert [o["properties"]["type"]["const"] for o in union["oneOf"]] == ["unit", "project"]
    validator = jsonschema.Draft202012Validator(json_schema(Indicator))
    assert validator.is_valid(to_dict(Indicator("a", "产出指标", "数量指标", parse_target("≥1"))))
    assert validator.is_valid({"name": "a", "level1": "b", "level2": "c", "target": "≥90%"})


# ---------------------------------------------------------------------------------------------
# Errors name the path and what was expected
# ---------------------------------------------------------------------------------------------


def _message(data: Any, cls: Any = None) -> str:
    with pytest.raises(SerializationError) as info:
        from_dict(data, cls)
    return str(info.value)


def test_errors_name_the_json_path_and_the_expected_type() -> None:
    result = read_forms(SEEDS[-1])
    data = to_dict(result)
    data["documents"][3]["indicators"]["indicators"][1]["target"]["quantity"]["magnitude"] = 12.5
    data["documents"][4]["budget"]["total"] = "1,000"
    data["diagnostics"][0]["severity"] = "fatal"
    lines = _message(data).splitlines()
    assert lines == [
        "documents[3].indicators.indicators[1].target.quantity.magnitude: "
        "expected a number string, got 12.5 (float)",
        "documents[4].budget.total: expected a number string, got '1,000' (str)",
        "diagnostics[0].severity: expected one of 'info', 'warning', 'error', got 'fatal' (str)",
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"nmae": "x"}, "nmae: unknown key (expected one of: name, year, nature, "),
        ({"year": "2025"}, "year: expected an integer, got '2025' (str)"),
        ({"year": True}, "year: expected an integer, got True (bool)"),
        ({"name": 3}, "name: expected a string, got 3 (int)"),
        ({"name": ""}, "name: must be a non-empty string, got ''"),
        ({"start": "2025-13-01"}, "start: expected an ISO date (YYYY-MM-DD), got '2025-13-01'"),
        ({"categories": "经常性项目"}, "categories: expected a list, got '经常性项目' (str)"),
        ({"goal_period": [2025]}, "goal_period: expected a list of 2 items, got 1"),
        ({"budget": []}, "budget: expected an object, got [] (list)"),
        ({"budget": {"total": "-1"}}, "budget.total: must not be negative, got -1"),
        ({"budget": {"total": "NaN"}}, "budget.total: expected a number string, got 'NaN' (str)"),
        ({"type": "unit"}, "type: expected 'project', got 'unit' (str)"),
        ({"form": "project"}, "form: expected one of 'unit_declaration', "),
        ({"source": {"line": "3"}}, "source.line: expected an integer, got '3' (str)"),
        (
            {"indicators": {"indicators": [{"name": "a", "level1": "b"}]}},
            "indicators.indicators[0].level2: required key missing",
        ),
        (
            {"indicators": {"level1_weights": {"产出指标": 0.5}}},
            'indicators.level1_weights["产出指标"]: expected a number string, got 0.5 (float)',
        ),
    ],
)
def test_bad_project_data(change: dict[str, Any], expected: str) -> None:
    data = {"schema": "perfmodel/1", "type": "project", "name": "p"} | change
    assert _message(data, Project).startswith(expected)


def test_bad_quantities_and_targets() -> None:
    base = {"kind": "quantitative", "text": "≥1", "comparator": "GE"}
    cases = {
        "quantity: expected an object with magnitude and unit, got '12' (str)": {"quantity": "12"},
        "quantity.unit: required key missing": {"quantity": {"magnitude": "1"}},
        "quantity.scale: unknown key (expected magnitude, unit)": {
            "quantity": {"magnitude": "1", "unit": "%", "scale": 1}
        },
        "quantity.unit: expected a unit the registry knows, got 'furlong'": {
            "quantity": {"magnitude": "1", "unit": "furlong"}
        },
        "quantity.unit: expected a unit name, got 5 (int)": {
            "quantity": {"magnitude": "1", "unit": 5}
        },
        "$: expected an object, got 5 (int)": 5,
    }
    for expected, change in cases.items():
        data = base | change if isinstance(change, dict) else change
        with pytest.raises(SerializationError) as info:
            from_dict(data, Target)
        assert str(info.value) == expected


def test_unknown_type_and_missing_schema() -> None:
    assert _message({"schema": "perfmodel/1", "name": "p"}).startswith(
        "type: expected 'unit' or 'project' or "
    )
    assert _message({"schema": "perfmodel/1", "type": "budget"}).startswith("type: expected")
    assert _message({"type": "project", "name": "p"}) == (
        "schema: required key missing (expected 'perfmodel/1')"
    )
    assert _message(3) == "$: expected an object, got 3 (int)"
    assert _message({"schema": "perfmodel/1", "documents": [{"name": "x"}]}, ReadResult).startswith(
        "documents[0].type: expected 'unit' or 'project', got nothing"
    )
    with pytest.raises(SerializationError, match="to_dict needs a perfmodel object, got dict"):
        to_dict({"a": 1})
    with pytest.raises(SerializationError, match="JSON line 1 column 2"):
        from_json("{,}")


# ---------------------------------------------------------------------------------------------
# Migrations
# ---------------------------------------------------------------------------------------------


def _from_version_0(data: dict[str, Any]) -> dict[str, Any]:
    """A hand-made older format: 分值 was called ``weight`` and ``year`` was text."""
    tree = dict(data.get("indicators", {}))
    tree["indicators"] = [
        {("max_points" if k == "weight" else k): v for k, v in item.items()}
        for item in tree.get("indicators", [])
    ]
    year = data.get("year")
    return data | {"indicators": tree, "year": None if year is None else int(year)}


def test_an_older_document_is_migrated_when_read() -> None:
    older = {
        "schema": "perfmodel/0",
        "type": "project",
        "name": "旧项目",
        "year": "2023",
        "indicators": {
            "indicators": [{"name": "a", "level1": "产出指标", "level2": "数量指标", "weight": "5"}]
        },
    }
    steps = {"perfmodel/0": ("perfmodel/1", _from_version_0)}
    doc = from_dict(older, Project, migrations=steps)
    assert doc.year == 2023
    assert doc.indicators[0].max_points == Decimal("5")
    assert older["year"] == "2023"  # the input is not modified
    assert from_json(json.dumps(older), migrations=steps) == doc
    with pytest.raises(SerializationError, match="unknown version 'perfmodel/0'"):
        from_dict(older, Project)


def test_migrations_that_loop_are_refused() -> None:
    steps = {
        "perfmodel/0": ("perfmodel/-1", lambda d: d),
        "perfmodel/-1": ("perfmodel/0", lambda d: d),
    }
    with pytest.raises(SerializationError, match="loop"):
        from_dict({"schema": "perfmodel/0", "type": "project", "name": "p"}, migrations=steps)


# ---------------------------------------------------------------------------------------------
# Policy, parts, YAML, converter
# ---------------------------------------------------------------------------------------------


def test_policies_are_written_as_policy_to_dict() -> None:
    for policy in (Policy.central(), Policy.provincial(), Policy.whole_points()):
        data = to_dict(policy)
        assert data == {"schema": "perfmodel/1", "type": "policy", **policy.to_dict()}
        assert from_json(to_json(policy)) == policy
        jsonschema.Draft202012Validator(load_schema("policy")).validate(data)
    message = _message({"schema": "perfmodel/1", "type": "policy", "revers_rule": "x"})
    assert message == "$: unknown policy keys: ['revers_rule']"
    bands = {"schema": "perfmodel/1", "qualitative_bands": "x"}
    assert _message(bands, Policy).startswith("$: ")
    assert _message({"schema": "perfmodel/1", "over_achievement": 1.5}, Policy).startswith("$: ")


def test_parts_round_trip_without_an_envelope() -> None:
    parts = [
        Budget(total=Decimal("6810000.00"), adjustment=Decimal("-8038300.00")),
        KeyTask("巩固垃圾分类建设", "每月一次简报"),
        Location(file="f.txt", line=3),
        Diagnostic(Severity.WARNING, "R201", "placed", Location(form="F"), expected="1"),
        parse_target("一年一次"),
        parse_actual("部分达成"),
        IndicatorTree([Indicator("a", "产出指标", "数量指标")], level1_weights={"产出指标": 50}),
    ]
    for part in parts:
        data = to_dict(part)
        assert "schema" not in data
        assert from_dict(data, type(part)) == part
        assert from_json(to_json(part), type(part)) == part


def test_targets_and_actuals_can_be_written_as_text() -> None:
    ind = from_dict(
        {
            "name": "a",
            "level1": "产出指标",
            "level2": "数量指标",
            "target": "≥90%",
            "actual": "92%",
        },
        Indicator,
    )
    assert ind.target == parse_target("≥90%")
    assert ind.actual == parse_actual("92%")


def test_yaml_scorecard_by_hand() -> None:
    doc = from_yaml(
        """
schema: perfmodel/1
type: project
name: 示例项目
year: 2025
start: 2025-01-01
budget: {adjusted: "100", executed: "86.19"}
indicators:
  level1_weights: {产出指标: 50}
  indicators:
    - {name: 绿化养护面积, level1: 产出指标, level2: 数量指标,
       target: "≥43.2万平方米", actual: "37.24万平方米", max_points: 50}
"""
    )
    assert doc.budget.executed == Decimal("86.19")
    assert doc.indicators[0].max_points == Decimal(50)
    assert evaluate(doc).indicators[0].points == Decimal("43.10")
    with pytest.raises(SerializationError, match=r"budget\.executed: expected a number string"):
        from_yaml("schema: perfmodel/1\ntype: project\nname: p\nbudget: {executed: 86.19}\n")
    with pytest.raises(SerializationError, match=r"^YAML: "):
        from_yaml("a: [")
    with pytest.raises(SerializationError, match="constructor"):
        from_yaml("!!python/object:os.system {}")  # only the safe loader is used


def _alias_bomb(depth: int) -> str:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, depth)]
    return "\n".join(lines) + "\nschema: perfmodel/1\ntype: project\nname: x\n"


def test_yaml_aliases_are_read_but_cannot_expand_without_bound() -> None:
    shared = "schema: perfmodel/1\ntype: project\nname: &n 示例\ncategories: [*n, 专项资金]\n"
    assert from_yaml(shared).categories == ("示例", "专项资金")
    # 10 levels of anchors repeating the one before: 10^10 values from ~700 bytes
    with pytest.raises(SerializationError, match=r"aliases expand the document to \d+ values"):
        from_yaml(_alias_bomb(10))
    with pytest.raises(SerializationError, match="refers to a node that contains it"):
        from_yaml("schema: perfmodel/1\ntype: project\nname: x\ncategories: &c [*c]\n")


def test_configure_converter_on_a_plain_cattrs_converter() -> None:
    conv = cattrs.Converter()
    configure_converter(conv)
    budget = Budget(total=Decimal("5.00"))
    assert conv.unstructure(budget)["total"] == "5.00"
    assert conv.structure({"total": "5.00"}, Budget) == budget
    with pytest.raises(cattrs.BaseValidationError):
        conv.structure({"totl": "5"}, Budget)  # unknown keys refused whatever the converter says
    assert make_converter().unstructure(parse_target("=1(个)").quantity)["unit"] == "piece"


def test_quantities_need_decimal_magnitudes() -> None:
    from perfmodel import units

    bad = units.get_registry().Quantity(1.5, units.unit("%"))
    with pytest.raises(SerializationError, match="magnitude must be Decimal"):
        make_converter().unstructure(bad)
    target = from_dict(
        {
            "kind": "quantitative",
            "comparator": "EQ",
            "quantity": {"magnitude": "252", "unit": "yuan / month / person"},
            "unit_text": "元/人/月",
        },
        Target,
    )
    assert target.quantity == units.quantity("252", "元/人/月")


def test_importing_perfmodel_stays_light() -> None:
    code = (
        "import sys, perfmodel; "
        "assert not {'cattrs', 'pint', 'pandas', 'openpyxl'} & set(sys.modules), sys.modules.keys(); "
        "from perfmodel import to_json, Project; to_json(Project('p')); "
        "assert 'pandas' not in sys.modules and 'openpyxl' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    assert perfmodel.from_json is from_json
    with pytest.raises(AttributeError):
        _ = perfmodel.no_such_name  # type: ignore[attr-defined]


def test_more_bad_shapes_are_named() -> None:
    conv = make_converter()
    cases: list[tuple[Any, Any, str]] = [
        ({"kind": "x" * 80}, Target, "kind: expected one of 'quantitative', 'qualitative', "),
        ({"type": "project", "name": "u"}, Unit, "type: expected 'unit', got 'project' (str)"),
        (5, Policy, "$: expected an object, got 5 (int)"),
        (5, Unit | Project, "$: expected an object, got 5 (int)"),
        ({"indicators": "ab"}, IndicatorTree, "indicators: expected a list, got 'ab' (str)"),
        ({"level1_weights": []}, IndicatorTree, "level1_weights: expected an object, got []"),
    ]
    for data, cls, expected in cases:
        with pytest.raises(SerializationError) as info:
            structure(conv, data, cls)
        assert str(info.value).startswith(expected), str(info.value)
    assert conv.structure(None, Unit | Project | None) is None
    long_text = "x" * 80
    message = _message({"schema": "perfmodel/1", "type": "project", "name": 1, "year": long_text})
    assert message.endswith("xxx... (str)")
    assert message.startswith("name: expected a string, got 1 (int)\nyear: ")


def test_evaluation_flags_must_be_booleans() -> None:
    data = to_dict(evaluate(Project("p")))
    data["scaled"] = "yes"
    assert _message(data) == "scaled: expected true or false, got 'yes' (str)"


def test_the_schema_command_runs_as_a_module(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "perfmodel.serialize", "--check", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "stale schema files" in done.stderr


def test_the_format_page_example_is_what_the_code_writes() -> None:
    page = (Path(__file__).parent.parent / "docs" / "format.md").read_text(encoding="utf-8")
    example = json.loads(page.split("```json\n")[1].split("```")[0])
    doc = read_forms(SEEDS[-1]).documents[0]
    assert doc.source is not None
    doc = attrs.evolve(
        doc,
        indicators=doc.indicators.replace(list(doc.indicators)[-1:]),
        source=attrs.evolve(doc.source, file=f"tests/data/seeds/{SEEDS[-1].name}"),
    )
    assert example == to_dict(doc)
    for cls in (Project, Unit, Budget, Indicator, Target, Diagnostic, Policy):
        for field in attrs.fields(cls):
            assert f"`{field.name}`" in page, f"{cls.__name__}.{field.name} is not documented"


def test_lists_of_documents() -> None:
    docs = read_forms(SEEDS[-1]).documents[:3]
    text = to_json(docs)
    assert text.startswith('[{"schema":"perfmodel/1"')
    assert from_json(text) == docs
    assert from_json(text, Project) == docs
    broken = json.loads(text)
    broken[2]["year"] = "2025"
    assert _message(broken) == "[2].year: expected an integer, got '2025' (str)"
    assert _message([5]) == "[0]: expected an object, got 5 (int)"
    assert json_schema() == json_schema(Unit | Project)
    assert perfmodel.write_xlsx is not None
