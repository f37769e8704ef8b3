"""Fields written when first read (perfmodel._lazy) behave like fields set by ``__init__``.

Each case builds a fresh object whose lazy fields are not written yet, the way the scorer builds
it, and checks it against the object its public constructor builds from the same values: read
in any order, compared, hashed, copied, pickled, evolved or serialized before being read, and
read by several threads at once.
"""

from __future__ import annotations

import copy
import decimal
import pickle
import sys
import threading
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from perfmodel import (
    Budget,
    Evaluation,
    Indicator,
    Project,
    evaluate,
    parse_actual,
    parse_target,
    score_execution,
    score_indicator,
    to_dict,
)
from perfmodel._lazy import Lazy
from perfmodel.model import FormKind
from perfmodel.scoring.policy import Policy

_UNCAPPED = attrs.evolve(Policy(), cap_execution=False)
_REASON = attrs.evolve(Policy(), execution_reason_below=Decimal("90.5"))
D = Decimal


def _evaluation(max_points: Decimal | None, weights: dict[str, int] | None) -> Evaluation:
    ind = Indicator(
        "绿化养护面积",
        "产出指标",
        "数量指标",
        parse_target("≥43.2万平方米"),
        actual=parse_actual("37.24万平方米"),
        max_points=max_points,
    )
    budget = Budget(adjusted=D(100), executed=D("86.19"))
    policy = Policy.central() if weights is None else Policy(level1_weights=weights)
    return evaluate(Project("示例", budget=budget, indicators=[ind]), policy=policy)


def _evaluation_with_findings() -> Evaluation:
    """An evaluation whose paths, differences and diagnostics are all there to be written: a
    stated 得分 and 总分 that differ, a missing actual, a deviation to explain, a level-1 with
    neither 分值 nor weight, a budget of 0."""
    rows = [
        ("a", "产出指标", "≥10", "8", D(10), D(9), None),
        ("b", "产出指标", "≥10", None, D(10), None, None),
        ("c", "效益指标", "≥10", "5", D(10), None, "原因"),
        ("d", "效益指标", "≥10", "5", D(10), D(5), None),
        ("e", "满意度指标", "≥90%", "95%", None, None, None),
    ]
    indicators = [
        Indicator(
            name,
            level1,
            "数量指标",
            parse_target(target),
            actual=None if actual is None else parse_actual(actual),
            max_points=max_points,
            points=points,
            deviation_reason=reason,
            line=n + 3,
        )
        for n, (name, level1, target, actual, max_points, points, reason) in enumerate(rows)
    ]
    doc = Project(
        "示例",
        form=FormKind.PROJECT_SELF_EVALUATION,
        budget=Budget(adjusted=D(0), executed=D(1)),
        indicators=indicators,
        stated_total=D(60),
    )
    weights = {"预算执行率": 10, "产出指标": 50, "效益指标": 40}
    return evaluate(doc, policy=Policy(level1_weights=weights))


# (name, a builder of a fresh object whose lazy fields are unwritten)
CASES: list[tuple[str, Callable[[], Lazy]]] = [
    ("score, ratio", lambda: score_indicator("≥43.2", "37.24", 10)),
    ("score, over target", lambda: score_indicator("≥10", "16", 10)),  # a note written lazily
    ("score, change over target", lambda: score_indicator("提升5%", "9%", 10)),
    ("score, reverse", lambda: score_indicator("≤10", "15", 10, policy=Policy.provincial())),
    ("score, band", lambda: score_indicator("及时", "部分达成", 10)),
    ("score, band taken", lambda: score_indicator("及时", "部分达成", 10, given=7)),
    ("score, converted", lambda: score_indicator("=12.5(公里)", "3000米", 5)),
    ("score, converted negative", lambda: score_indicator("≥10公里", "-3000米", 10)),
    ("execution", lambda: score_execution(8619, 10000)),
    ("execution, capped", lambda: score_execution(10500, 10000)),
    ("execution, uncapped", lambda: score_execution(10500, 10000, policy=_UNCAPPED)),
    ("execution, reason", lambda: score_execution("86.1", 100, 20, policy=_REASON)),
    ("execution, whole", lambda: score_execution(1, 3, policy=Policy.whole_points())),
    ("evaluation, declaration", lambda: evaluate(Project("申报项目"))),
    ("evaluation, nothing available", lambda: _evaluation(D(0), {"产出指标": 100})),
    ("evaluation, rescaled", lambda: _evaluation(D(50), None)),
    ("evaluation, sum", lambda: _evaluation(None, {"产出指标": 100})),
    ("evaluation, findings", _evaluation_with_findings),
]
IDS = [name for name, _ in CASES]
MAKERS = [make for _, make in CASES]


def _public(obj: Lazy) -> Lazy:
    """The object the public constructor builds from the fields of ``obj``."""
    cls = type(obj)
    return cls(**{f.name: getattr(obj, f.name) for f in attrs.fields(cls)})  # type: ignore[no-any-return]


def _reprs(obj: object) -> list[tuple[str, str]]:
    return [(f.name, repr(getattr(obj, f.name))) for f in attrs.fields(type(obj))]


