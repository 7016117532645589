"""The grading workflow (tools/grade.py, otter-grader): one master notebook per assignment.

* ``otter assign`` regenerates the committed student and solution notebooks byte for byte.
* The student notebooks carry no otter call and no test; the autograder's tests are hidden and
  call the library's checks.
* Grading (``tools/grade.py``, otter's local grading, no Docker) gives the solution full marks on
  every auto-graded question and the blank notebook zero; a notebook with planted mistakes loses
  exactly those questions' points, and its feedback names each mistake in the check's words
  without giving the answer. ``grades.csv``, the feedback files and the LMS file are checked
  line by line.

Speed: otter is imported once, each assignment is assigned once (``assigned`` fixture, reused),
and each assignment grades one folder of four notebooks (solution, blank, two with planted
mistakes), two at a time. The MA versions run in ``make test``; the undergraduate versions, made
from the same masters (issue 32), repeat the same runs in the slow tier (``slowtier``), which
keeps ``make test`` within its budget.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("grade", ROOT / "tools" / "grade.py")
grade = importlib.util.module_from_spec(_spec)
sys.modules["grade"] = grade     # dataclasses and the worker processes look it up by name
_spec.loader.exec_module(grade)

ASSIGNMENTS = grade.ASSIGNMENTS
#: Each assignment as a test parameter: the undergraduate versions in the slow tier.
TRACKED = [pytest.param(name, marks=[pytest.mark.slowtier] if grade.track_of(name) == "ug" else [])
           for name in ASSIGNMENTS]
#: A planted mistake costs its question's points, except Task 5 of the stress test, whose three
#: hidden tests give partial credit: one input missed keeps 30-70% of its points.
PARTIAL = {"task5_nudges": (0.3, 0.7)}
PARAMETERS = ("b_1A", "p_1A", "b_1B", "p_1B", "b_2A", "p_2A", "b_2B", "p_2B", "c_D1", "c_D2",
              "c_D3", "c_O1", "p_R1", "d_R1", "p_R2", "d_R2")

#: question → (line appended to the solution's answer cell, words the feedback must contain,
#: strings it must not contain: the answer or what would give it away).
PLANTED = {
    "score-a-case": {
        "task1_dyad": ('ally = "RUSSIA"', "name the same state", ["Tajikistan"]),
        "task2_inputs": ('justifications["c_D2"] = "Market access is not among the costs that '
                         'matter for this pair of states."', "`justifications['c_D2']` names no "
                         "source", []),
        "task3_verdict": ("result = my_scenario.with_params(a=5).assess()",
                          "is not the assessment of your `inputs`", ["2.85", "1.85"]),
        "task4_sensitive": ('most_sensitive = "c_D1"', "another input flips your verdict with a "
                            "smaller move than c_D1", ["2.85", "1.85"]),
        "task5_sources": ('sources = sources.replace("Istomin, I.", "Anon.")',
                          "should include the main article", []),
    },
    "score-a-case-ug": {
        "task1_dyad": ('ally = "RUSSIA"', "name the same state", ["Tajikistan"]),
        "task2_inputs": ('inputs["p_2A"] = 0.6', "keep the given p_2A", []),
        "task3_verdict": ("result = my_scenario.with_params(a=5).assess()",
                          "is not the assessment of your `inputs`", ["4.75", "3.75"]),
        "task4_sensitive": ('most_sensitive = "c_D1"', "another input flips your verdict with a "
                            "smaller move than c_D1", ["4.75", "3.75"]),
        "task5_sources": ('sources = "Istomin 2021"', "`sources` has 1 line(s)", []),
    },
    "stress-test-a-claim": {
        "task1_replicate": ('russia_shares["gdp"], russia_shares["milex"] = '
                            'russia_shares["milex"], russia_shares["gdp"]',
                            "your gdp and milex share(s) do not match Table 4", []),
        "task2_threshold": ('weakest_indicator = "gdp"', "Russia's gdp share is not its smallest",
                            ["population"]),
        "task3_period": ('milex_without_tajikistan = 100 * potential.query("indicator == \'milex\' '
                         'and country == \'Russia\'")["value"].sum() / potential.query('
                         '"indicator == \'milex\'")["value"].sum()',
                         "still the share with Tajikistan's 2015 figure", []),
        "task4_margin": ("population_growth_needed = 10.0", "too large", []),
        "task5_nudges": ("changes_verdict = changes_verdict[1:]",
                         "`changes_verdict` misses 1 input(s)", list(PARAMETERS)),
        "task6_report": ('report = report.replace("Syria", "the client")',
                         "should discuss the Russia–Syria verdict", []),
    },
}
PLANTED["stress-test-a-claim-ug"] = {
    **PLANTED["stress-test-a-claim"],
    "task5_nudges": ('becomes_ally = ["a"]', "`becomes_ally` holds 1 input(s) that do not belong",
                     list(PARAMETERS)),
}


def _solution(name: str) -> Path:
    return ROOT / "instructor" / "solutions" / f"{name}-solution.ipynb"


def _student(name: str) -> Path:
    return ROOT / "book" / "assignments" / f"{name}.ipynb"


class _Lazy(dict):
    """A dict that makes each value on first use (an assignment is assigned only if a test asks)."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, name: str) -> Path:
        self[name] = self.make(name)
        return self[name]


