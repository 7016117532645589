"""`make check-data` (tools/check_data.py): every rule of data/schemas.yml and of the loaders, on every
curated file, in one run, one `file:line:field: message` line per problem; and plain errors for the
open datasets (a missing mirror, a missing file, a wrong sha256).

The planted errors go into a scratch copy of data/ that the library reads through
ALLIANCES_CURATED_DIR; the line numbers are physical lines of the edited files (header = 1).
"""

from __future__ import annotations

import csv
import io
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

from _datafixtures import scratch  # noqa: F401 (a fixture)
from alliances import curated, datasets

ROOT = Path(__file__).resolve().parents[1]
CHECK = ROOT / "tools" / "check_data.py"


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def _write(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines), encoding="utf-8")


def _line_of(lines: list[str], start: str) -> int:
    """The 1-based line of the one line that starts with ``start``."""
    found = [n for n, line in enumerate(lines, 1) if line.startswith(start)]
    assert len(found) == 1, (start, found)
    return found[0]


def _set_cell(lines: list[str], line: int, index: int, value: str) -> None:
    """Set cell ``index`` of the one-line record on ``line`` (1-based), quoting as CSV does."""
    cells = next(csv.reader([lines[line - 1]]))
    cells[index] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    lines[line - 1] = out.getvalue()


def _cpu_seconds() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _check(folder: Path, **env: str) -> tuple[int, list[str], float]:
    """Run `make check-data`'s script on ``folder``: its exit status, its lines, and its CPU time
    (what it costs on an idle machine; the wall time also counts the other jobs of a busy one)."""
    started = _cpu_seconds()
    run = subprocess.run([sys.executable, str(CHECK)], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, curated.CURATED_DIR_ENV: str(folder), **env},
                         timeout=60)
    return run.returncode, run.stdout.splitlines(), _cpu_seconds() - started


def test_every_planted_error_is_reported_at_its_line_in_one_run(scratch):
    # events: a note that spans two physical lines (so the rows below it move down a line), a
    # malformed date, a date after the "as of" date, and two rows out of order
    events = scratch / "events_2020_2026.csv"
    with open(events, newline="", encoding="utf-8") as handle:
        records = list(csv.reader(handle))
    records[1][6] = "a note\non two lines"
    with open(events, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(records)
    rows = _lines(events)
    malformed = _line_of(rows, "belarus-sco-2024,")
    rows[malformed - 1] = rows[malformed - 1].replace(",2024-07-04,", ",2024-7-04,")
    late = _line_of(rows, "armenia-election-2026,")
    rows[late - 1] = rows[late - 1].replace(",2026-06-07,", ",2027-01-05,")
    swap = _line_of(rows, "gerasimov-kursk-2025,")
    rows[swap - 2], rows[swap - 1] = rows[swap - 1], rows[swap - 2]
    _write(events, rows)
    assert malformed == 18                     # line 17 in the repository's file, one below now
    as_of = f"{curated.AS_OF:%Y-%m-%d}"

    sources = scratch / "event_sources.csv"
    rows = _lines(sources)
    empty = next(n for n, line in enumerate(rows, 1) if line.startswith("belarus-sco-2024,"))
    _set_cell(rows, empty, 1, "")
    _write(sources, rows)

    presets = scratch / "case_presets.csv"
    rows = _lines(presets)
    probability = _line_of(rows, "US–Japan,2019,,teaching judgement,p_2A,")
    _set_cell(rows, probability, 5, "1.5")
    _write(presets, rows)

    functions = scratch / "russia_functions.csv"
    rows = _lines(functions)
    assert rows[1].count('"') == 4
    rows[1] = rows[1].replace('"', "", 2)          # the comma inside the first text is bare now
    cells = len(next(csv.reader([rows[1]])))
    _write(functions, rows)

    code, out, seconds = _check(scratch)
    assert code == 1
    expected = [
        f"events_2020_2026.csv:{malformed}:date: must hold an ISO date YYYY-MM-DD; got "
        "'2024-7-04'",
        f"events_2020_2026.csv:{swap}:date: rows must be in order of date: 2025-03-26 comes "
        "after a later date (2025-04-26)",
        f"events_2020_2026.csv:{late}:date: 2027-01-05 is after the data's 'as of' date {as_of} "
        "(as_of in schemas.yml)",
        f"event_sources.csv:{empty}:source: required column 'source' is empty",
        f"case_presets.csv:{probability}:value: case 'US–Japan', parameter 'p_2A' must be in "
        "[0, 1], got 1.5",
        f"russia_functions.csv:2:row: has {cells} cells where the header has 5: a comma inside a "
        "cell needs the cell in double quotes",
    ]
    missing = [line for line in expected if line not in out]
    assert not missing, (missing, out)
    assert seconds < 5


def test_open_dataset_problems_are_plain(tmp_path, monkeypatch):
    from check_data import dataset_problems

    mirror = tmp_path / "mirror"
    monkeypatch.setenv(datasets.DATA_DIR_ENV, str(mirror))
    assert dataset_problems() == [f"{mirror}: the mirror of the open datasets is missing "
                                  "($ALLIANCES_DATA_DIR names it); create it or unset the variable"]
    mirror.mkdir()
    entries = list(datasets.REGISTRY.values())
    (mirror / entries[0].filename).write_bytes(b"not the data")
    out = dataset_problems()
    assert out[0].startswith(f"{mirror / entries[0].filename}: sha256 ")
    assert f"is not the pinned {entries[0].sha256} of dataset {entries[0].name!r}" in out[0]
    assert out[1:] == [f"{mirror / e.filename}: missing from the mirror; download it from {e.url}"
                       for e in entries[1:]]


def test_a_csv_without_a_schema_is_reported(scratch):
    shutil.copy(scratch / "case_presets.csv", scratch / "case_presets_old.csv")
    assert [str(p) for p in curated.check_all()] == [
        "case_presets_old.csv:1:file: has no schema in schemas.yml; declare it there or move it "
        "away"]


def test_a_rescoring_names_one_case_on_every_row(scratch):
    presets = scratch / "case_presets.csv"
    rows = _lines(presets)
    line = [n for n, row in enumerate(rows, 1) if row.startswith("Russia–Syria 2024,")][3]
    _set_cell(rows, line, 2, "Russia–Belarus")
    _write(presets, rows)
    assert [str(p) for p in curated.check_all()] == [
        f"case_presets.csv:{line}:rescores: must be the same on every row of a case; "
        "'Russia–Syria 2024' has 'Russia–Syria' on an earlier line"]
