"""Plots of evaluations (needs the ``[plot]`` extra: matplotlib).

Every function returns a :class:`matplotlib.figure.Figure` built without pyplot (no global
state, no display needed), ready for ``fig.savefig("x.png")`` or a notebook:

- :func:`plot_points` — points achieved against points available per level-1 or level-2;
- :func:`plot_execution` — the execution rate (预算执行率) against the time-elapsed expectation
  (100% for a completed year; pass ``as_of`` during the year);
- :func:`plot_portfolio` — many evaluations: grades, and execution rate against total score.

Chinese labels need a CJK font. :func:`cjk_font` looks for one: the ``PERFMODEL_CJK_FONT``
environment variable (a font file or family name), then well-known families matplotlib
already knows (Noto Sans CJK, Source Han Sans, WenQuanYi, SimHei, Microsoft YaHei, PingFang),
then ``fc-list :lang=zh`` (fontconfig), whose first file is registered with matplotlib. When
none is found a :class:`MissingFontWarning` says so and Chinese characters would draw as
boxes: install one (Debian: ``apt-get install fonts-noto-cjk`` or ``fonts-wqy-zenhei``), or
plot with ``lang="en"``, which labels in English and translates the standard level names.

>>> from perfmodel.model import Project
>>> from perfmodel.scoring import evaluate
>>> fig = plot_points(evaluate(Project("p")), lang="en")
>>> type(fig).__name__
'Figure'
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ReportError
from ..model import Project, Unit
from ..numbers import quantize
from ..scoring import Evaluation
from ..scoring.execution import RateCheck, check_rates
from ..vocab import GRADE_LABELS, LEVEL1_EXECUTION, LEVEL_NAMES_EN, report_label

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "MissingFontWarning",
    "apply_cjk_font",
    "cjk_font",
    "expected_progress",
    "plot_execution",
    "plot_points",
    "plot_portfolio",
]

#: Families tried, in order, among the fonts matplotlib knows.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Noto Sans CJK JP",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "Arial Unicode MS",
)

_GRADE_COLOURS = {"excellent": "#2e7d32", "good": "#1565c0", "fair": "#ef6c00", "poor": "#c62828"}
_NONE_COLOUR = "#9e9e9e"
_found: dict[str, str | None] = {}


class MissingFontWarning(UserWarning):
    """No CJK font was found: Chinese labels would draw as empty boxes.

    >>> issubclass(MissingFontWarning, UserWarning)
    True
    """


def _fontconfig_file() -> str | None:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run(
            [fc_list, ":lang=zh", "file"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted(line.strip().rstrip(":") for line in out.splitlines() if line.strip())
    usable = [f for f in files if f.lower().endswith((".ttf", ".otf", ".ttc", ".otc"))]
    return usable[0] if usable else None


def _register(path: str) -> str:
    from matplotlib import font_manager

    font_manager.fontManager.addfont(path)
    return str(font_manager.FontProperties(fname=path).get_name())


def cjk_font(*, refresh: bool = False) -> str | None:
    """The family name of a font that draws Chinese, or ``None`` (the search is cached).

    >>> name = cjk_font()
    >>> name is None or isinstance(name, str)
    True
    """
    if "name" in _found and not refresh:
        return _found["name"]
    from matplotlib import font_manager

    chosen: str | None = None
    wanted = os.environ.get("PERFMODEL_CJK_FONT", "").strip()
    known = {f.name for f in font_manager.fontManager.ttflist}
    if wanted and Path(wanted).is_file():
        chosen = _register(wanted)
    elif wanted and wanted in known:
        chosen = wanted
    if chosen is None:
        chosen = next((family for family in CJK_FAMILIES if family in known), None)
    if chosen is None:
        path = _fontconfig_file()
        chosen = _register(path) if path else None
    _found["name"] = chosen
    return chosen


def _families(lang: str) -> list[str]:
    font = cjk_font()
    if font is None:
        if lang != "en":
            warnings.warn(
                "no CJK font found: Chinese labels will draw as boxes; install one "
                "(Debian: apt-get install fonts-noto-cjk), set PERFMODEL_CJK_FONT to a font "
                'file, or plot with lang="en"',
                MissingFontWarning,
                stacklevel=4,
            )
        return ["DejaVu Sans"]
    return [font]


def _figure(lang: str, size: tuple[float, float], columns: int = 1) -> tuple[Figure, list[Any]]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    axes = [fig.add_subplot(1, columns, i + 1) for i in range(columns)]
    return fig, axes


def apply_cjk_font(fig: Figure, lang: str = "zh") -> Figure:
    """Give every text of ``fig`` the font families (a CJK font first, when there is one).

    Figures drawn by other modules (monitoring plots) call this too, so one font search serves
    every figure. Warns :class:`MissingFontWarning` when Chinese would draw as boxes.

    >>> from matplotlib.figure import Figure
    >>> apply_cjk_font(Figure(), "en").texts
    []
    """
    from matplotlib.text import Text

    families = _families(lang)
    weight = _regular_weight(families[0])
    for text in fig.findobj(Text):
        text.set_fontfamily(families)
        if weight is not None and text.get_fontweight() in ("normal", 400):
            text.set_fontweight(weight)
    return fig


def _regular_weight(family: str) -> int | None:
    """The weight of a family with no regular (400) face, e.g. WenQuanYi Zen Hei's 500."""
    from matplotlib import font_manager

    weights = {f.weight for f in font_manager.fontManager.ttflist if f.name == family}
    if not weights or any(w in (400, "normal", "regular") for w in weights):
        return None
    numeric = [w for w in weights if isinstance(w, int)]
    return min(numeric) if numeric else None