@pytest.fixture(scope="session")
def assigned(tmp_path_factory) -> dict[str, Path]:
    """``otter assign`` run once per assignment that a test needs, into a temporary folder."""
    import otter  # noqa: F401 - fails with ModuleNotFoundError if the test set lacks otter-grader

    out = tmp_path_factory.mktemp("assigned")
    return _Lazy(lambda name: grade.otter_assign(name, out / name))


@pytest.mark.slow
@pytest.mark.parametrize("name", TRACKED)
def test_otter_assign_regenerates_the_committed_notebooks(assigned, name):
    out = assigned[name]
    for produced, committed in ((out / "student" / f"{name}.ipynb", _student(name)),
                                (out / "autograder" / f"{name}.ipynb", _solution(name))):
        assert produced.read_bytes() == committed.read_bytes(), (
            f"{committed.relative_to(ROOT)} differs from what otter assign makes of "
            f"{grade.master_path(name).relative_to(ROOT)}: run `python tools/grade.py assign`")


@pytest.mark.slow
@pytest.mark.parametrize("name", TRACKED)
def test_student_notebook_has_no_otter_and_no_tests(assigned, name):
    student = nbformat.read(_student(name), as_version=4)
    sources = "\n".join(cell.source for cell in student.cells)
    assert "otter" not in sources and "grader." not in sources
    assert "# BEGIN" not in sources and "# END" not in sources and "def test_" not in sources
    # Student keeps the instant library checks, one after each auto-graded question.
    auto = [q for q in grade.questions(name) if not q.manual]
    checks = [c for c in student.cells if c.cell_type == "code"
              and re.match(r"^checks\.check_\w+\(", c.source)]
    assert len(checks) == len(auto) >= 5
    # No test code rides along in the notebook's metadata, only otter's empty stubs.
    for stub in student.metadata["otter"]["tests"].values():
        assert "def test_" not in stub and "@test_case" not in stub
    assert "*Model answer:*" not in sources
    # The autograder holds the tests: hidden, and calling the library's checks.
    with zipfile.ZipFile(grade.autograder_zip(assigned[name])) as archive:
        tests = {n: archive.read(n).decode() for n in archive.namelist()
                 if n.startswith("tests/")}
    assert {Path(n).stem for n in tests} == {q.name for q in auto}
    for text in tests.values():
        assert "hidden=True" in text and "checks.check_" in text


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_questions_and_points(name):
    spec = grade.questions(name)
    assert sum(q.points for q in spec) == 100
    assert len({q.name for q in spec}) == len(spec)
    manual = sum(q.points for q in spec if q.manual)
    # The marks that matter are for the student's own judgement, marked by hand.
    assert manual == {"score-a-case": 76, "score-a-case-ug": 72, "stress-test-a-claim": 63,
                      "stress-test-a-claim-ug": 67}[name]
    assert set(PLANTED[name]) == {q.name for q in spec if not q.manual}


def _planted(name: str, questions: list[str]) -> nbformat.NotebookNode:
    """The solution notebook with one mistake in each of ``questions``."""
    notebook = nbformat.read(_solution(name), as_version=4)
    for question in questions:
        cells = [c for c in notebook.cells
                 if question in c.get("metadata", {}).get("otter", {}).get("tests", [])]
        assert len(cells) == 1, question
        cells[0].source += "\n" + PLANTED[name][question][0]
    return notebook


