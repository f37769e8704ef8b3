"""Turn a source (path, file object, text or bytes) into numbered rows of cells.

Decoding, binary detection and input limits live here; nothing in this module knows about forms.

>>> rows, diags = rows_from_text("a\\tb\\n\\tc\\n", "x.txt")
>>> [(r.line, r.cells) for r in rows]
[(1, ('a', 'b')), (2, ('', 'c'))]
"""

from __future__ import annotations

import codecs
import io
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import attrs

from ..errors import Diagnostic, InputLimitError, Location, ReadError, Severity

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "Row",
    "decode",
    "decode_bytes",
    "load_source",
    "load_text",
    "looks_like_path",
    "rows_from_text",
]

_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an OLE document (old .doc/.xls)"),
)


@attrs.frozen(slots=True)
class Limits:
    """Input limits, documented and configurable (see ``docs/limits.md``).

    ``max_bytes``: size of a file, bytes or stream (characters for text given as ``str``);
    ``max_rows``: lines of text or rows of a sheet; ``max_cell_chars``: characters in one cell;
    ``max_cells``: cells in all (a sheet's rows count the blank cells openpyxl pads them with).
    Exceeding one raises :class:`~perfmodel.errors.InputLimitError` naming the limit.

    >>> Limits().max_bytes
    52428800
    >>> Limits(max_rows=10).max_rows
    10
    """

    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 500_000
    max_cell_chars: int = 100_000
    max_cells: int = 10_000_000


#: The limits used when none are given.
DEFAULT_LIMITS = Limits()


@attrs.frozen(slots=True)
class Row:
    """One line of a source: its 1-based line number and its tab-separated cells (stripped).

    >>> Row(3, ("项目名称", "x")).text
    '项目名称 x'
    """

    line: int
    cells: tuple[str, ...]

    @property
    def text(self) -> str:
        """Non-empty cells joined by a space.

        >>> Row(1, ("", "a", "", "b")).text
        'a b'
        """
        return " ".join(c for c in self.cells if c)

    @property
    def values(self) -> tuple[str, ...]:
        """The non-empty cells, in order.

        >>> Row(1, ("", "a", "", "b")).values
        ('a', 'b')
        """
        return tuple(c for c in self.cells if c)

    @property
    def is_blank(self) -> bool:
        """True when no cell has text.

        >>> Row(1, ("", " ")).is_blank
        True
        """
        return not any(c.strip() for c in self.cells)

    @property
    def has_tabs(self) -> bool:
        """True when the line had more than one cell (a table row, not prose).

        >>> Row(1, ("a",)).has_tabs
        False
        """
        return len(self.cells) > 1


