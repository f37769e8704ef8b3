"""Fuzz target: the importer (read_forms on raw bytes).

The invariants are in ``checks.check_read_forms``.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["perfmodel"]):
    from checks import check_read_forms


def main() -> None:
    """Run the fuzzer (libFuzzer flags on the command line)."""
    atheris.Setup(sys.argv, check_read_forms)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
