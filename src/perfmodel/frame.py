"""Scoring a flat indicator frame with numpy (``[pandas]`` extra) and on Dask (``[dask]`` extra).

:func:`score_frame` takes the indicator frame of ``perfmodel.serialize.to_frame`` — one row per
indicator, the columns listed in :data:`INPUT_COLUMNS` — and gives, row for row, exactly the
status, 分值 and points :func:`~perfmodel.scoring.evaluate.evaluate` gives the same documents:
rows are grouped into documents by ``document``, reference rows (投入管理指标) are set apart,
分值 missing on the form are allocated from the weights, and the default rules (positive,
reverse, equality, qualitative bands, changes) are applied to whole columns at once in exact
fixed-point ``int64`` arithmetic — values times a power of ten, rounded by integer division in
the policy's rounding mode, so half-way cases round as ``Decimal`` rounds them. Rows numpy cannot
carry (a written 评(扣)分标准, a unit factor that is not a short decimal, digits beyond int64) are
scored one by one by :func:`~perfmodel.scoring.indicator.score_indicator`.

Decimal columns may hold ``Decimal`` objects (as ``to_frame`` writes them; read one by one) or
be Arrow ``decimal128`` columns (as Parquet gives them; read without a Python loop). The points
come back as Arrow ``decimal128`` columns at the policy's decimals.

>>> from decimal import Decimal
>>> import pandas as pd
>>> df = pd.DataFrame({"document": [0, 0], "form": ["project_self_evaluation"] * 2,
...     "level1": ["产出指标"] * 2, "level2": ["数量指标"] * 2,
...     "target_kind": ["quantitative", "qualitative"], "comparator": ["GE", None],
...     "magnitude": [Decimal("43.2"), None], "unit": [None, None], "label": [None, "及时"],
...     "actual": ["37.24", "部分达成"], "actual_kind": ["quantitative", "qualitative"],
...     "actual_magnitude": [Decimal("37.24"), None], "actual_unit": [None, None],
...     "actual_label": [None, "部分达成"], "actual_band": [None, "partial"],
...     "max_points": [Decimal(10), Decimal(10)]})
>>> out = score_frame(df)
>>> [str(p) for p in out["points"]], out["rule"].tolist()
(['8.62', '7.00'], ['positive', 'qualitative'])
"""

from __future__ import annotations

import itertools
import os
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._fixed import Fixed, decimals_out, fixed_from_objects, pow10, rescale
from ._frame_rules import (
    _KINDS,
    _NA_WORDS,
    _NOT_APPLICABLE,
    _PENDING,
    _REFERENCE,
    _RULE_CODE,
    _RULES,
    _SCORED,
    _SELF_EVALUATION,
    _STATUS,
    _UNWEIGHTED,
    _Columns,
    _modules,
    _score_rows,
)
from .errors import ScoringError
from .scoring.policy import Policy
from .targets import Band, Direction
from .vocab import DEFAULT_TAXONOMY, Taxonomy

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["INPUT_COLUMNS", "OUTPUT_COLUMNS", "score_dask", "score_frame", "write_parquet"]

#: Columns :func:`score_frame` reads (those of ``to_frame``); missing optional ones are blank.
INPUT_COLUMNS: tuple[str, ...] = (
    "document",
    "form",
    "level1",
    "level1_weight",
    "level2",
    "level2_weight",
    "target",
    "target_kind",
    "comparator",
    "magnitude",
    "unit",
    "label",
    "direction",
    "actual",
    "actual_kind",
    "actual_comparator",
    "actual_magnitude",
    "actual_unit",
    "actual_label",
    "actual_band",
    "max_points",
    "points",
    "rule_text",
)
_REQUIRED = ("level1", "level2")

#: Columns of the result: ``status`` (an :class:`~perfmodel.scoring.evaluate.IndicatorStatus`
#: value), ``max_points`` (the 分值 used), ``allocated`` (分值 allocated from the weights),
#: ``points`` (``None`` unless scored), ``met`` (nullable boolean) and ``rule`` (the rule code).
OUTPUT_COLUMNS: tuple[str, ...] = ("status", "max_points", "allocated", "points", "met", "rule")


