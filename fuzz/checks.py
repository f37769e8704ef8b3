"""The invariants the fuzz targets check, one function per target (no atheris needed).

The fuzz targets call these on fuzzer bytes; ``tests/test_fuzz_regressions.py`` replays every
committed crashing input through the same functions, so a fixed crash stays fixed. Each function
returns normally or raises ``AssertionError`` / an unexpected exception (a finding);
``PerfModelError`` is only allowed where the docstring says so.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from decimal import Decimal

import attrs

from perfmodel.errors import PerfModelError, PolicyError, ReadError, SerializationError
from perfmodel.model import Budget, FormKind, Indicator, Project, Unit
from perfmodel.read import Limits, read_forms
from perfmodel.report import render
from perfmodel.scoring import Evaluation, Policy
from perfmodel.scoring.evaluate import evaluate
from perfmodel.serialize import from_json, to_json
from perfmodel.targets import TargetKind, compose_target, parse_actual, parse_target
from perfmodel.validate import validate

#: Small limits keep each execution fast; the limits themselves are exercised too.
READ_LIMITS = Limits(max_bytes=64 * 1024, max_rows=2000, max_cell_chars=2000)
_UNITS = (None, "%", "元", "万元", "米", "个", "小时")


def as_text(data: bytes) -> str:
    """Decode fuzzer bytes as UTF-8, replacing bad bytes (the grammar only ever sees text).

    >>> as_text("≥90%".encode())
    '≥90%'
    """
    return data.decode("utf-8", "replace")


def check_target(data: bytes) -> None:
    """``target[\\tactual[\\tcomparator[\\tunit]]]``: the 指标值 grammar.

    Lenient ``parse_target`` never raises; strict raises only ``PerfModelError`` and otherwise
    agrees with lenient; the canonical rendering parses back to the same target;
    ``compose_target`` never raises; ``is_met`` raises only ``PerfModelError``.
    """
    parts = as_text(data).split("\t")
    text = parts[0]
    lenient = parse_target(text)
    try:
        strict = parse_target(text, strict=True)
    except PerfModelError:
        strict = None
    if strict is not None and strict != lenient:
        raise AssertionError(f"strict {strict!r} != lenient {lenient!r} for {text!r}")
    again = parse_target(str(lenient))
    if attrs.evolve(again, text=lenient.text) != lenient:
        raise AssertionError(f"{text!r} → {lenient!r} renders {str(lenient)!r} → {again!r}")
    if len(parts) > 1:
        with contextlib.suppress(PerfModelError):
            lenient.is_met(parts[1])
    if len(parts) > 2:
        composed = compose_target(text, comparator=parts[2], unit_text="\t".join(parts[3:]) or None)
        with contextlib.suppress(PerfModelError):
            composed.is_met(parts[1])


def check_actual(data: bytes) -> None:
    """``actual[\\tunit]``: the 实际完成值 parser.

    ``parse_actual`` never raises and its rendering parses back to the same actual;
    ``magnitude_in`` raises only ``PerfModelError``.
    """
    text, _, unit_text = as_text(data).partition("\t")
    actual = parse_actual(text)
    again = parse_actual(str(actual))
    if attrs.evolve(again, text=actual.text) != actual:
        raise AssertionError(f"{text!r} → {actual!r} renders {str(actual)!r} → {again!r}")
    if actual.kind is not TargetKind.QUANTITATIVE:
        return
    for wanted in (*_UNITS, unit_text or None):
        with contextlib.suppress(PerfModelError):
            actual.magnitude_in(wanted)


def check_read_forms(data: bytes) -> None:
    """Raw bytes: the importer.

    ``read_forms`` returns a result or raises ``ReadError`` (a limit): problems in the content
    are diagnostics, never exceptions. Every diagnostic has a code and a message; reading the
    same bytes twice gives the same result (no hidden state; checked on inputs under 1 kB, to
    keep the fuzzer fast).
    """
    try:
        result = read_forms(data, limits=READ_LIMITS)
    except ReadError:
        return
    for diag in result.diagnostics:
        if not (diag.code and diag.message):
            raise AssertionError(f"diagnostic without code or message: {diag!r}")
        str(diag)
    if len(data) >= 1024:
        return
    again = read_forms(data, limits=READ_LIMITS)
    if again.documents != result.documents or again.diagnostics != result.diagnostics:
        raise AssertionError("reading the same bytes twice gave different results")


#: The policies every document read is scored under: the central one, and one that differs in
#: its weights, bands and rounding.
_POLICIES = (Policy.central(), Policy.provincial())


def check_pipeline(data: bytes) -> None:
    """Raw bytes: everything after reading.

    Every document ``read_forms`` gives validates, evaluates under each of two policies and
    renders (Markdown, text, HTML) without raising; every field an evaluation writes when first
    read can be read; its total is blank or between 0 and the policy's full marks; the document
    and its evaluation come back equal from their JSON; ``score_frame`` over the documents'
    frame gives every indicator the status and points ``evaluate`` gives (when pandas is
    installed). ``read_forms`` itself may raise only ``ReadError`` (a limit), as in
    :func:`check_read_forms`.
    """
    try:
        result = read_forms(data, limits=READ_LIMITS)
    except ReadError:
        return
    docs = result.documents
    evaluations: list[Evaluation] = []
    for policy in _POLICIES:
        evaluations = [evaluate(doc, policy=policy) for doc in docs]
        for evaluation in evaluations:
            _check_evaluation(evaluation, policy)
        _frame_agrees(docs, evaluations, policy)
    for doc, evaluation in zip(docs, evaluations, strict=True):  # (the last policy's)
        validate(doc)
        if from_json(to_json(doc)) != doc:
            raise AssertionError(f"{doc.name!r} changed through its JSON")
        if from_json(to_json(evaluation)) != evaluation:
            raise AssertionError(f"the evaluation of {doc.name!r} changed through its JSON")
        for format in ("md", "text", "html"):
            render(doc, evaluation, format=format, diagnostics=result.diagnostics)


def _frame_agrees(
    docs: list[Unit | Project], evaluations: list[Evaluation], policy: Policy
) -> None:
    """``score_frame(to_frame(docs))`` under ``policy`` gives each indicator the status and
    points of its evaluation, row for row (nothing to check without the ``[pandas]`` extra)."""
    try:
        import pandas as pd

        from perfmodel.frame import score_frame
        from perfmodel.serialize import to_frame
    except ImportError:  # pragma: no cover - the fuzz and test environments have pandas
        return
    want = [
        (r.status.value, None if r.points is None else str(r.points))
        for evaluation in evaluations
        for r in evaluation.indicators
    ]
    out = score_frame(to_frame(docs), policy)
    statuses, points = out["status"].astype(object), out["points"].astype(object)
    got = [(s, None if pd.isna(p) else str(p)) for s, p in zip(statuses, points, strict=True)]
    if got != want:
        differ = [(n, g, w) for n, (g, w) in enumerate(zip(got, want, strict=False)) if g != w]
        raise AssertionError(f"score_frame and evaluate differ: {len(got)} rows, {differ[:3]}")


def _check_evaluation(evaluation: Evaluation, policy: Policy) -> None:
    """Every field written when first read can be read; the total is blank or between 0 and the
    policy's full marks."""
    _read_all(evaluation)
    total = evaluation.total
    if total is not None and not 0 <= total <= policy.full_marks:
        raise AssertionError(f"total {total} outside 0–{policy.full_marks}")


