"""Tests of alliances.datasets: registry, checksums, offline mirror, failure modes, loaders.

No test touches the network: downloads are replaced by fakes that either fail
(as on a machine without internet) or copy a file from the offline mirror.
"""

from __future__ import annotations

import hashlib
import re
import shutil

import pandas as pd
import pooch
import pooch.downloaders
import pytest
import requests

from _datafixtures import MIRROR, mirror, needs_mirror, raw  # noqa: F401 (mirror: fixture)
from alliances import datasets as ds

FILES = {"un_votes": "un_votes.rda", "un_roll_calls": "un_roll_calls.rda",
         "un_roll_call_issues": "un_roll_call_issues.rda", "atop": "atop_alliance.rda",
         "nmc": "cow_nmc.rda", "cow_states": "cow_states.rda", "cow_majors": "cow_majors.rda"}


@pytest.fixture(autouse=True)
def _fresh_memory():
    """Each test starts and ends with an empty in-memory cache of parsed frames."""
    ds.clear_memory_cache()
    yield
    ds.clear_memory_cache()


@pytest.fixture()
def no_network(monkeypatch):
    """Make every pooch HTTP download fail like a machine without internet; count attempts."""
    attempts = []

    def offline(self, url, output_file, pooch_, check_only=False):
        attempts.append(url)
        raise requests.exceptions.ConnectionError(f"no network (test): {url}")

    monkeypatch.setattr(pooch.downloaders.HTTPDownloader, "__call__", offline)
    return attempts


def _sources_table() -> dict[str, dict[str, str]]:
    """Parse the table of SOURCES.md (file, sha256, URL, rows) with a regular expression."""
    text = (MIRROR / "SOURCES.md").read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        match = re.match(r"\|\s*`([\w.]+\.rda)`\s*\|\s*`([0-9a-f]{64})`\s*\|\s*(\S+)\s*\|"
                         r"\s*([\d,]*)\s*\|", line)
        if match:
            rows[match[1]] = {"sha256": match[2], "url": match[3], "rows": match[4]}
    return rows


# --------------------------------------------------------------------------- registry


def test_registry_names_and_files():
    assert tuple(FILES) == ds.NAMES
    assert {n: ds.REGISTRY[n].filename for n in ds.NAMES} == FILES
    for entry in ds.REGISTRY.values():
        assert entry.known_hash == f"sha256:{entry.sha256}"
        assert entry.url.endswith("/" + entry.filename)
        assert re.fullmatch(r"[0-9a-f]{64}", entry.sha256)
        # pinned to a commit, never to a moving branch
        assert re.search(r"/raw/[0-9a-f]{40}/data/", entry.url)


def test_registry_is_frozen():
    entry = ds.REGISTRY["atop"]
    with pytest.raises(AttributeError):
        entry.sha256 = "0" * 64  # type: ignore[misc]
    with pytest.raises(TypeError):
        ds.REGISTRY["x"] = entry  # type: ignore[index]


@needs_mirror
def test_registry_matches_sources_md():
    table = _sources_table()
    assert set(table) == set(FILES.values())
    for entry in ds.REGISTRY.values():
        row = table[entry.filename]
        assert entry.sha256 == row["sha256"]
        assert entry.url == row["url"]
        if row["rows"]:  # cow_states has no row count in SOURCES.md
            assert entry.rows == int(row["rows"].replace(",", ""))


@needs_mirror
@pytest.mark.parametrize("name", list(FILES))
def test_mirror_files_match_pinned_sha256(name):
    digest = hashlib.sha256((MIRROR / FILES[name]).read_bytes()).hexdigest()
    assert digest == ds.REGISTRY[name].sha256


def test_unknown_name_lists_valid_names():
    with pytest.raises(ValueError) as info:
        ds.load("un_vote")
    message = str(info.value)
    assert "'un_vote'" in message
    for name in FILES:
        assert name in message
    with pytest.raises(ValueError, match="valid names"):
        ds.path("nope")
    with pytest.raises(ValueError, match="valid names"):
        ds.cite("nope")
    with pytest.raises(TypeError, match="name must be a string"):
        ds.load(3)  # type: ignore[arg-type]


