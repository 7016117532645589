"""Tests for the 2020–2026 material: the events file (to 2026) and its sources table, the scorecard,
the guarantees to 2025, the 2024 case presets, and the book-wide check that no page calls asymmetric
alliances "the most common kind" of alliance (issue 11).

The files are read twice: with the csv module (independently of the library) and through the
library's loaders, so that a transcription slip and a loader bug are caught separately.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from _datafixtures import scratch  # noqa: F401 (a fixture)
from alliances import cases, curated, russia
from alliances.typology import BENEFIT_CODES, COST_CODES
from alliances.value import PARAMETERS

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
BOOK = ROOT / "book"
EVENTS = DATA / "events_2020_2026.csv"
SOURCES = DATA / "event_sources.csv"
SCORECARD = DATA / "scorecard_2020_2026.csv"
THEORY_CODES = set(BENEFIT_CODES) | set(COST_CODES)
URL = re.compile(r"https?://\S+")
UN_SYMBOL = re.compile(r"\b(A/RES/[\w/-]+|S/RES/\d+|A/\d+/PV\.\d+|GA/\d+|SC/\d+)\b")
KINDS = ("Russian official", "Russian state media", "other official or international",
         "independent media", "scholarly")
RUSSIAN_STATE = {"Russian official", "Russian state media"}


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# --- the events file ---------------------------------------------------------------------

def _sources_by_event() -> dict[str, list[dict[str, str]]]:
    by_event: dict[str, list[dict[str, str]]] = {}
    for row in _rows(SOURCES):
        by_event.setdefault(row["event"], []).append(row)
    return by_event


def test_events_file_has_the_promised_columns_and_rows():
    rows = _rows(EVENTS)
    assert list(rows[0]) == ["key", "date", "states", "event", "theory_codes", "expectation",
                             "note", "search_note"]
    assert len(rows) >= 45
    keys = [r["key"] for r in rows]
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*-20(2[0-6])", k) for k in keys), keys
    assert list(_rows(SOURCES)[0]) == ["event", "source", "url", "kind"]


@pytest.mark.parametrize("row", _rows(EVENTS), ids=lambda r: r["key"])
def test_every_event_has_sources_each_with_a_url_or_a_document_symbol(row):
    sources = _sources_by_event().get(row["key"], [])
    assert sources, row["key"]
    for source in sources:
        assert len(source["source"].split()) >= 2, source
        assert URL.fullmatch(source["url"]) or (not source["url"] and
                                                UN_SYMBOL.search(source["source"])), source
        assert source["kind"] in KINDS, source
    for field in ("states", "event", "expectation"):
        assert len(row[field].split()) >= 2, (row["key"], field)


def test_every_source_names_an_existing_event():
    keys = {r["key"] for r in _rows(EVENTS)}
    assert {s["event"] for s in _rows(SOURCES)} <= keys


def test_every_event_is_corroborated_or_says_what_was_searched():
    """Each event has a source that is neither Russian official nor Russian state media; where
    none was found, its search_note lists what was searched (today no event needs one)."""
    by_event = _sources_by_event()
    notes = 0
    for row in _rows(EVENTS):
        kinds = {s["kind"] for s in by_event[row["key"]]}
        if kinds <= RUSSIAN_STATE:
            assert len(row["search_note"].split()) >= 10, row["key"]
            notes += 1
        else:
            assert not row["search_note"], row["key"]
    assert notes == 0
    # the Russian sources are typed as such: TASS, RIA Novosti, Sputnik and RT are state media
    for source in _rows(SOURCES):
        if re.search(r"//(www\.)?(tass\.com|ria\.ru|sputnikglobe\.com|rt\.com)/", source["url"]):
            assert source["kind"] == "Russian state media", source


def test_the_omitted_events_are_recorded_with_sources():
    rows = {r["key"]: r for r in _rows(EVENTS)}
    by_event = _sources_by_event()
    expected = {"crocus-city-hall-2024": ("2024-03-22", "Tajik", "2A"),
                "kazakhstan-non-recognition-2022": ("2022-06-17", "quasi-state", "2B"),
                "karabakh-peacekeepers-leave-2024": ("2024-06-12", "peacekeeping", "O1")}
    for key, (date, needle, code) in expected.items():
        assert rows[key]["date"] == date and needle in rows[key]["event"], key
        assert code in rows[key]["theory_codes"].split("; "), key
        assert {s["kind"] for s in by_event[key]} - RUSSIAN_STATE, key


@pytest.mark.parametrize("row", _rows(EVENTS), ids=lambda r: r["date"])
def test_every_event_code_is_a_code_of_table_1_or_table_2(row):
    codes = row["theory_codes"].split("; ")
    assert codes and all(codes), row["theory_codes"]
    assert set(codes) <= THEORY_CODES, set(codes) - THEORY_CODES
    assert len(codes) == len(set(codes))


def test_event_dates_are_valid_in_range_and_in_order():
    dates = [dt.date.fromisoformat(r["date"]) for r in _rows(EVENTS)]
    assert all(dt.date(2020, 1, 1) <= d <= curated.AS_OF for d in dates)
    assert dates == sorted(dates)


def test_events_cover_the_issue_list():
    text = " ".join(r["date"] + " " + r["event"] for r in _rows(EVENTS))
    for needle in ("2022-01-06", "Kazakhstan", "2022-09-13", "2022-11-23", "2023-09-19",
                   "2024-02-22", "2022-09-14", "2023-06-16", "2024-06-19", "2024-12-04",
                   "2024-12-06", "2024-07-04", "2024-12-08", "2025-01-17", "Kursk"):
        assert needle in text, needle


def test_the_record_reaches_the_books_year():
    """The events run into the year of the data's "as of" date (``as_of`` in data/schemas.yml), so the
    chapter reads the present, not 2025."""
    dates = [dt.date.fromisoformat(r["date"]) for r in _rows(EVENTS)]
    assert max(dates).year == curated.AS_OF.year
    text = " ".join(r["date"] + " " + r["event"] for r in _rows(EVENTS))
    for needle in ("2025-03-26", "2025-08-08", "Oreshnik", "2025-11-27", "2026-01-03",
                   "2026-02-24", "2026-02-28", "2026-05-29", "2026-06-07"):
        assert needle in text, needle


def test_partners_attacked_in_2025_and_2026_had_no_russian_guarantee():
    """Each entrapment (R1) event from 2025 on concerns a partner outside Russia's guarantees,
    and the scorecard's R1 and alternative judgements rest on those events."""
    guaranteed = set(russia.guaranteed_parties(2025))
    recent = [r for r in _rows(EVENTS)
              if r["date"] >= "2025-01-01" and "R1" in r["theory_codes"].split("; ")]
    assert len(recent) >= 3
    partners = {"Iran", "Venezuela", "Syria"}
    for row in recent:
        states = set(row["states"].split("; "))
        assert states & partners, row["date"]
        assert not states & partners & guaranteed, row["date"]
    card = {(r["code"], r["judgement"]): set(r["evidence_for"].split("; "))
            for r in _rows(SCORECARD)}
    attacks = {"2025-06-18", "2026-01-03", "2026-02-28"}   # Iran 2025, Venezuela, Iran 2026
    assert attacks <= {r["date"] for r in recent}
    assert attacks <= card[("R1", "held")]
    assert attacks - {"2025-06-18"} <= card[("a", "held")]


