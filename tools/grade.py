"""Make the book's assignments with otter-grader, and grade them offline, each submission sandboxed.

Each assignment has one source, an otter master notebook in ``instructor/assignments/``, and
two tracks made from it: the MA version (``score-a-case``) and the undergraduate version
(``score-a-case-ug``). A master cell whose metadata says ``{"alliances": {"track": "ug"}}`` (or
``"ma"``) belongs to that track only; every other cell to both. The master's placeholders
``{{time_estimate}}`` and ``{{code_share}}`` are filled in per track (:func:`time_estimate`,
:func:`code_share`), from the question cells' metadata ``{"alliances": {"write": words,
"code": true}}``. ``otter assign`` turns each track into the student notebook (committed as
``book/assignments/<name>.ipynb``), the solution notebook (committed as
``instructor/solutions/<name>-solution.ipynb``) and the autograder zip (built when needed,
never committed). The hidden tests call the library's checks (:mod:`alliances.checks`), so a
failed test says what is wrong in the same answer-free words the student saw in the notebook;
grading reads them from the master (:func:`hidden_checks`), not from otter's zip.

Commands (run from the repository with the test environment, which has otter-grader):

``python tools/grade.py assign``
    Regenerate the committed student and solution notebooks after editing a master notebook.
``python tools/grade.py autograder [--output DIR]``
    Build one Gradescope autograder zip per assignment (:func:`gradescope_zip`).
``python tools/grade.py grade FOLDER [--output DIR] [--hand-marks CSV] [--roster CSV] [--secret FILE]``
    Grade every ``.ipynb`` in FOLDER (one assignment per folder; ``make grade
    SUBMISSIONS=FOLDER``) and write, in FOLDER (or ``--output``):

    * ``grades.csv``: one row per student, one column per question (hand-marked columns stay
      empty until you merge your marks with ``--hand-marks``), the automatic marks and the total;
    * ``feedback/<student>.txt``: each student's marks with the checks' messages;
    * ``lms-grades.csv``: the total in the gradebook format that Canvas imports directly and
      Moodle imports by mapping ``SIS Login ID`` to the username;
    * ``summary.csv``: one row per file, graded or not, with its status (an empty file, invalid
      JSON, a duplicated login, a cell that raised, a notebook that never finished), its marks,
      the tampering attempts found and how it was run.

Grading never runs a submission where it is judged (tools/judge.py): each notebook runs in a
sandbox of its own (tools/sandbox.py), two at a time, and only the variables the hidden tests
read come out of it, as JSON; the checks of :mod:`alliances.checks` judge them in the grader's
process, against the student's variant. Grades are cached in ``FOLDER/.grading-cache``: a
re-run grades only the submissions whose hash, variant, hidden tests, grader or library changed.

A student is named by the submission's file name without the assignment's name
(``curie-score-a-case.ipynb`` → ``curie``), or by the login its signed metadata carries. Grading
runs each notebook with this environment's Python and library, read-only, and nothing from the
network.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import judge
from judge import Result

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
    coded = [float(fields["points"]) for fields, meta in _question_meta(name) if meta.get("code")]
    total = sum(q.points for q in questions(name))
    marks = sum(coded)
    tasks = f"{len(coded)} code task{'s' if len(coded) != 1 else ''}" if coded else "no code task"
    return (f"{marks:g} of the {total:g} marks ({100 * marks / total:.0f}%) rest on working code "
            f"({tasks}); the rest are for answers you type or write.")


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


def time_minutes(name: str) -> dict[str, float]:
    """The minutes a student needs for ``name``: reading, writing and code, from the word counts
    and the three rates (``READING_WORDS_PER_MINUTE``, ``WRITING_WORDS_PER_MINUTE``,
    ``MINUTES_PER_CODE_TASK``), which the instructor guide asks instructors to calibrate."""
    write = int(sum(int(meta.get("write", 0)) for _, meta in _question_meta(name)))
    code = sum(bool(meta.get("code")) for _, meta in _question_meta(name))
    return {"reading": reading_words(name) / READING_WORDS_PER_MINUTE,
            "writing": write / WRITING_WORDS_PER_MINUTE, "code": code * MINUTES_PER_CODE_TASK}


def time_estimate(name: str) -> str:
    """The time a student needs for ``name``, in plain words (for the notebook): the total in half
    hours and its three parts in tens of minutes (:func:`time_minutes`)."""
    parts = time_minutes(name)
    hours = round(sum(parts.values()) / 30) / 2
    reading, writing, code = (max(10, round(parts[key], -1)) for key in ("reading", "writing", "code"))
    return (f"**Time:** about {hours:g} hours: about {reading:.0f} minutes of reading, "
            f"{writing:.0f} of writing and {code:.0f} of work in code.")


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


#: The Gradescope autograder's set-up (run once when Gradescope builds the image) and its run.
GRADESCOPE_SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image: Python, util-linux (for the
# sandbox) and the book's library, in a virtual environment of its own.
set -euo pipefail
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv util-linux >/dev/null
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install --quiet -r /autograder/source/requirements.txt
"""
GRADESCOPE_RUN = """#!/usr/bin/env bash
# Gradescope runs this for each submission: the notebook runs in a sandbox, its named answers come
# out as JSON, and the checks judge them outside it (judge.py); results/results.json is written.
cd /autograder/source && exec /autograder/venv/bin/python judge.py gradescope /autograder
"""
#: The grader's files that go into the autograder zip, from tools/.
GRADESCOPE_TOOLS = ("judge.py", "sandbox.py", "submission_runner.py")


