"""The instructor's notes on the discussion questions and on the reading guide, as Markdown.

Every question of a chapter's "Discussion questions" list carries a label, ``(dq-<notebook>-<n>)=``,
inside its list item, so that ``{ref}`question 2 <dq-costs-2>``` links to that very question. The
reading guide to the article (``book/instructor/reading-guide.md``) labels its sections
``(reading-<section>)=`` and its questions ``(reading-<section>-<n>)=`` the same way. The notes on
them live under ``instructor/``, which never reaches the book or the students' zip:

* ``instructor/discussion-notes.yml``: for each ``dq-`` label, the points a good discussion
  reaches, one common misconception (a claim), a follow-up question and the sources;
* ``instructor/reading-guide-notes.yml``: for each reading-guide question, the answer notes,
  where to look in the article and the sources.

This tool reads the questions from the book and the notes from those files and writes them
together as ``instructor/discussion-notes.md`` and ``instructor/reading-guide-notes.md``, which go
into the instructor's zip (``tools/coursepack.py``). ``tests/test_instructor_notes.py`` checks
that every question has a note and every note a question, and that the Markdown is up to date.

Use: ``python tools/instructor_notes.py`` writes both files; ``--check`` only says whether they are
up to date (exit status 1 if not).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from bookfiles import ROOT, toc_pages

DISCUSSION_NOTES = Path("instructor") / "discussion-notes.yml"
READING_NOTES = Path("instructor") / "reading-guide-notes.yml"
READING_GUIDE = Path("book") / "instructor" / "reading-guide.md"
BIBLIOGRAPHY = Path("book") / "references.bib"

#: A labelled list item: ``2. (dq-costs-2)=`` on a line of its own, the question on the next lines.
_LABELLED_ITEM = re.compile(r"^(?P<number>\d+)\.\s+\((?P<label>[A-Za-z0-9_-]+)\)=\s*$")
_ITEM = re.compile(r"^\d+\.\s")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>.+?)\s*$")
_TARGET = re.compile(r"^\((?P<label>[A-Za-z0-9_-]+)\)=\s*$")
_ROLE = re.compile(r"\{[a-z:]+\}`(?P<content>[^`]*)`")
_EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<[^<>]+>$", re.DOTALL)


@dataclass(frozen=True)
class Question:
    """One labelled question: its label, the page it is on (with that page's title), its number
    in its list and its text as MyST."""

    label: str
    page: str
    title: str
    number: int
    text: str


@dataclass(frozen=True)
class Section:
    """A section of the reading guide: its label, its title and its questions, in order."""

    label: str
    title: str
    questions: tuple[Question, ...]
    body: str


def plain(myst: str) -> str:
    """MyST inline text as plain Markdown: each role becomes the text it shows."""
    def shown(match: re.Match[str]) -> str:
        content = match.group("content")
        explicit = _EXPLICIT.match(content)
        return explicit.group("text") if explicit else content
    return _ROLE.sub(shown, myst)


def labelled_items(markdown: str) -> list[tuple[str, int, str]]:
    """Every labelled list item of ``markdown``: (label, number, text), in order. The text is the
    item's indented lines after the label, joined into one line."""
    lines = markdown.splitlines()
    found = []
    for i, line in enumerate(lines):
        item = _LABELLED_ITEM.match(line)
        if not item:
            continue
        text = []
        for following in lines[i + 1:]:
            if not following.startswith(" ") or not following.strip():
                break
            text.append(following.strip())
        found.append((item.group("label"), int(item.group("number")), " ".join(text)))
    return found


def discussion_sections(markdown: str) -> list[str]:
    """The text of every "Discussion questions" section of ``markdown`` (up to the next heading)."""
    sections, current = [], None
    for line in markdown.splitlines():
        heading = _HEADING.match(line)
        if heading:
            current = [] if heading.group("title").lower() == "discussion questions" else None
            if current is not None:
                sections.append(current)
            continue
        if current is not None:
            current.append(line)
    return ["\n".join(section) for section in sections]


def _notebook_markdown(path: Path) -> str:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return "\n\n".join("".join(cell["source"]) for cell in notebook["cells"]
                       if cell["cell_type"] == "markdown")


def _title(markdown: str) -> str:
    return next((m.group("title") for m in map(_HEADING.match, markdown.splitlines())
                 if m and len(m.group("hashes")) == 1), "")


def chapters(root: Path = ROOT) -> dict[str, str]:
    """Every notebook page of ``_toc.yml``, in order: page (``book/theory/costs``) → its markdown."""
    return {page: _notebook_markdown(root / f"{page}.ipynb") for page in toc_pages(root)
            if (root / f"{page}.ipynb").is_file()}


def discussion_questions(root: Path = ROOT) -> dict[str, Question]:
    """Every labelled question of the chapters' "Discussion questions" lists, label → question,
    in the book's order."""
    questions = {}
    for page, markdown in chapters(root).items():
        title = plain(_title(markdown))
        for section in discussion_sections(markdown):
            for label, number, text in labelled_items(section):
                questions[label] = Question(label, page, title, number, text)
    return questions


def unlabelled_discussion_questions(root: Path = ROOT) -> list[str]:
    """Items of a "Discussion questions" list with no label, as ``page: item``."""
    return [f"{page}: {line.strip()[:60]}" for page, markdown in chapters(root).items()
            for section in discussion_sections(markdown) for line in section.splitlines()
            if _ITEM.match(line) and not _LABELLED_ITEM.match(line)]


def reading_guide(root: Path = ROOT) -> list[Section]:
    """The reading guide's sections: each ``(reading-<id>)=`` target before a ``##`` heading, with
    the labelled questions and the text up to the next such heading."""
    page = READING_GUIDE.with_suffix("").as_posix()
    lines = (root / READING_GUIDE).read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(lines[:-1])
              if _TARGET.match(line) and lines[i + 1].startswith("## ")]
    sections = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        label = _TARGET.match(lines[start]).group("label")
        title = lines[start + 1][3:].strip()
        body = "\n".join(lines[start + 2:end])
        questions = tuple(Question(item, page, title, number, text)
                          for item, number, text in labelled_items(body))
        sections.append(Section(label, title, questions, body))
    return sections


