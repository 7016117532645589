"""tools/prefill_cache.py: a notebook that fails stops the build there, its cell's error last; a
notebook that runs is stored with what it read, for its key (tools/cachekey.py).

Two tiny notebooks run through the prefill function itself (two kernels at once, about three
seconds). The real `make book` with a raising cell, in a scratch clone, is in the slow
tier (tests/test_slow_build.py).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from jupyter_cache import get_cache

from cachekey import ROOT, notebook_key
from prefill_cache import INPUTS_KEY, KEY_KEY, _up_to_date, prefill


def _notebook(path: Path, *cells: str) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# A tiny chapter"),
                      *(nbformat.v4.new_code_cell(cell) for cell in cells)]
    nbformat.write(notebook, path)
    return path


def test_a_raising_cell_stops_the_prefill_with_its_error_last(tmp_path, capsys):
    """Two notebooks at once: one reads a curated file and is stored with what it read (its key's
    inputs); the other raises, and its error ends the output."""
    good = _notebook(tmp_path / "good.ipynb", "from alliances import curated",
                     "len(curated.belarus_base_refusals())")
    bad = _notebook(tmp_path / "planted.ipynb", "x = 41",
                    "raise ValueError(f'planted: x is {x + 1}')")
    cache_path = str(tmp_path / "cache")
    assert prefill([good, bad], cache_path, jobs=2, timeout=60) == 1
    out = capsys.readouterr().out
    last = out.rstrip().splitlines()[-10:]
    assert last[-1] == "ValueError: planted: x is 42"
    assert "raise ValueError(f'planted: x is {x + 1}')" in last
    assert f"The book was not built: {bad} failed. Its error:" in out
    assert "\x1b[" not in out                                   # no colour codes
    assert "Traceback (most recent call last)" not in out.split("An error occurred")[0]

    cache = get_cache(cache_path)
    assert _up_to_date(cache, good) and not _up_to_date(cache, bad)
    record = cache.match_cache_notebook(nbformat.read(good, as_version=4))
    inputs = record.data[INPUTS_KEY]
    assert inputs["files"] == ["belarus_base_refusals.csv"]
    assert {"alliances", "alliances.curated", "alliances.value"} <= set(inputs["modules"])
    assert record.data[KEY_KEY] == notebook_key(ROOT, inputs)
    stored = cache.get_cache_bundle(record.pk).nb
    assert [cell.source for cell in stored.cells if cell.cell_type == "code"] == [
        "from alliances import curated", "len(curated.belarus_base_refusals())"]
