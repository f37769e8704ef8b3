"""Scoring policies (评分口径): every number of the scoring rules is a parameter, with its source.

A :class:`Policy` is data: level-1 weights (一级指标权重), the execution-rate rule (预算执行率),
the reverse-indicator variant (反向指标), the qualitative bands (定性三档) and their default
shares, the over-achievement threshold (超目标), rounding (保留位数, 舍入方式), the grade bands
(等级) and what to do with indicators that do not apply (不适用指标). ``sources`` cites, per
field, the rule each number comes from. :meth:`Policy.central` is the default; variants are
presets or ``attrs.evolve(policy, ...)``; :meth:`Policy.to_dict` / :meth:`Policy.from_dict`
serialize it.

>>> p = Policy.central()
>>> p.reverse_rule, p.decimals, p.cap_execution, p.level1_weights["产出指标"]
('national', 2, True, Decimal('50'))
>>> p.quantize(Decimal("8.6203"))
Decimal('8.62')
>>> Policy.whole_points().quantize(Decimal("8.6203"))
Decimal('9')
>>> Policy.from_dict(p.to_dict()) == p
True
"""

from __future__ import annotations

import decimal
import itertools
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from ..errors import PolicyError
from ..numbers import size_problem
from ..targets import Band
from ..vocab import DEFAULT_TAXONOMY, LEVEL1_EXECUTION, Taxonomy

__all__ = ["CENTRAL_SOURCES", "Policy", "QualitativeBand"]

_ROUNDING_MODES = frozenset(
    {
        decimal.ROUND_HALF_UP,
        decimal.ROUND_HALF_EVEN,
        decimal.ROUND_HALF_DOWN,
        decimal.ROUND_UP,
        decimal.ROUND_DOWN,
        decimal.ROUND_CEILING,
        decimal.ROUND_FLOOR,
        decimal.ROUND_05UP,
    }
)
_HUNDRED = Decimal(100)
#: ``10 ** -decimals`` for every allowed ``decimals`` (0–10): the rounding quanta.
_QUANTA = tuple(Decimal(1).scaleb(-places) for places in range(11))
# Rounding context: figures within perfmodel.numbers' bounds give scores far below 10^80.
_WIDE = decimal.Context(prec=100)


def _dec(value: Any, what: str = "value") -> Decimal:
    if isinstance(value, bool | float):
        raise PolicyError(
            f"{what}: use Decimal, int or text, not {value!r} ({type(value).__name__})"
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | str):
        try:
            result = Decimal(value)
        except decimal.InvalidOperation as exc:
            raise PolicyError(f"{what}: not a number: {value!r}") from exc
    else:
        raise PolicyError(f"{what}: expected a number, got {type(value).__name__}")
    if not result.is_finite():
        raise PolicyError(f"{what}: must be finite, got {value!r}")
    too_large = size_problem(result)  # (any places: a share such as 40/3 may have many)
    if too_large is not None:
        raise PolicyError(f"{what}: {too_large}; a policy's figures are below 10^15")
    return result


# The converters of the Decimal fields, each naming its field in its errors.


def _band_low(value: Any) -> Decimal:
    return _dec(value, "QualitativeBand.low")


def _band_high(value: Any) -> Decimal:
    return _dec(value, "QualitativeBand.high")


def _band_share(value: Any) -> Decimal:
    return _dec(value, "QualitativeBand.default_share")


def _over_achievement(value: Any) -> Decimal:
    return _dec(value, "over_achievement")


def _full_marks(value: Any) -> Decimal:
    return _dec(value, "full_marks")


def _reason_below(value: Any) -> Decimal | None:
    return None if value is None else _dec(value, "execution_reason_below")


def _weights(value: Any) -> dict[str, Decimal]:
    if not isinstance(value, Mapping):
        raise PolicyError(f"level1_weights must be a mapping, got {type(value).__name__}")
    out: dict[str, Decimal] = {}
    for key, weight in value.items():
        converted = _dec(weight, f"level1_weights[{key!r}]")
        if converted < 0:
            raise PolicyError(f"level1_weights[{key!r}] must not be negative, got {converted}")
        out[str(key)] = converted
    if out and not any(out.values()):
        raise PolicyError(
            "level1_weights are all 0: nothing would be scored (give the level-1s their weights, "
            "or {} to use only the weights stated on the form)"
        )
    return out