def _name(name: str, lang: str) -> str:
    return LEVEL_NAMES_EN.get(name, name) if lang == "en" else name


def _label(key: str, lang: str) -> str:
    return report_label(key, lang)


def _float(value: Decimal | None) -> float:
    # matplotlib draws floats; the figures themselves stay Decimal in the evaluation.
    return 0.0 if value is None else float(value)


def plot_points(evaluation: Evaluation, *, level: int = 1, lang: str = "zh") -> Figure:
    """Bars of points achieved (得分) against points available (分值) per level-1 or level-2.

    The execution rate (预算执行率) is the first bar when it was scored. Each bar is labelled
    ``achieved / available``.

    >>> from perfmodel.scoring import evaluate
    >>> plot_points(evaluate(Project("p")), level=3)
    Traceback (most recent call last):
    ...
    perfmodel.errors.ReportError: level must be 1 or 2, not 3
    """
    if level not in (1, 2):
        raise ReportError(f"level must be 1 or 2, not {level}")
    names: list[str] = []
    achieved: list[Decimal] = []
    available: list[Decimal] = []
    if evaluation.execution is not None:
        names.append(_name(LEVEL1_EXECUTION, lang))
        achieved.append(evaluation.execution.points)
        available.append(evaluation.execution.max_points)
    for sub in evaluation.level1 if level == 1 else evaluation.level2:
        names.append(_name(sub.name, lang))
        achieved.append(sub.points)
        available.append(sub.max_points)
    fig, (ax,) = _figure(lang, (7.5, 0.5 * max(len(names), 2) + 1.6))
    positions = list(range(len(names)))[::-1]
    ax.barh(
        positions,
        [_float(v) for v in available],
        color="#e0e0e0",
        edgecolor="#9e9e9e",
        label=_label("plot_available", lang),
    )
    ax.barh(
        positions,
        [_float(v) for v in achieved],
        height=0.5,
        color="#1565c0",
        label=_label("plot_achieved", lang),
    )
    for y, got, of in zip(positions, achieved, available, strict=True):
        ax.text(_float(of), y, f" {got} / {of.normalize():f}", va="center", fontsize=9)
    ax.set_yticks(positions, names)
    ax.set_xlabel(_label("points", lang))
    ax.margins(x=0.25)
    total = "" if evaluation.total is None else f"  {_label('total', lang)} {evaluation.total}"
    grade = "" if evaluation.grade is None else f"（{_grade_name(evaluation.grade.value, lang)}）"
    ax.set_title(f"{evaluation.name}\n{_label('plot_points_title', lang)}{total}{grade}")
    if names:
        ax.legend(loc="lower right", fontsize=8)
    return apply_cjk_font(fig, lang)


def _grade_name(code: str, lang: str) -> str:
    if lang == "en":
        from ..vocab import GRADE_LABELS_EN

        return GRADE_LABELS_EN[code]
    return GRADE_LABELS[code]


def expected_progress(year: int, as_of: dt.date | None = None) -> Decimal:
    """Share of the year elapsed on ``as_of`` (inclusive), as a fraction; 1 for a past year.

    With no ``as_of`` the year is taken as completed (the self-evaluation case).

    >>> expected_progress(2024), expected_progress(2024, dt.date(2024, 6, 30))
    (Decimal('1'), Decimal('0.4972677595628415300546448087'))
    >>> expected_progress(2024, dt.date(2023, 12, 31))
    Decimal('0')
    """
    if as_of is None or as_of >= dt.date(year, 12, 31):
        return Decimal(1)
    start = dt.date(year, 1, 1)
    if as_of < start:
        return Decimal(0)
    days = (dt.date(year + 1, 1, 1) - start).days
    return Decimal((as_of - start).days + 1) / Decimal(days)


def _rate_checks(source: Evaluation | Unit | Project) -> tuple[RateCheck, ...]:
    if isinstance(source, Evaluation):
        checks = source.rate_checks
        ex = source.execution
        if not checks and ex is not None and ex.executed is not None and ex.budgeted:
            checks = (RateCheck("整体", ex.executed, ex.budgeted),)
        return checks
    return check_rates(source.budget)


