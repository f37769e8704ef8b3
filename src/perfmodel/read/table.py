"""Read an indicator table (绩效指标) as a person would.

Cells are recognised by content, not by column: a level-1/level-2 label is a label wherever it is
printed, 定量/定性 is the nature, a lone comparator is the 方向, a lone unit the 计量单位, a text
with 得满分/扣分 the 评(扣)分标准. Level-1 always comes from the taxonomy parent of the level-2;
merged cells mean "same as above"; a value alone on the next line belongs to the indicator above.
Every such guess is reported as a diagnostic with its line (codes R2xx, R3xx).

>>> from perfmodel.read.source import rows_from_text
>>> rows, _ = rows_from_text("一级指标\\t二级指标\\t三级指标\\t指标值\\n"
...                          "产出指标\\t数量指标\\t公园养护数\\t=12.00(个)\\n"
...                          "\\t\\t行道树养护\\n\\t\\t\\t≥100株\\n", "t.txt")
>>> table = read_indicator_table(rows[0], rows[1:], file="t.txt", form="F")
>>> [(i.level2, i.name, str(i.target)) for i in table.indicators]
[('数量指标', '公园养护数', '=12.00个'), ('数量指标', '行道树养护', '≥100株')]
>>> [d.code for d in table.diagnostics]
['R206']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

import attrs

from ..errors import Diagnostic, Location, Severity, TargetSyntaxError
from ..model import Indicator
from ..numbers import OUT_OF_RANGE, plain_decimal, problem
from ..targets import Actual, Target, TargetKind, compose_target, parse_actual, parse_target
from ..units import is_known_unit
from ..vocab import (
    BAND_WORDS,
    COMPARATOR_SYMBOLS,
    DEFAULT_TAXONOMY,
    HEADER_ROLES,
    NATURE_WORDS,
    QUALITATIVE_WORDS,
    RULE_MARKERS,
    TABLE_CAPTIONS,
    Taxonomy,
    normalize_label,
)
from .source import Row

__all__ = ["TableResult", "is_header_row", "read_indicator_table"]

_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


@attrs.frozen(slots=True)
class TableResult:
    """What :func:`read_indicator_table` found: indicators, level-1 weights and diagnostics.

    >>> TableResult((), {}, ()).indicators
    ()
    """

    indicators: tuple[Indicator, ...]
    level1_weights: dict[str, Decimal]
    diagnostics: tuple[Diagnostic, ...]


def is_header_row(row: Row) -> bool:
    """Whether a row is an indicator-table header (一级指标 … 三级指标).

    >>> is_header_row(Row(1, ("一级目标", "二级目标", "三级目标", "指标目标值")))
    True
    """
    labels = {normalize_label(c) for c in row.cells}
    return bool(labels & {"一级指标", "一级目标"}) and bool(labels & {"三级指标", "三级目标"})


def _roles(header: Row) -> set[str]:
    return {
        HEADER_ROLES[n] for n in (normalize_label(c) for c in header.cells) if n in HEADER_ROLES
    }


def looks_like_value(text: str) -> bool:
    """Whether a lone cell reads as a target value rather than an indicator name.

    >>> looks_like_value("≥100件"), looks_like_value("优化"), looks_like_value("加强社区治理成效")
    (True, True, False)
    """
    norm = normalize_label(text)
    if norm in QUALITATIVE_WORDS or norm in BAND_WORDS:
        return True
    return parse_target(text).kind is not TargetKind.QUALITATIVE


@attrs.define
class _Cells:
    level1: list[str] = attrs.Factory(list)
    level2: list[str] = attrs.Factory(list)
    texts: list[str] = attrs.Factory(list)
    weight: str | None = None
    nature: str | None = None
    comparator: str | None = None
    unit: str | None = None
    explanation: str | None = None
    rule: str | None = None
    spaced_labels: list[str] = attrs.Factory(list)
    #: Cells of the score columns (全年完成值, 分值, 得分, 偏差原因…) by role, when the row lines
    #: up with the header (``None``: it does not, read them by content).
    scores: dict[str, str] | None = None
    #: The cell under the 指标值 column, when the row lines up with the header.
    value: str | None = None
    #: Whether a cell was taken by its column rather than by its content.
    positioned: bool = False


#: Score columns, read by their position when a row lines up with its header.
_SCORE_ROLES = ("actual", "points", "awarded", "reason")
#: Every column role read by position when a row lines up with its header.
_POSITIONAL_ROLES = ("target", "nature", "direction", "unit", "explanation", "rule", *_SCORE_ROLES)


def _columns(header: Row) -> dict[str, int]:
    """The first column of each role in the header row."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(header.cells):
        role = HEADER_ROLES.get(normalize_label(cell))
        if role is not None:
            columns.setdefault(role, index)
    return columns


