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

import json
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
    socket.create_connection(("1.1.1.1", 80), timeout=2)
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
    outcome = sandbox.run([sys.executable, "-I", "-c", ESCAPES, json.dumps(paths)],
                          read_only=judge.read_only_paths(), files={"submission.ipynb": b"{}"})
    assert outcome.returncode == 0, outcome.stderr.decode()
    seen = json.loads(outcome.stdout)
    for name in ("secret", "other submission", "instructor", "grader's home"):
        assert seen[name] == "FileNotFoundError", (name, seen[name])
    assert seen["own file"] == 2 and seen["library"] == len(library_before)
    assert seen["network"] == "OSError" and seen["interfaces"] in ([], ["lo"])
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
