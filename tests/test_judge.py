"""Judging outside the submission's reach (issue 33): the sandbox, the tamper scan, the judge.

* The sandbox (tools/sandbox.py) is on, on Linux: a program inside it cannot read the keys (a
  secret file outside the repository), the instructor's files, another submission or the
  grader's home, has no network, cannot write to the library, and is stopped by its time and
  memory limits.
* The tamper scan (tools/judge.py) names assignments, ``setattr``/``delattr``, ``sys.modules``
  edits and reloads that touch ``alliances``, otter or the grading helpers, and the modules that
  open sockets or start processes, and passes the solutions without a flag.
* The judge turns the runner's JSON back into values (an assessment too) and calls the checks
  on them: the solution's answers pass, hostile JSON is answered by the check, never by a crash.

The sandbox's checks start one small program each (about a second in all); the whole notebooks
run in test_grading.py.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import shutil
import socket
import sys
from pathlib import Path

import pytest

import grade  # tools/, on sys.path (conftest.py)
import judge
import sandbox

ROOT = Path(__file__).resolve().parents[1]

#: A program that tries every way out of its sandbox and prints what it got, as JSON.
ESCAPES = r"""
import json, os, socket, sys
paths = json.loads(sys.argv[1])
seen = {}
for name, path in paths.items():
    try:
        with open(path, "rb") as handle:
            seen[name] = len(handle.read())
    except OSError as error:
        seen[name] = type(error).__name__
try:
    socket.create_connection(("127.0.0.1", int(sys.argv[2])), timeout=2)
    seen["network"] = "connected"
except OSError as error:
    seen["network"] = type(error).__name__
seen["interfaces"] = sorted(os.listdir("/sys/class/net")) if os.path.isdir("/sys/class/net") else []
try:
    with open(paths["library"], "a") as handle:
        handle.write("# changed")
    seen["library write"] = "written"
except OSError as error:
    seen["library write"] = type(error).__name__
