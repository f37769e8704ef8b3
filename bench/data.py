"""Realistic generated documents for the benchmarks (not shipped).

Every indicator gets its own target and actual figures (two decimals drawn from wide ranges), so a
benchmark over them measures the scorer, not a cache. The mix follows the seed forms: percentages
(≥ / = / ≤), counts in 量词, lengths and areas in other units than the actual's, qualitative targets
with band words or the target's own label, changes with and without an amount, and a share of
written scoring rules (评(扣)分标准) and stated points (得分).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal

from perfmodel import Budget, Indicator, Project, parse_actual, parse_target
from perfmodel.model import FormKind

__all__ = ["indicator_rows", "make_projects"]

_COUNT_UNITS = ("个", "台", "株", "户", "家", "人次", "次", "件", "辆", "项")
_QUALITATIVE = ("及时", "规范", "到位", "建立健全", "达标", "有效", "合格", "优化")
_BANDS = ("达成", "部分达成", "未达成", "达成年度指标", "基本达成")
_RULES = (
    "达到目标值得满分，否则不得分",
    "未达到按比例扣分",
    "每降5%扣1分，扣完为止",
    "视偏差情况扣分",
    "±10%以内得5分，±10-15%以内得3分，±15-20%以内得1分，±20%以外不得分",
)
_LEVELS = (
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("产出指标", "成本指标"),
    ("效益指标", "社会效益指标"),
    ("效益指标", "可持续影响指标"),
    ("满意度指标", "服务对象满意度指标"),
)


def _d(rng: random.Random, low: float, high: float) -> str:
    cents = rng.randint(int(low * 100), int(high * 100))
    return f"{cents // 100}.{cents % 100:02d}"


def _values(rng: random.Random, written: float = 0.08) -> tuple[str, str, str | None]:
    """(target text, actual text, rule text) of one indicator; ``written`` is the share of
    indicators with a written scoring rule (评(扣)分标准)."""
    kind = rng.random()
    rule = rng.choice(_RULES) if rng.random() < written else None
    if kind < 0.35:  # percentages, positive or equality
        sym = rng.choice(("≥", "=", "≥", ""))
        t = _d(rng, 50, 100)
        a = _d(rng, 40, 110)
        return f"{sym}{t}(%)" if sym else f"{t}%以上", f"{a}%", rule
    if kind < 0.55:  # counts
        u = rng.choice(_COUNT_UNITS)
        count = rng.randint(1, 50000)
        done = max(0, count + rng.randint(-count // 3 - 1, count // 3 + 1))
        return (
            f"={count}.00({u})",
            f"{done}{u}" if rng.random() < 0.5 else f"={done}.00({u})",
            rule,
        )
    if kind < 0.65:  # reverse
        if rng.random() < 0.5:
            return f"≤{_d(rng, 0, 20)}(%)", f"{_d(rng, 0, 30)}%", rule
        return f"≤{rng.randint(1, 60)}天", f"{rng.randint(1, 90)}天", rule
    if kind < 0.72:  # unit conversion
        if rng.random() < 0.5:
            return f"≥{_d(rng, 1, 500)}万平方米", f"{rng.randint(10000, 6000000)}平方米", rule
        return f"={_d(rng, 1, 400)}(公里)", f"{rng.randint(1000, 500000)}米", rule
    if kind < 0.90:  # qualitative
        label = rng.choice(_QUALITATIVE)
        actual = rng.choice(_BANDS) if rng.random() < 0.6 else label
        return label, actual, None
    if rng.random() < 0.5:  # change with an amount
        return f"提升{_d(rng, 1, 20)}%", f"{_d(rng, 0, 25)}%", None
    return rng.choice(("提升", "下降", "较上一年提升")), rng.choice(("提升", "下降", "达成")), None


def indicator_rows(n: int, seed: int = 9) -> Iterator[tuple[str, str, str | None]]:
    """``n`` (target text, actual text, rule text) triples."""
    rng = random.Random(seed)
    for _ in range(n):
        yield _values(rng)


def make_projects(
    n_indicators: int,
    per_project: int = 15,
    seed: int = 9,
    written: float = 0.08,
    given: float = 0.3,
) -> list[Project]:
    """Self-evaluation projects holding ``n_indicators`` indicators in all; ``written`` is the
    share with a written scoring rule, ``given`` the share of stated 分值 with points (得分)."""
    rng = random.Random(seed)
    projects: list[Project] = []
    made = 0
    while made < n_indicators:
        count = min(per_project, n_indicators - made)
        inds = []
        for i in range(count):
            target, actual, rule = _values(rng, written)
            level1, level2 = rng.choice(_LEVELS)
            stated = rng.random() < 0.5
            max_points = Decimal(rng.choice((2, 3, 5, 10))) if stated else None
            points = None
            if stated and rng.random() < given:
                points = max_points - Decimal(rng.randint(0, 2)) if max_points else None
            inds.append(
                Indicator(
                    f"指标{made + i}",
                    level1,
                    level2,
                    parse_target(target),
                    rule_text=rule,
                    max_points=max_points,
                    actual=parse_actual(actual),
                    points=points if points is None or points >= 0 else None,
                    deviation_reason="原因" if rng.random() < 0.2 else None,
                )
            )
        budget = Decimal(rng.randint(10_000, 10_000_000))
        executed = (budget * Decimal(rng.randint(50, 100)) / 100).quantize(Decimal("0.01"))
        projects.append(
            Project(
                f"项目{len(projects)}",
                year=2025,
                budget=Budget(adjusted=budget, executed=executed),
                indicators=inds,
                form=FormKind.PROJECT_SELF_EVALUATION,
            )
        )
        made += count
    return projects