def _sources(value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise PolicyError(f"sources must be a mapping, got {type(value).__name__}")
    return {str(k): str(v) for k, v in value.items()}


def _grade_bands(value: Any) -> tuple[Decimal, Decimal, Decimal]:
    items = tuple(value)
    if len(items) != 3:
        raise PolicyError(f"grade_bands needs three minimums (优, 良, 中), got {items!r}")
    first, second, third = (_dec(v, "grade_bands") for v in items)
    return (first, second, third)


@attrs.frozen(slots=True)
class QualitativeBand:
    """One band of a qualitative self-evaluation (定性三档), in percent of the indicator's points.

    ``low`` is inclusive; ``high`` is exclusive except at 100. ``default_share`` is used when the
    evaluator gives no points.

    >>> b = QualitativeBand(Band.PARTIAL, 60, 80, 70)
    >>> b.contains(Decimal(60)), b.contains(Decimal(80)), b.default_share
    (True, False, Decimal('70'))
    """

    band: Band = attrs.field(converter=Band)
    low: Decimal = attrs.field(converter=_band_low)
    high: Decimal = attrs.field(converter=_band_high)
    default_share: Decimal = attrs.field(converter=_band_share)

    def __attrs_post_init__(self) -> None:
        if not (0 <= self.low <= self.high <= _HUNDRED):
            raise PolicyError(f"band {self.band.value}: need 0 ≤ low ≤ high ≤ 100, got {self}")
        if not self.contains(self.default_share):
            raise PolicyError(
                f"band {self.band.value}: default share {self.default_share}% lies outside "
                f"{self.interval}"
            )

    def contains(self, share: Decimal) -> bool:
        """Whether ``share`` (a percentage of the points) lies inside the band.

        >>> QualitativeBand(Band.ACHIEVED, 80, 100, 100).contains(Decimal(100))
        True
        """
        return self.low <= share < self.high or (share == self.high == _HUNDRED)

    @property
    def interval(self) -> str:
        """The band written as an interval ("[60%, 80%)").

        >>> QualitativeBand(Band.ACHIEVED, 80, 100, 100).interval
        '[80%, 100%]'
        """
        close = "]" if self.high == _HUNDRED else ")"
        return f"[{self.low.normalize():f}%, {self.high.normalize():f}%{close}"

    def to_dict(self) -> dict[str, str]:
        """Plain data for JSON.

        >>> QualitativeBand(Band.ACHIEVED, 80, 100, 100).to_dict()["band"]
        'achieved'
        """
        return {
            "band": self.band.value,
            "low": str(self.low),
            "high": str(self.high),
            "default_share": str(self.default_share),
        }


def _bands(value: Any) -> tuple[QualitativeBand, ...]:
    items: list[QualitativeBand] = []
    for item in value:
        if isinstance(item, QualitativeBand):
            items.append(item)
        elif isinstance(item, Mapping):
            try:
                items.append(QualitativeBand(**item))
            except (TypeError, ValueError) as exc:
                if isinstance(exc, PolicyError):
                    raise
                raise PolicyError(f"bad qualitative band {dict(item)!r}: {exc}") from exc
        else:
            raise PolicyError(f"qualitative_bands holds QualitativeBand values, got {item!r}")
    return tuple(items)


#: Bands of 财预〔2020〕10号: 达成 [80%, 100%], 部分达成 [60%, 80%), 未达成 [0, 60%).
CENTRAL_BANDS = (
    QualitativeBand(Band.ACHIEVED, 80, 100, 100),
    QualitativeBand(Band.PARTIAL, 60, 80, 70),
    QualitativeBand(Band.NOT_ACHIEVED, 0, 60, 30),
)

#: A published provincial variant: 100–80 / 80–50 / 50–0 (defaults at 100%, 65%, 25%).
PROVINCIAL_BANDS = (
    QualitativeBand(Band.ACHIEVED, 80, 100, 100),
    QualitativeBand(Band.PARTIAL, 50, 80, 65),
    QualitativeBand(Band.NOT_ACHIEVED, 0, 50, 25),
)

_DEFAULT_WEIGHTS = {LEVEL1_EXECUTION: 10, "产出指标": 50, "效益指标": 30, "满意度指标": 10}

#: Where each number of the central policy comes from (domain reference §4).
CENTRAL_SOURCES: dict[str, str] = {
    "level1_weights": "财预〔2020〕10号 项目支出绩效自评表：预算执行率 10 分，产出指标 50、"
    "效益指标 30、满意度指标 10（一级指标权重可适当调整）",
    "execution_rule": "财预〔2020〕10号 项目支出绩效自评表：执行率 = 全年执行数 / 全年预算数，"
    "得分 = 执行率 × 分值（线性，无门槛）",
    "cap_execution": "perfmodel 默认：执行率超过 100% 的得分不超过分值",
    "execution_reason_below": "perfmodel 默认：不要求执行率低于某值时说明原因",
    "reverse_rule": "全国预算管理一体化系统口径：目标 < 实际 < 2×目标 时得分 = "
    "(1 − (实际 − 目标) / 目标) × 分值，实际 ≥ 2×目标 不得分",
    "qualitative_bands": "财预〔2020〕10号 项目支出绩效自评表：定性指标按达成年度指标 [80%, 100%]、"
    "部分达成年度指标并具有一定效果 [60%, 80%)、未达成年度指标且效果较差 [0, 60%) 三档给分；"
    "未给分时的默认比例 100% / 70% / 30% 为 perfmodel 默认（各档中点，达成取满分）",
    "over_achievement": "地方口径：实际完成值达到目标 130% 及以上视为目标设定偏低，需说明偏差原因",
    "decimals": "预算管理一体化系统：得分保留两位小数",
    "rounding": "四舍五入（ROUND_HALF_UP），每个数字只在最后舍入一次",
    "grade_bands": "财预〔2020〕10号：90 分（含）以上为优，80（含）–90 分为良，60（含）–80 分为中，"
    "60 分以下为差",
    "full_marks": "财预〔2020〕10号：自评总分 100 分",
    "not_applicable": "不适用的指标不计分，其余得分按比例折算为 100 分",
    "missing_actual": "perfmodel 默认：未填写完成值（且未给分）的指标按 0 分计并列出",
}

_CHOICES: dict[str, frozenset[str]] = {
    "execution_rule": frozenset({"linear"}),
    "reverse_rule": frozenset({"national", "ratio"}),
    "not_applicable": frozenset({"rescale", "keep"}),
    "missing_actual": frozenset({"zero", "not_applicable"}),
}


def _check_decimals(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise PolicyError(f"decimals must be an int from 0 to 10, got {value!r}")


@attrs.frozen(slots=True)
class Policy:
    """评分口径: the parameters of scoring, each with a ``source`` citing the rule it comes from.

    Percentages (bands, shares, thresholds) are written in percent (``130`` = 130%).
    ``reverse_rule`` is ``"national"`` or ``"ratio"``; ``not_applicable`` is ``"rescale"`` (drop
    and rescale the total to ``full_marks``) or ``"keep"`` (drop, no rescaling);
    ``missing_actual`` is ``"zero"`` (an indicator with no actual and no points scores 0) or
    ``"not_applicable"``; ``execution_reason_below`` (a percent or ``None``) asks for a reason
    when the execution rate is lower.

    >>> import attrs
    >>> p = attrs.evolve(Policy(), reverse_rule="ratio")
    >>> p.reverse_rule, Policy() == Policy.central()
    ('ratio', True)
    >>> Policy(decimals=2.0)
    Traceback (most recent call last):
    ...
    perfmodel.errors.PolicyError: decimals must be an int from 0 to 10, got 2.0
    """

    name: str = "central"
    level1_weights: dict[str, Decimal] = attrs.field(
        factory=lambda: dict(_DEFAULT_WEIGHTS), converter=_weights
    )
    execution_rule: str = "linear"
    cap_execution: bool = True
    execution_reason_below: Decimal | None = attrs.field(default=None, converter=_reason_below)
    reverse_rule: str = "national"
    qualitative_bands: tuple[QualitativeBand, ...] = attrs.field(
        default=CENTRAL_BANDS, converter=_bands
    )
    over_achievement: Decimal = attrs.field(default=Decimal(130), converter=_over_achievement)
    decimals: int = attrs.field(default=2, validator=_check_decimals)
    rounding: str = decimal.ROUND_HALF_UP
    grade_bands: tuple[Decimal, Decimal, Decimal] = attrs.field(
        default=(Decimal(90), Decimal(80), Decimal(60)), converter=_grade_bands
    )
    full_marks: Decimal = attrs.field(default=_HUNDRED, converter=_full_marks)
    not_applicable: str = "rescale"
    missing_actual: str = "zero"
    sources: dict[str, str] = attrs.field(factory=lambda: dict(CENTRAL_SOURCES), converter=_sources)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise PolicyError(f"name must be a str, got {self.name!r}")
        for field, allowed in _CHOICES.items():
            value = getattr(self, field)
            if value not in allowed:
                raise PolicyError(f"{field} must be one of {sorted(allowed)}, got {value!r}")
        if not isinstance(self.cap_execution, bool):
            raise PolicyError(f"cap_execution must be a bool, got {self.cap_execution!r}")
        if self.rounding not in _ROUNDING_MODES:
            raise PolicyError(f"rounding must be a decimal rounding mode, got {self.rounding!r}")
        if self.full_marks <= 0:
            raise PolicyError(f"full_marks must be positive, got {self.full_marks}")
        if self.full_marks != self.full_marks.quantize(_QUANTA[self.decimals], context=_WIDE):
            # (a total rounded to the policy's decimals could pass full marks of more places)
            raise PolicyError(
                f"full_marks must have at most {self.decimals} decimal places (the policy's "
                f"decimals), got {self.full_marks}"
            )
        if self.over_achievement <= _HUNDRED:
            raise PolicyError(
                "over_achievement is a percent of the target above 100, "
                f"got {self.over_achievement}"
            )
        reason = self.execution_reason_below
        if reason is not None and not 0 <= reason <= _HUNDRED:
            raise PolicyError(f"execution_reason_below must be a percent, got {reason}")
        first, second, third = self.grade_bands
        if not (self.full_marks >= first > second > third >= 0):
            raise PolicyError(
                f"grade_bands must decrease within [0, {self.full_marks}], got {self.grade_bands}"
            )
        self._check_bands()

    def _check_bands(self) -> None:
        bands = self.qualitative_bands
        if sorted(b.band.value for b in bands) != sorted(b.value for b in Band):
            raise PolicyError("qualitative_bands must hold each of the three bands exactly once")
        ordered = sorted(bands, key=lambda b: b.low)
        if ordered[0].low != 0 or ordered[-1].high != _HUNDRED:
            raise PolicyError("qualitative_bands must cover 0% to 100%")
        for lower, upper in itertools.pairwise(ordered):
            if lower.high != upper.low:
                raise PolicyError(
                    f"qualitative bands {lower.band.value} and {upper.band.value} overlap or "
                    f"leave a gap ({lower.interval} then {upper.interval})"
                )
        rank = {Band.NOT_ACHIEVED: 0, Band.PARTIAL: 1, Band.ACHIEVED: 2}
        if [b.band for b in ordered] != sorted((b.band for b in ordered), key=rank.__getitem__):
            raise PolicyError("qualitative bands must rise from 未达成 to 部分达成 to 达成")

    # -- presets ---------------------------------------------------------------------------------

    @classmethod
    def central(cls) -> Policy:
        """The default policy of the central rules (财预〔2020〕10号), national reverse variant.

        Each call returns a new policy (its dicts are its own); it is copied from one built and
        checked once, which is several times faster than building it again.

        >>> Policy.central().grade_bands
        (Decimal('90'), Decimal('80'), Decimal('60'))
        >>> Policy.central() == Policy() and Policy.central() is not Policy.central()
        True
        """
        if cls is not Policy:
            return cls()
        global _central
        template = _central
        if template is None:
            template = _central = cls()
        fresh = object.__new__(cls)
        for name in _FIELD_NAMES:
            value = getattr(template, name)
            object.__setattr__(fresh, name, dict(value) if type(value) is dict else value)
        return fresh

    @classmethod
    def provincial(cls) -> Policy:
        """A documented provincial variant (地方口径): reverse indicators by ratio
        (target / actual × points), qualitative bands 100–80 / 80–50 / 50–0, and a reason
        required when the execution rate is below 90%.

        >>> p = Policy.provincial()
        >>> p.reverse_rule, p.band(Band.PARTIAL).interval, p.execution_reason_below
        ('ratio', '[50%, 80%)', Decimal('90'))
        """
        sources = dict(CENTRAL_SOURCES)
        sources.update(
            reverse_rule="地方口径：反向指标实际超过目标时得分 = 目标 / 实际 × 分值",
            qualitative_bands="地方口径：定性指标三档 100%–80%、80%–50%、50%–0；未给分时的默认比例 "
            "100% / 65% / 25% 为 perfmodel 默认（各档中点，达成取满分）",
            execution_reason_below="地方口径：预算执行率低于 90% 需说明原因",
        )
        return cls(
            name="provincial",
            reverse_rule="ratio",
            qualitative_bands=PROVINCIAL_BANDS,
            execution_reason_below=Decimal(90),
            sources=sources,
        )

    @classmethod
    def whole_points(cls) -> Policy:
        """The central policy with points rounded to whole numbers (得分取整), as some forms do
        (a published example: execution rate 86% → 9 of 10).

        >>> Policy.whole_points().decimals
        0
        """
        sources = dict(CENTRAL_SOURCES)
        sources["decimals"] = "地方口径：得分取整数（公开表例：执行率 86% 得 9 分）"
        return cls(name="whole_points", decimals=0, sources=sources)

    # -- queries ---------------------------------------------------------------------------------

    def quantize(self, value: Decimal) -> Decimal:
        """Round a figure once, at the end, to ``decimals`` places with the policy's ``rounding``.

        >>> Policy().quantize(Decimal("4.517")), Policy().quantize(Decimal("0.125"))
        (Decimal('4.52'), Decimal('0.13'))
        """
        return value.quantize(_QUANTA[self.decimals], self.rounding, _WIDE)

    def quantize_within(self, value: Decimal, maximum: Decimal) -> Decimal:
        """Round like :meth:`quantize`, but never above ``maximum`` (points never exceed 分值:
        with whole points, 0.5 of 0.5 available is 0, not 1).

        >>> Policy.whole_points().quantize_within(Decimal("0.5"), Decimal("0.5"))
        Decimal('0')
        >>> Policy().quantize_within(Decimal("8.625"), Decimal(10))
        Decimal('8.63')
        """
        quantum = _QUANTA[self.decimals]
        rounded = value.quantize(quantum, self.rounding, _WIDE)
        if rounded > maximum:
            rounded = maximum.quantize(quantum, decimal.ROUND_FLOOR, _WIDE)
        return rounded

    def band(self, band: Band) -> QualitativeBand:
        """The :class:`QualitativeBand` for a band (定性档次).

        >>> Policy().band(Band.NOT_ACHIEVED).default_share
        Decimal('30')
        """
        for item in self.qualitative_bands:
            if item.band is band:
                return item
        raise PolicyError(f"no band {band.value}")  # pragma: no cover - checked at construction

    def band_of_share(self, share: Decimal) -> Band:
        """The band a share of the points (in percent) falls in.

        >>> Policy().band_of_share(Decimal(75))
        <Band.PARTIAL: 'partial'>
        """
        for item in self.qualitative_bands:
            if item.contains(share):
                return item.band
        return Band.ACHIEVED if share > _HUNDRED else Band.NOT_ACHIEVED

    def weight(self, level1: str) -> Decimal | None:
        """The policy's weight (权重) of a level-1, or ``None`` when it has none.

        >>> Policy().weight("预算执行率"), Policy().weight("投入管理指标") is None
        (Decimal('10'), True)
        """
        return self.level1_weights.get(level1)

    def check_taxonomy(self, taxonomy: Taxonomy = DEFAULT_TAXONOMY) -> None:
        """Raise :class:`~perfmodel.errors.PolicyError` when a level-1 weight names a label that
        is neither 预算执行率 nor a level-1 of ``taxonomy``: such a weight matches nothing, and
        the weights it was meant to give would silently go missing. ``evaluate`` and
        ``score_frame`` call it with the taxonomy they score with; to weigh level-1s of your own,
        score with a :class:`~perfmodel.vocab.Taxonomy` that has them.

        >>> Policy().check_taxonomy()
        >>> Policy(level1_weights={"产出指标": 90, "不存在": 10}).check_taxonomy()
        Traceback (most recent call last):
        ...
        perfmodel.errors.PolicyError: level1_weights: '不存在' is neither 预算执行率 nor ...
        """
        for label in self.level1_weights:
            if label != LEVEL1_EXECUTION and label not in taxonomy.tree:  # (its level-1 names)
                known = ", ".join((LEVEL1_EXECUTION, *taxonomy.level1_names))
                raise PolicyError(
                    f"level1_weights: {label!r} is neither {LEVEL1_EXECUTION} nor a level-1 of the "
                    f"taxonomy, so it would weigh nothing; expected one of {known} (score with "
                    "taxonomy= a Taxonomy that has it)"
                )

    def source_of(self, field: str) -> str:
        """The citation for a field ("" when the policy gives none).

        >>> "10号" in Policy().source_of("grade_bands")
        True
        """
        return self.sources.get(field, "")

    # -- serialization ---------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (numbers as exact text).

        >>> Policy().to_dict()["over_achievement"]
        '130'
        """
        return {
            "name": self.name,
            "level1_weights": {k: str(v) for k, v in self.level1_weights.items()},
            "execution_rule": self.execution_rule,
            "cap_execution": self.cap_execution,
            "execution_reason_below": (
                None if self.execution_reason_below is None else str(self.execution_reason_below)
            ),
            "reverse_rule": self.reverse_rule,
            "qualitative_bands": [b.to_dict() for b in self.qualitative_bands],
            "over_achievement": str(self.over_achievement),
            "decimals": self.decimals,
            "rounding": self.rounding,
            "grade_bands": [str(v) for v in self.grade_bands],
            "full_marks": str(self.full_marks),
            "not_applicable": self.not_applicable,
            "missing_actual": self.missing_actual,
            "sources": dict(self.sources),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Policy:
        """Build a policy from :meth:`to_dict` data; unknown keys are refused.

        Data written by :func:`perfmodel.to_dict` (with its ``"schema"`` and ``"type"`` keys) is
        read through the serializer, so a saved policy file loads either way.

        >>> Policy.from_dict({"reverse_rule": "ratio"}).reverse_rule
        'ratio'
        >>> from perfmodel import to_dict
        >>> Policy.from_dict(to_dict(Policy.whole_points())) == Policy.whole_points()
        True
        >>> Policy.from_dict({"revers_rule": "ratio"})
        Traceback (most recent call last):
        ...
        perfmodel.errors.PolicyError: unknown policy keys: ['revers_rule']
        """
        if "schema" in data:
            from ..serialize.api import from_dict

            policy: Policy = from_dict(data, cls)
            return policy
        known = {f.name for f in attrs.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise PolicyError(f"unknown policy keys: {unknown}")
        try:
            return cls(**dict(data))
        except PolicyError:
            raise
        except (TypeError, ValueError) as exc:
            raise PolicyError(f"bad policy data: {exc}") from exc


_FIELD_NAMES = tuple(f.name for f in attrs.fields(Policy))
_central: Policy | None = None
