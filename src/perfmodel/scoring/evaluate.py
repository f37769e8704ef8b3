"""Evaluating a document (绩效自评): execution, every indicator, subtotals, total and grade.

:func:`evaluate` scores a :class:`~perfmodel.model.Project` or :class:`~perfmodel.model.Unit`
that carries actuals (实际完成值) under a :class:`~perfmodel.scoring.policy.Policy`:

- 预算执行率: 全年执行数 / 全年预算数 × its points (10 by default);
- every indicator with its rule, out of its 分值 — stated on the form, or else allocated from
  the level-1 weight (权重, stated on the form or the policy's): what is left of the weight after
  the stated points is split equally, in the policy's decimals, the rounding remainder going to
  the first indicators so that the parts add up to the weight exactly;
- subtotals per level-1 and level-2, the total (rescaled to 100 when indicators do not apply
  or the form's weights do not add up to 100, under ``policy.not_applicable == "rescale"``),
  the grade, the indicators that need a deviation reason but have none, and every difference
  between the points stated on the form (得分) and the computed ones.

A declaration (申报表) has no actuals yet: its indicators are *pending*, and an evaluation with
nothing to score has ``total`` and ``grade`` ``None`` — blank is not zero.

>>> from decimal import Decimal
>>> from perfmodel.model import Budget, Indicator, Project
>>> from perfmodel.targets import parse_actual, parse_target
>>> ind = Indicator("绿化养护面积", "产出指标", "数量指标", parse_target("≥43.2万平方米"),
...                 actual=parse_actual("37.24万平方米"), max_points=Decimal(50))
>>> sat = Indicator("满意度", "满意度指标", "服务对象满意度指标", parse_target("≥90%"),
...                 actual=parse_actual("95%"))
>>> doc = Project("示例", budget=Budget(adjusted=Decimal(100), executed=Decimal("86.19")),
...               indicators=[ind, sat])
>>> ev = evaluate(doc)
>>> ev.execution.points, ev.indicators[0].points, ev.indicators[1].max_points
(Decimal('8.62'), Decimal('43.10'), Decimal('10.00'))
>>> ev.points, ev.max_points, ev.total, ev.grade.label
(Decimal('61.72'), Decimal('70.00'), Decimal('88.17'), '良')
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal

import attrs

from ..errors import Diagnostic, Location, Severity
from ..model import Budget, FormKind, Indicator, Project, Unit
from ..vocab import DEFAULT_TAXONOMY, LEVEL1_EXECUTION, NOT_APPLICABLE_WORDS, Taxonomy
from ._common import EXACT, fmt
from .execution import ExecutionScore, RateCheck, check_rates, score_execution
from .indicator import Grade, IndicatorScore, grade, score_indicator
from .policy import Policy

__all__ = [
    "Evaluation",
    "IndicatorResult",
    "IndicatorStatus",
    "PointsDifference",
    "Subtotal",
    "allocate_points",
    "evaluate",
]

_ZERO = Decimal(0)
_NOT_APPLICABLE = frozenset(w.replace(" ", "") for w in NOT_APPLICABLE_WORDS)


class IndicatorStatus(enum.Enum):
    """How an indicator took part in an evaluation.

    ``scored`` (评分); ``not_applicable`` (不适用: dropped, the total rescaled); ``pending``
    (待评: a declaration, no actual yet); ``reference`` (a reference text such as the
    投入管理指标 rows, not a target); ``unweighted`` (neither 分值 nor a level-1 weight).

    >>> IndicatorStatus("pending")
    <IndicatorStatus.PENDING: 'pending'>
    """

    SCORED = "scored"
    NOT_APPLICABLE = "not_applicable"
    PENDING = "pending"
    REFERENCE = "reference"
    UNWEIGHTED = "unweighted"


@attrs.frozen(slots=True)
class IndicatorResult:
    """One indicator in an :class:`Evaluation`: its status, the 分值 used and its score.

    ``allocated`` says the 分值 was not on the form but allocated from the level-1 weight.

    >>> from perfmodel.model import Indicator
    >>> r = IndicatorResult(Indicator("a", "产出指标", "数量指标"), IndicatorStatus.PENDING, None)
    >>> r.points is None, r.path
    (True, '产出指标/数量指标/a')
    """

    indicator: Indicator
    status: IndicatorStatus
    max_points: Decimal | None
    allocated: bool = False
    score: IndicatorScore | None = None
    note: str = ""

    @property
    def points(self) -> Decimal | None:
        """The points awarded (``None`` unless scored).

        >>> from perfmodel.model import Indicator
        >>> IndicatorResult(Indicator("a", "产出指标", "数量指标"),
        ...                 IndicatorStatus.REFERENCE, None).points is None
        True
        """
        return None if self.score is None else self.score.points

    @property
    def path(self) -> str:
        """``level1/level2/name`` of the indicator.

        >>> from perfmodel.model import Indicator
        >>> IndicatorResult(Indicator("a", "产出指标", "数量指标"),
        ...                 IndicatorStatus.PENDING, None).path
        '产出指标/数量指标/a'
        """
        return self.indicator.path


@attrs.frozen(slots=True)
class Subtotal:
    """小计: points and points available of a level-1 (``level2`` is ``None``) or a level-2.

    ``weight`` is the weight (权重) stated on the form, else the policy's, else ``None``.

    >>> Subtotal("产出指标", None, Decimal(45), Decimal(50), Decimal(50)).share
    Decimal('0.9')
    """

    level1: str
    level2: str | None
    points: Decimal
    max_points: Decimal
    weight: Decimal | None = None

    @property
    def share(self) -> Decimal | None:
        """Points as a fraction of the points available (``None`` when none are available).

        >>> Subtotal("产出指标", None, Decimal(0), Decimal(0)).share is None
        True
        """
        if self.max_points == 0:
            return None
        return EXACT.divide(self.points, self.max_points)

    @property
    def name(self) -> str:
        """The level-2 name for a level-2 subtotal, else the level-1 name.

        >>> Subtotal("产出指标", "数量指标", Decimal(1), Decimal(2)).name
        '数量指标'
        """
        return self.level2 or self.level1


@attrs.frozen(slots=True)
class PointsDifference:
    """A figure stated on the form (得分, 总分) that differs from the computed one.

    >>> PointsDifference("产出指标/数量指标/a", Decimal(5), Decimal("4.5"), 12).delta
    Decimal('-0.5')
    """

    path: str
    stated: Decimal
    computed: Decimal
    line: int | None = None

    @property
    def delta(self) -> Decimal:
        """computed − stated.

        >>> PointsDifference("总分", Decimal(90), Decimal(91)).delta
        Decimal('1')
        """
        return self.computed - self.stated


@attrs.frozen(slots=True, repr=False)
class Evaluation:
    """绩效自评结果: the evaluation of one document under one policy.

    ``points`` is the sum of the rounded figures (execution + indicators) out of
    ``max_points`` available; ``total`` is the total out of ``policy.full_marks`` (rescaled when
    ``scaled``), ``grade`` its grade; both are ``None`` when nothing could be scored.
    ``needs_reason`` lists the paths of indicators that need a deviation reason (偏差原因分析及
    改进措施) but have none; ``missing`` those with no actual in a self-evaluation;
    ``differences`` the stated figures that disagree with the computed ones; ``rate_checks`` the
    stated execution rates next to what the amounts give.

    >>> from perfmodel.model import Project
    >>> ev = evaluate(Project("申报项目"))
    >>> ev.total is None, ev.complete, ev
    (True, True, Evaluation('申报项目', total=None, grade=None, 0 indicators))
    """

    name: str
    form: FormKind
    year: int | None
    policy: Policy
    execution: ExecutionScore | None
    indicators: tuple[IndicatorResult, ...]
    level1: tuple[Subtotal, ...]
    level2: tuple[Subtotal, ...]
    points: Decimal
    max_points: Decimal
    total: Decimal | None
    grade: Grade | None
    scaled: bool
    explanation: str
    needs_reason: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    differences: tuple[PointsDifference, ...] = ()
    rate_checks: tuple[RateCheck, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def complete(self) -> bool:
        """True when no indicator is still pending (待评).

        >>> evaluate(Project("p")).complete
        True
        """
        return all(r.status is not IndicatorStatus.PENDING for r in self.indicators)

    @property
    def scored(self) -> tuple[IndicatorResult, ...]:
        """The indicators that were scored.

        >>> evaluate(Project("p")).scored
        ()
        """
        return tuple(r for r in self.indicators if r.status is IndicatorStatus.SCORED)

    def subtotal(self, level1: str, level2: str | None = None) -> Subtotal | None:
        """The subtotal of a level-1 (or of one of its level-2s), or ``None``.

        >>> evaluate(Project("p")).subtotal("产出指标") is None
        True
        """
        pool = self.level1 if level2 is None else self.level2
        return next(
            (s for s in pool if s.level1 == level1 and (level2 is None or s.level2 == level2)),
            None,
        )

    def __repr__(self) -> str:
        total = "None" if self.total is None else str(self.total)
        label = "None" if self.grade is None else self.grade.label
        return (
            f"Evaluation({self.name!r}, total={total}, grade={label}, "
            f"{len(self.indicators)} indicators)"
        )

    def _repr_html_(self) -> str:
        """Notebook display: total, grade, subtotals and every indicator's explanation."""
        from ..report.notebook import evaluation_html

        return evaluation_html(self)


