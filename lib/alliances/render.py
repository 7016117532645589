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

``import alliances`` enables the renderer; :func:`~alliances.render.enable` does it again if a
notebook switched to another one.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import os
import re
import sys
from collections.abc import Mapping, Sequence
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

_SCRIPT = """
(function () {
  var id = %(id)s, el = document.getElementById(id);
  var figure = document.getElementById(id + "-figure");
  var spec = JSON.parse(document.getElementById(id + "-spec").textContent);
  var presets = %(presets)s, verdict = %(verdict)s, start = %(start)s;
  function explore(view) {
    var select = document.getElementById(id + "-preset");
    var shown = document.getElementById(id + "-verdict");
    var reset = document.getElementById(id + "-reset");
    var key = figure.getAttribute("data-key") || id, timer = null;
    function set(values) {
      Object.keys(values).forEach(function (name) {
        if (name in start) view.signal(name, values[name]);
      });
    }
    function base() { return select ? presets[select.value] : start; }
    function update(remember) {
      if (shown) {
        shown.querySelector(".alliances-verdict-label").textContent = view.signal(verdict.label);
        shown.querySelector(".alliances-verdict-numbers").textContent = view.signal(verdict.numbers);
        shown.setAttribute("data-verdict", view.signal(verdict.value));
      }
      if (!remember) return;
      var state = new URLSearchParams(), from = base();
      if (select && select.selectedIndex > 0) state.set("case", select.value);
      Object.keys(start).forEach(function (name) {
        var value = view.signal(name);
        if (value !== from[name]) state.set(name, String(value));
      });
      var hash = state.toString() ? "#" + key + "?" + state.toString() : "";
      history.replaceState(null, "", location.pathname + location.search + hash);
    }
    function changed() {
      clearTimeout(timer);
      timer = setTimeout(function () { view.runAsync().then(function () { update(true); }); }, 0);
    }
    Object.keys(start).forEach(function (name) { view.addSignalListener(name, changed); });
    if (select) select.addEventListener("change", function () { set(presets[select.value]); changed(); });
    if (reset) reset.addEventListener("click", function () {
      if (select) select.selectedIndex = 0;
      set(select ? presets[select.value] : start);
      changed();
    });
    var prefix = "#" + key + "?";
    if (location.hash.indexOf(prefix) === 0) {
      var saved = new URLSearchParams(location.hash.slice(prefix.length)), values = {};
      if (select && saved.has("case") && presets[saved.get("case")]) select.value = saved.get("case");
      set(base());
      saved.forEach(function (value, name) {
        var number = Number(value);
        if (name in start && value !== "" && isFinite(number)) values[name] = number;
      });
      set(values);
      view.runAsync().then(function () { update(false); figure.scrollIntoView(); });
    } else {
      update(false);
    }
  }
  // A chart wider than its box is drawn again with its plot widths scaled down (estimated
  // from two drawings: width = fixed part + scaled part), and with its legends below the
  // plot on a narrow screen, so that it fits without shrinking its text.
  function scale(node, f) {
    if (Array.isArray(node)) { node.forEach(function (n) { scale(n, f); }); return; }
    if (!node || typeof node !== "object") return;
    Object.keys(node).forEach(function (k) {
      var v = node[k];
      if (k === "data" || k === "datasets" || k === "values") return;
      if ((k === "width" || k === "continuousWidth") && typeof v === "number") {
        node[k] = Math.max(40, Math.floor(v * f));
      } else if (k === "width" && v && typeof v.step === "number") {
        v.step = Math.max(4, v.step * f);
      } else { scale(v, f); }
    });
  }
  function lines(text, max) {
    var out = [], line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > max) { out.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) out.push(line);
    return out;
  }
  // On a narrow screen: panels side by side stacked instead, legends under the plot, long axis
  // labels and titles on several lines.
  function narrow(s, room) {
    var c = s.config = s.config || {}, max = Math.max(24, Math.floor(room / 9));
    if (s.hconcat) { s.vconcat = s.hconcat; delete s.hconcat; }
    c.legend = Object.assign({}, c.legend, {orient: "bottom", direction: "vertical",
                                            labelLimit: Math.max(120, room - 60)});
    c.axisY = Object.assign({}, c.axisY, {labelLimit: Math.max(120, room * 0.55)});
    c.axisX = Object.assign({}, c.axisX, {labelLimit: Math.max(120, room / 2),
      labelExpr: "split(trim(replace(datum.label, /(.{1,18})( +|$)/g, '$1\\\\n')), '\\\\n')"});
    (function legends(node) {
      if (Array.isArray(node)) { node.forEach(legends); return; }
      if (!node || typeof node !== "object") return;
      Object.keys(node).forEach(function (k) {
        var v = node[k];
        if (k === "data" || k === "datasets" || k === "values") return;
        if (k === "legend" && v && typeof v === "object" && !Array.isArray(v)) {
          if (v.orient === "right" || v.orient === "left") v.orient = "bottom";
          if (typeof v.columns === "number") v.columns = Math.min(v.columns, room < 420 ? 2 : 3);
        }
        legends(v);
      });
    })(s);
    if (typeof s.title === "string" && s.title.length > max) s.title = lines(s.title, max);
    else if (s.title && typeof s.title.text === "string" && s.title.text.length > max) {
      s.title.text = lines(s.title.text, max);
    }
  }
  function draw(f, tries, seen) {
    var s = JSON.parse(JSON.stringify(spec)), room = el.clientWidth;
    if (!start) { if (f < 1) scale(s, f); if (room && room < 560) narrow(s, room); }
    return vegaEmbed(el, s, {renderer: "svg", actions: false}).then(function (result) {
      var svg = el.querySelector("svg");
      var natural = svg ? parseFloat(svg.getAttribute("width")) || 0 : 0;
      seen.push([f, natural]);
      if (start || !room || natural <= room + 1 || tries >= 3) return result;
      var next = f * (room - 2) / natural;
      if (seen.length > 1) {
        var p = seen[seen.length - 2], q = seen[seen.length - 1];
        var slope = (p[1] - q[1]) / (p[0] - q[0]);
        if (slope > 0) next = (room - 2 - (q[1] - slope * q[0])) / slope;
      }
      result.view.finalize();
      return draw(Math.max(0.15, Math.min(next, f * 0.97)), tries + 1, seen);
    });
  }
  function embed() {
    draw(1, 0, []).then(function (result) {
      el.vegaView = result.view;
      if (start) explore(result.view);
      el.setAttribute("data-ready", "true");
      var preview = el.parentNode.querySelector(".alliances-preview");   // the live chart takes
      if (preview) preview.parentNode.removeChild(preview);              // the picture's place
      if (start) {                    // an explorer's chart follows its box by itself: Vega
        // measures the box on a window resize, but the box settles only after the page's layout
        // (its container queries) has caught up, so measure again whenever the box changes.
        if (window.ResizeObserver) {
          var last = el.clientWidth;
          new ResizeObserver(function () {
            if (Math.abs(el.clientWidth - last) < 2) return;
            last = el.clientWidth;
            window.dispatchEvent(new Event("resize"));
          }).observe(el);
        }
        return;
      }
      var drawnAt = el.clientWidth, timer = null;
      window.addEventListener("resize", function () {   // a phone turned sideways
        clearTimeout(timer);
        timer = setTimeout(function () {
          if (Math.abs(el.clientWidth - drawnAt) < 30) return;
          drawnAt = el.clientWidth;
          el.vegaView.finalize();
          draw(1, 0, []).then(function (again) { el.vegaView = again.view; });
        }, 200);
      });
    }).catch(function (error) { console.error(error); });
  }
  if (window.vegaEmbed) { embed(); return; }
  var bundle = document.getElementById("alliances-vega-bundle");
  if (bundle) { bundle.addEventListener("load", embed); return; }
  var urls = %(cdn)s, i = 0;
  (function next() {
    if (i === urls.length) { embed(); return; }
    var s = document.createElement("script"); s.src = urls[i++]; s.onload = next;
    document.head.appendChild(s);
  })();
})();
"""


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
              verdict: Mapping[str, str] | None = None, key: str | None = None) -> str:
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
    """
    if not isinstance(spec, Mapping):
        raise TypeError(f"spec must be a Vega-Lite specification (a mapping), got {type(spec).__name__}")
    if controls is not None and (not isinstance(controls, Mapping) or not controls):
        raise TypeError("controls must be a non-empty mapping from a block's legend to "
                        "parameter names")
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
        parts = [f'<div class="alliances-figure alliances-explorer" id="{element_id}-figure" '
                 f'data-key="{html.escape(key)}" role="group" '
                 f'aria-label="Interactive figure: {description}">'
                 f'<div class="alliances-explorer-body"><div class="alliances-explorer-view">'
                 f'{line}{chart}</div><div class="alliances-controls">{bar}{"".join(blocks)}'
                 f'</div></div>']
    else:
        # A chart too wide for a small screen scrolls sideways, so the figure takes keyboard
        # focus (WCAG 2.1.1).
        parts = [f'<div class="alliances-figure" id="{element_id}-figure" tabindex="0" '
                 f'role="group" aria-label="Interactive figure: {description}">{menu}{chart}']
    parts.append(f'<script type="application/json" id="{element_id}-spec">'
                 f'{_json_for_script(tree)}</script>')
    signals = {k: verdict[k] for k in ("value", "label", "numbers")} if verdict else None
    parts.append("<script>" + _SCRIPT % {
        "id": json.dumps(element_id),
        "presets": _json_for_script({k: dict(v) for k, v in presets.items()}) if presets else "null",
        "verdict": _json_for_script(signals) if signals else "null",
        "start": _json_for_script(start) if controls or presets else "null",
        "cdn": json.dumps(list(_CDN.values())),
    } + "</script></div>")
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
    dependencies). It declares top-level constants, so it is wrapped in a
    function scope; it sets ``window.vega``, ``window.vegaLite`` and
    ``window.vegaEmbed``.
    """
    import vl_convert

    # The stub makes ``snippet`` required; at run time it defaults to None (the standard bundle).
    code = vl_convert.javascript_bundle(vl_version=_vl_version())  # type: ignore[call-arg]
    version = vl_convert.__version__  # type: ignore[attr-defined]  # the stub omits __version__
    return f"/* Vega-Lite {alt.VEGALITE_VERSION} bundle from vl-convert {version} */\n" \
           f"(function () {{\n{code}\n}})();\n"
