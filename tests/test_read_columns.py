"""A row that lines up with its indicator-table header is read by column, not by content
(audit 2, G3): what write_xlsx and to_text write comes back in the same fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfmodel import Indicator, Project, Unit, parse_target, read_forms
from perfmodel.serialize import to_text, without_locations, write_xlsx

OUTPUT = Indicator("a", "产出指标", "数量指标", parse_target("≥1(个)"))


def _read_back(doc: Unit | Project, how: str, tmp_path: Path) -> Unit | Project:
    if how == "xlsx":
        path = tmp_path / "doc.xlsx"
        write_xlsx([doc], path)
        result = read_forms(path)
    else:
        result = read_forms(to_text([doc]))
    assert [d.code for d in result.diagnostics if d.severity.name != "INFO"] == []
    (back,) = result.documents
    return back


@pytest.mark.parametrize("how", ["xlsx", "text"])
def test_a_nature_outside_the_vocabulary_stays_in_its_column(how: str, tmp_path: Path) -> None:
    indicator = Indicator(
        "a",
        "产出指标",
        "数量指标",
        parse_target("≥1(个)"),
        nature="共性",
        unit="个",
        explanation="解释",
        rule_text="得满分，否则不得分",
    )
    project = Project("某项目", year=2023, indicators=[indicator])
    (back,) = _read_back(project, how, tmp_path).indicators
    assert back.nature == "共性"
    assert back.target is not None
    assert back.target.text == "≥1(个)"
    assert (back.explanation, back.rule_text, back.unit) == ("解释", "得满分，否则不得分", "个")


@pytest.mark.parametrize("how", ["xlsx", "text"])
def test_a_target_under_a_reference_level1_is_kept(how: str, tmp_path: Path) -> None:
    managed = Indicator(
        "市政道路保洁完成率", "投入管理指标", "预算信息化", parse_target("=100.00(%)")
    )
    unit = Unit("某单位", year=2023, indicators=[OUTPUT, managed])
    back = _read_back(unit, how, tmp_path)
    assert without_locations(back).indicators == without_locations(unit).indicators


def test_a_row_missing_a_middle_cell_is_still_read_by_content() -> None:
    header = (
        "一级指标\t二级指标\t三级指标\t指标性质\t方向\t指标值\t计量单位\t指标解释\t评(扣)分标准"
    )
    rows = [
        "产出指标\t质量指标\t达标率\t定量指标\t=\t100\t%\t考察达标率\t达到100%，得满分",
        "\t\t通过率\t=\t100\t%\t考察通过率\t通过率100%，得满分",  # no 指标性质: moved left
        "\t时效指标\t定性指标\t完成及时性\t\t及时\t\t考察及时性\t及时完成得满分",  # shifted right
    ]
    text = "\n".join(["财政项目支出绩效目标表", "(2025年度)", "项目名称\tX", header, *rows])
    (doc,) = read_forms(text).documents
    got = [(i.name, str(i.target), i.nature, i.explanation, i.rule_text) for i in doc.indicators]
    assert got == [
        ("达标率", "=100%", "定量", "考察达标率", "达到100%，得满分"),
        ("通过率", "=100%", "定量", "考察通过率", "通过率100%，得满分"),
        ("完成及时性", "及时", "定性", "考察及时性", "及时完成得满分"),
    ]
