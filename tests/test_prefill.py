"""tools/prefill_cache.py: a notebook that fails stops the build there, its cell's error last.

One tiny notebook whose second cell raises runs through the prefill function itself (one kernel,
about two seconds). The real `make book` with a raising cell, in a scratch clone, is in the slow
tier (tests/test_slow_build.py).
"""

from __future__ import annotations

import nbformat

from prefill_cache import prefill


def test_a_raising_cell_stops_the_prefill_with_its_error_last(tmp_path, capsys):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# A planted failure"),
                      nbformat.v4.new_code_cell("x = 41"),
                      nbformat.v4.new_code_cell("raise ValueError(f'planted: x is {x + 1}')")]
    path = tmp_path / "planted.ipynb"
    nbformat.write(notebook, path)
    assert prefill([path], str(tmp_path / "cache"), jobs=1, timeout=60) == 1
    out = capsys.readouterr().out
    last = out.rstrip().splitlines()[-10:]
    assert last[-1] == "ValueError: planted: x is 42"
    assert "raise ValueError(f'planted: x is {x + 1}')" in last
    assert f"The book was not built: {path} failed. Its error:" in out
    assert "\x1b[" not in out                                   # no colour codes
    assert "Traceback (most recent call last)" not in out.split("An error occurred")[0]
