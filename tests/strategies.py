"""Hypothesis strategies that build perfmodel objects (reusable by every test module).

Two families:

- *arbitrary valid models* — :func:`documents`, :func:`projects`, :func:`units`,
  :func:`read_results`, :func:`policies`, :func:`evaluations` and their parts (:func:`targets`,
  :func:`actuals`, :func:`indicators`, :func:`trees`, :func:`budgets`, :func:`diagnostics` …):
  any object the constructors accept, with exact decimals of every shape (``Decimal("1E+3")``,
  ``Decimal("-0.00")``, trailing zeros) and any text (including control characters);
- *form documents* — :func:`form_documents`: documents that the published forms can carry, so
  that writing them as a form (:mod:`perfmodel.serialize.layout`) and reading them back with
  :func:`perfmodel.read_forms` gives them back. Their texts come from a small alphabet that no
  label, unit or keyword of the readers is made of, their targets and actuals from the texts
  found in the seeds (tests/data/*.tsv); each form kind only gets the fields it prints, but
  budgets with any subset of figures on every kind (the figures a form has no place for are
  written on 预算补充 rows).

Use: ``from strategies import documents`` (pytest puts tests/ on ``sys.path``).
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from hypothesis import reject
from hypothesis import strategies as st

from perfmodel import (
    Actual,
    Band,
    Budget,
    Comparator,
    Diagnostic,
    Direction,
    Evaluation,
    FormKind,
    Indicator,
    IndicatorTree,
    KeyTask,
    Location,
    PerfModelError,
    Policy,
    Project,
    ReadResult,
    Severity,
    Target,
    TargetKind,
    Unit,
    evaluate,
    parse_actual,
    parse_target,
)
from perfmodel import units as U
from perfmodel.numbers import LARGEST, MAX_DECIMALS, SMALLEST
from perfmodel.vocab import (
    CHANGE_DOWN_WORDS,
    CHANGE_UP_WORDS,
    DEFAULT_TAXONOMY,
    LEVEL1_EXECUTION,
)

__all__ = [
    "EXTREMES",
    "UNIT_TEXTS",
    "actuals",
    "assert_identical",
    "budgets",
    "decimals",
    "diagnostics",
    "documents",
    "evaluations",
    "extreme_form_documents",
    "extremes",
    "form_documents",
    "indicators",
    "key_tasks",
    "locations",
    "money",
    "names",
    "policies",
    "projects",
    "quantities",
    "read_results",
    "targets",
    "texts",
    "trees",
    "units",
]

DATA = Path(__file__).parent / "data"

#: Unit texts as written on forms (None: a bare number).
UNIT_TEXTS: tuple[str | None, ...] = (
    None,
    "%",
    "个",
    "台",
    "株",
    "人次",
    "元",
    "万元",
    "元/人/月",
    "平方米",
    "万平方米",
    "亩",
    "公里",
    "小时",
    "次/年",
    "吨/日",
)


def assert_identical(a: Any, b: Any, path: str = "") -> None:
    """Stricter than ==: Decimals keep their digits (90.00 is not 90), quantities their unit."""
    assert type(a) is type(b), path
    if isinstance(a, Decimal):
        assert a.as_tuple() == b.as_tuple(), f"{path}: {a!r} vs {b!r}"
    elif attrs.has(type(a)):
        for field in attrs.fields(type(a)):
            assert_identical(getattr(a, field.name), getattr(b, field.name), f"{path}.{field.name}")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_identical(x, y, f"{path}[{i}]")
    elif isinstance(a, dict):
        assert list(a) == list(b), path
        for key in a:
            assert_identical(a[key], b[key], f"{path}[{key!r}]")
    elif hasattr(a, "magnitude") and hasattr(a, "units"):
        assert_identical(a.magnitude, b.magnitude, f"{path}.magnitude")
        assert str(a.units) == str(b.units), path
    else:
        assert a == b, path


# ---------------------------------------------------------------------------------------------
# Leaves
# ---------------------------------------------------------------------------------------------


@st.composite
def decimals(draw: st.DrawFn, *, signed: bool = True, max_digits: int = 14) -> Decimal:
    """Finite decimals of every written shape (trailing zeros, exponents, ``-0``) within the
    bounds of :mod:`perfmodel.numbers`: below 10^15, at most 10 decimal places."""
    sign = draw(st.integers(0, 1) if signed else st.just(0))
    digits = draw(st.lists(st.integers(0, 9), min_size=1, max_size=max_digits))
    top = 15 - len(digits)  # the exponent that puts the first digit at 10^14
    return Decimal((sign, tuple(digits), draw(st.integers(-MAX_DECIMALS, top))))


#: Figures at the edges of the bounds: the largest, the smallest nonzero, the most digits.
EXTREMES = (
    LARGEST,
    SMALLEST,
    Decimal("999999999999999"),
    Decimal("1E+14"),
    Decimal("0.9999999999"),
    Decimal("123456789012345.0123456789"),
    Decimal("0E-10"),
)


def extremes(*, signed: bool = False) -> st.SearchStrategy[Decimal]:
    """A figure from :data:`EXTREMES`, or any 25-digit figure with 10 decimals (negated when
    ``signed`` allows)."""
    widest = st.integers(0, 10**25 - 1).map(lambda n: Decimal(n).scaleb(-MAX_DECIMALS))
    figure = st.sampled_from(EXTREMES) | widest
    return st.builds(
        lambda d, neg: -d if neg else d, figure, st.booleans() if signed else st.just(False)
    )


def money() -> st.SearchStrategy[Decimal]:
    """Non-negative amounts (money, points, weights)."""
    return decimals(signed=False)


def texts(*, max_size: int = 30) -> st.SearchStrategy[str]:
    """Any text JSON can carry (no lone surrogates)."""
    return st.text(st.characters(exclude_categories=("Cs",)), max_size=max_size)


def names() -> st.SearchStrategy[str]:
    """Non-blank text (names must not be blank): a visible first character, then any text."""
    visible = st.characters(exclude_categories=("Cs", "Zs", "Zl", "Zp", "Cc", "Cf"))
    return st.builds(lambda head, tail: head + tail, visible, texts(max_size=19))


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``None`` or a value (blank is ``None``)."""
    return st.none() | strategy


