"""Expected-execution curves and monitoring policies: hand-computed cases and properties.

Every expected figure is worked out in the comment beside it: days are counted inclusively
("by 30 June" counts 30 June), 2025 has 365 days and 2024 has 366.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmodel.errors import ConstructionError, PolicyError
from perfmodel.monitor import ExpectedCurve, Milestone, MonitoringPolicy, TrackStatus
from perfmodel.monitor.curves import to_decimal

D = Decimal
Y2025 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
Y2024 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
LINEAR = ExpectedCurve.linear()
STEP = ExpectedCurve.standard_step()


def share(curve: ExpectedCurve, start: dt.date, end: dt.date, as_of: dt.date) -> Fraction:
    return curve.expected_fraction(start, end, as_of)


# --- linear ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (dt.date(2024, 12, 31), Fraction(0)),  # the day before the start
        (dt.date(2025, 1, 1), Fraction(1, 365)),  # the first day counts
        (dt.date(2025, 3, 31), Fraction(90, 365)),  # 31 + 28 + 31
        (dt.date(2025, 6, 30), Fraction(181, 365)),  # 90 + 30 + 31 + 30
        (dt.date(2025, 12, 30), Fraction(364, 365)),
        (dt.date(2025, 12, 31), Fraction(1)),  # the end
        (dt.date(2026, 3, 1), Fraction(1)),  # after the end
    ],
)
def test_linear_calendar_year(as_of: dt.date, expected: Fraction) -> None:
    assert share(LINEAR, *Y2025, as_of) == expected


def test_linear_leap_day() -> None:
    # 2024-02-29 is day 31 + 29 = 60 of 366
    assert share(LINEAR, *Y2024, dt.date(2024, 2, 29)) == Fraction(60, 366)
    assert share(LINEAR, *Y2024, dt.date(2024, 3, 1)) == Fraction(61, 366)
    assert LINEAR.expected_share(*Y2024, dt.date(2024, 2, 29)) == D(60) / D(366)


def test_linear_period_starting_on_a_leap_day() -> None:
    start, end = dt.date(2024, 2, 29), dt.date(2024, 3, 9)  # ten days
    assert share(LINEAR, start, end, dt.date(2024, 2, 28)) == 0
    assert share(LINEAR, start, end, dt.date(2024, 2, 29)) == Fraction(1, 10)
    assert share(LINEAR, start, end, dt.date(2024, 3, 4)) == Fraction(5, 10)


def test_linear_several_years() -> None:
    start, end = dt.date(2024, 1, 1), dt.date(2025, 12, 31)  # 366 + 365 = 731 days
    assert share(LINEAR, start, end, dt.date(2024, 12, 31)) == Fraction(366, 731)
    assert share(LINEAR, start, end, dt.date(2025, 1, 1)) == Fraction(367, 731)
    assert share(LINEAR, start, end, dt.date(2025, 6, 30)) == Fraction(366 + 181, 731)
    # a five-year project (2023-2027: 365 + 366 + 365 + 365 + 365 = 1826 days), mid-2025
    start, end = dt.date(2023, 1, 1), dt.date(2027, 12, 31)
    assert share(LINEAR, start, end, dt.date(2025, 6, 30)) == Fraction(365 + 366 + 181, 1826)


def test_linear_mid_year_period() -> None:
    # 2025-07-01 .. 2026-06-30: 184 + 181 = 365 days; by 2025-12-31: 184 days
    start, end = dt.date(2025, 7, 1), dt.date(2026, 6, 30)
    assert share(LINEAR, start, end, dt.date(2025, 12, 31)) == Fraction(184, 365)


# --- step --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (dt.date(2025, 1, 1), Fraction(0)),
        (dt.date(2025, 6, 29), Fraction(0)),
        (dt.date(2025, 6, 30), Fraction(1, 2)),
        (dt.date(2025, 9, 29), Fraction(1, 2)),
        (dt.date(2025, 9, 30), Fraction(3, 4)),
        (dt.date(2025, 12, 30), Fraction(3, 4)),
        (dt.date(2025, 12, 31), Fraction(1)),
        (dt.date(2024, 6, 30), Fraction(0)),  # before the start
        (dt.date(2026, 6, 30), Fraction(1)),  # after the end
    ],
)
def test_standard_step(as_of: dt.date, expected: Fraction) -> None:
    assert share(STEP, *Y2025, as_of) == expected


def test_step_on_leap_day_milestone() -> None:
    curve = ExpectedCurve.step(("02-29", 20))
    # leap year: the milestone is 29 February
    assert share(curve, *Y2024, dt.date(2024, 2, 28)) == 0
    assert share(curve, *Y2024, dt.date(2024, 2, 29)) == Fraction(1, 5)
    # common year: it falls on 28 February
    assert share(curve, *Y2025, dt.date(2025, 2, 27)) == 0
    assert share(curve, *Y2025, dt.date(2025, 2, 28)) == Fraction(1, 5)


def test_step_across_several_years() -> None:
    # 2024-07-01 .. 2026-06-30 = 184 + 365 + 181 = 730 days; each year weighs its days.
    start, end = dt.date(2024, 7, 1), dt.date(2026, 6, 30)
    # 2024 part done (184/730); in 2025 the step gives 1/2 of 365 days
    expected = Fraction(184, 730) + Fraction(365, 730) * Fraction(1, 2)
    assert share(STEP, start, end, dt.date(2025, 6, 30)) == expected
    # inside the first part (2024-07-01..12-31): the year profile rescaled to that part.
    # C(2024-06-30) = 1/2, C(2024-12-31) = 1, C(2024-09-30) = 3/4 → (3/4 - 1/2) / (1 - 1/2)
    assert share(STEP, start, end, dt.date(2024, 9, 30)) == Fraction(184, 730) * Fraction(1, 2)
    assert share(STEP, start, end, dt.date(2024, 9, 29)) == 0


def test_step_period_ending_mid_year_is_rescaled() -> None:
    # 2025-01-01..2025-08-31: the profile expects 1/2 by the end → rescaled, 06-30 gives 1
    start, end = dt.date(2025, 1, 1), dt.date(2025, 8, 31)
    assert share(STEP, start, end, dt.date(2025, 6, 29)) == 0
    assert share(STEP, start, end, dt.date(2025, 6, 30)) == 1


def test_step_with_nothing_expected_in_the_part_falls_back_to_linear() -> None:
    # 2025-01-01..2025-05-31 (151 days): the step profile expects nothing before 30 June
    start, end = dt.date(2025, 1, 1), dt.date(2025, 5, 31)
    assert share(STEP, start, end, dt.date(2025, 3, 31)) == Fraction(90, 151)


# --- interpolated ------------------------------------------------------------------------------


def test_interpolated() -> None:
    curve = ExpectedCurve.interpolated(("06-30", 40))
    # 2025-03-31 is day 90 of the segment 0..181 rising to 40%
    assert share(curve, *Y2025, dt.date(2025, 3, 31)) == Fraction(2, 5) * Fraction(90, 181)
    assert share(curve, *Y2025, dt.date(2025, 6, 30)) == Fraction(2, 5)
    # 2025-09-30 is day 273: 40% + 60% × (273 - 181) / (365 - 181) = 40% + 30%
    assert share(curve, *Y2025, dt.date(2025, 9, 30)) == Fraction(7, 10)


def test_interpolated_flat_segment_and_year_end_milestone() -> None:
    curve = ExpectedCurve.interpolated(("03-31", 30), ("06-30", 30), ("12-31", 100))
    assert share(curve, *Y2025, dt.date(2025, 5, 15)) == Fraction(3, 10)
    assert curve.year_share(dt.date(2025, 12, 31)) == 1


def test_linear_is_the_interpolated_curve_without_milestones() -> None:
    plain = ExpectedCurve("interpolated")
    for day in (dt.date(2025, 2, 1), dt.date(2025, 8, 17), dt.date(2024, 2, 29)):
        assert plain.year_share(day) == LINEAR.year_share(day)


# --- validation and data -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: ExpectedCurve("weekly"), "curve kind must be one of"),
        (lambda: ExpectedCurve("linear", [("06-30", 50)]), "takes no milestones"),
        (lambda: ExpectedCurve.step(("06-30", 50), ("06-30", 60)), "in date order"),
        (lambda: ExpectedCurve.step(("06-30", 50), ("09-30", 40)), "must not decrease"),
        (lambda: ExpectedCurve.step(("12-31", 90)), "12-31 must be 100"),
        (lambda: Milestone(2, 30, 10), "not a day of the year"),
        (lambda: Milestone(13, 1, 10), "not a day of the year"),
        (lambda: Milestone(6, 30, 101), "percent from 0 to 100"),
        (lambda: Milestone(6, 30, 0.5), "not 0.5"),
        (lambda: Milestone(6, 30, "half"), "not a number"),
        (lambda: Milestone("6", 30, 5), "must be an int"),
        (lambda: Milestone.parse("June 30", 50), "'MM-DD'"),
        (lambda: ExpectedCurve.step(42), "not a milestone"),
        (lambda: ExpectedCurve.step({"date": "06-30"}), "a milestone is"),
        (lambda: ExpectedCurve.from_dict({"kind": "step", "extra": 1}), "unknown curve keys"),
        (lambda: ExpectedCurve.from_dict(["step"]), "a curve is a mapping"),  # type: ignore[arg-type]
    ],
)
def test_curve_validation(make: object, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        make()  # type: ignore[operator]


def test_period_must_not_be_inverted() -> None:
    with pytest.raises(ConstructionError, match="after it ends"):
        LINEAR.expected_share(dt.date(2025, 2, 1), dt.date(2025, 1, 1), dt.date(2025, 1, 5))


def test_curve_round_trip_and_milestone_forms() -> None:
    curve = ExpectedCurve.step(
        Milestone(3, 31, 20), {"date": "06-30", "share": "50"}, ["9-30", D(75)]
    )
    assert [m.text for m in curve.milestones] == ["03-31", "06-30", "09-30"]
    assert ExpectedCurve.from_dict(curve.to_dict()) == curve
    assert to_decimal(Fraction(1, 8)) == D("0.125")


# --- monitoring policy -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "expected", "status", "shortfall"),
    [
        ("0.41", "0.5", TrackStatus.ON_TRACK, "9.00"),
        ("0.40", "0.5", TrackStatus.BEHIND, "10.00"),  # 10 points: behind (以上 is inclusive)
        ("0.3001", "0.5", TrackStatus.BEHIND, "19.9900"),
        ("0.30", "0.5", TrackStatus.FAR_BEHIND, "20.00"),  # 20 points: far behind
        ("0.7", "0.5", TrackStatus.ON_TRACK, "-20.0"),  # ahead
    ],
)
def test_points_thresholds(actual: str, expected: str, status: TrackStatus, shortfall: str) -> None:
    got = MonitoringPolicy().status_of(D(actual), D(expected))
    assert got == (status, D(shortfall))


@pytest.mark.parametrize(
    ("actual", "expected", "status"),
    [
        ("0.46", "0.5", TrackStatus.ON_TRACK),  # 1 - 0.46/0.5 = 8%
        ("0.45", "0.5", TrackStatus.BEHIND),  # 10%
        ("0.40", "0.5", TrackStatus.FAR_BEHIND),  # 20%
        ("0.00", "0", TrackStatus.ON_TRACK),  # nothing expected yet
        ("0.08", "0.1", TrackStatus.FAR_BEHIND),  # 20% short early in the year, 2 points
    ],
)
def test_ratio_thresholds(actual: str, expected: str, status: TrackStatus) -> None:
    assert MonitoringPolicy(measure="ratio").status_of(D(actual), D(expected))[0] is status


def test_custom_thresholds_and_explanations() -> None:
    pol = MonitoringPolicy(behind=5, far_behind=15, explain_from="far_behind")
    assert pol.status_of(D("0.45"), D("0.5"))[0] is TrackStatus.BEHIND
    assert pol.status_of(D("0.35"), D("0.5"))[0] is TrackStatus.FAR_BEHIND
    assert not pol.needs_explanation(TrackStatus.BEHIND)
    assert pol.needs_explanation(TrackStatus.FAR_BEHIND)
    assert not pol.needs_explanation(None)
    assert MonitoringPolicy().needs_explanation(TrackStatus.BEHIND)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"measure": "percent"}, "measure must be one of"),
        ({"period": "fiscal"}, "period must be one of"),
        ({"behind": 0}, "0 < behind"),
        ({"behind": 20, "far_behind": 10}, "behind ≤ far_behind"),
        ({"behind": 1.5}, "not 1.5"),
        ({"behind": "lots"}, "not a number"),
        ({"behind": "Infinity"}, "must be finite"),
        ({"explain_from": "late"}, "status code"),
        ({"curve": "linear"}, "a curve is"),
        ({"sources": ["x"]}, "sources must be a mapping"),
    ],
)
def test_policy_validation(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        MonitoringPolicy(**kwargs)  # type: ignore[arg-type]


def test_policy_data() -> None:
    step = MonitoringPolicy.standard_step()
    data = step.to_dict()
    assert data["curve"]["milestones"][0] == {"date": "06-30", "share": "50"}
    assert MonitoringPolicy.from_dict(data) == step
    assert "6 月底" in step.source_of("curve")
    assert step.source_of("nothing") == ""
    with pytest.raises(PolicyError, match="bad monitoring policy data"):
        MonitoringPolicy.from_dict({"measure": ["points"]})
    with pytest.raises(PolicyError, match="unknown monitoring policy keys"):
        MonitoringPolicy.from_dict({"curve_kind": "step"})


def test_track_status_words() -> None:
    assert TrackStatus.from_text(" 严重 滞后 ") is TrackStatus.FAR_BEHIND
    assert TrackStatus.from_text("部分达成") is TrackStatus.BEHIND
    assert TrackStatus.from_text("顺利") is None
    assert [s.label for s in TrackStatus] == ["正常", "滞后", "严重滞后"]


# --- properties --------------------------------------------------------------------------------

DATES = st.dates(min_value=dt.date(1999, 1, 1), max_value=dt.date(2041, 12, 31))


@st.composite
def curves(draw: st.DrawFn) -> ExpectedCurve:
    kind = draw(st.sampled_from(["linear", "step", "interpolated"]))
    if kind == "linear":
        return LINEAR
    days = draw(st.lists(st.integers(1, 365), min_size=1, max_size=5, unique=True))
    shares = sorted(draw(st.lists(st.integers(0, 100), min_size=len(days), max_size=len(days))))
    dates = sorted(dt.date(2001, 1, 1) + dt.timedelta(days=d - 1) for d in days)
    pairs = [(d.strftime("%m-%d"), s) for d, s in zip(dates, shares, strict=True)]
    if pairs[-1][0] == "12-31":
        pairs[-1] = ("12-31", 100)
    return ExpectedCurve(kind, pairs)


@settings(max_examples=300, deadline=None)
@given(curve=curves(), a=DATES, b=DATES, c=DATES, d=DATES)
def test_expected_share_is_monotonic_and_bounded(
    curve: ExpectedCurve, a: dt.date, b: dt.date, c: dt.date, d: dt.date
) -> None:
    start, end = sorted((a, b))
    first, second = sorted((c, d))
    low = curve.expected_share(start, end, first)
    high = curve.expected_share(start, end, second)
    assert D(0) <= low <= high <= D(1)
    assert curve.expected_share(start, end, end) == 1
    assert curve.expected_share(start, end, start - dt.timedelta(days=1)) == 0


@settings(max_examples=200, deadline=None)
@given(start=DATES, length=st.integers(0, 3000), offset=st.integers(0, 3000))
def test_linear_share_is_days_elapsed_over_days(start: dt.date, length: int, offset: int) -> None:
    end = start + dt.timedelta(days=length)
    as_of = start + dt.timedelta(days=min(offset, length))
    assert share(LINEAR, start, end, as_of) == (
        1 if as_of == end else Fraction(offset + 1, length + 1)
    )
