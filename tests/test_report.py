"""Reports: golden scorecards of the seed self-evaluation, declarations of every seed, text
alignment, languages, notebook display.

Set PERFMODEL_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change, then read
the diff by eye: the files must read like the official form.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfmodel import (
    Budget,
    Diagnostic,
    Indicator,
    IndicatorTree,
    Location,
    Project,
    ReportError,
    Severity,
    Unit,
    evaluate,
    parse_actual,
    parse_target,
    read_forms,
)
from perfmodel.report import (
    build_scorecard,
    render,
    render_html,
    render_many,
    render_markdown,
    render_text,
)
from perfmodel.report.tables import Table, group_diagnostics
from perfmodel.report.text import display_width, render_table, wrap_display

SEEDS = Path(__file__).parent / "data" / "seeds"
GOLDEN = Path(__file__).parent / "golden"
SEED_001 = SEEDS / "001_f6d8f9a804f89db4.txt"
ALL_SEEDS = sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def seed001():
    result = read_forms(SEED_001)
    (doc,) = result.documents
    return doc, evaluate(doc), result.diagnostics


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("PERFMODEL_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with PERFMODEL_UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Golden files
# ---------------------------------------------------------------------------------------------


def test_golden_markdown_seed001(seed001):
    doc, ev, diags = seed001
    _golden("001_self_evaluation.md", render_markdown(doc, ev, diagnostics=diags))


def test_golden_text_seed001(seed001):
    doc, ev, diags = seed001
    _golden("001_self_evaluation.txt", render_text(doc, ev, diagnostics=diags, width=120))


def test_golden_markdown_seed001_english(seed001):
    doc, ev, diags = seed001
    _golden("001_self_evaluation.en.md", render_markdown(doc, ev, lang="en", diagnostics=diags))


def test_golden_text_declaration_seed003():
    result = read_forms(SEEDS / "003_c220910399858272.txt")
    doc = result.documents[0]
    diags = [d for d in result.diagnostics if d.location.form == doc.name]
    _golden("003_declaration.txt", render_text(doc, diagnostics=diags, width=100))


# ---------------------------------------------------------------------------------------------
# What the self-evaluation table says (independent of the golden files)
# ---------------------------------------------------------------------------------------------


def test_seed001_scorecard_figures(seed001):
    doc, ev, diags = seed001
    card = build_scorecard(doc, ev, diagnostics=diags)
    assert card.kind == "self_evaluation"
    assert (card.total, card.grade) == (str(ev.total), ev.grade.label)
    tables = {t.key: t for t in card.tables}
    funds = tables["funds"]
    assert funds.columns[:7] == (
        "预算资金（万元）",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    )
    # 年初 15,249.65 万元, 调整后 14,445.82, 执行 14,046.37 (from the form's prose)
    assert funds.rows[0][1:4] == ("15249.65", "14445.82", "14046.37")
    assert funds.rows[0][6] == str(ev.execution.points)
    # the stated 基本支出 rate 99.42% disagrees with 333.77 / 333.71: both are shown
    basic = next(r for r in funds.rows if "基本支出" in r[0])
    assert "表列 99.42%" in basic[5]
    indicators = tables["indicators"]
    assert len(indicators.rows) == len(doc.indicators) + 2
    names = [r[2] for r in indicators.rows[:-2]]
    assert names == [i.name for i in doc.indicators]
    scored = [r[6] for r in indicators.rows[:-2]]
    assert scored == [str(r.points) for r in ev.indicators]
    assert indicators.rows[-2][0] == "总分"
    assert indicators.rows[-2][6] == str(ev.total)
    assert indicators.rows[-1][0] == "等级"
    assert indicators.rows[-1][6] == ev.grade.label
    # every scored row carries its explanation
    assert all(r[8] for r in indicators.rows[:-2])
    summary = tables["summary"]
    assert [r[0] for r in summary.rows] == [
        "预算执行率",
        *(s.level1 for s in ev.level1),
        "合计",
        "总分",
    ]
    assert [g.severity for g in card.diagnostics] == [Severity.WARNING, Severity.INFO]


def test_missing_reason_is_marked_and_listed():
    ind = Indicator(
        "覆盖率",
        "产出指标",
        "数量指标",
        parse_target("≥90%"),
        actual=parse_actual("60%"),
        max_points=Decimal(50),
    )
    doc = Project("p", indicators=[ind], budget=Budget(adjusted=Decimal(10), executed=Decimal(5)))
    ev = evaluate(doc)
    assert ev.needs_reason
    md = render_markdown(doc, ev)
    assert "（未填写，需补充）" in md
    assert "### 需补充偏差原因的指标" in md
    assert "产出指标/数量指标/覆盖率" in md


def test_stated_deviation_reason_is_shown():
    ind = Indicator(
        "覆盖率",
        "产出指标",
        "数量指标",
        parse_target("≥90%"),
        actual=parse_actual("60%"),
        max_points=Decimal(50),
        deviation_reason="资金延迟到位",
    )
    text = render_text(Project("p", indicators=[ind]), width=200)
    assert "资金延迟到位" in text
    assert "需补充" not in text


# ---------------------------------------------------------------------------------------------
# Declarations: every seed form renders in every format
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL_SEEDS, ids=lambda p: p.name[:3])
def test_every_seed_renders_in_every_format(path):
    result = read_forms(path)
    assert result.documents
    for doc in result.documents:
        card = build_scorecard(doc, diagnostics=result.diagnostics)
        expected_kind = "self_evaluation" if doc.form.is_self_evaluation else "declaration"
        assert card.kind == expected_kind
        for fmt in ("md", "html", "text"):
            out = render(doc, format=fmt, diagnostics=result.diagnostics)
            assert doc.name.replace("&", "&amp;") in out or doc.name in out
            for indicator in doc.indicators:
                # text wraps long cells: look for the first characters there
                assert (indicator.level2[:2] if fmt == "text" else indicator.level2) in out


def test_declaration_layouts():
    result = read_forms(SEEDS / "000_c8b0f807fc1c3868.txt")
    (unit,) = result.documents
    card = build_scorecard(unit)
    assert card.title == "单位整体支出绩效目标申报表"
    keys = [t.key for t in card.tables]
    assert keys == ["header", "funds", "goals", "tasks", "indicators"]
    funds = next(t for t in card.tables if t.key == "funds")
    assert funds.rows[0] == ("预算总额", "26061.17")
    project = read_forms(SEEDS / "004_015558519d31119a.part1.txt").documents[0]
    card = build_scorecard(project)
    assert card.title == "财政项目支出绩效目标表"
    goals = next(t for t in card.tables if t.key == "goals")
    assert any(label.startswith("项目总目标") for label, _ in goals.rows)


def test_kind_can_be_forced(seed001):
    doc, ev, _ = seed001
    assert build_scorecard(doc, ev, kind="declaration").kind == "declaration"
    forced = build_scorecard(Project("p"), kind="self_evaluation")
    assert forced.kind == "self_evaluation"
    assert forced.total is None


# ---------------------------------------------------------------------------------------------
# Text: width and alignment
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL_SEEDS, ids=lambda p: p.name[:3])
def test_text_tables_are_aligned(path):
    """Every line of every drawn table has the same display width (CJK counted double)."""
    result = read_forms(path)
    for doc in result.documents[:5]:
        text = render_text(doc, width=110)
        blocks = re.findall(r"((?:^[+|].*\n)+)", text, flags=re.M)
        assert blocks
        for block in blocks:
            widths = {display_width(line) for line in block.splitlines()}
            assert len(widths) == 1, block


@given(st.text(alphabet="产出指标abc 12（）%\n", max_size=60), st.integers(2, 30))
def test_wrap_display_keeps_text_and_width(text, width):
    lines = wrap_display(text, width)
    assert all(display_width(line) <= max(width, 2) for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")


def test_merged_cells_have_no_rule_through_them():
    table = Table(
        ("一级", "二级", "三级"),
        (("产出", "数量", "a"), ("产出", "数量", "b"), ("效益", "社会", "c")),
        merge=2,
    )
    lines = render_table(table).splitlines()
    # the rule between a and b is blank under 一级 and 二级; the one before c is full
    assert lines[4].startswith("|      |      +")
    assert lines[6].startswith("+------+------+")


def test_text_width_limits_lines(seed001):
    doc, ev, _ = seed001
    for width in (80, 100, 140):
        text = render_text(doc, ev, width=width)
        table_lines = [line for line in text.splitlines() if line[:1] in "+|"]
        assert max(display_width(line) for line in table_lines) <= width


# ---------------------------------------------------------------------------------------------
# Languages, formats, escaping, diagnostics
# ---------------------------------------------------------------------------------------------


def test_english_headings(seed001):
    doc, ev, _ = seed001
    md = render_markdown(doc, ev, lang="en")
    assert "| Level 1 | Level 2 | Indicator | Annual target | Actual |" in md
    assert "Excellent (优)" in md
    assert "一级指标" not in md


def test_bad_arguments_raise_report_errors():
    with pytest.raises(ReportError, match="format"):
        render(Project("p"), format="docx")
    with pytest.raises(ReportError, match="lang"):
        render(Project("p"), lang="fr")
    with pytest.raises(ReportError, match="kind"):
        build_scorecard(Project("p"), kind="other")


def test_html_escapes_and_is_self_contained():
    doc = Project("<script>alert(1)</script> & 项目", year=2024)
    page = render_html(doc)
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert "@page" in page
    assert "A4" in page
    assert "sans-serif" in page


def test_markdown_escapes_pipes():
    ind = Indicator("a|b", "产出指标", "数量指标", parse_target("≥1个"))
    md = render_markdown(Project("p", indicators=[ind]))
    assert "a\\|b" in md


def test_render_many_joins_documents(seed001):
    doc, ev, diags = seed001
    items = [(doc, ev, diags), (Project("另一个项目"), None, ())]
    assert render_many(items, format="md").count("\n---\n") == 1
    html = render_many(items, format="html")
    assert html.count('<section class="card">') == 2
    assert 'id="s1n1"' in html
    assert 'id="s2n1"' not in html
    assert render_many(items, format="text").count("财政项目支出绩效目标申报表") == 1


def test_diagnostics_grouped_by_severity_errors_first():
    diags = [
        Diagnostic(Severity.INFO, "R1", "info", Location("dir/a.txt", 3)),
        Diagnostic(Severity.ERROR, "PM1", "bad", Location("dir/a.txt", 5, "other form", "budget")),
        Diagnostic(Severity.WARNING, "R2", "warn", expected="3"),
        Diagnostic(Severity.INFO, "R1", "info", Location("dir/a.txt", 3)),
    ]
    groups = group_diagnostics(diags, form="this form")
    assert [g.label for g in groups] == ["错误", "警告", "提示"]
    assert groups[0].lines == ("a.txt:5: PM1 bad [other form; budget]",)
    assert groups[1].lines == ("R2 warn [expected 3]",)
    assert len(groups[2].lines) == 1
    text = render_text(Project("this form"), diagnostics=diags)
    assert text.index("错误（1）") < text.index("警告（1）") < text.index("提示（1）")
    assert "无诊断信息" in render_text(Project("p"))


# ---------------------------------------------------------------------------------------------
# Notebook display
# ---------------------------------------------------------------------------------------------


def test_notebook_reprs(seed001):
    doc, ev, _ = seed001
    result = read_forms(SEED_001)
    tree = doc.indicators
    for obj, needle in (
        (doc, doc.name),
        (tree, "受益群体满意度"),
        (ev, str(ev.total)),
        (result, doc.name),
        (Project("p", year=2024, budget=Budget(total=Decimal(10000))), "1.00"),
        (Unit("u"), "单位整体支出绩效目标申报表"),
        (IndicatorTree(), "<table>"),
    ):
        html = obj._repr_html_()
        assert html.startswith('<div class="pm-nb">')
        assert needle in html
        assert "<script" not in html
        assert "http" not in html
        assert len(repr(obj)) < 200
    assert "需补充偏差原因" not in ev._repr_html_()


def test_notebook_read_result_lists_problems():
    html = read_forms("not a form at all")._repr_html_()
    assert "R003" in html
    assert 'class="error"' in html


def test_markdown_escapes_html_and_markup_in_every_text_cell() -> None:
    from perfmodel.report.markdown import escape

    name = "<script>alert(1)</script>"
    doc = Unit(
        f"{name} 单位",
        year=2025,
        indicators=[Indicator(f"*{name}* & [x](y)", "产出指标", "数量指标", parse_target("≥1个"))],
    )
    out = render(doc, format="md")
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 单位" in out
    assert r"\*&lt;script&gt;alert(1)&lt;/script&gt;\* &amp; [x\](y)" in out
    assert escape("# 一\n- 二") == r"\# 一<br>- 二"
    assert escape("- 二") == r"\- 二"
    assert escape("12. 三") == r"12\. 三"
    assert escape("[ ] 四") == r"\[ ] 四"
    assert escape("---") == r"\---"
    for plain in ("≥90%", "1.00", "-5%", "001_f6d8f9a804f89db4.txt", "达成（[80%, 100%]）"):
        assert escape(plain) == plain


def test_monitoring_markdown_escapes_html() -> None:
    from perfmodel import ProgressReport, monitor
    from perfmodel.report.monitoring import monitoring_markdown

    project = Project(
        "<b>项目</b>|x",
        year=2025,
        start="2025-01-01",
        end="2025-12-31",
        budget=Budget(total=Decimal(100)),
    )
    report = ProgressReport.from_dict({"as_of": "2025-06-30", "executed": "40"})
    out = monitoring_markdown(monitor(project, report))
    assert "<b>" not in out
    assert r"&lt;b&gt;项目&lt;/b&gt;\|x" in out