def quantities(unit_texts: st.SearchStrategy[str | None] | None = None) -> st.SearchStrategy[Any]:
    """``(quantity, unit_text)`` pairs built as the grammar builds them."""
    units_ = unit_texts if unit_texts is not None else st.sampled_from(UNIT_TEXTS)
    return st.tuples(decimals(), units_).map(lambda p: (U.quantity(p[0], p[1]), p[1]))


@st.composite
def targets(draw: st.DrawFn) -> Target:
    """Any target: quantitative, change (with or without an amount) or qualitative."""
    kind = draw(st.sampled_from(TargetKind))
    text = draw(texts())
    if kind is TargetKind.QUANTITATIVE:
        quantity, unit_text = draw(quantities())
        comparator = draw(st.sampled_from(Comparator))
        return Target(kind, text, comparator, quantity, unit_text)
    if kind is TargetKind.CHANGE:
        amount = draw(optional(quantities()))
        quantity, unit_text = amount if amount is not None else (None, None)
        label = draw(optional(texts()))
        return Target(
            kind, text, None, quantity, unit_text, label, draw(st.sampled_from(Direction))
        )
    return Target(kind, text, label=draw(optional(texts())))


@st.composite
def actuals(draw: st.DrawFn) -> Actual:
    """Any actual: a quantity (with or without a comparator), a change with its amount, or a
    statement (with a band)."""
    text = draw(texts())
    shape = draw(st.sampled_from(("quantity", "change", "statement")))
    if shape == "quantity":
        quantity, unit_text = draw(quantities())
        comparator = draw(optional(st.sampled_from(Comparator)))
        return Actual(TargetKind.QUANTITATIVE, text, quantity, unit_text, comparator=comparator)
    if shape == "change":  # the amount of a change is written without a sign (下降6%)
        amount, unit_text = draw(decimals(signed=False)), draw(st.sampled_from(UNIT_TEXTS))
        quantity = U.quantity(amount, unit_text)
        word = draw(st.sampled_from((*CHANGE_UP_WORDS, *CHANGE_DOWN_WORDS)))
        return Actual(TargetKind.CHANGE, text, quantity, unit_text, label=word)
    band = draw(optional(st.sampled_from(Band)))
    return Actual(TargetKind.QUALITATIVE, text, label=draw(optional(texts())), band=band)