def _read_all(evaluation: Evaluation) -> None:
    """Read every field an evaluation, its execution score and its scores write when first read."""
    parts = [evaluation, evaluation.execution, *(r.score for r in evaluation.indicators)]
    for part in parts:
        if part is not None:
            for name in type(part)._lazy_fields:
                getattr(part, name)


def check_json(data: bytes) -> None:
    """JSON text: the reader.

    ``from_json`` returns a perfmodel object or raises ``SerializationError`` (naming the path);
    what it returns comes back equal through ``to_json``; every document it gives (alone or in
    a read result) validates and evaluates without raising; a policy it gives scores a few
    self-evaluations, each total between 0 and its full marks.
    """
    try:
        obj = from_json(as_text(data))
    except SerializationError:
        return
    if from_json(to_json(obj)) != obj:
        raise AssertionError(f"a {type(obj).__name__} changed through its JSON")
    if isinstance(obj, Policy):
        for doc in _scored_with_policies():
            with contextlib.suppress(PolicyError):  # (a weight on a label the taxonomy lacks)
                _check_evaluation(evaluate(doc, policy=obj), obj)
        return
    docs = getattr(obj, "documents", [obj])
    for doc in docs:
        if isinstance(doc, Unit | Project):
            validate(doc)
            _read_all(evaluate(doc))


@functools.cache
def _scored_with_policies() -> tuple[Project, ...]:
    """Self-evaluations that a policy read from JSON scores: every default rule, 分值 stated and
    allocated, and an execution rate (built once: the model is immutable)."""
    rows = [
        ("产出指标", "数量指标", "≥90%", "81%", Decimal(10)),
        ("产出指标", "质量指标", "≤5%", "7.5%", None),
        ("产出指标", "时效指标", "及时", "部分达成", None),
        ("效益指标", "社会效益指标", "提升5%", "3%", Decimal(15)),
        ("满意度指标", "服务对象满意度指标", "=100个", "97个", None),
    ]
    indicators = [
        Indicator(f"指标{n}", l1, l2, parse_target(t), actual=parse_actual(a), max_points=m)
        for n, (l1, l2, t, a, m) in enumerate(rows)
    ]
    budget = Budget(adjusted=Decimal(1000), executed=Decimal("861.9"))
    form = FormKind.PROJECT_SELF_EVALUATION
    return (
        Project("p", budget=budget, indicators=indicators, form=form),
        Project("q", budget=budget, indicators=indicators[:2], form=form),
    )


#: Fuzz target name → its check (``target.py`` runs them; the regression test replays them).
CHECKS: dict[str, Callable[[bytes], None]] = {
    "parse_target": check_target,
    "parse_actual": check_actual,
    "read_forms": check_read_forms,
    "pipeline": check_pipeline,
    "json": check_json,
}
