"""Units, money and the model's hard invariants."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

import perfmodel
from perfmodel import (
    Budget,
    ConstructionError,
    FormKind,
    Indicator,
    IndicatorTree,
    KeyTask,
    Project,
    Unit,
    UnitError,
    parse_money,
    parse_target,
)
from perfmodel import units as U
from perfmodel.money import MoneyError, format_yuan, split_amounts


def test_conversions_that_make_sense() -> None:
    assert U.quantity("43", "万平方米") == U.quantity("430000", "平方米")
    assert U.quantity("70", "公里") == U.quantity("70000", "米")
    assert U.quantity("26.62", "万元") == U.quantity("266200", "元")
    assert U.quantity("1", "亩").to(U.unit("平方米")).magnitude == Decimal(10000) / Decimal(15)
    assert U.factor("年", "月") == Decimal(12)
    assert U.factor("吨/日", "吨/天") == Decimal(1)
    assert U.quantity("5", "%").to(U.get_registry().dimensionless).magnitude == Decimal("0.05")


@pytest.mark.parametrize(
    ("src", "dst", "expected"),
    [
        ("小时", "分钟", "60"),  # pint's Decimal arithmetic gave 60.00000000000000000000000001
        ("分钟", "小时", None),  # 1/60: no finite decimal
        ("天", "分钟", "1440"),
        ("周", "小时", "168"),
        ("年", "季度", "4"),
        ("季度", "月", "3"),
        ("万亩", "公顷", None),  # 10000 × 10000/15 m² / 10000 m² = 2000/3
        ("平方米", "亩", "0.0015"),
        ("‰", "%", "0.1"),
        ("元/人/月", "元/人/年", "12"),
        ("亿元", "万元", "10000"),
    ],
)
def test_factors_are_exact(src: str, dst: str, expected: str | None) -> None:
    ratio = U.ratio(src, dst)
    assert U.ratio(dst, src) == 1 / ratio
    factor = U.factor(src, dst)
    if expected is None:
        assert ratio.denominator % 3 == 0  # no finite decimal: 60 significant digits
        assert len(factor.as_tuple().digits) == 60
        assert abs(Fraction(factor) - ratio) <= ratio / 10**59  # rounded at the 60th digit
    else:
        assert factor == Decimal(expected)
        assert ratio == Fraction(expected)


def test_convert_multiplies_first_and_stays_exact() -> None:
    assert U.convert(Decimal(3), "亩", "平方米") == 2000
    assert U.convert(Decimal(15), "亩", "平方米") == 10000
    assert U.convert(Decimal(90), "分钟", "小时") == Decimal("1.5")
    assert U.convert(Decimal("1.5"), "万亩", "公顷") == 1000
    assert U.convert(Decimal(1), "亩", "平方米") == Decimal(
        "666.666666666666666666666666666666666666666666666666666666667"
    )
    assert U.convert(Decimal("12.5"), "米", "米") == Decimal("12.5")
    # the largest admitted figure converts exactly
    big = Decimal("999999999999999.9999999999")
    assert U.convert(big, "亿元", "元") == big * 100000000
    assert parse_target("≤60(分钟)").is_met("1小时")
    assert parse_target("=2000(平方米)").is_met("3亩")
    assert not parse_target("≥2000.01(平方米)").is_met("3亩")


def test_calendar_periods_do_not_convert_to_days() -> None:
    # 年 = 12 月 and 季度 = 3 月 exactly; a month or a year has no fixed number of days
    assert U.factor("年", "月") == 12
    for period in ("年", "月", "季度", "季"):
        for fixed in ("天", "日", "周", "小时", "分钟", "秒"):
            assert not U.are_compatible(period, fixed)
            with pytest.raises(UnitError, match="vary with the calendar"):
                U.factor(period, fixed)
    with pytest.raises(UnitError, match="vary with the calendar"):
        U.convert(Decimal(1), "吨/月", "吨/日")
    with pytest.raises(UnitError):
        parse_target("≤365(天)").is_met("1年")
    # other incompatible units keep the short message
    with pytest.raises(UnitError, match=r"^cannot convert '台' to '株'$"):
        U.factor("台", "株")


def test_runtime_units_still_convert() -> None:
    # a unit defined at run time is known only to the package registry: pint's Decimal way
    reg = U.get_registry()
    if "perfmodel_test_jin" not in reg:
        reg.define("perfmodel_test_jin = 0.5 * kilogram")
    assert U.ratio("吨", "perfmodel_test_jin") == 2000
    assert U.convert(Decimal(3), "perfmodel_test_jin", "千克") == Decimal("1.5")


def test_every_unit_of_the_domain_reference_is_known() -> None:
    names = "% 个 台 株 家 人 名 次 辆 部 件 起 场 项 公里 米 平方米 万平方米 亩 元 万元 小时 天 月 年 人次 吨"
    for name in [*names.split(), "元/人/月", "吨/日"]:
        assert U.is_known_unit(name), name
    assert U.unit("名") == U.unit("人")


def test_counting_words_do_not_mix() -> None:
    assert not U.are_compatible("台", "株")
    assert not U.are_compatible("个", "人")
    assert U.is_count_unit("辆")
    assert not U.is_count_unit("公里")
    assert not U.is_count_unit("不是单位")
    with pytest.raises(UnitError):
        U.factor("人次", "人")


def test_unknown_and_malformed_units() -> None:
    with pytest.raises(UnitError, match="unknown unit"):
        U.unit("发生")
    with pytest.raises(UnitError, match="malformed"):
        U.unit("元//月")
    with pytest.raises(UnitError, match="empty"):
        U.unit(" ")
    assert U.quantity(Decimal(3)).dimensionless


def test_magnitudes_stay_decimal() -> None:
    q = parse_target("=43.00(万平方米)").quantity
    assert isinstance(q.to(U.unit("平方米")).magnitude, Decimal)


def test_registry_is_built_once_under_concurrency() -> None:
    barrier = threading.Barrier(8)

    def get() -> int:
        barrier.wait()
        return id(U.get_registry())

    with ThreadPoolExecutor(8) as pool:
        ids = set(pool.map(lambda _: get(), range(8)))
    assert len(ids) == 1
    assert U.registry_build_count() == 1
    assert perfmodel.ureg is U.get_registry()
    with pytest.raises(AttributeError):
        perfmodel.no_such_name  # noqa: B018


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("6,810,000.00", "元", "6810000.00"),
        ("15,249.65万元", "元", "152496500"),
        ("26.62", "万元", "266200"),
        ("9857. 34", "万元", "98573400"),
        ("0", "元", "0"),
        ("1.5亿元", "元", "150000000"),
        ("-803.83万元", "元", "-8038300"),
    ],
)
def test_parse_money(text: str, unit: str, expected: str) -> None:
    assert parse_money(text, unit=unit) == Decimal(expected)


def test_money_blank_and_errors() -> None:
    assert parse_money(None) is None
    assert parse_money("") is None
    with pytest.raises(MoneyError):
        parse_money("三百万")
    with pytest.raises(MoneyError, match="unknown money unit"):
        parse_money("5", unit="美元")
    assert split_amounts("43.8 43.8 0 0") == ["43.8", "43.8", "0", "0"]
    assert format_yuan(Decimal("1234.5")) == "1,234.50"


def test_budget_invariants() -> None:
    assert Budget(total="10").total == Decimal(10)
    assert Budget(adjustment=Decimal("-5")).adjustment == Decimal(-5)
    with pytest.raises(ConstructionError, match="float"):
        Budget(total=1.5)  # type: ignore[arg-type]
    with pytest.raises(ConstructionError, match="negative"):
        Budget(fiscal=Decimal(-1))
    with pytest.raises(ConstructionError):
        Budget(total=object())  # type: ignore[arg-type]
    with pytest.raises(ConstructionError):
        Budget(total="abc")
    assert Budget(initial=Decimal(3)).budgeted == Decimal(3)
    assert Budget().budgeted is None


def test_indicator_and_tree() -> None:
    a = Indicator("a", "产出指标", "数量指标", parse_target("≥1个"), max_points=Decimal(5))
    b = Indicator("b", "效益指标", "社会效益指标")
    tree = IndicatorTree([a, b], level1_weights={"产出指标": "50"}, level2_weights={"数量指标": 20})
    assert list(tree) == [a, b]
    assert tree[1] is b
    assert tree.level2_names() == ("数量指标", "社会效益指标")
    assert tree.under("效益指标") == (b,)
    assert tree.find("nope") is None
    assert "2 indicators" in repr(tree)
    assert len(tree.replace([a])) == 1
    with pytest.raises(ConstructionError, match="non-empty"):
        Indicator(" ", "产出指标", "数量指标")
    with pytest.raises(ConstructionError, match="Indicator values"):
        IndicatorTree(["x"])  # type: ignore[list-item]
    with pytest.raises(ConstructionError, match="weight"):
        IndicatorTree([], level1_weights={"x": -1})
    with pytest.raises(ConstructionError, match="negative"):
        Indicator("x", "产出指标", "数量指标", max_points=Decimal(-1))


def test_unit_and_project() -> None:
    unit = Unit("单位", year=2026, key_tasks=[KeyTask("任务", "内容")], headcount=3)
    assert unit.budget == Budget()
    assert unit.form is FormKind.UNIT_DECLARATION
    assert "Unit('单位'" in repr(unit)
    project = Project(
        "项目",
        year=2025,
        start="2025-01-01",
        end=dt.datetime(2025, 12, 31, 0, 0),
        goal_period=(2022, 2027),
        indicators=[Indicator("a", "产出指标", "数量指标")],
    )
    assert project.end == dt.date(2025, 12, 31)
    assert isinstance(project.indicators, IndicatorTree)
    assert "Project('项目'" in repr(project)
    for bad in (
        lambda: Unit("u", headcount=-1),
        lambda: Unit("u", year="2026"),  # type: ignore[arg-type]
        lambda: Unit("u", key_tasks=["x"]),  # type: ignore[list-item]
        lambda: Unit("u", budget={"total": 1}),  # type: ignore[arg-type]
        lambda: Project("p", start="2025/13/01"),
        lambda: Project("p", start=5),  # type: ignore[arg-type]
        lambda: Project("p", goal_period=(2027, 2022)),
    ):
        with pytest.raises(ConstructionError):
            bad()
    assert FormKind.PROJECT_SELF_EVALUATION.is_self_evaluation
    assert FormKind.PROJECT_TARGET_TABLE.title == "财政项目支出绩效目标表"


def test_documents_and_evaluations_pickle_with_our_units(tmp_path: Path) -> None:
    """pint unpickles quantities into its application registry, which lacks 万平方米 & co.:
    perfmodel's quantities and units come back in the package registry, in a fresh process too."""
    import pickle
    import subprocess
    import sys

    seeds = sorted((Path(__file__).parent / "data" / "seeds").glob("*.txt"))
    docs = [d for p in seeds for d in perfmodel.read_forms(p).documents]
    evaluations = [perfmodel.evaluate(d) for d in docs]
    assert pickle.loads(pickle.dumps(docs)) == docs
    assert pickle.loads(pickle.dumps(evaluations)) == evaluations
    assert pickle.loads(pickle.dumps(U.unit("元/人/月"))) == U.unit("元/人/月")
    dumped = tmp_path / "docs.pickle"
    dumped.write_bytes(pickle.dumps(docs))
    code = (
        "import pickle, sys; docs = pickle.load(open(sys.argv[1], 'rb')); "
        "print(sum(len(d.indicators) for d in docs), docs[3].indicators[0].target, sep='|')"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(dumped)], capture_output=True, text=True, check=True
    )
    count, target = out.stdout.rstrip("\n").split("|")
    assert count == str(sum(len(d.indicators) for d in docs))
    assert target == str(docs[3].indicators[0].target)
