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
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from .._build import builder
from .._lazy import Lazy
from ..errors import Diagnostic, Severity
from ..model import FormKind, Indicator, Project, Unit
from ..numbers import check_count, check_year
from ..targets import Actual, Target
from ..vocab import DEFAULT_TAXONOMY, NOT_APPLICABLE_WORDS, Taxonomy
from . import _parts
from ._common import EXACT, fmt
from .execution import (
    ExecutionScore,
    RateCheck,
    check_rates,
)
from .indicator import (
    DIAGNOSTICS,
    NEEDS_REASON,
    POINTS,
    Grade,
    IndicatorScore,
    ScoreParts,
    _as_actual,
    _as_target,
    _new_score,
    grade,
    score_parts,
)
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
    line: int | None = attrs.field(default=None, validator=check_count)

    @property
    def delta(self) -> Decimal:
        """computed − stated.

        >>> PointsDifference("总分", Decimal(90), Decimal(91)).delta
        Decimal('1')
        """
        return self.computed - self.stated


@attrs.frozen(slots=True, repr=False)
class Evaluation(Lazy):
    """绩效自评结果: the evaluation of one document under one policy.

    ``points`` is the sum of the rounded figures (execution + indicators) out of
    ``max_points`` available; ``total`` is the total out of ``policy.full_marks`` (rescaled when
    ``scaled``), ``grade`` its grade; both are ``None`` when nothing could be scored.
    ``needs_reason`` lists the paths of indicators that need a deviation reason (偏差原因分析及
    改进措施) but have none; ``missing`` those with no actual in a self-evaluation;
    ``differences`` the stated figures that disagree with the computed ones; ``rate_checks`` the
    stated execution rates next to what the amounts give.

    :func:`evaluate` computes every figure at once but builds the per-indicator results, the
    subtotals and the findings when one of them is first read, so that scoring many documents
    for their totals and grades makes no object per indicator; they are ordinary fields all the
    same (equality, hashing, copying, pickling and JSON read them).

    >>> from perfmodel.model import Project
    >>> ev = evaluate(Project("申报项目"))
    >>> ev.total is None, ev.complete, ev
    (True, True, Evaluation('申报项目', total=None, grade=None, 0 indicators))
    """

    name: str
    form: FormKind
    year: int | None = attrs.field(validator=check_year)
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

    # An evaluation built by evaluate() keeps the figures it computed (points, total, grade,
    # execution) and writes its results, subtotals, explanation, the paths of the indicators
    # that need a reason or miss an actual, its differences, diagnostics and rate checks when
    # one of them is first read (see perfmodel._lazy), from the parts in _pending (see
    # _Pending): scoring many documents for their totals builds no object per indicator.
    _lazy_fields: ClassVar[tuple[str, ...]] = (
        "indicators",
        "level1",
        "level2",
        "explanation",
        "needs_reason",
        "missing",
        "differences",
        "diagnostics",
        "rate_checks",
    )

    def _write_lazy(self, pending: _Pending) -> tuple[Any, ...]:
        # (only _pending and the fields set by the builder: a lazy field read here would come
        # back to this method)
        doc, records, reasons, missing, differing, located = pending
        results = tuple(
            [
                _new_result(
                    ind, status, m, allocated, None if parts is None else _new_score(*parts), note
                )
                for ind, status, m, allocated, parts, note in records
            ]
        )
        policy = self.policy
        level2_weights = doc.indicators.level2_weights
        sums1, sums2 = _sums(records)
        diagnostics = list(located)  # (a copy: threads may race to write, see perfmodel._lazy)
        found = _parts.differences(doc, results, differing, self.total, diagnostics)
        return (
            results,
            tuple(
                [
                    _new_subtotal(name, None, p, m, _parts.level1_weight(doc, name, policy))
                    for name, (p, m) in sums1.items()
                ]
            ),
            tuple(
                [
                    _new_subtotal(l1, l2, p, m, level2_weights.get(l2))
                    for (l1, l2), (p, m) in sums2.items()
                ]
            ),
            self._explain(results),
            tuple([ind.path for ind in reasons]),
            tuple([ind.path for ind in missing]),
            tuple([_new_difference(*difference) for difference in found]),
            tuple(diagnostics),
            check_rates(doc.budget),
        )

    def _explain(self, results: tuple[IndicatorResult, ...]) -> str:
        total = self.total
        if total is None:
            if self.execution is None and not any(r.status is _SCORED for r in results):
                return "尚无实际完成值，未评分"
            return "可评分值为 0，未评分"
        if self.scaled:
            points, available, full = self.points, self.max_points, self.policy.full_marks
            return f"得分 {fmt(points)} / 可评分值 {fmt(available)} × {fmt(full)} = {total}"
        return f"总分 = 各项得分之和 = {total}"

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


