"""Every Chinese label perfmodel knows, in one place.

Chinese terms are data: code refers to the English names defined here. The indicator taxonomy
(指标体系) is a :class:`Taxonomy` value, so a province that uses another tree builds its own.

>>> DEFAULT_TAXONOMY.level1_of("数量指标")
'产出指标'
>>> normalize_label("服务对象 满意度指标")
'服务对象满意度指标'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import attrs

__all__ = [
    "BAND_WORDS",
    "CENTRAL_TAXONOMY_2025",
    "CHANGE_DOWN_WORDS",
    "CHANGE_UP_WORDS",
    "DEFAULT_TAXONOMY",
    "FORM_TITLES",
    "GRADE_LABELS",
    "LEVEL1_EXECUTION",
    "LEVEL_NAME_WORDS",
    "MONITORING_LABELS",
    "MONITORING_STATUS_WORDS",
    "NOT_APPLICABLE_WORDS",
    "QUALITATIVE_WORDS",
    "Taxonomy",
    "normalize_label",
]

_SPACES = re.compile(r"\s+")


def normalize_label(text: str) -> str:
    """Remove every whitespace character from a label ("产出 指标" → "产出指标").

    >>> normalize_label(" 数量 指标 ")
    '数量指标'
    """
    return _SPACES.sub("", text)


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

#: Form titles (the four kinds of the domain reference §1) → form kind code.
FORM_TITLES: dict[str, str] = {
    "单位整体支出绩效目标申报表": "unit_declaration",
    "整体支出预算绩效自评报告": "unit_self_evaluation",
    "财政项目支出绩效目标申报表": "project_declaration",
    "财政项目支出绩效目标表": "project_target_table",
}

#: Direction words of change targets.
CHANGE_UP_WORDS: tuple[str, ...] = ("提升", "提高", "增长", "增加", "上升", "增强")
CHANGE_DOWN_WORDS: tuple[str, ...] = ("下降", "减少", "降低")

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
