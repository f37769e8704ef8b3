"""The validation machinery: user checks, disabled codes, inputs, locations, the registry."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfmodel
from perfmodel import (
    DEFAULT_CHECKS,
    Budget,
    Check,
    ConstructionError,
    Finding,
    FormKind,
    Indicator,
    IndicatorTree,
    Location,
    Project,
    Severity,
    Unit,
    parse_actual,
    parse_target,
    read_forms,
    validate,
)
from perfmodel.validate import Context
from perfmodel.validate.core import documents_of, policy_value, run_check
from perfmodel.vocab import CENTRAL_TAXONOMY_2025, DEFAULT_TAXONOMY

SEED = Path(__file__).parent / "data" / "seeds" / "003_c220910399858272.txt"


def _no_x(doc: Unit | Project, ctx: Context) -> Iterator[Finding]:
    if "x" in doc.name:
        yield Finding("the name contains an x", field="name")


MINE = Check("U001", Severity.WARNING, "names without x", _no_x)


def test_every_default_check_has_a_failing_and_a_passing_case() -> None:
    # pytest puts tests/ on sys.path (rootdir-relative "prepend" import mode)
    import test_validate_budget
    import test_validate_consistency
    import test_validate_structure
    import test_validate_targets
    import test_validate_weights

    cases: set[str] = set()
    for module in (
        test_validate_budget,
        test_validate_weights,
        test_validate_structure,
        test_validate_targets,
        test_validate_consistency,
    ):
        cases |= set(module.CASES)
    assert cases == {c.code for c in DEFAULT_CHECKS}


def test_default_checks_are_a_tuple_in_code_order() -> None:
    assert isinstance(DEFAULT_CHECKS, tuple)
    codes = [c.code for c in DEFAULT_CHECKS]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes)
    assert all(c.description and c.function.__doc__ for c in DEFAULT_CHECKS)
    assert all(c.function.__doc__.startswith(c.code) for c in DEFAULT_CHECKS)  # type: ignore[union-attr]


def test_top_level_names() -> None:
    for name in ("validate", "DEFAULT_CHECKS", "Check", "Finding"):
        assert name in perfmodel.__all__
    assert perfmodel.validate is validate


def test_user_checks_run_alongside_the_defaults() -> None:
    doc = Unit("单位x", budget=Budget(total=Decimal(10), fiscal=Decimal(6), other=Decimal(3)))
    assert [d.code for d in validate(doc, checks=(*DEFAULT_CHECKS, MINE))] == ["PM101", "U001"]
    assert [d.code for d in validate(doc, checks=(MINE,))] == ["U001"]
    (diag,) = validate(doc, checks=(MINE,))
    assert diag.severity is Severity.WARNING
    assert diag.location == Location(file=None, line=None, form="单位x", field="name")


def test_disable_codes_and_prefixes() -> None:
    doc = Project("项目x", budget=Budget(total=Decimal(10), fiscal=Decimal(6), other=Decimal(3)))
    codes = [d.code for d in validate(doc, checks=(*DEFAULT_CHECKS, MINE))]
    assert codes == ["PM101", "PM108", "PM304", "PM304", "PM304", "U001"]
    assert [d.code for d in validate(doc, disable=["PM3", "PM108"])] == ["PM101"]
    assert [d.code for d in validate(doc, disable="PM1")] == ["PM304"] * 3
    every = validate(doc, checks=(*DEFAULT_CHECKS, MINE), disable=["PM", "U001"])
    assert every == []
    assert len(validate(doc, disable=["", "PM9"])) == 5


def test_checks_are_validated() -> None:
    with pytest.raises(ConstructionError, match="two checks share the code 'U001'"):
        validate(Unit("u"), checks=(MINE, MINE))
    with pytest.raises(ConstructionError, match="checks must be Check values"):
        validate(Unit("u"), checks=(_no_x,))  # type: ignore[arg-type]
    with pytest.raises(ConstructionError, match=r"Check\.code"):
        Check("pm1", Severity.ERROR, "bad", _no_x)
    with pytest.raises(ConstructionError, match=r"Check\.severity"):
        Check("X1", "error", "bad", _no_x)  # type: ignore[arg-type]
    with pytest.raises(ConstructionError, match=r"Check\.function"):
        Check("X1", Severity.ERROR, "bad", "not callable")  # type: ignore[arg-type]


def test_a_finding_can_override_severity_and_line() -> None:
    def loud(doc: Unit | Project, ctx: Context) -> Iterator[Finding]:
        yield Finding("m", severity=Severity.INFO, line=3, expected="4")

    check = Check("X002", Severity.ERROR, "loud", loud)
    (diag,) = check(Unit("u", source=Location(file="f.txt", line=1)))
    assert (diag.severity, str(diag.location), diag.expected) == (Severity.INFO, "f.txt:3", "4")


def test_locations_come_from_the_indicator_and_the_source() -> None:
    def about(doc: Unit | Project, ctx: Context) -> Iterator[Finding]:
        for indicator in doc.indicators:
            yield Finding("i", indicator=indicator)
            yield Finding("f", indicator=indicator, field="target")
        yield Finding("doc")

    ind = Indicator("a", "产出指标", "数量指标", line=12)
    doc = Unit("u", indicators=[ind], source=Location(file="f.txt", line=5))
    found = run_check(Check("X003", Severity.ERROR, "about", about), doc, Context())
    assert [(d.location.line, d.location.field) for d in found] == [
        (12, "产出指标/数量指标/a"),
        (12, "产出指标/数量指标/a.target"),
        (5, None),
    ]


def test_inputs_documents_lists_and_read_results() -> None:
    result = read_forms(SEED)
    from_result = validate(result)
    assert from_result == validate(result.documents) == validate(list(result.documents))
    assert len(documents_of(result)) == 16
    assert validate([]) == []
    with pytest.raises(TypeError, match="got int"):
        validate(3)
    with pytest.raises(TypeError, match="got str"):
        validate([Unit("u"), "x"])
    with pytest.raises(TypeError):
        validate("text")


def test_diagnostics_are_grouped_by_document_and_sorted_by_line() -> None:
    lines = [(d.location.form, d.location.line or 0) for d in validate(read_forms(SEED))]
    forms = list(dict.fromkeys(form for form, _ in lines))
    for form in forms:
        form_lines = [line for f, line in lines if f == form]
        assert form_lines == sorted(form_lines)


def test_policy_value_and_taxonomy() -> None:
    assert policy_value({"a": None, "b": 2}, "a", "b") == 2
    assert policy_value(object(), "missing") is None
    assert Context().taxonomy is DEFAULT_TAXONOMY
    seen: list[object] = []

    def spy(doc: Unit | Project, ctx: Context) -> Iterator[Finding]:
        seen.append(ctx.taxonomy)
        return iter(())

    check = Check("X004", Severity.INFO, "spy", spy)
    validate(Unit("u"), checks=(check,), policy={"taxonomy": CENTRAL_TAXONOMY_2025})
    validate(Unit("u"), checks=(check,), policy={"taxonomy": "not a taxonomy"})
    assert seen == [CENTRAL_TAXONOMY_2025, DEFAULT_TAXONOMY]


def test_the_docs_page_lists_every_check() -> None:
    page = (Path(__file__).parents[1] / "docs" / "validation.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip(" *"): line.split("|")[2].strip()
        for line in page.splitlines()
        if line.startswith("| **PM")
    }
    assert rows == {c.code: c.severity.value for c in DEFAULT_CHECKS}


def _values(name: str) -> list[str]:
    path = Path(__file__).parent / "data" / name
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    return [row.split("\t")[0] for row in rows if row.strip()]


_TARGETS = _values("target_values.tsv")
_ACTUALS = _values("actual_values.tsv")
_CATEGORIES = [(l1, l2) for l1, l2s in DEFAULT_TAXONOMY.tree.items() for l2 in l2s]
_NAMES = [
    "公园养护数",
    "完成率",
    "及时性",
    "满意度",
    "次数",
    "培训时长",
    "成本",
    "—",
    "服务对象满意度指标",
]


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(_NAMES),
            st.sampled_from(_CATEGORIES),
            st.one_of(st.none(), st.sampled_from(_TARGETS)),
            st.one_of(st.none(), st.sampled_from(_ACTUALS)),
            st.one_of(st.none(), st.integers(min_value=0, max_value=20)),
            st.one_of(st.none(), st.integers(min_value=0, max_value=20)),
        ),
        max_size=8,
    ),
    weights=st.dictionaries(
        st.sampled_from(["产出指标", "效益指标", "满意度指标", "预算执行率", "投入管理指标"]),
        st.integers(min_value=0, max_value=60),
        max_size=4,
    ),
    goal=st.sampled_from(["", "完成12个公园养护，培训不少于60小时", "2024年完成20次"]),
    project=st.booleans(),
)
def test_validate_never_crashes(
    rows: list[tuple[str, tuple[str, str], str | None, str | None, int | None, int | None]],
    weights: dict[str, int],
    goal: str,
    project: bool,
) -> None:
    indicators = [
        Indicator(
            name,
            level1,
            level2,
            None if target is None else parse_target(target),
            actual=None if actual is None else parse_actual(actual),
            max_points=None if available is None else Decimal(available),
            points=None if awarded is None else Decimal(awarded),
            line=n + 1,
        )
        for n, (name, (level1, level2), target, actual, available, awarded) in enumerate(rows)
    ]
    tree = IndicatorTree(indicators, level1_weights=weights)
    doc: Unit | Project
    if project:
        doc = Project(
            "p", year=2025, annual_goal=goal, indicators=tree, form=FormKind.PROJECT_SELF_EVALUATION
        )
    else:
        doc = Unit(
            "u", year=2025, annual_goals=goal, indicators=tree, form=FormKind.UNIT_SELF_EVALUATION
        )
    for diag in validate(doc):
        assert diag.code in {c.code for c in DEFAULT_CHECKS}
        assert diag.message
        assert "\n" not in diag.message
