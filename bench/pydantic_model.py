"""The anchor of the JSON benchmark: a pydantic v2 mirror of the Project model (not shipped).

The same fields, types and JSON shape as perfmodel's format (docs/format.md): exact decimals as
strings, enums as their codes, blank as null, a quantity as ``{"magnitude", "unit"}``. Loading
validates types as perfmodel's converter does; it does not rebuild pint quantities, parse
dates beyond ISO, or check the model's invariants (non-negative money, non-empty names), so it
does less work than perfmodel's ``from_json``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["quantitative", "qualitative", "change"]
Cmp = Literal["EQ", "GE", "LE", "GT", "LT"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PydQuantity(_Strict):
    magnitude: Decimal
    unit: str | None = None


class PydTarget(_Strict):
    kind: Kind
    text: str = ""
    comparator: Cmp | None = None
    quantity: PydQuantity | None = None
    unit_text: str | None = None
    label: str | None = None
    direction: Literal["up", "down"] | None = None


class PydActual(_Strict):
    kind: Kind
    text: str = ""
    quantity: PydQuantity | None = None
    unit_text: str | None = None
    label: str | None = None
    comparator: Cmp | None = None
    band: Literal["achieved", "partial", "not_achieved"] | None = None


class PydIndicator(_Strict):
    name: str
    level1: str
    level2: str
    target: PydTarget | None = None
    nature: str | None = None
    unit: str | None = None
    comparator_text: str | None = None
    explanation: str | None = None
    rule_text: str | None = None
    max_points: Decimal | None = None
    actual: PydActual | None = None
    points: Decimal | None = None
    deviation_reason: str | None = None
    line: int | None = None


class PydTree(_Strict):
    indicators: tuple[PydIndicator, ...] = ()
    level1_weights: dict[str, Decimal] = {}
    level2_weights: dict[str, Decimal] = {}


class PydBudget(_Strict):
    total: Decimal | None = None
    fiscal: Decimal | None = None
    other: Decimal | None = None
    basic: Decimal | None = None
    project: Decimal | None = None
    annual_total: Decimal | None = None
    annual_fiscal: Decimal | None = None
    carryover: Decimal | None = None
    annual_other: Decimal | None = None
    initial: Decimal | None = None
    adjustment: Decimal | None = None
    adjusted: Decimal | None = None
    executed: Decimal | None = None
    stated_rate: Decimal | None = None
    basic_executed: Decimal | None = None
    basic_stated_rate: Decimal | None = None
    project_executed: Decimal | None = None
    project_stated_rate: Decimal | None = None
    line: int | None = None


class PydLocation(_Strict):
    file: str | None = None
    line: int | None = None
    form: str | None = None
    field: str | None = None


class PydProject(_Strict):
    schema_: Literal["perfmodel/1"] = Field("perfmodel/1", alias="schema")
    type: Literal["project"] = "project"
    name: str
    year: int | None = None
    nature: str | None = None
    categories: tuple[str, ...] = ()
    department: str | None = None
    implementer: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    overall_goal: str | None = None
    goal_period: tuple[int, int] | None = None
    annual_goal: str | None = None
    annual_outcome: str | None = None
    budget: PydBudget = PydBudget()
    indicators: PydTree = PydTree()
    form: Literal[
        "unit_declaration",
        "unit_self_evaluation",
        "project_declaration",
        "project_target_table",
        "project_self_evaluation",
    ] = "project_declaration"
    stated_total: Decimal | None = None
    source: PydLocation | None = None

    # "schema" is a BaseModel attribute: the field is schema_ with the JSON key "schema"
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def plain(project: Any) -> dict[str, Any]:
    """The project as perfmodel's JSON-ready dict (what the mirror validates)."""
    from perfmodel.serialize import to_dict

    return to_dict(project)
