"""The columns of an indicator frame as numpy arrays (private; used by :mod:`perfmodel.frame`).

Texts become small integer codes — a categorical column's own codes, an Arrow column's
dictionary indices, else ``pandas.factorize`` — and what the scorer needs to know about a text
(its kind code, whether it is a written rule …) is worked out once per distinct text and spread
over the rows by indexing. Decimals become :class:`~perfmodel._fixed.Fixed` columns.

The frame is scored in blocks of rows (:class:`_Block`): every array of a block is a few
megabytes at most, so the memory of one block is reused by the next (large temporaries would
each cost fresh pages from the operating system) and stays in the processor's caches. Arrow
decimal columns are read block by block; other columns once, then sliced.

>>> import pandas as pd
>>> cols = _Columns(pd.DataFrame({"kind": ["change", None, "change"]}))
>>> _Block(cols, 0, 3).codes("kind", {"change": 3}).at(np.arange(3)).tolist()
[3, 0, 3]
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np

from ._fixed import Fixed, _from_decimal128, blank, fixed_from_series, valid_bits
from .errors import ScoringError

if TYPE_CHECKING:
    import pandas as pd


def _modules() -> tuple[Any, Any]:
    try:
        import numpy
        import pandas
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ScoringError(
            "frame scoring needs the [pandas] extra: pip install perfmodel[pandas]"
        ) from exc
    return numpy, pandas


class _Coded:
    """A text column coded through a table: ``raw`` codes of the distinct texts (-1 blank) and
    the code each maps to (``mapping``, the blank's last). Masks compare the raw codes (no
    per-row lookup); :meth:`at` looks the codes of some rows up.

    >>> c = _Coded(np.array([1, -1, 0]), np.array([3, 1, 0], dtype=np.int8))
    >>> c.mask(1).tolist(), c.mask(0, 3).tolist(), c.at(np.array([0, 2])).tolist()
    ([True, False, False], [False, True, True], [1, 3])
    """

    __slots__ = ("mapping", "places", "raw")

    def __init__(self, raw: Any, mapping: Any, places: dict[Any, list[int]] | None = None) -> None:
        self.raw = raw
        self.mapping = mapping
        self.places = {} if places is None else places  # raw codes of each set of codes

    def mask(self, *codes: int) -> Any:
        """The rows whose code is one of ``codes``."""
        places = self.places.get(codes)
        if places is None:
            blank = len(self.mapping) - 1
            found = [i for i, code in enumerate(self.mapping.tolist()) if code in codes]
            places = self.places[codes] = [-1 if i == blank else i for i in found]
        if len(places) > 3:
            return np.isin(self.mapping.take(self.raw), codes)
        if not places:
            return np.zeros(len(self.raw), dtype=bool)
        out = self.raw == places[0]
        for place in places[1:]:
            out |= self.raw == place
        return out

    def at(self, rows: Any) -> Any:
        """The codes of the given rows."""
        return self.mapping.take(self.raw[rows])

    def slice(self, lo: int, hi: int) -> _Coded:
        return _Coded(self.raw[lo:hi], self.mapping, self.places)


class _Columns:
    """The input frame's columns, each read once: codes for texts, fixed point for decimals;
    what is worked out per distinct text is kept for every block."""

    def __init__(self, df: pd.DataFrame) -> None:
        self.np, self.pd = _modules()
        self.df = df
        self.n = len(df)
        self.names = frozenset(df.columns)
        self._fixed: dict[str, Fixed] = {}
        self._arrow: dict[str, Any] = {}
        self._codes: dict[str, tuple[Any, Any]] = {}
        self._mapped: dict[str, _Coded] = {}
        self._tables: dict[tuple[str, Any], tuple[Any, Any]] = {}
        self.label_ids: dict[str, int] = {}
        self.cache: dict[Any, Any] = {}

    def has(self, name: str) -> bool:
        return name in self.names

    def factorize(self, name: str) -> tuple[Any, Any]:
        """Integer codes (-1 for blank) and the distinct values of a text column (a pandas
        ``Index``: its values are only turned into Python objects when asked for)."""
        cached = self._codes.get(name)
        if cached is not None:
            return cached
        pd = self.pd
        if not self.has(name):
            result: tuple[Any, Any] = (np.full(self.n, -1, dtype=np.int8), pd.Index([]))
        else:
            series = self.df[name]
            if isinstance(series.dtype, pd.CategoricalDtype):
                result = (np.asarray(series.array.codes), series.array.categories)
            elif getattr(series.dtype, "pyarrow_dtype", None) is not None:
                result = _arrow_codes(pd, series)
            else:
                codes, uniques = pd.factorize(series, use_na_sentinel=True)
                result = (np.asarray(codes), pd.Index(uniques, dtype=object))
        self._codes[name] = result
        return result

    def codes(self, name: str, table: dict[str, int]) -> _Coded:
        """A text column coded through ``table`` (0 for blank); unknown texts are refused."""
        cached = self._mapped.get(name)
        if cached is not None:
            return cached

        def code(value: Any) -> int:
            found = table.get(value)
            if found is None:
                raise ScoringError(f"column {name}: unknown value {value!r}")
            return found

        raw, uniques = self.factorize(name)
        mapping = np.array([*map(code, uniques.tolist()), 0], dtype=np.int8)
        result = self._mapped[name] = _Coded(raw, mapping)
        return result

    def table(self, name: str, fn: Callable[[Any], Any], dtype: Any, codes: Any) -> Any:
        """``fn`` of the texts with the given raw ``codes`` (``fn(None)`` for blank), worked
        out once per distinct text and column (``fn`` is a pure function of the text)."""
        uniques = self.factorize(name)[1]
        key = (name, fn)
        cached = self._tables.get(key)
        if cached is None:
            values = np.zeros(len(uniques) + 1, dtype=dtype)
            values[-1] = fn(None)
            known = np.zeros(len(uniques) + 1, dtype=bool)
            known[-1] = True
            cached = self._tables[key] = (values, known)
        values, known = cached
        if not known.all():
            if len(uniques) <= 64:
                todo = np.flatnonzero(~known)
            else:  # many distinct texts: those of these rows only
                used = np.zeros(len(uniques) + 1, dtype=bool)
                used[codes] = True
                todo = np.flatnonzero(used & ~known)
            texts = uniques.take(todo).tolist()
            for i, text in zip(todo.tolist(), texts, strict=True):
                values[i] = fn(text)
            known[todo] = True
        return values.take(codes)

    def flags(self, name: str, fn: Callable[[Any], bool]) -> Any:
        """``fn`` of every distinct text of a column (blank last), or ``None`` when it holds
        for none of them (worked out once)."""
        key = ("flags", name, fn)
        if key not in self.cache:
            uniques = self.factorize(name)[1].tolist()
            table = np.array([*map(fn, uniques), fn(None)], dtype=bool)
            self.cache[key] = table if table.any() else None
        return self.cache[key]

    def scale(self, name: str) -> int:
        """The scale every block of a decimal column is read at."""
        arrow = self.arrow_decimal(name)
        return self.fixed(name).scale if arrow is None else int(arrow.type.scale)

    def arrow_decimal(self, name: str) -> Any:
        """The column as an Arrow ``decimal128`` array (chunked as it is: Parquet gives a chunk
        per row group), when it is one int64 can read in place (scale 0 … 18), else ``None``."""
        if name in self._arrow:
            return self._arrow[name]
        array = None
        if self.has(name):
            dtype = getattr(self.df[name].dtype, "pyarrow_dtype", None)
            if dtype is not None:
                import pyarrow as pa

                if pa.types.is_decimal128(dtype) and 0 <= dtype.scale <= 18:
                    array = pa.array(self.df[name].array)
        self._arrow[name] = array
        return array

    def fixed(self, name: str) -> Fixed:
        """A decimal column in fixed point, read whole (once)."""
        cached = self._fixed.get(name)
        if cached is not None:
            return cached
        result = fixed_from_series(self.df[name]) if self.has(name) else blank(self.n)
        self._fixed[name] = result
        return result

    def label_id(self, text: Any) -> int:
        """A number per normalized label (as Target.is_met compares them); -1 for no text."""
        from .targets import _norm

        if not isinstance(text, str):
            return -1
        return self.label_ids.setdefault(_norm(text), len(self.label_ids))

    def actual_label_id(self, text: Any) -> int:
        """:meth:`label_id` of an actual's label, a blank one read as ``""``."""
        return self.label_id(text if isinstance(text, str) else "")


