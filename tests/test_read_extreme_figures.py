"""An out-of-range figure anywhere in a form never aborts reading (audit 2, G5).

Every figure the readers put into the model — amounts, points, level-1 weights, stated rates,
a stated 总分 — goes through the bounds of :mod:`perfmodel.numbers`; one that is out of them
becomes a warning and a blank, and the rest of the file is read as before.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from perfmodel import Project, Unit, read_forms
from perfmodel.errors import Severity
from perfmodel.numbers import admits
from test_self_evaluation_forms import FORM as PROJECT_SELF_EVALUATION

SEEDS = sorted((Path(__file__).parent / "data" / "seeds").glob("*.txt"))
TEXTS = [s.read_text(encoding="utf-8") for s in SEEDS] + [PROJECT_SELF_EVALUATION]
SEED_001 = SEEDS[1].read_text(encoding="utf-8")

#: Numbers outside the bounds: too large, too many decimals, not finite, absurdly long.
EXTREMES = [
    "99999999999999999999.99",
    "1000000000000000",
    "0.00000000001",
    "1E+400",
    "9" * 60,
    "-" + "9" * 30,
    "NaN",
    "Infinity",
    "99999999999999999999%",
    "1E+30万元",
]
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _figures(doc: Unit | Project) -> list[Decimal | None]:
    """Every Decimal the document holds (budget fields, weights, indicator points)."""
    values = [*doc.budget.amounts().values(), doc.stated_total]
    tree = doc.indicators
    values += list(tree.level1_weights.values())
    for indicator in tree:
        values += [indicator.max_points, indicator.points]
    return [v for v in values if v is not None]


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_cell_replaced_by_an_extreme_number_never_raises(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(TEXTS))
    lines = text.split("\n")
    filled = [(i, j) for i, line in enumerate(lines) for j, c in enumerate(line.split("\t")) if c]
    i, j = data.draw(st.sampled_from(filled))
    extreme = data.draw(st.sampled_from(EXTREMES))
    cells = lines[i].split("\t")
    numbers = list(_NUMBER.finditer(cells[j]))
    if numbers and data.draw(st.booleans()):  # a number inside the cell (prose, 97.23%)
        m = data.draw(st.sampled_from(numbers))
        cells[j] = cells[j][: m.start()] + extreme + cells[j][m.end() :]
    else:  # the whole cell
        cells[j] = extreme
    lines[i] = "\t".join(cells)
    result = read_forms("\n".join(lines))
    assert result.documents or [d.code for d in result.diagnostics] == ["R003"]  # title replaced
    for doc in result.documents:
        assert all(admits(v) for v in _figures(doc) if v is not None)


def test_a_weight_out_of_range_is_a_warning_and_the_file_is_still_read() -> None:
    good = read_forms(SEED_001).documents[0]
    text = SEED_001.replace("产出指标\t25\t", "产出指标\t99999999999999999999.99\t", 1)
    result = read_forms(text)
    (doc,) = result.documents
    warning = next(d for d in result.diagnostics if d.code == "R221")
    assert warning.severity is Severity.WARNING
    assert "产出指标" in warning.message
    assert warning.location.line == 52
    assert "产出指标" not in doc.indicators.level1_weights
    assert len(doc.indicators) == len(good.indicators)
    assert doc.indicators.level1_weights["效益指标"] == good.indicators.level1_weights["效益指标"]


def test_a_stated_rate_out_of_range_is_a_warning_and_a_blank() -> None:
    text = SEED_001.replace("97.23%", "999999999999999999.9999%", 1)
    result = read_forms(text)
    (doc,) = result.documents
    (warning,) = [d for d in result.diagnostics if d.code == "R104"]
    assert warning.location.field == "budget.stated_rate"
    assert "out of range" in warning.message
    assert doc.budget.stated_rate is None
    assert doc.budget.executed == read_forms(SEED_001).documents[0].budget.executed


def test_split_rates_and_a_stated_total_out_of_range_are_blanks() -> None:
    text = SEED_001.replace("99.42%", "0.000000000001%", 1)
    result = read_forms(text)
    (doc,) = result.documents
    assert doc.budget.basic_stated_rate is None
    assert doc.budget.project_stated_rate is not None
    assert [d.location.field for d in result.diagnostics if d.code == "R104"] == [
        "budget.basic_stated_rate"
    ]
    form = PROJECT_SELF_EVALUATION.replace("86.19%", "9" * 40 + "%").replace("93.12", "9" * 40)
    result = read_forms(form)
    (project,) = result.documents
    assert project.budget.stated_rate is None
    assert project.stated_total is None
    assert project.budget.executed is not None
    fields = [d.location.field for d in result.diagnostics if d.code == "R104"]
    assert fields == ["budget.stated_rate", "stated_total"]


def test_figures_in_exponent_notation_are_not_read_as_numbers() -> None:
    # (found by fuzzing: a 分值 of "0e4828" was read as 0E+4828, which no Arrow or Parquet
    # decimal column can hold, and "1e5" as 100000; forms write figures in plain digits)
    form = (
        PROJECT_SELF_EVALUATION.replace("\t25\t22.5\t", "\t1e5\t22.5\t", 1)
        .replace("\t25\t25", "\t0e4828\t25", 1)
        .replace("100\t93.12", "100\t9.312E1", 1)
    )
    result = read_forms(form)
    (doc,) = result.documents
    first, second = doc.indicators[0], doc.indicators[1]
    assert first.max_points is None
    assert second.max_points is None
    assert doc.stated_total is None
    codes = [d.code for d in result.diagnostics]
    assert codes.count("R211") == 2
    assert "R111" in codes
    assert all(admits(v) for v in _figures(doc))


def test_a_zero_written_with_a_large_exponent_is_not_a_figure() -> None:
    assert not admits(Decimal("0E+4828"))
    assert not admits(Decimal("0E+15"))
    assert admits(Decimal("0E+14"))
    assert admits(Decimal("0.00"))