def test_disagreements_are_recorded_in_the_note():
    notes = {r["date"]: r["note"] for r in _rows(EVENTS)}
    # the signing date of the 2020 ceasefire statement: 9 or 10 November
    assert "10 November" in notes["2020-11-09"] and "9 November" in notes["2020-11-09"]
    # Armenia's freeze: announced by the prime minister, not notified to the Secretariat
    assert "no notification" in notes["2024-02-22"]
    # the Iran treaty's entry into force: 2 October 2025 (Moscow) or July 2025 (Iran's ambassador)
    assert "2 October 2025" in notes["2025-10-02"] and "18 July 2025" in notes["2025-10-02"]
    # covert help to Iran in 2026: reported by the Washington Post, denied by Russia
    assert "Washington Post" in notes["2026-02-28"] and "denied" in notes["2026-02-28"]
    # Armenia's 2026 election: the revised count of 8 June and the final count of 14 June
    assert "49.825" in notes["2026-06-07"] and "49.75" in notes["2026-06-07"]


def test_armenias_turn_in_2026_meets_trade_levers_not_the_alliance():
    """In 2026 Moscow answers Armenia's western turn through the economic union and its
    ambassador (1B, R2), and the scorecard's 1B and R2 judgements rest on those events; at the
    Security Council it gives Iran, a partner without a guarantee, diplomatic cover only (R1)."""
    rows = {r["date"]: r for r in _rows(EVENTS)}
    for date in ("2026-05-29", "2026-05-30", "2026-06-07"):
        assert "Armenia" in rows[date]["states"].split("; ")
        assert {"1B", "R2"} <= set(rows[date]["theory_codes"].split("; ")), date
    card = {r["code"]: r for r in _rows(SCORECARD) if r["code"] in ("1B", "R2", "R1")}
    assert card["1B"]["judgement"] == "weakened"
    assert "2026-05-29" in card["1B"]["evidence_for"].split("; ")
    assert card["R2"]["judgement"] == "weakened"
    assert {"2026-05-30", "2026-06-07"} <= set(card["R2"]["evidence_against"].split("; "))
    council = [r for d, r in rows.items() if d >= "2026-03-01" and "UN Security Council" in r["states"]]
    assert len(council) == 2 and all("R1" in r["theory_codes"].split("; ") for r in council)
    council_sources = _sources_by_event()[rows["2026-03-11"]["key"]]
    assert any("S/RES/2817 (2026)" in s["source"] and "SC/16315" in s["source"] and
               s["url"] == "https://press.un.org/en/2026/sc16315.doc.htm" for s in council_sources)
    assert card["R1"]["judgement"] == "held"
    assert {r["date"] for r in council} <= set(card["R1"]["evidence_for"].split("; "))


