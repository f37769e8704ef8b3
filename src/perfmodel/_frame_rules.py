"""The default scoring rules over whole columns, in fixed point (private; :mod:`perfmodel.frame`).

The scored rows are split once into the cases the default rules tell apart (no actual, a band
word, a quantitative target, a change, a qualitative target …) with boolean masks; each case
then works on the row numbers it holds only — its figures gathered, its points computed with
integer arithmetic (a division only where the rule divides) and scattered back.

>>> _percent_ints(Decimal("70.5"))
(705, 1)
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np

from ._fixed import LIMIT, Fixed, any_true, divide, own, pow10, rescale
from .scoring.policy import Policy
from .targets import Band, Direction, _direction_of, _is_no_change
from .vocab import NOT_APPLICABLE_WORDS

if TYPE_CHECKING:
    from ._frame_columns import _Block, _Coded, _Columns

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
# the default rule of a quantitative target by comparator code (none, =, ≥, ≤, >, <)
_RULE_OF_COMPARATOR = np.array(
    [_POSITIVE, _EQUALITY, _POSITIVE, _REVERSE, _POSITIVE, _REVERSE], dtype=np.int8
)
_BANDS = {Band.ACHIEVED.value: 1, Band.PARTIAL.value: 2, Band.NOT_ACHIEVED.value: 3}
_BAND_OF = {1: Band.ACHIEVED, 2: Band.PARTIAL, 3: Band.NOT_ACHIEVED}
_DIRECTIONS = {Direction.UP.value: 1, Direction.DOWN.value: 2}
_NO_CHANGE = 3  # an actual's label stating no change (持平), never a target's direction
_NA_WORDS = frozenset(w.replace(" ", "") for w in NOT_APPLICABLE_WORDS)


class _Scorer:
    """Points (at the policy's decimals), met (-1 unknown, 0, 1) and rule code of every row,
    and the rows that must be scored one by one (``slow``)."""

    def __init__(
        self, cols: _Block, pol: Policy, m: Any, km: int, out: tuple[Any, Any, Any, Any]
    ) -> None:
        self.cols = cols
        self.pol = pol
        self.m = m
        self.km = km
        self.d = pol.decimals
        self.p_d = pow10(self.d)
        self.p_km = pow10(km)
        self.p_k = pow10(km - self.d)  # 分值 × points / (… × p_k): points at the policy's places
        self.points, self.met, self.rule, self.slow = out
        self.given: Fixed | None = None
        self.kg = km
        self.m_g = m

    # ----------------------------------------------------------------------------------------
    # arithmetic on gathered rows

    def full(self, m: Any) -> Any:
        """quantize_within(分值, 分值): the 分值 rounded down to the policy's decimals."""
        return m if self.p_k == 1 else m // self.p_k

    def scaled(self, den: Any) -> Any:
        return den if self.p_k == 1 else den * self.p_k

    def ratio(self, num: Any, den: Any, m: Any) -> Any:
        """quantize_within(num / den, 分值) in units of the policy's last place: rounded in the
        policy's mode, never above the 分值 ``m`` of the same rows (which only rounding up to
        fewer places than it has can do). Fractions of the 分值 ``m × a / b`` come as
        ``num = m × a``, ``den = b × 10**(km - d)``."""
        value = divide(num, den, self.pol.rounding)
        if self.km > self.d:
            over = value * self.p_k > m
            if over.any():
                value = np.where(over, self.full(m), value)
        return value

    def short(self, num: Any, den: Any, m: Any) -> Any:
        """:meth:`ratio` for a target not met: never the full points, but one step of the
        policy's rounding below them (as :func:`~perfmodel.scoring.indicator.score_indicator`
        caps a proportional share that gives or rounds to the 分值)."""
        value = self.ratio(num, den, m)
        below = np.maximum(self.full(m) - 1, 0)
        return np.minimum(value, below)

    def put(self, rows: Any, points: Any, met: Any, rule: Any = None) -> None:
        self.points[rows] = points
        if isinstance(met, np.ndarray) and met.dtype == np.bool_:
            met = met.view(np.int8)  # stored without a cast
        self.met[rows] = met
        if rule is not None:
            self.rule[rows] = rule

    # ----------------------------------------------------------------------------------------

    def score(self, scored: Any, actual_kind: _Coded) -> None:
        cols = self.cols
        target_kind = cols.codes("target_kind", _KINDS)
        if not scored.any():
            return
        m = self.m
        slow = self.slow
        written = cols.flagged("rule_text", _is_written_rule)
        if written is not None:
            slow |= scored & written
        if int(m.min(initial=0)) < 0:
            slow |= scored & (m < 0)  # a negative 分值: refused one by one, as evaluate() does
        t_ints, t_valid, a_ints, a_valid = self.magnitudes(scored)
        # a change stated by the actual (提升6%, 下降6%), or a move down written as a negative
        # figure against a change target (-6% meets 下降5%): scored one by one by change_amount()
        slow |= scored & actual_kind.mask(3)
        slow |= scored & target_kind.mask(3) & a_valid & (a_ints < 0)
        quantitative = target_kind.mask(1)
        slow |= scored & quantitative & ~t_valid & ~cols.fixed("magnitude").unfit
        self.read_given(scored)
        self.bounds(scored, t_ints, a_ints)

        live = scored & ~slow
        no_actual = actual_kind.mask(0)
        band = cols.codes("actual_band", _BANDS)
        no_band = band.mask(0)
        quantity = a_valid & actual_kind.mask(1)
        numeric = live & no_band & quantitative & t_valid & quantity
        # the quantitative rules for every row of the block (the most common case): the rows
        # of the other cases are overwritten below
        self.numeric(numeric, t_ints, a_ints)
        live &= ~numeric
        self.put(np.flatnonzero(live & no_actual), 0, -1, _MISSING)  # no actual: 0 points
        live &= ~no_actual
        rows = np.flatnonzero(live & ~no_band)
        if len(rows):
            self.rule[rows] = _QUALITATIVE
            self.bands(rows, band.at(rows))
            live &= no_band
        change = live & target_kind.mask(3)
        undecided = []
        rows = np.flatnonzero(change)
        if len(rows):
            undecided.append(self.change(rows, t_ints, t_valid, a_ints, quantity, actual_kind))
            live &= ~change
        rows = np.flatnonzero(live)
        if len(rows):  # qualitative (or not comparable): the target's own label → 达成
            self.rule[rows] = _QUALITATIVE
            both = (target_kind.at(rows) == 2) & (actual_kind.at(rows) == 2)
            matches = np.zeros(len(rows), dtype=bool)
            matches[both] = _labels_match(cols, rows[both])
            hit = rows[matches]
            self.bands(hit, np.ones(len(hit), dtype=np.int8))
            undecided.append(rows[~matches])
        if undecided:
            self.undecided(np.concatenate(undecided))

    def magnitudes(self, scored: Any) -> tuple[Any, Any, Any, Any]:
        """Target and actual at one scale, the actual converted to the target's unit; rows
        whose figures do not fit, or whose units convert by no short decimal, go slow."""
        cols = self.cols
        slow = self.slow
        t = cols.fixed("magnitude")
        a = cols.fixed("actual_magnitude")
        rows, num, exp, odd = _unit_factors(cols)
        k = max(t.scale, a.scale)
        t_ints, t_over = rescale(t, k)
        a_ints, a_over = rescale(a, k)
        if len(rows):
            # a row whose actual is converted: both sides at k + the factor's places (a scale
            # of its own: each row only compares and divides its own two figures)
            places = np.maximum(-exp, 0)
            t_places = k - t.scale + places
            a_places = k - a.scale + places + exp
            t_raw, a_raw = t.ints[rows], a.ints[rows]
            big = (t_places > 18) & (t_raw != 0) | (a_places > 18) & (a_raw != 0)
            t_places, a_places = np.minimum(t_places, 18), np.minimum(a_places, 18)
            big |= np.abs(t_raw.astype(np.float64)) * 10.0**t_places >= LIMIT
            big |= np.abs(a_raw.astype(np.float64)) * np.abs(num) * 10.0**a_places >= LIMIT
            # the block's own arrays are converted in place (the raw figures are not used
            # again but for their sign, which a factor keeps)
            t_ints, a_ints = own(t_ints), own(a_ints)
            t_ints[rows] = np.where(big, 0, t_raw) * 10**t_places
            a_ints[rows] = np.where(big, 0, a_raw) * num * 10**a_places
            a_over = a_over.copy()
            a_over[rows] = big
        t_valid = t.valid & ~t_over if any_true(t_over) else t.valid
        a_valid = a.valid & ~a_over if any_true(a_over) else a.valid
        if len(odd):
            slow[odd] |= scored[odd] & t_valid[odd] & a_valid[odd]
        for mask in (t.unfit, a.unfit, t_over, a_over):
            if mask.any():
                slow |= scored & mask
        return t_ints, t_valid, a_ints, a_valid

    def read_given(self, scored: Any) -> None:
        """The evaluator's points (得分), at a scale shared with the 分值."""
        given = self.cols.fixed("points")
        if not (given.valid.any() or given.unfit.any()):
            return
        kg = max(self.km, given.scale)
        g_ints, g_over = rescale(given, kg)
        m_g, mg_over = rescale(Fixed(self.m, np.ones(len(self.m), dtype=bool), self.km), kg)
        for mask in (given.unfit, g_over, mg_over):
            if mask.any():
                self.slow |= scored & mask
        # the evaluator's points are taken as they are (g · 10**d): they and the 分值 must fit
        top = float(max(np.abs(g_ints).max(initial=0), m_g.max(initial=0)))
        if (top + 1) * self.p_d * 4 >= LIMIT:
            big = np.maximum(np.abs(g_ints), m_g).astype(np.float64)
            self.slow |= scored & ((big + 1) * self.p_d * 4 >= LIMIT)
        self.given = Fixed(g_ints, given.valid & ~g_over, kg)
        self.kg = kg
        self.m_g = m_g

    def bounds(self, scored: Any, t_ints: Any, a_ints: Any) -> None:
        """Every product below stays under LIMIT, or the row goes the Decimal way (checked on
        the largest values first: row by row only when those do not fit)."""
        p_d, p_km, m = float(self.p_d), float(self.p_km), self.m
        top = float(max(_top(a_ints), _top(t_ints)))
        top_m = float(m.max(initial=0))
        if (
            (top * 4 + 1) * (top_m + 1) * p_d * 4 < LIMIT
            and (top + 1) * p_km * 4 < LIMIT
            and (top_m + 1) * 100 * p_d * p_km * 1000 < LIMIT
        ):
            return
        mag = np.maximum(np.abs(a_ints.astype(np.float64)), np.abs(t_ints.astype(np.float64)))
        fm = m.astype(np.float64)
        too_big = (mag * 4 + 1) * (fm + 1) * p_d * 4 >= LIMIT
        too_big |= (np.abs(t_ints.astype(np.float64)) + 1) * p_km * 4 >= LIMIT
        too_big |= (fm + 1) * 100 * p_d * p_km * 1000 >= LIMIT
        self.slow |= scored & too_big

    # ----------------------------------------------------------------------------------------
    # the cases

    def numeric(self, numeric: Any, t: Any, x: Any) -> None:
        """Quantitative target and actual: positive (≥ >), equality (=), reverse (≤ <).

        Worked out for every row of the block, whole columns at once (the rows of other
        cases get figures that mean nothing, overwritten by their own case); the divisions
        only for the ``numeric`` rows short of their target."""
        comparator = self.cols.codes("comparator", _COMPARATORS)
        if int(x.min(initial=0)) < 0:
            x = np.maximum(x, 0)  # a negative actual counts as 0
        le = comparator.mask(3, 5)
        reached = x >= t
        strict = comparator.mask(4)  # >: strictly
        if strict.any():
            reached &= ~strict | (x != t)
        below = x <= t
        strict = comparator.mask(5)  # <: strictly
        if strict.any():
            below &= ~strict | (x != t)
        hit = (le & below) | (~le & reached)
        zero_target = comparator.mask(1) & (t == 0)  # = 0: met by an actual not above 0
        if zero_target.any():
            hit = np.where(zero_target, x <= 0, hit)
        np.multiply(self.full(self.m), hit, out=self.points)
        np.copyto(self.met, hit.view(np.int8))
        np.take(_RULE_OF_COMPARATOR[comparator.mapping], comparator.raw, out=self.rule)
        short = numeric & ~hit & (t > 0)  # missed a positive target: a share of the points
        part = np.flatnonzero(short & ~le & ~zero_target)
        if len(part):
            tp, mp = t[part], self.m[part]
            self.points[part] = self.short(x[part] * mp, self.scaled(tp), mp)
        part = np.flatnonzero(short & le)
        if len(part):
            tp, xp, mp = t[part], x[part], self.m[part]
            if self.pol.reverse_rule == "ratio":
                num, den = tp * mp, self.scaled(np.maximum(xp, 1))
            else:  # national: 0 at twice the target
                inside = xp < 2 * tp
                self.points[part[~inside]] = 0
                part, tp, xp, mp = part[inside], tp[inside], xp[inside], mp[inside]
                num, den = (2 * tp - xp) * mp, self.scaled(tp)
            self.points[part] = self.short(num, den, mp)

    def change(
        self,
        rows: Any,
        t_ints: Any,
        t_valid: Any,
        a_ints: Any,
        quantity: Any,
        actual_kind: _Coded,
    ) -> Any:
        """Changes (提升, 下降5%): by the amount when both sides have one, else by the
        direction the actual states; returns the rows left undecided."""
        self.rule[rows] = _CHANGE
        amount = t_valid[rows] & quantity[rows]
        sure = rows[amount]
        if len(sure):
            t, m = t_ints[sure], self.m[sure]
            x = np.maximum(a_ints[sure], 0)
            hit = x >= t
            points = self.full(m) * hit
            part = np.flatnonzero(~hit & (t > 0))
            if len(part):
                mp = m[part]
                points[part] = self.short(x[part] * mp, self.scaled(t[part]), mp)
            self.put(sure, points, hit)
        bare = rows[~amount]
        if not len(bare):
            return bare
        cols = self.cols
        kind = actual_kind.at(bare)
        said = np.zeros(len(bare), dtype=bool)
        same = np.zeros(len(bare), dtype=bool)
        words = np.flatnonzero(kind == 2)
        if len(words):
            direction = cols.lookup("actual_label", _direction_code, np.int8, bare[words])
            wanted = cols.codes("direction", _DIRECTIONS).at(bare[words])
            said[words] = direction > 0
            same[words] = (direction > 0) & (direction == wanted)
        a = cols.fixed("actual_magnitude")
        counted = (kind == 1) & ~t_valid[bare]
        positive = a.valid[bare] & (a.ints[bare] > 0)
        decided = said | counted
        met = np.where(said, same, positive)[decided]
        self.put(bare[decided], self.full(self.m[bare[decided]]) * met, met)
        impossible = (kind == 1) & t_valid[bare] & ~quantity[bare]  # not from parsed data
        self.slow[bare[impossible]] = True
        return bare[~decided & ~impossible]

    def bands(self, rows: Any, band: Any) -> None:
        """Points inside a qualitative band: the evaluator's when inside it, else the band's
        default share. Rows whose figures are too large for int64 go slow."""
        pol = self.pol
        given = self.given
        for code, which in _BAND_OF.items():
            idx = rows[band == code]
            if not len(idx):
                continue
            bounds = _band_ints(pol, which)
            if bounds is None or 10.0 ** (bounds[3] + 2) * self.p_k * 4 >= LIMIT:
                self.slow[idx] = True  # bounds with many places
                continue
            lo, hi, sh, ks = bounds
            hundred = 100 * pow10(ks)
            m = self.m[idx]
            if float(m.max(initial=0) + 1) * (sh + 1) * self.p_d * 4 >= LIMIT:
                big = (m.astype(np.float64) + 1) * (sh + 1) * float(self.p_d) * 4 >= LIMIT
                self.slow[idx[big]] = True
                idx, m = idx[~big], m[~big]
            points = self.ratio(m * sh, self.p_k * hundred, m)
            if given is not None:
                self.take_given(idx, m, points, lo, hi, hundred)
            self.put(idx, points, 1 if which is Band.ACHIEVED else 0)

    def take_given(self, idx: Any, m: Any, points: Any, lo: int, hi: int, hundred: int) -> None:
        """The evaluator's points where they lie inside the band (``points`` updated)."""
        assert self.given is not None
        gv = self.given.valid[idx]
        inner = np.flatnonzero(gv)
        if not len(inner):
            return
        gi, mgi = self.given.ints[idx[inner]], self.m_g[idx[inner]]
        big = (np.abs(gi.astype(np.float64)) + mgi.astype(np.float64) + 1) * hundred * 4 >= LIMIT
        if big.any():
            self.slow[idx[inner[big]]] = True
            inner, gi, mgi = inner[~big], gi[~big], mgi[~big]
        # the share of the given points, in percent, against the band: g·100 vs bound·m
        g100 = gi * hundred
        inside = (lo * mgi <= g100) & ((g100 < hi * mgi) | ((g100 == hi * mgi) & (hi == hundred)))
        inside = np.where(mgi == 0, (gi == 0) & (lo == 0) & (hi > 0), inside)
        take = inside & (gi >= 0) & (gi <= mgi)
        inner, gi = inner[take], gi[take]
        points[inner] = self.ratio(gi, pow10(self.kg - self.d), m[inner])

    def undecided(self, rows: Any) -> None:
        """Not comparable: the evaluator's points when within 0 … 分值, else 0; met unknown."""
        self.put(rows, 0, -1)
        given = self.given
        if given is None or not len(rows):
            return
        gi, mgi = given.ints[rows], self.m_g[rows]
        take = np.flatnonzero(given.valid[rows] & (gi >= 0) & (gi <= mgi))
        if len(take):
            idx = rows[take]
            self.points[idx] = self.ratio(gi[take], pow10(self.kg - self.d), self.m[idx])


def _top(ints: Any) -> int:
    """The largest magnitude in an int64 column."""
    if not len(ints):
        return 0
    return max(int(ints.max()), -int(ints.min()))


def _band_ints(pol: Policy, band: Band) -> tuple[int, int, int, int] | None:
    """A band's low, high and default share in percent, as integers at a shared number of
    places (the last item); ``None`` when they have too many places."""
    qb = pol.band(band)
    low, high, share = (_percent_ints(v) for v in (qb.low, qb.high, qb.default_share))
    ks = max(low[1], high[1], share[1])
    if ks > 16:
        return None
    lo, hi, sh = (v * pow10(ks - places) for v, places in (low, high, share))
    return lo, hi, sh, ks


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


def _is_not_applicable(text: Any) -> bool:
    return isinstance(text, str) and text.replace(" ", "").strip() in _NA_WORDS


def _direction_code(label: Any) -> int:
    """The direction an actual's label states: 1 up, 2 down, 3 no change (持平: meets neither),
    0 none."""
    if not isinstance(label, str):
        return 0
    direction = _direction_of(label)
    if direction is None:
        return _NO_CHANGE if _is_no_change(label) else 0
    return _DIRECTIONS[direction.value]


def _labels_match(cols: _Block, rows: Any) -> Any:
    """For the given rows: the actual's label is the qualitative target's own label (compared
    as :meth:`~perfmodel.targets.Target.is_met` compares them)."""
    if not len(rows):
        return np.zeros(0, dtype=bool)
    target = cols.lookup("label", cols.cols.label_id, np.int64, rows)
    actual = cols.lookup("actual_label", cols.cols.actual_label_id, np.int64, rows)
    return (target >= 0) & (target == actual)


def _unit_factors(cols: _Block) -> tuple[Any, Any, Any, Any]:
    """The rows whose actual is in another unit than the target's, with the factor from the
    actual's unit to the target's as ``num × 10**exp``; and the rows whose factor is no such
    short decimal (or whose units do not convert: the Decimal path then raises as evaluate()
    does)."""
    none = np.zeros(0, dtype=np.int64)
    if not cols.has("unit") or not cols.has("actual_unit"):
        return none, none, none, none
    units = cols.cols.cache.get("units")
    if units is None:
        units = cols.cols.cache["units"] = _Units(cols.cols)
    t_codes = cols.factorize("unit")[0]
    a_codes = cols.factorize("actual_unit")[0]
    rows = np.flatnonzero(units.as_target.take(a_codes) != t_codes)
    rows = rows[(t_codes[rows] >= 0) & (a_codes[rows] >= 0)]  # both sides have a unit
    if not len(rows):
        return none, none, none, none
    num, exp, odd = units.factors(t_codes[rows], a_codes[rows])
    return rows[~odd], num[~odd], exp[~odd], rows[odd]


#: Unit pairs kept in flat tables (by pair number) when there are no more of them than this.
_DENSE_PAIRS = 1 << 16


class _Units:
    """The units of the target and actual columns: each actual unit as a target unit code
    (``as_target``; -2 when no target has it, -1 for a blank), and the factor of every pair of
    units met so far (``num × 10**exp``, or ``odd``), by pair number."""

    def __init__(self, cols: _Columns) -> None:
        t_codes, targets = cols.factorize("unit")
        self.targets = targets.tolist()
        self.actuals = cols.factorize("actual_unit")[1].tolist()
        position = {unit: i for i, unit in enumerate(self.targets)}
        codes = [*(position.get(u, -2) for u in self.actuals), -1]
        dtype = t_codes.dtype if len(self.targets) < np.iinfo(t_codes.dtype).max else np.int64
        self.as_target = np.array(codes, dtype=dtype)
        size = len(self.targets) * len(self.actuals)
        self.dense = size <= _DENSE_PAIRS
        self.num = np.ones(size if self.dense else 0, dtype=np.int64)
        self.exp = np.zeros(size if self.dense else 0, dtype=np.int64)
        self.odd = np.zeros(size if self.dense else 0, dtype=bool)
        self.known = np.zeros(size if self.dense else 0, dtype=bool)
        self.pairs: dict[int, tuple[int, int, bool]] = {}

    def factors(self, t: Any, a: Any) -> tuple[Any, Any, Any]:
        span = len(self.actuals)
        pairs = t.astype(np.int64) * span + a
        if self.dense:
            new = np.unique(pairs[~self.known[pairs]])
            for pair in new.tolist():
                self.num[pair], self.exp[pair], self.odd[pair] = self.factor(pair)
            self.known[new] = True
            return self.num[pairs], self.exp[pairs], self.odd[pairs]
        uniques, inverse = np.unique(pairs, return_inverse=True)
        found = [self.factor(pair) for pair in uniques.tolist()]
        num, exp, odd = (np.array(column) for column in zip(*found, strict=True))
        return num[inverse], exp[inverse], odd[inverse].astype(bool)

    def factor(self, pair: int) -> tuple[int, int, bool]:
        found = self.pairs.get(pair)
        if found is None:
            span = len(self.actuals)
            short = _short_factor(self.actuals[pair % span], self.targets[pair // span])
            found = self.pairs[pair] = (1, 0, True) if short is None else (*short, False)
        return found


def _short_factor(src: str, dst: str) -> tuple[int, int] | None:
    """``factor(src, dst)`` as ``(num, exp)`` when it is a decimal of a few digits, else None
    (also when the units do not convert)."""
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
