"""Fast construction of frozen slotted attrs instances whose values are already checked (private).

An attrs ``__init__`` sets each field of a frozen class through ``object.__setattr__``, which
costs about 80 ns a field in CPython 3.11; the scorer builds several such objects per indicator
from values it has checked itself. A *builder* is a plain class with the same base and the same
slots as the frozen class, whose ``__init__`` sets its slots by ordinary attribute stores and
ends with ``self.__class__ = cls`` (CPython allows that assignment between classes of the same
layout): a third of the time, and the result is an ordinary instance of the class — same type,
fields, equality, hash, repr and pickling, and frozen like any other.

CPython refuses the assignment when a class holds a ``__weakref__`` slot of its own besides
other slots, so those classes derive from :class:`Built`, which holds it. :func:`builder` checks
the builder once and, should the layouts ever differ, returns a constructor that sets the slots
through their descriptors instead.

>>> import attrs
>>> @attrs.frozen(slots=True)
... class Point(Built):
...     x: int
...     y: int = 0
>>> class _PointBuilder(Built):
...     __slots__ = own_slots(Point)
...     def __init__(self, x, y):
...         self.x = x
...         self.y = y
...         self.__class__ = Point
>>> make = builder(_PointBuilder, Point)
>>> p = make(1, 2)
>>> type(p) is Point, p == Point(1, 2), p, make is _PointBuilder
(True, True, Point(x=1, y=2), True)
>>> p.x = 5
Traceback (most recent call last):
...
attr.exceptions.FrozenInstanceError: can't set attribute
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["Built", "builder", "own_slots"]

T = TypeVar("T")


class Built:
    """Base of the classes built by a :func:`builder`: it holds their ``__weakref__`` slot
    (attrs adds none when a base has one), so that a builder can match their layout.

    >>> import weakref
    >>> weakref.ref(Built()) is not None
    True
    """

    __slots__ = ("__weakref__",)


def own_slots(cls: type) -> tuple[str, ...]:
    """The slots ``cls`` adds to its bases (``__weakref__`` aside): a builder's ``__slots__``.

    >>> import attrs
    >>> @attrs.frozen(slots=True)
    ... class Pair(Built):
    ...     a: int
    ...     b: int
    >>> own_slots(Pair)
    ('a', 'b')
    """
    return tuple(name for name in cls.__dict__.get("__slots__", ()) if name != "__weakref__")


def builder(build: type, cls: type[T]) -> Callable[..., T]:
    """``build`` (a builder of ``cls``, see the module documentation) once checked to give
    instances of ``cls``; otherwise a constructor taking the same arguments that sets the slots
    of ``cls`` through their descriptors. The parameters of ``build.__init__`` are named after
    the slots they set.

    >>> import attrs
    >>> @attrs.frozen(slots=True)
    ... class Pair:  # a __weakref__ slot of its own: the assignment is refused
    ...     a: int
    ...     b: int
    >>> class _PairBuilder:
    ...     __slots__ = own_slots(Pair)
    ...     def __init__(self, a, b):
    ...         self.a = a
    ...         self.b = b
    ...         self.__class__ = Pair
    >>> make = builder(_PairBuilder, Pair)
    >>> make(1, 2), make is _PairBuilder
    (Pair(a=1, b=2), False)
    """
    code = build.__dict__["__init__"].__code__
    names = code.co_varnames[1 : code.co_argcount]
    try:
        probe = build(*([None] * len(names)))
    except TypeError:  # the layouts differ
        return _by_descriptors(cls, names)
    if type(probe) is not cls:  # pragma: no cover - a builder ends with __class__ = cls
        raise TypeError(f"{build.__qualname__} does not build {cls.__qualname__}")
    return build


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
