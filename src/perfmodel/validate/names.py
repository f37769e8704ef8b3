"""What a level-3 name (三级指标名称) says: a rate, a count, timeliness, satisfaction, a noun.

The word lists are data in :mod:`perfmodel.vocab`; these helpers only read them. Names are
compared without spaces and trailing punctuation (:func:`name_core`).

>>> name_core("演练项目开展次数：")
'演练项目开展次数'
>>> is_rate_name("食品安全知晓率"), is_count_name("满意度指数")
(True, False)
"""

from __future__ import annotations

import re

from ..vocab import (
    COUNT_SUFFIXES,
    HEAD_SUFFIXES,
    IMPLIED_UNITS,
    NOT_COUNT_SUFFIXES,
    RATE_SUFFIXES,
    SATISFACTION_WORDS,
    TIME_WORDS,
    TIMELINESS_WORDS,
    normalize_label,
)

__all__ = [
    "ends_with_any",
    "head_noun",
    "implied_unit",
    "is_count_name",
    "is_rate_name",
    "is_satisfaction_name",
    "is_timeliness_name",
    "mentions_time",
    "name_core",
]

_TRAILING = re.compile(r"[：:。，,；;、.\s]+$")
_IMPLIED = sorted(IMPLIED_UNITS, key=len, reverse=True)
_HEADS = sorted(HEAD_SUFFIXES, key=len, reverse=True)


def name_core(name: str) -> str:
    """A level-3 name without spaces and trailing punctuation ("次数：" → "次数").

    >>> name_core(" 巡查 次数 ：")
    '巡查次数'
    """
    return _TRAILING.sub("", normalize_label(name))


def ends_with_any(name: str, suffixes: tuple[str, ...]) -> bool:
    """Whether the name's core ends with one of ``suffixes``.

    >>> ends_with_any("有责投诉数", COUNT_SUFFIXES)
    True
    """
    return name_core(name).endswith(suffixes)


def is_rate_name(name: str) -> bool:
    """Whether a level-3 name is a rate (…率).

    >>> is_rate_name("巡查员上报率"), is_rate_name("知晓度")
    (True, False)
    """
    return ends_with_any(name, RATE_SUFFIXES)


def is_count_name(name: str) -> bool:
    """Whether a level-3 name is a count (…数量, …数, …次数), not an index (…指数).

    >>> is_count_name("前端发现上报案件数量"), is_count_name("满意度指数")
    (True, False)
    """
    return ends_with_any(name, COUNT_SUFFIXES) and not ends_with_any(name, NOT_COUNT_SUFFIXES)


def is_timeliness_name(name: str) -> bool:
    """Whether a level-3 name speaks of timeliness (及时, 按时, 准时).

    >>> is_timeliness_name("发放及时性"), is_timeliness_name("按时办结率")
    (True, True)
    """
    core = name_core(name)
    return any(word in core for word in TIMELINESS_WORDS)


def mentions_time(name: str) -> bool:
    """Whether a level-3 name fits 时效指标: timeliness or another time word (时限, 进度 …).

    >>> mentions_time("项目完成时限"), mentions_time("设备使用率")
    (True, False)
    """
    core = name_core(name)
    return is_timeliness_name(core) or any(word in core for word in TIME_WORDS)


def is_satisfaction_name(name: str) -> bool:
    """Whether a level-3 name is a satisfaction measure (…满意度, …满意率).

    >>> is_satisfaction_name("居民社会环境满意度"), is_satisfaction_name("长效机制")
    (True, False)
    """
    core = name_core(name)
    return any(word in core for word in SATISFACTION_WORDS)


def implied_unit(name: str) -> str | None:
    """The unit a level-3 name implies by its suffix, or None.

    >>> implied_unit("被检查企业较少发生生产安全事故次数"), implied_unit("长效机制")
    ('次', None)
    """
    core = name_core(name)
    for suffix in _IMPLIED:
        if core.endswith(suffix):
            return IMPLIED_UNITS[suffix]
    return None


def head_noun(name: str) -> str:
    """The noun a level-3 name measures: its core without the measuring suffix.

    >>> head_noun("被监管电梯数量"), head_noun("培训时长")
    ('被监管电梯', '培训')
    """
    core = name_core(name)
    for suffix in _HEADS:
        if core.endswith(suffix) and len(core) > len(suffix):
            return core[: -len(suffix)]
    return core
