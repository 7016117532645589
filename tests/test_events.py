"""Tests for the 2020–2026 material: the events file (to 2026), the scorecard, the guarantees to 2025,
the 2024 case presets, and the book-wide check that no page calls asymmetric alliances
"the most common kind" of alliance (issue 11).

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

from alliances import cases, curated, russia
from alliances.typology import BENEFIT_CODES, COST_CODES
from alliances.value import PARAMETERS

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
BOOK = ROOT / "book"
EVENTS = DATA / "events_2020_2026.csv"
SCORECARD = DATA / "scorecard_2020_2026.csv"
TODAY = dt.date(2026, 11, 27)  # the book's "today" (see the developers' brief)
THEORY_CODES = set(BENEFIT_CODES) | set(COST_CODES)
URL = re.compile(r"https?://\S+")
UN_SYMBOL = re.compile(r"\b(A/RES/[\w/-]+|A/\d+/PV\.\d+|GA/\d+)\b")


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# --- the events file ---------------------------------------------------------------------

def test_events_file_has_the_promised_columns_and_rows():
    rows = _rows(EVENTS)
    assert list(rows[0]) == ["date", "states", "event", "theory_codes", "expectation", "source",
                             "note"]
    assert len(rows) >= 15


@pytest.mark.parametrize("row", _rows(EVENTS), ids=lambda r: r["date"])
def test_every_event_has_a_source_with_a_url_or_a_document_symbol(row):
    assert row["source"].strip(), row["date"]
    assert URL.search(row["source"]) or UN_SYMBOL.search(row["source"]), row["source"]
    for field in ("states", "event", "expectation"):
        assert len(row[field].split()) >= 2, (row["date"], field)


@pytest.mark.parametrize("row", _rows(EVENTS), ids=lambda r: r["date"])
def test_every_event_code_is_a_code_of_table_1_or_table_2(row):
    codes = row["theory_codes"].split("; ")
    assert codes and all(codes), row["theory_codes"]
    assert set(codes) <= THEORY_CODES, set(codes) - THEORY_CODES
    assert len(codes) == len(set(codes))


def test_event_dates_are_valid_in_range_and_in_order():
    dates = [dt.date.fromisoformat(r["date"]) for r in _rows(EVENTS)]
    assert all(dt.date(2020, 1, 1) <= d <= TODAY for d in dates)
    assert dates == sorted(dates)


def test_events_cover_the_issue_list():
    text = " ".join(r["date"] + " " + r["event"] for r in _rows(EVENTS))
    for needle in ("2022-01-06", "Kazakhstan", "2022-09-13", "2022-11-23", "2023-09-19",
                   "2024-02-22", "2022-09-14", "2023-06-16", "2024-06-19", "2024-12-04",
                   "2024-12-06", "2024-07-04", "2024-12-08", "2025-01-17", "Kursk"):
        assert needle in text, needle


def test_the_record_reaches_the_books_year():
    """The events run into the book's own year, so the chapter reads the present, not 2025."""
    dates = [dt.date.fromisoformat(r["date"]) for r in _rows(EVENTS)]
    assert max(dates).year == TODAY.year
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
    card = {(r["code"], r["judgement"]): set(r["evidence"].split("; ")) for r in _rows(SCORECARD)}
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
    card = {(r["code"], r["judgement"]): set(r["evidence"].split("; ")) for r in _rows(SCORECARD)}
    assert "2026-05-29" in card[("1B", "weakened")]
    assert {"2026-05-30", "2026-06-07"} <= card[("R2", "broken")]
    council = [r for d, r in rows.items() if d >= "2026-03-01" and "UN Security Council" in r["states"]]
    assert len(council) == 2 and all("R1" in r["theory_codes"].split("; ") for r in council)
    assert "S/RES/2817 (2026)" in rows["2026-03-11"]["source"]
    assert {r["date"] for r in council} <= card[("R1", "held")]


def test_library_loader_reads_the_same_events():
    frame = curated.events_2020_2026()
    raw = _rows(EVENTS)
    assert len(frame) == len(raw)
    assert frame["date"].dt.strftime("%Y-%m-%d").tolist() == [r["date"] for r in raw]
    assert frame["source"].tolist() == [r["source"] for r in raw]


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

def test_scorecard_judges_every_function_and_rests_on_recorded_events():
    rows = _rows(SCORECARD)
    dates = {r["date"] for r in _rows(EVENTS)}
    assert {r["code"] for r in rows} >= set(BENEFIT_CODES) | {"R1", "R2", "O1"}
    for row in rows:
        assert row["kind"] == "teaching judgement"
        assert row["judgement"] in {"held", "weakened", "broken"}
        assert len(row["reasons"].split()) >= 10
        assert set(row["evidence"].split("; ")) <= dates, row["evidence"]


def test_scorecard_counts_match_the_file():
    counts = russia.scorecard_counts()
    raw = [r["judgement"] for r in _rows(SCORECARD)]
    assert list(counts.index) == ["held", "weakened", "broken"]
    assert counts.to_dict() == {j: raw.count(j) for j in ("held", "weakened", "broken")}
    assert curated.scorecard_2020_2026()["judgement"].tolist() == raw


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

NEW_PRESETS = ("Russia–Armenia 2024", "Russia–Belarus 2024", "Russia–North Korea 2024")


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
    table = cases.preset_comparison().set_index("case")
    assert table.loc["Russia–Armenia", "verdict_2019"] == "ally"
    assert table.loc["Russia–Armenia", "verdict_2024"] == "not worth it"
    assert table.loc["Russia–Syria", "verdict_2024"] == "not worth it"
    assert table.loc["Russia–North Korea", "verdict_2019"] is None
    assert table.loc["Russia–North Korea", "verdict_2024"] == "ally"
    summary = cases.preset_summary().set_index("case")
    assert table.loc["Russia–Belarus", "margin_2024"] == pytest.approx(
        summary.loc["Russia–Belarus 2024", "margin"])


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
