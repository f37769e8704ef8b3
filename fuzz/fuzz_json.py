"""Fuzz target: the JSON reader (from_json on raw bytes, then validate and evaluate what it gives).

The invariants are in ``checks.check_json``.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["perfmodel"]):
    from checks import check_json


def main() -> None:
    """Run the fuzzer (libFuzzer flags on the command line)."""
    atheris.Setup(sys.argv, check_json)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
