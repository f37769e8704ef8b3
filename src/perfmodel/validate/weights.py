"""PM2xx — weights and points: 权重 and 分值 add up as the form claims; 得分 never exceeds 分值.

A weighted table (绩效自评) gives each level-1 a weight (权重, ``IndicatorTree.level1_weights``)
and each indicator its points available (分值, ``Indicator.max_points``); an evaluation also
gives the points awarded (得分, ``Indicator.points``). Weights come from the form; the policy
(:class:`perfmodel.scoring.policy.Policy`, by default the central one) supplies the points of
the execution rate (预算执行率, 10) and the full marks (100).

**When is a form complete?** Its level-1 weights plus the execution-rate points must make the
full marks only when the table claims the whole score: every level-1 with indicators carries
a weight, and — for unit forms — the reference level-1 of the taxonomy (投入管理指标 in
Shanghai, whose level-2s include 预算执行管理) is weighted too. Seed 001 (a 2023 unit
self-evaluation) weights 产出指标 25, 效益指标 35 and 满意度指标 10 = 70 and prints no
投入管理指标 block: the other 30 points belong to the part of Shanghai's unit framework the
report's table leaves out, so its total is not checked (its level-1 sums are, see PM201). The
execution-rate points are added only when the form neither states 预算执行率 itself nor weights
a reference level-1 (which holds budget execution).

>>> from decimal import Decimal
>>> from perfmodel.model import Indicator, IndicatorTree, Unit
>>> i = Indicator("a", "产出指标", "数量指标", max_points=Decimal(3), points=Decimal(4))
>>> [f.expected for f in points_within(Unit("u", indicators=[i]), Context())]
['≤ 3']
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from ..errors import Severity
from ..model import Indicator, Unit
from ..vocab import LEVEL1_EXECUTION, normalize_label
from .core import Check, Context, Document, Finding, as_decimal, iter_indicators, policy_value

if TYPE_CHECKING:
    from ..scoring.policy import Policy

__all__ = [
    "CHECKS",
    "blank_points",
    "level_sums",
    "points_within",
    "total_weight",
]


def _fmt(value: Decimal) -> str:
    """A weight or points without trailing zeros ("25.00" → "25").

    >>> _fmt(Decimal("25.00")), _fmt(Decimal("2.50"))
    ('25', '2.5')
    """
    return f"{value.normalize():f}"


def _central() -> Policy:
    from ..scoring.policy import Policy

    return Policy.central()


def _execution_points(ctx: Context) -> Decimal:
    weights = policy_value(ctx.policy, "level1_weights")
    if isinstance(weights, dict) and LEVEL1_EXECUTION in weights:
        value = as_decimal(weights[LEVEL1_EXECUTION])
        if value is not None:
            return value
    return _central().weight(LEVEL1_EXECUTION) or Decimal(0)


def _full_marks(ctx: Context) -> Decimal:
    value = as_decimal(policy_value(ctx.policy, "full_marks"))
    return value if value is not None else _central().full_marks


def _by_level1(doc: Document, ctx: Context) -> dict[str, list[Indicator]]:
    groups: dict[str, list[Indicator]] = {}
    for indicator in iter_indicators(doc, ctx):
        groups.setdefault(normalize_label(indicator.level1), []).append(indicator)
    return groups


def _weights(doc: Document) -> dict[str, Decimal]:
    return {normalize_label(k): v for k, v in doc.indicators.level1_weights.items()}


def _points_sum(indicators: Sequence[Indicator]) -> Decimal:
    return sum((i.max_points for i in indicators if i.max_points is not None), Decimal(0))


def _count(indicators: Sequence[Indicator]) -> str:
    return f"{len(indicators)} indicator" + ("" if len(indicators) == 1 else "s")


def _names(indicators: Sequence[Indicator]) -> str:
    return "、".join(i.name for i in indicators)


def _level1_mismatch(doc: Document, ctx: Context, level1: str) -> bool:
    """Whether PM201 reports the level-1 (its 分值 do not add up to its weight)."""
    weight = _weights(doc).get(level1)
    indicators = _by_level1(doc, ctx).get(level1, [])
    if weight is None or all(i.max_points is None for i in indicators):
        return False
    return _points_sum(indicators) != weight


def level_sums(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM201 the 分值 of a level-1's (or level-2's) indicators add up to its 权重, and level-2
    weights add up to their level-1's weight.

    A level-1 whose indicators carry no 分值 at all is not compared (nothing is claimed). Blank
    分值 count as missing, never as 0: the message names them.

    >>> from perfmodel.model import IndicatorTree
    >>> a = Indicator("a", "效益指标", "社会效益指标", max_points=Decimal(5))
    >>> b = Indicator("b", "效益指标", "社会效益指标")
    >>> u = Unit("u", indicators=IndicatorTree([a, b], level1_weights={"效益指标": 10}))
    >>> [f.message for f in level_sums(u, Context())]
    ['效益指标 权重 10, but the 分值 of its 2 indicators add up to 5 (1 without 分值: b)']
    """
    groups = _by_level1(doc, ctx)
    for level1, weight in _weights(doc).items():
        indicators = groups.get(level1, [])
        if not indicators or not _level1_mismatch(doc, ctx, level1):
            continue
        total = _points_sum(indicators)
        blanks = [i for i in indicators if i.max_points is None]
        note = f" ({len(blanks)} without 分值: {_names(blanks)})" if blanks else ""
        yield Finding(
            f"{level1} 权重 {_fmt(weight)}, but the 分值 of its {_count(indicators)} "
            f"add up to {_fmt(total)}{note}",
            field=f"indicators.level1_weights.{level1}",
            expected=_fmt(weight),
            line=indicators[0].line,
        )
    yield from _level2_sums(doc, ctx, groups)


