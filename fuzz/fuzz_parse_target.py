"""Fuzz target: the 指标值 grammar (parse_target, compose_target, Target.is_met).

The invariants are in ``checks.check_target``.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["perfmodel"]):
    from checks import check_target


def main() -> None:
    """Run the fuzzer (libFuzzer flags on the command line)."""
    atheris.Setup(sys.argv, check_target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