class _Block:
    """Rows ``lo`` … ``hi`` - 1 of the frame, with the :class:`_Columns` methods the scorer
    uses; row numbers are the block's own (0 … ``n`` - 1)."""

    def __init__(self, cols: _Columns, lo: int, hi: int) -> None:
        self.cols = cols
        self.lo = lo
        self.hi = hi
        self.n = hi - lo
        self._fixed: dict[str, Fixed] = {}

    def has(self, name: str) -> bool:
        return self.cols.has(name)

    def factorize(self, name: str) -> tuple[Any, Any]:
        raw, uniques = self.cols.factorize(name)
        return raw[self.lo : self.hi], uniques

    def codes(self, name: str, table: dict[str, int]) -> _Coded:
        return self.cols.codes(name, table).slice(self.lo, self.hi)

    def lookup(self, name: str, fn: Callable[[Any], Any], dtype: Any, rows: Any = None) -> Any:
        """``fn`` of each row's text (of ``rows`` only, if given)."""
        raw = self.factorize(name)[0]
        return self.cols.table(name, fn, dtype, raw if rows is None else raw[rows])

    def flagged(self, name: str, fn: Callable[[Any], bool]) -> Any:
        """The rows whose text ``fn`` holds for, or ``None`` when no text of the column is
        such (see :meth:`_Columns.flags`)."""
        table = self.cols.flags(name, fn)
        return None if table is None else table.take(self.factorize(name)[0])

    def fixed(self, name: str) -> Fixed:
        """A decimal column's block in fixed point at the column's scale."""
        cached = self._fixed.get(name)
        if cached is not None:
            return cached
        arrow = self.cols.arrow_decimal(name)
        if arrow is not None:
            result = _decimal_block(arrow.slice(self.lo, self.n), arrow.type.scale)
        else:
            whole = self.cols.fixed(name)
            result = Fixed(
                whole.ints[self.lo : self.hi],
                whole.valid[self.lo : self.hi],
                whole.scale,
                whole.unfit[self.lo : self.hi],
            )
        self._fixed[name] = result
        return result

    def cells(self, name: str, rows: Any, *, numbers: bool = True) -> list[Any]:
        """The cells of a column at ``rows`` as Python values (``Decimal`` for ``numbers``),
        blanks as ``None``."""
        if not self.has(name):
            return [None] * len(rows)
        na = self.cols.pd.NA
        out: list[Any] = []
        for value in self.cols.df[name].iloc[np.asarray(rows) + self.lo].tolist():
            if value is None or value is na or value != value:  # NaN (float or Decimal)
                out.append(None)
            elif numbers and isinstance(value, int | str) and not isinstance(value, bool):
                out.append(Decimal(value.strip() if isinstance(value, str) else value))
            else:
                out.append(value)
        return out


