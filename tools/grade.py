"""Grade the book's assignments with otter-grader: offline, on this machine, without Docker.

Each assignment has one source, an otter master notebook in ``instructor/assignments/``, and
two tracks made from it: the MA version (``score-a-case``) and the undergraduate version
(``score-a-case-ug``). A master cell whose metadata says ``{"alliances": {"track": "ug"}}`` (or
``"ma"``) belongs to that track only; every other cell to both. The master's placeholders
``{{time_estimate}}`` and ``{{code_share}}`` are filled in per track (:func:`time_estimate`,
:func:`code_share`), from the question cells' metadata ``{"alliances": {"write": words,
"code": true}}``. ``otter assign`` turns each track into the student notebook (committed as
``book/assignments/<name>.ipynb``), the solution notebook (committed as
``instructor/solutions/<name>-solution.ipynb``) and the autograder zip (built when needed,
never committed). The autograder's hidden tests call the library's checks
(:mod:`alliances.checks`), so a failed test says what is wrong in the same answer-free words
the student saw in the notebook.

Commands (run from the repository with the test environment, which has otter-grader):

``python tools/grade.py assign``
    Regenerate the committed student and solution notebooks after editing a master notebook.
``python tools/grade.py autograder [--output DIR]``
    Build one autograder zip per assignment (ready to upload to Gradescope).
``python tools/grade.py grade FOLDER [--output DIR] [--hand-marks CSV] [--roster CSV]``
    Grade every ``.ipynb`` in FOLDER (one assignment per folder; ``make grade
    SUBMISSIONS=FOLDER``) and write, in FOLDER (or ``--output``):

    * ``grades.csv``: one row per student, one column per question (hand-marked columns stay
      empty until you merge your marks with ``--hand-marks``), the automatic marks and the total;
    * ``feedback/<student>.txt``: each student's marks with the checks' messages;
    * ``lms-grades.csv``: the total in the gradebook format that Canvas imports directly and
      Moodle imports by mapping ``SIS Login ID`` to the username.

A student is named by the submission's file name without the assignment's name
(``curie-score-a-case.ipynb`` → ``curie``). Grading executes each notebook in a Jupyter kernel
of this environment: it needs the ``alliances`` library and the data mirror, nothing from the
network.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MASTERS = ROOT / "instructor" / "assignments"
STUDENT_DIR = ROOT / "book" / "assignments"
SOLUTION_DIR = ROOT / "instructor" / "solutions"
#: The master notebooks, in the book's order.
MASTER_NAMES: tuple[str, ...] = ("score-a-case", "stress-test-a-claim")
#: The tracks: name suffix of each track's assignment. The MA version keeps the master's name.
TRACKS: dict[str, str] = {"ma": "", "ug": "-ug"}
#: The assignments (one per master and track), in the book's order.
ASSIGNMENTS: tuple[str, ...] = tuple(f"{master}{suffix}" for master in MASTER_NAMES
                                     for suffix in TRACKS.values())

#: The time estimate's rates: teaching judgements for instructors to calibrate with their class.
READING_WORDS_PER_MINUTE = 150      # careful reading of a task and of scholarly sources
WRITING_WORDS_PER_MINUTE = 6        # sourced prose, drafted and revised
MINUTES_PER_CODE_TASK = 20          # one task whose answer needs working code

#: Columns of the gradebook import file (Canvas's export format; Moodle maps them on import).
LMS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")


@dataclass(frozen=True)
class Question:
    """One question of an assignment, as its master notebook declares it."""

    name: str
    points: float
    manual: bool


@dataclass(frozen=True)
class Result:
    """The automatic marks of one question for one submission, with the feedback to show."""

    question: str
    score: float
    possible: float
    message: str


def _check_assignment(name: str) -> str:
    if name not in ASSIGNMENTS:
        raise ValueError(f"assignment must be one of {', '.join(ASSIGNMENTS)}, got {name!r}")
    return name


def track_of(name: str) -> str:
    """The track of assignment ``name``: ``"ug"`` (undergraduate) or ``"ma"``."""
    _check_assignment(name)
    for track, suffix in TRACKS.items():
        if suffix and name.endswith(suffix):
            return track
    return "ma"


def master_path(name: str) -> Path:
    """The otter master notebook of assignment ``name`` (shared by its two tracks)."""
    suffix = TRACKS[track_of(name)]
    return MASTERS / f"{name[: len(name) - len(suffix)]}.ipynb"


def _cell_meta(cell: dict) -> dict:
    return cell.get("metadata", {}).get("alliances", {})


def _track_notebook(name: str, fill: bool = True) -> dict:
    """The master notebook of ``name`` cut to its track, renamed, with its placeholders filled."""
    notebook = json.loads(master_path(name).read_text(encoding="utf-8"))
    track = track_of(name)
    cells = [cell for cell in notebook["cells"] if _cell_meta(cell).get("track", track) == track]
    for cell in cells:
        cell.get("metadata", {}).pop("alliances", None)
    config = "".join(cells[0]["source"])
    cells[0]["source"] = re.sub(r"^name: .*$", f"name: {name}", config, count=1, flags=re.MULTILINE)
    notebook["cells"] = cells
    if fill:
        if track == "ug":       # the title says which version this is
            for cell in cells:
                text = "".join(cell["source"])
                if cell["cell_type"] == "markdown" and text.startswith("# "):
                    first, _, rest = text.partition("\n")     # after the number: a phone fits it
                    first, found = re.subn(r"^# (Assignment \d+):", r"# \1 (undergraduate):", first)
                    cell["source"] = f"{first if found else first + ' (undergraduate)'}\n{rest}"
                    break
        values = {"time_estimate": time_estimate(name), "code_share": code_share(name)}
        for cell in cells:
            text = "".join(cell["source"])
            if "{{" in text:
                cell["source"] = re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], text)
    return notebook


def _master_cells(name: str) -> list[dict]:
    return _track_notebook(name, fill=False)["cells"]


def _question_meta(name: str) -> list[tuple[dict, dict]]:
    """(question fields, metadata) of each question of ``name``, in order."""
    notebook = json.loads(master_path(name).read_text(encoding="utf-8"))
    track = track_of(name)
    found = []
    for cell in notebook["cells"]:
        text = "".join(cell["source"])
        if (cell["cell_type"] == "raw" and text.startswith("# BEGIN QUESTION")
                and _cell_meta(cell).get("track", track) == track):
            found.append((dict(re.findall(r"^(\w+):\s*(.+?)\s*$", text, re.MULTILINE)),
                          _cell_meta(cell)))
    return found


def code_share(name: str) -> str:
    """The share of ``name``'s marks that rests on working code, as a sentence with its sum."""
    coded = [(fields["name"], float(fields["points"])) for fields, meta in _question_meta(name)
             if meta.get("code")]
    total = sum(q.points for q in questions(name))
    marks = sum(points for _, points in coded)
    return (f"{marks:g} of the {total:g} marks ({100 * marks / total:.0f}%) rest on working code "
            f"({', '.join(f'`{q}`' for q, _ in coded) or 'none'}); the rest are for answers you "
            "type or write.")


