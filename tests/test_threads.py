"""Thread safety of parsing: several threads at once give what sequential use gives, and the lazy
unit registry is built exactly once however many threads ask for it first."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from perfmodel import read_forms
from perfmodel import targets as T
from perfmodel import units as U
from perfmodel.targets import parse_actual, parse_target

DATA = Path(__file__).parent / "data"
SEEDS = sorted((DATA / "seeds").glob("*.txt"))
ROUNDS = 4


def _values(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()[1:]
    return [line.split("\t")[0] for line in lines if line.strip()]


def _clear_caches() -> None:
    """Empty the parse and unit caches so threads race on the cold paths too."""
    for cached in (T._parse_target, T._parse_actual, U.unit, U._factor, U.is_count_unit):
        cached.cache_clear()


def _reading(path: Path) -> tuple[Any, ...]:
    """Everything a reading says, as comparable plain data."""
    result = read_forms(path)
    documents = tuple(
        (
            d.name,
            d.year,
            repr(d.budget),
            tuple((i.path, str(i.target), i.line) for i in d.indicators),
        )
        for d in result.documents
    )
    return documents, tuple(str(d) for d in result.diagnostics)


def _parsed(text: str) -> tuple[str, str, str, str]:
    target = parse_target(text)
    try:
        strict = repr(parse_target(text, strict=True))
    except Exception as exc:  # the type and message must be the same from every thread
        strict = f"{type(exc).__name__}: {exc}"
    actual = parse_actual(text)
    return repr(target), strict, repr(actual), str(actual.magnitude)


def test_read_forms_from_many_threads_matches_sequential() -> None:
    _clear_caches()
    sequential = [_reading(p) for p in SEEDS]
    _clear_caches()
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(_reading, SEEDS * ROUNDS))
    assert concurrent == sequential * ROUNDS
    assert all(documents for documents, _ in sequential)


def test_parse_target_and_actual_from_many_threads_match_sequential() -> None:
    texts = _values("target_values.tsv") + _values("actual_values.tsv")
    texts += [f"{t}以上" for t in texts] + [f"≥{n}(吨/日)" for n in range(50)]
    _clear_caches()
    sequential = [_parsed(t) for t in texts]
    _clear_caches()
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(_parsed, texts * ROUNDS, chunksize=7))
    assert concurrent == sequential * ROUNDS
    assert len(texts) > 250


def test_is_met_from_many_threads_matches_sequential() -> None:
    pairs = [("≥70000米", "70公里"), ("≤1.00(个)", "2个"), ("=100%", "99.5%"), ("及时", "及时")]
    pairs += [(f"≥{n}万元", f"{n * 9000}元") for n in range(1, 60)]

    def met(pair: tuple[str, str]) -> bool | None:
        return parse_target(pair[0]).is_met(pair[1])

    _clear_caches()
    sequential = [met(p) for p in pairs]
    _clear_caches()
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(met, pairs * ROUNDS)) == sequential * ROUNDS


_REGISTRY_RACE = textwrap.dedent(
    """
    import sys, threading
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    from perfmodel import units
    from perfmodel.targets import parse_target
    assert "pint" not in sys.modules and units.registry_build_count() == 0
    barrier = threading.Barrier(16)
    seen = []
    def first_use(n):
        barrier.wait()
        registry = units.get_registry() if n % 2 else parse_target("≥90%").quantity._REGISTRY
        seen.append(id(registry))
    threads = [threading.Thread(target=first_use, args=(n,)) for n in range(16)]
    for t in threads: t.start()
    for t in threads: t.join()
    print(units.registry_build_count(), len(seen), len(set(seen)))
    """
)


def test_the_unit_registry_is_built_once_under_concurrency() -> None:
    for _ in range(3):  # a fresh interpreter each time, so the registry is not built yet
        done = subprocess.run(
            [sys.executable, "-c", _REGISTRY_RACE],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        assert done.stdout.split() == ["1", "16", "1"], done.stderr


# --- scoring ------------------------------------------------------------------------------------


def _scored(path: Path) -> tuple[Any, ...]:
    """Every figure of every evaluation (and its validation) of a seed file, as plain data."""
    from perfmodel import Policy, evaluate, validate

    out = []
    for doc in read_forms(path).documents:
        for policy in (Policy.central(), Policy.provincial(), Policy.whole_points()):
            ev = evaluate(doc, policy=policy)
            out.append(
                (
                    ev.name,
                    str(ev.total),
                    str(ev.points),
                    tuple(
                        (r.path, str(r.points), r.score and r.score.explanation)
                        for r in ev.indicators
                    ),
                )
            )
        out.append(tuple(str(d) for d in validate(doc)))
    return tuple(out)


def _score_pairs() -> list[tuple[str, str, str]]:
    targets = _values("target_values.tsv")
    actuals = _values("actual_values.tsv")
    return [(t, a, rule) for t in targets[::3] for a in actuals for rule in ("", "视偏差情况扣分")]


def _score(item: tuple[str, str, str]) -> str:
    from perfmodel import score_indicator

    target, actual, rule = item
    try:
        s = score_indicator(target, actual, 10, rule=rule or None)
    except Exception as exc:  # the same exception from every thread
        return f"{type(exc).__name__}: {exc}"
    return f"{s.points} {s.met} {s.rule} {s.explanation}"


def test_scoring_from_many_threads_matches_sequential() -> None:
    sequential = [_scored(p) for p in SEEDS]
    pairs = _score_pairs()
    expected = [_score(item) for item in pairs]
    for _ in range(ROUNDS):
        _clear_caches()
        with ThreadPoolExecutor(max_workers=8) as pool:
            assert list(pool.map(_scored, SEEDS * 2)) == sequential * 2
            assert list(pool.map(_score, pairs)) == expected
