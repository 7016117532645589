"""A small Sphinx extension that makes the book's pages work offline and cleanly.

It does four things when the HTML book is built:

1. writes the Vega bundle of :func:`alliances.render.bundle_javascript`, the
   book's stylesheet and MathJax 3 (from the pinned ``django-static-mathjax``
   package, SVG output, so no web fonts) into a build-owned static folder, so
   neither charts nor formulas reach for a CDN;
2. keeps pages fast: the Vega bundle is loaded only by pages that hold a
   chart, MathJax only by pages with a formula (Sphinx decides that), and
   both ``async``, so neither delays DOMContentLoaded; a chart waits for the
   bundle's ``load`` event (see :mod:`alliances.render`). The ipywidgets state
   that myst-nb copies from an executed notebook
   (``application/vnd.jupyter.widget-state+json``) is dropped: no page uses
   it, since the live Vega view replaces the widget there;
3. removes repeated scripts from each page. Under Jupyter Book 1 the inline
   scripts of sphinx-thebe (``const THEBE_JS_URL = ...``) and
   sphinx-togglebutton reach the page twice, and the second ``const`` throws
   "Identifier 'THEBE_JS_URL' has already been declared" in the browser;
4. drops the ``role="list"`` that docutils puts on a bibliography, whose
   entries are not list items (an ARIA error that axe-core reports).

``_config.yml`` also turns off myst-nb's ipywidgets JavaScript, which comes
from public CDNs: the book's interactive outputs are Vega charts that need no
widget manager (see :mod:`alliances.explorer`).

Enable it in ``_config.yml`` under ``sphinx: extra_extensions``.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

import altair as alt

from .render import HTML_ONLY, bundle_javascript

BUNDLE = "alliances-vega.js"
#: The id of the bundle's ``<script>`` element, whose ``load`` event the charts wait for.
BUNDLE_ID = "alliances-vega-bundle"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
STYLESHEET = "alliances.css"
MATHJAX = "alliances-mathjax.js"


def _write_static(app: Any) -> None:
    folder = Path(app.doctreedir).parent / "alliances_static"
    folder.mkdir(parents=True, exist_ok=True)
    bundle = folder / BUNDLE
    stamp = folder / "VERSION"
    version = f"{alt.VEGALITE_VERSION} {alt.__version__}"
    if not bundle.exists() or not stamp.exists() or stamp.read_text() != version:
        bundle.write_text(bundle_javascript(), encoding="utf-8")
        stamp.write_text(version)
    css = resources.files("alliances").joinpath("static", STYLESHEET).read_text(encoding="utf-8")
    (folder / STYLESHEET).write_text(css, encoding="utf-8")
    mathjax = resources.files("mathjax").joinpath("static", "mathjax", "es5", "tex-svg.js")
    (folder / MATHJAX).write_bytes(mathjax.read_bytes())
    app.config.mathjax_path = MATHJAX
    app.config.html_static_path.append(str(folder))


def _drop_repeated_scripts(app: Any, pagename: str, templatename: str,
                           context: dict[str, Any], doctree: Any) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple[str, str]] = set()
    unique = []
    for script in scripts:
        body = getattr(script, "attributes", {}).get("body")  # inline scripts have no file name
        key = ("body", body) if body else ("file", str(getattr(script, "filename", script)))
        if key in seen:
            continue
        seen.add(key)
        unique.append(script)
    scripts[:] = unique


def _light_mode(app: Any, config: Any) -> None:
    # pydata-sphinx-theme logs a console error when no colour mode is set; charts are drawn
    # for a light background, so the book starts in light mode.
    config.html_context = {**(config.html_context or {}), "default_mode": "light"}
    # Sphinx loads MathJax 3 with "defer", which runs the 2 MB script before DOMContentLoaded;
    # "async" typesets the formulas as soon as it arrives without holding the page back.
    config.mathjax_options = {**(config.mathjax_options or {}), "async": "async"}


def _load_only_what_the_page_uses(app: Any, pagename: str, templatename: str,
                                  context: dict[str, Any], doctree: Any) -> None:
    # Runs after the other handlers (myst-nb adds the widget state in its own handler).
    scripts = context.get("script_files")
    if not scripts:
        return
    has_chart = 'class="alliances-chart"' in (context.get("body") or "")
    kept = []
    for script in scripts:
        attributes = getattr(script, "attributes", {})
        if attributes.get("type") == WIDGET_STATE:
            continue
        if str(getattr(script, "filename", "")).endswith(BUNDLE) and not has_chart:
            continue
        kept.append(script)
    scripts[:] = kept


def _fix_citation_list(app: Any, pagename: str, templatename: str,
                       context: dict[str, Any], doctree: Any) -> None:
    # docutils marks a bibliography as role="list" whose children are role="doc-biblioentry",
    # not list items, which axe-core reports as a critical ARIA error. A plain container is
    # correct: each entry keeps its doc-biblioentry role.
    body = context.get("body")
    if body and 'role="list" class="citation-list"' in body:
        context["body"] = body.replace('<div role="list" class="citation-list">',
                                       '<div class="citation-list">')


def setup(app: Any) -> dict[str, Any]:
    """Register the extension with Sphinx."""
    # The notebooks executed by this build show their charts as HTML alone: no widget, whose
    # state (with Vega's JavaScript) would only fill the execution cache (alliances.render).
    os.environ[HTML_ONLY] = "1"
    app.connect("config-inited", _light_mode)
    app.connect("builder-inited", _write_static)
    # Sphinx stops calling html-page-context handlers at the first one that returns a
    # template name, so this one must run early.
    app.connect("html-page-context", _drop_repeated_scripts, priority=100)
    app.connect("html-page-context", _fix_citation_list, priority=100)
    app.connect("html-page-context", _load_only_what_the_page_uses, priority=900)
    app.add_js_file(BUNDLE, priority=200, id=BUNDLE_ID, **{"async": "async"})
    app.add_css_file(STYLESHEET)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
