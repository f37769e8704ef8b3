"""``python -m perfmodel.serialize [--check] [FOLDER]``: rewrite the shipped JSON Schema files."""

from __future__ import annotations

from .schema import main

if __name__ == "__main__":
    raise SystemExit(main())
