"""The slide decks: one offline reveal.js deck per topic, with the book's live charts (``make slides``).

The decks' text is MyST Markdown in ``slides/`` (one file per topic, with speaker notes); Sphinx
builds them with sphinx-revealjs, which bundles reveal.js, so nothing is fetched from a CDN. The
book's own Sphinx extension (``alliances.sphinxext``) is not loaded: it rewrites the book theme's
pages, and a deck is not one.

Two directives bring the library into a deck (this module is the decks' Sphinx extension):

* ``{chart} NAME`` draws one of :data:`CHARTS`: the same library call as the book page named there,
  so the chart's Vega-Lite spec is the book's, byte for byte (``tests/test_slides.py`` compares the
  hashes), drawn live by ``alliances/static/live-chart.js``. The directive's text is the chart's
  description, shown under it;
* ``{library-list} WHAT`` writes a list from the library's tables: the verdicts
  (:data:`alliances.value.VERDICT_LABELS`) or the codes of Tables 1 and 2 with their names.

Each deck is then packed into a folder of its own, ``_build/slides/TOPIC/``: its ``index.html``
and the files it uses (reveal.js, the theme and its fonts, the Vega bundle, the stylesheets), found
by following the page's and the stylesheets' references, so the folder can be copied anywhere and
makes no request outside itself. ``_build/slides/index.html`` lists the decks. With ``--pdf``,
headless Chromium prints each deck through reveal.js's print view (``?print-pdf``) to
``_build/slides/pdf/TOPIC.pdf``, for a learning-management system.

The topics' slugs (:data:`DECKS`) are stable: the course plans refer to the decks by them.
"""

from __future__ import annotations

import argparse
import functools
import html
import re
import shutil
import sys
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "slides"
OUTPUT = ROOT / "_build" / "slides"
#: The browser's side: what "ready" and "laid out for print" mean for a deck.
BROWSER_SCRIPT = Path(__file__).resolve().with_name("slides.js")


@dataclass(frozen=True)
class Deck:
    """One deck: its stable topic slug (its folder and source file), title and book pages."""

    topic: str
    title: str
    pages: tuple[str, ...]


#: The decks, in teaching order. A deck's slug names its source ``slides/TOPIC.md`` and its folder.
DECKS: tuple[Deck, ...] = (
    Deck("formula", "The question and the formula", ("book/theory/theory",)),
    Deck("benefits", "Benefits: what a major power gains", ("book/theory/benefits",)),
    Deck("costs", "Costs: what a major power pays", ("book/theory/costs",)),
    Deck("alternatives", "Alternatives: other tools of domination", ("book/theory/alternatives",)),
    Deck("russian-case", "The Russian case", ("book/russia/russian-case", "book/russia/russian-evidence")),
    Deck("after-the-article", "After the article: the scorecard",
         ("book/russia/after-the-article", "book/russia/scorecard")),
    Deck("un-votes", "Do Russia's allies vote with Russia?", ("book/lab/un-votes",)),
    Deck("conclusion", "Conclusion", ("book/russia/conclusion",)),
)


@dataclass(frozen=True)
class SlideChart:
    """A chart of a deck: the book page that shows the same chart, and the call that draws it
    (returning the chart's HTML, as the book's renderer writes it)."""

    page: str
    draw: Callable[[], str]


def _chart(call: Callable[[], Any]) -> Callable[[], str]:
    def draw() -> str:
        from alliances import render

        return render.vega_html(call().to_dict())
    return draw


def _theory_explorer() -> str:
    from alliances import Scenario, formula_explorer

    example = Scenario(benefits={"1B": 4, "2B": 6}, costs={"D1": 2, "O1": 1},   # the theory page's
                       risk_probabilities={"R1": 0.2}, risk_damages={"R1": 5}, alternative=2)
    return formula_explorer(example, mode="terms").html()


def _case_explorer() -> str:
    from alliances import cases, formula_explorer

    return formula_explorer(presets=cases.load_presets(), title="Case explorer").html()


