"""Tests of alliances.loyalty: NATO membership, allies by year, decade tables and the chart."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from _datafixtures import needs_mirror, raw
from alliances import charts, countries, pledges
from alliances import loyalty as L
from alliances import votes as V

# NATO members by literal COW code and year of accession (checked independently of the
# library's ISO-to-COW conversion).
_NATO_COW = {2: 1949, 20: 1949, 200: 1949, 220: 1949, 211: 1949, 210: 1949, 212: 1949,
             390: 1949, 385: 1949, 395: 1949, 325: 1949, 235: 1949, 350: 1952, 640: 1952,
             260: 1955, 230: 1982, 255: 1990, 316: 1999, 310: 1999, 290: 1999, 355: 2004,
             366: 2004, 367: 2004, 368: 2004, 360: 2004, 317: 2004, 349: 2004, 339: 2009,
             344: 2009, 341: 2017, 343: 2020}


def test_nato_accessions_match_literal_cow_codes():
    assert dict(L.NATO_ACCESSION) == _NATO_COW


def test_nato_members_by_year():
    assert len(L.nato_members(1949)) == 12
    assert 260 not in L.nato_members(1954) and 260 in L.nato_members(1955)
    assert {350, 640} <= L.nato_members(1952)
    assert 260 in L.nato_members(1990) and 255 in L.nato_members(1990)
    assert 260 not in L.nato_members(1991) and 255 in L.nato_members(1991)
    assert len(L.nato_members(2019)) == 29 and len(L.nato_members(2020)) == 30
    with pytest.raises(ValueError, match="1949 or later"):
        L.nato_members(1948)
    with pytest.raises(TypeError, match="year must be an int"):
        L.nato_members("1990")  # type: ignore[arg-type]


def _toy_atop() -> pd.DataFrame:
    rows = [(2, 20, 2000, 1), (20, 2, 2000, 1), (2, 740, 2000, 1), (2, 740, 2001, 1),
            (2, 365, 2001, 0), (365, 2, 2001, 1), (2, 20, 2002, 1)]
    frame = pd.DataFrame(rows, columns=["ccode1", "ccode2", "year", "atop_defense"])
    frame["atop_defense"] = frame["atop_defense"].astype(bool)
    return frame


def test_defence_pledges_by_hand():
    group = pledges.defence_pledges(_toy_atop(), 2, label="toy")
    assert group.by_year == {2000: frozenset({20, 740}), 2001: frozenset({740}),
                             2002: frozenset({20})}
    assert group.years == (2000, 2002) and group(2001) == {740}
    assert pledges.defence_pledges(_toy_atop(), 2, "received")(2001) == {365}
    assert pledges.defence_pledges(_toy_atop(), 2, "either")(2001) == {740, 365}
    assert group.counts()["n_states"].tolist() == [2, 1, 1]
    with pytest.raises(ValueError, match=r"range \[2000, 2002\]"):
        group(2003)
    with pytest.raises(ValueError, match="direction must be one of"):
        pledges.defence_pledges(_toy_atop(), 2, "sideways")
    with pytest.raises(TypeError, match="patron must be an integer"):
        pledges.defence_pledges(_toy_atop(), "US")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"atop lacks columns \['atop_defense'\]"):
        pledges.defence_pledges(_toy_atop().drop(columns="atop_defense"), 2)


def _toy_scores() -> pd.DataFrame:
    """Two methods, all roll calls, two years: allies 20 and 740, others 365 and 710."""
    rows = []
    for method, shift in (("identical", 0.0), ("half_credit", 0.1)):
        for year, values in ((2000, {20: 0.9, 740: 0.7, 365: 0.2, 710: 0.4}),
                             (2001, {20: 0.8, 740: 0.6, 365: 0.3, 710: 0.5})):
            rows += [{"method": method, "subset": "all", "state": s, "year": year,
                      "agreement": v + shift, "n_votes": 10} for s, v in values.items()]
    return pd.DataFrame(rows)


def test_loyalty_table_by_hand():
    allies = countries.YearlyGroup("toy", {2000: frozenset({20, 740}), 2001: frozenset({20, 740})})
    table = L.loyalty_table(_toy_scores(), allies, periods={"2000s": (2000, 2009)},
                            variants=["All roll calls", "NATO members left out",
                                      "Rival's allies left out"])
    # the rival variant is skipped without rival_allies
    assert table["variant"].unique().tolist() == ["All roll calls", "NATO members left out"]
    row = table.set_index(["variant", "method"]).loc[("All roll calls", "identical")]
    assert row["members"] == pytest.approx((0.8 + 0.7) / 2)
    assert row["others"] == pytest.approx((0.3 + 0.4) / 2)
    assert row["years_ahead"] == 2
    # Canada (20) is a NATO member: without it the allies are Japan (740) alone
    row = table.set_index(["variant", "method"]).loc[("NATO members left out", "half_credit")]
    assert row["members"] == pytest.approx((0.8 + 0.7) / 2)
    rival = countries.YearlyGroup("rival", {2000: frozenset({365}), 2001: frozenset({365})})
    with_rival = L.loyalty_table(_toy_scores(), allies, rival_allies=rival,
                                 periods={"2000s": (2000, 2009)},
                                 variants=["Rival's allies left out"])
    assert with_rival.set_index("method").loc["identical", "others"] == pytest.approx(0.45)
    with pytest.raises(ValueError, match="variants must name"):
        L.loyalty_table(_toy_scores(), allies, variants=["Everything"])
    with pytest.raises(ValueError, match="'subset' column is missing"):
        L.loyalty_table(_toy_scores().drop(columns="subset"), allies)


def test_loyalty_chart_is_small_live_and_described():
    allies = countries.YearlyGroup("toy", {2000: frozenset({20, 740}), 2001: frozenset({20, 740})})
    table = L.loyalty_table(_toy_scores(), allies, periods={"2000s": (2000, 2009)},
                            variants=["All roll calls", "NATO members left out"])
    spec = charts.loyalty_chart(table).to_dict()
    text = json.dumps(spec)
    assert "url" not in text and "tooltip" in spec["encoding"]
    binds = {p["name"]: p["bind"] for p in spec["params"]}
    assert binds["method"]["input"] == "select"
    assert binds["variant"]["options"] == ["All roll calls", "NATO members left out"]
    assert "dropdowns" in spec["description"]
    with pytest.raises(ValueError, match="frame of loyalty_table"):
        charts.loyalty_chart(table.drop(columns="gap"))


def test_loyalty_chart_fills_its_box_and_its_decades_never_overlap():
    import itertools
    import re

    import vl_convert

    decades = [f"{y}s" for y in range(1950, 2020, 10)]       # the book's seven decades
    table = pd.DataFrame({"variant": "All roll calls", "method": "identical", "period": decades,
                          "members": 0.6, "others": 0.4, "gap": 0.2, "n_years": 10})
    spec = charts.loyalty_chart(table).to_dict()
    assert spec["width"] == "container" and spec["autosize"]["type"] == "fit-x"
    short = ["\u2019" + d[2:] for d in decades]                 # "’50s"
    drawn = {}
    for width in (700, None):      # a desktop's box; vl-convert's stand-in for a box (a 210 px plot)
        svg = vl_convert.vegalite_to_svg(spec if width is None else {**spec, "width": width})
        group = re.findall(r'role-axis-label"[^>]*>(.*?)</g>', svg)[0]
        labels = [(float(x), opacity == "1", text) for x, opacity, text in re.findall(
            r'<text[^>]*translate\(([-\d.]+),[^>]*opacity="([^"]*)"[^>]*>([^<]*)</text>', group)]
        drawn[width] = [text for _, _, text in labels]
        shown = [x for x, visible, _ in labels if visible]
        assert len(shown) == len(decades), (width, labels)
        # at 12 px a digit is about 6.7 px wide: the labels shown stand apart
        room = 6 * max(len(text) for text in drawn[width]) + 4
        assert min(b - a for a, b in itertools.pairwise(shown)) >= room, (width, labels)
    assert drawn == {700: decades, None: short}


# --------------------------------------------------------------------------- real data


def _plain_us_allies() -> dict[int, set[int]]:
    """The US defence pledges per year by loops over the raw ATOP file (no library code)."""
    atop = raw("atop_alliance.rda")
    allies: dict[int, set[int]] = {}
    for c1, c2, year, defence in zip(atop["ccode1"], atop["ccode2"], atop["year"],
                                     atop["atop_defense"]):
        if int(c1) == 2 and int(defence) == 1:
            allies.setdefault(int(year), set()).add(int(c2))
    return allies


def _iso_to_cow() -> dict[str, int]:
    """COW codes of the UN votes' countries, straight from countrycode plus the old codes."""
    from countrycode import countrycode

    votes = raw("un_votes.rda")
    literal = {"YU": 345, "CS": 315, "DD": 265, "YD": 680, "Yemen Arab Republic": 678,
               "Zanzibar": 511, "Federal Republic of Germany": 260}
    states = sorted({code if isinstance(code, str) else name
                     for code, name in zip(votes["country_code"], votes["country"])})
    looked_up = countrycode(states, origin="iso2c", destination="cown")   # one call: it is slow
    return {who: literal.get(who) or cown for who, cown in zip(states, looked_up)}


