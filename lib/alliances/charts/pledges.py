"""Charts of defence pledges: counts by year and the network of pledges."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import altair as alt
import pandas as pd

from .. import countries, pledges, theme
from ..validate import check_frame

#: One Okabe–Ito colour per region of :data:`alliances.pledges.REGIONS`.
REGION_COLOURS: Mapping[str, str] = MappingProxyType(dict(zip(
    pledges.REGIONS, (theme.ORANGE, theme.BLUE, theme.GREEN, theme.VERMILION, theme.PURPLE))))


#: One Okabe–Ito colour per major power of :data:`alliances.countries.MAJOR_PLEDGERS`
#: (Russia under :data:`alliances.pledges.RUSSIA_LABEL`).
PLEDGER_COLOURS: Mapping[str, str] = MappingProxyType(dict(zip(
    [pledges.RUSSIA_LABEL if n == "Russia" else n for n in countries.MAJOR_PLEDGERS],
    (theme.BLUE, theme.VERMILION, theme.ORANGE, theme.GREEN, theme.SKY_BLUE, theme.PURPLE))))


def pledges_chart(counts: pd.DataFrame) -> alt.Chart:
    """Line chart of how many states each major power pledged to defend, year by year.

    ``counts`` is :func:`alliances.pledges.pledge_counts` (or
    :func:`alliances.pledges.pledges_by_year`). Clicking a
    name in the legend highlights that country (shift-click adds more);
    hovering over a point shows the count.
    """
    check_frame(counts, ("country", "year", "partners"), "counts")
    data = counts[["country", "year", "partners"]].copy()
    data["country"] = data["country"].astype(str)
    names = list(dict.fromkeys(data["country"]))
    colours = [PLEDGER_COLOURS.get(n, theme.BLACK) for n in names]
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
        tooltip=theme.tooltip(("country:N", "Country"), ("year:Q", "Year", "d"),
                              ("partners:Q", "States it pledged to defend")),
    ).add_params(pick).properties(
        width=470, height=300,       # with its legend, fits a desktop column
        title=f"Defence pledges of six major powers, {data['year'].min()}–{data['year'].max()}",
        description=("Line chart of the number of states that the United States, Russia or "
                     "the Soviet Union, China, India, the United Kingdom and France each "
                     "pledged to defend in every year according to ATOP; the United States "
                     "leads throughout and India never appears."),
    )


def network_layout(table: pd.DataFrame, columns: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Place each pledging state as a hub with its partners on a circle around it.

    ``table`` is :func:`alliances.pledges.partners` (its rows give the partners; a pledger
    named in ``table.attrs["pledgers"]`` but without rows still gets a hub).
    Hubs sit on a grid of ``columns`` columns, one unit apart; partners are
    spread evenly on a circle of radius 0.38 around their hub, in the table's
    order (grouped by region). Returns ``(nodes, edges)``: ``nodes`` has
    ``x``, ``y``, ``kind`` ("hub" or the partner's region), ``label``,
    ``hub`` and ``partners`` (the hub's count); ``edges`` has ``x``, ``y``,
    ``x2``, ``y2``, ``hub`` and ``partner``.
    """
    check_frame(table, ("pledger", "partner", "region"), "table")
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
    when = pledges.check_atop_year(atop, year)
    codes = pledges.pledger_codes(ccodes)
    table = pledges.partners(atop, when, codes)
    table.attrs["pledgers"] = [pledges.state_label(c, when) for c in codes]
    nodes, edges = network_layout(table)
    hubs = nodes[nodes["kind"] == "hub"].copy()
    hubs["caption"] = [f"{h} ({n})" if n else f"{h} (no pledges)"
                       for h, n in zip(hubs["label"], hubs["partners"])]
    others = nodes[nodes["kind"] != "hub"]
    rows = math.ceil(len(hubs) / 3)
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[-0.5, 2.5]))
    y_scale = alt.Scale(domain=[-(rows - 1) - 0.55, 0.5])
    y = alt.Y("y:Q", axis=None, scale=y_scale)
    lines = alt.Chart(edges).mark_rule(color=theme.GREY, strokeWidth=0.6, opacity=0.6).encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q",
        tooltip=theme.tooltip(("hub:N", "Pledging state"), ("partner:N", "Partner")))
    dots = alt.Chart(others).mark_circle(size=55, opacity=1, stroke=theme.WHITE,
                                          strokeWidth=0.5).encode(
        x=x, y=y,
        color=alt.Color("region:N", title="Partner's region (COW)", sort=list(pledges.REGIONS),
                        scale=alt.Scale(domain=list(pledges.REGIONS),
                                        range=list(REGION_COLOURS.values())),
                        legend=alt.Legend(orient="bottom", columns=5)),
        tooltip=theme.tooltip(("label:N", "Partner"), ("region:N", "Region"),
                              ("hub:N", "Defended by")))
    centres = alt.Chart(hubs).mark_circle(size=160, color=theme.BLACK).encode(
        x=x, y=y, tooltip=theme.tooltip(("label:N", "Pledging state"), ("partners:Q", "Partners")))
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