def score_frame(
    df: pd.DataFrame, policy: Policy | None = None, *, taxonomy: Taxonomy = DEFAULT_TAXONOMY
) -> pd.DataFrame:
    """Score every indicator row of a frame; the result has the frame's index and
    :data:`OUTPUT_COLUMNS`.

    The rows of one document must be together in one frame (one Dask partition), in reading
    order. Incompatible units raise :class:`~perfmodel.errors.UnitError`, as
    :func:`~perfmodel.scoring.evaluate.evaluate` does.

    >>> import pandas as pd
    >>> from decimal import Decimal
    >>> df = pd.DataFrame({"level1": ["产出指标"] * 3, "level2": ["数量指标"] * 3,
    ...     "level1_weight": [Decimal(50)] * 3, "target_kind": ["quantitative"] * 3,
    ...     "comparator": ["LE"] * 3, "magnitude": [Decimal(10)] * 3,
    ...     "actual_kind": ["quantitative"] * 3, "actual_magnitude": [Decimal(15)] * 3})
    >>> out = score_frame(df)
    >>> [str(v) for v in out["max_points"]], [str(v) for v in out["points"]]
    (['16.67', '16.67', '16.66'], ['8.34', '8.34', '8.33'])
    """
    pol = policy or Policy.central()
    cols = _Columns(df)
    for name in _REQUIRED:
        if not cols.has(name):
            raise ScoringError(f"indicator frame: missing column {name}")
    np, pd = cols.np, cols.pd
    n = cols.n
    d = pol.decimals

    document = _documents(cols)
    level1_codes, level1_names = cols.factorize("level1")
    reference = np.array(
        [taxonomy.is_reference(name) for name in level1_names] + [False], dtype=bool
    )[level1_codes]

    stated = cols.fixed("max_points")
    km = max(stated.scale, d)
    m_ints, m_over = rescale(stated, km)
    m_valid = stated.valid & ~m_over
    allocated = np.zeros(n, dtype=bool)
    unweighted = np.zeros(n, dtype=bool)
    m_ints, m_valid, allocated, unweighted, km = _allocate(
        cols, pol, document, level1_codes, level1_names, reference, m_ints, m_valid, km
    )
    unfit_m = (stated.unfit | m_over) & ~reference

    # status (before scoring): reference, unweighted, not applicable, pending, scored
    actual_kind = cols.codes("actual_kind", _KINDS)
    has_actual = actual_kind > 0
    given = cols.fixed("points")
    has_given = given.valid | given.unfit
    # 不适用: only a qualitative actual can say it (a quantitative one holds a number)
    not_applicable = cols.texts("actual", _is_not_applicable, actual_kind == 2).astype(bool)
    self_evaluation = _self_evaluation(cols, document, has_actual)
    status = np.full(n, _SCORED, dtype=np.int8)
    blank = ~has_actual & ~has_given
    status[blank & ~self_evaluation] = _PENDING
    if pol.missing_actual == "not_applicable":
        status[blank & self_evaluation] = _NOT_APPLICABLE
    status[not_applicable] = _NOT_APPLICABLE
    status[unweighted] = _UNWEIGHTED
    status[reference] = _REFERENCE
    has_m = m_valid | unfit_m
    scored = (status == _SCORED) & has_m

    points, met, rule, slow = _score_rows(cols, pol, scored, m_ints, km, given, actual_kind)
    slow |= scored & unfit_m
    points_valid = scored.copy()
    max_points_valid = has_m & (status != _REFERENCE) & (status != _UNWEIGHTED)
    m_objects = None
    if slow.any():
        m_objects = _slow_rows(cols, pol, slow, m_ints, km, allocated, points, met, rule, d)

    out = pd.DataFrame(index=df.index)
    out["status"] = pd.Categorical.from_codes(status, categories=list(_STATUS))
    out["max_points"] = _decimal_column(pd, m_ints, max_points_valid & ~unfit_m, km, df.index)
    if m_objects is not None:
        out["max_points"] = _merge_objects(pd, out["max_points"], m_objects)
    out["allocated"] = allocated & max_points_valid
    out["points"] = _decimal_column(pd, points, points_valid, d, df.index)
    met_values = pd.array(np.where(met == 1, True, False), dtype="boolean")
    met_values[(met < 0) | ~scored] = pd.NA
    out["met"] = met_values
    out["rule"] = pd.Categorical.from_codes(np.where(scored, rule, 0), categories=list(_RULES))
    return out


