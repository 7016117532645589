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
