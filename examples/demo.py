"""`make demo`: read every bundled seed form, print its forms, targets and diagnostics.

Run from the repository root: ``python examples/demo.py``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import perfmodel

SEEDS = Path(__file__).resolve().parent.parent / "tests" / "data" / "seeds"


def main() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        result = perfmodel.read_forms(path)
        indicators = sum(len(doc.indicators) for doc in result.documents)
        severities = Counter(d.severity.value for d in result.diagnostics)
        print(
            f"\n=== {path.name}: {len(result.documents)} forms, {indicators} indicators, "
            f"diagnostics {dict(severities)}"
        )
        for doc in result.documents:
            total = perfmodel.money.format_yuan(doc.budget.total or doc.budget.adjusted)
            print(f"--- [{doc.form.title}] {doc.name} ({doc.year}) 预算 {total} 元")
            for ind in doc.indicators:
                target = "—" if ind.target is None else str(ind.target)
                kind = "" if ind.target is None else f" ({ind.target.kind.value})"
                print(f"    {ind.level1}/{ind.level2}/{ind.name}: {target}{kind}")
        for diag in result.diagnostics:
            if diag.severity is not perfmodel.Severity.INFO:
                print(f"  ! {diag}")


if __name__ == "__main__":
    main()
