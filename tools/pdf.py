"""Print the whole book to one PDF: _build/pdf/asymmetric-alliances.pdf (``make pdf``).

Headless Chromium (Debian's ``chromium``, driven by Playwright) prints every page of
``_toc.yml``, in order, from the built HTML book served on 127.0.0.1, with its charts
drawn and its formulas typeset; ``pdfunite`` (poppler-utils) joins the pieces behind a
title page and a table of contents. Nothing is fetched from the internet and no LaTeX
is needed.

* Page numbers run through the whole book: each chapter is printed with CSS page margin
  boxes (``@page { @bottom-center { content: counter(page) } }``) and its page counter
  starts where the previous chapter ended; the running head names the chapter.
* Each chapter starts on a new page; the contents list its first page.
* Solutions stay folded, as on a printed handout (``togglebutton_open_on_print: false``).
* Activities and self-check questions print folded too: an activity its three steps (predict,
  move, explain), a question its options. Their answers go to an appendix at the end, "Answers to
  the self-checks": each chapter's activities with their expected outcomes, and its questions with
  the right answer and the reason for every option. An answer printed under its task would be
  read before the reader has predicted or chosen; a folded one would not print at all. The
  appendix is made from the printed pages themselves (``tools/pdf.js`` reads them before MathJax
  typesets them) and typeset with the book's MathJax.
* The charts are drawn once, at the width of the printed column: each page is laid out for paper
  (print media and the chapter's print styles) before its charts draw.
* One browser tab prints every chapter, going from one to the next as a reader does.
* The browser's side (the print styles added early, the wait for the charts, held scripts and
  formulas) is ``tools/pdf.js``: Python passes it the styles as JSON in a one-line call.

A manifest (``asymmetric-alliances.json``) beside the PDF lists every chapter with its
title, first page, number of pages, number of charts and each chart's longest text (to find
the chart in the PDF); ``tests/test_pdf.py`` reads it.

The PDF is also copied to the top of the site (``_build/html/asymmetric-alliances.pdf``),
where the introduction links to it and the Pages workflow publishes it.

Run ``python tools/pdf.py`` after ``make book``; ``--site`` and ``--output`` pick other
folders.
"""

from __future__ import annotations

import argparse
import datetime
import html
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from alliances.sphinxext import MATHJAX
from bookfiles import CHROMIUM_FLAGS, chromium, serve

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
OUTPUT = ROOT / "_build" / "pdf" / "asymmetric-alliances.pdf"
#: The PDF's name at the top of the published site (book/intro.md links to it).
PUBLISHED = "asymmetric-alliances.pdf"
TITLE = "Asymmetric Alliances"
SUBTITLE = ("Why major powers promise to defend much weaker states, what they gain, "
            "what they pay, and what else they could do")
#: The width in CSS pixels of the printed column (A4, 16 mm side margins): charts are drawn
#: at this width before the page is printed.
COLUMN_PX = 672
FONT = "'Helvetica Neue', Helvetica, Arial, sans-serif"
#: The appendix at the end of the PDF, and its path in the manifest.
APPENDIX = "Answers to the self-checks"
APPENDIX_PATH = "answers"

_PAGE_CSS = """
@page {
  size: A4;
  margin: 20mm 16mm 18mm 16mm;
  @top-left { content: "%(book)s"; font: 8.5pt sans-serif; color: #555; }
  @top-right { content: "%(chapter)s"; font: 8.5pt sans-serif; color: #555; }
  @bottom-center { content: counter(page); font: 10pt sans-serif; }
}
html { counter-reset: page %(before)d; }
"""

# Print styles for a chapter: hide the site's navigation, keep figures whole.
_CHAPTER_CSS = """
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer, .bd-footer-article,
.prev-next-area, .header-article, .bd-header-article, .skip-link, #pst-back-to-top,
.headerlink, .copybtn, .alliances-controls, .toggle-button-hidden { display: none !important; }
.bd-main .bd-content .bd-article-container { max-width: 100% !important; padding: 0 !important; }
.bd-page-width { max-width: 100% !important; }
.bd-container, .bd-main, .bd-content { display: block !important; }
body { font-size: 10.5pt; }
h1 { break-after: avoid; }
h2, h3 { break-after: avoid; }
.alliances-figure, figure, table, .admonition { break-inside: avoid; }
"""

