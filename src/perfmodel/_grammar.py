"""The target grammar behind :func:`perfmodel.targets.parse_target` and
:func:`~perfmodel.targets.parse_actual`: words and symbols to comparators, numbers, units,
frequencies and change words, read into :class:`~perfmodel.targets.Target` and
:class:`~perfmodel.targets.Actual` values.

Private: import the parsers (and ``_norm``, ``_direction_of``) from :mod:`perfmodel.targets`.

>>> _norm(" ≥ 90 ％ "), _direction_of("较上年稳步提升"), _is_no_change("较上年持平")
('≥90%', <Direction.UP: 'up'>, True)
>>> _parse_target("90%以上", False) is _parse_target("90%以上", False)
True
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from . import numbers as _numbers
from . import units as _units
from ._build import builder
from .errors import TargetSyntaxError
from .numbers import _fits
from .vocab import (
    BAND_WORDS,
    CHANGE_DOWN_WORDS,
    CHANGE_UP_WORDS,
    COMPARATOR_PREFIX_WORDS,
    COMPARATOR_SUFFIX_WORDS,
    COMPARATOR_SYMBOLS,
    NO_CHANGE_WORDS,
)

if TYPE_CHECKING:
    import pint


_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_FREQUENCY = re.compile(
    r"^(?:每|一|1)(?P<period>年|月|季度|季|周|天|日)"
    r"(?P<n>\d{1,6}|[一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九])次$"
)
_CHANGE_PREFIX = re.compile(r"^(?:较|比|同比|环比)?(?:上一?年度?|去年|上年|往年|上期)?")
_CHANGE_MODIFIERS = ("显著", "明显", "稳步", "逐步", "持续", "进一步", "大幅", "有所")
# 与上年持平, 持平于上年(水平): the comparison with last year around a no-change word
_LAST_YEAR = r"(?:上一?年度?|去年|上年|往年|上期)"
_NO_CHANGE_AROUND = re.compile(
    rf"^(?:(?:与|和|同){_LAST_YEAR}(?:相比)?)|(?:于{_LAST_YEAR}(?:水平)?)$"
)
_NO_CHANGE = frozenset(NO_CHANGE_WORDS)


def _norm(text: str) -> str:
    # NFKC, then every whitespace character removed (str.split() splits on exactly the
    # characters a regex \s matches)
    return "".join(unicodedata.normalize("NFKC", text).split())


@lru_cache(maxsize=1024)
def _norm_label(label: str) -> str:
    """:func:`_norm` of a label (达成, 及时 …), once per label: the scorer compares them."""
    return _norm(label)


def _lookup(
    text: str, table: dict[str, Comparator], lengths: list[int], suffix: bool = False
) -> str | None:
    """The longest word of ``table`` that ``text`` starts (or ends) with."""
    for n in lengths:
        key = text[-n:] if suffix else text[:n]
        if key in table:
            return key
    return None


def _chinese_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _CN_DIGITS[text]
    tens, ones = text.split("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


class _Parsed:
    __slots__ = ("comparator", "magnitude", "unit_text")

    def __init__(self, comparator: Comparator | None, magnitude: Decimal, unit_text: str | None):
        self.comparator = comparator
        self.magnitude = magnitude
        self.unit_text = unit_text


def _read_quantity(norm: str, text: str) -> _Parsed:
    """Read ``[comparator] number [unit] [suffix word]``; raise TargetSyntaxError otherwise."""
    pos = 0
    comparator: Comparator | None = None
    word = _lookup(norm, _PREFIX_WORD_CMP, _PREFIX_WORD_LENGTHS)
    if word is not None:
        comparator = _PREFIX_WORD_CMP[word]
        pos = len(word)
    else:
        word = _lookup(norm, _SYMBOL_CMP, _SYMBOL_LENGTHS)
        if word is not None:
            comparator = _SYMBOL_CMP[word]
            pos = len(word)
    match = _NUMBER.match(norm, pos)
    if match is None:
        raise TargetSyntaxError("expected a number", text=text, position=pos)
    number = match.group()
    try:
        magnitude = Decimal(number.replace(",", "") if "," in number else number)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only numbers
        raise TargetSyntaxError("bad number", text=text, position=pos) from exc
    if (
        len(number) > _numbers.PLAIN_LENGTH
        and not _fits(magnitude)
        and (reason := _numbers.problem(magnitude)) is not None
    ):
        raise TargetSyntaxError(f"{_numbers.OUT_OF_RANGE}: {reason}", text=text, position=pos)
    rest = norm[match.end() :]
    end = len(norm)
    suffix = _lookup(rest, _SUFFIX_CMP, _SUFFIX_LENGTHS, suffix=True) if rest else None
    if suffix is not None:
        suffix_cmp = _SUFFIX_CMP[suffix]
        if comparator is not None and comparator is not suffix_cmp:
            raise TargetSyntaxError(
                f"comparator {suffix!r} contradicts {comparator.symbol!r}",
                text=text,
                position=end - len(suffix),
            )
        comparator = suffix_cmp
        rest = rest[: -len(suffix)]
    unit_text: str | None = None
    if rest:
        inner = rest
        if inner[0] == "(" and inner[-1] == ")":
            inner = inner[1:-1]
        if not inner or not _units.is_known_unit(inner):
            raise TargetSyntaxError(f"unknown unit {inner!r}", text=text, position=match.end())
        unit_text = inner
    return _Parsed(comparator, magnitude, unit_text)


@lru_cache(maxsize=1024)  # labels are a few words, met again and again by the scorer
def _direction_of(label: str) -> Direction | None:
    norm = _norm(label)
    rest = _CHANGE_PREFIX.sub("", norm, count=1)
    for modifier in _CHANGE_MODIFIERS:
        if rest.startswith(modifier):
            rest = rest[len(modifier) :]
            break
    return _CHANGE_WORDS.get(rest)


@lru_cache(maxsize=1024)
def _is_no_change(label: str) -> bool:
    """Whether a label states no change (持平, 较上年持平, 与上年持平, 持平于上年 …).

    >>> _is_no_change("与上年持平"), _is_no_change("持平于上年水平"), _is_no_change("提升")
    (True, True, False)
    """
    norm = _norm(label)
    rest = _CHANGE_PREFIX.sub("", norm, count=1)
    rest = _NO_CHANGE_AROUND.sub("", rest)
    return rest in _NO_CHANGE


def _read_change(norm: str, text: str) -> tuple[str, Direction, _Parsed | None] | None:
    if _ANY_CHANGE_WORD.search(norm) is None:  # no change word anywhere: not a change
        return None
    prefix = _CHANGE_PREFIX.match(norm)
    start = prefix.end() if prefix else 0
    rest = norm[start:]
    for modifier in _CHANGE_MODIFIERS:
        if rest.startswith(modifier):
            start += len(modifier)
            rest = rest[len(modifier) :]
            break
    for word, direction in _CHANGE_WORDS.items():
        if rest.startswith(word):
            after = rest[len(word) :]
            label = norm[: start + len(word)]
            if not after:
                return label, direction, None
            if not after[0].isdigit():
                return None
            try:
                amount = _read_quantity(after, text)
            except TargetSyntaxError as exc:  # the position in the whole text, not in `after`
                at = exc.position + start + len(word)
                raise TargetSyntaxError(exc.reason, text=text, position=at) from None
            return label, direction, amount
    return None


def _quantity(parsed: _Parsed) -> pint.Quantity[Decimal]:
    return _units.quantity(parsed.magnitude, parsed.unit_text)


@lru_cache(maxsize=65536)
def _parse_target(text: str, strict: bool) -> Target:
    norm = _norm(text)
    if not norm:
        if strict:
            raise TargetSyntaxError("empty target", text=text, position=0)
        return Target(TargetKind.QUALITATIVE, text=text, label="")
    freq = _FREQUENCY.match(norm)
    if freq:
        unit_text = f"次/{freq.group('period')}"
        count = Decimal(_chinese_number(freq.group("n")))  # at most 6 digits: within bounds
        return _new_target(_QUANTITATIVE, text, _EQ, _units.quantity(count, unit_text), unit_text)
    try:
        change = _read_change(norm, text)
    except TargetSyntaxError:
        if strict:
            raise
        change = None
    if change is not None:
        label, direction, amount = change
        if amount is None:
            return _new_target(_CHANGE, text, None, None, None, label, direction)
        quantity = _quantity(amount)
        return _new_target(_CHANGE, text, None, quantity, amount.unit_text, label, direction)
    if _looks_quantitative(norm):
        try:
            parsed = _read_quantity(norm, text)
        except TargetSyntaxError:
            if strict:
                raise
        else:
            comparator = parsed.comparator or _EQ
            return _new_target(_QUANTITATIVE, text, comparator, _quantity(parsed), parsed.unit_text)
    return _new_target(_QUALITATIVE, text, None, None, None, text.strip())


def _looks_quantitative(norm: str) -> bool:
    return any(map(str.isdigit, norm)) or norm[0] in "=<>≥≤≧≦＝＞＜"


@lru_cache(maxsize=65536)
def _parse_actual(text: str) -> Actual:
    norm = _norm(text)
    try:
        change = _read_change(norm, text) if norm else None
    except TargetSyntaxError:
        change = None
    if change is not None:
        label, _, amount = change
        if amount is not None:
            return _new_actual(_CHANGE, text, _quantity(amount), amount.unit_text, label)
    if norm and _looks_quantitative(norm):
        try:
            parsed = _read_quantity(norm, text)
        except TargetSyntaxError:
            pass
        else:
            quantity = _quantity(parsed)
            return _new_actual(
                _QUANTITATIVE, text, quantity, parsed.unit_text, None, parsed.comparator
            )
    band_code = BAND_WORDS.get(norm)
    band = None if band_code is None else _BANDS[band_code]
    return _new_actual(_QUALITATIVE, text, None, None, text.strip(), None, band)


# The classes the grammar builds, and the tables keyed by their members. Imported after the
# functions above on purpose: perfmodel.targets imports those functions from this module at its
# end, so either module may be imported first.
from .targets import (  # noqa: E402
    _CHANGE,
    _EQ,
    _QUALITATIVE,
    _QUANTITATIVE,
    Actual,
    Band,
    Comparator,
    Direction,
    Target,
    TargetKind,
)

# Comparator words and symbols → members, looked up by slicing (longest first) rather than by
# trying every word: a prefix word wins over a symbol, a longer word over a shorter one.
_PREFIX_WORD_CMP = {w: Comparator(c) for w, c in COMPARATOR_PREFIX_WORDS.items()}
_SYMBOL_CMP = {w: Comparator(c) for w, c in COMPARATOR_SYMBOLS.items()}
_SUFFIX_CMP = {w: Comparator(c) for w, c in COMPARATOR_SUFFIX_WORDS.items()}
_PREFIX_WORD_LENGTHS = sorted({len(w) for w in _PREFIX_WORD_CMP}, reverse=True)
_SYMBOL_LENGTHS = sorted({len(w) for w in _SYMBOL_CMP}, reverse=True)
_SUFFIX_LENGTHS = sorted({len(w) for w in _SUFFIX_CMP}, reverse=True)
_CHANGE_WORDS = dict.fromkeys(CHANGE_UP_WORDS, Direction.UP) | dict.fromkeys(
    CHANGE_DOWN_WORDS, Direction.DOWN
)
_ANY_CHANGE_WORD = re.compile("|".join(map(re.escape, _CHANGE_WORDS)))

_BANDS = {band.value: band for band in Band}


# Target(...) and Actual(...) without their __init__ (see perfmodel._build): the grammar has
# checked what their validator checks (a Decimal magnitude within perfmodel.numbers' bounds).


def _build_target(
    self: Any,
    kind: TargetKind,
    text: str,
    comparator: Comparator | None,
    quantity: pint.Quantity[Decimal] | None,
    unit_text: str | None,
    label: str | None = None,
    direction: Direction | None = None,
) -> None:
    self.kind = kind
    self.text = text
    self.comparator = comparator
    self.quantity = quantity
    self.unit_text = unit_text
    self.label = label
    self.direction = direction
    self.__class__ = Target


def _build_actual(
    self: Any,
    kind: TargetKind,
    text: str,
    quantity: pint.Quantity[Decimal] | None,
    unit_text: str | None,
    label: str | None,
    comparator: Comparator | None = None,
    band: Band | None = None,
) -> None:
    self.kind = kind
    self.text = text
    self.quantity = quantity
    self.unit_text = unit_text
    self.label = label
    self.comparator = comparator
    self.band = band
    self.__class__ = Actual


_new_target = builder(_build_target, Target)
_new_actual = builder(_build_actual, Actual)
