"""Write the reviewed snapshot of the results that tests guard: `make snapshot`.

``tests/snapshots/presets.csv`` holds, for every case preset of ``data/case_presets.csv``, the
year it is scored for, the case it re-scores, its b, c, b − c, a, margin and verdict, as the
library computes them (``alliances.cases.preset_summary``). ``tests/test_cases.py`` reads the
expected verdicts from it and checks that the library still gives exactly these values, so adding
or re-scoring a preset needs no edit of a test: run ``make snapshot``, read the change with
``git diff tests/snapshots``, and commit it with the data.

Usage: ``python tools/snapshot.py [--check]`` (``--check``: exit 1 if the snapshot is out of date)
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from alliances import cases, curated

ROOT = Path(__file__).resolve().parents[1]
PRESETS = ROOT / "tests" / "snapshots" / "presets.csv"


def presets_snapshot() -> str:
    """The snapshot's text: one row per preset, numbers rounded to six decimals."""
    summary = cases.preset_summary()
    frame = curated.case_presets().drop_duplicates("case").set_index("case")
    presets = summary.assign(scored_for=summary["case"].map(frame["scored_for"]),
                             rescores=summary["case"].map(frame["rescores"]))
    columns = ["case", "scored_for", "rescores", "b", "c", "net", "a", "margin", "verdict"]
    out = io.StringIO()
    presets[columns].round(6).to_csv(out, index=False, lineterminator="\n")
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether it is up to date")
    args = parser.parse_args(argv)
    text = presets_snapshot()
    current = PRESETS.read_text(encoding="utf-8") if PRESETS.is_file() else ""
    if args.check:
        print("up to date" if text == current else f"{PRESETS} is out of date: run make snapshot")
        return 0 if text == current else 1
    PRESETS.parent.mkdir(parents=True, exist_ok=True)
    PRESETS.write_text(text, encoding="utf-8")
    print(f"{PRESETS.relative_to(ROOT)}: {text.count(chr(10)) - 1} presets"
          + ("" if text != current else " (unchanged)")
          + ". Review the change with `git diff tests/snapshots` and commit it with the data.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