#: The browser's side of printing (``alliancesPrintStyles``, ``alliancesPageDrawn``).
SCRIPT = Path(__file__).resolve().with_name("pdf.js")


@dataclass
class Chapter:
    """One printed page of ``_toc.yml``: its path, part, title, first page, pages and charts."""

    path: str
    part: str
    title: str = ""
    first_page: int = 0
    pages: int = 0
    charts: int = 0
    chart_texts: list[str] = field(default_factory=list)
    #: The chapter's activities and questions with their answers (``answerKey`` in pdf.js).
    answers: dict = field(default_factory=dict)


def toc_chapters(toc_file: Path = ROOT / "_toc.yml") -> list[Chapter]:
    """Every page of ``_toc.yml`` in reading order, with the caption of its part."""
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    chapters = [Chapter(toc["root"], "")]

    def walk(node, part):
        if isinstance(node, dict):
            if "file" in node:
                chapters.append(Chapter(node["file"], part))
            for key in ("chapters", "sections"):
                walk(node.get(key, []), part)
        elif isinstance(node, list):
            for item in node:
                walk(item, part)

    for part in toc.get("parts", []):
        walk(part.get("chapters", []), part.get("caption", ""))
    walk(toc.get("chapters", []), "")
    return chapters


def page_count(pdf: Path) -> int:
    """The number of pages of ``pdf`` (from poppler's ``pdfinfo``)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def page_css(chapter: str, first_page: int) -> str:
    """The ``@page`` rules of a piece whose first page is numbered ``first_page``."""
    return _PAGE_CSS % {"book": TITLE, "chapter": _css_string(chapter), "before": first_page - 1}


def title_page_html() -> str:
    today = datetime.date.today().isoformat()
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 0; }}
body {{ font-family: {FONT}; margin: 0; }}
.title {{ height: 297mm; box-sizing: border-box; padding: 70mm 25mm 0; }}
h1 {{ font-size: 34pt; margin: 0 0 10mm; }}
p.sub {{ font-size: 15pt; line-height: 1.35; color: #333; margin: 0 0 30mm; }}
p.small {{ font-size: 11pt; color: #444; }}
</style></head><body><div class="title"><h1>{TITLE}</h1><p class="sub">{html.escape(SUBTITLE)}</p>
<p class="small">An open, executable teaching book.</p>
<p class="small">Printed from the web edition on {today}. Every chart and explorer is live on
the web; the notebooks run in Jupyter.</p>
<p class="small">Text and figures: CC BY 4.0. Code: MIT licence.</p></div></body></html>"""


