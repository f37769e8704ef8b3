"""Scoring (绩效自评评分): policies, execution rate, indicator rules, evaluation and grades.

>>> from decimal import Decimal
>>> score_execution(Decimal("8619"), Decimal("10000")).points
Decimal('8.62')
"""

from __future__ import annotations

from .execution import ExecutionScore, RateCheck, check_rates, execution_rate, score_execution
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
    "ExecutionScore",
    "Judgement",
    "Outcome",
    "Policy",
    "Positive",
    "Proportional",
    "Qualitative",
    "QualitativeBand",
    "RateCheck",
    "Reverse",
    "Rule",
    "StepDeduction",
    "check_rates",
    "default_rule",
    "execution_rate",
    "parse_rule_text",
    "score_execution",
]