@pytest.fixture(scope="module")
def us_table():
    from _datafixtures import mirror_env

    with mirror_env():
        from alliances import datasets

        atop = datasets.load_atop()
        allies = pledges.defence_pledges(atop, 2)
        rival = pledges.defence_pledges(atop, 365)
        scores = V.agreement_by_subset(V.load_votes(), "US", years=(1950, 2019))
        yield atop, allies, L.loyalty_table(scores, allies, rival_allies=rival)


@needs_mirror
def test_us_allies_match_raw_atop_and_capabilities(us_table):

    atop, allies, _ = us_table
    plain = _plain_us_allies()
    assert allies.years == (1815, 2018)  # ATOP 5.1 starts in 1815
    for year in range(1946, 2019):
        assert allies(year) == plain.get(year, set()), year
    for year in (1950, 1980, 2018):
        assert allies(year) == pledges.defence_partners(atop, 2, year)
    assert len(allies(2018)) > 2 * len(allies(1950))  # "grew from ... to ...", more than doubled


@needs_mirror
def test_us_decade_gaps_as_reported(us_table):
    _, _, table = us_table
    main = table[(table["variant"] == "All roll calls") & (table["method"] == "identical")]
    assert main["period"].tolist() == list(L.DECADES)
    # the chapter's relations (its figures are computed into the prose): a positive gap in every
    # decade that shrank by about two thirds from the Cold War peak to the years after 1990
    gap = main.set_index("period")["gap"]
    assert (gap > 0).all()
    assert gap[["1990s", "2000s", "2010s"]].max() < 0.4 * gap[["1950s", "1960s"]].max()
    assert gap[["1970s", "1980s"]].max() < gap[["1950s", "1960s"]].min()
    assert (main["years_ahead"] == main["n_years"]).all()
    assert main["n_years"].tolist() == [10, 9, 10, 10, 10, 10, 9]  # no vote in 1964; ATOP to 2018
    half = table[(table["variant"] == "All roll calls") & (table["method"] == "half_credit")]
    assert (half["gap"] > 0).all() and (half["years_ahead"] == half["n_years"]).all()
    nato_out = table[(table["variant"] == "NATO members left out")
                     & (table["method"] == "identical")].set_index("period")["gap"]
    assert nato_out[["1990s", "2000s", "2010s"]].abs().max() < 0.01  # "not at all after 1990"
    assert (nato_out[["1950s", "1960s"]] > 0.2).all()
    middle_east = table[(table["variant"] == "Issue: Palestinian conflict")
                        & (table["method"] == "identical")].set_index("period")["gap"]
    assert middle_east["2000s"] < 0 and middle_east["2010s"] < 0  # allies slightly *less* often
    important = table[table["variant"] == "Important votes only"]
    assert set(important["period"]) == {"1980s", "1990s", "2000s", "2010s"}


