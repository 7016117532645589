"""The one-page handout: the formula, the codes, the verdicts and the notation key (``make handout``).

The page is written from the library's own tables, the same ones the book's pages show, so the
handout cannot drift from the book: the notation key of :mod:`alliances.notation` (the theory
page's notation key is the same frame, and it names each input's parameter), the codes and names
of Tables 1 and 2 from :mod:`alliances.typology`, the verdicts from
:data:`alliances.value.VERDICT_LABELS`, and the expected-value line from the typology's codes.
Headless Chromium (Debian's ``chromium``, driven by Playwright) prints it twice, on A4 and on US
Letter, to ``_build/handout/asymmetric-alliances-handout-a4.pdf`` and ``-letter.pdf``; each must
fit on one page. Its stylesheet is ``tools/handout.css``.
"""

from __future__ import annotations

import argparse
import html
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "_build" / "handout"
STYLESHEET = Path(__file__).with_name("handout.css")
#: The paper sizes, by the name in the file's name and Chromium's format.
PAPERS = {"a4": "A4", "letter": "Letter"}
TITLE = "Asymmetric Alliances: the formula on one page"


def expected_value_line() -> str:
    """The expected benefits and costs in one line, with the typology's codes: b = Σ p × v over
    1A, 1B, 2A, 2B; c = D1 + D2 + D3 + O1 + Σ p × d over R1, R2."""
    from alliances.typology import BENEFIT_CODES, DIRECT_CODES, OPPORTUNITY_CODES, RISK_CODES

    return (f"b = Σ p × v over {', '.join(BENEFIT_CODES)};  c = "
            f"{' + '.join(DIRECT_CODES + OPPORTUNITY_CODES)} + Σ p × d over {', '.join(RISK_CODES)}")


def codes() -> pd.DataFrame:
    """The codes of Tables 1 and 2 (1A-2B, D1-D3, O1, R1, R2) with the book's name for each and
    the article's wording."""
    from alliances import typology

    rows = ([("Benefit (Table 1)", b.code, b.short, b.label) for b in typology.BENEFITS]
            + [(f"{c.kind.label} (Table 2)", c.code, c.short, c.label) for c in typology.COSTS])
    return pd.DataFrame(rows, columns=["kind", "code", "name", "the article's wording"])


def verdicts() -> list[tuple[str, str]]:
    """The three verdicts of :data:`alliances.value.VERDICT_LABELS`, each as (verdict, meaning)."""
    from alliances.value import VERDICT_LABELS

    return [(head, text) for head, text in (label.split(": ", 1) for label in VERDICT_LABELS.values())]


def _table(frame: pd.DataFrame, css_class: str) -> str:
    return frame.to_html(index=False, na_rep="", escape=True, border=0, classes=css_class)


def handout_html() -> str:
    """The handout as one HTML page, with its stylesheet inline (it loads nothing)."""
    from alliances import notation

    listed = "".join(f"<li><strong>{html.escape(head)}</strong>: {html.escape(text)}</li>"
                     for head, text in verdicts())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(TITLE)}</title>
<style>{STYLESHEET.read_text(encoding="utf-8")}</style></head>
<body><main>
<h1>{html.escape(TITLE)}</h1>
<section class="formula">
<p class="rule"><var>b</var> − <var>c</var> ≥ <var>a</var> &gt; 0</p>
<p>An alliance is worth keeping when its expected benefits <var>b</var> minus its expected costs
<var>c</var> are positive and at least the net value <var>a</var> of the best alternative tool.</p>
<p class="expected"><strong>Expected value:</strong> {html.escape(expected_value_line())}</p>
</section>
<section><h2>The three verdicts</h2><ul class="verdicts">{listed}</ul></section>
<section><h2>The codes</h2>{_table(codes(), "codes")}</section>
<section><h2>Notation key</h2>{_table(notation.notation_key(), "key")}</section>
<p class="source">The codes follow Tables 1 and 2 of Istomin (2021); the short names are the book's.
Written from the book's library (<code>alliances.notation</code>, <code>alliances.typology</code>,
<code>alliances.value</code>), as the book's pages are.</p>
</main></body></html>
"""


def write(output: Path = OUTPUT, browser: Any = None) -> list[Path]:
    """Write the handout's HTML and print it to one PDF per paper size; return the PDFs.

    ``browser`` is a Playwright browser to print with (the tests pass theirs: Playwright's
    synchronous API cannot start a second time in one process); without one, Chromium is started
    and closed here.
    """
    output.mkdir(parents=True, exist_ok=True)
    page_file = output / "asymmetric-alliances-handout.html"
    page_file.write_text(handout_html(), encoding="utf-8")
    from bookfiles import a_browser

    with a_browser(browser) as printer:
        return _print(printer, page_file, output)


def _print(browser: Any, page_file: Path, output: Path) -> list[Path]:
    """Print ``page_file`` to one PDF per paper size in ``output`` with ``browser``."""
    page = browser.new_page()
    try:
        page.goto(page_file.as_uri(), wait_until="load")
        written = []
        for name, paper in PAPERS.items():
            path = output / f"asymmetric-alliances-handout-{name}.pdf"
            page.pdf(path=str(path), format=paper, print_background=True,
                     margin={"top": "11mm", "bottom": "11mm", "left": "12mm", "right": "12mm"})
            written.append(path)
        return written
    finally:
        page.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    for path in write(args.output):
        print(f"handout: {path}")


if __name__ == "__main__":
    main()