def contents_html(chapters: list[Chapter], first_page: int) -> str:
    rows, part = [], None
    for chapter in chapters:
        if chapter.part != part:
            part = chapter.part
            if part:
                rows.append(f'<tr class="part"><td colspan="2">{html.escape(part)}</td></tr>')
        rows.append(f'<tr><td class="t"><span>{html.escape(chapter.title)}</span></td>'
                    f'<td class="n">{chapter.first_page or "000"}</td></tr>')
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
{page_css("Contents", first_page)}
body {{ font-family: {FONT}; font-size: 11pt; }}
h1 {{ font-size: 22pt; margin: 0 0 8mm; }}
table {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
td {{ padding: 1.2mm 0; vertical-align: bottom; }}
td.t {{ overflow: hidden; white-space: nowrap; }}
td.t span::after {{ content: " . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . ."; color: #888; }}
td.n {{ text-align: right; width: 12mm; }}
tr.part td {{ font-weight: bold; padding-top: 5mm; }}
</style></head><body><h1>Contents</h1><table>{"".join(rows)}</table></body></html>"""


def chapter_tab(browser):
    """The browser tab that prints every chapter, laid out for paper from the start: print media,
    the chapter's print styles and a window as wide as the printed column, so that each chapter's
    charts draw once, at the width they are printed.

    One tab goes from chapter to chapter, as a reader's does: a new tab would start a new
    renderer process, which compiles the theme's and Vega's scripts afresh, at about 2 CPU-seconds
    a chapter.
    """
    context = browser.new_context(viewport={"width": COLUMN_PX, "height": 1000})
    context.add_init_script(script=SCRIPT.read_text(encoding="utf-8")
                            + f"\nalliancesPrintStyles({json.dumps(_CHAPTER_CSS)});")
    tab = context.new_page()
    tab.emulate_media(media="print")
    return tab


def print_chapter(tab, url: str, pdf: Path, first_page: int) -> tuple[str, list[str], dict]:
    """Print one page of the book to ``pdf`` from ``tab`` (:func:`chapter_tab`); return its title,
    the longest text of each chart and its answer key (activities and questions)."""
    errors: list[str] = []

    def record(exc) -> None:
        errors.append(str(exc))

    tab.on("pageerror", record)
    try:
        response = tab.goto(url, wait_until="load")
        if response is None or not response.ok:
            raise RuntimeError(f"{url}: HTTP {response.status if response else 'no response'}")
        charts = tab.evaluate("alliancesPageDrawn()")
        title = tab.locator("h1").first.text_content().strip().rstrip("#").strip()
        tab.add_style_tag(content=page_css(title, first_page))   # running head and page numbers
        tab.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        if errors:
            raise RuntimeError(f"{url}: {errors}")
        return title, charts, tab.evaluate("alliancesAnswers()")
    finally:
        tab.remove_listener("pageerror", record)


def print_html(browser, content: str, pdf: Path) -> None:
    context = browser.new_context()
    context.add_init_script(script=SCRIPT.read_text(encoding="utf-8"))
    try:
        page = context.new_page()
        page.set_content(content, wait_until="load")
        page.evaluate("alliancesTypeset()")   # the appendix's maths (MathJax from 127.0.0.1)
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    finally:
        context.close()


def _without_verdict(why: str) -> str:
    """A reason without the page's opening "Right: " or "Not this one: "."""
    return re.sub(r"^(?:Right|Not this one):\s*", "", why)


def _option_html(option: dict) -> str:
    text = option["option"]
    return (f"<b>{html.escape(text)}</b>{' ' if text.endswith(('.', '?', '!')) else ': '}"
            f"{html.escape(_without_verdict(option['why']))}")


def answers_html(chapters: list[Chapter], first_page: int, mathjax: str) -> str:
    """The appendix :data:`APPENDIX`: each chapter's activities with their expected outcomes, and
    its questions with the right answer first and the reason for every option; ``mathjax`` is the
    address of the book's MathJax, which typesets the maths written ``\\( ... \\)``."""
    sections = []
    for chapter in chapters:
        activities, questions = (chapter.answers.get(k, []) for k in ("activities", "questions"))
        if not activities and not questions:
            continue
        parts = [f"<h2>{html.escape(chapter.title)} <span class=\"from\">(page "
                 f"{chapter.first_page})</span></h2>"]
        if activities:
            parts.append("<h3>Predict, move, explain: the expected outcomes</h3>")
            for activity in activities:
                steps = [s.replace(" Write down your prediction before you touch the chart.", "")
                         for s in activity["steps"] if s.startswith(("Predict.", "Move."))]
                parts.append(f'<p class="item">{"<br>".join(map(html.escape, steps))}<br>'
                             f'<b>Expected outcome.</b> {html.escape(activity["outcome"])}</p>')
        if questions:
            parts.append("<h3>Self-check questions</h3>")
            for question in questions:
                right = [o for o in question["options"] if o["right"]]
                # a reason the right answer gives already (a verdict question's) is said once
                said = {_without_verdict(o["why"]) for o in right}
                others = [o for o in question["options"]
                          if not o["right"] and _without_verdict(o["why"]) not in said]
                parts.append(
                    f'<div class="item"><p>{html.escape(question["question"])}</p>'
                    f'<p class="answer">Answer: {"".join(map(_option_html, right))}</p><ul>'
                    + "".join(f"<li>{_option_html(o)}</li>" for o in others) + "</ul></div>")
        sections.append(f"<section>{''.join(parts)}</section>")
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
{page_css(APPENDIX, first_page)}
body {{ font-family: {FONT}; font-size: 10pt; line-height: 1.4; }}
h1 {{ font-size: 22pt; margin: 0 0 4mm; }}
h2 {{ font-size: 14pt; margin: 7mm 0 2mm; break-after: avoid; }}
h2 .from {{ font-size: 10pt; font-weight: normal; color: #555; }}
h3 {{ font-size: 11pt; margin: 3mm 0 1mm; break-after: avoid; }}
.item {{ break-inside: avoid; margin: 0 0 3mm; }}
.item p {{ margin: 0 0 1mm; }}
.answer {{ padding-left: 2mm; border-left: 1mm solid #009E73; }}
ul {{ margin: 0; padding-left: 6mm; color: #333; }}
</style><script src="{html.escape(mathjax)}"></script></head><body><h1>{APPENDIX}</h1>
<p>The expected outcome of every activity and the answer to every self-check question, chapter by
chapter, with the reason why each option is right or wrong. Try each one in its chapter first.</p>
{"".join(sections)}</body></html>"""


def build_pdf(site: Path = SITE, output: Path = OUTPUT) -> list[Chapter]:
    """Print the book in ``site`` to ``output``; return the chapters as printed."""
    from playwright.sync_api import sync_playwright

    if not (site / "index.html").exists():
        raise FileNotFoundError(f"site holds no built book ({site}/index.html): run `make book`")
    for tool in ("pdfunite", "pdfinfo"):
        if not shutil.which(tool):
            raise RuntimeError(f"{tool} is missing: install Debian's poppler-utils")
    chapters = toc_chapters()
    output.parent.mkdir(parents=True, exist_ok=True)
    httpd, base = serve(site)
    try:
        with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            browser = playwright.chromium.launch(executable_path=chromium(),
                                                 args=CHROMIUM_FLAGS)
            print_html(browser, title_page_html(), folder / "00-title.pdf")
            for chapter in chapters:   # titles first, so the contents can be laid out
                chapter.title = chapter.path
            appendix = Chapter(APPENDIX_PATH, "Appendix", title=APPENDIX)
            front = 1 + page_count(_contents(browser, [*chapters, appendix], folder))
            number = front + 1
            pieces = []
            tab = chapter_tab(browser)
            for i, chapter in enumerate(chapters, start=1):
                piece = folder / f"{i:02d}.pdf"
                chapter.title, chapter.chart_texts, chapter.answers = print_chapter(
                    tab, f"{base}/{chapter.path}.html", piece, number)
                chapter.charts = len(chapter.chart_texts)
                chapter.first_page, chapter.pages = number, page_count(piece)
                number += chapter.pages
                pieces.append(piece)
            piece = folder / "99-answers.pdf"
            print_html(browser, answers_html(chapters, number, f"{base}/_static/{MATHJAX}"),
                       piece)
            appendix.first_page, appendix.pages = number, page_count(piece)
            pieces.append(piece)
            chapters.append(appendix)
            contents = _contents(browser, chapters, folder)
            if 1 + page_count(contents) != front:
                raise RuntimeError("the contents changed length once the titles were known")
            browser.close()
            subprocess.run(["pdfunite", str(folder / "00-title.pdf"), str(contents),
                            *map(str, pieces), str(output)], check=True)
    finally:
        httpd.shutdown()
    manifest = output.with_suffix(".json")
    manifest.write_text(json.dumps([asdict(c) for c in chapters], indent=1), encoding="utf-8")
    shutil.copyfile(output, site / PUBLISHED)     # the introduction links to it there
    return chapters


def _contents(browser, chapters: list[Chapter], folder: Path) -> Path:
    path = folder / "01-contents.pdf"
    print_html(browser, contents_html(chapters, 2), path)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Print the built book to one PDF.")
    parser.add_argument("--site", type=Path, default=SITE)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    chapters = build_pdf(args.site, args.output)
    total = chapters[-1].first_page + chapters[-1].pages - 1
    print(f"{args.output}: {total} pages, {len(chapters)} chapters, "
          f"{sum(c.charts for c in chapters)} charts")


if __name__ == "__main__":
    main()