@functools.cache
def _un_votes() -> Any:
    """The UN-votes chapter's scores and summary, computed as the chapter computes them."""
    from alliances import curated, votes

    scores = votes.agreement_by_subset(votes.load_votes(), "RU", years=(1992, 2019))
    periods = {"1992–2019": (1992, 2019), "1992–2005": (1992, 2005), "2006–2019": (2006, 2019)}
    return scores, votes.convergence_summary(scores, curated.csto_members, periods)


def _agreement_band() -> Any:
    from alliances import charts

    scores, _ = _un_votes()
    identical = scores[(scores["method"] == "identical") & (scores["subset"] == "all")]
    return charts.agreement_band_chart(identical, default="China", show_others=True)


def _gap() -> Any:
    from alliances import charts

    return charts.gap_chart(_un_votes()[1])


def _charts() -> dict[str, SlideChart]:
    from alliances import charts

    return {
        "expected-value": SlideChart("book/theory/theory", _chart(charts.expected_value_chart)),
        "formula-explorer": SlideChart("book/theory/theory", _theory_explorer),
        "benefit-menu": SlideChart("book/theory/benefits", _chart(charts.benefit_menu)),
        "break-even": SlideChart("book/theory/costs", _chart(charts.break_even)),
        "alliance-vs-assistance": SlideChart("book/theory/alternatives", _chart(
            lambda: charts.alliance_vs_assistance(5, 3, assistance_benefits=3, assistance_costs=1.5))),
        "guarantees": SlideChart("book/russia/russian-case", _chart(
            lambda: charts.guarantees_timeline(through_year=2025))),
        "table4": SlideChart("book/russia/russian-evidence", _chart(charts.table4_chart)),
        "functions": SlideChart("book/russia/russian-case", _chart(charts.functions_chart)),
        "case-explorer": SlideChart("book/russia/russian-evidence", _case_explorer),
        "unga-votes": SlideChart("book/russia/scorecard", _chart(charts.unga_votes_chart)),
        "agreement-band": SlideChart("book/lab/un-votes", _chart(_agreement_band)),
        "agreement-gap": SlideChart("book/lab/un-votes", _chart(_gap)),
        "robustness": SlideChart("book/russia/conclusion", _chart(
            lambda: charts.robustness_chart(spread=0.25))),
    }


#: The charts the decks can show, by the name the ``{chart}`` directive takes.
CHARTS: Mapping[str, SlideChart] = _charts()


def library_list(what: str) -> list[tuple[str, str]]:
    """The items of a ``{library-list}``, as (head, text) pairs: ``"verdicts"`` (each verdict and
    its meaning, as the handout prints them), ``"benefits"`` (the codes 1A-2B of Table 1 with the
    book's names) or ``"costs"`` (D1-D3, O1, R1, R2 of Table 2)."""
    from handout import codes, verdicts

    table = codes()
    benefits = table["kind"].str.startswith("Benefit")
    lists = {"verdicts": verdicts(),
             "benefits": list(zip(table.loc[benefits, "code"], table.loc[benefits, "name"])),
             "costs": list(zip(table.loc[~benefits, "code"], table.loc[~benefits, "name"]))}
    if what not in lists:
        raise ValueError(f"what must be one of {', '.join(lists)}, got {what!r}")
    return lists[what]


# --- The Sphinx extension -------------------------------------------------------------------------

def _directives() -> tuple[type, type]:
    from docutils import nodes
    from sphinx.util.docutils import SphinxDirective

    class ChartDirective(SphinxDirective):
        """``{chart} NAME``: a chart of :data:`CHARTS`, live, with its description under it."""

        required_arguments = 1
        has_content = True

        def run(self) -> list[Any]:
            name = self.arguments[0]
            if name not in CHARTS:
                raise self.error(f"chart must be one of {', '.join(CHARTS)}, got {name!r}")
            text = " ".join(" ".join(self.content).split())
            if not text:
                raise self.error(f"the chart {name!r} needs a text description as its content")
            chart = CHARTS[name]
            figure = (f'<figure class="deck-figure" data-chart="{name}" '
                      f'data-book-page="{chart.page}">{chart.draw()}'
                      f'<figcaption>{html.escape(text)}</figcaption></figure>')
            return [nodes.raw("", figure, format="html")]

    class LibraryListDirective(SphinxDirective):
        """``{library-list} WHAT``: a list from the library's tables (:func:`library_list`)."""

        required_arguments = 1

        def run(self) -> list[Any]:
            try:
                items = library_list(self.arguments[0])
            except ValueError as error:
                raise self.error(str(error)) from None
            rows = "".join(f"<li><strong>{html.escape(head)}</strong>: {html.escape(text)}</li>"
                           for head, text in items)
            return [nodes.raw("", f'<ul class="deck-list">{rows}</ul>', format="html")]

    return ChartDirective, LibraryListDirective


