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

Issue 33: grades cannot be forged. Each submission runs in its own sandbox (tools/sandbox.py) and
only its named answers come out, as JSON; the hidden tests' checks judge them in the grader's
process (tools/judge.py). The MA stress test's folder also holds the five planted attacks of
tools/grade_bench.py (patch ``alliances.checks``, edit the installed checks file, copy another
submission by absolute path, write to the output folder, open a socket), a notebook that raises,
an empty file, one of invalid JSON and a login handed in twice: each attack earns no mark and is
named in the summary, each bad file gets its row, and a re-run grades only the changed file.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from alliances import checks as checks_module

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("grade", ROOT / "tools" / "grade.py")
grade = importlib.util.module_from_spec(_spec)
sys.modules["grade"] = grade     # dataclasses and the worker processes look it up by name
_spec.loader.exec_module(grade)
import grade_bench  # noqa: E402 - tools/, on sys.path (conftest.py)

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
def test_student_notebook_has_no_otter_and_no_tests(name):
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
    # The hidden tests stay in the master: one or more per auto-graded question, each calling a
    # check of the library on the student's named variables, their points adding up.
    hidden = grade.hidden_checks(name)
    assert {c.question for c in hidden} == {q.name for q in auto}
    for q in auto:
        assert sum(c.points for c in hidden if c.question == q.name) == pytest.approx(q.points)
    for check in hidden:
        assert callable(getattr(checks_module, check.function)) and check.variables


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


#: The bad files planted beside the stress test's submissions: file name → content (bytes), or
#: the code of a cell added to the blank notebook.
BAD_FILES = {"gus-stress-test.ipynb": b"", "fay-stress-test.ipynb": b'{"cells": [',
             "hal-stress-test.ipynb": "weakest_indicator = 'population'",
             "hal_stress-test.ipynb": "weakest_indicator = 'gdp'"}
#: A cell that raises, put half-way into a solution: the rest runs and is graded.
RAISES = "1 / 0"
#: Put before the "write" attack: a forged cache entry and a file of its own in the output folder,
#: which must not exist after the run (grades.csv is rewritten anyway, so it proves nothing).
FORGE = ("for path in ('{folder}/.grading-cache/forged.json', '{folder}/mallory-was-here.txt'):\n"
         "    try:\n        open(path, 'w').write('{{}}')\n    except OSError:\n        pass\n")


