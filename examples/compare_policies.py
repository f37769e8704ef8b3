"""Compare scoring policies (评分口径) on the same data.

The central policy (财预〔2020〕10号, national reverse rule), a documented provincial variant
(reverse by ratio, qualitative bands 100–80/80–50/50–0), whole-number points, and a custom policy
built with ``attrs.evolve`` score the same self-evaluation; the figures that differ are printed.

Run: ``python examples/compare_policies.py``
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import attrs
from scorecard_by_hand import build  # the example next to this one

from perfmodel import Policy, evaluate


def cell(text: object, width: int, *, right: bool = True) -> str:
    """Pad to a display width (CJK characters are two columns wide)."""
    shown = str(text)
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in shown)
    pad = " " * max(width - used, 0)
    return pad + shown if right else shown + pad


def main() -> None:
    unit = build()
    policies = {
        "central": Policy.central(),
        "provincial": Policy.provincial(),
        "whole_points": Policy.whole_points(),
        "custom": attrs.evolve(
            Policy.central(),
            name="custom",
            cap_execution=False,
            grade_bands=(Decimal(95), Decimal(80), Decimal(60)),
        ),
    }
    evaluations = {name: evaluate(unit, policy=policy) for name, policy in policies.items()}
    names = list(evaluations)
    print(cell("indicator", 18, right=False) + "".join(cell(n[:14], 16) for n in names))
    first = evaluations[names[0]]
    for index, row in enumerate(first.indicators):
        values = [evaluations[n].indicators[index].points for n in names]
        if len(set(values)) > 1:
            print(
                cell(row.indicator.name[:8], 18, right=False) + "".join(cell(v, 16) for v in values)
            )
    print(cell("total", 18, right=False) + "".join(cell(evaluations[n].total, 16) for n in names))
    grades = [evaluations[n].grade for n in names]
    print(cell("grade", 18, right=False) + "".join(cell(g.label if g else "—", 16) for g in grades))
    print("\nwhy the reverse indicator differs:")
    for name in ("central", "provincial"):
        row = next(r for r in evaluations[name].indicators if r.indicator.name == "单位保洁成本")
        assert row.score is not None
        print(f"  {name}: {row.score.explanation}")


if __name__ == "__main__":
    main()