def budgets() -> st.SearchStrategy[Budget]:
    """Budgets with any subset of their amounts set (``adjustment`` may be negative)."""
    fields = {f.name: optional(money()) for f in attrs.fields(Budget) if f.name != "line"}
    fields["adjustment"] = optional(decimals())
    fields["line"] = optional(st.integers(1, 10**6))
    return st.builds(Budget, **fields)


def indicators() -> st.SearchStrategy[Indicator]:
    """Indicators with any of their optional fields set."""
    return st.builds(
        Indicator,
        names(),
        names(),
        names(),
        optional(targets()),
        nature=optional(texts()),
        unit=optional(texts()),
        comparator_text=optional(texts()),
        explanation=optional(texts()),
        rule_text=optional(texts()),
        max_points=optional(money()),
        actual=optional(actuals()),
        points=optional(money()),
        deviation_reason=optional(texts()),
        line=optional(st.integers(1, 10**6)),
    )


def trees() -> st.SearchStrategy[IndicatorTree]:
    """Indicator trees with weights for any level names."""
    weights = st.dictionaries(names(), money(), max_size=4)
    return st.builds(IndicatorTree, st.lists(indicators(), max_size=5), weights, weights)


def key_tasks() -> st.SearchStrategy[KeyTask]:
    return st.builds(KeyTask, names(), texts())


def locations() -> st.SearchStrategy[Location]:
    return st.builds(
        Location,
        optional(texts()),
        optional(st.integers(1, 10**6)),
        optional(texts()),
        optional(texts()),
    )


def _years() -> st.SearchStrategy[int | None]:
    return optional(st.integers(1990, 2100))


def _counts() -> st.SearchStrategy[int | None]:
    return optional(st.integers(0, 100_000))


def units() -> st.SearchStrategy[Unit]:
    """Any unit document (预算单位)."""
    return st.builds(
        Unit,
        names(),
        year=_years(),
        funding_method=optional(texts()),
        duties=optional(texts()),
        annual_goals=optional(texts()),
        key_tasks=st.lists(key_tasks(), max_size=3).map(tuple),
        budget=budgets(),
        headcount=_counts(),
        departments=_counts(),
        indicators=trees(),
        form=st.sampled_from(FormKind),
        stated_total=optional(money()),
        source=optional(locations()),
    )


@st.composite
def _periods(draw: st.DrawFn) -> tuple[int, int] | None:
    if draw(st.booleans()):
        return None
    first = draw(st.integers(1990, 2100))
    return (first, draw(st.integers(first, 2100)))


def projects() -> st.SearchStrategy[Project]:
    """Any project document (项目)."""
    return st.builds(
        Project,
        names(),
        year=_years(),
        nature=optional(texts()),
        categories=st.lists(texts(), max_size=3).map(tuple),
        department=optional(texts()),
        implementer=optional(texts()),
        start=optional(st.dates()),
        end=optional(st.dates()),
        overall_goal=optional(texts()),
        goal_period=_periods(),
        annual_goal=optional(texts()),
        annual_outcome=optional(texts()),
        budget=budgets(),
        indicators=trees(),
        form=st.sampled_from(FormKind),
        stated_total=optional(money()),
        source=optional(locations()),
    )


def documents() -> st.SearchStrategy[Unit | Project]:
    return units() | projects()


