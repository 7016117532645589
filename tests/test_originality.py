"""The book's prose is written in its own words: no run of words copied from the source articles.

Every page (Markdown files and the Markdown cells of notebooks) is compared
with the two articles in ``../shared/seeds``. A run of ``WINDOW`` consecutive
words that also occurs in an article counts as copied, unless it sits inside
quotation marks (short quoted terms with a citation are allowed).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
WINDOW = 9


def words(text: str) -> list[str]:
    text = re.sub(r"-\s*\n\s*", "", text)               # undo the PDF's hyphenation
    text = text.lower().replace("’", "'")
    return re.findall(r"[a-z0-9']+", text)


def shingles(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + WINDOW]) for i in range(len(tokens) - WINDOW + 1)}


def prose(path: Path) -> str:
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", " ", text, flags=re.S)          # code blocks
    text = re.sub(r"\{[a-z:]+\}`[^`]*`", " ", text)               # roles: {cite:p}`...`
    text = re.sub(r"[\"“][^\"”]{0,300}[\"”]", " ", text)          # quoted text
    return text


@pytest.fixture(scope="module")
def article_shingles() -> set[tuple[str, ...]]:
    if not SEEDS.is_dir():
        pytest.fail(f"the source articles are missing: {SEEDS}")
    found: set[tuple[str, ...]] = set()
    for seed in sorted(SEEDS.glob("*.txt")):
        found |= shingles(words(seed.read_text(encoding="utf-8")))
    assert len(found) > 5_000
    return found


PAGES = sorted(p for p in (ROOT / "book").rglob("*") if p.suffix in (".md", ".ipynb")
               and ".ipynb_checkpoints" not in p.parts)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_copied_runs_of_words(page, article_shingles):
    copied = shingles(words(prose(page))) & article_shingles
    assert not copied, f"{len(copied)} runs of {WINDOW} words match the articles, e.g. " \
                       f"{[' '.join(s) for s in sorted(copied)[:3]]}"


def test_the_check_detects_a_copied_sentence(article_shingles):
    seed = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    sentence = " ".join(words(seed)[2000:2000 + WINDOW + 3])
    assert shingles(words(sentence)) & article_shingles
