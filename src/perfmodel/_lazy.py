"""Fields written when first read (private): texts a result carries that few readers ask for.

A scorer builds a result per figure and most results are only added up; their explanations
(计算过程) are read by a person, a report or a serializer, if at all. A class deriving from
:class:`Lazy` names such fields in ``_lazy_fields`` and writes them in ``_write_lazy``: its
builder (see :mod:`perfmodel._build`) leaves their slots empty and keeps what they are written
from in the hidden slot ``_pending``; the first read of any of them writes them all and drops
``_pending``. Whoever reads, compares, hashes, copies, pickles or serializes the object reads the
fields through ordinary attribute access, so they all see the same values as if the class's
``__init__`` had set them; an instance built by ``__init__`` has every slot set and never
comes here. ``_write_lazy`` must depend only on ``_pending`` and the other fields (never on the
decimal context or anything else that may change before the read).

Threads may race to write the fields: each writes the same values, and ``_pending`` goes only
after all of them are set, so a reader that finds it gone finds every field written.

>>> import attrs
>>> from typing import ClassVar
>>> from perfmodel._build import builder
>>> @attrs.frozen(slots=True)
... class Sum(Lazy):
...     a: int
...     b: int
...     text: str
...     _lazy_fields: ClassVar[tuple[str, ...]] = ("text",)
...     def _write_lazy(self, pending):
...         return (f"{self.a} + {self.b} = {self.a + self.b}{pending}",)
>>> def _build_sum(self, a, b, _pending):
...     self.a = a
...     self.b = b
...     self._pending = _pending
...     self.__class__ = Sum
>>> make = builder(_build_sum, Sum)
>>> s = make(1, 2, "!")
>>> s == Sum(1, 2, "1 + 2 = 3!"), s.text, s.text is s.text
(True, '1 + 2 = 3!', True)
>>> s.texts
Traceback (most recent call last):
...
AttributeError: 'Sum' object has no attribute 'texts'
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, ClassVar

__all__ = ["Lazy"]


class Lazy:
    """Base of a frozen slotted attrs class whose fields named in ``_lazy_fields`` a builder
    may leave to be written from ``_pending`` when first read (see the module documentation).

    >>> Lazy._lazy_fields
    ()
    """

    __slots__ = ("_pending",)

    #: The fields written by :meth:`_write_lazy`, in the order it gives them.
    _lazy_fields: ClassVar[tuple[str, ...]] = ()

    def _write_lazy(self, pending: Any) -> tuple[Any, ...]:
        """The values of ``_lazy_fields`` from ``pending`` (and the fields set already).

        >>> Lazy()._write_lazy(None)
        ()
        """
        return ()

    if not TYPE_CHECKING:  # (mypy would take every attribute of such an object to exist)

        def __getattr__(self, name: str) -> Any:
            # called only when the normal look-up fails: an empty slot, or no such attribute
            fields = type(self)._lazy_fields
            if name in fields:
                try:
                    pending = _get_pending(self)
                except AttributeError:  # written meanwhile by another thread, or never built
                    with contextlib.suppress(AttributeError):
                        return object.__getattribute__(self, name)
                else:
                    values = self._write_lazy(pending)
                    for field, value in zip(fields, values, strict=True):
                        object.__setattr__(self, field, value)
                    with contextlib.suppress(AttributeError):  # (gone if another thread wrote)
                        object.__delattr__(self, "_pending")  # the fields replace their parts
                    return values[fields.index(name)]
            raise AttributeError(
                f"{type(self).__name__!r} object has no attribute {name!r}", name=name, obj=self
            )


_get_pending = Lazy.__dict__["_pending"].__get__
