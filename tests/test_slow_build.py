"""Real builds in a scratch clone (the slow tier, `make test-slow`): the recipes of CONTRIBUTING.md
pass with no test edited, a rebuild runs only the chapters whose inputs changed and takes under
15 s with no change, and a chapter whose cell raises stops `make book` in the prefill.

The clones take their execution cache from this worktree's _build (run `make book` or `make test`
first, as for every slow test that reads the built book; with no cache, the first build in a
clone runs every chapter).
"""

from __future__ import annotations

import glob
import json
import tempfile
from pathlib import Path

import pytest

from recipe_check import check, make, scratch_clone

pytestmark = pytest.mark.slowtier


def test_the_recipes_add_an_event_and_a_preset_in_a_scratch_clone(tmp_path):
    """tools/recipe_check.py: the page shows the new event and preset, the build re-ran only the
    chapters that read the changed files, the rebuild with no change takes under 15 s, and the
    tests that need no browser pass in the clone, no test edited."""
    assert check(scratch_clone(tmp_path), tests=True) == []


def test_a_raising_cell_stops_make_book_in_the_prefill(tmp_path):
    clone = scratch_clone(tmp_path)
    path = clone / "book" / "start" / "getting-started.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"].insert(1, {"cell_type": "code", "execution_count": None, "id": "planted",
                                 "metadata": {}, "outputs": [],
                                 "source": ["raise ValueError('planted in the recipe check')"]})
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    before = set(glob.glob(str(Path(tempfile.gettempdir()) / "sphinx-err-*.log")))
    built = make(clone, "book")
    assert built.returncode != 0
    last = (built.stdout + built.stderr).rstrip().splitlines()[-10:]
    assert "ValueError: planted in the recipe check" in last, last
    assert any(line.endswith("raise ValueError('planted in the recipe check')") for line in last)
    assert "Running Sphinx" not in built.stdout + built.stderr          # Sphinx never started
    assert "\x1b[" not in "\n".join(last)
    assert set(glob.glob(str(Path(tempfile.gettempdir()) / "sphinx-err-*.log"))) == before