def _decimal_column(pd: Any, ints: Any, valid: Any, scale: int, index: Any) -> Any:
    values = decimals_out(ints, valid, scale)
    if isinstance(values, list):  # pragma: no cover - without pyarrow
        return pd.Series(values, index=index, dtype=object)
    return pd.Series(pd.arrays.ArrowExtensionArray(values), index=index)


def _merge_objects(pd: Any, column: Any, objects: dict[int, Decimal]) -> Any:
    """A decimal column with some rows given as Decimal objects (digits int64 cannot carry)."""
    values = column.astype(object).where(column.notna(), None).tolist()
    for i, value in objects.items():
        values[i] = value
    return pd.Series(values, index=column.index, dtype=object)


def _is_not_applicable(text: Any) -> bool:
    return isinstance(text, str) and text.replace(" ", "").strip() in _NA_WORDS


def _documents(cols: _Columns) -> Any:
    np = cols.np
    if not cols.has("document"):
        return np.zeros(cols.n, dtype=np.int64)
    series = cols.df["document"]
    if series.isna().any():
        raise ScoringError("indicator frame: column document must not be blank")
    values = series.to_numpy(dtype=np.int64)
    low = int(values.min(initial=0))
    if low >= 0 and int(values.max(initial=0)) < 4 * cols.n + 1024:
        return values  # small non-negative numbers already: use them as they are
    codes, _ = cols.factorize("document")
    return codes.astype(np.int64)


def _self_evaluation(cols: _Columns, document: Any, has_actual: Any) -> Any:
    """Per row: its document is a self-evaluation form or has an actual on some row."""
    np = cols.np
    form = cols.texts("form", lambda v: v in _SELF_EVALUATION).astype(bool)
    count = int(document.max()) + 1 if cols.n else 0
    per_document = np.zeros(count, dtype=bool)
    np.logical_or.at(per_document, document, form | has_actual)
    return per_document[document]