# ---------------------------------------------------------------------------------------------
# Allocation of points (分值)
# ---------------------------------------------------------------------------------------------


def allocate_points(weight: Decimal, count: int, decimals: int = 2) -> tuple[Decimal, ...]:
    """Split ``weight`` into ``count`` equal shares at ``decimals`` places that add up exactly.

    The rounding remainder goes, one unit of the last place each, to the first shares.

    >>> allocate_points(Decimal(50), 3)
    (Decimal('16.67'), Decimal('16.67'), Decimal('16.66'))
    >>> sum(allocate_points(Decimal(10), 7, 0))
    Decimal('10')
    """
    if count <= 0:
        return ()
    quantum = Decimal(1).scaleb(-decimals)
    base = EXACT.divide(weight, Decimal(count)).quantize(quantum, rounding=ROUND_DOWN)
    shares = [base] * count
    remainder = weight - base * count
    index = 0
    while remainder >= quantum and index < count:
        shares[index] += quantum
        remainder -= quantum
        index += 1
    shares[-1] += remainder
    return tuple(shares)


def _is_not_applicable(indicator: Indicator) -> bool:
    if indicator.actual is None:
        return False
    return indicator.actual.text.replace(" ", "").strip() in _NOT_APPLICABLE


def _level1_weight(doc: Unit | Project, level1: str, policy: Policy) -> Decimal | None:
    stated = doc.indicators.level1_weights.get(level1)
    return stated if stated is not None else policy.weight(level1)


