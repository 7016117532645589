"""How the book's charts reach the page: an altair renderer that works offline.

Altair's own HTML output loads the Vega libraries from a public CDN. The
published book must work with no internet, so :mod:`alliances.sphinxext`
serves one pinned JavaScript bundle (Vega, Vega-Lite and Vega-Embed, made by
``vl-convert-python``) from the book's own static files, and this renderer
emits HTML that calls ``vegaEmbed`` from that bundle.

In a notebook with a kernel (JupyterLab, Jupyter Notebook 7, VS Code) the
renderer gives the chart as Vega-Lite JSON under the MIME type
``application/vnd.vegalite.v5+json`` instead: those front-ends draw it with
the Vega libraries they ship, with no internet, and draw it again from the saved
output when the notebook is reopened, with or without a kernel. (Altair 6
writes Vega-Lite 6 specifications; the book's charts use nothing that
Vega-Lite 5 lacks, and ``tests/test_jupyterlab.py`` checks that every chart
draws.) The explorer's live chart is an :class:`altair.JupyterChart` widget
whose JavaScript is inlined by :func:`enable_offline_widgets`. The book's
build gives the HTML alone (:mod:`alliances.sphinxext` sets :data:`HTML_ONLY`),
and so does Google Colab, which is always online and loads the libraries from
the CDN, as altair itself does.

The charts' JavaScript lives in ``alliances/static/live-chart.js``, shipped with the package;
Python adds only data. Each chart's HTML carries its box, its spec as JSON (``<script
type="application/json">``) and one script: the file's text (:func:`static_script`) followed by
the one-line call ``alliancesChart({...})``, whose argument (JSON) names the chart's element, its
presets, verdict signals and starting values, the book's bundle and the CDN files. The text is
inlined in every chart, as the script always was, so that the HTML stands alone wherever it is
shown (Colab, an exported notebook: no file of the book's site is needed), and in the book
:mod:`alliances.sphinxext` holds it, like any inline script of the page's body, until the page
is ready (about 8 KB a chart: the file without its leading comment).

``import alliances`` enables the renderer; :func:`~alliances.render.enable` does it again if a
notebook switched to another one.
"""

from __future__ import annotations

import functools
import hashlib
import html
import itertools
import json
import os
import re
import sys
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import altair as alt

from . import theme

RENDERER_NAME = "alliances"

#: Environment variable: when ``"1"``, charts are HTML only, with no widget (set by the book's build).
HTML_ONLY = "ALLIANCES_HTML_ONLY"

_CDN = {  # used only outside the book, where the page has no local bundle
    "vega": f"https://cdn.jsdelivr.net/npm/vega@{alt.VEGA_VERSION}",
    "vega-lite": f"https://cdn.jsdelivr.net/npm/vega-lite@{alt.VEGALITE_VERSION}",
    "vega-embed": f"https://cdn.jsdelivr.net/npm/vega-embed@{alt.VEGAEMBED_VERSION}",
}

_counter = itertools.count(1)

#: The script of every chart and explorer (``alliances/static/``): it defines ``alliancesChart``.
CHART_SCRIPT = "live-chart.js"
#: The id of the page's Vega bundle element (``alliances.sphinxext`` writes it into each page that
#: holds a chart), whose ``load`` event a chart waits for.
BUNDLE_ID = "alliances-vega-bundle"
#: The function scope of the Vega bundle (:func:`bundle_javascript`), and the call in it that marks
#: the bundle's place.
VEGA_SCOPE = "vega-scope.js"
_BUNDLE_PLACE = "alliancesVegaBundle();"
#: A script's leading comment, which is for developers and is left out of the page.
_LEADING_COMMENT = re.compile(r"\A\s*/\*.*?\*/\s*", re.S)


@functools.cache
def static_script(name: str) -> str:
    """Return the text of the library's script ``name`` (a ``.js`` file of ``alliances/static/``),
    to be written inline into a page, without its leading comment.

    The book's JavaScript lives in these files, shipped with the package; Python only adds the
    data, as JSON, in a one-line call after the text (see :func:`vega_html`).
    """
    folder = resources.files("alliances").joinpath("static")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".js"))
    if name not in names:
        raise ValueError(f"name must be one of the library's scripts {names}, got {name!r}")
    return _LEADING_COMMENT.sub("", folder.joinpath(name).read_text(encoding="utf-8"), count=1)


