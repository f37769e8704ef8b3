"""In-year monitoring (绩效运行监控, "双监控") and year-over-year comparison (年度对比).

:func:`monitor` compares budget execution and indicator progress with the time elapsed
(序时进度) under a :class:`MonitoringPolicy`, flags what falls behind and needs a deviation
explanation (偏差原因) and corrective action (纠偏措施), and forecasts the self-evaluation if
current trends hold. :func:`compare_years` compares two years of the same unit or project.

>>> from perfmodel.model import Project
>>> r = monitor(Project("p", year=2025), ProgressReport("2025-06-30"))
>>> r.start, r.end
(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
"""

from __future__ import annotations

from .compare import (
    ChangeKind,
    DocumentsComparison,
    IndicatorChange,
    YearComparison,
    compare_documents,
    compare_years,
)
from .compute import ExecutionProgress, MonitoringResult, budget_base, monitor, period_of
from .curves import CURVE_KINDS, ExpectedCurve, Milestone
from .indicators import BASES, IndicatorMonitor, assess_indicator, is_cumulative
from .policy import MONITORING_SOURCES, MonitoringPolicy, TrackStatus
from .progress import IndicatorProgress, ProgressReport

__all__ = [
    "BASES",
    "CURVE_KINDS",
    "MONITORING_SOURCES",
    "ChangeKind",
    "DocumentsComparison",
    "ExecutionProgress",
    "ExpectedCurve",
    "IndicatorChange",
    "IndicatorMonitor",
    "IndicatorProgress",
    "Milestone",
    "MonitoringPolicy",
    "MonitoringResult",
    "ProgressReport",
    "TrackStatus",
    "YearComparison",
    "assess_indicator",
    "budget_base",
    "compare_documents",
    "compare_years",
    "is_cumulative",
    "monitor",
    "period_of",
]
