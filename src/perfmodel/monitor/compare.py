"""Year-over-year comparison (年度对比) of the same unit or project.

:func:`compare_years` pairs the indicators of two documents by name (spaces ignored with
:func:`perfmodel.vocab.normalize_label`; indicators sharing a name are paired by path, then in
reading order) and says, for each pair or leftover:

- ``added`` (新增) / ``dropped`` (删除): no counterpart in the other year — the report of what
  could not be matched;
- ``raised`` / ``lowered`` (目标值提高/降低): both targets are quantities (or changes with an
  amount) in comparable units; the earlier magnitude is converted to the later unit with
  :func:`perfmodel.units.convert` (``43万平方米`` → ``430000平方米``) before comparing, and
  ``stricter`` says whether the change asks for more (higher is stricter for ≥, >, = and for
  change targets; lower is stricter for caps ≤, < and = 0; ``None`` when a cap became a floor
  or the other way round);
- ``incomparable``: units that measure different things (台 vs 株, % vs 个);
- ``reworded``: a qualitative target worded differently, a target that changed kind, or a
  comparator that changed with the same magnitude; ``unchanged`` otherwise.

When a document carries actuals it is evaluated (:func:`perfmodel.scoring.evaluate`) and the
points of every pair, and the totals, are compared. :func:`compare_documents` pairs whole
documents by name first (e.g. two years of a file holding several projects).

>>> from perfmodel.model import Indicator, Project
>>> from perfmodel.targets import parse_target
>>> a = Project("绿化养护", year=2024, indicators=[
...     Indicator("养护面积", "产出指标", "数量指标", parse_target("≥43万平方米")),
...     Indicator("投诉数", "效益指标", "社会效益指标", parse_target("≤5件"))])
>>> b = Project("绿化养护", year=2025, indicators=[
...     Indicator("养护面积", "产出指标", "数量指标", parse_target("≥450000平方米")),
...     Indicator("满意度", "满意度指标", "服务对象满意度指标", parse_target("≥90%"))])
>>> c = compare_years(a, b)
>>> [(x.key, x.kind.value) for x in c.changes]
[('养护面积', 'raised'), ('满意度', 'added'), ('投诉数', 'dropped')]
>>> c.changes[0].before_value, c.changes[0].after_value, c.changes[0].stricter
(Decimal('430000'), Decimal('450000'), True)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal

import attrs

from .. import units
from ..errors import Diagnostic, Location, Severity, UnitError
from ..model import Indicator, Project, Unit
from ..scoring import Evaluation, Policy, evaluate
from ..targets import Comparator, Target, TargetKind
from ..vocab import monitoring_label, normalize_label
from ._text import fmt

__all__ = [
    "ChangeKind",
    "DocumentsComparison",
    "IndicatorChange",
    "YearComparison",
    "compare_documents",
    "compare_years",
]


class ChangeKind(enum.Enum):
    """How an indicator changed from one year to the next.

    >>> ChangeKind.RAISED.label
    '目标值提高'
    """

    ADDED = "added"
    DROPPED = "dropped"
    RAISED = "raised"
    LOWERED = "lowered"
    REWORDED = "reworded"
    INCOMPARABLE = "incomparable"
    UNCHANGED = "unchanged"

    @property
    def label(self) -> str:
        """The Chinese label (:func:`perfmodel.vocab.monitoring_label` has the English one).

        >>> ChangeKind.INCOMPARABLE.label
        '计量单位不可比'
        """
        return monitoring_label(self.value)


@attrs.frozen(slots=True)
class IndicatorChange:
    """One indicator across two years: its change, the magnitudes compared and the points.

    ``before_value`` is the earlier magnitude in the later unit ``unit``; ``points_before`` and
    ``points_after`` are the evaluated points (``None`` without actuals); ``moved`` says the
    indicator changed level-1 or level-2.

    >>> ch = IndicatorChange("a", ChangeKind.RAISED, before_value=Decimal(2),
    ...                      after_value=Decimal(3))
    >>> ch.delta, ch.points_delta, ch.path
    (Decimal('1'), None, 'a')
    """

    key: str
    kind: ChangeKind
    before: Indicator | None = None
    after: Indicator | None = None
    before_value: Decimal | None = None
    after_value: Decimal | None = None
    unit: str | None = None
    stricter: bool | None = None
    moved: bool = False
    points_before: Decimal | None = None
    points_after: Decimal | None = None
    note: str = ""

    @property
    def delta(self) -> Decimal | None:
        """after − before, in the later unit (``None`` unless both are quantities).

        >>> IndicatorChange("a", ChangeKind.ADDED).delta is None
        True
        """
        if self.before_value is None or self.after_value is None:
            return None
        return self.after_value - self.before_value

    @property
    def points_delta(self) -> Decimal | None:
        """Points after − points before (``None`` unless both years were scored).

        >>> IndicatorChange("a", ChangeKind.UNCHANGED, points_before=Decimal(8),
        ...                 points_after=Decimal(10)).points_delta
        Decimal('2')
        """
        if self.points_before is None or self.points_after is None:
            return None
        return self.points_after - self.points_before

    @property
    def path(self) -> str:
        """The later path when there is one, else the earlier one, else the key.

        >>> IndicatorChange("a", ChangeKind.DROPPED).path
        'a'
        """
        ind = self.after or self.before
        return self.key if ind is None else ind.path


@attrs.frozen(slots=True, repr=False)
class YearComparison:
    """年度对比: the indicator changes between two documents and their evaluations.

    >>> from perfmodel.model import Project
    >>> c = compare_years(Project("p", year=2024), Project("p", year=2025))
    >>> c, c.total_delta, c.unmatched
    (YearComparison('p' 2024 → 'p' 2025, 0 changes), None, ())
    """

    before_name: str
    after_name: str
    before_year: int | None
    after_year: int | None
    changes: tuple[IndicatorChange, ...]
    before_evaluation: Evaluation | None = None
    after_evaluation: Evaluation | None = None
    diagnostics: tuple[Diagnostic, ...] = ()

    def of_kind(self, *kinds: ChangeKind) -> tuple[IndicatorChange, ...]:
        """The changes of the given kinds.

        >>> from perfmodel.model import Project
        >>> compare_years(Project("p"), Project("p")).of_kind(ChangeKind.ADDED)
        ()
        """
        return tuple(c for c in self.changes if c.kind in kinds)

    @property
    def unmatched(self) -> tuple[str, ...]:
        """Paths that found no counterpart: dropped (earlier year) then added (later year).

        >>> from perfmodel.model import Project
        >>> compare_years(Project("p"), Project("p")).unmatched
        ()
        """
        dropped = self.of_kind(ChangeKind.DROPPED)
        return tuple(c.path for c in (*dropped, *self.of_kind(ChangeKind.ADDED)))

    @property
    def total_before(self) -> Decimal | None:
        """The earlier total (``None`` unless that year was scored).

        >>> from perfmodel.model import Project
        >>> compare_years(Project("p"), Project("p")).total_before is None
        True
        """
        return None if self.before_evaluation is None else self.before_evaluation.total

    @property
    def total_after(self) -> Decimal | None:
        """The later total (``None`` unless that year was scored).

        >>> from perfmodel.model import Project
        >>> compare_years(Project("p"), Project("p")).total_after is None
        True
        """
        return None if self.after_evaluation is None else self.after_evaluation.total

    @property
    def total_delta(self) -> Decimal | None:
        """Later total − earlier total, when both years were scored.

        >>> from perfmodel.model import Project
        >>> compare_years(Project("p"), Project("p")).total_delta is None
        True
        """
        if self.total_before is None or self.total_after is None:
            return None
        return self.total_after - self.total_before

    def __repr__(self) -> str:
        return (
            f"YearComparison({self.before_name!r} {self.before_year} → {self.after_name!r} "
            f"{self.after_year}, {len(self.changes)} changes)"
        )

    def _repr_html_(self) -> str:
        """Notebook display: the year-over-year report (counts, scores, indicator changes)."""
        from ..report.notebook import year_comparison_html

        return year_comparison_html(self)


def _pair(
    before: tuple[Indicator, ...], after: tuple[Indicator, ...]
) -> tuple[list[tuple[Indicator | None, Indicator | None, str]], bool]:
    """Pairs (earlier, later, note) in the later document's order, then the dropped ones."""
    groups: dict[str, list[Indicator]] = {}
    for ind in before:
        groups.setdefault(normalize_label(ind.name), []).append(ind)
    used: set[int] = set()
    pairs: list[tuple[Indicator | None, Indicator | None, str]] = []
    by_order = False
    for ind in after:
        candidates = [c for c in groups.get(normalize_label(ind.name), []) if id(c) not in used]
        same_path = [c for c in candidates if normalize_label(c.path) == normalize_label(ind.path)]
        pool: list[Indicator] = same_path or candidates
        pick = pool[0] if pool else None
        note = ""
        if pick is not None and len(candidates) > 1 and not same_path:
            note, by_order = "同名指标按顺序配对", True
        if pick is not None:
            used.add(id(pick))
        pairs.append((pick, ind, note))
    pairs.extend((ind, None, "") for ind in before if id(ind) not in used)
    return pairs, by_order


