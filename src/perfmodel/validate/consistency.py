"""PM5xx — prose against table: a figure stated in the goals agrees with the indicator for the
same thing.

Only what can be matched mechanically is compared. A *mention* is a number followed by a unit in
the goals (年度总体目标; 项目总目标 when its period is the form's year alone; a unit's 年度履职目标
and 年度重点任务), read within its clause (text between punctuation marks). A mention is tied to
an indicator when the units are compatible (名 and 人, 平方米 and 万平方米) and the clause shares
a word of two or more characters with the indicator's noun (its name without the measuring
suffix, :func:`perfmodel.validate.names.head_noun`), generic words such as 完成 or 工作 aside.
A mention in a clause that names another year (2024年计划评估52家 on a 2025 form) is ignored.

The indicator agrees when a tied mention agrees with its target — "不少于60小时" (or "至少",
"以上") with a target of at least 60, "控制在772人以内" with a target of at most 772, a bare
figure with an equal target — or when the goals state the target's own figure anywhere in the
same unit (a goal may give a total and its yearly parts).

>>> from perfmodel.model import Indicator, Project
>>> from perfmodel.targets import parse_target
>>> i = Indicator("被监管电梯数量", "产出指标", "数量指标", parse_target("108部"))
>>> p = Project("p", year=2025, annual_goal="对本镇1008部住宅电梯加强日常公共安全监管服务。",
...             indicators=[i])
>>> [f.expected for f in goal_figures(p, Context())]
['1008部']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import attrs

from .. import units
from ..errors import Severity
from ..model import Indicator, Project
from ..targets import TargetKind
from ..vocab import (
    GOAL_AT_LEAST_WORDS,
    GOAL_AT_MOST_WORDS,
    GOAL_GENERIC_WORDS,
    GOAL_UNITS,
    normalize_label,
)
from .core import Check, Context, Document, Finding, iter_indicators
from .names import head_noun

__all__ = ["CHECKS", "Mention", "goal_figures", "mentions"]

_UNITS = "|".join(re.escape(u) for u in sorted(GOAL_UNITS, key=len, reverse=True))
_MENTION = re.compile(rf"(?<![\d.A-Za-z])(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)\s*({_UNITS})")
_CLAUSE = re.compile(r"[。；;，、：:！!？?\n（）()《》]+|(?<!\d),|,(?!\d{3}(?!\d))")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_PERIOD = re.compile(r"(?:每|一|1)?(?:年度|年|季度|季|月|周|天|日)$")
_NOT_WORD = re.compile(r"[\d.%％\s]")


@attrs.frozen(slots=True)
class Mention:
    """A figure in goal prose: ``value`` in ``unit``, ``bound`` ("at_least", "at_most" or None),
    the ``clause`` it was read in and the ``where`` field it came from.

    >>> Mention(Decimal(60), "小时", "at_least", "不少于60小时的培训", "annual_goal").text
    '≥60小时'
    """

    value: Decimal
    unit: str
    bound: str | None
    clause: str
    where: str

    @property
    def text(self) -> str:
        """The figure as written in canonical form ("≥60小时").

        >>> Mention(Decimal(5), "%", None, "", "annual_goal").text
        '5%'
        """
        prefix = {"at_least": "≥", "at_most": "≤"}.get(self.bound or "", "")
        return f"{prefix}{self.value}{self.unit}"


def _bound(before: str, after: str) -> str | None:
    before = _PERIOD.sub("", re.sub(r"\d+$", "", _PERIOD.sub("", before)))
    if after.startswith(GOAL_AT_LEAST_WORDS) or before.endswith(GOAL_AT_LEAST_WORDS):
        return "at_least"
    if after.startswith(GOAL_AT_MOST_WORDS) or before.endswith(GOAL_AT_MOST_WORDS):
        return "at_most"
    return None


def mentions(text: str, where: str, year: int | None = None) -> list[Mention]:
    """The figures with a unit in ``text``, clause by clause; clauses naming another year than
    ``year`` are skipped.

    >>> text = "全年接受不少于60小时的培训；2024年评估52家，完成100家"
    >>> [m.text for m in mentions(text, "annual_goal", 2025)]
    ['≥60小时', '100家']
    """
    found: list[Mention] = []
    for clause in _CLAUSE.split(normalize_label(text)):
        years = {int(y) for y in _YEAR.findall(clause)}
        if year is not None and years and year not in years:
            continue
        for match in _MENTION.finditer(clause):
            value = Decimal(match.group(1).replace(",", ""))
            bound = _bound(clause[: match.start()], clause[match.end() :])
            found.append(Mention(value, match.group(2), bound, clause, where))
    return found


def _goal_texts(doc: Document) -> list[tuple[str, str]]:
    if isinstance(doc, Project):
        texts = [("annual_goal", doc.annual_goal or "")]
        single_year = doc.goal_period is not None and doc.goal_period[0] == doc.goal_period[1]
        if single_year and doc.overall_goal and doc.overall_goal != doc.annual_goal:
            texts.append(("overall_goal", doc.overall_goal))
        return texts
    texts = [("annual_goals", doc.annual_goals or "")]
    for n, task in enumerate(doc.key_tasks):
        texts.append((f"key_tasks[{n}]", f"{task.name}。{task.content}"))
    return texts


_LABELS = {
    "annual_goal": "年度总体目标",
    "overall_goal": "项目总目标",
    "annual_goals": "年度履职目标",
}


def _label(where: str) -> str:
    """The Chinese name of the goal field a mention came from ("key_tasks[0]" → 年度重点任务 1).

    >>> _label("annual_goal"), _label("key_tasks[2]")
    ('年度总体目标', '年度重点任务 3')
    """
    if where.startswith("key_tasks["):
        return f"年度重点任务 {int(where[10:-1]) + 1}"
    return _LABELS.get(where, where)


def _shares_word(noun: str, clause: str) -> bool:
    for size in range(len(noun), 1, -1):
        for start in range(len(noun) - size + 1):
            word = noun[start : start + size]
            if _NOT_WORD.search(word) or word in GOAL_GENERIC_WORDS:
                continue
            if word in clause:
                return True
    return False


def _in_unit(mention: Mention, unit_text: str) -> Decimal | None:
    if not units.are_compatible(mention.unit, unit_text):
        return None
    return units.convert(mention.value, mention.unit, unit_text)


def _agrees(value: Decimal, bound: str | None, target: Decimal) -> bool:
    if bound == "at_least":
        return target >= value
    if bound == "at_most":
        return target <= value
    return target == value


def _check(indicator: Indicator, found: list[Mention]) -> Finding | None:
    target = indicator.target
    if target is None or target.kind is not TargetKind.QUANTITATIVE:
        return None
    if target.unit_text is None or target.magnitude is None:
        return None
    magnitude = target.magnitude
    noun = head_noun(indicator.name)
    same_unit = [(m, v) for m in found if (v := _in_unit(m, target.unit_text)) is not None]
    tied = [(m, v) for m, v in same_unit if _shares_word(noun, m.clause)]
    if not tied:
        return None
    if any(_agrees(v, m.bound, magnitude) for m, v in tied):
        return None
    if any(v == magnitude for _, v in same_unit):
        return None
    mention = tied[0][0]
    return Finding(
        f"{_label(mention.where)} states {mention.text} ('{mention.clause}') but "
        f"{indicator.name!r} targets {target}",
        field="target",
        indicator=indicator,
        expected=mention.text,
    )


def goal_figures(doc: Document, ctx: Context) -> Iterator[Finding]:
    """PM501 a figure stated in the goals agrees with the indicator for the same thing.

    See the module docstring for how figures and indicators are matched.

    >>> from perfmodel.model import Project
    >>> from perfmodel.targets import parse_target
    >>> i = Indicator("演练次数", "产出指标", "数量指标", parse_target("2次"))
    >>> p = Project("p", annual_goal="开展了至少1年1次的防汛演练", indicators=[i])
    >>> list(goal_figures(p, Context()))
    []
    """
    found: list[Mention] = []
    for where, text in _goal_texts(doc):
        found.extend(mentions(text, where, doc.year))
    if not found:
        return
    for indicator in iter_indicators(doc, ctx):
        finding = _check(indicator, found)
        if finding is not None:
            yield finding


#: The consistency checks, in code order.
CHECKS: tuple[Check, ...] = (
    Check(
        "PM501", Severity.WARNING, "a figure in the goals agrees with its indicator", goal_figures
    ),
)
