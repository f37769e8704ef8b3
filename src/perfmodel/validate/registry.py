"""The default checks, in code order (:data:`DEFAULT_CHECKS`).

PM1xx budget arithmetic, PM2xx weights and points, PM3xx structure, PM4xx targets, PM5xx prose
against table, PM6xx dates (docs/validation.md lists them all).

>>> [c.code for c in DEFAULT_CHECKS][:2]
['PM101', 'PM102']
>>> len({c.code for c in DEFAULT_CHECKS}) == len(DEFAULT_CHECKS)
True
"""

from __future__ import annotations

from . import budget, consistency, dates, structure, targets, weights
from .core import Check

__all__ = ["DEFAULT_CHECKS"]

#: Every check :func:`perfmodel.validate.validate` runs by default, in code order.
DEFAULT_CHECKS: tuple[Check, ...] = (
    *budget.CHECKS,
    *weights.CHECKS,
    *structure.CHECKS,
    *targets.CHECKS,
    *consistency.CHECKS,
    *dates.CHECKS,
)
