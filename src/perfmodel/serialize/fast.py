"""Fast paths of :func:`~perfmodel.serialize.to_dict`, ``to_json`` and ``from_dict``.

The converter (:mod:`perfmodel.serialize.converter`) walks a document with one hook call per
field and keeps every failure with its JSON path. Most documents are well formed, so for
each of perfmodel's classes (:class:`~perfmodel.model.Unit`, :class:`~perfmodel.model.Project`,
read results, evaluations) and the classes it holds (``Budget``, ``IndicatorTree``,
``Indicator``, ``Target``, ``Actual`` …) plain Python functions are generated from the attrs
fields — as attrs and cattrs generate theirs (``perfmodel.serialize._fastgen``) — the first time
the class is read or written; they do the happy path only:

- reading: exact types checked inline with the converter's own checks (the same decimal and
  date patterns, enum codes, unknown keys refused); quantities built as
  :func:`~perfmodel.units.quantity_of` builds them; objects built by their constructor, or —
  when no converter changes the values read — by setting the slots (``_fastbuild``: a builder)
  and running the validators as attrs' ``__init__`` does, but for those the checks just made
  imply (a short plain decimal string is an admissible figure; a name read is not blank);
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

from ._fastgen import Generated, generate
from ._fastrun import Slow
from .converter import _is_perfmodel_attrs

__all__ = ["FastPaths", "Slow"]


class FastPaths:
    """The generated functions for ``conv``: :meth:`structurer`, :meth:`unstructurer` and
    :meth:`texter` of each of perfmodel's attrs classes.

    A class's functions (and those of the classes it holds) are made the first time one of them
    is asked for, once for all threads: the first use of a kind costs the time to compile them
    (tens of milliseconds), not that of every kind. ``kinds`` holds the top-level classes with
    their ``"type"`` codes: one of them is written with ``"schema": schema`` and its code first
    (what :func:`~perfmodel.serialize.to_dict` writes).

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
        self._made: dict[type, Generated] = {}

    def _functions(self, cls: Any) -> Generated | None:
        """The functions made for ``cls`` (made now if need be), or None: not perfmodel's."""
        made = self._made.get(cls) if isinstance(cls, type) else None
        if made is None and _is_perfmodel_attrs(cls):
            with self._lock:
                made = self._made.get(cls)
                if made is None:
                    made = generate(self._conv, cls, self._kinds.get(cls), self._schema)
                    self._made[cls] = made
        return made

    @property
    def source(self) -> str:
        """The Python source of the functions of the ``kinds`` (for reading; made if need be).

        >>> from perfmodel import Unit
        >>> from perfmodel.serialize import default_converter
        >>> print(FastPaths(default_converter(), {Unit: "unit"}, "perfmodel/1").source)
        def _s_0_Location(o):
            if o.__class__ is not dict: raise Slow
        ...
        """
        made = [self._functions(cls) for cls in self._kinds]
        return "\n\n".join(m.source for m in made if m is not None and m.source)

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
        made = self._functions(cls)
        return None if made is None else made.structurer

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
        made = self._functions(cls)
        return None if made is None else made.unstructurer

    def texter(self, cls: Any) -> Callable[[Any], str] | None:
        """The fast writer of exactly ``cls`` as compact JSON text — what ``json.dumps`` writes
        of the unstructurer's data (raises on anything unusual) — or None.

        >>> from perfmodel import KeyTask, Unit
        >>> from perfmodel.serialize import default_converter
        >>> paths = FastPaths(default_converter(), {Unit: "unit"}, "perfmodel/1")
        >>> paths.texter(KeyTask)(KeyTask("任务"))
        '{"name":"任务","content":""}'
        """
        made = self._functions(cls)
        return None if made is None else made.texter