def _allocate(
    doc: Unit | Project, scorable: list[Indicator], policy: Policy
) -> tuple[dict[int, tuple[Decimal, bool]], list[str]]:
    """分值 of every scorable indicator (by position): stated, or allocated from the weights."""
    out: dict[int, tuple[Decimal, bool]] = {}
    notes: list[str] = []
    by_level1: dict[str, list[int]] = {}
    for index, indicator in enumerate(scorable):
        by_level1.setdefault(indicator.level1, []).append(index)
        if indicator.max_points is not None:
            out[index] = (indicator.max_points, False)
    for level1, members in by_level1.items():
        open_members = [i for i in members if i not in out]
        if not open_members:
            continue
        weight = _level1_weight(doc, level1, policy)
        if weight is None:
            notes.append(level1)
            continue
        level2_weights = doc.indicators.level2_weights
        remaining = weight - sum((out[i][0] for i in members if i in out), _ZERO)
        groups: dict[str | None, list[int]] = {}
        for i in open_members:
            key = scorable[i].level2 if scorable[i].level2 in level2_weights else None
            groups.setdefault(key, []).append(i)
        for level2, group in groups.items():
            if level2 is None:
                continue
            stated = sum(
                (out[i][0] for i in members if i in out and scorable[i].level2 == level2), _ZERO
            )
            share = max(level2_weights[level2] - stated, _ZERO)
            remaining -= share
            for i, points in zip(
                group, allocate_points(share, len(group), policy.decimals), strict=True
            ):
                out[i] = (points, True)
        rest = groups.get(None, [])
        remaining = max(remaining, _ZERO)
        for i, points in zip(
            rest, allocate_points(remaining, len(rest), policy.decimals), strict=True
        ):
            out[i] = (points, True)
    return out, notes


# ---------------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------------