def test_library_loader_reads_the_same_events():
    frame = curated.events_2020_2026()
    raw = _rows(EVENTS)
    assert len(frame) == len(raw)
    assert frame["date"].dt.strftime("%Y-%m-%d").tolist() == [r["date"] for r in raw]
    assert frame["key"].tolist() == [r["key"] for r in raw]
    by_event = _sources_by_event()
    for key, text, n in zip(frame["key"], frame["source"], frame["n_sources"]):
        assert n == len(by_event[key])
        assert all(s["url"] in text and s["source"] in text for s in by_event[key]), key
    assert len(curated.event_sources()) == len(_rows(SOURCES))


def test_events_up_to_and_source_kinds_come_from_the_files():
    last = max(dt.date.fromisoformat(r["date"]) for r in _rows(EVENTS))
    assert repr(russia.events_up_to()) == f"{last.day} {last:%B %Y}"
    as_of = re.search(r"^as_of: (\d{4}-\d{2}-\d{2})$", (DATA / "schemas.yml").read_text(
        encoding="utf-8"), flags=re.M)
    assert as_of, "schemas.yml sets as_of once, at the top level"
    day = dt.date.fromisoformat(as_of.group(1))
    assert curated.AS_OF == day >= last
    assert repr(russia.data_as_of()) == f"{day.day} {day:%B %Y}"
    kinds = russia.source_kinds()
    raw = _rows(SOURCES)
    assert list(kinds.index) == list(KINDS)
    assert kinds["sources"].sum() == len(raw)
    for kind in KINDS:
        assert kinds.loc[kind, "events"] == len({s["event"] for s in raw if s["kind"] == kind})


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("old, new, message", [
    ("\nbelarus-sco-2024,", "\nbelarus-sco-2025,", "must name a key of events_2020_2026.csv"),
    (",https://astanatimes.com/2024/07/sco-welcomes-belarus-as-its-10th-member-state/,", ",,",
     "url or a UN document symbol"),
    (",independent media\n", ",independent press\n", "must be one of"),
])
def test_the_sources_table_is_enforced(scratch, old, new, message):
    _replace(scratch / "event_sources.csv", old, new)
    with pytest.raises(ValueError, match=message):
        curated.events_2020_2026()


def test_an_event_with_only_russian_sources_needs_a_search_note(scratch):
    """Retyping the non-Russian sources of one event: refused without a search_note, accepted with
    one, and a search_note beside a non-Russian source is refused."""
    sources = scratch / "event_sources.csv"
    lines = sources.read_text(encoding="utf-8").splitlines(keepends=True)
    key = "russia-dprk-treaty-in-force-2024"
    retyped = [line.replace(",independent media\n", ",Russian state media\n")
               if line.startswith(key + ",") else line for line in lines]
    sources.write_text("".join(retyped), encoding="utf-8")
    with pytest.raises(ValueError, match=f"{key}' has only Russian official or state-media sources"):
        curated.events_2020_2026()
    note = ("Searched the stored news pages for the treaty's entry into force in English and "
            "Korean and Russian reports; found only TASS.")   # no comma: appended as a bare cell
    events = scratch / "events_2020_2026.csv"
    rows = events.read_text(encoding="utf-8").splitlines(keepends=True)
    rows = [line.rstrip("\n") + note + "\n" if line.startswith(key + ",") else line
            for line in rows]
    events.write_text("".join(rows), encoding="utf-8")
    assert curated.events_2020_2026().set_index("key").loc[key, "search_note"] == note
    sources.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ValueError, match="has a search_note although"):
        curated.events_2020_2026()



