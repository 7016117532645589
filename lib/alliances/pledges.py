"""Who promises to defend whom: major powers' defence pledges in ATOP, and Russia's seven.

The lab chapter "Who promises to defend whom?" tests three claims of the
source articles against the ATOP alliance data: the United States keeps an
extensive network of commitments, China and India avoid promising military
help, and Russia's network is small and regional. The counting itself lives
in :mod:`alliances.capabilities` (:func:`~alliances.capabilities.pledges_by_year`,
:func:`~alliances.capabilities.defence_partners`); this module adds what the
chapter shows:

* :func:`counts_table` and :func:`pledges_chart`: counts of partners by year;
* :func:`partners` and :func:`region_counts`: who the partners are in one year
  and in which world regions they lie;
* :func:`network_chart`: a node-link picture of the pledges in one year;
* :func:`compare_with_article`: Russia's partners in ATOP next to the main
  article's seven guaranteed parties, with an explanation of every difference.

Every function that needs the ATOP table takes it as its first argument (the
frame of :func:`alliances.datasets.load_atop`), so a notebook loads it once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import altair as alt
import numpy as np
import pandas as pd

from . import countries
from .capabilities import (_code, _pledges, _require, _year_range, defence_partners,
                           pledges_by_year)

#: World regions by Correlates of War code range (COW's own regional blocks):
#: name -> (lowest code, highest code). COW places the Caucasus in Europe.
REGIONS: Mapping[str, tuple[int, int]] = MappingProxyType({
    "Americas": (2, 199),
    "Europe": (200, 399),
    "Africa": (400, 626),
    "Middle East": (627, 699),
    "Asia and Oceania": (700, 999),
})

#: One Okabe–Ito colour per region of :data:`REGIONS`.
REGION_COLOURS: Mapping[str, str] = MappingProxyType(dict(zip(
    REGIONS, ("#E69F00", "#0072B2", "#009E73", "#D55E00", "#CC79A7"))))

#: How the chapter labels COW code 365, which stands for the Soviet Union up to 1991 and
#: Russia after.
RUSSIA_LABEL: str = "Russia (USSR to 1991)"

#: One Okabe–Ito colour per major power of :data:`alliances.countries.MAJOR_PLEDGERS`
#: (Russia under :data:`RUSSIA_LABEL`).
PLEDGER_COLOURS: Mapping[str, str] = MappingProxyType(dict(zip(
    [RUSSIA_LABEL if n == "Russia" else n for n in countries.MAJOR_PLEDGERS],
    ("#0072B2", "#D55E00", "#E69F00", "#009E73", "#56B4E9", "#CC79A7"))))

#: COW codes of the fourteen former Soviet republics other than Russia, derived from their
#: ISO codes: the Baltic states, Ukraine, Belarus, Moldova, the South Caucasus and Central Asia.
FORMER_SOVIET: frozenset[int] = frozenset(countries.to_cow(iso) for iso in (
    "EE", "LV", "LT", "UA", "BY", "MD", "AM", "GE", "AZ", "KZ", "KG", "TJ", "TM", "UZ"))

#: Years shown by :func:`counts_table` by default.
TABLE_YEARS: tuple[int, ...] = (1950, 1960, 1970, 1980, 1990, 2000, 2010, 2018)


def region(ccode: int) -> str:
    """Return the world region of COW state ``ccode`` (one of :data:`REGIONS`)."""
    code = countries._check_cow(ccode, "ccode")
    for name, (low, high) in REGIONS.items():
        if low <= code <= high:
            return name
    raise ValueError(f"ccode {code} lies in no region of REGIONS")  # pragma: no cover


def _name(code: int, year: int | None = None) -> str:
    if int(code) == countries.RUSSIA and year is not None and year <= 1991:
        return "Soviet Union"
    return countries.name(int(code), year) or f"COW {int(code)}"


def _codes(ccodes: Iterable[int] | None) -> list[int]:
    if ccodes is None:
        return list(countries.MAJOR_PLEDGERS.values())
    codes = [_code(c, "ccodes") for c in ccodes]
    if not codes:
        raise ValueError("ccodes must name at least one COW code")
    return codes


def _check_year(atop: pd.DataFrame, year: object) -> int:
    when = _code(year, "year")
    first, last = _year_range(atop)
    if not first <= when <= last:
        raise ValueError(f"year must be in the range [{first}, {last}] covered by atop, "
                         f"got {year!r}")
    return when


# --------------------------------------------------------------------------- counts

def pledge_counts(atop: pd.DataFrame, years: tuple[int, int] = (1946, 2018),
                  ccodes: Iterable[int] | None = None, direction: str = "given") -> pd.DataFrame:
    """Count each major power's defence-pledge partners per year, ready for the chapter.

    :func:`alliances.capabilities.pledges_by_year` with the chapter's
    defaults (the six states of :data:`alliances.countries.MAJOR_PLEDGERS`,
    1946-2018), and with COW code 365 labelled :data:`RUSSIA_LABEL`, because
    ATOP uses one code for the Soviet Union and Russia.
    """
    counts = pledges_by_year(atop, ccodes=ccodes, years=years, direction=direction)
    counts["country"] = counts["country"].where(counts["ccode"] != countries.RUSSIA,
                                                RUSSIA_LABEL)
    return counts


def counts_table(counts: pd.DataFrame, years: Iterable[int] = TABLE_YEARS) -> pd.DataFrame:
    """Pivot :func:`alliances.capabilities.pledges_by_year` into a country × year table.

    One row per country (in the order of ``counts``), one column per year in
    ``years``; each cell is the number of states the country pledged to
    defend. Raises ``ValueError`` if a requested year is not in ``counts``.
    """
    _require(counts, ("country", "year", "partners"), "counts")
    wanted = [_code(y, "years") for y in years]
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


def pledges_chart(counts: pd.DataFrame) -> alt.Chart:
    """Line chart of how many states each major power pledged to defend, year by year.

    ``counts`` is :func:`pledge_counts` (or
    :func:`alliances.capabilities.pledges_by_year`). Clicking a
    name in the legend highlights that country (shift-click adds more);
    hovering over a point shows the count.
    """
    _require(counts, ("country", "year", "partners"), "counts")
    data = counts[["country", "year", "partners"]].copy()
    data["country"] = data["country"].astype(str)
    names = list(dict.fromkeys(data["country"]))
    colours = [PLEDGER_COLOURS.get(n, "#000000") for n in names]
    pick = alt.selection_point(fields=["country"], bind="legend", name="pick")
    return alt.Chart(data).mark_line(point=alt.OverlayMarkDef(size=14)).encode(
        x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d"),
                scale=alt.Scale(domain=[int(data["year"].min()), int(data["year"].max())],
                                nice=False)),
        y=alt.Y("partners:Q", title="States it pledged to defend"),
        color=alt.Color("country:N", title="Major power (click)", sort=names,
                        scale=alt.Scale(domain=names, range=colours),
                        legend=alt.Legend(labelLimit=240)),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
        tooltip=[alt.Tooltip("country:N", title="Country"),
                 alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("partners:Q", title="States it pledged to defend")],
    ).add_params(pick).properties(
        width=520, height=300,
        title=f"Defence pledges of six major powers, {data['year'].min()}–{data['year'].max()}",
        description=("Line chart of the number of states that the United States, Russia or "
                     "the Soviet Union, China, India, the United Kingdom and France each "
                     "pledged to defend in every year according to ATOP; the United States "
                     "leads throughout and India never appears."),
    )


# --------------------------------------------------------------------------- partners


def partners(atop: pd.DataFrame, year: int = 2018, ccodes: Iterable[int] | None = None,
             direction: str = "given") -> pd.DataFrame:
    """List the defence-pledge partners of each state in ``ccodes`` in ``year``.

    ``ccodes`` defaults to :data:`alliances.countries.MAJOR_PLEDGERS`;
    ``direction`` is as in :func:`alliances.capabilities.defence_partners`.
    One row per pledging state and partner: ``pledger`` (name),
    ``pledger_cow``, ``partner`` (name), ``partner_cow``, ``region`` (see
    :data:`REGIONS`) and ``former_soviet`` (a former Soviet republic). A
    state without partners has no row. Sorted by pledger, region and partner
    code.
    """
    when = _check_year(atop, year)
    rows = []
    for code in _codes(ccodes):
        for partner in sorted(defence_partners(atop, code, when, direction)):
            rows.append({"pledger": _name(code, when), "pledger_cow": code,
                         "partner": _name(partner, when), "partner_cow": partner,
                         "region": region(partner), "former_soviet": partner in FORMER_SOVIET})
    out = pd.DataFrame(rows, columns=["pledger", "pledger_cow", "partner", "partner_cow",
                                      "region", "former_soviet"])
    if out.empty:
        return out.astype({"pledger_cow": "int64", "partner_cow": "int64",
                           "former_soviet": bool})
    out["_region"] = out["region"].map({r: i for i, r in enumerate(REGIONS)})
    order = {c: i for i, c in enumerate(_codes(ccodes))}
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
    when = _check_year(atop, year)
    codes = _codes(ccodes)
    table = partners(atop, when, codes)
    rows = []
    for code in codes:
        mine = table[table["pledger_cow"] == code]
        row = {"country": _name(code, when)}
        row.update({r: int((mine["region"] == r).sum()) for r in REGIONS})
        row["total"] = len(mine)
        row["regions"] = int(mine["region"].nunique())
        row["former_soviet"] = int(mine["former_soviet"].sum())
        rows.append(row)
    return pd.DataFrame(rows).set_index("country")


def network_layout(table: pd.DataFrame, columns: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Place each pledging state as a hub with its partners on a circle around it.

    ``table`` is :func:`partners` (its rows give the partners; a pledger
    named in ``table.attrs["pledgers"]`` but without rows still gets a hub).
    Hubs sit on a grid of ``columns`` columns, one unit apart; partners are
    spread evenly on a circle of radius 0.38 around their hub, in the table's
    order (grouped by region). Returns ``(nodes, edges)``: ``nodes`` has
    ``x``, ``y``, ``kind`` ("hub" or the partner's region), ``label``,
    ``hub`` and ``partners`` (the hub's count); ``edges`` has ``x``, ``y``,
    ``x2``, ``y2``, ``hub`` and ``partner``.
    """
    _require(table, ("pledger", "partner", "region"), "table")
    if isinstance(columns, bool) or not isinstance(columns, int) or columns < 1:
        raise ValueError(f"columns must be a positive integer, got {columns!r}")
    hubs = list(table.attrs.get("pledgers") or dict.fromkeys(table["pledger"]))
    nodes, edges = [], []
    for i, hub in enumerate(hubs):
        cx, cy = float(i % columns), -float(i // columns)
        mine = table[table["pledger"] == hub]
        nodes.append({"x": cx, "y": cy, "kind": "hub", "label": hub, "hub": hub,
                      "partners": len(mine), "region": ""})
        for k, (partner, place) in enumerate(zip(mine["partner"], mine["region"])):
            angle = math.pi / 2 - 2 * math.pi * k / len(mine)
            x, y = cx + 0.38 * math.cos(angle), cy + 0.38 * math.sin(angle)
            nodes.append({"x": x, "y": y, "kind": place, "label": partner, "hub": hub,
                          "partners": len(mine), "region": place})
            edges.append({"x": cx, "y": cy, "x2": x, "y2": y, "hub": hub, "partner": partner})
    return (pd.DataFrame(nodes).round({"x": 4, "y": 4}),
            pd.DataFrame(edges, columns=["x", "y", "x2", "y2", "hub", "partner"]).round(
                {"x": 4, "y": 4, "x2": 4, "y2": 4}))


def network_chart(atop: pd.DataFrame, year: int = 2018,
                  ccodes: Iterable[int] | None = None) -> alt.LayerChart:
    """Draw the defence pledges of major powers in ``year`` as hubs with their partners around them.

    Each pledging state in ``ccodes`` (default: the six of
    :data:`alliances.countries.MAJOR_PLEDGERS`) is a black hub labelled with
    its number of partners; its partners sit on a circle around it, coloured
    by world region. A state that is the partner of several hubs appears once
    around each. Hover over a dot for the partner's name.
    """
    when = _check_year(atop, year)
    codes = _codes(ccodes)
    table = partners(atop, when, codes)
    table.attrs["pledgers"] = [_name(c, when) for c in codes]
    nodes, edges = network_layout(table)
    hubs = nodes[nodes["kind"] == "hub"].copy()
    hubs["caption"] = [f"{h} ({n})" if n else f"{h} (no pledges)"
                       for h, n in zip(hubs["label"], hubs["partners"])]
    others = nodes[nodes["kind"] != "hub"]
    rows = math.ceil(len(hubs) / 3)
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[-0.5, 2.5]))
    y_scale = alt.Scale(domain=[-(rows - 1) - 0.55, 0.5])
    y = alt.Y("y:Q", axis=None, scale=y_scale)
    lines = alt.Chart(edges).mark_rule(color="#999999", strokeWidth=0.6, opacity=0.6).encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q",
        tooltip=[alt.Tooltip("hub:N", title="Pledging state"),
                 alt.Tooltip("partner:N", title="Partner")])
    dots = alt.Chart(others).mark_circle(size=55, opacity=1, stroke="white",
                                          strokeWidth=0.5).encode(
        x=x, y=y,
        color=alt.Color("region:N", title="Partner's region (COW)", sort=list(REGIONS),
                        scale=alt.Scale(domain=list(REGIONS),
                                        range=list(REGION_COLOURS.values())),
                        legend=alt.Legend(orient="bottom", columns=5)),
        tooltip=[alt.Tooltip("label:N", title="Partner"),
                 alt.Tooltip("region:N", title="Region"),
                 alt.Tooltip("hub:N", title="Defended by")])
    centres = alt.Chart(hubs).mark_circle(size=160, color="#000000").encode(
        x=x, y=y, tooltip=[alt.Tooltip("label:N", title="Pledging state"),
                           alt.Tooltip("partners:Q", title="Partners")])
    names = alt.Chart(hubs).mark_text(fontWeight="bold", fontSize=12, baseline="top").encode(
        x=x, y=alt.Y("y_label:Q", axis=None, scale=y_scale),
        text="caption:N").transform_calculate(y_label="datum.y - 0.43")
    largest = hubs.sort_values("partners", ascending=False).iloc[0]
    empty = hubs.loc[hubs["partners"] == 0, "label"].tolist()
    article = "the " if str(largest["label"]).startswith("United ") else ""
    summary = f"{article}{largest['label']} has the most partners ({int(largest['partners'])})"
    if empty:
        summary += f" and {' and '.join(empty)} {'has' if len(empty) == 1 else 'have'} none"
    return (lines + dots + centres + names).properties(
        width=660, height=230 * rows, title=f"Who pledged to defend whom in {when} (ATOP)",
        description=(f"Hub-and-spoke diagrams of ATOP defence pledges in {when}, one per "
                     f"pledging state: each is a black hub with the states it pledged to "
                     f"defend on a circle around it, coloured by region; {summary}."),
    )


