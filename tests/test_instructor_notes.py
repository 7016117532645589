"""The instructor's notes: every discussion question has a label and a note, every note a question;
the reading guide covers every section of the article with 2–4 questions, each with answer notes;
and no note reaches the public site or the students' zip (``tools/instructor_notes.py``)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

import instructor_notes as notes_tool  # tools/, put on sys.path by conftest.py
from conftest import ROOT
from coursepack import instructor_files, pack_files

#: The article's sections, in order, as the reading guide labels them: the unnumbered introduction,
#: sections 1 to 6, the unnumbered conclusion; then the companion article (its abstract).
ARTICLE_SECTIONS = ["reading-introduction", *(f"reading-s{n}" for n in range(1, 7)),
                    "reading-conclusion", "reading-companion"]


@pytest.fixture(scope="module")
def questions() -> dict[str, notes_tool.Question]:
    return notes_tool.discussion_questions(ROOT)


@pytest.fixture(scope="module")
def discussion_notes() -> dict[str, dict]:
    return notes_tool.load_notes(ROOT / notes_tool.DISCUSSION_NOTES)


@pytest.fixture(scope="module")
def guide() -> list[notes_tool.Section]:
    return notes_tool.reading_guide(ROOT)


@pytest.fixture(scope="module")
def reading_notes() -> dict[str, dict]:
    return notes_tool.load_notes(ROOT / notes_tool.READING_NOTES)


@pytest.fixture(scope="module")
def bib() -> set[str]:
    return notes_tool.bibliography_keys(ROOT)


def test_the_parser_reads_labelled_items_and_finds_unlabelled_ones():
    markdown = ("## Discussion questions\n\n1. (dq-x-1)=\n   Why {term}`this <alliance>`?\n"
                "   And more?\n2. Unlabelled?\n\n## Key points\n\n1. (dq-x-9)=\n   Not here.\n")
    [section] = notes_tool.discussion_sections(markdown)
    items = notes_tool.labelled_items(section)
    assert items == [("dq-x-1", 1, "Why {term}`this <alliance>`? And more?")]
    assert notes_tool.plain(items[0][2]) == "Why this? And more?"
    assert [line for line in section.splitlines() if notes_tool._ITEM.match(line)
            and not notes_tool._LABELLED_ITEM.match(line)] == ["2. Unlabelled?"]


def test_every_discussion_question_has_a_label_named_after_its_chapter_and_number(questions):
    assert notes_tool.unlabelled_discussion_questions(ROOT) == []
    assert len(questions) >= 45
    for label, question in questions.items():
        assert label == f"dq-{Path(question.page).name}-{question.number}", label
        assert question.text.endswith("?") or "?" in question.text, label
    by_page: dict[str, list[int]] = {}
    for question in questions.values():
        by_page.setdefault(question.page, []).append(question.number)
    assert all(numbers == list(range(1, len(numbers) + 1)) for numbers in by_page.values()), by_page


def test_every_label_has_a_note_and_every_note_a_question(questions, discussion_notes):
    assert sorted(set(questions) - set(discussion_notes)) == [], "questions without a note"
    assert sorted(set(discussion_notes) - set(questions)) == [], "notes without a question"


def _filled(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def test_every_discussion_note_is_complete(discussion_notes, bib):
    for label, note in discussion_notes.items():
        assert set(note) == {"points", "misconception", "follow_up", "cite"}, label
        assert len(note["points"]) >= 3 and all(map(_filled, note["points"])), label
        assert _filled(note["misconception"]) and not note["misconception"].rstrip().endswith("?"), \
            f"{label}: the misconception is a claim, not a question"
        assert _filled(note["follow_up"]) and note["follow_up"].rstrip().endswith("?"), label
        assert note["cite"] and set(note["cite"]) <= bib, f"{label}: {set(note['cite']) - bib}"


def test_the_reading_guide_covers_every_section_with_two_to_four_questions(guide):
    assert [section.label for section in guide] == ARTICLE_SECTIONS
    for section in guide:
        numbers = [question.number for question in section.questions]
        assert 2 <= len(numbers) <= 4 and numbers == list(range(1, len(numbers) + 1)), section.label
        assert all(q.label == f"{section.label}-{q.number}" and q.text for q in section.questions)
        assert re.search(r"\*\*Expanded in:\*\* .*\{doc\}`", section.body), \
            f"{section.label}: no pointer to the chapter that expands it"


def test_every_reading_question_has_answer_notes_and_every_note_a_question(guide, reading_notes, bib):
    labels = {question.label for section in guide for question in section.questions}
    assert sorted(labels ^ set(reading_notes)) == []
    for label, note in reading_notes.items():
        assert set(note) == {"answer", "where", "cite"}, label
        assert len(note["answer"]) >= 2 and all(map(_filled, note["answer"])), label
        assert _filled(note["where"]), label
        assert note["cite"] and set(note["cite"]) <= bib, f"{label}: {set(note['cite']) - bib}"


def test_the_markdown_for_the_instructor_zip_is_up_to_date():
    assert notes_tool.stale(ROOT) == [], "run: python tools/instructor_notes.py"


def _note_texts(discussion_notes: dict, reading_notes: dict) -> list[str]:
    """Every sentence-long text of the notes, as a reader would see it (no maths)."""
    texts = [text for note in discussion_notes.values()
             for text in (*note["points"], note["misconception"], note["follow_up"])]
    texts += [text for note in reading_notes.values() for text in note["answer"]]
    texts = [text for text in texts if "$" not in text]
    assert len(texts) > 200
    return texts


def _normal(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).lower()


def test_the_notes_go_to_the_instructor_zip_and_not_to_the_students(discussion_notes, reading_notes):
    instructor = instructor_files(ROOT)
    assert instructor["discussion-notes.md"] == ROOT / "instructor" / "discussion-notes.md"
    assert instructor["reading-guide-notes.md"] == ROOT / "instructor" / "reading-guide-notes.md"
    students = pack_files(ROOT)
    assert not [name for name in students if "instructor" in Path(name).parts
                or Path(name).stem in ("discussion-notes", "reading-guide-notes")]
    packed = _normal("\n".join(path.read_text(encoding="utf-8", errors="ignore")
                               for name, path in students.items()
                               if name.endswith((".ipynb", ".md", ".py", ".yml"))))
    leaked = [text for text in _note_texts(discussion_notes, reading_notes)
              if _normal(text) in packed]
    assert leaked == []


@pytest.mark.html
def test_no_note_is_on_the_public_site(site, discussion_notes, reading_notes):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    markup = re.sub(r"<(script|style)\b.*?</\1>", "",
                    "\n".join(p.read_text(encoding="utf-8") for p in pages), flags=re.S | re.I)
    text = _normal(html.unescape(re.sub(r"<[^>]+>", "", markup)))
    assert "reading guide to the article" in text
    leaked = [note for note in _note_texts(discussion_notes, reading_notes) if _normal(note) in text]
    assert leaked == []