def _is_cap(target: Target) -> bool:
    comparator = target.comparator
    if comparator is None:
        return False
    return comparator.is_reverse or (comparator is Comparator.EQ and target.magnitude == 0)


def _compare_targets(
    key: str, before: Indicator, after: Indicator
) -> tuple[ChangeKind, dict[str, object]]:
    tb, ta = before.target, after.target
    if tb is None or ta is None:
        if tb is None and ta is None:
            return ChangeKind.UNCHANGED, {}
        return ChangeKind.REWORDED, {"note": "一年的指标值空缺"}
    if tb.kind is not ta.kind:
        return ChangeKind.REWORDED, {"note": f"指标值由“{tb}”改为“{ta}”"}
    if tb.quantity is None or ta.quantity is None:
        if tb.quantity is not None or ta.quantity is not None:
            return ChangeKind.REWORDED, {"note": f"指标值由“{tb}”改为“{ta}”"}
        same = normalize_label(str(tb)) == normalize_label(str(ta))
        note = "" if same else f"指标值由“{tb}”改为“{ta}”"
        return (ChangeKind.UNCHANGED if same else ChangeKind.REWORDED), {"note": note}
    notes: list[str] = []
    bu, au = tb.unit_text, ta.unit_text
    bv = Decimal(tb.quantity.magnitude)
    if bu != au:
        if bu is None or au is None:
            notes.append("一年未写计量单位，按相同单位比较")
        else:
            try:
                bv = units.convert(bv, bu, au)
            except UnitError:
                note = f"计量单位 {bu} 与 {au} 不可比"
                return ChangeKind.INCOMPARABLE, {"note": note, "unit": au}
    av = Decimal(ta.quantity.magnitude)
    if tb.comparator is not ta.comparator and tb.comparator and ta.comparator:
        notes.append(f"计算符号由 {tb.comparator.symbol} 改为 {ta.comparator.symbol}")
    fields: dict[str, object] = {"before_value": bv, "after_value": av, "unit": au}
    if av == bv:
        kind = (
            ChangeKind.REWORDED
            if notes and tb.comparator is not ta.comparator
            else (ChangeKind.UNCHANGED)
        )
    else:
        kind = ChangeKind.RAISED if av > bv else ChangeKind.LOWERED
        if ta.kind is TargetKind.CHANGE:
            fields["stricter"] = av > bv
        elif _is_cap(ta) is _is_cap(tb):
            fields["stricter"] = (av > bv) is not _is_cap(ta)
        else:
            notes.append("目标方向改变（上限与下限互换），宽严不可比")
        notes.append(f"{fmt(bv)} → {fmt(av)}{au or ''}")
    fields["note"] = "；".join(notes)
    return kind, fields


