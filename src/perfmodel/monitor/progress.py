"""Progress reports (绩效运行监控表的填报内容): what a unit reports during the year.

A :class:`ProgressReport` holds the as-of date (监控截止日), the amount executed to date
(累计执行数, in yuan) and, per indicator, one :class:`IndicatorProgress`: an actual to date
(截至目前完成值), a completion share (完成进度, a fraction), or a qualitative status
(进展情况: 正常/滞后/严重滞后), with the deviation reason (偏差原因) and corrective action
(纠偏措施) when the unit gives them.
Indicators are matched by name or by path (``level1/level2/name``), spaces ignored.

>>> r = ProgressReport("2025-06-30", executed="133100", indicators={
...     "保障网格数量": "4个", "网格片区人员满意度": "92%", "支付及时性": "正常推进"})
>>> r.as_of, r.executed, [p.kind for p in r.indicators]
(datetime.date(2025, 6, 30), Decimal('133100'), ['actual', 'actual', 'status'])
>>> ProgressReport.from_dict(r.to_dict()) == r
True
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from ..errors import ConstructionError, TargetSyntaxError
from ..numbers import figure
from ..targets import Actual, parse_actual
from ..vocab import normalize_label
from .policy import TrackStatus

__all__ = ["IndicatorProgress", "ProgressReport"]

_MAX_SHARE = Decimal(10)


def _key(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not normalize_label(value):
        raise ConstructionError(f"IndicatorProgress.key must name an indicator, got {value!r}")


def _actual(value: Any) -> Actual | None:
    if value is None or isinstance(value, Actual):
        return value
    if isinstance(value, str):
        try:
            return parse_actual(value)
        except TargetSyntaxError as exc:  # pragma: no cover - parse_actual reads any text
            raise ConstructionError(str(exc)) from exc
    raise ConstructionError(f"an actual to date is text or an Actual, got {value!r}")


def _share(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool | float):
        raise ConstructionError(f"a completion share is Decimal, int or text, not {value!r}")
    try:
        if isinstance(value, str):
            text = normalize_label(value)
            share = Decimal(text[:-1]) / 100 if text.endswith(("%", "％")) else Decimal(text)
        else:
            share = value if isinstance(value, Decimal) else Decimal(value)
    except (decimal.InvalidOperation, TypeError, ValueError) as exc:
        raise ConstructionError(f"not a completion share: {value!r}") from exc
    if not share.is_finite() or not 0 <= share <= _MAX_SHARE:
        raise ConstructionError(
            f"a completion share is a fraction from 0 (0.4 = 40%, or write '40%'), got {value!r}"
        )
    return share


def _status(value: Any) -> TrackStatus | None:
    if value is None or isinstance(value, TrackStatus):
        return value
    if isinstance(value, str):
        try:
            return TrackStatus(value)
        except ValueError:
            status = TrackStatus.from_text(value)
            if status is not None:
                return status
    raise ConstructionError(f"not a progress status (正常/滞后/严重滞后): {value!r}")


def _opt_text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


@attrs.frozen(slots=True)
class IndicatorProgress:
    """One indicator's progress: exactly one of ``actual`` (to date), ``share`` (a fraction of the
    annual target done) or ``status`` (a qualitative judgement).

    ``reason`` (偏差原因) and ``action`` (纠偏措施) are the unit's explanation; ``cumulative``
    overrides the rule that decides whether an actual accumulates over the year (see
    :func:`perfmodel.monitor.monitor`).

    >>> IndicatorProgress("充电桩数量", share="40%").share
    Decimal('0.4')
    >>> IndicatorProgress("充电桩数量", actual="20个", share="0.4")
    Traceback (most recent call last):
    ...
    perfmodel.errors.ConstructionError: progress of '充电桩数量': give exactly one of actual, ...
    """

    key: str = attrs.field(validator=_key)
    actual: Actual | None = attrs.field(default=None, converter=_actual)
    share: Decimal | None = attrs.field(default=None, converter=_share)
    status: TrackStatus | None = attrs.field(default=None, converter=_status)
    reason: str | None = attrs.field(default=None, converter=_opt_text)
    action: str | None = attrs.field(default=None, converter=_opt_text)
    cumulative: bool | None = None

    def __attrs_post_init__(self) -> None:
        given = [v for v in (self.actual, self.share, self.status) if v is not None]
        if len(given) != 1:
            raise ConstructionError(
                f"progress of {self.key!r}: give exactly one of actual, share or status"
            )
        if self.cumulative is not None and not isinstance(self.cumulative, bool):
            raise ConstructionError(f"cumulative must be a bool, got {self.cumulative!r}")

    @property
    def kind(self) -> str:
        """``"actual"``, ``"share"`` or ``"status"``.

        >>> IndicatorProgress("a", status="滞后").kind
        'status'
        """
        if self.actual is not None:
            return "actual"
        return "share" if self.share is not None else "status"

    @property
    def explained(self) -> bool:
        """Whether both 偏差原因 and 纠偏措施 are given.

        >>> IndicatorProgress("a", status="滞后", reason="招标延迟").explained
        False
        """
        return self.reason is not None and self.action is not None

    @classmethod
    def of(cls, key: str, value: Any) -> IndicatorProgress:
        """Read a shorthand: text is a status word (正常推进, 滞后 …) or else an actual to date;
        a ``Decimal`` is a completion share; an :class:`~perfmodel.targets.Actual` an actual.

        >>> IndicatorProgress.of("a", "滞后").status, IndicatorProgress.of("a", "12个").kind
        (<TrackStatus.BEHIND: 'behind'>, 'actual')
        >>> IndicatorProgress.of("a", Decimal("0.5")).share
        Decimal('0.5')
        """
        if isinstance(value, IndicatorProgress):
            return attrs.evolve(value, key=key)
        if isinstance(value, Actual):
            return cls(key, actual=value)
        if isinstance(value, Decimal):
            return cls(key, share=value)
        if isinstance(value, str):
            status = TrackStatus.from_text(value)
            return cls(key, status=status) if status is not None else cls(key, actual=value)
        raise ConstructionError(
            f"progress of {key!r}: expected text, Decimal, Actual or IndicatorProgress, "
            f"got {type(value).__name__}"
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data (blank fields left out).

        >>> IndicatorProgress("a", share="0.5", reason="r").to_dict()
        {'key': 'a', 'share': '0.5', 'reason': 'r'}
        """
        data: dict[str, Any] = {"key": self.key}
        if self.actual is not None:
            data["actual"] = self.actual.text
        if self.share is not None:
            data["share"] = str(self.share)
        if self.status is not None:
            data["status"] = self.status.value
        for name in ("reason", "action", "cumulative"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        return data


def _progress_items(value: Any) -> tuple[IndicatorProgress, ...]:
    if isinstance(value, Mapping):
        return tuple(IndicatorProgress.of(str(k), v) for k, v in value.items())
    items: list[IndicatorProgress] = []
    for item in value:
        if isinstance(item, IndicatorProgress):
            items.append(item)
        elif isinstance(item, Mapping):
            items.append(_progress_from_dict(item))
        else:
            raise ConstructionError(
                f"ProgressReport.indicators holds IndicatorProgress, got {item!r}"
            )
    return tuple(items)


def _progress_from_dict(data: Mapping[str, Any]) -> IndicatorProgress:
    known = {f.name for f in attrs.fields(IndicatorProgress)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConstructionError(f"unknown indicator progress keys: {unknown}")
    return IndicatorProgress(**dict(data))


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ConstructionError(f"as_of: not an ISO date (YYYY-MM-DD): {value!r}") from exc
    raise ConstructionError(f"as_of must be a date, got {value!r}")


def _money(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool | float):
        raise ConstructionError(f"amounts are Decimal, int or text, not {value!r}")
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).replace(",", ""))
    except decimal.InvalidOperation as exc:
        raise ConstructionError(f"not an amount: {value!r}") from exc
    if not amount.is_finite() or amount < 0:
        raise ConstructionError(f"amounts must be finite and not negative, got {value!r}")
    return figure(amount, "ProgressReport.executed")  # the bounds of perfmodel.numbers


