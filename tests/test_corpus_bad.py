"""The bad-input corpus (tests/corpus/bad/MANIFEST.toml): every case gives its declared diagnostics
or its declared PerfModelError subclass, never another exception, never a hang, and never more
memory than a generous multiple of its size.

Memory is measured with tracemalloc, except for inputs above 5 MB: tracemalloc slows every
allocation about tenfold, so those are read in a fresh interpreter whose peak resident size is
compared before and after reading.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
import tomllib
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import perfmodel.errors
from perfmodel import Limits, read_forms

CORPUS = Path(__file__).parent / "corpus" / "bad"
MANIFEST = tomllib.loads((CORPUS / "MANIFEST.toml").read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = MANIFEST["case"]
BIG = 5 * 1024 * 1024
MB = 1024 * 1024

sys.path.insert(0, str(CORPUS))
from make_corpus import BASE, cases  # noqa: E402

sys.path.pop(0)


# --- generated inputs ---------------------------------------------------------------------------


def _base_lines() -> list[str]:
    return BASE.splitlines(keepends=True)


def repeated_rows_20mb(tmp: Path) -> Path:
    row = "\t\t数量指标\t保障网格数量\t≥7个\n"
    path = tmp / "repeated-rows.txt"
    path.write_text(BASE + row * 480_000, encoding="utf-8")
    assert path.stat().st_size >= 20_000_000
    return path


def single_line_1mb(tmp: Path) -> Path:
    path = tmp / "single-line.txt"
    path.write_bytes(("项目名称" * 87_382)[: MB // 3].encode() + b"x")  # 1 MB, no line break
    assert path.stat().st_size >= MB
    return path


def single_line_1mb_cells(tmp: Path) -> Path:
    path = tmp / "single-line-cells.txt"
    path.write_bytes(("x" * 1023 + "\t").encode() * 1024)
    return path


#: The label cells of BASE (kept as they are when value cells are blown up).
LABELS = frozenset(
    [
        "财政项目支出绩效目标表",
        "(2025年度)",
        "项目名称",
        "项目类别",
        "主管部门",
        "实施单位",
        "计划开始日期",
        "计划完成日期",
        "项目资金总额",
        "年度资金申请总额",
        "其中：财政资金",
        "其中：当年财政拨款",
        "项目总目标",
        "年度总体目标",
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "产出指标",
        "数量指标",
        "质量指标",
        "时效指标",
        "效益指标",
        "社会效益指标",
        "满意度指标",
        "服务对象满意度指标",
    ]
) | {"项目资金 (万元)", "项目总目标 (2025年-2025年)"}


def long_cells_form(tmp: Path) -> Path:
    """Every value cell (not a label) repeated to 90 000 characters."""
    out = []
    for line in _base_lines():
        cells = line.rstrip("\n").split("\t")
        out.append("\t".join(c if c in LABELS or not c else (c * 90_000)[:90_000] for c in cells))
    path = tmp / "long-cells.txt"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def too_many_rows(tmp: Path) -> Path:
    path = tmp / "rows.txt"
    path.write_text(BASE + "\t\t数量指标\t保障网格数量\t≥7个\n" * 1000, encoding="utf-8")
    return path


def _workbook(path: Path, formulas: bool = False) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for r, line in enumerate(_base_lines(), start=1):
        for c, value in enumerate(line.rstrip("\n").split("\t"), start=1):
            if not value:
                continue
            if formulas and value == "26.62":
                sheet.cell(row=r, column=c, value="=2662/100")
            else:
                sheet.cell(row=r, column=c, value=value).data_type = "s"
    book.save(path)
    return path


def _rewrite_sheet(path: Path, write: Callable[[Any, bytes], None]) -> Path:
    """Copy the workbook at ``path`` replacing its first sheet's XML by ``write(stream, old)``."""
    out = path.with_name("rewritten-" + path.name)
    member = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != member:
                dst.writestr(info, src.read(info))
        with dst.open(member, "w", force_zip64=True) as stream:
            write(stream, src.read(member))
    return out


def xlsx_formulas(tmp: Path) -> Path:
    return _workbook(tmp / "formulas.xlsx", formulas=True)


