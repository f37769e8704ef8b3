"""Targets (指标值) and actuals (实际完成值): the value grammar.

:func:`parse_target` reads every notation seen on published forms: comparators as symbols
(``=``, ``≥``, ``>=``, ``≧``, full-width ``＝``…) or words (不低于, 不少于, 达到, 以上, 以内 …),
units in brackets or attached (``=100.00(%)``, ``55家``), spaces anywhere, compound units
(``252元/人/月``), frequencies (``一年一次``), directional changes with or without an amount
(``提升5%``, ``较上一年提升``, ``下降``) and qualitative expectations (``及时``, ``建立健全``).

>>> t = parse_target("≥90.00(%)")
>>> t.kind, t.comparator, t.quantity.magnitude, t.unit_text
(<TargetKind.QUANTITATIVE: 'quantitative'>, <Comparator.GE: 'GE'>, Decimal('90.00'), '%')
>>> str(t)
'≥90.00%'
>>> parse_target("90%以上").comparator
<Comparator.GE: 'GE'>
>>> parse_target("提升5%").direction
<Direction.UP: 'up'>
>>> parse_target("及时").label
'及时'
>>> parse_target("及时").is_met(parse_actual("及时"))
True
"""

from __future__ import annotations

import enum
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import attrs

from . import numbers as _numbers
from . import units as _units
from .errors import ConstructionError, TargetSyntaxError, UnitError
from .vocab import (
    BAND_WORDS,
    CHANGE_DOWN_WORDS,
    CHANGE_UP_WORDS,
    COMPARATOR_PREFIX_WORDS,
    COMPARATOR_SUFFIX_WORDS,
    COMPARATOR_SYMBOLS,
)

if TYPE_CHECKING:
    import pint

__all__ = [
    "Actual",
    "Band",
    "Comparator",
    "Direction",
    "Target",
    "TargetKind",
    "change_amount",
    "compose_target",
    "parse_actual",
    "parse_target",
]


class TargetKind(enum.Enum):
    """What a target says: a measurable quantity, a quality, or a direction of change.

    >>> TargetKind("change")
    <TargetKind.CHANGE: 'change'>
    """

    QUANTITATIVE = "quantitative"
    QUALITATIVE = "qualitative"
    CHANGE = "change"


class Comparator(enum.Enum):
    """计算符号: how an actual is compared with a quantitative target.

    >>> Comparator.GE.symbol, Comparator.GE.is_reverse
    ('≥', False)
    """

    EQ = "EQ"
    GE = "GE"
    LE = "LE"
    GT = "GT"
    LT = "LT"

    @property
    def symbol(self) -> str:
        """The canonical symbol (=, ≥, ≤, >, <).

        >>> Comparator.LE.symbol
        '≤'
        """
        return _SYMBOLS[self._value_]

    @property
    def is_reverse(self) -> bool:
        """True for 反向 (reverse) comparators ≤ and <: smaller is better.

        >>> Comparator.LT.is_reverse
        True
        """
        return self is _LE or self is _LT

    def holds(self, actual: Decimal, target: Decimal) -> bool:
        """Whether ``actual`` satisfies the comparison against ``target``.

        ``=`` is read as the official rules read it: a positive target is met when reached
        (actual ≥ target); a zero target is met when the actual is not above zero.

        >>> eq = Comparator.EQ
        >>> eq.holds(Decimal(101), Decimal(100)), eq.holds(Decimal(1), Decimal(0))
        (True, False)
        """
        if self is _GE:
            return actual >= target
        if self is _GT:
            return actual > target
        if self is _LE:
            return actual <= target
        if self is _LT:
            return actual < target
        if target == 0:
            return actual <= 0
        return actual >= target


# Members as module constants, and tables keyed by member value: in Python 3.11 a class
# attribute lookup on an Enum and an Enum's __hash__ are slow enough to show in the scorer.
_EQ, _GE, _LE, _GT, _LT = Comparator.EQ, Comparator.GE, Comparator.LE, Comparator.GT, Comparator.LT
_SYMBOLS = {"EQ": "=", "GE": "≥", "LE": "≤", "GT": ">", "LT": "<"}