# --------------------------------------------------------------------------- Russia's seven


def spells(years: Iterable[int]) -> list[tuple[int, int]]:
    """Collapse years into runs of consecutive years.

    ``[1992, 1993, 1995]`` gives ``[(1992, 1993), (1995, 1995)]``; duplicates
    are ignored and an empty input gives an empty list.
    """
    ordered = sorted({_code(y, "years") for y in years})
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
    :func:`alliances.capabilities.defence_partners`.
    """
    a, b = _code(ccode, "ccode"), _code(partner, "partner")
    rows = _pledges(atop, direction)
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
    :func:`alliances.capabilities.defence_partners` (pledges Russia gave).
    ``year`` must lie in 1992-2018 (Russia's years as a state in the file
    that ATOP covers); ``atop=None`` loads ATOP. One row per state in either
    list: ``state``, ``cow`` (nullable: Abkhazia and South Ossetia have no
    code), ``in_atop``, ``in_article``, ``atop_years`` (every year ATOP
    records the pledge, as text) and ``explanation``. Rows in both lists come
    first, then ATOP only, then article only; by name within each.
    """
    from .datasets import load_atop
    from .russia import guaranteed_parties, security_guarantees

    if atop is None:
        atop = load_atop()
    when = _check_year(atop, year)
    if when < 1992:
        raise ValueError(f"year must be in the range [1992, {_year_range(atop)[1]}] "
                         f"(Russia as a state, with the guarantees file), got {year!r}")
    russia = countries.RUSSIA
    in_atop = defence_partners(atop, russia, when)
    guarantees = security_guarantees()
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
            name = _name(code, when)
            rows[name] = {"state": name, "cow": code, "in_atop": True, "in_article": False}
    links = _pledges(atop, "given")
    links = links[links["year"] == when]
    for name, row in rows.items():
        code = row["cow"]
        row["atop_years"] = pledge_spells(atop, russia, code) if code is not None else "none"
        row["explanation"] = _explain(name, row, when, guarantees, links, atop)
    out = pd.DataFrame(list(rows.values()))
    out["_order"] = np.select([out["in_atop"] & out["in_article"], out["in_atop"]], [0, 1], 2)
    out = out.sort_values(["_order", "state"], ignore_index=True).drop(columns="_order")
    out["cow"] = pd.array(out["cow"], dtype="Int64")
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
    others = sorted(_name(o, year) for o in
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


__all__ = ["FORMER_SOVIET", "PLEDGER_COLOURS", "REGIONS", "REGION_COLOURS", "RUSSIA_LABEL",
           "TABLE_YEARS", "compare_with_article", "counts_table", "network_chart",
           "network_layout", "partners", "pledge_counts", "pledge_spells", "pledges_chart",
           "region", "region_counts", "spells"]