def diagnostics() -> st.SearchStrategy[Diagnostic]:
    return st.builds(
        Diagnostic,
        st.sampled_from(Severity),
        names(),
        texts(),
        locations(),
        optional(texts()),
    )


def read_results() -> st.SearchStrategy[ReadResult]:
    return st.builds(
        ReadResult,
        st.lists(documents(), max_size=3),
        st.lists(diagnostics(), max_size=3),
    )


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """A preset policy, with some of its parameters changed."""
    base = draw(st.sampled_from([Policy.central(), Policy.provincial(), Policy.whole_points()]))
    changes: dict[str, Any] = {}
    if draw(st.booleans()):
        changes["name"] = draw(names())
    if draw(st.booleans()):
        labels = st.sampled_from([LEVEL1_EXECUTION, *DEFAULT_TAXONOMY.level1_names])
        weights = draw(st.dictionaries(labels, money(), max_size=5))
        if weights and not any(weights.values()):  # all 0 is refused
            weights[next(iter(weights))] = Decimal(1)
        changes["level1_weights"] = weights
    if draw(st.booleans()):
        changes["decimals"] = draw(st.integers(0, 10))
    if draw(st.booleans()):
        changes["over_achievement"] = draw(
            st.decimals(min_value=Decimal("100.001"), max_value=1000, allow_nan=False)
        )
    if draw(st.booleans()):
        changes["execution_reason_below"] = draw(
            optional(st.decimals(min_value=0, max_value=100, allow_nan=False))
        )
    if draw(st.booleans()):
        changes["sources"] = draw(st.dictionaries(names(), texts(), max_size=3))
    if draw(st.booleans()):
        changes["cap_execution"] = draw(st.booleans())
    return attrs.evolve(base, **changes)


@st.composite
def evaluations(draw: st.DrawFn) -> Evaluation:
    """Evaluations of self-evaluation documents whose targets and actuals are read from seed
    texts, under varied policies."""
    kinds = (FormKind.UNIT_SELF_EVALUATION, FormKind.PROJECT_SELF_EVALUATION)
    doc = draw(form_documents(kinds=kinds))
    try:
        return evaluate(doc, policy=draw(policies()))
    except PerfModelError:  # pragma: no cover - a scoring failure is not what these tests check
        reject()


# ---------------------------------------------------------------------------------------------
# Documents the forms can carry
# ---------------------------------------------------------------------------------------------

#: Characters no reader label, unit, comparator or keyword is made of.
SAFE = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥东南西北春夏秋冬ABCXYZ"


def _seed_texts(file: str) -> list[str]:
    with (DATA / file).open(encoding="utf-8") as handle:
        return [row["text"] for row in csv.DictReader(handle, delimiter="\t") if row["text"]]


_TARGET_TEXTS = _seed_texts("target_values.tsv")
_ACTUAL_TEXTS = _seed_texts("actual_values.tsv")


def safe_texts(min_size: int = 1, max_size: int = 12) -> st.SearchStrategy[str]:
    """Text from :data:`SAFE` (never a label, a unit or a value)."""
    return st.text(st.sampled_from(SAFE), min_size=min_size, max_size=max_size)


def _amount_values() -> st.SearchStrategy[Decimal]:
    """Amounts as forms print them (yuan with up to two decimals)."""
    return st.decimals(min_value=0, max_value=10**10, places=2, allow_nan=False)


def _rate_values() -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=0, max_value=2, places=4, allow_nan=False)


def _amounts() -> st.SearchStrategy[Decimal | None]:
    """An amount or a blank."""
    return optional(_amount_values())


def _rates() -> st.SearchStrategy[Decimal | None]:
    return optional(_rate_values())


def _form_budgets() -> st.SearchStrategy[Budget]:
    """Budgets with any subset of the figures, on every form: what a form has no place for goes
    on its 预算补充 rows (perfmodel.read.supplement)."""
    fields: dict[str, st.SearchStrategy[Decimal | None]] = {}
    for field in attrs.fields(Budget):
        if field.name == "line":
            continue
        if field.name == "adjustment":
            fields[field.name] = optional(st.decimals(-(10**8), 10**8, places=2, allow_nan=False))
        else:
            fields[field.name] = _rates() if field.name.endswith("rate") else _amounts()
    return st.builds(Budget, **fields)