def gradescope_zip(name: str, target: Path, params: Mapping[str, object] | None = None,
                   secret: Path | None = None) -> Path:
    """Write the Gradescope autograder of assignment ``name`` to ``target`` and return it.

    It follows the design of ``make grade``: ``run_autograder`` runs the submission in the same
    sandbox (where Gradescope's container allows user namespaces; the results say "not
    isolated" where it does not) and judges its answers outside it, against the hidden tests in
    ``checks.json``; ``setup.sh`` installs the library from ``requirements.txt``. ``params`` are
    a variant's parameters (default: the book's variant). With the instructor's ``secret`` file
    (``make assign``'s), the zip carries it and tools/variants.py: each signed copy is then
    judged against its own variant, and a missing or tampered signature is not graded. Such a
    zip holds your secret: upload it to Gradescope only, never share it.
    """
    spec = {"assignment": name, "checks": [asdict(c) for c in hidden_checks(name)],
            "params": dict(params or {})}
    requirements = (MASTERS / "requirements.txt").read_text(encoding="utf-8") + "ipython\n"
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file, text in (("setup.sh", GRADESCOPE_SETUP), ("run_autograder", GRADESCOPE_RUN)):
            info = zipfile.ZipInfo(file, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o755 << 16
            archive.writestr(info, text)
        archive.writestr("requirements.txt", requirements)
        archive.writestr("checks.json", json.dumps(spec, indent=1) + "\n")
        tools = GRADESCOPE_TOOLS + (("grade.py", "variants.py") if secret else ())
        for file in tools:
            archive.write(Path(__file__).resolve().parent / file, file)
        if secret:
            import variants

            archive.writestr("secret.key", variants.read_secret(Path(secret)))
    return target


def build_autograders(output: Path, names: Iterable[str] = ASSIGNMENTS,
                      secret: Path | None = None) -> dict[str, Path]:
    """Build one Gradescope autograder zip per assignment into ``output`` as
    ``<name>-autograder.zip`` (:func:`gradescope_zip`; ``secret`` for signed variants)."""
    return {name: gradescope_zip(name, Path(output) / f"{name}-autograder.zip", secret=secret)
            for name in names}


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


def read_people(path: Path | None, variable: str = "ROSTER") -> dict[str, dict[str, str]]:
    """The rows of a roster or hand-marks CSV by student: its ``student`` column, else its
    ``login`` column (``make assign``'s roster). ``variable`` names the file in errors, as the
    caller wrote it (``HAND`` or ``ROSTER``)."""
    if path is None:
        return {}
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
            columns = rows[0].keys() if rows else []
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise ValueError(f"{variable}={path}: cannot be read as CSV ({error})") from error
    key = next((c for c in ("student", "login") if c in columns), None)
    if key is None:
        raise ValueError(f"{variable}={path} needs a `student` or `login` column (the login of "
                         f"each student), got columns {', '.join(columns) or 'none'}")
    return {(row[key] or "").strip(): row for row in rows}


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
                  hand_marks: Path | None = None, roster: Path | None = None,
                  notes: Mapping[str, list[str]] | None = None, isolated: bool = True) -> Path:
    """Write grades.csv, feedback/<student>.txt and lms-grades.csv into ``output``.

    ``graded`` maps each student to their automatic results. ``hand_marks`` is a CSV with a
    ``student`` column and one column per hand-marked question (for example your filled-in copy
    of grades.csv); ``roster`` is a CSV with ``student`` and any of ``id``, ``sis_user_id``,
    ``login`` and ``section`` for the LMS file; ``notes`` adds lines at the end of a student's
    feedback (the variant, how the run was isolated, what was flagged). A run without a sandbox
    (``isolated=False``) says "not isolated" in grades.csv (a last column) and in the LMS file's
    item name. Returns the path of grades.csv.
    """
    output = Path(output)
    (output / "feedback").mkdir(parents=True, exist_ok=True)
    spec = questions(assignment)
    manual = {q.name: q for q in spec if q.manual}
    hand = read_people(hand_marks, "HAND")
    people = read_people(roster, "ROSTER")
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
        lines += ["", *(notes or {}).get(student, [])] if (notes or {}).get(student) else []
        (output / "feedback" / f"{student}.txt").write_text("\n".join(lines) + "\n",
                                                            encoding="utf-8")

    columns = ["student", *(q.name for q in spec), "automatic", "total"]
    if not isolated:
        columns.append("grading")
        for row in rows:
            row["grading"] = "not isolated"
    grades = output / "grades.csv"
    with open(grades, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    item = f"{title(assignment)} ({sum(q.points for q in spec):g} marks)"
    item += "" if isolated else " (not isolated)"
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


# ---------------------------------------------------------------------------
# Grading a folder: each submission sandboxed, judged outside, cached, summarised
# ---------------------------------------------------------------------------

#: The book's own variant: the numbers of the committed notebooks (an unsigned copy gets it).
BOOK_VARIANT = "book"
#: How the summary names the book's variant when the run has no secret to check signatures.
UNSIGNED = "book (unsigned copy)"
#: The grading cache's folder, inside the output folder.
CACHE_DIR = ".grading-cache"
#: The summary's columns (one row per file in the submissions folder).
SUMMARY_COLUMNS = ("file", "student", "variant", "status", "automatic", "possible", "seconds",
                   "flags", "isolation")


def hidden_checks(name: str) -> list[judge.Check]:
    """The hidden tests of assignment ``name``, read from its master notebook's test cells."""
    points = {q.name: q.points for q in questions(name) if not q.manual}
    return judge.checks_from_cells(_track_notebook(name, fill=False)["cells"], points)


@dataclass
class Row:
    """One file of the submissions folder, as the summary reports it."""

    file: str
    student: str = ""
    variant: str = ""
    status: str = "graded"
    results: list[Result] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    seconds: float = 0.0
    isolation: str = ""
    params: dict = field(default_factory=dict)
    key: str = ""

    @property
    def graded(self) -> bool:
        """True when the submission has marks (possibly all zero, as after a time-out)."""
        return bool(self.results)


def _read_submission(path: Path) -> tuple[dict | None, str]:
    """The notebook in ``path``, or None and why it cannot be graded."""
    data = path.read_bytes()
    if not data.strip():
        return None, "empty file"
    try:
        notebook = json.loads(data)
    except (ValueError, RecursionError) as error:
        return None, f"invalid JSON ({str(error)[:80]})"
    try:
        judge.code_sources(notebook)
    except ValueError as error:
        return None, f"not a notebook ({error})"
    return notebook, ""


def _variant(path: Path, notebook: dict, assignment: str,
             secret: bytes | None) -> tuple[str, str, dict, str]:
    """(student, variant, params, problem) of one submission: from its signature with a secret,
    else the book's variant, named after the file."""
    if secret is None:
        meta = notebook.get("metadata")
        if isinstance(meta, dict) and isinstance(meta.get("alliances"), dict) and meta[
                "alliances"].get("signature"):
            return (student_name(path, assignment), "", {}, "signed copy: pass SECRET= (the "
                    "secret of make assign) to grade it against its own variant; not graded")
        return student_name(path, assignment), UNSIGNED, {}, ""
    import variants  # tools/variants.py: signatures and the variant sets

    try:
        signed = variants.read_signed(notebook, secret)
    except variants.SignatureError as error:
        return student_name(path, assignment), "", {}, f"signature {error.reason}: not graded"
    if signed.assignment != assignment:
        return (signed.login, signed.vid, {}, f"signed for {signed.assignment}, not {assignment}: "
                "not graded")
    return signed.login, signed.vid, dict(variants.variant_by_id(assignment, signed.vid).params), ""


def judge_answers(assignment: str, answers: Mapping[str, object],
                  params: Mapping[str, object] | None = None) -> list[Result]:
    """Judge ``answers`` (variable → Python value) as a submission's would be: written as the
    sandbox writes them (JSON), read back and checked against the variant ``params``."""
    import submission_runner

    data = json.loads(json.dumps({k: submission_runner.encode(v) for k, v in answers.items()}))
    return judge.judge(data, hidden_checks(assignment), params)


def _grade_job(job: dict) -> dict:
    """Grade one submission (in a worker process, which never runs a submission's code itself):
    run it in its sandbox, then judge its answers. Returns the row's fields."""
    checks = [judge.Check(**{**c, "variables": tuple(c["variables"]),
                             "options": tuple(tuple(o) for o in c["options"])})
              for c in job["checks"]]
    data = Path(job["path"]).read_bytes()
    run = judge.run_submission(data, judge.variables(checks), isolated=job["isolated"],
                               seconds=job["seconds"])
    flags = job["flags"] + judge.suspicious_events(run.events) + (
        [judge.LIBRARY_CHANGED] if run.library_changed else [])
    if run.grader_fault:            # not the student's doing: no marks, never cached
        return {"status": run.problem, "results": [], "flags": flags,
                "seconds": round(run.seconds, 2), "isolation": run.isolation, "cache": False}
    if run.problem:
        status = run.problem
        results = [Result(q, 0.0, sum(c.points for c in checks if c.question == q), run.problem)
                   for q in dict.fromkeys(c.question for c in checks)]
    else:
        results = judge.judge(run.values, checks, job["params"])
        status = "graded" + (f"; cell {run.errors[0]['cell']} raised {run.errors[0]['error']}"
                             + (f" (and {len(run.errors) - 1} more)" if len(run.errors) > 1
                                else "") if run.errors else "")
    return {"status": status, "results": [asdict(r) for r in results], "flags": flags,
            "seconds": round(run.seconds, 2), "isolation": run.isolation, "cache": True}


def run_jobs(work: Mapping[str, dict], jobs: int,
             grade_one: Callable[[dict], dict] = _grade_job) -> Iterator[tuple[str, dict]]:
    """Grade each job of ``work`` (name → job), ``jobs`` at a time, yielding (name, outcome) as
    each ends. A job whose grading itself fails (an exception in the worker, a worker killed by
    the system) yields a "grader error" outcome with no marks, never cached: one failure never
    stops the others."""
    def failed(error: BaseException, job: dict) -> dict:
        return {"status": f"grader error: {type(error).__name__}: {str(error)[:200]}",
                "results": [], "flags": list(job.get("flags", [])), "seconds": 0.0,
                "isolation": "", "cache": False}

    if jobs == 1 or len(work) <= 1:
        for name, job in work.items():
            try:
                yield name, grade_one(job)
            except Exception as error:
                yield name, failed(error, job)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(work))) as pool:
        futures = {pool.submit(grade_one, job): name for name, job in work.items()}
        for future in as_completed(futures):
            try:
                yield futures[future], future.result()
            except Exception as error:      # BrokenProcessPool after a worker was killed too
                yield futures[future], failed(error, work[futures[future]])