def _allocate(
    cols: _Columns,
    pol: Policy,
    document: Any,
    level1_codes: Any,
    level1_names: list[str],
    reference: Any,
    m_ints: Any,
    m_valid: Any,
    km: int,
) -> tuple[Any, Any, Any, Any, int]:
    """分值 missing on the form, allocated from the level weights as evaluate() does."""
    np, pd = cols.np, cols.pd
    n = cols.n
    allocated = np.zeros(n, dtype=bool)
    unweighted = np.zeros(n, dtype=bool)
    stated = cols.fixed("max_points")
    open_rows = ~reference & ~stated.valid & ~stated.unfit
    if not open_rows.any():
        return m_ints, m_valid, allocated, unweighted, km
    w1 = cols.fixed("level1_weight")
    w2 = cols.fixed("level2_weight")
    policy_weights = [pol.weight(name) for name in level1_names]
    pw = _fixed_list(np, [*policy_weights, None])
    scale = max(km, w1.scale, w2.scale, pw.scale)
    m, over_m = rescale(Fixed(m_ints, m_valid, km), scale)
    a1, over1 = rescale(w1, scale)
    a2, over2 = rescale(w2, scale)
    p1, over_p = rescale(pw, scale)
    if over_m.any() or over1.any() or over2.any() or over_p.any() or w1.unfit.any():
        raise ScoringError("weights too large for fixed-point allocation")  # pragma: no cover
    weight = np.where(w1.valid, a1, p1[level1_codes])
    has_weight = w1.valid | pw.valid[level1_codes]
    scorable = ~reference
    key1 = document * (len(level1_names) + 1) + level1_codes
    # group numbers: the key itself when it is small enough to count with, else dense codes
    g1 = key1 if int(key1.max(initial=0)) < 8 * n + 1024 else pd.factorize(key1)[0]
    level2_codes, level2_names = cols.factorize("level2")
    g2 = pd.factorize(g1.astype(np.int64) * (len(level2_names) + 1) + level2_codes)[0]
    stated_m = np.where(m_valid & scorable, m, 0)
    stated_l1 = _group_sum(np, pd, g1, stated_m)[g1]
    stated_l2 = _group_sum(np, pd, g2, stated_m)[g2]
    by_l2 = open_rows & w2.valid
    rest = open_rows & ~w2.valid
    quantum = pow10(scale - pol.decimals)
    out = m.copy()
    # level-2 groups with a stated weight: share = max(weight - stated, 0), split equally
    share = np.maximum(a2 - stated_l2, 0)
    _split(np, pd, out, allocated, by_l2 & has_weight, g2, share, quantum)
    # what is left of the level-1 weight after the stated points and the level-2 shares
    first_of_g2 = np.zeros(len(g2), dtype=bool)
    split_rows = np.flatnonzero(by_l2 & has_weight)
    first_of_g2[split_rows[np.unique(g2[split_rows], return_index=True)[1]]] = True
    shares = _group_sum(np, pd, g1, np.where(first_of_g2, share, 0))[g1]
    remaining = np.maximum(weight - stated_l1 - shares, 0)
    _split(np, pd, out, allocated, rest & has_weight, g1, remaining, quantum)
    unweighted = open_rows & ~has_weight
    return out, m_valid | allocated, allocated, unweighted, scale


def _split(
    np: Any, pd: Any, out: Any, allocated: Any, rows: Any, groups: Any, total: Any, q: int
) -> None:
    """allocate_points(): equal shares of ``total`` per group at the quantum ``q``, the rounding
    remainder one quantum each to the first rows, what is left below a quantum to the last."""
    if not rows.any():
        return
    idx = np.flatnonzero(rows)
    g = groups[idx]
    # rank of each row in its group, in reading order, and the group's size
    order = np.argsort(g, kind="stable")
    sorted_g = g[order]
    position = np.arange(len(g))
    starts = np.r_[True, sorted_g[1:] != sorted_g[:-1]]
    rank = np.empty(len(g), dtype=np.int64)
    rank[order] = position - np.maximum.accumulate(np.where(starts, position, 0))
    count = np.bincount(g)[g]
    w = total[idx]
    base = (w // (count * q)) * q
    remainder = w - base * count
    quanta = remainder // q
    last_bit = remainder - quanta * q
    share = base + np.where(rank < quanta, q, 0) + np.where(rank == count - 1, last_bit, 0)
    out[idx] = share
    allocated[idx] = True


def _group_sum(np: Any, pd: Any, groups: Any, values: Any) -> Any:
    """Exact int64 sums per group (floats only where every sum is exact in them)."""
    top = float(np.abs(values).max(initial=0)) * max(len(values), 1)
    if top < 2.0**52:
        return np.bincount(groups, weights=values).astype(np.int64)
    return pd.Series(values).groupby(groups).sum().sort_index().to_numpy()


def _fixed_list(np: Any, values: list[Decimal | None]) -> Fixed:
    return fixed_from_objects(values)


def _slow_rows(
    cols: _Columns,
    pol: Policy,
    slow: Any,
    m: Any,
    km: int,
    allocated: Any,
    points: Any,
    met: Any,
    rule: Any,
    d: int,
) -> dict[int, Decimal] | None:
    """Score the rows numpy cannot carry with :func:`score_indicator` (Decimal all the way).

    Returns the 分值 of rows whose stated 分值 int64 could not carry, as Decimal objects."""
    from .scoring.indicator import score_indicator

    index = cols.np.flatnonzero(slow)
    sub = cols.df.iloc[index]
    na = _modules()[1].NA
    cells = {
        name: [_blank_to_none(v, na) for v in sub[name].tolist()]
        for name in INPUT_COLUMNS
        if cols.has(name)
    }
    objects: dict[int, Decimal] = {}
    for j, i in enumerate(map(int, index)):
        row = {name: values[j] for name, values in cells.items()}
        stated = row.get("max_points")
        if stated is not None and not allocated[i]:
            max_points = _decimal(stated)
            if max_points.scaleb(km) != int(m[i]):
                objects[i] = max_points
        else:
            max_points = Decimal(int(m[i])).scaleb(-km)
        given = row.get("points")
        score = score_indicator(
            _row_target(row),
            _row_actual(row),
            max_points,
            policy=pol,
            rule=row.get("rule_text"),
            given=None if given is None else _decimal(given),
        )
        points[i] = int(score.points.scaleb(d))
        met[i] = -1 if score.met is None else int(score.met)
        rule[i] = _RULE_CODE[score.rule]
    return objects or None


def _blank_to_none(value: Any, na: Any) -> Any:
    if value is None or value is na:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, Decimal) and value.is_nan():
        return None
    return value


