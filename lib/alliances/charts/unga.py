"""Chart of the CSTO members' votes on the UN General Assembly's resolutions on Ukraine, 2014–23."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import altair as alt
import pandas as pd

from .. import countries, theme, unga

#: What each vote value is called on the chart (``non-voting`` is an absence, not a vote).
VOTE_LABELS: Mapping[str, str] = MappingProxyType({
    "yes": "yes", "no": "no", "abstain": "abstain", "non-voting": "did not vote (NV)",
    "not recorded": "not recorded here",
})

#: The colour of each cell: the book's vote colours, and blank (white) where no vote is recorded.
CELL_COLOURS: Mapping[str, str] = MappingProxyType({
    **{VOTE_LABELS[v]: colour for v, colour in theme.VOTE_COLOURS.items()},
    VOTE_LABELS["not recorded"]: theme.WHITE,
})

#: The short text printed in each cell, so that the chart does not rely on colour alone.
CELL_TEXT: Mapping[str, str] = MappingProxyType({
    "yes": "Yes", "no": "No", "abstain": "Abst.", "non-voting": "NV",
    "not recorded": "?",
})

ALL_STATES = "All states"
ALL_RESOLUTIONS = "All resolutions"


def _short_source(source: str) -> str:
    """The name of each source in a ``;``-separated source cell (the text up to its first comma)."""
    return "; ".join(part.strip().split(",")[0] for part in source.split(";") if part.strip())


#: Width of one state's column and height of one resolution's row, in pixels: small enough for
#: seven columns and the row labels to fit a 320 px phone column.
STEP_X = 38
STEP_Y = 34

#: Height of one row of the tally panel, whose labels are on one line.
STEP_TALLY = 22


def _cells(include_uzbekistan: bool) -> tuple[pd.DataFrame, list[str], list[str]]:
    votes = unga.csto_votes(include_uzbekistan=include_uzbekistan)
    states = list(dict.fromkeys(votes["country"]))
    labels = list(unga.SHORT_LABELS.values())
    grid = pd.MultiIndex.from_product([list(unga.RESOLUTIONS), states],
                                      names=["resolution", "country"]).to_frame(index=False)
    data = grid.merge(votes[["resolution", "country", "group", "vote", "note", "source"]],
                      on=["resolution", "country"], how="left")
    groups = votes.drop_duplicates("country").set_index("country")["group"]
    codes = votes.drop_duplicates("country").set_index("country")["country_cow"]
    data["group"] = data["country"].map(groups)
    data["code"] = data["country"].map(codes).map(
        lambda cow: str(countries.countrycode(int(cow), "cown", "iso3c")))
    data["label"] = data["resolution"].map(unga.SHORT_LABELS)
    data["title"] = data["resolution"].map({k: v[0] for k, v in unga.RESOLUTIONS.items()})
    data["vote"] = data["vote"].fillna("not recorded")
    data["vote_label"] = data["vote"].map(VOTE_LABELS)
    data["text"] = data["vote"].map(CELL_TEXT)
    data["note"] = data["note"].fillna("")
    data["source"] = data["source"].fillna("").map(_short_source)
    data["date"] = data["resolution"].map({k: v[1] for k, v in unga.RESOLUTIONS.items()})
    return data, states, labels


#: Vega expression that prints a short label such as "ES-11/1 (Mar 2022)" on two lines.
TWO_LINES = ("[slice(datum.label, 0, indexof(datum.label, ' ')), "
             "slice(datum.label, indexof(datum.label, ' ') + 1)]")

#: Vega expression that prints only the symbol of a short label ("ES-11/1").
SYMBOL_ONLY = "slice(datum.label, 0, indexof(datum.label, ' '))"


def unga_votes_chart(include_uzbekistan: bool = True) -> alt.VConcatChart:
    """Chart how Russia and its CSTO allies voted on 68/262 (2014) and ES-11/1 to ES-11/6 (2022–23).

    One row per resolution (68/262 first, then the six texts of the emergency
    special session in date order), labelled by its symbol and the month of the
    vote; one column per state (Russia, the five CSTO allies and, when
    ``include_uzbekistan`` is true, Uzbekistan), labelled by its ISO code. The
    tooltips give the state's and the resolution's full names. Each cell is
    coloured and labelled by the vote (the curated files hold every vote; a
    blank cell with "?" would mark a missing one, and the subtitle then says
    so). Two dropdowns pick a state or a resolution and
    fade the other cells; they work in the static HTML book without a kernel.
    Below the grid, each resolution's official tally. The chart is about 340 px
    wide, so that it fits a phone's screen without shrinking.
    """
    if not isinstance(include_uzbekistan, bool):
        raise TypeError(f"include_uzbekistan must be True or False, got {include_uzbekistan!r}")
    data, states, labels = _cells(include_uzbekistan)
    codes = list(dict.fromkeys(data["code"]))
    state = alt.param(name="state", value=ALL_STATES,
                      bind=alt.binding_select(options=[ALL_STATES, *states], name="State: "))
    resolution = alt.param(name="resolution", value=ALL_RESOLUTIONS,
                           bind=alt.binding_select(options=[ALL_RESOLUTIONS, *labels],
                                                   name="Resolution: "))
    picked = (f"(state == '{ALL_STATES}' || datum.country == state) && "
              f"(resolution == '{ALL_RESOLUTIONS}' || datum.label == resolution)")
    y = alt.Y("label:N", title=None, sort=labels,
              axis=alt.Axis(labelExpr=TWO_LINES, labelLimit=120))
    base = alt.Chart(data).encode(
        x=alt.X("code:N", title=None, sort=codes,
                axis=alt.Axis(orient="top", labelAngle=0, labelLimit=STEP_X)),
        y=y,
        opacity=alt.condition(picked, alt.value(1.0), alt.value(0.15)),
        tooltip=theme.tooltip(("country:N", "State"), ("group:N", "Group"),
                              ("title:N", "Resolution"), ("date:N", "Date of the vote"),
                              ("vote_label:N", "Vote"), ("note:N", "Note"),
                              ("source:N", "Source")),
    )
    cells = base.mark_rect(stroke=theme.WHITE, strokeWidth=2).encode(
        color=alt.Color("vote_label:N", title="Vote",
                        scale=theme.scale({label: colour for label, colour in CELL_COLOURS.items()
                                           if label in set(data["vote_label"])}),
                        legend=alt.Legend(orient="bottom", columns=3,
                                          symbolStrokeColor=theme.BLACK,
                                          symbolStrokeWidth=0.5)))
    dark = alt.FieldOneOfPredicate(field="vote", oneOf=["yes", "no"])
    text = base.mark_text(fontSize=10).encode(
        text="text:N",
        color=alt.condition(dark, alt.value(theme.WHITE), alt.value(theme.BLACK)))
    heat = (cells + text).properties(width=alt.Step(STEP_X), height=alt.Step(STEP_Y))

    tally = unga.totals()
    wide = tally.pivot(index="resolution", columns="category", values="count").reset_index()
    wide["label"] = wide["resolution"].map(unga.SHORT_LABELS)
    wide["title"] = wide["resolution"].map({k: v[0] for k, v in unga.RESOLUTIONS.items()})
    wide["tally"] = (wide["yes"].astype(str) + " yes · " + wide["no"].astype(str) + " no · "
                     + wide["abstain"].astype(str) + " abst. · "
                     + wide["non-voting"].astype(str) + " absent")
    below = alt.Chart(wide).mark_text(align="left", fontSize=11).encode(
        x=alt.value(6),
        y=alt.Y("label:N", title=None, sort=labels,
                axis=alt.Axis(labelExpr=SYMBOL_ONLY, labelLimit=120)),
        text="tally:N",
        opacity=alt.condition(f"resolution == '{ALL_RESOLUTIONS}' || datum.label == resolution",
                              alt.value(1.0), alt.value(0.25)),
        tooltip=theme.tooltip(("title:N", "Resolution"), ("tally:N", "Official tally")),
    ).properties(width=STEP_X * len(states), height=alt.Step(STEP_TALLY),
                 title=alt.Title("Official tally, all 193 members", fontSize=12, anchor="start"))

    return alt.vconcat(heat, below, spacing=12).add_params(
        state, resolution).configure_view(stroke=None).properties(
        title=alt.Title("Russia's CSTO allies on the UN's Ukraine resolutions, 2014–2023",
                        subtitle=["Pick a state or a resolution below the chart.",
                                  "Columns are ISO codes (full names in the tooltips)."]
                        + (["? = no vote recorded in the book's data."]
                           if (data["vote"] == "not recorded").any() else [])),
        description=("Grid of votes in the UN General Assembly: rows are resolution 68/262 "
                     "(2014) and resolutions ES-11/1 to ES-11/6 (2022–2023), columns are "
                     "Russia and its CSTO allies. Russia and Belarus voted no on every text; "
                     "the other allies mostly abstained. The Central Asian members voted no "
                     "only on ES-11/3, the suspension from the Human "
                     "Rights Council, on which Armenia did not vote. A second panel below gives "
                     "each resolution's official tally."),
    )


__all__ = ["CELL_COLOURS", "CELL_TEXT", "STEP_TALLY", "STEP_X", "STEP_Y", "SYMBOL_ONLY",
           "TWO_LINES", "VOTE_LABELS",
           "unga_votes_chart"]
