"""Versions of the JSON format and the migrations that read older documents.

Every top-level document carries ``"schema": "perfmodel/N"``. When the format changes, the new
version adds one step to :data:`MIGRATIONS`: a pure function from a document of the old version
to the same document in the next version (rename a key, split a field, …). Reading applies the
steps in turn until the document is current, so every older document stays readable.

Version 1 is the first published format, so :data:`MIGRATIONS` is empty today; the tests
exercise the mechanism with a hand-made older variant.

>>> upgrade({"schema": "perfmodel/1", "type": "project", "name": "x"})["name"]
'x'
>>> old = {"schema": "perfmodel/0", "title": "x"}
>>> rename = lambda d: {("name" if k == "title" else k): v for k, v in d.items()}
>>> steps = {"perfmodel/0": ("perfmodel/1", rename)}
>>> upgrade(old, steps)
{'schema': 'perfmodel/1', 'name': 'x'}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..errors import SerializationError

__all__ = ["CURRENT", "MIGRATIONS", "Migration", "upgrade"]

#: The version this perfmodel writes.
CURRENT = "perfmodel/1"

#: A step: takes a document of one version (a fresh copy) and returns it in the next version.
Migration = Callable[[dict[str, Any]], dict[str, Any]]

#: Older version → (next version, step). Empty while version 1 is the only published format.
MIGRATIONS: Mapping[str, tuple[str, Migration]] = {}


def upgrade(
    data: Mapping[str, Any], migrations: Mapping[str, tuple[str, Migration]] | None = None
) -> dict[str, Any]:
    """Bring a top-level document to :data:`CURRENT`, applying ``migrations`` step by step.

    >>> upgrade({"type": "project"})
    Traceback (most recent call last):
    ...
    perfmodel.errors.SerializationError: schema: required key missing (expected 'perfmodel/1')
    >>> upgrade({"schema": "perfmodel/7"})
    Traceback (most recent call last):
    ...
    perfmodel.errors.SerializationError: schema: unknown version 'perfmodel/7' (this ... reads ...)
    >>> upgrade({"schema": ["perfmodel/1"]})
    Traceback (most recent call last):
    ...
    perfmodel.errors.SerializationError: schema: unknown version ['perfmodel/1'] (this ...)
    """
    steps = MIGRATIONS if migrations is None else migrations
    if "schema" not in data:
        raise SerializationError(f"schema: required key missing (expected {CURRENT!r})")
    version = data["schema"]
    document = dict(data)
    seen = {version} if isinstance(version, str) else set()  # a list is no version (below)
    while version != CURRENT:
        if not isinstance(version, str) or version not in steps:
            known = ", ".join(repr(v) for v in [CURRENT, *steps])
            raise SerializationError(
                f"schema: unknown version {version!r} (this perfmodel reads {known})"
            )
        following, step = steps[version]
        document = dict(step(dict(document)))
        document["schema"] = following
        version = following
        if version in seen:
            raise SerializationError(f"schema: migrations loop at {version!r}")
        seen.add(version)
    return document
