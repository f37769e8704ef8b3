"""The Chinese words the validation checks look for, in one place (candidates for ``vocab``).

Everything here is data: a province with other habits passes its own checks built on other
lists. Names are compared after :func:`perfmodel.vocab.normalize_label` and :func:`name_core`.

>>> name_core("演练项目开展次数：")
'演练项目开展次数'
>>> ends_with_any("食品安全知晓率", RATE_SUFFIXES)
True
"""

from __future__ import annotations

import re

from ..vocab import normalize_label

__all__ = [
    "COST_WORD",
    "COUNT_SUFFIXES",
    "GOAL_GE_WORDS",
    "GOAL_LE_WORDS",
    "GOAL_UNITS",
    "HEAD_SUFFIXES",
    "IMPLIED_UNITS",
    "NOT_COUNT_SUFFIXES",
    "QUALITATIVE_DIGIT_IDIOMS",
    "RATE_SUFFIXES",
    "REQUIRED_PROJECT_LEVEL1",
    "SATISFACTION_LEVEL1",
    "SATISFACTION_WORDS",
    "TIMELINESS_LEVEL2",
    "TIMELINESS_WORDS",
    "UNBOUNDED_RATE_WORDS",
    "UNTIMELY_LEVEL2",
    "ends_with_any",
    "is_count_name",
    "is_rate_name",
    "name_core",
]

#: Level-1s every project form must have (财预〔2020〕10号): 产出, 效益, 满意度.
REQUIRED_PROJECT_LEVEL1: tuple[str, ...] = ("产出指标", "效益指标", "满意度指标")

#: The level-1 of satisfaction indicators.
SATISFACTION_LEVEL1 = "满意度指标"

#: Words that make a level-3 name a satisfaction indicator (…满意度, …满意率).
SATISFACTION_WORDS: tuple[str, ...] = ("满意",)

#: Words that may name an indicator under 满意度指标 (satisfaction and its usual proxies).
SATISFACTION_LEVEL1_WORDS: tuple[str, ...] = ("满意", "投诉", "好评", "认可")

#: Words that make a level-3 name a timeliness indicator (…及时性, …及时率, 按时…).
TIMELINESS_WORDS: tuple[str, ...] = ("及时", "按时", "准时")

#: The level-2 timeliness indicators belong to.
TIMELINESS_LEVEL2: tuple[str, ...] = ("时效指标",)

#: Output level-2s (and the 2025 central cost level-2s) where a timeliness name is misplaced.
UNTIMELY_LEVEL2: tuple[str, ...] = (
    "数量指标",
    "质量指标",
    "成本指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
)

#: A category (level-1 or level-2) containing this word holds cost indicators.
COST_WORD = "成本"

#: A level-3 name ending with one of these is a rate (…率).
RATE_SUFFIXES: tuple[str, ...] = ("率",)

#: Rates that may legitimately exceed 100% (growth and the like).
UNBOUNDED_RATE_WORDS: tuple[str, ...] = (
    "增长",
    "增幅",
    "增速",
    "提升",
    "提高",
    "同比",
    "环比",
    "超",
)

#: A level-3 name ending with one of these is a count (…数量, …数, …次数).
COUNT_SUFFIXES: tuple[str, ...] = ("数量", "个数", "人数", "家数", "次数", "户数", "件数", "数")

#: Names ending with these are not counts although they end with 数.
NOT_COUNT_SUFFIXES: tuple[str, ...] = ("指数", "系数", "分数", "倍数", "参数", "函数", "基数")

#: Name suffix → the unit the name implies (for a quantitative target written without one).
IMPLIED_UNITS: dict[str, str] = {
    "次数": "次",
    "人数": "人",
    "人次": "人次",
    "个数": "个",
    "家数": "家",
    "户数": "户",
    "件数": "件",
    "天数": "天",
    "时长": "小时",
    "面积": "平方米",
    "长度": "米",
    "率": "%",
}

#: Qualitative targets with a digit that are idioms, not unreadable figures (domain §3).
QUALITATIVE_DIGIT_IDIOMS: tuple[str, ...] = ("0发生", "0事故", "0投诉")

#: Suffixes removed from a level-3 name to find the noun it counts ("被监管电梯数量" → 电梯).
HEAD_SUFFIXES: tuple[str, ...] = (
    "完成数量",
    "数量",
    "个数",
    "人数",
    "家数",
    "次数",
    "户数",
    "件数",
    "时长",
    "面积",
    "长度",
    "完成数",
    "完成率",
    "情况",
    "数",
    "率",
    "量",
)

#: Units recognised after a number in goal prose (calendar words 年/月/日 are left out: dates).
GOAL_UNITS: tuple[str, ...] = (
    "万平方米",
    "平方米",
    "平方公里",
    "公里",
    "人次",
    "小时",
    "%",
    "％",
    "个",
    "台",
    "株",
    "家",
    "人",
    "名",
    "次",
    "辆",
    "部",
    "件",
    "起",
    "场",
    "项",
    "户",
    "座",
    "份",
    "床",
    "套",
    "间",
    "米",
    "亩",
    "吨",
)

#: Words before or after a number in goal prose meaning "at least".
GOAL_GE_WORDS: tuple[str, ...] = ("不少于", "不低于", "不小于", "至少", "达到", "以上", "及以上")

#: Words before or after a number in goal prose meaning "at most".
GOAL_LE_WORDS: tuple[str, ...] = ("不超过", "不多于", "不高于", "不大于", "控制在", "以内", "以下")

_TRAILING = re.compile(r"[：:。，,；;、\s]+$")


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


def implied_unit(name: str) -> str | None:
    """The unit a level-3 name implies by its suffix, or None.

    >>> implied_unit("被检查企业较少发生生产安全事故次数"), implied_unit("长效机制")
    ('次', None)
    """
    core = name_core(name)
    for suffix in sorted(IMPLIED_UNITS, key=len, reverse=True):
        if core.endswith(suffix):
            return IMPLIED_UNITS[suffix]
    return None
