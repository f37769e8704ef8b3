"""Words and labels the form readers look for (perfmodel.read, perfmodel.targets), re-exported
by :mod:`perfmodel.vocab`.

The self-evaluation form's labels, indicator-table headers and captions, and the comparator words
of the target grammar. Import these from ``perfmodel.vocab``; this module only keeps that one
shorter.

>>> from perfmodel.vocab import HEADER_ROLES
>>> HEADER_ROLES["计量单位"]
'unit'
"""

from __future__ import annotations

__all__ = [
    "BUDGET_SUPPLEMENT_CAPTION",
    "BUDGET_SUPPLEMENT_LABELS",
    "COMPARATOR_PREFIX_WORDS",
    "COMPARATOR_SUFFIX_WORDS",
    "COMPARATOR_SYMBOLS",
    "HEADER_ROLES",
    "NATURE_WORDS",
    "RULE_MARKERS",
    "SCORE_COLUMNS",
    "SELF_EVALUATION_LABELS",
    "SELF_EVALUATION_SPLIT_LABELS",
    "TABLE_CAPTIONS",
    "TABLE_END_LABELS",
]

#: The caption of perfmodel's 预算补充 rows: budget figures a form has no place for, one per row
#: as ``预算补充（元）：<label> <amount>`` (a rate as ``<percent>%``), written before the form's
#: goals or indicator table and read back by :mod:`perfmodel.read.supplement`.
BUDGET_SUPPLEMENT_CAPTION = "预算补充（元）"

#: The label of each budget field in the 预算补充 rows (field name → label).
BUDGET_SUPPLEMENT_LABELS: dict[str, str] = {
    "total": "预算总额",
    "fiscal": "财政拨款",
    "other": "其他资金",
    "basic": "基本支出",
    "project": "项目支出",
    "annual_total": "年度资金申请总额",
    "annual_fiscal": "当年财政拨款",
    "carryover": "上年结转资金",
    "annual_other": "年度其他资金",
    "initial": "年初预算数",
    "adjustment": "预算调整数",
    "adjusted": "调整后预算数",
    "executed": "全年执行数",
    "stated_rate": "执行率",
    "basic_executed": "基本支出执行数",
    "basic_stated_rate": "基本支出执行率",
    "project_executed": "项目支出执行数",
    "project_stated_rate": "项目支出执行率",
}

#: Labels of the project self-evaluation form (项目支出绩效自评表, 财预〔2020〕10号) as perfmodel
#: writes it and reads it back: the 项目资金 block, 年度总体目标, and the 总分 row.
SELF_EVALUATION_LABELS: dict[str, str] = {
    "funds": "项目资金（元）",
    "initial": "年初预算数",
    "adjusted": "全年预算数",
    "executed": "全年执行数",
    "max_points": "分值",
    "rate": "执行率",
    "points": "得分",
    "annual_funds": "年度资金总额",
    "goal": "年度总体目标",
    "expected": "预期目标",
    "achieved": "实际完成情况",
    "total": "总分",
}

#: Rows of the 项目资金 block whose amounts have no field in the model (read, then reported).
SELF_EVALUATION_SPLIT_LABELS: tuple[str, ...] = ("当年财政拨款", "上年结转资金", "其他资金")

#: Indicator-table columns of a self-evaluation (header text for each column role).
SCORE_COLUMNS: dict[str, str] = {
    "actual": "全年完成值",
    "actual_project": "实际完成值",
    "max_points": "分值",
    "points": "得分",
    "reason": "偏差原因分析及改进措施",
}

#: A row starting with one of these ends an indicator table (the 总分 line of a self-evaluation).
TABLE_END_LABELS: frozenset[str] = frozenset({"总分"})

#: Comparator words; the value is the comparator code.
COMPARATOR_PREFIX_WORDS: dict[str, str] = {
    "不低于": "GE",
    "不少于": "GE",
    "不小于": "GE",
    "达到": "GE",
    "大于等于": "GE",
    "不高于": "LE",
    "不超过": "LE",
    "不大于": "LE",
    "不多于": "LE",
    "小于等于": "LE",
    "低于": "LT",
    "少于": "LT",
    "小于": "LT",
    "高于": "GT",
    "大于": "GT",
    "超过": "GT",
    "等于": "EQ",
}
COMPARATOR_SUFFIX_WORDS: dict[str, str] = {
    "以上": "GE",
    "及以上": "GE",
    "以下": "LE",
    "及以下": "LE",
    "以内": "LE",
}
COMPARATOR_SYMBOLS: dict[str, str] = {
    ">=": "GE",
    "<=": "LE",
    "＞＝": "GE",
    "＜＝": "LE",
    "≥": "GE",
    "≧": "GE",
    "≤": "LE",
    "≦": "LE",
    "=": "EQ",
    "＝": "EQ",
    "==": "EQ",
    ">": "GT",
    "＞": "GT",
    "<": "LT",
    "＜": "LT",
}

#: Indicator nature column (指标性质).
NATURE_WORDS: dict[str, str] = {
    "定量指标": "定量",
    "定量": "定量",
    "定性指标": "定性",
    "定性": "定性",
}

#: Words in 评(扣)分标准 that mark a cell as a scoring rule.
RULE_MARKERS: tuple[str, ...] = ("得满分", "不得分", "扣分", "得分", "扣完为止")

#: Section captions inside indicator tables (not labels).
TABLE_CAPTIONS: frozenset[str] = frozenset({"绩效指标", "分解目标", "绩效目标", "项目绩效目标"})

#: Column headers of indicator tables → column role.
HEADER_ROLES: dict[str, str] = {
    "一级指标": "level1",
    "一级目标": "level1",
    "二级指标": "level2",
    "二级目标": "level2",
    "三级指标": "name",
    "三级目标": "name",
    "指标性质": "nature",
    "方向": "direction",
    "计算符号": "direction",
    "指标值": "target",
    "指标目标值": "target",
    "年度指标值": "target",
    "年度(/项目)指标值": "target",
    "计量单位": "unit",
    "度量单位": "unit",
    "指标解释": "explanation",
    "评(扣)分标准": "rule",
    "权重": "weight",
    "全年完成值": "actual",
    "实际完成值": "actual",
    "分值": "points",
    "得分": "awarded",
    "偏差原因分析及改进措施": "reason",
}
