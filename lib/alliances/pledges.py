"""Who promises to defend whom: major powers' defence pledges in ATOP, and Russia's seven.

The lab chapter "Who promises to defend whom?" tests three claims of the
source articles against the ATOP alliance data: the United States keeps an
extensive network of commitments, China and India avoid promising military
help, and Russia's network is small and regional. The counting itself lives
in :mod:`alliances.capabilities` (:func:`~alliances.pledges.pledges_by_year`,
:func:`~alliances.pledges.defence_partners`); this module adds what the
chapter shows:

* :func:`counts_table` and :func:`alliances.charts.pledges.pledges_chart`: counts of partners by year;
* :func:`partners` and :func:`region_counts`: who the partners are in one year
  and in which world regions they lie;
* :func:`alliances.charts.pledges.network_chart`: a node-link picture of the pledges in one year;
* :func:`compare_with_article`: Russia's partners in ATOP next to the main
  article's seven guaranteed parties, with an explanation of every difference.

Every function that needs the ATOP table takes it as its first argument (the
frame of :func:`alliances.datasets.load_atop`), so a notebook loads it once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

from . import countries, curated
from .datasets import load_atop
from .russia import guaranteed_parties
from .validate import check_frame, check_integer

#: World regions by Correlates of War code range (COW's own regional blocks):
#: name -> (lowest code, highest code). COW places the Caucasus in Europe.
REGIONS: Mapping[str, tuple[int, int]] = MappingProxyType({
    "Americas": (2, 199),
    "Europe": (200, 399),
    "Africa": (400, 626),
    "Middle East": (627, 699),
    "Asia and Oceania": (700, 999),
})


#: How the chapter labels COW code 365, which stands for the Soviet Union up to 1991 and
#: Russia after.
RUSSIA_LABEL: str = "Russia (USSR to 1991)"


#: COW codes of the fourteen former Soviet republics other than Russia, derived from their
#: ISO codes: the Baltic states, Ukraine, Belarus, Moldova, the South Caucasus and Central Asia.
FORMER_SOVIET: frozenset[int] = frozenset(countries.state_code(iso) for iso in (
    "EE", "LV", "LT", "UA", "BY", "MD", "AM", "GE", "AZ", "KZ", "KG", "TJ", "TM", "UZ"))

#: Years shown by :func:`counts_table` by default.
TABLE_YEARS: tuple[int, ...] = (1950, 1960, 1970, 1980, 1990, 2000, 2010, 2018)


def region(ccode: int) -> str:
    """Return the world region of COW state ``ccode`` (one of :data:`REGIONS`)."""
    code = countries.check_cow(ccode, "ccode")
    for name, (low, high) in REGIONS.items():
        if low <= code <= high:
            return name
    raise ValueError(f"ccode {code} lies in no region of REGIONS")  # pragma: no cover


def state_label(code: int, year: int | None = None) -> str:
    """Return the name of COW state ``code`` in ``year`` (the Soviet Union for code 365 up to 1991)."""
    if int(code) == countries.RUSSIA and year is not None and year <= 1991:
        return "Soviet Union"
    return countries.name(int(code), year) or f"COW {int(code)}"


def pledger_codes(ccodes: Iterable[int] | None) -> list[int]:
    """Return ``ccodes`` as a list of COW codes.

    The default (``None``) is the major pledgers of :data:`alliances.countries.MAJOR_PLEDGERS`.
    """
    if ccodes is None:
        return list(countries.MAJOR_PLEDGERS.values())
    codes = [countries.check_cow(c, "ccodes") for c in ccodes]
    if not codes:
        raise ValueError("ccodes must name at least one COW code")
    return codes


def check_atop_year(atop: pd.DataFrame, year: object) -> int:
    """Return ``year`` as an int, or raise ``ValueError`` if the ATOP frame ``atop`` does not cover it."""
    when = check_integer(year, "year")
    first, last = atop_years(atop)
    if not first <= when <= last:
        raise ValueError(f"year must be in the range [{first}, {last}] covered by atop, "
                         f"got {year!r}")
    return when


# --------------------------------------------------------------------------- counts

def pledge_counts(atop: pd.DataFrame, years: tuple[int, int] = (1946, 2018),
                  ccodes: Iterable[int] | None = None, direction: str = "given") -> pd.DataFrame:
    """Count each major power's defence-pledge partners per year, ready for the chapter.

    :func:`alliances.pledges.pledges_by_year` with the chapter's
    defaults (the six states of :data:`alliances.countries.MAJOR_PLEDGERS`,
    1946-2018), and with COW code 365 labelled :data:`RUSSIA_LABEL`, because
    ATOP uses one code for the Soviet Union and Russia.
    """
    counts = pledges_by_year(atop, ccodes=ccodes, years=years, direction=direction)
    counts["country"] = counts["country"].where(counts["ccode"] != countries.RUSSIA,
                                                RUSSIA_LABEL)
    return counts


def counts_table(counts: pd.DataFrame, years: Iterable[int] = TABLE_YEARS) -> pd.DataFrame:
    """Pivot :func:`alliances.pledges.pledges_by_year` into a country × year table.

    One row per country (in the order of ``counts``), one column per year in
    ``years``; each cell is the number of states the country pledged to
    defend. Raises ``ValueError`` if a requested year is not in ``counts``.
    """
    check_frame(counts, ("country", "year", "partners"), "counts")
    wanted = [check_integer(y, "years") for y in years]
    missing = sorted(set(wanted) - set(counts["year"]))
    if missing:
        raise ValueError(f"years {missing} are not in counts "
                         f"(which covers {counts['year'].min()}-{counts['year'].max()})")
    order = list(dict.fromkeys(counts["country"]))
    table = counts[counts["year"].isin(wanted)].pivot(index="country", columns="year",
                                                      values="partners")
    table = table.loc[order, wanted]
    table.columns.name = None
    table.index.name = "country"
    return table.astype("int64")




# --------------------------------------------------------------------------- partners


def partners(atop: pd.DataFrame, year: int = 2018, ccodes: Iterable[int] | None = None,
             direction: str = "given") -> pd.DataFrame:
    """List the defence-pledge partners of each state in ``ccodes`` in ``year``.

    ``ccodes`` defaults to :data:`alliances.countries.MAJOR_PLEDGERS`;
    ``direction`` is as in :func:`alliances.pledges.defence_partners`.
    One row per pledging state and partner: ``pledger`` (name),
    ``pledger_cow``, ``partner`` (name), ``partner_cow``, ``region`` (see
    :data:`REGIONS`) and ``former_soviet`` (a former Soviet republic). A
    state without partners has no row. Sorted by pledger, region and partner
    code.
    """
    when = check_atop_year(atop, year)
    rows = []
    for code in pledger_codes(ccodes):
        for partner in sorted(defence_partners(atop, code, when, direction)):
            rows.append({"pledger": state_label(code, when), "pledger_cow": code,
                         "partner": state_label(partner, when), "partner_cow": partner,
                         "region": region(partner), "former_soviet": partner in FORMER_SOVIET})
    out = pd.DataFrame(rows, columns=["pledger", "pledger_cow", "partner", "partner_cow",
                                      "region", "former_soviet"])
    if out.empty:
        return out.astype({"pledger_cow": "int64", "partner_cow": "int64",
                           "former_soviet": bool})
    out["_region"] = out["region"].map({r: i for i, r in enumerate(REGIONS)})
    order = {c: i for i, c in enumerate(pledger_codes(ccodes))}
    out["_pledger"] = out["pledger_cow"].map(order)
    out = out.sort_values(["_pledger", "_region", "partner_cow"], ignore_index=True)
    return out.drop(columns=["_region", "_pledger"]).astype(
        {"pledger_cow": "int64", "partner_cow": "int64", "former_soviet": bool})


def region_counts(atop: pd.DataFrame, year: int = 2018,
                  ccodes: Iterable[int] | None = None) -> pd.DataFrame:
    """Count each major power's defence-pledge partners in ``year`` by world region.

    One row per state in ``ccodes`` (default
    :data:`alliances.countries.MAJOR_PLEDGERS`, zeros included), one column
    per region of :data:`REGIONS`, then ``total``, ``regions`` (how many
    regions it reaches) and ``former_soviet`` (partners that are former
    Soviet republics).
    """
    when = check_atop_year(atop, year)
    codes = pledger_codes(ccodes)
    table = partners(atop, when, codes)
    rows = []
    for code in codes:
        mine = table[table["pledger_cow"] == code]
        row: dict[str, str | int] = {"country": state_label(code, when)}
        row.update({r: int((mine["region"] == r).sum()) for r in REGIONS})
        row["total"] = len(mine)
        row["regions"] = int(mine["region"].nunique())
        row["former_soviet"] = int(mine["former_soviet"].sum())
        rows.append(row)
    return pd.DataFrame(rows).set_index("country")






# --------------------------------------------------------------------------- Russia's seven


def spells(years: Iterable[int]) -> list[tuple[int, int]]:
    """Collapse years into runs of consecutive years.

    ``[1992, 1993, 1995]`` gives ``[(1992, 1993), (1995, 1995)]``; duplicates
    are ignored and an empty input gives an empty list.
    """
    ordered = sorted({check_integer(y, "years") for y in years})
    runs: list[tuple[int, int]] = []
    for year in ordered:
        if runs and year == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append((year, year))
    return runs


def pledge_spells(atop: pd.DataFrame, ccode: int, partner: int,
                  direction: str = "given") -> str:
    """Return the years in which ``ccode`` has a defence pledge with ``partner``, as text.

    For example ``"1993–2018"`` or ``"1992–1997, 2001"``; ``"none"`` if ATOP
    records no such pledge. ``direction`` is as in
    :func:`alliances.pledges.defence_partners`.
    """
    a, b = countries.check_cow(ccode, "ccode"), countries.check_cow(partner, "partner")
    rows = pledge_rows(atop, direction)
    years = rows.loc[(rows["ccode"] == a) & (rows["partner"] == b), "year"]
    runs = spells(int(y) for y in years)
    if not runs:
        return "none"
    return ", ".join(f"{s}–{e}" if s != e else f"{s}" for s, e in runs)


#: Hypotheses on the basis of ATOP pledges the article does not count, by COW code. They are
#: stated as hypotheses: the dyad-year file carries no treaty identifiers.
_ATOP_ONLY_BASIS: Mapping[int, str] = MappingProxyType({
    countries.AZERBAIJAN: (
        "Likely basis (a hypothesis to check in ATOP's alliance-member file and codebook): a "
        "multilateral agreement of the Commonwealth of Independent States that ATOP codes as a "
        "defence pledge, for example the CIS Charter of 1993, whose Article 12 asks members to "
        "consult at once and act together when one of them faces a threat to its "
        "sovereignty, security or territory. A bilateral Russia–Azerbaijan treaty cannot explain "
        "why ATOP also links Azerbaijan with Armenia, its adversary over Nagorno-Karabakh."),
    countries.UZBEKISTAN: (
        "Likely basis (a hypothesis to check in ATOP's alliance-member file and codebook): the "
        "same multilateral CIS agreement as for Azerbaijan, which would explain the unbroken "
        "run across 1999–2006. In addition, Russia and Uzbekistan signed a bilateral Treaty on "
        "Allied Relations on 14 November 2005, under which aggression against one counts as "
        "aggression against both; whether ATOP codes it as a separate alliance cannot be read "
        "from the dyad-year file."),
    countries.GEORGIA: (
        "Likely basis (a hypothesis to check in ATOP's alliance-member file and codebook): the "
        "same multilateral CIS agreement as for Azerbaijan. ATOP's pledge ends in 2009, the "
        "year Georgia's withdrawal from the CIS took effect, a year after its war with Russia."),
})


def _guarantee_bases(frame: pd.DataFrame, party: str, year: int) -> list[str]:
    rows = frame[(frame["party"] == party) & (frame["start_year"] <= year)
                 & (frame["end_year"].isna() | (frame["end_year"] >= year))]
    return list(dict.fromkeys(rows["basis"]))


def compare_with_article(year: int = 2018, atop: pd.DataFrame | None = None) -> pd.DataFrame:
    """Compare Russia's defence-pledge partners in ATOP with the article's guaranteed parties.

    The article's list comes from :func:`alliances.russia.guaranteed_parties`
    (the curated file ``data/russia_security_guarantees.csv``, which for 2018
    and 2019 gives the article's seven); ATOP's from
    :func:`alliances.pledges.defence_partners` (pledges Russia gave).
    ``year`` must lie in 1992-2018 (Russia's years as a state in the file
    that ATOP covers); ``atop=None`` loads ATOP. One row per state in either
    list: ``state``, ``cow`` (nullable: Abkhazia and South Ossetia have no
    code), ``in_atop``, ``in_article``, ``atop_years`` (every year ATOP
    records the pledge, as text) and ``explanation``. Rows in both lists come
    first, then ATOP only, then article only; by name within each.
    """
    if atop is None:
        atop = load_atop()
    when = check_atop_year(atop, year)
    if when < 1992:
        raise ValueError(f"year must be in the range [1992, {atop_years(atop)[1]}] "
                         f"(Russia as a state, with the guarantees file), got {year!r}")
    russia = countries.RUSSIA
    in_atop = defence_partners(atop, russia, when)
    guarantees = curated.security_guarantees()
    article = guaranteed_parties(when)
    codes = dict(zip(guarantees["party"], guarantees["party_cow"]))
    rows: dict[str, dict] = {}
    for party in article:
        code = codes.get(party)
        code = None if code is None or pd.isna(code) else int(code)
        rows[party] = {"state": party, "cow": code, "in_atop": code in in_atop,
                       "in_article": True}
    named = {r["cow"]: name for name, r in rows.items() if r["cow"] is not None}
    for code in sorted(in_atop):
        if code not in named:
            name = state_label(code, when)
            rows[name] = {"state": name, "cow": code, "in_atop": True, "in_article": False}
    links = pledge_rows(atop, "given")
    links = links[links["year"] == when]
    for name, row in rows.items():
        code = row["cow"]
        row["atop_years"] = pledge_spells(atop, russia, code) if code is not None else "none"
        row["explanation"] = _explain(name, row, when, guarantees, links, atop)
    out = pd.DataFrame(list(rows.values()))
    out["_order"] = np.select([out["in_atop"] & out["in_article"], out["in_atop"]], [0, 1], 2)
    out = out.sort_values(["_order", "state"], ignore_index=True).drop(columns="_order")
    out["cow"] = out["cow"].astype("Int64")
    return out[["state", "cow", "in_atop", "in_article", "atop_years", "explanation"]]


def _explain(name: str, row: dict, year: int, guarantees: pd.DataFrame,
             links: pd.DataFrame, atop: pd.DataFrame) -> str:
    code = row["cow"]
    if row["in_atop"] and row["in_article"]:
        bases = "; ".join(_guarantee_bases(guarantees, name, year))
        return (f"In both lists. The article's guarantee rests on: {bases}. ATOP records a "
                f"Russian defence pledge in {row['atop_years']}.")
    if row["in_article"]:
        reason = countries.not_a_cow_state(name)
        if reason is not None:
            return f"Cannot appear in ATOP: {reason}"
        return (f"The article counts {name}, but ATOP records no Russian defence pledge to it "
                f"in {year}; compare the treaty text with ATOP's coding rules.")
    past = guarantees[(guarantees["party"] == name) & (guarantees["end_year"] < year)]
    history = "; ".join(f"{b}, {int(s)}–{int(e)}, {st}" for b, s, e, st in zip(
        past["basis"], past["start_year"], past["end_year"], past["status"]))
    russian = set(links.loc[links["ccode"] == countries.RUSSIA, "partner"])
    others = sorted(state_label(o, year) for o in
                    set(links.loc[links["ccode"] == code, "partner"]) & (russian - {code}))
    text = (f"Not among the article's seven. ATOP records a Russian defence pledge in "
            f"{row['atop_years']}")
    text += f", although the guarantees file ends its treaty ties earlier ({history})." \
        if history else "."
    if others:
        text += (f" In {year} ATOP also records defence pledges between {name} and "
                 f"{len(others)} of Russia's other partners ({', '.join(others)}): the pledge "
                 f"belongs to a multilateral web, not to a bilateral treaty alone.")
    basis = _ATOP_ONLY_BASIS.get(code)
    if basis is not None:
        text += f" {basis}"
        if code != countries.GEORGIA:
            georgia = pledge_spells(atop, countries.RUSSIA, countries.GEORGIA)
            text += (f" (ATOP's Russia–Georgia pledge runs {georgia}; Georgia left the CIS "
                     f"in 2009.)")
    else:
        text += " Check the treaty in ATOP's alliance-member file and codebook."
    return text


__all__ = [
    "DIRECTIONS", "FORMER_SOVIET", "REGIONS", "RUSSIA_LABEL", "TABLE_YEARS", "atop_years",
    "check_atop_year", "compare_with_article", "counts_table", "defence_partners",
    "defence_pledges", "one_way_pledges", "partners", "pledge_counts", "pledge_rows",
    "pledge_spells", "pledger_codes", "pledges_by_year", "region", "region_counts", "spells",
    "state_label",
]


#: Directions accepted by :func:`defence_partners` and :func:`pledges_by_year`.
DIRECTIONS: tuple[str, ...] = ("given", "received", "either")


def _check_direction(direction: object) -> str:
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(repr(d) for d in DIRECTIONS)}, "
                         f"got {direction!r}")
    return direction


def pledge_rows(atop: pd.DataFrame, direction: str = "given") -> pd.DataFrame:
    """Return ATOP's defence pledges as ``ccode``, ``partner``, ``year`` rows.

    ``direction`` is one of :data:`DIRECTIONS`: ``"given"`` (``ccode`` pledged to defend
    ``partner``), ``"received"`` or ``"either"``. The one engine behind every pledge count.
    """
    direction = _check_direction(direction)
    check_frame(atop, ("ccode1", "ccode2", "year", "atop_defense"), "atop")
    rows = atop.loc[atop["atop_defense"].astype(bool), ["ccode1", "ccode2", "year"]]
    given = rows.rename(columns={"ccode1": "ccode", "ccode2": "partner"})
    received = rows.rename(columns={"ccode2": "ccode", "ccode1": "partner"})
    if direction == "given":
        out = given
    elif direction == "received":
        out = received
    else:
        out = pd.concat([given, received], ignore_index=True).drop_duplicates()
    return out[["ccode", "partner", "year"]]


def atop_years(atop: pd.DataFrame) -> tuple[int, int]:
    """Return the first and last year that the ATOP frame ``atop`` covers."""
    return int(atop["year"].min()), int(atop["year"].max())


def defence_partners(atop: pd.DataFrame, ccode: int, year: int,
                     direction: str = "given") -> frozenset[int]:
    """Return the COW codes of the states with which ``ccode`` has a defence pledge in ``year``.

    ``direction="given"`` (default) lists the states ``ccode`` pledged to
    defend (rows ``ccode1 == ccode``); ``"received"`` the states that pledged
    to defend ``ccode``; ``"either"`` both. ``atop`` is the frame of
    :func:`alliances.datasets.load_atop`. Raises ``ValueError`` if ``year`` is
    outside the years ATOP covers (rather than returning an empty set).
    """
    code = countries.check_cow(ccode, "ccode")
    when = check_integer(year, "year")
    first, last = atop_years(atop)
    if not first <= when <= last:
        raise ValueError(f"year must be in the range [{first}, {last}] covered by atop, "
                         f"got {year!r}")
    pledges = pledge_rows(atop, _check_direction(direction))
    chosen = pledges[(pledges["ccode"] == code) & (pledges["year"] == when)]
    return frozenset(int(p) for p in chosen["partner"])


def pledges_by_year(atop: pd.DataFrame, ccodes: Iterable[int] | None = None,
                    years: tuple[int, int] | None = None,
                    direction: str = "given") -> pd.DataFrame:
    """Count each state's defence-pact partners per year.

    ``ccodes`` defaults to :data:`alliances.countries.MAJOR_PLEDGERS` (US 2,
    Russia/USSR 365, China 710, India 750, UK 200, France 220); ``years`` is an
    inclusive ``(first, last)`` pair, by default every year ATOP covers.
    Returns one row per state and year, zeros included: ``ccode``, ``country``,
    ``year`` and ``partners`` (int64, the number of distinct partners in the
    given ``direction``, see :func:`defence_partners`).
    """
    codes = list(countries.MAJOR_PLEDGERS.values()) if ccodes is None else \
        [countries.check_cow(c, "ccodes") for c in ccodes]
    if not codes:
        raise ValueError("ccodes must name at least one COW code")
    first, last = atop_years(atop)
    if years is None:
        span = (first, last)
    else:
        if (not isinstance(years, tuple) or len(years) != 2
                or not all(isinstance(y, (int, np.integer)) and not isinstance(y, bool)
                           for y in years) or years[0] > years[1]):
            raise ValueError(f"years must be a (first, last) tuple of ints with first <= last, "
                             f"got {years!r}")
        if years[0] < first or years[1] > last:
            raise ValueError(f"years must lie in the range [{first}, {last}] covered by atop, "
                             f"got {years!r}")
        span = (int(years[0]), int(years[1]))
    pledges = pledge_rows(atop, _check_direction(direction))
    pledges = pledges[pledges["ccode"].isin(codes) & pledges["year"].between(*span)]
    counts = pledges.groupby(["ccode", "year"])["partner"].nunique().rename("partners")
    grid = pd.MultiIndex.from_product([codes, range(span[0], span[1] + 1)],
                                      names=["ccode", "year"])
    out = counts.reindex(grid, fill_value=0).reset_index()
    names = {c: countries.name(c) for c in codes}
    out.insert(1, "country", out["ccode"].map(names).astype("string"))
    return out.astype({"ccode": "int64", "year": "int64", "partners": "int64"})


def one_way_pledges(atop: pd.DataFrame) -> pd.DataFrame:
    """List the directed defence pledges that ATOP does not record in the other direction.

    Returns one row per ordered pair with ``ccode1`` (the state that pledged),
    ``ccode2``, ``first_year``, ``last_year`` and ``years`` (number of
    dyad-years), sorted by ``ccode1`` and ``ccode2``.
    """
    pledges = pledge_rows(atop, "given")
    back = pledges.rename(columns={"ccode": "partner", "partner": "ccode"})
    merged = pledges.merge(back, on=["ccode", "partner", "year"], how="left", indicator=True)
    alone = merged[merged["_merge"] == "left_only"]
    out = alone.groupby(["ccode", "partner"], as_index=False).agg(
        first_year=("year", "min"), last_year=("year", "max"), years=("year", "size"))
    return out.rename(columns={"ccode": "ccode1", "partner": "ccode2"}).astype("int64")


def defence_pledges(atop: pd.DataFrame, patron: int, direction: str = "given",
                    label: str | None = None) -> countries.YearlyGroup:
    """Return, for every year ATOP covers, the states with which ``patron`` has a defence pledge.

    ``atop`` is the frame of :func:`alliances.datasets.load_atop`; ``patron``
    a COW code (2 for the United States). ``direction`` is as in
    :func:`alliances.pledges.defence_partners`: ``"given"`` (default)
    lists the states the patron pledged to defend, which is what "the patron's
    allies" means here (it includes one-sided guarantees such as the US pledge
    to Japan). Years without any pledge map to an empty set, so every year of
    ATOP is covered and later years raise ``ValueError`` when the group is
    called. The result for a year equals ``defence_partners(atop, patron, year,
    direction)``.
    """
    code = countries.check_cow(patron, "patron")
    rows = pledge_rows(atop, direction)
    rows = rows[rows["ccode"] == code]
    found: dict[int, set[int]] = {}
    for year, partner in zip(rows["year"], rows["partner"]):
        found.setdefault(int(year), set()).add(int(partner))
    first, last = atop_years(atop)
    by_year = {year: frozenset(found.get(year, ())) for year in range(first, last + 1)}
    name = label or f"defence pledges of {countries.name(int(patron))} ({direction})"
    return countries.YearlyGroup(name, MappingProxyType(by_year))
