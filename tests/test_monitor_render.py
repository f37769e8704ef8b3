"""Monitoring and year-over-year results through perfmodel.report: HTML, notebook display,
render() in every format and language, ReportError for what cannot be rendered, and the
monitoring plots under their own names."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from html.parser import HTMLParser

import pytest

import perfmodel.report as report
from perfmodel import (
    Budget,
    Indicator,
    IndicatorProgress,
    ProgressReport,
    Project,
    compare_years,
    evaluate,
    monitor,
    parse_actual,
    parse_target,
)
from perfmodel.errors import Diagnostic, PerfModelError, ReportError, Severity
from perfmodel.model import FormKind
from perfmodel.monitor import MonitoringResult, YearComparison
from perfmodel.report import notebook
from perfmodel.vocab import MONITORING_REPORT_LABELS

D = Decimal


class _Cells(HTMLParser):
    """Rows of the tables in an HTML fragment: [(tag, text, attributes), ...] per <tr>."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[str, str, dict[str, str]]]] = []
        self._cell: tuple[str, dict[str, str]] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = (tag, {k: v or "" for k, v in attrs})
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append((self._cell[0], "".join(self._text), self._cell[1]))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._text.append(data)


def rows_of(html: str) -> list[list[tuple[str, str, dict[str, str]]]]:
    parser = _Cells()
    parser.feed(html)
    return parser.rows


def row_texts(html: str) -> list[list[str]]:
    return [[text for _tag, text, _attrs in row] for row in rows_of(html)]


def cell(html: str, first: str, column: int) -> tuple[str, dict[str, str]]:
    """The text and attributes of column ``column`` in the (last) row starting with ``first``."""
    row = [r for r in rows_of(html) if r and r[0][1] == first][-1]
    return row[column][1], row[column][2]


# A hand-built project monitored at 30 June 2025 (day 181 of 365: 序时进度 49.59%).
def project() -> Project:
    return Project(
        "充电桩采购项目",
        year=2025,
        budget=Budget(annual_total=D(300000)),
        indicators=[
            Indicator("充电桩数量", "产出指标", "数量指标", parse_target("=60个")),
            Indicator("培训人次", "产出指标", "数量指标", parse_target("≥1000人次")),
            Indicator("充电桩质量合格率", "产出指标", "质量指标", parse_target("=100%")),
            Indicator("长效机制健全性", "效益指标", "可持续影响指标", parse_target("建立健全")),
        ],
    )


def monitored() -> MonitoringResult:
    return monitor(
        project(),
        ProgressReport(
            "2025-06-30",
            executed=90000,
            indicators=[
                IndicatorProgress("充电桩数量", actual="20个"),
                IndicatorProgress("培训人次", actual="100人次"),
                IndicatorProgress("充电桩质量合格率", actual="100%"),
                IndicatorProgress("长效机制健全性", status="正常推进"),
            ],
        ),
    )


def scored(year: int, target: str, actual: str, extra: str | None = None) -> Project:
    indicators = [
        Indicator(
            "数量",
            "产出指标",
            "数量指标",
            parse_target(target),
            actual=parse_actual(actual),
            max_points=D(90),
        )
    ]
    if extra is not None:
        indicators.append(Indicator(extra, "产出指标", "质量指标", parse_target("≥90%")))
    return Project(
        "项目",
        year=year,
        form=FormKind.PROJECT_SELF_EVALUATION,
        budget=Budget(adjusted=D(100), executed=D(100)),
        indicators=indicators,
    )


def compared() -> YearComparison:
    # 2024: 80 of ≥100个 → 72 of 90 points + 10 for full execution = 82
    # 2025: 120 of ≥120个 → 90 + 10 = 100; the target rose by 20个
    return compare_years(scored(2024, "≥100个", "80个", "旧指标"), scored(2025, "≥120个", "120个"))


# --- HTML ----------------------------------------------------------------------------------------


