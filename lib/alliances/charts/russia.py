"""Charts of the Russian case: Table 4, the guarantees, the 68/262 vote, the functions, the organisations."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import altair as alt
import pandas as pd

from .. import curated, theme
from ..russia import functions_summary, membership_matrix, table4
from ..validate import check_number

#: One colour per CSTO member of Table 4.
COUNTRY_COLOURS: Mapping[str, str] = MappingProxyType({
    "Armenia": theme.ORANGE, "Belarus": theme.SKY_BLUE, "Kazakhstan": theme.GREEN,
    "Kyrgyzstan": theme.BLUE, "Russia": theme.VERMILION, "Tajikistan": theme.PURPLE,
})


def table4_chart() -> alt.Chart:
    """Chart Table 4: each member's share of CSTO population, GDP and defence spending.

    One horizontal bar per indicator, split into the six members' shares
    (summing to 100 %), so Russia's overwhelming weight is visible at a glance.
    Tooltips give the absolute value, its unit and year, and the share.
    """
    data = table4()
    data["indicator_label"] = data["indicator"].map(curated.INDICATOR_LABELS)
    data["share_pct"] = data["share"].round(1)
    data["order"] = data["country"].map({c: i for i, c in enumerate(curated.CSTO_MEMBERS)})
    data = data[["country", "indicator_label", "value", "unit", "year", "share_pct", "order"]]
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("share_pct:Q", stack="zero", title="Share of the CSTO total (%)",
                scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("indicator_label:N", title=None, sort=list(curated.INDICATOR_LABELS.values())),
        color=alt.Color("country:N", title="Member",
                        legend=alt.Legend(orient="bottom", columns=6),
                        scale=alt.Scale(domain=list(COUNTRY_COLOURS),
                                        range=list(COUNTRY_COLOURS.values()))),
        order=alt.Order("order:Q"),
        tooltip=theme.tooltip(("country:N", "Member"), ("indicator_label:N", "Indicator"),
                              ("value:Q", "Value", ",.1f"), ("unit:N", "Unit"),
                              ("year:Q", "Year", "d"),
                              ("share_pct:Q", "Share of CSTO total (%)", ".1f")),
    ).properties(
        width=500, height=150,
        title="Material potential of the CSTO members, 2019 (Table 4)",
        description=("Stacked bars of each CSTO member's share of the members' total population, "
                     "GDP and defence expenditure in 2019: Russia holds 76% of the population, "
                     "86% of GDP and 95% of defence spending."),
    )


_LAYER_TAGS: Mapping[str, str] = MappingProxyType({
    "Collective Security Treaty": "CST", "CSTO Charter": "CSTO Charter",
    "Bilateral treaty or charter": "bilateral", "Treaty of 2024": "2024 treaty",
})


def _basis_layer(basis: str) -> str:
    if basis.startswith("Collective Security Treaty"):
        return "Collective Security Treaty"
    if basis.startswith("Charter of the Collective"):
        return "CSTO Charter"
    if basis.startswith(("Treaty on Security Guarantees", "Treaty on Comprehensive")):
        return "Treaty of 2024"
    return "Bilateral treaty or charter"


def guarantees_timeline(through_year: int = 2020) -> alt.LayerChart:
    """Chart Russia's guarantees as bars from start year to end year, one lane per party.

    Within each party's lane the bars are offset by layer (Collective Security
    Treaty, CSTO Charter, bilateral document) and coloured by basis type. Every
    bar starts in the year the party signed or acceded (``start_year``), not
    the year the document entered into force; the tooltip's note gives that
    date (for the 2024 Belarus treaty, 13 March 2025).
    Guarantees still in force run to ``through_year`` (default 2020, the
    article's horizon; the book's chapters pass 2025); guarantees that start
    after ``through_year`` (North Korea, 2024) are left out. Uzbekistan shows
    two separate bars: 1992–1999 and 2006–2012.
    """
    if isinstance(through_year, bool) or not isinstance(through_year, int):
        raise TypeError(f"through_year must be an integer year, got {through_year!r}")
    check_number(through_year, "through_year", low=2012, high=2100)
    frame = curated.security_guarantees()
    frame = frame[frame["start_year"] <= through_year].reset_index(drop=True)
    data = pd.DataFrame({
        "party": frame["party"],
        "basis": frame["basis"],
        "basis_type": frame["basis_type"],
        "layer": frame["basis"].map(_basis_layer),
        "signed": frame["signed"].dt.strftime("%Y-%m-%d"),
        "start": frame["start_year"].astype(int),
        "end": frame["end_year"].fillna(through_year).astype(int),
        "period": [f"{s}–{'' if pd.isna(e) else int(e)}" for s, e in
                   zip(frame["start_year"], frame["end_year"])],
        "status": frame["status"],
        "note": frame["note"].fillna(""),
    })
    in_force = set(frame.loc[frame["status"] == "in force", "party"])
    first = data.groupby("party")["start"].min()
    order = sorted(first.index, key=lambda p: (p not in in_force, first[p], p))
    data["tag"] = data["layer"].map(_LAYER_TAGS)
    layers = list(_LAYER_TAGS)
    base = alt.Chart(data).encode(
        y=alt.Y("party:N", title=None, sort=order),
        yOffset=alt.YOffset("layer:N", sort=layers, scale=alt.Scale(domain=layers)),
        tooltip=theme.tooltip(("party:N", "Party"), ("basis:N", "Legal basis"),
                              ("basis_type:N", "Type"), ("signed:N", "Signed"),
                              ("period:N", "Covered (from signing or accession)"), ("status:N", "Status"), ("note:N", "Note")),
    )
    bars = base.mark_bar(height={"band": 0.75}).encode(
        x=alt.X("start:Q", title="Year", scale=alt.Scale(domain=[1991, through_year + 5]),
                axis=alt.Axis(format="d")),
        x2="end:Q",
        color=alt.Color("basis_type:N", title="Basis",
                        scale=alt.Scale(domain=["multilateral", "bilateral"],
                                        range=[theme.BLUE, theme.ORANGE])),
    )
    tags = base.mark_text(align="left", dx=3, fontSize=9, color=theme.BLACK).encode(
        x="end:Q", text="tag:N")
    return (bars + tags).properties(
        width=470, height=alt.Step(11),     # with its labels and legend, fits a desktop column
        title="Russia's security guarantees and their legal bases",
        description=("Timeline bars showing, for each party, the years covered by the Collective "
                     "Security Treaty, the CSTO Charter and bilateral treaties with Russia; "
                     "Uzbekistan's coverage stops in 1999, resumes in 2006 and ends in 2012, "
                     "while Abkhazia and South Ossetia are covered from 2008 and, in charts "
                     "that run to 2024 or later, North Korea from 2024."),
    )


def unga_68_262_chart() -> alt.Chart:
    """Chart how the chapter's states voted on resolution 68/262, grouped by their tie to Russia.

    One square per state, placed in the column of its vote (yes, no,
    abstain, non-voting) and coloured by vote, with states grouped by their
    place in the chapter (CSTO member, partner without alliance, …). Only
    the chapter's states (``group`` in ``curated.UNGA_FOCUS_GROUPS``), not
    all 193 members of the file.
    """
    votes = curated.unga_68_262_votes()
    votes = votes[votes["group"].isin(curated.UNGA_FOCUS_GROUPS)]
    data = votes[["country", "group", "vote"]].assign(note=votes["note"].fillna(""))
    groups = ["Russia", "CSTO member", "former CSTO member", "partner without alliance",
              "comparison"]
    data["label"] = data["group"] + ": " + data["country"]
    data["order"] = data["group"].map({g: i for i, g in enumerate(groups)})
    order = data.sort_values(["order", "country"])["label"].tolist()
    return alt.Chart(data).mark_square(size=220).encode(
        x=alt.X("vote:N", title="Vote on resolution 68/262", sort=list(curated.VOTE_VALUES),
                scale=alt.Scale(domain=list(curated.VOTE_VALUES)), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("label:N", title=None, sort=order),
        color=alt.Color("vote:N", title="Vote",
                        scale=alt.Scale(domain=list(theme.VOTE_COLOURS),
                                        range=list(theme.VOTE_COLOURS.values()))),
        tooltip=theme.tooltip(("country:N", "State"), ("group:N", "Group"), ("vote:N", "Vote"),
                              ("note:N", "Note")),
    ).properties(
        width=320, height=alt.Step(20),
        title="UN General Assembly resolution 68/262 on Ukraine, 27 March 2014",
        description=("Dot chart of the votes on resolution 68/262: Russia, Armenia and Belarus "
                     "voted no, Kazakhstan abstained, Kyrgyzstan and Tajikistan did not vote; "
                     "none of Russia's allies voted yes, while Georgia, Ukraine and Azerbaijan "
                     "did."),
    )


def functions_chart() -> alt.LayerChart:
    """Chart Table 1 as a 2 × 2 grid, each cell coloured by whether Russia's record shows it.

    Rows are the restrictive and transformative functions, columns the
    internal and foreign spheres, as in the article's Table 1. Hovering over a
    cell shows the evidence items from ``data/russia_functions.csv``.
    """
    data = functions_summary()
    data["status"] = data["present"].map({"yes": "present", "no": "absent / irrelevant"})
    data["caption"] = data["code"] + ": " + data["status"]
    base = alt.Chart(data).encode(
        x=alt.X("sphere:N", title=None, axis=alt.Axis(orient="top", labelAngle=0),
                sort=["Internal development of an ally", "Foreign policy of an ally"]),
        y=alt.Y("nature:N", title=None, sort=["Restrictive", "Transformative"]),
    )
    cells = base.mark_rect(stroke=theme.WHITE, strokeWidth=3).encode(
        color=alt.Color("status:N", title="In Russia's record",
                        scale=alt.Scale(domain=["present", "absent / irrelevant"],
                                        range=[theme.GREEN, theme.PURPLE])),
        tooltip=theme.tooltip(("code:N", "Code"), ("function:N", "Function"),
                              ("status:N", "In Russia's record"),
                              ("n_supports:Q", "Supporting items"),
                              ("n_qualifies:Q", "Qualifying items"), ("evidence:N", "Evidence")),
    )
    labels = base.mark_text(fontSize=14, fontWeight="bold", color=theme.BLACK).encode(
        text="caption:N",
        tooltip=theme.tooltip(("function:N", "Function"), ("evidence:N", "Evidence")),
    )
    return (cells + labels).properties(
        width=420, height=220,
        title="The four functions of asymmetric alliances in Russia's record",
        description=("A two-by-two grid of the article's Table 1: limiting allies' external ties "
                     "(1B), strengthening their statehood (2A) and enlisting their support (2B) "
                     "are present in Russia's alliances, while preventing allies from becoming "
                     "rival powers (1A) is irrelevant for Russia."),
    )


_STATUS_COLOURS: Mapping[str, str] = MappingProxyType({
    "member": theme.BLUE, "observer": theme.SKY_BLUE, "dialogue partner": theme.YELLOW,
    "former member": theme.ORANGE, "not member": theme.WHITE,
})


def membership_chart() -> alt.LayerChart:
    """Chart the overlap of the CSTO, the EAEU, the CIS and the SCO as a grid.

    One row per state or entity, one column per organisation; each cell is
    coloured by status (member, observer, dialogue partner, former member,
    not member) and labelled with the year the status began. Tooltips give
    the status, its dates and the note from ``data/curated.organisation_membership.csv``.
    """
    frame = curated.organisation_membership()
    membership_matrix()  # refuse incomplete files before charting
    data = pd.DataFrame({
        "country": frame["country"], "organisation": frame["organisation"],
        "status": frame["status"],
        "period": [("" if pd.isna(s) else f"{int(s)}–{'' if pd.isna(u) else int(u)}")
                   for s, u in zip(frame["since"], frame["until"])],
        "label": ["" if pd.isna(s) else (f"{int(s)}–{int(u)}" if pd.notna(u) else f"{int(s)}")
                  for s, u in zip(frame["since"], frame["until"])],
        "note": frame["note"].fillna(""),
    })
    countries = list(dict.fromkeys(frame["country"]))
    base = alt.Chart(data).encode(
        x=alt.X("organisation:N", title=None, sort=list(curated.ORGANISATIONS),
                axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("country:N", title=None, sort=countries),
        tooltip=theme.tooltip(("country:N", "State or entity"), ("organisation:N", "Organisation"),
                              ("status:N", "Status"), ("period:N", "Since"), ("note:N", "Note")),
    )
    cells = base.mark_rect(stroke=theme.BLACK, strokeWidth=0.5).encode(
        color=alt.Color("status:N", title="Status (end of the 2010s)",
                        scale=alt.Scale(domain=list(_STATUS_COLOURS),
                                        range=list(_STATUS_COLOURS.values()))),
    )
    labels = base.mark_text(fontSize=10).encode(
        text="label:N",
        color=alt.condition(alt.datum.status == "member", alt.value(theme.WHITE),
                            alt.value(theme.BLACK)))
    return alt.LayerChart(
        layer=[cells, labels], title="The CSTO and the organisations that overlap it",
        description=("A grid of nine states and entities by four organisations: the CSTO and "
                     "the EAEU share every member except Tajikistan, all six CSTO members and "
                     "Uzbekistan belong to the CIS, Armenia and Belarus are outside the SCO, "
                     "and Abkhazia and South Ossetia belong to none of the four."),
    ).properties(width=300, height=alt.Step(24))