def _write_static(app: Any, exception: Exception | None) -> None:
    """Write the Vega bundle and the book's chart stylesheet into the built decks' static folder."""
    if exception is not None:
        return
    from importlib import resources

    from alliances import render

    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / "alliances-vega.js").write_text(render.bundle_javascript(), encoding="utf-8")
    css = resources.files("alliances").joinpath("static", "alliances.css")
    (static / "alliances.css").write_text(css.read_text(encoding="utf-8"), encoding="utf-8")


def _no_favicon(app: Any, pagename: str, templatename: str, context: dict[str, Any],
                doctree: Any) -> None:
    """A deck names an empty icon, so the browser asks no server for /favicon.ico."""
    context["metatags"] = context.get("metatags", "") + '<link rel="icon" href="data:,">'


def setup(app: Any) -> dict[str, Any]:
    """The decks' Sphinx extension: the ``{chart}`` and ``{library-list}`` directives and the
    static files the charts need (the Vega bundle first, in the head, so charts draw at once)."""
    from alliances.render import BUNDLE_ID

    chart, listing = _directives()
    app.add_directive("chart", chart)
    app.add_directive("library-list", listing)
    app.add_js_file("alliances-vega.js", id=BUNDLE_ID)
    app.add_css_file("alliances.css")
    app.connect("html-page-context", _no_favicon)
    app.connect("build-finished", _write_static)
    return {"parallel_read_safe": False, "parallel_write_safe": True}


# --- Building and packing the decks ---------------------------------------------------------------

_REFERENCE = re.compile(r'(?:src|href)="([^"#?]+)[^"]*"')
_CSS_URL = re.compile(r'url\(\s*[\'"]?([^\'")?#]+)[^)]*\)|@import\s+[\'"]([^\'"]+)[\'"]')


def _local_files(html_text: str, page_dir: Path) -> set[Path]:
    """Every file the page at ``page_dir`` loads (scripts, stylesheets and what the stylesheets
    load), as paths in the built site. A reference outside the site fails the build."""
    found: set[Path] = set()
    queue: list[Path] = []
    for tag in re.findall(r"<(?:script|link|img)\b[^>]*>", html_text):
        if re.search(r'rel="(?:index|search|next|prev)"', tag):   # links, not loaded
            continue
        for ref in _REFERENCE.findall(tag):
            if ref.startswith("data:"):
                continue
            if re.match(r"[a-z]+:", ref):
                raise SystemExit(f"a deck loads {ref!r} from outside its folder")
            queue.append((page_dir / ref).resolve())
    while queue:
        path = queue.pop()
        if path in found:
            continue
        if not path.is_file():
            raise SystemExit(f"a deck refers to {path}, which the build did not write")
        found.add(path)
        if path.suffix == ".css":
            for url, imported in _CSS_URL.findall(path.read_text(encoding="utf-8")):
                ref = url or imported
                if ref.startswith("data:"):
                    continue
                if re.match(r"[a-z]+:", ref):
                    raise SystemExit(f"{path.name} loads {ref!r} from outside the deck's folder")
                queue.append((path.parent / ref).resolve())
    return found


def _pack(site: Path, deck: Deck, output: Path) -> Path:
    """Copy one built deck and the files it loads into ``output/TOPIC``; return its index.html."""
    page_dir = site / deck.topic
    text = (page_dir / "index.html").read_text(encoding="utf-8")
    folder = output / deck.topic
    if folder.exists():
        shutil.rmtree(folder)
    for path in _local_files(text, page_dir):
        target = folder / path.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    # the site's shared folders become the deck's own; drop the links to pages it does not hold
    text = re.sub(r'<link rel="(?:index|search|next|prev)"[^>]*>\s*', "", text)
    text = text.replace('"../_static/', '"_static/').replace('data-content_root="../"',
                                                             'data-content_root="./"')
    (folder / "index.html").write_text(text, encoding="utf-8")
    return folder / "index.html"


