"""Charts of UN General Assembly vote agreement: the gap between groups and the agreement band."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import altair as alt
import pandas as pd

from .. import countries, curated, theme
from ..validate import check_frame
from ..votes import SUBSETS, check_single_series, group_agreement, yearly_group_means


def _short(name: str) -> str:
    """A subset's name for an axis: its words before any bracket ("Important votes (US …)")."""
    return name.split(" (")[0]


#: Characters per line of a gap chart's row labels: the longest line is about 120 px wide.
LABEL_WIDTH = 20


def gap_chart(summary: pd.DataFrame, *, group_label: str = "CSTO members",
              reference_label: str = "Russia") -> alt.LayerChart:
    """Dot chart of a :func:`alliances.votes.convergence_summary` table: the gap for each subset and period.

    One row per subset of roll calls (:data:`alliances.votes.SUBSETS`), one dot per period,
    placed at the gap between the group's and the other states' mean
    agreement with ``reference_label`` (a vertical rule marks zero: dots to its
    right mean the group agrees more). A dropdown (live in the static HTML
    book) switches between the methods in the table. Only the summary rows
    are embedded.

    The chart is as wide as its container, from a phone to a desktop: a row's
    label is the subset's short name (the words before any bracket, unless two
    subsets would then share a name) on lines of at most :data:`LABEL_WIDTH`
    characters, its full name is in the tooltip, and the legend stands under
    the plot.
    """
    check_frame(summary, ("method", "subset", "period", "members", "others", "gap", "n_years",
                       "years_ahead"), "summary")
    methods = list(pd.unique(summary["method"]))
    names = summary["subset"].map(SUBSETS).fillna(summary["subset"])
    labels = names.map(_short)
    if labels.nunique() != names.nunique():        # two subsets would share a row: keep full names
        labels = names
    data = summary.assign(subset_name=names, subset_label=labels)
    periods = list(pd.unique(summary["period"]))
    if len(periods) > 8:
        raise ValueError(f"summary has {len(periods)} periods; the palette allows at most 8")
    pick = alt.param(name="method", value=methods[0],
                     bind=alt.binding_select(options=methods, name="Method: "))
    order = list(pd.unique(data["subset_label"]))
    dots = alt.Chart(data).mark_point(filled=True, size=90).encode(
        x=alt.X("gap:Q", title=["Gap in mean agreement", "(members minus others)"],
                axis=alt.Axis(tickCount=alt.ExprRef("ceil(width / 60)"))),
        y=alt.Y("subset_label:N", title=None, sort=order,
                axis=alt.Axis(labelExpr=theme.wrapped_labels(order, LABEL_WIDTH))),
        color=alt.Color("period:N", title="Period", sort=periods,
                        scale=alt.Scale(domain=periods,
                                        range=list(theme.PALETTE[:len(periods)])),
                        legend=alt.Legend(orient="bottom")),
        shape=alt.Shape("period:N", title="Period", sort=periods,
                        scale=alt.Scale(domain=periods), legend=alt.Legend(orient="bottom")),
        tooltip=theme.tooltip(("subset_name:N", "Roll calls"), ("period:N", "Period"),
                              ("method:N", "Method"),
                              ("members:Q", f"{group_label} (mean)", ".3f"),
                              ("others:Q", "Other states (mean)", ".3f"), ("gap:Q", "Gap", "+.3f"),
                              ("years_ahead:Q", "Years the group was ahead"),
                              ("n_years:Q", "Years compared")),
    ).transform_filter(alt.datum.method == pick).add_params(pick)
    zero = alt.Chart(pd.DataFrame({"gap": [0.0]})).mark_rule(color=theme.BLACK).encode(
        x="gap:Q", tooltip=theme.tooltip(("gap:Q", "No difference", ".1f")))
    return alt.LayerChart(layer=[zero, dots]).properties(
        width="container", height=36 * len(order) + 20, autosize=theme.fit_width(),
        title=f"{group_label} minus other states: agreement with {reference_label}",
        description=(f"Dot chart: for each group of UN General Assembly roll calls, the "
                     f"difference between the mean agreement of the {group_label} with "
                     f"{reference_label} and that of all other states, one dot per period; "
                     f"a dropdown switches the agreement method."))


