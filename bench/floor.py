"""The floor of the frame benchmark: the default rules as one hand-written numpy expression.

It starts from arrays already decoded (codes for the texts, int64 hundredths for the numbers,
actuals already in the target's unit) and does nothing else: no documents, no allocation of
分值, no statuses, no fallbacks, no output frame. It computes the same points as
:func:`perfmodel.frame.score_frame` on rows the default rules score (checked in run.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np

# codes: kind 1 quantitative, 2 qualitative, 3 change; comparator 1 EQ 2 GE 3 LE 4 GT 5 LT;
# band 1 achieved, 2 partial, 3 not achieved. Targets and actuals in millionths, 分值 in
# hundredths, points in hundredths.
_SHARE = np.array([0, 100, 70, 30], dtype=np.int64)


def _half_up(num: Any, den: Any) -> Any:
    q, r = np.divmod(num, den)
    return q + (2 * r >= den)


def floor_points(a: dict[str, Any]) -> Any:
    """Points in hundredths under the central policy (national reverse rule)."""
    t, x, m = a["t"], np.maximum(a["a"], 0), a["m"]
    kind, cmp, band = a["kind"], a["cmp"], a["band"]
    den = np.maximum(t, 1)
    ratio = _half_up(x * m, den)
    reverse = _half_up(np.maximum(2 * t - x, 0) * m, den)
    reached = np.where(cmp == 4, x > t, x >= t)
    below = np.where(cmp == 5, x < t, x <= t)
    short = np.maximum(m - 1, 0)  # a target not met never shows full points: one step below
    positive = np.where(reached, m, np.where(t > 0, np.minimum(ratio, short), 0))
    equality = np.where(t == 0, np.where(x <= 0, m, 0), positive)
    backwards = np.where(below, m, np.where((t > 0) & (x < 2 * t), np.minimum(reverse, short), 0))
    quantitative = np.where(
        cmp == 1, equality, np.where((cmp == 3) | (cmp == 5), backwards, positive)
    )
    shared = _half_up(m * _SHARE[band], 100)
    change = np.where(a["has_amount"], positive, np.where(a["said_same"], m, 0))
    label = np.where(a["label_match"], m, 0)
    return np.where(
        band > 0,
        shared,
        np.where(kind == 1, quantitative, np.where(kind == 3, change, label)),
    )
