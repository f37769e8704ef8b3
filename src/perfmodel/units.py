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

import re
import threading
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .errors import UnitError

if TYPE_CHECKING:
    import pint

__all__ = [
    "are_compatible",
    "factor",
    "get_registry",
    "is_count_unit",
    "is_known_unit",
    "quantity",
    "quantity_of",
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


@lru_cache(maxsize=4096)
def _factor(src: str, dst: str) -> Decimal:
    try:
        converted = get_registry().Quantity(Decimal(1), unit(src)).to(unit(dst))
    except UnitError:
        raise
    except Exception as exc:
        raise UnitError(f"cannot convert {src!r} to {dst!r}") from exc
    return Decimal(converted.magnitude)


def factor(src: str, dst: str) -> Decimal:
    """Exact conversion factor from unit text ``src`` to ``dst`` (cached).

    Incompatible units (台 vs 株, % vs 元) raise :class:`UnitError`.

    >>> factor("万元", "元")
    Decimal('10000')
    >>> factor("台", "株")
    Traceback (most recent call last):
    ...
    perfmodel.errors.UnitError: cannot convert '台' to '株'
    """
    if src == dst:
        return Decimal(1)
    return _factor(src, dst)


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
