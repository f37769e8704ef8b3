"""Documents and the allocation of 分值 over an indicator frame (private; :mod:`perfmodel.frame`).

:func:`_allocate` gives every row of a block its 分值 as
:func:`~perfmodel.scoring.evaluate.evaluate` does: stated on the form, or — for the rows
without one — what is left of the level weights (权重) split equally in the policy's decimals by
:func:`~perfmodel.scoring.evaluate.allocate_points`, the rounding remainder one unit of the last
place each to the first rows. The open rows are grouped with one stable sort (a radix sort by
level when each document's rows are contiguous, as ``to_frame`` writes them), group sums come
from ``bincount``, and the shares of all groups are computed at once in fixed point. Documents
whose figures ``int64`` cannot carry are allocated in ``Decimal``, row by row.

>>> _split_shares(np.array([5000]), np.array([0]), np.array([3]), 1).tolist()
[1667, 1667, 1666]
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np

from ._fixed import LIMIT, Fixed, any_true, own, rescale
from .errors import ScoringError
from .model import FormKind
from .scoring.policy import Policy

if TYPE_CHECKING:
    from ._frame_columns import _Block, _Columns

_SELF_EVALUATION = frozenset(f.value for f in FormKind if f.is_self_evaluation)


class _Documents:
    """Each row's document as a number ≥ 0 (``ids``), and whether every document's rows are
    contiguous (``starts``: the rows where a document begins)."""

    __slots__ = ("contiguous", "ids", "starts")

    def __init__(self, ids: Any, contiguous: bool, starts: Any) -> None:
        self.ids = ids
        self.contiguous = contiguous
        self.starts = starts

    def blocks(self, size: int) -> list[tuple[int, int]]:
        """Row ranges of about ``size`` rows holding whole documents (one range when the
        documents' rows are not contiguous)."""
        n = len(self.ids)
        if not self.contiguous or n <= size:
            return [(0, n)]
        cuts = [0]
        while cuts[-1] < n:
            at = int(np.searchsorted(self.starts, cuts[-1] + size))
            cuts.append(int(self.starts[at]) if at < len(self.starts) else n)
        return list(itertools.pairwise(cuts))


def _documents(cols: _Columns) -> _Documents:
    n = cols.n
    none = np.zeros(1 if n else 0, dtype=np.int64)
    if not cols.has("document"):
        return _Documents(np.zeros(n, dtype=np.int64), True, none)
    series = cols.df["document"]
    if series.isna().any():
        raise ScoringError("indicator frame: column document must not be blank")
    if getattr(series.dtype, "kind", "O") in "iu":
        values = series.to_numpy(dtype=np.int64)
    else:
        values = np.asarray(cols.factorize("document")[0], dtype=np.int64)
    if n == 0:
        return _Documents(values, True, none)
    starts = np.r_[0, np.flatnonzero(values[1:] != values[:-1]) + 1]
    firsts = values[starts]
    contiguous = bool((firsts[1:] > firsts[:-1]).all()) or len(np.unique(firsts)) == len(firsts)
    low, high = int(values.min()), int(values.max())
    if high - low >= 4 * n + 1024:  # large numbers: renumbered
        if contiguous:
            values = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, n]))
        else:
            values = np.asarray(cols.pd.factorize(values)[0], dtype=np.int64)
    elif low:
        values = values - low
    return _Documents(values, contiguous, starts)


def _self_evaluation(block: _Block, doc: Any, has_actual: Any, rows: Any) -> Any:
    """For the given rows: their document is a self-evaluation form or has an actual."""
    form = block.lookup("form", _is_self_evaluation, bool)
    low = int(doc.min())
    per_document = np.zeros(int(doc.max()) - low + 1, dtype=bool)
    per_document[doc[np.flatnonzero(form | has_actual)] - low] = True
    return per_document[doc[rows] - low]


def _is_self_evaluation(form: Any) -> bool:
    return form in _SELF_EVALUATION


class _Allocation:
    """The 分值 of every row at ``scale`` (``ints``, ``valid``), which were ``allocated``, which
    are ``unweighted``, and ``objects``: the rows whose 分值 are given as ``Decimal`` (their
    documents' figures do not fit ``int64``; such rows are scored one by one)."""

    __slots__ = ("allocated", "ints", "objects", "scale", "unweighted", "valid")

    def __init__(self, ints: Any, valid: Any, scale: int) -> None:
        n = len(ints)
        self.ints = ints
        self.valid = valid
        self.scale = scale
        self.allocated = np.zeros(n, dtype=bool)
        self.unweighted = np.zeros(n, dtype=bool)
        self.objects: dict[int, Decimal] = {}