@needs_mirror
def test_us_decade_gaps_by_plain_loops(us_table):
    from test_votes import _plain_gap, _plain_yearly

    _, _, table = us_table
    allies = _plain_us_allies()
    cow = _iso_to_cow()
    nato = set(_NATO_COW)
    rows = table[table["method"] == "identical"].set_index(["variant", "period"])
    yearly = {period: _plain_yearly("US", first, last, "identical")
              for period, (first, last) in (("1950s", (1950, 1959)), ("2010s", (2010, 2018)))}
    for period in yearly:
        members, others, ahead = _plain_gap(
            yearly[period], lambda y: {w for w in cow if cow[w] in allies.get(y, set())})
        row = rows.loc[("All roll calls", period)]
        assert row["members"] == pytest.approx(members, abs=1e-12)
        assert row["others"] == pytest.approx(others, abs=1e-12)
        assert row["years_ahead"] == ahead
    # NATO members (in the years they belonged) left out of both groups, 2010s
    trimmed = {y: {w: v for w, v in s.items() if cow[w] not in nato or _NATO_COW[cow[w]] > y}
               for y, s in yearly["2010s"].items()}
    members, others, _ = _plain_gap(
        trimmed, lambda y: {w for w in cow if cow[w] in allies.get(y, set())})
    assert rows.loc[("NATO members left out", "2010s"), "gap"] == \
        pytest.approx(members - others, abs=1e-12)


@needs_mirror
def test_us_chart_stays_small(us_table):
    _, _, table = us_table
    assert len(json.dumps(charts.loyalty_chart(table).to_dict())) < 150_000
