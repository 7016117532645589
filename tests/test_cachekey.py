"""tools/cachekey.py: each notebook's key changes with exactly the inputs its run read.

Three notebooks' records, as the prefill stores them (the curated files a run opened and the
library's modules it imported), are keyed in a scratch copy of the repository's inputs; a change to
data/schemas.yml, to one CSV file, to one requirements file and to one library module must change
the keys of exactly the notebooks that read it. The real rebuilds are in the slow tier
(tests/test_slow_build.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cachekey import build_key, cache_key, notebook_key

ROOT = Path(__file__).resolve().parents[1]

#: What three kinds of chapter read: one with no data, one with the UN votes, one with the events.
RECORDS = {
    "theory": {"files": [], "modules": ["alliances", "alliances.value"]},
    "votes": {"files": ["unga_68_262_votes.csv"],
              "modules": ["alliances", "alliances.curated", "alliances.value", "alliances.votes"]},
    "events": {"files": ["event_sources.csv", "events_2020_2026.csv"],
               "modules": ["alliances", "alliances.curated", "alliances.russia",
                           "alliances.value"]},
}


@pytest.fixture()
def root(tmp_path, monkeypatch) -> Path:
    monkeypatch.delenv("ALLIANCES_CURATED_DIR", raising=False)
    for folder in ("lib", "data", "requirements"):
        shutil.copytree(ROOT / folder, tmp_path / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    (tmp_path / "tools").mkdir()
    for name in ("pyproject.toml", "tools/prefill_cache.py", "tools/cachekey.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def _keys(root: Path) -> dict[str, str]:
    return {name: notebook_key(root, record) for name, record in RECORDS.items()}


@pytest.mark.parametrize("changed, affected", [
    ("data/schemas.yml", {"votes", "events"}),
    ("data/events_2020_2026.csv", {"events"}),
    ("data/unga_68_262_votes.csv", {"votes"}),
    ("data/belarus_base_refusals.csv", set()),          # read by none of the three
    ("requirements/runtime.txt", {"theory", "votes", "events"}),
    ("pyproject.toml", {"theory", "votes", "events"}),
    ("lib/alliances/russia.py", {"events"}),
    ("lib/alliances/value.py", {"theory", "votes", "events"}),
    ("lib/alliances/static/alliances.css", {"theory", "votes", "events"}),
])
def test_a_change_alters_the_keys_of_exactly_the_notebooks_that_read_it(root, changed, affected):
    before, wide, build = _keys(root), cache_key(root), build_key(root)
    with open(root / changed, "a", encoding="utf-8") as handle:
        handle.write("\n")
    after = _keys(root)
    assert {name for name in RECORDS if after[name] != before[name]} == affected
    assert cache_key(root) != wide                       # the Pages workflow's cache name moves
    assert (build_key(root) != build) == changed.startswith(("lib/", "requirements/", "pyproject"))


def test_the_keys_are_stable_and_follow_the_curated_folder(root, tmp_path, monkeypatch):
    assert _keys(root) == _keys(root)
    other = tmp_path / "elsewhere"
    shutil.copytree(root / "data", other)
    (other / "events_2020_2026.csv").write_text("changed\n", encoding="utf-8")
    before = _keys(root)
    monkeypatch.setenv("ALLIANCES_CURATED_DIR", str(other))
    after = _keys(root)
    assert {name for name in RECORDS if after[name] != before[name]} == {"events"}
    shutil.copy(root / "data" / "events_2020_2026.csv", other)
    assert _keys(root) == before                          # the same files elsewhere: the same keys