class Direction(enum.Enum):
    """Direction of a change target (提升 = up, 下降 = down).

    >>> Direction.DOWN.value
    'down'
    """

    UP = "up"
    DOWN = "down"


class Band(enum.Enum):
    """The three bands of a qualitative self-evaluation (定性三档).

    >>> Band("partial").label
    '部分达成年度指标并具有一定效果'
    """

    ACHIEVED = "achieved"
    PARTIAL = "partial"
    NOT_ACHIEVED = "not_achieved"

    @property
    def label(self) -> str:
        """The official wording of the band.

        >>> Band.ACHIEVED.label
        '达成年度指标'
        """
        return _BAND_LABELS[self._value_]


_BAND_LABELS = {
    "achieved": "达成年度指标",
    "partial": "部分达成年度指标并具有一定效果",
    "not_achieved": "未达成年度指标且效果较差",
}
_ACHIEVED = Band.ACHIEVED
_QUANTITATIVE, _QUALITATIVE, _CHANGE = (
    TargetKind.QUANTITATIVE,
    TargetKind.QUALITATIVE,
    TargetKind.CHANGE,
)


def _check_quantity(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value.magnitude, Decimal):
        what = f"{type(instance).__name__}.{attribute.name}"
        raise ConstructionError(f"{what}: magnitude must be Decimal, got {value.magnitude!r}")
    _numbers.check_figure(instance, attribute, value)


@attrs.frozen(slots=True, repr=False)
class Target:
    """A target value (指标值): comparator + quantity + unit, a direction, or a qualitative label.

    ``text`` keeps the original wording verbatim; ``str(target)`` gives the canonical form.

    >>> t = parse_target("=14481.00(株)")
    >>> t.comparator.symbol, t.unit_text, str(t)
    ('=', '株', '=14481.00株')
    """

    kind: TargetKind
    text: str = ""
    comparator: Comparator | None = None
    quantity: pint.Quantity[Decimal] | None = attrs.field(default=None, validator=_check_quantity)
    unit_text: str | None = None
    label: str | None = None
    direction: Direction | None = None

    @property
    def magnitude(self) -> Decimal | None:
        """The Decimal magnitude of the quantity, or ``None``.

        >>> parse_target("≥60小时").magnitude
        Decimal('60')
        """
        return None if self.quantity is None else self.quantity.magnitude

    def __str__(self) -> str:
        # fixed-point ("f"): str(Decimal("0.00000000")) is "0E-8", which does not parse back
        number = (
            "" if self.quantity is None else f"{self.quantity.magnitude:f}{self.unit_text or ''}"
        )
        if self.kind is _QUANTITATIVE:
            assert self.comparator is not None
            return f"{self.comparator.symbol}{number}"
        if self.kind is _CHANGE:
            return f"{self.label or ''}{number}"
        return self.label or ""

    def __repr__(self) -> str:
        return f"Target({str(self)!r})"

    def is_met(self, actual: Actual | str) -> bool | None:
        """Whether ``actual`` meets this target; ``None`` when that cannot be decided mechanically.

        Units are converted (``70公里`` meets ``≥70000米``); a bare number is read in the
        target's unit. Incompatible units raise :class:`~perfmodel.errors.UnitError`.

        >>> parse_target("≥90%").is_met("92%"), parse_target("≤10").is_met("15")
        (True, False)
        >>> parse_target("及时").is_met("92%") is None
        True
        """
        act = parse_actual(actual) if isinstance(actual, str) else actual
        if self.kind is _QUANTITATIVE:
            if act.kind is not _QUANTITATIVE or self.quantity is None:
                return _band_met(act)
            assert self.comparator is not None
            value = act.magnitude_in(self.unit_text)
            return self.comparator.holds(max(value, Decimal(0)), Decimal(self.quantity.magnitude))
        if self.kind is _CHANGE:
            return _change_met(self, act)
        if act.kind is _QUALITATIVE:
            if act.band is not None:
                return act.band is _ACHIEVED
            if self.label is not None and _norm(act.label or "") == _norm(self.label):
                return True
        return None


