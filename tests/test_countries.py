"""Tests of alliances.countries: code conversions, UN-data quirks and the states of interest."""

from __future__ import annotations

import pandas as pd
import pytest

from _datafixtures import needs_mirror, raw
from alliances import countries as cc


def _cow_state_names() -> dict[int, str]:
    """COW code -> state name from the raw COW states file (independent of countrycode)."""
    states = raw("cow_states.rda")
    return {int(code): name for code, name in zip(states["ccode"], states["statenme"])}


# --------------------------------------------------------------------------- constants

LITERAL = {  # COW codes as printed in the COW state list, typed here independently
    "RUSSIA": 365, "ARMENIA": 371, "BELARUS": 370, "KAZAKHSTAN": 705, "KYRGYZSTAN": 703,
    "TAJIKISTAN": 702, "UZBEKISTAN": 704, "AZERBAIJAN": 373, "CHINA": 710, "INDIA": 750,
    "SYRIA": 652, "VENEZUELA": 101, "SERBIA": 345, "GEORGIA": 372, "UKRAINE": 369,
    "UNITED_STATES": 2, "UNITED_KINGDOM": 200, "FRANCE": 220,
}


@pytest.mark.parametrize("constant, code", sorted(LITERAL.items()))
def test_state_constants_match_literal_cow_codes(constant, code):
    assert getattr(cc, constant) == code


def test_groups_match_literal_codes():
    assert dict(cc.COMPARISON_STATES) == {"China": 710, "India": 750, "Syria": 652,
                                          "Venezuela": 101, "Serbia": 345, "Georgia": 372,
                                          "Ukraine": 369, "Uzbekistan": 704}
    assert sorted(cc.MAJOR_PLEDGERS.values()) == [2, 200, 220, 365, 710, 750]


@needs_mirror
def test_state_constants_name_the_right_cow_states():
    names = _cow_state_names()
    expected = {"RUSSIA": "Russia", "ARMENIA": "Armenia", "BELARUS": "Belarus",
                "KAZAKHSTAN": "Kazakhstan", "KYRGYZSTAN": "Kyrgyzstan",
                "TAJIKISTAN": "Tajikistan", "UZBEKISTAN": "Uzbekistan", "CHINA": "China",
                "INDIA": "India", "SYRIA": "Syria", "VENEZUELA": "Venezuela",
                "SERBIA": "Yugoslavia",  # COW continues Yugoslavia as Serbia
                "GEORGIA": "Georgia", "UKRAINE": "Ukraine",
                "UNITED_STATES": "United States of America"}
    for constant, state_name in expected.items():
        assert names[getattr(cc, constant)] == state_name


# --------------------------------------------------------------------------- conversions


def test_current_codes():
    assert [cc.to_cow(c) for c in ("RU", "BY", "AZ")] == [365, 370, 373]
    assert cc.to_cow("ru") == 365 and cc.to_cow(" by ") == 370
    assert cc.to_iso2(365) == "RU" and cc.to_iso2(705) == "KZ"
    assert cc.name("RU") == "Russia" and cc.name(365) == "Russia"
    assert cc.name(370) == cc.name("BY") == "Belarus"


def test_historical_un_codes():
    assert cc.to_cow("YU") == 345
    assert cc.to_cow("CS") == 315
    assert cc.to_cow("DD") == 265
    assert cc.to_cow("YD") == 680
    assert cc.to_cow("SU") == 365
    assert [cc.to_iso2(c) for c in (345, 315, 265, 680)] == ["YU", "CS", "DD", "YD"]
    assert cc.name("DD") == "German Democratic Republic"


def test_serbia_is_yugoslavia_in_cow():
    assert cc.to_cow("RS") == cc.to_cow("YU") == 345
    assert cc.name(345, year=1999) == "Yugoslavia"
    assert cc.name(345, year=2004) == "Serbia and Montenegro"
    assert cc.name(345, year=2019) == "Serbia"
    assert cc.name("RS") == "Serbia" and cc.name("YU") == "Yugoslavia"


def test_codeless_un_countries_from_names():
    assert cc.un_cow_code("Yemen Arab Republic") == 678
    assert cc.un_cow_code("Federal Republic of Germany") == 260
    assert cc.un_cow_code("Zanzibar") == 511
    assert cc.un_cow_code("Germany", "DE") == 255
    assert cc.un_cow_code("Russia", "RU") == 365
    assert cc.to_iso2(678) is None and cc.to_iso2(260) is None
    assert cc.name(260) == "German Federal Republic"


