"""perfmodel — China's budget performance management (预算绩效管理) as typed data and exact numbers.

Read the published forms, validate them, and score self-evaluations under explicit policies:

>>> import perfmodel
>>> t = perfmodel.parse_target("≥90.00(%)")
>>> t.is_met(perfmodel.parse_actual("92%"))
True
>>> p = perfmodel.Project("p", indicators=[perfmodel.Indicator("a", "产出指标", "数量指标", t)])
>>> [d.code for d in perfmodel.validate(p)]
['PM304', 'PM304']

The flow reads from the package: ``read`` → ``model`` → ``validate`` → ``scoring`` →
``report``/``serialize``. Everything listed in ``__all__`` is importable from here.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pint

    from .errors import (
        ConstructionError,
        Diagnostic,
        InputLimitError,
        Location,
        PerfModelError,
        PolicyError,
        ReadError,
        ReportError,
        ScoringError,
        SerializationError,
        Severity,
        TargetSyntaxError,
        UnitError,
    )
    from .model import Budget, Document, FormKind, Indicator, IndicatorTree, KeyTask, Project, Unit
    from .money import parse_money
    from .monitor import (
        ExpectedCurve,
        IndicatorProgress,
        MonitoringPolicy,
        MonitoringResult,
        ProgressReport,
        TrackStatus,
        YearComparison,
        compare_years,
        monitor,
    )
    from .read import Limits, ReadResult, read_forms
    from .scoring import (
        Evaluation,
        ExecutionScore,
        Grade,
        IndicatorResult,
        IndicatorScore,
        IndicatorStatus,
        Policy,
        Subtotal,
        execution_rate,
        grade,
        score_execution,
        score_indicator,
    )
    from .scoring.evaluate import evaluate  # the function (scoring also has a module so named)
    from .serialize import (
        from_dict,
        from_json,
        json_schema,
        make_converter,
        to_dict,
        to_json,
        write_xlsx,
    )
    from .targets import (
        Actual,
        Band,
        Comparator,
        Direction,
        Target,
        TargetKind,
        compose_target,
        parse_actual,
        parse_target,
    )
    from .units import get_registry
    from .validate import DEFAULT_CHECKS, Check, Finding, validate
    from .vocab import DEFAULT_TAXONOMY, Taxonomy

    ureg: pint.UnitRegistry[Any]

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_CHECKS",
    "DEFAULT_TAXONOMY",
    "Actual",
    "Band",
    "Budget",
    "Check",
    "Comparator",
    "ConstructionError",
    "Diagnostic",
    "Direction",
    "Document",
    "Evaluation",
    "ExecutionScore",
    "ExpectedCurve",
    "Finding",
    "FormKind",
    "Grade",
    "Indicator",
    "IndicatorProgress",
    "IndicatorResult",
    "IndicatorScore",
    "IndicatorStatus",
    "IndicatorTree",
    "InputLimitError",
    "KeyTask",
    "Limits",
    "Location",
    "MonitoringPolicy",
    "MonitoringResult",
    "PerfModelError",
    "Policy",
    "PolicyError",
    "ProgressReport",
    "Project",
    "ReadError",
    "ReadResult",
    "ReportError",
    "ScoringError",
    "SerializationError",
    "Severity",
    "Subtotal",
    "Target",
    "TargetKind",
    "TargetSyntaxError",
    "Taxonomy",
    "TrackStatus",
    "Unit",
    "UnitError",
    "YearComparison",
    "__version__",
    "compare_years",
    "compose_target",
    "evaluate",
    "execution_rate",
    "from_dict",
    "from_json",
    "get_registry",
    "grade",
    "json_schema",
    "make_converter",
    "monitor",
    "parse_actual",
    "parse_money",
    "parse_target",
    "read_forms",
    "score_execution",
    "score_indicator",
    "to_dict",
    "to_json",
    "ureg",
    "validate",
    "write_xlsx",
]

# Every public name is imported from its home module on first access (PEP 562), so
# ``import perfmodel`` costs about a millisecond and loads neither pint nor the attrs classes of
# the reading, scoring and validation stages until they are used. ``from perfmodel import X`` and
# ``perfmodel.X`` work for every name of ``__all__`` (tests/test_lazy_import.py checks them all).
_HOMES: dict[str, str] = {
    "ConstructionError": ".errors",
    "Diagnostic": ".errors",
    "InputLimitError": ".errors",
    "Location": ".errors",
    "PerfModelError": ".errors",
    "PolicyError": ".errors",
    "ReadError": ".errors",
    "ReportError": ".errors",
    "ScoringError": ".errors",
    "SerializationError": ".errors",
    "Severity": ".errors",
    "TargetSyntaxError": ".errors",
    "UnitError": ".errors",
    "Budget": ".model",
    "Document": ".model",
    "FormKind": ".model",
    "Indicator": ".model",
    "IndicatorTree": ".model",
    "KeyTask": ".model",
    "Project": ".model",
    "Unit": ".model",
    "parse_money": ".money",
    "ExpectedCurve": ".monitor",
    "IndicatorProgress": ".monitor",
    "MonitoringPolicy": ".monitor",
    "MonitoringResult": ".monitor",
    "ProgressReport": ".monitor",
    "TrackStatus": ".monitor",
    "YearComparison": ".monitor",
    "compare_years": ".monitor",
    "monitor": ".monitor",
    "Limits": ".read",
    "ReadResult": ".read",
    "read_forms": ".read",
    "Evaluation": ".scoring",
    "ExecutionScore": ".scoring",
    "Grade": ".scoring",
    "IndicatorResult": ".scoring",
    "IndicatorScore": ".scoring",
    "IndicatorStatus": ".scoring",
    "Policy": ".scoring",
    "Subtotal": ".scoring",
    "evaluate": ".scoring",
    "execution_rate": ".scoring",
    "grade": ".scoring",
    "score_execution": ".scoring",
    "score_indicator": ".scoring",
    "from_dict": ".serialize",
    "from_json": ".serialize",
    "json_schema": ".serialize",
    "make_converter": ".serialize",
    "to_dict": ".serialize",
    "to_json": ".serialize",
    "write_xlsx": ".serialize",
    "Actual": ".targets",
    "Band": ".targets",
    "Comparator": ".targets",
    "Direction": ".targets",
    "Target": ".targets",
    "TargetKind": ".targets",
    "compose_target": ".targets",
    "parse_actual": ".targets",
    "parse_target": ".targets",
    "get_registry": ".units",
    "Check": ".validate",
    "DEFAULT_CHECKS": ".validate",
    "Finding": ".validate",
    "validate": ".validate",
    "DEFAULT_TAXONOMY": ".vocab",
    "Taxonomy": ".vocab",
}


def __getattr__(name: str) -> Any:
    """Lazy attributes: a public name is imported from its module on first access;
    ``perfmodel.ureg`` builds the unit registry."""
    if name == "ureg":
        from .units import get_registry

        return get_registry()
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'perfmodel' has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """The package module, keeping the functions ``validate`` and ``monitor`` under their names
    when their subpackages ``perfmodel.validate`` and ``perfmodel.monitor`` are first imported
    (the import system would otherwise set the subpackage as the package's attribute)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _HOMES.get(name) == f".{name}":
            return  # the subpackage stays in sys.modules; the name serves the function
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