def _level2_sums(
    doc: Document, ctx: Context, groups: dict[str, list[Indicator]]
) -> Iterator[Finding]:
    level2_weights = {normalize_label(k): v for k, v in doc.indicators.level2_weights.items()}
    if not level2_weights:
        return
    for level1, indicators in groups.items():
        level2s = list(dict.fromkeys(normalize_label(i.level2) for i in indicators))
        for level2 in level2s:
            weight = level2_weights.get(level2)
            under = [i for i in indicators if normalize_label(i.level2) == level2]
            if weight is None or all(i.max_points is None for i in under):
                continue
            total = _points_sum(under)
            if total != weight:
                yield Finding(
                    f"{level2} 权重 {_fmt(weight)}, but the 分值 of its {_count(under)} "
                    f"add up to {_fmt(total)}",
                    field=f"indicators.level2_weights.{level2}",
                    expected=_fmt(weight),
                    line=under[0].line,
                )
        level1_weight = _weights(doc).get(level1)
        if level1_weight is None or any(l2 not in level2_weights for l2 in level2s):
            continue
        total = sum((level2_weights[l2] for l2 in level2s), Decimal(0))
        if total != level1_weight:
            yield Finding(
                f"{level1} 权重 {_fmt(level1_weight)}, but the weights of its level-2s "
                f"({'、'.join(level2s)}) add up to {_fmt(total)}",
                field=f"indicators.level1_weights.{level1}",
                expected=_fmt(level1_weight),
                line=indicators[0].line,
            )


