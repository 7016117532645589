"""The assignments' texts, rubrics and marks, in both tracks (issue 32), without running a notebook.

* Each master notebook makes two tracks (MA and undergraduate); each has a rubric whose sections
  are exactly its hand-marked questions, with their points.
* Every rubric criterion is asked by the prompt: each section's *Asks* line quotes phrases that
  must appear in that task's text in the student notebook.
* The time estimate and the share of marks on working code are computed (tools/grade.py) and
  printed in the notebook with their formula; the share on code is bounded.
* Task 5 of the stress test gives partial credit: a half-right answer earns 30-70% of its automatic
  points, a blank one none (the hidden tests' own points, read from the master).
* No text mentions rounding, and no count of the presets' pairs is typed.

These read JSON and Markdown only (well under a second); the grading runs are in test_grading.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import grade  # tools/, put on sys.path by conftest.py
from alliances import cases, checks

ROOT = Path(__file__).resolve().parents[1]
#: The most marks (%) that may rest on working code, by track.
CODE_SHARE_LIMIT = {"ma": 30, "ug": 20}


def _notebook(name: str, solution: bool = False) -> dict:
    path = (ROOT / "instructor" / "solutions" / f"{name}-solution.ipynb" if solution
            else ROOT / "book" / "assignments" / f"{name}.ipynb")
    return json.loads(path.read_text(encoding="utf-8"))


def _text(cell: dict) -> str:
    return "".join(cell["source"])


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[*`]", "", text).casefold().split())


def _task_texts(name: str) -> dict[int, str]:
    """The student notebook's markdown, by task number: from a task's heading to the next one."""
    texts: dict[int, str] = {}
    task = 0
    for cell in _notebook(name)["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        heading = re.search(r"^#+ Task (\d+)", _text(cell), re.MULTILINE)
        if heading:
            task = int(heading.group(1))
        texts[task] = texts.get(task, "") + "\n" + _text(cell)
    return texts


def _rubric(name: str) -> dict[str, tuple[float, list[str]]]:
    """Each rubric section: question → (marks, the phrases its *Asks* line quotes)."""
    text = (ROOT / "instructor" / "rubrics" / f"{name}.md").read_text(encoding="utf-8")
    sections = {}
    for match in re.finditer(r"^## (task\w+): [^\n]*\((\d+) marks\)\n(.*?)(?=^## |\Z)", text,
                             re.MULTILINE | re.DOTALL):
        asks = re.search(r"^\*Asks \(in the prompt\):\* (.+)$", match.group(3), re.MULTILINE)
        sections[match.group(1)] = (float(match.group(2)),
                                    re.findall(r'"([^"]+)"', asks.group(1)) if asks else [])
    return sections


def test_two_tracks_per_master() -> None:
    assert grade.ASSIGNMENTS == ("score-a-case", "score-a-case-ug", "stress-test-a-claim",
                                 "stress-test-a-claim-ug")
    for name in grade.ASSIGNMENTS:
        assert _notebook(name)["metadata"]["otter"]["assignment_name"] == name
        assert sum(q.points for q in grade.questions(name)) == 100
    for master in grade.MASTER_NAMES:       # the tracks differ where the issue asks them to
        ma, ug = (grade.questions(master), grade.questions(f"{master}-ug"))
        assert [q.name for q in ma] == [q.name for q in ug] and ma != ug


@pytest.mark.parametrize("name", grade.ASSIGNMENTS)
def test_rubric_covers_the_hand_marked_questions(name: str) -> None:
    rubric = _rubric(name)
    manual = {q.name: q.points for q in grade.questions(name) if q.manual}
    assert {q: marks for q, (marks, _) in rubric.items()} == manual
    text = (ROOT / "instructor" / "rubrics" / f"{name}.md").read_text(encoding="utf-8")
    automatic = sum(q.points for q in grade.questions(name) if not q.manual)
    assert f"Total 100 marks: {automatic:g} automatic" in text
    assert f"and {sum(manual.values()):g} by hand" in " ".join(text.split())


@pytest.mark.parametrize("name", grade.ASSIGNMENTS)
def test_every_rubric_criterion_is_asked_by_the_prompt(name: str) -> None:
    tasks = _task_texts(name)
    missing = []
    for question, (_, asks) in _rubric(name).items():
        assert asks, f"{name}: the rubric of {question} quotes no phrase of the prompt"
        prompt = _plain(tasks[int(question[4])])
        missing += [f"{question}: {phrase!r}" for phrase in asks if _plain(phrase) not in prompt]
    assert not missing, f"{name}: rubric criteria the prompt does not ask: {missing}"


def test_the_tracks_ask_what_the_issue_names() -> None:
    """The three mismatches of issue 32, fixed: the MA defence asks for the second input, the
    undergraduate one does not (its rubric does not mark it), and both ask why two indicators do
    not decide."""
    second = "consider the second most sensitive input"
    assert second in _rubric("score-a-case")["task4_defence"][1]
    assert second not in _rubric("score-a-case-ug")["task4_defence"][1]
    assert second not in _plain(_task_texts("score-a-case-ug")[4])
    for name in ("stress-test-a-claim", "stress-test-a-claim-ug"):
        assert "why do the other two not decide" in _plain(_task_texts(name)[2])


@pytest.mark.parametrize("name", grade.ASSIGNMENTS)
def test_time_estimate_and_code_share_are_computed_and_shown(name: str) -> None:
    text = "\n".join(_text(c) for c in _notebook(name)["cells"] if c["cell_type"] == "markdown")
    estimate, share = grade.time_estimate(name), grade.code_share(name)
    assert estimate in text and share in text and "{{" not in text
    parts = grade.time_minutes(name)
    assert grade.reading_words(name) > 1000
    assert parts["reading"] == grade.reading_words(name) / grade.READING_WORDS_PER_MINUTE
    found = re.fullmatch(r"\*\*Time:\*\* about ([\d.]+) hours: about (\d+) minutes of reading, "
                         r"(\d+) of writing and (\d+) of work in code\.", estimate)
    assert found and abs(float(found[1]) * 60 - sum(parts.values())) <= 15
    for shown, key in zip(found.groups()[1:], ("reading", "writing", "code")):
        assert abs(int(shown) - parts[key]) <= max(5, 10 - parts[key])
    # no grader's names, no note for instructors on the student's page
    assert "`task" not in share and "calibrate" not in estimate and "nstructor" not in estimate
    marks = re.match(r"(\d+) of the 100 marks \((\d+)%\) rest on working code", share)
    assert marks and int(marks[1]) <= CODE_SHARE_LIMIT[grade.track_of(name)]


def test_undergraduates_spend_less_time() -> None:
    def minutes(name: str) -> int:
        return sum(grade.time_minutes(name).values())
    assert minutes("score-a-case-ug") < minutes("score-a-case") - 60
    assert minutes("stress-test-a-claim-ug") < minutes("stress-test-a-claim")


@pytest.mark.parametrize("name", grade.ASSIGNMENTS)
def test_no_rounding_talk_and_no_typed_pair_count(name: str) -> None:
    for solution in (False, True):
        for cell in _notebook(name, solution)["cells"]:
            text = _text(cell)
            assert not re.search(r"\bround(ed|ing|s)?\b", text, re.IGNORECASE), text[:120]
            if cell["cell_type"] == "markdown":
                assert not re.search(r"\b(\d+|two|three|four|five|six|seven|eight) pairs\b", text), \
                    text[:120]
    summary = cases.preset_summary()
    assert summary["case"].str.split().str[0].nunique() < len(summary)   # the cell's count is needed


def _task5_tests(name: str) -> list[tuple[str, float]]:
    """Task 5's hidden tests in ``name``'s master: (check function, points)."""
    notebook = grade._track_notebook(name, fill=False)
    found = []
    inside = False
    for cell in notebook["cells"]:
        text = _text(cell)
        if text.startswith("# BEGIN QUESTION"):
            inside = "name: task5_nudges" in text
        elif inside and "def test_" in text:
            found.append((re.search(r"checks\.(check_\w+)\(", text)[1],
                          float(re.search(r"^points: (\S+)", text, re.MULTILINE)[1])))
    return found


@pytest.mark.parametrize("name", ["stress-test-a-claim", "stress-test-a-claim-ug"])
def test_task5_gives_partial_credit(name: str) -> None:
    tests = _task5_tests(name)
    points = {q.name: q.points for q in grade.questions(name)}["task5_nudges"]
    assert len(tests) == 3 and sum(p for _, p in tests) == points

    def score(changes_verdict: object, becomes_ally: object) -> float:
        answers = {"changes_verdict": changes_verdict, "becomes_ally": becomes_ally}
        total = 0.0
        for function, value in tests:
            argument = "becomes_ally" if "ally" in function else "changes_verdict"
            total += value * getattr(checks, function)(answers[argument]).passed
        return total

    table = checks.nudges(cases.get_preset("Russia–Syria"))
    changes = sorted(set(table.loc[table["verdict"] != "alternative", "parameter"]))
    assert score(changes, []) == points
    assert score(None, None) == 0
    assert 0.3 * points <= score(changes[1:], []) <= 0.7 * points          # one input missed
    assert 0.3 * points <= score([*changes, "a"], ["a"]) <= 0.7 * points   # one wrong in each