def test_events_for_selects_by_code():
    r2 = russia.events_for("R2")
    raw = [r for r in _rows(EVENTS) if "R2" in r["theory_codes"].split("; ")]
    assert r2["date"].dt.strftime("%Y-%m-%d").tolist() == [r["date"] for r in raw]
    assert len(raw) >= 5
    with pytest.raises(ValueError, match="code must be one of"):
        russia.events_for("3C")


def test_events_table_shows_each_event_whole_with_iso_dates_and_no_index():
    import html as html_module

    from alliances import charts

    raw = _rows(EVENTS)
    everything = html_module.unescape(charts.events_table().to_html())
    for row in raw:
        assert row["event"] in everything, row["date"]      # never cut at 50 characters
    assert everything.count("<tr") == len(raw) + 1          # a header row, then one per event
    assert "row_heading" not in everything                  # no index column
    assert "00:00:00" not in everything
    r2 = html_module.unescape(charts.events_table("R2").to_html())
    chosen = [r for r in raw if "R2" in r["theory_codes"].split("; ")]
    assert r2.count("<tr") == len(chosen) + 1
    assert all(r["date"] in r2 for r in chosen)
    assert "theory_codes" not in r2 and "theory_codes" in everything
    assert charts.events_table("R2").to_html() == charts.events_table("R2").to_html()  # stable id
    assert 'id="T_events-R2"' in r2 and "<td id=" not in r2
    with pytest.raises(ValueError, match="code must be one of"):
        charts.events_table("3C")


def test_scorecard_table_shows_every_judgement_and_stacks_on_a_phone():
    import html as html_module

    from alliances import charts

    shown = html_module.unescape(charts.scorecard_table().to_html())
    rows = _rows(SCORECARD)
    assert shown.count("<tr") == len(rows) + 1
    assert all(r["reasons"] in shown and r["claim"] in shown for r in rows)
    assert 'id="T_scorecard"' in shown and 'class="alliances-stacked"' in shown
    assert 'class="alliances-stacked"' in charts.events_table("1B").to_html()


# --- the scorecard -----------------------------------------------------------------------

JUDGEMENTS = ("held", "weakened", "broken", "inconclusive")


def test_scorecard_judges_every_function_and_rests_on_recorded_events():
    rows = _rows(SCORECARD)
    assert list(rows[0]) == ["code", "claim", "judgement", "reasons", "evidence_for",
                             "evidence_against", "kind", "source"]
    dates = {r["date"] for r in _rows(EVENTS)}
    assert {r["code"] for r in rows} >= set(BENEFIT_CODES) | {"R1", "R2", "O1"}
    for row in rows:
        assert row["kind"] == "teaching judgement"
        assert row["judgement"] in JUDGEMENTS
        assert len(row["reasons"].split()) >= 10
        for side in ("evidence_for", "evidence_against"):
            cited = [d for d in row[side].split("; ") if d]
            assert set(cited) <= dates, (row["code"], side, set(cited) - dates)
            assert len(cited) == len(set(cited)), (row["code"], side)
        assert row["evidence_for"], row["code"]
        assert not set(row["evidence_for"].split("; ")) & set(row["evidence_against"].split("; "))