def reading_words(name: str) -> int:
    """Words of text a student reads in ``name``: the markdown outside model answers, and the
    sources the task sends them to (``{"alliances": {"sources_words": n}}`` on the title cell)."""
    words = 0
    for cell in _master_cells(name):
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and not re.match(r"\*Model answer:\*", text):
            words += len(re.findall(r"[A-Za-z]+", text))
    notebook = json.loads(master_path(name).read_text(encoding="utf-8"))
    track = track_of(name)
    sources = [_cell_meta(c).get("sources_words", 0) for c in notebook["cells"]
               if _cell_meta(c).get("track", track) == track]
    return words + int(sum(sources))


def time_estimate(name: str) -> str:
    """The time a student needs for ``name``, with the formula it comes from (for the notebook)."""
    read = reading_words(name)
    write = int(sum(int(meta.get("write", 0)) for _, meta in _question_meta(name)))
    code = sum(bool(meta.get("code")) for _, meta in _question_meta(name))
    minutes = (read / READING_WORDS_PER_MINUTE + write / WRITING_WORDS_PER_MINUTE
               + code * MINUTES_PER_CODE_TASK)
    hours = round(minutes / 30) / 2
    return (f"**Time:** about {hours:g} hours, from the formula {read:,} words to read at "
            f"{READING_WORDS_PER_MINUTE} words a minute + {write:,} words to write at "
            f"{WRITING_WORDS_PER_MINUTE} words a minute + {code} code task(s) at "
            f"{MINUTES_PER_CODE_TASK} minutes = {minutes:.0f} minutes. *For instructors:* the "
            "three rates are starting values; calibrate them with your own students' times.")


