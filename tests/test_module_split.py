"""Modules split for size keep their import surface: the private halves load in either order and
the names other code imports from the public modules are still there."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _run(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("first", ["perfmodel._grammar", "perfmodel.targets"])
def test_targets_and_its_grammar_load_in_either_order(first: str) -> None:
    _run(
        f"import {first}\n"
        "from perfmodel.targets import _direction_of, _norm, _parse_target, parse_target\n"
        "assert str(parse_target('不低于90%')) == '≥90%'\n"
        "assert _parse_target('及时', False).label == '及时'\n"
        "assert _direction_of('较上年下降').value == 'down' and _norm(' a b ') == 'ab'\n"
    )


@pytest.mark.parametrize(
    "first", ["perfmodel.serialize._containers", "perfmodel.serialize.converter"]
)
def test_converter_and_its_container_hooks_load_in_either_order(first: str) -> None:
    _run(
        f"import {first}\n"
        "from perfmodel.serialize.converter import Invalid, show, _union_args, make_converter\n"
        "assert show(None) == 'null' and issubclass(Invalid, ValueError)\n"
        "assert make_converter().structure(['a'], tuple[str, ...]) == ('a',)\n"
    )


def test_vocab_keeps_the_words_of_its_private_groups() -> None:
    from perfmodel import _vocab_checks, _vocab_forms, vocab

    for group in (_vocab_checks, _vocab_forms):
        for name in group.__all__:
            assert getattr(vocab, name) is getattr(group, name)
            assert name not in vocab.__all__
