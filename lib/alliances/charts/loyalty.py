"""Charts of allies' loyalty in UN votes."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import theme

#: The room, in pixels, that a label such as "1950s" needs beside its neighbours.
DECADE_ROOM = 40


def _short_decades(count: int) -> str:
    """A Vega label expression: "1950s" becomes "’50s" when ``count`` labels share too narrow a plot."""
    return (f"width / {count} < {DECADE_ROOM} && test(/^\\d{{4}}s$/, datum.label) "
            f"? '\u2019' + slice(datum.label, 2) : datum.label")


def loyalty_chart(table: pd.DataFrame, *, patron_label: str = "the United States",
                  group_label: str = "US treaty allies") -> alt.Chart:
    """Line chart of :func:`alliances.loyalty.loyalty_table`: allies and other states, mean agreement by period.

    Two lines (the allies and all other states) over the periods of the
    table, with two dropdowns that work in the static HTML book: the
    agreement method and the variant. Tooltips give both means, the gap and
    the number of years compared. Only the table's rows are embedded.

    The chart is as wide as its container. Where the plot leaves a decade less
    than :data:`DECADE_ROOM` pixels (a phone), the labels shorten to "’50s"; any
    label that would still touch its neighbour is hidden rather than overlapped.
    """
    needed = ("variant", "method", "period", "members", "others", "gap", "n_years")
    if not isinstance(table, pd.DataFrame) or any(c not in table.columns for c in needed):
        raise ValueError(f"table must be a frame of loyalty_table with columns {list(needed)}")
    long = table.melt(id_vars=["variant", "method", "period", "gap", "n_years"],
                      value_vars=["members", "others"], var_name="group", value_name="mean")
    long["group"] = long["group"].map({"members": group_label, "others": "All other states"})
    variants = list(pd.unique(table["variant"]))
    methods = list(pd.unique(table["method"]))
    periods = list(pd.unique(table["period"]))
    pick_method = alt.param(name="method", value=methods[0],
                            bind=alt.binding_select(options=methods, name="Method: "))
    pick_variant = alt.param(name="variant", value=variants[0],
                             bind=alt.binding_select(options=variants, name="Variant: "))
    return alt.Chart(long).mark_line(point=True, strokeWidth=2.5).encode(
        x=alt.X("period:O", title="Decade", sort=periods,
                axis=alt.Axis(labelAngle=0, labelOverlap="greedy", labelSeparation=6,
                              labelExpr=_short_decades(len(periods)))),
        y=alt.Y("mean:Q", title=f"Mean agreement with {patron_label}",
                scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("group:N", title=None,
                        scale=alt.Scale(domain=[group_label, "All other states"],
                                        range=[theme.BLUE, theme.ORANGE]),
                        legend=alt.Legend(orient="bottom")),
        strokeDash=alt.StrokeDash("group:N", title=None,
                                  scale=alt.Scale(domain=[group_label, "All other states"],
                                                  range=[[1, 0], [6, 3]])),
        tooltip=theme.tooltip(("group:N", "Group"), ("period:N", "Decade"),
                              ("mean:Q", "Mean agreement", ".3f"),
                              ("gap:Q", "Allies minus others", "+.3f"),
                              ("n_years:Q", "Years compared"), ("variant:N", "Variant"),
                              ("method:N", "Method")),
    ).transform_filter(
        (alt.datum.method == pick_method) & (alt.datum.variant == pick_variant)
    ).add_params(pick_method, pick_variant).properties(
        width="container", height=320, autosize=theme.fit_width(),
        title=f"UN General Assembly agreement with {patron_label}, by decade",
        description=(f"Line chart by decade of the mean UN General Assembly vote agreement "
                     f"with {patron_label} of {group_label} (solid blue) and of all other "
                     f"states (dashed orange); two dropdowns choose the agreement method and "
                     f"the variant of the comparison."))