def _band_met(act: Actual) -> bool | None:
    if act.kind is _QUALITATIVE and act.band is not None:
        return act.band is _ACHIEVED
    return None


def _change_met(target: Target, act: Actual) -> bool | None:
    if act.kind is _QUALITATIVE:
        if act.band is not None:
            return act.band is _ACHIEVED
        direction = _direction_of(act.label or "")
        if direction is None:
            return None
        return direction is target.direction
    amount = change_amount(target, act)
    if amount is None:
        return None
    if target.quantity is None:
        return amount > 0
    return amount >= target.quantity.magnitude


@attrs.frozen(slots=True, repr=False)
class Actual:
    """An actual value (实际完成值 / 全年完成值): a quantity or a qualitative statement.

    ``band`` is set when the text is a self-evaluation band word (达成, 部分达成, 未达成…). A change
    written with its amount (``提升6%``, ``下降2.5个百分点``…) is a ``CHANGE`` actual: the amount
    as its quantity, the change word as its ``label`` and :attr:`direction`.

    >>> a = parse_actual("=14481.00(株)")
    >>> a.magnitude, a.unit_text
    (Decimal('14481.00'), '株')
    >>> parse_actual("部分达成").band
    <Band.PARTIAL: 'partial'>
    >>> parse_actual("下降6%").kind, parse_actual("下降6%").magnitude
    (<TargetKind.CHANGE: 'change'>, Decimal('6'))
    """

    kind: TargetKind
    text: str = ""
    quantity: pint.Quantity[Decimal] | None = attrs.field(default=None, validator=_check_quantity)
    unit_text: str | None = None
    label: str | None = None
    comparator: Comparator | None = None
    band: Band | None = None

    @property
    def magnitude(self) -> Decimal | None:
        """The Decimal magnitude, or ``None`` for a qualitative actual.

        >>> parse_actual("12").magnitude
        Decimal('12')
        """
        return None if self.quantity is None else self.quantity.magnitude

    @property
    def direction(self) -> Direction | None:
        """The direction a change actual states (``提升6%`` → UP), else ``None``.

        >>> parse_actual("较上年减少3家").direction, parse_actual("3家").direction
        (<Direction.DOWN: 'down'>, None)
        """
        if self.kind is not _CHANGE:
            return None
        return _direction_of(self.label or "")

    def magnitude_in(self, unit_text: str | None) -> Decimal:
        """The magnitude expressed in ``unit_text`` (a bare number is taken as already in it).

        >>> parse_actual("70公里").magnitude_in("米")
        Decimal('70000')
        """
        if self.quantity is None:
            raise UnitError(f"actual {self.text!r} has no quantity")
        mag: Decimal = self.quantity.magnitude
        if self.unit_text is None or unit_text is None or self.unit_text == unit_text:
            return mag
        return mag * _units.factor(self.unit_text, unit_text)

    def __str__(self) -> str:
        if self.quantity is not None:
            if self.kind is _CHANGE:
                prefix = self.label or ""
            else:
                prefix = self.comparator.symbol if self.comparator else ""
            return f"{prefix}{self.quantity.magnitude:f}{self.unit_text or ''}"
        return self.label or ""

    def __repr__(self) -> str:
        return f"Actual({str(self)!r})"