def test_abkhazia_and_south_ossetia_are_not_cow_states():
    for entity in ("Abkhazia", "South Ossetia", "south  ossetia"):
        assert cc.cow_from_name(entity) is None
        reason = cc.not_a_cow_state(entity)
        assert reason is not None and "not a Correlates of War state" in reason
        assert "2008" in reason
    assert cc.not_a_cow_state("Armenia") is None
    assert cc.cow_from_name("Armenia") == 371


def test_bad_input():
    with pytest.raises(TypeError, match="iso2"):
        cc.to_cow(365)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="two-letter"):
        cc.to_cow("RUS")
    with pytest.raises(TypeError, match="cow"):
        cc.to_iso2("RU")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"\[1, 999\]"):
        cc.to_iso2(0)
    with pytest.raises(TypeError):
        cc.to_iso2(True)  # type: ignore[arg-type]
    assert cc.to_cow("ZZ") is None  # well-formed code, no country


# --------------------------------------------------------------------------- against the data


@needs_mirror
def test_rows_without_country_code():
    votes = raw("un_votes.rda")
    codeless = votes[votes["country_code"].isna()]
    assert len(codeless) == 5444
    assert codeless["country"].value_counts().to_dict() == {
        "Yemen Arab Republic": 3291, "Federal Republic of Germany": 2151, "Zanzibar": 2}
    names = _cow_state_names()
    assert names[cc.un_cow_code("Yemen Arab Republic")] == "Yemen Arab Republic"
    assert names[cc.un_cow_code("Federal Republic of Germany")] == "German Federal Republic"
    assert names[cc.un_cow_code("Zanzibar")] == "Zanzibar"


@needs_mirror
def test_every_un_country_maps_to_a_cow_state_and_back():
    votes = raw("un_votes.rda")
    pairs = votes[["country", "country_code"]].drop_duplicates()
    assert len(pairs) == 200
    names = _cow_state_names()
    codes = {}
    for country, code in zip(pairs["country"], pairs["country_code"]):
        code = None if pd.isna(code) else code
        cow = cc.un_cow_code(country, code)
        assert cow in names, f"{country} ({code}) -> {cow} is not a COW state"
        if code is not None:
            assert cc.to_iso2(cow) == code
        codes[country] = cow
    # no two UN countries share a COW code
    assert len(set(codes.values())) == len(codes)


@needs_mirror
def test_serbia_votes_sit_under_yugoslavia():
    votes = raw("un_votes.rda")
    assert "Serbia" not in set(votes["country"])
    rolls = raw("un_roll_calls.rda")
    years = pd.to_datetime(rolls["date"]).dt.year
    last = years[rolls["rcid"].isin(votes.loc[votes["country_code"] == "YU", "rcid"])].max()
    assert last >= 2019


def test_named_states_puts_names_where_the_codes_were():
    pairs = pd.DataFrame({"ccode1": [365, 2, 345], "ccode2": [371, 740, 365],
                          "year": [2018, 2018, 1990], "ratio": [60.6, 6.1, 0.2]})
    named = cc.named_states(pairs)
    assert list(named.columns) == ["state1", "state2", "year", "ratio"]
    assert named.values.tolist() == [["Russia", "Armenia", 2018, 60.6],
                                     ["United States", "Japan", 2018, 6.1],
                                     ["Yugoslavia", "Russia", 1990, 0.2]]
    assert cc.named_states(pairs.assign(year=2010))["state1"].tolist()[2] == "Serbia"
    assert pairs["ccode1"].tolist() == [365, 2, 345]            # the frame given is unchanged
    one = cc.named_states(pd.DataFrame({"partner": ["Armenia"], "cow": [371]}), ["cow"])
    assert one.to_dict("list") == {"partner": ["Armenia"], "cow": ["Armenia"]}
    with pytest.raises(ValueError, match=r"already has the column\(s\) \['state1'\]"):
        cc.named_states(pairs.assign(state1="x"))
    with pytest.raises(ValueError, match=r"codes names column\(s\) \['ccode2'\] that the frame lacks"):
        cc.named_states(pairs.drop(columns="ccode2"))
    with pytest.raises(TypeError, match="codes must be a list"):
        cc.named_states(pairs, "ccode1")
