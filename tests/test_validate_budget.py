"""PM1xx budget arithmetic: each check with a minimal failing document and a passing one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfmodel import Budget, Project, Unit, validate
from perfmodel.validate import budget
from perfmodel.validate.core import Document

D = Decimal


def _codes(doc: Document, code: str) -> list[str]:
    check = next(c for c in budget.CHECKS if c.code == code)
    return [d.code for d in validate(doc, checks=(check,))]


#: code → (failing document, passing document)
CASES: dict[str, tuple[Document, Document]] = {
    "PM101": (
        Unit("u", budget=Budget(total=D(100), fiscal=D(60), other=D(30))),
        Unit("u", budget=Budget(total=D(100), fiscal=D(70), other=D(30))),
    ),
    "PM102": (
        Unit("u", budget=Budget(total=D(100), basic=D(40), project=D(50))),
        Unit("u", budget=Budget(total=D(100), basic=D(40), project=D(60))),
    ),
    "PM103": (
        Project("p", budget=Budget(annual_total=D(10), annual_fiscal=D(8), carryover=D(1))),
        Project("p", budget=Budget(annual_total=D(10), annual_fiscal=D(9), carryover=D(1))),
    ),
    "PM104": (
        Project("p", budget=Budget(total=D(10), annual_total=D(11))),
        Project("p", budget=Budget(total=D(10), annual_total=D(10))),
    ),
    "PM105": (
        Unit("u", budget=Budget(initial=D(100), adjustment=D(-10), adjusted=D(80))),
        Unit("u", budget=Budget(initial=D(100), adjustment=D(-10), adjusted=D(90))),
    ),
    "PM106": (
        Unit("u", budget=Budget(executed=D(10), basic_executed=D(3), project_executed=D(8))),
        Unit("u", budget=Budget(executed=D(11), basic_executed=D(3), project_executed=D(8))),
    ),
    "PM107": (
        Unit("u", budget=Budget(adjusted=D(200), executed=D(150), stated_rate=D("0.80"))),
        Unit("u", budget=Budget(adjusted=D(200), executed=D(150), stated_rate=D("0.75"))),
    ),
    "PM108": (
        Project("p", budget=Budget(total=D(266200), fiscal=D(266200))),
        Project("p", budget=Budget(total=D(266200), annual_total=D(266200))),
    ),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_check_fails_and_passes(code: str) -> None:
    failing, passing = CASES[code]
    assert _codes(failing, code) == [code]
    assert _codes(passing, code) == []


def test_seed_001_execution_split_names_the_misprinted_part() -> None:
    b = Budget(
        initial=D("152496500"),
        adjustment=D("-8038300"),
        adjusted=D("144458200"),
        executed=D("140463700"),
        stated_rate=D("0.9723"),
        basic=D("3337100"),
        basic_executed=D("3337700"),
        basic_stated_rate=D("0.9942"),
        project=D("141121100"),
        project_executed=D("137146000"),
        project_stated_rate=D("0.9718"),
    )
    found = validate(Unit("浦锦", budget=b), checks=budget.CHECKS)
    assert [(d.code, d.expected) for d in found] == [
        ("PM106", "14,048.37 万元"),
        ("PM107", "100.02%"),
    ]
    assert "基本支出执行数 331.77 万元" in found[0].message
    assert "331.77 万元" in found[1].message
    assert found[1].location.field == "budget.basic_stated_rate"
    assert budget.likely_part(b) == ("basic_executed", D("3317700"))


def test_likely_part_needs_the_overall_rate_to_agree() -> None:
    b = Budget(
        adjusted=D(1000),
        executed=D(900),
        stated_rate=D("0.50"),
        basic=D(100),
        basic_executed=D(120),
        basic_stated_rate=D("0.90"),
        project_executed=D(810),
    )
    assert budget.likely_part(b) is None
    assert budget.likely_part(Budget()) is None


def test_a_blank_part_is_not_zero() -> None:
    short = Unit("u", budget=Budget(total=D(100), fiscal=D(60)))
    found = validate(short, checks=budget.CHECKS)
    assert [(d.code, d.severity.value) for d in found] == [("PM101", "warning")]
    assert "其他资金 is blank" in found[0].message
    exact = Unit("u", budget=Budget(total=D(100), fiscal=D(100)))
    assert validate(exact, checks=budget.CHECKS) == []
    over = Unit("u", budget=Budget(total=D(100), fiscal=D(120)))
    assert [d.severity.value for d in validate(over, checks=budget.CHECKS)] == ["error"]


def test_funding_structure_of_a_self_evaluation_uses_the_adjusted_budget() -> None:
    b = Budget(adjusted=D(100), basic=D(30), project=D(60))
    found = validate(Unit("u", budget=b), checks=budget.CHECKS)
    assert [(d.code, d.location.field) for d in found] == [("PM102", "budget.adjusted")]


def test_stated_rate_precision_and_truncation() -> None:
    truncated = Budget(adjusted=D(3), executed=D(2), stated_rate=D("0.6666"))
    rounded = Budget(adjusted=D(3), executed=D(2), stated_rate=D("0.6667"))
    coarse = Budget(adjusted=D(3), executed=D(2), stated_rate=D("0.67"))
    for b in (truncated, rounded, coarse):
        assert validate(Unit("u", budget=b), checks=budget.CHECKS) == []


def test_money_formatting() -> None:
    assert budget.format_money(D("140463700")) == ["14,046.37 万元"]
    assert budget.format_money(D("10"), D("9.5")) == ["10.00 元", "9.50 元"]
    assert budget.format_percent(D("0.99419")) == "99.42%"


@given(
    total=st.integers(min_value=0, max_value=10**9),
    fiscal=st.integers(min_value=0, max_value=10**9),
    other=st.integers(min_value=0, max_value=10**9),
)
def test_funding_sources_property(total: int, fiscal: int, other: int) -> None:
    doc = Unit("u", budget=Budget(total=D(total), fiscal=D(fiscal), other=D(other)))
    found = _codes(doc, "PM101")
    assert (found == ["PM101"]) == (fiscal + other != total)