def change_amount(target: Target, actual: Actual) -> Decimal | None:
    """How far ``actual`` moved in ``target``'s direction, in the target's unit (变化量).

    A change actual counts with its word's sign (``下降6%`` is −6 against ``提升5%``); a bare number
    is the amount in the target's direction (``6%`` against ``下降5%``), and a negative one is a
    move down (``-6%``: −6 against ``提升5%``, 6 against ``下降5%``). ``None`` when the actual has
    no quantity or the target no direction; incompatible units raise
    :class:`~perfmodel.errors.UnitError`.

    >>> up, down = parse_target("提升5%"), parse_target("下降5%")
    >>> change_amount(up, parse_actual("下降6%")), change_amount(down, parse_actual("-6%"))
    (Decimal('-6'), Decimal('6'))
    >>> change_amount(down, parse_actual("6%"))
    Decimal('6')
    >>> change_amount(parse_target("增加1万元"), parse_actual("增加5000元"))
    Decimal('0.5000')
    """
    if actual.quantity is None or target.direction is None:
        return None
    value = actual.magnitude_in(target.unit_text)
    stated = actual.direction
    if stated is not None:
        return value if stated is target.direction else -value
    if target.direction is Direction.DOWN and value < 0:
        return -value
    return value


# --------------------------------------------------------------------------------------------
# The grammar
# --------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
# Comparator words and symbols → members, looked up by slicing (longest first) rather than by
# trying every word: a prefix word wins over a symbol, a longer word over a shorter one.
_PREFIX_WORD_CMP = {w: Comparator(c) for w, c in COMPARATOR_PREFIX_WORDS.items()}
_SYMBOL_CMP = {w: Comparator(c) for w, c in COMPARATOR_SYMBOLS.items()}
_SUFFIX_CMP = {w: Comparator(c) for w, c in COMPARATOR_SUFFIX_WORDS.items()}
_PREFIX_WORD_LENGTHS = sorted({len(w) for w in _PREFIX_WORD_CMP}, reverse=True)
_SYMBOL_LENGTHS = sorted({len(w) for w in _SYMBOL_CMP}, reverse=True)
_SUFFIX_LENGTHS = sorted({len(w) for w in _SUFFIX_CMP}, reverse=True)
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
_CHANGE_WORDS = dict.fromkeys(CHANGE_UP_WORDS, Direction.UP) | dict.fromkeys(
    CHANGE_DOWN_WORDS, Direction.DOWN
)
_ANY_CHANGE_WORD = re.compile("|".join(map(re.escape, _CHANGE_WORDS)))


def _norm(text: str) -> str:
    # NFKC, then every whitespace character removed (str.split() splits on exactly the
    # characters a regex \s matches)
    return "".join(unicodedata.normalize("NFKC", text).split())


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
    if (reason := _numbers.problem(magnitude)) is not None:
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


def _direction_of(label: str) -> Direction | None:
    norm = _norm(label)
    rest = _CHANGE_PREFIX.sub("", norm, count=1)
    for modifier in _CHANGE_MODIFIERS:
        if rest.startswith(modifier):
            rest = rest[len(modifier) :]
            break
    return _CHANGE_WORDS.get(rest)


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


_BANDS = {band.value: band for band in Band}

#: Texts longer than this are parsed without the cache, so the cache's memory stays bounded.
_CACHED_LENGTH = 256


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
        return Target(
            TargetKind.QUANTITATIVE,
            text=text,
            comparator=Comparator.EQ,
            quantity=_units.quantity(Decimal(_chinese_number(freq.group("n"))), unit_text),
            unit_text=unit_text,
        )
    try:
        change = _read_change(norm, text)
    except TargetSyntaxError:
        if strict:
            raise
        change = None
    if change is not None:
        label, direction, amount = change
        return Target(
            TargetKind.CHANGE,
            text=text,
            quantity=None if amount is None else _quantity(amount),
            unit_text=None if amount is None else amount.unit_text,
            label=label,
            direction=direction,
        )
    if _looks_quantitative(norm):
        try:
            parsed = _read_quantity(norm, text)
        except TargetSyntaxError:
            if strict:
                raise
        else:
            # positional: (kind, text, comparator, quantity, unit_text)
            return Target(
                _QUANTITATIVE,
                text,
                parsed.comparator or _EQ,
                _quantity(parsed),
                parsed.unit_text,
            )
    return Target(_QUALITATIVE, text, None, None, None, text.strip())


