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

from ._fixed import Fixed, fixed_from_objects
from ._frame_alloc import _allocate, _documents, _self_evaluation
from ._frame_columns import _Block, _Columns, _modules
from ._frame_rules import (
    _BANDS,
    _COMPARATORS,
    _DIRECTIONS,
    _KINDS,
    _NOT_APPLICABLE,
    _PENDING,
    _REFERENCE,
    _RULE_CODE,
    _RULES,
    _STATUS,
    _UNWEIGHTED,
    _is_not_applicable,
    _Scorer,
)
from ._frame_slow import _decimal, _slow_rows
from .errors import ScoringError
from .scoring.policy import Policy
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
    for name, table in (
        ("target_kind", _KINDS),
        ("actual_kind", _KINDS),
        ("comparator", _COMPARATORS),
        ("actual_band", _BANDS),
        ("direction", _DIRECTIONS),
    ):
        cols.codes(name, table)  # unknown codes are refused up front
    docs = _documents(cols)
    codes1, names = cols.factorize("level1")
    names1 = names.tolist()
    pol.check_taxonomy(taxonomy)
    is_reference = [taxonomy.is_reference(name) for name in names1]
    reference = np.array([*is_reference, False]) if any(is_reference) else None
    weights = fixed_from_objects([*(pol.weight(name) for name in names1), None])
    # one scale for every 分值: the stated ones', the policy's decimals and the weights'
    scale = max(cols.scale("max_points"), pol.decimals, weights.scale)
    scale = max(scale, cols.scale("level1_weight"), cols.scale("level2_weight"))
    n = cols.n
    out = _Out(n)
    for lo, hi in docs.blocks(_BLOCK_ROWS):
        block = _Block(cols, lo, hi)
        level1 = (codes1[lo:hi], names1, weights)
        _score_block(block, pol, docs.ids[lo:hi], docs.contiguous, level1, reference, scale, out)
    if out.slow.any():

        def max_points(i: int) -> Decimal:
            found = out.objects.get(i)
            return Decimal(int(out.m[i])).scaleb(-scale) if found is None else found

        outputs = (out.points, out.met, out.rule)
        long = _slow_rows(cols, pol, np.flatnonzero(out.slow), max_points, outputs, _RULE_CODE)
    else:
        long = {}

    shown = out.has_m & (out.status != _REFERENCE) & (out.status != _UNWEIGHTED)
    max_points = _decimal_array(pd, out.m_words, out.m_valid & shown, scale)
    if out.objects:
        max_points = _with_objects(pd, max_points, out.objects, shown)
    status = pd.Categorical.from_codes(out.status, dtype=_dtype(pd, _STATUS), validate=False)
    # points, met and rule mean nothing on the rows not scored
    blank = np.less(out.met, 0, out=_pool(n, bool))
    blank |= ~out.scored
    met = pd.arrays.BooleanArray(np.equal(out.met, 1, out=_pool(n, bool)), blank)
    np.multiply(out.rule, out.scored, out=out.rule)
    points = _decimal_array(pd, out.points_words, out.scored, pol.decimals)
    if long:
        points = _with_objects(pd, points, long, out.scored)
    data = {
        "status": status,
        "max_points": max_points,
        "allocated": np.logical_and(out.allocated, shown, out=out.allocated),
        "points": points,
        "met": met,
        "rule": pd.Categorical.from_codes(out.rule, dtype=_dtype(pd, _RULES), validate=False),
    }
    return pd.DataFrame(data, index=df.index, copy=False)


#: Rows scored together: the arrays of a block stay small enough to be reused from block to
#: block (and to stay in the processor's caches).
_BLOCK_ROWS = 1 << 18


class _Out:
    """The result columns of every row, filled block by block; the decimals are the low words
    of Arrow ``decimal128`` buffers (``m_words``, ``points_words``), their high words set at
    the end."""

    def __init__(self, n: int) -> None:
        import numpy as np

        self.m_words = _pool(2 * n, np.int64)
        self.m = self.m_words[0::2]
        self.points_words = _pool(2 * n, np.int64)
        self.points = self.points_words[0::2]
        self.status = _zeros(n, np.int8)
        self.met = _pool(n, np.int8)
        self.rule = _pool(n, np.int8)
        self.m_valid = _zeros(n, bool)
        self.has_m = _zeros(n, bool)
        self.allocated = _zeros(n, bool)
        self.scored = _zeros(n, bool)
        self.slow = _zeros(n, bool)
        self.objects: dict[int, Decimal] = {}


