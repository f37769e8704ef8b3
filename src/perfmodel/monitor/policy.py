"""Monitoring policies (监控口径): expected-progress curves and alert thresholds, as data.

Places differ in how they monitor (domain reference §5: a **policy choice**): the curve of
expected execution (序时进度), how a shortfall is measured, where "behind" (滞后) and "far behind"
(严重滞后) begin, and from which status a deviation explanation (偏差原因) and corrective action
(纠偏措施) are required. :class:`MonitoringPolicy` holds those numbers with a ``source`` per field,
like :class:`perfmodel.scoring.policy.Policy` does for scoring.

>>> p = MonitoringPolicy()
>>> p.measure, p.behind, p.far_behind, p.curve.kind
('points', Decimal('10'), Decimal('20'), 'linear')
>>> p.status_of(Decimal("0.35"), Decimal("0.5"))
(<TrackStatus.BEHIND: 'behind'>, Decimal('15.00'))
>>> MonitoringPolicy.from_dict(p.to_dict()) == p
True
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from ..errors import PolicyError
from ..vocab import MONITORING_LABELS, MONITORING_STATUS_WORDS, normalize_label
from .curves import ExpectedCurve

__all__ = ["MONITORING_SOURCES", "MonitoringPolicy", "TrackStatus"]

_HUNDRED = Decimal(100)
_ZERO = Decimal(0)


class TrackStatus(enum.Enum):
    """监控状态: on track (正常), behind (滞后) or far behind (严重滞后); ``value`` is a code.

    >>> TrackStatus.BEHIND.label, TrackStatus.from_text("进度 滞后")
    ('滞后', <TrackStatus.BEHIND: 'behind'>)
    >>> TrackStatus.from_text("很好") is None
    True
    """

    ON_TRACK = "on_track"
    BEHIND = "behind"
    FAR_BEHIND = "far_behind"

    @property
    def label(self) -> str:
        """The Chinese label.

        >>> TrackStatus.FAR_BEHIND.label
        '严重滞后'
        """
        return MONITORING_LABELS[self.value]

    @property
    def rank(self) -> int:
        """0 on track, 1 behind, 2 far behind (for "at least as bad as").

        >>> TrackStatus.FAR_BEHIND.rank > TrackStatus.BEHIND.rank
        True
        """
        return _RANKS[self]

    @classmethod
    def from_text(cls, text: str) -> TrackStatus | None:
        """The status a progress word names (正常推进, 滞后, 严重滞后, 部分达成 …), else ``None``.

        >>> TrackStatus.from_text("按计划推进")
        <TrackStatus.ON_TRACK: 'on_track'>
        """
        code = MONITORING_STATUS_WORDS.get(normalize_label(text))
        return None if code is None else cls(code)


_RANKS = {TrackStatus.ON_TRACK: 0, TrackStatus.BEHIND: 1, TrackStatus.FAR_BEHIND: 2}

#: Where each number of the default monitoring policy comes from.
MONITORING_SOURCES: dict[str, str] = {
    "curve": "perfmodel 默认：按时间序时进度（截至监控日已过天数 / 计划期天数，含当日）",
    "indicator_curve": "perfmodel 默认：累计类指标按时间序时进度线性推算",
    "measure": "perfmodel 默认：以低于序时进度的百分点数衡量偏差（政策选择：亦可按相对比例）",
    "behind": "perfmodel 默认：低于序时进度 10 个百分点（含）以上为滞后；各地口径不同",
    "far_behind": "perfmodel 默认：低于序时进度 20 个百分点（含）以上为严重滞后；各地口径不同",
    "explain_from": "《中央部门预算绩效运行监控管理暂行办法》（财预〔2019〕136号）：执行进度或"
    "绩效目标实现程度出现偏差的，分析偏差原因并提出纠偏措施",
    "period": "perfmodel 默认：项目按计划开始至完成日期；单位及未写日期的项目按预算年度",
}

_MEASURES = frozenset({"points", "ratio"})
_PERIODS = frozenset({"planned", "year"})


def _dec(value: Any) -> Decimal:
    if isinstance(value, bool | float):
        raise PolicyError(f"use Decimal, int or text, not {value!r} ({type(value).__name__})")
    try:
        result = value if isinstance(value, Decimal) else Decimal(value)
    except (decimal.InvalidOperation, TypeError, ValueError) as exc:
        raise PolicyError(f"not a number: {value!r}") from exc
    if not result.is_finite():
        raise PolicyError(f"must be finite, got {value!r}")
    return result


def _curve(value: Any) -> ExpectedCurve:
    if isinstance(value, ExpectedCurve):
        return value
    if isinstance(value, Mapping):
        return ExpectedCurve.from_dict(value)
    raise PolicyError(f"a curve is an ExpectedCurve or its dict, got {value!r}")


def _status(value: Any) -> TrackStatus:
    try:
        return TrackStatus(value)
    except ValueError as exc:
        raise PolicyError(f"explain_from must be a status code, got {value!r}") from exc


def _sources(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise PolicyError(f"sources must be a mapping, got {type(value).__name__}")
    return {str(k): str(v) for k, v in value.items()}


@attrs.frozen(slots=True)
class MonitoringPolicy:
    """监控口径: curves, thresholds and the period monitored, each with a ``source``.

    - ``curve``: expected execution of the budget (序时进度); ``indicator_curve``: expected
      progress of cumulative indicators (both linear by default);
    - ``measure``: ``"points"`` — the shortfall is expected − actual in percentage points — or
      ``"ratio"`` — the shortfall is 1 − actual / expected, in percent;
    - ``behind`` / ``far_behind``: a shortfall at or above them (以上, inclusive) is behind / far
      behind; ``0 < behind ≤ far_behind``;
    - ``explain_from``: the status from which 偏差原因 and 纠偏措施 are required;
    - ``period``: ``"planned"`` (the project's 计划开始/完成日期) or ``"year"`` (the budget year).

    >>> MonitoringPolicy(behind=30, far_behind=20)
    Traceback (most recent call last):
    ...
    perfmodel.errors.PolicyError: need 0 < behind ≤ far_behind, got behind 30, far_behind 20
    """

    name: str = "default"
    curve: ExpectedCurve = attrs.field(factory=ExpectedCurve.linear, converter=_curve)
    indicator_curve: ExpectedCurve = attrs.field(factory=ExpectedCurve.linear, converter=_curve)
    measure: str = "points"
    behind: Decimal = attrs.field(default=Decimal(10), converter=_dec)
    far_behind: Decimal = attrs.field(default=Decimal(20), converter=_dec)
    explain_from: TrackStatus = attrs.field(default=TrackStatus.BEHIND, converter=_status)
    period: str = "planned"
    sources: dict[str, str] = attrs.field(
        factory=lambda: dict(MONITORING_SOURCES), converter=_sources
    )

    def __attrs_post_init__(self) -> None:
        if self.measure not in _MEASURES:
            raise PolicyError(f"measure must be one of {sorted(_MEASURES)}, got {self.measure!r}")
        if self.period not in _PERIODS:
            raise PolicyError(f"period must be one of {sorted(_PERIODS)}, got {self.period!r}")
        if not _ZERO < self.behind <= self.far_behind:
            raise PolicyError(
                f"need 0 < behind ≤ far_behind, got behind {self.behind}, "
                f"far_behind {self.far_behind}"
            )

    @classmethod
    def standard_step(cls) -> MonitoringPolicy:
        """The default thresholds with the step curve 30 June → 50%, 30 September → 75%.

        >>> MonitoringPolicy.standard_step().curve.name
        'standard_step'
        """
        sources = dict(MONITORING_SOURCES)
        sources["curve"] = "地方口径：6 月底支出进度达到 50%，9 月底达到 75%，年底 100%"
        return cls(name="standard_step", curve=ExpectedCurve.standard_step(), sources=sources)

    def shortfall(self, actual: Decimal, expected: Decimal) -> Decimal:
        """How far ``actual`` (a fraction) falls short of ``expected`` (a fraction), in percent or
        percentage points under ``measure``; negative when ahead; 0 when nothing is expected yet.

        >>> MonitoringPolicy(measure="ratio").shortfall(Decimal("0.4"), Decimal("0.5"))
        Decimal('20.0')
        """
        if self.measure == "points":
            return (expected - actual) * _HUNDRED
        if expected == 0:
            return _ZERO
        return (1 - actual / expected) * _HUNDRED

    def status_of(self, actual: Decimal, expected: Decimal) -> tuple[TrackStatus, Decimal]:
        """The status of a fraction done against the fraction expected, and the shortfall.

        >>> MonitoringPolicy().status_of(Decimal("0.30"), Decimal("0.5"))
        (<TrackStatus.FAR_BEHIND: 'far_behind'>, Decimal('20.00'))
        >>> MonitoringPolicy().status_of(Decimal("0.41"), Decimal("0.5"))[0]
        <TrackStatus.ON_TRACK: 'on_track'>
        """
        short = self.shortfall(actual, expected)
        if short >= self.far_behind:
            return TrackStatus.FAR_BEHIND, short
        if short >= self.behind:
            return TrackStatus.BEHIND, short
        return TrackStatus.ON_TRACK, short

    def needs_explanation(self, status: TrackStatus | None) -> bool:
        """Whether a status calls for 偏差原因 and 纠偏措施.

        >>> MonitoringPolicy().needs_explanation(TrackStatus.BEHIND)
        True
        """
        return status is not None and status.rank >= self.explain_from.rank

    def source_of(self, field: str) -> str:
        """The citation for a field ("" when none).

        >>> "136号" in MonitoringPolicy().source_of("explain_from")
        True
        """
        return self.sources.get(field, "")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data.

        >>> MonitoringPolicy().to_dict()["behind"]
        '10'
        """
        return {
            "name": self.name,
            "curve": self.curve.to_dict(),
            "indicator_curve": self.indicator_curve.to_dict(),
            "measure": self.measure,
            "behind": str(self.behind),
            "far_behind": str(self.far_behind),
            "explain_from": self.explain_from.value,
            "period": self.period,
            "sources": dict(self.sources),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MonitoringPolicy:
        """Build a policy from :meth:`to_dict` data; unknown keys are refused.

        >>> MonitoringPolicy.from_dict({"curve": {"kind": "step"}, "behind": "5"}).behind
        Decimal('5')
        >>> MonitoringPolicy.from_dict({"behnd": 5})
        Traceback (most recent call last):
        ...
        perfmodel.errors.PolicyError: unknown monitoring policy keys: ['behnd']
        """
        known = {f.name for f in attrs.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise PolicyError(f"unknown monitoring policy keys: {unknown}")
        try:
            return cls(**dict(data))
        except PolicyError:
            raise
        except (TypeError, ValueError) as exc:
            raise PolicyError(f"bad monitoring policy data: {exc}") from exc