def _allocate(
    block: _Block,
    pol: Policy,
    doc: Any,
    contiguous: bool,
    level1: tuple[Any, list[Any], Fixed],
    reference: Any,
    scale: int,
) -> _Allocation:
    """分值 missing on the form, allocated from the level weights as evaluate() does, at
    ``scale`` (at least the policy's decimals and every weight's places).

    ``level1`` holds the rows' level-1 codes, the level names and the policy's weight of each
    (blank last); ``reference`` is a row mask (reference rows take no part) or ``None``.
    """
    codes1, names1, pw = level1
    stated = block.fixed("max_points")
    ints, over = rescale(stated, scale)
    ints = own(ints)  # the allocated 分值 are written into it
    out = _Allocation(ints, stated.valid & ~over, scale)
    given = stated.valid | stated.unfit  # rows with a 分值 on the form
    open_rows = ~given if reference is None else ~given & ~reference
    long = stated.unfit | over  # stated 分值 int64 cannot carry
    if reference is not None:
        long &= ~reference
    if not open_rows.any():
        rows = np.flatnonzero(long)
        out.objects.update(zip(rows.tolist(), block.cells("max_points", rows), strict=True))
        return out
    w1, w2 = block.fixed("level1_weight"), block.fixed("level2_weight")
    a1, over1 = rescale(w1, scale)
    a2, over2 = rescale(w2, scale)
    p1, over_p = rescale(pw, scale)
    # documents int64 cannot carry: a figure too long, or sums that could overflow
    bad = long
    for mask in (w1.unfit, over1, w2.unfit, over2):
        if any_true(mask):
            bad = bad | (mask if reference is None else mask & ~reference)
    top = max(_top(ints), _top(p1), _top(a1), _top(a2))
    if any_true(over_p) or float(top) * (block.n + 2) * 4 >= LIMIT:
        bad = bad | open_rows  # every document with open rows, the Decimal way
    stated_rows = out.valid if reference is None else out.valid & ~reference
    if bad.any():
        low = int(doc.min())
        in_decimal = np.zeros(int(doc.max()) - low + 1, dtype=bool)
        in_decimal[doc[np.flatnonzero(bad)] - low] = True
        decimal_rows = in_decimal[doc - low]
        _allocate_decimal(block, pol, doc, level1, reference, np.flatnonzero(decimal_rows), out)
        open_rows &= ~decimal_rows
        stated_rows = stated_rows & ~decimal_rows
    open_idx = np.flatnonzero(open_rows)
    if not len(open_idx):
        return out
    c1 = codes1[open_idx]
    # the level-1 weight: the form's, else the policy's for that level
    policy_weighted = pw.valid.take(c1)
    if not policy_weighted.all():
        weighted = policy_weighted | w1.valid[open_idx]
        out.unweighted[open_idx[~weighted]] = True
        open_idx, c1 = open_idx[weighted], c1[weighted]
        if not len(open_idx):
            return out
    # each row's (document, level 1) as one number ≥ 0, and the 分值 stated in each
    low = int(doc.min())
    span1 = len(names1) + 1
    key1 = doc * span1 + codes1
    key1 += 1 - low * span1
    stated_ints = ints if stated_rows is out.valid else np.where(stated_rows, ints, 0)
    size1 = int(key1.max()) + 1
    stated_sums = _Sums(key1, stated_ints, float(top) * block.n, size1)
    q = _q(pol, scale)

    # the level-2 groups with a stated weight: max(weight - stated, 0), split equally
    taken = None
    if any_true(w2.valid):
        by_l2 = w2.valid[open_idx]
        if by_l2.any():
            rows2 = open_idx[by_l2]
            open_idx, c1 = open_idx[~by_l2], c1[~by_l2]
            codes2, names2 = block.factorize("level2")
            key2 = key1 * (len(names2) + 1) + (codes2.astype(np.int64) + 1)
            groups = _Groups(rows2, key2, None)
            size2 = int(key2.max()) + 1
            stated2 = _Sums(key2, stated_ints, float(top) * block.n, size2).at(groups.keys)
            share = np.maximum(a2[groups.first] - stated2, 0)
            _place(out, groups.rows, _split_shares(share, *groups.spans, q=q))
            # what each level-2 share takes from its level-1 weight
            taken = _Sums(key1[groups.first], share, float(top) * len(share), size1)
    if not len(open_idx):
        return out
    groups = _Groups(open_idx, key1, c1 if contiguous else None)
    first = groups.first
    weight = np.where(w1.valid[first], a1[first], p1.take(codes1[first]))
    remaining = weight - stated_sums.at(groups.keys)
    if taken is not None:
        remaining -= taken.at(groups.keys)
    remaining = np.maximum(remaining, 0)
    _place(out, groups.rows, _split_shares(remaining, *groups.spans, q=q))
    return out


def _top(ints: Any) -> int:
    """The largest magnitude of an int64 column."""
    if not len(ints) or (len(ints) > 1 and ints.strides[0] == 0):
        return abs(int(ints[0])) if len(ints) else 0
    return max(int(ints.max()), -int(ints.min()))


def _q(pol: Policy, scale: int) -> int:
    return int(10 ** (scale - pol.decimals))


def _place(out: _Allocation, rows: Any, shares: Any) -> None:
    out.ints[rows] = shares
    out.valid[rows] = True
    out.allocated[rows] = True