def _execution(
    budget: Budget, policy: Policy, self_evaluation: bool
) -> tuple[ExecutionScore | None, str | None]:
    points = policy.weight(LEVEL1_EXECUTION)
    if points is None or points == 0:
        return None, None
    budgeted = budget.budgeted
    if budget.executed is not None and budgeted is not None and budgeted > 0:
        return score_execution(budget.executed, budgeted, points, policy=policy), None
    if budget.executed is not None and budgeted is not None:
        return None, "全年预算数为 0，预算执行率不计分"
    if not self_evaluation:
        return None, None
    if policy.missing_actual == "not_applicable":
        return None, "未填写全年执行数，预算执行率不适用"
    zero = policy.quantize(_ZERO)
    text = "未填写全年执行数或全年预算数，预算执行率不得分"
    return ExecutionScore(None, zero, points, text, _ZERO, budget.executed, budgeted), None


def _locate(diag: Diagnostic, doc: Unit | Project, indicator: Indicator | None) -> Diagnostic:
    file = None if doc.source is None else doc.source.file
    line = indicator.line if indicator is not None else None
    if line is None and diag.location.field == "budget":
        line = doc.budget.line
    if line is None and doc.source is not None:
        line = doc.source.line
    field = indicator.path if indicator is not None else diag.location.field
    where = Location(file=file, line=line, form=doc.name, field=field)
    return Diagnostic(diag.severity, diag.code, diag.message, where, diag.expected)


def _subtotals(
    doc: Unit | Project, results: Iterable[IndicatorResult], policy: Policy
) -> tuple[tuple[Subtotal, ...], tuple[Subtotal, ...]]:
    sums1: dict[str, list[Decimal]] = {}
    sums2: dict[tuple[str, str], list[Decimal]] = {}
    for r in results:
        if r.status is not IndicatorStatus.SCORED or r.score is None:
            continue
        ind = r.indicator
        for bucket in (
            sums1.setdefault(ind.level1, [_ZERO, _ZERO]),
            sums2.setdefault((ind.level1, ind.level2), [_ZERO, _ZERO]),
        ):
            bucket[0] += r.score.points
            bucket[1] += r.score.max_points
    level1 = tuple(
        Subtotal(name, None, p, m, _level1_weight(doc, name, policy))
        for name, (p, m) in sums1.items()
    )
    level2 = tuple(
        Subtotal(l1, l2, p, m, doc.indicators.level2_weights.get(l2))
        for (l1, l2), (p, m) in sums2.items()
    )
    return level1, level2


def evaluate(
    doc: Unit | Project, *, policy: Policy | None = None, taxonomy: Taxonomy = DEFAULT_TAXONOMY
) -> Evaluation:
    """Score a document (绩效自评): execution rate, indicators, subtotals, total and grade.

    Indicators whose actual says they do not apply (不适用, 不涉及, /) are dropped; missing
    actuals in a self-evaluation follow ``policy.missing_actual`` (0 points and listed, by
    default); reference rows (投入管理指标) are not scored. See the module documentation for how
    分值 are allocated and the total is computed.

    >>> from perfmodel.model import Indicator, Unit
    >>> from perfmodel.targets import parse_actual, parse_target
    >>> u = Unit("u", indicators=[Indicator("及时性", "产出指标", "时效指标", parse_target("及时"),
    ...                                     actual=parse_actual("及时"))])
    >>> ev = evaluate(u, policy=Policy(level1_weights={"产出指标": 100}))
    >>> ev.total, ev.grade.label, ev.indicators[0].score.rule
    (Decimal('100.00'), '优', 'qualitative')
    """
    pol = policy or Policy.central()
    indicators = list(doc.indicators)
    self_evaluation = doc.form.is_self_evaluation or any(i.actual is not None for i in indicators)
    execution, execution_note = _execution(doc.budget, pol, self_evaluation)
    diagnostics: list[Diagnostic] = []
    if execution_note is not None:
        diag = Diagnostic(Severity.INFO, "SC201", execution_note, Location(field="budget"))
        diagnostics.append(_locate(diag, doc, None))
    scorable = [i for i in indicators if not taxonomy.is_reference(i.level1)]
    allocation, unweighted = _allocate(doc, scorable, pol)
    for level1 in unweighted:
        message = f"{level1} 既无分值也无权重（表内与评分口径均未给出），其指标不计分"
        diagnostics.append(
            _locate(
                Diagnostic(Severity.WARNING, "SC203", message, Location(field=level1)), doc, None
            )
        )
    results: list[IndicatorResult] = []
    position = {id(ind): n for n, ind in enumerate(scorable)}
    for ind in indicators:
        n = position.get(id(ind))
        if n is None:
            results.append(IndicatorResult(ind, IndicatorStatus.REFERENCE, None, note="参考文本"))
            continue
        if n not in allocation:
            results.append(IndicatorResult(ind, IndicatorStatus.UNWEIGHTED, None))
            continue
        max_points, allocated = allocation[n]
        if _is_not_applicable(ind):
            note = f"实际完成值“{ind.actual.text if ind.actual else ''}”：不适用，不计分"
            results.append(
                IndicatorResult(
                    ind, IndicatorStatus.NOT_APPLICABLE, max_points, allocated, None, note
                )
            )
            continue
        if ind.actual is None and ind.points is None:
            if not self_evaluation:
                results.append(IndicatorResult(ind, IndicatorStatus.PENDING, max_points, allocated))
                continue
            if pol.missing_actual == "not_applicable":
                results.append(
                    IndicatorResult(
                        ind,
                        IndicatorStatus.NOT_APPLICABLE,
                        max_points,
                        allocated,
                        None,
                        "未填写实际完成值，按不适用处理",
                    )
                )
                continue
        score = score_indicator(
            ind.target, ind.actual, max_points, policy=pol, rule=ind.rule_text, given=ind.points
        )
        diagnostics.extend(_locate(d, doc, ind) for d in score.diagnostics)
        results.append(IndicatorResult(ind, IndicatorStatus.SCORED, max_points, allocated, score))
    return _finish(doc, pol, execution, results, diagnostics)


