"""Tests of alliances.capabilities: capability ratios, shares and ATOP defence pledges."""

from __future__ import annotations

import functools
import math
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from _datafixtures import loaded, mirror, needs_mirror, raw, raw_defence_pledges  # noqa: F401
from alliances import capabilities as cap
from alliances import charts, pledges
from alliances import datasets as ds

# --------------------------------------------------------------------------- ratios


def _toy_nmc() -> pd.DataFrame:
    return pd.DataFrame({"ccode": [1, 2, 3, 4, 5, 1, 2],
                         "year": [2000, 2000, 2000, 2000, 2000, 2001, 2001],
                         "cinc": [0.30, 0.01, 0.0, 0.0, np.nan, 0.20, 0.20]})


def test_capability_ratio_by_hand():
    dyads = pd.DataFrame({"ccode1": [2, 1, 1, 3, 1, 1, 1], "ccode2": [1, 3, 5, 4, 9, 2, 2],
                          "year": [2000, 2000, 2000, 2000, 2000, 2001, 2000],
                          "label": list("abcdefg")})
    out = cap.capability_ratio(dyads, _toy_nmc())
    assert list(out["label"]) == list("abcdefg")  # extra columns kept, order kept
    # a: 0.30 / 0.01 = 30, stronger is ccode2 = 1
    assert out.loc[0, "ratio"] == pytest.approx(30.0)
    assert (out.loc[0, "stronger"], out.loc[0, "weaker"]) == (1, 2)
    # b: weaker CINC is 0 -> inf, flagged
    assert math.isinf(out.loc[1, "ratio"]) and out.loc[1, "ratio_status"] == "zero CINC"
    # c: NaN CINC -> NaN ratio; e: no NMC row -> NaN ratio
    for i in (2, 4):
        assert math.isnan(out.loc[i, "ratio"]) and out.loc[i, "ratio_status"] == "missing CINC"
        assert pd.isna(out.loc[i, "stronger"])
    # d: both zero -> NaN, flagged as zero
    assert math.isnan(out.loc[3, "ratio"]) and out.loc[3, "ratio_status"] == "zero CINC"
    # f: tie -> 1, ccode1 counted as stronger
    assert out.loc[5, "ratio"] == 1.0 and out.loc[5, "stronger"] == 1
    assert (out["ratio_status"] == "ok").sum() == 3


def test_capability_ratio_refuses_bad_nmc():
    nmc = pd.concat([_toy_nmc(), _toy_nmc().iloc[:1]])
    dyads = pd.DataFrame({"ccode1": [1], "ccode2": [2], "year": [2000]})
    with pytest.raises(ValueError, match="one row per ccode and year"):
        cap.capability_ratio(dyads, nmc)
    negative = _toy_nmc().assign(cinc=-0.1)
    with pytest.raises(ValueError, match="cinc must be >= 0"):
        cap.capability_ratio(dyads, negative)
    with pytest.raises(ValueError, match="lacks columns"):
        cap.capability_ratio(dyads.drop(columns="year"), _toy_nmc())


def test_is_asymmetric():
    assert cap.is_asymmetric(30.0, 10) is True
    assert cap.is_asymmetric(10.0, 10) is False  # strictly above
    assert cap.is_asymmetric(math.inf, 2) is True
    series = cap.is_asymmetric(pd.Series([1.0, 5.0, np.nan, np.inf]), 3)
    assert str(series.dtype) == "boolean"
    assert series.tolist()[:2] == [False, True] and pd.isna(series[2]) and bool(series[3])
    for bad in (1, 0.5, -3):
        with pytest.raises(ValueError, match="threshold must be greater than 1"):
            cap.is_asymmetric(5.0, bad)
    with pytest.raises(TypeError, match="threshold"):
        cap.is_asymmetric(5.0, "10")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="threshold"):
        cap.is_asymmetric(5.0, float("nan"))
    with pytest.raises(ValueError, match="NaN"):
        cap.is_asymmetric(float("nan"), 2)
    with pytest.raises(ValueError, match=">= 1"):
        cap.is_asymmetric(0.5, 2)
    with pytest.raises(ValueError, match=">= 1"):
        cap.is_asymmetric(pd.Series([0.5]), 2)


