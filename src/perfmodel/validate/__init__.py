"""Validation (审核): find the real errors in real forms.

Each check is a small pure function with a stable code, a severity and a one-line message naming
the place: PM1xx budget arithmetic (:mod:`.budget`), PM2xx weights and points (:mod:`.weights`),
PM3xx the indicator tree (:mod:`.structure`), PM4xx targets and actuals (:mod:`.targets`), PM5xx
goals against the table (:mod:`.consistency`), PM6xx dates (:mod:`.dates`). :func:`validate`
runs :data:`DEFAULT_CHECKS` (or your own tuple, minus the codes you disable) and returns
:class:`~perfmodel.errors.Diagnostic` values; docs/validation.md lists every code.

``perfmodel.validate`` is also the name of the function at the top of the package: import this
package's modules with ``from perfmodel.validate import budget`` (not ``import
perfmodel.validate.budget as ...``).

>>> from decimal import Decimal
>>> from perfmodel.model import Budget, Project
>>> p = Project("p", budget=Budget(total=Decimal(10), fiscal=Decimal(6), other=Decimal(3)))
>>> [d.code for d in validate(p, disable=["PM3"])]
['PM101', 'PM108']
"""

from __future__ import annotations

from .core import Check, CheckFunction, Context, Finding, validate
from .registry import DEFAULT_CHECKS

__all__ = ["DEFAULT_CHECKS", "Check", "CheckFunction", "Context", "Finding", "validate"]
