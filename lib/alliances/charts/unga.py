"""Chart of the CSTO members' votes on the UN General Assembly's resolutions on Ukraine, 2014–23."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import altair as alt
import pandas as pd

from .. import theme, unga

#: What each vote value is called on the chart (``non-voting`` is an absence, not a vote).
VOTE_LABELS: Mapping[str, str] = MappingProxyType({
    "yes": "yes", "no": "no", "abstain": "abstain", "non-voting": "did not vote",
    "not recorded": "not recorded here",
})

#: The colour of each cell: the book's vote colours, and blank (white) where no vote is recorded.
CELL_COLOURS: Mapping[str, str] = MappingProxyType({
    **{VOTE_LABELS[v]: colour for v, colour in theme.VOTE_COLOURS.items()},
    VOTE_LABELS["not recorded"]: theme.WHITE,
})

#: The short text printed in each cell, so that the chart does not rely on colour alone.
CELL_TEXT: Mapping[str, str] = MappingProxyType({
    "yes": "Yes", "no": "No", "abstain": "Abst.", "non-voting": "Absent",
    "not recorded": "?",
})

ALL_STATES = "All states"
ALL_RESOLUTIONS = "All resolutions"


def _short_source(source: str) -> str:
    """The name of each source in a ``;``-separated source cell (the text up to its first comma)."""
    return "; ".join(part.strip().split(",")[0] for part in source.split(";") if part.strip())


def _cells(include_uzbekistan: bool) -> tuple[pd.DataFrame, list[str], list[str]]:
    votes = unga.csto_votes(include_uzbekistan=include_uzbekistan)
    states = list(dict.fromkeys(votes["country"]))
    labels = [label for label, _ in unga.RESOLUTIONS.values()]
    grid = pd.MultiIndex.from_product([labels, states], names=["label", "country"]).to_frame(
        index=False)
    data = grid.merge(votes[["label", "country", "group", "vote", "note", "source"]],
                      on=["label", "country"], how="left")
    groups = votes.drop_duplicates("country").set_index("country")["group"]
    data["group"] = data["country"].map(groups)
    data["vote"] = data["vote"].fillna("not recorded")
    data["vote_label"] = data["vote"].map(VOTE_LABELS)
    data["text"] = data["vote"].map(CELL_TEXT)
    data["note"] = data["note"].fillna("")
    data["source"] = data["source"].fillna("").map(_short_source)
    data["date"] = data["label"].map({label: date for label, date in unga.RESOLUTIONS.values()})
    return data, states, labels


def unga_votes_chart(include_uzbekistan: bool = True) -> alt.HConcatChart:
    """Chart how Russia and its CSTO allies voted on 68/262 (2014) and ES-11/1 to ES-11/6 (2022–23).

    One row per resolution (68/262 first, then the six texts of the emergency
    special session in date order), one column per state (Russia, the five
    CSTO allies and, when ``include_uzbekistan`` is true, Uzbekistan). Each
    cell is coloured and labelled by the vote; blank cells with "?" have no
    recorded vote in the curated files. Two dropdowns pick a state or a
    resolution and fade the other cells; they work in the static HTML book
    without a kernel. To the right, each resolution's official tally.
    """
    if not isinstance(include_uzbekistan, bool):
        raise TypeError(f"include_uzbekistan must be True or False, got {include_uzbekistan!r}")
    data, states, labels = _cells(include_uzbekistan)
    state = alt.param(name="state", value=ALL_STATES,
                      bind=alt.binding_select(options=[ALL_STATES, *states], name="State: "))
    resolution = alt.param(name="resolution", value=ALL_RESOLUTIONS,
                           bind=alt.binding_select(options=[ALL_RESOLUTIONS, *labels],
                                                   name="Resolution: "))
    picked = (f"(state == '{ALL_STATES}' || datum.country == state) && "
              f"(resolution == '{ALL_RESOLUTIONS}' || datum.label == resolution)")
    y = alt.Y("label:N", title=None, sort=labels, axis=alt.Axis(labelLimit=330))
    base = alt.Chart(data).encode(
        x=alt.X("country:N", title=None, sort=states, axis=alt.Axis(orient="top", labelAngle=0)),
        y=y,
        opacity=alt.condition(picked, alt.value(1.0), alt.value(0.15)),
        tooltip=theme.tooltip(("country:N", "State"), ("group:N", "Group"),
                              ("label:N", "Resolution"), ("date:N", "Date of the vote"),
                              ("vote_label:N", "Vote"), ("note:N", "Note"),
                              ("source:N", "Source")),
    )
    cells = base.mark_rect(stroke=theme.WHITE, strokeWidth=2).encode(
        color=alt.Color("vote_label:N", title="Vote",
                        scale=theme.scale(CELL_COLOURS),
                        legend=alt.Legend(orient="bottom", columns=5,
                                          symbolStrokeColor=theme.BLACK,
                                          symbolStrokeWidth=0.5)))
    dark = alt.FieldOneOfPredicate(field="vote", oneOf=["yes", "no"])
    text = base.mark_text(fontSize=12).encode(
        text="text:N",
        color=alt.condition(dark, alt.value(theme.WHITE), alt.value(theme.BLACK)))
    heat = (cells + text).properties(width=alt.Step(78), height=alt.Step(34))

    tally = unga.totals()
    tally = tally.assign(label=tally["resolution"].map({k: v[0] for k, v in
                                                         unga.RESOLUTIONS.items()}))
    wide = tally.pivot(index="label", columns="category", values="count").reset_index()
    wide["tally"] = (wide["yes"].astype(str) + " yes · " + wide["no"].astype(str) + " no · "
                     + wide["abstain"].astype(str) + " abstain · "
                     + wide["non-voting"].astype(str) + " did not vote")
    side = alt.Chart(wide).mark_text(align="left", fontSize=12).encode(
        x=alt.value(0),
        y=alt.Y("label:N", title=None, sort=labels, axis=None),
        text="tally:N",
        opacity=alt.condition(f"resolution == '{ALL_RESOLUTIONS}' || datum.label == resolution",
                              alt.value(1.0), alt.value(0.25)),
        tooltip=theme.tooltip(("label:N", "Resolution"), ("tally:N", "Official tally")),
    ).properties(width=300, height=alt.Step(34), title="Official tally (all 193 members)")

    return alt.hconcat(heat, side, spacing=16).resolve_scale(y="shared").add_params(
        state, resolution).configure_view(stroke=None).properties(
        title=alt.Title("Russia's CSTO allies on the UN's Ukraine resolutions, 2014–2023",
                        subtitle="Pick a state or a resolution; cells marked ? have no "
                                 "recorded vote in the book's data."),
        description=("Grid of votes in the UN General Assembly: rows are resolution 68/262 "
                     "(2014) and resolutions ES-11/1 to ES-11/6 (2022–2023), columns are "
                     "Russia and its CSTO allies. Russia and Belarus voted no on every text; "
                     "the other allies mostly abstained. Among the recorded votes, the Central "
                     "Asian members voted no only on ES-11/3, the suspension from the Human "
                     "Rights Council, on which Armenia did not vote. The right column gives "
                     "each resolution's official tally."),
    )


__all__ = ["CELL_COLOURS", "CELL_TEXT", "VOTE_LABELS", "unga_votes_chart"]