class _Groups:
    """``rows`` grouped by ``keys`` (a number per row of the block), each group in reading
    order: ``rows`` sorted group by group; ``keys`` and ``first`` (the group's first row) per
    group; ``spans``: where each group starts among the sorted rows and how many it has.

    With ``codes`` (the rows' level codes, documents contiguous) a stable radix sort by level
    is enough: a document's rows of one level then follow each other."""

    __slots__ = ("first", "keys", "rows", "spans")

    def __init__(self, rows: Any, keys: Any, codes: Any) -> None:
        if codes is not None and int(codes.max(initial=0)) < 127:
            self.rows = rows[np.argsort(codes.astype(np.int8), kind="stable")]
        else:
            self.rows = rows[np.argsort(keys[rows], kind="stable")]
        sorted_keys = keys[self.rows]
        size = len(sorted_keys)
        change = np.empty(size, dtype=bool)
        change[:1] = True
        np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=change[1:])
        starts = np.flatnonzero(change)
        self.keys = sorted_keys[starts]
        self.first = self.rows[starts]
        counts = np.empty(len(starts), dtype=np.int64)
        counts[:-1] = starts[1:] - starts[:-1]
        counts[-1:] = size - starts[-1:]
        self.spans = (starts, counts)


class _Sums:
    """Exact sums of ``values`` by ``keys`` (numbers in 0 … ``size`` - 1); ``bound`` bounds
    every sum."""

    def __init__(self, keys: Any, values: Any, bound: float, size: int) -> None:
        self.sums: Any = None
        if size <= 8 * len(keys) + 1024:
            if bound < 2.0**53:  # exact in floats
                self.sums = np.bincount(keys, weights=values, minlength=size).astype(np.int64)
            else:
                self.sums = np.zeros(size, dtype=np.int64)
                np.add.at(self.sums, keys, values)
        else:  # sparse keys: numbered by sorting them
            self.keys, inverse = np.unique(keys, return_inverse=True)
            self.values = np.zeros(len(self.keys), dtype=np.int64)
            np.add.at(self.values, inverse, values)

    def at(self, keys: Any) -> Any:
        if self.sums is not None:
            return self.sums[keys]
        place = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return np.where(self.keys[place] == keys, self.values[place], 0)


def _split_shares(total: Any, starts: Any, count: Any, q: int) -> Any:
    """allocate_points() for every group at once: ``total`` per group split into ``count``
    shares at the quantum ``q``, the rounding remainder one quantum each to the first rows,
    what is left below a quantum to the last. The groups' rows follow each other from
    ``starts``; returns each row's share."""
    base = total // (count * q) * q
    remainder = total - base * count
    quanta = remainder // q
    share = np.repeat(base, count)
    size = len(share)
    if quanta.any():  # the first rows of a group get one quantum more
        share += q * (np.arange(size) < np.repeat(starts + quanta, count))
    last_bit = remainder - quanta * q
    if last_bit.any():
        share[starts + count - 1] += last_bit
    return share


def _allocate_decimal(
    block: _Block,
    pol: Policy,
    doc: Any,
    level1: tuple[Any, list[Any], Fixed],
    reference: Any,
    rows: Any,
    out: _Allocation,
) -> None:
    """evaluate()'s allocation in ``Decimal`` for the given rows (whole documents)."""
    from .scoring.evaluate import allocate_points

    codes1, names1, _ = level1
    points = block.cells("max_points", rows)
    level1_weight = block.cells("level1_weight", rows)
    level2_weight = block.cells("level2_weight", rows)
    level2 = block.cells("level2", rows, numbers=False)
    zero = Decimal(0)
    by_document: dict[int, list[int]] = {}
    for j, i in enumerate(rows.tolist()):
        if reference is None or not reference[i]:
            by_document.setdefault(int(doc[i]), []).append(j)
    for members in by_document.values():
        by_level1: dict[int, list[int]] = {}
        for j in members:
            by_level1.setdefault(int(codes1[rows[j]]), []).append(j)
        level2_weights = {
            level2[j]: level2_weight[j] for j in members if level2_weight[j] is not None
        }
        for code, group in by_level1.items():
            stated = {j: points[j] for j in group if points[j] is not None}
            for j, value in stated.items():
                out.objects[int(rows[j])] = value
            open_members = [j for j in group if j not in stated]
            if not open_members:
                continue
            given = level1_weight[group[0]]
            weight = given if given is not None else pol.weight(names1[code])
            if weight is None:
                out.unweighted[rows[open_members]] = True
                continue
            remaining = weight - sum(stated.values(), zero)
            split: dict[Any, list[int]] = {}
            for j in open_members:
                name = level2[j] if level2[j] in level2_weights else None
                split.setdefault(name, []).append(j)
            for name, part in split.items():
                if name is None:
                    continue
                done = sum((v for j, v in stated.items() if level2[j] == name), zero)
                share = max(level2_weights[name] - done, zero)
                remaining -= share
                _give(out, rows, part, allocate_points(share, len(part), pol.decimals))
            rest = split.get(None, [])
            _give(out, rows, rest, allocate_points(max(remaining, zero), len(rest), pol.decimals))


def _give(out: _Allocation, rows: Any, part: list[int], shares: tuple[Decimal, ...]) -> None:
    for j, share in zip(part, shares, strict=True):
        i = int(rows[j])
        out.objects[i] = share
        out.allocated[i] = True
        out.valid[i] = True