def questions(name: str) -> list[Question]:
    """The questions of assignment ``name`` in notebook order, read from its master notebook."""
    found = []
    for fields, _ in _question_meta(name):
        found.append(Question(fields["name"], float(fields["points"]),
                              fields.get("manual", "false").lower() == "true"))
    if not found:
        raise ValueError(f"{master_path(name)} declares no question")
    return found


def title(name: str) -> str:
    """The assignment's title, from the first heading of its master notebook, with its track."""
    for cell in _master_cells(name):
        match = re.match(r"# (?:Assignment \d+: )?(.+)", "".join(cell["source"]))
        if cell["cell_type"] == "markdown" and match:
            return match.group(1).strip() + (" (undergraduate)" if track_of(name) == "ug" else "")
    raise ValueError(f"{master_path(name)} has no title")


# ---------------------------------------------------------------------------
# otter assign
# ---------------------------------------------------------------------------

def otter_assign(name: str, output: Path) -> Path:
    """Run ``otter assign`` on assignment ``name``'s master notebook into ``output``.

    ``output`` gets ``student/<name>.ipynb``, ``autograder/<name>.ipynb`` (the solution) and
    ``autograder/<name>-autograder_<time>.zip``. Returns ``output``.
    """
    from otter.assign import main as assign

    output = Path(output).resolve()
    if output.exists():
        shutil.rmtree(output)
    with tempfile.TemporaryDirectory() as tmp:
        master = Path(tmp) / f"{name}.ipynb"
        master.write_text(json.dumps(_track_notebook(name), indent=1, ensure_ascii=False) + "\n",
                          encoding="utf-8")
        shutil.copyfile(MASTERS / "requirements.txt", Path(tmp) / "requirements.txt")
        assign(str(master), str(output), no_pdfs=True, no_run_tests=True)
    return output


def autograder_zip(assigned: Path) -> Path:
    """The autograder zip inside a folder written by :func:`otter_assign`."""
    zips = sorted((Path(assigned) / "autograder").glob("*-autograder_*.zip"))
    if len(zips) != 1:
        raise FileNotFoundError(f"expected one autograder zip in {assigned}/autograder, "
                                f"found {len(zips)}")
    return zips[0]


def regenerate(names: Iterable[str] = ASSIGNMENTS) -> list[Path]:
    """Rewrite the committed student and solution notebooks from the master notebooks."""
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            out = otter_assign(name, Path(tmp) / name)
            for source, target in ((out / "student" / f"{name}.ipynb",
                                    STUDENT_DIR / f"{name}.ipynb"),
                                   (out / "autograder" / f"{name}.ipynb",
                                    SOLUTION_DIR / f"{name}-solution.ipynb")):
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                written.append(target)
    return written


def build_autograders(output: Path, names: Iterable[str] = ASSIGNMENTS) -> dict[str, Path]:
    """Build one autograder zip per assignment into ``output`` as ``<name>-autograder.zip``."""
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    zips = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            target = output / f"{name}-autograder.zip"
            shutil.copyfile(autograder_zip(otter_assign(name, Path(tmp) / name)), target)
            zips[name] = target
    return zips


# ---------------------------------------------------------------------------
# Grading
# ---------------------------------------------------------------------------

