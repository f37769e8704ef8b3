"""pandas frames of documents (the ``[pandas]`` extra; pandas is imported only when called).

:func:`to_frame` gives one row per indicator (三级指标) with stable column names
(:data:`INDICATOR_COLUMNS`), :func:`budgets_frame` one row per document (:data:`BUDGET_COLUMNS`),
and :func:`from_frame` rebuilds documents from an indicator frame (and a budgets frame).

Exactness: money, weights and points are ``Decimal`` values in ``object`` columns — never
floats; text columns are ``object`` columns holding ``str`` or ``None`` (blank is ``None``, not
``""`` and not ``NaN``); ``document``, ``year`` and ``line`` are nullable ``Int64``. Edit a frame
with ``Decimal`` values: :func:`from_frame` refuses a float in a decimal column.

>>> from decimal import Decimal
>>> from perfmodel import Indicator, Project, parse_target
>>> p = Project("示例", year=2025, indicators=[
...     Indicator("满意度", "满意度指标", "服务对象满意度指标", parse_target("≥90.0%"))])
>>> df = to_frame([p])
>>> df.loc[0, ["document_name", "indicator", "comparator", "magnitude", "unit"]].tolist()
['示例', '满意度', 'GE', Decimal('90.0'), '%']
>>> from_frame(df) == [p]
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import SerializationError
from ..model import Budget, FormKind, Indicator, IndicatorTree, Project, Unit
from ..targets import Actual, Band, Comparator, Direction, Target, TargetKind
from .converter import TAGS, show

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BUDGET_COLUMNS", "INDICATOR_COLUMNS", "budgets_frame", "from_frame", "to_frame"]

_IDENTITY = ("document", "document_type", "document_name", "year", "form")

#: Columns of :func:`to_frame`, in order.
INDICATOR_COLUMNS: tuple[str, ...] = (
    *_IDENTITY,
    "level1",
    "level1_weight",
    "level2",
    "level2_weight",
    "indicator",
    "nature",
    "target",
    "target_kind",
    "comparator",
    "magnitude",
    "unit",
    "label",
    "direction",
    "comparator_cell",
    "unit_cell",
    "actual",
    "actual_kind",
    "actual_comparator",
    "actual_magnitude",
    "actual_unit",
    "actual_label",
    "actual_band",
    "max_points",
    "points",
    "deviation_reason",
    "explanation",
    "rule_text",
    "line",
)

_BUDGET_FIELDS = tuple(f.name for f in attrs.fields(Budget))

#: Columns of :func:`budgets_frame`, in order (the identity columns, then every Budget field).
BUDGET_COLUMNS: tuple[str, ...] = (*_IDENTITY, *_BUDGET_FIELDS)

_INT_COLUMNS = frozenset({"document", "year", "line"})
_DECIMAL_COLUMNS = frozenset(
    {"level1_weight", "level2_weight", "magnitude", "actual_magnitude", "max_points", "points"}
    | (set(_BUDGET_FIELDS) - _INT_COLUMNS)
)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SerializationError(
            "frames need the [pandas] extra: pip install perfmodel[pandas]"
        ) from exc
    return pandas


def _code(value: Any) -> Any:
    return None if value is None else value.value


def _identity(index: int, doc: Unit | Project) -> dict[str, Any]:
    return {
        "document": index,
        "document_type": TAGS[type(doc)],
        "document_name": doc.name,
        "year": doc.year,
        "form": doc.form.value,
    }


def _indicator_row(doc: Unit | Project, ind: Indicator) -> dict[str, Any]:
    tree = doc.indicators
    target, actual = ind.target, ind.actual
    return {
        "level1": ind.level1,
        "level1_weight": tree.level1_weights.get(ind.level1),
        "level2": ind.level2,
        "level2_weight": tree.level2_weights.get(ind.level2),
        "indicator": ind.name,
        "nature": ind.nature,
        "target": None if target is None else target.text,
        "target_kind": None if target is None else target.kind.value,
        "comparator": None if target is None else _code(target.comparator),
        "magnitude": None if target is None else target.magnitude,
        "unit": None if target is None else target.unit_text,
        "label": None if target is None else target.label,
        "direction": None if target is None else _code(target.direction),
        "comparator_cell": ind.comparator_text,
        "unit_cell": ind.unit,
        "actual": None if actual is None else actual.text,
        "actual_kind": None if actual is None else actual.kind.value,
        "actual_comparator": None if actual is None else _code(actual.comparator),
        "actual_magnitude": None if actual is None else actual.magnitude,
        "actual_unit": None if actual is None else actual.unit_text,
        "actual_label": None if actual is None else actual.label,
        "actual_band": None if actual is None else _code(actual.band),
        "max_points": ind.max_points,
        "points": ind.points,
        "deviation_reason": ind.deviation_reason,
        "explanation": ind.explanation,
        "rule_text": ind.rule_text,
        "line": ind.line,
    }


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    pd = _pandas()
    data = {}
    for column in columns:
        values = [row[column] for row in rows]
        dtype = "Int64" if column in _INT_COLUMNS else object
        data[column] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(data, columns=list(columns))


def to_frame(docs: Iterable[Unit | Project]) -> pd.DataFrame:
    """One row per indicator of every document, in reading order (:data:`INDICATOR_COLUMNS`).

    ``document`` is the document's position in ``docs``; ``level1_weight``/``level2_weight``
    repeat the tree's weight (权重) of the row's level on each row; ``target``/``actual`` are
    the texts as written, the other target/actual columns their reading; ``comparator_cell``
    and ``unit_cell`` the separate 方向 and 计量单位 columns of some forms.

    >>> from perfmodel import Unit
    >>> to_frame([Unit("无指标单位")]).shape
    (0, 33)
    """
    rows: list[dict[str, Any]] = []
    for index, doc in enumerate(docs):
        head = _identity(index, doc)
        rows.extend(head | _indicator_row(doc, ind) for ind in doc.indicators)
    return _frame(rows, INDICATOR_COLUMNS)


def budgets_frame(docs: Iterable[Unit | Project]) -> pd.DataFrame:
    """One row per document with its budget (预算), exact ``Decimal`` yuan (:data:`BUDGET_COLUMNS`).

    >>> from decimal import Decimal
    >>> from perfmodel import Budget, Project
    >>> df = budgets_frame([Project("p", budget=Budget(total=Decimal("266200.00")))])
    >>> df.loc[0, "total"], df.loc[0, "fiscal"] is None
    (Decimal('266200.00'), True)
    """
    rows = []
    for index, doc in enumerate(docs):
        budget = {name: getattr(doc.budget, name) for name in _BUDGET_FIELDS}
        rows.append(_identity(index, doc) | budget)
    return _frame(rows, BUDGET_COLUMNS)


# ---------------------------------------------------------------------------------------------
# Back from frames
# ---------------------------------------------------------------------------------------------


class _Reader:
    """Cell access with messages naming the frame, row and column."""

    def __init__(self, frame: pd.DataFrame, what: str, columns: Sequence[str]) -> None:
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise SerializationError(f"{what}: missing columns {', '.join(missing)}")
        self.frame = frame
        self.what = what
        self.pd = _pandas()

    def rows(self) -> Iterable[tuple[Any, dict[str, Any]]]:
        records = self.frame.to_dict("records")
        return zip(self.frame.index, records, strict=True)

    def blank(self, value: Any) -> bool:
        if value is None:
            return True
        try:
            return bool(self.pd.isna(value))
        except (TypeError, ValueError):
            return False

    def fail(self, row: Any, column: str, message: str) -> SerializationError:
        return SerializationError(f"{self.what} row {row}, column {column}: {message}")

    def text(self, row: Any, record: dict[str, Any], column: str) -> str | None:
        value = record[column]
        if self.blank(value):
            return None
        if not isinstance(value, str):
            raise self.fail(row, column, f"expected text, got {show(value)}")
        return value

    def integer(self, row: Any, record: dict[str, Any], column: str) -> int | None:
        value = record[column]
        if self.blank(value):
            return None
        if isinstance(value, bool) or not hasattr(value, "__index__"):
            raise self.fail(row, column, f"expected an integer, got {show(value)}")
        return int(value)

    def decimal(self, row: Any, record: dict[str, Any], column: str) -> Decimal | None:
        value = record[column]
        if self.blank(value):
            return None
        if isinstance(value, Decimal):
            return value
        if isinstance(value, str):
            try:
                return Decimal(value)
            except ArithmeticError:
                pass
        elif hasattr(value, "__index__") and not isinstance(value, bool):
            return Decimal(int(value))
        raise self.fail(row, column, f"expected a Decimal (exact), got {show(value)}")

    def code(self, row: Any, record: dict[str, Any], column: str, enum_type: Any) -> Any:
        value = self.text(row, record, column)
        if value is None:
            return None
        try:
            return enum_type(value)
        except ValueError:
            codes = ", ".join(repr(m.value) for m in enum_type)
            raise self.fail(row, column, f"expected one of {codes}, got {value!r}") from None


def _quantity(magnitude: Decimal | None, unit_text: str | None) -> Any:
    if magnitude is None:
        return None
    from .. import units

    return units.quantity(magnitude, unit_text)


def _target(r: _Reader, row: Any, rec: dict[str, Any]) -> Target | None:
    kind = r.code(row, rec, "target_kind", TargetKind)
    if kind is None:
        return None
    unit_text = r.text(row, rec, "unit")
    return Target(
        kind,
        text=r.text(row, rec, "target") or "",
        comparator=r.code(row, rec, "comparator", Comparator),
        quantity=_quantity(r.decimal(row, rec, "magnitude"), unit_text),
        unit_text=unit_text,
        label=r.text(row, rec, "label"),
        direction=r.code(row, rec, "direction", Direction),
    )


def _actual(r: _Reader, row: Any, rec: dict[str, Any]) -> Actual | None:
    kind = r.code(row, rec, "actual_kind", TargetKind)
    if kind is None:
        return None
    unit_text = r.text(row, rec, "actual_unit")
    return Actual(
        kind,
        text=r.text(row, rec, "actual") or "",
        quantity=_quantity(r.decimal(row, rec, "actual_magnitude"), unit_text),
        unit_text=unit_text,
        label=r.text(row, rec, "actual_label"),
        comparator=r.code(row, rec, "actual_comparator", Comparator),
        band=r.code(row, rec, "actual_band", Band),
    )


def _indicator(r: _Reader, row: Any, rec: dict[str, Any]) -> Indicator:
    name, level1, level2 = (r.text(row, rec, c) for c in ("indicator", "level1", "level2"))
    if not name or not level1 or not level2:
        raise r.fail(row, "indicator", "indicator, level1 and level2 must not be blank")
    return Indicator(
        name,
        level1,
        level2,
        _target(r, row, rec),
        nature=r.text(row, rec, "nature"),
        unit=r.text(row, rec, "unit_cell"),
        comparator_text=r.text(row, rec, "comparator_cell"),
        explanation=r.text(row, rec, "explanation"),
        rule_text=r.text(row, rec, "rule_text"),
        max_points=r.decimal(row, rec, "max_points"),
        actual=_actual(r, row, rec),
        points=r.decimal(row, rec, "points"),
        deviation_reason=r.text(row, rec, "deviation_reason"),
        line=r.integer(row, rec, "line"),
    )


def _weight(
    r: _Reader, row: Any, rec: dict[str, Any], level: str, into: dict[str, Decimal]
) -> None:
    weight = r.decimal(row, rec, f"{level}_weight")
    if weight is None:
        return
    name = rec[level]
    if name in into and into[name] != weight:
        raise r.fail(row, f"{level}_weight", f"{name} has weight {into[name]} on an earlier row")
    into[name] = weight


class _Shell:
    """What a document is before its parts are attached: identity from the first row seen."""

    def __init__(self, r: _Reader, row: Any, rec: dict[str, Any]) -> None:
        self.type = r.text(row, rec, "document_type")
        if self.type not in ("unit", "project"):
            raise r.fail(row, "document_type", f"expected 'unit' or 'project', got {self.type!r}")
        name = r.text(row, rec, "document_name")
        if not name:
            raise r.fail(row, "document_name", "must not be blank")
        self.name = name
        self.year = r.integer(row, rec, "year")
        self.form: FormKind = r.code(row, rec, "form", FormKind) or (
            FormKind.UNIT_DECLARATION if self.type == "unit" else FormKind.PROJECT_DECLARATION
        )
        self.indicators: list[Indicator] = []
        self.level1: dict[str, Decimal] = {}
        self.level2: dict[str, Decimal] = {}
        self.budget: Budget | None = None

    def build(self) -> Unit | Project:
        tree = IndicatorTree(self.indicators, self.level1, self.level2)
        cls: Callable[..., Unit | Project] = Unit if self.type == "unit" else Project
        return cls(self.name, year=self.year, indicators=tree, form=self.form, budget=self.budget)


def from_frame(
    frame: pd.DataFrame,
    *,
    budgets: pd.DataFrame | None = None,
    base: Sequence[Unit | Project] | None = None,
) -> list[Unit | Project]:
    """Rebuild documents from a :func:`to_frame` frame (and a :func:`budgets_frame` frame).

    Rows are grouped by ``document`` (documents come out in that order); within a document
    the row order is the reading order. Without ``base`` a document holds what the frames
    carry: identity (type, name, year, form), the indicator tree with its weights, and the
    budget. With ``base`` (the documents the frame was made from), every base document keeps
    its other fields and takes its indicators (and budget, when ``budgets`` is given) from the
    frames; rows must then point at positions of ``base``.

    Weights of levels without indicators cannot live in an indicator frame and are dropped.

    >>> from perfmodel import Project, Budget
    >>> docs = [Project("p", budget=Budget(total="5"), goal_period=(2025, 2027))]
    >>> from_frame(to_frame(docs), budgets=budgets_frame(docs))[0].budget.total
    Decimal('5')
    >>> from_frame(to_frame(docs), base=docs) == docs
    True
    """
    r = _Reader(frame, "indicator frame", INDICATOR_COLUMNS)
    shells: dict[int, _Shell] = {}
    for row, rec in r.rows():
        number = r.integer(row, rec, "document")
        if number is None:
            raise r.fail(row, "document", "must not be blank")
        shell = shells.get(number)
        if shell is None:
            shell = shells[number] = _Shell(r, row, rec)
        shell.indicators.append(_indicator(r, row, rec))
        _weight(r, row, rec, "level1", shell.level1)
        _weight(r, row, rec, "level2", shell.level2)
    if budgets is not None:
        b = _Reader(budgets, "budgets frame", BUDGET_COLUMNS)
        for row, rec in b.rows():
            number = b.integer(row, rec, "document")
            if number is None:
                raise b.fail(row, "document", "must not be blank")
            shell = shells.get(number)
            if shell is None:
                shell = shells[number] = _Shell(b, row, rec)
            amounts: dict[str, Any] = {
                name: (b.integer if name in _INT_COLUMNS else b.decimal)(row, rec, name)
                for name in _BUDGET_FIELDS
            }
            shell.budget = Budget(**amounts)
    if base is None:
        return [shells[n].build() for n in sorted(shells)]
    outside = sorted(n for n in shells if not 0 <= n < len(base))
    if outside:
        raise SerializationError(
            f"indicator frame: document {outside[0]} is not a position in base "
            f"(0 to {len(base) - 1})"
        )
    out: list[Unit | Project] = []
    for number, doc in enumerate(base):
        found = shells.get(number)
        if found is None:
            out.append(attrs.evolve(doc, indicators=IndicatorTree()))
            continue
        tree = IndicatorTree(found.indicators, found.level1, found.level2)
        budget = doc.budget if found.budget is None else found.budget
        out.append(attrs.evolve(doc, indicators=tree, budget=budget))
    return out
