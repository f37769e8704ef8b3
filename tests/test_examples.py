"""Every example runs (so an example can never rot) and prints what it promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPTS = sorted(p for p in EXAMPLES.glob("*.py") if p.name != "demo.py")

#: Text each example must print (checked loosely: the figures are the examples' own).
EXPECTED = {
    "score_seed_project.py": ["ILLUSTRATIVE", "规建-城市精细化管理", "等级 优"],
    "scorecard_by_hand.py": ["预算执行率 9.72/10", "总分 = 各项得分之和 = 95.69", "等级 优"],
    "compare_policies.py": ["central", "provincial", "目标 12 / 实际 13 × 5 = 4.62"],
}


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_example_runs(script: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=script.parent.parent,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for text in EXPECTED.get(script.name, []):
        assert text in done.stdout, (text, done.stdout)
