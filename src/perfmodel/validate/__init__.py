"""Validation (审核): find the real errors in real forms.

Each check is a small pure function with a stable code (``PM1xx`` budget arithmetic, …), a
severity and a one-line message naming the place. :func:`validate` runs
:data:`DEFAULT_CHECKS` (or your own tuple) and returns :class:`~perfmodel.errors.Diagnostic`
values.

>>> from decimal import Decimal
>>> from perfmodel.model import Budget, Project
>>> p = Project("p", budget=Budget(total=Decimal(10), fiscal=Decimal(6), other=Decimal(3)))
>>> [d.code for d in validate(p)]
['PM101']
"""

from __future__ import annotations

from .core import Check, CheckFunction, Context, Finding, validate
from .registry import DEFAULT_CHECKS

__all__ = ["DEFAULT_CHECKS", "Check", "CheckFunction", "Context", "Finding", "validate"]