def test_monitoring_html_states_figures_and_statuses() -> None:
    html = report.monitoring_html(monitored())
    assert html.startswith('<section class="card monitoring"><h1>绩效运行监控：充电桩采购项目</h1>')
    assert html.endswith("</section>")
    # key figures: 90 000 / 300 000 = 30%; 181/365 = 49.59%; 300 000 × 181/365 = 148 767.12
    assert cell(html, "监控日", 1)[0] == "2025-06-30"
    assert cell(html, "时间进度", 1) == ("49.59%", {"class": "num"})
    assert cell(html, "执行率", 1) == ("30%", {"class": "num"})
    assert cell(html, "序时应执行", 1)[0] == "148,767.12"
    assert cell(html, "低于序时进度", 1)[0] == "19.59个百分点"
    # 19.59 points short: behind (≥ 10), not far behind (≥ 20)
    assert cell(html, "状态", 1) == ("滞后", {"class": "warning", "data-status": "behind"})
    texts = row_texts(html)
    head = texts.index(["指标", "目标", "填报", "完成", "序时进度", "预计年末", "状态"])
    assert texts[head + 1] == [
        "充电桩数量",
        "=60个",
        "20个",
        "33.33%",  # 20 / 60
        "49.59%",
        "40.33个",  # 20 ÷ 181/365
        "滞后",  # 16.26 points short
    ]
    # 100 of 1000: 39.59 points short → far behind, drawn as an error
    assert cell(html, "培训人次", 6) == (
        "严重滞后",
        {"class": "error", "data-status": "far_behind"},
    )
    assert cell(html, "充电桩质量合格率", 6) == ("正常", {"class": "ok", "data-status": "on_track"})
    assert cell(html, "长效机制健全性", 6)[0] == "正常"
    assert "<h2>需说明偏差原因及纠偏措施</h2>" in html
    assert "<li>产出指标/数量指标/培训人次（未说明）</li>" in html
    assert "<h2>预计自评得分</h2>" in html


def test_monitoring_html_in_english_and_escaped() -> None:
    html = report.monitoring_html(monitored(), lang="en")
    assert "<h1>Performance monitoring: 充电桩采购项目</h1>" in html
    assert cell(html, "Execution rate", 1)[0] == "30%"
    assert cell(html, "Status", 1) == ("behind", {"class": "warning", "data-status": "behind"})
    assert cell(html, "培训人次", 6)[0] == "far behind"
    assert "<h2>Needing a reason for deviation and corrective action</h2>" in html
    weird = monitor(Project("<b>&", year=2025), ProgressReport("2025-06-30"))
    assert "<h1>绩效运行监控：&lt;b&gt;&amp;</h1>" in report.monitoring_html(weird)


def test_comparison_html_states_changes_and_scores() -> None:
    html = report.comparison_html(compared())
    assert html.startswith(
        '<section class="card comparison"><h1>年度对比：项目 2024 → 项目 2025</h1>'
    )
    assert cell(html, "目标值提高", 1)[0] == "1"
    assert cell(html, "删除", 1)[0] == "1"
    assert cell(html, "新增", 1)[0] == "0"
    assert cell(html, "上年总分", 1)[0] == "82"
    assert cell(html, "本年总分", 1)[0] == "100"
    assert cell(html, "变化", 1) == ("+18", {"class": "num"})
    texts = row_texts(html)
    assert ["数量", "目标值提高", "≥100个", "≥120个", "+20个", "更严", "+18"] in texts
    assert "<h2>未能配对</h2>" in html
    assert "<li>产出指标/质量指标/旧指标</li>" in html
    english = report.comparison_html(compared(), lang="en")
    assert ["数量", "target raised", "≥100个", "≥120个", "+20个", "stricter", "+18"] in row_texts(
        english
    )
    assert cell(english, "Later total", 1)[0] == "100"


def test_repr_html_is_the_notebook_html() -> None:
    r, c = monitored(), compared()
    assert r._repr_html_() == notebook.monitoring_result_html(r)
    assert c._repr_html_() == notebook.year_comparison_html(c)
    for shown, section in (
        (r._repr_html_(), report.monitoring_html(r)),
        (c._repr_html_(), report.comparison_html(c)),
    ):
        assert shown.startswith('<div class="pm-nb"><style>')
        assert shown.endswith(section + "</div>")
    # the same look as the other notebook displays: one scoped stylesheet
    assert (
        r._repr_html_().split("</style>")[0]
        == evaluate(project())._repr_html_().split("</style>")[0]
    )


