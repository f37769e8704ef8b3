"""perfmodel._build: builders give ordinary, frozen instances; without one, the descriptors."""

from __future__ import annotations

import pickle
from typing import Any

import attrs
import pytest

from perfmodel._build import builder, subclass


@attrs.frozen(slots=True)
class _Point:
    x: int
    y: int = 0


def _build_point(self: Any, x: int, y: int) -> None:
    self.x = x
    self.y = y
    self.__class__ = _Point


class _NoSubclasses:
    __slots__ = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if cls.__name__.endswith("Builder"):
            raise TypeError("no builders")
        super().__init_subclass__(**kwargs)


@attrs.frozen(slots=True)
class _Sealed(_NoSubclasses):
    x: int
    y: int = 0


def _build_sealed(self: Any, x: int, y: int) -> None:  # pragma: no cover - never a builder
    self.x = x
    self.y = y
    self.__class__ = _Sealed


def test_a_builder_makes_ordinary_frozen_instances() -> None:
    make = builder(_build_point, _Point)
    assert isinstance(make, type)
    assert make.__bases__ == (_Point,)
    point = make(1, 2)
    assert type(point) is _Point
    assert point == _Point(1, 2)
    assert hash(point) == hash(_Point(1, 2))
    assert pickle.loads(pickle.dumps(point)) == point
    assert attrs.evolve(point, y=5) == _Point(1, 5)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        point.x = 3  # type: ignore[misc]


def test_without_a_builder_the_slots_are_set_through_their_descriptors() -> None:
    assert subclass(_Sealed) is None
    make = builder(_build_sealed, _Sealed)
    assert not isinstance(make, type)  # the fallback: a function over the slots' descriptors
    sealed = make(1, 2)
    assert type(sealed) is _Sealed
    assert sealed == _Sealed(1, 2)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        sealed.x = 3  # type: ignore[misc]
