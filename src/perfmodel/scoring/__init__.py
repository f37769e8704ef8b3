"""Scoring (绩效自评评分): policies, execution rate, indicator rules, evaluation and grades.

:class:`Policy` holds every number of the rules; :func:`score_execution` scores 预算执行率,
:func:`score_indicator` one indicator, :func:`evaluate` a whole document, :func:`grade` a total.

>>> from decimal import Decimal
>>> score_execution(Decimal("8619"), Decimal("10000")).points
Decimal('8.62')
>>> score_indicator("≤10", "15", 10).points, grade(Decimal("59.99")).label
(Decimal('5.00'), '差')
"""

from __future__ import annotations

from .evaluate import (
    Evaluation,
    IndicatorResult,
    IndicatorStatus,
    PointsDifference,
    Subtotal,
    allocate_points,
    evaluate,
)
from .execution import ExecutionScore, RateCheck, check_rates, execution_rate, score_execution
from .indicator import Grade, IndicatorScore, grade, resolve_rule, score_indicator
from .policy import CENTRAL_SOURCES, Policy, QualitativeBand
from .rules import (
    Change,
    Equality,
    Outcome,
    Positive,
    Qualitative,
    Reverse,
    Rule,
    default_rule,
)
from .written import (
    AllOrNothing,
    DeviationBand,
    DeviationBands,
    Judgement,
    Proportional,
    StepDeduction,
    parse_rule_text,
)

__all__ = [
    "CENTRAL_SOURCES",
    "AllOrNothing",
    "Change",
    "DeviationBand",
    "DeviationBands",
    "Equality",
    "Evaluation",
    "ExecutionScore",
    "Grade",
    "IndicatorResult",
    "IndicatorScore",
    "IndicatorStatus",
    "Judgement",
    "Outcome",
    "PointsDifference",
    "Policy",
    "Positive",
    "Proportional",
    "Qualitative",
    "QualitativeBand",
    "RateCheck",
    "Reverse",
    "Rule",
    "StepDeduction",
    "Subtotal",
    "allocate_points",
    "check_rates",
    "default_rule",
    "evaluate",
    "execution_rate",
    "grade",
    "parse_rule_text",
    "resolve_rule",
    "score_execution",
    "score_indicator",
]