_LEVELS = [(l1, l2) for l1, l2s in DEFAULT_TAXONOMY.tree.items() for l2 in l2s]


@st.composite
def _form_indicator(draw: st.DrawFn, scored: bool) -> Indicator:
    level1, level2 = draw(st.sampled_from(_LEVELS))
    if DEFAULT_TAXONOMY.is_reference(level1):
        return Indicator(draw(safe_texts()), level1, level2)
    target = parse_target(draw(st.sampled_from(_TARGET_TEXTS)))
    if not scored:
        return Indicator(draw(safe_texts()), level1, level2, target)
    # Any score cell may be blank: the reader finds them by column, not by count.
    actual = draw(optional(st.sampled_from(_ACTUAL_TEXTS).map(parse_actual)))
    max_points = draw(optional(_points()))
    return Indicator(
        draw(safe_texts()),
        level1,
        level2,
        target,
        max_points=max_points,
        actual=actual,
        points=draw(optional(_points())),
        deviation_reason=draw(optional(safe_texts(max_size=30))),
    )


def _points() -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=0, max_value=100, places=1, allow_nan=False)


@st.composite
def _form_tree(draw: st.DrawFn, scored: bool) -> IndicatorTree:
    items = draw(st.lists(_form_indicator(scored), max_size=6))
    weights: dict[str, Decimal] = {}
    if scored and items and draw(st.booleans()):
        for level1 in dict.fromkeys(i.level1 for i in items):
            weights[level1] = draw(st.decimals(min_value=0, max_value=100, places=0))
    return IndicatorTree(items, level1_weights=weights)


@st.composite
def _form_project(draw: st.DrawFn, kind: FormKind) -> Project:
    overall = draw(optional(safe_texts(max_size=40)))
    annual = draw(optional(safe_texts(max_size=40))) if overall else None
    period = draw(_periods()) if overall else None
    start = draw(optional(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))))
    end = draw(optional(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))))
    budget = draw(_form_budgets())
    return Project(
        draw(safe_texts()),
        year=draw(_years()),
        nature=draw(optional(safe_texts())),
        categories=tuple(draw(st.lists(safe_texts(), max_size=3))),
        department=draw(optional(safe_texts())),
        implementer=draw(optional(safe_texts())),
        start=start,
        end=end,
        overall_goal=overall,
        goal_period=period,
        annual_goal=annual,
        budget=budget,
        indicators=draw(_form_tree(scored=False)),
        form=kind,
    )


@st.composite
def _form_unit_declaration(draw: st.DrawFn) -> Unit:
    headcount = draw(_counts())
    departments = draw(_counts()) if headcount is not None else None
    return Unit(
        draw(safe_texts()),
        year=draw(_years()),
        funding_method=draw(optional(safe_texts())),
        duties=draw(optional(safe_texts(max_size=40))),
        annual_goals=draw(optional(safe_texts(max_size=40))),
        key_tasks=tuple(
            draw(st.lists(st.builds(KeyTask, safe_texts(), safe_texts(min_size=0)), max_size=3))
        ),
        budget=draw(_form_budgets()),
        headcount=headcount,
        departments=departments,
        indicators=draw(_form_tree(scored=False)),
        form=FormKind.UNIT_DECLARATION,
    )


@st.composite
def _form_unit_self_evaluation(draw: st.DrawFn) -> Unit:
    budget = draw(_form_budgets())
    for part in ("basic", "project"):  # often a whole split, which the report's prose states
        if draw(st.booleans()):
            budget = attrs.evolve(
                budget,
                **{part: draw(_amount_values()), f"{part}_executed": draw(_amount_values())},
                **{f"{part}_stated_rate": draw(_rate_values())},
            )
    return Unit(
        draw(safe_texts()),
        year=draw(_years()),
        duties=draw(optional(safe_texts(max_size=40))),
        budget=budget,
        headcount=draw(_counts()),
        departments=draw(_counts()),
        indicators=draw(_form_tree(scored=True)),
        form=FormKind.UNIT_SELF_EVALUATION,
        stated_total=draw(optional(_points())),
    )


