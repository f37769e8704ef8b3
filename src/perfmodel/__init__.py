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

from typing import TYPE_CHECKING, Any

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
    evaluate,
    execution_rate,
    grade,
    score_execution,
    score_indicator,
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

if TYPE_CHECKING:
    import pint

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


#: Names served lazily from :mod:`perfmodel.serialize` (so ``import perfmodel`` stays light).
_SERIALIZE = frozenset(
    {"from_dict", "from_json", "json_schema", "make_converter", "to_dict", "to_json", "write_xlsx"}
)


def __getattr__(name: str) -> Any:
    """Lazy attributes: ``perfmodel.ureg`` builds the unit registry on first access; the
    serializers (``to_json`` …) are imported on first access."""
    if name == "ureg":
        return get_registry()
    if name in _SERIALIZE:
        from . import serialize

        return getattr(serialize, name)
    raise AttributeError(f"module 'perfmodel' has no attribute {name!r}")


if TYPE_CHECKING:
    ureg: pint.UnitRegistry[Any]
    from .serialize import (
        from_dict,
        from_json,
        json_schema,
        make_converter,
        to_dict,
        to_json,
        write_xlsx,
    )
