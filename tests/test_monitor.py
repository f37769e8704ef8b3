"""monitor(): progress reports, execution status, indicator projections and the forecast.

Figures are hand-computed in the comments. A linear 2025 period gives 181/365 by 30 June; a
budget of 365 000 yuan makes the expected amount 1 000 yuan a day.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

import perfmodel
from perfmodel import (
    Budget,
    Indicator,
    IndicatorProgress,
    MonitoringPolicy,
    ProgressReport,
    Project,
    TrackStatus,
    Unit,
    monitor,
    parse_target,
    read_forms,
)
from perfmodel.errors import ConstructionError
from perfmodel.monitor import is_cumulative
from perfmodel.monitor.curves import to_decimal

D = Decimal
SEEDS = Path(__file__).parent / "data" / "seeds"
HALF_2025 = to_decimal(Fraction(181, 365))


def ind(name: str, level1: str, level2: str, target: str | None) -> Indicator:
    return Indicator(name, level1, level2, None if target is None else parse_target(target))


def project(*indicators: Indicator, **kw: object) -> Project:
    kw.setdefault("start", "2025-01-01")
    kw.setdefault("end", "2025-12-31")
    kw.setdefault("budget", Budget(annual_total=D(365000)))
    return Project("测试项目", year=2025, indicators=indicators, **kw)  # type: ignore[arg-type]


def report(
    as_of: str = "2025-06-30", executed: object = None, **indicators: object
) -> ProgressReport:
    return ProgressReport(as_of, executed=executed, indicators=indicators)


# --- progress reports --------------------------------------------------------------------------


def test_indicator_progress_forms() -> None:
    assert IndicatorProgress("a", share="40%").share == D("0.4")
    assert IndicatorProgress("a", share="0.4").share == D("0.4")
    assert IndicatorProgress("a", share=1).share == D(1)
    assert IndicatorProgress("a", status="behind").status is TrackStatus.BEHIND
    assert IndicatorProgress("a", status="严重滞后").status is TrackStatus.FAR_BEHIND
    assert IndicatorProgress("a", actual="12个").actual.magnitude == 12  # type: ignore[union-attr]
    assert IndicatorProgress.of("a", "正常推进").status is TrackStatus.ON_TRACK
    assert IndicatorProgress.of("a", perfmodel.parse_actual("3台")).kind == "actual"
    given = IndicatorProgress("x", share=D("0.5"), reason="r", action="a")
    copied = IndicatorProgress.of("b", given)
    assert (copied.key, copied.explained) == ("b", True)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"key": " "}, "must name an indicator"),
        ({"key": "a"}, "exactly one of"),
        ({"key": "a", "actual": "1个", "status": "滞后"}, "exactly one of"),
        ({"key": "a", "share": 0.5}, "not 0.5"),
        ({"key": "a", "share": "40"}, "a fraction from 0"),
        ({"key": "a", "share": "-0.1"}, "a fraction from 0"),
        ({"key": "a", "share": "lots"}, "not a completion share"),
        ({"key": "a", "status": "很好"}, "not a progress status"),
        ({"key": "a", "actual": 12}, "text or an Actual"),
        ({"key": "a", "share": "0.1", "cumulative": "yes"}, "cumulative must be a bool"),
    ],
)
def test_indicator_progress_validation(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConstructionError, match=message):
        IndicatorProgress(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: ProgressReport("2025-13-01"), "not an ISO date"),
        (lambda: ProgressReport(20250630), "must be a date"),
        (lambda: ProgressReport("2025-06-30", executed=-1), "not negative"),
        (lambda: ProgressReport("2025-06-30", executed=1.5), "not 1.5"),
        (lambda: ProgressReport("2025-06-30", executed="many"), "not an amount"),
        (lambda: ProgressReport("2025-06-30", indicators={"a": "1个", " a": "2个"}), "twice"),
        (lambda: ProgressReport("2025-06-30", indicators={"a": 3}), "expected text, Decimal"),
        (lambda: ProgressReport("2025-06-30", indicators=[3]), "holds IndicatorProgress"),
        (lambda: ProgressReport("2025-06-30", indicators=[{"key": "a", "x": 1}]), "unknown"),
        (lambda: ProgressReport.from_dict({"as_of": "2025-06-30", "spent": 1}), "unknown"),
    ],
)
def test_progress_report_validation(make: object, message: str) -> None:
    with pytest.raises(ConstructionError, match=message):
        make()  # type: ignore[operator]


def test_progress_report_data_round_trip() -> None:
    r = ProgressReport(
        dt.datetime(2025, 6, 30, 12, 0),
        executed="1,200.50",
        budgeted=D(5000),
        reason="招标延迟",
        action="加快采购",
        indicators=[
            IndicatorProgress("a", actual="3个", reason="r", action="x", cumulative=False),
            IndicatorProgress("b", share="25%"),
            IndicatorProgress("c", status="滞后"),
        ],
    )
    assert r.as_of == dt.date(2025, 6, 30)
    assert r.executed == D("1200.50")
    data = r.to_dict()
    assert data["indicators"][0] == {
        "key": "a",
        "actual": "3个",
        "reason": "r",
        "action": "x",
        "cumulative": False,
    }
    assert ProgressReport.from_dict(data) == r


# --- execution ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("executed", "status"),
    [
        (145000, TrackStatus.ON_TRACK),  # (181000 - 145000) / 365000 = 9.86 points short
        (144500, TrackStatus.BEHIND),  # 10.00 points exactly: behind (inclusive)
        (144000, TrackStatus.BEHIND),  # 10.14
        (108001, TrackStatus.BEHIND),  # 19.9997
        (108000, TrackStatus.FAR_BEHIND),  # 20.00 exactly: far behind
        (250000, TrackStatus.ON_TRACK),  # ahead of the curve
    ],
)
def test_execution_status_linear(executed: int, status: TrackStatus) -> None:
    r = monitor(project(), report(executed=executed))
    ex = r.execution
    assert ex.expected == HALF_2025
    assert ex.expected_amount is not None
    assert ex.expected_amount.quantize(D("0.01")) == D("181000.00")
    assert ex.share == D(executed) / D(365000)
    assert ex.shortfall == (HALF_2025 - D(executed) / D(365000)) * 100
    assert ex.status is status
    assert r.status is status
    assert ex.gap == ex.share - HALF_2025


def test_execution_projection() -> None:
    ex = monitor(project(), report(executed=145000)).execution
    # 145000 ÷ (181/365) = 292403.314…, rounded to the fen
    assert ex.projected == D("292403.31")
    assert ex.projected_share == D("292403.31") / D(365000)
    # ahead of the curve: the projection stops at the budget
    assert monitor(project(), report(executed=300000)).execution.projected == D(365000)


def test_execution_with_step_curve_at_quarter_ends() -> None:
    step = MonitoringPolicy.standard_step()
    doc = project(budget=Budget(annual_total=D(400)))
    early = monitor(doc, report("2025-06-29", executed=0), monitoring=step).execution
    assert (early.expected, early.status, early.projected) == (D(0), TrackStatus.ON_TRACK, None)
    half = monitor(doc, report("2025-06-30", executed=160), monitoring=step).execution
    # 40% done, 50% expected: 10 points short
    assert (half.expected, half.shortfall, half.status) == (D("0.5"), D("10.0"), TrackStatus.BEHIND)
    assert half.projected == D("320.00")
    late = monitor(doc, report("2025-09-30", executed=220), monitoring=step).execution
    # 55% done, 75% expected: 20 points short
    assert (late.shortfall, late.status) == (D("20.00"), TrackStatus.FAR_BEHIND)


def test_execution_before_the_start_and_after_the_end() -> None:
    doc = project(start="2025-03-01", end="2025-10-31", budget=Budget(annual_total=D(400)))
    before = monitor(doc, report("2025-02-01", executed=0))
    assert before.execution.expected == 0
    assert before.execution.status is TrackStatus.ON_TRACK
    assert before.execution.projected is None
    assert before.elapsed == 0
    assert any(d.code == "MN204" and "早于" in d.message for d in before.diagnostics)
    after = monitor(doc, report("2025-12-15", executed=300))
    # 75% done, 100% expected: 25 points short
    assert (after.execution.expected, after.execution.status) == (D(1), TrackStatus.FAR_BEHIND)
    assert after.execution.projected == D(300)
    assert after.elapsed == 1
    assert any(d.code == "MN204" and "晚于" in d.message for d in after.diagnostics)


def test_leap_day_as_of() -> None:
    unit = Unit("测试单位", year=2024, budget=Budget(adjusted=D(366000)))
    r = monitor(unit, ProgressReport("2024-02-29", executed=60000))
    # 60 of 366 days: 60 000 expected, 60 000 executed
    assert (r.start, r.end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert r.execution.expected == to_decimal(Fraction(60, 366))
    assert r.execution.shortfall is not None
    assert abs(r.execution.shortfall) < D("1e-20")
    assert r.status is TrackStatus.ON_TRACK


def test_project_spanning_several_years_uses_total_funds() -> None:
    doc = project(
        start="2024-01-01",
        end="2025-12-31",
        budget=Budget(total=D(731000), annual_total=D(365000)),
    )
    r = monitor(doc, ProgressReport("2024-12-31", executed=300000))
    # 366 of 731 days: 366 000 expected of the 731 000 total; 300 000 is 9.03 points short
    assert r.execution.budgeted == D(731000)
    assert r.execution.expected == to_decimal(Fraction(366, 731))
    assert r.execution.shortfall is not None
    assert r.execution.shortfall.quantize(D("0.01")) == D("9.03")
    assert r.status is TrackStatus.ON_TRACK
    # by calendar year instead, the 2024 budget year is the period and the annual budget the base
    yearly = monitor(
        attrs.evolve(doc, year=2024),
        ProgressReport("2024-12-31", executed=300000),
        monitoring=MonitoringPolicy(period="year"),
    )
    assert (yearly.start, yearly.end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert yearly.execution.budgeted == D(365000)


@pytest.mark.parametrize(
    ("budget", "override", "base"),
    [
        (Budget(total=D(9), annual_total=D(8), initial=D(7), adjusted=D(6)), None, D(6)),
        (Budget(total=D(9), annual_total=D(8), initial=D(7)), None, D(8)),
        (Budget(total=D(9), initial=D(7)), None, D(7)),
        (Budget(total=D(9)), None, D(9)),
        (Budget(total=D(9)), D(5), D(5)),
    ],
)
def test_budget_base(budget: Budget, override: Decimal | None, base: Decimal) -> None:
    r = monitor(project(budget=budget), ProgressReport("2025-06-30", executed=1, budgeted=override))
    assert r.execution.budgeted == base


def test_missing_or_zero_budget_and_missing_execution() -> None:
    none = monitor(project(budget=Budget()), report(executed=10))
    assert none.execution.status is None
    assert [d.code for d in none.diagnostics] == ["MN201"]
    zero = monitor(project(budget=Budget(total=D(0))), report(executed=10))
    assert "预算数为 0" in zero.execution.explanation
    blank = monitor(project(), report())
    assert blank.execution.status is None
    assert blank.execution.share is None
    assert blank.execution.expected_amount is not None
    assert [d.code for d in blank.diagnostics] == ["MN205"]


def test_period_fallbacks() -> None:
    no_dates = monitor(Project("p", year=2026), ProgressReport("2026-04-01"))
    assert (no_dates.start, no_dates.end) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert [d.code for d in no_dates.diagnostics] == ["MN202", "MN205"]
    inverted = monitor(
        Project("p", year=2025, start="2025-12-31", end="2025-01-01"), ProgressReport("2025-06-30")
    )
    assert inverted.start == dt.date(2025, 1, 1)
    assert inverted.diagnostics[0].code == "MN203"
    no_year = monitor(Unit("u"), ProgressReport("2023-05-05"))
    assert no_year.start == dt.date(2023, 1, 1)
    assert "2023" in no_year.diagnostics[0].message


def test_execution_explanations() -> None:
    doc = project()
    lagging = monitor(doc, report(executed=100000))
    assert lagging.needs_explanation == ("预算执行",)
    assert lagging.missing_explanation == ("预算执行",)
    half = ProgressReport("2025-06-30", executed=100000, reason="招标延迟")
    assert monitor(doc, half).missing_explanation == ("预算执行",)
    full = ProgressReport("2025-06-30", executed=100000, reason="招标延迟", action="加快支付")
    r = monitor(doc, full)
    assert (r.needs_explanation, r.missing_explanation) == (("预算执行",), ())


# --- indicators --------------------------------------------------------------------------------

COUNT = ind("充电桩数量", "产出指标", "数量指标", "=60个")


def only(
    doc: Project, progress: ProgressReport, **kw: object
) -> perfmodel.monitor.IndicatorMonitor:
    return monitor(doc, progress, **kw).indicators[0]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        ("30个", TrackStatus.ON_TRACK),  # 50% done, 49.59% expected: 0.41 ahead
        ("24个", TrackStatus.ON_TRACK),  # 40% done: 9.59 short
        ("23个", TrackStatus.BEHIND),  # 38.33% done: 11.26 short
    ],
)
def test_cumulative_positive(actual: str, status: TrackStatus) -> None:
    m = only(project(COUNT), report(**{"充电桩数量": actual}))
    assert m.basis == "cumulative"
    assert m.expected == HALF_2025
    done = D(actual[:-1]) / D(60)
    assert m.done == done
    assert m.shortfall == (HALF_2025 - done) * 100
    assert m.status is status
    assert m.projected is not None
    assert m.projected.magnitude == (D(actual[:-1]) / HALF_2025).quantize(D("0.01"))
    assert m.projected.unit_text == "个"


def test_cumulative_positive_hand_computed() -> None:
    # 20 of 60 (33.33%) by 30 June (49.59%): 16.26 points short → behind; 20 ÷ 181/365 = 40.33
    m = only(project(COUNT), report(**{"充电桩数量": "20个"}))
    assert m.status is TrackStatus.BEHIND
    assert m.shortfall is not None
    assert m.shortfall.quantize(D("0.01")) == D("16.26")
    assert str(m.projected) == "40.33个"
    assert m.projected_met is False
    assert m.needs_explanation
    # 10 of 60: 32.92 points short → far behind
    far = only(project(COUNT), report(**{"充电桩数量": "10个"}))
    assert far.status is TrackStatus.FAR_BEHIND
    # 31 of 60 ≈ 51.67%: ahead; projected 62.52 meets the target
    ahead = only(project(COUNT), report(**{"充电桩数量": "31个"}))
    assert (ahead.status, ahead.projected_met, ahead.needs_explanation) == (
        TrackStatus.ON_TRACK,
        True,
        False,
    )


def test_cumulative_units_are_converted() -> None:
    area = ind("养护面积", "产出指标", "数量指标", "≥43.8万平方米")
    m = only(project(area), report(**{"养护面积": "219000平方米"}))
    # 219 000 m² = 21.9 万m², half of 43.8: 50% done → on track; projected 21.9 × 365/181
    assert m.done == D("0.5")
    assert m.status is TrackStatus.ON_TRACK
    assert m.projected is not None
    assert m.projected.unit_text == "万平方米"
    assert m.projected.magnitude == (D("21.9") / HALF_2025).quantize(D("0.01"))


@pytest.mark.parametrize(
    ("target", "actual", "status"),
    [
        ("≤1个", "0个", TrackStatus.ON_TRACK),
        ("≤1个", "1个", TrackStatus.BEHIND),  # 1 by mid-year projects to 2.02 > 1
        ("≤1个", "2个", TrackStatus.FAR_BEHIND),  # the cap is already broken
        ("=0起", "0起", TrackStatus.ON_TRACK),
        ("=0起", "1起", TrackStatus.FAR_BEHIND),
        ("<3件", "1件", TrackStatus.ON_TRACK),  # projects to 2.02, under the cap of 3
    ],
)
def test_cumulative_caps(target: str, actual: str, status: TrackStatus) -> None:
    cap = ind("有责投诉数", "效益指标", "社会效益指标", target)
    m = only(project(cap), report(**{"有责投诉数": actual}))
    assert m.basis == "cumulative"
    assert m.shortfall is None
    assert m.status is status


@pytest.mark.parametrize(
    ("target", "actual", "status", "shortfall"),
    [
        ("≥90%", "92%", TrackStatus.ON_TRACK, None),  # met
        ("≥90%", "85%", TrackStatus.ON_TRACK, "5.56"),  # 1 - 85/90
        ("≥90%", "81%", TrackStatus.BEHIND, "10.00"),  # 1 - 81/90 = 10% exactly
        ("≥90%", "72%", TrackStatus.FAR_BEHIND, "20.00"),
        ("≤5%", "5.4%", TrackStatus.ON_TRACK, "8.00"),  # 5.4/5 - 1 = 8% over
        ("≤5%", "5.5%", TrackStatus.BEHIND, "10.00"),
        ("≤5%", "6%", TrackStatus.FAR_BEHIND, "20.00"),
        ("≤0%", "1%", TrackStatus.FAR_BEHIND, None),  # a zero cap broken
        ("=252元/人/月", "200元/人/月", TrackStatus.FAR_BEHIND, "20.63"),  # a rate: a level
    ],
)
def test_levels(target: str, actual: str, status: TrackStatus, shortfall: str | None) -> None:
    level = ind("满意度", "满意度指标", "服务对象满意度指标", target)
    m = only(project(level), report(**{"满意度": actual}))
    assert m.basis == "level"
    assert m.expected == 1
    assert m.projected is None
    assert m.status is status
    if shortfall is None:
        assert m.shortfall is None
    else:
        assert m.shortfall is not None
        assert m.shortfall.quantize(D("0.01")) == D(shortfall)
    assert m.forecast_actual is not None
    assert m.forecast_actual.magnitude == perfmodel.parse_actual(actual).magnitude


def test_cumulative_override() -> None:
    m = only(
        project(COUNT),
        ProgressReport(
            "2025-06-30",
            indicators=[IndicatorProgress("充电桩数量", actual="58个", cumulative=False)],
        ),
    )
    # read as a level: 58 of 60 = 96.67%, 3.33 short → on track, no projection
    assert (m.basis, m.projected, m.status) == ("level", None, TrackStatus.ON_TRACK)
    forced = ind("培训时长", "产出指标", "数量指标", "≥60小时")
    m2 = only(
        project(forced),
        ProgressReport(
            "2025-06-30",
            indicators=[IndicatorProgress("培训时长", actual="40小时", cumulative=False)],
        ),
    )
    assert m2.basis == "level"


def test_incomparable_units() -> None:
    m = monitor(project(COUNT), report(**{"充电桩数量": "30台"}))
    assert m.indicators[0].basis == "incomparable"
    assert m.indicators[0].status is None
    assert m.indicators[0].forecast_actual is None
    assert [d.code for d in m.diagnostics] == ["MN205", "MN103"]


@pytest.mark.parametrize(
    ("target", "actual", "basis", "status"),
    [
        ("及时", "及时", "qualitative", TrackStatus.ON_TRACK),  # the target's own word
        ("及时", "部分达成", "qualitative", TrackStatus.BEHIND),
        ("及时", "未达成", "qualitative", TrackStatus.FAR_BEHIND),
        ("及时", "还在推进中", "qualitative", None),
        ("规范", "滞后", "qualitative", TrackStatus.BEHIND),  # a word, given as an actual
        ("提升", "提升", "change", TrackStatus.ON_TRACK),
        ("提升", "下降", "change", TrackStatus.BEHIND),  # the other way
        ("≥90%", "基本达成", "qualitative", TrackStatus.BEHIND),  # a band on a number
    ],
)
def test_qualitative_and_change(target: str, actual: str, basis: str, status: object) -> None:
    q = ind("及时性", "产出指标", "时效指标", target)
    m = only(
        project(q),
        ProgressReport("2025-06-30", indicators=[IndicatorProgress("及时性", actual=actual)]),
    )
    assert (m.basis, m.status, m.projected) == (basis, status, None)
    if status is None:
        assert m.forecast_actual is None
    else:
        assert m.forecast_actual is not None
        assert m.forecast_actual.band is not None


def test_completion_share() -> None:
    # 40% done by 30 June (49.59%): 9.59 short → on track; projected 60 × 0.4 ÷ 181/365 = 48.40
    m = only(project(COUNT), report(**{"充电桩数量": D("0.4")}))
    assert (m.basis, m.done, m.status) == ("share", D("0.4"), TrackStatus.ON_TRACK)
    assert str(m.projected) == "48.40个"
    assert m.projected_met is False
    assert m.forecast_actual == m.projected
    # a share on a qualitative target: no projection, the forecast takes the status's band
    q = ind("完成开工", "产出指标", "数量指标", "完成")
    m2 = only(project(q), report(**{"完成开工": D("0.2")}))
    assert (m2.status, m2.projected) == (TrackStatus.FAR_BEHIND, None)
    assert m2.forecast_actual is not None
    assert m2.forecast_actual.band is perfmodel.Band.NOT_ACHIEVED
    # a share on a cap: no projection either
    cap = ind("投诉", "效益指标", "社会效益指标", "≤2件")
    assert only(project(cap), report(**{"投诉": D("0.5")})).projected is None
    # before the period starts nothing is expected, nothing projected
    early = only(project(COUNT, start="2025-07-01"), report(**{"充电桩数量": D("0")}))
    assert (early.expected, early.status, early.projected) == (D(0), TrackStatus.ON_TRACK, None)


def test_status_reports_and_their_explanations() -> None:
    q = ind("档案管理规范性", "效益指标", "可持续影响指标", "规范")
    doc = project(q, COUNT)
    r = monitor(
        doc,
        ProgressReport(
            "2025-06-30",
            indicators=[
                IndicatorProgress(
                    "档案管理规范性", status="滞后", reason="人手不足", action="增派"
                ),
                IndicatorProgress("充电桩数量", status="严重滞后", reason="供货延迟"),
            ],
        ),
    )
    assert [m.status for m in r.indicators] == [TrackStatus.BEHIND, TrackStatus.FAR_BEHIND]
    assert r.behind == (q.path, COUNT.path)
    assert r.needs_explanation == (q.path, COUNT.path)
    assert r.missing_explanation == (COUNT.path,)
    assert r.indicators[0].explained


def test_matching_by_name_path_and_the_unmatched() -> None:
    a = ind("满意度", "满意度指标", "服务对象满意度指标", "≥90%")
    b = ind("满意度", "效益指标", "社会效益指标", "≥80%")
    c = ind("服务对象 满意度", "满意度指标", "服务对象满意度指标", "≥85%")
    doc = project(a, b, c)
    r = monitor(
        doc,
        ProgressReport(
            "2025-06-30",
            indicators={
                "满意度指标/服务对象满意度指标/满意度": "95%",
                "服务对象满意度": "90%",
                "满意度": "70%",
                "不存在的指标": "1个",
            },
        ),
    )
    assert r.indicators[0].progress is not None
    assert r.indicators[1].progress is None  # "满意度" names two indicators: not matched
    assert r.indicators[2].progress is not None
    assert r.unmatched == ("满意度", "不存在的指标")
    assert [d.code for d in r.diagnostics] == ["MN205", "MN102", "MN101"]
    assert r.unreported == (b.path,)
    twice = monitor(
        project(COUNT),
        ProgressReport(
            "2025-06-30",
            indicators={"充电桩数量": "1个", "产出指标/数量指标/充电桩数量": "2个"},
        ),
    )
    assert twice.unmatched == ("产出指标/数量指标/充电桩数量",)
    assert "重复填报" in twice.diagnostics[-1].message


def test_is_cumulative_rule() -> None:
    for unit in ("个", "家", "人次", "元", "万元", "公里", "平方米", "亩", "吨", "小时", "天"):
        assert is_cumulative(unit), unit
    for unit in ("%", "‰", "元/人/月", "吨/日", "次/年", "年", "月", "周", "季度"):
        assert not is_cumulative(unit), unit
    assert is_cumulative(None, "被检查企业发生生产安全事故次数")
    assert not is_cumulative(None, "设备使用率")
    assert not is_cumulative(None, "政策知晓度")
    assert not is_cumulative("furlongs")


# --- forecast ----------------------------------------------------------------------------------


def ten_day_project(*indicators: Indicator) -> Project:
    # a 10-day period: by day 5 half is expected, so projections double
    return Project(
        "十日项目",
        year=2025,
        start="2025-01-01",
        end="2025-01-10",
        budget=Budget(annual_total=D(1000)),
        indicators=indicators,
    )


OUTPUT = ind("建设数量", "产出指标", "数量指标", "≥100个")
SATISFACTION = ind("满意度", "满意度指标", "服务对象满意度指标", "≥90%")
QUALITY = ind("运行情况", "效益指标", "社会效益指标", "良好")
UNREPORTED = ind("长效机制", "效益指标", "可持续影响指标", "健全")


def test_forecast_hand_computed() -> None:
    doc = ten_day_project(OUTPUT, SATISFACTION, QUALITY)
    progress = ProgressReport(
        "2025-01-05",
        executed=400,
        indicators={"建设数量": "40个", "满意度": "95%", "运行情况": "滞后"},
    )
    r = monitor(doc, progress)
    assert r.execution.expected == D("0.5")
    assert r.execution.projected == D("800.00")  # 400 ÷ 0.5
    fc = r.forecast
    assert fc is not None
    # execution 800/1000 × 10 = 8; output 80/100 × 50 = 40; satisfaction 95% ≥ 90% → 10;
    # behind → 部分达成 → 70% of 30 = 21; total 79 → 中
    assert fc.execution is not None
    assert fc.execution.points == D("8.00")
    assert [i.points for i in fc.indicators] == [D("40.00"), D("10.00"), D("21.00")]
    assert fc.total == D("79.00")
    assert fc.grade is not None
    assert fc.grade.label == "中"
    copy = r.forecast_document
    assert copy is not None
    assert copy.budget.executed == D("800.00")
    assert copy.budget.adjusted == D(1000)
    assert str(copy.indicators[0].actual) == "80.00个"
    assert doc.indicators[0].actual is None  # the document itself is untouched


def test_forecast_leaves_out_what_cannot_be_projected() -> None:
    doc = ten_day_project(OUTPUT, SATISFACTION, QUALITY, UNREPORTED)
    progress = ProgressReport(
        "2025-01-05",
        executed=400,
        indicators={"建设数量": "40个", "满意度": "95%", "运行情况": "滞后"},
    )
    r = monitor(doc, progress)
    assert r.unreported == (UNREPORTED.path,)
    assert r.unprojected == (UNREPORTED.path,)
    fc = r.forecast
    assert fc is not None
    # 效益指标 30 is split 15 / 15; the unreported one is left out and the total rescaled:
    # (8 + 40 + 10 + 70% × 15) / (10 + 50 + 10 + 15) × 100 = 68.5 / 85 × 100 = 80.59
    assert fc.total == D("80.59")
    assert fc.scaled
    assert fc.policy.missing_actual == "not_applicable"


def test_forecast_under_another_scoring_policy() -> None:
    doc = ten_day_project(OUTPUT)
    progress = ProgressReport("2025-01-05", executed=400, indicators={"建设数量": "40个"})
    r = monitor(doc, progress, policy=perfmodel.Policy.whole_points())
    assert r.forecast is not None
    # (8 + 40) / 60 × 100 = 80, whole points
    assert r.forecast.total == D(80)


def test_forecast_records_explanations_and_needs() -> None:
    doc = ten_day_project(OUTPUT, QUALITY)
    progress = ProgressReport(
        "2025-01-05",
        indicators=[
            IndicatorProgress("建设数量", actual="10个"),
            IndicatorProgress("运行情况", status="滞后", reason="设备故障", action="更换设备"),
        ],
    )
    r = monitor(doc, progress)
    copy = r.forecast_document
    assert copy is not None
    assert copy.indicators[1].deviation_reason == "设备故障；更换设备"
    assert r.forecast is not None
    assert r.forecast.execution is None  # nothing executed reported: left out
    assert r.forecast.needs_reason == (OUTPUT.path,)


def test_no_forecast_without_projections() -> None:
    r = monitor(ten_day_project(OUTPUT), ProgressReport("2025-01-05", executed=400))
    assert r.forecast is None
    assert r.forecast_document is None


# --- seeds -------------------------------------------------------------------------------------


def test_seed_project_declaration_mid_year() -> None:
    docs = read_forms(SEEDS / "004_015558519d31119a.part1.txt").documents
    doc = next(d for d in docs if d.name == "安全生产工作经费")
    assert isinstance(doc, Project)
    r = monitor(
        doc,
        ProgressReport(
            "2025-06-30",
            executed="180000",
            indicators={"危化实验室评估家数": "30家", "设备使用率": "85%"},
        ),
    )
    assert (r.start, r.end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert r.execution.budgeted == doc.budget.annual_total == D("438000.0")
    # 180000 / 438000 = 41.10%; 49.59 − 41.10 = 8.49 points short → on track
    assert r.execution.shortfall is not None
    assert r.execution.shortfall.quantize(D("0.01")) == D("8.49")
    assert r.status is TrackStatus.ON_TRACK
    assert len(r.indicators) == len(doc.indicators)
    assert len(r.unreported) == len(doc.indicators) - 2
    assert r.forecast is not None


def test_seed_declaration_with_qualitative_targets() -> None:
    doc = read_forms(SEEDS / "003_c220910399858272.txt").documents[0]
    r = monitor(doc, ProgressReport("2023-06-30", executed="3405000"))
    # 6 810 000 budgeted, half executed; 181/365 expected → just ahead
    assert r.execution.share == D("0.5")
    assert r.status is TrackStatus.ON_TRACK
    assert r.forecast is None
