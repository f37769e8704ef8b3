"""Errors and diagnostics.

Every exception perfmodel raises derives from :class:`PerfModelError`. Importers and validators do
not raise on the first problem: they return :class:`Diagnostic` values that say where the problem
is (:class:`Location`: file, line, form, field) and how bad it is (:class:`Severity`).

>>> d = Diagnostic(Severity.WARNING, "R201", "level-1 label placed by taxonomy",
...                Location(file="a.txt", line=12, form="项目A", field="level1"))
>>> str(d)
'a.txt:12: warning R201: level-1 label placed by taxonomy [form 项目A, field level1]'
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

__all__ = [
    "ConstructionError",
    "Diagnostic",
    "InputLimitError",
    "Location",
    "PerfModelError",
    "PolicyError",
    "ReadError",
    "ReportError",
    "ScoringError",
    "SerializationError",
    "Severity",
    "TargetSyntaxError",
    "UnitError",
]


class PerfModelError(Exception):
    """Root of every error perfmodel raises.

    >>> issubclass(TargetSyntaxError, PerfModelError)
    True
    """


class ConstructionError(PerfModelError, ValueError):
    """A model object breaks a hard invariant (negative money, empty name).

    >>> raise ConstructionError("Budget.total: must not be negative, got -1")
    Traceback (most recent call last):
    ...
    perfmodel.errors.ConstructionError: Budget.total: must not be negative, got -1
    """


class TargetSyntaxError(PerfModelError, ValueError):
    """A 指标值 (target) or 实际完成值 (actual) text could not be read.

    ``position`` is the 0-based character offset where reading stopped.

    >>> err = TargetSyntaxError("unexpected text", text="≥90百", position=3)
    >>> str(err)
    "unexpected text at position 3 in '≥90百'"
    """

    def __init__(self, message: str, *, text: str = "", position: int = 0) -> None:
        self.text = text
        self.position = position
        self.reason = message
        super().__init__(f"{message} at position {position} in {text!r}")


class UnitError(PerfModelError, ValueError):
    """A unit name is unknown or two quantities cannot be compared (e.g. 台 vs 株).

    >>> issubclass(UnitError, ValueError)
    True
    """


class ScoringError(PerfModelError, ValueError):
    """A score cannot be computed (e.g. a zero budget for the execution rate).

    >>> issubclass(ScoringError, PerfModelError)
    True
    """


class PolicyError(PerfModelError, ValueError):
    """A scoring policy is inconsistent (bands that overlap, weights that are negative).

    >>> issubclass(PolicyError, PerfModelError)
    True
    """


class ReadError(PerfModelError):
    """A source could not be opened or decoded at all.

    >>> issubclass(ReadError, PerfModelError)
    True
    """


class InputLimitError(ReadError):
    """An input exceeds a configured limit (size, rows, cell length).

    >>> issubclass(InputLimitError, ReadError)
    True
    """


class ReportError(PerfModelError, ValueError):
    """A report, plot or CLI output cannot be produced as asked (unknown format or language).

    >>> issubclass(ReportError, ValueError)
    True
    """


class SerializationError(PerfModelError, ValueError):
    """Data could not be converted to or from perfmodel objects; the message names the JSON path.

    >>> issubclass(SerializationError, ValueError)
    True
    """


class Severity(enum.Enum):
    """How serious a :class:`Diagnostic` is (ordered: info < warning < error).

    >>> Severity.ERROR > Severity.INFO
    True
    """

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """Numeric order of the severity (0 for info, 2 for error).

        >>> Severity.WARNING.rank
        1
        """
        return _RANKS[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank


_RANKS = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def _line(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        from .numbers import check_count  # numbers imports this module

        check_count(instance, attribute, value)


@attrs.frozen(slots=True)
class Location:
    """Where something is: file, 1-based line, the form it belongs to, and the field.

    >>> str(Location(file="f.txt", line=3))
    'f.txt:3'
    >>> str(Location(form="项目A"))
    '<input>'
    """

    file: str | None = None
    line: int | None = attrs.field(default=None, validator=_line)
    form: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return where


@attrs.frozen(slots=True)
class Diagnostic:
    """A finding about an input or a document: severity, stable code, message and location.

    ``expected`` holds the figure a check expected, when there is one (as text).

    >>> d = Diagnostic(Severity.ERROR, "PM101", "parts do not add up", expected="14048.37")
    >>> d.is_error
    True
    """

    severity: Severity
    code: str
    message: str
    location: Location = attrs.field(factory=Location)
    expected: str | None = None

    @property
    def is_error(self) -> bool:
        """True for severity ``error``.

        >>> Diagnostic(Severity.INFO, "X", "m").is_error
        False
        """
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        extras = []
        if self.location.form:
            extras.append(f"form {self.location.form}")
        if self.location.field:
            extras.append(f"field {self.location.field}")
        if self.expected is not None:
            extras.append(f"expected {self.expected}")
        tail = f" [{', '.join(extras)}]" if extras else ""
        return f"{self.location}: {self.severity.value} {self.code}: {self.message}{tail}"