def _read_cache(path: Path) -> dict | None:
    """A cached outcome, or None when there is none or it cannot be read (a miss)."""
    try:
        done = json.loads(path.read_text(encoding="utf-8"))
        done["results"] = [Result(**r) for r in done["results"]]
        if not (isinstance(done["status"], str) and isinstance(done["flags"], list)
                and isinstance(done["seconds"], (int, float))
                and isinstance(done["isolation"], str) and done["results"]):
            return None
        return done
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None


def _write_cache(path: Path, done: Mapping[str, object]) -> None:
    """Store an outcome atomically: a temporary file, then renamed over the entry."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(done, out)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _majority(kinds: Mapping[str, str], wanted: str | None, folder: Path) -> str:
    """The assignment to grade: ``wanted`` (ASSIGNMENT=), else the one most files name."""
    if wanted is not None:
        return _check_assignment(wanted)
    counts = Counter(kinds.values()).most_common()
    if len(counts) > 1 and counts[0][1] == counts[1][1]:
        raise ValueError(f"SUBMISSIONS={folder} holds as many notebooks of "
                         f"{counts[0][0]} as of {counts[1][0]}: pass ASSIGNMENT=name")
    return counts[0][0]


def _fingerprint(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else json.dumps(part, sort_keys=True).encode())
        digest.update(b"\0")
    return digest.hexdigest()


#: The kinds of run (isolated or not) whose sandbox passed :func:`judge.self_test` in this process.
_SANDBOX_TESTED: set[bool] = set()


def grade_folder(folder: Path, output: Path | None = None, *, jobs: int = 2,
                 hand_marks: Path | None = None, roster: Path | None = None,
                 secret: Path | None = None, isolated: bool = True, seconds: float = 120.0,
                 progress: bool = True, assignment: str | None = None) -> Path:
    """Grade every notebook in ``folder`` and write the reports; return the path of grades.csv.

    Each submission runs in a sandbox of its own (tools/sandbox.py), ``jobs`` at a time, and is
    judged outside it (tools/judge.py); a line of progress is printed as each one ends. A file
    that cannot be graded (empty, invalid JSON, a duplicated login, a missing or tampered
    signature) gets a row in ``summary.csv`` and no marks. A notebook that raises is graded on
    what it computed; one that never finishes is stopped after ``seconds`` and gets no marks.
    Every graded submission is cached in ``<output>/.grading-cache``, keyed on the hash of the
    submission, its variant's parameters, the grader (hidden tests, judge, sandbox) and the
    library: a re-run grades only what changed. ``secret`` is the instructor's secret file:
    each submission's signature is then checked and it is judged against its own variant;
    without it every submission is judged against the book's variant, labelled so.
    ``isolated=False`` runs without a sandbox (where none can be built), labelled so.
    ``assignment`` is the assignment to grade; by default the one most notebooks name (a file of
    another assignment gets a row of its own and is not graded). Before the first submission
    runs, a trivial notebook runs in the sandbox: if it fails, nothing is graded. A submission
    whose grading failed on the grader's side gets a "grader error" row and is never cached.
    """
    import sandbox

    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"SUBMISSIONS={folder}: no such folder")
    if jobs < 1:
        raise ValueError(f"JOBS= (--jobs) must be at least 1, got {jobs}")
    if not 0 < seconds <= 3600:
        raise ValueError(f"SECONDS= (--seconds) must be in (0, 3600], got {seconds:g}")
    read_people(hand_marks, "HAND")         # a wrong file fails now, not after every run
    read_people(roster, "ROSTER")
    if isolated and sandbox.isolation() is None:
        raise RuntimeError("this machine cannot give each submission a sandbox (Linux user "
                           "namespaces are needed): grade on Linux, or pass --not-isolated to "
                           "grade without one, labelled 'not isolated' in every output")
    paths = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if not paths:
        raise FileNotFoundError(f"SUBMISSIONS={folder}: no .ipynb file in it")
    output = folder if output is None else Path(output)
    if secret is not None:
        import variants

        key_secret: bytes | None = variants.read_secret(Path(secret))
    else:
        key_secret = None
    rows: list[Row] = []
    notebooks: dict[str, dict] = {}
    kinds: dict[str, str] = {}
    for path in paths:
        notebook, problem = _read_submission(path)
        rows.append(Row(path.name, status=problem))
        if notebook is not None:
            try:
                kinds[path.name] = assignment_of(path)
                notebooks[path.name] = notebook
            except ValueError:
                rows[-1].status = "not a notebook of one of the book's assignments"
    if not kinds:
        raise ValueError(f"SUBMISSIONS={folder}: no file is a notebook of one of the book's "
                         f"assignments ({', '.join(r.file + ': ' + r.status for r in rows)})")
    assignment = _majority(kinds, assignment, folder)
    checks = hidden_checks(assignment)
    label = sandbox.ISOLATED if isolated else sandbox.NOT_ISOLATED
    library = judge.library_fingerprint()
    grader = _fingerprint(judge.autograder_fingerprint(checks), library, label)
    by_student: dict[str, list[Row]] = {}
    for row in rows:
        row.student = student_name(folder / row.file, assignment)
        if row.file not in notebooks:
            continue
        if kinds[row.file] != assignment:
            row.status = (f"a notebook of {kinds[row.file]}, not {assignment}: not graded "
                          "(grade it in a folder of its own)")
            del notebooks[row.file]
            continue
        try:
            row.student, row.variant, row.params, problem = _variant(
                folder / row.file, notebooks[row.file], assignment, key_secret)
            row.flags = judge.scan(judge.code_sources(notebooks[row.file]))
        except Exception as error:      # whatever a student put in the file
            problem = f"not a notebook ({type(error).__name__}: {str(error)[:80]})"
            del notebooks[row.file]
        row.status = problem
        if not problem:
            by_student.setdefault(row.student, []).append(row)
    for student, same in by_student.items():
        if len(same) > 1:
            for row in same:
                others = ", ".join(r.file for r in same if r is not row)
                row.status = f"duplicated login {student!r} (also in {others}): not graded"
    todo = [r for r in rows if r.file in notebooks and not r.status]
    cache = output / CACHE_DIR
    cache.mkdir(parents=True, exist_ok=True)
    pending = []
    for row in todo:
        row.key = _fingerprint((folder / row.file).read_bytes(), row.variant, row.params, grader)
        done = _read_cache(cache / f"{row.key}.json")
        if done is not None:
            row.status, row.flags, row.seconds = done["status"], done["flags"], done["seconds"]
            row.isolation, row.results = done["isolation"], done["results"]
            row.status += " (cached)"
        else:
            pending.append(row)
    if progress and len(todo) > len(pending):
        print(f"{len(todo) - len(pending)} submission(s) unchanged since the last run: their "
              "grades come from the cache.", file=sys.stderr)
    work = {row.file: {"path": str(folder / row.file), "checks": [asdict(c) for c in checks],
                       "params": row.params, "flags": row.flags, "isolated": isolated,
                       "seconds": seconds} for row in pending}
    by_file = {row.file: row for row in pending}
    if pending and isolated not in _SANDBOX_TESTED:     # once per process (make grade: per run)
        judge.self_test(isolated)           # a broken sandbox stops here, before any grade
        _SANDBOX_TESTED.add(isolated)

    def finish(name: str, done: dict, count: int) -> None:
        row = by_file[name]
        row.status, row.flags, row.seconds = done["status"], done["flags"], done["seconds"]
        row.isolation = done["isolation"]
        row.results = [Result(**r) for r in done["results"]]
        if done.pop("cache", False):
            _write_cache(cache / f"{row.key}.json", done)
        if progress:
            score = sum(r.score for r in row.results)
            print(f"[{count}/{len(pending)}] {name}: {score:g} of "
                  f"{sum(r.possible for r in row.results):g} automatic marks, {row.seconds:.1f} s"
                  + (f"; {row.status}" if row.status != "graded" else "")
                  + (f"; FLAGGED: {len(row.flags)} attempt(s)" if row.flags else ""),
                  file=sys.stderr, flush=True)

    for count, (name, done) in enumerate(run_jobs(work, jobs), start=1):
        finish(name, done, count)
    graded = {row.student: row.results for row in rows if row.graded}
    grades = write_reports(assignment, graded, output, hand_marks, roster,
                           notes={row.student: _notes(row, label) for row in rows if row.graded},
                           isolated=isolated)
    write_summary(rows, output / "summary.csv", label)
    if progress:
        print(summary_text(rows, label), file=sys.stderr)
    if not isolated and judge.library_fingerprint() != library:
        raise RuntimeError("the installed library changed during grading (the row flagged "
                           f"'{judge.LIBRARY_CHANGED}' in summary.csv did it): reinstall it "
                           f"(make env), delete {cache} and grade again")
    return grades


def _notes(row: Row, label: str) -> list[str]:
    lines = [f"Graded against variant: {row.variant}. Grading: {row.isolation or label}."]
    return lines + [f"Flagged for review: {flag}" for flag in row.flags]


def write_summary(rows: Iterable[Row], path: Path, label: str) -> Path:
    """``summary.csv``: one row per file of the folder, graded or not, with its status, marks,
    the tampering attempts found (``flags``, joined by `` | ``) and how it was run."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(SUMMARY_COLUMNS)
        for row in rows:
            writer.writerow([row.file, row.student, row.variant, row.status or "graded",
                             _fmt(sum(r.score for r in row.results)) if row.graded else "",
                             _fmt(sum(r.possible for r in row.results)) if row.graded else "",
                             f"{row.seconds:.1f}" if row.graded else "",
                             " | ".join(row.flags), row.isolation or label])
    return path