# --------------------------------------------------------------------------- shares


def test_shares_by_hand():
    frame = pd.DataFrame({"ccode": [365, 370, 371, 365, 370, 371, 2],
                          "year": [2000, 2000, 2000, 2001, 2001, 2001, 2000],
                          "tpop": [150.0, 10.0, 40.0, 140.0, 10.0, 50.0, 300.0],
                          "milex": [60.0, 40.0, np.nan, 7.0, 2.0, 1.0, 999.0]})
    out = cap.shares(frame, [365, 370, 371], ["tpop", "milex"])
    first = out[out["year"] == 2000].set_index("ccode")
    assert first.loc[365, "tpop_share"] == pytest.approx(150 / 200)
    assert first.loc[370, "tpop_share"] == pytest.approx(10 / 200)
    assert first["milex_share"].isna().all()  # Armenia's milex missing: no partial shares
    second = out[out["year"] == 2001].set_index("ccode")
    assert second.loc[371, "milex_share"] == pytest.approx(1 / 10)
    assert second["tpop_share"].sum() == pytest.approx(1.0)
    assert 2 not in set(out["ccode"])  # states outside the group are ignored
    assert list(out.columns) == ["ccode", "country", "year", "tpop", "tpop_share", "milex",
                                 "milex_share"]
    assert first.loc[365, "country"] == "Russia"


def test_shares_validation():
    frame = pd.DataFrame({"ccode": [365, 370], "tpop": [1.0, 2.0], "name": ["a", "b"]})
    no_year = cap.shares(frame, [365, 370], "tpop")
    assert no_year["tpop_share"].tolist() == pytest.approx([1 / 3, 2 / 3])
    with pytest.raises(ValueError, match=r"states \[999\] have no row"):
        cap.shares(frame, [365, 999], ["tpop"])
    with pytest.raises(TypeError, match=r"indicators: column 'name' of frame must be numeric"):
        cap.shares(frame, [365], ["name"])
    with pytest.raises(ValueError, match="lacks columns"):
        cap.shares(frame, [365], ["gdp"])
    with pytest.raises(ValueError, match="at least one"):
        cap.shares(frame, [], ["tpop"])


@needs_mirror
def test_nmc_shares_of_csto_against_raw_values(mirror):
    nmc = ds.load_nmc()
    group = [365, 370, 371, 702, 703, 705]
    out = cap.shares(nmc[nmc["year"] == 2016], group, ["tpop"]).set_index("ccode")
    source = raw("cow_nmc.rda")
    pop = {int(c): p for c, y, p in zip(source["ccode"], source["year"], source["tpop"])
           if y == 2016 and c in group}
    assert out.loc[365, "tpop_share"] == pytest.approx(pop[365] / sum(pop.values()))
    assert out["tpop_share"].sum() == pytest.approx(1.0)


# --------------------------------------------------------------------------- pledges

RUSSIA_2018 = {370, 371, 373, 702, 703, 704, 705}


@pytest.fixture(scope="module")
def atop():
    yield from loaded(ds.load_atop)


@needs_mirror
def test_russia_defence_partners_2018(atop):
    assert pledges.defence_partners(atop, 365, 2018) == RUSSIA_2018
    assert raw_defence_pledges()[(365, 2018)] == RUSSIA_2018  # second, independent computation
    assert pledges.defence_partners(atop, 365, 2018, "received") == RUSSIA_2018
    assert pledges.defence_partners(atop, 365, 2018, "either") == RUSSIA_2018


