"""Run one fuzz target: ``python fuzz/target.py NAME [libFuzzer flags and corpus folders]``.

``NAME`` picks the invariant check in ``checks.py`` (``checks.CHECKS``); perfmodel is
instrumented for coverage as it is imported, and atheris runs libFuzzer on the check with the
remaining arguments. ``run.py`` runs every target this way.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["perfmodel"]):
    import checks


def main() -> None:
    """Fuzz the check named by the first argument (libFuzzer flags after it)."""
    if len(sys.argv) < 2 or sys.argv[1] not in checks.CHECKS:
        sys.exit(f"usage: target.py {{{','.join(checks.CHECKS)}}} [libFuzzer flags] [corpus …]")
    check = checks.CHECKS[sys.argv.pop(1)]
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