def _unwritten(obj: Lazy) -> bool:
    return all(_slot_empty(obj, name) for name in type(obj)._lazy_fields)


def _slot_empty(obj: object, name: str) -> bool:
    slot = next(vars(k)[name] for k in type(obj).__mro__ if name in vars(k))
    try:
        slot.__get__(obj)
    except AttributeError:
        return True
    return False


@pytest.mark.parametrize("make", MAKERS, ids=IDS)
def test_the_scorer_leaves_the_lazy_fields_unwritten(make: Callable[[], Lazy]) -> None:
    obj = make()
    assert type(obj)._lazy_fields
    assert _unwritten(obj)
    getattr(obj, type(obj)._lazy_fields[0])
    assert not any(_slot_empty(obj, name) for name in type(obj)._lazy_fields)


@pytest.mark.parametrize("make", MAKERS, ids=IDS)
def test_each_lazy_field_read_first_gives_the_same_object(make: Callable[[], Lazy]) -> None:
    eager = _public(make())
    for name in type(eager)._lazy_fields:
        obj = make()
        assert getattr(obj, name) == getattr(eager, name)
        assert _reprs(obj) == _reprs(eager)
        assert getattr(obj, name) is getattr(obj, name)  # written once


@pytest.mark.parametrize("make", MAKERS, ids=IDS)
def test_unread_lazy_fields_compare_hash_copy_and_pickle_as_set_ones(
    make: Callable[[], Lazy],
) -> None:
    eager = _public(make())
    assert make() == eager
    assert eager == make()
    try:
        expected = hash(eager)
    except TypeError:  # an evaluation holds its policy, which holds dicts
        with pytest.raises(TypeError):
            hash(make())
    else:
        assert hash(make()) == expected
    assert repr(make()) == repr(eager)
    assert _reprs(pickle.loads(pickle.dumps(make()))) == _reprs(eager)
    assert copy.copy(make()) == eager
    assert copy.deepcopy(make()) == eager
    assert attrs.asdict(make()) == attrs.asdict(eager)
    assert to_dict(make()) == to_dict(eager)
    evolved = attrs.evolve(make())
    assert _reprs(evolved) == _reprs(eager)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        make().explanation = "x"  # type: ignore[attr-defined]
    obj = make()
    with pytest.raises(AttributeError, match=f"'{type(obj).__name__}' object has no attribute"):
        obj.explain  # type: ignore[attr-defined]  # noqa: B018


@pytest.mark.parametrize("make", MAKERS, ids=IDS)
def test_lazy_fields_do_not_follow_the_context_of_the_reading(make: Callable[[], Lazy]) -> None:
    eager = _reprs(_public(make()))
    obj = make()
    with decimal.localcontext(decimal.Context(prec=3, Emax=9, Emin=-9, traps=[])):
        assert _reprs(obj) == eager


def _read(obj: Lazy, name: str, out: list[tuple[str, object]]) -> None:
    out.append((name, getattr(obj, name)))


