"""Shared helpers for the open-data tests: where the offline mirror is, and raw readers.

Import explicitly (``from _datafixtures import mirror, MIRROR``); this is not a
conftest. The mirror is the folder named by ``ALLIANCES_DATA_DIR`` or, by
default, ``shared/datasets`` next to the repository (``/work/shared/datasets``
when the repository is ``/work/main``).
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections import defaultdict
from pathlib import Path

import pytest

_DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "datasets"
MIRROR = Path(os.environ.get("ALLIANCES_DATA_DIR") or _DEFAULT).resolve()
HAVE_MIRROR = (MIRROR / "un_votes.rda").is_file()

needs_mirror = pytest.mark.skipif(
    not HAVE_MIRROR,
    reason=f"offline data mirror not found at {MIRROR} (set ALLIANCES_DATA_DIR to a folder "
           f"holding the .rda files listed in alliances.datasets.REGISTRY)")


@pytest.fixture()
def mirror(monkeypatch) -> Path:
    """Point ``ALLIANCES_DATA_DIR`` at the mirror (skip the test if there is none)."""
    if not HAVE_MIRROR:
        pytest.skip(f"offline data mirror not found at {MIRROR}")
    monkeypatch.setenv("ALLIANCES_DATA_DIR", str(MIRROR))
    return MIRROR


@contextlib.contextmanager
def mirror_env():
    """Point ``ALLIANCES_DATA_DIR`` at the mirror for a module-scoped fixture (skip if absent)."""
    if not HAVE_MIRROR:
        pytest.skip(f"offline data mirror not found at {MIRROR}")
    patch = pytest.MonkeyPatch()
    patch.setenv("ALLIANCES_DATA_DIR", str(MIRROR))
    try:
        yield MIRROR
    finally:
        patch.undo()


@functools.cache
def raw(filename: str):
    """The raw pandas frame in a mirror ``.rda`` file, read with pyreadr only (no library code)."""
    import pyreadr

    result = pyreadr.read_r(str(MIRROR / filename))
    return next(iter(result.values()))


@functools.cache
def raw_defence_pledges() -> dict[tuple[int, int], frozenset[int]]:
    """(pledging state, year) -> partners, by a plain loop over the raw ATOP frame (no library code)."""
    atop = raw("atop_alliance.rda")
    given: dict[tuple[int, int], set[int]] = {}
    for a, b, year, defence in zip(atop["ccode1"], atop["ccode2"], atop["year"],
                                   atop["atop_defense"]):
        if defence == 1:
            given.setdefault((int(a), int(year)), set()).add(int(b))
    return defaultdict(frozenset, {key: frozenset(value) for key, value in given.items()})


def loaded(load):
    """Yield what ``load()`` returns with the mirror in place: the body of a module-scoped fixture."""
    with mirror_env():
        yield load()


def walk(node):
    """Yield every dict inside a nested Vega-Lite spec or Vega scenegraph."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


@pytest.fixture()
def scratch(tmp_path, monkeypatch) -> Path:
    """A copy of the repository's data/ that the library reads through ALLIANCES_CURATED_DIR."""
    import shutil

    from alliances import curated
    folder = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", folder)
    monkeypatch.setenv(curated.CURATED_DIR_ENV, str(folder))
    return folder
