"""Input limits on every kind of source, and the safety rules: xlsx through openpyxl in read-only
mode with defusedxml, no eval, no pickle of input, YAML only through the safe loader."""

from __future__ import annotations

import ast
import hashlib
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest

from perfmodel import InputLimitError, Limits, read_forms
from perfmodel.read.source import DEFAULT_LIMITS

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "perfmodel"
FORM = "财政项目支出绩效目标表\n(2025年度)\n项目名称\t网格经费\n"

Source = Callable[[str, Path], Any]


def _text(text: str, tmp: Path) -> Any:
    return text


def _bytes(text: str, tmp: Path) -> Any:
    return text.encode("utf-8")


def _path(text: str, tmp: Path) -> Any:
    path = tmp / "form.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _path_str(text: str, tmp: Path) -> Any:
    return str(_path(text, tmp))


def _binary_stream(text: str, tmp: Path) -> Any:
    return io.BytesIO(text.encode("utf-8"))


def _text_stream(text: str, tmp: Path) -> Any:
    return io.StringIO(text)


def _open_file(text: str, tmp: Path) -> Any:
    return _path(text, tmp).open("rb")


def _xlsx(text: str, tmp: Path) -> Any:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for line in text.splitlines():
        sheet.append([cell or None for cell in line.split("\t")])
    path = tmp / "form.xlsx"
    book.save(path)
    return path


SOURCES: dict[str, Source] = {
    "str": _text,
    "bytes": _bytes,
    "path": _path,
    "path as str": _path_str,
    "binary stream": _binary_stream,
    "text stream": _text_stream,
    "open file": _open_file,
    "xlsx": _xlsx,
}


@pytest.fixture(params=list(SOURCES), ids=list(SOURCES))
def source(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[str], Any]:
    make = SOURCES[request.param]
    return lambda text: make(text, tmp_path)


def test_within_the_limits_every_source_reads_the_form(source: Callable[[str], Any]) -> None:
    result = read_forms(source(FORM))
    assert [d.name for d in result.documents] == ["网格经费"]


def test_max_rows_on_every_source(source: Callable[[str], Any]) -> None:
    text = FORM + "备注\tx\n" * 50
    assert read_forms(source(text), limits=Limits(max_rows=60)).documents
    with pytest.raises(InputLimitError, match=r"more than 40 (lines|rows) \(Limits\.max_rows\)"):
        read_forms(source(text), limits=Limits(max_rows=40))


def test_max_cell_chars_on_every_source(source: Callable[[str], Any]) -> None:
    text = FORM + "备注\t" + "长" * 300 + "\n"
    assert read_forms(source(text), limits=Limits(max_cell_chars=300)).documents
    with pytest.raises(
        InputLimitError,
        match=r":4: a cell of 300 characters is above the limit of 299 \(Limits\.max_cell_chars\)",
    ):
        read_forms(source(text), limits=Limits(max_cell_chars=299))


def test_max_cells_on_every_source(source: Callable[[str], Any]) -> None:
    text = FORM + "\t".join("x" * 30) + "\n"
    assert read_forms(source(text), limits=Limits(max_cells=40)).documents
    with pytest.raises(InputLimitError, match=r":4: more than 30 cells in all.*Limits\.max_cells"):
        read_forms(source(text), limits=Limits(max_cells=30))


def test_max_bytes_on_every_source(source: Callable[[str], Any]) -> None:
    noise = "".join(hashlib.sha256(str(n).encode()).hexdigest() for n in range(1250))
    text = FORM + "备注\t" + noise + "\n"  # 40 000 characters that do not compress away
    made = source(text)
    size = made.stat().st_size if isinstance(made, Path) else len(text.encode())
    assert read_forms(source(text), limits=Limits(max_bytes=size + 10)).documents
    with pytest.raises(InputLimitError, match=r"above the limit of 10000.*Limits\.max_bytes"):
        read_forms(source(text), limits=Limits(max_bytes=10_000))


def test_limit_messages_name_the_source(tmp_path: Path) -> None:
    path = _path(FORM * 3, tmp_path)
    with pytest.raises(InputLimitError) as caught:
        read_forms(path, limits=Limits(max_rows=2))
    assert str(caught.value).startswith(f"{path} has more than 2 lines")
    with path.open("rb") as stream, pytest.raises(InputLimitError, match=re.escape(str(path))):
        read_forms(stream, limits=Limits(max_bytes=10))
    book = _xlsx(FORM, tmp_path)
    with pytest.raises(InputLimitError, match=r"form\.xlsx\[Sheet\] has more than 2 rows"):
        read_forms(book, limits=Limits(max_rows=2))


