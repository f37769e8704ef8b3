"""``import perfmodel`` is lazy (PEP 562): every public name still resolves, for code and mypy."""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import perfmodel


def run(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_import_loads_only_the_package() -> None:
    out = run(
        """
        import sys, perfmodel
        print(sorted(m for m in sys.modules if m.startswith("perfmodel")))
        print("pint" in sys.modules, "perfmodel.scoring" in sys.modules)
        """
    )
    assert out.splitlines() == ["['perfmodel']", "False False"]


def test_every_public_name_resolves_in_a_fresh_process() -> None:
    out = run(
        """
        import importlib, perfmodel
        for name in perfmodel.__all__:
            value = getattr(perfmodel, name)
            home = perfmodel._HOMES.get(name)
            if home is not None:
                module = importlib.import_module(home, "perfmodel")
                assert value is getattr(module, name), name
            exec(f"from perfmodel import {name}")
        namespace = {}
        exec("from perfmodel import *", namespace)
        assert set(perfmodel.__all__) <= set(namespace), set(perfmodel.__all__) - set(namespace)
        print(len(perfmodel.__all__))
        """
    )
    assert int(out) == len(perfmodel.__all__)


@pytest.mark.parametrize("name", sorted(perfmodel.__all__))
def test_each_name_in_this_process(name: str) -> None:
    value = getattr(perfmodel, name)
    assert value is not None
    assert name in dir(perfmodel)


def test_functions_keep_their_names_after_their_subpackages_are_imported() -> None:
    out = run(
        """
        import perfmodel.validate, perfmodel.monitor
        from perfmodel.validate import DEFAULT_CHECKS
        import perfmodel
        from perfmodel import validate, monitor
        print(callable(perfmodel.validate), callable(perfmodel.monitor), validate is perfmodel.validate)
        print(type(perfmodel.validate).__name__, len(DEFAULT_CHECKS) > 0)
        """
    )
    assert out.splitlines() == ["True True True", "function True"]
    assert importlib.import_module("perfmodel.validate").__name__ == "perfmodel.validate"


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        perfmodel.nonexistent  # type: ignore[attr-defined]  # noqa: B018
    assert perfmodel.ureg is perfmodel.get_registry()


def test_mypy_sees_the_names(tmp_path: Path) -> None:
    api = pytest.importorskip("mypy.api")
    src = Path(perfmodel.__file__).resolve().parent.parent
    (tmp_path / "mypy.ini").write_text(f"[mypy]\nmypy_path = {src}\nstrict = True\n")
    code = textwrap.dedent(
        """
        import perfmodel
        from perfmodel import evaluate, validate, to_json
        reveal_type(perfmodel.evaluate)
        reveal_type(validate)
        reveal_type(perfmodel.Policy)
        reveal_type(to_json)
        """
    )
    (tmp_path / "use.py").write_text(code)
    config = str(tmp_path / "mypy.ini")
    stdout, _, status = api.run(
        ["--config-file", config, "--no-incremental", str(tmp_path / "use.py")]
    )
    assert status == 0, stdout
    lines = [line for line in stdout.splitlines() if "Revealed type" in line]
    assert "-> perfmodel.scoring.evaluate.Evaluation" in lines[0]
    assert "list[perfmodel.errors.Diagnostic]" in lines[1]
    assert "perfmodel.scoring.policy.Policy" in lines[2]
    assert lines[3].endswith('-> str"')
