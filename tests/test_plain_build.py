"""The plain build (`make book PLAIN=1`, every speed mechanism off) passes the offline browser
checks: the fallback a maintainer builds when an upgrade breaks a mechanism (slow tier).

The build goes to a scratch folder, with this worktree's execution cache and pictures copied there
(run `make book` or `make test` first, as for every slow test that reads the built book); the
{eval} chapters then run again inline, since the cached inline client is off. The browser's page
checks of tests/test_browser.py (every page at both widths: loads offline, charts drawn, no console
error, no sideways scroll, axe) then run on it, pointed there by ``ALLIANCES_TEST_SITE``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from alliances.speedups import SWITCH

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"

pytestmark = pytest.mark.slowtier


def test_the_plain_build_passes_the_offline_browser_checks(tmp_path):
    cache = BUILD / ".jupyter_cache"
    if not cache.is_dir():
        pytest.fail(f"{cache} is missing: run `make book` or `make test` before the slow tier.")
    shutil.copytree(cache, tmp_path / "_build" / ".jupyter_cache")
    if (BUILD / "alliances_previews").is_dir():      # the portable edition's pictures
        shutil.copytree(BUILD / "alliances_previews", tmp_path / "_build" / "alliances_previews")
    env = {**os.environ, SWITCH: "all"}
    built = subprocess.run(
        [str(Path(sys.executable).with_name("jupyter-book")), "build", str(ROOT), "--builder",
         "html", "--warningiserror", "--nitpick", "--keep-going", "--path-output", str(tmp_path)],
        env=env, cwd=ROOT, capture_output=True, text=True)
    assert built.returncode == 0, (built.stdout + built.stderr)[-4000:]
    site = tmp_path / "_build" / "html"
    page = (site / "book" / "russia" / "russian-case.html").read_text(encoding="utf-8")
    # every speed mechanism is off: no held script, no picture
    for mark in ('data-alliances-later="', 'class="alliances-preview"'):
        assert mark not in page, mark
    assert 'class="alliances-chart"' in page and "alliances-vega.js" in page
    checks = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_browser.py", "-q", "-p", "no:cacheprovider",
         "-p", "no:nbmake", "-k", "test_page_fits_loads_offline_and_its_charts_work"],
        env={**env, "ALLIANCES_TEST_SITE": str(site)}, cwd=ROOT, capture_output=True, text=True)
    assert checks.returncode == 0, checks.stdout[-4000:]
    assert " passed" in checks.stdout.splitlines()[-1], checks.stdout[-500:]
