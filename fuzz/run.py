"""Run every fuzz target for a bounded time, one after another, and summarise the results.

``python fuzz/run.py --seconds 60`` (what ``make fuzz`` runs; ``FUZZ_SECONDS`` sets the time).
For each target it builds a seed corpus (the seed forms and the hand-made value lists under
``tests/data``) and a dictionary (every label, comparator word and unit name perfmodel knows),
then runs libFuzzer through atheris for the given number of seconds. When a target crashes, the
crashing input is saved under ``fuzz/crashes/`` and the target is restarted for the time left
(the corpus it grew is kept), so one run can find several distinct crashes.

Logs, corpora and ``summary.json`` go to ``fuzz/.work/`` (not committed). The exit status is 1
when any target crashed, timed out, ran out of memory or exited abnormally.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT / "tests" / "data"
WORK = HERE / ".work"
CRASHES = HERE / "crashes"

#: target name (a check of checks.py, run by target.py) → max input length in bytes
TARGETS: dict[str, int] = {
    "parse_target": 256,
    "parse_actual": 256,
    "read_forms": 4096,
    "pipeline": 10240,
    "json": 16384,
}

_STAT = re.compile(r"^stat::(\w+):\s*(\d+)")
_PROGRESS = re.compile(r"^#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)")
_ARTIFACT = re.compile(r"Test unit written to (\S+)")


def _tsv_column(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()[1:]
    return [line.split("\t")[0] for line in lines if line.strip()]


def _seed_inputs(target: str) -> list[bytes]:
    targets = _tsv_column("target_values.tsv")
    actuals = _tsv_column("actual_values.tsv")
    if target == "parse_target":
        pairs = [f"{t}\t{a}" for t, a in zip(targets, actuals * 20, strict=False)]
        composed = ["100\t100\t=\t%", "90\t95%\t≥\t%", "及时\t及时\t\t", "12\t12\t<=\t个"]
        texts = targets + pairs + composed
    elif target == "parse_actual":
        texts = actuals + targets + [f"{a}\t万元" for a in actuals[:20]]
    elif target == "pipeline":
        texts = _small_forms()
    elif target == "json":
        texts = _small_json()
    else:
        texts = []
        for seed in sorted((DATA / "seeds").glob("*.txt")):
            lines = seed.read_text(encoding="utf-8").splitlines(keepends=True)
            for start in range(0, len(lines), 25):
                texts.append("".join(lines[start : start + 25]))
    return [t.encode("utf-8") for t in texts]


def _small_forms() -> list[str]:
    """Whole forms small enough to mutate: each seed form cut to its first six indicators, and
    generated self-evaluations (``bench/data.py``) of six indicators, written as form text."""
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    import attrs
    from bench.data import make_projects

    from perfmodel import read_forms
    from perfmodel.serialize import to_text

    docs = []
    for seed in sorted((DATA / "seeds").glob("*.txt")):
        for doc in read_forms(seed).documents:
            tree = attrs.evolve(doc.indicators, indicators=doc.indicators.indicators[:6])
            docs.append(attrs.evolve(doc, indicators=tree))
    docs += make_projects(6 * 40, per_project=6, seed=11)
    return [to_text([doc]) for doc in docs]


def _small_json() -> list[str]:
    """The JSON of the small forms of :func:`_small_forms`, of their evaluations, and of the
    policies perfmodel ships."""
    from perfmodel import Policy, evaluate, read_forms, to_json

    docs = [doc for text in _small_forms() for doc in read_forms(text.encode()).documents]
    policies = [Policy.central(), Policy.provincial(), Policy.whole_points()]
    return (
        [to_json(doc) for doc in docs]
        + [to_json(evaluate(doc)) for doc in docs]
        + [to_json(policy) for policy in policies]
    )


def _dictionary_words() -> list[str]:
    sys.path.insert(0, str(ROOT / "src"))
    from perfmodel import vocab

    words: set[str] = set()
    for table in (
        vocab.FORM_TITLES,
        vocab.BAND_WORDS,
        vocab.COMPARATOR_PREFIX_WORDS,
        vocab.COMPARATOR_SUFFIX_WORDS,
        vocab.COMPARATOR_SYMBOLS,
        vocab.NATURE_WORDS,
        vocab.HEADER_ROLES,
    ):
        words.update(table)
    words.update(vocab.CHANGE_UP_WORDS + vocab.CHANGE_DOWN_WORDS + vocab.QUALITATIVE_WORDS)
    words.update(vocab.RULE_MARKERS)
    words.update(vocab.TABLE_CAPTIONS)
    for level1, level2s in vocab.DEFAULT_TAXONOMY.tree.items():
        words.add(level1)
        words.update(level2s)
    units = (ROOT / "src" / "perfmodel" / "units.txt").read_text(encoding="utf-8")
    for line in units.splitlines():
        if "=" in line and not line.startswith("#"):
            words.update(a.strip() for a in line.split("=")[1:] if a.strip() and "*" not in a)
    words.update(["\t", "\n", "(", ")", "（", "）", "年度", "项目名称", "单位名称", "万元", "/"])
    return sorted(w for w in words if w)


def _write_dictionary(path: Path) -> None:
    def escape(word: str) -> str:
        out = []
        for byte in word.encode("utf-8"):
            char = chr(byte)
            out.append(char if 32 <= byte < 127 and char not in '"\\' else f"\\x{byte:02x}")
        return '"' + "".join(out) + '"'

    path.write_text("".join(escape(w) + "\n" for w in _dictionary_words()), encoding="ascii")


def _prepare(target: str) -> tuple[Path, Path]:
    corpus = WORK / "corpus" / target
    corpus.mkdir(parents=True, exist_ok=True)
    for data in _seed_inputs(target):
        (corpus / hashlib.sha1(data).hexdigest()).write_bytes(data)
    dictionary = WORK / "perfmodel.dict"
    _write_dictionary(dictionary)
    return corpus, dictionary


def run_target(target: str, seconds: int, python: str) -> dict[str, object]:
    """Run one target for ``seconds`` (restarting after each crash); return its numbers."""
    max_len = TARGETS[target]
    corpus, dictionary = _prepare(target)
    CRASHES.mkdir(exist_ok=True)
    (WORK / "logs").mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + seconds
    summary: dict[str, object] = {"target": target, "executions": 0, "seconds": 0.0}
    artifacts: list[str] = []
    abnormal: list[str] = []
    runs = 0
    while (left := int(deadline - time.monotonic())) > 0 and runs < 25:
        runs += 1
        log = WORK / "logs" / f"{target}-{runs}.log"
        command = [
            python,
            str(HERE / "target.py"),
            target,
            str(corpus),
            f"-max_total_time={left}",
            f"-max_len={max_len}",
            f"-dict={dictionary}",
            "-timeout=10",
            "-rss_limit_mb=2048",
            "-print_final_stats=1",
            f"-artifact_prefix={CRASHES}/{target}-",
        ]
        started = time.monotonic()
        with log.open("w", encoding="utf-8") as out:
            code = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, check=False)
        summary["seconds"] = round(float(summary["seconds"]) + time.monotonic() - started, 1)  # type: ignore[arg-type]
        text = log.read_text(encoding="utf-8", errors="replace")
        executions = 0
        for line in text.splitlines():
            if (stat := _STAT.match(line)) and stat.group(1) == "number_of_executed_units":
                executions = int(stat.group(2))
            elif progress := _PROGRESS.match(line):
                executions = max(executions, int(progress.group(1)))
                summary["cov"], summary["ft"] = int(progress.group(2)), int(progress.group(3))
                summary["corpus"] = int(progress.group(4))
        summary["executions"] = int(summary["executions"]) + executions  # type: ignore[call-overload]
        found = _ARTIFACT.findall(text)
        artifacts.extend(found)
        if code.returncode == 0:
            break
        if not found:
            abnormal.append(f"{log.name}: exit status {code.returncode}, no input saved")
    summary["runs"] = runs
    summary["crashes"] = artifacts
    summary["abnormal_exits"] = abnormal
    return summary


def main() -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="time per target")
    parser.add_argument("--python", default=sys.executable, help="interpreter with atheris")
    parser.add_argument("targets", nargs="*", default=list(TARGETS), help="targets to run")
    args = parser.parse_args()
    results = []
    for target in args.targets:
        print(f"fuzzing {target} for {args.seconds} s …", flush=True)
        result = run_target(target, args.seconds, args.python)
        results.append(result)
        print(json.dumps(result, ensure_ascii=False), flush=True)
    WORK.mkdir(exist_ok=True)
    (WORK / "summary.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    return 1 if any(r["crashes"] or r["abnormal_exits"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