def _looks_quantitative(norm: str) -> bool:
    return any(map(str.isdigit, norm)) or norm[0] in "=<>≥≤≧≦＝＞＜"


def parse_target(text: str, *, strict: bool = False) -> Target:
    """Parse a 指标值 into a :class:`Target` (results are cached per text).

    In lenient mode (the default) text the grammar cannot read becomes a qualitative target.
    With ``strict=True`` text that looks quantitative (a digit or a comparator) but cannot be read
    raises :class:`~perfmodel.errors.TargetSyntaxError` naming the position.

    >>> parse_target("=100.00 (%)").quantity.magnitude
    Decimal('100.00')
    >>> str(parse_target("252元/人/月"))
    '=252元/人/月'
    >>> str(parse_target("一年一次"))
    '=1次/年'
    >>> parse_target("0发生").kind
    <TargetKind.QUALITATIVE: 'qualitative'>
    >>> parse_target("0发生", strict=True)
    Traceback (most recent call last):
    ...
    perfmodel.errors.TargetSyntaxError: unknown unit '发生' at position 1 in '0发生'
    """
    if not isinstance(text, str):
        raise TargetSyntaxError(f"expected text, got {type(text).__name__}", text=repr(text))
    if len(text) > _CACHED_LENGTH:
        return _parse_target.__wrapped__(text, strict)
    return _parse_target(text, strict)


def compose_target(
    value: str, *, comparator: str | None = None, unit_text: str | None = None
) -> Target:
    """Build a target from separate 方向 (comparator), 指标值 and 计量单位 columns.

    ``text`` keeps the 指标值 cell verbatim; the comparator and unit columns complete it.

    >>> t = compose_target("100", comparator="=", unit_text="%")
    >>> str(t), t.text
    ('=100%', '100')
    >>> str(compose_target("及时"))
    '及时'
    """
    unit_clean = _norm(unit_text) if unit_text else ""
    cmp_clean = _norm(comparator) if comparator else ""
    base = parse_target(value)
    if base.kind is not TargetKind.QUANTITATIVE or base.unit_text is not None:
        if base.kind is TargetKind.QUANTITATIVE and cmp_clean in COMPARATOR_SYMBOLS:
            return attrs.evolve(base, comparator=Comparator(COMPARATOR_SYMBOLS[cmp_clean]))
        return base
    combined = parse_target(f"{cmp_clean}{_norm(value)}{unit_clean}")
    if combined.kind is not TargetKind.QUANTITATIVE:
        return base
    return attrs.evolve(combined, text=value)


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
            return Actual(_CHANGE, text, _quantity(amount), amount.unit_text, label)
    if norm and _looks_quantitative(norm):
        try:
            parsed = _read_quantity(norm, text)
        except TargetSyntaxError:
            pass
        else:
            # positional: (kind, text, quantity, unit_text, label, comparator)
            return Actual(
                _QUANTITATIVE, text, _quantity(parsed), parsed.unit_text, None, parsed.comparator
            )
    band_code = BAND_WORDS.get(norm)
    return Actual(
        _QUALITATIVE,
        text,
        None,
        None,
        text.strip(),
        None,
        None if band_code is None else _BANDS[band_code],
    )


def parse_actual(text: str) -> Actual:
    """Parse a 实际完成值 the way :func:`parse_target` parses a target; never raises on text.

    >>> parse_actual("92%").magnitude, parse_actual("达成预期指标").band
    (Decimal('92'), <Band.ACHIEVED: 'achieved'>)
    """
    if not isinstance(text, str):
        raise TargetSyntaxError(f"expected text, got {type(text).__name__}", text=repr(text))
    if len(text) > _CACHED_LENGTH:
        return _parse_actual.__wrapped__(text)
    return _parse_actual(text)