def _pool(n: int, dtype: Any) -> Any:
    """An array in Arrow's memory pool: its pages are kept from call to call (numpy's large
    arrays each take fresh pages from the system, which costs more than the scoring)."""
    import numpy as np
    import pyarrow as pa

    size = n * np.dtype(dtype).itemsize
    return np.frombuffer(pa.allocate_buffer(max(size, 1)), dtype=dtype, count=n)


def _zeros(n: int, dtype: Any) -> Any:
    out = _pool(n, dtype)
    out.fill(0)
    return out


def _score_block(
    block: _Block,
    pol: Policy,
    doc: Any,
    contiguous: bool,
    level1: tuple[Any, list[Any], Fixed],
    reference_table: Any,
    scale: int,
    out: _Out,
) -> None:
    """Allocate, set the status of and score the rows of one block (whole documents)."""
    import numpy as np

    lo, hi = block.lo, block.hi
    reference = None if reference_table is None else reference_table.take(level1[0])
    alloc = _allocate(block, pol, doc, contiguous, level1, reference, scale)
    objects = np.fromiter(alloc.objects, dtype=np.int64, count=len(alloc.objects))

    # status: reference, unweighted, not applicable, pending, else scored
    actual_kind = block.codes("actual_kind", _KINDS)
    given = block.fixed("points")
    status = out.status[lo:hi]
    no_actual = actual_kind.mask(0)
    blank = np.flatnonzero(no_actual & ~given.valid & ~given.unfit)
    if len(blank):
        self_evaluation = _self_evaluation(block, doc, ~no_actual, blank)
        status[blank[~self_evaluation]] = _PENDING
        if pol.missing_actual == "not_applicable":
            status[blank[self_evaluation]] = _NOT_APPLICABLE
    # 不适用: only a qualitative actual can say it (a quantitative one holds a number)
    words = np.flatnonzero(actual_kind.mask(2))
    if len(words) and block.has("actual"):
        status[words[block.lookup("actual", _is_not_applicable, bool, words)]] = _NOT_APPLICABLE
    if alloc.unweighted.any():
        status[alloc.unweighted] = _UNWEIGHTED
    if reference is not None:
        status[reference] = _REFERENCE
    has_m = out.has_m[lo:hi]
    has_m[:] = alloc.valid
    has_m[objects] = True
    scored = out.scored[lo:hi]
    np.logical_and(status == 0, has_m, out=scored)

    views = (out.points[lo:hi], out.met[lo:hi], out.rule[lo:hi], out.slow[lo:hi])
    _Scorer(block, pol, alloc.ints, scale, views).score(scored, actual_kind)
    slow = views[3]
    slow[objects] = True
    slow &= scored
    out.m[lo:hi] = alloc.ints
    out.m_valid[lo:hi] = alloc.valid
    out.allocated[lo:hi] = alloc.allocated
    for i, value in alloc.objects.items():
        out.objects[i + lo] = value


_DTYPES: dict[tuple[str, ...], Any] = {}


def _dtype(pd: Any, categories: tuple[str, ...]) -> Any:
    """The categorical dtype of a result column (made once)."""
    dtype = _DTYPES.get(categories)
    if dtype is None:
        dtype = _DTYPES[categories] = pd.CategoricalDtype(list(categories))
    return dtype


def _decimal_array(pd: Any, words: Any, valid: Any, scale: int) -> Any:
    """An Arrow ``decimal128`` column from int64 values in the low words of ``words``."""
    import numpy as np
    import pyarrow as pa

    np.right_shift(words[0::2], 63, out=words[1::2])  # the high words: the sign
    bitmap = None if valid.all() else pa.py_buffer(np.packbits(valid, bitorder="little"))
    array = pa.Array.from_buffers(
        pa.decimal128(38, scale), len(valid), [bitmap, pa.py_buffer(words)]
    )
    return pd.arrays.ArrowExtensionArray(array)


def _with_objects(pd: Any, column: Any, objects: dict[int, Decimal], shown: Any) -> Any:
    """A decimal column with some rows given as Decimal objects (digits int64 cannot carry)."""
    values = [None if v is pd.NA else v for v in column.to_numpy(dtype=object)]
    for i, value in objects.items():
        values[i] = value if shown[i] else None
    return pd.array(values, dtype=object)


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

    Decimal columns are written as ``decimal128(18, s)`` (``decimal128(38, s)`` when a value
    has more than 18 digits), ``s`` the most places any value of the column has: exact, and
    read back by :func:`score_frame` without a Python loop when read with
    ``dtype_backend="pyarrow"``. Text columns are written as strings. A document never straddles two
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
            # 18 digits when every value fits them (Parquet stores those as int64)
            short = int(np.abs(fixed.ints).max(initial=0)) < 10**18
            typ = pa.decimal128(18 if short else 38, fixed.scale)
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
