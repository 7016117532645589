"""Tests of alliances.capabilities: capability ratios, shares and ATOP defence pledges."""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from _datafixtures import mirror, needs_mirror, raw  # noqa: F401 (mirror: fixture)
from alliances import capabilities as cap
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
    with pytest.raises(TypeError, match="numeric"):
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


def _raw_defence() -> dict[tuple[int, int], set[int]]:
    """(pledging state, year) -> partners, by a plain loop over the raw pyreadr frame."""
    atop = raw("atop_alliance.rda")
    given: dict[tuple[int, int], set[int]] = defaultdict(set)
    for a, b, year, defence in zip(atop["ccode1"], atop["ccode2"], atop["year"],
                                   atop["atop_defense"]):
        if defence == 1:
            given[(int(a), int(year))].add(int(b))
    return given


@pytest.fixture(scope="module")
def atop():
    from _datafixtures import HAVE_MIRROR, MIRROR

    if not HAVE_MIRROR:
        pytest.skip(f"offline data mirror not found at {MIRROR}")
    patch = pytest.MonkeyPatch()
    patch.setenv("ALLIANCES_DATA_DIR", str(MIRROR))
    try:
        yield ds.load_atop()
    finally:
        patch.undo()


@needs_mirror
def test_russia_defence_partners_2018(atop):
    assert cap.defence_partners(atop, 365, 2018) == RUSSIA_2018
    assert _raw_defence()[(365, 2018)] == RUSSIA_2018  # second, independent computation
    assert cap.defence_partners(atop, 365, 2018, "received") == RUSSIA_2018
    assert cap.defence_partners(atop, 365, 2018, "either") == RUSSIA_2018


@needs_mirror
def test_pledges_by_year_against_raw_loops(atop):
    counts = cap.pledges_by_year(atop, years=(1946, 2018))
    assert set(counts["ccode"]) == {2, 365, 710, 750, 200, 220}
    assert len(counts) == 6 * (2018 - 1946 + 1)  # zeros included
    given = _raw_defence()
    table = counts.set_index(["ccode", "year"])["partners"]
    for (code, year), partners in table.items():
        assert partners == len(given.get((code, year), set())), (code, year)
    assert table[(365, 2018)] == 7
    assert counts["partners"].dtype == "int64"


@needs_mirror
def test_atop_direction_and_one_way_pledges(atop):
    given = _raw_defence()
    one_way_years = sum(1 for (a, year), partners in given.items() for b in partners
                        if a not in given.get((b, year), set()))
    table = cap.one_way_pledges(atop)
    assert table["years"].sum() == one_way_years == 492
    us_japan = table[(table["ccode1"] == 2) & (table["ccode2"] == 740)].iloc[0]
    assert (us_japan["first_year"], us_japan["last_year"]) == (1951, 2018)
    assert 740 in cap.defence_partners(atop, 2, 2018)
    assert 740 not in cap.defence_partners(atop, 2, 2018, "received")


@needs_mirror
def test_pledge_argument_checks(atop):
    with pytest.raises(ValueError, match=r"\[1815, 2018\]"):
        cap.defence_partners(atop, 365, 2019)
    with pytest.raises(ValueError, match="direction must be one of"):
        cap.defence_partners(atop, 365, 2018, "both")
    with pytest.raises(TypeError, match="ccode"):
        cap.defence_partners(atop, "RU", 2018)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="first <= last"):
        cap.pledges_by_year(atop, years=(2010, 2000))
    with pytest.raises(ValueError, match=r"\[1815, 2018\]"):
        cap.pledges_by_year(atop, years=(2000, 2020))
