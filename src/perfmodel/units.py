"""The package's one unit registry (``perfmodel.ureg``), built lazily and thread-safely.

The registry is a :class:`pint.UnitRegistry` with ``Decimal`` magnitudes, built on first use from
``units.txt`` (shipped beside this module) alone — our units and the SI units they need — which
is several times faster to build than pint's full default file. Importing :mod:`perfmodel` does
not import pint.

Unit texts as written on forms ("%", "万平方米", "元/人/月") are resolved by :func:`unit`, which
caches the pint unit object per text, and :func:`factor` gives cached exact conversion factors so
hot paths compare ``Decimal`` magnitudes without pint arithmetic.

>>> q = quantity("43", "万平方米")
>>> q.to(unit("平方米")).magnitude
Decimal('430000')
>>> factor("公里", "米")
Decimal('1000')
"""

from __future__ import annotations

import decimal
import re
import threading
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .errors import UnitError

if TYPE_CHECKING:
    from fractions import Fraction

    import pint

__all__ = [
    "are_compatible",
    "convert",
    "factor",
    "get_registry",
    "is_count_unit",
    "is_known_unit",
    "quantity",
    "quantity_of",
    "ratio",
    "unit",
]

_lock = threading.Lock()
_registry: Any = None
_build_count = 0
_fast_quantity = False

#: Unit spellings on forms that are not pint names (normalised before lookup).
_SPELLINGS = {
    "百分比": "%",
    "％": "%",
    "km": "公里",
    "㎡": "平方米",
    "m²": "平方米",
    "m2": "平方米",
}
_SPLIT = re.compile(r"[/／]")
#: A unit name as written on a form: letters (any script, "_" included) or one percent sign. pint's
#: parser also reads expressions ("1", "m**9", "1(年)年", "%%"); those are not unit names on a form.
_NAME = re.compile(r"[^\W\d]+|[%％‰㎡]")


def get_registry() -> pint.UnitRegistry[Any]:
    """Return the package registry, building it once (thread-safe) on first call.

    >>> get_registry() is get_registry()
    True
    """
    global _registry, _build_count
    reg = _registry
    if reg is not None:
        return reg  # type: ignore[no-any-return]
    with _lock:
        if _registry is None:
            from importlib import resources  # lazily, like pint: tempfile, shutil, lzma …

            import pint

            reg = pint.UnitRegistry(None, non_int_type=Decimal, cache_folder=None)
            with resources.as_file(resources.files("perfmodel") / "units.txt") as path:
                reg.load_definitions(str(path))
            _check_fast_quantity(reg)
            # pint unpickles into its application registry, which does not know our units:
            # the package registry's own classes unpickle into it instead (no global change)
            setattr(reg.Quantity, "__reduce__", _reduce_quantity)  # noqa: B010
            setattr(reg.Unit, "__reduce__", _reduce_unit)  # noqa: B010
            _registry = reg
            _build_count += 1
    return _registry  # type: ignore[no-any-return]


def _reduce_quantity(q: Any) -> tuple[Any, tuple[Any, str]]:
    return _unpickle_quantity, (q._magnitude, str(q._units))


def _reduce_unit(u: Any) -> tuple[Any, tuple[str]]:
    return _unpickle_unit, (str(u._units),)


def _unpickle_quantity(magnitude: Any, units: str) -> pint.Quantity[Any]:
    """Rebuild a pickled quantity in the package registry.

    >>> import pickle
    >>> q = quantity("43.2", "万平方米")
    >>> pickle.loads(pickle.dumps(q)) == q, pickle.loads(pickle.dumps(q)).magnitude
    (True, Decimal('43.2'))
    """
    return get_registry().Quantity(magnitude, _unpickle_unit(units))


@lru_cache(maxsize=1024)
def _unpickle_unit(units: str) -> pint.Unit:
    """Rebuild a pickled unit in the package registry (its pint name, e.g. ``wan_yuan``).

    >>> import pickle
    >>> pickle.loads(pickle.dumps(unit("元/人/月"))) == unit("元/人/月")
    True
    """
    return get_registry().Unit(units)