#: The width, in pixels, at which a chart drawn ``width="container"`` is pictured before the live
#: chart takes its box's width: the book's text column on a desktop 1280 pixels wide ...
PREVIEW_WIDTH = 688
#: ... and, for an explorer's chart, its column beside the sliders on a phone 390 pixels wide (the
#: explorer's chart is 358 to 420 pixels wide on the screens the book is tested on).
EXPLORER_PREVIEW_WIDTH = 358

_FONT_SIZE = re.compile(r"^(f|.*F)ontSize$")


def legible(spec: Mapping[str, Any]) -> dict[str, Any]:
    """Return a deep copy of a Vega-Lite ``spec`` with every font size at least
    :data:`alliances.theme.MIN_FONT_SIZE`, the smallest text on the page on any screen.

    Data (``data``, ``datasets``, ``values``) is copied untouched.
    """
    def raise_sizes(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: (value if key in ("data", "datasets", "values")
                          else max(theme.MIN_FONT_SIZE, value)
                          if _FONT_SIZE.match(key) and isinstance(value, (int, float))
                          and not isinstance(value, bool)
                          else raise_sizes(value))
                    for key, value in node.items()}
        if isinstance(node, list):
            return [raise_sizes(item) for item in node]
        return node

    if not isinstance(spec, Mapping):
        raise TypeError(f"spec must be a Vega-Lite specification (a mapping), got {type(spec).__name__}")
    return raise_sizes(json.loads(json.dumps(dict(spec))))


def _preview_spec(spec: Mapping[str, Any], width: int) -> dict[str, Any]:
    if isinstance(width, bool) or not isinstance(width, int) or not 100 <= width <= 2000:
        raise ValueError(f"width must be a whole number of pixels in [100, 2000], got {width!r}")
    data: dict[str, Any] = _fixed_width(legible(spec), width)
    if spec.get("width") == "container":   # Vega-Lite fits a container-wide chart, axes and all
        data["autosize"] = {"type": "fit-x", "contains": "padding"}
    return data


def _vl_version() -> str:
    return ".".join(alt.VEGALITE_VERSION.lstrip("v").split(".")[:2])


def preview_svg(spec: Mapping[str, Any], width: int = PREVIEW_WIDTH) -> str:
    """Draw a Vega-Lite ``spec`` as a static SVG picture, as the page first draws it.

    The book shows this picture at once, and the live chart in its place as soon as the Vega
    libraries have drawn it (:mod:`alliances.sphinxext` adds it to each page). A chart as wide as
    its container is drawn ``width`` pixels wide. Uses ``vl-convert-python``, offline.

    The picture is hidden from assistive technology (the live chart's element carries the
    description), so the labels, roles and classes Vega gives each mark are left out, with the
    empty backgrounds: about half the bytes, and less for the browser to read before the page
    is ready.
    """
    import vl_convert

    svg = str(vl_convert.vegalite_to_svg(_preview_spec(spec, width), vl_version=_vl_version()))
    return _EMPTY_BACKGROUND.sub("", _MARK_LABELS.sub("", svg))


#: What Vega writes on each mark of an SVG for screen readers and for styling.
_MARK_LABELS = re.compile(r'\s(?:aria-label|aria-roledescription|aria-hidden|role|class)="[^"]*"')
_EMPTY_BACKGROUND = re.compile(r'<path d="M0,0h0v0h0Z"/>')


def preview_png(spec: Mapping[str, Any], width: int = PREVIEW_WIDTH, scale: int = 2) -> bytes:
    """Draw ``spec`` as :func:`preview_svg` does, as a PNG image ``scale`` times as dense.

    For a chart of many marks (a heat map) a PNG is smaller than its SVG, and the browser decodes
    it off the page's main thread.
    """
    import vl_convert

    return bytes(vl_convert.vegalite_to_png(_preview_spec(spec, width), vl_version=_vl_version(),
                                            scale=scale))


def _json_for_script(value: Any) -> str:
    """Serialise ``value`` as JSON that is safe inside an HTML ``<script>`` element."""
    return json.dumps(value).replace("</", "<\\/")


