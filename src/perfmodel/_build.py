"""Fast construction of frozen slotted attrs instances whose values are already checked (private).

An attrs ``__init__`` sets each field of a frozen class through ``object.__setattr__``, which
costs about 80 ns a field in CPython 3.11; the scorer, the grammar and the JSON readers build
such objects from values they have checked themselves. A *builder* of a class is a subclass
that adds no slots and stores attributes as a plain class does (``object``'s ``__setattr__``
and ``__delattr__``): an object made as one has its fields stored, then ``__class__ = cls``,
which CPython allows since both have the same layout. It takes about half the time, and the
result is an ordinary instance of the class — same type, fields, equality, hash, repr and
pickling, and frozen like any other.

:func:`builder` makes the builder of a class with a given ``__init__`` (a plain function that
stores the fields and ends with ``self.__class__ = cls``), checks it once and, should CPython
ever refuse, returns a constructor that sets the slots through their descriptors instead;
:func:`subclass` makes one without an ``__init__`` for code that stores the fields itself (the
generated JSON readers, :mod:`perfmodel.serialize._fastgen`).

>>> import attrs
>>> @attrs.frozen(slots=True)
... class Point:
...     x: int
...     y: int = 0
>>> def _build_point(self, x, y):
...     self.x = x
...     self.y = y
...     self.__class__ = Point
>>> make = builder(_build_point, Point)
>>> p = make(1, 2)
>>> type(p) is Point, p == Point(1, 2), p
(True, True, Point(x=1, y=2))
>>> p.x = 5
Traceback (most recent call last):
...
attr.exceptions.FrozenInstanceError: can't set attribute
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = ["builder", "subclass"]

T = TypeVar("T")


def builder(init: Callable[..., None], cls: type[T]) -> Callable[..., T]:
    """A constructor of ``cls`` that runs ``init`` instead of the class's ``__init__``:
    ``init(self, ...)`` stores each field (its parameters are named after them) and ends with
    ``self.__class__ = cls``. The builder class (:func:`subclass`) when CPython allows it,
    checked once; otherwise a constructor that sets the slots through their descriptors.

    >>> import attrs
    >>> @attrs.frozen(slots=True)
    ... class Pair:
    ...     a: int
    ...     b: int
    >>> def _build_pair(self, a, b):
    ...     self.a = a
    ...     self.b = b
    ...     self.__class__ = Pair
    >>> make = builder(_build_pair, Pair)
    >>> make(1, 2), make.__qualname__
    (Pair(a=1, b=2), 'PairBuilder')
    """
    code = init.__code__
    names = code.co_varnames[1 : code.co_argcount]
    build = subclass(cls, init)
    if build is None:
        return _by_descriptors(cls, names)
    probe = build(*([None] * len(names)))
    if type(probe) is not cls:  # pragma: no cover - an init ends with __class__ = cls
        raise TypeError(f"{init.__qualname__} does not build {cls.__qualname__}")
    return build


def subclass(cls: type, init: Callable[..., None] | None = None) -> type | None:
    """The builder class of the attrs class ``cls`` (see the module documentation), with
    ``init`` as its ``__init__`` if given; without one, make an object with ``object.__new__``,
    store every field, then set ``__class__ = cls``. ``None`` when CPython would not make one
    or turn it into an instance of ``cls`` (tried once here).

    >>> import attrs
    >>> @attrs.frozen(slots=True)
    ... class Pair:
    ...     a: int
    ...     b: int
    >>> o = object.__new__(subclass(Pair))
    >>> o.a, o.b = 1, 2
    >>> o.__class__ = Pair
    >>> o == Pair(1, 2), type(o) is Pair
    (True, True)
    """
    namespace: dict[str, Any] = {
        "__slots__": (),
        # both, so that the class's attribute slot is the plain one (with __setattr__ alone,
        # every store would go through a wrapper calling back into Python)
        "__setattr__": object.__setattr__,
        "__delattr__": object.__delattr__,
        "__module__": cls.__module__,
        "__qualname__": f"{cls.__qualname__}Builder",
    }
    if init is not None:
        namespace["__init__"] = init
    try:
        build = type(f"{cls.__name__}Builder", (cls,), namespace)
        probe: Any = object.__new__(build)
        for field in attrs.fields(cls):
            setattr(probe, field.name, None)
        probe.__class__ = cls
    except TypeError:  # a class that refuses subclasses, or another layout
        return None
    return build if type(probe) is cls else None


def _by_descriptors(cls: type[T], names: tuple[str, ...]) -> Callable[..., T]:
    setters = tuple(_descriptor(cls, name).__set__ for name in names)
    new = object.__new__

    def build(*values: Any) -> T:
        instance: T = new(cls)
        for setter, value in zip(setters, values, strict=True):
            setter(instance, value)
        return instance

    return build


def _descriptor(cls: type, name: str) -> Any:
    for klass in cls.__mro__:
        if name in vars(klass):
            return vars(klass)[name]
    raise TypeError(f"{cls.__qualname__} has no slot {name!r}")  # pragma: no cover
