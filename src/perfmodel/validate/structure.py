"""PM3xx — the indicator tree: categories, names, duplicates, required level-1s.

The taxonomy is :attr:`Context.taxonomy` (by default :data:`perfmodel.vocab.DEFAULT_TAXONOMY`).
Reference rows (投入管理指标, whose level-3 is a reference text and whose target is blank) are
legitimate and are skipped by the name checks.

>>> from perfmodel.model import Indicator, Project
>>> p = Project("p", indicators=[Indicator("发放及时性", "产出指标", "数量指标")])
>>> [f.message for f in name_category(p, Context())]
["'发放及时性' speaks of timeliness but is filed under 数量指标; expected 时效指标"]
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Severity
from ..model import Indicator, Project
from ..vocab import (
    LEVEL1_SATISFACTION,
    NOT_COUNT_LEVEL2,
    PLACEHOLDER_NAMES,
    REQUIRED_PROJECT_LEVEL1,
    SATISFACTION_LEVEL1_WORDS,
    TIMELINESS_LEVEL2,
    normalize_label,
)
from .core import Check, Context, Document, Finding, iter_indicators
from .names import (
    is_count_name,
    is_satisfaction_name,
    is_timeliness_name,
    mentions_time,
    name_core,
)

__all__ = [
    "CHECKS",
    "category_mismatch",
    "duplicates",
    "empty_names",
    "name_category",
    "named_like_category",
    "required_level1",
    "taxonomy",
]


def taxonomy(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM301 every level-1 and level-2 is known, and every level-2 belongs to its level-1.

    Reported once per (level-1, level-2) pair, at its first indicator.

    >>> p = Project("p", indicators=[Indicator("a", "效益指标", "数量指标")])
    >>> [(f.message, f.expected) for f in taxonomy(p, Context())]
    [('数量指标 belongs to 产出指标, not to 效益指标', '产出指标')]
    """
    tax = ctx.taxonomy
    seen: set[tuple[str, str]] = set()
    for indicator in doc.indicators:
        level1, level2 = normalize_label(indicator.level1), normalize_label(indicator.level2)
        if (level1, level2) in seen:
            continue
        seen.add((level1, level2))
        parent = tax.level1_of(level2)
        if not tax.is_level1(level1):
            yield Finding(
                f"unknown level-1 {level1} (the taxonomy has {'、'.join(tax.level1_names)})",
                field="level1",
                indicator=indicator,
                expected=parent,
            )
        elif parent is None:
            yield Finding(
                f"unknown level-2 {level2} under {level1} "
                f"(expected one of {'、'.join(tax.tree[level1])})",
                field="level2",
                indicator=indicator,
            )
        elif not tax.allows(level1, level2):
            yield Finding(
                f"{level2} belongs to {parent}, not to {level1}",
                field="level1",
                indicator=indicator,
                expected=parent,
            )