def _finish(
    doc: Unit | Project,
    policy: Policy,
    execution: ExecutionScore | None,
    results: list[IndicatorResult],
    diagnostics: list[Diagnostic],
) -> Evaluation:
    scored = [r for r in results if r.status is IndicatorStatus.SCORED and r.score is not None]
    points = sum((r.score.points for r in scored if r.score), _ZERO)
    max_points = sum((r.score.max_points for r in scored if r.score), _ZERO)
    if execution is not None:
        points += execution.points
        max_points += execution.max_points
    total: Decimal | None = None
    scaled = False
    if not scored and execution is None:
        explanation = "尚无实际完成值，未评分"
    elif max_points == 0:
        explanation = "可评分值为 0，未评分"
    elif policy.not_applicable == "rescale" and max_points != policy.full_marks:
        total = policy.quantize(EXACT.divide(EXACT.multiply(points, policy.full_marks), max_points))
        scaled = True
        explanation = (
            f"得分 {fmt(points)} / 可评分值 {fmt(max_points)} × {fmt(policy.full_marks)} = {total}"
        )
    else:
        total = policy.quantize(points)
        explanation = f"总分 = 各项得分之和 = {total}"
    needs_reason = tuple(
        r.path
        for r in scored
        if r.score is not None and r.score.needs_reason and not r.indicator.deviation_reason
    )
    missing = tuple(r.path for r in scored if r.score and r.score.rule == "missing_actual")
    differences = [
        PointsDifference(r.path, r.indicator.points, r.score.points, r.indicator.line)
        for r in scored
        if r.score is not None
        and r.indicator.points is not None
        and r.indicator.points != r.score.points
    ]
    for diff in differences:
        message = f"表中得分 {fmt(diff.stated)}，按规则计算为 {fmt(diff.computed)}"
        ind = next(r.indicator for r in scored if r.path == diff.path)
        diag = Diagnostic(Severity.WARNING, "SC101", message, expected=str(diff.computed))
        diagnostics.append(_locate(diag, doc, ind))
    if doc.stated_total is not None and total is not None and doc.stated_total != total:
        differences.append(PointsDifference("总分", doc.stated_total, total))
        message = f"表中总分 {fmt(doc.stated_total)}，按规则计算为 {total}"
        diag = Diagnostic(Severity.WARNING, "SC101", message, expected=str(total))
        diagnostics.append(_locate(diag, doc, None))
    level1, level2 = _subtotals(doc, results, policy)
    return Evaluation(
        name=doc.name,
        form=doc.form,
        year=doc.year,
        policy=policy,
        execution=execution,
        indicators=tuple(results),
        level1=level1,
        level2=level2,
        points=points,
        max_points=max_points,
        total=total,
        grade=None if total is None else grade(total, policy=policy),
        scaled=scaled,
        explanation=explanation,
        needs_reason=needs_reason,
        missing=missing,
        differences=tuple(differences),
        rate_checks=check_rates(doc.budget),
        diagnostics=tuple(diagnostics),
    )
