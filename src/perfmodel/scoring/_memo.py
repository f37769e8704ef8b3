"""The memo of indicator scores shared between evaluations (private).

Scores of (target, actual, 分值, rule, 得分) under a policy are shared between indicators and
evaluations: the same target and actual objects (parse_target caches them per text) under the
same scoring parameters always score the same, and :class:`IndicatorScore` is immutable. Keys
hold ids; each entry keeps its target and actual alive, so an id cannot be reused while its
entry exists. A score is kept only once its target and actual have been seen together before
and its whole key has been scored before: with distinct figures, keeping every score alive
costs more than it saves.

>>> from decimal import Decimal
>>> from perfmodel.targets import parse_actual, parse_target
>>> from perfmodel.scoring.policy import Policy
>>> clear_memo()
>>> t, a, pol = parse_target("≥90%"), parse_actual("95%"), Policy()
>>> seen_before(t, a), seen_before(t, a)
(False, True)
>>> first = remembered(t, a, Decimal(10), pol, None, None, policy_token(pol))
>>> second = remembered(t, a, Decimal(10), pol, None, None, policy_token(pol))
>>> second is remembered(t, a, Decimal(10), pol, None, None, policy_token(pol)), len(_memo)
(True, 1)
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

from ..targets import Actual, Target
from .indicator import IndicatorScore, score_checked
from .policy import Policy

__all__ = ["clear_memo", "policy_token", "remembered", "seen_before"]

_MEMO_SIZE = 8192
_memo: dict[tuple[Any, ...], tuple[Target | None, Actual | None, IndicatorScore]] = {}
# the (target, actual) pairs seen once, by their ids (see seen_before)
_seen: dict[tuple[int, int], None] = {}
# keys scored once by remembered(): a score is kept from the second scoring of its key on, so
# that parameters met once (an allocated 分值, a stated 得分) keep nothing alive (kept scores
# outlive the collector's young generations, and fill the old one: full collections get costly)
_keys_seen: dict[tuple[Any, ...], None] = {}
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
    _keys_seen.clear()
    _tokens_by_value.clear()
    _tokens_by_id.clear()


def remembered(
    target: Target | None,
    actual: Actual | None,
    max_points: Decimal,
    policy: Policy,
    rule: str | None,
    given: Decimal | None,
    token: int,
) -> IndicatorScore:
    """:func:`~perfmodel.scoring.indicator.score_checked`, memoized: for a target and actual
    seen together before (see :func:`seen_before`); ``token`` is :func:`policy_token`.

    >>> from perfmodel.targets import parse_actual
    >>> pol, act = Policy(), parse_actual("达成")
    >>> a, b, c = (remembered(None, act, Decimal(5), pol, None, None, policy_token(pol))
    ...            for _ in range(3))
    >>> a == b == c, a is b, b is c  # kept from its second scoring on
    (True, False, True)
    """
    # str() tells 5 from 5.00: both are kept as given in the score (max_points, exact)
    written = None if given is None else str(given)
    key = (id(target), id(actual), str(max_points), rule, written, token)
    hit = _memo.get(key)
    if hit is not None and hit[0] is target and hit[1] is actual:
        return hit[2]
    score = score_checked(target, actual, max_points, policy, rule, given)
    if key in _keys_seen:  # scored before with these very parameters: worth keeping
        if len(_memo) >= _MEMO_SIZE:
            _memo.clear()
        _memo[key] = (target, actual, score)
    else:
        if len(_keys_seen) >= 8 * _MEMO_SIZE:
            _keys_seen.clear()
        _keys_seen[key] = None
    return score


def seen_before(target: Target | None, actual: Actual | None) -> bool:
    """Whether this target and actual were scored together before (since the last clearing);
    notes them if not.

    Only the scores of pairs seen before go to the memo (:func:`remembered`): with distinct
    figures, keeping every score alive costs more than it saves. Only the pair's ids are kept
    (nothing is kept alive: a reused id only sends a pair to the memo, which checks identity).

    >>> from perfmodel.targets import parse_actual, parse_target
    >>> t, a = parse_target("≥10个"), parse_actual("12个")
    >>> clear_memo(); seen_before(t, a), seen_before(t, a)
    (False, True)
    """
    key = (id(target), id(actual))
    if key in _seen:
        return True
    if len(_seen) >= 8 * _MEMO_SIZE:
        _seen.clear()
    _seen[key] = None
    return False
