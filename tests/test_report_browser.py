"""The HTML scorecard in a real browser: headless Chromium opens it, a screenshot is taken,
and the table's text is read back from the DOM.

Runs when Debian's chromium (/usr/bin/chromium) and Playwright's Python package are present;
.ci/run installs both, so CI always runs it. Elsewhere it is skipped with the reason.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from perfmodel import evaluate, read_forms
from perfmodel.report import render, render_html
from perfmodel.validate import validate

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SEED_001 = Path(__file__).parent / "data" / "seeds" / "001_f6d8f9a804f89db4.txt"
OUT = Path(__file__).resolve().parent.parent / "out" / "screenshots"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="no Chromium at /usr/bin/chromium (apt-get install chromium; .ci/run does)",
)


@pytest.fixture(scope="module")
def page_of(tmp_path_factory):
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright's Python package is not installed"
    )
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)

        def open_page(html: str, name: str):
            path = tmp_path_factory.mktemp("html") / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            page = browser.new_page(viewport={"width": 900, "height": 1200})
            page.goto(path.as_uri())
            OUT.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
            return page

        yield open_page
        browser.close()


def test_seed001_scorecard_in_chromium(page_of):
    result = read_forms(SEED_001)
    (doc,) = result.documents
    ev = evaluate(doc)
    html = render_html(doc, ev, diagnostics=[*result.diagnostics, *validate(doc)])
    page = page_of(html, "seed001")
    assert (OUT / "seed001.png").stat().st_size > 10_000
    assert page.title() == doc.name
    assert page.locator("h1").inner_text() == "部门(单位)整体支出绩效自评表"
    heads = page.locator('table[data-table="indicators"] thead th').all_inner_texts()
    assert heads == [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
        "注",
    ]
    rows = page.locator('table[data-table="indicators"] tbody tr')
    assert rows.count() == len(doc.indicators) + 2
    first = rows.nth(0).locator("td").all_inner_texts()
    assert first[:7] == ["产出指标", "数量指标", "公园养护数", "=12.00(个)", "12", "1", "1.00"]
    # merged cells: 产出指标 spans its 14 rows, as on the printed form
    assert rows.nth(0).locator("td").first.get_attribute("rowspan") == "14"
    total = rows.nth(len(doc.indicators)).locator("td").all_inner_texts()
    assert total[0] == "总分"
    assert "93.40" in total
    funds = page.locator('table[data-table="funds"] tbody tr').nth(0).locator("td")
    assert funds.all_inner_texts()[:7] == [
        "年度资金总额",
        "15249.65",
        "14445.82",
        "14046.37",
        "10",
        "97.23%",
        "9.72",
    ]
    assert page.locator(".headline").inner_text() == "总分：93.40　等级：优"
    errors = page.locator('ul[data-severity="error"] li').all_inner_texts()
    assert any("PM106" in e for e in errors)
    # the explanation of a score is a tooltip on its row and a numbered note
    assert "得满分" in (rows.nth(0).get_attribute("title") or "")
    assert page.locator("ol.notes li").count() == len(doc.indicators) + 4
    # the fonts the page asked for are available: Chinese text has a real width
    width = page.evaluate(
        "() => { const s = document.createElement('span'); s.textContent = '绩效';"
        " document.body.appendChild(s); return s.getBoundingClientRect().width; }"
    )
    assert width > 10


def test_monitoring_page_in_chromium(page_of):
    from perfmodel import ProgressReport, monitor

    docs = read_forms(Path(__file__).parent / "data" / "seeds" / "004_015558519d31119a.part1.txt")
    doc = next(d for d in docs.documents if d.name == "安全生产工作经费")
    progress = ProgressReport(
        "2025-06-30", executed="90000", indicators={"危化实验室评估家数": "30家"}
    )
    page = page_of(render(monitor(doc, progress), format="html"), "monitoring")
    assert (OUT / "monitoring.png").stat().st_size > 10_000
    assert page.title() == "安全生产工作经费"
    assert page.locator("h1").inner_text() == "绩效运行监控：安全生产工作经费"
    # 90 000 of 438 000 by 30 June (49.59% expected): 20.55% executed, 29.04 points short
    execution = page.locator("table.form").nth(1).inner_text()
    assert "20.55%" in execution
    assert "29.04个百分点" in execution
    status = page.locator('td[data-status="far_behind"]').first
    assert status.inner_text() == "严重滞后"
    assert status.evaluate("e => getComputedStyle(e).color") == "rgb(164, 0, 0)"
    heads = page.locator("table.grid thead th").all_inner_texts()
    assert heads == ["指标", "目标", "填报", "完成", "序时进度", "预计年末", "状态"]