def _explorer_parts(spec: dict[str, Any], element_id: str,
                    controls: Mapping[str, Sequence[str]]) -> tuple[list[str], dict[str, float]]:
    """Point each bound parameter named in ``controls`` at its own slot in a labelled block.

    Returns the HTML of the blocks and the starting value of every value parameter.
    """
    params = {p["name"]: p for p in spec.get("params", []) if "name" in p}
    start = {name: p["value"] for name, p in params.items() if "value" in p and "expr" not in p}
    blocks = []
    for legend, names in controls.items():
        if isinstance(names, str):
            raise TypeError(f"controls[{legend!r}] must be a sequence of parameter names, "
                            f"not a single string")
        slots = []
        for name in names:
            if "bind" not in params.get(name, {}):
                raise ValueError(f"controls[{legend!r}] names {name!r}, which is not a bound "
                                 f"parameter of the spec; bound: "
                                 f"{', '.join(n for n, p in params.items() if 'bind' in p)}")
            slot = f"{element_id}-in-{name}"
            params[name]["bind"] = {**params[name]["bind"], "element": f"#{slot}"}
            slots.append(f'<div class="alliances-input" id="{slot}"></div>')
        if slots:
            blocks.append(f'<fieldset class="alliances-block"><legend>{html.escape(legend)}'
                          f'</legend>{"".join(slots)}</fieldset>')
    return blocks, start


def vega_html(spec: Mapping[str, Any], *, presets: Mapping[str, Mapping[str, float]] | None = None,
              preset_label: str = "Case", controls: Mapping[str, Sequence[str]] | None = None,
              verdict: Mapping[str, str] | None = None, key: str | None = None,
              fold: str | None = None) -> str:
    """Return the HTML that shows a Vega-Lite ``spec`` on a page, live and offline.

    ``spec`` is a Vega-Lite specification as a dict (``chart.to_dict()``). Its
    ``description`` becomes the figure's accessible name.

    ``controls`` makes the figure an explorer: it maps the legend of each
    block of inputs (for example ``"Benefits"``) to the names of the spec's
    bound parameters shown in that block, in order. The sliders then stand in
    labelled blocks beside the chart on a wide screen and under it on a narrow
    one, with a Reset button, and the page's address keeps the reader's
    values (``#key?name=value&...``, ``key`` defaulting to the element's id)
    so that opening that address restores them. ``verdict`` names the Vega
    signals shown in a verdict line that stays in view: ``"value"`` (the
    verdict's value), ``"label"`` and ``"numbers"`` (its texts), and may
    give the line's first texts as ``"initial_value"``, ``"initial_label"``
    and ``"initial_numbers"`` (shown before the chart is drawn).

    ``presets`` adds a drop-down list (labelled ``preset_label``); choosing an
    entry sets the chart's parameters (Vega signals) named in that entry's
    mapping, so bound sliders jump to the preset's values.

    ``fold`` (with ``controls``) names the blocks of inputs, for example ``"the 17 detailed
    inputs"``, and puts them in a disclosure that starts open: its summary, "Hide the 17
    detailed inputs" (or "Show ..." once hidden), is a button for the mouse and the keyboard,
    and the verdict line, the chart and the case menu stay in view while the inputs are hidden.
    """
    if not isinstance(spec, Mapping):
        raise TypeError(f"spec must be a Vega-Lite specification (a mapping), got {type(spec).__name__}")
    if controls is not None and (not isinstance(controls, Mapping) or not controls):
        raise TypeError("controls must be a non-empty mapping from a block's legend to "
                        "parameter names")
    if fold is not None and (not isinstance(fold, str) or not fold.strip() or not controls):
        raise ValueError(f"fold must be a non-empty text naming the inputs, and needs controls; "
                         f"got fold={fold!r}")
    if verdict is not None and not {"value", "label", "numbers"} <= set(verdict):
        raise ValueError(f"verdict must name the signals 'value', 'label' and 'numbers', "
                         f"got {sorted(verdict)}")
    element_id = f"alliances-chart-{next(_counter)}"
    description = html.escape(str(spec.get("description") or "Chart"))
    tree: dict[str, Any] = legible(spec)  # a deep copy: bindings are rewritten
    blocks, start = _explorer_parts(tree, element_id, controls or {})
    # The stage holds the chart and, in the book, a picture of it drawn at build time
    # (alliances.sphinxext adds it), shown until the live chart is ready.
    pictured = EXPLORER_PREVIEW_WIDTH if controls else PREVIEW_WIDTH
    chart = (f'<div class="alliances-stage" data-preview-width="{pictured}"><div id="{element_id}" '
             f'class="alliances-chart" role="figure" aria-label="{description}"></div></div>')
    menu = ""
    if presets:
        options = "".join(f'<option value="{html.escape(name)}">{html.escape(name)}</option>'
                          for name in presets)
        menu = (f'<label class="alliances-preset">{html.escape(preset_label)}: '
                f'<select id="{element_id}-preset">{options}</select></label>')
    if controls:
        key = key or element_id
        line = ""
        if verdict:
            line = (f'<p class="alliances-verdict" id="{element_id}-verdict" role="status" '
                    f'data-verdict="{html.escape(verdict.get("initial_value", ""))}">'
                    f'<strong class="alliances-verdict-label">'
                    f'{html.escape(verdict.get("initial_label", ""))}</strong> '
                    f'<span class="alliances-verdict-numbers">'
                    f'{html.escape(verdict.get("initial_numbers", ""))}</span></p>')
        bar = (f'<div class="alliances-controls-bar">{menu}<button type="button" '
               f'class="alliances-reset" id="{element_id}-reset">Reset</button></div>')
        inputs = f'<div class="alliances-blocks">{"".join(blocks)}</div>'
        if fold:
            inputs = (f'<details class="alliances-fold" id="{element_id}-fold" open><summary>'
                      f'<span class="alliances-fold-open">Hide</span>'
                      f'<span class="alliances-fold-closed">Show</span> {html.escape(fold)}'
                      f'</summary>{inputs}</details>')
        parts = [f'<div class="alliances-figure alliances-explorer" id="{element_id}-figure" '
                 f'data-key="{html.escape(key)}" role="group" '
                 f'aria-label="Interactive figure: {description}">'
                 f'<div class="alliances-explorer-body"><div class="alliances-explorer-view">'
                 f'{line}{chart}</div><div class="alliances-controls">{bar}{inputs}'
                 f'</div></div>']
    else:
        # A chart too wide for a small screen scrolls sideways, so the figure takes keyboard
        # focus (WCAG 2.1.1).
        parts = [f'<div class="alliances-figure" id="{element_id}-figure" tabindex="0" '
                 f'role="group" aria-label="Interactive figure: {description}">{menu}{chart}']
    parts.append(f'<script type="application/json" id="{element_id}-spec">'
                 f'{_json_for_script(tree)}</script>')
    signals = {k: verdict[k] for k in ("value", "label", "numbers")} if verdict else None
    data = {"id": element_id,
            "presets": {k: dict(v) for k, v in presets.items()} if presets else None,
            "verdict": signals, "start": start if controls or presets else None,
            "bundle": BUNDLE_ID, "cdn": list(_CDN.values())}
    parts.append(f"<script>{static_script(CHART_SCRIPT)}"
                 f"alliancesChart({_json_for_script(data)});</script></div>")
    return "".join(parts)