def _decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    raise ScoringError(f"expected a Decimal, got {value!r}")


def _row_target(row: Any) -> Any:
    from . import units
    from .targets import Comparator, Target, TargetKind

    kind = row.get("target_kind")
    if kind is None:
        return None
    magnitude = row.get("magnitude")
    unit_text = row.get("unit")
    comparator = row.get("comparator")
    direction = row.get("direction")
    return Target(
        TargetKind(kind),
        text=row.get("target") or "",
        comparator=None if comparator is None else Comparator(comparator),
        quantity=None if magnitude is None else units.quantity(_decimal(magnitude), unit_text),
        unit_text=unit_text,
        label=row.get("label"),
        direction=None if direction is None else Direction(direction),
    )


def _row_actual(row: Any) -> Any:
    from . import units
    from .targets import Actual, Comparator, TargetKind

    kind = row.get("actual_kind")
    if kind is None:
        return None
    magnitude = row.get("actual_magnitude")
    unit_text = row.get("actual_unit")
    comparator = row.get("actual_comparator")
    band = row.get("actual_band")
    return Actual(
        TargetKind(kind),
        text=row.get("actual") or "",
        quantity=None if magnitude is None else units.quantity(_decimal(magnitude), unit_text),
        unit_text=unit_text,
        label=row.get("actual_label"),
        comparator=None if comparator is None else Comparator(comparator),
        band=None if band is None else Band(band),
    )


def score_dask(
    ddf: Any,
    policy: Policy | None = None,
    *,
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
    join: bool = False,
) -> Any:
    """:func:`score_frame` on every partition of a Dask frame (``[dask]`` extra), lazily.

    Each document's rows must lie in one partition (write the Parquet files with
    :func:`write_parquet`, as ``docs/scale.md`` shows). The result is a Dask frame of
    :data:`OUTPUT_COLUMNS` with the input's index — or, with ``join=True``, the input's columns
    followed by them prefixed ``score_`` (``score_points`` …). ``.compute()`` runs it on the
    current scheduler (a ``distributed`` client's cluster, when one is active).

    >>> import dask.dataframe as dd, pandas as pd
    >>> from decimal import Decimal
    >>> df = pd.DataFrame({"level1": ["产出指标"], "level2": ["数量指标"],
    ...     "target_kind": ["quantitative"], "comparator": ["GE"], "magnitude": [Decimal(90)],
    ...     "actual_kind": ["quantitative"], "actual_magnitude": [Decimal(45)],
    ...     "max_points": [Decimal(10)]})
    >>> str(score_dask(dd.from_pandas(df, npartitions=1)).compute()["points"].iloc[0])
    '5.00'
    >>> list(score_dask(dd.from_pandas(df, npartitions=1), join=True).columns)[-2:]
    ['score_met', 'score_rule']
    """
    pol = policy or Policy.central()
    meta = _meta(pol)
    if join:
        return ddf.map_partitions(
            _joined,
            pol,
            taxonomy=taxonomy,
            meta=ddf._meta.join(meta.add_prefix("score_")),
            align_dataframes=False,
        )
    return ddf.map_partitions(
        score_frame, pol, taxonomy=taxonomy, meta=meta, align_dataframes=False
    )


