"""Indicator progress during the year: projection to year end and status (指标完成进度).

:func:`assess_indicator` judges one indicator against the time elapsed. The rules:

- **cumulative** quantities — counts (个, 家, 人 …), money, lengths, areas, masses, and hours or
  days — grow over the year: the actual to date is compared with the target × the expected
  share of the period (``indicator_curve`` of the :class:`MonitoringPolicy`, linear by default),
  and projected to the end by linear extrapolation, projected = to date ÷ expected share. For a
  positive target (≥, >, = a positive number) the status follows the policy thresholds on
  done = to date ÷ target against the expected share. For a cap (≤, <, or = 0: 投诉数 ≤ 1) the
  indicator is far behind once the cap is already broken (a count does not go down), behind
  when the projection breaks it, on track otherwise;
- **levels** — rates and percentages (%, ‰), compound units (元/人/月), durations in weeks,
  months or years, and unitless targets whose name ends in 率/度/比例 … — are not extrapolated:
  the current value is the projection and is compared with the target itself (expected share 1);
- **change** (提升, 下降) and **qualitative** targets are not extrapolated: the status comes from
  the actual — a band word (达成 → on track, 部分达成 → behind, 未达成 → far behind), a progress
  word (正常, 滞后, 严重滞后), else whether the actual meets the target (the target's own word, or
  a change in its direction: on track; a change the other way: behind) — or from the status the
  unit reported; it is unknown (``None``) when none of these says;
- a **completion share** (完成进度) is compared with the expected share; a positive quantitative
  target is projected as target × share ÷ expected share;
- ``IndicatorProgress.cumulative`` overrides the cumulative/level rule.

For the forecast, non-quantitative indicators enter at the band of their status: on track →
达成年度指标, behind → 部分达成, far behind → 未达成.

>>> import datetime as dt
>>> from perfmodel.model import Indicator
>>> from perfmodel.targets import parse_target
>>> from .policy import MonitoringPolicy
>>> from .progress import IndicatorProgress
>>> ind = Indicator("充电桩数量", "产出指标", "数量指标", parse_target("=60个"))
>>> a = assess_indicator(ind, IndicatorProgress("充电桩数量", actual="20个"), MonitoringPolicy(),
...                      dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2025, 6, 30))
>>> a.basis, str(a.projected), a.status.label
('cumulative', '40.33个', '滞后')
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from .. import units
from ..errors import UnitError
from ..model import Indicator
from ..numbers import LARGEST
from ..targets import Actual, Band, Comparator, TargetKind, parse_actual
from ..vocab import LEVEL_NAME_WORDS, normalize_label
from ._text import fmt, pct, points, quantize
from .policy import MonitoringPolicy, TrackStatus
from .progress import IndicatorProgress

__all__ = ["BASES", "IndicatorMonitor", "assess_indicator", "is_cumulative"]

#: How an indicator was judged.
BASES = (
    "cumulative",
    "level",
    "change",
    "qualitative",
    "share",
    "status",
    "unreported",
    "incomparable",
)

_ZERO = Decimal(0)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)
_BAND_OF_STATUS = {
    TrackStatus.ON_TRACK: Band.ACHIEVED,
    TrackStatus.BEHIND: Band.PARTIAL,
    TrackStatus.FAR_BEHIND: Band.NOT_ACHIEVED,
}
_STATUS_OF_BAND = {band: status for status, band in _BAND_OF_STATUS.items()}


def is_cumulative(unit_text: str | None, name: str = "") -> bool:
    """Whether an indicator's actual accumulates over the year (see the module rules).

    >>> is_cumulative("个"), is_cumulative("万元"), is_cumulative("小时"), is_cumulative("%")
    (True, True, True, False)
    >>> is_cumulative("元/人/月"), is_cumulative("年"), is_cumulative(None, "安全事故次数")
    (False, False, True)
    >>> is_cumulative(None, "服务对象满意度指标")
    False
    """
    if unit_text is None:
        core = normalize_label(name).removesuffix("指标")
        return not core.endswith(LEVEL_NAME_WORDS)
    if "/" in unit_text or "／" in unit_text:
        return False
    try:
        if units.is_count_unit(unit_text):
            return True
        if units.unit(unit_text).dimensionless:
            return False
        if units.are_compatible(unit_text, "天"):
            return units.factor(unit_text, "天") <= 1
        if units.are_compatible(unit_text, "月"):  # a calendar period (月, 季度, 年): a level
            return False
    except UnitError:
        return False
    return True


@attrs.frozen(slots=True)
class IndicatorMonitor:
    """One indicator's progress: how it was judged, the shares, the projection and the status.

    ``basis`` is one of :data:`BASES`; ``expected`` the share expected by the as-of date (1 for
    levels); ``done`` the share done (to date ÷ target, or the reported share); ``shortfall``
    the policy's measure of the lag; ``projected`` the projected value at the end of the period
    (``None`` where nothing is extrapolated); ``projected_met`` whether it meets the target;
    ``forecast_actual`` what enters the forecast evaluation; ``status`` ``None`` when unknown.

    >>> from perfmodel.model import Indicator
    >>> m = IndicatorMonitor(Indicator("a", "产出指标", "数量指标"), None, "unreported")
    >>> m.path, m.on_track, m.explained
    ('产出指标/数量指标/a', None, False)
    """

    indicator: Indicator
    progress: IndicatorProgress | None
    basis: str
    expected: Decimal | None = None
    done: Decimal | None = None
    shortfall: Decimal | None = None
    projected: Actual | None = None
    projected_met: bool | None = None
    status: TrackStatus | None = None
    needs_explanation: bool = False
    forecast_actual: Actual | None = None
    explanation: str = ""

    @property
    def path(self) -> str:
        """``level1/level2/name``.

        >>> from perfmodel.model import Indicator
        >>> IndicatorMonitor(Indicator("a", "产出指标", "数量指标"), None, "unreported").path
        '产出指标/数量指标/a'
        """
        return self.indicator.path

    @property
    def on_track(self) -> bool | None:
        """``True`` on track, ``False`` behind or far behind, ``None`` unknown.

        >>> from perfmodel.model import Indicator
        >>> IndicatorMonitor(Indicator("a", "产出指标", "数量指标"), None, "status",
        ...                  status=TrackStatus.BEHIND).on_track
        False
        """
        return None if self.status is None else self.status is TrackStatus.ON_TRACK

    @property
    def explained(self) -> bool:
        """Whether the report gives both 偏差原因 and 纠偏措施 for this indicator.

        >>> from perfmodel.model import Indicator
        >>> IndicatorMonitor(Indicator("a", "产出指标", "数量指标"), None, "unreported").explained
        False
        """
        return self.progress is not None and self.progress.explained


def _band_actual(status: TrackStatus | None) -> Actual | None:
    return None if status is None else parse_actual(_BAND_OF_STATUS[status].label)


def _quantity_actual(value: Decimal, unit_text: str | None) -> Actual:
    # a projection beyond the bounds of perfmodel.numbers is held at them: past every target
    value = max(-LARGEST, min(quantize(value), LARGEST))
    return Actual(
        TargetKind.QUANTITATIVE,
        text=f"{fmt(value)}{unit_text or ''}",
        quantity=units.quantity(value, unit_text),
        unit_text=unit_text,
    )


def _status_of_actual(ind: Indicator, act: Actual) -> TrackStatus | None:
    if act.band is not None:
        return _STATUS_OF_BAND[act.band]
    if act.label:
        status = TrackStatus.from_text(act.label)
        if status is not None:
            return status
    met = None if ind.target is None else ind.target.is_met(act)
    if met is None:
        return None
    return TrackStatus.ON_TRACK if met else TrackStatus.BEHIND


def _is_cap(comparator: Comparator, target: Decimal) -> bool:
    return comparator.is_reverse or (comparator is Comparator.EQ and target == 0)


def assess_indicator(
    ind: Indicator,
    progress: IndicatorProgress | None,
    policy: MonitoringPolicy,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
) -> IndicatorMonitor:
    """Judge one indicator's progress by ``as_of`` in the period ``start``–``end`` (module rules).

    >>> from perfmodel.model import Indicator
    >>> from perfmodel.targets import parse_target
    >>> ind = Indicator("满意度", "满意度指标", "服务对象满意度指标", parse_target("≥90%"))
    >>> m = assess_indicator(ind, IndicatorProgress("满意度", actual="85%"), MonitoringPolicy(),
    ...                      dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2025, 6, 30))
    >>> m.basis, m.projected, m.status.label, m.explanation
    ('level', None, '正常', '当前值 85% / 目标 90% = 94.44%；低于目标 5.56；正常')
    """
    base = IndicatorMonitor(ind, progress, "unreported")
    if progress is None:
        return attrs.evolve(base, explanation="未填报进展")
    time_share = policy.indicator_curve.expected_share(start, end, as_of)
    target = ind.target
    quantitative = (
        target is not None
        and target.kind is TargetKind.QUANTITATIVE
        and target.comparator is not None
        and target.magnitude is not None
    )
    status: TrackStatus | None = progress.status
    if status is not None:
        result = attrs.evolve(
            base, basis="status", status=status, explanation=f"填报状态：{status.label}"
        )
    elif progress.share is not None:
        result = _by_share(base, progress.share, time_share, policy, quantitative)
    else:
        assert progress.actual is not None
        act = progress.actual
        if not quantitative or act.kind is not TargetKind.QUANTITATIVE:
            status = _status_of_actual(ind, act)
            change = target is not None and target.kind is TargetKind.CHANGE
            basis = "change" if change else "qualitative"
            shown = "状态不明" if status is None else status.label
            result = attrs.evolve(
                base, basis=basis, status=status, explanation=f"完成情况“{act.text}”：{shown}"
            )
        else:
            cumulative = progress.cumulative
            if cumulative is None:
                assert target is not None
                cumulative = is_cumulative(target.unit_text, ind.name)
            try:
                result = _by_quantity(base, act, time_share, policy, cumulative)
            except UnitError as exc:
                result = attrs.evolve(base, basis="incomparable", explanation=str(exc))
    if result.forecast_actual is None and result.basis not in ("incomparable", "cumulative"):
        result = attrs.evolve(result, forecast_actual=_band_actual(result.status))
    return attrs.evolve(result, needs_explanation=policy.needs_explanation(result.status))


def _by_share(
    base: IndicatorMonitor,
    share: Decimal,
    expected: Decimal,
    policy: MonitoringPolicy,
    quantitative: bool,
) -> IndicatorMonitor:
    status, short = policy.status_of(share, expected)
    projected: Actual | None = None
    met: bool | None = None
    target = base.indicator.target
    text = f"完成进度 {pct(share)} / 序时进度 {pct(expected)}"
    if quantitative and expected > 0 and target is not None and target.comparator is not None:
        magnitude = target.magnitude
        assert magnitude is not None
        if not _is_cap(target.comparator, magnitude):
            projected = _quantity_actual(magnitude * share / expected, target.unit_text)
            met = target.is_met(projected)
            text += f"；预计年末 {projected.text}"
    return attrs.evolve(
        base,
        basis="share",
        expected=expected,
        done=share,
        shortfall=short,
        projected=projected,
        projected_met=met,
        status=status,
        forecast_actual=projected,
        explanation=f"{text}；{_lag(short, policy)}；{status.label}",
    )


def _lag(short: Decimal, policy: MonitoringPolicy) -> str:
    unit = "个百分点" if policy.measure == "points" else "%"
    if short <= 0:
        return f"不低于序时进度（超前 {points(-short)}{unit}）"
    return f"低于序时进度 {points(short)}{unit}"


def _by_quantity(
    base: IndicatorMonitor,
    act: Actual,
    time_share: Decimal,
    policy: MonitoringPolicy,
    cumulative: bool,
) -> IndicatorMonitor:
    target = base.indicator.target
    assert target is not None
    assert target.comparator is not None
    assert target.magnitude is not None
    goal = Decimal(target.magnitude)
    value = max(act.magnitude_in(target.unit_text), _ZERO)
    unit = target.unit_text or ""
    cap = _is_cap(target.comparator, goal)
    done = None if goal == 0 else value / goal
    if not cumulative:
        met: bool | None = target.comparator.holds(value, goal)
        current = _quantity_actual(value, target.unit_text)
        text = f"当前值 {fmt(value)}{unit} / 目标 {fmt(goal)}{unit}"
        if done is not None:
            text += f" = {pct(done)}"
        if met:
            status, short = TrackStatus.ON_TRACK, None
        elif done is None:
            status, short = TrackStatus.FAR_BEHIND, None
        elif cap:
            status, short = _excess_status((done - 1) * _HUNDRED, policy)
        else:
            status, short = policy.status_of(done, _ONE)
        if short is not None:
            text += f"；{'超过' if cap else '低于'}目标 {points(short)}"
        return attrs.evolve(
            base,
            basis="level",
            expected=_ONE,
            done=done,
            shortfall=short,
            projected_met=met,
            status=status,
            forecast_actual=current,
            explanation=f"{text}；{status.label}",
        )
    projected = None if time_share == 0 else _quantity_actual(value / time_share, target.unit_text)
    text = f"累计 {fmt(value)}{unit}，目标 {fmt(goal)}{unit}，序时进度 {pct(time_share)}"
    if projected is not None:
        text += f"，预计年末 {projected.text}"
    met = None if projected is None else target.is_met(projected)
    if cap:
        short = None
        if not target.comparator.holds(value, goal):
            status = TrackStatus.FAR_BEHIND
            text += "；已超过目标上限"
        elif met is False:
            status = TrackStatus.BEHIND
            text += "；按当前趋势将超过目标上限"
        else:
            status = TrackStatus.ON_TRACK
    elif done is None:
        status, short = TrackStatus.ON_TRACK, None
    else:
        status, short = policy.status_of(done, time_share)
        text += f"；完成 {pct(done)}，{_lag(short, policy)}"
    return attrs.evolve(
        base,
        basis="cumulative",
        expected=time_share,
        done=done,
        shortfall=short,
        projected=projected,
        projected_met=met,
        status=status,
        forecast_actual=projected,
        explanation=f"{text}；{status.label}",
    )


def _excess_status(excess: Decimal, policy: MonitoringPolicy) -> tuple[TrackStatus, Decimal]:
    if excess >= policy.far_behind:
        return TrackStatus.FAR_BEHIND, excess
    if excess >= policy.behind:
        return TrackStatus.BEHIND, excess
    return TrackStatus.ON_TRACK, excess