def test_cite_gives_the_sources_md_citations():
    assert "Leeds, Brett Ashley" in ds.cite("atop") and "2002" in ds.cite("atop")
    assert "Bailey, Michael A." in ds.cite("un_votes") and "Voeten, Erik. 2013" in ds.cite(
        "un_votes")
    assert "Singer, J. David" in ds.cite("nmc")
    assert "State System Membership List, v2016" in ds.cite("cow_states")
    for name in ("atop", "nmc", "cow_states", "cow_majors"):
        assert "Miller, Steven V. 2022" in ds.cite(name)


def test_catalogue_reflects_registry():
    table = ds.catalogue()
    assert list(table["name"]) == list(FILES)
    assert {"name", "version", "licence", "citation", "sha256", "url"} <= set(table.columns)
    for row in table.itertuples():
        entry = ds.REGISTRY[row.name]
        assert (row.sha256, row.url, row.citation, row.licence, row.version) == (
            entry.sha256, entry.url, entry.citation, entry.licence, entry.version)
    assert table.loc[table["name"] == "un_votes", "licence"].item().startswith("CC0")
    assert "5.1" in table.loc[table["name"] == "atop", "version"].item()
    assert "7.0" in table.loc[table["name"] == "nmc", "version"].item()


# --------------------------------------------------------------------------- failure modes


def test_no_network_and_no_mirror_gives_one_clear_error(monkeypatch, tmp_path, no_network):
    monkeypatch.delenv(ds.DATA_DIR_ENV, raising=False)
    monkeypatch.setenv(ds.CACHE_DIR_ENV, str(tmp_path / "empty-cache"))
    monkeypatch.setattr("pyreadr.read_r", _must_not_parse)
    with pytest.raises(ds.DatasetUnavailableError) as info:
        ds.load_atop()
    error = info.value
    message = str(error)
    entry = ds.REGISTRY["atop"]
    assert entry.filename in message and entry.url in message
    assert "ALLIANCES_DATA_DIR" in message
    assert error.__cause__ is None and error.__suppress_context__  # raised "from None"
    assert isinstance(error, RuntimeError)
    assert no_network == [entry.url]  # one attempt, at the pinned URL
    assert not (tmp_path / "empty-cache" / entry.filename).exists()


def test_mirror_without_the_file_never_uses_the_network(monkeypatch, tmp_path, no_network):
    monkeypatch.setenv(ds.DATA_DIR_ENV, str(tmp_path))
    with pytest.raises(ds.DatasetUnavailableError) as info:
        ds.load_un_votes()
    message = str(info.value)
    assert "un_votes.rda" in message and ds.REGISTRY["un_votes"].url in message
    assert str(tmp_path) in message and "ALLIANCES_DATA_DIR" in message
    assert no_network == []
    assert ds.missing() == list(FILES)


def _must_not_parse(*args, **kwargs):
    raise AssertionError("pyreadr.read_r was called on a file that failed its checksum")