def assignment_of(notebook: Path) -> str:
    """The assignment a submitted notebook belongs to (otter's metadata in the notebook)."""
    try:
        metadata = json.loads(Path(notebook).read_text(encoding="utf-8"))["metadata"]
        name = metadata["otter"]["assignment_name"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ValueError(f"{notebook} is not a notebook of one of the book's assignments "
                         f"({type(error).__name__}: {error})") from error
    return _check_assignment(name)


def student_name(notebook: Path, assignment: str) -> str:
    """The student's name from the file name: ``curie-score-a-case.ipynb`` → ``curie``."""
    stem = Path(notebook).stem
    short = {"stress-test-a-claim": ("stress-test-a-claim", "stress-test"),
             "stress-test-a-claim-ug": ("stress-test-a-claim-ug", "stress-test-ug")}.get(
        assignment, (assignment,))
    for suffix in short:
        for sep in ("-", "_", " "):
            if stem.endswith(sep + suffix) and len(stem) > len(suffix) + 1:
                return stem[: -len(suffix) - 1]
    return stem


def _feedback_message(raw: str) -> str:
    """The check's own words from otter's test message, or the error's last line."""
    if "AssertionError: " in raw:
        return raw.split("AssertionError: ", 1)[1].strip()
    lines = [line.strip() for line in raw.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "failed"


def grade_notebook(notebook: Path, autograder: Path) -> list[Result]:
    """Grade one submission with the autograder zip; one :class:`Result` per auto-graded question."""
    from otter.api import grade_submission

    graded = grade_submission(str(Path(notebook).resolve()), str(Path(autograder).resolve()),
                              quiet=True)
    results = []
    for name, test_file in graded.results.items():
        failed = [_feedback_message(case.message) for case in test_file.test_case_results
                  if not case.passed]
        results.append(Result(name, float(test_file.score), float(test_file.possible),
                              "; ".join(failed) if failed else "passed"))
    return results


def _read_marks(path: Path | None, key: str = "student") -> dict[str, dict[str, str]]:
    if path is None:
        return {}
    with open(path, newline="", encoding="utf-8") as handle:
        return {row[key]: row for row in csv.DictReader(handle)}


def _number(value: str, where: str) -> float | None:
    if value is None or not str(value).strip():
        return None
    try:
        return float(value)
    except ValueError as error:
        raise ValueError(f"{where}: {value!r} is not a number") from error


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def write_reports(assignment: str, graded: Mapping[str, list[Result]], output: Path,
                  hand_marks: Path | None = None, roster: Path | None = None) -> Path:
    """Write grades.csv, feedback/<student>.txt and lms-grades.csv into ``output``.

    ``graded`` maps each student to their automatic results. ``hand_marks`` is a CSV with a
    ``student`` column and one column per hand-marked question (for example your filled-in copy
    of grades.csv); ``roster`` is a CSV with ``student`` and any of ``id``, ``sis_user_id``,
    ``login`` and ``section`` for the LMS file. Returns the path of grades.csv.
    """
    output = Path(output)
    (output / "feedback").mkdir(parents=True, exist_ok=True)
    spec = questions(assignment)
    manual = {q.name: q for q in spec if q.manual}
    hand = _read_marks(hand_marks)
    people = _read_marks(roster)
    automatic_possible = sum(q.points for q in spec if not q.manual)
    rows = []
    for student in sorted(graded):
        by_question = {r.question: r for r in graded[student]}
        row: dict[str, str] = {"student": student}
        auto_total = 0.0
        hand_total = 0.0
        for q in spec:
            if q.manual:
                mark = _number(hand.get(student, {}).get(q.name, ""),
                               f"hand marks of {student}, {q.name}")
                if mark is not None and not 0 <= mark <= q.points:
                    raise ValueError(f"hand marks of {student}, {q.name}: {mark:g} is outside "
                                     f"[0, {q.points:g}]")
                hand_total += mark or 0.0
                row[q.name] = _fmt(mark)
            else:
                result = by_question.get(q.name)
                score = result.score if result else 0.0
                auto_total += score
                row[q.name] = _fmt(score)
        row["automatic"] = _fmt(auto_total)
        row["total"] = _fmt(auto_total + hand_total)
        rows.append(row)

        lines = [f"{title(assignment)}: feedback for {student}",
                 f"Automatic marks: {auto_total:g} of {automatic_possible:g}. "
                 f"Marked by hand: {sum(q.points for q in manual.values()):g} marks"
                 + (f", of which you have {hand_total:g} so far." if student in hand
                    else ", still to come from your instructor."), ""]
        for q in spec:
            if q.manual:
                lines.append(f"{q.name}: {row[q.name] or '-'} of {q.points:g} (marked by hand)")
            else:
                result = by_question.get(q.name)
                message = result.message if result else "not graded"
                lines.append(f"{q.name}: {row[q.name]} of {q.points:g}")
                if message != "passed":
                    lines += ["    " + line for line in message.splitlines()]
        (output / "feedback" / f"{student}.txt").write_text("\n".join(lines) + "\n",
                                                            encoding="utf-8")

    columns = ["student", *(q.name for q in spec), "automatic", "total"]
    grades = output / "grades.csv"
    with open(grades, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    item = f"{title(assignment)} ({sum(q.points for q in spec):g} marks)"
    with open(output / "lms-grades.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([*LMS_COLUMNS, item])
        for row in rows:
            person = people.get(row["student"], {})
            writer.writerow([person.get("name", row["student"]), person.get("id", ""),
                             person.get("sis_user_id", ""),
                             person.get("login", row["student"]), person.get("section", ""),
                             row["total"]])
    return grades


def _grade_one(args: tuple[str, str]) -> list[Result]:
    return grade_notebook(Path(args[0]), Path(args[1]))


def grade_folder(folder: Path, output: Path | None = None, *, jobs: int = 2,
                 hand_marks: Path | None = None, roster: Path | None = None,
                 autograder: Path | None = None) -> Path:
    """Grade every notebook in ``folder`` and write the reports; return the path of grades.csv.

    All notebooks must belong to one assignment. ``autograder`` reuses an existing autograder
    zip instead of building one; ``jobs`` notebooks are graded at a time.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"SUBMISSIONS={folder}: no such folder")
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    notebooks = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if not notebooks:
        raise FileNotFoundError(f"SUBMISSIONS={folder}: no .ipynb file in it")
    kinds = {p: assignment_of(p) for p in notebooks}
    if len(set(kinds.values())) != 1:
        raise ValueError(f"SUBMISSIONS={folder} mixes assignments "
                         f"({', '.join(sorted(set(kinds.values())))}): grade one per folder")
    assignment = kinds[notebooks[0]]
    students = {}
    for path in notebooks:
        student = student_name(path, assignment)
        if student in students:
            raise ValueError(f"{path.name} and {students[student].name} both belong to "
                             f"{student!r}: keep one submission per student")
        students[student] = path
    with tempfile.TemporaryDirectory() as tmp:
        if autograder is None:
            autograder = autograder_zip(otter_assign(assignment, Path(tmp) / assignment))
        work = [(str(students[s]), str(autograder)) for s in sorted(students)]
        if jobs == 1 or len(work) == 1:
            graded = [_grade_one(item) for item in work]
        else:
            with ProcessPoolExecutor(max_workers=min(jobs, len(work))) as pool:
                graded = list(pool.map(_grade_one, work))
    return write_reports(assignment, dict(zip(sorted(students), graded)),
                         folder if output is None else Path(output), hand_marks, roster)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``assign``, ``autograder`` or ``grade FOLDER``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("assign", help="regenerate the committed student and solution notebooks")
    build = commands.add_parser("autograder", help="build the autograder zips")
    build.add_argument("--output", type=Path, default=ROOT / "dist" / "autograder")
    grade = commands.add_parser("grade", help="grade a folder of submitted notebooks")
    grade.add_argument("folder", type=Path)
    grade.add_argument("--output", type=Path, default=None,
                       help="where to write the reports (default: the submissions folder)")
    grade.add_argument("--hand-marks", type=Path, default=None,
                       help="CSV with a student column and your marks for hand-marked questions")
    grade.add_argument("--roster", type=Path, default=None,
                       help="CSV with student, name, id, sis_user_id, login, section for the LMS")
    grade.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args(argv)
    if args.command == "assign":
        for path in regenerate():
            print(f"wrote {path.relative_to(ROOT)}")
    elif args.command == "autograder":
        for path in build_autograders(args.output).values():
            print(f"wrote {path}")
    else:
        grades = grade_folder(args.folder, args.output, jobs=args.jobs,
                              hand_marks=args.hand_marks, roster=args.roster)
        print(grades.read_text(encoding="utf-8"), end="")
        print(f"Wrote {grades}, {grades.parent / 'lms-grades.csv'} and one feedback file per "
              f"student in {grades.parent / 'feedback'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