def test_the_zip_bomb_guard_follows_max_bytes(tmp_path: Path) -> None:
    book = _xlsx(FORM + ("备注\t" + "x" * 1000 + "\n") * 200, tmp_path)
    assert book.stat().st_size < 30_000  # 200 kB of sheet XML compresses well
    assert read_forms(book).documents
    with pytest.raises(InputLimitError, match=r"expands to \d+ bytes.*zip bomb guard"):
        read_forms(book, limits=Limits(max_bytes=15_000))


def test_limits_are_documented_with_their_defaults() -> None:
    page = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    for field in attrs.fields(Limits):
        default = getattr(DEFAULT_LIMITS, field.name)
        row = next((line for line in page.splitlines() if f"`{field.name}`" in line), None)
        assert row is not None, field.name
        assert f"{default:_}".replace("_", " ") in row or str(default) in row, (field.name, row)


# --- safety ---------------------------------------------------------------------------------------


def test_openpyxl_parses_xml_through_defusedxml() -> None:
    import defusedxml.ElementTree
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML is True
    assert functions.iterparse is defusedxml.ElementTree.iterparse


def test_workbooks_are_opened_read_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    real = openpyxl.load_workbook

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", spy)
    read_forms(_xlsx(FORM, tmp_path))
    assert calls
    assert all(c.get("read_only") is True for c in calls)


def _calls(tree: ast.AST) -> list[tuple[str, ast.Call]]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            out.append((ast.unparse(node.func), node))
    return out


_FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "os.system", "os.popen"}
_FORBIDDEN_MODULES = {"pickle", "cPickle", "marshal", "shelve", "dill", "subprocess"}
_SAFE_YAML_LOADERS = {"yaml.SafeLoader", "yaml.CSafeLoader", "SafeLoader", "CSafeLoader"}


def _violations(source: str, name: str) -> list[str]:
    tree = ast.parse(source, name)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name in _FORBIDDEN_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module in _FORBIDDEN_MODULES:
            found.append(f"from {node.module} import")
    for func, call in _calls(tree):
        if func in _FORBIDDEN_CALLS:
            found.append(f"{func}()")
        if func in {"yaml.unsafe_load", "yaml.full_load", "yaml.unsafe_load_all"}:
            found.append(f"{func}()")
        if func in {"yaml.load", "yaml.load_all"}:
            loader = next((k.value for k in call.keywords if k.arg == "Loader"), None)
            if loader is None and len(call.args) > 1:
                loader = call.args[1]
            if loader is None or ast.unparse(loader) not in _SAFE_YAML_LOADERS:
                found.append(f"{func}() without a safe loader")
    return [f"{name}: {v}" for v in found]


#: Reviewed exceptions: the plot module asks fontconfig for a CJK font with a fixed argument
#: list (``fc-list :lang=zh file``), no shell and nothing from user input. The JSON fast paths
#: compile functions generated from perfmodel's own attrs classes (field and class names only,
#: values passed by reference, as attrs and cattrs generate theirs); no input text reaches them.
_ALLOWED = {
    "src/perfmodel/report/plot.py: import subprocess",
    "src/perfmodel/serialize/_fastgen.py: compile()",
    "src/perfmodel/serialize/_fastgen.py: exec()",
}


def test_no_eval_no_pickle_and_only_safe_yaml_in_src() -> None:
    violations = []
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 10
    for path in files:
        violations += _violations(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert sorted(set(violations) - _ALLOWED) == []
    plot = (SRC / "report" / "plot.py").read_text(encoding="utf-8")
    assert "shell=True" not in plot
    assert '[fc_list, ":lang=zh", "file"]' in plot


@pytest.mark.parametrize(
    "code",
    [
        "eval(text)",
        "import pickle",
        "from marshal import loads",
        "yaml.load(stream)",
        "yaml.load(stream, Loader=yaml.Loader)",
        "yaml.full_load(stream)",
        "__import__(name)",
    ],
)
def test_the_safety_scan_finds_what_it_looks_for(code: str) -> None:
    assert _violations(code, "x.py")


def test_the_safety_scan_allows_the_safe_loader() -> None:
    assert _violations("yaml.safe_load(s)\nyaml.load(s, Loader=yaml.SafeLoader)", "x.py") == []