def html_only() -> bool:
    """Whether outputs are HTML alone, with no widget: true in the book's build (:data:`HTML_ONLY`)."""
    return os.environ.get(HTML_ONLY) == "1"


def widgets_wanted(*, require_kernel: bool = True) -> bool:
    """Whether a Jupyter front-end draws the output: charts as Vega-Lite JSON, live widgets.

    False in the book's build (:func:`html_only`), on Google Colab, without
    ``anywidget``, and, if ``require_kernel``, outside a Jupyter kernel.
    """
    if html_only() or "google.colab" in sys.modules:
        return False
    try:
        import anywidget  # noqa: F401  (JupyterChart needs it)
        from IPython import get_ipython
    except ImportError:
        return False
    if not require_kernel:
        return True
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _cache_folder() -> Path:
    folder = os.environ.get("ALLIANCES_CACHE_DIR")
    if folder:
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "alliances"


def enable_offline_widgets() -> None:
    """Make :class:`altair.JupyterChart` load its JavaScript from ``vl-convert-python``, not a CDN.

    Altair's own ``JupyterChart.enable_offline()`` builds the bundle (about
    0.9 MB) with ``vl-convert-python``, which takes seconds; this function keeps
    the result in the library's cache folder (``ALLIANCES_CACHE_DIR``, else
    ``~/.cache/alliances``), keyed by the versions of altair and vl-convert, so
    the next kernel reads it at once. Unlike ``JupyterChart.enable_offline()``
    followed by ``alt.renderers.enable("jupyter")``, which resets it, the
    setting stays.
    """
    chart_class: Any = alt.JupyterChart
    if getattr(chart_class, "_is_offline", False):
        return
    import vl_convert

    version = vl_convert.__version__  # type: ignore[attr-defined]  # the stub omits __version__
    key = hashlib.sha256(f"{alt.__version__} {version}".encode()).hexdigest()[:16]
    path = _cache_folder() / f"jupyterchart-{key}.js"
    try:
        chart_class._esm = path.read_text(encoding="utf-8")
        chart_class._is_offline = True
        return
    except OSError:
        pass
    chart_class.enable_offline(offline=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(chart_class._esm, encoding="utf-8")
        partial.replace(path)
    except OSError:   # a read-only cache folder only costs time
        pass


#: The MIME type that JupyterLab, Notebook 7 and VS Code draw with their own Vega libraries.
VEGALITE_MIME = "application/vnd.vegalite.v5+json"

#: The width, in pixels, of a chart drawn ``width="container"`` in a notebook. JupyterLab's Vega
#: renderer gives such a chart almost no room (its output box has no width when Vega measures
#: it), so in a kernel the chart is drawn this wide instead, which fits a notebook's column.
NOTEBOOK_WIDTH = 600


def _fixed_width(node: Any, width: int = NOTEBOOK_WIDTH) -> Any:
    """The spec with every ``"width": "container"`` replaced by ``width`` pixels."""
    if isinstance(node, dict):
        return {key: width if key == "width" and value == "container"
                else _fixed_width(value, width) for key, value in node.items()}
    if isinstance(node, list):
        return [_fixed_width(item, width) for item in node]
    return node


def jupyter_bundle(spec: Mapping[str, Any]) -> dict[str, Any]:
    """Return the MIME bundle of a chart: Vega-Lite JSON in a kernel, the book's HTML elsewhere.

    In a Jupyter kernel (see :func:`widgets_wanted`) the bundle is the spec under
    :data:`VEGALITE_MIME`, which the front-end draws offline and keeps in the saved
    notebook, plus a line of text; a chart as wide as its container is drawn
    :data:`NOTEBOOK_WIDTH` pixels wide there. In the book's build, on Colab and outside a
    kernel it is ``text/html`` (:func:`vega_html`), with the same text.
    """
    if not isinstance(spec, Mapping):
        raise TypeError(f"spec must be a Vega-Lite specification (a mapping), got {type(spec).__name__}")
    text = str(spec.get("description") or "An altair chart")
    if widgets_wanted():
        # A copy labelled Vega-Lite 5, the version the front-ends bundle (see the module's notes),
        # with a fixed width where the book's page would give the container's.
        data = _fixed_width(json.loads(json.dumps(dict(spec))))
        data["$schema"] = "https://vega.github.io/schema/vega-lite/v5.json"
        return {VEGALITE_MIME: data, "text/plain": text}
    return {"text/html": vega_html(spec), "text/plain": text}




def _renderer(spec: dict, **metadata: Any) -> dict[str, Any]:
    return jupyter_bundle(spec)


def enable() -> None:
    """Register and enable the book's altair renderer: offline in the book and in Jupyter."""
    if RENDERER_NAME not in alt.renderers.names():
        alt.renderers.register(RENDERER_NAME, _renderer)
    alt.renderers.enable(RENDERER_NAME)


def bundle_javascript() -> str:
    """Return the Vega, Vega-Lite and Vega-Embed bundle at the versions altair emits.

    The bundle comes from ``vl-convert-python`` (pinned with the book's other
    dependencies). It declares top-level constants, so it is written inside the
    function scope of ``alliances/static/vega-scope.js``, in place of the call
    that marks its place there; it sets ``window.vega``, ``window.vegaLite`` and
    ``window.vegaEmbed``.
    """
    import vl_convert

    # The stub makes ``snippet`` required; at run time it defaults to None (the standard bundle).
    code = vl_convert.javascript_bundle(vl_version=_vl_version())  # type: ignore[call-arg]
    version = vl_convert.__version__  # type: ignore[attr-defined]  # the stub omits __version__
    before, after = static_script(VEGA_SCOPE).split(_BUNDLE_PLACE)
    return (f"/* Vega-Lite {alt.VEGALITE_VERSION} bundle from vl-convert {version} */\n"
            f"{before}{code}{after}")
