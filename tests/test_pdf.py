"""The whole book as one PDF (``make pdf``, tools/pdf.py), checked with poppler's tools.

The PDF is printed from the built site when it is missing or older than the site. The
checks: every chapter of ``_toc.yml`` appears under its title, in order; the printed page
numbers run 2, 3 ... through the whole file (the title page has none); the page holding
each chart's text (found with pdftotext) also holds vector drawing or an image; the activities
and self-check questions print folded in their chapters, and their answers in the appendix
"Answers to the self-checks" at the end.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser

PDF = ROOT / "_build" / "pdf" / "asymmetric-alliances.pdf"
sys.path.insert(0, str(ROOT / "tools"))

from pdf import APPENDIX, APPENDIX_PATH  # noqa: E402  (tools/ is on the path from here)


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def book_pdf(site):
    for tool in ("pdftotext", "pdffonts", "pdfimages", "pdftocairo", "pdfunite"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is missing: `make test` installs Debian's poppler-utils")
    manifest = PDF.with_suffix(".json")
    # a build writes only the pages that changed, so the PDF is compared with the newest page
    newest = max(page.stat().st_mtime for page in site.rglob("*.html"))
    stale = not PDF.exists() or not manifest.exists() or PDF.stat().st_mtime < newest
    if stale:   # print it in its own process: this one may already drive a browser
        subprocess.run([sys.executable, str(ROOT / "tools" / "pdf.py"), "--site", str(site),
                        "--output", str(PDF)], check=True, timeout=900)
    return PDF, json.loads(manifest.read_text(encoding="utf-8"))


def _pages(pdf) -> list[str]:
    return _run("pdftotext", "-layout", str(pdf), "-").split("\f")[:-1]


def test_every_chapter_appears_in_order_under_its_title(book_pdf):
    pdf, printed = book_pdf
    from conftest import toc_pages

    chapters, appendix = printed[:-1], printed[-1]
    assert [c["path"] for c in chapters] == toc_pages()
    assert appendix["path"] == APPENDIX_PATH and appendix["title"] == APPENDIX
    pages = _pages(pdf)
    assert len(pages) == appendix["first_page"] + appendix["pages"] - 1
    contents = " ".join(" ".join(pages[1:chapters[0]["first_page"] - 1]).split())
    previous = 0
    for chapter in printed:
        title = " ".join(chapter["title"].split())
        assert title and title != chapter["path"], chapter
        first = " ".join(pages[chapter["first_page"] - 1].split())
        assert title[:40] in first, f"{title!r} is not on its first page {chapter['first_page']}"
        assert title[:40] in contents, f"{title!r} is missing from the contents"
        assert chapter["first_page"] > previous
        previous = chapter["first_page"]
    assert "Error response" not in " ".join(pages)
    bibliography = next(c for c in chapters if c["path"] == "book/bibliography")
    start = bibliography["first_page"] - 1
    assert any("References" in p or "Bibliography" in p
               for p in pages[start:start + bibliography["pages"]])


def test_page_numbers_run_in_order(book_pdf):
    pdf, _ = book_pdf
    pages = _pages(pdf)
    numbers = []
    for text in pages:
        lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
        numbers.append(lines[-1] if lines else "")
    assert numbers[0] != "1"                     # the title page carries no number
    assert numbers[1:] == [str(n) for n in range(2, len(pages) + 1)], numbers[:40]


def _drawing(pdf, page: int, tmp_path) -> int:
    """How many vector paths (outside glyph definitions) and images page ``page`` draws."""
    svg = tmp_path / f"p{page}.svg"
    subprocess.run(["pdftocairo", "-svg", "-f", str(page), "-l", str(page), str(pdf), str(svg)],
                   check=True)
    body = re.sub(r"<defs>.*?</defs>", "", svg.read_text(encoding="utf-8"), flags=re.S)
    images = _run("pdfimages", "-list", "-f", str(page), "-l", str(page), str(pdf))
    return len(re.findall(r"<path", body)) + max(0, len(images.splitlines()) - 2)


def test_every_chart_page_holds_a_drawing(book_pdf, tmp_path):
    """Each chart's longest text is on a page of its chapter, and that page draws vectors."""
    pdf, chapters = book_pdf
    pages = [" ".join(p.split()) for p in _run("pdftotext", str(pdf), "-").split("\f")[:-1]]
    with_charts = [c for c in chapters if c["charts"]]
    assert len(with_charts) >= 8
    for chapter in with_charts:
        span = range(chapter["first_page"], chapter["first_page"] + chapter["pages"])
        assert len(chapter["chart_texts"]) == chapter["charts"]
        for text in chapter["chart_texts"]:
            words = " ".join(text.split()[:4])
            if len(words) < 6:
                continue
            found = [p for p in span if words in pages[p - 1]]
            assert found, f"chart text {words!r} of {chapter['title']!r} is not in the PDF"
            assert any(_drawing(pdf, p, tmp_path) >= 10 for p in found), (
                f"the page of chart {words!r} holds no drawing")


_MATHS = re.compile(r"\\\(.*?\\\)")


def _words(text: str) -> str:
    """The longest run of plain words in ``text`` (maths taken out), up to 8 words: text that
    pdftotext gives back as the page shows it."""
    runs = [" ".join(run.split()) for run in _MATHS.split(text)]
    longest = max(runs, key=len).split()
    return " ".join(longest[:8])


def test_the_answers_print_in_the_appendix_and_not_in_their_chapters(book_pdf):
    """Issue 30: each question prints its stem and options in its chapter, its reasons only in the
    appendix; each activity prints its steps in its chapter, its expected outcome in the appendix."""
    pdf, printed = book_pdf
    pages = [" ".join(p.split()) for p in _run("pdftotext", str(pdf), "-").split("\f")[:-1]]

    def text(chapter) -> str:
        first = chapter["first_page"] - 1
        return " ".join(pages[first:first + chapter["pages"]])

    appendix = text(printed[-1])
    chapters = [c for c in printed[:-1] if c["answers"]["questions"] or c["answers"]["activities"]]
    assert sum(bool(c["answers"]["questions"]) for c in chapters) >= 14
    assert sum(len(c["answers"]["activities"]) for c in chapters) >= 11
    for chapter in chapters:
        body = text(chapter)
        assert " ".join(chapter["title"].split())[:40] in appendix, chapter["title"]
        for question in chapter["answers"]["questions"]:
            assert _words(question["question"]) in body, (chapter["title"], question["question"])
            for option in question["options"]:
                assert _words(option["option"]) in body
                reason = _words(option["why"].split(":", 1)[1])
                assert len(reason) > 12, option["why"]
                assert reason in appendix, (chapter["title"], reason)
                assert reason not in body, f"{chapter['title']!r} prints the answer {reason!r}"
        for activity in chapter["answers"]["activities"]:
            move = next(s for s in activity["steps"] if s.startswith("Move."))
            assert _words(move) in body and _words(move) in appendix
            outcome = _words(activity["outcome"])
            assert outcome in appendix, (chapter["title"], outcome)
            assert outcome not in body, f"{chapter['title']!r} prints the outcome {outcome!r}"
