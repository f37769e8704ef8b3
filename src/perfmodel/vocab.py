"""Every Chinese label perfmodel knows, in one place.

Chinese terms are data: code refers to the English names defined here. The indicator taxonomy
(指标体系) is a :class:`Taxonomy` value, so a province that uses another tree builds its own.

>>> DEFAULT_TAXONOMY.level1_of("数量指标")
'产出指标'
>>> normalize_label("服务对象 满意度指标")
'服务对象满意度指标'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

# Two groups of words live in private modules to keep this one short: they are part of this
# module's namespace (``from perfmodel.vocab import HEADER_ROLES`` works, as before) but not of
# its __all__. Add a word to the group it belongs to; a new group may stay here.
from ._vocab_checks import *  # noqa: F403  (words of the validation checks)
from ._vocab_forms import *  # noqa: F403  (labels the form readers look for, comparator words)

__all__ = [
    "BAND_WORDS",
    "CENTRAL_TAXONOMY_2025",
    "CHANGE_DOWN_WORDS",
    "CHANGE_UP_WORDS",
    "DEFAULT_TAXONOMY",
    "FORM_TITLES",
    "GRADE_LABELS",
    "GRADE_LABELS_EN",
    "LEVEL1_EXECUTION",
    "LEVEL_NAMES_EN",
    "LEVEL_NAME_WORDS",
    "MONITORING_LABELS",
    "MONITORING_REPORT_LABELS",
    "MONITORING_STATUS_WORDS",
    "NOT_APPLICABLE_WORDS",
    "NO_CHANGE_WORDS",
    "QUALITATIVE_WORDS",
    "REPORT_LABELS",
    "SCORE_SECTION_LABELS",
    "STATUS_LABELS",
    "Taxonomy",
    "monitoring_label",
    "normalize_label",
    "report_label",
]


def normalize_label(text: str) -> str:
    """Remove every whitespace character from a label ("产出 指标" → "产出指标").

    >>> normalize_label(" 数量 指标 ")
    '数量指标'
    """
    return "".join(text.split())  # (str.split() splits at exactly what \s matches)


def _frozen(values: Iterable[str]) -> frozenset[str]:
    return frozenset(normalize_label(v) for v in values)


def _freeze(mapping: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    return {normalize_label(k): tuple(normalize_label(v) for v in vs) for k, vs in mapping.items()}


@attrs.frozen(slots=True)
class Taxonomy:
    """The allowed 一级指标 (level-1) → 二级指标 (level-2) names, in their official order.

    ``reference_level1`` names the level-1 whose level-3 is a reference text in a merged cell
    rather than a target (投入管理指标 in Shanghai's unit forms).

    >>> t = Taxonomy({"产出指标": ("数量指标",)})
    >>> t.is_level2("数量 指标"), t.level1_of("数量指标"), t.level2_rank("数量指标")
    (True, '产出指标', 0)
    """

    tree: dict[str, tuple[str, ...]] = attrs.field(converter=_freeze)
    reference_level1: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen)
    _parent: dict[str, str] = attrs.field(init=False, repr=False, eq=False)
    _rank: dict[str, int] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        parent: dict[str, str] = {}
        rank: dict[str, int] = {}
        for level1, level2s in self.tree.items():
            for i, level2 in enumerate(level2s):
                parent.setdefault(level2, level1)
                rank.setdefault(level2, i)
        object.__setattr__(self, "_parent", parent)
        object.__setattr__(self, "_rank", rank)

    @property
    def level1_names(self) -> tuple[str, ...]:
        """Level-1 names in order.

        >>> DEFAULT_TAXONOMY.level1_names[:3]
        ('产出指标', '效益指标', '满意度指标')
        """
        return tuple(self.tree)

    def is_level1(self, text: str) -> bool:
        """Whether ``text`` (spaces ignored) is a level-1 name.

        >>> DEFAULT_TAXONOMY.is_level1("效益 指标")
        True
        """
        return normalize_label(text) in self.tree

    def is_level2(self, text: str) -> bool:
        """Whether ``text`` (spaces ignored) is a level-2 name.

        >>> DEFAULT_TAXONOMY.is_level2("社会效益指标")
        True
        """
        return normalize_label(text) in self._parent

    def level1_of(self, level2: str) -> str | None:
        """The level-1 a level-2 belongs to, or ``None`` when unknown.

        >>> DEFAULT_TAXONOMY.level1_of("可持续影响指标")
        '效益指标'
        """
        return self._parent.get(normalize_label(level2))

    def level2_rank(self, level2: str) -> int:
        """Position of a level-2 in its level-1's official order (unknown: a large number).

        >>> DEFAULT_TAXONOMY.level2_rank("时效指标") > DEFAULT_TAXONOMY.level2_rank("质量指标")
        True
        """
        return self._rank.get(normalize_label(level2), 1_000)

    def allows(self, level1: str, level2: str) -> bool:
        """Whether ``level2`` belongs under ``level1``.

        >>> DEFAULT_TAXONOMY.allows("产出指标", "社会效益指标")
        False
        """
        return normalize_label(level2) in self.tree.get(normalize_label(level1), ())

    def is_reference(self, level1: str) -> bool:
        """Whether the level-1's level-3 is a reference text (not a target).

        >>> DEFAULT_TAXONOMY.is_reference("投入管理指标")
        True
        """
        if level1 in self.tree:  # (a level-1 as the taxonomy holds it: normalised already)
            return level1 in self.reference_level1
        return normalize_label(level1) in self.reference_level1


#: Default tree (财预〔2020〕10号 and Shanghai's 投入管理指标 for unit forms).
DEFAULT_TAXONOMY = Taxonomy(
    {
        "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
        "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
        "满意度指标": ("服务对象满意度指标",),
        "投入管理指标": (
            "预算编审管理",
            "预算执行管理",
            "预算绩效管理",
            "资产管理",
            "预算透明度",
            "内部控制管理",
            "预算信息化",
        ),
    },
    reference_level1=frozenset({"投入管理指标"}),
)

#: Newer central guidance: 成本指标 is a level-1 of its own.
CENTRAL_TAXONOMY_2025 = Taxonomy(
    {
        "产出指标": ("数量指标", "质量指标", "时效指标"),
        "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
        "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
        "满意度指标": ("服务对象满意度指标",),
    }
)

#: The execution-rate line of a self-evaluation (预算执行率), a level-1 for weighting purposes.
LEVEL1_EXECUTION = "预算执行率"

#: Form titles (the five kinds of the domain reference §1) → form kind code.
FORM_TITLES: dict[str, str] = {
    "单位整体支出绩效目标申报表": "unit_declaration",
    "整体支出预算绩效自评报告": "unit_self_evaluation",
    "财政项目支出绩效目标申报表": "project_declaration",
    "财政项目支出绩效目标表": "project_target_table",
    "项目支出绩效自评表": "project_self_evaluation",
}

#: Direction words of change targets.
CHANGE_UP_WORDS: tuple[str, ...] = ("提升", "提高", "增长", "增加", "上升", "增强")
CHANGE_DOWN_WORDS: tuple[str, ...] = ("下降", "减少", "降低")
#: Words of an actual that states no change (持平): it does not meet a change target (提升,
#: 下降5%), which is then not met (0 points) rather than left to the evaluator. Read after a
#: comparison with last year is stripped: 较上年持平, 与上年持平 and 持平于上年 are 持平.
NO_CHANGE_WORDS: tuple[str, ...] = (
    "持平",
    "基本持平",
    "保持持平",
    "保持不变",
    "基本不变",
    "不变",
    "无变化",
    "没有变化",
    "未变化",
    "未发生变化",
)

#: Common qualitative expectations (定性指标值); any other text is qualitative too.
QUALITATIVE_WORDS: tuple[str, ...] = (
    "及时",
    "达标",
    "合格",
    "规范",
    "充分",
    "健全",
    "建立健全",
    "到位",
    "有所改善",
    "改善",
    "逐步改善",
    "优化",
    "完成",
    "保障",
    "全年",
    "加强",
    "有效",
    "齐全",
    "顺利",
    "足额",
    "明显好转",
    "基本保障",
    "每月",
)

#: Self-evaluation band words (定性三档) → band code.
BAND_WORDS: dict[str, str] = {
    "达成年度指标": "achieved",
    "达成预期指标": "achieved",
    "达成": "achieved",
    "已达成": "achieved",
    "全部达成": "achieved",
    "部分达成年度指标并具有一定效果": "partial",
    "部分达成": "partial",
    "基本达成": "partial",
    "未达成年度指标且效果较差": "not_achieved",
    "未达成": "not_achieved",
}

#: Actual values (实际完成值) saying the indicator does not apply this year (不适用).
NOT_APPLICABLE_WORDS: tuple[str, ...] = ("不适用", "不涉及", "无此项", "本年不涉及", "/", "—", "-")

#: Grade codes (等级) → their labels; the minimum totals are a policy's ``grade_bands``.
GRADE_LABELS: dict[str, str] = {"excellent": "优", "good": "良", "fair": "中", "poor": "差"}

#: Labels of the scoring section written under a form (perfmodel.serialize.layout). None of them
#: is a form title, a table header or a budget label the readers look for.
SCORE_SECTION_LABELS: dict[str, str] = {
    "caption": "绩效自评评分",
    "sheet": "评分",
    "policy": "评分口径",
    "item": "评分项目",
    "status": "状态",
    "max_points": "分值",
    "points": "得分",
    "rule": "评分规则",
    "explanation": "评分说明",
    "execution": "执行率得分",
    "subtotal": "小计",
    "sum": "合计",
    "total": "总分",
    "grade": "等级",
    "needs_reason": "需说明偏差原因",
    "missing": "未填写完成值",
}

#: Indicator status codes of an evaluation (IndicatorStatus) → labels.
STATUS_LABELS: dict[str, str] = {
    "scored": "已评分",
    "not_applicable": "不适用",
    "pending": "待评",
    "reference": "参考指标",
    "unweighted": "无分值",
}

# ---------------------------------------------------------------------------------------------
# Report labels (perfmodel.report): key → (Chinese, English). Chinese is the default language.
# ---------------------------------------------------------------------------------------------

#: Labels of scorecards, declaration tables, notebook display and plots.
REPORT_LABELS: dict[str, tuple[str, str]] = {
    # titles
    "title_project_self": ("项目支出绩效自评表", "Project expenditure performance self-evaluation"),
    "title_unit_self": (
        "部门(单位)整体支出绩效自评表",
        "Unit overall expenditure performance self-evaluation",
    ),
    "title_project_decl": ("财政项目支出绩效目标申报表", "Project performance target declaration"),
    "title_project_table": ("财政项目支出绩效目标表", "Project performance target table"),
    "title_unit_decl": ("单位整体支出绩效目标申报表", "Unit performance target declaration"),
    "year_suffix": ("年度", "fiscal year"),
    # header fields
    "project_name": ("项目名称", "Project"),
    "unit_name": ("单位名称", "Unit"),
    "department": ("主管部门", "Supervising department"),
    "implementer": ("实施单位", "Implementing unit"),
    "nature": ("项目性质", "Project nature"),
    "categories": ("项目类别", "Project category"),
    "period": ("项目期限", "Project period"),
    "funding_method": ("财政拨款方式", "Funding method"),
    "headcount": ("年末在职人数", "Staff at year end"),
    "departments": ("内设机构数", "Internal departments"),
    "duties": ("单位职责", "Duties"),
    "annual_goals": ("年度履职目标", "Annual goals"),
    "overall_goal": ("项目总目标", "Overall goal"),
    "annual_goal": ("年度总体目标", "Annual overall goal"),
    "expected_goal": ("预期目标", "Expected"),
    "actual_goal": ("实际完成情况", "Achieved"),
    "key_tasks": ("年度重点任务", "Key tasks of the year"),
    "task_name": ("任务名称", "Task"),
    "task_content": ("主要内容", "Content"),
    "item": ("项目", "Item"),
    "content": ("内容", "Content"),
    # funds
    "funds_project": ("项目资金（万元）", "Project funds (10k yuan)"),
    "funds_unit": ("预算资金（万元）", "Budget funds (10k yuan)"),
    "amount": ("金额（万元）", "Amount (10k yuan)"),
    "initial": ("年初预算数", "Initial budget"),
    "adjusted": ("全年预算数", "Full-year budget"),
    "executed": ("全年执行数", "Full-year execution"),
    "max_points": ("分值", "Points available"),
    "rate": ("执行率", "Execution rate"),
    "points": ("得分", "Points"),
    "annual_funds": ("年度资金总额", "Annual funds, total"),
    "of_which_fiscal": ("其中：当年财政拨款", "of which: fiscal appropriation"),
    "carryover": ("上年结转资金", "Carried over from last year"),
    "other_funds": ("其他资金", "Other funds"),
    "basic": ("其中：基本支出", "of which: basic expenditure"),
    "project_exp": ("项目支出", "Project expenditure"),
    "total_funds": ("项目资金总额", "Total project funds"),
    "budget_total": ("预算总额", "Budget total"),
    "fiscal": ("其中：财政资金", "of which: fiscal funds"),
    "fiscal_unit": ("其中：财政拨款", "of which: fiscal appropriation"),
    "annual_total": ("年度资金申请总额", "Annual funds requested"),
    "stated_as": ("表列", "stated"),
    # indicators
    "indicators": ("绩效指标", "Performance indicators"),
    "level1": ("一级指标", "Level 1"),
    "level2": ("二级指标", "Level 2"),
    "level3": ("三级指标", "Indicator"),
    "target": ("年度指标值", "Annual target"),
    "target_decl": ("指标值", "Target"),
    "unit": ("计量单位", "Unit"),
    "explanation_col": ("指标解释", "Definition"),
    "rule_col": ("评(扣)分标准", "Scoring rule"),
    "actual": ("实际完成值", "Actual"),
    "reason": ("偏差原因分析及改进措施", "Reasons for deviation and improvements"),
    "how": ("评分说明", "How scored"),
    "note": ("注", "Note"),
    "total": ("总分", "Total"),
    "grade": ("等级", "Grade"),
    "weight": ("权重", "Weight"),
    "share": ("得分率", "Share"),
    "subtotal": ("合计", "Sum"),
    "summary": ("得分汇总", "Score summary"),
    "execution": ("预算执行率", "Budget execution"),
    "notes": ("计分说明", "How each figure was computed"),
    "findings": ("需关注", "Needs attention"),
    "diagnostics": ("诊断信息", "Diagnostics"),
    "error": ("错误", "Errors"),
    "warning": ("警告", "Warnings"),
    "info": ("提示", "Information"),
    "no_diagnostics": ("无诊断信息", "No diagnostics"),
    # statuses and findings
    "not_applicable": ("不适用", "n/a"),
    "pending": ("待评", "pending"),
    "reference": ("—", "—"),
    "unweighted": ("未计分", "not weighted"),
    "reason_missing": ("（未填写，需补充）", "(missing: a reason is needed)"),
    "needs_reason": ("需补充偏差原因的指标", "Indicators needing a reason for deviation"),
    "missing_actual": ("未填写实际完成值的指标", "Indicators without an actual"),
    "difference": ("表中数字与计算不一致", "Stated figures that differ from the computed ones"),
    "rate_check": ("执行率核对", "Execution rates checked"),
    "allocated": ("分值按权重分配", "points allocated from the weight"),
    "not_scored": ("未评分", "not scored"),
    # notebook / summaries
    "documents": ("文件", "Documents"),
    "form": ("表", "Form"),
    "year": ("年度", "Year"),
    "count": ("指标数", "Indicators"),
    "budget": ("预算（万元）", "Budget (10k yuan)"),
    "status": ("状态", "Status"),
    # plots
    "plot_points_title": ("得分与分值", "Points achieved and available"),
    "plot_available": ("分值", "available"),
    "plot_achieved": ("得分", "achieved"),
    "plot_execution_title": ("预算执行进度", "Budget execution against time elapsed"),
    "plot_expected": ("时间进度", "time elapsed"),
    "plot_rate_axis": ("执行率（%）", "execution rate (%)"),
    "plot_date_axis": ("日期", "date"),
    "plot_portfolio_title": ("绩效自评概览", "Self-evaluations at a glance"),
    "plot_grades": ("等级分布", "Grades"),
    "plot_count_axis": ("个数", "count"),
    "plot_score_axis": ("总分", "total score"),
}

#: English names of the standard level-1/level-2 names (for English plots and labels).
LEVEL_NAMES_EN: dict[str, str] = {
    "预算执行率": "Budget execution",
    "产出指标": "Output",
    "效益指标": "Outcome",
    "满意度指标": "Satisfaction",
    "成本指标": "Cost",
    "投入管理指标": "Input management",
    "数量指标": "Quantity",
    "质量指标": "Quality",
    "时效指标": "Timeliness",
    "经济效益指标": "Economic",
    "社会效益指标": "Social",
    "生态效益指标": "Ecological",
    "可持续影响指标": "Sustainability",
    "服务对象满意度指标": "Beneficiary satisfaction",
    "经济成本指标": "Economic cost",
    "社会成本指标": "Social cost",
    "生态环境成本指标": "Environmental cost",
}

#: Grade codes → English labels (the Chinese ones are :data:`GRADE_LABELS`).
GRADE_LABELS_EN: dict[str, str] = {
    "excellent": "Excellent",
    "good": "Good",
    "fair": "Fair",
    "poor": "Poor",
}


def report_label(key: str, lang: str = "zh") -> str:
    """A report label in Chinese (``lang="zh"``, the default) or English (``lang="en"``).

    >>> report_label("target"), report_label("target", "en")
    ('年度指标值', 'Annual target')
    """
    zh, en = REPORT_LABELS[key]
    return en if lang == "en" else zh


#: Monitoring (绩效运行监控) labels used by code: status codes → labels, and report captions.
MONITORING_LABELS: dict[str, str] = {
    "on_track": "正常",
    "behind": "滞后",
    "far_behind": "严重滞后",
    "monitoring": "绩效运行监控",
    "expected": "序时进度",
    "executed": "累计执行数",
    "budgeted": "预算数",
    "reason": "偏差原因",
    "action": "纠偏措施",
    "forecast": "预计自评得分",
}

#: Monitoring and year-over-year report labels (perfmodel.report.monitoring): key → (Chinese,
#: English). Status and change codes (``on_track``, ``raised`` …) are keys too.
MONITORING_REPORT_LABELS: dict[str, tuple[str, str]] = {
    # statuses (TrackStatus codes)
    "on_track": ("正常", "on track"),
    "behind": ("滞后", "behind"),
    "far_behind": ("严重滞后", "far behind"),
    "no_status": ("未评价", "not assessed"),
    # monitoring report
    "monitoring": ("绩效运行监控", "Performance monitoring"),
    "as_of": ("监控日", "As of"),
    "period": ("监控期间", "Period"),
    "period_to": ("至", "to"),
    "elapsed": ("时间进度", "Time elapsed"),
    "policy": ("监控口径", "Monitoring policy"),
    "lag_behind": ("滞后", "behind"),
    "lag_far_behind": ("严重滞后", "far behind"),
    "percentage_points": ("个百分点", " percentage points"),
    "status": ("状态", "Status"),
    "execution": ("预算执行", "Budget execution"),
    "budgeted": ("预算数", "Budget"),
    "executed": ("累计执行数", "Executed to date"),
    "share": ("执行率", "Execution rate"),
    "expected": ("序时进度", "Expected by now"),
    "expected_amount": ("序时应执行", "Expected amount by now"),
    "shortfall": ("低于序时进度", "Shortfall"),
    "projected": ("预计期末执行", "Projected execution at the end"),
    "projected_share": ("预计执行率", "Projected execution rate"),
    "indicators": ("指标进展", "Indicator progress"),
    "indicator": ("指标", "Indicator"),
    "target": ("目标", "Target"),
    "reported": ("填报", "Reported"),
    "done": ("完成", "Done"),
    "projected_end": ("预计年末", "Projected at the end"),
    "done_share": ("完成", "done"),
    "needs_explanation": ("需说明{reason}及{action}", "Needing a {reason} and {action}"),
    "reason": ("偏差原因", "reason for deviation"),
    "action": ("纠偏措施", "corrective action"),
    "explained": ("已说明", "explained"),
    "unexplained": ("未说明", "not explained"),
    "forecast": ("预计自评得分", "Forecast self-evaluation"),
    "no_forecast": ("无可推算的指标，未预计", "Nothing to project: no forecast"),
    "forecast_total": ("预计总分", "Forecast total"),
    "forecast_how": ("计算", "How"),
    "unprojected": ("未纳入预计", "Left out of the forecast"),
    "unmatched_progress": ("未能匹配的填报", "Reported items matching no indicator"),
    "notes": ("提示", "Notes"),
    # year over year
    "comparison": ("年度对比", "Year-over-year comparison"),
    "scores": ("得分", "Scores"),
    "total_before": ("上年总分", "Earlier total"),
    "total_after": ("本年总分", "Later total"),
    "change": ("变化", "Change"),
    "changes": ("指标变化", "Indicator changes"),
    "target_before": ("上年目标", "Earlier target"),
    "target_after": ("本年目标", "Later target"),
    "delta": ("变化量", "Difference"),
    "demand": ("要求", "Demand"),
    "stricter": ("更严", "stricter"),
    "looser": ("放宽", "looser"),
    "points_delta": ("得分变化", "Points change"),
    "unpaired": ("未能配对", "Not matched"),
    # change kinds (ChangeKind codes)
    "added": ("新增", "added"),
    "dropped": ("删除", "dropped"),
    "raised": ("目标值提高", "target raised"),
    "lowered": ("目标值降低", "target lowered"),
    "reworded": ("表述调整", "reworded"),
    "incomparable": ("计量单位不可比", "units not comparable"),
    "unchanged": ("未变", "unchanged"),
}


def monitoring_label(key: str, lang: str = "zh") -> str:
    """A monitoring report label in Chinese (``lang="zh"``, the default) or English.

    >>> monitoring_label("far_behind"), monitoring_label("far_behind", "en")
    ('严重滞后', 'far behind')
    """
    zh, en = MONITORING_REPORT_LABELS[key]
    return en if lang == "en" else zh


#: Words a unit writes for an indicator's qualitative progress (进展情况) → status code.
MONITORING_STATUS_WORDS: dict[str, str] = {
    "正常": "on_track",
    "正常推进": "on_track",
    "按计划推进": "on_track",
    "按进度推进": "on_track",
    "进度正常": "on_track",
    "已完成": "on_track",
    "完成": "on_track",
    "达成": "on_track",
    "滞后": "behind",
    "进度滞后": "behind",
    "略有滞后": "behind",
    "部分达成": "behind",
    "基本达成": "behind",
    "严重滞后": "far_behind",
    "进度严重滞后": "far_behind",
    "停滞": "far_behind",
    "未启动": "far_behind",
    "未达成": "far_behind",
}

#: Endings of indicator names that measure a level (率, 度: rates, shares, satisfaction) rather
#: than an amount that accumulates over the year; used only when a target states no unit.
LEVEL_NAME_WORDS: tuple[str, ...] = ("率", "度", "比例", "比重", "指数", "水平", "情况")
