"""The pieces a scorecard is made of: tables of text, diagnostics by severity, number formats.

A :class:`Scorecard` holds :class:`Table` values whose cells are already text; the renderers
(Markdown, HTML, plain text) draw them and compute nothing.

>>> t = Table(("三级指标", "得分"), (("公园养护数", "1.00"),), numeric=frozenset({1}))
>>> t.width, format_wan(Decimal("144458200")), format_percent(Decimal("0.97234"))
(2, '14445.82', '97.23%')
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePath

import attrs

from ..errors import Diagnostic, Severity
from ..numbers import quantize
from ..vocab import report_label

__all__ = [
    "DiagnosticGroup",
    "Scorecard",
    "Table",
    "diagnostic_line",
    "format_percent",
    "format_points",
    "format_wan",
    "group_diagnostics",
]

_CENT = Decimal("0.01")


def format_wan(amount: Decimal | None) -> str:
    """An amount in yuan written in 万元 with two decimals; blank stays blank.

    >>> format_wan(Decimal("152496500.00")), format_wan(None)
    ('15249.65', '')
    """
    if amount is None:
        return ""
    return f"{quantize(amount.scaleb(-4), _CENT, ROUND_HALF_UP):f}"


def format_percent(fraction: Decimal | None) -> str:
    """A fraction as a percentage with two decimals, rounded half-up; blank stays blank.

    >>> format_percent(Decimal("0.9723484")), format_percent(Decimal(1)), format_percent(None)
    ('97.23%', '100.00%', '')
    """
    if fraction is None:
        return ""
    return f"{quantize(fraction.scaleb(2), _CENT, ROUND_HALF_UP):f}%"


def format_points(value: Decimal | None) -> str:
    """A figure of points (分值) written plainly: no exponent, no trailing zeros.

    >>> format_points(Decimal("35.00")), format_points(Decimal("16.67")), format_points(None)
    ('35', '16.67', '')
    """
    if value is None:
        return ""
    if value == value.to_integral_value():
        return f"{quantize(value, Decimal(1)):f}"
    return f"{value.normalize():f}"


@attrs.frozen(slots=True)
class Table:
    """One table of a scorecard: headings, rows of text, and how to draw them.

    ``numeric`` lists right-aligned columns; the first ``merge`` columns are merged down where
    a value repeats (the official forms' merged 一级/二级指标 cells); ``note_column`` holds the
    explanation of each row (drawn inline in Markdown, as numbered notes in text and HTML);
    ``strong`` lists total rows; ``note_mark`` heads the column of note numbers in text and
    HTML; ``key`` names the table for styling and tests (``"funds"``, ``"indicators"``…); a
    ``form_like`` table is a label/value grid with no heading
    row (its ``columns`` are empty).

    >>> t = Table(("一级指标", "二级指标"), (("产出指标", "数量指标"), ("产出指标", "质量指标")),
    ...           merge=1)
    >>> t.continued(1, 0), t.continued(1, 1)
    (True, False)
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    numeric: frozenset[int] = frozenset()
    merge: int = 0
    note_column: int | None = None
    strong: frozenset[int] = frozenset()
    form_like: bool = False
    note_mark: str = "注"
    key: str = ""

    def continued(self, row: int, column: int) -> bool:
        """Whether cell (row, column) continues the merged cell above it.

        >>> Table(("a",), (("x",), ("x",)), merge=1).continued(0, 0)
        False
        """
        if row == 0 or column >= self.merge or not self.rows[row][column]:
            return False
        return self.rows[row][: column + 1] == self.rows[row - 1][: column + 1]

    @property
    def width(self) -> int:
        """Number of columns.

        >>> Table((), (("a", "b"),), form_like=True).width
        2
        """
        if self.columns:
            return len(self.columns)
        return max((len(r) for r in self.rows), default=0)


@attrs.frozen(slots=True)
class DiagnosticGroup:
    """Diagnostics of one severity, as lines of text, under a heading.

    >>> DiagnosticGroup(Severity.ERROR, "错误", ("a.txt:3: PM101 …",)).severity.value
    'error'
    """

    severity: Severity
    label: str
    lines: tuple[str, ...]


@attrs.frozen(slots=True)
class Scorecard:
    """A document laid out for reading: title, tables, findings and diagnostics.

    ``kind`` is ``"self_evaluation"`` or ``"declaration"``; ``total`` and ``grade`` are text
    (``None`` for a declaration); ``findings`` pairs a heading with its items.

    >>> card = Scorecard("declaration", "zh", "财政项目支出绩效目标申报表", "（2025年度）", "p", ())
    >>> card.kind, card.label("grade"), card.total
    ('declaration', '等级', None)
    """

    kind: str
    lang: str
    title: str
    subtitle: str
    name: str
    tables: tuple[Table, ...]
    total: str | None = None
    grade: str | None = None
    total_explanation: str = ""
    findings: tuple[tuple[str, tuple[str, ...]], ...] = ()
    diagnostics: tuple[DiagnosticGroup, ...] = ()

    def label(self, key: str) -> str:
        """A label in the scorecard's language.

        >>> Scorecard("declaration", "en", "t", "", "p", ()).label("grade")
        'Grade'
        """
        return report_label(key, self.lang)


# ---------------------------------------------------------------------------------------------
# Diagnostics
# ---------------------------------------------------------------------------------------------


def diagnostic_line(diag: Diagnostic, *, form: str | None = None) -> str:
    """One diagnostic as a line: ``file:line: CODE message [field, expected]``.

    Only the file's name is kept (reports travel); the form is named when it is not ``form``.

    >>> from perfmodel.errors import Location
    >>> d = Diagnostic(Severity.ERROR, "PM106", "执行数 does not add up",
    ...                Location("seeds/001.txt", 5, "单位", "budget.executed"), "14,048.37 万元")
    >>> diagnostic_line(d, form="单位")
    '001.txt:5: PM106 执行数 does not add up [budget.executed; expected 14,048.37 万元]'
    """
    where = PurePath(diag.location.file).name if diag.location.file else ""
    if diag.location.line is not None:
        where = f"{where}:{diag.location.line}" if where else f"line {diag.location.line}"
    extras = []
    if diag.location.form and diag.location.form != form:
        extras.append(diag.location.form)
    if diag.location.field:
        extras.append(diag.location.field)
    if diag.expected is not None:
        extras.append(f"expected {diag.expected}")
    tail = f" [{'; '.join(extras)}]" if extras else ""
    head = f"{where}: " if where else ""
    return f"{head}{diag.code} {diag.message}{tail}"


def group_diagnostics(
    diagnostics: Iterable[Diagnostic], *, lang: str = "zh", form: str | None = None
) -> tuple[DiagnosticGroup, ...]:
    """Diagnostics grouped by severity (errors first), duplicates dropped, order kept.

    >>> ds = [Diagnostic(Severity.INFO, "R1", "i"), Diagnostic(Severity.ERROR, "E1", "e"),
    ...       Diagnostic(Severity.INFO, "R1", "i")]
    >>> [(g.label, g.lines) for g in group_diagnostics(ds)]
    [('错误', ('E1 e',)), ('提示', ('R1 i',))]
    """
    unique = list(dict.fromkeys(diagnostics))
    groups = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        lines = tuple(diagnostic_line(d, form=form) for d in unique if d.severity is severity)
        if lines:
            groups.append(DiagnosticGroup(severity, report_label(severity.value, lang), lines))
    return tuple(groups)
