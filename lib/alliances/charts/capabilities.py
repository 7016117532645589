"""Charts of capability asymmetry between allies."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import theme
from ..capabilities import ERA_SPLIT, ERAS, GROUPS, RATIO_EDGES, check_threshold


def histogram_payload(histogram: pd.DataFrame) -> list[dict]:
    """Compress a :func:`alliances.capabilities.ratio_histogram` into the records the chart embeds.

    One record per group, decade and era, with parallel arrays of the bins'
    lower edges (``l``) and dyad-years (``n``), so the page stays small.
    """
    known = histogram[histogram["lower"].notna()]
    records = []
    for (group, _, era), part in known.groupby(["group", "decade", "era"], sort=False):
        decade = int(part["decade"].iloc[0])
        after = era == ERAS[1]
        start = max(decade, ERA_SPLIT) if after else decade
        end = min(decade + 10, ERA_SPLIT) if not after else decade + 10
        records.append({"g": group, "e": era, "x0": start, "x1": end,
                        "p": f"{start}–{end - 1}",
                        "l": [float(v) for v in part["lower"]],
                        "n": [int(v) for v in part["dyad_years"]]})
    return records


def asymmetry_chart(histogram: pd.DataFrame, threshold: float = 3.0,
                    group: str = "with a major power") -> alt.HConcatChart:
    """Share of defence-pact dyad-years above a capability-ratio threshold, by period and era.

    ``histogram`` is :func:`alliances.capabilities.ratio_histogram`. A slider sets the threshold
    (1.5 to 50 in steps of 0.5; starting at ``threshold``) and radio buttons
    the group of dyads (one of :data:`alliances.capabilities.GROUPS`, starting at ``group``). Vega
    computes the shares in the browser from the binned counts, so the chart
    stays live in the static book. Left: one bar per decade (the 1940s split
    at 1945); right: the two eras pooled.
    """
    limit = check_threshold(threshold)
    if limit < 1.5:
        raise ValueError(f"threshold must be at least 1.5 for the chart, got {threshold!r}")
    if group not in GROUPS:
        raise ValueError(f"group must be one of {', '.join(map(repr, GROUPS))}, got {group!r}")
    slider = alt.param(name="ratio_threshold", value=limit,
                       bind=alt.binding_range(min=1.5, max=RATIO_EDGES[-1], step=0.5,
                                              name="Capability ratio above "))
    chosen = alt.param(name="dyad_group", value=group,
                       bind=alt.binding_radio(options=list(GROUPS), name="Dyads: "))
    base = alt.Chart(alt.Data(values=histogram_payload(histogram))).transform_filter(
        "datum.g == dyad_group"
    ).transform_flatten(["l", "n"]).transform_calculate(
        above="datum.l >= ratio_threshold - 1e-9 ? datum.n : 0")
    colours = alt.Scale(domain=list(ERAS), range=[theme.ORANGE, theme.BLUE])
    by_period = base.transform_aggregate(
        above="sum(above)", known="sum(n)", groupby=["x0", "x1", "p", "e"]
    ).transform_calculate(share="datum.above / datum.known").mark_bar(
        stroke=theme.WHITE, strokeWidth=0.5
    ).encode(
        x=alt.X("x0:Q", title="Year", scale=alt.Scale(domain=[1810, 2020]),
                axis=alt.Axis(format="d", values=list(range(1820, 2021, 20)))),
        x2="x1:Q",
        y=alt.Y("share:Q", title="Share of dyad-years above the threshold",
                scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        y2=alt.datum(0),
        color=alt.Color("e:N", title="Era", scale=colours, legend=alt.Legend(orient="bottom")),
        tooltip=theme.tooltip(("p:N", "Years"), ("e:N", "Era"),
                              ("share:Q", "Share above the threshold", ".1%"),
                              ("above:Q", "Dyad-years above", ","),
                              ("known:Q", "Dyad-years with a known ratio", ",")),
    )
    split = alt.Chart(alt.Data(values=[{"year": ERA_SPLIT}])).mark_rule(
        color=theme.BLACK, strokeDash=[4, 3]).encode(
        x="year:Q", tooltip=theme.tooltip(("year:Q", "Era split", "d")))
    left = (by_period + split).properties(
        width=400, height=260, title="By decade (the 1940s split at 1945)")
    by_era = base.transform_aggregate(
        above="sum(above)", known="sum(n)", groupby=["e"]
    ).transform_calculate(share="datum.above / datum.known")
    bars = by_era.mark_bar().encode(
        x=alt.X("e:N", title=None, sort=list(ERAS),
                axis=alt.Axis(labelAngle=0, labelExpr="split(datum.label, ' ')")),  # a word a line
        y=alt.Y("share:Q", title=None, scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%")),
        color=alt.Color("e:N", scale=colours, legend=None),
        tooltip=theme.tooltip(("e:N", "Era"), ("share:Q", "Share above the threshold", ".1%"),
                              ("above:Q", "Dyad-years above", ","),
                              ("known:Q", "Dyad-years with a known ratio", ",")),
    )
    labels = by_era.mark_text(dy=-8, fontWeight="bold").encode(
        x=alt.X("e:N", sort=list(ERAS)), y="share:Q", text=alt.Text("share:Q", format=".0%"))
    right = (bars + labels).properties(width=150, height=260, title="Pooled by era")
    return alt.hconcat(left, right).add_params(slider, chosen).properties(
        title="How unequal are defence-pact partners?",
        description=("Bar charts of the share of ATOP defence-pact dyad-years whose stronger "
                     "member has more than a chosen multiple of the weaker member's CINC, by "
                     "decade and pooled before and after 1945; a slider sets the multiple and "
                     "radio buttons choose all dyads or only dyads with major powers."),
    )
