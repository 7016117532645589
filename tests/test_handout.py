"""The one-page handout (``make handout``, tools/handout.py): one A4 page and one Letter page with the
formula, the expected-value line, every code with its name, the three verdicts and the notation key,
all from the same library tables as the book's theory page."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

import handout
from alliances import notation, typology
from alliances.value import VERDICT_LABELS


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory, browser) -> dict[str, Path]:
    written = handout.write(tmp_path_factory.mktemp("handout"), browser=browser)
    return {path.stem.rsplit("-", 1)[1]: path for path in written}


def _pdf_text(path: Path) -> str:
    return _words(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                 check=True).stdout)


@pytest.mark.browser
def test_one_page_each_on_a4_and_letter(pdfs):
    assert sorted(pdfs) == ["a4", "letter"]
    sizes = {"a4": (595, 842), "letter": (612, 792)}
    for paper, path in pdfs.items():
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Pages:\s+1$", info, re.M), f"{paper}: {info}"
        width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
        assert (round(width), round(height)) == pytest.approx(sizes[paper], abs=1)


@pytest.mark.browser
def test_the_page_holds_the_formula_codes_verdicts_and_key(pdfs):
    for paper, path in pdfs.items():
        text = _pdf_text(path)
        assert "b−c≥a>0" in text.replace(" ", ""), paper
        assert _words(handout.expected_value_line()) in text, paper
        for item in typology.BENEFITS + typology.COSTS:
            assert re.search(rf"\b{item.code}\b {re.escape(item.short)}", text), (paper, item.code)
        for label in VERDICT_LABELS.values():
            assert _words(label) in text, (paper, label)
        for symbol in notation.notation_key()["symbol"]:
            assert symbol in text


@pytest.mark.html
def test_the_key_is_the_theory_pages_key(site):
    """The handout's notation key and the theory page's come from one frame: every cell of
    ``notation.notation_key()`` is in both, word for word."""
    page = _words(html.unescape(re.sub(r"<[^>]+>", " ", (site / "book/theory/theory.html")
                                       .read_text(encoding="utf-8"))))
    sheet = _words(html.unescape(re.sub(r"<[^>]+>", " ", handout.handout_html())))
    cells = [str(cell) for cell in notation.notation_key().to_numpy().ravel() if isinstance(cell, str)]
    assert len(cells) >= 20
    for cell in cells:
        assert _words(cell) in page, f"the theory page lacks {cell!r}"
        assert _words(cell) in sheet, f"the handout lacks {cell!r}"