def _unique_keys(instance: Any, attribute: attrs.Attribute[Any], value: Iterable[Any]) -> None:
    seen: set[str] = set()
    for item in value:
        key = normalize_label(item.key)
        if key in seen:
            raise ConstructionError(f"indicator {item.key!r} is reported twice")
        seen.add(key)


@attrs.frozen(slots=True)
class ProgressReport:
    """监控填报: as-of date, executed amount to date (yuan), per-indicator progress.

    ``budgeted`` overrides the budget execution is measured against (e.g. the adjusted budget
    调整后预算 when it differs from the declaration); ``reason``/``action`` explain a lag in
    execution. Blank is ``None``, never 0: an unknown executed amount is ``None``.

    >>> ProgressReport("2025-06-31", executed=0)
    Traceback (most recent call last):
    ...
    perfmodel.errors.ConstructionError: as_of: not an ISO date (YYYY-MM-DD): '2025-06-31'
    """

    as_of: dt.date = attrs.field(converter=_date)
    executed: Decimal | None = attrs.field(default=None, converter=_money)
    indicators: tuple[IndicatorProgress, ...] = attrs.field(
        default=(), converter=_progress_items, validator=_unique_keys
    )
    budgeted: Decimal | None = attrs.field(default=None, converter=_money)
    reason: str | None = attrs.field(default=None, converter=_opt_text)
    action: str | None = attrs.field(default=None, converter=_opt_text)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (blank fields left out).

        >>> ProgressReport("2025-06-30", executed="10").to_dict()
        {'as_of': '2025-06-30', 'executed': '10', 'indicators': []}
        """
        data: dict[str, Any] = {"as_of": self.as_of.isoformat()}
        if self.executed is not None:
            data["executed"] = str(self.executed)
        data["indicators"] = [p.to_dict() for p in self.indicators]
        if self.budgeted is not None:
            data["budgeted"] = str(self.budgeted)
        for name in ("reason", "action"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProgressReport:
        """Build a report from :meth:`to_dict` data; unknown keys are refused.

        >>> ProgressReport.from_dict({"as_of": "2025-06-30", "exectued": "1"})
        Traceback (most recent call last):
        ...
        perfmodel.errors.ConstructionError: unknown progress report keys: ['exectued']
        """
        known = {f.name for f in attrs.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConstructionError(f"unknown progress report keys: {unknown}")
        return cls(**dict(data))
