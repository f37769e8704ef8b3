"""Reading 评(扣)分标准 text (private): phrasing → (rule kind, parameters).

:func:`perfmodel.scoring.rules.parse_rule_text` turns the result into a rule object.

>>> parse_rule_text("达到90%得满分，否则按线性扣分")
('proportional', {})
>>> parse_rule_text("90%以上得10分，每降5%扣1分，扣完为止")[0]
'step'
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

__all__ = ["parse_rule_text"]

_NUM = r"(\d+(?:\.\d+)?)"
_WS = re.compile(r"\s+")
_RANGE_DASH = re.compile(r"(?<=\d)%?[-~—–至到](?=\d)")
_SEGMENTS = re.compile(r"[,;。、]")
_BAND = re.compile(
    r"(?:±|正负|上下)(?:"
    + _NUM
    + r"-)?"
    + _NUM
    + r"%(?:以内|之内|内)(?:的)?(?:得|计)"
    + _NUM
    + r"分"
)
_OUTSIDE = re.compile(
    r"(?:±|正负|上下)"
    + _NUM
    + r"%(?:以外|以上|之外)(?:的)?(?:不得分|得0分|(?:得|计)"
    + _NUM
    + r"分)"
)
_STEP = re.compile(
    r"每(?:降|低|少|下降|降低|减少|低于)(?:目标值?|指标值)?"
    + _NUM
    + r"(?:%|个百分点|个|分)?(?:扣|减)"
    + _NUM
    + r"分"
)
_THRESHOLD = re.compile(_NUM + r"(%?)(?:及以上|以上)(?:得" + _NUM + r"分|得满分)?")
_ALL_OR_NOTHING = (
    "否则不得分",
    "否则得0分",
    "否则0分",
    "未达到不得分",
    "未完成不得分",
    "达不到不得分",
)
_PROPORTIONAL = ("线性", "按比例", "比例扣分", "比例得分", "按完成比例", "按完成率")
_JUDGEMENT = ("视偏差情况", "视偏差程度", "视情况扣分", "视完成情况扣分", "酌情扣分", "酌情给分")


def normalize_rule_text(text: str) -> str:
    """NFKC, no spaces, and ranges written "10-15".

    >>> normalize_rule_text("±10％～15％ 以内")
    '±10-15%以内'
    """
    norm = _WS.sub("", unicodedata.normalize("NFKC", text))
    return _RANGE_DASH.sub("-", norm)


def _bands(norm: str) -> dict[str, Any] | None:
    bands: list[tuple[Decimal, Decimal]] = []
    outside = Decimal(0)
    found_outside = False
    for segment in _SEGMENTS.split(norm):
        match = _BAND.search(segment)
        if match:
            bands.append((Decimal(match.group(2)), Decimal(match.group(3))))
            continue
        out = _OUTSIDE.search(segment)
        if out:
            found_outside = True
            if out.group(2) is not None:
                outside = Decimal(out.group(2))
    if not bands:
        return None
    if not found_outside and len(bands) == 1:
        return None
    return {"bands": tuple(bands), "outside": outside}


def _step(norm: str) -> dict[str, Any] | None:
    match = _STEP.search(norm)
    if match is None:
        return None
    step, deduction = Decimal(match.group(1)), Decimal(match.group(2))
    if not (step > 0 and deduction > 0):  # 每降0%扣1分, 每降5%扣0分: no rule to read
        return None
    params: dict[str, Any] = {"step": step, "deduction": deduction}
    head = _THRESHOLD.search(norm[: match.start()])
    if head:
        params["threshold"] = Decimal(head.group(1))
        if head.group(3) is not None:
            params["full"] = Decimal(head.group(3))
    return params


def parse_rule_text(text: str) -> tuple[str, dict[str, Any]] | None:
    """Classify a scoring-rule text; ``None`` when no known phrasing is found.

    >>> parse_rule_text("视偏差情况扣分")
    ('judgement', {})
    >>> parse_rule_text("") is None
    True
    """
    norm = normalize_rule_text(text)
    if not norm:
        return None
    bands = _bands(norm)
    if bands is not None:
        return "bands", bands
    step = _step(norm)
    if step is not None:
        return "step", step
    if any(word in norm for word in _ALL_OR_NOTHING):
        return "all_or_nothing", {}
    if any(word in norm for word in _PROPORTIONAL):
        return "proportional", {}
    if any(word in norm for word in _JUDGEMENT):
        return "judgement", {}
    return None
