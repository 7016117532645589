"""Chapters a student can finish in one sitting (issue 31), read from the notebooks (no build, no kernel).

* ``tools/wordcount.py`` counts a chapter's body: the rendered text of its markdown, without code,
  outputs or folded solutions; every other dropdown counts. The first tests check the tool on tiny
  inputs, the next ones the book: no chapter over :data:`MAX_WORDS`, every chapter ending with
  Key points and Further reading, one home per idea, and the teaching-judgement caveat stated in one
  callout class.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import wordcount  # tools/, put on sys.path by conftest.py
from conftest import toc_parts

ROOT = Path(__file__).resolve().parents[1]
MAX_WORDS = 3000
#: The parts of _toc.yml that are not the students' chapters.
NOT_CHAPTERS = {"Assignments", "For instructors", "Reference", "For maintainers"}
CHAPTERS = [page for caption, pages in toc_parts().items() if caption not in NOT_CHAPTERS
            for page in pages if (ROOT / f"{page}.ipynb").is_file()]
BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "book" / "references.bib")
                          .read_text(encoding="utf-8"), flags=re.M))
TERM = re.compile(r"\{term\}`[^`]*`")
FENCE = re.compile(r"^(`{3,}).*?^\1", flags=re.M | re.S)
#: The one callout class that states the teaching-judgement caveat.
CAVEAT_CLASS = "teaching-judgement"
CALLOUT = re.compile(r"^(:{3,})\{admonition\}[^\n]*\n:class:([^\n]*)\n.*?^\1\s*$", flags=re.M | re.S)


def markdown_of(page: str) -> str:
    cells = json.loads((ROOT / f"{page}.ipynb").read_text(encoding="utf-8"))["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


# --- the tool --------------------------------------------------------------------------------------

def test_words_are_the_rendered_text():
    assert wordcount.markdown_words("# A title\n\nOne two, three.\n") == 5
    assert wordcount.markdown_words("An {term}`ally <alliance>` and `Scenario`.") == 4
    assert wordcount.markdown_words("Read it {cite:p}`istomin2021,morrow1991`.") == 2 + 4
    assert wordcount.markdown_words("(a-label)=\n% a comment\n## Two words\n") == 2
    assert wordcount.markdown_words("The formula $b - c$ holds in 2020–2026.") == 6


def test_code_and_folded_solutions_do_not_count_but_other_dropdowns_do():
    exercise = ("**1. Try.** Add them.\n\n:::{admonition} Solution\n:class: dropdown\n"
                "Many words of a long solution here.\n```python\nx = 1 + 2\n```\n:::\n")
    assert wordcount.markdown_words(exercise) == 4           # "1." is a word
    folded_prose = ":::{admonition} More about it\n:class: dropdown\nFour more words here.\n:::\n"
    assert wordcount.markdown_words(folded_prose) == 3 + 4
    open_solution = ":::{admonition} Solution\n:class: note\nShown to all.\n:::\n"
    assert wordcount.markdown_words(open_solution) == 1 + 3
    assert wordcount.markdown_words("```{code-cell} python\nprint('no')\n```\nYes.\n") == 1
    assert wordcount.markdown_words("````{dropdown} Solution\nhidden words\n````\n") == 0


def test_a_notebook_counts_markdown_cells_only(tmp_path):
    notebook = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["Three words ", "here.\n"]},
        {"cell_type": "markdown", "metadata": {"tags": ["remove-cell"]}, "source": "Not shown at all."},
        {"cell_type": "code", "metadata": {}, "source": "words = 'not these'", "outputs": [
            {"output_type": "stream", "name": "stdout", "text": "nor these"}]},
    ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "page.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    (tmp_path / "book" / "other.md").write_text("# Two words\n", encoding="utf-8")
    assert wordcount.book_words(tmp_path, ["book/page", "book/other"]) == {"book/page": 3,
                                                                          "book/other": 2}
    with pytest.raises(ValueError, match="page='book/none'"):
        wordcount.page_words("book/none", tmp_path)


def test_the_book_is_counted_page_by_page():
    counts = wordcount.book_words()
    assert list(counts)[:2] == ["book/intro", "book/start/getting-started"]
    assert all(counts[page] > 500 for page in CHAPTERS), counts


# --- the book --------------------------------------------------------------------------------------

def test_no_chapter_is_longer_than_a_sitting():
    counts = wordcount.book_words(pages=CHAPTERS)
    assert {page: n for page, n in counts.items() if n > MAX_WORDS} == {}


@pytest.mark.parametrize("page", CHAPTERS)
def test_every_chapter_ends_with_key_points_and_further_reading(page):
    text = markdown_of(page)
    tail = text[text.rfind("\n## Key points"):]
    assert text.rfind("\n## Key points") > 0, f"{page}: no Key points"
    headings = re.findall(r"^## (.+)$", tail, flags=re.M)
    assert headings == ["Key points", "Further reading"], f"{page}: the chapter ends with {headings}"
    points, reading = tail.split("## Further reading")
    bullets = re.findall(r"^- (.+)$", points, flags=re.M)
    assert 3 <= len(bullets) <= 5, f"{page}: {len(bullets)} key points"
    items = re.findall(r"^- \{cite:t\}`([^`]+)`: (.+)$", reading, flags=re.M)
    assert len(items) == len(re.findall(r"^- ", reading, flags=re.M)), f"{page}: an item is no citation"
    assert 2 <= len(items) <= 4, f"{page}: {len(items)} items of further reading"
    assert {key for key, _ in items} <= BIB_KEYS
    assert all(len(why.split()) >= 5 for _, why in items), f"{page}: say why to read each item"


#: Each idea's one home: (label, page).
HOMES = {
    "aggregation-after-1945": "book/theory/theory",
    "status-and-hierarchy": "book/theory/benefits",
    "compliance-75": "book/theory/costs",
    "resolution-68-262": "book/russia/russian-evidence",
}
#: What a page mentioning the idea says, and must link from.
MENTIONS = {"compliance-75": re.compile(r"75\s?%"), "resolution-68-262": re.compile(r"68/262")}


@pytest.mark.parametrize("label", sorted(HOMES))
def test_each_idea_has_one_home_and_the_others_link_to_it(label):
    homes = [page for page in CHAPTERS if f"\n({label})=\n" in "\n" + markdown_of(page)]
    assert homes == [HOMES[label]]
    for page in CHAPTERS:
        text = markdown_of(page)
        if page != HOMES[label] and label in MENTIONS and MENTIONS[label].search(text):
            assert f"<{label}>`" in text, f"{page} mentions {label} without linking to its home"
    linked = [page for page in CHAPTERS if f"<{label}>`" in markdown_of(page)]
    assert linked, f"nothing links to {label}"


@pytest.mark.parametrize("call", ["charts.guarantees_timeline(through_year=2025)",
                                  "cases.preset_comparison()"])
def test_a_chart_or_table_is_shown_on_one_page(call):
    shown = []
    for page in CHAPTERS:
        cells = json.loads((ROOT / f"{page}.ipynb").read_text(encoding="utf-8"))["cells"]
        shown += [page for c in cells if c["cell_type"] == "code" and call in "".join(c["source"])]
    assert len(shown) == 1, shown


@pytest.mark.parametrize("page", CHAPTERS)
def test_the_teaching_judgement_caveat_is_one_callout(page):
    """Stated in at most one callout of class ``teaching-judgement`` a page; anywhere else the phrase
    is a glossary link (``{term}``), never a fresh explanation."""
    text = FENCE.sub("", markdown_of(page))
    callouts = [m for m in CALLOUT.finditer(text) if CAVEAT_CLASS in m.group(2).split()]
    assert len(callouts) <= 1, page
    for callout in callouts:
        text = text.replace(callout.group(0), "")
    left = re.findall(r"(?i)teaching judgements?", TERM.sub("", text))
    assert left == [], f"{page}: {len(left)} unlinked mentions of teaching judgements"


def test_the_caveat_is_explained_in_the_theory_chapter():
    pages = [page for page in CHAPTERS
             if any(CAVEAT_CLASS in m.group(2).split() for m in CALLOUT.finditer(markdown_of(page)))]
    assert pages[0] == "book/theory/theory", pages
