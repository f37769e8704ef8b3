"""PM6xx — dates: the plan's start and end (计划开始/完成日期) against each other, the form's
year and the goal period (项目总目标 (2022年-2027年)).

An annual form plans one year. Dates outside that year are fine only when the project states a
multi-year goal period that covers them.

>>> import datetime as dt
>>> from perfmodel.model import Project
>>> p = Project("p", year=2025, start=dt.date(2025, 12, 31), end=dt.date(2025, 1, 1))
>>> [f.expected for f in start_before_end(p, Context())]
['≤ 2025-01-01']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..errors import Severity
from ..model import Project
from .core import Check, Context, Document, Finding

__all__ = ["CHECKS", "goal_period", "start_before_end", "within_year"]


def start_before_end(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM601 the planned start (计划开始日期) is not after the planned end (计划完成日期).

    >>> from perfmodel.model import Project
    >>> list(start_before_end(Project("p", start="2025-01-01", end="2025-12-31"), Context()))
    []
    """
    if not isinstance(doc, Project) or doc.start is None or doc.end is None:
        return
    if doc.start > doc.end:
        yield Finding(
            f"计划开始日期 {doc.start.isoformat()} is after 计划完成日期 {doc.end.isoformat()}",
            field="start",
            expected=f"≤ {doc.end.isoformat()}",
        )


def _covered(date: dt.date, doc: Project) -> bool:
    if doc.year is not None and date.year == doc.year:
        return True
    period = doc.goal_period
    if period is None or period[0] == period[1]:
        return False
    return period[0] <= date.year <= period[1]


def within_year(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM602 the planned dates lie in the form's year, or in a multi-year goal period.

    >>> from perfmodel.model import Project
    >>> p = Project("p", year=2025, start="2024-07-01", end="2025-06-30")
    >>> [f.message for f in within_year(p, Context())]
    ['计划开始日期 2024-07-01 lies outside the 2025 form and no multi-year goal period covers it']
    >>> p = Project("p", year=2025, start="2024-07-01", end="2025-06-30", goal_period=(2024, 2026))
    >>> list(within_year(p, Context()))
    []
    """
    if not isinstance(doc, Project) or doc.year is None:
        return
    for field, label, date in (
        ("start", "计划开始日期", doc.start),
        ("end", "计划完成日期", doc.end),
    ):
        if date is not None and not _covered(date, doc):
            yield Finding(
                f"{label} {date.isoformat()} lies outside the {doc.year} form and no multi-year "
                "goal period covers it",
                field=field,
                expected=str(doc.year),
            )


def goal_period(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM603 the goal period (项目总目标 (first年-last年)) includes the form's year.

    >>> from perfmodel.model import Project
    >>> p = Project("p", year=2025, goal_period=(2022, 2024))
    >>> [f.message for f in goal_period(p, Context())]
    ['项目总目标 period 2022–2024 does not include the form year 2025']
    """
    if not isinstance(doc, Project) or doc.year is None or doc.goal_period is None:
        return
    first, last = doc.goal_period
    if not first <= doc.year <= last:
        yield Finding(
            f"项目总目标 period {first}–{last} does not include the form year {doc.year}",
            field="goal_period",
            expected=f"a period containing {doc.year}",
        )


#: The date checks, in code order.
CHECKS: tuple[Check, ...] = (
    Check("PM601", Severity.ERROR, "计划开始日期 ≤ 计划完成日期", start_before_end),
    Check("PM602", Severity.WARNING, "dates within the form's year or goal period", within_year),
    Check("PM603", Severity.ERROR, "the goal period includes the form's year", goal_period),
)