@pytest.fixture(scope="session")
def graded(assigned, tmp_path_factory) -> dict[str, Path]:
    """Each assignment's folder of four submissions, graded (on first use): its output folder."""
    def grade_one(name: str) -> Path:
        folder = tmp_path_factory.mktemp(f"submissions-{name}")
        auto = [q.name for q in grade.questions(name) if not q.manual]
        nbformat.write(nbformat.read(_solution(name), as_version=4),
                       folder / f"ada-{name}.ipynb")
        nbformat.write(_planted(name, auto[0::2]), folder / f"ben-{name}.ipynb")
        nbformat.write(_planted(name, auto[1::2]), folder / f"cy_{name}.ipynb")
        nbformat.write(nbformat.read(_student(name), as_version=4), folder / f"dee-{name}.ipynb")
        grade.grade_folder(folder, jobs=2, autograder=grade.autograder_zip(assigned[name]))
        return folder
    return _Lazy(grade_one)


def _rows(path: Path) -> dict[str, dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


@pytest.mark.slow
@pytest.mark.parametrize("name", TRACKED)
def test_grades(graded, name):
    spec = grade.questions(name)
    auto = [q for q in spec if not q.manual]
    rows = _rows(graded[name] / "grades.csv")
    assert list(rows) == ["ada", "ben", "cy", "dee"]
    header = (graded[name] / "grades.csv").read_text().splitlines()[0]
    assert header == ",".join(["student", *(q.name for q in spec), "automatic", "total"])
    full = sum(q.points for q in auto)
    planted = {"ben": {q.name for q in auto[0::2]}, "cy": {q.name for q in auto[1::2]},
               "ada": set(), "dee": {q.name for q in auto}}
    for student, wrong in planted.items():
        row = rows[student]
        for q in spec:
            if q.manual:
                assert row[q.name] == ""          # left for the instructor
            elif q.name in wrong and q.name in PARTIAL and student != "dee":
                low, high = PARTIAL[q.name]       # a half-right answer earns part of the points
                assert low * q.points <= float(row[q.name]) <= high * q.points, (student, q)
            else:
                assert float(row[q.name]) == (0 if q.name in wrong else q.points), (student, q)
        expected = sum(float(row[q.name]) for q in auto)
        assert float(row["automatic"]) == float(row["total"]) == expected
        assert expected == full - sum(q.points for q in auto if q.name in wrong) or (
            wrong & set(PARTIAL) and student != "dee")
    assert float(rows["ada"]["automatic"]) == full and float(rows["dee"]["automatic"]) == 0


@pytest.mark.slow
@pytest.mark.parametrize("name", TRACKED)
def test_feedback_names_each_mistake_without_the_answer(graded, name):
    auto = [q.name for q in grade.questions(name) if not q.manual]
    for student, wrong in (("ben", auto[0::2]), ("cy", auto[1::2])):
        text = (graded[name] / "feedback" / f"{student}.txt").read_text(encoding="utf-8")
        blocks = dict(re.findall(r"^(task\w+): .*?\n((?:    .*\n)*)", text, re.MULTILINE))
        for question in auto:
            message = blocks[question]
            if question not in wrong:
                assert message == "", (student, question, message)
                continue
            _, words, secrets = PLANTED[name][question]
            assert words in message, (question, message)
            for secret in secrets:
                assert not re.search(rf"(?<![\w.]){re.escape(secret)}(?![\w])", message), (
                    f"{question}: the feedback gives away {secret!r}: {message}")
    blank = (graded[name] / "feedback" / "dee.txt").read_text(encoding="utf-8")
    blocks = dict(re.findall(r"^(task\w+): .*?\n((?:    .*\n)*)", blank, re.MULTILINE))
    assert all("Not done yet" in blocks[question] for question in auto)
    assert "Automatic marks: 0 of" in blank


@pytest.mark.slow
def test_lms_file(graded):
    folder = graded["score-a-case"]
    rows = list(csv.reader(io.StringIO((folder / "lms-grades.csv").read_text())))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                       "Score a case of your choice (100 marks)"]
    totals = {row[3]: row[5] for row in rows[1:]}
    assert totals == {"ada": "24", "ben": "11", "cy": "13", "dee": "0"}


