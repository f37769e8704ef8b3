"""The memo of indicator scores shared between evaluations (private).

Scores of (target, actual, 分值, rule, 得分) under a policy are shared between indicators and
evaluations: the same target and actual objects (parse_target caches them per text) under the
same scoring parameters always score the same, and :class:`IndicatorScore` is immutable. Keys
hold ids; each entry keeps its target and actual alive, so an id cannot be reused while its
entry exists. A pair is memoized from its second sighting on: with distinct figures, keeping
every score alive costs more than it saves.

>>> from decimal import Decimal
>>> from perfmodel.targets import parse_actual, parse_target
>>> from perfmodel.scoring.policy import Policy
>>> clear_memo()
>>> t, a, pol = parse_target("≥90%"), parse_actual("95%"), Policy()
>>> first = score_one(t, a, Decimal(10), pol, None, None, policy_token(pol))
>>> second = score_one(t, a, Decimal(10), pol, None, None, policy_token(pol))
>>> third = score_one(t, a, Decimal(10), pol, None, None, policy_token(pol))
>>> first == second, second is third, len(_memo)
(True, True, 1)
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

from ..targets import Actual, Target
from .indicator import IndicatorScore, score_checked, score_indicator
from .policy import Policy

__all__ = ["clear_memo", "policy_token", "score_one"]

_MEMO_SIZE = 8192
_memo: dict[tuple[Any, ...], tuple[Target | None, Actual | None, IndicatorScore]] = {}
# (id(target), id(actual)) pairs seen once (ints only: nothing kept alive; a reused id only
# sends a pair to the memo, whose entries check identity)
_seen: dict[tuple[int, int], None] = {}
# Policies are not hashable (they hold dicts): each policy object gets the token of the values
# its scores depend on, written exactly (str tells 70 from 70.0), and the decimal context.
_tokens_by_value: dict[tuple[Any, ...], int] = {}
_tokens_by_id: dict[int, tuple[Policy, tuple[Any, ...], int]] = {}


def policy_token(policy: Policy) -> int:
    """A small int naming the scoring parameters of ``policy`` under the current context.

    >>> policy_token(Policy.central()) == policy_token(Policy.central())
    True
    """
    ctx = decimal.getcontext()
    context = (ctx.prec, ctx.rounding, ctx.Emin, ctx.Emax, ctx.clamp, tuple(ctx.traps.values()))
    entry = _tokens_by_id.get(id(policy))
    if entry is not None and entry[0] is policy and entry[1] == context:
        return entry[2]
    value = (
        policy.reverse_rule,
        tuple(
            (b.band.value, str(b.low), str(b.high), str(b.default_share))
            for b in policy.qualitative_bands
        ),
        str(policy.over_achievement),
        policy.decimals,
        policy.rounding,
        context,
    )
    token = _tokens_by_value.get(value)
    if token is None:
        if len(_tokens_by_value) >= 1024:
            clear_memo()
        token = _tokens_by_value[value] = len(_tokens_by_value) + 1
    if len(_tokens_by_id) >= 256:
        _tokens_by_id.clear()
    _tokens_by_id[id(policy)] = (policy, context, token)
    return token


def clear_memo() -> None:
    """Forget every memoized indicator score (for benchmarks and tests).

    >>> clear_memo(); len(_memo)
    0
    """
    _memo.clear()
    _seen.clear()
    _tokens_by_value.clear()
    _tokens_by_id.clear()


def score_one(
    target: Target | None,
    actual: Actual | None,
    max_points: Decimal,
    policy: Policy,
    rule: str | None,
    given: Decimal | None,
    token: int,
) -> IndicatorScore:
    """:func:`~perfmodel.scoring.indicator.score_indicator` for one indicator of a document,
    memoized, skipping the coercions it does not need (``token`` is :func:`policy_token`).

    >>> from perfmodel.targets import parse_actual
    >>> pol = Policy()
    >>> score_one(None, parse_actual("达成"), Decimal(5), pol, None, None, policy_token(pol)).points
    Decimal('5.00')
    """
    if (
        (target is None or type(target) is Target)
        and (actual is None or type(actual) is Actual)
        and (rule is None or type(rule) is str)
        and max_points.is_finite()
        and max_points >= 0
        and (given is None or given.is_finite())
    ):
        pair = (id(target), id(actual))
        if pair not in _seen:
            if len(_seen) >= 8 * _MEMO_SIZE:
                _seen.clear()
            _seen[pair] = None
            return score_checked(target, actual, max_points, policy, rule, given)
        # str() tells 5 from 5.00: both are kept as given in the score (max_points, exact)
        key = (*pair, str(max_points), rule, None if given is None else str(given), token)
        hit = _memo.get(key)
        if hit is not None and hit[0] is target and hit[1] is actual:
            return hit[2]
        score = score_checked(target, actual, max_points, policy, rule, given)
        if len(_memo) >= _MEMO_SIZE:
            _memo.clear()
        _memo[key] = (target, actual, score)
        return score
    return score_indicator(target, actual, max_points, policy=policy, rule=rule, given=given)