def agreement_band_chart(scores: pd.DataFrame,
                         choices: Mapping[str, int] | None = None,
                         members: Iterable[int] | Callable[[int], Iterable[int]] | None = None,
                         default: str | None = None, *, group_label: str = "CSTO members",
                         reference_label: str = "Russia",
                         show_others: bool = False) -> alt.LayerChart:
    """Chart a chosen country's agreement line against the band of a group of states.

    ``scores`` is a frame from :func:`alliances.votes.agreement` (agreement with the reference
    state, for example Russia); ``choices`` maps display names to COW codes
    (default :data:`alliances.countries.COMPARISON_STATES`); ``members`` the
    group (default :func:`alliances.curated.csto_members`). The band spans
    the lowest to the highest member each year, with the members' mean as a
    line; a dropdown (a Vega-Lite parameter, live in the static HTML book)
    picks which comparison country is drawn, ``default`` first. With
    ``show_others=True`` a dotted line adds the yearly mean of all the other
    scored states (:func:`alliances.votes.yearly_group_means`). Only yearly aggregates are
    embedded in the chart.
    """
    check_frame(scores, ("state", "year", "agreement", "n_votes"), "scores")
    choices = dict(countries.COMPARISON_STATES if choices is None else choices)
    if not choices:
        raise ValueError("choices must name at least one country")
    members = curated.csto_members if members is None else members
    default = next(iter(choices)) if default is None else default
    if default not in choices:
        raise ValueError(f"default must be one of {', '.join(choices)}, got {default!r}")
    if not isinstance(show_others, bool):
        raise TypeError(f"show_others must be True or False, got {show_others!r}")

    check_single_series(scores)
    band = group_agreement(scores, members)
    if band.empty:
        raise ValueError("scores hold no agreement for any member of the group")
    band = band.assign(series=f"{group_label}: range and mean")
    lines = []
    for label, code in choices.items():
        rows = scores.loc[scores["state"] == countries.state_code(code, "choices"),
                          ["year", "agreement", "n_votes"]]
        lines.append(rows.assign(country=label))
    line_data = pd.concat(lines, ignore_index=True)
    line_data = line_data[line_data["year"].between(band["year"].min(), band["year"].max())]
    line_data = line_data.assign(series="Selected country")

    pick = alt.param(name="country", value=default,
                     bind=alt.binding_select(options=list(choices), name="Country: "))
    others_series = "All other states: mean"
    domain = [f"{group_label}: range and mean", "Selected country"]
    palette = [theme.BLUE, theme.VERMILION]
    if show_others:
        domain.append(others_series)
        palette.append(theme.BLACK)
    colour = alt.Color("series:N", title=None,
                       scale=alt.Scale(domain=domain, range=palette),
                       legend=alt.Legend(orient="bottom"))
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d"))
    y_title = f"Agreement with {reference_label}"
    area = alt.Chart(band).mark_area(opacity=0.25).encode(
        x=x, y=alt.Y("low:Q", title=y_title, scale=alt.Scale(domain=[0, 1])), y2="high:Q",
        color=colour,
        tooltip=theme.tooltip(("year:Q", "Year", "d"), ("low:Q", "Lowest member", ".2f"),
                              ("high:Q", "Highest member", ".2f"),
                              ("n_states:Q", "Members scored")))
    mean = alt.Chart(band).mark_line(strokeDash=[5, 3]).encode(
        x=x, y="mean:Q", color=colour,
        tooltip=theme.tooltip(("year:Q", "Year", "d"), ("mean:Q", f"{group_label} mean", ".2f")))
    chosen = alt.Chart(line_data).mark_line(point=True, strokeWidth=2.5).encode(
        x=x, y="agreement:Q", color=colour,
        tooltip=theme.tooltip(("country:N", "Country"), ("year:Q", "Year", "d"),
                              ("agreement:Q", "Agreement", ".2f"),
                              ("n_votes:Q", "Roll calls counted")),
    ).transform_filter(alt.datum.country == pick).add_params(pick)
    layers = [area, mean, chosen]
    if show_others:
        rest = yearly_group_means(scores, members)[["year", "others", "n_others"]]
        rest = rest[rest["year"].between(band["year"].min(), band["year"].max())]
        layers.append(alt.Chart(rest.assign(series=others_series)).mark_line(
            strokeDash=[1, 3], strokeWidth=2).encode(
            x=x, y="others:Q", color=colour,
            tooltip=theme.tooltip(("year:Q", "Year", "d"),
                                  ("others:Q", "Mean of all other states", ".2f"),
                                  ("n_others:Q", "Other states scored"))))
    return alt.LayerChart(layer=layers).properties(
        width=560, height=320,
        title=f"UN General Assembly agreement with {reference_label}",
        description=(f"Line chart of yearly UN General Assembly vote agreement with "
                     f"{reference_label}: a shaded band spans the lowest to highest "
                     f"{group_label}, a dashed line shows their mean, "
                     + ("a dotted line the mean of all other states, " if show_others else "")
                     + "and a solid line shows the country chosen in the dropdown."))