def empty_names(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM302 no level-3 name is empty or a placeholder ("无", "/", "-").

    >>> p = Project("p", indicators=[Indicator("／", "产出指标", "数量指标")])
    >>> [f.message for f in empty_names(p, Context())]
    ["level-3 name '／' under 产出指标/数量指标 is empty or a placeholder"]
    """
    for indicator in iter_indicators(doc, ctx):
        core = name_core(indicator.name)
        if not core or core in PLACEHOLDER_NAMES:
            yield Finding(
                f"level-3 name {indicator.name!r} under {indicator.level1}/{indicator.level2} "
                "is empty or a placeholder",
                field="name",
                indicator=indicator,
            )


def duplicates(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM303 no indicator appears twice in one form (same name, spaces ignored).

    >>> a = Indicator("市民满意度", "满意度指标", "服务对象满意度指标", line=5)
    >>> b = Indicator("市民 满意度", "满意度指标", "服务对象满意度指标", line=9)
    >>> [f.message for f in duplicates(Project("p", indicators=[a, b]), Context())]
    ["indicator '市民 满意度' appears twice (first at line 5, 满意度指标/服务对象满意度指标)"]
    """
    first: dict[str, Indicator] = {}
    for indicator in iter_indicators(doc, ctx):
        core = name_core(indicator.name)
        if not core:
            continue
        earlier = first.get(core)
        if earlier is None:
            first[core] = indicator
            continue
        where = f"line {earlier.line}, " if earlier.line is not None else ""
        yield Finding(
            f"indicator {indicator.name!r} appears twice "
            f"(first at {where}{earlier.level1}/{earlier.level2})",
            field="name",
            indicator=indicator,
        )


def required_level1(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM304 a project form has indicators under 产出指标, 效益指标 and 满意度指标.

    Only the required level-1s the taxonomy knows are asked for. Unit forms are not checked.

    >>> p = Project("p", indicators=[Indicator("a", "产出指标", "数量指标")])
    >>> [f.message for f in required_level1(p, Context())]
    ['no indicator under 效益指标 (a project needs 产出指标、效益指标、满意度指标)', ...]
    """
    if not isinstance(doc, Project):
        return
    required = [name for name in REQUIRED_PROJECT_LEVEL1 if ctx.taxonomy.is_level1(name)]
    present = {normalize_label(i.level1) for i in iter_indicators(doc, ctx)}
    for name in required:
        if normalize_label(name) not in present:
            yield Finding(
                f"no indicator under {name} (a project needs {'、'.join(required)})",
                field="indicators",
                expected=name,
            )


def category_mismatch(indicator: Indicator) -> str | None:
    """Why the indicator's name and its category disagree (see :func:`name_category`), or None.

    >>> category_mismatch(Indicator("慰问次数", "产出指标", "质量指标"))
    'is a count but is filed under 质量指标; expected 数量指标'
    """
    name, level1 = indicator.name, normalize_label(indicator.level1)
    level2 = normalize_label(indicator.level2)
    core = name_core(name)
    if is_satisfaction_name(name):
        if level1 != LEVEL1_SATISFACTION:
            return (
                f"is a satisfaction measure but is filed under {level2}; "
                f"expected {LEVEL1_SATISFACTION}"
            )
        return None
    if level1 == LEVEL1_SATISFACTION:
        if not any(word in core for word in SATISFACTION_LEVEL1_WORDS):
            return f"is filed under {LEVEL1_SATISFACTION} but is not a satisfaction measure"
        return None
    timely = TIMELINESS_LEVEL2[0]
    if is_timeliness_name(name) and level2 not in TIMELINESS_LEVEL2:
        return f"speaks of timeliness but is filed under {level2}; expected {timely}"
    if level2 in TIMELINESS_LEVEL2 and not mentions_time(name):
        return f"is filed under {level2} but its name says nothing about time"
    if level2 in NOT_COUNT_LEVEL2 and is_count_name(name):
        return f"is a count but is filed under {level2}; expected 数量指标"
    return None


def name_category(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM305 a level-3's name and its category agree (a warning: the category is likely wrong).

    Timeliness (…及时性, 按时…) belongs under 时效指标 and 时效指标 holds only names about time;
    satisfaction (…满意度) belongs under 满意度指标 and 满意度指标 holds only satisfaction
    measures (and their usual proxies: 投诉, 好评, 认可); a count (…次数, …数量) does not belong
    under 质量指标 or 时效指标. Timeliness in a benefit category (e.g. 投诉处置及时性 under
    社会效益指标) is reported too, deliberately: under 财预〔2020〕10号 时效指标 is the output
    category for when a result is delivered, while 效益指标 measure its effects.

    >>> p = Project("p", indicators=[Indicator("居民满意度", "效益指标", "社会效益指标")])
    >>> [f.expected for f in name_category(p, Context())]
    ['满意度指标']
    """
    for indicator in iter_indicators(doc, ctx):
        reason = category_mismatch(indicator)
        if reason is None:
            continue
        expected = reason.rsplit("expected ", 1)[1] if "expected " in reason else None
        yield Finding(
            f"{indicator.name!r} {reason}",
            field="level2",
            indicator=indicator,
            expected=expected,
        )


def named_like_category(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM306 a level-3 is named after what it measures, not after a category.

    >>> i = Indicator("服务对象满意度指标", "满意度指标", "服务对象满意度指标")
    >>> p = Project("p", indicators=[i])
    >>> [f.message for f in named_like_category(p, Context())]
    ["level-3 named like a category ('服务对象满意度指标'); name what is measured"]
    """
    tax = ctx.taxonomy
    for indicator in iter_indicators(doc, ctx):
        core = name_core(indicator.name)
        if tax.is_level1(core) or tax.is_level2(core):
            yield Finding(
                f"level-3 named like a category ({indicator.name!r}); name what is measured",
                field="name",
                indicator=indicator,
            )


#: The structure checks, in code order.
CHECKS: tuple[Check, ...] = (
    Check("PM301", Severity.ERROR, "level-2 belongs to its level-1 (taxonomy)", taxonomy),
    Check("PM302", Severity.ERROR, "no empty or placeholder level-3 name", empty_names),
    Check("PM303", Severity.ERROR, "no duplicate indicator", duplicates),
    Check(
        "PM304", Severity.ERROR, "projects have 产出, 效益 and 满意度 indicators", required_level1
    ),
    Check("PM305", Severity.WARNING, "a level-3's name agrees with its category", name_category),
    Check("PM306", Severity.WARNING, "a level-3 is not named like a category", named_like_category),
)
