"""Replay every crashing input the fuzzers found (tests/corpus/fuzz/<target>/) through the same
invariant checks the fuzz targets run (fuzz/checks.py), so a fixed crash stays fixed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).parent / "corpus" / "fuzz"

sys.path.insert(0, str(ROOT / "fuzz"))
import checks  # noqa: E402

sys.path.pop(0)

CHECKS = checks.CHECKS
INPUTS = sorted(p for p in CORPUS.glob("*/*") if p.is_file())


def test_every_corpus_folder_is_a_fuzz_target() -> None:
    assert {p.name for p in CORPUS.iterdir() if p.is_dir()} <= set(CHECKS)
    assert INPUTS, "no regression inputs"


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: f"{p.parent.name}/{p.name[:18]}")
def test_crashing_input_is_fixed(path: Path) -> None:
    CHECKS[path.parent.name](path.read_bytes())


@pytest.mark.parametrize(
    ("check", "data"),
    [
        # the checks themselves find what they are meant to find
        ("parse_target", "≥90%\t92%\t≥\t%".encode()),
        ("parse_actual", "70公里\t米".encode()),
        ("read_forms", "财政项目支出绩效目标表\n(2025年度)\n项目名称\tX\n".encode()),
        ("pipeline", (ROOT / "tests" / "data" / "seeds" / "001_f6d8f9a804f89db4.txt").read_bytes()),
        ("json", b'{"schema": "perfmodel/1", "type": "project", "name": "p"}'),
    ],
)
def test_checks_pass_on_good_input(check: str, data: bytes) -> None:
    CHECKS[check](data)


def test_a_check_fails_when_an_invariant_breaks(monkeypatch: pytest.MonkeyPatch) -> None:
    from perfmodel.targets import Target

    monkeypatch.setattr(Target, "__str__", lambda self: "≥1" + (self.text or ""))
    with pytest.raises(AssertionError, match="renders"):
        checks.check_target("≥90%".encode())


def test_the_pipeline_check_fails_when_a_round_trip_breaks(monkeypatch: pytest.MonkeyPatch) -> None:
    form = (ROOT / "tests" / "data" / "seeds" / "001_f6d8f9a804f89db4.txt").read_bytes()
    monkeypatch.setattr(checks, "from_json", lambda text: None)
    with pytest.raises(AssertionError, match="changed through its JSON"):
        checks.check_pipeline(form)