@pytest.mark.parametrize("make", MAKERS, ids=IDS)
def test_threads_reading_the_lazy_fields_at_once_read_the_same_values(
    make: Callable[[], Lazy],
) -> None:
    eager = _public(make())
    names = type(eager)._lazy_fields
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # let the threads interleave inside the writing
    try:
        for _ in range(30):
            obj = make()
            out: list[tuple[str, object]] = []
            threads = [
                threading.Thread(target=_read, args=(obj, names[n % len(names)], out))
                for n in range(8)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert sorted(out, key=repr) == sorted(
                ((name, getattr(eager, name)) for name, _ in out), key=repr
            )
            assert _reprs(obj) == _reprs(eager)
    finally:
        sys.setswitchinterval(switch)


def test_an_object_built_by_its_constructor_has_nothing_pending() -> None:
    score = score_indicator("≥10", "16", 10)
    assert not _slot_empty(score, "_pending")
    note = "实际为目标的 160%，达到 130%，需说明偏差原因"
    assert score.notes == (note,)
    assert _slot_empty(score, "_pending")  # the parts go once the fields are written
    public = _public(score)
    assert _slot_empty(public, "_pending")
    assert public.explanation == f"实际 16 ≥ 目标 10，得满分；{note}"


def test_an_object_never_built_says_so() -> None:
    empty = object.__new__(type(score_indicator("≥1", "1", 1)))
    with pytest.raises(AttributeError):
        empty.explanation  # noqa: B018
    with pytest.raises(AttributeError):
        empty.notes  # noqa: B018


def test_an_execution_score_says_how_it_was_reached() -> None:
    assert score_execution(8619, 10000).explanation == (
        "执行数 8619 / 预算数 10000 = 86.19%；86.19% × 10 = 8.62"
    )
    assert score_execution(10500, 10000).explanation == (
        "执行数 10500 / 预算数 10000 = 105%；执行率超过 100%，得分不超过分值 10：10.00"
    )
    assert score_execution(10500, 10000, policy=_UNCAPPED).explanation == (
        "执行数 10500 / 预算数 10000 = 105%；105% × 10 = 10.50"
    )
    assert score_execution("86.1", 100, 20, policy=_REASON).explanation == (
        "执行数 86.1 / 预算数 100 = 86.1%；86.1% × 20 = 17.22（执行率低于 90.5%，需说明原因）"
    )
    assert score_execution(1, 3, policy=Policy.whole_points()).explanation == (
        "执行数 1 / 预算数 3 = ≈33.33%；≈33.33% × 10 = 3"
    )


def test_an_evaluation_says_how_its_total_was_reached() -> None:
    assert evaluate(Project("申报项目")).explanation == "尚无实际完成值，未评分"
    assert _evaluation(D(0), {"产出指标": 100}).explanation == "可评分值为 0，未评分"
    assert _evaluation(D(50), None).explanation == "得分 51.72 / 可评分值 60 × 100 = 86.20"
    assert _evaluation(None, {"产出指标": 100}).explanation == "总分 = 各项得分之和 = 86.20"


def test_notes_and_formulas_written_later_read_as_written_at_once() -> None:
    s = score_indicator("=12.5(公里)", "3000米", 5)
    assert s.notes == ("3000米 = 3公里",)
    assert s.explanation == "实际 3 / 目标 12.5 × 5 = 1.20；3000米 = 3公里"
    s = score_indicator("≥10公里", "-3000米", 10)
    assert (
        s.explanation == "实际 0 / 目标 10 × 10 = 0.00；-3000米 = -3公里；实际 -3 为负数，按 0 计"
    )
    s = score_indicator("及时", "部分达成", 10, given=7)
    assert s.explanation == (
        "实际“部分达成”，部分达成年度指标并具有一定效果（[60%, 80%)），采用评价人得分，得 7.00 分"
    )


def test_an_evaluation_writes_its_findings_when_read() -> None:
    ev = _evaluation_with_findings()
    assert _unwritten(ev)
    assert ev.needs_reason == ("产出指标/数量指标/a", "效益指标/数量指标/d")
    assert ev.missing == ("产出指标/数量指标/b",)
    assert [(d.path, str(d.stated), str(d.computed), d.line) for d in ev.differences] == [
        ("产出指标/数量指标/a", "9", "8.00", 3),
        ("总分", "60", str(ev.total), None),
    ]
    assert [d.code for d in ev.diagnostics] == ["SC201", "SC203", "SC101", "SC101"]
    assert ev.diagnostics[2].location.line == 3


def test_unwritten_formulas_leave_nothing_for_the_cyclic_collector() -> None:
    # A kept evaluation's unread formulas are tuples of texts and figures: once the collector
    # has seen them it stops tracking them, so that 10⁵ kept evaluations do not keep it busy.
    # Per quantitative indicator at most two objects stay tracked: before the results are
    # read, its record (which holds the Indicator) and the parts of its score (when they hold a
    # band); after, its IndicatorResult and IndicatorScore.
    import gc

    rows = [
        ("≥90%", "95%"),  # met
        ("≥90%", "45%"),  # not met: a ratio
        ("≤10", "15"),  # reverse
        ("=12.5(公里)", "3000米"),  # converted: a note
        ("≥10", "20"),  # far above target: a note
    ] * 40
    indicators = [
        Indicator(f"i{n}", "产出指标", "数量指标", parse_target(t), actual=parse_actual(a))
        for n, (t, a) in enumerate(rows)
    ]
    doc = Project("p", indicators=indicators)
    assert evaluate(doc).indicators  # (the first evaluation builds caches, the unit registry)
    gc.collect()
    before = len(gc.get_objects())
    ev = evaluate(doc)
    for _ in range(3):  # (a collection untracks a tuple once the tuples inside it are)
        gc.collect()
    tracked = len(gc.get_objects()) - before
    assert tracked <= 2 * len(rows) + 20, tracked / len(rows)
    assert ev.indicators  # (the results written)
    for _ in range(3):
        gc.collect()
    tracked = len(gc.get_objects()) - before
    assert tracked <= 2 * len(rows) + 20, tracked / len(rows)
    assert all(not gc.is_tracked(r.score._pending) for r in ev.indicators if r.score)
    # and they still write what they say
    assert ev.indicators[3].score.notes == ("3000米 = 3公里",)


def test_evaluating_and_reading_everything_makes_no_reference_cycle() -> None:
    # what lets a program pause the collector around a batch of evaluations (docs/performance.md)
    import gc

    from perfmodel import read_forms

    seeds = Path(__file__).parent / "data" / "seeds"
    docs = [d for p in sorted(seeds.iterdir()) for d in read_forms(p).documents]
    assert len(docs) >= 5
    for doc in docs:  # (the caches filled first: they live on)
        assert evaluate(doc).diagnostics is not None
    gc.collect()
    gc.disable()
    try:
        for doc in docs:
            ev = evaluate(doc)
            assert ev.explanation
            assert ev.diagnostics is not None
            assert all(r.score.explanation for r in ev.indicators if r.score is not None)
        del ev
        assert gc.collect() == 0
    finally:
        gc.enable()