def xlsx_zip_bomb(tmp: Path) -> Path:
    def write(stream: Any, old: bytes) -> None:
        head, tail = old.split(b"</worksheet>")
        stream.write(head)
        chunk = b" " * MB
        for _ in range(64):
            stream.write(chunk)
        stream.write(b"</worksheet>" + tail)

    path = _rewrite_sheet(_workbook(tmp / "bomb.xlsx"), write)
    assert path.stat().st_size < 200_000
    return path


def xlsx_wide_rows(tmp: Path) -> Path:
    def write(stream: Any, old: bytes) -> None:
        head = old.split(b"<sheetData")[0]
        stream.write(head + b"<sheetData>")
        for n in range(1, 101):
            stream.write(f'<row r="{n}"><c r="XFD{n}" t="n"><v>1</v></c></row>'.encode())
        stream.write(b"</sheetData></worksheet>")

    return _rewrite_sheet(_workbook(tmp / "wide.xlsx"), write)


def xlsx_lying_dimension(tmp: Path) -> Path:
    def write(stream: Any, old: bytes) -> None:
        stream.write(re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', old))

    return _rewrite_sheet(_workbook(tmp / "dimension.xlsx"), write)


def xlsx_entity_expansion(tmp: Path) -> Path:
    entities = '<!ENTITY e0 "lol">' + "".join(
        f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e9;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    return _rewrite_sheet(_workbook(tmp / "laughs.xlsx"), lambda s, _: s.write(xml.encode()))


def xlsx_malformed_xml(tmp: Path) -> Path:
    return _rewrite_sheet(
        _workbook(tmp / "malformed.xlsx"), lambda s, old: s.write(old[: len(old) // 2])
    )


GENERATORS: dict[str, Callable[[Path], Path]] = {
    f.__name__: f
    for f in (
        repeated_rows_20mb,
        single_line_1mb,
        single_line_1mb_cells,
        long_cells_form,
        too_many_rows,
        xlsx_formulas,
        xlsx_zip_bomb,
        xlsx_wide_rows,
        xlsx_lying_dimension,
        xlsx_entity_expansion,
        xlsx_malformed_xml,
    )
}


# --- reading a case -----------------------------------------------------------------------------


def _outcome(path: Path, limits: dict[str, int], reader: str = "forms") -> dict[str, Any]:
    """Read ``path``; summarise what came back (or what was raised) as plain data."""
    if reader == "json":
        try:
            doc = perfmodel.from_json(path.read_bytes(), perfmodel.Project)
        except perfmodel.errors.PerfModelError as exc:
            return {"raises": type(exc).__name__, "message": str(exc)}
        return {"documents": 1, "indicators": len(doc.indicators), "codes": [], "messages": []}
    try:
        result = read_forms(path, limits=Limits(**limits))
    except perfmodel.errors.PerfModelError as exc:
        return {"raises": type(exc).__name__, "message": str(exc)}
    return {
        "read": result,
        "codes": [d.code for d in result.diagnostics],
        "messages": [str(d) for d in result.diagnostics],
        "documents": len(result.documents),
        "indicators": sum(len(d.indicators) for d in result.documents),
        "blank_targets": sum(i.target is None for d in result.documents for i in d.indicators),
    }


def _pipeline_codes(result: perfmodel.ReadResult) -> list[str]:
    """Validate, evaluate, render and JSON round-trip every document (none of it may raise);
    the codes of the evaluations' diagnostics."""
    from perfmodel.report import render

    codes: list[str] = []
    for doc in result.documents:
        perfmodel.validate(doc)
        evaluation = perfmodel.evaluate(doc)
        codes += [d.code for d in evaluation.diagnostics]
        for format in ("md", "html", "text"):
            assert render(doc, evaluation, format=format)
        assert perfmodel.from_json(perfmodel.to_json(doc), type(doc)) == doc
        assert (
            perfmodel.from_json(perfmodel.to_json(evaluation), perfmodel.Evaluation) == evaluation
        )
    return codes


_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {tests!r})
from pathlib import Path
from test_corpus_bad import _outcome
path, limits = Path(sys.argv[1]), json.loads(sys.argv[2])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.monotonic()
out = _outcome(path, limits)
out.pop("read", None)
out["seconds"] = time.monotonic() - started
out["memory"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
print(json.dumps(out))
"""


def _measured(path: Path, limits: dict[str, int], reader: str = "forms") -> dict[str, Any]:
    """Read ``path`` measuring time and peak memory growth (in bytes)."""
    if path.stat().st_size > BIG:
        child = _CHILD.format(tests=str(Path(__file__).parent))
        done = subprocess.run(
            [sys.executable, "-c", child, str(path), json.dumps(limits)],
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
        return dict(json.loads(done.stdout))
    tracemalloc.start()
    started = time.monotonic()
    try:
        out = _outcome(path, limits, reader)
        out["seconds"] = time.monotonic() - started
        out["memory"] = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return out


def test_long_cells_form_blows_up_every_value_and_no_label() -> None:
    text = long_cells_form(Path(tempfile.mkdtemp())).read_text(encoding="utf-8")
    cells = [c for line in text.splitlines() for c in line.split("\t") if c]
    assert {c for c in cells if len(c) < 90_000} == LABELS
    assert sum(len(c) == 90_000 for c in cells) == 22


def _case_id(case: dict[str, Any]) -> str:
    return str(case.get("file") or case.get("generate"))


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_bad_input(case: dict[str, Any], tmp_path: Path) -> None:
    if "pending" in case:
        pytest.skip(f"pending: {case['pending']}")
    path = CORPUS / case["file"] if "file" in case else GENERATORS[case["generate"]](tmp_path)
    limits = dict(case.get("limits", {}))
    reader = case.get("reader", "forms")
    out = _measured(path, limits, reader)
    if "raises" in case:
        assert out.get("raises") == case["raises"], out
        assert re.search(case["match"], out["message"]), out["message"]
        if reader == "forms":  # JSON errors name the JSON path instead (matched above)
            assert str(path.name) in out["message"] or "Limits." in out["message"]
    else:
        assert "raises" not in out, out
        if "codes" in case:
            assert out["codes"] == case["codes"], out["messages"]
        if "match" in case:  # the diagnostics' messages say what was wrong, naming the file
            said = "\n".join(out["messages"])
            assert re.search(case["match"], said), said
            assert path.name in said, said
        for key in ("documents", "indicators", "blank_targets"):
            if key in case:
                assert out[key] == case[key], (key, out)
        if case.get("pipeline"):
            assert _pipeline_codes(out["read"]) == case["evaluation_codes"]
    if "max_seconds" in case:
        assert out["seconds"] < case["max_seconds"], out["seconds"]
    if "max_memory_ratio" in case:
        bound = case["max_memory_ratio"] * max(path.stat().st_size, MB)
        assert out["memory"] < bound, (out["memory"], bound)


def test_every_committed_file_is_declared_and_regenerated_by_the_script() -> None:
    declared = {c["file"] for c in CASES if "file" in c and "pending" not in c}
    on_disk = {p.name for p in CORPUS.iterdir()} - {"MANIFEST.toml", "make_corpus.py"}
    on_disk -= {p.name for p in CORPUS.iterdir() if p.name.startswith("__")}
    assert declared == on_disk
    for name, data in cases().items():
        assert (CORPUS / name).read_bytes() == data, name


def test_every_generated_case_is_declared() -> None:
    assert {c["generate"] for c in CASES if "generate" in c} == set(GENERATORS)


def test_each_case_says_what_it_is_and_what_it_expects() -> None:
    for case in CASES:
        assert case.get("what"), case
        assert ("file" in case) != ("generate" in case), case
        if "pending" not in case:
            assert ("raises" in case) != ("documents" in case), case
            if "raises" in case:
                assert issubclass(getattr(perfmodel.errors, case["raises"]), Exception)
                assert case["match"]


def test_the_clean_base_form_reads_without_diagnostics() -> None:
    result = read_forms(BASE)
    assert result.diagnostics == []
    assert [str(i.target) for i in result.documents[0].indicators] == [
        "≥7个",
        "≥95%",
        "及时",
        "提升",
        "≥90%",
    ]