@needs_mirror
def test_pledges_by_year_against_raw_loops(atop):
    counts = pledges.pledges_by_year(atop, years=(1946, 2018))
    assert set(counts["ccode"]) == {2, 365, 710, 750, 200, 220}
    assert len(counts) == 6 * (2018 - 1946 + 1)  # zeros included
    given = raw_defence_pledges()
    table = counts.set_index(["ccode", "year"])["partners"]
    for (code, year), partners in table.items():
        assert partners == len(given.get((code, year), set())), (code, year)
    assert table[(365, 2018)] == 7
    assert counts["partners"].dtype == "int64"


@needs_mirror
def test_atop_direction_and_one_way_pledges(atop):
    given = raw_defence_pledges()
    one_way_years = sum(1 for (a, year), partners in given.items() for b in partners
                        if a not in given.get((b, year), set()))
    table = pledges.one_way_pledges(atop)
    assert table["years"].sum() == one_way_years == 492
    us_japan = table[(table["ccode1"] == 2) & (table["ccode2"] == 740)].iloc[0]
    assert (us_japan["first_year"], us_japan["last_year"]) == (1951, 2018)
    assert 740 in pledges.defence_partners(atop, 2, 2018)
    assert 740 not in pledges.defence_partners(atop, 2, 2018, "received")


@needs_mirror
def test_pledge_argument_checks(atop):
    with pytest.raises(ValueError, match=r"\[1815, 2018\]"):
        pledges.defence_partners(atop, 365, 2019)
    with pytest.raises(ValueError, match="direction must be one of"):
        pledges.defence_partners(atop, 365, 2018, "both")
    with pytest.raises(TypeError, match="ccode"):
        pledges.defence_partners(atop, "RU", 2018)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="first <= last"):
        pledges.pledges_by_year(atop, years=(2010, 2000))
    with pytest.raises(ValueError, match=r"\[1815, 2018\]"):
        pledges.pledges_by_year(atop, years=(2000, 2020))


# --------------------------------------------------------------------------- asymmetry of pacts
# Independent computations: plain Python loops over the raw pyreadr frames (no library code).


def _raw_pairs() -> dict[tuple[int, int, int], int]:
    """(low code, high code, year) -> number of directions with a defence pledge (1 or 2)."""
    atop = raw("atop_alliance.rda")
    pairs: dict[tuple[int, int, int], int] = defaultdict(int)
    for a, b, year, defence in zip(atop["ccode1"], atop["ccode2"], atop["year"],
                                   atop["atop_defense"]):
        if defence == 1:
            a, b = int(a), int(b)
            pairs[(min(a, b), max(a, b), int(year))] += 1
    return pairs


def _raw_cinc() -> dict[tuple[int, int], float]:
    nmc = raw("cow_nmc.rda")
    return {(int(c), int(y)): float(v) for c, y, v in zip(nmc["ccode"], nmc["year"], nmc["cinc"])
            if not (isinstance(v, float) and math.isnan(v))}


def _raw_majors(through: int = 2018) -> set[tuple[int, int]]:
    majors = raw("cow_majors.rda")
    last = int(majors["endyear"].max())
    out = set()
    for code, start, end in zip(majors["ccode"], majors["styear"], majors["endyear"]):
        stop = through if int(end) == last else int(end)
        out.update((int(code), y) for y in range(int(start), stop + 1))
    return out


