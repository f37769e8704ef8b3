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

import decimal
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ._fixed import LIMIT, Fixed, decimals_out, divide, fixed_from_series, pow10, rescale
from .errors import ScoringError
from .model import FormKind
from .scoring.policy import Policy
from .targets import Band, Direction, _direction_of, _norm
from .vocab import DEFAULT_TAXONOMY, NOT_APPLICABLE_WORDS, Taxonomy

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["INPUT_COLUMNS", "OUTPUT_COLUMNS", "score_dask", "score_frame"]

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

_STATUS = ("scored", "not_applicable", "pending", "reference", "unweighted")
_SCORED, _NOT_APPLICABLE, _PENDING, _REFERENCE, _UNWEIGHTED = range(5)
_RULES = (
    "",
    "positive",
    "reverse",
    "equality",
    "qualitative",
    "change",
    "missing_actual",
    "all_or_nothing",
    "proportional",
    "step_deduction",
    "deviation_bands",
    "judgement",
)
_POSITIVE, _REVERSE, _EQUALITY, _QUALITATIVE, _CHANGE, _MISSING = range(1, 7)
_RULE_CODE = {name: i for i, name in enumerate(_RULES)}
_KINDS = {"quantitative": 1, "qualitative": 2, "change": 3}
_COMPARATORS = {"EQ": 1, "GE": 2, "LE": 3, "GT": 4, "LT": 5}
_BANDS = {Band.ACHIEVED.value: 1, Band.PARTIAL.value: 2, Band.NOT_ACHIEVED.value: 3}
_BAND_OF = {1: Band.ACHIEVED, 2: Band.PARTIAL, 3: Band.NOT_ACHIEVED}
_DIRECTIONS = {Direction.UP.value: 1, Direction.DOWN.value: 2}
_SELF_EVALUATION = frozenset(f.value for f in FormKind if f.is_self_evaluation)
_NA_WORDS = frozenset(w.replace(" ", "") for w in NOT_APPLICABLE_WORDS)


def _modules() -> tuple[Any, Any]:
    try:
        import numpy
        import pandas
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ScoringError(
            "frame scoring needs the [pandas] extra: pip install perfmodel[pandas]"
        ) from exc
    return numpy, pandas