def test_hand_marks_merge_and_roster(tmp_path):
    """Hand marks from the instructor's copy of grades.csv join the automatic ones (no grading)."""
    name = "stress-test-a-claim"
    spec = grade.questions(name)
    results = {"eve": [grade.Result(q.name, q.points, q.points, "passed")
                       for q in spec if not q.manual]}
    hand = tmp_path / "hand.csv"
    hand.write_text("student,task1_compare,task2_answer,task6_argument\neve,4,2.5,\n")
    roster = tmp_path / "roster.csv"
    roster.write_text("student,name,id,sis_user_id,login,section\n"
                      "eve,Eve Curie,101,S-9,ecurie,Seminar 2\n")
    grades = grade.write_reports(name, results, tmp_path / "out", hand, roster)
    row = _rows(grades)["eve"]
    assert row["task1_compare"] == "4" and row["task2_answer"] == "2.5"
    assert row["task6_argument"] == "" and row["automatic"] == "37" and row["total"] == "43.5"
    lms = (tmp_path / "out" / "lms-grades.csv").read_text().splitlines()
    assert lms[1] == "Eve Curie,101,S-9,ecurie,Seminar 2,43.5"
    hand.write_text("student,task2_answer\neve,6\n")        # task 2's answer is worth 5
    with pytest.raises(ValueError, match=r"task2_answer: 6 is outside \[0, 5\]"):
        grade.write_reports(name, results, tmp_path / "out", hand)


def test_grade_folder_refuses_bad_input(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such folder"):
        grade.grade_folder(tmp_path / "missing")
    with pytest.raises(FileNotFoundError, match=r"no \.ipynb file"):
        grade.grade_folder(tmp_path)
    (tmp_path / "x.ipynb").write_text(json.dumps({"cells": [], "metadata": {}}))
    with pytest.raises(ValueError, match="not a notebook of one of the book's assignments"):
        grade.grade_folder(tmp_path)
    with pytest.raises(ValueError, match="assignment must be one of"):
        grade.questions("homework")
    assert grade.student_name(Path("curie-stress-test.ipynb"), "stress-test-a-claim") == "curie"
    assert grade.student_name(Path("curie_score-a-case.ipynb"), "score-a-case") == "curie"


@pytest.mark.slow
def test_instructor_pack(assigned, tmp_path):
    """The instructor's zip: masters, solutions, Gradescope autograders, rubrics, LMS template.
    (The MA versions' autograders here; the undergraduate ones are built in the slow tier.)"""
    spec = importlib.util.spec_from_file_location("coursepack", ROOT / "tools" / "coursepack.py")
    coursepack = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(coursepack)
    zips = {name: grade.autograder_zip(assigned[name]) for name in ASSIGNMENTS
            if grade.track_of(name) == "ma"}
    path = coursepack.build_instructor(tmp_path / "instructor.zip", autograders=zips)
    top = coursepack.INSTRUCTOR_PACK
    with zipfile.ZipFile(path) as archive:
        inside = {n[len(top) + 1:] for n in archive.namelist()}
        for name in ASSIGNMENTS:
            assert {f"assignments/{grade.master_path(name).name}", f"solutions/{name}-solution.ipynb",
                    f"rubrics/{name}.md"} <= inside
            rubric = archive.read(f"{top}/rubrics/{name}.md").decode()
            for q in grade.questions(name):      # every hand-marked question has a rubric
                if q.manual:
                    assert f"## {q.name}: " in rubric and f"({q.points:g} marks)" in rubric
            assert "Strong" in rubric or "*Strong" in rubric
            if name not in zips:
                continue
            with zipfile.ZipFile(io.BytesIO(archive.read(f"{top}/autograder/{name}-autograder.zip"))
                                 ) as autograder:    # Gradescope's layout
                names = set(autograder.namelist())
                assert {"run_autograder", "setup.sh", "environment.yml",
                        "otter_config.json"} <= names
                environment = autograder.read("environment.yml").decode()
                assert "python=3.11" in environment and "alliances @ git+" in environment
        assert {"README.md", "assignments/requirements.txt", "lms-grades-template.csv"} <= inside
        header = archive.read(f"{top}/lms-grades-template.csv").decode().splitlines()[0]
        assert header.startswith("Student,ID,SIS User ID,SIS Login ID,Section,")
