"""The 预算补充 rows: budget figures a form has no place for, written by perfmodel and read back.

A published form prints only some of the :class:`~perfmodel.model.Budget` figures (a project
declaration has no 全年执行数; a unit self-evaluation report states no 预算总额). So that writing a
document as its form loses none of its figures, the writers
(:func:`perfmodel.serialize.layout.form_rows`) put every figure the form has no place for on a
row of its own, one cell ``预算补充（元）：<label> <amount>`` — amounts in 元 as plain digits
(``预算调整数`` signed), rates as percents (``执行率 90.00%``). The readers then fill those
fields from these rows (:func:`apply_supplement`); a figure the form itself states wins, and a
row that cannot be read, or that contradicts the form, gets an ``R114`` warning.

>>> from decimal import Decimal
>>> from perfmodel import Budget
>>> supplement_rows(Budget(executed=Decimal(5), stated_rate=Decimal("0.9")), {"total"})
[['预算补充（元）：全年执行数 5'], ['预算补充（元）：执行率 90%']]
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any

import attrs

from ..errors import ConstructionError, Diagnostic, Location, Severity
from ..model import Budget, Project, Unit
from ..vocab import BUDGET_SUPPLEMENT_CAPTION, BUDGET_SUPPLEMENT_LABELS
from .source import Row

__all__ = ["apply_supplement", "supplement_rows"]

_FIELDS = {label: field for field, label in BUDGET_SUPPLEMENT_LABELS.items()}
_ROW = re.compile(
    re.escape(BUDGET_SUPPLEMENT_CAPTION) + r"[：:]\s*(\S+)\s+(-?\d+(?:\.\d+)?)(%?)\s*$"
)


def supplement_rows(budget: Budget, native: Collection[str]) -> list[list[str]]:
    """One 预算补充 row for every figure of ``budget`` whose field is not in ``native`` (the
    fields the form prints in places of its own).

    >>> from decimal import Decimal
    >>> supplement_rows(Budget(adjustment=Decimal("-2.5")), ())
    [['预算补充（元）：预算调整数 -2.5']]
    """
    rows: list[list[str]] = []
    for field, label in BUDGET_SUPPLEMENT_LABELS.items():
        value = getattr(budget, field)
        if value is None or field in native:
            continue
        text = f"{format(value.scaleb(2), 'f')}%" if field.endswith("rate") else format(value, "f")
        rows.append([f"{BUDGET_SUPPLEMENT_CAPTION}：{label} {text}"])
    return rows


def apply_supplement(
    doc: Unit | Project, rows: Sequence[Row], file: str | None = None
) -> tuple[Unit | Project, list[Diagnostic]]:
    """``doc`` with the figures of the 预算补充 rows among ``rows`` filled into its budget.

    >>> from perfmodel.read import read_forms
    >>> text = "财政项目支出绩效目标表\\n项目名称\\tp\\n预算补充（元）：全年执行数 12.5\\n"
    >>> read_forms(text).documents[0].budget.executed
    Decimal('12.5')
    """
    budget = doc.budget
    diags: list[Diagnostic] = []
    first: int | None = None

    def warn(message: str, line: int) -> None:
        where = Location(file=file, line=line, form=doc.name, field="budget")
        diags.append(Diagnostic(Severity.WARNING, "R114", message, where))

    for row in rows:
        values = row.values
        if len(values) != 1 or not values[0].startswith(BUDGET_SUPPLEMENT_CAPTION):
            continue
        match = _ROW.match(values[0])
        field = None if match is None else _FIELDS.get(match.group(1))
        if match is None or field is None or (match.group(3) == "%") != field.endswith("rate"):
            warn(f"{values[0][:60]!r} is not a 预算补充 row (<label> <amount>); not read", row.line)
            continue
        value = Decimal(match.group(2))
        value = value.scaleb(-2) if field.endswith("rate") else value
        stated = getattr(budget, field)
        if stated is not None:
            if stated != value:
                message = f"budget.{field}: the form states {stated}, a 预算补充 row {value}"
                warn(message + "; the form's figure is kept", row.line)
            continue
        try:
            changes: dict[str, Any] = {field: value}
            budget = attrs.evolve(budget, **changes)
        except ConstructionError as exc:
            warn(f"{exc}; not read", row.line)
            continue
        first = first or row.line
    if first is None:
        return doc, diags
    budget = attrs.evolve(budget, line=budget.line or first)
    return attrs.evolve(doc, budget=budget), diags