def _check_fast_quantity(reg: Any) -> None:
    """Use the direct construction in :func:`quantity` only if it builds what pint builds."""
    global _fast_quantity
    u = reg.Unit("meter")
    made = reg.Quantity(Decimal("1.5"), u)
    fast = object.__new__(reg.Quantity)
    fast._magnitude = Decimal("1.5")
    fast._units = u._units
    _fast_quantity = (
        type(made) is type(fast)
        and vars(made) == vars(fast)
        and made == fast
        and str(fast.to(reg.Unit("kilometer"))) == str(made.to(reg.Unit("kilometer")))
    )


def registry_build_count() -> int:
    """How many times the registry was built in this process (1 once used; for tests).

    >>> _ = get_registry(); registry_build_count()
    1
    """
    return _build_count


@lru_cache(maxsize=1024)
def unit(text: str) -> pint.Unit:
    """Resolve a unit as written on a form to a pint unit (cached per text).

    Compounds are written with ``/`` ("元/人/月", "吨/日"); each part must be a unit name, not a
    number or an expression. Unknown names raise :class:`UnitError`.

    >>> str(unit("元/人/月"))
    'yuan / month / person'
    >>> unit("百分比") == unit("%")
    True
    >>> unit("1(年)")
    Traceback (most recent call last):
    ...
    perfmodel.errors.UnitError: unknown unit '1(年)' in '1(年)': not a unit name
    """
    cleaned = text.strip()
    if not cleaned:
        raise UnitError("empty unit text")
    reg = get_registry()
    parts = [p.strip() for p in _SPLIT.split(cleaned)]
    if any(not p for p in parts):
        raise UnitError(f"malformed compound unit {text!r}")
    result: Any = None
    for i, part in enumerate(parts):
        name = _SPELLINGS.get(part, part)
        if not _NAME.fullmatch(name):
            raise UnitError(f"unknown unit {part!r} in {text!r}: not a unit name")
        try:
            u = reg.Unit(name)
        except Exception as exc:  # pint raises UndefinedUnitError / parser errors
            raise UnitError(f"unknown unit {part!r} in {text!r}") from exc
        result = u if i == 0 else result / u
    return result  # type: ignore[no-any-return]


@lru_cache(maxsize=4096)
def is_known_unit(text: str) -> bool:
    """Whether ``text`` names a unit the registry knows (cached, unknown texts too).

    >>> is_known_unit("株"), is_known_unit("发生")
    (True, False)
    """
    try:
        unit(text)
    except UnitError:
        return False
    return True


def quantity(
    magnitude: Decimal | int | str, unit_text: str | None = None
) -> pint.Quantity[Decimal]:
    """Build a quantity with an exact ``Decimal`` magnitude (no unit: dimensionless).

    >>> quantity("26.62", "万元").to(unit("元")).magnitude
    Decimal('266200.00')
    """
    reg = get_registry()
    mag = magnitude if isinstance(magnitude, Decimal) else Decimal(str(magnitude))
    if unit_text is None:
        return reg.Quantity(mag, reg.dimensionless)
    return quantity_of(mag, unit(unit_text))


def quantity_of(magnitude: Decimal, u: pint.Unit) -> pint.Quantity[Decimal]:
    """A quantity of a ``Decimal`` magnitude and a unit object of the package registry.

    >>> quantity_of(Decimal("2.5"), unit("公里")).to(unit("米")).magnitude
    Decimal('2500.0')
    """
    reg = get_registry()
    if _fast_quantity and type(magnitude) is Decimal and isinstance(u, reg.Unit):
        # What Quantity(magnitude, u) builds, without its type checks.
        q = object.__new__(reg.Quantity)
        q._magnitude = magnitude
        q._units = u._units
        return q
    return reg.Quantity(magnitude, u)