@st.composite
def _form_project_self_evaluation(draw: st.DrawFn) -> Project:
    """项目支出绩效自评表: the official fields, and a declaration's fields when it has them."""
    budget = draw(_form_budgets())
    start = end = None
    if draw(st.booleans()):
        start = draw(optional(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))))
        end = draw(optional(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))))
    return Project(
        draw(safe_texts()),
        year=draw(_years()),
        nature=draw(optional(safe_texts())),
        categories=tuple(draw(st.lists(safe_texts(), max_size=2))),
        department=draw(optional(safe_texts())),
        implementer=draw(optional(safe_texts())),
        start=start,
        end=end,
        overall_goal=draw(optional(safe_texts(max_size=40))),
        goal_period=draw(_periods()),
        annual_goal=draw(optional(safe_texts(max_size=40))),
        annual_outcome=draw(optional(safe_texts(max_size=40))),
        budget=budget,
        indicators=draw(_form_tree(scored=True)),
        form=FormKind.PROJECT_SELF_EVALUATION,
        stated_total=draw(optional(_points())),
    )


def form_documents(
    kinds: tuple[FormKind, ...] = (
        FormKind.UNIT_DECLARATION,
        FormKind.UNIT_SELF_EVALUATION,
        FormKind.PROJECT_DECLARATION,
        FormKind.PROJECT_TARGET_TABLE,
        FormKind.PROJECT_SELF_EVALUATION,
    ),
) -> st.SearchStrategy[Unit | Project]:
    """Documents the published forms carry whole (see the module documentation)."""
    options: list[st.SearchStrategy[Any]] = []
    for kind in kinds:
        if kind is FormKind.UNIT_DECLARATION:
            options.append(_form_unit_declaration())
        elif kind is FormKind.UNIT_SELF_EVALUATION:
            options.append(_form_unit_self_evaluation())
        elif kind is FormKind.PROJECT_SELF_EVALUATION:
            options.append(_form_project_self_evaluation())
        else:
            options.append(_form_project(kind))
    return st.one_of(options)


@st.composite
def extreme_form_documents(draw: st.DrawFn) -> Unit | Project:
    """:func:`form_documents` whose amounts, points, weights, and the numbers of quantitative
    targets and actuals are figures at the edges of the bounds (:func:`extremes`)."""
    doc = draw(form_documents())
    budget = attrs.evolve(
        doc.budget,
        **{
            name: draw(extremes(signed=name == "adjustment"))
            for name, value in attrs.asdict(doc.budget, recurse=False).items()
            if name != "line" and value is not None and not name.endswith("stated_rate")
        },
    )
    items = []
    for ind in doc.indicators:
        changes: dict[str, Any] = {}
        if ind.max_points is not None:
            changes["max_points"] = draw(extremes())
        unit = None  # an actual is written in its target's unit (8株 never scores against 90%)
        for name, parse in (("target", parse_target), ("actual", parse_actual)):
            value = getattr(ind, name)
            if value is not None and value.quantity is not None:
                number = f"{draw(extremes()):f}"
                sign = value.comparator.symbol if value.comparator is not None else ""
                if getattr(value, "kind", None) is TargetKind.CHANGE:
                    sign = value.label or ""
                unit = unit or value.unit_text
                changes[name] = parse(f"{sign}{number}{unit or ''}")
        items.append(attrs.evolve(ind, **changes))
    weights = {k: draw(extremes()) for k in doc.indicators.level1_weights}
    tree = IndicatorTree(items, level1_weights=weights)
    return attrs.evolve(doc, budget=budget, indicators=tree)
