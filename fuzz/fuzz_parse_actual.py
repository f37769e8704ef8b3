"""Fuzz target: 实际完成值 parsing (parse_actual, Actual.magnitude_in).

The invariants are in ``checks.check_actual``.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["perfmodel"]):
    from checks import check_actual


def main() -> None:
    """Run the fuzzer (libFuzzer flags on the command line)."""
    atheris.Setup(sys.argv, check_actual)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