def summary_text(rows: Sequence[Row], label: str) -> str:
    """The run's summary for the terminal: counts, then every file that needs a look, by name."""
    graded = [r for r in rows if r.graded]
    cached = [r for r in graded if r.status.endswith("(cached)")]
    lines = [f"Graded {len(graded)} of {len(rows)} file(s) ({len(cached)} from the cache); "
             f"grading: {label}."]
    shared = Counter(r.variant for r in graded)
    if shared:
        most, count = shared.most_common(1)[0]
        lines.append(f"Variants: {len(graded)} graded student(s) on {len(shared)} variant(s); "
                     f"at most {count} share one ({most}).")
    for row in rows:
        if not row.graded:
            lines.append(f"  NOT GRADED  {row.file}: {row.status}")
        elif not row.status.startswith("graded"):
            lines.append(f"  NO MARKS    {row.file}: {row.status}")
        elif "raised" in row.status:
            lines.append(f"  RAISED      {row.file}: {row.status.split('; ', 1)[1]}")
        for flag in row.flags:
            lines.append(f"  FLAGGED     {row.file} ({row.student}): {flag}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``assign``, ``autograder`` or ``grade FOLDER``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("assign", help="regenerate the committed student and solution notebooks")
    build = commands.add_parser("autograder", help="build the autograder zips")
    build.add_argument("--output", type=Path, default=ROOT / "dist" / "autograder")
    build.add_argument("--secret", type=Path, default=None,
                       help="the secret of make assign: judge each signed copy by its variant")
    grade = commands.add_parser("grade", help="grade a folder of submitted notebooks")
    grade.add_argument("folder", type=Path)
    grade.add_argument("--output", type=Path, default=None,
                       help="where to write the reports (default: the submissions folder)")
    grade.add_argument("--hand-marks", type=Path, default=None,
                       help="CSV with a student column and your marks for hand-marked questions")
    grade.add_argument("--roster", type=Path, default=None,
                       help="CSV with student, name, id, sis_user_id, login, section for the LMS")
    grade.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    grade.add_argument("--secret", type=Path, default=None,
                       help="the instructor's secret file: check signatures, grade each variant")
    grade.add_argument("--not-isolated", action="store_true",
                       help="grade without a sandbox where none can be built (labelled so)")
    grade.add_argument("--seconds", type=float, default=120.0,
                       help="time limit of one submission, in (0, 3600] (default 120)")
    grade.add_argument("--assignment", default=None, choices=ASSIGNMENTS,
                       help="the assignment to grade (default: the one most notebooks name)")
    args = parser.parse_args(argv)
    if args.command == "assign":
        for path in regenerate():
            print(f"wrote {path.relative_to(ROOT)}")
    elif args.command == "autograder":
        for path in build_autograders(args.output, secret=args.secret).values():
            print(f"wrote {path}")
    else:
        try:
            grades = grade_folder(args.folder, args.output, jobs=args.jobs,
                                  hand_marks=args.hand_marks, roster=args.roster,
                                  secret=args.secret, isolated=not args.not_isolated,
                                  seconds=args.seconds, assignment=args.assignment)
        except (OSError, ValueError, RuntimeError) as error:   # the instructor's input
            print(f"make grade: {error}", file=sys.stderr)
            return 2
        print(grades.read_text(encoding="utf-8"), end="")
        print(f"Wrote {grades}, {grades.parent / 'lms-grades.csv'} and one feedback file per "
              f"student in {grades.parent / 'feedback'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