def _points(evaluation: Evaluation | None) -> dict[int, Decimal | None]:
    if evaluation is None:
        return {}
    return {id(r.indicator): r.points for r in evaluation.indicators}


def _scored(doc: Unit | Project, policy: Policy | None) -> Evaluation | None:
    if doc.form.is_self_evaluation or any(i.actual is not None for i in doc.indicators):
        return evaluate(doc, policy=policy)
    return None


def compare_years(
    before: Unit | Project, after: Unit | Project, *, policy: Policy | None = None
) -> YearComparison:
    """Compare two years of the same unit or project (see the module rules).

    ``policy`` is the scoring policy for the evaluations of documents that carry actuals.

    >>> from perfmodel.model import Indicator, Project
    >>> from perfmodel.targets import parse_target
    >>> a = Project("p", indicators=[Indicator("x", "产出指标", "数量指标", parse_target("=5台"))])
    >>> b = Project("p", indicators=[Indicator("x ", "产出指标", "数量指标", parse_target("=5株"))])
    >>> ch = compare_years(a, b).changes[0]
    >>> ch.kind.value, ch.note
    ('incomparable', '计量单位 台 与 株 不可比')
    """
    diags: list[Diagnostic] = []
    if normalize_label(before.name) != normalize_label(after.name):
        diags.append(
            Diagnostic(
                Severity.WARNING,
                "MN401",
                f"对比的两份文档名称不同：“{before.name}”与“{after.name}”",
                Location(form=after.name, field="name"),
            )
        )
    ev_before, ev_after = _scored(before, policy), _scored(after, policy)
    points_before, points_after = _points(ev_before), _points(ev_after)
    pairs, by_order = _pair(tuple(before.indicators), tuple(after.indicators))
    if by_order:
        diags.append(
            Diagnostic(
                Severity.INFO,
                "MN402",
                "有同名指标，按出现顺序配对",
                Location(form=after.name, field="indicators"),
            )
        )
    changes: list[IndicatorChange] = []
    for old, new, note in pairs:
        ref = new or old
        assert ref is not None
        key = normalize_label(ref.name)
        pb = None if old is None else points_before.get(id(old))
        pa = None if new is None else points_after.get(id(new))
        if old is None or new is None:
            kind = ChangeKind.ADDED if old is None else ChangeKind.DROPPED
            changes.append(IndicatorChange(key, kind, old, new, points_before=pb, points_after=pa))
            continue
        kind, fields = _compare_targets(key, old, new)
        text = "；".join(t for t in (note, str(fields.pop("note", ""))) if t)
        moved = (normalize_label(old.level1), normalize_label(old.level2)) != (
            normalize_label(new.level1),
            normalize_label(new.level2),
        )
        if moved:
            text = "；".join(
                t
                for t in (text, f"由 {old.level1}/{old.level2} 移至 {new.level1}/{new.level2}")
                if t
            )
        changes.append(
            IndicatorChange(
                key,
                kind,
                old,
                new,
                moved=moved,
                points_before=pb,
                points_after=pa,
                note=text,
                **fields,  # type: ignore[arg-type]
            )
        )
    return YearComparison(
        before_name=before.name,
        after_name=after.name,
        before_year=before.year,
        after_year=after.year,
        changes=tuple(changes),
        before_evaluation=ev_before,
        after_evaluation=ev_after,
        diagnostics=tuple(diags),
    )


