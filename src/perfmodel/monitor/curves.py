"""Expected-execution curves (序时进度): how much should be done by a date.

A curve is data, :class:`ExpectedCurve`: a ``kind`` and calendar milestones (:class:`Milestone`,
a month/day within any year and a share in percent). It describes the *profile of one calendar
year* — the cumulative share of a year's work expected by the end of each day:

- ``"linear"`` (按时间序时进度, the default): days elapsed / days in the year;
- ``"step"``: the share of the last milestone reached (0 before the first), 100% on 31 December —
  e.g. 30 June → 50%, 30 September → 75% (:meth:`ExpectedCurve.standard_step`);
- ``"interpolated"``: straight lines between the milestones, from 0 before 1 January to 100% on
  31 December.

A planned period (计划开始/完成日期) may start or end inside a year or span several years.
:meth:`ExpectedCurve.expected_share` then weighs each calendar year the period touches by its
number of days in the period (money is assumed spread evenly over the days of the period, as the
linear default says) and, inside the year of the as-of date, follows the year's profile rescaled
to the part of the year in the period. Dates are inclusive: "by 30 June" counts 30 June. Before
the start the share is 0; on and after the end it is 1. Where a profile expects nothing inside a
part of a year (a step curve and a period ending in May), that part is spread linearly. A
milestone on 29 February falls on 28 February in common years.

>>> import datetime as dt
>>> step = ExpectedCurve.standard_step()
>>> start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
>>> [step.expected_share(start, end, dt.date(2025, m, d)) for m, d in ((6, 29), (6, 30), (10, 1))]
[Decimal('0'), Decimal('0.5'), Decimal('0.75')]
>>> ExpectedCurve.linear().expected_share(start, end, dt.date(2025, 6, 30))
Decimal('0.4958904109589041095890410959')
"""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from ..errors import ConstructionError, PolicyError

__all__ = ["CURVE_KINDS", "ExpectedCurve", "Milestone", "to_decimal"]

#: The kinds of curve.
CURVE_KINDS = ("linear", "step", "interpolated")

_CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN)
_HUNDRED = Decimal(100)
_ONE_DAY = dt.timedelta(days=1)


def to_decimal(value: Fraction) -> Decimal:
    """An exact fraction as a ``Decimal`` (28 significant digits, one correctly rounded division).

    >>> to_decimal(Fraction(1, 4)), to_decimal(Fraction(2, 3))
    (Decimal('0.25'), Decimal('0.6666666666666666666666666667'))
    """
    return _CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))


def _percent(value: Any) -> Decimal:
    if isinstance(value, bool | float):
        raise PolicyError(f"milestone share: use Decimal, int or text, not {value!r}")
    try:
        share = Decimal(value) if not isinstance(value, Decimal) else value
    except (decimal.InvalidOperation, TypeError, ValueError) as exc:
        raise PolicyError(f"milestone share is not a number: {value!r}") from exc
    if not share.is_finite() or not 0 <= share <= _HUNDRED:
        raise PolicyError(f"milestone share is a percent from 0 to 100, got {value!r}")
    return share