def test_the_four_contested_claims_weigh_evidence_both_ways():
    """O1, R2, 2A and D1 cite events for and against, and their reasons name both sides (a year
    from each side); the revised judgements of this edition are pinned."""
    card = {r["code"]: r for r in _rows(SCORECARD) if r["code"] in ("O1", "R2", "2A", "D1")}
    assert {c: r["judgement"] for c, r in card.items()} == {
        "O1": "held", "R2": "weakened", "2A": "inconclusive", "D1": "inconclusive"}
    for code, row in card.items():
        for side in ("evidence_for", "evidence_against"):
            years = {d[:4] for d in row[side].split("; ") if d}
            assert years, (code, side)
            assert any(year in row["reasons"] for year in years), (code, side)
        assert "For" in row["reasons"] and "Against" in row["reasons"], code
    assert "2024-03-22" in card["2A"]["evidence_against"]      # Crocus City Hall
    assert "2022-09-14" in card["2A"]["evidence_against"]      # allies fighting each other
    assert "2022-09-14" not in card["O1"]["evidence_for"] + card["O1"]["evidence_against"]
    assert "2025-11-27" in card["D1"]["evidence_against"]      # the offer to re-equip the CSTO
    assert "as long as" in card["R2"]["claim"] and "condition came true" in card["R2"]["reasons"]


def test_scorecard_evidence_dates_are_checked_by_the_loader(scratch):
    _replace(scratch / "scorecard_2020_2026.csv", "2022-01-06,2022-09-14", "2022-01-07,2022-09-14")
    with pytest.raises(ValueError, match="evidence_for"):
        curated.scorecard_2020_2026()


def test_scorecard_counts_match_the_file():
    counts = russia.scorecard_counts()
    raw = [r["judgement"] for r in _rows(SCORECARD)]
    assert list(counts.index) == list(JUDGEMENTS) == list(curated.JUDGEMENTS)
    assert counts.to_dict() == {j: raw.count(j) for j in JUDGEMENTS}
    assert counts.to_dict() == {"held": 5, "weakened": 2, "broken": 2, "inconclusive": 2}
    assert curated.scorecard_2020_2026()["judgement"].tolist() == raw


def test_events_per_code_counts_each_listed_code_of_the_file():
    rows = _rows(EVENTS)
    for since in (None, "2025-01-01"):
        kept = [r for r in rows if since is None or r["date"] >= since]
        listed = [code for r in kept for code in r["theory_codes"].split("; ")]
        counts = russia.events_per_code(since=since)
        assert list(counts.columns) == ["events"] and counts.index.name == "code"
        assert list(counts.index) == list(curated.THEORY_CODES)
        assert counts["events"].to_dict() == {code: listed.count(code) for code in curated.THEORY_CODES}
    assert russia.events_per_code()["events"].sum() > russia.events_per_code("2025-01-01")["events"].sum() > 0
    assert russia.events_per_code().loc["D2", "events"] == 0    # zeros are kept
    with pytest.raises(ValueError, match=r"since must be a date .* got '2025'"):
        russia.events_per_code(since="2025")


def test_scorecard_judgement_reads_one_claim_and_prints_without_quotes():
    raw = {r["code"]: r["judgement"] for r in _rows(SCORECARD) if r["code"] != "2B"}
    assert {code: russia.scorecard_judgement(code) for code in raw} == raw
    verdict = russia.scorecard_judgement("R2")
    assert verdict == "weakened" and repr(verdict) == "weakened"
    for code in ("2B", "R3"):                     # two claims, and none
        with pytest.raises(ValueError, match=rf"one of 1A, 1B, 2A, D1.*got '{code}'"):
            russia.scorecard_judgement(code)


# --- guarantees to 2025 ------------------------------------------------------------------

ARTICLE_SEVEN = ["Abkhazia", "Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "South Ossetia",
                 "Tajikistan"]


def test_guarantees_reach_2025_with_north_korea():
    assert russia.guaranteed_parties(2019) == ARTICLE_SEVEN
    assert russia.guaranteed_parties(2025) == sorted([*ARTICLE_SEVEN, "North Korea"])
    rows = _rows(DATA / "russia_security_guarantees.csv")
    korea = [r for r in rows if r["party"] == "North Korea"]
    assert len(korea) == 1 and korea[0]["signed"] == "2024-06-19"
    assert "Article 4" in korea[0]["note"] and "4 December 2024" in korea[0]["note"]
    belarus = [r for r in rows if r["party"] == "Belarus" and r["signed"] == "2024-12-06"]
    assert len(belarus) == 1 and "Union State" in belarus[0]["basis"]


def test_armenia_participation_is_recorded_as_frozen():
    frame = curated.security_guarantees()
    armenia = frame[(frame["party"] == "Armenia") & frame["basis"].str.contains("Collective")]
    assert set(armenia["status"]) == {"participation frozen"}
    assert armenia["end_year"].isna().all()  # still a party in law


