"""The indicator frame layout of ``perfmodel.serialize.to_frame`` (one row per indicator).

Used by the frame tests and the benchmarks until the serializer is on this branch: it writes
the same columns from the same fields (``perfmodel.serialize.to_frame`` is used when present).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from perfmodel import Project, Unit


def _code(value: Any) -> Any:
    return None if value is None else value.value


def indicator_frame(docs: Iterable[Unit | Project]) -> Any:
    """A pandas frame of every indicator of ``docs`` in reading order."""
    try:
        from perfmodel.serialize import to_frame  # type: ignore[attr-defined]
    except ImportError:
        pass
    else:
        return to_frame(docs)
    import pandas as pd

    rows = []
    for index, doc in enumerate(docs):
        tree = doc.indicators
        head = {
            "document": index,
            "document_type": "unit" if isinstance(doc, Unit) else "project",
            "document_name": doc.name,
            "year": doc.year,
            "form": doc.form.value,
        }
        for ind in tree:
            t, a = ind.target, ind.actual
            rows.append(
                head
                | {
                    "level1": ind.level1,
                    "level1_weight": tree.level1_weights.get(ind.level1),
                    "level2": ind.level2,
                    "level2_weight": tree.level2_weights.get(ind.level2),
                    "indicator": ind.name,
                    "nature": ind.nature,
                    "target": None if t is None else t.text,
                    "target_kind": None if t is None else t.kind.value,
                    "comparator": None if t is None else _code(t.comparator),
                    "magnitude": None if t is None else t.magnitude,
                    "unit": None if t is None else t.unit_text,
                    "label": None if t is None else t.label,
                    "direction": None if t is None else _code(t.direction),
                    "comparator_cell": ind.comparator_text,
                    "unit_cell": ind.unit,
                    "actual": None if a is None else a.text,
                    "actual_kind": None if a is None else a.kind.value,
                    "actual_comparator": None if a is None else _code(a.comparator),
                    "actual_magnitude": None if a is None else a.magnitude,
                    "actual_unit": None if a is None else a.unit_text,
                    "actual_label": None if a is None else a.label,
                    "actual_band": None if a is None else _code(a.band),
                    "max_points": ind.max_points,
                    "points": ind.points,
                    "deviation_reason": ind.deviation_reason,
                    "explanation": ind.explanation,
                    "rule_text": ind.rule_text,
                    "line": ind.line,
                }
            )
    columns = list(rows[0]) if rows else ["document", "level1", "level2"]
    data = {
        c: pd.Series(
            [r[c] for r in rows], dtype="Int64" if c in ("document", "year", "line") else object
        )
        for c in columns
    }
    return pd.DataFrame(data, columns=columns)
