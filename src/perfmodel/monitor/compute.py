"""绩效运行监控 ("双监控"): budget execution and indicator progress against the time elapsed.

:func:`monitor` takes a declared document (a :class:`~perfmodel.model.Project` or
:class:`~perfmodel.model.Unit`) and a :class:`~perfmodel.monitor.progress.ProgressReport` and
returns a :class:`MonitoringResult`:

- the **period** monitored: the project's 计划开始/完成日期 (``MonitoringPolicy.period ==
  "planned"``), else the budget year ``doc.year`` (else the as-of date's year), 1 January to
  31 December;
- the **budget** execution is measured against: ``ProgressReport.budgeted`` when given; for a
  period of several years the project's total funds (项目资金总额, ``Budget.total``), since the
  executed amount is then cumulative since the start; otherwise the year's budget — the adjusted
  budget (调整后预算), else the annual request (年度资金申请总额), else the initial budget, else
  the total;
- **execution**: executed ÷ budget against the curve's expected share (序时进度), the gap, the
  status under the monitoring policy's thresholds, and the projected execution at the end of the
  period: executed ÷ expected share, never more than the budget and never less than what is
  already executed;
- every **indicator** judged by :func:`~perfmodel.monitor.indicators.assess_indicator`;
- which items need a deviation explanation (偏差原因) and corrective action (纠偏措施), and which
  of those the report leaves unexplained;
- a **forecast** of the self-evaluation (:func:`perfmodel.scoring.evaluate`) on a copy of the
  document whose indicators carry the projected actuals and whose budget carries the projected
  execution, under the scoring policy with ``missing_actual="not_applicable"``: indicators without
  a projection are left out and the total rescaled (listed in ``MonitoringResult.unprojected``).

Two policies, kept apart on purpose: ``policy`` (:class:`~perfmodel.scoring.policy.Policy`) is
the year-end scoring rule and is used only for the forecast; ``monitoring``
(:class:`~perfmodel.monitor.policy.MonitoringPolicy`) holds the curves and alert thresholds. Places
choose the two independently (a province may adopt the central scoring rules but its own
序时进度 and 预警 thresholds), each serializes on its own with its own sources, and the scoring
policy stays unchanged by monitoring concerns.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from perfmodel.model import Budget, Indicator, Project
>>> from perfmodel.targets import parse_target
>>> from .progress import ProgressReport
>>> doc = Project("示例", year=2025, budget=Budget(total=Decimal(1000)), indicators=[
...     Indicator("数量", "产出指标", "数量指标", parse_target("≥100个"))])
>>> r = monitor(doc, ProgressReport("2025-06-30", executed="300", indicators={"数量": "50个"}))
>>> r.execution.expected.quantize(Decimal("0.0001")), r.execution.share, r.status.label
(Decimal('0.4959'), Decimal('0.3'), '滞后')
>>> r.indicators[0].status.label, str(r.indicators[0].projected), r.forecast.total
('正常', '100.83个', Decimal('93.42'))
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from ..errors import Diagnostic, Location, Severity
from ..model import Budget, FormKind, Indicator, Project, Unit
from ..scoring import Evaluation, Policy, evaluate
from ..vocab import normalize_label
from ._text import money, pct, points, quantize
from .curves import ExpectedCurve
from .indicators import IndicatorMonitor, assess_indicator
from .policy import MonitoringPolicy, TrackStatus
from .progress import IndicatorProgress, ProgressReport

__all__ = ["ExecutionProgress", "MonitoringResult", "budget_base", "monitor", "period_of"]

_ZERO = Decimal(0)
_EXECUTION = "预算执行"


@attrs.frozen(slots=True)
class ExecutionProgress:
    """预算执行进度: executed to date against the budget and the expected share (序时进度).

    Shares are fractions; ``gap`` = ``share`` − ``expected`` (negative: behind); ``shortfall`` is
    the policy's measure of the lag; ``projected`` the execution expected by the end of the
    period if the pace holds; figures are ``None`` when the amounts are missing.

    >>> e = ExecutionProgress(Decimal(100), Decimal(30), Decimal("0.5"))
    >>> e.expected_amount, e.projected_share
    (Decimal('50.0'), None)
    """

    budgeted: Decimal | None
    executed: Decimal | None
    expected: Decimal
    share: Decimal | None = None
    gap: Decimal | None = None
    shortfall: Decimal | None = None
    status: TrackStatus | None = None
    projected: Decimal | None = None
    needs_explanation: bool = False
    explained: bool = False
    explanation: str = ""

    @property
    def expected_amount(self) -> Decimal | None:
        """The amount expected to be executed by the as-of date (budget × expected share).

        >>> ExecutionProgress(None, None, Decimal("0.5")).expected_amount is None
        True
        """
        return None if self.budgeted is None else self.budgeted * self.expected

    @property
    def projected_share(self) -> Decimal | None:
        """The projected execution rate at the end of the period.

        >>> e = ExecutionProgress(Decimal(200), None, Decimal(1), projected=Decimal(150))
        >>> e.projected_share
        Decimal('0.75')
        """
        if self.projected is None or not self.budgeted:
            return None
        return self.projected / self.budgeted


@attrs.frozen(slots=True, repr=False)
class MonitoringResult:
    """绩效运行监控结果: execution and indicator progress by ``as_of`` in ``start``–``end``.

    ``elapsed`` is the share of the period's days gone by (for reference); ``status`` the
    project's status (its execution status); ``forecast`` the self-evaluation expected if current
    trends hold (``None`` when nothing can be projected) and ``forecast_document`` the copy it
    scored; ``unmatched`` the report's keys that match no indicator.

    >>> from .progress import ProgressReport
    >>> r = monitor(Project("p", year=2025), ProgressReport("2025-03-31"))
    >>> r, r.status is None, r.forecast is None
    (MonitoringResult('p', as_of=2025-03-31, status=None, 0 indicators), True, True)
    """

    name: str
    form: FormKind
    year: int | None
    as_of: dt.date
    start: dt.date
    end: dt.date
    elapsed: Decimal
    monitoring: MonitoringPolicy
    execution: ExecutionProgress
    indicators: tuple[IndicatorMonitor, ...]
    forecast: Evaluation | None = None
    forecast_document: Unit | Project | None = None
    unmatched: tuple[str, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def status(self) -> TrackStatus | None:
        """The project's (or unit's) status: its budget execution status.

        >>> from .progress import ProgressReport
        >>> monitor(Project("p", year=2025), ProgressReport("2025-03-31")).status is None
        True
        """
        return self.execution.status

    def _paths(self, *statuses: TrackStatus) -> tuple[str, ...]:
        return tuple(m.path for m in self.indicators if m.status in statuses)

    @property
    def behind(self) -> tuple[str, ...]:
        """Paths of the indicators behind or far behind.

        >>> from .progress import ProgressReport
        >>> monitor(Project("p", year=2025), ProgressReport("2025-03-31")).behind
        ()
        """
        return self._paths(TrackStatus.BEHIND, TrackStatus.FAR_BEHIND)

    @property
    def needs_explanation(self) -> tuple[str, ...]:
        """What needs 偏差原因 and 纠偏措施: ``"预算执行"`` for execution, then indicator paths.

        >>> from .progress import ProgressReport
        >>> monitor(Project("p", year=2025), ProgressReport("2025-03-31")).needs_explanation
        ()
        """
        head = (_EXECUTION,) if self.execution.needs_explanation else ()
        return head + tuple(m.path for m in self.indicators if m.needs_explanation)

    @property
    def missing_explanation(self) -> tuple[str, ...]:
        """Those of :attr:`needs_explanation` the report does not explain (原因 and 措施).

        >>> from .progress import ProgressReport
        >>> monitor(Project("p", year=2025), ProgressReport("2025-03-31")).missing_explanation
        ()
        """
        head = (
            (_EXECUTION,)
            if self.execution.needs_explanation and not self.execution.explained
            else ()
        )
        return head + tuple(
            m.path for m in self.indicators if m.needs_explanation and not m.explained
        )

    @property
    def unreported(self) -> tuple[str, ...]:
        """Paths of the indicators the report says nothing about.

        >>> from .progress import ProgressReport
        >>> monitor(Project("p", year=2025), ProgressReport("2025-03-31")).unreported
        ()
        """
        return tuple(m.path for m in self.indicators if m.progress is None)

    @property
    def unprojected(self) -> tuple[str, ...]:
        """Paths of the indicators left out of the forecast (nothing to project).

        >>> from .progress import ProgressReport
        >>> monitor(Project("p", year=2025), ProgressReport("2025-03-31")).unprojected
        ()
        """
        return tuple(m.path for m in self.indicators if m.forecast_actual is None)

    def __repr__(self) -> str:
        status = "None" if self.status is None else self.status.value
        return (
            f"MonitoringResult({self.name!r}, as_of={self.as_of}, status={status}, "
            f"{len(self.indicators)} indicators)"
        )

    def _repr_html_(self) -> str:
        """Notebook display: the monitoring report (status, execution, indicators, forecast)."""
        from ..report.notebook import monitoring_result_html

        return monitoring_result_html(self)


def _where(doc: Unit | Project, field: str | None, line: int | None = None) -> Location:
    file = None if doc.source is None else doc.source.file
    if line is None and doc.source is not None:
        line = doc.source.line
    return Location(file=file, line=line, form=doc.name, field=field)


def period_of(
    doc: Unit | Project, as_of: dt.date, monitoring: MonitoringPolicy | None = None
) -> tuple[dt.date, dt.date, tuple[Diagnostic, ...]]:
    """The period monitored (see the module rules) and diagnostics about how it was chosen.

    >>> import datetime as dt
    >>> period_of(Project("p", start="2024-03-01", end="2026-02-28"), dt.date(2025, 1, 1))[:2]
    (datetime.date(2024, 3, 1), datetime.date(2026, 2, 28))
    >>> start, end, diags = period_of(Unit("u"), dt.date(2025, 5, 1))
    >>> start, end, diags[0].code
    (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), 'MN202')
    """
    pol = monitoring or MonitoringPolicy()
    diags: list[Diagnostic] = []
    if pol.period == "planned" and isinstance(doc, Project):
        if doc.start is not None and doc.end is not None:
            if doc.start <= doc.end:
                return doc.start, doc.end, ()
            diags.append(
                Diagnostic(
                    Severity.WARNING,
                    "MN203",
                    f"计划开始日期 {doc.start} 晚于完成日期 {doc.end}，按预算年度监控",
                    _where(doc, "start"),
                    expected="start ≤ end",
                )
            )
        else:
            diags.append(
                Diagnostic(
                    Severity.INFO,
                    "MN202",
                    "计划开始或完成日期未填写，按预算年度监控",
                    _where(doc, "start"),
                )
            )
    year = doc.year
    if year is None:
        year = as_of.year
        diags.append(
            Diagnostic(
                Severity.INFO,
                "MN202",
                f"预算年度未填写，按监控日所在年度 {year} 年监控",
                _where(doc, "year"),
            )
        )
    return dt.date(year, 1, 1), dt.date(year, 12, 31), tuple(diags)


def budget_base(
    budget: Budget, start: dt.date, end: dt.date, override: Decimal | None = None
) -> Decimal | None:
    """The budget execution is measured against (see the module rules), or ``None``.

    >>> import datetime as dt
    >>> b = Budget(total=Decimal(500), annual_total=Decimal(100))
    >>> budget_base(b, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    Decimal('100')
    >>> budget_base(b, dt.date(2024, 1, 1), dt.date(2026, 12, 31))
    Decimal('500')
    """
    if override is not None:
        return override
    if start.year != end.year and budget.total is not None:
        return budget.total
    for value in (budget.adjusted, budget.annual_total, budget.initial, budget.total):
        if value is not None:
            return value
    return None


def _execution(
    doc: Unit | Project,
    progress: ProgressReport,
    pol: MonitoringPolicy,
    start: dt.date,
    end: dt.date,
    diags: list[Diagnostic],
) -> ExecutionProgress:
    expected = pol.curve.expected_share(start, end, progress.as_of)
    base = budget_base(doc.budget, start, end, progress.budgeted)
    executed = progress.executed
    explained = progress.reason is not None and progress.action is not None
    result = ExecutionProgress(base, executed, expected, explained=explained)
    if executed is None:
        diags.append(
            Diagnostic(
                Severity.INFO, "MN205", "未填报累计执行数，执行进度未评价", _where(doc, "executed")
            )
        )
        return attrs.evolve(result, explanation=f"序时进度 {pct(expected)}；未填报累计执行数")
    if base is None or base == 0:
        what = "预算数为 0" if base == 0 else "未找到预算数"
        diags.append(
            Diagnostic(Severity.WARNING, "MN201", f"{what}，执行率无法计算", _where(doc, "budget"))
        )
        return attrs.evolve(result, explanation=f"{what}，执行率无法计算")
    share = executed / base
    status, short = pol.status_of(share, expected)
    projected = None
    if expected > 0:
        projected = max(executed, min(quantize(executed / expected), max(base, executed)))
    unit = "个百分点" if pol.measure == "points" else "%"
    lag = (
        f"低于序时进度 {points(short)}{unit}"
        if short > 0
        else f"不低于序时进度（超前 {points(-short)}{unit}）"
    )
    text = (
        f"累计执行 {money(executed)} / 预算 {money(base)} = {pct(share)}；"
        f"序时进度 {pct(expected)}；"
        f"{lag}；{status.label}"
    )
    if projected is not None:
        text += f"；预计期末执行 {money(projected)}（{pct(projected / base)}）"
    return attrs.evolve(
        result,
        share=share,
        gap=share - expected,
        shortfall=short,
        status=status,
        projected=projected,
        needs_explanation=pol.needs_explanation(status),
        explanation=text,
    )


def _match(
    doc: Unit | Project, progress: ProgressReport, diags: list[Diagnostic]
) -> tuple[dict[int, IndicatorProgress], tuple[str, ...]]:
    by_path: dict[str, int] = {}
    by_name: dict[str, list[int]] = {}
    for n, ind in enumerate(doc.indicators):
        by_path.setdefault(normalize_label(ind.path), n)
        by_name.setdefault(normalize_label(ind.name), []).append(n)
    matched: dict[int, IndicatorProgress] = {}
    unmatched: list[str] = []
    for item in progress.indicators:
        key = normalize_label(item.key)
        found = [by_path[key]] if key in by_path else by_name.get(key, [])
        if len(found) == 1 and found[0] not in matched:
            matched[found[0]] = item
            continue
        unmatched.append(item.key)
        if len(found) > 1:
            message = (
                f"填报的指标“{item.key}”与 {len(found)} 个指标同名，请写明路径（一级/二级/三级）"
            )
            code = "MN102"
        elif found:
            message = f"指标“{item.key}”重复填报"
            code = "MN102"
        else:
            message = f"填报的指标“{item.key}”在文档中找不到"
            code = "MN101"
        diags.append(Diagnostic(Severity.WARNING, code, message, _where(doc, item.key)))
    return matched, tuple(unmatched)


def _forecast(
    doc: Unit | Project,
    execution: ExecutionProgress,
    results: list[IndicatorMonitor],
    policy: Policy | None,
) -> tuple[Evaluation | None, Unit | Project | None]:
    if all(m.forecast_actual is None for m in results):
        return None, None
    indicators: list[Indicator] = []
    for m in results:
        reason = None
        if m.progress is not None and m.progress.explained:
            reason = f"{m.progress.reason}；{m.progress.action}"
        indicators.append(
            attrs.evolve(
                m.indicator, actual=m.forecast_actual, points=None, deviation_reason=reason
            )
        )
    budget = attrs.evolve(
        doc.budget,
        adjusted=execution.budgeted,
        executed=execution.projected,
        stated_rate=None,
        basic_executed=None,
        basic_stated_rate=None,
        project_executed=None,
        project_stated_rate=None,
    )
    copy = attrs.evolve(
        doc,
        indicators=doc.indicators.replace(indicators),
        budget=budget,
        stated_total=None,
    )
    scoring = attrs.evolve(policy or Policy.central(), missing_actual="not_applicable")
    return evaluate(copy, policy=scoring), copy


def monitor(
    doc: Unit | Project,
    progress: ProgressReport,
    *,
    policy: Policy | None = None,
    monitoring: MonitoringPolicy | None = None,
) -> MonitoringResult:
    """绩效运行监控: execution and indicator progress by the report's as-of date (module rules).

    ``policy`` is the scoring policy used for the forecast (central by default); ``monitoring``
    the curves and thresholds (:class:`MonitoringPolicy`, linear by default).

    >>> from perfmodel.model import Budget, Project
    >>> from .progress import ProgressReport
    >>> doc = Project("p", start="2025-01-01", end="2025-12-31",
    ...               budget=Budget(annual_total=Decimal(400)))
    >>> r = monitor(doc, ProgressReport("2025-09-30", executed=150),
    ...             monitoring=MonitoringPolicy.standard_step())
    >>> r.execution.expected, r.execution.share, r.execution.shortfall, r.status.label
    (Decimal('0.75'), Decimal('0.375'), Decimal('37.500'), '严重滞后')
    >>> r.execution.projected, r.needs_explanation, r.missing_explanation
    (Decimal('200.00'), ('预算执行',), ('预算执行',))
    """
    pol = monitoring or MonitoringPolicy()
    start, end, period_diags = period_of(doc, progress.as_of, pol)
    diags = list(period_diags)
    if progress.as_of < start or progress.as_of > end:
        where = "早于计划开始日" if progress.as_of < start else "晚于计划完成日"
        diags.append(
            Diagnostic(
                Severity.INFO,
                "MN204",
                f"监控日 {progress.as_of} {where}（{start} 至 {end}）",
                _where(doc, "as_of"),
            )
        )
    execution = _execution(doc, progress, pol, start, end, diags)
    matched, unmatched = _match(doc, progress, diags)
    results: list[IndicatorMonitor] = []
    for n, ind in enumerate(doc.indicators):
        assessed = assess_indicator(ind, matched.get(n), pol, start, end, progress.as_of)
        if assessed.basis == "incomparable":
            diags.append(
                Diagnostic(
                    Severity.WARNING,
                    "MN103",
                    f"完成值与目标的计量单位无法比较：{assessed.explanation}",
                    _where(doc, ind.path, ind.line),
                )
            )
        results.append(assessed)
    forecast, copy = _forecast(doc, execution, results, policy)
    elapsed = ExpectedCurve.linear().expected_share(start, end, progress.as_of)
    return MonitoringResult(
        name=doc.name,
        form=doc.form,
        year=doc.year,
        as_of=progress.as_of,
        start=start,
        end=end,
        elapsed=elapsed,
        monitoring=pol,
        execution=execution,
        indicators=tuple(results),
        forecast=forecast,
        forecast_document=copy,
        unmatched=unmatched,
        diagnostics=tuple(diags),
    )
