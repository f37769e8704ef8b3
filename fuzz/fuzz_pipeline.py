"""Fuzz target: everything after reading (validate, evaluate, JSON, reports) on raw bytes.

The invariants are in ``checks.check_pipeline``.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["perfmodel"]):
    from checks import check_pipeline


def main() -> None:
    """Run the fuzzer (libFuzzer flags on the command line)."""
    atheris.Setup(sys.argv, check_pipeline)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
