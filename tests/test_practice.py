"""The instructors' practice variants (issue 33, section 4): ``instructor/practice`` and tools/practice.py.

* Every teaching chapter has at least three variants, each of one of the chapter's own exercises.
* Each variant's solution uses only what the chapter and the pages before it show (the rule of
  ``tools/shown.py``, applied to the solution as if it stood at the chapter's end).
* Every key in a committed sheet equals a fresh computation by the library: the sheet is written
  again and compared. The chapters whose keys take seconds of computing on the open datasets
  (robustness trials, vote agreement over decades) are checked in the slow tier.
* The sheets go into the instructor's zip, and never into the students' zip (nor onto the site:
  ``tests/test_publishing.py``, which reads the built book).
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest

import coursepack
import practice
import shown
from bookfiles import toc_parts

ROOT = Path(__file__).resolve().parents[1]

#: Chapters whose keys take seconds to compute: checked in ``make test-slow``.
HEAVY = ("conclusion", "un-votes", "us-allies")
CHAPTER_PARAMS = [pytest.param(name, marks=[pytest.mark.slowtier] if name in HEAVY else [])
                  for name in practice.CHAPTERS]


def _notebook(page: str) -> dict:
    return json.loads((ROOT / f"{page}.ipynb").read_text(encoding="utf-8"))


def _exercises(page: str) -> set[int]:
    """The numbers of the exercises in the chapter's "Exercises" section."""
    text = "\n".join("".join(cell["source"]) for cell in _notebook(page)["cells"]
                     if cell["cell_type"] == "markdown")
    section = text.split("## Exercises", 1)[1].split("\n## ", 1)[0]
    return {int(number) for number in re.findall(r"^\*\*(\d+)\. ", section, flags=re.MULTILINE)}


def test_every_teaching_chapter_has_three_variants_of_its_own_exercises():
    parts = toc_parts()
    teaching = [page for caption in ("Theory", "Optional: the United States frame", "The Russian case",
                                     "Testing the claims") for page in parts[caption]
                if page != "book/lab/data-sources"]
    assert list(practice.CHAPTERS.values()) == teaching
    for name, page in practice.CHAPTERS.items():
        variants = practice.load(name)
        assert len(variants) >= 3, name
        exercises = _exercises(page)
        assert exercises, page
        for variant in variants:
            assert variant.id.startswith(f"{name}-")
            assert variant.exercise in exercises, (variant.id, variant.exercise, exercises)
        assert any(v.computational for v in variants), name


def test_variant_solutions_use_only_what_the_chapter_shows():
    """Each solution, placed after its chapter's last cell behind a markdown cell that names
    nothing, uses no library name or construct that the book has not shown by then."""
    notebooks, first_extra = [], {}
    for path in shown.book_notebooks(ROOT):
        page = str(path.relative_to(ROOT).with_suffix(""))
        notebook = _notebook(page)
        names = [name for name, chapter in practice.CHAPTERS.items() if chapter == page]
        extra = [{"cell_type": "markdown", "metadata": {},
                  "source": f"Practice variant.\n\n```python\n{variant.code()}\n```\n"}
                 for name in names for variant in practice.load(name) if variant.computational]
        first_extra[page] = len(notebook["cells"])
        notebooks.append((page, {**notebook, "cells": notebook["cells"] + extra}))
    reports = shown.analyse(notebooks)
    violations = [str(v) for report in reports for v in report.violations
                  if v.cell >= first_extra[report.notebook]]
    assert violations == [], f"used before the book shows it: {violations}"
    assert sum(len(nb["cells"]) - first_extra[page] for page, nb in notebooks) >= 30


def test_a_sheet_fails_when_a_solution_reaches_for_what_the_chapter_never_shows():
    """The check above can fail: ``sensitivity.tipping_points`` is shown only in the assignments."""
    notebook = _notebook("book/theory/theory")
    code = "from alliances import cases, sensitivity\nsensitivity.tipping_points(cases.get_preset('US–Japan'))"
    cell = {"cell_type": "markdown", "metadata": {}, "source": f"Practice variant.\n\n```python\n{code}\n```\n"}
    report = shown.analyse([("book/theory/theory", {**notebook, "cells": notebook["cells"] + [cell]})])[-1]
    assert "sensitivity.tipping_points" in {v.label for v in report.violations}


@pytest.mark.parametrize("name", CHAPTER_PARAMS)
def test_every_key_equals_a_fresh_library_computation(name):
    committed = practice.sheet_path(name).read_text(encoding="utf-8")
    fresh = practice.sheet(name)
    assert committed == fresh, (f"instructor/practice/{name}.md is out of date (run python "
                                f"tools/practice.py {name}):\n" + "\n".join(difflib.unified_diff(
                                    committed.splitlines(), fresh.splitlines(), lineterm="", n=1)))
    keys = re.findall(r"^- `(\w+)`: ", committed, flags=re.MULTILINE)
    assert len(keys) == sum(len(v.key) for v in practice.load(name))


def test_placeholders_fill_parameters_and_refuse_unknown_names():
    assert practice.fill("c = {{c}}, t = {{t!r}}", {"c": 2.5, "t": [1, 2]}) == "c = 2.5, t = (1, 2)"
    assert practice.fill("x = {{x}}", {"x": "Armenia"}, literal=True) == 'x = "Armenia"'
    with pytest.raises(KeyError, match="no parameter or key"):
        practice.fill("{{missing}}", {"c": 1})


def _sheets() -> list[Path]:
    return [practice.sheet_path(name) for name in practice.CHAPTERS]


def test_the_sheets_go_into_the_instructor_zip_and_never_into_the_students():
    instructor = coursepack.instructor_files(ROOT)
    for path in _sheets():
        assert instructor.get(f"practice/{path.name}") == path
    student = coursepack.pack_files(ROOT)
    sources = {source.resolve() for source in student.values()}
    assert not sources & {path.resolve() for path in _sheets()}
    assert not [name for name in student if "practice" in name.lower()]
    assert all(coursepack.is_forbidden(path.relative_to(ROOT).as_posix()) for path in _sheets())
