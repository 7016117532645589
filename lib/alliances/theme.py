"""The look of every chart in the book: one colour-blind-safe palette and one altair theme.

Every colour a chart uses is named here, so a chart module never spells a hex
code. The palette is Okabe and Ito's (2008), which stays distinct for the
common forms of colour blindness; the verdict of the formula always has the
same colour (:data:`VERDICT_COLOURS`). :func:`enable` registers and turns on
the altair theme ``"alliances"``, which sets the palette, the fonts, the
smallest legible font size and the default size of a chart; ``import
alliances`` calls it. :func:`tooltip` builds the tooltip lists that the charts
share.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

import altair as alt

from .value import Verdict

# The Okabe–Ito colours, by name.
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"          # "bluish green"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILION = "#D55E00"
PURPLE = "#CC79A7"         # "reddish purple"
BLACK = "#000000"
# Neutral tones for rules, outlines and an "other" category.
GREY = "#999999"
DARK_GREY = "#555555"
WHITE = "#FFFFFF"

#: The Okabe–Ito palette in its usual order: the default colours of every categorical chart.
PALETTE: tuple[str, ...] = (ORANGE, SKY_BLUE, GREEN, YELLOW, BLUE, VERMILION, PURPLE, BLACK)

#: The colour of each verdict of b − c ≥ a > 0, shared by every chart that shows a verdict.
VERDICT_COLOURS: Mapping[Verdict, str] = MappingProxyType({
    Verdict.NOT_WORTH_IT: VERMILION,
    Verdict.ALTERNATIVE: ORANGE,
    Verdict.ALLY: BLUE,
})

#: The colours of UN General Assembly votes (the three vote categories and an absence).
VOTE_COLOURS: Mapping[str, str] = MappingProxyType({
    "yes": BLUE, "no": VERMILION, "abstain": ORANGE, "non-voting": PURPLE,
})

#: The name of the registered theme.
THEME_NAME = "alliances"
#: The font stack of the charts: the book's body font first.
FONT = "'Helvetica Neue', Helvetica, Arial, sans-serif"
#: The smallest font size, in pixels, of any text in a chart on the page, on any screen
#: (:func:`alliances.render.legible` raises smaller sizes to it).
MIN_FONT_SIZE = 10
#: The default width and height, in pixels, of a chart's plotting area.
WIDTH, HEIGHT = 420, 260


def scale(colours: Mapping[str, str]) -> alt.Scale:
    """Return an altair colour scale that gives each key of ``colours`` its colour, in order."""
    if not isinstance(colours, Mapping) or not colours:
        raise TypeError(f"colours must be a non-empty mapping from category to colour, "
                        f"got {colours!r}")
    return alt.Scale(domain=list(colours), range=list(colours.values()))


def verdict_scale() -> alt.Scale:
    """Return the colour scale of the three verdicts, keyed by their values (``"ally"`` …)."""
    return scale({v.value: colour for v, colour in VERDICT_COLOURS.items()})


def palette_colours(categories: Sequence[str]) -> Mapping[str, str]:
    """Give each of ``categories`` a colour of :data:`PALETTE`, in order (at most eight)."""
    if isinstance(categories, str) or len(categories) > len(PALETTE):
        raise ValueError(f"categories must be a sequence of at most {len(PALETTE)} names, "
                         f"got {categories!r}")
    return MappingProxyType(dict(zip(categories, PALETTE)))


def tooltip(*fields: str | tuple[str, str] | tuple[str, str, str]) -> list[alt.Tooltip]:
    """Build a chart's tooltip list from short descriptions of its fields.

    Each field is ``"name:T"`` (shown under its own name), ``("name:T",
    "Title")`` or ``("name:T", "Title", "format")`` with a d3 format such as
    ``".2f"``. For example ``tooltip(("value:Q", "Value", ",.1f"), "unit:N")``.
    """
    items = []
    for field in fields:
        parts = (field,) if isinstance(field, str) else tuple(field)
        if not 1 <= len(parts) <= 3 or not all(isinstance(p, str) for p in parts):
            raise TypeError(f"fields must be strings or (field, title[, format]) tuples, "
                            f"got {field!r}")
        title = parts[1] if len(parts) > 1 else alt.Undefined
        number_format = parts[2] if len(parts) == 3 else alt.Undefined
        items.append(alt.Tooltip(parts[0], title=title, format=number_format))
    return items


def wrapped_labels(labels: Iterable[str], width: int = 22) -> str:
    """Return a Vega label expression that breaks each of ``labels`` into lines of about
    ``width`` characters, so that long category names stay whole on a narrow screen."""
    expr = "datum.label"
    for label in labels:
        lines = textwrap.wrap(label, width) or [label]
        quoted = ", ".join("'" + line.replace("'", "\\'") + "'" for line in lines)
        escaped = label.replace("'", "\\'")
        expr = f"datum.label === '{escaped}' ? [{quoted}] : ({expr})"
    return expr


def fit_width() -> alt.AutoSizeParams:
    """Return the autosize of a chart drawn ``width="container"``: axes, legends and all fit the box.

    The theme's own autosize (``"pad"``) would make the plotting area alone as wide as
    the container, and the axes stick out of it; ``"fit-x"`` counts them in.
    """
    return alt.AutoSizeParams(type="fit-x", contains="padding", resize=True)


def theme() -> alt.theme.ThemeConfig:
    """Return the book's altair theme: palette, fonts, legible sizes, default size and autosize."""
    axis: alt.theme.AxisConfigKwds = {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 260}
    return {
        # Grow or shrink with the content and re-measure when a slider changes a label.
        "autosize": {"type": "pad", "contains": "content", "resize": True},
        "config": {
            "font": FONT,
            "range": {"category": list(PALETTE)},
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT},
            "axis": axis,
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 280},
            "header": {"labelFontSize": 12, "titleFontSize": 12},
            "title": {"fontSize": 15, "anchor": "start", "subtitleFontSize": 12},
            "text": {"fontSize": 12},
        },
    }


def enable() -> None:
    """Register the theme :data:`THEME_NAME` with altair and make it the active one."""
    if THEME_NAME not in alt.theme.names():
        alt.theme.register(THEME_NAME, enable=False)(theme)
    alt.theme.enable(THEME_NAME)


__all__ = ["BLACK", "BLUE", "DARK_GREY", "FONT", "GREEN", "GREY", "HEIGHT", "MIN_FONT_SIZE",
           "ORANGE", "PALETTE", "PURPLE", "SKY_BLUE", "THEME_NAME", "VERDICT_COLOURS",
           "VERMILION", "VOTE_COLOURS", "WHITE", "WIDTH", "YELLOW", "enable", "fit_width",
           "palette_colours", "scale", "theme", "tooltip", "verdict_scale", "wrapped_labels"]
