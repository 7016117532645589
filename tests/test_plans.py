"""The course plans (issue 34): ``instructor/plans.yml``, computed and checked by ``tools/courseplans.py``
and rendered into the instructor guide by its directives. No build, no kernel: about two seconds.

The plans must break no rule (:func:`courseplans.problems` is empty), and each rule is shown to
catch a plan that breaks it, on a changed copy of the real plans.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

import courseplans  # tools/, put on sys.path by conftest.py
import wordcount
from conftest import toc_parts

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "book" / "instructor" / "guide.md"
README = ROOT / "README.md"
PLANS = courseplans.load()
ALL = list(courseplans.plans_of(PLANS))


def test_the_plans_break_no_rule():
    assert courseplans.problems() == []


def test_two_tracks_each_with_a_one_week_and_a_six_session_plan():
    assert {(track, name) for track, name, _ in ALL} == {
        ("ug", "week"), ("ug", "six"), ("ma", "week"), ("ma", "six")}
    assert {name: len(plan["sessions"]) for _, name, plan in ALL} == {"week": 3, "six": 6}


@pytest.mark.parametrize(("track", "name", "plan"), ALL, ids=[f"{t}-{n}" for t, n, _ in ALL])
def test_every_session_fills_its_90_minutes(track, name, plan):
    for session in plan["sessions"]:
        assert [session[s]["minutes"] > 0 for s in courseplans.SEGMENTS] == [True] * 4
        assert sum(session[s]["minutes"] for s in courseplans.SEGMENTS) == 90, session["title"]


@pytest.mark.parametrize(("track", "name", "plan"), ALL, ids=[f"{t}-{n}" for t, n, _ in ALL])
def test_weekly_loads_fit_the_track_budget(track, name, plan):
    budget = {"ug": 10_000, "ma": 20_000}[track]
    assert PLANS["tracks"][track]["budget"] == budget
    loads = courseplans.weekly_loads(plan)
    assert set(loads) == ({1} if name == "week" else {1, 2, 3})
    assert all(0 < words <= budget for words in loads.values()), loads


@pytest.mark.parametrize(("track", "name", "plan"), ALL, ids=[f"{t}-{n}" for t, n, _ in ALL])
def test_every_plan_covers_half_of_each_core_chapter(track, name, plan):
    assert PLANS["core"] == ["book/theory/theory", "book/theory/benefits", "book/theory/costs",
                             "book/theory/alternatives", "book/russia/russian-case"]
    coverage = courseplans.core_coverage(plan)
    assert {page: share >= 0.5 for page, share in coverage.items()} == dict.fromkeys(PLANS["core"], True)


@pytest.mark.parametrize("track", ["ug", "ma"])
def test_six_session_plans_place_every_chapter_or_mark_it_optional(track):
    parts = toc_parts()
    expected = [page for caption in courseplans.STUDENT_PARTS for page in parts[caption]
                if caption != "Assignments" or page.endswith("-ug") == (track == "ug")]
    assert courseplans.chapters_to_place(track) == expected
    optional = [item["page"] for item in PLANS["tracks"][track]["optional"]]
    assert 1 <= len(optional) <= 2 and not set(optional) & set(PLANS["core"])
    placed = courseplans.placed_pages(PLANS["tracks"][track]["plans"]["six"])
    assert set(expected) - placed == set(optional) - placed
    assert set(expected) <= placed | set(optional)


def test_readings_are_counted_with_the_word_count_tool():
    whole = {"page": "book/russia/conclusion"}
    assert courseplans.reading_words(whole) == wordcount.page_words("book/russia/conclusion")
    sections = wordcount.section_words("book/theory/costs")
    assert sum(sections.values()) == wordcount.page_words("book/theory/costs")
    part = {"page": "book/theory/costs", "sections": ["Three kinds of cost"]}
    assert courseplans.reading_words(part) == sections[""] + sections["Three kinds of cost"]
    but = {"page": "book/theory/costs", "except": ["Exercises"]}
    assert courseplans.reading_words(but) == wordcount.page_words("book/theory/costs") - sections["Exercises"]
    assert courseplans.reading_words({"article": ["2", "conclusion"]}) == 1741 + 626
    assert courseplans.minutes(150 * 11) == 15       # rounded up to five minutes


def test_a_section_count_adds_up_to_its_page(tmp_path):
    (tmp_path / "p.md").write_text("# Title\n\nOne two.\n\n## A\n\nThree.\n\n### Sub\n\nFour five.\n\n"
                                   "```python\n## not a heading\n```\n\n## B\n\nSix.\n", encoding="utf-8")
    assert wordcount.section_words("p", tmp_path) == {"": 3, "A": 5, "B": 2}
    assert wordcount.page_words("p", tmp_path) == 10


def test_each_plan_renders_its_computed_numbers_and_links():
    text = courseplans.plan_markdown("ug", "week")
    first = PLANS["tracks"]["ug"]["plans"]["week"]["sessions"][0]
    words = courseplans.session_words(first)
    assert f"**Read before class:** {words:,} words, about {courseplans.minutes(words)} minutes" in text
    assert "{ref}`Theory, question 1 <dq-theory-1>`" in text
    assert text.count("*Answer key:*") == 3 and text.count("**Homework:**") == 3
    assert "{doc}`/book/assignments/score-a-case-ug`: released at the end of session 2" in text
    budget = courseplans.budget_markdown()
    assert budget.count("\n| ") == 1 + sum(len(courseplans.weekly_loads(p)) for _, _, p in ALL)


def test_the_guide_holds_the_directives_not_copied_numbers():
    guide = GUIDE.read_text(encoding="utf-8")
    for track, name, _ in ALL:
        assert f"```{{course-plan}} {track} {name}\n```" in guide
    assert "```{course-core}\n```" in guide and "```{reading-budget}\n```" in guide
    loads = {f"{words:,}" for _, _, plan in ALL for words in courseplans.weekly_loads(plan).values()}
    assert [n for n in loads if n in guide] == []
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    assert re.search(r"local_extensions:\n\s+courseplans: tools\n", config)


def test_the_practical_notes_include_the_readme_table_rather_than_copy_it():
    guide = GUIDE.read_text(encoding="utf-8")
    readme = README.read_text(encoding="utf-8")
    start, end = "<!-- front-ends: start -->", "<!-- front-ends: end -->"
    assert readme.count(start) == readme.count(end) == 1
    table = readme.split(start)[1].split(end)[0].strip()
    rows = table.splitlines()
    assert rows[0].startswith("| | charts | the explorer |") and len(rows) >= 4
    assert f"```{{include}} ../../README.md\n:start-after: {start}\n:end-before: {end}\n```" in guide
    assert not [row for row in rows if not row.startswith("| ---") and row[:60] in guide]
    for topic in ("needs its cell run again", "Checking a room", "The repository is public", "private copy"):
        assert topic in guide


@pytest.mark.parametrize(("change", "expected"), [
    (lambda p: p["tracks"]["ug"]["plans"]["week"]["sessions"][0]["lecture"].update(minutes=25),
     "ug/week session 1: minutes add to 95, not 90"),
    (lambda p: p["tracks"]["ma"]["plans"]["six"]["sessions"][2]["exit"].update(answer=" "),
     "plans.tracks.ma.plans.six.sessions[2].exit.answer is empty"),
    (lambda p: p["tracks"]["ug"]["plans"]["six"]["sessions"][0]["readings"].append({"page": "book/none"}),
     "ug/six session 1: book/none is not in _toc.yml"),
    (lambda p: p["tracks"]["ug"]["plans"]["week"]["sessions"][2]["readings"][0].update(
        sections=["Key points"]), "ug/week: covers 11% of core chapter book/russia/russian-case, needs 50%"),
    (lambda p: p["tracks"]["ug"]["optional"].append({"page": "book/lab/asymmetry", "reason": "r", "use": "u"}),
     "ug: 3 optional chapters, at most 2"),
    (lambda p: p["tracks"]["ma"]["optional"][0].update(reason=""), "ma: optional book/start/getting-started needs a reason"),
    (lambda p: p["tracks"]["ug"]["plans"]["week"]["sessions"][0]["readings"].append({"page": "book/lab/un-votes"}),
     "ug/week week 1: 12,435 words, over the budget of 10,000"),
    (lambda p: p["tracks"]["ma"]["plans"]["six"]["sessions"][4]["readings"].pop(3),
     "ma/six: book/lab/asymmetry is neither placed nor optional"),
    (lambda p: p["tracks"]["ug"]["plans"]["six"]["sessions"][0]["discussion"].update(questions=["dq-theory-9"]),
     "ug/six session 1: no discussion question dq-theory-9"),
    (lambda p: p["tracks"]["ug"]["plans"]["six"]["sessions"][0]["homework"][0].update(exercises=[9]),
     "ug/six session 1: book/theory/theory has no exercise [9]"),
    (lambda p: p["tracks"]["ug"]["plans"]["six"]["assignments"][0].update(page="book/assignments/score-a-case"),
     "ug/six: book/assignments/score-a-case is not the ug track's version"),
    (lambda p: p["tracks"]["ug"]["plans"]["six"]["sessions"][1]["readings"][0]["sections"].append("Nothing"),
     "ug/six session 2: book/theory/benefits has no section 'Nothing'"),
    (lambda p: p["article"]["sections"]["2"].update(guide="reading-s9"),
     "article section 2: no label 'reading-s9' in the reading guide"),
])
def test_each_rule_catches_a_plan_that_breaks_it(change, expected):
    plans = copy.deepcopy(PLANS)
    change(plans)
    found = courseplans.problems(plans)
    assert [line for line in found if line.startswith(expected)], found
