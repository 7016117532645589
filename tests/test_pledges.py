"""Tests of alliances.pledges: major powers' defence pledges and Russia's seven guarantees.

Key numbers of the chapter "Who promises to defend whom?" are pinned here, each checked a
second way with plain Python loops over the raw pyreadr frames or the raw CSV file.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pandas as pd
import pytest

from _datafixtures import loaded, needs_mirror, raw_defence_pledges
from alliances import charts, countries, pledges
from alliances import datasets as ds

GUARANTEES_CSV = Path(__file__).resolve().parents[1] / "data" / "russia_security_guarantees.csv"
MAJORS = {2: "United States", 365: "Russia (USSR to 1991)", 710: "China", 750: "India",
          200: "United Kingdom", 220: "France"}


@pytest.fixture(scope="module")
def atop():
    yield from loaded(ds.load_atop)


def _article_parties(year: int) -> set[str]:
    """Parties covered in ``year`` by a guarantee, read from the CSV with the csv module."""
    with GUARANTEES_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {r["party"] for r in rows if int(r["start_year"]) <= year
            and (r["end_year"] == "" or int(r["end_year"]) >= year)}


# --------------------------------------------------------------------------- counts


@needs_mirror
def test_pledge_counts_against_raw_loops(atop):
    counts = pledges.pledge_counts(atop)
    given = raw_defence_pledges()
    assert len(counts) == 6 * (2018 - 1946 + 1)
    assert dict(zip(counts["ccode"], counts["country"])) == MAJORS
    for code, year, n in zip(counts["ccode"], counts["year"], counts["partners"]):
        assert n == len(given.get((code, year), set())), (code, year)
    table = pledges.counts_table(counts)
    # the counts the chapter quotes (computed into its prose), each checked against the raw loop
    quoted = [("United States", 2018), ("United States", 1950), ("United Kingdom", 2018),
              ("France", 2018), ("Russia (USSR to 1991)", 2018), ("China", 2018), ("India", 2018)]
    codes = {name: code for code, name in MAJORS.items()}
    for country, year in quoted:
        assert table.loc[country, year] == len(given.get((codes[country], year), set()))
    # ... and the chapter's relations: the United States has the most partners in every year,
    # its network grew, Russia's is about a tenth of it, China has at most two, India none
    per_year = counts.pivot(index="year", columns="country", values="partners")
    assert (per_year.idxmax(axis=1) == "United States").all()
    assert (per_year.drop(columns="United States").max(axis=1) < per_year["United States"]).all()
    assert table.loc["United States", 2018] > table.loc["United States", 1950]
    assert 0.05 < table.loc["Russia (USSR to 1991)", 2018] / table.loc["United States", 2018] < 0.15
    assert per_year["China"].max() <= 2 and table.loc["China", 2018] == 1
    assert list(table.columns) == list(pledges.TABLE_YEARS)
    assert (counts.loc[counts["ccode"] == 750, "partners"] == 0).all()  # India: never
    assert given[(710, 2018)] == {731}  # China: North Korea only
    ussr = [len(given.get((365, y), set())) for y in range(1946, 1992)]
    assert (min(ussr), max(ussr)) == (per_year.loc[:1991, "Russia (USSR to 1991)"].min(),
                                      per_year.loc[:1991, "Russia (USSR to 1991)"].max())
    # Russia's count peaked in the 1990s and has been flat since, at the 2018 level
    russia = per_year.loc[1992:, "Russia (USSR to 1991)"]
    assert russia.idxmax() < 2000 and russia.max() > russia[2018] and russia.loc[2010:].nunique() == 1
    with pytest.raises(ValueError, match=r"years \[1900\] are not in counts"):
        pledges.counts_table(counts, years=(1900, 2018))


@needs_mirror
def test_region_counts_and_partners(atop):
    regions = pledges.region_counts(atop, 2018)
    given = raw_defence_pledges()
    for code in MAJORS:
        label = countries.name(code)
        assert regions.loc[label, "total"] == len(given.get((code, 2018), set()))
        assert regions.loc[label, list(pledges.REGIONS)].sum() == regions.loc[label, "total"]
    assert regions.loc["United States", "regions"] == 4
    assert regions.loc["United States", "Americas"] == 33
    russia = {c for c in given[(365, 2018)]}
    assert regions.loc["Russia", "former_soviet"] == 7 == len(russia & pledges.FORMER_SOVIET)
    table = pledges.partners(atop, 2018, [countries.RUSSIA])
    assert set(table["partner_cow"]) == russia and table["former_soviet"].all()


def test_region_boundaries():
    assert pledges.region(2) == "Americas" and pledges.region(200) == "Europe"
    assert pledges.region(373) == "Europe"  # COW places the Caucasus in Europe
    assert pledges.region(626) == "Africa" and pledges.region(640) == "Middle East"
    assert pledges.region(740) == "Asia and Oceania" and pledges.region(900) == "Asia and Oceania"
    assert {366, 367, 368, 369, 370, 371, 372, 373, 359,
                                     701, 702, 703, 704, 705} == pledges.FORMER_SOVIET
    with pytest.raises(ValueError, match=r"\[1, 999\]"):
        pledges.region(1000)


def test_spells():
    assert pledges.spells([1995, 1992, 1993, 1993]) == [(1992, 1993), (1995, 1995)]
    assert pledges.spells([]) == []
    with pytest.raises(TypeError, match="years"):
        pledges.spells([1992.5])


@needs_mirror
def test_pledge_spells_against_raw(atop):
    given = raw_defence_pledges()
    years = sorted(y for (a, y), ps in given.items() if a == 365 and 372 in ps)
    assert (years[0], years[-1], len(years)) == (1993, 2009, 17)
    assert pledges.pledge_spells(atop, 365, 372) == "1993–2009"
    assert pledges.pledge_spells(atop, 365, 369) == "none"  # Ukraine
    china = sorted(y for (a, y), ps in given.items() if a == 710 and 365 in ps)
    runs, start = [], china[0]
    for before, after in zip(china, [*china[1:], None]):
        if after != before + 1:
            runs.append(f"{start}–{before}" if start != before else f"{start}")
            start = after
    assert pledges.pledge_spells(atop, 710, 365) == ", ".join(runs) == "1896–1900, 1942–1980"


# --------------------------------------------------------------------------- Russia's seven


@needs_mirror
def test_compare_with_article_2018(atop):
    table = pledges.compare_with_article(2018, atop)
    given = raw_defence_pledges()[(365, 2018)]
    assert given == {370, 371, 373, 702, 703, 704, 705}
    assert set(table.loc[table["in_atop"], "cow"].astype(int)) == given
    article = _article_parties(2018)
    assert set(table.loc[table["in_article"], "state"]) == article
    assert article == {"Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Tajikistan",
                       "Abkhazia", "South Ossetia"}  # the article's seven (§5)
    assert list(table.columns) == ["state", "cow", "in_atop", "in_article", "atop_years",
                                   "explanation"]
    both = table[table["in_atop"] & table["in_article"]]["state"].tolist()
    assert both == ["Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Tajikistan"]
    rows = table.set_index("state")
    assert rows.loc["Azerbaijan", "atop_years"] == "1993–2018"
    assert rows.loc["Uzbekistan", "atop_years"] == "1992–2018"
    assert "Armenia" in rows.loc["Azerbaijan", "explanation"]
    assert "hypothesis" in rows.loc["Azerbaijan", "explanation"]
    assert "14 November 2005" in rows.loc["Uzbekistan", "explanation"]
    for entity in ("Abkhazia", "South Ossetia"):
        assert pd.isna(rows.loc[entity, "cow"]) and not rows.loc[entity, "in_atop"]
        assert "not a Correlates of War state" in rows.loc[entity, "explanation"]
    assert all(len(text) > 60 for text in table["explanation"])


@needs_mirror
def test_compare_with_article_2005_and_checks(atop):
    table = pledges.compare_with_article(2005, atop).set_index("state")
    given = {countries.name(c) for c in raw_defence_pledges()[(365, 2005)]}
    assert set(table.index[table["in_atop"]]) == given
    assert set(table.index[table["in_article"]]) == _article_parties(2005)
    assert set(table.index[table["in_atop"] & ~table["in_article"]]) == {
        "Azerbaijan", "Georgia", "Uzbekistan"}
    assert "2009" in table.loc["Georgia", "explanation"]
    with pytest.raises(ValueError, match=r"\[1992, 2018\]"):
        pledges.compare_with_article(1991, atop)
    with pytest.raises(ValueError, match=r"\[1815, 2018\]"):
        pledges.compare_with_article(2019, atop)
    with pytest.raises(TypeError, match="year"):
        pledges.compare_with_article("2018", atop)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- charts


@needs_mirror
def test_network_layout_geometry(atop):
    table = pledges.partners(atop, 2018)
    table.attrs["pledgers"] = [countries.name(c) for c in countries.MAJOR_PLEDGERS.values()]
    nodes, edges = charts.network_layout(table)
    hubs = nodes[nodes["kind"] == "hub"].set_index("label")
    assert len(hubs) == 6 and hubs.loc["India", "partners"] == 0
    us_edges = edges[edges["hub"] == "United States"]
    assert hubs.loc["United States", "partners"] == 66 == len(us_edges)
    for x, y, x2, y2 in zip(edges["x"], edges["y"], edges["x2"], edges["y2"]):
        assert math.hypot(x2 - x, y2 - y) == pytest.approx(0.38, abs=1e-3)
    assert len(edges) == len(table) == 66 + 7 + 1 + 34 + 38
    with pytest.raises(ValueError, match="columns must be a positive integer"):
        charts.network_layout(table, columns=0)


@needs_mirror
def test_charts_are_small_described_and_interactive(atop):
    line = charts.pledges_chart(pledges.pledge_counts(atop)).to_dict()
    network = charts.network_chart(atop, 2018).to_dict()
    assert len(json.dumps(line)) + len(json.dumps(network)) < 150_000
    for spec in (line, network):
        assert len(spec["description"]) > 40
    assert line["params"][0]["bind"] == "legend"
    assert "tooltip" in line["encoding"]
    layers = network["layer"]
    assert all("tooltip" in layer["encoding"] for layer in layers[:3])
    colours = set(line["encoding"]["color"]["scale"]["range"])
    assert colours <= {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
                       "#CC79A7", "#000000"}
    with pytest.raises(ValueError, match="year must be in the range"):
        charts.network_chart(atop, 1700)