def load_notes(path: Path) -> dict[str, dict]:
    """A notes file: label → its note (a mapping of fields)."""
    notes = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(notes, dict):
        raise ValueError(f"{path}: expected a mapping of labels to notes")
    return notes


def bibliography_keys(root: Path = ROOT) -> set[str]:
    """The keys of ``book/references.bib``."""
    text = (root / BIBLIOGRAPHY).read_text(encoding="utf-8")
    return set(re.findall(r"^@\w+\{([^,\s]+),", text, re.MULTILINE))


def _sources(keys: list[str]) -> str:
    return ", ".join(f"`{key}`" for key in keys)


_WARNING = ("*For the instructor only: keep this file off the learning-management system. "
            "The repository is public, so a student who looks can find it there too.*")


def render_discussion_notes(root: Path = ROOT) -> str:
    """The discussion notes as one Markdown document, chapter by chapter in the book's order."""
    questions = discussion_questions(root)
    notes = load_notes(root / DISCUSSION_NOTES)
    out = ["# Notes on the discussion questions", "", _WARNING, "",
           "Each chapter of the book ends with discussion questions. For each one, these notes give "
           "the points a good discussion reaches, a misconception students often voice, and a "
           "follow-up question. Link to a question from your own pages with its label, for example "
           "``{ref}`question 2 <dq-costs-2>` `` in the book's MyST. The sources are keys of the "
           "book's bibliography.", ""]
    page = None
    for label, question in questions.items():
        if question.page != page:
            page = question.page
            out += [f"## {question.title}", "", f"`{page}`", ""]
        note = notes.get(label, {})
        out += [f"### Question {question.number} (`{label}`)", "", f"> {plain(question.text)}", "",
                "**A good discussion reaches:**", ""]
        out += [f"- {point}" for point in note.get("points", [])]
        out += ["", f"**A common misconception:** \u201c{note.get('misconception', '')}\u201d", "",
                f"**Follow-up:** {note.get('follow_up', '')}", "",
                f"**Sources:** {_sources(note.get('cite', []))}", ""]
    return "\n".join(out).rstrip() + "\n"


def render_reading_notes(root: Path = ROOT) -> str:
    """The answer notes of the reading guide as one Markdown document, section by section."""
    notes = load_notes(root / READING_NOTES)
    out = ["# Answer notes: reading guide to the article", "", _WARNING, "",
           "The questions are on the book's page *Reading guide to the article* "
           f"(`{READING_GUIDE.as_posix()}`); the main article is Istomin (2021), the companion "
           "article Istomin and Baykov (2020), of which only the abstract survives. The sources "
           "are keys of the book's bibliography.", ""]
    for section in reading_guide(root):
        out += [f"## {section.title}", ""]
        for question in section.questions:
            note = notes.get(question.label, {})
            out += [f"### Question {question.number} (`{question.label}`)", "",
                    f"> {plain(question.text)}", ""]
            out += [f"- {point}" for point in note.get("answer", [])]
            out += ["", f"**Where to look:** {note.get('where', '')}", "",
                    f"**Sources:** {_sources(note.get('cite', []))}", ""]
    return "\n".join(out).rstrip() + "\n"


#: The Markdown files this tool writes, under ``instructor/``, and what writes each.
OUTPUTS = {"discussion-notes.md": render_discussion_notes,
           "reading-guide-notes.md": render_reading_notes}


def stale(root: Path = ROOT) -> list[str]:
    """The output files that differ from what the notes and the book give now."""
    return [name for name, render in OUTPUTS.items()
            if not (root / "instructor" / name).is_file()
            or (root / "instructor" / name).read_text(encoding="utf-8") != render(root)]


def main(argv: list[str] | None = None) -> int:
    """Command line: write the notes' Markdown, or with ``--check`` say whether it is up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit with status 1 if a file is out of date")
    args = parser.parse_args(argv)
    if args.check:
        out_of_date = stale()
        for name in out_of_date:
            print(f"instructor/{name} is out of date: run python tools/instructor_notes.py")
        return 1 if out_of_date else 0
    for name, render in OUTPUTS.items():
        (ROOT / "instructor" / name).write_text(render(), encoding="utf-8")
        print(f"wrote instructor/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
