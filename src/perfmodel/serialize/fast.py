"""Fast paths of :func:`~perfmodel.serialize.to_dict`, ``to_json`` and ``from_dict``.

The converter (:mod:`perfmodel.serialize.converter`) walks a document with one hook call per
field and keeps every failure with its JSON path. Most documents are well formed, so for
:class:`~perfmodel.model.Unit`, :class:`~perfmodel.model.Project` and the classes they hold
(``Budget``, ``IndicatorTree``, ``Indicator``, ``Target``, ``Actual``, ``KeyTask``,
``Location``) plain Python functions are generated from the attrs fields — as attrs and cattrs
generate theirs (``perfmodel.serialize._fastgen``) — that do the happy path only:

- reading: exact types checked inline with the converter's own checks (the same decimal and
  date patterns, enum codes, unknown keys refused); quantities built as
  :func:`~perfmodel.units.quantity_of` builds them; objects built by their constructor, or —
  when no converter changes the values read — by setting the slots and running the validators
  as attrs' ``__init__`` does;
- writing: the converter's data (keys in field order, the unit as written on the form), or
  without orjson its compact JSON text directly (what ``json.dumps`` writes of that data).

They never decide an error. Anything unusual — a value of another type, an unknown key, a value
the model refuses, a subclass — makes them give up (:class:`Slow`, or whatever a constructor or
validator raised), and the caller runs the converter, which gives the result or says what is
wrong, with its path. A fast function only succeeds where the converter succeeds, with an equal
result (the tests compare them on generated and broken documents); field types it does not
inline go through the converter's own hook for that type.

>>> from decimal import Decimal
>>> from perfmodel import Budget, Project
>>> from perfmodel.serialize import default_converter
>>> paths = FastPaths(default_converter(), {Project: "project"}, "perfmodel/1")
>>> paths.unstructurer(Project)(Project("p", year=2025))
{'schema': 'perfmodel/1', 'type': 'project', 'name': 'p', 'year': 2025, ...}
>>> paths.structurer(Budget)({"total": "5.00", "line": 3})
Budget(total=Decimal('5.00'), fiscal=None, ...)
>>> paths.structurer(Budget)({"total": 5.5})
Traceback (most recent call last):
...
perfmodel.serialize._fastrun.Slow
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

import cattrs

from ._fastgen import generate
from ._fastrun import Slow

__all__ = ["FastPaths", "Slow"]


class FastPaths:
    """The generated functions for ``conv``: :meth:`structurer`, :meth:`unstructurer` and
    :meth:`texter` per class.

    ``kinds`` holds the top-level classes with their ``"type"`` codes: functions are made for
    them and for every class they hold, and a top-level object is written with
    ``"schema": schema`` and its code first (what :func:`~perfmodel.serialize.to_dict` writes).
    Built once, on first use; the functions are shared by all threads.

    >>> from perfmodel import Indicator, Project
    >>> from perfmodel.serialize import default_converter
    >>> paths = FastPaths(default_converter(), {Project: "project"}, "perfmodel/1")
    >>> paths.structurer(Indicator) is not None, paths.structurer(dict) is None
    (True, True)
    """

    def __init__(self, conv: cattrs.Converter, kinds: Mapping[type, str], schema: str) -> None:
        self._conv = conv
        self._kinds = dict(kinds)
        self._schema = schema
        self._lock = threading.Lock()
        self._structurers: dict[type, Callable[[Any], Any]] | None = None
        self._unstructurers: dict[type, Callable[[Any], dict[str, Any]]] = {}
        self._texts: dict[type, Callable[[Any], str]] = {}
        self._source = ""

    def _build(self) -> dict[type, Callable[[Any], Any]]:
        with self._lock:
            if self._structurers is not None:
                return self._structurers
            made = generate(self._conv, self._kinds, self._schema)
            self._source = made.source
            self._texts = made.texts
            self._unstructurers = made.unstructurers
            self._structurers = made.structurers
            return self._structurers

    @property
    def source(self) -> str:
        """The generated functions' Python source (for reading; built on first use).

        >>> from perfmodel import Unit
        >>> from perfmodel.serialize import default_converter
        >>> print(FastPaths(default_converter(), {Unit: "unit"}, "perfmodel/1").source)
        def _s_0_Location(o):
            if o.__class__ is not dict: raise Slow
        ...
        """
        if self._structurers is None:
            self._build()
        return self._source

    def structurer(self, cls: Any) -> Callable[[Any], Any] | None:
        """The fast reader of ``cls`` from JSON data (raises on anything unusual), or None.

        >>> from perfmodel import KeyTask, Unit
        >>> from perfmodel.serialize import default_converter
        >>> paths = FastPaths(default_converter(), {Unit: "unit"}, "perfmodel/1")
        >>> paths.structurer(KeyTask)({"name": "任务"})
        KeyTask(name='任务', content='')
        >>> paths.structurer(KeyTask)({"name": 5})
        Traceback (most recent call last):
        ...
        perfmodel.serialize._fastrun.Slow
        """
        table = self._structurers if self._structurers is not None else self._build()
        return table.get(cls) if isinstance(cls, type) else None

    def unstructurer(self, cls: Any) -> Callable[[Any], dict[str, Any]] | None:
        """The fast writer of exactly ``cls`` to JSON data (raises on anything unusual), or None.

        >>> from perfmodel import KeyTask, Unit
        >>> from perfmodel.serialize import default_converter
        >>> paths = FastPaths(default_converter(), {Unit: "unit"}, "perfmodel/1")
        >>> paths.unstructurer(KeyTask)(KeyTask("任务"))
        {'name': '任务', 'content': ''}
        >>> paths.unstructurer(Unit)(Unit("u"))
        {'schema': 'perfmodel/1', 'type': 'unit', 'name': 'u', ...}
        """
        if self._structurers is None:
            self._build()
        return self._unstructurers.get(cls)

    def texter(self, cls: Any) -> Callable[[Any], str] | None:
        """The fast writer of exactly ``cls`` as compact JSON text — what ``json.dumps`` writes
        of the unstructurer's data (raises on anything unusual) — or None.

        >>> from perfmodel import KeyTask, Unit
        >>> from perfmodel.serialize import default_converter
        >>> paths = FastPaths(default_converter(), {Unit: "unit"}, "perfmodel/1")
        >>> paths.texter(KeyTask)(KeyTask("任务"))
        '{"name":"任务","content":""}'
        """
        if self._structurers is None:
            self._build()
        return self._texts.get(cls)
