"""Follow CONTRIBUTING.md's recipes "Add an event" and "Add or re-score a case preset" in a scratch
clone, and check the result on the built page.

In a clone of the repository's last commit (with a copy of the execution cache, so that only the
chapters the recipe touches run), the script adds an event with a source and a new 2024 preset,
runs `make check-data`, `make snapshot`, `tools/practice.py after-the-article` (the practice
sheet whose keys count the events) and `make book`, and checks:

* the chapter "After the article" shows the new event, its date as "events up to", and the new
  preset in its table of presets;
* the build ran again only the chapters that read the changed files (their recorded inputs);
* a second `make book`, with no change, takes under 15 s of CPU and runs no notebook;
* with ``--tests``, the tests of `make test` that need no browser pass in the clone with no test
  edited.

The clone uses this repository's `.venv` (``VENV=… STAMP=``) and imports its own library
(``PYTHONPATH``). Usage: ``python tools/recipe_check.py [--tests] [--keep]``; exit status 0 when
every check passes. The slow tier runs it (tests/test_slow_build.py).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
#: The longest a rebuild with no change may take, in seconds of CPU (see :func:`cpu_seconds`).
NO_CHANGE_LIMIT = 15.0

EVENT_KEY = "recipe-check-summit-2026"
EVENT_TEXT = "A test event, added by tools/recipe_check.py, with a comma in its text"
PRESET = "Russia–Tajikistan 2024"


def cpu_seconds() -> float:
    """The CPU time used so far by this process's finished children (user and system).

    The rebuild's limit is checked on it rather than on the wall clock, which on a shared
    machine also counts the other jobs' turns; on an idle machine the two are about equal.
    """
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def scratch_clone(folder: Path) -> Path:
    """Clone the repository's last commit into ``folder/clone``, beside a link to ``shared/``.

    The execution cache and its build key are copied, so that a build in the clone runs only
    the chapters whose inputs differ; ``folder/shared`` points at the repository's neighbour
    ``shared/`` (the datasets' mirror and the articles), as ``../shared`` does for a worktree.
    """
    clone = folder / "clone"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)],
                   check=True)
    shared = ROOT.parent / "shared"
    if shared.is_dir():
        (folder / "shared").symlink_to(shared)
    for name in (".jupyter_cache", ".jupyter_cache.build-key"):
        source = ROOT / "_build" / name
        (clone / "_build").mkdir(exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, clone / "_build" / name)
        elif source.is_file():
            shutil.copy(source, clone / "_build" / name)
    return clone


def environment(clone: Path) -> dict[str, str]:
    """The environment of a command in the clone: its own library first on the path."""
    env = {**os.environ, "PYTHONPATH": str(clone / "lib")}
    env.pop("ALLIANCES_CURATED_DIR", None)
    return env


def make(clone: Path, *targets: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """Run ``make targets`` in the clone with this repository's ``.venv``; output is captured."""
    command = ["make", "-C", str(clone), "--no-print-directory", *targets, f"VENV={VENV}",
               "STAMP="]
    return subprocess.run(command, capture_output=True, text=True, env=environment(clone),
                          timeout=timeout)


def _append_rows(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if text.endswith("\n") else "\n") + out.getvalue(),
                    encoding="utf-8")


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def add_event(clone: Path) -> dt.date:
    """Recipe "Add an event", steps 1–2: a row in the events file, its source in the sources."""
    data = clone / "data"
    last = max(dt.date.fromisoformat(r["date"]) for r in _rows(data / "events_2020_2026.csv"))
    as_of = re.search(r"^as_of: (\S+)$", (data / "schemas.yml").read_text(encoding="utf-8"),
                      flags=re.M)
    assert as_of, "schemas.yml has no as_of"
    day = last + dt.timedelta(days=1)
    assert day <= dt.date.fromisoformat(as_of.group(1)), "no room before the as_of date"
    _append_rows(data / "events_2020_2026.csv", [[
        EVENT_KEY, day.isoformat(), "Russia; Tajikistan", EVENT_TEXT, "2A; R2",
        "The theory expects the patron to keep its guarantee while the ally stays loyal.", "",
        ""]])
    _append_rows(data / "event_sources.csv", [[
        EVENT_KEY, "A test source, 8 June 2026", "https://example.org/recipe-check",
        "independent media"]])
    return day


def add_preset(clone: Path) -> None:
    """Recipe "Add or re-score a case preset", steps 1–2: 17 rows for a case scored afresh."""
    path = clone / "data" / "case_presets.csv"
    model = [r for r in _rows(path) if r["case"] == "Russia–Kyrgyzstan 2024"]
    assert len(model) == 17
    _append_rows(path, [[PRESET, "2024", "", *list(r.values())[3:]] for r in model])