class _Columns:
    """The input frame's columns as numpy arrays: codes for texts, fixed point for decimals."""

    def __init__(self, df: pd.DataFrame) -> None:
        self.np, self.pd = _modules()
        self.df = df
        self.n = len(df)
        self.cache: dict[str, Fixed] = {}

    def has(self, name: str) -> bool:
        return name in self.df.columns

    def codes(self, name: str, table: dict[str, int]) -> Any:
        """Small-int codes of a text column through ``table`` (0 for blank)."""
        np = self.np
        if not self.has(name):
            return np.zeros(self.n, dtype=np.int8)
        ints, uniques = self.factorize(name)
        lookup = np.zeros(len(uniques) + 1, dtype=np.int8)
        for i, value in enumerate(uniques):
            if value not in table:
                raise ScoringError(f"column {name}: unknown value {value!r}")
            lookup[i] = table[value]
        return lookup[ints]

    def factorize(self, name: str) -> tuple[Any, list[Any]]:
        """Integer codes (-1 for blank) and the distinct values of a column."""
        series = self.df[name]
        if isinstance(series.dtype, self.pd.CategoricalDtype):
            return series.cat.codes.to_numpy(), list(series.cat.categories)
        codes, uniques = self.pd.factorize(series, use_na_sentinel=True)
        return self.np.asarray(codes), list(uniques)

    def texts(self, name: str, fn: Any, rows: Any = None) -> Any:
        """``fn`` applied to each distinct text of a column (of ``rows`` only, if given; the
        others get ``fn(None)``), spread back over the rows."""
        np = self.np
        blank = fn(None)
        if not self.has(name):
            return np.full(self.n, blank, dtype=object)
        if rows is None:
            codes, uniques = self.factorize(name)
        else:
            codes = np.full(self.n, -1, dtype=np.int64)
            if not rows.any():
                return np.full(self.n, blank, dtype=object)
            sub, uniques = self.pd.factorize(self.df[name].to_numpy()[rows], use_na_sentinel=True)
            codes[rows] = sub
            uniques = list(uniques)
        values = np.empty(len(uniques) + 1, dtype=object)
        for i, value in enumerate(uniques):
            values[i] = fn(value)
        values[-1] = blank
        return values[codes]

    def fixed(self, name: str) -> Fixed:
        """A decimal column in fixed point (read once per column)."""
        cached = self.cache.get(name)
        if cached is not None:
            return cached
        if not self.has(name):
            np = self.np
            result = Fixed(np.zeros(self.n, dtype=np.int64), np.zeros(self.n, dtype=bool), 0)
        else:
            result = fixed_from_series(self.df[name])
        self.cache[name] = result
        return result

    def valid(self, name: str) -> Any:
        if not self.has(name):
            return self.np.zeros(self.n, dtype=bool)
        return self.df[name].notna().to_numpy()


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
    codes, _ = cols.factorize("document")
    if (codes < 0).any():
        raise ScoringError("indicator frame: column document must not be blank")
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
    pw = _fixed_list(np, policy_weights + [None])
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
    g1 = pd.factorize(document * (len(level1_names) + 1) + level1_codes)[0]
    frame = pd.DataFrame(
        {
            "g1": g1,
            "level2": cols.df["level2"].to_numpy(),
            "m": np.where(m_valid & scorable, m, 0),
            "open": open_rows,
            "w2": a2,
            "has_w2": w2.valid,
        }
    )
    stated_l1 = frame.groupby("g1", sort=False)["m"].transform("sum").to_numpy()
    g2 = frame.groupby(["g1", "level2"], sort=False).ngroup().to_numpy()
    frame["g2"] = g2
    stated_l2 = frame.groupby("g2", sort=False)["m"].transform("sum").to_numpy()
    by_l2 = open_rows & w2.valid
    rest = open_rows & ~w2.valid
    quantum = pow10(scale - pol.decimals)
    out = m.copy()
    # level-2 groups with a stated weight: share = max(weight - stated, 0), split equally
    share = np.maximum(a2 - stated_l2, 0)
    _split(np, pd, out, allocated, by_l2 & has_weight, g2, share, quantum)
    # what is left of the level-1 weight after the stated points and the level-2 shares
    first_of_g2 = by_l2 & has_weight & ~pd.Series(g2).where(by_l2).duplicated().to_numpy()
    shares = pd.Series(np.where(first_of_g2, share, 0)).groupby(g1).transform("sum").to_numpy()
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
    series = pd.Series(g)
    rank = series.groupby(g, sort=False).cumcount().to_numpy()
    count = series.groupby(g, sort=False).transform("size").to_numpy()
    w = total[idx]
    base = (w // (count * q)) * q
    remainder = w - base * count
    quanta = remainder // q
    last_bit = remainder - quanta * q
    share = base + np.where(rank < quanta, q, 0) + np.where(rank == count - 1, last_bit, 0)
    out[idx] = share
    allocated[idx] = True


def _fixed_list(np: Any, values: list[Decimal | None]) -> Fixed:
    from ._fixed import fixed_from_objects

    return fixed_from_objects(values)


def _score_rows(
    cols: _Columns,
    pol: Policy,
    scored: Any,
    m: Any,
    km: int,
    given: Fixed,
    actual_kind: Any,
) -> tuple[Any, Any, Any, Any]:
    """Points (at the policy's decimals), met (-1 unknown, 0, 1), rule code, and the rows that
    must be scored one by one."""
    np = cols.np
    n = cols.n
    d = pol.decimals
    rounding = pol.rounding
    points = np.zeros(n, dtype=np.int64)
    met = np.full(n, -1, dtype=np.int8)
    rule = np.zeros(n, dtype=np.int8)
    slow = np.zeros(n, dtype=bool)

    target_kind = cols.codes("target_kind", _KINDS)
    comparator = cols.codes("comparator", _COMPARATORS)
    band = cols.codes("actual_band", _BANDS)
    target_direction = cols.codes("direction", _DIRECTIONS)
    written = cols.texts("rule_text", _is_written_rule).astype(bool)
    slow |= scored & written

    # the actual in the target's unit: a factor per (actual unit, target unit) pair
    t = cols.fixed("magnitude")
    a = cols.fixed("actual_magnitude")
    factor_num, factor_exp, factor_slow = _unit_factors(cols)
    shift = int(max(0, -int(factor_exp.min()))) if n else 0
    kv = max(t.scale, a.scale + shift)
    t_ints, t_over = rescale(t, kv)
    a_scaled, a_over = rescale(a, kv - shift)
    exp = factor_exp + shift
    big = np.abs(a_scaled.astype(np.float64)) * np.abs(factor_num) * 10.0**exp >= LIMIT
    big |= (exp > 18) & (a_scaled != 0)
    a_ints = np.where(big, 0, a_scaled) * factor_num * (10 ** np.where(big | (exp > 18), 0, exp))
    t_valid = t.valid & ~t_over
    a_valid = a.valid & ~a_over
    slow |= scored & (t.unfit | a.unfit | t_over | a_over | big | (factor_slow & t_valid & a_valid))
    slow |= scored & (target_kind == 1) & ~t_valid & ~t.unfit  # a quantitative target w/o amount

    kg = max(km, given.scale)
    g_ints, g_over = rescale(given, kg)
    m_g, mg_over = rescale(Fixed(m, np.ones(n, dtype=bool), km), kg)
    slow |= scored & (given.unfit | g_over | mg_over)
    g_valid = given.valid & ~g_over

    # bounds: every product below stays under LIMIT, or the row goes the Decimal way
    p10 = float(pow10(d))
    mag = np.maximum(np.abs(a_ints.astype(np.float64)), np.abs(t_ints.astype(np.float64)))
    fm = m.astype(np.float64)
    slow |= scored & ((mag * 4 + 1) * (fm + 1) * p10 * 4 >= LIMIT)
    slow |= scored & ((np.abs(t_ints.astype(np.float64)) + 1) * float(pow10(km)) * 4 >= LIMIT)
    slow |= scored & ((fm + 1) * 100 * p10 * float(pow10(km)) * 1000 >= LIMIT)

    live = scored & ~slow
    full = _floor_points(np, m, km, d)

    def finish(rows: Any, num: Any, den: Any) -> Any:
        """quantize_within: round num/den in the policy's mode, never above the 分值."""
        value = divide(num[rows], den[rows], rounding)
        over_max = value * pow10(km) > m[rows] * pow10(d)
        return np.where(over_max, full[rows], value)

    # missing actual: 0 points
    rows = live & ~(actual_kind > 0)
    rule[rows] = _MISSING
    live &= actual_kind > 0

    # qualitative bands (the actual is a band word)
    rows = live & (band > 0)
    rule[rows] = _QUALITATIVE
    slow |= _bands(pol, rows, band, m, km, m_g, g_ints, g_valid, kg, points, met, finish)
    live &= (band == 0) & ~slow

    a_quant = a_valid & (actual_kind == 1)
    t_quant = t_valid
    a_pos = np.maximum(a_ints, 0)

    # the default rule of a quantitative target
    numeric = live & (target_kind == 1) & t_quant & a_quant
    ge = numeric & ((comparator == 2) | (comparator == 4) | (comparator == 0))
    eq = numeric & (comparator == 1)
    le = numeric & ((comparator == 3) | (comparator == 5))
    rule[ge] = _POSITIVE
    rule[eq] = _EQUALITY
    rule[le] = _REVERSE
    den = np.maximum(t_ints, 1) * pow10(km)
    reached = np.where(comparator == 4, a_pos > t_ints, a_pos >= t_ints)
    # positive (≥, >) and equality with a non-zero target: met → full, else actual / target
    pos = ge | (eq & (t_ints != 0))
    hit = pos & reached
    _set(points, met, hit, full, 1)
    miss = pos & ~reached
    _set(points, met, miss & (t_ints <= 0), 0, 0)
    rows = miss & (t_ints > 0)
    points[rows] = finish(rows, a_pos * m * pow10(d), den)
    met[rows] = 0
    # equality with a zero target: met by an actual not above 0
    zero_target = eq & (t_ints == 0)
    _set(points, met, zero_target & (a_pos <= 0), full, 1)
    _set(points, met, zero_target & (a_pos > 0), 0, 0)
    # reverse (≤, <)
    below = np.where(comparator == 5, a_pos < t_ints, a_pos <= t_ints)
    _set(points, met, le & below, full, 1)
    over = le & ~below
    _set(points, met, over & (t_ints <= 0), 0, 0)
    over &= t_ints > 0
    if pol.reverse_rule == "ratio":
        points[over] = finish(over, t_ints * m * pow10(d), np.maximum(a_pos, 1) * pow10(km))
    else:
        _set(points, met, over & (a_pos >= 2 * t_ints), 0, 0)
        over &= a_pos < 2 * t_ints
        points[over] = finish(over, (2 * t_ints - a_pos) * m * pow10(d), den)
    met[over] = 0
    live &= ~numeric

    # changes (提升, 下降5%)
    change = live & (target_kind == 3)
    rule[change] = _CHANGE
    amount = change & t_quant & a_quant
    _set(points, met, amount & (a_pos >= t_ints), full, 1)
    rows = amount & (a_pos < t_ints) & (t_ints > 0)
    points[rows] = finish(rows, a_pos * m * pow10(d), den)
    met[rows] = 0
    _set(points, met, amount & (a_pos < t_ints) & (t_ints <= 0), 0, 0)
    bare = change & ~amount
    qualitative_actual = actual_kind == 2
    direction = cols.texts("actual_label", _direction_code, bare & qualitative_actual)
    direction = direction.astype(np.int8)
    said = bare & qualitative_actual & (direction > 0)
    same = said & (direction == target_direction)
    _set(points, met, same, full, 1)
    _set(points, met, said & ~same, 0, 0)
    counted = bare & (actual_kind == 1) & ~t_quant
    raw_positive = a.valid & (a.ints > 0)
    _set(points, met, counted & raw_positive, full, 1)
    _set(points, met, counted & ~raw_positive, 0, 0)
    undecided = bare & ~said & ~counted
    slow |= bare & (actual_kind == 1) & t_quant & ~a_quant  # cannot happen from parsed data
    undecided &= ~slow

    # qualitative targets: the actual's label matches the target's → 达成
    rest = live & ~change
    rule[rest] = _QUALITATIVE
    matches = _labels_match(cols, rest & (target_kind == 2) & qualitative_actual)
    rows = rest & matches
    achieved = np.where(rows, 1, 0).astype(np.int8)
    slow |= _bands(pol, rows, achieved, m, km, m_g, g_ints, g_valid, kg, points, met, finish)
    undecided |= rest & ~matches

    # undecidable: the evaluator's points when within 0..分值, else 0
    take = undecided & g_valid & (g_ints >= 0) & (g_ints <= m_g)
    points[take] = finish(take, g_ints * pow10(d), np.full(n, pow10(kg), dtype=np.int64))
    points[undecided & ~take] = 0
    met[undecided] = -1
    return points, met, rule, slow & scored


def _set(points: Any, met: Any, rows: Any, value: Any, flag: int) -> None:
    points[rows] = value if isinstance(value, int) else value[rows]
    met[rows] = flag


def _floor_points(np: Any, m: Any, km: int, d: int) -> Any:
    """quantize_within(分值, 分值): the 分值 rounded down to the policy's decimals."""
    return m // pow10(km - d)


def _bands(
    pol: Policy,
    rows: Any,
    band: Any,
    m: Any,
    km: int,
    m_g: Any,
    g: Any,
    g_valid: Any,
    kg: int,
    points: Any,
    met: Any,
    finish: Any,
) -> Any:
    """Points inside a qualitative band: the evaluator's when inside it, else the default share.

    ``m`` is the 分值 at scale ``km``; ``m_g`` and ``g`` the 分值 and the given points at ``kg``.
    Returns the rows whose figures are too large for int64 (scored one by one instead)."""
    import numpy as np

    n = len(points)
    d = pol.decimals
    too_big = np.zeros(n, dtype=bool)
    for code, which in _BAND_OF.items():
        in_band = rows & (band == code)
        if not in_band.any():
            continue
        qb = pol.band(which)
        low, high, share = (_percent_ints(v) for v in (qb.low, qb.high, qb.default_share))
        ks = max(low[1], high[1], share[1])
        lo, hi, sh = (v * pow10(ks - places) for v, places in (low, high, share))
        hundred = 100 * pow10(ks)
        big = (np.abs(g.astype(np.float64)) + m_g.astype(np.float64) + 1) * hundred * 4 >= LIMIT
        big |= (m.astype(np.float64) + 1) * (sh + 1) * float(pow10(d)) * 4 >= LIMIT
        big &= in_band
        too_big |= big
        in_band &= ~big
        # the share of the given points, in percent, against the band: g·100 vs bound·m
        g100 = g * hundred
        inside = (lo * m_g <= g100) & ((g100 < hi * m_g) | ((g100 == hi * m_g) & (hi == hundred)))
        inside_zero = (g == 0) & (lo == 0) & (hi > 0)
        inside = np.where(m_g == 0, inside_zero, inside)
        take = in_band & g_valid & inside & (g >= 0) & (g <= m_g)
        points[take] = finish(take, g * pow10(d), np.full(n, pow10(kg), dtype=np.int64))
        default = in_band & ~take
        den = np.full(n, pow10(km) * hundred, dtype=np.int64)
        points[default] = finish(default, m * sh * pow10(d), den)
        met[in_band] = 1 if which is Band.ACHIEVED else 0
    return too_big


def _percent_ints(value: Decimal) -> tuple[int, int]:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    places = max(0, -exponent)
    return int(value.scaleb(places)), places


def _is_written_rule(text: Any) -> bool:
    if not isinstance(text, str) or not text.strip():
        return False
    from .scoring.indicator import _rule_of_text

    return _rule_of_text(text) is not None


def _direction_code(label: Any) -> int:
    if not isinstance(label, str):
        return 0
    direction = _direction_of(label)
    return 0 if direction is None else _DIRECTIONS[direction.value]


def _labels_match(cols: _Columns, rows: Any) -> Any:
    """Per row: the actual's label is the qualitative target's own label (compared as
    :meth:`~perfmodel.targets.Target.is_met` compares them)."""
    np = cols.np
    ids: dict[str, int] = {}

    def norm_id(text: Any) -> int:
        if not isinstance(text, str):
            return -1
        return ids.setdefault(_norm(text), len(ids))

    target = cols.texts("label", norm_id, rows).astype(np.int64)
    actual = cols.texts("actual_label", lambda t: norm_id(t if isinstance(t, str) else ""), rows)
    return rows & (target >= 0) & (target == actual.astype(np.int64))


def _unit_factors(cols: _Columns) -> tuple[Any, Any, Any]:
    """Per row, the factor from the actual's unit to the target's as ``num × 10**exp``, and the
    rows whose factor is not such a short decimal (or the units do not convert)."""
    np, pd = cols.np, cols.pd
    n = cols.n
    num = np.ones(n, dtype=np.int64)
    exp = np.zeros(n, dtype=np.int64)
    slow = np.zeros(n, dtype=bool)
    if not cols.has("unit") or not cols.has("actual_unit"):
        return num, exp, slow
    t_codes, t_units = cols.factorize("unit")
    a_codes, a_units = cols.factorize("actual_unit")
    differ = (t_codes >= 0) & (a_codes >= 0)
    if not differ.any():
        return num, exp, slow
    pairs = t_codes.astype(np.int64) * (len(a_units) + 1) + a_codes
    pair_codes, pair_values = pd.factorize(np.where(differ, pairs, -1), use_na_sentinel=True)
    table_num = np.ones(len(pair_values), dtype=np.int64)
    table_exp = np.zeros(len(pair_values), dtype=np.int64)
    table_slow = np.zeros(len(pair_values), dtype=bool)
    for i, pair in enumerate(pair_values):
        if pair < 0:
            continue
        target_unit = t_units[pair // (len(a_units) + 1)]
        actual_unit = a_units[pair % (len(a_units) + 1)]
        if target_unit == actual_unit:
            continue
        short = _short_factor(actual_unit, target_unit)
        if short is None:
            table_slow[i] = True
        else:
            table_num[i], table_exp[i] = short
    num = table_num[pair_codes]
    exp = table_exp[pair_codes]
    slow = table_slow[pair_codes]
    return num, exp, slow


def _short_factor(src: str, dst: str) -> tuple[int, int] | None:
    """``factor(src, dst)`` as ``(num, exp)`` when it is a decimal of a few digits, else None
    (also when the units do not convert: the Decimal path then raises as evaluate() does)."""
    from . import units
    from .errors import UnitError

    try:
        value = units.factor(src, dst)
    except UnitError:
        return None
    sign, digits, exponent = value.normalize().as_tuple()
    if not isinstance(exponent, int) or len(digits) > 6 or not -12 <= exponent <= 12:
        return None
    whole = int("".join(map(str, digits)))
    return (-whole if sign else whole), exponent


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
    ddf: Any, policy: Policy | None = None, *, taxonomy: Taxonomy = DEFAULT_TAXONOMY
) -> Any:
    """:func:`score_frame` on every partition of a Dask frame (``[dask]`` extra), lazily.

    Each document's rows must lie in one partition (partition the Parquet files by document,
    as ``docs/scale.md`` shows). The result is a Dask frame of :data:`OUTPUT_COLUMNS` with the
    input's index; ``.compute()`` runs it on the current scheduler (a ``distributed`` client's
    cluster, when one is active).

    >>> import dask.dataframe as dd, pandas as pd
    >>> from decimal import Decimal
    >>> df = pd.DataFrame({"level1": ["产出指标"], "level2": ["数量指标"],
    ...     "target_kind": ["quantitative"], "comparator": ["GE"], "magnitude": [Decimal(90)],
    ...     "actual_kind": ["quantitative"], "actual_magnitude": [Decimal(45)],
    ...     "max_points": [Decimal(10)]})
    >>> str(score_dask(dd.from_pandas(df, npartitions=1)).compute()["points"].iloc[0])
    '5.00'
    """
    pol = policy or Policy.central()
    meta = _meta(pol)
    return ddf.map_partitions(score_frame, pol, taxonomy=taxonomy, meta=meta)


def _meta(pol: Policy) -> Any:
    """An empty result frame with the result's column types (what Dask needs to plan)."""
    np, pd = _modules()
    empty = pd.DataFrame(
        {
            "level1": pd.Series([], dtype=object),
            "level2": pd.Series([], dtype=object),
        }
    )
    return score_frame(empty, pol)