def _exact_registry() -> Any:
    """A second registry over ``units.txt`` with ``Fraction`` magnitudes, built once on first
    use: conversion ratios are computed in it exactly (the package registry's ``Decimal``
    arithmetic rounds 1/60 or 10000/15 at 28 digits)."""
    global _exact
    reg = _exact
    if reg is not None:
        return reg
    with _lock:
        if _exact is None:
            from fractions import Fraction
            from importlib import resources

            import pint

            made: Any = pint.UnitRegistry(None, non_int_type=Fraction, cache_folder=None)
            with resources.as_file(resources.files("perfmodel") / "units.txt") as path:
                made.load_definitions(str(path))
            _exact = made
    return _exact


_exact: Any = None


@lru_cache(maxsize=4096)
def ratio(src: str, dst: str) -> Fraction:
    """The exact conversion ratio from unit text ``src`` to ``dst`` as a ``Fraction`` (cached).

    Units defined in ``units.txt`` convert exactly; a unit defined at run time (with
    ``perfmodel.ureg.define``) converts through pint's ``Decimal`` arithmetic, exact for
    factors written as decimals. Incompatible units raise :class:`UnitError` — among them the
    calendar periods (月, 季度, 年: 年 = 12 月, 季度 = 3 月) against 天, 周 or 小时, whose ratio
    varies with the calendar.

    >>> ratio("亩", "平方米"), ratio("小时", "分钟")
    (Fraction(2000, 3), Fraction(60, 1))
    >>> ratio("年", "天")
    Traceback (most recent call last):
    ...
    perfmodel.errors.UnitError: cannot convert '年' to '天': ... vary with the calendar ...
    """
    from fractions import Fraction

    a, b = unit(src), unit(dst)
    if src == dst or a == b:
        return Fraction(1)
    reg = get_registry()
    if reg.get_dimensionality(a) != reg.get_dimensionality(b):
        raise UnitError(f"cannot convert {src!r} to {dst!r}{_why(reg, a, b)}")
    exact = _exact_registry()
    ea, eb = _container(exact, a), _container(exact, b)
    if ea is None or eb is None:  # a unit defined at run time: pint's Decimal arithmetic
        return Fraction(Decimal(reg.Quantity(Decimal(1), a).to(b).magnitude))
    return Fraction(exact.Quantity(Fraction(1), ea).to(eb).magnitude)


def _container(exact: Any, u: Any) -> Any:
    """A unit of the package registry as a unit of the exact one (names and whole exponents:
    the package registry's are ``Decimal``, which the other cannot multiply with its
    fractions); ``None`` when it names a unit only the package registry has."""
    from pint.util import UnitsContainer

    items = u._units.items()
    if any(name not in exact._units for name, _ in items):
        return None
    return exact.Unit(UnitsContainer({name: int(power) for name, power in items}))


def _why(reg: Any, a: Any, b: Any) -> str:
    dims = {*reg.get_dimensionality(a), *reg.get_dimensionality(b)}
    if "[calendar]" in dims and "[time]" in dims:
        return (
            ": the days in a month or a year vary with the calendar (年 = 12 月 and"
            " 季度 = 3 月 convert; 月, 季度 and 年 do not convert to 天, 周 or 小时)"
        )
    return ""


#: Context of a conversion: exact for every product of admitted figures and ratios, and 60
#: significant digits (as the scorer's) for a quotient with no finite decimal expansion.
_WIDE = decimal.Context(prec=200, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
_SIXTY = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN)


def _quotient(numerator: Decimal, denominator: int) -> Decimal:
    """``numerator / denominator``: exact when the quotient has a finite decimal expansion of
    at most 200 digits, else rounded to 60 significant digits."""
    if denominator == 1:
        return numerator
    if _terminates(denominator):
        return _WIDE.divide(numerator, Decimal(denominator))
    return _SIXTY.divide(numerator, Decimal(denominator))


def _terminates(denominator: int) -> bool:
    """Whether a fraction with this (reduced) denominator has a finite decimal expansion."""
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