def notebooks_run(log: str) -> set[str]:
    """The notebooks the prefill ran, from the build's log ("  book/x.ipynb: 3.1 s")."""
    return set(re.findall(r"^  (book/\S+\.ipynb): [\d.]+ s$", log, flags=re.M))


def readers_of(clone: Path, files: set[str]) -> set[str]:
    """The notebooks whose cached run opened one of the curated ``files`` (their cache records)."""
    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(str(clone / "_build" / ".jupyter_cache"))
    readers = set()
    for path in sorted((clone / "book").rglob("*.ipynb")):
        try:
            record = cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            continue
        if files & set(record.data.get("alliances_inputs", {}).get("files", ())):
            readers.add(path.relative_to(clone).as_posix())
    return readers


def check(clone: Path, *, tests: bool) -> list[str]:
    """Follow the recipes in ``clone`` and return what went wrong (nothing when all is well)."""
    failures: list[str] = []
    prepared = make(clone, "book")
    if prepared.returncode != 0:
        return [f"make book before the recipe failed:\n{prepared.stdout[-3000:]}"]
    changed = {"events_2020_2026.csv", "event_sources.csv", "case_presets.csv"}
    expected = readers_of(clone, changed)

    day = add_event(clone)
    add_preset(clone)
    for target in ("check-data", "snapshot"):
        done = make(clone, target)
        if done.returncode != 0:
            return [f"make {target} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"]
    # The recipe's step 7: the practice sheet whose keys count the events is written again.
    sheet = subprocess.run([str(VENV / "bin" / "python"), "tools/practice.py", "after-the-article"],
                           cwd=clone, capture_output=True, text=True, env=environment(clone))
    if sheet.returncode != 0:
        return [f"tools/practice.py failed:\n{sheet.stdout[-3000:]}{sheet.stderr[-3000:]}"]
    started = time.perf_counter()
    built = make(clone, "book")
    seconds = time.perf_counter() - started
    print(f"make book after the recipe: {seconds:.0f} s, ran {sorted(notebooks_run(built.stdout))}")
    if built.returncode != 0:
        return [f"make book after the recipe failed:\n{built.stdout[-3000:]}"]
    ran = notebooks_run(built.stdout)
    if ran != expected:
        failures.append(f"the build ran {sorted(ran)}, but the chapters that read "
                        f"{sorted(changed)} are {sorted(expected)}")

    shown = f"events up to {day.day} {day:%B %Y}"
    # the events page shows the new event and the date; the scorecard page, the presets' table
    for name, needles in (("after-the-article", (EVENT_TEXT, shown)),
                          ("scorecard", (PRESET.removesuffix(" 2024"),))):
        page = (clone / f"_build/html/book/russia/{name}.html").read_text(encoding="utf-8")
        text = re.sub(r"<[^>]+>", "", page)
        failures += [f"the built page {name}.html lacks {needle!r}" for needle in needles
                     if needle not in text]

    started, cpu = time.perf_counter(), cpu_seconds()
    again = make(clone, "book")
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    print(f"make book with no change: {seconds:.1f} s ({cpu:.1f} s of CPU)")
    if again.returncode != 0 or "every notebook is up to date" not in again.stdout:
        failures.append(f"the rebuild with no change ran notebooks or failed:\n"
                        f"{again.stdout[-2000:]}")
    if cpu >= NO_CHANGE_LIMIT:
        failures.append(f"the rebuild with no change took {cpu:.1f} s of CPU "
                        f"(limit {NO_CHANGE_LIMIT:.0f} s)")

    if tests:
        run = subprocess.run(
            [str(VENV / "bin" / "python"), "-m", "pytest", "tests", "-p", "no:cacheprovider",
             "-p", "no:nbmake", "-n", "2", "-q", "-rf", "-m",
             "not browser and not slow and not slowtier"],
            cwd=clone, capture_output=True, text=True, env=environment(clone), timeout=1800)
        print(run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-500:])
        if run.returncode != 0:
            failed = [line for line in run.stdout.splitlines() if line.startswith("FAILED")]
            failures.append("the tests failed in the clone with no test edited:\n"
                            + "\n".join(failed or [run.stdout[-4000:]]))
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", action="store_true",
                        help="also run the tests that need no browser in the clone")
    parser.add_argument("--keep", action="store_true", help="keep the scratch clone")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="recipe-check-"))
    try:
        failures = check(scratch_clone(folder), tests=args.tests)
    finally:
        if args.keep:
            print(f"The scratch clone is in {folder / 'clone'}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    if not failures:
        print("The recipes 'Add an event' and 'Add or re-score a case preset' pass.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