def total_weight(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM202 a complete form's level-1 weights (+ 预算执行率) make the full marks (100).

    See the module docstring for what "complete" means.

    >>> from perfmodel.model import IndicatorTree, Project
    >>> inds = [Indicator("a", "产出指标", "数量指标"), Indicator("b", "效益指标", "社会效益指标")]
    >>> t = IndicatorTree(inds, level1_weights={"产出指标": 50, "效益指标": 30})
    >>> [f.message for f in total_weight(Project("p", indicators=t), Context())]
    ['level-1 权重 50 + 30 + 预算执行率 10 = 90, not the full 100']
    """
    weights = _weights(doc)
    if not weights:
        return
    unweighted = [level1 for level1 in _by_level1(doc, ctx) if level1 not in weights]
    if unweighted:
        return
    reference = [name for name in ctx.taxonomy.level1_names if ctx.taxonomy.is_reference(name)]
    weighted_reference = [name for name in reference if name in weights]
    if isinstance(doc, Unit) and reference and not weighted_reference:
        return
    parts = [_fmt(w) for name, w in weights.items() if name != LEVEL1_EXECUTION]
    total = sum((w for name, w in weights.items() if name != LEVEL1_EXECUTION), Decimal(0))
    execution = weights.get(LEVEL1_EXECUTION)
    if execution is None and not weighted_reference:
        execution = _execution_points(ctx)
    if execution is not None:
        parts.append(f"{LEVEL1_EXECUTION} {_fmt(execution)}")
        total += execution
    full = _full_marks(ctx)
    if total != full:
        first = next(iter(doc.indicators), None)
        yield Finding(
            f"level-1 权重 {' + '.join(parts)} = {_fmt(total)}, not the full {_fmt(full)}",
            field="indicators.level1_weights",
            expected=_fmt(full),
            line=None if first is None else first.line,
        )


def points_within(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM203 points awarded (得分) never exceed points available (分值).

    >>> i = Indicator("a", "产出指标", "数量指标", max_points=Decimal(3), points=Decimal(3))
    >>> list(points_within(Unit("u", indicators=[i]), Context()))
    []
    """
    for indicator in iter_indicators(doc, ctx):
        if indicator.points is None or indicator.max_points is None:
            continue
        if indicator.points > indicator.max_points:
            yield Finding(
                f"得分 {_fmt(indicator.points)} of '{indicator.name}' exceeds its 分值 "
                f"{_fmt(indicator.max_points)}",
                field="points",
                indicator=indicator,
                expected=f"≤ {_fmt(indicator.max_points)}",
            )


def blank_points(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM204 a weighted table leaves no blanks: every level-1 with indicators has a 权重 when
    another has one, and every indicator has a 分值 when another has one.

    Blank 分值 under a level-1 whose sum PM201 already reports are not repeated here.

    >>> a = Indicator("a", "产出指标", "数量指标", max_points=Decimal(5))
    >>> b = Indicator("b", "产出指标", "数量指标")
    >>> [f.message for f in blank_points(Unit("u", indicators=[a, b]), Context())]
    ["'b' has no 分值 while other indicators of the table have one"]
    """
    weights = _weights(doc)
    groups = _by_level1(doc, ctx)
    if weights:
        weighted = "、".join(name for name in weights if name != LEVEL1_EXECUTION)
        for level1, indicators in groups.items():
            if level1 not in weights:
                yield Finding(
                    f"{level1} has no 权重 while other level-1s ({weighted}) have one",
                    field=f"indicators.level1_weights.{level1}",
                    line=indicators[0].line,
                )
    indicators = [i for group in groups.values() for i in group]
    if all(i.max_points is None for i in indicators):
        return
    for level1, group in groups.items():
        if _level1_mismatch(doc, ctx, level1):
            continue
        for indicator in group:
            if indicator.max_points is None:
                yield Finding(
                    f"'{indicator.name}' has no 分值 while other indicators of the table have one",
                    field="max_points",
                    indicator=indicator,
                )


#: The weight checks, in code order.
CHECKS: tuple[Check, ...] = (
    Check("PM201", Severity.ERROR, "分值 of a level-1's indicators add up to its 权重", level_sums),
    Check(
        "PM202", Severity.ERROR, "level-1 权重 + 预算执行率 = 100 (complete forms)", total_weight
    ),
    Check("PM203", Severity.ERROR, "得分 ≤ 分值", points_within),
    Check("PM204", Severity.ERROR, "no blank 权重/分值 in a weighted table", blank_points),
)
