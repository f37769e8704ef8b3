"""The default checks, in code order (:data:`DEFAULT_CHECKS`).

>>> [c.code for c in DEFAULT_CHECKS][:2]
['PM101', 'PM102']
"""

from __future__ import annotations

from . import budget
from .core import Check

__all__ = ["DEFAULT_CHECKS"]

#: Every check :func:`perfmodel.validate.validate` runs by default, in code order.
DEFAULT_CHECKS: tuple[Check, ...] = (*budget.CHECKS,)
