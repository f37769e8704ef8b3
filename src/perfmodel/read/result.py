"""The result of reading: documents in file order plus diagnostics."""

from __future__ import annotations

import attrs

from ..errors import Diagnostic, Severity
from ..model import Project, Unit

__all__ = ["ReadResult"]


@attrs.frozen(slots=True)
class ReadResult:
    """What :func:`read_forms` read: documents in file order and diagnostics.

    >>> r = ReadResult([], [Diagnostic(Severity.ERROR, "R001", "empty")])
    >>> r.ok, len(r.errors)
    (False, 1)
    """

    documents: list[Unit | Project] = attrs.field(factory=list)
    diagnostics: list[Diagnostic] = attrs.field(factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        """Diagnostics of severity ``error``.

        >>> ReadResult().errors
        []
        """
        return [d for d in self.diagnostics if d.is_error]

    @property
    def ok(self) -> bool:
        """True when there are documents and no error diagnostics.

        >>> ReadResult().ok
        False
        """
        return bool(self.documents) and not self.errors

    def __repr__(self) -> str:
        counts = {s.value: sum(d.severity is s for d in self.diagnostics) for s in Severity}
        return f"ReadResult({len(self.documents)} documents, diagnostics={counts})"

    def _repr_html_(self) -> str:
        """Notebook display: the documents read, then the warnings and errors."""
        from ..report.notebook import read_result_html

        return read_result_html(self)