def _index(decks: tuple[Deck, ...]) -> str:
    items = "".join(f'<li><a href="{d.topic}/index.html">{html.escape(d.title)}</a> '
                    f'(<code>{d.topic}</code>; <a href="pdf/{d.topic}.pdf">PDF</a>)</li>'
                    for d in decks)
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Asymmetric '
            'Alliances: slide decks</title></head><body><h1>Slide decks</h1><p>One deck per '
            f'topic; press S in a deck for the speaker notes.</p><ul>{items}</ul></body></html>')


def build(output: Path = OUTPUT, topics: tuple[str, ...] | None = None) -> list[Path]:
    """Build the decks (all, or those of ``topics``) into ``output``; return their index pages."""
    from sphinx.application import Sphinx

    decks = tuple(d for d in DECKS if topics is None or d.topic in topics)
    unknown = set(topics or ()) - {d.topic for d in DECKS}
    if unknown:
        raise ValueError(f"topics must be among {', '.join(d.topic for d in DECKS)}, got "
                         f"{sorted(unknown)}")
    work = output / ".sphinx"
    if work.exists():
        shutil.rmtree(work)
    app = Sphinx(str(SOURCE), str(SOURCE), str(work / "site"), str(work / "doctrees"),
                 "dirrevealjs", freshenv=True, warningiserror=True, keep_going=False,
                 status=None, confoverrides={"include_patterns": [f"{d.topic}.md" for d in decks],
                                             "root_doc": decks[0].topic})
    with warnings.catch_warnings():   # sphinx-revealjs 3.2 reads an attribute Sphinx 7.4 deprecates
        warnings.filterwarnings("ignore", message=".*RevealjsHTMLBuilder.css_files")
        app.build()
    if app.statuscode:
        raise SystemExit("the decks' build failed")
    pages = [_pack(work / "site", deck, output) for deck in decks]
    (output / "index.html").write_text(_index(decks), encoding="utf-8")
    return pages


def print_pdfs(output: Path = OUTPUT, topics: tuple[str, ...] | None = None,
               browser: Any = None) -> list[Path]:
    """Print each built deck through reveal.js's print view to ``output/pdf/TOPIC.pdf``.

    ``browser`` is a Playwright browser to print with; by default Debian's headless Chromium is
    started for it."""
    from bookfiles import a_browser, serve

    decks = [d for d in DECKS if topics is None or d.topic in topics]
    (output / "pdf").mkdir(parents=True, exist_ok=True)
    httpd, base = serve(output)
    written = []
    try:
        with a_browser(browser) as printer:
            written = [_print_deck(printer, base, deck.topic, output) for deck in decks]
    finally:
        httpd.shutdown()
    return written


def _print_deck(browser: Any, base: str, topic: str, output: Path) -> Path:
    """Print one deck (its folder in ``output``, served at ``base``) to ``output/pdf/TOPIC.pdf``."""
    page = browser.new_page()
    try:
        page.add_init_script(path=str(BROWSER_SCRIPT))
        page.goto(f"{base}/{topic}/index.html?print-pdf", wait_until="load")
        page.wait_for_function("alliancesDeckPrinted()", timeout=30_000)
        page.wait_for_timeout(500)   # the charts fit their boxes on the paper's pages
        path = output / "pdf" / f"{topic}.pdf"
        page.pdf(path=str(path), prefer_css_page_size=True, print_background=True)
    finally:
        page.close()
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("topics", nargs="*", help="the decks to build (default: all): "
                        + ", ".join(d.topic for d in DECKS))
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--pdf", action="store_true", help="also print each deck to a PDF")
    args = parser.parse_args(argv)
    topics = tuple(args.topics) or None
    for page in build(args.output, topics):
        print(f"deck: {page}")
    if args.pdf:
        for path in print_pdfs(args.output, topics):
            print(f"PDF: {path}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