def _decimal_block(part: Any, scale: int) -> Fixed:
    """A block of an Arrow ``decimal128`` column in fixed point, chunk by chunk when it spans
    several (Parquet gives a chunk per row group): the values are never copied as decimals.

    >>> import pyarrow as pa
    >>> from decimal import Decimal
    >>> column = pa.chunked_array([[Decimal("1.5"), None], [Decimal("2.25")]], pa.decimal128(9, 2))
    >>> f = _decimal_block(column.slice(1, 2), 2)
    >>> f.ints.tolist(), f.valid.tolist()
    ([0, 225], [False, True])
    >>> _decimal_block(pa.chunked_array([], pa.decimal128(9, 2)), 2).ints.tolist()
    []
    """
    import pyarrow as pa

    if not isinstance(part, pa.ChunkedArray):
        return _from_decimal128(part, scale)
    if part.num_chunks == 1:
        return _from_decimal128(part.chunk(0), scale)
    pieces = [_from_decimal128(chunk, scale) for chunk in part.chunks]
    if not pieces:
        return blank(0, scale)
    return Fixed(
        np.concatenate([p.ints for p in pieces]),
        np.concatenate([p.valid for p in pieces]),
        scale,
        np.concatenate([p.unfit for p in pieces]),
    )


def _arrow_codes(pd: Any, series: Any) -> tuple[Any, Any]:
    """Dictionary indices of an Arrow text column (encoded here unless it is already)."""
    import pyarrow as pa

    array = pa.array(series.array)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if not pa.types.is_dictionary(array.type):
        array = array.dictionary_encode()
    index = array.indices
    indices = np.frombuffer(index.buffers()[1], dtype=index.type.to_pandas_dtype())
    indices = indices[index.offset : index.offset + len(index)]
    if indices.dtype.kind == "u":
        indices = indices.astype(np.int64)
    if index.null_count:  # blanks: -1
        indices = np.where(valid_bits(index), indices, -1)
    dictionary = array.dictionary
    if dictionary.null_count:  # pragma: no cover - a dictionary holding a blank
        blank = np.flatnonzero(dictionary.is_null().to_numpy(zero_copy_only=False))
        indices = np.where(np.isin(indices, blank), -1, indices)
    return indices, pd.Index(pd.arrays.ArrowExtensionArray(dictionary))
