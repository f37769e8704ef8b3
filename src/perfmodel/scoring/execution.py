"""Budget execution (预算执行率): the rate, its score, and stated rates checked against amounts.

执行率 = 全年执行数 / 全年预算数 (the adjusted budget, 调整后预算数); score = rate × 分值, linear,
capped at 分值 unless the policy says otherwise; rounded once, at the end.

>>> s = score_execution(Decimal("8619"), Decimal("10000"))
>>> s.rate, s.points, s.explanation
(Decimal('0.8619'), Decimal('8.62'), '执行数 8619 / 预算数 10000 = 86.19%；86.19% × 10 = 8.62')
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

import attrs

from .._build import builder
from .._lazy import Lazy
from ..errors import ScoringError
from ..model import Budget
from ..numbers import RULE, problem
from ._common import EXACT, fmt, pct, to_decimal
from .policy import Policy

__all__ = ["ExecutionScore", "RateCheck", "check_rates", "execution_rate", "score_execution"]

_ZERO = Decimal(0)
_ONE = Decimal(1)


def _amount(value: Any, what: str) -> Decimal:
    amount = to_decimal(value, what)
    if amount < 0:
        raise ScoringError(f"{what} must not be negative, got {amount}")
    if (reason := problem(amount)) is not None:  # the bounds of perfmodel.numbers
        raise ScoringError(f"{what}: {reason}; {RULE}")
    return amount


def execution_rate(executed: Decimal | int | str, budgeted: Decimal | int | str) -> Decimal:
    """预算执行率 as a fraction: executed / budgeted (exact to 60 significant digits).

    A zero budget raises :class:`~perfmodel.errors.ScoringError`; floats are refused.

    >>> execution_rate(Decimal("140463700"), Decimal("144458200")).quantize(Decimal("0.0001"))
    Decimal('0.9723')
    >>> execution_rate(5, 0)
    Traceback (most recent call last):
    ...
    perfmodel.errors.ScoringError: execution rate: the budget (全年预算数) is 0, ...
    """
    done = _amount(executed, "executed (全年执行数)")
    planned = _amount(budgeted, "budgeted (全年预算数)")
    if planned == 0:
        raise ScoringError(
            "execution rate: the budget (全年预算数) is 0, so no rate can be computed"
        )
    return EXACT.divide(done, planned)


@attrs.frozen(slots=True)
class ExecutionScore(Lazy):
    """预算执行率得分: the rate (a fraction; ``None`` when the amounts are missing), the points,
    the 分值, and an explanation; ``exact`` is the unrounded points, ``capped`` says the rate was
    above 100% and the points were held at 分值, ``needs_reason`` that the policy asks for a
    reason at this rate.

    >>> score_execution(4517, 10000).points
    Decimal('4.52')
    """

    rate: Decimal | None
    points: Decimal
    max_points: Decimal
    explanation: str
    exact: Decimal
    executed: Decimal | None = None
    budgeted: Decimal | None = None
    stated_rate: Decimal | None = None
    capped: bool = False
    needs_reason: bool = False

    # A score built by the scorer keeps the policy's execution_reason_below in _pending; the
    # explanation is written from the fields when first read (see perfmodel._lazy).
    _lazy_fields: ClassVar[tuple[str, ...]] = ("explanation",)

    def _write_lazy(self, threshold: Decimal | None) -> tuple[str]:
        rate, executed, budgeted = self.rate, self.executed, self.budgeted
        assert rate is not None  # (the scorer builds only scores with a rate and amounts)
        assert executed is not None
        assert budgeted is not None
        shown = pct(rate)
        lead = f"执行数 {fmt(executed)} / 预算数 {fmt(budgeted)} = {shown}"
        if self.capped:
            text = f"{lead}；执行率超过 100%，得分不超过分值 {fmt(self.max_points)}：{self.points}"
        else:
            text = f"{lead}；{shown} × {fmt(self.max_points)} = {self.points}"
        if self.needs_reason:
            text += f"（执行率低于 {fmt(threshold or _ZERO)}%，需说明原因）"
        return (text,)


def score_execution(
    executed: Decimal | int | str,
    budgeted: Decimal | int | str,
    max_points: Decimal | int | str = 10,
    *,
    policy: Policy | None = None,
) -> ExecutionScore:
    """Score the execution rate (预算执行率得分): rate × 分值, capped at 分值 by default.

    >>> score_execution(10500, 10000).points
    Decimal('10.00')
    >>> import attrs
    >>> score_execution(10500, 10000, policy=attrs.evolve(Policy(), cap_execution=False)).points
    Decimal('10.50')
    >>> score_execution(86, 100, policy=Policy.whole_points()).points
    Decimal('9')
    """
    pol = policy or Policy.central()
    done = _amount(executed, "executed (全年执行数)")
    planned = _amount(budgeted, "budgeted (全年预算数)")
    m = _amount(max_points, "max_points (分值)")
    execution_rate(done, planned)  # refuses a zero budget
    return score_checked_execution(done, planned, m, pol)


def score_checked_execution(
    done: Decimal, planned: Decimal, m: Decimal, pol: Policy
) -> ExecutionScore:
    """:func:`score_execution` once its arguments are checked: finite ``Decimal`` amounts ≥ 0,
    ``planned`` > 0 (for callers that hold model values already, such as
    :func:`~perfmodel.scoring.evaluate.evaluate`).

    >>> score_checked_execution(Decimal(86), Decimal(100), Decimal(10), Policy()).points
    Decimal('8.60')
    """
    rate = EXACT.divide(done, planned)
    capped = pol.cap_execution and rate > _ONE
    if capped:
        exact = m
        points = pol.quantize_within(exact, m)
    else:
        exact = EXACT.divide(EXACT.multiply(done, m), planned)
        points = pol.quantize_within(exact, m) if pol.cap_execution else pol.quantize(exact)
    threshold = pol.execution_reason_below
    needs_reason = threshold is not None and rate * 100 < threshold
    # ExecutionScore(...) without its __init__ (it has no converters or validators), the
    # explanation left to be written when read
    return _new_execution(
        rate, points, m, exact, done, planned, None, capped, needs_reason, threshold
    )


def _build_execution(
    self: Any,
    rate: Decimal,
    points: Decimal,
    max_points: Decimal,
    exact: Decimal,
    executed: Decimal,
    budgeted: Decimal,
    stated_rate: Decimal | None,
    capped: bool,
    needs_reason: bool,
    _pending: Decimal | None,
) -> None:
    """Builds an :class:`ExecutionScore` (see :mod:`perfmodel._build`), its explanation left to
    be written when read (see :mod:`perfmodel._lazy`)."""
    self.rate = rate
    self.points = points
    self.max_points = max_points
    self.exact = exact
    self.executed = executed
    self.budgeted = budgeted
    self.stated_rate = stated_rate
    self.capped = capped
    self.needs_reason = needs_reason
    self._pending = _pending
    self.__class__ = ExecutionScore


_new_execution = builder(_build_execution, ExecutionScore)


@attrs.frozen(slots=True)
class RateCheck:
    """A stated execution rate (执行率, as printed) next to the one its amounts give.

    ``matches`` compares the computed rate rounded half-up to the stated rate's decimals
    (``None`` when nothing is stated).

    >>> c = RateCheck("基本支出", Decimal("3337700"), Decimal("3337100"), Decimal("0.9942"))
    >>> c.rate.quantize(Decimal("0.0001")), c.matches
    (Decimal('1.0002'), False)
    """

    label: str
    executed: Decimal
    budgeted: Decimal
    stated_rate: Decimal | None = None

    @property
    def rate(self) -> Decimal:
        """The rate the amounts give (a fraction).

        >>> RateCheck("整体", Decimal(1), Decimal(4)).rate
        Decimal('0.25')
        """
        return execution_rate(self.executed, self.budgeted)

    @property
    def matches(self) -> bool | None:
        """Whether the stated rate agrees with the amounts at the stated precision.

        >>> RateCheck("整体", Decimal("140463700"), Decimal("144458200"), Decimal("0.9723")).matches
        True
        """
        if self.stated_rate is None:
            return None
        exponent = self.stated_rate.as_tuple().exponent
        assert isinstance(exponent, int)
        places = Decimal(1).scaleb(min(exponent, 0))
        return self.rate.quantize(places, ROUND_HALF_UP, EXACT) == self.stated_rate

    @property
    def explanation(self) -> str:
        """ "执行数 / 预算数 = rate（表中 stated）".

        >>> RateCheck("整体", Decimal(1), Decimal(4), Decimal("0.25")).explanation
        '整体：执行数 1 / 预算数 4 = 25%（表中 25%，一致）'
        """
        amounts = f"执行数 {fmt(self.executed)} / 预算数 {fmt(self.budgeted)}"
        text = f"{self.label}：{amounts} = {pct(self.rate)}"
        if self.stated_rate is None:
            return text
        verdict = "一致" if self.matches else "不一致"
        return f"{text}（表中 {pct(self.stated_rate)}，{verdict}）"


def check_rates(budget: Budget) -> tuple[RateCheck, ...]:
    """Every execution rate the budget's amounts allow: overall (整体), 基本支出, 项目支出.

    The overall rate is measured against :attr:`Budget.budgeted` (调整后预算数 when stated).

    >>> b = Budget(adjusted=Decimal(100), executed=Decimal(97), stated_rate=Decimal("0.97"))
    >>> [(c.label, c.matches) for c in check_rates(b)]
    [('整体', True)]
    """
    checks: list[RateCheck] = []
    executed, planned = budget.executed, budget.budgeted
    if executed is not None and planned is not None and planned > _ZERO:
        checks.append(RateCheck("整体", executed, planned, budget.stated_rate))
    executed, planned = budget.basic_executed, budget.basic
    if executed is not None and planned is not None and planned > _ZERO:
        checks.append(RateCheck("基本支出", executed, planned, budget.basic_stated_rate))
    executed, planned = budget.project_executed, budget.project
    if executed is not None and planned is not None and planned > _ZERO:
        checks.append(RateCheck("项目支出", executed, planned, budget.project_stated_rate))
    return tuple(checks)