def decode(data: bytes, name: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode bytes as UTF-8, else GB18030 (with an info diagnostic); refuse binary data.

    A UTF-8 file with a few invalid byte sequences (at most one per ten non-ASCII bytes) is read
    with each replaced by U+FFFD and a warning R006 naming the first bad line, rather than being
    refused or misread as GB18030.

    >>> decode("表".encode("gbk"), "f.txt")[1][0].code
    'R004'
    >>> decode(b"%PDF-1.7", "f.pdf")[1][0].message
    'f.pdf is a PDF file, not form text: extract its text first'
    >>> text, diags = decode("项目名称 经费".encode()[:-1] + b"\\n", "f.txt")
    >>> text, diags[0].code
    ('项目名称 经\\ufffd\\n', 'R006')
    >>> str(diags[0])
    'f.txt:1: warning R006: f.txt has 1 invalid UTF-8 byte sequence(s), ...'
    """
    where = Location(file=name)
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            return None, [
                Diagnostic(
                    Severity.ERROR,
                    "R002",
                    f"{name} is {what}, not form text: extract its text first",
                    where,
                )
            ]
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    for bom, codec in _UNICODE_BOMS:
        if data.startswith(bom) and (wide := _decode_unicode(data, codec, name)) is not None:
            return wide
    if b"\x00" in data[:4096]:
        return None, [Diagnostic(Severity.ERROR, "R002", f"{name} holds binary data", where)]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as utf_err:
        first_bad = utf_err.start
    replaced = data.decode("utf-8", "replace")
    bad = replaced.count("\ufffd") - data.count("\ufffd".encode())
    high = len(data.translate(None, _ASCII))
    if bad * 10 <= high:
        line = data.count(b"\n", 0, first_bad) + 1
        message = (
            f"{name} has {bad} invalid UTF-8 byte sequence(s), replaced by U+FFFD; "
            f"the first at byte {first_bad}"
        )
        return replaced, [
            Diagnostic(Severity.WARNING, "R006", message, Location(file=name, line=line))
        ]
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None, [_undecodable(name, first_bad)]
    return text, [
        Diagnostic(Severity.INFO, "R004", f"{name} is not UTF-8; read it as GB18030", where)
    ]


_ASCII = bytes(range(128))

#: Byte order marks of the wide Unicode encodings (UTF-32 first: its little-endian mark starts
#: with UTF-16's). Windows Notepad's "Unicode" is UTF-16 LE with a mark.
_UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode_unicode(data: bytes, codec: str, name: str) -> tuple[str, list[Diagnostic]] | None:
    """Decode text that starts with a UTF-16/UTF-32 byte order mark: an ``R011`` info, and an
    ``R006`` warning when a few sequences are invalid (a lone surrogate, a stray last byte), each
    replaced by U+FFFD. ``None`` when the bytes do not read as such text — no line break or tab
    anywhere (every form has them), or more than one bad sequence per ten characters: the mark
    was chance, and the bytes are judged as any others.

    >>> _decode_unicode("表\\n".encode("utf-16"), "utf-16", "f.txt")[1][0].message
    'f.txt is UTF-16 text (byte order mark); read as such'
    >>> _decode_unicode(b"\\xff\\xfe\\xfd\\x80 not text", "utf-16", "f.txt") is None
    True
    """
    label = codec.upper()
    text = data.decode(codec, "replace")
    bad = text.count("\ufffd") - data.decode(codec, "ignore").count("\ufffd")
    if bad * 10 > len(text) or not any(mark in text for mark in ("\n", "\t", "\r", "\u2028")):
        return None
    where = Location(file=name)
    diagnostics = [
        Diagnostic(
            Severity.INFO, "R011", f"{name} is {label} text (byte order mark); read as such", where
        )
    ]
    if bad:
        message = f"{name} has {bad} invalid {label} sequence(s), replaced by U+FFFD"
        diagnostics.append(Diagnostic(Severity.WARNING, "R006", message, where))
    return text, diagnostics


def _undecodable(name: str, offset: int) -> Diagnostic:
    return Diagnostic(
        Severity.ERROR,
        "R005",
        f"{name} is neither UTF-8 nor GB18030 text (first bad byte at offset {offset})",
        Location(file=name),
    )


def load_source(
    source: str | os.PathLike[str] | IO[Any] | bytes, *, limits: Limits = DEFAULT_LIMITS
) -> tuple[bytes | str, str]:
    """Read a source without decoding it: ``(bytes, or str for text, name)``, within the limits.

    A ``str`` that names an existing file is read as a path; any other ``str`` is the text itself
    (:func:`looks_like_path` tells a mistyped file name). Streams are read up to
    ``limits.max_bytes``; failures to read become :class:`ReadError`.

    >>> load_source(b"abc")
    (b'abc', '<bytes>')
    >>> load_source("项目名称\tx")[1]
    '<text>'
    """
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        _check_bytes(len(data), "<bytes>", limits)
        return data, "<bytes>"
    if isinstance(source, os.PathLike) or (
        isinstance(source, str) and "\n" not in source and len(source) < 4096 and _is_file(source)
    ):
        path = Path(source)
        return _read_path(path, limits), str(path)
    if isinstance(source, str):
        if len(source) > limits.max_bytes:
            raise InputLimitError(
                f"text of {len(source)} characters is above the limit of {limits.max_bytes} "
                "(Limits.max_bytes)"
            )
        return source, "<text>"
    name = str(getattr(source, "name", "<stream>"))
    try:
        data = _read_bounded(source, limits.max_bytes)
    except UnicodeDecodeError as exc:
        raise ReadError(
            f"{name} could not be decoded by the stream ({exc.reason} at byte {exc.start}): "
            "open it in binary mode ('rb') so perfmodel detects the encoding"
        ) from exc
    except OSError as exc:
        raise ReadError(f"cannot read {name}: {exc}") from exc
    if isinstance(data, str):
        if len(data) > limits.max_bytes:
            raise InputLimitError(
                f"{name} is above the limit of {limits.max_bytes} characters (Limits.max_bytes)"
            )
        return data, name
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ReadError(f"{name}: read() returned {type(data).__name__}, not text or bytes")
    _check_bytes(len(data), name, limits)
    return bytes(data), name


def _check_bytes(size: int, name: str, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise InputLimitError(
            f"{name} is above the limit of {limits.max_bytes} bytes (Limits.max_bytes)"
        )


def load_text(
    source: str | os.PathLike[str] | IO[Any] | bytes,
    *,
    encoding: str = "utf-8",
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[str | None, str, list[Diagnostic]]:
    """Read a source into text: returns ``(text or None, name, diagnostics)``.

    A ``str`` that names an existing file is read as a path; any other ``str`` is the text itself.
    Bytes are decoded as :func:`decode` says (``encoding`` first when it is not UTF-8).

    >>> text, name, diags = load_text("项目名称\tx")
    >>> name, diags
    ('<text>', [])
    """
    data, name = load_source(source, limits=limits)
    if isinstance(data, str):
        return data, name, []
    text, diagnostics = decode_bytes(data, name, encoding=encoding, limits=limits)
    return text, name, diagnostics


def _read_path(path: Path, limits: Limits) -> bytes:
    """Read at most ``limits.max_bytes`` (+1 to detect more) from a path; errors → ReadError."""
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise InputLimitError(
                f"{path} is {size} bytes, above the limit of {limits.max_bytes} (Limits.max_bytes)"
            )
        with path.open("rb") as stream:
            data = _read_bounded(stream, limits.max_bytes)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ReadError(f"cannot open {path}: {reason}") from exc
    assert isinstance(data, bytes)
    return data


_CHUNK = 1 << 20


def _read_bounded(stream: IO[Any], limit: int) -> Any:
    """Read at most ``limit + 1`` bytes or characters, a megabyte at a time.

    One ``read(limit + 1)`` would allocate the whole limit up front on a real file; reading in
    chunks keeps memory proportional to the data (and ends on /dev/zero or a growing file).
    """
    chunks = []
    total = 0
    while total <= limit:
        chunk = stream.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if not chunks:
        return "" if isinstance(stream, io.TextIOBase) else b""
    return chunks[0][:0].join(chunks)


#: File name extensions that make a one-line ``str`` source a path even when no such file exists.
_PATH_SUFFIXES = frozenset({".txt", ".tsv", ".csv", ".text", ".xlsx", ".xlsm"})


def looks_like_path(text: str) -> bool:
    """Whether a ``str`` source is more likely a file name than form text: one line, no tab,
    ending in an extension perfmodel reads (``.txt``, ``.tsv``, ``.csv``, ``.xlsx``…).

    >>> looks_like_path("forms/2024.xlsx"), looks_like_path("项目名称\\t见附件.txt")
    (True, False)
    """
    if "\n" in text or "\t" in text or len(text) >= 4096:
        return False
    return os.path.splitext(text.rstrip())[1].lower() in _PATH_SUFFIXES


def _is_file(text: str) -> bool:
    try:
        return Path(text).is_file()
    except (OSError, ValueError):
        return False


def decode_bytes(
    data: bytes, name: str, *, encoding: str = "utf-8", limits: Limits = DEFAULT_LIMITS
) -> tuple[str | None, list[Diagnostic]]:
    """Decode a source's bytes: ``encoding`` first when it is not UTF-8, else :func:`decode`.

    >>> decode_bytes("表".encode("gbk"), "f.txt", encoding="gbk")
    ('表', [])
    """
    _check_bytes(len(data), name, limits)
    if encoding.lower().replace("-", "") not in ("utf8", "utf8sig"):
        try:
            return data.decode(encoding), []
        except UnicodeDecodeError:
            pass
        except LookupError as exc:
            raise ReadError(f"unknown encoding {encoding!r} for {name}") from exc
    return decode(data, name)


#: Line breaks other than LF: CR LF (Windows), CR alone (classic Mac OS, some PDF extractors),
#: NEL (U+0085, EBCDIC conversions), LINE SEPARATOR and PARAGRAPH SEPARATOR (U+2028/U+2029, Word
#: and web exports). Vertical tab (Word's line break inside a cell), form feed (a page break, which
#: extractors print next to a line break) and the separators U+001C–U+001E are *not* row breaks,
#: although ``str.splitlines`` splits on them: a form's cell may hold them, and they are stripped
#: as whitespace at a cell's edges.
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
_LINE_BREAK = re.compile("\r\n?|[\x85\u2028\u2029]")


def rows_from_text(
    text: str, name: str, *, limits: Limits = DEFAULT_LIMITS
) -> tuple[list[Row], list[Diagnostic]]:
    """Split text into rows of tab-separated cells, enforcing the row and cell limits.

    Rows end at LF, CR LF, CR, NEL (U+0085), U+2028 or U+2029 (not at a vertical tab, form feed or
    U+001C–U+001E, which ``str.splitlines`` also takes as line breaks).

    >>> [r.cells for r in rows_from_text("a\\rb\\u2028c\\x85d\\r\\ne\\x0bf\\x0c", "f")[0]]
    [('a',), ('b',), ('c',), ('d',), ('e\\x0bf',)]

    >>> rows_from_text("a\\n" * 3, "f", limits=Limits(max_rows=2))
    Traceback (most recent call last):
    ...
    perfmodel.errors.InputLimitError: f has more than 2 lines (Limits.max_rows)
    """
    rows: list[Row] = []
    cells_seen = 0
    if any(mark in text for mark in _OTHER_BREAKS):
        text = _LINE_BREAK.sub("\n", text)
    for number, line in enumerate(io.StringIO(text), start=1):
        if number > limits.max_rows:
            raise InputLimitError(f"{name} has more than {limits.max_rows} lines (Limits.max_rows)")
        cells = tuple(c.strip() for c in line.rstrip("\n").split("\t"))
        cells_seen += len(cells)
        if cells_seen > limits.max_cells:
            raise InputLimitError(
                f"{name}:{number}: more than {limits.max_cells} cells in all (Limits.max_cells)"
            )
        for cell in cells:
            if len(cell) > limits.max_cell_chars:
                raise InputLimitError(
                    f"{name}:{number}: a cell of {len(cell)} characters is above the limit of "
                    f"{limits.max_cell_chars} (Limits.max_cell_chars)"
                )
        rows.append(Row(number, cells))
    return rows, []


def rows_from_cells(rows: Iterable[tuple[int, Iterable[Any]]]) -> list[Row]:
    """Build rows from (line, cell values) pairs, e.g. spreadsheet rows; ``None`` → ``""``.

    >>> rows_from_cells([(1, ["a", None, 3])])[0].cells
    ('a', '', '3')
    """
    out = []
    for line, cells in rows:
        out.append(Row(line, tuple("" if c is None else str(c).strip() for c in cells)))
    return out