class _Reader:
    def __init__(
        self,
        roles: set[str],
        taxonomy: Taxonomy,
        file: str | None,
        form: str | None,
        columns: dict[str, int] | None = None,
    ):
        self.roles = roles
        self.columns = columns or {}
        self.width = max(self.columns.values(), default=0) + 1
        self.column_roles = {index: role for role, index in self.columns.items()}
        self.taxonomy = taxonomy
        self.file = file
        self.form = form
        self.indicators: list[Indicator] = []
        self.weights: dict[str, Decimal] = {}
        self.diags: list[Diagnostic] = []
        self.level2: str | None = None
        self.level1_label: str | None = None
        self.nature: str | None = None

    # -- diagnostics -------------------------------------------------------------------------
    def diag(self, severity: Severity, code: str, message: str, line: int, field: str) -> None:
        where = Location(file=self.file, line=line, form=self.form, field=field)
        self.diags.append(Diagnostic(severity, code, message, where))

    # -- cell classification ----------------------------------------------------------------
    def aligned(self, row: Row) -> bool:
        """Whether the row's cells stand under their headers: an indicator name in the 三级指标
        column, only level labels (and a weight) in their own columns left of it, and nothing
        right of the last known column. Blank score cells are then blanks, not the next cell's
        value moved left."""
        name = self.columns.get("name")
        if name is None or not any(r in self.columns for r in _POSITIONAL_ROLES):
            return False
        filled = [i for i, cell in enumerate(row.cells) if cell]
        if not filled or filled[-1] >= self.width or name >= len(row.cells):
            return False
        for index, cell in enumerate(row.cells[:name]):
            norm = normalize_label(cell)
            if not norm or norm in TABLE_CAPTIONS:
                continue
            role = self.column_roles.get(index)
            if not (
                (role == "level1" and self.taxonomy.is_level1(norm))
                or (role == "level2" and self.taxonomy.is_level2(norm))
                or (role == "weight" and _NUMBER.match(norm))
            ):
                return False  # a cell left of the name out of its column: read by content
        norm = normalize_label(row.cells[name])
        labels = self.taxonomy.is_level1(norm) or self.taxonomy.is_level2(norm)
        if not norm or labels or norm in TABLE_CAPTIONS or norm in NATURE_WORDS:
            return False  # a 定性/定量 under 三级指标: the row is shifted
        # Right of the name, each typed column holds its type: a row missing a cell in the
        # middle (the rest moved left) is read by content.
        cells = {role: row.cells[i] for role, i in self.columns.items() if i < len(row.cells)}
        if cells.get("rule") in (None, "") and any(
            m in cells.get("explanation", "") for m in RULE_MARKERS
        ):
            return False
        return all(
            _fits(role, cells.get(role, "")) for role in ("nature", "direction", "target", "unit")
        )

    def classify(self, row: Row) -> _Cells:
        out = _Cells()
        positions: dict[int, str] = {}
        if self.aligned(row):
            out.scores = {}
            positions = {self.columns[r]: r for r in _POSITIONAL_ROLES if r in self.columns}
        previous_was_level1 = False
        for index, cell in enumerate(row.cells):
            if not cell:
                continue
            if index in positions and out.scores is not None:
                role = positions[index]
                if role in _SCORE_ROLES:
                    out.scores[role] = cell
                    continue
                _by_position(out, role, cell)
                out.positioned = True
                continue
            norm = normalize_label(cell)
            was_level1, previous_was_level1 = previous_was_level1, False
            if norm in TABLE_CAPTIONS:
                continue
            if self.taxonomy.is_level1(norm):
                out.level1.append(norm)
                previous_was_level1 = True
            elif self.taxonomy.is_level2(norm):
                out.level2.append(norm)
            elif "weight" in self.roles and was_level1 and _NUMBER.match(norm):
                out.weight = norm
                continue
            elif norm in NATURE_WORDS and out.nature is None:
                out.nature = NATURE_WORDS[norm]
                continue
            elif (
                "direction" in self.roles and norm in COMPARATOR_SYMBOLS and out.comparator is None
            ):
                out.comparator = norm
                continue
            elif (
                "unit" in self.roles
                and out.unit is None
                and not _NUMBER.match(norm)
                and is_known_unit(norm)
            ):
                out.unit = norm
                continue
            elif "rule" in self.roles and any(m in norm for m in RULE_MARKERS):
                out.rule = cell
                continue
            elif "explanation" in self.roles and norm.startswith("考察"):
                out.explanation = cell
                continue
            else:
                out.texts.append(cell)
                continue
            if norm != cell:
                out.spaced_labels.append(cell)
        return out

    # -- level bookkeeping ------------------------------------------------------------------
    def apply_labels(self, cells: _Cells, line: int) -> None:
        for spaced in cells.spaced_labels:
            self.diag(
                Severity.INFO,
                "R214",
                f"label {spaced!r} read as {normalize_label(spaced)!r} (spaces removed)",
                line,
                "label",
            )
        if cells.level1:
            self.level1_label = cells.level1[-1]
            if cells.weight is not None:
                weight = Decimal(cells.weight)
                reason = problem(weight)
                if reason is None:
                    self.weights[cells.level1[-1]] = weight
                else:
                    message = f"weight of {cells.level1[-1]} {OUT_OF_RANGE}: {reason}; not read"
                    self.diag(Severity.WARNING, "R221", message, line, "weight")
        distinct = list(dict.fromkeys(cells.level2))
        if not distinct:
            return
        chosen = max(distinct, key=self.taxonomy.level2_rank) if len(distinct) > 1 else distinct[0]
        if len(distinct) > 1:
            others = "、".join(d for d in distinct if d != chosen)
            self.diag(
                Severity.WARNING,
                "R203",
                f"two level-2 labels on one row; used {chosen} (taxonomy order), "
                f"{others} has no indicator here",
                line,
                "level2",
            )
        if chosen != self.level2:
            self.nature = None
        self.level2 = chosen
        parent = self.taxonomy.level1_of(chosen)
        printed = cells.level1[-1] if cells.level1 else None
        if printed is not None and printed != parent:
            self.diag(
                Severity.WARNING,
                "R201",
                f"level-1 label {printed} printed on the row of level-2 {chosen}, "
                f"which belongs to {parent}; placed by the taxonomy",
                line,
                "level1",
            )

    # -- rows -------------------------------------------------------------------------------
    def row(self, row: Row) -> None:
        cells = self.classify(row)
        if not (cells.level1 or cells.level2 or cells.texts):
            return
        self.apply_labels(cells, row.line)
        texts = cells.texts
        if cells.level1 and not cells.level2 and texts and self.level2 is not None:
            parent = self.taxonomy.level1_of(self.level2)
            if parent != cells.level1[-1]:
                self.diag(
                    Severity.WARNING,
                    "R202",
                    f"level-1 label {cells.level1[-1]} printed on a row under level-2 "
                    f"{self.level2}, which belongs to {parent}; kept under {self.level2}",
                    row.line,
                    "level1",
                )
        repeated = len(cells.level2) == 2 and cells.level2[0] == cells.level2[1]
        if repeated and len(texts) == 1 and looks_like_value(texts[0]):
            self.diag(
                Severity.INFO,
                "R220",
                f"indicator named like its level-2 ({cells.level2[0]})",
                row.line,
                "name",
            )
            texts = [cells.level2[0], *texts]
        if not texts:
            self.empty_category(cells, row.line)
            return
        alone = not (cells.level1 or cells.level2 or cells.positioned) and len(texts) == 1
        if alone and self.continues(texts[0], row):
            return
        split = _split_squeezed(texts)
        if split is not None:
            self.diag(
                Severity.WARNING,
                "R208",
                f"{len(split)} indicators squeezed into one row; read as separate indicators",
                row.line,
                "name",
            )
            for pair in split:
                self.add(list(pair), cells, row.line)
            return
        self.add(texts, cells, row.line)

    def continues(self, text: str, row: Row) -> bool:
        """A lone cell: the value of the indicator above, a duplicate, or a new name."""
        if not looks_like_value(text) or not self.indicators:
            return False
        last = self.indicators[-1]
        if last.target is None and last.level2 == self.level2:
            self.indicators[-1] = attrs.evolve(last, target=self.target_for(text, None, row.line))
            self.diag(
                Severity.INFO,
                "R206",
                f"value {text!r} on its own line assigned to {last.name!r} (line {last.line})",
                row.line,
                "target",
            )
            return True
        self.diag(
            Severity.WARNING,
            "R207",
            f"lone value {text!r} ignored: {last.name!r} (line {last.line}) already has "
            f"target {last.target.text if last.target else None!r}",
            row.line,
            "target",
        )
        return True

    def empty_category(self, cells: _Cells, line: int) -> None:
        level2 = self.level2
        if level2 is None:
            return
        level1 = self.taxonomy.level1_of(level2)
        if level1 is not None and self.taxonomy.is_reference(level1) and cells.level2:
            ref = next((i for i in reversed(self.indicators) if i.level1 == level1), None)
            if ref is not None:
                self.diag(
                    Severity.INFO,
                    "R205",
                    f"merged reference text of {level1} applied to {level2}",
                    line,
                    "name",
                )
                self.indicators.append(Indicator(ref.name, level1, level2, None, line=line))
                return
        if cells.level2:
            self.diag(
                Severity.INFO,
                "R204",
                f"level-2 {level2} has no level-3 indicator on this row",
                line,
                "level2",
            )

    def target_for(self, value: str | None, cells: _Cells | None, line: int) -> Target | None:
        if value is None:
            return None
        comparator = cells.comparator if cells else None
        unit = cells.unit if cells else None
        target = compose_target(value, comparator=comparator, unit_text=unit)
        if target.kind is TargetKind.QUALITATIVE and any(ch.isdigit() for ch in value):
            try:
                parse_target(value, strict=True)
            except TargetSyntaxError as err:
                self.diag(
                    Severity.INFO,
                    "R301",
                    f"target {value!r} read as qualitative ({err.reason})",
                    line,
                    "target",
                )
        return target

    def actual_for(self, text: str, line: int) -> Actual:
        actual = parse_actual(text)
        if actual.kind is TargetKind.QUALITATIVE and any(ch.isdigit() for ch in text):
            try:
                parse_target(text, strict=True)
            except TargetSyntaxError as err:
                if err.reason.startswith(OUT_OF_RANGE):  # only this: other digits are prose
                    self.diag(
                        Severity.WARNING,
                        "R302",
                        f"actual {text!r} read as qualitative ({err.reason})",
                        line,
                        "actual",
                    )
        return actual

    def add(self, texts: list[str], cells: _Cells, line: int) -> None:
        if self.level2 is None:
            self.diag(
                Severity.ERROR,
                "R213",
                f"indicator {texts[0]!r} has no level-2 label above it; not read",
                line,
                "level2",
            )
            return
        level1 = self.taxonomy.level1_of(self.level2) or self.level2
        name, rest = texts[0], texts[1:]
        reference = self.taxonomy.is_reference(level1)
        if cells.value is not None:  # under the 指标值 header: the target, whatever the level-1
            value: str | None = cells.value
        else:
            value = None if reference or not rest else rest.pop(0)
        actual = points = awarded = reason = None
        if cells.scores is not None:
            actual, points = cells.scores.get("actual"), cells.scores.get("points")
            awarded, reason = cells.scores.get("awarded"), cells.scores.get("reason")
        if "actual" in self.roles or "points" in self.roles:
            if rest and cells.scores is None:
                actual = rest.pop(0)
            if rest and cells.scores is None:
                points = rest.pop(0)
            if actual is None or points is None:
                missing = "全年完成值 and 分值" if actual is None else "分值"
                self.diag(Severity.WARNING, "R210", f"{name!r}: no {missing}", line, "actual")
        explanation, rule = cells.explanation, cells.rule
        if rest and "explanation" in self.roles and explanation is None:
            explanation = rest.pop(0)
        if rest and "rule" in self.roles and rule is None:
            rule = rest.pop(0)
        for extra in rest:
            self.diag(Severity.WARNING, "R212", f"unexpected cell {extra!r} kept as note", line, "")
        nature = cells.nature
        if nature is None and "nature" in self.roles and self.nature is not None:
            nature = self.nature
            self.diag(
                Severity.INFO,
                "R209",
                f"指标性质 of {name!r} taken from the row above",
                line,
                "nature",
            )
        if nature is not None:
            self.nature = nature
        max_points = _decimal(points, line, self) if points is not None else None
        awarded_points = _decimal(awarded, line, self) if awarded is not None else None
        self.indicators.append(
            Indicator(
                name,
                level1,
                self.level2,
                self.target_for(value, cells, line),
                nature=nature,
                unit=cells.unit,
                comparator_text=cells.comparator,
                explanation=explanation,
                rule_text=rule,
                max_points=max_points,
                actual=None if actual is None else self.actual_for(actual, line),
                points=awarded_points,
                deviation_reason=reason,
                line=line,
            )
        )


