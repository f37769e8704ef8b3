"""validate() over every seed form against the reviewed findings (tests/expected/validation_findings.txt).

The expected file was reviewed by reading the seeds: every line is a real problem of the form or a
deliberate, documented warning (docs/validation.md). A change in a check that adds, drops or
rewords a finding fails here and must be reviewed again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from perfmodel import Diagnostic, read_forms, validate

HERE = Path(__file__).parent
SEEDS = sorted((HERE / "data" / "seeds").glob("*.txt"))
EXPECTED = HERE / "expected" / "validation_findings.txt"


def _line(diag: Diagnostic) -> str:
    file = Path(diag.location.file or "<input>").name
    return f"{file}:{diag.location.line}: {diag.severity.value} {diag.code}: {diag.message}"


def _expected() -> list[str]:
    text = EXPECTED.read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_seed_findings_match_the_reviewed_file() -> None:
    found = [_line(d) for seed in SEEDS for d in validate(read_forms(seed))]
    assert found == _expected()


@pytest.mark.parametrize("seed", SEEDS, ids=[s.name for s in SEEDS])
def test_every_finding_names_its_place(seed: Path) -> None:
    for diag in validate(read_forms(seed)):
        assert diag.location.file is not None
        assert diag.location.line is not None
        assert diag.location.form
        assert diag.location.field


def test_known_errors_of_seed_001() -> None:
    seed = next(s for s in SEEDS if s.name.startswith("001_"))
    found = {(d.code, d.expected) for d in validate(read_forms(seed))}
    assert ("PM107", "100.02%") in found  # 基本支出 333.77 / 333.71 万元, stated 99.42%
    assert ("PM201", "35") in found  # 效益指标 weight 35, 分值 add up to 30
    assert ("PM106", "14,048.37 万元") in found  # 333.77 + 13,714.60 ≠ 14,046.37
