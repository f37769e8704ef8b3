"""Validation machinery: :class:`Check`, :class:`Finding`, :class:`Context`, :func:`validate`.

A check is a small pure function ``(document, context) -> iterable of Finding``. A
:class:`Check` value gives it a stable code, a severity and a description; :func:`validate` runs
a tuple of checks over documents and turns each :class:`Finding` into a
:class:`~perfmodel.errors.Diagnostic` whose :class:`~perfmodel.errors.Location` names the file,
the source line, the form and the field.

>>> from perfmodel.model import Project
>>> def no_x(doc, ctx):
...     if "x" in doc.name:
...         yield Finding("the name contains an x", field="name")
>>> mine = Check("U001", Severity.WARNING, "names without x", no_x)
>>> [str(d) for d in validate(Project("项目x"), checks=(mine,))]
['<input>: warning U001: the name contains an x [form 项目x, field name]']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, TypeAlias

import attrs

from ..errors import ConstructionError, Diagnostic, Location, Severity
from ..model import Indicator, Project, Unit
from ..vocab import DEFAULT_TAXONOMY, Taxonomy

__all__ = [
    "Check",
    "CheckFunction",
    "Context",
    "Document",
    "Finding",
    "documents_of",
    "policy_value",
    "run_check",
    "validate",
]

#: What the validator accepts as one document.
Document: TypeAlias = Unit | Project

_CODE = re.compile(r"^[A-Z][A-Z0-9]*\d$")


@attrs.frozen(slots=True)
class Finding:
    """What a check function reports; :func:`validate` adds the code, severity and location.

    ``field`` names the field (``"budget.executed"``, ``"target"``); ``indicator`` the indicator
    the finding is about (its path and source line go into the location); ``expected`` the
    figure the check expected, as text; ``severity`` overrides the check's default severity;
    ``line`` overrides the source line.

    >>> Finding("parts do not add up", field="budget.total", expected="9.00 元").expected
    '9.00 元'
    """

    message: str
    field: str | None = None
    indicator: Indicator | None = None
    expected: str | None = None
    severity: Severity | None = None
    line: int | None = None


@attrs.frozen(slots=True)
class Context:
    """What a check may consult besides the document: the scoring policy and the taxonomy.

    ``policy`` is whatever the caller passed to :func:`validate` (typically a
    ``perfmodel.scoring`` policy); checks read it loosely with :func:`policy_value`.

    >>> Context().taxonomy.is_level1("产出指标")
    True
    """

    policy: object | None = None
    taxonomy: Taxonomy = DEFAULT_TAXONOMY


#: The signature of a check function.
CheckFunction: TypeAlias = Callable[[Document, Context], Iterable[Finding]]


def _check_code(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not _CODE.match(value):
        raise ConstructionError(
            f"Check.code must be letters then digits (e.g. 'PM101', 'X001'), got {value!r}"
        )


def _check_severity(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Severity):
        raise ConstructionError(f"Check.severity must be a Severity, got {value!r}")


def _check_function(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not callable(value):
        raise ConstructionError(f"Check.function must be callable, got {value!r}")


@attrs.frozen(slots=True)
class Check:
    """A validation check: stable ``code``, default ``severity``, one-line ``description`` and
    the pure ``function`` that finds the problems.

    Users write their own the same way and pass ``checks=(*DEFAULT_CHECKS, mine)`` to
    :func:`validate`. Calling a check runs it on one document.

    >>> from perfmodel.model import Unit
    >>> def named(doc, ctx):
    ...     return [] if doc.name.endswith("中心") else [Finding("not a 中心")]
    >>> c = Check("X001", Severity.INFO, "unit names end with 中心", named)
    >>> [d.code for d in c(Unit("某街道"))]
    ['X001']
    >>> Check("101", Severity.INFO, "bad code", named)
    Traceback (most recent call last):
    ...
    perfmodel.errors.ConstructionError: Check.code must be letters then digits ...
    """

    code: str = attrs.field(validator=_check_code)
    severity: Severity = attrs.field(validator=_check_severity)
    description: str
    function: CheckFunction = attrs.field(validator=_check_function, repr=False)

    def __call__(self, doc: Document, context: Context | None = None) -> list[Diagnostic]:
        return run_check(self, doc, context or Context())


def _indicator_field(finding: Finding) -> str | None:
    if finding.indicator is None:
        return finding.field
    if finding.field is None:
        return finding.indicator.path
    return f"{finding.indicator.path}.{finding.field}"


def run_check(check: Check, doc: Document, context: Context) -> list[Diagnostic]:
    """Run one check on one document and turn its findings into diagnostics.

    The location takes the file from ``doc.source``, the line from the finding, else from the
    indicator, else from ``doc.source``; the form is the document's name.

    >>> from perfmodel.model import Project
    >>> c = Check("X002", Severity.ERROR, "always", lambda d, c: [Finding("m", line=7)])
    >>> run_check(c, Project("p"), Context())[0].location.line
    7
    """
    source = doc.source
    out: list[Diagnostic] = []
    for finding in check.function(doc, context):
        line = finding.line
        if line is None and finding.indicator is not None:
            line = finding.indicator.line
        if line is None and (finding.field or "").startswith("budget"):
            line = doc.budget.line
        if line is None and source is not None:
            line = source.line
        location = Location(
            file=None if source is None else source.file,
            line=line,
            form=doc.name,
            field=_indicator_field(finding),
        )
        out.append(
            Diagnostic(
                finding.severity or check.severity,
                check.code,
                finding.message,
                location,
                finding.expected,
            )
        )
    return out


def documents_of(doc_or_docs: object) -> list[Document]:
    """The documents in ``doc_or_docs``: one document, an iterable of them, or any object with a
    ``documents`` attribute (such as ``perfmodel.read.ReadResult``).

    >>> from perfmodel.model import Project, Unit
    >>> [d.name for d in documents_of([Unit("u"), Project("p")])]
    ['u', 'p']
    >>> documents_of(3)
    Traceback (most recent call last):
    ...
    TypeError: validate() takes a Unit, a Project or an iterable of them, got int
    """
    if isinstance(doc_or_docs, Unit | Project):
        return [doc_or_docs]
    inner = getattr(doc_or_docs, "documents", None)
    if inner is not None and not isinstance(doc_or_docs, str | bytes):
        return documents_of(list(inner))
    if isinstance(doc_or_docs, Iterable) and not isinstance(doc_or_docs, str | bytes):
        docs = list(doc_or_docs)
        for item in docs:
            if not isinstance(item, Unit | Project):
                raise TypeError(
                    f"validate() takes Unit or Project values, got {type(item).__name__}"
                )
        return docs
    raise TypeError(
        "validate() takes a Unit, a Project or an iterable of them, "
        f"got {type(doc_or_docs).__name__}"
    )


def policy_value(policy: object | None, *names: str) -> Any:
    """The first attribute (or mapping key) of ``policy`` among ``names`` that is set, else None.

    Checks read the scoring policy loosely so that any object with the right attribute works.

    >>> class P:
    ...     execution_weight = 10
    >>> policy_value(P(), "execution_points", "execution_weight")
    10
    >>> policy_value(None, "anything") is None
    True
    """
    if policy is None:
        return None
    for name in names:
        value = policy.get(name) if isinstance(policy, dict) else getattr(policy, name, None)
        if value is not None:
            return value
    return None


def _taxonomy_of(policy: object | None) -> Taxonomy:
    candidate = policy_value(policy, "taxonomy")
    return candidate if isinstance(candidate, Taxonomy) else DEFAULT_TAXONOMY


def _disabled(code: str, disable: Sequence[str]) -> bool:
    return any(code == item or (item and code.startswith(item)) for item in disable)


def _sort_key(diag: Diagnostic) -> tuple[int, str, str]:
    return (diag.location.line or 0, diag.code, diag.message)


def validate(
    doc_or_docs: object,
    *,
    policy: object | None = None,
    checks: Iterable[Check] | None = None,
    disable: Iterable[str] = (),
) -> list[Diagnostic]:
    """Validate documents and return every finding as a :class:`~perfmodel.errors.Diagnostic`.

    ``doc_or_docs`` is a :class:`~perfmodel.model.Unit`, a :class:`~perfmodel.model.Project`
    (declarations and self-evaluations alike), an iterable of them, or a ``ReadResult``.
    ``checks`` defaults to :data:`perfmodel.validate.DEFAULT_CHECKS`; ``disable`` lists codes to
    skip (an entry also disables every code it is a prefix of: ``"PM2"`` skips the weight
    checks). ``policy`` is handed to the checks that depend on scoring rules (weights) and may
    carry a ``taxonomy``. Diagnostics come document by document, each sorted by source line.

    >>> from decimal import Decimal
    >>> from perfmodel.model import Budget, Unit
    >>> u = Unit("u", budget=Budget(total=Decimal(10), fiscal=Decimal(6), other=Decimal(3)))
    >>> [(d.code, d.expected) for d in validate(u)]
    [('PM101', '9.00 元')]
    >>> validate(u, disable=["PM101"])
    []
    """
    if checks is None:
        from .registry import DEFAULT_CHECKS

        checks = DEFAULT_CHECKS
    selected = list(checks)
    seen: set[str] = set()
    for check in selected:
        if not isinstance(check, Check):
            raise ConstructionError(f"checks must be Check values, got {check!r}")
        if check.code in seen:
            raise ConstructionError(f"two checks share the code {check.code!r}")
        seen.add(check.code)
    if isinstance(disable, str):
        disable = [disable]
    skip = [item for item in disable if item]
    context = Context(policy=policy, taxonomy=_taxonomy_of(policy))
    out: list[Diagnostic] = []
    for doc in documents_of(doc_or_docs):
        found: list[Diagnostic] = []
        for check in selected:
            if not _disabled(check.code, skip):
                found.extend(run_check(check, doc, context))
        out.extend(sorted(found, key=_sort_key))
    return out


def as_decimal(value: object) -> Decimal | None:
    """``value`` as a Decimal (int, str or Decimal), or None when it is not a number.

    >>> as_decimal(10), as_decimal("x")
    (Decimal('10'), None)
    """
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return None
    return None


def iter_indicators(doc: Document, context: Context) -> Iterator[Indicator]:
    """The document's indicators that carry targets (reference rows such as 投入管理指标 skipped).

    >>> from perfmodel.model import Indicator, Unit
    >>> u = Unit("u", indicators=[Indicator("根据…", "投入管理指标", "资产管理"),
    ...                           Indicator("a", "产出指标", "数量指标")])
    >>> [i.name for i in iter_indicators(u, Context())]
    ['a']
    """
    for indicator in doc.indicators:
        if not context.taxonomy.is_reference(indicator.level1):
            yield indicator