#: What an indicator's result is built from: the indicator, its status, 分值, whether that was
#: allocated, the parts of its score (see ScoreParts; ``None`` unless scored) and its note.
_Record = tuple[Indicator, "IndicatorStatus", Decimal | None, bool, ScoreParts | None, str]

#: What an evaluation's lazy fields are written from when first read: the document, a record
#: per indicator, the indicators that need a reason and those that miss an actual, the stated
#: points that differ (place in the results, stated, computed), the diagnostics found while
#: scoring.
_Pending = tuple[
    Project | Unit,
    list[_Record],
    list[Indicator],
    list[Indicator],
    list[tuple[int, Decimal, Decimal]],
    list[Diagnostic],
]

# Members as constants for the loop (a class attribute lookup on an Enum is slow in Python 3.11).
_SCORED = IndicatorStatus.SCORED
_NOT_APPLICABLE_STATUS = IndicatorStatus.NOT_APPLICABLE
_PENDING = IndicatorStatus.PENDING
_REFERENCE = IndicatorStatus.REFERENCE
_UNWEIGHTED = IndicatorStatus.UNWEIGHTED


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
    return _parts.shares(weight, count, decimals)


# Evaluation
# ---------------------------------------------------------------------------------------------


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
    indicators = doc.indicators.indicators
    pol.check_taxonomy(taxonomy)
    self_evaluation = doc.form.is_self_evaluation or any(i.actual is not None for i in indicators)
    execution, execution_note = _parts.execution(doc.budget, pol, self_evaluation)
    diagnostics: list[Diagnostic] = []
    if execution_note is not None:
        line = doc.budget.line
        diagnostics.append(
            _parts.located(Severity.INFO, "SC201", execution_note, doc, line, "budget")
        )
    entries = _parts.entries(doc, indicators, pol, taxonomy, diagnostics)
    missing_as_not_applicable = pol.missing_actual == "not_applicable"
    records: list[_Record] = []
    append = records.append
    # the points and 分值 scored, added exactly (in any decimal context) in reading order: the
    # subtotals, added up when read, add up to them; the indicators that need a reason, miss an
    # actual or differ
    add = EXACT.add
    points = max_points_sum = _ZERO
    needs_reason: list[Indicator] = []
    missing: list[Indicator] = []
    differing: list[tuple[int, Decimal, Decimal]] = []
    for ind, entry in zip(indicators, entries, strict=True):
        if entry is _REFERENCE_ENTRY:
            append((ind, _REFERENCE, None, False, None, "参考文本"))
            continue
        if entry is None:
            append((ind, _UNWEIGHTED, None, False, None, ""))
            continue
        max_points, allocated = entry
        actual = ind.actual
        stated = ind.points
        if actual is None:
            if stated is None:
                if not self_evaluation:
                    append((ind, _PENDING, max_points, allocated, None, ""))
                    continue
                if missing_as_not_applicable:
                    note = "未填写实际完成值，按不适用处理"
                    append((ind, _NOT_APPLICABLE_STATUS, max_points, allocated, None, note))
                    continue
        elif actual.text.replace(" ", "").strip() in _NOT_APPLICABLE:
            note = f"实际完成值“{actual.text}”：不适用，不计分"
            append((ind, _NOT_APPLICABLE_STATUS, max_points, allocated, None, note))
            continue
        target = ind.target
        # max_points is a checked 分值 (the field's validator, or allocated from the weights) and
        # stated a checked 得分; a target or actual not of the model's own types is coerced as
        # score_indicator() coerces it
        if target is not None and type(target) is not Target:
            target = _as_target(target)
        if actual is not None and type(actual) is not Actual:
            actual = _as_actual(actual)
        parts = score_parts(target, actual, max_points, pol, ind.rule_text, stated)
        found = parts[DIAGNOSTICS]
        if found:
            diagnostics.extend(_parts.locate(d, doc, ind) for d in found)
        p = parts[POINTS]
        points = add(points, p)
        max_points_sum = add(max_points_sum, max_points)
        if parts[NEEDS_REASON] and not ind.deviation_reason:
            needs_reason.append(ind)
        if actual is None:
            missing.append(ind)
        if stated is not None and stated != p:
            differing.append((len(records), stated, p))
        append((ind, _SCORED, max_points, allocated, parts, ""))
    if execution is not None:
        points = add(points, execution.points)
        max_points_sum = add(max_points_sum, execution.max_points)
    total: Decimal | None = None
    scaled = False
    # (else nothing was scored, or nothing was available: the explanation says which)
    if max_points_sum != 0:
        if pol.not_applicable == "rescale" and max_points_sum != pol.full_marks:
            exact = EXACT.divide(EXACT.multiply(points, pol.full_marks), max_points_sum)
            total = pol.quantize(exact)
            scaled = True
        else:
            total = pol.quantize(points)
    # Evaluation(...) without its __init__ (it has no converters or validators), the results,
    # the subtotals, the explanation, the paths, the differences and the diagnostics left to be
    # written when read
    return _new_evaluation(
        doc.name,
        doc.form,
        doc.year,
        pol,
        execution,
        points,
        max_points_sum,
        total,
        None if total is None else grade(total, policy=pol),
        scaled,
        (doc, records, needs_reason, missing, differing, diagnostics),
    )


