"""Build a unit's self-evaluation scorecard by hand, in Python, and score it.

Every figure below is typed in as a notebook user would; amounts are exact ``Decimal`` yuan.

Run: ``python examples/scorecard_by_hand.py``
"""

from __future__ import annotations

from decimal import Decimal

from perfmodel import (
    Budget,
    FormKind,
    Indicator,
    IndicatorTree,
    Unit,
    evaluate,
    parse_actual,
    parse_target,
)


def indicator(
    name: str, level1: str, level2: str, target: str, actual: str, points: str, **kw: object
) -> Indicator:
    """One row of the indicator table: 三级指标, 指标值, 实际完成值, 分值."""
    return Indicator(
        name,
        level1,
        level2,
        parse_target(target),
        actual=parse_actual(actual),
        max_points=Decimal(points),
        **kw,  # type: ignore[arg-type]
    )


def build() -> Unit:
    """A small street-level unit (illustrative figures)."""
    rows = [
        indicator("道路保洁面积", "产出指标", "数量指标", "≥174万平方米", "174万平方米", "20"),
        indicator("行道树养护株数", "产出指标", "数量指标", "=14481株", "14000株", "5"),
        indicator("保洁作业质量达标率", "产出指标", "质量指标", "≥90%", "92%", "10"),
        indicator(
            "垃圾清运及时性", "产出指标", "时效指标", "及时", "部分达成", "10",
            deviation_reason="台风期间清运延误，已增加备用车辆",
        ),
        indicator("单位保洁成本", "产出指标", "成本指标", "≤12元/平方米", "13元/平方米", "5"),
        indicator("市容环境提升", "效益指标", "社会效益指标", "提升", "提升", "20"),
        indicator("长效管理机制", "效益指标", "可持续影响指标", "建立健全", "达成预期指标", "10"),
        indicator("居民满意度", "满意度指标", "服务对象满意度指标", "≥90%", "86%", "10"),
    ]  # fmt: skip
    weights = {"产出指标": Decimal(50), "效益指标": Decimal(30), "满意度指标": Decimal(10)}
    budget = Budget(
        initial=Decimal("15249650.00"),
        adjustment=Decimal("-803830.00"),
        adjusted=Decimal("14445820.00"),
        executed=Decimal("14046370.00"),
    )
    return Unit(
        "示例街道城市建设管理事务中心",
        year=2025,
        budget=budget,
        indicators=IndicatorTree(rows, level1_weights=weights),
        form=FormKind.UNIT_SELF_EVALUATION,
    )


def main() -> None:
    unit = build()
    ev = evaluate(unit)
    print(f"{ev.name} {ev.year} 年度绩效自评（示例数据）")
    assert ev.execution is not None
    print(
        f"  预算执行率 {ev.execution.points}/{ev.execution.max_points}: {ev.execution.explanation}"
    )
    for sub in ev.level1:
        print(f"  {sub.level1}: {sub.points}/{sub.max_points}（权重 {sub.weight}）")
    for row in ev.indicators:
        assert row.score is not None
        print(
            f"    {row.indicator.name}: {row.score.points}/{row.max_points} — {row.score.explanation}"
        )
    print(f"  {ev.explanation}，等级 {ev.grade.label if ev.grade else '—'}")
    print(f"  需补充偏差原因: {', '.join(ev.needs_reason) or '无'}")


if __name__ == "__main__":
    main()