@attrs.frozen(slots=True)
class DocumentsComparison:
    """Two sets of documents paired by name: the comparisons and the names left unpaired.

    >>> compare_documents([], []).comparisons
    ()
    """

    comparisons: tuple[YearComparison, ...]
    only_before: tuple[str, ...] = ()
    only_after: tuple[str, ...] = ()


def compare_documents(
    before: Iterable[Unit | Project],
    after: Iterable[Unit | Project],
    *,
    policy: Policy | None = None,
) -> DocumentsComparison:
    """Pair documents by name (spaces ignored) and compare each pair with :func:`compare_years`.

    >>> from perfmodel.model import Project
    >>> r = compare_documents([Project("a"), Project("b")], [Project(" a"), Project("c")])
    >>> len(r.comparisons), r.only_before, r.only_after
    (1, ('b',), ('c',))
    """
    earlier: dict[str, Unit | Project] = {}
    repeated: list[str] = []
    for doc in before:
        if normalize_label(doc.name) in earlier:
            repeated.append(doc.name)
        earlier.setdefault(normalize_label(doc.name), doc)
    comparisons: list[YearComparison] = []
    only_after: list[str] = []
    paired: set[str] = set()
    for doc in after:
        key = normalize_label(doc.name)
        match = earlier.get(key)
        if match is None or key in paired:
            only_after.append(doc.name)
            continue
        paired.add(key)
        comparisons.append(compare_years(match, doc, policy=policy))
    only_before = tuple(d.name for k, d in earlier.items() if k not in paired) + tuple(repeated)
    return DocumentsComparison(tuple(comparisons), only_before, tuple(only_after))
