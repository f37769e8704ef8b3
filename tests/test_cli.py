"""The perfmodel command through click's runner: every command, machine output and exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import perfmodel
from perfmodel.cli import EXIT_FINDINGS, EXIT_OK, EXIT_UNAVAILABLE, EXIT_USAGE, main

SEEDS = Path(__file__).parent / "data" / "seeds"
SEED_001 = str(SEEDS / "001_f6d8f9a804f89db4.txt")
SEED_000 = str(SEEDS / "000_c8b0f807fc1c3868.txt")
SEED_003 = str(SEEDS / "003_c220910399858272.txt")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def not_a_form(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("尊敬的领导：\n这不是一张表。\n", encoding="utf-8")
    return str(path)


def test_version():
    result = run("--version")
    assert result.exit_code == EXIT_OK
    assert perfmodel.__version__ in result.output


def test_read_summary_and_diagnostics():
    result = run("read", SEED_001)
    assert result.exit_code == EXIT_OK
    assert "1 forms" in result.output
    assert "上海市闵行区浦锦街道城市建设管理事务中心 (2023): 21 indicators" in result.output
    assert "R210" in result.output


def test_read_json_directory_and_glob():
    result = run("read", "--json", str(SEEDS))
    assert result.exit_code == EXIT_OK
    data = json.loads(result.output)
    assert [Path(item["file"]).name[:3] for item in data] == ["000", "001", "002", "003", "004"]
    assert sum(len(item["documents"]) for item in data) == 42
    by_glob = json.loads(run("read", "--json", str(SEEDS / "00[13]*.txt")).output)
    assert [len(item["documents"]) for item in by_glob] == [1, 16]


def test_read_bad_inputs(not_a_form, tmp_path):
    missing = run("read", str(tmp_path / "missing.txt"))
    assert missing.exit_code == EXIT_USAGE
    assert "no such file" in missing.output
    bad = run("read", not_a_form)
    assert bad.exit_code == EXIT_FINDINGS
    assert "R003" in bad.output
    assert run("read", "--json", not_a_form).exit_code == EXIT_FINDINGS
    assert run("read").exit_code == EXIT_USAGE


def test_validate_exit_codes(not_a_form):
    clean = run("validate", SEED_000)
    assert clean.exit_code == EXIT_OK
    assert "0 errors" in clean.output
    broken = run("validate", SEED_001)
    # seed 001 really has errors: 基本支出 + 项目支出 执行数 ≠ 执行数, and a stated rate that is wrong
    assert broken.exit_code == EXIT_FINDINGS
    assert "PM106" in broken.output
    data = json.loads(run("validate", "--json", SEED_001).output)
    assert data[0]["errors"] >= 2
    assert {d["code"] for d in data[0]["diagnostics"]} >= {"PM106", "PM107"}
    skipped = run("validate", SEED_001, "--disable", "PM106", "--disable", "PM107")
    assert "PM106" not in skipped.output
    assert run("validate", not_a_form).exit_code == EXIT_FINDINGS


def test_score_text_json_and_policies(tmp_path):
    result = run("score", SEED_001)
    assert result.exit_code == EXIT_OK
    assert "总分 93.40 优" in result.output
    data = json.loads(run("score", "--json", SEED_001).output)
    assert data[0]["total"] == "93.40"
    assert data[0]["grade"] == "优"
    assert len(data[0]["indicators"]) == 21
    whole = json.loads(run("score", "--json", "--policy", "whole_points", SEED_001).output)
    assert whole[0]["policy"] == "whole_points"
    assert "." not in whole[0]["total"]
    policy_file = tmp_path / "policy.json"
    policy_file.write_text(json.dumps({"name": "mine", "decimals": 1}), encoding="utf-8")
    mine = json.loads(run("score", "--json", "--policy", str(policy_file), SEED_001).output)
    assert mine[0]["policy"] == "mine"
    assert mine[0]["total"] == "93.4"
    yaml_file = tmp_path / "policy.yaml"
    yaml_file.write_text("name: yaml-policy\nreverse_rule: ratio\n", encoding="utf-8")
    assert run("score", "--policy", str(yaml_file), SEED_001).exit_code == EXIT_OK
    saved = tmp_path / "saved.json"
    saved.write_text(perfmodel.to_json(perfmodel.Policy.whole_points()), encoding="utf-8")
    from_saved = json.loads(run("score", "--json", "--policy", str(saved), SEED_001).output)
    assert from_saved[0]["policy"] == "whole_points"
    assert from_saved[0]["total"] == whole[0]["total"]


def test_score_scorecard_and_declarations():
    card = run("score", "--scorecard", SEED_001)
    assert "部门(单位)整体支出绩效自评表" in card.output
    assert "| 总分" in card.output
    declared = run("score", SEED_003)
    assert declared.exit_code == EXIT_OK
    assert "总分 —: 尚无实际完成值，未评分" in declared.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "Expecting"),
        ('{"revers_rule": "ratio"}', "unknown policy keys"),
        ('{"decimals": 2.5}', "decimals"),
        ("[1, 2]", "mapping"),
        ('{"schema": "perfmodel/1", "type": "project", "name": "x"}', "expected 'policy'"),
    ],
)
def test_bad_policy_files(tmp_path, content, message):
    path = tmp_path / "p.json"
    path.write_text(content, encoding="utf-8")
    result = run("score", "--policy", str(path), SEED_001)
    assert result.exit_code == EXIT_USAGE
    assert message in result.output


def test_unknown_policy_name():
    result = run("score", "--policy", "national", SEED_001)
    assert result.exit_code == EXIT_USAGE
    assert "not a policy name" in result.output


def test_bad_yaml_policy(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("name: [unclosed\n", encoding="utf-8")
    assert run("score", "--policy", str(path), SEED_001).exit_code == EXIT_USAGE


@pytest.mark.parametrize("fmt", ["md", "html", "text"])
def test_report_formats(tmp_path, fmt):
    out = tmp_path / f"card.{fmt}"
    result = run("report", SEED_001, "--format", fmt, "-o", str(out))
    assert result.exit_code == EXIT_OK
    content = out.read_text(encoding="utf-8")
    assert "93.40" in content
    # validation findings are listed under the table
    assert "PM106" in content


def test_report_stdout_json_english_and_many_files():
    result = run("report", SEED_001, SEED_003, "--lang", "en", "--no-validate")
    assert result.exit_code == EXIT_OK
    assert result.output.count("\n---\n") == 16
    assert "Project performance target declaration" in result.output
    assert "PM106" not in result.output
    summary = run("report", SEED_001, "--json", "--format", "text", "-o", "-")
    assert summary.output.rstrip().endswith("}")
    assert '"documents": 1' in summary.output


def test_report_xlsx_without_the_excel_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now fails
    result = run("report", SEED_001, "--format", "xlsx", "-o", str(tmp_path / "x.xlsx"))
    assert result.exit_code == EXIT_UNAVAILABLE
    assert "[excel] extra" in result.output


def test_report_json_holds_each_document_and_its_evaluation(tmp_path):
    out = tmp_path / "cards.json"
    result = run("report", SEED_001, "--format", "json", "-o", str(out))
    assert result.exit_code == 0
    items = perfmodel.from_json(out.read_text(encoding="utf-8"))
    assert [type(i).__name__ for i in items] == ["Unit", "Evaluation"]
    assert str(items[1].total) == "93.40"


def test_report_unwritable_output(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = run("report", SEED_001, "-o", str(blocker / "card.md"))
    assert result.exit_code == EXIT_UNAVAILABLE
    assert "cannot write" in result.output


def test_schema_is_the_shipped_one():
    from perfmodel.serialize import json_schema

    result = run("schema")
    assert result.exit_code == 0
    assert json.loads(result.output) == json_schema()


def test_plot_command(tmp_path):
    pytest.importorskip("matplotlib")
    for kind in ("points", "level2", "execution", "portfolio"):
        out = tmp_path / f"{kind}.png"
        result = run("plot", SEED_001, "--kind", kind, "-o", str(out), "--lang", "en", "--json")
        assert result.exit_code == EXIT_OK, result.output
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    declared = run("plot", SEED_003, "-o", str(tmp_path / "x.png"))
    assert declared.exit_code == EXIT_USAGE
    assert "no scored form" in declared.output


# Audit 2: nothing unexplained, nothing accepted silently


@pytest.mark.parametrize("command", [["score"], ["score", "--json"], ["report"], ["plot", "-o"]])
def test_a_file_with_no_form_is_explained_on_stderr(tmp_path, command):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    args = [*command, str(tmp_path / "p.png")] if command[-1] == "-o" else command
    result = CliRunner().invoke(main, [*args, str(empty)])
    assert result.exit_code in (EXIT_FINDINGS, EXIT_USAGE)  # plot: nothing scored to draw
    assert "empty.txt: 0 forms read" in result.stderr
    assert "R001" in result.stderr
    if "--json" in command:
        assert json.loads(result.stdout) == []


def test_report_xlsx_creates_the_missing_directory(tmp_path):
    pytest.importorskip("openpyxl")
    out = tmp_path / "new" / "dir" / "x.xlsx"
    result = run("report", "--format", "xlsx", "-o", str(out), SEED_001)
    assert result.exit_code == EXIT_OK
    assert out.stat().st_size > 0


def test_validate_refuses_an_unknown_check_code():
    result = CliRunner().invoke(main, ["validate", "--disable", "XYZ", SEED_001])
    assert result.exit_code == EXIT_USAGE
    assert "XYZ: no check has this code" in result.stderr
    assert "PM1, PM2" in result.stderr
    assert run("validate", "--disable", "PM2", "--disable", "PM101", SEED_000).exit_code in (
        EXIT_OK,
        EXIT_FINDINGS,
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["score", "--json", "no/such.txt"], EXIT_USAGE, "no/such.txt: no such file"),
        (["validate", "--disable", "XYZ", "--json", SEED_001], EXIT_USAGE, "XYZ: no check"),
        (["score", "--json", "--policy", "national", SEED_001], EXIT_USAGE, "not a policy"),
        (["score", "--json", "--no-such-option", SEED_001], EXIT_USAGE, "--no-such-option"),
    ],
)
def test_with_json_usage_errors_are_a_json_object_on_stdout(args, code, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == code
    error = json.loads(result.stdout)["error"]
    assert error["exit_code"] == code
    assert message in error["message"]
    plain = CliRunner().invoke(main, [a for a in args if a != "--json"])
    assert plain.exit_code == code
    assert plain.stdout == ""
    assert message in plain.stderr
