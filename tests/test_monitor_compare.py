"""Year-over-year comparison: matching, target changes in comparable units, score changes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from perfmodel import (
    Budget,
    Indicator,
    Project,
    Unit,
    compare_years,
    parse_actual,
    parse_target,
    read_forms,
)
from perfmodel.model import FormKind
from perfmodel.monitor import ChangeKind, compare_documents

D = Decimal
SEEDS = Path(__file__).parent / "data" / "seeds"


def ind(name: str, target: str | None, level2: str = "数量指标", **kw: object) -> Indicator:
    level1 = "产出指标" if level2 in ("数量指标", "质量指标") else "效益指标"
    return Indicator(
        name,
        level1,
        level2,
        None if target is None else parse_target(target),
        **kw,  # type: ignore[arg-type]
    )


def pair(before: str | None, after: str | None) -> tuple[ChangeKind, object]:
    change = compare_years(
        Project("p", year=2024, indicators=[ind("x", before)]),
        Project("p", year=2025, indicators=[ind("x", after)]),
    ).changes[0]
    return change.kind, change


@pytest.mark.parametrize(
    ("before", "after", "kind", "stricter", "delta"),
    [
        ("≥50家", "≥55家", ChangeKind.RAISED, True, "5"),
        ("=60个", "=40个", ChangeKind.LOWERED, False, "-20"),
        ("≤1个", "=0个", ChangeKind.LOWERED, True, "-1"),  # both caps
        ("≤5件", "≤3件", ChangeKind.LOWERED, True, "-2"),  # a lower cap asks for more
        ("≤5%", "≤8%", ChangeKind.RAISED, False, "3"),
        ("=0起", "=1起", ChangeKind.RAISED, None, "1"),  # = 0 is a cap, = 1 a floor
        ("提升5%", "提升10%", ChangeKind.RAISED, True, "5"),
        ("下降5%", "下降3%", ChangeKind.LOWERED, False, "-2"),
        ("≥43万平方米", "≥450000平方米", ChangeKind.RAISED, True, "20000"),  # 430 000 m²
        ("≥70公里", "≥70000米", ChangeKind.UNCHANGED, None, "0"),  # the same, in metres
        ("≥60小时", "≥3天", ChangeKind.RAISED, True, "0.5"),  # 60 h = 2.5 days
    ],
)
def test_targets_raised_and_lowered(
    before: str, after: str, kind: ChangeKind, stricter: bool | None, delta: str
) -> None:
    got, change = pair(before, after)
    assert got is kind
    assert change.stricter is stricter  # type: ignore[attr-defined]
    assert change.delta == D(delta)  # type: ignore[attr-defined]
    assert change.unit == parse_target(after).unit_text  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("before", "after", "kind", "note"),
    [
        ("=5台", "=5株", ChangeKind.INCOMPARABLE, "计量单位 台 与 株 不可比"),
        ("≥90%", "≥10个", ChangeKind.INCOMPARABLE, "不可比"),
        ("及时", "及时", ChangeKind.UNCHANGED, ""),
        ("及时", "规范", ChangeKind.REWORDED, "指标值由“及时”改为“规范”"),
        ("及时", "≥95%", ChangeKind.REWORDED, "改为"),  # qualitative → quantitative
        ("提升", "提升5%", ChangeKind.REWORDED, "改为"),  # an amount appears
        ("提升", "提高", ChangeKind.REWORDED, "改为"),
        ("≥90%", "=90%", ChangeKind.REWORDED, "计算符号由 ≥ 改为 ="),
        ("=90", "=90%", ChangeKind.UNCHANGED, "一年未写计量单位"),
        (None, "≥90%", ChangeKind.REWORDED, "空缺"),
        (None, None, ChangeKind.UNCHANGED, ""),
    ],
)
def test_other_changes(before: str | None, after: str | None, kind: ChangeKind, note: str) -> None:
    got, change = pair(before, after)
    assert got is kind
    assert note in change.note  # type: ignore[attr-defined]
    if kind is ChangeKind.INCOMPARABLE:
        assert change.delta is None  # type: ignore[attr-defined]


def test_added_dropped_and_unmatched() -> None:
    before = Unit("单位", year=2024, indicators=[ind("a", "=1个"), ind("b", "=2个")])
    after = Unit("单位", year=2025, indicators=[ind("b", "=2个"), ind("c", "=3个")])
    cmp = compare_years(before, after)
    assert [(c.key, c.kind) for c in cmp.changes] == [
        ("b", ChangeKind.UNCHANGED),
        ("c", ChangeKind.ADDED),
        ("a", ChangeKind.DROPPED),
    ]
    assert cmp.unmatched == ("产出指标/数量指标/a", "产出指标/数量指标/c")
    assert [c.key for c in cmp.of_kind(ChangeKind.ADDED, ChangeKind.DROPPED)] == ["c", "a"]
    assert cmp.diagnostics == ()
    assert cmp.before_evaluation is None
    assert cmp.total_delta is None


def test_names_are_matched_without_spaces_and_moves_are_noted() -> None:
    before = Project("p", indicators=[ind("服务对象 满意度", "≥85%", "社会效益指标")])
    after = Project(
        "p",
        indicators=[
            Indicator("服务对象满意度", "满意度指标", "服务对象满意度指标", parse_target("≥90%"))
        ],
    )
    change = compare_years(before, after).changes[0]
    assert (change.key, change.kind, change.moved) == ("服务对象满意度", ChangeKind.RAISED, True)
    assert "移至 满意度指标/服务对象满意度指标" in change.note


def test_duplicate_names_pair_by_path_then_order() -> None:
    before = Project(
        "p",
        indicators=[
            ind("满意度", "≥80%", "社会效益指标"),
            ind("满意度", "≥85%", "数量指标"),
            ind("完成率", "=100%", "数量指标"),
            ind("完成率", "=90%", "数量指标"),
        ],
    )
    after = Project(
        "p",
        indicators=[
            ind("满意度", "≥90%", "数量指标"),
            ind("满意度", "≥80%", "社会效益指标"),
            ind("完成率", "=95%", "质量指标"),
            ind("完成率", "=100%", "质量指标"),
        ],
    )
    cmp = compare_years(before, after)
    # the same path first: 数量指标 ≥85% → ≥90%, 社会效益指标 unchanged; then reading order
    assert [(c.kind, c.before_value, c.after_value) for c in cmp.changes] == [
        (ChangeKind.RAISED, D(85), D(90)),
        (ChangeKind.UNCHANGED, D(80), D(80)),
        (ChangeKind.LOWERED, D(100), D(95)),
        (ChangeKind.RAISED, D(90), D(100)),
    ]
    assert "按顺序配对" in cmp.changes[2].note
    assert [d.code for d in cmp.diagnostics] == ["MN402"]


def test_documents_with_different_names_are_flagged() -> None:
    cmp = compare_years(Project("甲项目"), Project("乙项目"))
    assert [d.code for d in cmp.diagnostics] == ["MN401"]


def scored(year: int, executed: str, actual: str) -> Project:
    return Project(
        "评价项目",
        year=year,
        form=FormKind.PROJECT_SELF_EVALUATION,
        budget=Budget(adjusted=D(100), executed=D(executed)),
        indicators=[
            ind("数量", "≥100个", actual=parse_actual(actual), max_points=D(90)),
        ],
    )


def test_score_changes_when_both_years_carry_actuals() -> None:
    cmp = compare_years(scored(2024, "90", "80个"), scored(2025, "100", "100个"))
    # 2024: 90/100 × 10 = 9 and 80/100 × 90 = 72 → 81; 2025: 10 + 90 = 100
    assert (cmp.total_before, cmp.total_after, cmp.total_delta) == (
        D("81.00"),
        D("100.00"),
        D("19.00"),
    )
    change = cmp.changes[0]
    assert (change.points_before, change.points_after, change.points_delta) == (
        D("72.00"),
        D("90.00"),
        D("18.00"),
    )
    assert change.kind is ChangeKind.UNCHANGED


def test_score_changes_need_both_years() -> None:
    declaration = attrs.evolve(
        scored(2025, "100", "100个"),
        form=FormKind.PROJECT_DECLARATION,
        indicators=[ind("数量", "≥120个")],
    )
    cmp = compare_years(scored(2024, "90", "80个"), declaration)
    assert cmp.total_before == D("81.00")
    assert cmp.total_after is None
    assert cmp.total_delta is None
    assert cmp.changes[0].points_delta is None
    assert cmp.changes[0].kind is ChangeKind.RAISED


def test_compare_documents_pairs_by_name() -> None:
    before = [Project("甲"), Project("乙"), Project("乙")]
    after = [Project("甲 "), Project("丙"), Project("甲")]
    result = compare_documents(before, after)
    assert [c.after_name for c in result.comparisons] == ["甲 "]
    assert result.only_before == ("乙", "乙")
    assert result.only_after == ("丙", "甲")


def test_seed_declaration_against_a_revised_copy() -> None:
    doc = read_forms(SEEDS / "004_015558519d31119a.part1.txt").documents
    original = next(d for d in doc if d.name == "安全生产工作经费")
    revised_indicators = [
        attrs.evolve(i, target=parse_target("=60家")) if i.name == "危化实验室评估家数" else i
        for i in original.indicators
        if i.name != "设备覆盖率"
    ]
    revised = attrs.evolve(
        original,
        year=2026,
        indicators=original.indicators.replace(revised_indicators),
    )
    cmp = compare_years(original, revised)
    kinds = {c.key: c.kind for c in cmp.changes}
    assert kinds["危化实验室评估家数"] is ChangeKind.RAISED
    assert kinds["设备覆盖率"] is ChangeKind.DROPPED
    assert sum(k is ChangeKind.UNCHANGED for k in kinds.values()) == len(original.indicators) - 2