seen["home"] = sorted(os.listdir(os.path.expanduser("~")))
seen["uid"], seen["caps"] = os.getuid(), open("/proc/self/status").read().split("CapEff:")[1].split()[0]
print(json.dumps(seen))
"""


def test_sandbox_is_on_and_hides_the_machine(tmp_path):
    assert sys.platform.startswith("linux") and sandbox.isolation() == "unshare"
    secret = tmp_path / "keys" / "secret.txt"            # outside the repository, as advised
    secret.parent.mkdir()
    secret.write_text("instructor's secret")
    other = tmp_path / "submissions" / "bob-stress-test.ipynb"
    other.parent.mkdir()
    other.write_text("{}")
    home = [p for p in Path.home().iterdir() if p.is_file()] or [Path.home() / ".profile"]
    paths = {"secret": str(secret), "other submission": str(other),
             "instructor": str(ROOT / "instructor" / "solutions" / "score-a-case-solution.ipynb"),
             "grader's home": str(home[0]), "library": str(ROOT / "lib" / "alliances" / "checks.py"),
             "own file": "submission.ipynb"}
    library_before = (ROOT / "lib" / "alliances" / "checks.py").read_bytes()
    listener = socket.create_server(("127.0.0.1", 0))        # the grader's machine listens
    port = listener.getsockname()[1]
    socket.create_connection(("127.0.0.1", port), timeout=2).close()   # reachable from here
    listener.accept()[0].close()
    outcome = sandbox.run([sys.executable, "-I", "-c", ESCAPES, json.dumps(paths), str(port)],
                          read_only=judge.read_only_paths(), files={"submission.ipynb": b"{}"})
    listener.settimeout(0)
    with pytest.raises(BlockingIOError):                     # nothing came from the sandbox
        listener.accept()
    listener.close()
    assert outcome.returncode == 0, outcome.stderr.decode()
    seen = json.loads(outcome.stdout)
    for name in ("secret", "other submission", "instructor", "grader's home"):
        assert seen[name] == "FileNotFoundError", (name, seen[name])
    assert seen["own file"] == 2 and seen["library"] == len(library_before)
    assert seen["network"] in ("OSError", "ConnectionRefusedError"), seen["network"]
    assert seen["interfaces"] in ([], ["lo"])
    assert seen["library write"] == "OSError" and seen["home"] == ["submission.ipynb"]
    assert seen["caps"] == "0000000000000000"           # root of its namespace, with no power
    assert (ROOT / "lib" / "alliances" / "checks.py").read_bytes() == library_before


def test_sandbox_limits():
    limits = sandbox.Limits(seconds=3, memory_mb=512)
    slow = sandbox.run([sys.executable, "-I", "-c", "import time; time.sleep(60)"], limits=limits)
    assert slow.timed_out and slow.seconds < 10
    hungry = sandbox.run([sys.executable, "-I", "-c", "x = bytearray(2 * 1024 ** 3)"],
                         limits=limits)
    assert not hungry.timed_out and b"MemoryError" in hungry.stderr


SCANNED = {
    "import alliances.checks as c\nc.check_dyad = print": "assigns c.check_dyad",
    "from alliances import checks\nsetattr(checks, 'check_dyad', print)": "calls setattr on checks",
    "import alliances\ndel alliances.checks.check_report": "deletes alliances.checks.check_report",
    "import sys\nsys.modules['alliances.checks'] = None": "edits sys.modules",
    "import sys\nsys.modules.pop('alliances')": "edits sys.modules (sys.modules.pop)",
    "import importlib\nimportlib.reload(alliances)": "reloads a module",
    "checks = None": "rebinds the name checks",
    "from alliances import value as v\nv.PARAMETERS['a'] = 1": "assigns v.PARAMETERS['a']",
    "import subprocess": "imports subprocess, which starts processes",
    "exec('print(1)')": "calls exec, which hides code from this scan",
    # aliases, namespaces and hidden code (the reviewer's scan gaps)
    "import alliances\nc = alliances.checks\nc.check_dyad = print": "assigns c.check_dyad",
    "from alliances import checks as k\nd = k\nd.check_dyad = 1": "assigns d.check_dyad",
    "import alliances.checks\nalliances.checks.__dict__.update(check_dyad=print)":
        "edits a module's namespace (alliances.checks.__dict__.update)",
    "import alliances\nvars(alliances.checks).update(check_dyad=print)":
        "edits a module's namespace",
    "import sys as s\ns.modules['alliances.checks'] = None": "edits sys.modules",
    "from sys import modules as m\nm['alliances'] = None": "edits sys.modules (m['alliances'])",
    "get_ipython().run_cell(src)": "runs get_ipython().run_cell, whose code is hidden",
    "get_ipython().run_line_magic('run', 'x.py')": "runs the magic 'run', whose code is hidden",
    "%%capture\nimport alliances\nalliances.checks = 1": "runs the magic 'capture'",
    "import json as j\nj.dumps = lambda *a, **k: '{}'": "assigns j.dumps, which the grader's",
}


@pytest.mark.parametrize("source", SCANNED)
def test_scan_names_tampering(source):
    found = judge.scan(["x = 1", source])
    assert len(found) >= 1 and any(SCANNED[source] in f for f in found), found
    assert all(f.startswith("cell 2, line ") for f in found)


@pytest.mark.parametrize("name", grade.ASSIGNMENTS)
def test_scan_passes_the_solutions(name):
    notebook = json.loads((ROOT / "instructor" / "solutions" / f"{name}-solution.ipynb").read_text())
    sources = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert judge.scan(sources) == []


def test_judge_reads_json_and_never_crashes():
    import submission_runner
    from alliances import cases

    syria = cases.get_preset("Russia–Syria")
    encoded = json.loads(json.dumps({
        "result": submission_runner.encode(syria.assess()),
        "inputs": submission_runner.encode(syria.to_params()),
        "shares": submission_runner.encode({"population": 75.5, "gdp": float("nan")}),
        "names": submission_runner.encode(("b_1A", {"p_1A"})),
    }))
    assert judge.decode(encoded["result"]) == syria.assess()
    assert judge.decode(encoded["inputs"]) == syria.to_params()
    assert judge.decode(encoded["names"]) == ("b_1A", {"p_1A"})
    checks = [judge.Check("task3_verdict", "check_result", ("result", "inputs"), (), 4.0)]
    assert judge.judge(encoded, checks)[0].score == 4
    for hostile in ({"__assessment__": {"net": "x"}}, {"__dict__": 3}, {"a": 1, "b": 2},
                    {"__object__": "DataFrame"}, [[[[]]]]):
        result, = judge.judge({"result": hostile, "inputs": encoded["inputs"]}, checks)
        assert result.score == 0 and "Not yet" in result.message, hostile
    missing, = judge.judge({}, checks)
    assert missing.score == 0 and "Not done yet" in missing.message


def test_without_a_sandbox_grading_refuses_or_says_so(tmp_path, monkeypatch):
    """Where no sandbox can be built (macOS, Windows), `make grade` refuses; told to grade
    anyway, every output says "not isolated"."""
    monkeypatch.setattr(sandbox, "_ISOLATION", [None])
    (tmp_path / "ada-stress-test.ipynb").write_text("{}")
    with pytest.raises(RuntimeError, match="--not-isolated"):
        grade.grade_folder(tmp_path)
    name = "stress-test-a-claim"
    results = {"eve": [judge.Result(q.name, 0.0, q.points, "passed")
                       for q in grade.questions(name) if not q.manual]}
    grades = grade.write_reports(name, results, tmp_path / "out", isolated=False)
    assert grades.read_text().splitlines()[0].endswith(",total,grading")
    assert grades.read_text().splitlines()[1].endswith(",not isolated")
    assert (tmp_path / "out" / "lms-grades.csv").read_text().splitlines()[0].endswith(
        "(100 marks) (not isolated)")
    summary = grade.write_summary([grade.Row("ada.ipynb", "ada", grade.UNSIGNED)],
                                  tmp_path / "summary.csv", sandbox.NOT_ISOLATED)
    assert summary.read_text().splitlines()[1].endswith(",not isolated")



def test_scan_survives_a_cell_it_cannot_parse():
    """A cell too deep for the parser (MemoryError, not SyntaxError) is named, not a crash."""
    found = judge.scan(["-" * 10_000 + "1", "import alliances\nalliances.checks = 1"])
    assert found[0] == "cell 1: could not be parsed (MemoryError), so it was not scanned"
    assert "cell 2, line 2: assigns alliances.checks" in found[1]


# ---------------------------------------------------------------------------
# One bad file never stops a class run (the planted folder needs no sandbox run: nothing in it
# can be graded, so each check below is a row of summary.csv)
# ---------------------------------------------------------------------------

def _student_notebook(name: str = "stress-test-a-claim") -> dict:
    return json.loads((ROOT / "book" / "assignments" / f"{name}.ipynb").read_text())


def test_bad_files_get_rows_and_the_majority_is_graded(tmp_path, monkeypatch):
    import variants

    def run_nothing(*args, **kwargs):
        raise AssertionError("no file of this folder should run")

    monkeypatch.setattr(judge, "run_submission", run_nothing)
    monkeypatch.setattr(judge, "self_test", run_nothing)
    secret = tmp_path / "secret.key"
    secret.write_text("a test secret, thirty-two bytes!")
    folder = tmp_path / "in"
    folder.mkdir()
    plain = _student_notebook()
    files = {"hal-stress-test.ipynb": plain, "hal_stress-test.ipynb": plain,
             "odd-stress-test.ipynb": _student_notebook("score-a-case"),
             "int-stress-test.ipynb": {**plain, "cells": [*plain["cells"], 3]},
             "lst-stress-test.ipynb": {**plain, "cells": [{"cell_type": "code", "source": [1]}]}}
    signed = {**plain, "metadata": {**plain["metadata"], "alliances": variants.signed_metadata(
        "sig", "stress-test-a-claim", variants.read_secret(secret))}}
    files["sig-stress-test.ipynb"] = signed
    forged = json.loads(json.dumps(signed))
    forged["metadata"]["alliances"]["signature"] = "é" * 64
    files["uni-stress-test.ipynb"] = forged
    for file, notebook in files.items():
        (folder / file).write_text(json.dumps(notebook))
    grade.grade_folder(folder, tmp_path / "plain", progress=False)
    rows = _summary(tmp_path / "plain" / "summary.csv")
    assert rows["odd-stress-test.ipynb"]["status"] == (
        "a notebook of score-a-case, not stress-test-a-claim: not graded (grade it in a folder "
        "of its own)")
    assert rows["int-stress-test.ipynb"]["status"] == "not a notebook (cell 23 is not a notebook cell)" \
        .replace("23", str(len(plain["cells"]) + 1))
    assert rows["lst-stress-test.ipynb"]["status"] == "not a notebook (cell 1's source is not text)"
    assert rows["sig-stress-test.ipynb"]["status"].startswith("signed copy: pass SECRET=")
    assert rows["hal-stress-test.ipynb"]["status"].startswith("duplicated login 'hal'")
    (folder / "sig-stress-test.ipynb").unlink()        # the one that would run with SECRET
    grade.grade_folder(folder, tmp_path / "signed", secret=secret, progress=False)
    rows = _summary(tmp_path / "signed" / "summary.csv")
    assert rows["uni-stress-test.ipynb"]["status"].startswith("signature tampered")
    assert rows["hal-stress-test.ipynb"]["status"].startswith("signature missing")
    kinds = {"a": "score-a-case", "b": "stress-test-a-claim"}
    with pytest.raises(ValueError, match=r"as many notebooks of .* pass ASSIGNMENT=name"):
        grade._majority(kinds, None, folder)
    assert grade._majority(kinds, "stress-test-a-claim", folder) == "stress-test-a-claim"
    assert grade._majority({**kinds, "c": "score-a-case"}, None, folder) == "score-a-case"


def _summary(path: Path) -> dict[str, dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def test_grader_failures_are_never_cached(tmp_path, monkeypatch):
    """A run that failed on the grader's side (the sandbox, the runner) gets a "grader error"
    row, no marks and no cache entry; a student's own time-out is cached; an unreadable cache
    entry is a miss."""
    def broken_sandbox(*args, **kwargs):
        raise RuntimeError("the sandbox does not work on this machine: …")

    monkeypatch.setattr(grade, "_SANDBOX_TESTED", set())
    monkeypatch.setattr(judge, "self_test", broken_sandbox)
    (tmp_path / "ada-stress-test.ipynb").write_text(json.dumps(_student_notebook()))
    with pytest.raises(RuntimeError, match="the sandbox does not work"):
        grade.grade_folder(tmp_path, jobs=1, progress=False)
    assert not (tmp_path / "summary.csv").exists()        # nothing graded, nothing cached
    monkeypatch.setattr(judge, "self_test", lambda *a, **k: None)
    cache = tmp_path / grade.CACHE_DIR
    broken = judge.Run(problem="grader error: the sandbox failed", grader_fault=True)
    monkeypatch.setattr(judge, "run_submission", lambda *a, **k: broken)
    grade.grade_folder(tmp_path, jobs=1, progress=False)
    row = _summary(tmp_path / "summary.csv")["ada-stress-test.ipynb"]
    assert row["status"] == "grader error: the sandbox failed" and row["automatic"] == ""
    assert list(cache.iterdir()) == [] and "ada" not in (tmp_path / "grades.csv").read_text()
    stuck = judge.Run(problem="never finished: stopped after 5 s", started=True)
    monkeypatch.setattr(judge, "run_submission", lambda *a, **k: stuck)
    grade.grade_folder(tmp_path, jobs=1, progress=False)
    row = _summary(tmp_path / "summary.csv")["ada-stress-test.ipynb"]
    assert row["status"] == "never finished: stopped after 5 s" and row["automatic"] == "0"
    entry, = cache.iterdir()
    grade.grade_folder(tmp_path, jobs=1, progress=False)
    assert _summary(tmp_path / "summary.csv")["ada-stress-test.ipynb"]["status"].endswith(
        "(cached)")
    entry.write_text('{"status": "graded", "results": [')        # cut short by a crash
    grade.grade_folder(tmp_path, jobs=1, progress=False)
    assert _summary(tmp_path / "summary.csv")["ada-stress-test.ipynb"]["status"] == (
        "never finished: stopped after 5 s")
    assert sorted(p.name for p in cache.iterdir()) == [entry.name]   # no temporary file left


def _job(job: dict) -> dict:
    """A grading job for :func:`grade.run_jobs`: ok, raising, or killing its worker."""
    if job["do"] == "raise":
        raise MemoryError("planted")
    if job["do"] == "die":
        os._exit(9)                 # as when the system kills a worker out of memory
    return {"status": "graded", "results": [], "flags": [], "seconds": 0.0, "isolation": ""}


def test_a_failing_worker_becomes_a_row_not_a_crash():
    work = {"ada": {"do": "ok"}, "bob": {"do": "raise", "flags": ["x"]}}
    done = dict(grade.run_jobs(work, 1, _job))
    assert done["ada"]["status"] == "graded"
    assert done["bob"]["status"] == "grader error: MemoryError: planted"
    assert done["bob"]["flags"] == ["x"] and done["bob"]["cache"] is False
    done = dict(grade.run_jobs({"cy": {"do": "die"}, "dee": {"do": "raise"}}, 2, _job))
    assert done["cy"]["status"].startswith("grader error: BrokenProcessPool")
    assert done["dee"]["status"].startswith("grader error:")


def test_run_without_a_start_is_the_graders_fault(monkeypatch):
    """No start marker from the runner: the sandbox failed, not the student."""
    def outcome(stderr: bytes, **changes) -> sandbox.Outcome:
        fields = {"returncode": 1, "stdout": b"", "stderr": stderr, "timed_out": False,
                  "seconds": 1.0, **changes}
        return sandbox.Outcome(**fields)

    start = json.dumps({"event": judge.START_EVENT, "detail": ""}).encode() + b"\n"
    for given, problem, fault in (
            (outcome(b"mount: permission denied"), "grader error: the sandbox failed before "
             "the submission's first cell (exit status 1: mount: permission denied)", True),
            (outcome(b"", timed_out=True), "grader error: the sandbox failed before the "
             "submission's first cell (no start after 120 s)", True),
            (outcome(start, timed_out=True), "never finished: stopped after 120 s", False),
            (outcome(start, overflowed=True, cap=16 * 2 ** 20), "output too large: it wrote "
             "more than 16 MB to the grader's channels and was stopped", False)):
        monkeypatch.setattr(sandbox, "run", lambda *a, given=given, **k: given)
        run = judge.run_submission(b"{}", ["x"])
        assert (run.problem, run.grader_fault) == (problem, fault)
    with pytest.raises(RuntimeError, match="the sandbox does not work on this machine"):
        judge.self_test()


def test_sandbox_caps_what_it_reads():
    """A program that floods its pipes is stopped at the cap, not read into memory."""
    flood = "import os\nb = b'x' * 65536\nwhile True:\n    os.write(1, b)\n    os.write(2, b)"
    outcome = sandbox.run([sys.executable, "-I", "-c", flood], read_only=judge.read_only_paths())
    assert outcome.overflowed and not outcome.timed_out and outcome.seconds < 20
    assert len(outcome.stdout) + len(outcome.stderr) <= sandbox.MAX_OUTPUT


#: A program that detaches a grandchild (new session, double fork) which would outlive the run.
DETACH = """
import os, sys, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(600)
    os._exit(0)
