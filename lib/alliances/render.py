"""How the book's charts reach the page: an altair renderer that works offline.

Altair's own HTML output loads the Vega libraries from a public CDN. The
published book must work with no internet, so :mod:`alliances.sphinxext`
serves one pinned JavaScript bundle (Vega, Vega-Lite and Vega-Embed, made by
``vl-convert-python``) from the book's own static files, and this renderer
emits HTML that calls ``vegaEmbed`` from that bundle. Outside the book (in
JupyterLab or Colab) the same HTML falls back to loading the libraries from
the CDN, as altair itself does, so a chart still shows in a notebook.

``import alliances`` enables the renderer; :func:`~alliances.render.enable` does it again if a
notebook switched to another one.
"""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Mapping
from typing import Any

import altair as alt

RENDERER_NAME = "alliances"

#: Colour-blind-safe palette (Okabe and Ito 2008), used by every chart of the book.
PALETTE: tuple[str, ...] = ("#E69F00", "#56B4E9", "#009E73", "#F0E442",
                            "#0072B2", "#D55E00", "#CC79A7", "#000000")

#: Colours of the three verdicts, shared by every chart that shows a verdict.
VERDICT_COLOURS: Mapping[str, str] = {
    "ally": "#0072B2",          # blue
    "alternative": "#E69F00",   # orange
    "not worth it": "#D55E00",  # vermilion
}

_CDN = {  # used only outside the book, where the page has no local bundle
    "vega": f"https://cdn.jsdelivr.net/npm/vega@{alt.VEGA_VERSION}",
    "vega-lite": f"https://cdn.jsdelivr.net/npm/vega-lite@{alt.VEGALITE_VERSION}",
    "vega-embed": f"https://cdn.jsdelivr.net/npm/vega-embed@{alt.VEGAEMBED_VERSION}",
}

_counter = itertools.count(1)

_SCRIPT = """
(function () {
  var el = document.getElementById(%(id)s);
  var spec = JSON.parse(document.getElementById(%(id)s + "-spec").textContent);
  var presets = %(presets)s;
  function embed() {
    vegaEmbed(el, spec, {renderer: "svg", actions: false}).then(function (result) {
      el.vegaView = result.view;
      var select = document.getElementById(%(id)s + "-preset");
      if (select && presets) {
        select.addEventListener("change", function () {
          var values = presets[select.value] || {};
          Object.keys(values).forEach(function (name) { result.view.signal(name, values[name]); });
          result.view.runAsync();
        });
      }
      el.setAttribute("data-ready", "true");
    }).catch(function (error) { console.error(error); });
  }
  if (window.vegaEmbed) { embed(); return; }
  var urls = %(cdn)s, i = 0;
  (function next() {
    if (i === urls.length) { embed(); return; }
    var s = document.createElement("script"); s.src = urls[i++]; s.onload = next;
    document.head.appendChild(s);
  })();
})();
"""


def _json_for_script(value: Any) -> str:
    """Serialise ``value`` as JSON that is safe inside an HTML ``<script>`` element."""
    return json.dumps(value).replace("</", "<\\/")


def vega_html(spec: Mapping[str, Any], *, presets: Mapping[str, Mapping[str, float]] | None = None,
              preset_label: str = "Case") -> str:
    """Return the HTML that shows a Vega-Lite ``spec`` on a page, live and offline.

    ``spec`` is a Vega-Lite specification as a dict (``chart.to_dict()``). If
    ``presets`` is given, a drop-down list is added above the chart; choosing
    an entry sets the chart's parameters (Vega signals) named in that
    entry's mapping, so bound sliders jump to the preset's values. The chart's
    ``description`` becomes the figure's accessible name.
    """
    if not isinstance(spec, Mapping):
        raise TypeError(f"spec must be a Vega-Lite specification (a mapping), got {type(spec).__name__}")
    element_id = f"alliances-chart-{next(_counter)}"
    description = str(spec.get("description") or "Chart")
    # The figure scrolls sideways on narrow screens, so it takes keyboard focus (WCAG 2.1.1).
    parts = [f'<div class="alliances-figure" tabindex="0" role="group" '
             f'aria-label="Interactive figure: {html.escape(description)}">']
    if presets:
        options = "".join(f'<option value="{html.escape(name)}">{html.escape(name)}</option>'
                          for name in presets)
        parts.append(f'<label class="alliances-preset">{html.escape(preset_label)}: '
                     f'<select id="{element_id}-preset">{options}</select></label>')
    parts.append(f'<div id="{element_id}" class="alliances-chart" role="figure" '
                 f'aria-label="{html.escape(description)}"></div>')
    parts.append(f'<script type="application/json" id="{element_id}-spec">'
                 f'{_json_for_script(dict(spec))}</script>')
    parts.append("<script>" + _SCRIPT % {
        "id": json.dumps(element_id),
        "presets": _json_for_script({k: dict(v) for k, v in presets.items()}) if presets else "null",
        "cdn": json.dumps(list(_CDN.values())),
    } + "</script></div>")
    return "".join(parts)


def _renderer(spec: dict, **metadata: Any) -> dict[str, str]:
    return {"text/html": vega_html(spec)}


def enable() -> None:
    """Register and enable the book's altair renderer (offline in the book, CDN elsewhere)."""
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

    major_minor = ".".join(alt.VEGALITE_VERSION.lstrip("v").split(".")[:2])
    code = vl_convert.javascript_bundle(vl_version=major_minor)
    return f"/* Vega-Lite {alt.VEGALITE_VERSION} bundle from vl-convert {vl_convert.__version__} */\n" \
           f"(function () {{\n{code}\n}})();\n"