def _fits(role: str, cell: str) -> bool:
    """Whether ``cell`` can stand in a column of ``role`` (a blank always can)."""
    norm = normalize_label(cell)
    if not norm:
        return True
    unit = not _NUMBER.match(norm) and is_known_unit(norm)
    if role == "direction":
        return norm in COMPARATOR_SYMBOLS
    if role == "unit":
        return unit
    if role == "target":
        return norm not in COMPARATOR_SYMBOLS and not unit
    # 指标性质: 定量/定性, or a word that is no comparator, unit or value (共性, 个性…)
    return norm in NATURE_WORDS or not (
        norm in COMPARATOR_SYMBOLS or unit or looks_like_value(norm)
    )


def _by_position(out: _Cells, role: str, cell: str) -> None:
    """Take ``cell`` as the ``role`` of the column it stands in (the row is aligned: the typed
    columns hold their types)."""
    norm = normalize_label(cell)
    if role == "target":
        out.value = cell
    elif role == "nature":
        out.nature = NATURE_WORDS.get(norm, cell)
    elif role == "direction":
        out.comparator = norm
    elif role == "unit":
        out.unit = norm
    elif role == "explanation":
        out.explanation = cell
    else:
        out.rule = cell


def _decimal(text: str, line: int, reader: _Reader) -> Decimal | None:
    value = plain_decimal(text)
    if value is None or value < 0:
        reader.diag(
            Severity.WARNING,
            "R211",
            f"points {text!r} are not a non-negative number",
            line,
            "points",
        )
        return None
    reason = problem(value)
    if reason is not None:
        reader.diag(Severity.WARNING, "R211", f"points out of range: {reason}", line, "points")
        return None
    return value


