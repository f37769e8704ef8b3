"""The demo of `make demo`, written against the library instead of the CLI.

Reads the seed self-evaluation (001), validates it, scores it, prints its text scorecard, and
writes an HTML scorecard and a plot under out/. Run from the repository root:
``python examples/demo.py``.
"""

from __future__ import annotations

from pathlib import Path

import perfmodel
from perfmodel.report import render_html, render_text
from perfmodel.validate import validate

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "seeds" / "001_f6d8f9a804f89db4.txt"
OUT = ROOT / "out"


def main() -> None:
    result = perfmodel.read_forms(SEED)
    (doc,) = result.documents
    diagnostics = [*result.diagnostics, *validate(doc)]
    evaluation = perfmodel.evaluate(doc)
    print(render_text(doc, evaluation, diagnostics=diagnostics))
    OUT.mkdir(exist_ok=True)
    html = OUT / "scorecard-001.html"
    html.write_text(render_html(doc, evaluation, diagnostics=diagnostics), encoding="utf-8")
    print(f"HTML scorecard: {html}")
    try:
        from perfmodel.report import plot_points
    except ImportError:  # the [plot] extra is not installed
        return
    png = OUT / "points-001.png"
    plot_points(evaluation).savefig(png, dpi=150)
    print(f"plot: {png}")


if __name__ == "__main__":
    main()
