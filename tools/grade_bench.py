"""Planted submissions, and the grading benchmark (``make bench-grade``; a benchmark, not a test).

:data:`ATTACKS` are the five cheats of issue 33's acceptance list, each one code cell that a
student with bad intentions adds at the end of a blank notebook, hoping for the automatic marks:
it patches ``alliances.checks``, edits the installed checks file, copies another submission read
by absolute path, writes to the output folder, or fetches answers over a socket. The tests
(tests/test_grading.py) and the benchmark plant them with :func:`planted`.

The benchmark writes ``n`` submissions of "Replicate and stress-test a claim" (MA): right
(the solution), partial (the solution with some answers set back to the placeholder), broken
(a cell that raises before any answer) and cheating (the blank notebook with one of the attacks),
in equal shares, grades the folder with one worker and then with two, each time from a cold
cache, and reports the seconds per submission and the totals::

    python tools/grade_bench.py [--submissions 200] [--folder DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import grade

#: The five attacks: name → code of the cell, with ``{folder}`` (the submissions folder) and
#: ``{victim}`` (another student's file in it) filled in by :func:`planted`.
ATTACKS: dict[str, str] = {
    "patch": ("from alliances import checks\n"
              "from alliances.checks import Feedback, PASSED\n"
              "for name in dir(checks):\n"
              "    if name.startswith('check_'):\n"
              "        setattr(checks, name, lambda *a, **k: Feedback('any', PASSED, 'ok'))\n"
              "checks.check_report = lambda *a, **k: Feedback('any', PASSED, 'ok')\n"),
    "edit": ("import pathlib, alliances.checks\n"
             "path = pathlib.Path(alliances.checks.__file__)\n"
             "text = path.read_text().replace('    if _is_blank(answer):', "
             "'    return Feedback(\"x\", PASSED, \"ok\")\\n    if _is_blank(answer):')\n"
             "path.write_text(text)\n"),
    "copy": ("import json\n"
             "other = json.load(open('{folder}/{victim}'))\n"
             "for cell in other['cells']:\n"
             "    if cell['cell_type'] == 'code':\n"
             "        get_ipython().run_cell(''.join(cell['source']))\n"),
    "write": ("with open('{folder}/grades.csv', 'a') as out:\n"
              "    out.write('mallory,6,,5,,6,,8,,10,,2,,37,37\\n')\n"
              "import os\n"
              "os.makedirs('{folder}/.grading-cache', exist_ok=True)\n"),
    "socket": ("import json, socket\n"
               "answers = json.loads(socket.create_connection(('10.20.30.40', 8000), "
               "timeout=3).recv(100000))\n"
               "globals().update(answers)\n"),
}


def planted(notebook: Path, code: str, **fill: str) -> dict:
    """The notebook in ``notebook`` with one more code cell, ``code`` (``{…}`` filled in)."""
    data = json.loads(Path(notebook).read_text(encoding="utf-8"))
    text = code.format(**fill) if fill else code
    data["cells"].append({"cell_type": "code", "execution_count": None, "metadata": {},
                          "outputs": [], "source": text})
    return data


def write_class(folder: Path, submissions: int, name: str = "stress-test-a-claim") -> dict[str, int]:
    """Write ``submissions`` notebooks of assignment ``name`` into ``folder``: right, partial,
    broken and cheating in turn. Returns how many of each."""
    folder.mkdir(parents=True, exist_ok=True)
    solution = grade.SOLUTION_DIR / f"{name}-solution.ipynb"
    blank = grade.STUDENT_DIR / f"{name}.ipynb"
    variables = grade.judge.variables(grade.hidden_checks(name))
    counts = {"right": 0, "partial": 0, "broken": 0, "cheating": 0}
    attacks = list(ATTACKS)
    for number in range(submissions):
        kind = list(counts)[number % 4]
        student = f"s{number:03d}"
        if kind == "right":
            data = json.loads(solution.read_text(encoding="utf-8"))
            data["cells"].append({"cell_type": "markdown", "metadata": {}, "source": student})
        elif kind == "partial":
            wrong = variables[number % len(variables)::3]
            data = planted(solution, "\n".join(f"{v} = None" for v in wrong))
        elif kind == "broken":          # the imports' cell raises first: every later cell fails
            data = json.loads(solution.read_text(encoding="utf-8"))
            cell = next(c for c in data["cells"] if "from alliances import" in "".join(c["source"])
                        and c["cell_type"] == "code" and "try:" not in "".join(c["source"]))
            cell["source"] = "raise RuntimeError('my code stops here')\n" + "".join(cell["source"])
        else:
            attack = attacks[number % len(attacks)]
            data = planted(blank, ATTACKS[attack], folder=str(folder), victim="s000-stress-test.ipynb")
        counts[kind] += 1
        (folder / f"{student}-stress-test.ipynb").write_text(json.dumps(data), encoding="utf-8")
    return counts


def _children_cpu() -> float:
    """CPU seconds used so far by this process's finished children and their children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    """Grade a generated class with one worker, then two; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder or Path(tmp) / "class"
        counts = write_class(folder, args.submissions)
        print(f"{args.submissions} submissions: " + ", ".join(f"{v} {k}" for k, v in counts.items()),
              flush=True)
        figures = []
        for jobs in (1, 2):
            shutil.rmtree(folder / grade.CACHE_DIR, ignore_errors=True)
            start, cpu = time.monotonic(), _children_cpu()
            grade.grade_folder(folder, jobs=jobs, progress=False)
            seconds, cpu = time.monotonic() - start, _children_cpu() - cpu
            figures.append((jobs, seconds))
            print(f"{jobs} worker(s) on {os.cpu_count()} core(s): {seconds:.0f} s in all, "
                  f"{seconds / args.submissions:.2f} s per submission; CPU time "
                  f"{cpu / args.submissions:.2f} s per submission (load average before: "
                  f"{os.getloadavg()[0]:.1f})", flush=True)
        start = time.monotonic()
        grade.grade_folder(folder, jobs=2, progress=False)
        print(f"re-run with nothing changed: {time.monotonic() - start:.1f} s (all from the cache)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
