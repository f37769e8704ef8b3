"""Words the validation checks look for (perfmodel.validate), re-exported by :mod:`perfmodel.vocab`.

A province with other habits builds its own checks on other lists. Names are compared without
spaces and trailing punctuation (perfmodel.validate.names.name_core). Import these from
``perfmodel.vocab``; this module only keeps that one shorter.

>>> from perfmodel.vocab import REQUIRED_PROJECT_LEVEL1
>>> REQUIRED_PROJECT_LEVEL1
('产出指标', '效益指标', '满意度指标')
"""

from __future__ import annotations

__all__ = [
    "COST_WORD",
    "COUNT_SUFFIXES",
    "GOAL_AT_LEAST_WORDS",
    "GOAL_AT_MOST_WORDS",
    "GOAL_GENERIC_WORDS",
    "GOAL_UNITS",
    "HEAD_SUFFIXES",
    "IMPLIED_UNITS",
    "LEVEL1_SATISFACTION",
    "NOT_COUNT_LEVEL2",
    "NOT_COUNT_SUFFIXES",
    "PLACEHOLDER_NAMES",
    "QUALITATIVE_DIGIT_IDIOMS",
    "QUANTIFIED_LEVEL2",
    "RATE_SUFFIXES",
    "REQUIRED_PROJECT_LEVEL1",
    "SATISFACTION_LEVEL1_WORDS",
    "SATISFACTION_WORDS",
    "TIMELINESS_LEVEL2",
    "TIMELINESS_WORDS",
    "TIME_WORDS",
    "UNBOUNDED_RATE_WORDS",
]

#: Level-1s every project form must have (财预〔2020〕10号): 产出, 效益, 满意度.
REQUIRED_PROJECT_LEVEL1: tuple[str, ...] = ("产出指标", "效益指标", "满意度指标")

#: The level-1 of satisfaction indicators.
LEVEL1_SATISFACTION = "满意度指标"

#: Words that make a level-3 name a satisfaction indicator (…满意度, …满意率).
SATISFACTION_WORDS: tuple[str, ...] = ("满意",)

#: Words that may name an indicator under 满意度指标 (satisfaction and its usual proxies).
SATISFACTION_LEVEL1_WORDS: tuple[str, ...] = ("满意", "投诉", "好评", "认可")

#: Words that make a level-3 name a timeliness indicator (…及时性, …及时率, 按时…).
TIMELINESS_WORDS: tuple[str, ...] = ("及时", "按时", "准时")

#: Words that may name an indicator under 时效指标 besides the timeliness words (红灯: a case
#: past its deadline in Shanghai's hotline and grid systems, e.g. 红灯案件量).
TIME_WORDS: tuple[str, ...] = (
    "时效",
    "时间",
    "时限",
    "时长",
    "期限",
    "周期",
    "进度",
    "工期",
    "如期",
    "限期",
    "逾期",
    "超期",
    "延期",
    "节点",
    "超时",
    "红灯",
)

#: The level-2s that hold timeliness indicators.
TIMELINESS_LEVEL2: tuple[str, ...] = ("时效指标",)

#: Level-2s where a count (…次数, …数量) is misplaced: it belongs under 数量指标.
NOT_COUNT_LEVEL2: tuple[str, ...] = ("质量指标", "时效指标")

#: Level-2s whose indicators must be stated as figures (财预〔2020〕10号: 数量, 成本).
QUANTIFIED_LEVEL2: tuple[str, ...] = (
    "数量指标",
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

#: A level-3 name ending with one of these is a count (…数量, …次数, …数).
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

#: Level-3 names that are placeholders, not names.
PLACEHOLDER_NAMES: tuple[str, ...] = ("无", "暂无", "/", "-", "—", "——", "／", "空")

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

#: Words before or after a number in goal prose meaning "at least" (不少于60小时, 90%以上).
GOAL_AT_LEAST_WORDS: tuple[str, ...] = ("不少于", "不低于", "不小于", "至少", "达到", "以上")

#: Words before or after a number in goal prose meaning "at most" (控制在772人以内).
GOAL_AT_MOST_WORDS: tuple[str, ...] = ("不超过", "不多于", "不高于", "不大于", "以内", "以下")

#: Words too common to tie a figure in the goals to an indicator's name.
GOAL_GENERIC_WORDS: frozenset[str] = frozenset(
    {
        "完成",
        "工作",
        "开展",
        "管理",
        "服务",
        "建设",
        "项目",
        "年度",
        "全年",
        "安全",
        "实现",
        "加强",
        "提升",
        "提高",
        "推进",
        "保障",
        "计划",
        "指标",
        "相关",
        "进行",
        "组织",
        "有效",
        "各类",
        "全面",
        "日常",
        "公共",
        "情况",
        "本镇",
        "辖区",
        "发放",
        "支付",
    }
)
