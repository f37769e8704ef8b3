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
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from . import numbers as _numbers
from . import units as _units
from .errors import ConstructionError, TargetSyntaxError, UnitError
from .vocab import COMPARATOR_SYMBOLS

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
    """A quantity's magnitude is an admissible ``Decimal`` figure (:mod:`perfmodel.numbers`)."""
    if value is None:
        return
    magnitude = getattr(value, "_magnitude", None)  # pint's slot: .magnitude is a property
    if type(magnitude) is Decimal and _numbers._fits(magnitude):
        return
    what = f"{type(instance).__name__}.{attribute.name}"
    if not isinstance(magnitude, Decimal):
        raise ConstructionError(f"{what}: magnitude must be Decimal, got {magnitude!r}")
    _numbers.figure(magnitude, what)


def _check_target_shape(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """The fields a target of its kind has (what the grammar builds): a quantitative target a
    comparator and a quantity; a change its direction and no comparator; a qualitative target
    neither comparator nor quantity. (On the last field, so that each field's own check runs
    first.)"""
    kind, comparator = instance.kind, instance.comparator
    if kind is _QUANTITATIVE:
        problem = (
            None
            if comparator is not None and instance.quantity is not None
            else "a quantitative target needs a comparator and a quantity"
        )
    elif not isinstance(kind, TargetKind):
        problem = f"kind must be a TargetKind, got {kind!r}"
    elif comparator is not None:
        problem = f"a {kind.value} target has no comparator"
    elif kind is _CHANGE:
        problem = None if value is not None else "a change target needs a direction"
    else:
        problem = None if instance.quantity is None else "a qualitative target has no quantity"
    if problem is not None:
        raise ConstructionError(f"Target {instance.text!r}: {problem}")


def _check_actual_shape(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """The fields an actual of its kind has (what the grammar builds): a quantitative actual or
    a change a quantity and no band; a qualitative actual no quantity. (On the last field.)"""
    kind = instance.kind
    if not isinstance(kind, TargetKind):
        problem: str | None = f"kind must be a TargetKind, got {kind!r}"
    elif kind is _QUALITATIVE:
        problem = None if instance.quantity is None else "a qualitative actual has no quantity"
    elif instance.quantity is None:
        problem = f"a {kind.value} actual needs a quantity"
    else:
        problem = None if value is None else f"a {kind.value} actual has no band"
    if problem is not None:
        raise ConstructionError(f"Actual {instance.text!r}: {problem}")


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
    direction: Direction | None = attrs.field(default=None, validator=_check_target_shape)

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
            if self.label is not None and _norm_label(act.label or "") == _norm_label(self.label):
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
            # 持平 (no change) meets no change target; other words are for the evaluator
            return False if _is_no_change(act.label or "") else None
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
    band: Band | None = attrs.field(default=None, validator=_check_actual_shape)

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
        return _units.convert(mag, self.unit_text, unit_text)

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


#: Texts longer than this are parsed without the cache, so the cache's memory stays bounded.
_CACHED_LENGTH = 256


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


# The grammar (perfmodel._grammar) needs the classes above: imported last, so either module may be
# imported first. The private names are re-exported for the modules that use them from here.
from ._grammar import _direction_of as _direction_of  # noqa: E402
from ._grammar import _is_no_change as _is_no_change  # noqa: E402
from ._grammar import _norm as _norm  # noqa: E402
from ._grammar import _norm_label as _norm_label  # noqa: E402
from ._grammar import _parse_actual as _parse_actual  # noqa: E402
from ._grammar import _parse_target as _parse_target  # noqa: E402
