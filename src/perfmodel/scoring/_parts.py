"""Parts of an evaluation that need none of its result classes (private): the 分值 allocated
from the weights, the execution score, diagnostics located in the document.

>>> from decimal import Decimal
>>> shares(Decimal(50), 3)
(Decimal('16.67'), Decimal('16.67'), Decimal('16.66'))
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal
from typing import Any

from ..errors import Diagnostic, Location, Severity
from ..model import Budget, Indicator, Project, Unit
from ..vocab import LEVEL1_EXECUTION, Taxonomy
from ._common import EXACT, fmt
from .execution import ExecutionScore, score_checked_execution, score_execution
from .policy import _QUANTA, Policy

_ZERO = Decimal(0)
_ONE = Decimal(1)
#: Splits of whole weights already made, by the weight's text, count and places (a form's
#: weights and what is left of them are few; cleared when it holds _SPLITS_KEPT of them).
_SPLITS: dict[tuple[str, int, int], tuple[Decimal, ...]] = {}
_SPLITS_KEPT = 4096


def shares(weight: Decimal, count: int, decimals: int = 2) -> tuple[Decimal, ...]:
    """:func:`~perfmodel.scoring.evaluate.allocate_points`.

    >>> shares(Decimal(10), 3, 0)
    (Decimal('4'), Decimal('3'), Decimal('3'))
    """
    if count <= 0:
        return ()
    quantum = _QUANTA[decimals] if 0 <= decimals < len(_QUANTA) else Decimal(1).scaleb(-decimals)
    if (weight.same_quantum(_ONE) or weight.same_quantum(quantum)) and not weight.is_signed():
        # a whole weight or one in the last place (every weight of a form or policy): split in
        # whole units of the last place, the units left over one each to the first shares;
        # exact in any decimal context, so kept for the next document with the same weight
        key = (str(weight), count, decimals)
        split = _SPLITS.get(key)
        if split is None:
            low, left = divmod(int(weight.scaleb(decimals, EXACT)), count)
            share = EXACT.multiply(Decimal(low), quantum)
            split = (EXACT.multiply(Decimal(low + 1), quantum),) * left + (share,) * (count - left)
            if len(_SPLITS) >= _SPLITS_KEPT:
                _SPLITS.clear()
            _SPLITS[key] = split
        return split
    base = EXACT.divide(weight, Decimal(count)).quantize(quantum, ROUND_DOWN)
    shares = [base] * count
    remainder = weight - base * count
    index = 0
    while remainder >= quantum and index < count:
        shares[index] += quantum
        remainder -= quantum
        index += 1
    shares[-1] += remainder
    return tuple(shares)


def level1_weight(doc: Unit | Project, level1: str, policy: Policy) -> Decimal | None:
    """The weight (权重) of a level-1: the form's, else the policy's, else ``None``.

    >>> level1_weight(Project("p"), "产出指标", Policy.central())
    Decimal('50')
    """
    stated = doc.indicators.level1_weights.get(level1)
    return stated if stated is not None else policy.weight(level1)


def allocate(
    doc: Unit | Project,
    indicators: tuple[Indicator, ...],
    entries: list[Any],
    groups: dict[str, list[Any]],
    policy: Policy,
) -> list[str]:
    """分值 of the indicators whose level-1 has some without a stated one: each open entry gets
    ``(points, True)`` allocated from the weights. ``groups`` holds, per level-1, the places of
    its open entries and the sum of its stated 分值. Returns the level-1s with no weight."""
    notes: list[str] = []
    level2_weights = doc.indicators.level2_weights
    decimals = policy.decimals
    for level1, (open_members, stated_sum) in groups.items():
        if not open_members:
            continue
        weight = level1_weight(doc, level1, policy)
        if weight is None:
            notes.append(level1)
            continue
        remaining = weight - stated_sum
        rest = open_members
        if level2_weights:
            by_level2: dict[str | None, list[int]] = {}
            for i in open_members:
                name = indicators[i].level2
                by_level2.setdefault(name if name in level2_weights else None, []).append(i)
            for level2, group in by_level2.items():
                if level2 is None:
                    continue
                stated = sum(
                    (
                        entry[0]
                        for ind, entry in zip(indicators, entries, strict=True)
                        if entry is not None
                        and entry is not REFERENCE_ENTRY
                        and not entry[1]
                        and ind.level1 == level1
                        and ind.level2 == level2
                    ),
                    _ZERO,
                )
                share = level2_weights[level2] - stated
                if share < _ZERO:  # (not max(): it parses keywords at every call)
                    share = _ZERO
                remaining -= share
                for i, points in zip(group, shares(share, len(group), decimals), strict=True):
                    entries[i] = (points, True)
            rest = by_level2.get(None, [])
        if remaining < _ZERO:
            remaining = _ZERO
        for i, points in zip(rest, shares(remaining, len(rest), decimals), strict=True):
            entries[i] = (points, True)
    return notes


#: The entry of a reference row (投入管理指标) among the 分值 of :func:`entries`.
REFERENCE_ENTRY = ("reference",)


def entries(
    doc: Unit | Project,
    indicators: tuple[Indicator, ...],
    policy: Policy,
    taxonomy: Taxonomy,
    diagnostics: list[Diagnostic],
) -> list[Any]:
    """分值 of every indicator: :data:`REFERENCE_ENTRY`, ``(points, allocated)``, or ``None``
    when its level-1 has no weight (a warning for each such level-1 goes to ``diagnostics``).

    >>> from perfmodel.model import Indicator
    >>> from perfmodel.vocab import DEFAULT_TAXONOMY
    >>> ind = Indicator("a", "产出指标", "数量指标")
    >>> entries(Project("p", indicators=[ind]), (ind,), Policy(), DEFAULT_TAXONOMY, [])
    [(Decimal('50.00'), True)]
    """
    found: list[Any] = []
    append = found.append
    # per level-1 (in reading order): the places of the indicators without a stated 分值, and
    # the sum of the stated ones (in reading order, as sum() would add them)
    groups: dict[str, list[Any]] = {}
    reference: dict[str, bool] = {}
    any_open = False
    for index, ind in enumerate(indicators):
        level1 = ind.level1
        group = groups.get(level1)
        if group is None:
            is_reference = reference.get(level1)
            if is_reference is None:
                is_reference = reference[level1] = taxonomy.is_reference(level1)
            if is_reference:
                append(REFERENCE_ENTRY)
                continue
            group = groups[level1] = [[], _ZERO]
        stated = ind.max_points
        if stated is None:
            group[0].append(index)
            any_open = True
            append(None)
        else:
            group[1] += stated
            append((stated, False))
    if not any_open:
        return found
    unweighted = allocate(doc, indicators, found, groups, policy)
    if len(set(map(id, indicators))) != len(indicators):
        # the same Indicator object in several places takes the 分值 of its last place
        last = {id(ind): entry for ind, entry in zip(indicators, found, strict=True)}
        found = [last[id(ind)] for ind in indicators]
    for level1 in unweighted:
        message = f"{level1} 既无分值也无权重（表内与评分口径均未给出），其指标不计分"
        diagnostics.append(located(Severity.WARNING, "SC203", message, doc, None, level1))
    return found


def differences(
    doc: Unit | Project,
    results: Sequence[Any],
    differing: list[tuple[int, Decimal, Decimal]],
    total: Decimal | None,
    diagnostics: list[Diagnostic],
) -> list[tuple[str, Decimal, Decimal, int | None]]:
    """The stated figures (得分 at ``differing`` places of ``results``, 总分) that differ from
    the computed ones, as ``(path, stated, computed, line)``, each with its diagnostic located
    at the first scored indicator on its path.

    >>> differences(Project("p", stated_total=Decimal(90)), [], [], Decimal(91), [])
    [('总分', Decimal('90'), Decimal('91'), None)]
    """
    found: list[tuple[str, Decimal, Decimal, int | None]] = []
    for index, stated, computed in differing:
        ind = results[index].indicator
        path = ind.path
        first = ind
        for r in results[:index]:
            other = r.indicator
            # (scored: an evaluation's results carry a score when scored, and only then)
            if r.score is not None and path.endswith(other.name) and other.path == path:
                first = other
                break
        found.append((path, stated, computed, ind.line))
        message = f"表中得分 {fmt(stated)}，按规则计算为 {fmt(computed)}"
        diagnostics.append(
            located(Severity.WARNING, "SC101", message, doc, first.line, path, str(computed))
        )
    stated_total = doc.stated_total
    if stated_total is not None and total is not None and stated_total != total:
        found.append(("总分", stated_total, total, None))
        message = f"表中总分 {fmt(stated_total)}，按规则计算为 {total}"
        diagnostics.append(located(Severity.WARNING, "SC101", message, doc, None, None, str(total)))
    return found


# ---------------------------------------------------------------------------------------------


def execution(
    budget: Budget, policy: Policy, self_evaluation: bool
) -> tuple[ExecutionScore | None, str | None]:
    """The execution score of an evaluation (``None`` when not scored) and the note saying why
    it is not.

    >>> execution(Budget(adjusted=Decimal(0), executed=Decimal(1)), Policy(), True)
    (None, '全年预算数为 0，预算执行率不计分')
    """
    points = policy.weight(LEVEL1_EXECUTION)
    if points is None or points == 0:
        return None, None
    budgeted = budget.budgeted
    executed = budget.executed
    if executed is not None and budgeted is not None and budgeted > 0:
        if (
            type(executed) is Decimal
            and type(budgeted) is Decimal
            and type(points) is Decimal
            and executed.is_finite()
            and budgeted.is_finite()
            and points.is_finite()
            and executed >= _ZERO
            and points >= _ZERO
        ):  # what score_execution() would check and coerce
            return score_checked_execution(executed, budgeted, points, policy), None
        return score_execution(executed, budgeted, points, policy=policy), None
    if budget.executed is not None and budgeted is not None:
        return None, "全年预算数为 0，预算执行率不计分"
    if not self_evaluation:
        return None, None
    if policy.missing_actual == "not_applicable":
        return None, "未填写全年执行数，预算执行率不适用"
    zero = policy.quantize(_ZERO)
    text = "未填写全年执行数或全年预算数，预算执行率不得分"
    return ExecutionScore(None, zero, points, text, _ZERO, budget.executed, budgeted), None


def locate(diag: Diagnostic, doc: Unit | Project, indicator: Indicator | None) -> Diagnostic:
    """``diag`` located in ``doc``: its file and form, the indicator's line and path.

    >>> from perfmodel.errors import Severity
    >>> d = locate(Diagnostic(Severity.INFO, "SC201", "x"), Project("p"), None)
    >>> d.location.form
    'p'
    """
    field = diag.location.field
    line = indicator.line if indicator is not None else None
    if line is None and field == "budget":
        line = doc.budget.line
    if indicator is not None:
        field = indicator.path
    return located(diag.severity, diag.code, diag.message, doc, line, field, diag.expected)


def located(
    severity: Severity,
    code: str,
    message: str,
    doc: Unit | Project,
    line: int | None,
    field: str | None,
    expected: str | None = None,
) -> Diagnostic:
    """A diagnostic located in ``doc`` at ``line`` (else the document's own line) and
    ``field``: what :func:`locate` gives, built once.

    >>> from perfmodel.errors import Severity
    >>> located(Severity.INFO, "SC201", "x", Project("p"), 3, "budget").location
    Location(file=None, line=3, form='p', field='budget')
    """
    source = doc.source
    if source is None:
        file = None
    else:
        file = source.file
        if line is None:
            line = source.line
    return Diagnostic(severity, code, message, Location(file, line, doc.name, field), expected)
