"""Figures for monitoring results (监控图表); needs the ``plot`` extra (matplotlib).

:func:`plot_execution_progress` draws execution to date against the expected curve (序时进度)
over the period, with the as-of point and the projection to the end;
:func:`plot_indicator_progress` draws one bar per indicator with a known share done, against its
expected share. Both return a :class:`matplotlib.figure.Figure` built without pyplot (no global
state, no GUI backend); save it with ``fig.savefig("out.png")``. matplotlib is imported only when
a function is called. A CJK font is used when one is installed (Noto Sans CJK, Source Han Sans,
WenQuanYi, SimHei …) so Chinese labels render; otherwise matplotlib's default font is used.
Both are also ``perfmodel.report.plot_execution_progress`` and
``perfmodel.report.plot_indicator_progress``.

Figures plot floats: values are converted from ``Decimal`` only for drawing.

>>> from perfmodel.model import Budget, Project
>>> from perfmodel.monitor import ProgressReport, monitor
>>> doc = Project("p", year=2025, budget=Budget(total=Decimal(100)))
>>> fig = plot_execution_progress(monitor(doc, ProgressReport("2025-06-30", executed=40)))
>>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()][:2]
['序时进度 (linear)', '累计执行']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..monitor.curves import ExpectedCurve
from ..monitor.policy import TrackStatus
from .plot import apply_cjk_font

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..monitor import MonitoringResult

__all__ = [
    "curve_points",
    "plot_execution_progress",
    "plot_indicator_progress",
]

_COLORS = {
    TrackStatus.ON_TRACK: "#2e7d32",
    TrackStatus.BEHIND: "#f9a825",
    TrackStatus.FAR_BEHIND: "#c62828",
    None: "#9e9e9e",
}
_MAX_POINTS = 800


def _figure(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is not None:
        fig = ax.get_figure()
        assert fig is not None
        return fig, ax  # type: ignore[return-value]
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    return fig, fig.add_subplot()


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    total = (end - start).days
    step = max(1, total // _MAX_POINTS + (1 if total % _MAX_POINTS else 0))
    days = [start + dt.timedelta(days=n) for n in range(0, total + 1, step)]
    if days[-1] != end:
        days.append(end)
    return days


def _pct(value: Decimal) -> float:
    return float(value * 100)


def _dates() -> tuple[Callable[[Any], Any], Callable[..., Any], Callable[..., Any]]:
    """matplotlib.dates helpers (untyped upstream), typed for the callers here."""
    from matplotlib import dates

    return dates.date2num, dates.AutoDateLocator, dates.ConciseDateFormatter


def curve_points(
    curve: ExpectedCurve, start: dt.date, end: dt.date
) -> tuple[list[dt.date], list[float]]:
    """Dates and expected shares (in percent) to draw a curve over a period (at most ~800 points).

    >>> days, shares = curve_points(ExpectedCurve.standard_step(), dt.date(2025, 1, 1),
    ...                             dt.date(2025, 12, 31))
    >>> len(days), shares[180], shares[-1]
    (365, 50.0, 100.0)
    """
    days = _days(start, end)
    return days, [_pct(curve.expected_share(start, end, d)) for d in days]


def plot_execution_progress(result: MonitoringResult, *, ax: Axes | None = None) -> Figure:
    """Execution to date against the expected curve, with the as-of point and the projection.

    Draws on ``ax`` when given (returning its figure), else on a new figure. (For the execution
    rate of an evaluation or a year-end document see :func:`perfmodel.report.plot.plot_execution`.)

    >>> import datetime as dt
    >>> from perfmodel.model import Project
    >>> from perfmodel.monitor import ProgressReport, monitor
    >>> r = monitor(Project("p", year=2025), ProgressReport("2025-06-30"))
    >>> fig = plot_execution_progress(r)
    >>> fig.axes[0].get_title()
    'p：预算执行进度（截至 2025-06-30）'
    """
    fig, axes = _figure(ax, (8.0, 4.5))
    date2num, locator_type, formatter_type = _dates()

    def x(day: dt.date) -> float:
        return float(date2num(day))

    ex = result.execution
    days, shares = curve_points(result.monitoring.curve, result.start, result.end)
    label = result.monitoring.curve.name or result.monitoring.curve.kind
    axes.plot([x(d) for d in days], shares, color="#1565c0", label=f"序时进度 ({label})")
    axes.axvline(x(result.as_of), color="#757575", linestyle=":", linewidth=1)
    if ex.share is not None:
        color = _COLORS[ex.status]
        as_of = x(min(max(result.as_of, result.start), result.end))
        axes.plot(
            [x(result.start), as_of],
            [0.0, _pct(ex.share)],
            color=color,
            linestyle="--",
            label="累计执行",
        )
        axes.scatter([as_of], [_pct(ex.share)], color=color, zorder=3)
        status = "" if ex.status is None else ex.status.label
        axes.annotate(
            f"{_pct(ex.share):.1f}% {status}",
            (as_of, _pct(ex.share)),
            textcoords="offset points",
            xytext=(6, -12),
        )
        share = ex.projected_share
        if share is not None and result.as_of < result.end:
            axes.plot(
                [as_of, x(result.end)],
                [_pct(ex.share), _pct(share)],
                color=color,
                linestyle=":",
                label="按当前进度预计",
            )
    axes.set_ylim(0, max(105.0, *(s + 5 for s in shares)))
    axes.set_xlim(x(result.start), x(result.end))
    axes.set_ylabel("执行进度 (%)")
    axes.set_title(f"{result.name}：预算执行进度（截至 {result.as_of.isoformat()}）")
    axes.grid(True, alpha=0.3)
    axes.legend(loc="upper left")
    locator = locator_type()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(formatter_type(locator))
    apply_cjk_font(fig)
    return fig


def plot_indicator_progress(result: MonitoringResult, *, ax: Axes | None = None) -> Figure:
    """One bar per indicator with a share done (to date ÷ target, or the reported share), coloured
    by status, with a tick at the share expected by the as-of date.

    >>> from perfmodel.model import Indicator, Project
    >>> from perfmodel.monitor import ProgressReport, monitor
    >>> from perfmodel.targets import parse_target
    >>> doc = Project("p", year=2025, indicators=[
    ...     Indicator("数量", "产出指标", "数量指标", parse_target("=10个"))])
    >>> fig = plot_indicator_progress(monitor(doc, ProgressReport("2025-06-30",
    ...                                                           indicators={"数量": "2个"})))
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['数量']
    """
    shown = [m for m in result.indicators if m.done is not None]
    fig, axes = _figure(ax, (8.0, max(2.0, 0.45 * len(shown) + 1.2)))
    names = [m.indicator.name for m in shown]
    done = [min(_pct(m.done), 150.0) for m in shown if m.done is not None]
    colors = [_COLORS[m.status] for m in shown]
    positions = list(range(len(shown)))
    axes.barh(positions, done, color=colors)
    for y, m in zip(positions, shown, strict=True):
        if m.expected is not None:
            x = _pct(m.expected)
            axes.plot([x, x], [y - 0.4, y + 0.4], color="#212121", linewidth=2)
    axes.set_yticks(positions, names)
    axes.invert_yaxis()
    axes.set_xlim(0, 150)
    axes.axvline(100, color="#757575", linestyle=":", linewidth=1)
    axes.set_xlabel("完成进度 (%)（黑线：序时进度）")
    axes.set_title(f"{result.name}：指标进展（截至 {result.as_of.isoformat()}）")
    if not shown:
        axes.text(0.5, 0.5, "无可计算完成进度的指标", transform=axes.transAxes, ha="center")
    apply_cjk_font(fig)
    return fig