def _month(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PolicyError(f"milestone {attribute.name} must be an int, got {value!r}")


@attrs.frozen(slots=True)
class Milestone:
    """A point of a year profile: by the end of ``month``/``day``, ``share`` percent expected.

    >>> m = Milestone.parse("06-30", 50)
    >>> m.month, m.day, m.share, m.text
    (6, 30, Decimal('50'), '06-30')
    >>> Milestone(2, 30, 10)
    Traceback (most recent call last):
    ...
    perfmodel.errors.PolicyError: milestone 02-30 is not a day of the year
    """

    month: int = attrs.field(validator=_month)
    day: int = attrs.field(validator=_month)
    share: Decimal = attrs.field(converter=_percent)

    def __attrs_post_init__(self) -> None:
        try:
            dt.date(2000, self.month, self.day)
        except ValueError as exc:
            raise PolicyError(f"milestone {self.text} is not a day of the year") from exc

    @classmethod
    def parse(cls, text: str, share: Decimal | int | str) -> Milestone:
        """A milestone from ``"MM-DD"`` text and a share in percent.

        >>> Milestone.parse("9-30", "75").text
        '09-30'
        """
        try:
            month, day = (int(part) for part in str(text).strip().split("-"))
        except ValueError as exc:
            raise PolicyError(f"milestone date must be 'MM-DD', got {text!r}") from exc
        return cls(month, day, share)

    @property
    def text(self) -> str:
        """The date as ``"MM-DD"``.

        >>> Milestone(2, 29, 20).text
        '02-29'
        """
        return f"{self.month:02d}-{self.day:02d}"

    def day_of_year(self, year: int) -> int:
        """The 1-based day of ``year`` the milestone falls on (29 February → 28 in common years).

        >>> Milestone(2, 29, 0).day_of_year(2025), Milestone(2, 29, 0).day_of_year(2024)
        (59, 60)
        """
        day = self.day
        if (self.month, day) == (2, 29) and not _is_leap(year):
            day = 28
        return dt.date(year, self.month, day).timetuple().tm_yday

    def to_dict(self) -> dict[str, str]:
        """Plain data (``{"date": "MM-DD", "share": "50"}``).

        >>> Milestone(6, 30, 50).to_dict()
        {'date': '06-30', 'share': '50'}
        """
        return {"date": self.text, "share": str(self.share)}


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_in_year(year: int) -> int:
    return 366 if _is_leap(year) else 365


def _milestones(value: Any) -> tuple[Milestone, ...]:
    items: list[Milestone] = []
    for item in value:
        if isinstance(item, Milestone):
            items.append(item)
        elif isinstance(item, Mapping):
            extra = sorted(set(item) - {"date", "share"})
            if extra or "date" not in item or "share" not in item:
                raise PolicyError(f"a milestone is {{'date': 'MM-DD', 'share': ...}}, got {item!r}")
            items.append(Milestone.parse(item["date"], item["share"]))
        elif isinstance(item, tuple | list) and len(item) == 2:
            items.append(Milestone.parse(item[0], item[1]))
        else:
            raise PolicyError(f"not a milestone: {item!r}")
    return tuple(items)


def _kind(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in CURVE_KINDS:
        raise PolicyError(f"curve kind must be one of {list(CURVE_KINDS)}, got {value!r}")


@attrs.frozen(slots=True)
class ExpectedCurve:
    """序时进度曲线: a year profile of expected cumulative progress (see the module docs).

    Milestones must be in date order with shares that never decrease; a milestone on 31 December
    must be 100 (the year ends complete). ``linear`` takes no milestones.

    >>> c = ExpectedCurve("interpolated", [("06-30", 40)])
    >>> ExpectedCurve.from_dict(c.to_dict()) == c
    True
    >>> ExpectedCurve("step", [("09-30", 75), ("06-30", 50)])
    Traceback (most recent call last):
    ...
    perfmodel.errors.PolicyError: curve milestones must be in date order: 06-30 after 09-30
    """

    kind: str = attrs.field(default="linear", validator=_kind)
    milestones: tuple[Milestone, ...] = attrs.field(default=(), converter=_milestones)
    name: str = ""

    def __attrs_post_init__(self) -> None:
        if self.kind == "linear" and self.milestones:
            raise PolicyError("a linear curve takes no milestones")
        previous: Milestone | None = None
        for m in self.milestones:
            if previous is not None:
                if (m.month, m.day) <= (previous.month, previous.day):
                    raise PolicyError(
                        f"curve milestones must be in date order: {m.text} after {previous.text}"
                    )
                if m.share < previous.share:
                    raise PolicyError(
                        f"curve shares must not decrease: {m.text} {m.share}% after "
                        f"{previous.text} {previous.share}%"
                    )
            previous = m
        if previous is not None and previous.text == "12-31" and previous.share != _HUNDRED:
            raise PolicyError(f"a milestone on 12-31 must be 100, got {previous.share}")

    # -- presets ---------------------------------------------------------------------------------

    @classmethod
    def linear(cls) -> ExpectedCurve:
        """按时间序时进度: days elapsed over days in the period.

        >>> ExpectedCurve.linear().kind
        'linear'
        """
        return cls("linear", (), "linear")

    @classmethod
    def step(cls, *milestones: Any, name: str = "step") -> ExpectedCurve:
        """A step curve from ``("MM-DD", percent)`` pairs.

        >>> ExpectedCurve.step(("03-31", 25)).milestones[0].share
        Decimal('25')
        """
        return cls("step", milestones, name)

    @classmethod
    def interpolated(cls, *milestones: Any, name: str = "interpolated") -> ExpectedCurve:
        """A piecewise-linear curve through ``("MM-DD", percent)`` pairs.

        >>> ExpectedCurve.interpolated(("06-30", 50)).kind
        'interpolated'
        """
        return cls("interpolated", milestones, name)

    @classmethod
    def standard_step(cls) -> ExpectedCurve:
        """The common half-year / three-quarter step: 30 June → 50%, 30 September → 75%.

        >>> [m.text for m in ExpectedCurve.standard_step().milestones]
        ['06-30', '09-30']
        """
        return cls.step(("06-30", 50), ("09-30", 75), name="standard_step")

    # -- evaluation ------------------------------------------------------------------------------

    def year_share(self, day: dt.date) -> Fraction:
        """The exact cumulative share of ``day``'s calendar year expected by the end of ``day``.

        >>> ExpectedCurve.linear().year_share(dt.date(2024, 2, 29))
        Fraction(10, 61)
        >>> ExpectedCurve.interpolated(("06-30", 50)).year_share(dt.date(2025, 3, 31))
        Fraction(45, 181)
        """
        n = day.timetuple().tm_yday
        total = _days_in_year(day.year)
        if self.kind == "linear":
            return Fraction(n, total)
        anchors = [(0, Fraction(0))]
        anchors += [(m.day_of_year(day.year), Fraction(m.share) / 100) for m in self.milestones]
        if anchors[-1][0] < total:
            anchors.append((total, Fraction(1)))
        if self.kind == "step":
            return max(share for at, share in anchors if at <= n)
        for (a, share_a), (b, share_b) in itertools.pairwise(anchors):
            if a <= n <= b and b > a:
                return share_a + (share_b - share_a) * Fraction(n - a, b - a)
        return Fraction(1)  # pragma: no cover - the anchors cover every day of the year

    def expected_fraction(self, start: dt.date, end: dt.date, as_of: dt.date) -> Fraction:
        """The exact share of the period ``start``–``end`` expected by the end of ``as_of``.

        >>> ExpectedCurve.linear().expected_fraction(
        ...     dt.date(2024, 1, 1), dt.date(2025, 12, 31), dt.date(2024, 12, 31))
        Fraction(366, 731)
        """
        if start > end:
            raise ConstructionError(f"period starts {start} after it ends {end}")
        if as_of < start:
            return Fraction(0)
        if as_of >= end:
            return Fraction(1)
        total = (end - start).days + 1
        done = Fraction(0)
        for year in range(start.year, end.year + 1):
            first = max(start, dt.date(year, 1, 1))
            last = min(end, dt.date(year, 12, 31))
            weight = Fraction((last - first).days + 1, total)
            if as_of < first:
                break
            if as_of >= last:
                done += weight
                continue
            done += weight * self._within(first, last, as_of)
            break
        return done

    def _within(self, first: dt.date, last: dt.date, as_of: dt.date) -> Fraction:
        """Share of the part ``first``–``last`` of one year done by ``as_of`` (inside the part)."""
        low = (
            Fraction(0) if (first.month, first.day) == (1, 1) else self.year_share(first - _ONE_DAY)
        )
        high = self.year_share(last)
        if high == low:
            return Fraction((as_of - first).days + 1, (last - first).days + 1)
        return (self.year_share(as_of) - low) / (high - low)

    def expected_share(self, start: dt.date, end: dt.date, as_of: dt.date) -> Decimal:
        """:meth:`expected_fraction` as a ``Decimal`` fraction in [0, 1].

        >>> ExpectedCurve.standard_step().expected_share(
        ...     dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2025, 12, 31))
        Decimal('1')
        """
        return to_decimal(self.expected_fraction(start, end, as_of))

    # -- serialization ---------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data.

        >>> ExpectedCurve.standard_step().to_dict()["milestones"][1]
        {'date': '09-30', 'share': '75'}
        """
        return {
            "kind": self.kind,
            "name": self.name,
            "milestones": [m.to_dict() for m in self.milestones],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExpectedCurve:
        """Build a curve from :meth:`to_dict` data; unknown keys are refused.

        >>> ExpectedCurve.from_dict({"kind": "step", "milestones": [("06-30", 50)]})
        ExpectedCurve(kind='step', milestones=(Milestone(month=6, day=30, ...),), name='')
        >>> ExpectedCurve.from_dict({"knd": "step"})
        Traceback (most recent call last):
        ...
        perfmodel.errors.PolicyError: unknown curve keys: ['knd']
        """
        if not isinstance(data, Mapping):
            raise PolicyError(f"a curve is a mapping, got {type(data).__name__}")
        unknown = sorted(set(data) - {"kind", "name", "milestones"})
        if unknown:
            raise PolicyError(f"unknown curve keys: {unknown}")
        return cls(
            kind=data.get("kind", "linear"),
            milestones=data.get("milestones", ()),
            name=str(data.get("name", "")),
        )