@pytest.fixture(scope="session")
def graded(tmp_path_factory) -> dict[str, Path]:
    """Each assignment's folder of four submissions, graded (on first use): its output folder.
    The MA stress test's folder holds the planted attacks and bad files too."""
    def grade_one(name: str) -> Path:
        folder = tmp_path_factory.mktemp(f"submissions-{name}")
        auto = [q.name for q in grade.questions(name) if not q.manual]
        nbformat.write(nbformat.read(_solution(name), as_version=4),
                       folder / f"ada-{name}.ipynb")
        nbformat.write(_planted(name, auto[0::2]), folder / f"ben-{name}.ipynb")
        nbformat.write(_planted(name, auto[1::2]), folder / f"cy_{name}.ipynb")
        nbformat.write(nbformat.read(_student(name), as_version=4), folder / f"dee-{name}.ipynb")
        if name == "stress-test-a-claim":
            for attack, code in grade_bench.ATTACKS.items():
                code = FORGE + code if attack == "write" else code
                notebook = grade_bench.planted(_student(name), code, folder=str(folder),
                                               victim=f"ada-{name}.ipynb")
                (folder / f"{attack}-{name}.ipynb").write_text(json.dumps(notebook))
            for file, content in BAD_FILES.items():
                (folder / file).write_bytes(content if isinstance(content, bytes) else json.dumps(
                    grade_bench.planted(_student(name), content)).encode())
            raises = nbformat.read(_solution(name), as_version=4)   # a cell raises half-way
            raises.cells.insert(len(raises.cells) // 2, nbformat.v4.new_code_cell(RAISES))
            nbformat.write(raises, folder / f"ivy-{name}.ipynb")
        grade.grade_folder(folder, jobs=2, progress=False)
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
    rows = {k: v for k, v in _rows(graded[name] / "grades.csv").items()
            if k in ("ada", "ben", "cy", "dee")}
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
def test_instructor_pack(tmp_path):
    """The instructor's zip: masters, solutions, Gradescope autograders, rubrics, LMS template."""
    spec = importlib.util.spec_from_file_location("coursepack", ROOT / "tools" / "coursepack.py")
    coursepack = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(coursepack)
    zips = grade.build_autograders(tmp_path / "autograders")
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
            with zipfile.ZipFile(io.BytesIO(archive.read(f"{top}/autograder/{name}-autograder.zip"))
                                 ) as autograder:    # Gradescope's layout, the judge's design
                names = set(autograder.namelist())
                assert names == {"run_autograder", "setup.sh", "requirements.txt", "checks.json",
                                 "judge.py", "sandbox.py", "submission_runner.py"}
                assert autograder.getinfo("run_autograder").external_attr >> 16 == 0o755
                assert "judge.py gradescope" in autograder.read("run_autograder").decode()
                assert "alliances @ git+" in autograder.read("requirements.txt").decode()
                checks = json.loads(autograder.read("checks.json"))["checks"]
                assert {c["question"] for c in checks} == {q.name for q in grade.questions(name)
                                                           if not q.manual}
        assert {"README.md", "assignments/requirements.txt", "lms-grades-template.csv"} <= inside
        header = archive.read(f"{top}/lms-grades-template.csv").decode().splitlines()[0]
        assert header.startswith("Student,ID,SIS User ID,SIS Login ID,Section,")


#: Each attack of tools/grade_bench.py → words its row of summary.csv must name.
ATTACK_WORDS = {"patch": "assigns checks.check_report", "edit": "wrote a file outside its sandbox's "
                "home (open: " + str(ROOT / "lib" / "alliances" / "checks.py"),
                "copy": "read a file outside its sandbox's home (open: {folder}/ada-",
                "write": "wrote a file outside its sandbox's home (open: {folder}/grades.csv",
                "socket": "opened a network socket (socket.connect"}


def _summary(folder: Path) -> dict[str, dict[str, str]]:
    with open(folder / "summary.csv", newline="", encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


@pytest.mark.slow
def test_attacks_earn_nothing_and_are_named(graded):
    name = "stress-test-a-claim"
    folder = graded[name]
    summary = _summary(folder)
    for attack, words in ATTACK_WORDS.items():
        row = summary[f"{attack}-{name}.ipynb"]
        assert row["status"].startswith("graded") and row["automatic"] == "0", row
        assert words.format(folder=folder) in row["flags"], (attack, row["flags"])
        assert row["isolation"].startswith("isolated")
    assert "imports socket" in summary[f"socket-{name}.ipynb"]["flags"]
    assert "calls setattr on checks" in summary[f"patch-{name}.ipynb"]["flags"]
    for student in ("ada", "ben", "dee"):          # honest work is never flagged
        assert summary[f"{student}-{name}.ipynb"]["flags"] == ""
    assert summary[f"cy_{name}.ipynb"]["flags"] == ""
    assert float(summary[f"ada-{name}.ipynb"]["automatic"]) == 37
    # Nothing outside the sandbox changed: the installed checks, the reports, the cache.
    assert 'return Feedback("x", PASSED, "ok")' not in (
        ROOT / "lib" / "alliances" / "checks.py").read_text(encoding="utf-8")
    assert not (folder / "mallory-was-here.txt").exists()
    assert not (folder / grade.CACHE_DIR / "forged.json").exists()
    forged = f"wrote a file outside its sandbox's home (open: {folder}/mallory-was-here.txt)"
    assert forged in summary[f"write-{name}.ipynb"]["flags"]
    feedback = (folder / "feedback" / "patch.txt").read_text(encoding="utf-8")
    cell = 1 + sum(c.cell_type == "code" for c in nbformat.read(_student(name), as_version=4).cells)
    assert f"Flagged for review: cell {cell}, line 6: assigns checks.check_report" in feedback
    assert "Graded against variant: book (unsigned copy)" in feedback


@pytest.mark.slow
def test_bad_submissions_get_a_row(graded):
    name = "stress-test-a-claim"
    summary = _summary(graded[name])
    assert summary["gus-stress-test.ipynb"]["status"] == "empty file"
    assert summary["fay-stress-test.ipynb"]["status"].startswith("invalid JSON")
    for file, other in (("hal-stress-test.ipynb", "hal_stress-test.ipynb"),
                        ("hal_stress-test.ipynb", "hal-stress-test.ipynb")):
        assert summary[file]["status"] == f"duplicated login 'hal' (also in {other}): not graded"
        assert summary[file]["automatic"] == ""
    raised = summary[f"ivy-{name}.ipynb"]
    assert "raised ZeroDivisionError: division by zero" in raised["status"]
    assert float(raised["automatic"]) == 37             # the other cells ran and are graded
    students = set(_rows(graded[name] / "grades.csv"))
    assert students == {"ada", "ben", "cy", "dee", "ivy", *grade_bench.ATTACKS}


@pytest.mark.slow
def test_rerun_grades_only_what_changed(graded):
    folder = graded["stress-test-a-claim"]
    grades = (folder / "grades.csv").read_text()
    changed = folder / "ben-stress-test-a-claim.ipynb"
    notebook = json.loads(changed.read_text())
    notebook["cells"].append(nbformat.v4.new_markdown_cell("Handed in again."))
    changed.write_text(json.dumps(notebook))
    grade.grade_folder(folder, jobs=2, progress=False)
    statuses = {file: row["status"] for file, row in _summary(folder).items()
                if row["automatic"]}
    assert [f for f, status in statuses.items() if not status.endswith("(cached)")] == [
        changed.name]
    assert len(statuses) == 10 and (folder / "grades.csv").read_text() == grades


def _solved_copy(login: str, answers_of: str, key: bytes,
                 name: str = "stress-test-a-claim") -> dict:
    """``login``'s signed copy of ``name`` (tools/variants.py), solved: the solution's cells with
    the variant cell, and so the numbers, of ``answers_of``'s copy."""
    import variants

    copy = variants.assigned_notebook(login, name, key)
    numbers = variants.assigned_notebook(answers_of, name, key)
    own = next(c for c in numbers["cells"] if c.get("id") == f"{name}-variant")
    solution = json.loads(_solution(name).read_text())
    return {**copy, "cells": [own if c.get("id") == own["id"] else c for c in solution["cells"]]}


@pytest.mark.slowtier
def test_gradescope_autograder_run_locally(tmp_path):
    """The Gradescope autograder, unpacked as Gradescope does and run on the planted
    submissions: the solution earns every automatic mark, each attack none, and is named."""
    name = "stress-test-a-claim"
    archive = zipfile.ZipFile(grade.gradescope_zip(name, tmp_path / "autograder.zip"))
    submissions = {"ada": nbformat.writes(nbformat.read(_solution(name), as_version=4))}
    root = tmp_path / "autograder"
    for attack, code in grade_bench.ATTACKS.items():
        submissions[attack] = json.dumps(grade_bench.planted(
            _student(name), code, folder=str(root), victim="victim.ipynb"))
    for student, text in submissions.items():
        shutil.rmtree(root, ignore_errors=True)
        archive.extractall(root / "source")
        (root / "submission").mkdir()
        (root / "submission" / f"{student}.ipynb").write_text(text)
        (root / "victim.ipynb").write_text(submissions["ada"])    # out of the attacks' reach
        subprocess.run([sys.executable, "judge.py", "gradescope", str(root)],
                       cwd=root / "source", check=True, timeout=300)
        results = json.loads((root / "results" / "results.json").read_text())
        assert "Grading: isolated" in results["output"]
        if student == "ada":
            assert results["score"] == 37 and "Flagged" not in results["output"]
            continue
        assert results["score"] == 0, (student, results)
        word = ATTACK_WORDS[student].split(" (open:")[0]
        assert "Flagged: " in results["output"] and word in results["output"], results["output"]

    # With the secret of make assign, a signed copy is judged against its own variant.
    import variants

    secret = tmp_path / "secret.key"
    secret.write_text("a test secret, thirty-two bytes!")
    solved = _solved_copy("curie", "curie", variants.read_secret(secret))
    tampered = json.loads(json.dumps(solved))
    tampered["metadata"]["alliances"]["login"] = "mallory"
    archive = zipfile.ZipFile(grade.gradescope_zip(name, tmp_path / "signed.zip", secret=secret))
    for notebook, score in ((solved, 37), (tampered, 0)):
        shutil.rmtree(root, ignore_errors=True)
        archive.extractall(root / "source")
        (root / "submission").mkdir()
        (root / "submission" / "curie.ipynb").write_text(json.dumps(notebook))
        subprocess.run([sys.executable, "judge.py", "gradescope", str(root)],
                       cwd=root / "source", check=True, timeout=300)
        results = json.loads((root / "results" / "results.json").read_text())
        assert results["score"] == score, results
        assert (f"variant {variants.variant_for('curie', name, variants.read_secret(secret)).vid}"
                in results["output"]) if score else "signature tampered" in results["output"]


@pytest.mark.slowtier
def test_signed_copies_are_graded_against_their_own_variant(tmp_path):
    """`make assign`'s signed copies, solved and graded with the secret: each earns every
    automatic mark against its own variant; answers copied from a classmate with another
    variant lose marks; a tampered or missing signature is named and not graded."""
    import variants

    name = "stress-test-a-claim"
    secret = tmp_path / "secret.key"                     # outside the repository
    secret.write_text("a test secret, thirty-two bytes!")
    key = variants.read_secret(secret)
    folder = tmp_path / "submissions"
    folder.mkdir()

    def solved(login: str, answers_of: str) -> dict:
        return _solved_copy(login, answers_of, key)

    logins = ["curie", "noether", "meitner"]
    for login in logins:
        (folder / f"{login}-stress-test.ipynb").write_text(json.dumps(solved(login, login)))
    copier = next(f"student{i}" for i in range(100) if variants.variant_for(
        f"student{i}", name, key).vid != variants.variant_for("curie", name, key).vid)
    (folder / f"{copier}-stress-test.ipynb").write_text(json.dumps(solved(copier, "curie")))
    tampered = solved("mallory", "mallory")
    tampered["metadata"]["alliances"]["variant"] = variants.variant_for("curie", name, key).vid
    (folder / "mallory-stress-test.ipynb").write_text(json.dumps(tampered))
    shutil.copyfile(_solution(name), folder / "nobody-stress-test.ipynb")
    grade.grade_folder(folder, jobs=2, secret=secret, progress=False)
    summary = _summary(folder)
    for login in logins:
        row = summary[f"{login}-stress-test.ipynb"]
        assert row["variant"] == variants.variant_for(login, name, key).vid != variants.BOOK_VID
        assert float(row["automatic"]) == 37, row
    assert float(summary[f"{copier}-stress-test.ipynb"]["automatic"]) < 37
    assert summary["mallory-stress-test.ipynb"]["status"].startswith("signature tampered")
    assert summary["nobody-stress-test.ipynb"]["status"].startswith("signature missing")
    assert set(_rows(folder / "grades.csv")) == {*logins, copier}


@pytest.mark.slowtier
def test_a_notebook_that_never_finishes_is_stopped(tmp_path):
    """A notebook stuck in a cell is stopped at the time limit, named, and gets no marks; the
    others are graded as usual."""
    name = "stress-test-a-claim"
    (tmp_path / f"ada-{name}.ipynb").write_text(_solution(name).read_text())
    (tmp_path / f"zed-{name}.ipynb").write_text(json.dumps(grade_bench.planted(
        _solution(name), "import time\nwhile True:\n    time.sleep(1)")))
    grade.grade_folder(tmp_path, jobs=2, seconds=40, progress=False)
    summary = _summary(tmp_path)
    assert summary[f"zed-{name}.ipynb"]["status"] == "never finished: stopped after 40 s"
    assert summary[f"zed-{name}.ipynb"]["automatic"] == "0"
    assert float(summary[f"ada-{name}.ipynb"]["automatic"]) == 37