@needs_mirror
def test_tampered_file_is_refused_and_never_parsed(monkeypatch, tmp_path, no_network):
    copy = tmp_path / "cow_majors.rda"
    data = bytearray((MIRROR / "cow_majors.rda").read_bytes())
    data[len(data) // 2] ^= 0x01  # change one byte
    copy.write_bytes(bytes(data))
    monkeypatch.setenv(ds.DATA_DIR_ENV, str(tmp_path))
    monkeypatch.setattr("pyreadr.read_r", _must_not_parse)
    with pytest.raises(ds.ChecksumError) as info:
        ds.load_cow_majors()
    message = str(info.value)
    assert ds.REGISTRY["cow_majors"].sha256 in message
    assert hashlib.sha256(bytes(data)).hexdigest() in message
    assert isinstance(info.value, ValueError)
    assert no_network == []


@needs_mirror
def test_download_goes_to_the_cache_and_is_verified(monkeypatch, tmp_path):
    """A fake HTTP download (copying the mirror file) lands in ALLIANCES_CACHE_DIR."""
    fetched = []

    def fake(self, url, output_file, pooch_, check_only=False):
        fetched.append(url)
        shutil.copyfile(MIRROR / url.rsplit("/", 1)[1], output_file)

    monkeypatch.setattr(pooch.downloaders.HTTPDownloader, "__call__", fake)
    monkeypatch.delenv(ds.DATA_DIR_ENV, raising=False)
    cache = tmp_path / "cache"
    monkeypatch.setenv(ds.CACHE_DIR_ENV, str(cache))
    assert ds.cache_dir() == cache
    assert ds.path("cow_majors") == cache / "cow_majors.rda"
    frame = ds.load_cow_majors()
    assert len(frame) == 14
    ds.load_cow_majors()  # second call: file already cached, no new download
    assert fetched == [ds.REGISTRY["cow_majors"].url]
    assert "cow_majors" not in ds.missing()


@needs_mirror
def test_downloaded_file_with_wrong_hash_is_refused(monkeypatch, tmp_path):
    def corrupt(self, url, output_file, pooch_, check_only=False):
        data = bytearray((MIRROR / "cow_majors.rda").read_bytes())
        data[10] ^= 0xFF
        with open(output_file, "wb") as fh:
            fh.write(bytes(data))

    monkeypatch.setattr(pooch.downloaders.HTTPDownloader, "__call__", corrupt)
    monkeypatch.delenv(ds.DATA_DIR_ENV, raising=False)
    monkeypatch.setenv(ds.CACHE_DIR_ENV, str(tmp_path))
    monkeypatch.setattr("pyreadr.read_r", _must_not_parse)
    with pytest.raises(ds.ChecksumError, match="does not match the pinned sha256"):
        ds.load_cow_majors()
    assert not (tmp_path / "cow_majors.rda").exists()


@needs_mirror
def test_a_parsed_frame_is_kept_on_disk_for_the_next_process(monkeypatch, tmp_path):
    monkeypatch.setenv(ds.DATA_DIR_ENV, str(MIRROR))
    monkeypatch.setenv(ds.CACHE_DIR_ENV, str(tmp_path))
    first = ds.load_cow_majors()
    parsed = ds.parsed_path("cow_majors")
    assert parsed.parent == tmp_path / "parsed" and parsed.is_file()
    ds.clear_memory_cache()                      # as a new process would start
    monkeypatch.setattr("pyreadr.read_r", _must_not_parse)
    pd.testing.assert_frame_equal(ds.load_cow_majors(), first)
    parsed.write_bytes(b"not a pickle")          # a damaged file is parsed again, and replaced
    ds.clear_memory_cache()
    monkeypatch.undo()
    monkeypatch.setenv(ds.DATA_DIR_ENV, str(MIRROR))
    monkeypatch.setenv(ds.CACHE_DIR_ENV, str(tmp_path))
    pd.testing.assert_frame_equal(ds.load_cow_majors(), first)
    assert pd.read_pickle(parsed).equals(first)


def test_the_parsed_file_name_changes_with_the_pandas_version(monkeypatch, tmp_path):
    monkeypatch.setenv(ds.CACHE_DIR_ENV, str(tmp_path))
    before = ds.parsed_path("atop")
    monkeypatch.setattr(pd, "__version__", "0.0.0")
    assert ds.parsed_path("atop") != before and ds.parsed_path("atop").name.startswith("atop-")


def test_default_cache_dir_is_pooch_os_cache(monkeypatch):
    monkeypatch.delenv(ds.CACHE_DIR_ENV, raising=False)
    assert ds.cache_dir() == pooch.os_cache("alliances")


# --------------------------------------------------------------------------- loaders


@needs_mirror
@pytest.mark.parametrize("name", list(FILES))
def test_each_loader_returns_the_registered_rows(mirror, name):
    loader = getattr(ds, {"atop": "load_atop", "nmc": "load_nmc"}.get(name, f"load_{name}"))
    frame = loader()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == ds.REGISTRY[name].rows == len(raw(FILES[name]))


@needs_mirror
def test_un_votes_types_and_values(mirror):
    frame = ds.load_un_votes()
    source = raw("un_votes.rda")
    assert list(frame.columns) == ["rcid", "country", "country_code", "vote"]
    assert frame["rcid"].dtype == "int64"
    assert isinstance(frame["vote"].dtype, pd.CategoricalDtype)
    assert frame["vote"].dtype.ordered
    assert list(frame["vote"].cat.categories) == ["no", "abstain", "yes"]
    assert frame["vote"].isna().sum() == 0
    # same counts as the raw file, read independently
    assert frame["vote"].astype(str).value_counts().to_dict() == \
        source["vote"].astype(str).value_counts().to_dict()
    assert (frame["rcid"].to_numpy() == source["rcid"].to_numpy()).all()
    assert frame["country_code"].isna().sum() == source["country_code"].isna().sum() == 5444


@needs_mirror
def test_roll_calls_types(mirror):
    frame = ds.load_un_roll_calls()
    assert frame["rcid"].dtype == "int64" and frame["session"].dtype == "int64"
    assert str(frame["date"].dtype).startswith("datetime64")
    assert frame["date"].min() == pd.Timestamp("1946-01-01")
    assert frame["date"].max() == pd.Timestamp("2020-01-14")
    assert (frame["year"] == frame["date"].dt.year).all()
    assert frame["session"].between(1, 74).all()
    assert str(frame["importantvote"].dtype) == "boolean"
    source = raw("un_roll_calls.rda")
    assert frame["importantvote"].isna().sum() == source["importantvote"].isna().sum() == 605
    assert int(frame["importantvote"].sum()) == \
        int((pd.to_numeric(source["importantvote"]) == 1).sum())


@needs_mirror
def test_issues_atop_nmc_cow_types(mirror):
    issues = ds.load_un_roll_call_issues()
    assert issues["rcid"].dtype == "int64"
    assert set(issues["short_name"]) == {"me", "nu", "di", "hr", "co", "ec"}
    atop = ds.load_atop()
    for column in ("ccode1", "ccode2", "year"):
        assert atop[column].dtype == "int64"
    for flag in ds.ATOP_FLAGS:
        assert atop[flag].dtype == bool
        assert int(atop[flag].sum()) == int(raw("atop_alliance.rda")[flag].sum())
    nmc = ds.load_nmc()
    assert nmc["ccode"].dtype == "int64" and nmc["year"].dtype == "int64"
    assert nmc["cinc"].dtype == "float64"
    assert (nmc["year"].min(), nmc["year"].max()) == (1816, 2022)
    states = ds.load_cow_states()
    russia = states[states["ccode"] == 365].iloc[0]
    assert russia["statenme"] == "Russia" and russia["start"] == pd.Timestamp("1816-01-01")
    majors = ds.load_cow_majors()
    assert majors["ccode"].dtype == "int64"
    assert set(majors["ccode"]) == {2, 200, 220, 255, 300, 325, 365, 710, 740}


@needs_mirror
def test_parsed_frames_are_cached_and_returned_as_copies(mirror, monkeypatch):
    first = ds.load_nmc()
    calls = []
    monkeypatch.setattr("pyreadr.read_r", lambda *a, **k: calls.append(a) or {})
    second = ds.load_nmc()  # from memory: pyreadr not called again
    assert calls == []
    pd.testing.assert_frame_equal(first, second)
    assert first is not second
    first.loc[first.index[0], "cinc"] = -1.0
    assert ds.load_nmc()["cinc"].iloc[0] != -1.0
