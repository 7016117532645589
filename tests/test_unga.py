"""UN General Assembly votes on Ukraine: the ES-11 and 68/262 files and their official tallies.

The tally tests are how a transcription error gets caught: every resolution's
recorded votes must agree with its official tally (equal for a complete roll
call of 193 states, never above it for the partial files), and the tallies
themselves must account for all 193 member states.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from _datafixtures import walk
from alliances import countries, curated, theme, unga
from alliances.charts import unga_votes_chart

DATA = Path(__file__).resolve().parents[1] / "data"
LIB = Path(unga.__file__).resolve().parent
UN_VOTES = Path("/work/shared/datasets/un_votes.rda")
ES11 = [f"A/RES/ES-11/{n}" for n in range(1, 7)]
ALL_RESOLUTIONS = ["A/RES/68/262", *ES11]
CATEGORIES = ["yes", "no", "abstain", "non-voting"]
CSTO_ALLIES = ["Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Tajikistan"]
SOURCE_MARK = re.compile(r"https?://\S+|A/RES/|A/ES-11/|GA/\d{5}")


def _raw(name: str) -> list[dict[str, str]]:
    """Read a data file with the csv module: a path independent of the library's reader."""
    with open(DATA / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _raw_votes() -> list[dict[str, str]]:
    old = [dict(row, resolution="A/RES/68/262") for row in _raw("unga_68_262_votes.csv")]
    return old + _raw("unga_es11_votes.csv")


def _raw_totals() -> dict[tuple[str, str], int]:
    rows = _raw("unga_68_262_totals.csv") + _raw("unga_es11_totals.csv")
    return {(r["resolution"], r["category"]): int(r["count"]) for r in rows}


# --- schema -----------------------------------------------------------------------------

@pytest.mark.parametrize("name, loader, n_rows", [
    ("unga_es11_votes.csv", curated.unga_es11_votes, 6 * 193),  # six complete roll calls
    ("unga_es11_totals.csv", curated.unga_es11_totals, 24),
])
def test_files_match_their_schemas(name, loader, n_rows):
    schema = curated.SCHEMAS[name]
    with open(DATA / name, newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert tuple(header) == schema.column_names
    frame = loader()
    assert tuple(frame.columns) == schema.column_names
    assert len(frame) == len(_raw(name))
    if n_rows is not None:
        assert len(frame) == n_rows
    assert set(frame["resolution"]) == set(ES11)
    assert pd.api.types.is_datetime64_any_dtype(frame["date"])
    assert not frame.duplicated(list(schema.key)).any()
    vote_col = "vote" if "vote" in frame else "category"
    assert set(frame[vote_col]) <= set(curated.VOTE_VALUES)


def test_vote_vocabulary_matches_the_68_262_file():
    assert curated.SCHEMAS["unga_es11_votes.csv"].column("vote").allowed == \
        curated.SCHEMAS["unga_68_262_votes.csv"].column("vote").allowed == tuple(CATEGORIES)
    assert curated.SCHEMAS["unga_es11_votes.csv"].column("group").allowed == \
        curated.SCHEMAS["unga_68_262_votes.csv"].column("group").allowed


def test_each_resolution_has_one_date():
    votes = curated.unga_es11_votes()
    totals = curated.unga_es11_totals()
    vote_dates = votes.groupby("resolution")["date"].agg(["nunique", "first"])
    total_dates = totals.groupby("resolution")["date"].agg(["nunique", "first"])
    assert (vote_dates["nunique"] == 1).all() and (total_dates["nunique"] == 1).all()
    assert vote_dates["first"].to_dict() == total_dates["first"].to_dict()
    assert {r: str(d.date()) for r, d in total_dates["first"].items()} == {
        r: date for r, (_, date) in unga.RESOLUTIONS.items() if r in ES11}


def test_cow_codes_agree_with_the_country_library():
    # the chapter's states carry the library's display name; every state's name maps back to
    # its code (the names of the other members follow the COW state list, see test_data_files)
    for row in _raw("unga_es11_votes.csv"):
        year, cow = int(row["date"][:4]), int(row["country_cow"])
        if row["group"] != "other member":
            assert countries.name(cow, year) == row["country"], row["country"]
        assert row["country"] == "Serbia" or countries.cow_from_name(row["country"]) == cow, \
            row["country"]
    # the same state has the same code in both vote files, and the same group where both files
    # place it in the chapter (Georgia and Ukraine are comparison states for 68/262 only)
    old = {r["country"]: (r["country_cow"], r["group"]) for r in _raw("unga_68_262_votes.csv")}
    assert len(old) == 193
    for row in _raw("unga_es11_votes.csv"):
        code, group = old[row["country"]]
        assert row["country_cow"] == code, row["country"]
        if "other member" not in (group, row["group"]):
            assert row["group"] == group, row["country"]


def test_every_row_has_a_source_with_a_url_or_document_symbol():
    for name in ("unga_es11_votes.csv", "unga_es11_totals.csv", "unga_68_262_votes.csv",
                 "unga_68_262_totals.csv"):
        for line, row in enumerate(_raw(name), start=2):
            assert row["source"].strip(), f"{name} line {line}: empty source"
            assert SOURCE_MARK.search(row["source"]), f"{name} line {line}: no URL or symbol"
    # every ';'-separated source of a vote row names a page by its URL
    for row in _raw("unga_es11_votes.csv"):
        for part in row["source"].split("; "):
            assert re.search(r"https?://\S+", part), part


def test_validator_rejects_a_bad_vote(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    path = folder / "unga_es11_votes.csv"
    text = path.read_text(encoding="utf-8")
    assert ",Russia,no," in text
    path.write_text(text.replace(",Russia,no,", ",Russia,against,", 1), encoding="utf-8")
    monkeypatch.setenv(curated.CURATED_DIR_ENV, str(folder))
    with pytest.raises(ValueError, match="must be one of"):
        curated.unga_es11_votes()


# --- the official tallies ---------------------------------------------------------------

def test_official_tallies_account_for_all_193_members():
    totals = _raw_totals()
    for resolution in ALL_RESOLUTIONS:
        counts = [totals[(resolution, c)] for c in CATEGORIES]
        assert sum(counts) == 193, resolution
    rows = _raw("unga_es11_totals.csv") + _raw("unga_68_262_totals.csv")
    for row in rows:
        assert (row["derived"] == "True") == (row["category"] == "non-voting"), row
        if row["derived"] == "True":
            assert "193" in row["note"], row


def test_official_tallies_are_the_published_ones():
    totals = _raw_totals()
    published = {  # in favour, against, abstaining, as announced
        "A/RES/68/262": (100, 11, 58), "A/RES/ES-11/1": (141, 5, 35),
        "A/RES/ES-11/2": (140, 5, 38), "A/RES/ES-11/3": (93, 24, 58),
        "A/RES/ES-11/4": (143, 5, 35), "A/RES/ES-11/5": (94, 14, 73),
        "A/RES/ES-11/6": (141, 7, 32),
    }
    for resolution, counts in published.items():
        assert tuple(totals[(resolution, c)] for c in ("yes", "no", "abstain")) == counts


@pytest.mark.parametrize("resolution", ALL_RESOLUTIONS)
def test_recorded_votes_agree_with_the_official_tally(resolution):
    """Every member state is recorded once, and the counts equal the official tally."""
    totals = _raw_totals()
    rows = [r for r in _raw_votes() if r["resolution"] == resolution]
    assert len({r["country"] for r in rows}) == len(rows) == 193, resolution
    counts = Counter(r["vote"] for r in rows)
    assert all(counts[c] == totals[(resolution, c)] for c in CATEGORIES), counts
    # the library's check says the same, independently computed
    check = unga.tally_check()
    check = check[check["resolution"] == resolution].set_index("category")
    assert check["ok"].all()
    assert check["recorded"].to_dict() == {c: counts[c] for c in CATEGORIES}
    assert set(check["coverage"]) == {"all members"}


def test_tally_check_fails_a_roll_call_with_a_state_missing(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    path = folder / "unga_es11_votes.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    dropped = next(i for i, line in enumerate(lines) if line.startswith("A/RES/ES-11/3,")
                   and ",abstain," in line)
    path.write_text("".join(lines[:dropped] + lines[dropped + 1:]), encoding="utf-8")
    monkeypatch.setenv(curated.CURATED_DIR_ENV, str(folder))
    check = unga.tally_check().set_index(["resolution", "category"])
    assert set(check.loc["A/RES/ES-11/3", "coverage"]) == {"subset"}
    assert not check.loc["A/RES/ES-11/3", "ok"].any()
    assert check.drop(index="A/RES/ES-11/3", level="resolution")["ok"].all()


def test_tally_check_catches_a_transcription_error(tmp_path, monkeypatch):
    """Lower ES-11/1's 'against' total below the states recorded as voting no: the check fails."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    path = folder / "unga_es11_totals.csv"
    text = path.read_text(encoding="utf-8")
    old = "A/RES/ES-11/1,2022-03-02,no,5,"
    assert old in text
    path.write_text(text.replace(old, "A/RES/ES-11/1,2022-03-02,no,2,", 1), encoding="utf-8")
    monkeypatch.setenv(curated.CURATED_DIR_ENV, str(folder))
    check = unga.tally_check().set_index(["resolution", "category"])
    assert not check.loc[("A/RES/ES-11/1", "no"), "ok"]
    assert check.drop(index=("A/RES/ES-11/1", "no"))["ok"].all()


def test_68_262_file_agrees_with_the_voeten_data_state_by_state():
    """The 68/262 file and the open Voeten data are two transcriptions of one roll call.

    Every member state of session 68 has one row in the file; its vote equals the Voeten
    record, and a state absent from the Voeten data (no row) is `non-voting` in the file.
    """
    if not UN_VOTES.exists():
        pytest.skip("UN votes data not mirrored on this machine")
    pyreadr = pytest.importorskip("pyreadr")
    votes = next(iter(pyreadr.read_r(str(UN_VOTES)).values()))
    calls = next(iter(pyreadr.read_r(str(UN_VOTES.with_name("un_roll_calls.rda"))).values()))
    session = set(calls.loc[calls["session"] == 68, "rcid"])
    members = set(votes.loc[votes["rcid"].isin(session), "country"].astype(str))
    roll = votes[votes["rcid"] == 5309]
    totals = _raw_totals()
    counts = roll["vote"].value_counts().to_dict()
    assert {c: counts.get(c, 0) for c in ("yes", "no", "abstain")} == {
        c: totals[("A/RES/68/262", c)] for c in ("yes", "no", "abstain")}
    assert 193 - len(roll) == totals[("A/RES/68/262", "non-voting")]
    rows = _raw("unga_68_262_votes.csv")
    assert len(members) == 193 and {r["unvotes_country"] for r in rows} == members
    by_name = dict(zip(roll["country"].astype(str), roll["vote"].astype(str)))
    for row in rows:
        assert by_name.get(row["unvotes_country"], "non-voting") == row["vote"], row["country"]
    absent = {r["unvotes_country"] for r in rows if r["vote"] == "non-voting"}
    assert absent == members - set(by_name)
    assert {"Israel", "Serbia", "Kyrgyzstan", "Tajikistan"} <= {
        r["country"] for r in rows if r["vote"] == "non-voting"}


# --- complete roll calls ----------------------------------------------------------------

COMPLETE = ALL_RESOLUTIONS
#: UN Digital Library voting record of each ES-11 resolution (the number in its URL)
UNDL_RECORDS = {"A/RES/ES-11/1": "3959039", "A/RES/ES-11/2": "3965954",
                "A/RES/ES-11/3": "3967778", "A/RES/ES-11/4": "3990400",
                "A/RES/ES-11/5": "3994052", "A/RES/ES-11/6": "4003921"}


def test_complete_roll_calls_have_the_same_193_states():
    by_resolution: dict[str, set[int]] = {}
    for row in _raw_votes():
        by_resolution.setdefault(row["resolution"], set()).add(int(row["country_cow"]))
    first = by_resolution["A/RES/68/262"]
    assert len(first) == 193
    for resolution in COMPLETE:
        assert by_resolution[resolution] == first, resolution
    rows = [r for r in _raw_votes() if r["resolution"] in COMPLETE]
    assert Counter(r["resolution"] for r in rows) == {r: 193 for r in COMPLETE}
    # a state keeps its name and its group in the chapter across the six ES-11 roll calls
    es11 = _raw("unga_es11_votes.csv")
    assert len({(r["country_cow"], r["country"], r["group"]) for r in es11}) == 193


def test_complete_roll_calls_name_the_official_record_and_the_copies_used():
    for row in _raw("unga_es11_votes.csv"):
        if row["resolution"] == "A/RES/ES-11/1":
            assert row["source"].startswith(
                "UN Digital Library, A/RES/ES-11/1 (2 March 2022), "
                "https://digitallibrary.un.org/record/3959039"), row["country"]
            assert "HarukiKinoshita/ukraine-viz" in row["source"]
            assert "small-hack/kaartmaker" in row["source"]
        else:
            record = UNDL_RECORDS[row["resolution"]]
            assert row["source"].startswith(f"UN Digital Library, {row['resolution']} ("), row
            assert f"https://digitallibrary.un.org/record/{record} " in row["source"], row
            assert "data-driven-decision-lab/un-digital-library-scraper" in row["source"]
            assert "alexbukreev/UN_USG_2024" in row["source"]
            assert ("Quak1/un-votes" in row["source"]) == (row["resolution"] == "A/RES/ES-11/3")
    for row in _raw("unga_68_262_votes.csv"):
        assert "https://digitallibrary.un.org/record/767565" in row["source"], row["country"]
        assert "Voeten" in row["source"], row["country"]
    # the focus states keep their press sources beside the official record
    votes = curated.unga_es11_votes().set_index(["resolution", "country"])
    assert "GA/12407" in votes.loc[("A/RES/ES-11/1", "Belarus"), "source"]
    assert "tass.com/world/1434427" in votes.loc[("A/RES/ES-11/3", "Kazakhstan"), "source"]
    assert "kun.uz" in votes.loc[("A/RES/ES-11/4", "Uzbekistan"), "source"]
    assert votes.loc[("A/RES/ES-11/1", "United States of America"), "group"] == "other member"


def test_es11_1_roll_call_known_votes():
    votes = curated.unga_es11_votes()
    one = votes[votes["resolution"] == "A/RES/ES-11/1"].set_index("country")["vote"]
    assert sorted(one[one == "no"].index) == ["Belarus", "Eritrea", "North Korea", "Russia",
                                              "Syria"]
    assert sorted(one[one == "non-voting"].index) == sorted([
        "Azerbaijan", "Burkina Faso", "Cameroon", "Eswatini", "Ethiopia", "Guinea",
        "Guinea-Bissau", "Morocco", "Togo", "Turkmenistan", "Uzbekistan", "Venezuela"])
    assert one["China"] == one["India"] == one["Kazakhstan"] == "abstain"
    assert one["Serbia"] == one["Ukraine"] == "yes"


#: The states recorded as voting against each later ES-11 resolution, from its UN record.
AGAINST = {
    "A/RES/ES-11/2": ["Belarus", "Eritrea", "North Korea", "Russia", "Syria"],
    "A/RES/ES-11/3": ["Algeria", "Belarus", "Bolivia", "Burundi", "Central African Republic",
                      "China", "Congo", "Cuba", "Eritrea", "Ethiopia", "Gabon", "Iran",
                      "Kazakhstan", "Kyrgyzstan", "Laos", "Mali", "Nicaragua", "North Korea",
                      "Russia", "Syria", "Tajikistan", "Uzbekistan", "Vietnam", "Zimbabwe"],
    "A/RES/ES-11/4": ["Belarus", "Nicaragua", "North Korea", "Russia", "Syria"],
    "A/RES/ES-11/5": ["Bahamas", "Belarus", "Central African Republic", "China", "Cuba",
                      "Eritrea", "Ethiopia", "Iran", "Mali", "Nicaragua", "North Korea",
                      "Russia", "Syria", "Zimbabwe"],
    "A/RES/ES-11/6": ["Belarus", "Eritrea", "Mali", "Nicaragua", "North Korea", "Russia",
                      "Syria"],
}


@pytest.mark.parametrize("resolution", ES11[1:])
def test_later_es11_roll_calls_known_votes(resolution):
    votes = curated.unga_es11_votes()
    one = votes[votes["resolution"] == resolution].set_index("country")["vote"]
    assert sorted(one[one == "no"].index) == AGAINST[resolution]
    assert one["Ukraine"] == one["United States of America"] == "yes"
    assert one["Turkmenistan"] == one["Azerbaijan"] == one["Venezuela"] == "non-voting"
    assert one["India"] == "abstain"


def test_later_es11_roll_calls_known_absences_and_surprises():
    votes = curated.unga_es11_votes().set_index(["resolution", "country"])["vote"]
    assert votes[("A/RES/ES-11/2", "Uzbekistan")] == "abstain"
    assert votes[("A/RES/ES-11/2", "Serbia")] == "yes"
    assert votes[("A/RES/ES-11/5", "Serbia")] == "abstain"
    assert votes[("A/RES/ES-11/5", "Bolivia")] == "abstain"  # not among the 14 against
    assert votes[("A/RES/ES-11/4", "Iran")] == "non-voting"
    assert votes[("A/RES/ES-11/3", "Armenia")] == "non-voting"
    assert votes[("A/RES/ES-11/6", "Eswatini")] == "non-voting"
    # the states that voted in favour of suspending Russia from the Human Rights Council
    three = votes.xs("A/RES/ES-11/3")
    assert three["Serbia"] == three["Georgia"] == three["Turkey"] == "yes"
    assert three["Brazil"] == three["Mexico"] == three["South Africa"] == "abstain"


# --- what the votes show ----------------------------------------------------------------

def test_russia_voted_no_on_every_resolution():
    votes = unga.all_votes()
    russia = votes[votes["country"] == "Russia"].set_index("resolution")["vote"]
    assert sorted(russia.index) == sorted(ALL_RESOLUTIONS)
    assert set(russia) == {"no"}


def test_belarus_voted_with_russia_on_every_es11_text():
    votes = curated.unga_es11_votes()
    pair = votes[votes["country"].isin(["Russia", "Belarus"])].pivot(
        index="resolution", columns="country", values="vote")
    assert list(pair.index) == ES11
    assert (pair["Belarus"] == pair["Russia"]).all()


def test_other_csto_allies_abstained_or_stayed_away_except_on_the_human_rights_council():
    table = unga.vote_table(CSTO_ALLIES)
    es11 = table[[unga.RESOLUTIONS[r][0] for r in ES11]]
    hrc = unga.RESOLUTIONS["A/RES/ES-11/3"][0]
    for state in ["Armenia", "Kazakhstan", "Kyrgyzstan", "Tajikistan"]:
        others = es11.loc[state].drop(hrc).dropna()
        assert set(others) <= {"abstain", "non-voting"}, state
        assert "yes" not in set(es11.loc[state].dropna())
    assert list(es11.loc[["Kazakhstan", "Kyrgyzstan", "Tajikistan"], hrc]) == ["no"] * 3
    assert es11.loc["Armenia", hrc] == "non-voting"
    assert "Azerbaijan" in unga.vote_table().index  # comparison states are kept


def test_every_focus_state_has_a_vote_on_every_es11_resolution():
    votes = curated.unga_es11_votes()
    votes = votes[votes["group"].isin(curated.UNGA_FOCUS_GROUPS)]
    recorded = set(zip(votes["country"], votes["resolution"]))
    grid = {(c, r) for c in set(votes["country"]) for r in ES11}
    assert len(set(votes["country"])) == 13
    assert grid == recorded
    assert "all six roll calls are complete" in (DATA / "README.md").read_text(encoding="utf-8")


def test_disagreeing_reports_are_recorded_in_the_note():
    votes = curated.unga_es11_votes().set_index(["resolution", "country"])
    assert "reporter.am" in votes.loc[("A/RES/ES-11/3", "Armenia"), "note"]
    assert "headline" in votes.loc[("A/RES/ES-11/1", "Kyrgyzstan"), "note"]
    assert "GA/12407" in votes.loc[("A/RES/ES-11/1", "Serbia"), "note"]
    assert "Ukrinform" in votes.loc[("A/RES/ES-11/5", "Bahamas"), "note"]


# --- the analysis module ----------------------------------------------------------------

def test_all_votes_joins_both_files_in_date_order():
    every = unga.all_votes(every_member=True)
    assert tuple(every.columns) == unga.COLUMNS
    assert len(every) == len(_raw("unga_68_262_votes.csv")) + len(_raw("unga_es11_votes.csv"))
    frame = unga.all_votes()
    focus = [r for r in _raw_votes() if r["group"] != unga.OTHER_MEMBER]
    assert len(frame) == len(focus) == 15 + 6 * 13  # the chapter's states only, by default
    assert set(frame["group"]) <= set(unga.GROUPS) and unga.OTHER_MEMBER in set(every["group"])
    for table in (frame, every):
        assert table["date"].is_monotonic_increasing
        assert list(dict.fromkeys(table["resolution"])) == ALL_RESOLUTIONS
        assert table["label"].notna().all()
    with pytest.raises(TypeError, match="every_member must be True or False"):
        unga.all_votes(every_member="yes")


def test_short_labels():
    assert list(unga.SHORT_LABELS) == ALL_RESOLUTIONS
    assert unga.SHORT_LABELS["A/RES/68/262"] == "68/262 (Mar 2014)"
    assert unga.SHORT_LABELS["A/RES/ES-11/6"] == "ES-11/6 (Feb 2023)"
    assert max(len(v) for v in unga.SHORT_LABELS.values()) <= 18


def test_csto_votes():
    frame = unga.csto_votes()
    assert set(frame["country"]) == {"Russia", *CSTO_ALLIES, "Uzbekistan"}
    assert set(frame["resolution"]) == set(ALL_RESOLUTIONS)
    # 7 states x 7 resolutions: every roll call is complete
    assert len(frame) == 49
    without = unga.csto_votes(include_uzbekistan=False)
    assert "Uzbekistan" not in set(without["country"]) and len(without) == 42
    with pytest.raises(TypeError, match="include_uzbekistan must be True or False"):
        unga.csto_votes(include_uzbekistan="yes")


def test_vote_table():
    table = unga.vote_table(["Russia", "Belarus", "Armenia"])
    assert list(table.index) == ["Russia", "Belarus", "Armenia"]
    assert list(table.columns) == [label for label, _ in unga.RESOLUTIONS.values()]
    assert table.loc["Armenia", unga.RESOLUTIONS["A/RES/68/262"][0]] == "no"
    assert table.loc["Armenia", unga.RESOLUTIONS["A/RES/ES-11/1"][0]] == "abstain"
    assert unga.vote_table().index[0] == "Russia"
    with pytest.raises(ValueError, match="states must be a non-empty list drawn from"):
        unga.vote_table(["Atlantis"])
    with pytest.raises(TypeError, match="states must be a list"):
        unga.vote_table("Russia")


def test_russia_agreement():
    agree = unga.russia_agreement().set_index("country")
    assert "Russia" not in agree.index
    assert agree.loc["Belarus", "recorded"] == 7
    assert agree.loc["Belarus", "share"] == 1.0
    # Kazakhstan: abstained on 68/262 and five ES-11 texts, voted no on ES-11/3
    assert (agree.loc["Kazakhstan", ["recorded", "same_as_russia", "abstained"]].tolist()
            == [7, 1, 6])
    assert agree.loc["Kazakhstan", "share"] == pytest.approx(1 / 7)
    # Armenia: no on 68/262, abstained four times, absent on ES-11/3; ES-11/2 is recorded too
    assert agree.loc["Armenia", ["same_as_russia", "abstained", "absent"]].tolist() == [1, 5, 1]
    assert agree["share"].is_monotonic_decreasing


# --- the chart --------------------------------------------------------------------------

def test_chart_has_dropdowns_for_state_and_resolution():
    chart = unga_votes_chart()
    assert isinstance(chart, alt.VConcatChart)
    spec = chart.to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert params["state"]["bind"]["input"] == "select"
    assert params["state"]["bind"]["options"] == ["All states", "Russia", *CSTO_ALLIES,
                                                  "Uzbekistan"]
    assert params["resolution"]["bind"]["options"] == [
        "All resolutions", *unga.SHORT_LABELS.values()]
    cells = next(v for v in spec["datasets"].values() if v and "vote_label" in v[0])
    assert len(cells) == 49
    by_cell = {(c["country"], c["resolution"]): (c["vote_label"], c["text"]) for c in cells}
    assert by_cell[("Uzbekistan", "A/RES/ES-11/2")] == ("abstain", "Abst.")
    assert by_cell[("Armenia", "A/RES/ES-11/3")] == ("did not vote (NV)", "NV")
    assert by_cell[("Belarus", "A/RES/ES-11/6")] == ("no", "No")
    # short labels on the chart, full names and titles in the tooltips
    first = next(c for c in cells if c["country"] == "Kyrgyzstan"
                 and c["resolution"] == "A/RES/68/262")
    assert (first["code"], first["label"]) == ("KGZ", "68/262 (Mar 2014)")
    assert first["title"] == unga.RESOLUTIONS["A/RES/68/262"][0]
    assert spec["description"] and "Belarus" in spec["description"]
    six = unga_votes_chart(include_uzbekistan=False).to_dict()
    assert "Uzbekistan" not in six["params"][0]["bind"]["options"]
    with pytest.raises(TypeError, match="include_uzbekistan"):
        unga_votes_chart(include_uzbekistan=1)


def test_chart_is_accessible_inline_and_in_the_palette():
    spec = unga_votes_chart().to_dict()
    text = json.dumps(spec)
    assert len(spec["description"]) > 60
    assert '"url"' not in text and spec["datasets"] and len(text) < 150_000
    colours = {c.upper() for c in re.findall(r"#[0-9A-Fa-f]{6}", text)}
    assert colours and colours <= {c.upper() for c in theme.PALETTE} | {"#FFFFFF"}
    marks = [n for n in walk(spec) if "mark" in n and "encoding" in n]
    assert len(marks) == 3 and all("tooltip" in m["encoding"] for m in marks)


def test_chart_is_narrow_enough_for_a_phone():
    """Grid above tally (no side-by-side panels), short labels, ~40 px columns, text >= 10 px."""
    from alliances.charts import unga as chart_module

    spec = unga_votes_chart().to_dict()
    assert "vconcat" in spec and "hconcat" not in spec and len(spec["vconcat"]) == 2
    grid, tally = spec["vconcat"]
    assert grid["width"] == {"step": chart_module.STEP_X} and chart_module.STEP_X <= 44
    assert tally["width"] == chart_module.STEP_X * 7  # as wide as the grid, no wider
    states = len(spec["params"][0]["bind"]["options"]) - 1
    assert chart_module.STEP_X * states + 60 <= 360  # grid plus two-line row labels
    sizes = [n["fontSize"] for n in walk(spec) if isinstance(n.get("fontSize"), (int, float))]
    assert sizes and min(sizes) >= 10
    limits = [n["labelLimit"] for n in walk(spec["vconcat"]) if "labelLimit" in n]
    assert limits and max(limits) <= 120
    subtitle = spec["title"]["subtitle"]
    assert isinstance(subtitle, list) and max(len(line) for line in subtitle) <= 52
    options = [o for p in spec["params"] for o in p["bind"]["options"]]
    assert max(len(o) for o in options) <= 18


def test_no_hex_colour_literals_in_the_unga_modules():
    for path in (LIB / "unga.py", LIB / "charts" / "unga.py"):
        assert not re.search(r"#[0-9A-Fa-f]{6}\b", path.read_text(encoding="utf-8")), path


def test_readme_documents_the_new_files():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for name in ("unga_es11_votes.csv", "unga_es11_totals.csv"):
        assert curated.SCHEMAS[name].markdown() in readme
    assert "every member state" in readme and "ES-11/2 to ES-11/6" in readme