def test_guarantees_timeline_runs_to_2025():
    from alliances import charts
    spec = charts.guarantees_timeline(through_year=2025).to_dict()
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [1991, 2030]
    rows = next(iter(spec["datasets"].values()))
    korea = [r for r in rows if r["party"] == "North Korea"]
    assert korea and korea[0]["start"] == 2024 and korea[0]["end"] == 2025


# --- the 2024 presets --------------------------------------------------------------------

#: Every preset scored for 2024, read from the presets file.
NEW_PRESETS = tuple(dict.fromkeys(r["case"] for r in _rows(DATA / "case_presets.csv")
                                  if r["scored_for"] == "2024"))


@pytest.mark.parametrize("case", NEW_PRESETS)
def test_new_presets_justify_and_source_every_input(case):
    table = cases.preset_table()
    part = table[table["case"] == case]
    assert part["parameter"].tolist() == list(PARAMETERS)
    assert (part["kind"] == "teaching judgement").all()
    assert all(len(j.split()) >= 6 for j in part["justification"]), case
    assert all(s.strip() for s in part["source"]), case


def test_belarus_market_access_is_no_longer_justified_by_dependence():
    table = cases.preset_table().set_index(["case", "parameter"])
    for case in ("Russia–Belarus", "Russia–Belarus 2024"):
        why = table.loc[(case, "c_D2"), "justification"]
        assert "leverage" in why and "depend" in why  # dependence named as leverage, not cost


def test_preset_comparison_pairs_2019_with_2024():
    """Each 2024 preset sits beside the preset it names in `rescores`, with the verdicts and margins
    of the reviewed snapshot (tests/snapshots/presets.csv, refreshed by `make snapshot`)."""
    table = cases.preset_comparison().set_index("case")
    with open(ROOT / "tests" / "snapshots" / "presets.csv", newline="", encoding="utf-8") as fh:
        snapshot = list(csv.DictReader(fh))
    assert {r["case"] for r in snapshot if r["scored_for"] == "2024"} == set(NEW_PRESETS)
    for row in snapshot:
        year = row["scored_for"]
        base = row["rescores"] or row["case"].removesuffix(f" {year}")
        assert table.loc[base, f"verdict_{year}"] == row["verdict"], row["case"]
        assert table.loc[base, f"margin_{year}"] == pytest.approx(float(row["margin"]))
    assert len(table) == len({r["rescores"] or r["case"].removesuffix(f" {r['scored_for']}")
                              for r in snapshot})
    assert table.loc["Russia–North Korea", "verdict_2019"] is None     # scored afresh in 2024
    assert table.loc["Russia–Armenia", "verdict_2019"] == "ally"       # the article's horizon


# --- no page claims asymmetric alliances are "the most common kind" ----------------------

MOST_COMMON = re.compile(r"\bmost (?:common|frequent|usual|widespread) (?:kind|type|form|sort)\b",
                         re.IGNORECASE)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n\s*\n", text) if s.strip()]


def overclaims(text: str) -> list[str]:
    """Sentences that call (asymmetric) alliances the most common kind of alliance."""
    return [s for s in _sentences(text)
            if MOST_COMMON.search(s) and re.search(r"allian|pact", s, re.IGNORECASE)]


def _book_texts() -> dict[str, str]:
    texts = {}
    for path in sorted(BOOK.rglob("*.md")):
        texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    for path in sorted(BOOK.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts or "_build" in path.parts:
            continue
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        texts[str(path.relative_to(ROOT))] = "\n\n".join(
            "".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return texts


def test_the_overclaim_detector_catches_a_planted_sentence():
    planted = ("A first sentence. Yet since 1945 such asymmetric alliances have become the most "
               "common kind of alliance in the world. Another sentence.")
    assert overclaims(planted) == ["Yet since 1945 such asymmetric alliances have become the "
                                   "most common kind of alliance in the world."]
    assert overclaims("Lopsided pacts became the most common form.") != []
    assert overclaims("The most common kind of fruit is the apple.") == []
    assert overclaims("Asymmetric alliances became widespread after 1945.") == []


def test_no_page_calls_asymmetric_alliances_the_most_common_kind():
    texts = _book_texts()
    assert len(texts) >= 15  # the scan really reads the book
    found = {name: hits for name, text in texts.items() if (hits := overclaims(text))}
    assert found == {}