@functools.cache
def _raw_shares(threshold: float) -> dict[tuple[str, str], tuple[int, int]]:
    """(group, era) -> (dyad-years with ratio > threshold, dyad-years with a known ratio)."""
    cinc, majors = _raw_cinc(), _raw_majors()
    out: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for (a, b, year) in _raw_pairs():
        if (a, year) not in cinc or (b, year) not in cinc:
            continue
        high, low = max(cinc[(a, year)], cinc[(b, year)]), min(cinc[(a, year)], cinc[(b, year)])
        if high == 0:
            continue
        above = low == 0 or high / low > threshold
        era = "before 1945" if year < 1945 else "1945 and after"
        n_major = ((a, year) in majors) + ((b, year) in majors)
        for group, member in (("all dyads", True), ("with a major power", n_major >= 1),
                              ("two major powers", n_major == 2)):
            if member:
                out[(group, era)][0] += above
                out[(group, era)][1] += 1
                out[(group, str(year // 10 * 10))][0] += above
                out[(group, str(year // 10 * 10))][1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


@pytest.fixture(scope="module")
def nmc():
    from _datafixtures import mirror_env

    with mirror_env():
        yield ds.load_nmc(), ds.load_cow_majors()


@pytest.fixture(scope="module")
def histogram(atop, nmc):
    return cap.ratio_histogram(cap.asymmetry_dyads(atop, *nmc))


@needs_mirror
def test_defence_dyads_against_raw_loops(atop):
    dyads = cap.defence_dyads(atop)
    pairs = _raw_pairs()
    assert len(dyads) == len(pairs) == 69_127
    assert (dyads["ccode1"] < dyads["ccode2"]).all()
    assert set(zip(dyads["ccode1"], dyads["ccode2"], dyads["year"])) == set(pairs)
    one_way = {k for k, n in pairs.items() if n == 1}
    assert int(dyads["one_way"].sum()) == len(one_way) == 492
    assert set(zip(*(dyads.loc[dyads["one_way"], c] for c in ("ccode1", "ccode2", "year")))) \
        == one_way
    assert (2, 740, 2018) in one_way  # the US pledge to Japan


def test_major_power_years_by_hand():
    majors = pd.DataFrame({"ccode": [2, 255, 255], "styear": [2014, 2010, 2015],
                           "endyear": [2016, 2011, 2016]})
    years = cap.major_power_years(majors)
    assert set(zip(years["ccode"], years["year"])) == {(2, 2014), (2, 2015), (2, 2016),
                                                       (255, 2010), (255, 2011), (255, 2015),
                                                       (255, 2016)}
    extended = cap.major_power_years(majors, through=2018)
    assert (2, 2018) in set(zip(extended["ccode"], extended["year"]))
    assert (255, 2012) not in set(zip(extended["ccode"], extended["year"]))  # closed spell
    with pytest.raises(ValueError, match="through must be >= 2016"):
        cap.major_power_years(majors, through=2015)


def test_ratio_bin_makes_lower_edge_equivalent_to_strictly_above():
    rng = np.random.default_rng(7)
    ratios = np.concatenate([np.array(cap.RATIO_EDGES), np.exp(rng.uniform(0, 6, 2000)),
                             [1.0, 50.0, 50.25, 1e6, np.inf]])
    lower = cap.ratio_bin(ratios)
    for edge in cap.RATIO_EDGES:
        assert np.array_equal(lower >= edge, ratios > edge), edge
    assert cap.ratio_bin(pd.Series([1.0]))[0] == 0.0
    assert cap.ratio_bin(pd.Series([3.0]))[0] == 2.5  # (2.5, 3] : not above 3
    assert np.isnan(cap.ratio_bin(pd.Series([np.nan]))[0])
    with pytest.raises(ValueError, match=">= 1"):
        cap.ratio_bin(pd.Series([0.9]))


def test_share_above_by_hand_and_checks():
    hist = pd.DataFrame({"group": ["all dyads"] * 4, "decade": [1950, 1950, 1950, 1960],
                         "era": ["1945 and after"] * 4, "lower": [1.0, 3.0, np.nan, 10.0],
                         "dyad_years": [6, 3, 5, 1]})
    out = cap.share_above(hist, 3.0, by="decade").set_index("decade")
    assert out.loc[1950, ["above", "known", "missing"]].tolist() == [3, 9, 5]
    assert out.loc[1950, "share"] == pytest.approx(1 / 3)
    assert out.loc[1960, "share"] == 1.0
    assert cap.share_above(hist, 3.5, by="era")["above"].tolist() == [1]
    for bad in (3.2, 0.5, 51.0):
        with pytest.raises(ValueError, match="threshold"):
            cap.share_above(hist, bad)
    with pytest.raises(ValueError, match="by must name"):
        cap.share_above(hist, 3.0, by="region")
    with pytest.raises(TypeError, match="threshold"):
        cap.share_above(hist, "3")  # type: ignore[arg-type]


@needs_mirror
def test_asymmetry_numbers_against_raw_loops(histogram):
    """The era and decade shares the chapter reports, recomputed with plain loops."""
    for threshold in (3.0, 10.0):
        expected = _raw_shares(threshold)
        by_era = cap.share_above(histogram, threshold, by=("group", "era"))
        for group, era, above, known in zip(by_era["group"], by_era["era"], by_era["above"],
                                            by_era["known"]):
            assert (above, known) == expected[(group, era)], (threshold, group, era)
        by_decade = cap.share_above(histogram, threshold, by=("group", "decade"))
        row = by_decade[(by_decade["group"] == "all dyads") & (by_decade["decade"] == 1950)]
        assert (int(row["above"].iloc[0]), int(row["known"].iloc[0])) == \
            expected[("all dyads", "1950")]
    table = cap.asymmetry_table(histogram).set_index(["group", "era"])
    # the chapter's relations (its figures are computed into the prose): pairs with a major
    # power are more unequal after 1945 than before, by some points; all pairs change little
    for threshold in ("> 3", "> 10"):
        before = table.loc[("with a major power", "before 1945"), threshold]
        after = table.loc[("with a major power", "1945 and after"), threshold]
        assert 5 < after - before < 15, threshold
        change = (table.loc[("all dyads", "1945 and after"), threshold]
                  - table.loc[("all dyads", "before 1945"), threshold])
        assert 0 < change < after - before, threshold
    expected = _raw_shares(3.0)
    assert table.loc[("all dyads", "1945 and after"), "> 3"] == round(
        100 * expected[("all dyads", "1945 and after")][0]
        / expected[("all dyads", "1945 and after")][1], 1)
    missing = cap.share_above(histogram, 3.0, by="group").set_index("group")["missing"]
    assert missing["all dyads"] == 1_200


@needs_mirror
def test_asymmetry_chart_payload_reproduces_the_python_shares(histogram):
    """The browser sums the same bins as share_above: replay the Vega logic in Python."""
    payload = charts.capabilities.histogram_payload(histogram)
    for threshold in (2.0, 3.0, 10.0, 49.5):
        expected = cap.share_above(histogram, threshold, by=("group", "era"))
        for group, era, above, known in zip(expected["group"], expected["era"],
                                            expected["above"], expected["known"]):
            rows = [r for r in payload if r["g"] == group and r["e"] == era]
            assert sum(n for r in rows for lower, n in zip(r["l"], r["n"])
                       if lower >= threshold - 1e-9) == above
            assert sum(sum(r["n"]) for r in rows) == known


@needs_mirror
def test_asymmetry_chart_is_live_small_and_described(histogram):
    import json

    spec = charts.asymmetry_chart(histogram).to_dict()
    assert len(json.dumps(spec)) < 150_000
    params = {p["name"]: p for p in spec["params"]}
    assert params["ratio_threshold"]["bind"]["input"] == "range"
    assert params["ratio_threshold"]["bind"]["step"] == 0.5
    assert params["dyad_group"]["bind"]["options"] == list(cap.GROUPS)
    assert len(spec["description"]) > 40
    with pytest.raises(ValueError, match="threshold"):
        charts.asymmetry_chart(histogram, threshold=3.3)
    with pytest.raises(ValueError, match="group must be one of"):
        charts.asymmetry_chart(histogram, group="everyone")
