"""Score a real project form (seed 003) after the year, with ILLUSTRATIVE completed values.

The seed is a published 财政项目支出绩效目标申报表 (a declaration: targets only). To show a
self-evaluation (绩效自评) we attach completed values (实际完成值) and an execution figure that
are MADE UP for this example — they are not from any published form.

Run: ``python examples/score_seed_project.py``
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs

import perfmodel
from perfmodel import FormKind, Project, parse_actual

SEED = (
    Path(__file__).resolve().parent.parent / "tests" / "data" / "seeds" / "003_c220910399858272.txt"
)

#: Illustrative completed values, by indicator name (made up, see the module docstring).
ILLUSTRATIVE_ACTUALS = {
    "环境整治工作覆盖率": "100%",
    "公交补贴工作完成率": "96%",
    "居民投诉处置及时率": "88%",
}


def with_illustrative_actuals(project: Project) -> Project:
    """A self-evaluation copy of ``project``: every indicator gets a made-up actual."""
    indicators = []
    for ind in project.indicators:
        text = ILLUSTRATIVE_ACTUALS.get(ind.name)
        if text is None and ind.target is not None:
            # otherwise: the target itself was reached (its canonical text, e.g. "=100.00%")
            text = str(ind.target).lstrip("=≥≤><") or ind.target.text
        indicators.append(attrs.evolve(ind, actual=None if text is None else parse_actual(text)))
    budget = attrs.evolve(
        project.budget,
        adjusted=project.budget.total,
        executed=(project.budget.total or Decimal(0)) * Decimal("0.9237"),
    )
    return attrs.evolve(
        project,
        indicators=indicators,
        budget=budget,
        form=FormKind.PROJECT_SELF_EVALUATION,
    )


def main() -> None:
    result = perfmodel.read_forms(SEED)
    project = next(d for d in result.documents if d.name == "规建-城市精细化管理")
    assert isinstance(project, Project)
    print(f"{project.name}（{project.year} 年度，{project.implementer}）")
    print(f"声明（申报）：{len(project.indicators)} 项指标，评价前：", perfmodel.evaluate(project))
    print(
        "\n*** 以下完成值为示例（虚构），仅用于演示评分 / completed values are ILLUSTRATIVE ***\n"
    )
    evaluation = perfmodel.evaluate(with_illustrative_actuals(project))
    assert evaluation.execution is not None
    print(f"预算执行率  {evaluation.execution.explanation}")
    for row in evaluation.indicators:
        score = row.score
        if score is None:
            continue
        print(f"{row.path}\n    {score.points} / {row.max_points} 分：{score.explanation}")
    print(f"\n{evaluation.explanation}；等级 {evaluation.grade.label if evaluation.grade else '—'}")
    if evaluation.needs_reason:
        print("需说明偏差原因：" + "、".join(p.rsplit("/", 1)[-1] for p in evaluation.needs_reason))


if __name__ == "__main__":
    main()
