"""Plots: every figure renders to a non-empty PNG with no missing CJK glyph."""

from __future__ import annotations

import datetime as dt
import io
import warnings
from decimal import Decimal
from pathlib import Path

import pytest

matplotlib = pytest.importorskip("matplotlib", reason="plots need the [plot] extra")
matplotlib.use("Agg")

from perfmodel import Policy, Project, ReportError, evaluate, read_forms  # noqa: E402
from perfmodel.report import plot  # noqa: E402

SEEDS = Path(__file__).parent / "data" / "seeds"
PNG = b"\x89PNG\r\n\x1a\n"
needs_cjk = pytest.mark.skipif(
    plot.cjk_font() is None,
    reason="no CJK font on this machine (fc-list :lang=zh is empty); .ci/run installs one",
)


@pytest.fixture(scope="module")
def seed001():
    (doc,) = read_forms(SEEDS / "001_f6d8f9a804f89db4.txt").documents
    return doc, evaluate(doc)


@pytest.fixture(scope="module")
def portfolio(seed001):
    evaluations = [seed001[1], evaluate(seed001[0], policy=Policy.whole_points())]
    for path in sorted(SEEDS.glob("*.txt")):
        evaluations += [evaluate(d) for d in read_forms(path).documents[:3]]
    return evaluations


def png_of(figure) -> bytes:
    """Draw the figure, failing on any warning (a missing glyph is a UserWarning)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.savefig(buffer, format="png", dpi=80)
    glyphs = [str(w.message) for w in caught if "Glyph" in str(w.message)]
    assert not glyphs, glyphs
    data = buffer.getvalue()
    assert data.startswith(PNG)
    assert len(data) > 5_000
    return data


@needs_cjk
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_figure_renders_with_cjk_labels(seed001, portfolio, lang):
    doc, ev = seed001
    figures = [
        plot.plot_points(ev, lang=lang),
        plot.plot_points(ev, level=2, lang=lang),
        plot.plot_execution(ev, lang=lang),
        plot.plot_execution(doc, as_of=dt.date(2023, 6, 30), lang=lang),
        plot.plot_portfolio(portfolio, lang=lang),
    ]
    for figure in figures:
        png_of(figure)


@needs_cjk
def test_figure_contents(seed001, portfolio):
    _, ev = seed001
    points = plot.plot_points(ev)
    labels = [t.get_text() for t in points.axes[0].get_yticklabels()]
    assert labels == ["预算执行率", "产出指标", "效益指标", "满意度指标"]
    widths = sorted(p.get_width() for p in points.axes[0].patches)
    assert widths[-1] == float(ev.subtotal("效益指标").max_points)
    execution = plot.plot_execution(ev)
    legend = [t.get_text() for t in execution.axes[0].get_legend().get_texts()]
    assert "年度资金总额 97.23%" in legend
    assert "基本支出 100.02%" in legend
    grades = plot.plot_portfolio(portfolio)
    heights = [p.get_height() for p in grades.axes[0].patches]
    # 优 (seed 001 under two policies, and once more from the seed folder); 良/中/差 none
    assert heights == [3, 0, 0, 0, len(portfolio) - 3]
    assert sum(e.grade is None for e in portfolio) == len(portfolio) - 3


def test_no_cjk_font_warns_and_english_works(seed001, monkeypatch):
    _, ev = seed001
    monkeypatch.setitem(plot._found, "name", None)
    with pytest.warns(plot.MissingFontWarning, match="fonts-noto-cjk"):
        plot.plot_points(ev)
    with warnings.catch_warnings():
        warnings.simplefilter("error", plot.MissingFontWarning)
        figure = plot.plot_points(ev, lang="en")
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert "Output" in labels
    assert "Budget execution" in labels


def test_font_from_environment(monkeypatch):
    font = plot.cjk_font()
    if font is None:
        pytest.skip("no CJK font on this machine")
    monkeypatch.setenv("PERFMODEL_CJK_FONT", font)
    assert plot.cjk_font(refresh=True) == font
    monkeypatch.setenv("PERFMODEL_CJK_FONT", "/no/such/font.ttf")
    assert plot.cjk_font(refresh=True) is not None
    monkeypatch.delenv("PERFMODEL_CJK_FONT")
    plot.cjk_font(refresh=True)


def test_expected_progress():
    assert plot.expected_progress(2023) == 1
    assert plot.expected_progress(2023, dt.date(2023, 12, 31)) == 1
    assert plot.expected_progress(2023, dt.date(2023, 1, 1)) == Decimal(1) / 365
    assert plot.expected_progress(2024, dt.date(2024, 7, 1)) == Decimal(183) / 366
    assert plot.expected_progress(2023, dt.date(2022, 5, 1)) == 0


def test_errors():
    with pytest.raises(ReportError, match="level"):
        plot.plot_points(evaluate(Project("p")), level=0)
    with pytest.raises(ReportError, match="no execution figures"):
        plot.plot_execution(evaluate(Project("p")))
