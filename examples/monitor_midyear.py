"""Mid-year monitoring (绩效运行监控) of a seed project — ILLUSTRATIVE FIGURES ONLY.

The project and its targets are real: 安全生产工作经费, read from the published 2025 target table
in ``tests/data/seeds/004_015558519d31119a.part1.txt``. Everything reported "to date" below —
the amount executed by 30 June, the actuals, the statuses, the reasons and actions — is MADE UP
to show how :func:`perfmodel.monitor` works; none of it comes from the unit.

The script monitors the project at 30 June under the default policy (linear 序时进度, behind at
10 points short, far behind at 20) and under the step curve 30 June → 50%, 30 September → 75%,
then compares the 2025 targets with an (equally made-up) revision for 2026. With ``--html`` it
saves both reports as one HTML page each to ``out/``; with ``--plot`` two figures (needs the
``plot`` extra).

Run from the repository root: ``python examples/monitor_midyear.py [--html] [--plot]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import attrs

import perfmodel
from perfmodel import IndicatorProgress, MonitoringPolicy, ProgressReport
from perfmodel.report import render

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "seeds" / "004_015558519d31119a.part1.txt"
BANNER = "【示例数据，仅供演示 / ILLUSTRATIVE: the figures to date are made up】"

#: Made-up progress to 30 June 2025 (illustrative).
PROGRESS = ProgressReport(
    "2025-06-30",
    executed="180000",  # of 438 000 yuan
    reason="部分检查服务合同 7 月才结算",
    action="督促第三方机构按月报送结算材料",
    indicators=[
        IndicatorProgress("危化实验室评估家数", actual="30家"),
        IndicatorProgress("重点企业检查家数", actual="250家"),
        IndicatorProgress(
            "安全生产标准化评审企业家数",
            actual="3家",
            reason="评审机构上半年排期已满",
            action="三季度集中开展评审",
        ),
        IndicatorProgress("设备覆盖率", actual="100%"),
        IndicatorProgress("设备使用率", actual="85%"),
        IndicatorProgress("监督检查覆盖率", share="45%"),
        IndicatorProgress("检查完成及时率", status="滞后"),
        IndicatorProgress("安全生产月活动开展及时率", status="正常推进"),
        IndicatorProgress("被检查企业较少发生生产安全事故次数", actual="0"),
        IndicatorProgress("设备持有者对设备使用情况的满意度", actual="92%"),
    ],
)


def seed_project() -> perfmodel.Project:
    docs = perfmodel.read_forms(SEED).documents
    doc = next(d for d in docs if d.name == "安全生产工作经费")
    assert isinstance(doc, perfmodel.Project)
    return doc


def revised_for_2026(doc: perfmodel.Project) -> perfmodel.Project:
    """A made-up 2026 version: one target raised, one dropped, one added (illustrative)."""
    indicators = [
        attrs.evolve(i, target=perfmodel.parse_target("=60家"))
        if i.name == "危化实验室评估家数"
        else i
        for i in doc.indicators
        if i.name != "设备覆盖率"
    ]
    indicators.append(
        perfmodel.Indicator("隐患整改率", "产出指标", "质量指标", perfmodel.parse_target("≥95%"))
    )
    return attrs.evolve(doc, year=2026, indicators=doc.indicators.replace(indicators))


def main(argv: list[str]) -> None:
    doc = seed_project()
    print(BANNER)
    result = perfmodel.monitor(doc, PROGRESS)
    print(render(result, format="text"))

    print(BANNER)
    step = perfmodel.monitor(doc, PROGRESS, monitoring=MonitoringPolicy.standard_step())
    ex = step.execution
    print(
        f"按阶梯序时进度（6 月底 50%、9 月底 75%）：序时进度 {ex.expected:.0%}，"
        f"执行率 {ex.share:.2%}，状态 {step.status.label if step.status else '—'}\n"
    )

    print(BANNER)
    comparison = perfmodel.compare_years(doc, revised_for_2026(doc))
    print(render(comparison, format="text"))

    out = ROOT / "out"
    if "--html" in argv:
        out.mkdir(exist_ok=True)
        (out / "monitor_midyear.html").write_text(render(result, format="html"), encoding="utf-8")
        (out / "compare_years.html").write_text(render(comparison, format="html"), encoding="utf-8")
        print(f"HTML reports saved to {out}")
    if "--plot" in argv:
        from perfmodel.report import plot_execution_progress, plot_indicator_progress

        out.mkdir(exist_ok=True)
        plot_execution_progress(step).savefig(out / "monitor_execution.png", dpi=120)
        plot_indicator_progress(result).savefig(out / "monitor_indicators.png", dpi=120)
        print(f"figures saved to {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