print(os.getuid())
"""


def test_leftover_processes_are_killed():
    before = sandbox._descendants()
    outcome = sandbox.run([sys.executable, "-I", "-c", DETACH + "# " + str(id(before))],
                          isolated=False)
    assert outcome.returncode == 0
    assert sandbox._descendants() - before == set()
    assert not [pid for pid in os.listdir("/proc") if pid.isdigit() and str(id(before))
                in _cmdline(pid)]


def _cmdline(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root, setpriv")
def test_without_a_sandbox_root_runs_the_submission_as_nobody(tmp_path):
    """Gradescope without user namespaces: the submission runs as nobody, so the autograder's
    root-only files are out of its reach."""
    private = tmp_path / "secret.key"
    private.write_text("instructor's secret")
    private.chmod(0o600)
    program = ("import os, sys\nprint(os.getuid(), os.getgroups())\ntry:\n    open(sys.argv[1])"
               "\nexcept PermissionError:\n    print('denied')")
    outcome = sandbox.run([sys.executable, "-I", "-c", program, str(private)], isolated=False,
                          files={"submission.ipynb": b"{}"})
    assert outcome.stdout.decode().split("\n")[:2] == [f"{sandbox.NOBODY} []", "denied"]
    assert outcome.isolation == sandbox.NOT_ISOLATED


def test_gradescope_reads_and_deletes_the_secret_before_anything_runs(tmp_path, monkeypatch):
    root = tmp_path / "autograder"
    (root / "source").mkdir(parents=True)
    (root / "submission").mkdir()
    spec = {"assignment": "stress-test-a-claim", "params": {},
            "checks": [dataclasses.asdict(c) for c in grade.hidden_checks("stress-test-a-claim")]}
    (root / "source" / "checks.json").write_text(json.dumps(spec))
    (root / "source" / "secret.key").write_text("a test secret, thirty-two bytes!")
    (root / "submission" / "eve.ipynb").write_text(json.dumps({"cells": [7], "metadata": {}}))
    results = json.loads(judge.gradescope(root).read_text())
    assert results == {"score": 0, "output": "The file is not a notebook (cell 1 is not a "
                       "notebook cell)."}
    assert not (root / "source" / "secret.key").exists()
    # Without a sandbox, a submission that changes the installed library gets nothing.
    (root / "submission" / "eve.ipynb").write_text(json.dumps(_student_notebook()))
    prints = iter(["before", "after"])
    monkeypatch.setattr(judge, "preload", lambda: None)
    monkeypatch.setattr(sandbox, "isolation", lambda: None)
    monkeypatch.setattr(judge, "library_fingerprint", lambda: next(prints))
    monkeypatch.setattr(sandbox, "run", lambda *a, **k: sandbox.Outcome(
        0, b'{"values": {"weakest_indicator": "population"}, "errors": []}', b"", False, 1.0,
        sandbox.NOT_ISOLATED))
    results = json.loads(judge.gradescope(root).read_text())
    assert results["score"] == 0 and "Flagged: changed the installed library" in results["output"]
    assert {t["output"] for t in results["tests"]} == {
        "changed the installed library during its run: no marks"}
    # A sandbox that fails before the notebook's first cell fails the autograder, not the student.
    monkeypatch.setattr(sandbox, "isolation", lambda: "unshare")
    monkeypatch.setattr(sandbox, "run", lambda *a, **k: sandbox.Outcome(
        1, b"", b"unshare: write failed /proc/self/uid_map", False, 1.0))
    (root / "results" / "results.json").unlink()
    with pytest.raises(SystemExit, match=r"The autograder failed \(not the student's work\): "
                       r"grader error: the sandbox failed before the submission's first cell"):
        judge.gradescope(root)
    assert not (root / "results" / "results.json").exists()


def test_instructor_errors_name_the_variable(tmp_path, capsys):
    assert grade.main(["grade", str(tmp_path / "missing")]) == 2
    assert capsys.readouterr().err.startswith("make grade: SUBMISSIONS=")
    for argument, words in ((["--seconds", "0"], "SECONDS= (--seconds) must be in (0, 3600], "
                             "got 0"), (["--jobs", "0"], "JOBS= (--jobs) must be at least 1")):
        assert grade.main(["grade", str(tmp_path), *argument]) == 2
        assert words in capsys.readouterr().err
    (tmp_path / "ada-stress-test.ipynb").write_text(json.dumps(_student_notebook()))
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email\nAda,ada@x\n")
    assert grade.main(["grade", str(tmp_path), "--roster", str(roster)]) == 2
    assert f"ROSTER={roster} needs a `student` or `login` column" in capsys.readouterr().err
    roster.write_text("login,name\nada,Ada Lovelace\n")        # make assign's roster
    assert grade.read_people(roster)["ada"]["name"] == "Ada Lovelace"


def test_a_class_run_that_changed_the_library_says_so(tmp_path, monkeypatch):
    """Without a sandbox a notebook can edit the installed library: its row is flagged, earns
    nothing, and the run ends by telling the instructor to reinstall and grade again."""
    monkeypatch.setattr(judge, "self_test", lambda *a, **k: None)
    (tmp_path / "eve-stress-test.ipynb").write_text(json.dumps(_student_notebook()))
    prints = iter(["before", "after", "after"])
    monkeypatch.setattr(judge, "library_fingerprint", lambda: next(prints))
    monkeypatch.setattr(judge, "run_submission", lambda *a, **k: judge.Run(
        problem="changed the installed library during its run: no marks", started=True,
        library_changed=True, isolation=sandbox.NOT_ISOLATED))
    with pytest.raises(RuntimeError, match=r"library changed during grading .* \(make env\)"):
        grade.grade_folder(tmp_path, jobs=1, isolated=False, progress=False)
    row = _summary(tmp_path / "summary.csv")["eve-stress-test.ipynb"]
    assert row["automatic"] == "0" and judge.LIBRARY_CHANGED in row["flags"]