def _joined(part: pd.DataFrame, policy: Policy, *, taxonomy: Taxonomy) -> pd.DataFrame:
    return part.join(score_frame(part, policy, taxonomy=taxonomy).add_prefix("score_"))


def _meta(pol: Policy) -> Any:
    """An empty result frame with the result's column types (what Dask needs to plan)."""
    _, pd = _modules()
    empty = pd.DataFrame(
        {
            "level1": pd.Series([], dtype=object),
            "level2": pd.Series([], dtype=object),
        }
    )
    return score_frame(empty, pol)


#: Columns of an indicator frame that hold decimals (written as Parquet ``decimal128``).
DECIMAL_COLUMNS = (
    "level1_weight",
    "level2_weight",
    "magnitude",
    "actual_magnitude",
    "max_points",
    "points",
)


def write_parquet(
    frame: pd.DataFrame, folder: str | os.PathLike[str], *, documents_per_file: int = 10_000
) -> list[Path]:
    """Write an indicator frame as Parquet files in ``folder``, each holding whole documents.

    Decimal columns are written as ``decimal128(38, s)``, ``s`` the most places any value of
    the column has (exact, and read back by :func:`score_frame` without a Python loop when read
    with ``dtype_backend="pyarrow"``); text columns as strings. A document never straddles two
    files, so each file can be one Dask partition.

    >>> import tempfile, pandas as pd
    >>> from decimal import Decimal
    >>> df = pd.DataFrame({"document": [0, 1], "level1": ["产出指标"] * 2,
    ...                    "level2": ["数量指标"] * 2, "max_points": [Decimal("2.5"), None]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in write_parquet(df, tmp, documents_per_file=1)]
    ['part-00000.parquet', 'part-00001.parquet']
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    np, pd = _modules()
    if documents_per_file < 1:
        raise ScoringError("documents_per_file must be at least 1")
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    fields = []
    arrays = []
    for name in frame.columns:
        series = frame[name]
        if name in DECIMAL_COLUMNS:
            fixed = fixed_from_objects(series.tolist())
            if fixed.unfit.any():
                raise ScoringError(f"column {name}: more digits than decimal128(38, 18) holds")
            values = [None if v is pd.NA or v is None else v for v in series.astype(object)]
            typ = pa.decimal128(38, fixed.scale)
            arrays.append(pa.array([_decimal(v) if v is not None else None for v in values], typ))
        else:
            arrays.append(pa.Array.from_pandas(series))
        fields.append(pa.field(str(name), arrays[-1].type))
    table = pa.Table.from_arrays(arrays, schema=pa.schema(fields))
    document = (
        frame["document"].to_numpy(dtype=np.int64)
        if "document" in frame.columns
        else np.zeros(len(frame), dtype=np.int64)
    )
    # cut where a document starts, every documents_per_file documents
    starts = np.flatnonzero(np.r_[True, document[1:] != document[:-1]]) if len(frame) else []
    cuts = [int(i) for i in starts[::documents_per_file]] + [len(frame)]
    paths = []
    for n, (lo, hi) in enumerate(itertools.pairwise(cuts)):
        path = out / f"part-{n:05d}.parquet"
        pq.write_table(table.slice(lo, hi - lo), path)
        paths.append(path)
    return paths
