"""The default scoring rules over whole columns, in fixed point (private; :mod:`perfmodel.frame`).

>>> _percent_ints(Decimal("70.5"))
(705, 1)
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ._fixed import LIMIT, Fixed, divide, fixed_from_series, pow10, rescale
from .errors import ScoringError
from .model import FormKind
from .scoring.policy import Policy
from .targets import Band, Direction, _direction_of, _norm
from .vocab import NOT_APPLICABLE_WORDS

if TYPE_CHECKING:
    import pandas as pd

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
        series = self.df[name]
        if isinstance(series.dtype, self.pd.CategoricalDtype):
            codes = series.cat.codes.to_numpy()
            if rows is not None:
                codes = np.where(rows, codes, -1)
            categories = series.cat.categories
            values = np.full(len(categories) + 1, blank, dtype=object)
            for i in np.unique(codes):  # only the categories the rows use
                if i >= 0:
                    values[i] = fn(categories[i])
            return values[codes]
        if rows is None:
            codes, uniques = self.factorize(name)
        else:
            codes = np.full(self.n, -1, dtype=np.int64)
            if not rows.any():
                return np.full(self.n, blank, dtype=object)
            sub, uniques = self.pd.factorize(series.to_numpy()[rows], use_na_sentinel=True)
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
    if exp.any() or (factor_num != 1).any():
        big = np.abs(a_scaled.astype(np.float64)) * np.abs(factor_num) * 10.0**exp >= LIMIT
        big |= (exp > 18) & (a_scaled != 0)
    else:
        big = np.zeros(n, dtype=bool)
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
    # (checked on the largest values first: row by row only when those do not fit)
    p10 = float(pow10(d))
    top = float(max(np.abs(a_ints).max(initial=0), np.abs(t_ints).max(initial=0)))
    top_m = float(m.max(initial=0))
    if not (
        (top * 4 + 1) * (top_m + 1) * p10 * 4 < LIMIT
        and (top + 1) * float(pow10(km)) * 4 < LIMIT
        and (top_m + 1) * 100 * p10 * float(pow10(km)) * 1000 < LIMIT
    ):
        mag = np.maximum(np.abs(a_ints.astype(np.float64)), np.abs(t_ints.astype(np.float64)))
        fm = m.astype(np.float64)
        slow |= scored & ((mag * 4 + 1) * (fm + 1) * p10 * 4 >= LIMIT)
        slow |= scored & ((np.abs(t_ints.astype(np.float64)) + 1) * float(pow10(km)) * 4 >= LIMIT)
        slow |= scored & ((fm + 1) * 100 * p10 * float(pow10(km)) * 1000 >= LIMIT)

    live = scored & ~slow
    full = _floor_points(np, m, km, d)

    p_d, p_km = pow10(d), pow10(km)

    def finish(rows: Any, num: Any, den: Any) -> None:
        """points[rows] = quantize_within(num/den): rounded in the policy's mode, never above
        the 分值; ``num`` and ``den`` compute their values for the given row numbers."""
        idx = np.flatnonzero(rows)
        if not len(idx):
            return
        value = divide(num(idx), den(idx), rounding)
        over_max = value * p_km > m[idx] * p_d
        points[idx] = np.where(over_max, full[idx], value)

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
    finish(rows, lambda i: a_pos[i] * m[i] * p_d, lambda i: den[i])
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
        finish(over, lambda i: t_ints[i] * m[i] * p_d, lambda i: np.maximum(a_pos[i], 1) * p_km)
    else:
        _set(points, met, over & (a_pos >= 2 * t_ints), 0, 0)
        over &= a_pos < 2 * t_ints
        finish(over, lambda i: (2 * t_ints[i] - a_pos[i]) * m[i] * p_d, lambda i: den[i])
    met[over] = 0
    live &= ~numeric

    # changes (提升, 下降5%)
    change = live & (target_kind == 3)
    rule[change] = _CHANGE
    amount = change & t_quant & a_quant
    _set(points, met, amount & (a_pos >= t_ints), full, 1)
    rows = amount & (a_pos < t_ints) & (t_ints > 0)
    finish(rows, lambda i: a_pos[i] * m[i] * p_d, lambda i: den[i])
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
    finish(take, lambda i: g_ints[i] * p_d, lambda i: np.full(len(i), pow10(kg), dtype=np.int64))
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

    d = pol.decimals
    too_big = np.zeros(len(points), dtype=bool)
    for code, which in _BAND_OF.items():
        idx = np.flatnonzero(rows & (band == code))
        if not len(idx):
            continue
        qb = pol.band(which)
        low, high, share = (_percent_ints(v) for v in (qb.low, qb.high, qb.default_share))
        ks = max(low[1], high[1], share[1])
        lo, hi, sh = (v * pow10(ks - places) for v, places in (low, high, share))
        hundred = 100 * pow10(ks)
        gi, mgi, mi, gv = g[idx], m_g[idx], m[idx], g_valid[idx]
        big = (np.abs(gi.astype(np.float64)) + mgi.astype(np.float64) + 1) * hundred * 4 >= LIMIT
        big |= (mi.astype(np.float64) + 1) * (sh + 1) * float(pow10(d)) * 4 >= LIMIT
        if big.any():
            too_big[idx[big]] = True
            keep = ~big
            idx, gi, mgi, mi, gv = idx[keep], gi[keep], mgi[keep], mi[keep], gv[keep]
        # the share of the given points, in percent, against the band: g·100 vs bound·m
        g100 = gi * hundred
        inside = (lo * mgi <= g100) & ((g100 < hi * mgi) | ((g100 == hi * mgi) & (hi == hundred)))
        inside_zero = (gi == 0) & (lo == 0) & (hi > 0)
        inside = np.where(mgi == 0, inside_zero, inside)
        take = gv & inside & (gi >= 0) & (gi <= mgi)
        rows_take = np.zeros(len(points), dtype=bool)
        rows_take[idx[take]] = True
        finish(rows_take, lambda i: g[i] * pow10(d), lambda i: np.full(len(i), pow10(kg)))
        rows_default = np.zeros(len(points), dtype=bool)
        rows_default[idx[~take]] = True
        den = pow10(km) * hundred
        finish(
            rows_default,
            lambda i, sh=sh: m[i] * sh * pow10(d),
            lambda i, den=den: np.full(len(i), den),
        )
        met[idx] = 1 if which is Band.ACHIEVED else 0
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
