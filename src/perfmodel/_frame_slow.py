"""The rows of an indicator frame numpy cannot carry, scored one by one (private;
:mod:`perfmodel.frame`): a written 评(扣)分标准, a unit factor that is no short decimal, figures
beyond int64. Each row's target and actual are rebuilt from its columns and scored by
:func:`~perfmodel.scoring.indicator.score_indicator`, ``Decimal`` all the way.

>>> _target(("quantitative", "≥90%", "GE", Decimal(90), "%", None, None)).quantity
<Quantity(90, 'percent')>
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np

from . import units
from .errors import ScoringError
from .targets import Actual, Band, Comparator, Direction, Target, TargetKind

if TYPE_CHECKING:
    from ._frame_columns import _Columns

_TARGET = ("target_kind", "target", "comparator", "magnitude", "unit", "label", "direction")
_ACTUAL = (
    "actual_kind",
    "actual",
    "actual_comparator",
    "actual_magnitude",
    "actual_unit",
    "actual_label",
    "actual_band",
)


def _slow_rows(
    cols: _Columns,
    pol: Any,
    rows: Any,
    max_points: Any,
    outputs: tuple[Any, Any, Any],
    rule_code: dict[str, int],
) -> dict[int, Decimal]:
    """Score ``rows`` with :func:`score_indicator`; ``max_points(i)`` gives row ``i``'s 分值.
    ``outputs`` are the points (in units of the policy's last place), met and rule columns;
    returns the points int64 cannot hold, by row."""
    from .scoring.indicator import score_indicator

    points, met, rule = outputs
    cells = {name: _cells(cols, name, rows) for name in (*_TARGET, *_ACTUAL, "points")}
    rule_text = _cells(cols, "rule_text", rows)
    targets: dict[tuple[Any, ...], Target | None] = {}
    actuals: dict[tuple[Any, ...], Actual | None] = {}
    d = pol.decimals
    too_long: dict[int, Decimal] = {}
    for j, i in enumerate(rows.tolist()):
        t_key = tuple(cells[name][j] for name in _TARGET)
        target = targets.get(t_key)
        if target is None:
            target = targets[t_key] = _target(t_key)
        a_key = tuple(cells[name][j] for name in _ACTUAL)
        actual = actuals.get(a_key)
        if actual is None:
            actual = actuals[a_key] = _actual(a_key)
        given = cells["points"][j]
        score = score_indicator(
            target,
            actual,
            max_points(i),
            policy=pol,
            rule=rule_text[j],
            given=None if given is None else _decimal(given),
        )
        value = int(score.points.scaleb(d))
        if -(2**63) <= value < 2**63:
            points[i] = value
        else:
            too_long[i] = score.points
        met[i] = -1 if score.met is None else int(score.met)
        rule[i] = rule_code[score.rule]
    return too_long


def _cells(cols: _Columns, name: str, rows: Any) -> list[Any]:
    """A column's cells at ``rows`` as Python values, blanks (None, NA, NaN) as ``None``."""
    if not cols.has(name):
        return [None] * len(rows)
    series = cols.df[name]
    pd = cols.pd
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = np.asarray(series.array.codes)[rows]
        used = np.unique(codes[codes >= 0])
        texts = dict(zip(used.tolist(), series.array.categories.take(used).tolist(), strict=True))
        return [texts.get(code) for code in codes.tolist()]
    if getattr(series.dtype, "pyarrow_dtype", None) is not None:
        import pyarrow as pa

        values = pa.array(series.array).take(pa.array(rows)).to_pylist()
    else:
        values = series.to_numpy(dtype=object)[rows].tolist()
    na = pd.NA
    return [
        None if v is None or v is na or (isinstance(v, float | Decimal) and v != v) else v
        for v in values
    ]


def _decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        return Decimal(value.strip())
    raise ScoringError(f"expected a Decimal, got {value!r}")


def _target(cells: tuple[Any, ...]) -> Target | None:
    kind, text, comparator, magnitude, unit_text, label, direction = cells
    if kind is None:
        return None
    return Target(
        TargetKind(kind),
        text=text or "",
        comparator=None if comparator is None else Comparator(comparator),
        quantity=None if magnitude is None else units.quantity(_decimal(magnitude), unit_text),
        unit_text=unit_text,
        label=label,
        direction=None if direction is None else Direction(direction),
    )


def _actual(cells: tuple[Any, ...]) -> Actual | None:
    kind, text, comparator, magnitude, unit_text, label, band = cells
    if kind is None:
        return None
    return Actual(
        TargetKind(kind),
        text=text or "",
        quantity=None if magnitude is None else units.quantity(_decimal(magnitude), unit_text),
        unit_text=unit_text,
        label=label,
        comparator=None if comparator is None else Comparator(comparator),
        band=None if band is None else Band(band),
    )
