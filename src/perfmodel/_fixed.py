"""Exact decimal arithmetic on numpy ``int64`` arrays (private; used by :mod:`perfmodel.frame`).

A column of decimals becomes a :class:`Fixed`: integers ``ints`` that are the values times
``10 ** scale``, and a ``valid`` mask (blank is not zero). Division rounds exactly like
``Decimal.quantize`` in every rounding mode, by integer division and its remainder. Callers keep
products below ``LIMIT`` and send larger rows down the ``Decimal`` path.

>>> import numpy as np
>>> from decimal import Decimal
>>> f = fixed_from_objects([Decimal("8.62"), None, Decimal("10")])
>>> f.ints.tolist(), f.valid.tolist(), f.scale
([862, 0, 1000], [True, False, True], 2)
>>> divide(np.array([25, 35]), np.array([10, 10]), "ROUND_HALF_EVEN").tolist()
[2, 4]
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import numpy as np

from .errors import ScoringError

__all__ = [
    "LIMIT",
    "Fixed",
    "any_true",
    "blank",
    "constant",
    "divide",
    "fixed_from_objects",
    "fixed_from_series",
    "own",
    "pow10",
    "rescale",
    "valid_bits",
]

#: Magnitude every intermediate product must stay below (int64 holds up to 2 ** 63 - 1).
LIMIT = float(2**62)


class Fixed:
    """Decimals as ``ints / 10 ** scale`` with a validity mask; ``unfit`` marks values that are
    there but cannot be carried in int64 (too many digits): those rows take the Decimal path.

    >>> Fixed(np.array([5]), np.array([True]), 0).unfit.tolist()
    [False]
    """

    __slots__ = ("ints", "scale", "unfit", "valid")

    def __init__(self, ints: Any, valid: Any, scale: int, unfit: Any = None) -> None:
        self.ints = ints
        self.valid = valid
        self.scale = scale
        self.unfit = constant(len(ints), False) if unfit is None else unfit


def constant(n: int, value: Any, dtype: Any = bool) -> Any:
    """``n`` copies of ``value`` without memory (a read-only broadcast view).

    >>> constant(3, 0, np.int64).tolist(), any_true(constant(3, False))
    ([0, 0, 0], False)
    """
    return np.broadcast_to(np.array(value, dtype=dtype), (n,))


def any_true(mask: Any) -> bool:
    """``mask.any()``, at once for a :func:`constant` mask."""
    if len(mask) > 1 and mask.strides[0] == 0:
        return bool(mask[0])
    return bool(mask.any())


def own(ints: Any) -> Any:
    """``ints`` to write into: itself when it is an array of its own (as the block readers
    make them), else a copy (a view of a column read whole, a constant …).

    >>> a = np.arange(3)
    >>> own(a) is a, own(a[1:]) is a
    (True, False)
    """
    if ints.flags.writeable and ints.flags.owndata:
        return ints
    return ints.copy()


def blank(n: int, scale: int = 0) -> Fixed:
    """A column of ``n`` blanks."""
    return Fixed(constant(n, 0, np.int64), constant(n, False), scale)


def pow10(n: int) -> int:
    """``10 ** n`` as an int, refusing exponents int64 cannot hold.

    >>> pow10(3)
    1000
    """
    if not 0 <= n <= 18:
        raise ScoringError(f"decimal scale {n} is out of range for fixed-point arithmetic")
    return int(10**n)


def rescale(f: Fixed, scale: int) -> tuple[Any, Any]:
    """``f`` at a larger scale, and the rows whose value no longer fits (they are set to 0).

    >>> ints, over = rescale(Fixed(np.array([15, 2]), np.array([True, True]), 1), 3)
    >>> ints.tolist(), over.tolist()
    ([1500, 200], [False, False])
    """
    n = len(f.ints)
    if scale == f.scale:
        return f.ints, constant(n, False)
    if n > 1 and f.ints.strides[0] == 0 and not f.ints[0]:  # a column of zeros (or blanks)
        return f.ints, constant(n, False)
    factor = pow10(scale - f.scale)
    top = max(int(f.ints.max(initial=0)), -int(f.ints.min(initial=0)))
    if float(top) * factor < LIMIT:  # all fit: no row to check
        return f.ints * factor, constant(n, False)
    over = np.abs(f.ints.astype(np.float64)) * factor >= LIMIT
    return np.where(over, 0, f.ints) * factor, over


def divide(n: Any, d: Any, rounding: str) -> Any:
    """``n / d`` rounded to an integer in a decimal rounding mode, for ``0 <= n < 2**61`` and
    ``0 < d < 2**61``.

    >>> divide(np.array([5, 15, 14]), np.array([10, 10, 10]), "ROUND_HALF_UP").tolist()
    [1, 2, 1]
    >>> divide(np.array([1, 51]), np.array([10, 10]), "ROUND_05UP").tolist()
    [1, 6]
    """
    # one integer division where the mode allows (n and d are far below 2**62: 2n + d fits)
    if rounding in (decimal.ROUND_DOWN, decimal.ROUND_FLOOR):
        return n // d
    if rounding in (decimal.ROUND_UP, decimal.ROUND_CEILING):
        return (n + (d - 1)) // d
    if rounding == decimal.ROUND_HALF_UP:
        return (2 * n + d) // (2 * d)
    if rounding == decimal.ROUND_HALF_DOWN:
        return (2 * n + (d - 1)) // (2 * d)
    q, r = np.divmod(n, d)
    if rounding == decimal.ROUND_HALF_EVEN:
        twice = 2 * r
        return q + ((twice > d) | ((twice == d) & (q % 2 == 1)))
    if rounding == decimal.ROUND_05UP:
        return q + ((r > 0) & ((q % 5) == 0))
    raise ScoringError(f"unknown rounding mode {rounding!r}")  # pragma: no cover - policy checks


def fixed_from_objects(values: Sequence[Any]) -> Fixed:
    """Decimals (or ints, or ``None``/NaN for blanks) to fixed point; floats are refused.

    >>> fixed_from_objects([Decimal("1.5"), 2]).ints.tolist()
    [15, 20]
    """
    fast = _objects_via_arrow(values)
    if fast is not None:
        return fast
    n = len(values)
    valid = np.zeros(n, dtype=bool)
    exponents = np.zeros(n, dtype=np.int64)
    clean: list[Decimal | None] = []
    number: Decimal
    for i, value in enumerate(values):
        if value is None:
            clean.append(None)
            continue
        if isinstance(value, Decimal):
            if not value.is_finite():
                if value.is_nan():  # pandas writes a blank as NaN in some columns
                    clean.append(None)
                    continue
                raise ScoringError(f"not a finite number: {value}")
            number = value
        elif isinstance(value, bool | float | np.floating):
            if isinstance(value, float | np.floating) and value != value:  # NaN: blank
                clean.append(None)
                continue
            raise ScoringError(f"expected an exact number (Decimal or int), got {value!r}")
        elif isinstance(value, int | np.integer):
            number = Decimal(int(value))
        elif value is getattr(_pandas_na(), "NA", object()):
            clean.append(None)
            continue
        elif isinstance(value, str):  # exact numeric text, as some frames carry decimals
            try:
                number = Decimal(value.strip())
            except decimal.InvalidOperation:
                raise ScoringError(f"not a number: {value!r}") from None
            if not number.is_finite():
                raise ScoringError(f"not a finite number: {value!r}")
        else:
            raise ScoringError(f"expected a Decimal, got {type(value).__name__} {value!r}")
        clean.append(number)
        valid[i] = True
        exponent = number.as_tuple().exponent
        assert isinstance(exponent, int)
        exponents[i] = exponent
    scale = int(max(0, -int(exponents.min()))) if n else 0
    scale = min(scale, 18)  # more places than int64 carries: those rows go the Decimal way
    ints = np.zeros(n, dtype=np.int64)
    unfit = np.zeros(n, dtype=bool)
    for i, item in enumerate(clean):
        if item is None:
            continue
        scaled = item.scaleb(scale)
        whole = int(scaled)
        if whole != scaled or abs(whole) >= 2**62:
            valid[i] = False
            unfit[i] = True
            continue
        ints[i] = whole
    return Fixed(ints, valid, scale, unfit)


def _objects_via_arrow(values: Sequence[Any]) -> Fixed | None:
    """Decimals (ints, blanks) read by Arrow's converter at the column's scale, or ``None``
    when anything else is there (floats, text, infinities, more than 18 places …): those
    columns are read value by value, which refuses or marks what does not fit."""
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow comes with the [pandas] extra
        return None
    na = getattr(_pandas_na(), "NA", None)
    places = _places(values[:256], na)  # the scale is guessed from the first values …
    for attempt in (1, 2):
        if places is None or places > 18:
            return None
        try:
            array = pa.array(values, type=pa.decimal128(38, places), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            if attempt == 2:
                return None
            places = _places(values, na)  # … and from every value when a later one has more
            continue
        return _from_decimal128(array, places)
    return None  # pragma: no cover - the loop returns


def _places(values: Sequence[Any], na: Any) -> int | None:
    """The most places any finite Decimal of ``values`` has; ``None`` if there is something
    else than Decimals, ints and blanks."""
    places = 0
    for value in values:
        if type(value) is Decimal:
            if value.is_finite():
                exponent = value.as_tuple().exponent
                if exponent < -places:  # type: ignore[operator]
                    places = -exponent  # type: ignore[operator]
        elif value is None or type(value) is int or value is na:
            continue
        elif not (type(value) is float and value != value):  # a float NaN is a blank
            return None
    return places


def _pandas_na() -> Any:
    try:
        import pandas
    except ImportError:  # pragma: no cover - the frame module needs pandas anyway
        return None
    return pandas


def fixed_from_series(series: Any) -> Fixed:
    """A pandas column of decimals to fixed point: Arrow ``decimal128`` columns (as Parquet
    gives them) without a Python loop, integer columns directly, ``Decimal`` objects one by one.

    >>> import pandas as pd
    >>> fixed_from_series(pd.Series([Decimal("2.50"), None], dtype=object)).ints.tolist()
    [250, 0]
    """
    dtype = series.dtype
    arrow_type = getattr(dtype, "pyarrow_dtype", None)
    if arrow_type is not None:
        return _from_arrow(series, arrow_type)
    kind = getattr(dtype, "kind", "O")
    if kind in "iu":
        ints = series.to_numpy(dtype=np.int64)
        return Fixed(ints, np.ones(len(ints), dtype=bool), 0)
    if kind == "f":
        raise ScoringError("decimal columns must not be floats (floats are inexact)")
    if str(dtype) in ("Int64", "Int32", "Int16", "Int8", "UInt32", "UInt16", "UInt8"):
        valid = ~series.isna().to_numpy()
        ints = series.fillna(0).to_numpy(dtype=np.int64)
        return Fixed(ints, valid, 0)
    return fixed_from_objects(series.tolist())


def _from_arrow(series: Any, arrow_type: Any) -> Fixed:
    import pyarrow as pa

    array = pa.array(series.array)
    if isinstance(array, pa.ChunkedArray):
        array = array.chunk(0) if array.num_chunks == 1 else array.combine_chunks()
    if pa.types.is_null(arrow_type):  # a column of blanks only
        return blank(len(array))
    if pa.types.is_integer(arrow_type):
        valid = array.is_valid().to_numpy(zero_copy_only=False)
        ints = array.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
        return Fixed(ints, valid, 0)
    if pa.types.is_decimal256(arrow_type) and arrow_type.precision <= 38:
        arrow_type = pa.decimal128(arrow_type.precision, arrow_type.scale)
        array = array.cast(arrow_type)
    if pa.types.is_decimal128(arrow_type) and 0 <= arrow_type.scale <= 18:
        return _from_decimal128(array, int(arrow_type.scale))
    text = pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)
    if text or pa.types.is_decimal(arrow_type):
        # decimals written as text, or more places than int64 carries: value by value
        return fixed_from_objects(array.to_pylist())
    raise ScoringError(f"expected a decimal column, got Arrow type {arrow_type}")


def valid_bits(array: Any) -> Any:
    """An Arrow array's validity bitmap as a boolean array (the array must have one).

    >>> import pyarrow as pa
    >>> valid_bits(pa.array([1, None, 3]).slice(1)).tolist()
    [False, True]
    """
    n, offset = len(array), array.offset
    bits = np.frombuffer(array.buffers()[0], dtype=np.uint8)
    return np.unpackbits(bits, count=offset + n, bitorder="little")[offset:].view(bool)


def _from_decimal128(array: Any, scale: int) -> Fixed:
    """The low words of a ``decimal128`` array (the value when it fits int64), read in place."""
    n = len(array)
    nulls = array.null_count
    if nulls == n:
        return blank(n, scale)
    offset = array.offset
    valid = valid_bits(array) if nulls else constant(n, True)
    words = np.frombuffer(array.buffers()[1], dtype=np.int64)[2 * offset : 2 * (offset + n)]
    low, high = words[0::2], words[1::2]
    # blank slots may hold anything: they are zeroed, and the check below skips them
    ints = np.multiply(low, valid) if nulls else low.copy()
    if array.type.precision <= 18:  # every value below 10**18: all fit
        return Fixed(ints, valid, scale)
    high_low, high_top = int(high.min()), int(high.max())
    if high_low == high_top == 0 and int(low.min()) >= 0:
        return Fixed(ints, valid, scale)  # every value in 0 .. 2**63 - 1: all fit
    fits = high == (low >> 63)
    unfit = valid & ~fits
    if not unfit.any():
        return Fixed(ints, valid, scale)
    ints[unfit] = 0
    return Fixed(ints, valid & fits, scale, unfit)
