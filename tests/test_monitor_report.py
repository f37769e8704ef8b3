"""Monitoring reports (Markdown, aligned text) and figures."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from perfmodel import (
    Budget,
    Indicator,
    IndicatorProgress,
    MonitoringPolicy,
    ProgressReport,
    Project,
    TrackStatus,
    compare_years,
    monitor,
    parse_actual,
    parse_target,
)
from perfmodel.model import FormKind
from perfmodel.report.monitoring import (
    comparison_markdown,
    comparison_text,
    display_width,
    monitoring_markdown,
    monitoring_text,
    pad,
)

D = Decimal


def doc() -> Project:
    return Project(
        "电动自行车充电桩采购项目",
        year=2025,
        start="2025-01-01",
        end="2025-12-31",
        budget=Budget(annual_total=D(300000)),
        indicators=[
            Indicator("充电桩数量", "产出指标", "数量指标", parse_target("=60个")),
            Indicator("充电桩质量合格率", "产出指标", "质量指标", parse_target("=100%")),
            Indicator("长效机制健全性", "效益指标", "可持续影响指标", parse_target("建立健全")),
            Indicator("受益群众满意度", "满意度指标", "服务对象满意度指标", parse_target("≥90%")),
        ],
    )


def result() -> object:
    return monitor(
        doc(),
        ProgressReport(
            "2025-06-30",
            executed=90000,
            indicators=[
                IndicatorProgress("充电桩数量", actual="20个"),
                IndicatorProgress("充电桩质量合格率", actual="100%"),
                IndicatorProgress(
                    "长效机制健全性", share="30%", reason="制度起草中", action="三季度印发"
                ),
                IndicatorProgress("不存在", status="正常"),
            ],
        ),
    )


def test_display_width_and_pad() -> None:
    assert display_width("预算执行率 86%") == 14
    assert display_width("ＡＢ") == 4  # full-width letters
    assert display_width("é") == 1  # e + combining accent
    assert pad("中", 4) == "中  "
    assert pad("abcdef", 3) == "abcdef"


def test_monitoring_text_is_aligned_for_cjk() -> None:
    text = monitoring_text(result())  # type: ignore[arg-type]
    lines = text.splitlines()
    assert lines[0] == "绩效运行监控：电动自行车充电桩采购项目"
    assert lines[1] == "=" * display_width(lines[0])
    header = next(i for i, line in enumerate(lines) if line.startswith("指标  "))
    rows = lines[header + 2 : header + 6]
    # the 目标 column starts at the same display column on every row
    column = display_width(lines[header][: lines[header].index("目标")])
    targets = ["=60个", "=100%", "建立健全", "≥90%"]
    for row, target in zip(rows, targets, strict=True):
        assert display_width(row[: row.index(target)]) == column
    assert "预算执行" in text
    assert "产出指标/数量指标/充电桩数量（未说明）" in text
    assert "效益指标/可持续影响指标/长效机制健全性（已说明）" in text
    assert "未能匹配的填报：不存在" in text
    assert "MN101" in text


def test_monitoring_markdown() -> None:
    r = result()
    md = monitoring_markdown(r)  # type: ignore[arg-type]
    assert md.startswith("# 绩效运行监控：电动自行车充电桩采购项目\n")
    assert "## 预算执行" in md
    assert "- **执行率**：30%" in md  # 90 000 / 300 000
    assert "- **序时进度**：49.59%" in md
    assert "| 充电桩数量" in md
    assert "| 40.33个" in md
    assert "## 预计自评得分" in md
    assert "- **预计总分**：" in md
    assert md.count("\n|---") == 1  # one table: the indicators


def test_monitoring_report_without_forecast_or_indicators() -> None:
    r = monitor(Project("空项目", year=2025), ProgressReport("2025-06-30"))
    text = monitoring_text(r)
    assert "无可推算的指标，未预计" in text
    assert "指标进展" not in text
    assert "未评价" in text


def test_markdown_escapes_pipes() -> None:
    weird = Project(
        "a|b",
        year=2025,
        indicators=[Indicator("x|y", "产出指标", "数量指标", parse_target("=1个"))],
    )
    md = monitoring_markdown(
        monitor(weird, ProgressReport("2025-06-30", indicators={"x|y": "1个"}))
    )
    assert "| x\\|y" in md


def test_comparison_reports() -> None:
    def scored(year: int, target: str, actual: str) -> Project:
        return Project(
            "项目",
            year=year,
            form=FormKind.PROJECT_SELF_EVALUATION,
            budget=Budget(adjusted=D(100), executed=D(100)),
            indicators=[
                Indicator(
                    "数量",
                    "产出指标",
                    "数量指标",
                    parse_target(target),
                    actual=parse_actual(actual),
                    max_points=D(90),
                ),
            ],
        )

    cmp = compare_years(scored(2024, "≥100个", "80个"), scored(2025, "≥120个", "120个"))
    md = comparison_markdown(cmp)
    assert md.startswith("# 年度对比：项目 2024 → 项目 2025")
    assert "- **目标值提高**：1" in md
    assert "- **变化**：+18" in md  # 82 → 100
    assert "| +20个" in md
    assert "| 更严" in md
    assert "| +18 " in md
    text = comparison_text(cmp)
    assert "上年总分  82" in text
    other = compare_years(
        Project("甲", indicators=[Indicator("x", "产出指标", "数量指标", parse_target("=5台"))]),
        Project("乙", indicators=[Indicator("y", "产出指标", "数量指标", parse_target("=5台"))]),
    )
    text = comparison_text(other)
    assert "未能配对" in text
    assert "产出指标/数量指标/x" in text
    assert "MN401" in text


# --- figures -----------------------------------------------------------------------------------


def test_perfmodel_import_does_not_load_matplotlib() -> None:
    code = "import sys, perfmodel, perfmodel.report.monitoring; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_plot_execution_progress() -> None:
    pytest.importorskip("matplotlib")
    from perfmodel.report.monitoring_plot import curve_points, plot_execution_progress

    r = monitor(
        doc(),
        ProgressReport("2025-06-30", executed=90000),
        monitoring=MonitoringPolicy.standard_step(),
    )
    fig = plot_execution_progress(r)
    ax = fig.axes[0]
    lines = ax.get_lines()
    _days, shares = curve_points(r.monitoring.curve, r.start, r.end)
    assert list(lines[0].get_ydata()) == shares
    assert shares[0] == 0
    assert shares[-1] == 100
    # execution line from 0 to 30% at the as-of date, projection to 30% ÷ 50% = 60% at the end
    executed = next(line for line in lines if line.get_label() == "累计执行")
    assert list(executed.get_ydata()) == [0.0, 30.0]
    projected = next(line for line in lines if line.get_label() == "按当前进度预计")
    assert list(projected.get_ydata()) == [30.0, 60.0]
    assert r.execution.status is TrackStatus.FAR_BEHIND  # 20 points short
    assert ax.get_title().startswith("电动自行车充电桩采购项目")
    fig.canvas.draw()


def test_plot_on_given_axes_and_long_periods() -> None:
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    from perfmodel.report.monitoring_plot import curve_points, plot_execution_progress

    fig = Figure()
    ax = fig.add_subplot()
    r = monitor(Project("p", year=2025), ProgressReport("2025-06-30"))
    assert plot_execution_progress(r, ax=ax) is fig
    import datetime as dt

    from perfmodel.monitor import ExpectedCurve

    days, shares = curve_points(ExpectedCurve.linear(), dt.date(2020, 1, 1), dt.date(2029, 12, 31))
    assert len(days) <= 801
    assert days[-1] == dt.date(2029, 12, 31)
    assert shares == sorted(shares)


def test_plot_indicator_progress() -> None:
    pytest.importorskip("matplotlib")
    from perfmodel.report.monitoring_plot import plot_indicator_progress

    r = result()
    fig = plot_indicator_progress(r)  # type: ignore[arg-type]
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["充电桩数量", "充电桩质量合格率", "长效机制健全性"]
    widths = [patch.get_width() for patch in ax.patches]
    # 20/60, 100/100, reported 30%
    assert widths == pytest.approx([100 / 3, 100.0, 30.0])
    empty = plot_indicator_progress(monitor(Project("p", year=2025), ProgressReport("2025-06-30")))
    assert any("无可计算" in t.get_text() for t in empty.axes[0].texts)


def test_worked_example_runs_and_says_it_is_illustrative() -> None:
    script = Path(__file__).resolve().parent.parent / "examples" / "monitor_midyear.py"
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True
    ).stdout
    assert out.count("ILLUSTRATIVE") == 3
    assert "绩效运行监控：安全生产工作经费" in out
    assert "年度对比：安全生产工作经费 2025 → 安全生产工作经费 2026" in out