def plot_execution(
    source: Evaluation | Unit | Project, *, as_of: dt.date | None = None, lang: str = "zh"
) -> Figure:
    """The execution rate against the time-elapsed expectation (预算执行进度 vs 时间进度).

    The diagonal is the expectation through the year; the markers are the overall rate and,
    when stated, the 基本支出/项目支出 rates, placed at ``as_of`` (the year end by default).

    >>> plot_execution(Project("p", year=2024))
    Traceback (most recent call last):
    ...
    perfmodel.errors.ReportError: no execution figures (全年执行数/全年预算数) for 'p'
    """
    checks = _rate_checks(source)
    name = source.name
    if not checks:
        raise ReportError(f"no execution figures (全年执行数/全年预算数) for {name!r}")
    year = source.year or (as_of or dt.date.today()).year
    when = as_of if as_of is not None else dt.date(year, 12, 31)
    expected = expected_progress(year, as_of)
    fig, (ax,) = _figure(lang, (7.5, 4.6))
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    ax.plot(
        [start, end], [0, 100], color="#9e9e9e", linestyle="--", label=_label("plot_expected", lang)
    )
    ax.axhline(_float(expected * 100), color="#9e9e9e", linewidth=0.8)
    markers = ["o", "s", "^"]
    labels = {"整体": "annual_funds", "基本支出": "basic", "项目支出": "project_exp"}
    for i, check in enumerate(checks):
        rate = check.rate * 100
        text = report_label(labels.get(check.label, "annual_funds"), lang).replace("其中：", "")
        ax.plot(
            [when],
            [_float(rate)],
            marker=markers[i % 3],
            markersize=9,
            linestyle="none",
            label=f"{text} {quantize(rate, Decimal('0.01'))}%",
        )
    ax.set_xlim(start - dt.timedelta(days=10), end + dt.timedelta(days=40))
    top = max([110.0, *(_float(c.rate * 100) + 10 for c in checks)])
    ax.set_ylim(0, top)
    ax.set_ylabel(_label("plot_rate_axis", lang))
    ax.set_xlabel(_label("plot_date_axis", lang))
    shown = f"{quantize(expected * 100, Decimal('0.01'))}%"
    ax.set_title(
        f"{name}\n{_label('plot_execution_title', lang)}（{_label('plot_expected', lang)}"
        f" {shown}，{when.isoformat()}）"
    )
    ax.legend(loc="upper left", fontsize=8)
    fig.autofmt_xdate()
    return apply_cjk_font(fig, lang)


def plot_portfolio(evaluations: Iterable[Evaluation], *, lang: str = "zh") -> Figure:
    """Many evaluations at a glance: how many got each grade, and rate against total score.

    Evaluations with no total (declarations) count as 未评分 and are left out of the scatter.

    >>> from perfmodel.scoring import evaluate
    >>> fig = plot_portfolio([evaluate(Project("p"))], lang="en")
    >>> len(fig.axes)
    2
    """
    items: Sequence[Evaluation] = list(evaluations)
    fig, (bars, scatter) = _figure(lang, (11, 4.6), columns=2)
    codes = [e.grade.value if e.grade is not None else None for e in items]
    counts = Counter(codes)
    order = [*GRADE_LABELS, None]
    heights = [counts.get(code, 0) for code in order]
    names = [_grade_name(c, lang) if c else _label("not_scored", lang) for c in order]
    colours = [_GRADE_COLOURS.get(c or "", _NONE_COLOUR) for c in order]
    bars.bar(range(len(order)), heights, color=colours)
    bars.set_xticks(range(len(order)), names)
    for x, h in enumerate(heights):
        bars.text(x, h, str(h), ha="center", va="bottom")
    bars.set_ylabel(_label("plot_count_axis", lang))
    bars.set_title(_label("plot_grades", lang))
    bars.set_ylim(0, max([*heights, 1]) * 1.2)
    plotted = [
        e for e in items if e.total is not None and e.execution is not None and e.execution.rate
    ]
    for code, colour in _GRADE_COLOURS.items():
        group = [e for e in plotted if e.grade is not None and e.grade.value == code]
        if group:
            scatter.scatter(
                [
                    _float(e.execution.rate * 100 if e.execution and e.execution.rate else None)
                    for e in group
                ],
                [_float(e.total) for e in group],
                color=colour,
                label=_grade_name(code, lang),
                s=40,
                zorder=3,
            )
    bands = items[0].policy.grade_bands if items else ()
    for band in bands:
        scatter.axhline(_float(band), color="#bdbdbd", linewidth=0.8, linestyle=":")
    scatter.axvline(100, color="#bdbdbd", linewidth=0.8, linestyle="--")
    rates = [_float(e.execution.rate * 100) for e in plotted if e.execution and e.execution.rate]
    scatter.set_xlim(0, max([110.0, *(r + 5 for r in rates)]))
    if len(plotted) <= 30:
        for e in plotted:
            if e.execution is not None and e.execution.rate is not None:
                short = e.name if len(e.name) <= 12 else e.name[:11] + "…"
                scatter.annotate(
                    short,
                    (_float(e.execution.rate * 100), _float(e.total)),
                    textcoords="offset points",
                    xytext=(4, 4),
                    fontsize=7,
                )
    scatter.set_xlabel(_label("plot_rate_axis", lang))
    scatter.set_ylabel(_label("plot_score_axis", lang))
    scatter.set_ylim(0, 105)
    scatter.set_title(_label("plot_portfolio_title", lang))
    if plotted:
        scatter.legend(loc="lower right", fontsize=8)
    return apply_cjk_font(fig, lang)