# --- render() ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_render_monitoring_in_every_format(lang: str) -> None:
    r = monitored()
    assert report.render(r, format="md", lang=lang) == report.monitoring_markdown(r, lang=lang)
    assert report.render(r, format="text", lang=lang) == report.monitoring_text(r, lang=lang)
    page = report.render(r, format="html", lang=lang)
    assert page.startswith("<!DOCTYPE html>")
    assert f'<html lang="{"en" if lang == "en" else "zh-CN"}">' in page
    assert "<title>充电桩采购项目</title>" in page
    assert "@page" in page
    assert report.monitoring_html(r, lang=lang) in page
    status = MONITORING_REPORT_LABELS["far_behind"][lang == "en"]
    for fmt in ("md", "html", "text"):
        out = report.render(r, format=fmt, lang=lang)
        assert status in out
        assert "148,767.12" in out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_render_comparison_in_every_format(lang: str) -> None:
    c = compared()
    assert report.render(c, format="md", lang=lang) == report.comparison_markdown(c, lang=lang)
    assert report.render(c, format="text", lang=lang) == report.comparison_text(c, lang=lang)
    page = report.render(c, format="html", lang=lang)
    assert report.comparison_html(c, lang=lang) in page
    assert "<title>项目 → 项目</title>" in page
    raised = MONITORING_REPORT_LABELS["raised"][lang == "en"]
    for fmt in ("md", "html", "text"):
        assert raised in report.render(c, format=fmt, lang=lang)


def test_english_markdown_and_text() -> None:
    md = report.monitoring_markdown(monitored(), lang="en")
    assert md.startswith("# Performance monitoring: 充电桩采购项目\n")
    assert "- **Execution rate**: 30%" in md
    assert "- **Shortfall**: 19.59 percentage points" in md
    assert "| Indicator" in md
    text = report.comparison_text(compared(), lang="en")
    assert text.startswith("Year-over-year comparison: 项目 2024 → 项目 2025\n")
    assert "Earlier total  82" in text


def test_render_refuses_what_it_cannot_render() -> None:
    r = monitored()
    assert issubclass(ReportError, PerfModelError)
    with pytest.raises(
        ReportError, match=r"cannot render an Evaluation: .*render\(doc, evaluation\)"
    ):
        report.render(evaluate(project()))  # type: ignore[arg-type]
    with pytest.raises(ReportError, match="cannot render a str: render takes a Unit, Project"):
        report.render("充电桩采购项目")  # type: ignore[arg-type]
    with pytest.raises(ReportError, match="cannot render a list"):
        report.render([r])  # type: ignore[arg-type]
    with pytest.raises(ReportError, match="a MonitoringResult carries its own"):
        report.render(r, evaluate(project()))
    diag = Diagnostic(Severity.INFO, "X1", "x")
    with pytest.raises(ReportError, match="a YearComparison carries its own"):
        report.render(compared(), diagnostics=[diag])
    with pytest.raises(ReportError, match="carries its own"):
        report.render(r, kind="declaration")
    with pytest.raises(ReportError, match="lang must be 'zh' or 'en', not 'fr'"):
        report.render(r, lang="fr")
    with pytest.raises(ReportError, match="format must be one of md, html, text, not 'pdf'"):
        report.render(r, format="pdf")


# --- plots ---------------------------------------------------------------------------------------


def test_monitoring_plot_has_its_own_name() -> None:
    pytest.importorskip("matplotlib")
    from perfmodel.report import monitoring_plot, plot

    assert report.plot_execution_progress is monitoring_plot.plot_execution_progress
    assert report.plot_indicator_progress is monitoring_plot.plot_indicator_progress
    assert report.plot_execution is plot.plot_execution
    assert not hasattr(monitoring_plot, "plot_execution")
    fig = report.plot_execution_progress(monitored())
    assert fig.axes[0].get_title() == "充电桩采购项目：预算执行进度（截至 2025-06-30）"
    with pytest.raises(AttributeError, match="no attribute 'plot_nothing'"):
        _ = report.plot_nothing


def test_rendering_monitoring_does_not_load_matplotlib() -> None:
    code = (
        "import sys, perfmodel.report\n"
        "from perfmodel import Project, ProgressReport, monitor, compare_years\n"
        "r = monitor(Project('p', year=2025), ProgressReport('2025-06-30'))\n"
        "perfmodel.report.render(r, format='html'); r._repr_html_()\n"
        "compare_years(Project('p'), Project('p'))._repr_html_()\n"
        "print('matplotlib' in sys.modules)\n"
        "plot = perfmodel.report.plot_indicator_progress\n"
        "print('matplotlib' in sys.modules)\n"
        "plot(r)\n"
        "print('matplotlib' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # matplotlib is imported when a plot is drawn, not when its function is looked up
    assert out.stdout.split() == ["False", "False", "True"]