def _sums(
    records: list[_Record],
) -> tuple[dict[str, list[Decimal]], dict[tuple[str, str], list[Decimal]]]:
    """Points and 分值 scored per level-1 and per level-2 (in the order first met): added per
    level-2, then the level-1s from those, exactly (in any decimal context)."""
    add = EXACT.add
    sums2: dict[tuple[str, str], list[Decimal]] = {}
    for ind, _, max_points, _, parts, _ in records:
        if parts is None or max_points is None:  # (not scored)
            continue
        key = (ind.level1, ind.level2)
        bucket = sums2.get(key)
        if bucket is None:
            sums2[key] = [add(_ZERO, parts[POINTS]), add(_ZERO, max_points)]
        else:
            bucket[0] = add(bucket[0], parts[POINTS])
            bucket[1] = add(bucket[1], max_points)
    sums1: dict[str, list[Decimal]] = {}
    for (level1, _), (p, m) in sums2.items():
        bucket = sums1.get(level1)
        if bucket is None:
            sums1[level1] = [p, m]
        else:
            bucket[0] = add(bucket[0], p)
            bucket[1] = add(bucket[1], m)
    return sums1, sums2


_REFERENCE_ENTRY = _parts.REFERENCE_ENTRY
# IndicatorResult(...) without its __init__, one per indicator (it has no converters or
# validators; see perfmodel._build)


def _build_result(
    self: Any,
    indicator: Indicator,
    status: IndicatorStatus,
    max_points: Decimal | None,
    allocated: bool,
    score: IndicatorScore | None,
    note: str,
) -> None:
    self.indicator = indicator
    self.status = status
    self.max_points = max_points
    self.allocated = allocated
    self.score = score
    self.note = note
    self.__class__ = IndicatorResult


_new_result = builder(_build_result, IndicatorResult)


def _build_difference(
    self: Any, path: str, stated: Decimal, computed: Decimal, line: int | None
) -> None:
    self.path = path
    self.stated = stated
    self.computed = computed
    self.line = line
    self.__class__ = PointsDifference


_new_difference = builder(_build_difference, PointsDifference)


def _build_subtotal(
    self: Any,
    level1: str,
    level2: str | None,
    points: Decimal,
    max_points: Decimal,
    weight: Decimal | None,
) -> None:
    self.level1 = level1
    self.level2 = level2
    self.points = points
    self.max_points = max_points
    self.weight = weight
    self.__class__ = Subtotal


_new_subtotal = builder(_build_subtotal, Subtotal)


def _build_evaluation(
    self: Any,
    name: str,
    form: FormKind,
    year: int | None,
    policy: Policy,
    execution: ExecutionScore | None,
    points: Decimal,
    max_points: Decimal,
    total: Decimal | None,
    grade: Grade | None,
    scaled: bool,
    _pending: _Pending,
) -> None:
    self.name = name
    self.form = form
    self.year = year
    self.policy = policy
    self.execution = execution
    self.points = points
    self.max_points = max_points
    self.total = total
    self.grade = grade
    self.scaled = scaled
    self._pending = _pending
    self.__class__ = Evaluation


_new_evaluation = builder(_build_evaluation, Evaluation)