@lru_cache(maxsize=4096)
def _factor(src: str, dst: str) -> Decimal:
    r = ratio(src, dst)
    return _quotient(Decimal(r.numerator), r.denominator)


def factor(src: str, dst: str) -> Decimal:
    """Conversion factor from unit text ``src`` to ``dst`` (cached): exact whenever the ratio
    has a finite decimal expansion (60 分钟 an hour, 12 月 a year), else rounded to 60
    significant digits (1 亩 = 666.66… 平方米; :func:`convert` keeps such conversions exact).

    Incompatible units (台 vs 株, % vs 元, 年 vs 天) raise :class:`UnitError`.

    >>> factor("万元", "元"), factor("小时", "分钟"), factor("元/人/月", "元/人/年")
    (Decimal('10000'), Decimal('60'), Decimal('12'))
    >>> factor("平方米", "亩"), len(str(factor("亩", "平方米")))
    (Decimal('0.0015'), 61)
    >>> factor("台", "株")
    Traceback (most recent call last):
    ...
    perfmodel.errors.UnitError: cannot convert '台' to '株'
    """
    if src == dst:
        return Decimal(1)
    return _factor(src, dst)


def convert(magnitude: Decimal, src: str, dst: str) -> Decimal:
    """``magnitude`` in unit ``src`` expressed in unit ``dst``: magnitude × :func:`factor` when
    the factor is a finite decimal (exact), else magnitude × numerator / denominator of the
    :func:`ratio`, multiplied first and divided last — exact whenever the result has a finite
    decimal expansion (3 亩 is 2000 平方米, not 1999.99…), else rounded to 60 significant digits.

    >>> convert(Decimal(3), "亩", "平方米"), convert(Decimal("1.5"), "小时", "分钟")
    (Decimal('2000'), Decimal('90.0'))
    >>> convert(Decimal(1), "年", "天")
    Traceback (most recent call last):
    ...
    perfmodel.errors.UnitError: cannot convert '年' to '天': ...
    """
    exact = _convert_exactly(magnitude, src, dst)  # the factor is exact: magnitude × factor
    if exact is not None:
        return exact
    r = ratio(src, dst)  # (raises UnitError for units that do not convert)
    return _SIXTY.divide(_WIDE.multiply(magnitude, Decimal(r.numerator)), Decimal(r.denominator))


def _convert_exactly(magnitude: Decimal, src: str, dst: str) -> Decimal | None:
    """:func:`convert` where its factor is an exact decimal; ``None`` where the units do not
    convert or the ratio does not terminate (private: the scorer's one-step path, which leaves
    those to the rules). Cached per pair of units.

    >>> _convert_exactly(Decimal(3000), "米", "公里"), _convert_exactly(Decimal(3), "亩", "平方米")
    (Decimal('3.000'), None)
    >>> _convert_exactly(Decimal(1), "个", "台") is None
    True
    """
    if src == dst:
        return magnitude
    factor = _exact_factor(src, dst)
    return None if factor is None else _WIDE.multiply(magnitude, factor)


@lru_cache(maxsize=4096)
def _exact_factor(src: str, dst: str) -> Decimal | None:
    try:
        r = ratio(src, dst)
    except UnitError:
        return None
    return _factor(src, dst) if _terminates(r.denominator) else None


def are_compatible(a: str, b: str) -> bool:
    """Whether two unit texts measure the same thing (same dimensionality).

    >>> are_compatible("公里", "米"), are_compatible("个", "台")
    (True, False)
    """
    try:
        factor(a, b)
    except UnitError:
        return False
    return True


@lru_cache(maxsize=1024)
def is_count_unit(text: str) -> bool:
    """Whether a unit is a counting word (量词: 个, 台, 人 …).

    >>> is_count_unit("台"), is_count_unit("%")
    (True, False)
    """
    try:
        dims = unit(text).dimensionality
    except UnitError:
        return False
    return len(dims) == 1 and next(iter(dims)).startswith("[count_")