def _split_squeezed(texts: list[str]) -> list[tuple[str, str]] | None:
    if len(texts) != 2:
        return None
    values = texts[1].split()
    names = texts[0].split()
    if len(values) < 2 or len(values) != len(names):
        return None
    if not all(parse_target(v).kind is TargetKind.QUANTITATIVE for v in values):
        return None
    return list(zip(names, values, strict=True))


def read_indicator_table(
    header: Row,
    rows: Sequence[Row],
    *,
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
    file: str | None = None,
    form: str | None = None,
) -> TableResult:
    """Read the rows under an indicator-table ``header`` into indicators, in reading order.

    Repeated header rows are skipped (R211 is for bad points; R215 for skipped headers).

    >>> from perfmodel.read.source import Row
    >>> h = Row(1, ("一级指标", "二级指标", "三级指标", "指标值"))
    >>> r = read_indicator_table(h, [Row(2, ("效益指标", "时效指标", "响应及时性", "及时"))])
    >>> r.indicators[0].level1, r.diagnostics[0].code
    ('产出指标', 'R201')
    """
    reader = _Reader(_roles(header), taxonomy, file, form, _columns(header))
    for row in rows:
        if is_header_row(row):
            reader.diag(Severity.INFO, "R215", "repeated table header skipped", row.line, "")
            continue
        reader.row(row)
    return TableResult(tuple(reader.indicators), dict(reader.weights), tuple(reader.diags))
