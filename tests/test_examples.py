"""Every example runs (so an example can never rot) and prints what it promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))

#: Text each example must print (checked loosely: the figures are the examples' own).
EXPECTED = {
    "score_seed_project.py": ["ILLUSTRATIVE", "规建-城市精细化管理", "等级 优"],
    "scorecard_by_hand.py": ["预算执行率 9.72/10", "总分 = 各项得分之和 = 95.69", "等级 优"],
    "compare_policies.py": ["central", "provincial", "目标 12 / 实际 13 × 5 = 4.62"],
    "demo.py": ["93.40", "HTML scorecard:"],
    "monitor_midyear.py": ["ILLUSTRATIVE", "绩效运行监控"],
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


def test_the_notebook_runs_and_is_stored_without_outputs() -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    path = EXAMPLES / "portfolio.ipynb"
    notebook = nbformat.read(path, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code
    assert all(not c.outputs and c.execution_count is None for c in code)
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": "."}}
    )
    client.execute(cwd=str(EXAMPLES.parent))
    outputs = [o for c in code for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs)
    assert "5 files, 42 forms, 408 indicators" in text
    assert "93.40 优" in text
    assert any("image/png" in o.get("data", {}) for o in outputs)


def test_the_readme_usage_runs() -> None:
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("```python\n", 1)[1].split("```", 1)[0]
    done = subprocess.run(
        [sys.executable, "-c", block],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=EXAMPLES.parent,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "上海市闵行区浦锦街道城市建设管理事务中心 93.40 优" in done.stdout
