"""A small Sphinx extension that makes the book's pages work offline and cleanly.

It does ten things when the HTML book is built:

1. writes the Vega bundle of :func:`alliances.render.bundle_javascript`, the
   book's stylesheet and MathJax 3 (from the pinned ``django-static-mathjax``
   package, SVG output, so no web fonts) into a build-owned static folder, so
   neither charts nor formulas reach for a CDN;
2. keeps pages fast: the Vega bundle is loaded only by pages that hold a
   chart, MathJax only by pages with a formula (Sphinx decides that), and no
   page loads Font Awesome's script, the largest of the theme's, which would
   redraw as SVG the icons that the theme's stylesheet already draws with Font
   Awesome's web font. Neither Vega, MathJax nor the theme's scripts delay
   DOMContentLoaded: each is held back until the page is ready, Vega first, and the search
   index is loaded by the search page only (``hold_heavy_scripts``); a chart
   waits for the bundle's ``load`` event (see :mod:`alliances.render`). The script that
   loads them is ``alliances/static/held-scripts.js``, written inline into the page's head
   and started by a one-line call naming the bundle (``LATER_LOADER``): it is small
   (about 2 KB), and inline it needs no request of its own before it can start. No
   script makes the parser wait for the stylesheets either: the small inline
   scripts stand above them and the charts' own are held too, so the page is
   ready as soon as it is read. The ipywidgets state that myst-nb copies from an
   executed notebook (``application/vnd.jupyter.widget-state+json``) is dropped: no
   page uses it, since the live Vega view replaces the widget there;
3. removes repeated scripts from each page. Under Jupyter Book 1 the inline
   scripts of sphinx-thebe (``const THEBE_JS_URL = ...``) and
   sphinx-togglebutton reach the page twice, and the second ``const`` throws
   "Identifier 'THEBE_JS_URL' has already been declared" in the browser;
4. drops the ``role="list"`` that docutils puts on a bibliography, whose
   entries are not list items (an ARIA error that axe-core reports);
5. pictures every chart (``add_previews``): a static picture drawn at build time with
   ``vl-convert-python`` stands in for the live chart until the Vega libraries have drawn it,
   so the reader sees the chart as soon as the page is read, and without JavaScript too;
6. reads the chapters that quote computed numbers (``{eval}``, see
   :mod:`alliances.prose`) from the execution cache. myst-nb runs such a
   notebook "inline", in a kernel of its own during the build, one after the
   other, and never caches it. ``execute_with_evals`` (used by
   ``tools/prefill_cache.py``, which runs the notebooks in parallel before the
   build) stores the notebook's outputs and the value of each ``{eval}``
   expression in the jupyter-cache; a cached inline client serves both to
   myst-nb. A notebook whose code is not in the cache still runs inline;
7. registers the bibliography's text backends with pybtex once. pybtex otherwise looks a
   backend up among the entry points of every installed package for each citation it
   formats (300 scans per build, a fifth of the time Sphinx takes to write the pages);
8. writes the portable edition beside the site (``_write_portable``, :mod:`alliances.portable`):
   ``_build/portable/<page>.ipynb`` for each executed notebook, and ``_build/evals/<page>.json``,
   the value of each ``{eval}`` expression as the page shows it (a JSON object from the
   expression, as the chapter writes it, to that text). That file is the one interface through
   which anything outside the build reads the computed values; keep it;
9. sets the launch buttons in an ``html-page-context`` hook (``launch_links``): Colab opens
   the chapter's portable copy on the branch ``alliances_portable_branch`` (which the deploy
   workflow writes), and when ``_config.yml`` names a hub (``alliances_jupyterhub_url``) a
   JupyterHub button pulls the branch ``alliances_student_branch`` with nbgitpuller;
10. keeps the old addresses of moved sections working (``moved_anchors``): a page that lost a
    section holds, at the top of its head, ``alliances/static/moved-anchors.js`` and its part of
    the map that ``_config.yml`` names (``alliances_old_addresses``), which sends such an address
    to the section's new home before the page shows.

The speed mechanisms among these (the held scripts, the charts' pictures, the cached inline
client) each have a name in :mod:`alliances.speedups` and turn off with ``ALLIANCES_OFF``
(``make book PLAIN=1`` turns off all of them); the rest is what the offline site needs.

``_config.yml`` also turns off myst-nb's ipywidgets JavaScript, which comes
from public CDNs: the book's interactive outputs are Vega charts that need no
widget manager (see :mod:`alliances.explorer`).

Enable it in ``_config.yml`` under ``sphinx: extra_extensions``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

import altair as alt
import yaml

from .render import (
    BUNDLE_ID,
    HTML_ONLY,
    VEGA_SCOPE,
    bundle_javascript,
    preview_png,
    preview_svg,
    static_script,
)
from .speedups import on, turned_off

BUNDLE = "alliances-vega.js"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
STYLESHEET = "alliances.css"
MATHJAX = "alliances-mathjax.js"


def _write_static(app: Any) -> None:
    folder = Path(app.doctreedir).parent / "alliances_static"
    folder.mkdir(parents=True, exist_ok=True)
    bundle = folder / BUNDLE
    stamp = folder / "VERSION"
    scope = hashlib.sha256(static_script(VEGA_SCOPE).encode()).hexdigest()[:12]
    version = f"{alt.VEGALITE_VERSION} {alt.__version__} {scope}"
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


#: The scripts held until the page is ready, as the page holds them once Sphinx and the theme have
#: written it (maybe ``async`` or ``defer``, maybe an id): Vega and MathJax (3 MB together); even
#: ``defer`` runs a script before DOMContentLoaded.
_HELD = r'<script (?:(?:async(?:="async")?|defer) )?((?:id="[^"]*" )?)src="([^"]*(?:{})\.js[^"]*)"></script>'
_HEAVY = re.compile(_HELD.format("alliances-vega|alliances-mathjax"))
#: Font Awesome's script, with the theme's comment above it ("So that users can add custom
#: icons"): it swaps each ``<i class="fa-...">`` icon for an SVG drawing of the same icon, which the
#: theme's stylesheet already draws with Font Awesome's web font. The book adds no icon of its own,
#: so every page drops it.
_ICON_SCRIPT = re.compile(r'\s*(?:<!--[^>]*custom icons[^>]*-->\s*)?<script (?:(?:async|defer) )?'
                          r'src="[^"]*scripts/fontawesome\.js[^"]*"></script>')
#: The theme's scripts that only add behaviour (Bootstrap, the sidebars, copy buttons, keyboard
#: shortcuts, highlighting of searched words), held too except on the search page, whose search
#: script needs Sphinx's doctools at once.
_THEME = re.compile(_HELD.format("scripts/bootstrap|scripts/pydata-sphinx-theme|_static/doctools"
                                 "|_static/sphinx_highlight|_static/clipboard\\.min"
                                 "|_static/copybutton|scripts/sphinx-book-theme"))

#: The script that folds the solutions: it runs as soon as it arrives (``async``), and folds them
#: once the page is read if it arrives before.
_ASYNC = re.compile(r'<script (?:defer )?((?:data-[\w-]+="[^"]*" )*)src="([^"]*_static/togglebutton'
                    r'\.js[^"]*)"></script>')
#: sphinx-design's script for tabs, which waits for DOMContentLoaded: deferred on a page with tabs,
#: dropped from the others (the book has none so far).
_TABS = re.compile(r'\s*<script (?:defer )?((?:data-[\w-]+="[^"]*" )*)src="([^"]*_static/design-tabs'
                   r'\.js[^"]*)"></script>')

#: Sphinx's search scripts and the whole search index (180 KB), which the theme's layout loads,
#: in the page's way, on every page for a search-as-you-type box the book does not use: the
#: search page loads its own.
_SEARCH_SCRIPTS = re.compile(r'\s*<script src="[^"]*(?:_static/searchtools|_static/language_data'
                             r'|searchindex)\.js[^"]*"></script>')

#: Sphinx's small settings script, which the other scripts read; written inline, its text
#: needs no request of its own.
_OPTIONS = re.compile(r'<script src="[^"]*_static/documentation_options\.js[^"]*"></script>')
#: An inline script that the browser runs where it stands (no ``type``, no ``src``).
_INLINE = re.compile(r"<script>.*?</script>", re.S)
_STYLESHEET = re.compile(r'<link [^>]*rel="stylesheet"[^>]*>')

#: The script that loads the held scripts once the page is ready (``alliances/static/``), and the
#: inline script of the page's head that holds its text and the one-line call that starts it.
#: The call names the held script loaded first: Vega's bundle, which the charts wait for.
HELD_SCRIPTS = "held-scripts.js"
LATER_LOADER = (f"<script>{static_script(HELD_SCRIPTS)}"
                f"alliancesLoadHeld({json.dumps(BUNDLE_ID)});</script>")


def hold_heavy_scripts(html: str, search_page: bool = False, options: str | None = None) -> str:
    """Keep every script from holding up DOMContentLoaded, so that the page is ready as soon as
    it is read.

    - **Heavy scripts wait.** Even ``async``, a script served from a fast local disk arrives
      while the page is still being parsed, and runs there; ``defer`` runs it before
      DOMContentLoaded. A placeholder (``<script type="text/plain" data-alliances-later=...>``,
      which the browser does not run) keeps the script's address and id, and
      :data:`LATER_LOADER` loads it once the page is ready. This holds Vega and MathJax;
      unless ``search_page``, also the theme's scripts that only add behaviour. The
      Vega bundle is preloaded (``<link rel="preload">``), so that it is already fetched.
    - **Nothing waits for the stylesheets.** A browser runs no script, inline or ``defer``,
      before the stylesheets above it have arrived, so a script after them stops the parser
      until then. Unless ``search_page``: Sphinx's settings script is written inline (its text
      is ``options``, when given); the small inline scripts of the head move above the
      stylesheets; the inline scripts of the body (each chart's) are held like the files
      (``data-alliances-run``); the script that folds solutions is ``async``; sphinx-design's
      tab script is dropped from a page without tabs.
    - **No search on every page.** Unless ``search_page``, Sphinx's search scripts and index are
      dropped.
    - **No icon script.** Font Awesome's script is dropped from every page: the theme's
      stylesheet draws the icons with Font Awesome's web font.

    A page with nothing to change is returned unchanged, and a second pass changes nothing.
    """
    def placeholder(m: re.Match[str]) -> str:
        return f'<script type="text/plain" {m.group(1)}data-alliances-later="{m.group(2)}"></script>'

    held = _HEAVY.sub(placeholder, _ICON_SCRIPT.sub("", html))
    if search_page:
        def defer(m: re.Match[str]) -> str:
            return f'<script defer {m.group(1)}src="{m.group(2)}"></script>'

        held = _TABS.sub(lambda m: "\n" + defer(m), _ASYNC.sub(defer, held))
    else:
        held = _THEME.sub(placeholder, _SEARCH_SCRIPTS.sub("", held))
        held = _ASYNC.sub(lambda m: f'<script async {m.group(1)}src="{m.group(2)}"></script>', held)
        if "sd-tab-set" not in held:
            held = _TABS.sub("", held)
        if options is not None:
            held = _OPTIONS.sub(lambda m: f"<script>{options.strip()}</script>", held)
    if "data-alliances-later=" not in held:   # nothing held
        return held
    bundle = re.search(r'id="' + BUNDLE_ID + r'" data-alliances-later="([^"]*)"', held)
    preload = f'<link rel="preload" as="script" href="{bundle.group(1)}" />\n' if bundle else ""
    if LATER_LOADER not in held:
        held = held.replace("</head>", preload + LATER_LOADER + "\n</head>", 1)
    if search_page:
        return held
    return _inline_scripts_first(held)


def _inline_scripts_first(html: str) -> str:
    """Move the head's inline scripts above its first stylesheet, in their order, and hold the
    body's inline scripts for :data:`LATER_LOADER`."""
    head_end = html.find("</head>")
    sheet = _STYLESHEET.search(html, 0, head_end)
    if head_end < 0 or not sheet:
        return html
    head, rest = html[sheet.start():head_end], html[head_end:]
    moved = _INLINE.findall(head)
    if moved:
        head = _INLINE.sub("", head)
        head = "\n".join(moved) + "\n" + re.sub(r"\n\s*\n", "\n", head)
    rest = rest.replace("<script>", '<script type="text/plain" data-alliances-run>')
    return html[:sheet.start()] + head + rest


#: A chart's stage as :func:`alliances.render.vega_html` writes it: the width at which to picture
#: a chart as wide as its box, and the chart's id.
_STAGE = re.compile(r'<div class="alliances-stage" data-preview-width="(\d+)">'
                    r'(?=<div id="([^"]+)" class="alliances-chart")')


#: The folder of the site that holds the charts' pictures.
PREVIEWS = "_images/alliances-previews"
#: A chart whose SVG picture is larger than this, in bytes (a heat map of many cells), is
#: pictured as a PNG instead (:func:`alliances.render.preview_png`).
SVG_LIMIT = 100_000


def _svg_size(svg: str) -> str:
    """The width and height of an SVG picture, in whole pixels (``"656 679"``), or ``""``."""
    size = re.search(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"', svg)
    return f"{math.ceil(float(size.group(1)))} {math.ceil(float(size.group(2)))}" if size else ""


def _picture(spec: str, wide: int, draw: Any, draw_png: Any,
             cache: Path | None) -> tuple[str, bytes, str]:
    """A chart's picture from its spec's JSON text: file name, bytes, and size (``"W H"``)."""
    stem = hashlib.sha256(f"{spec} {wide} {alt.__version__}".encode()).hexdigest()[:24]
    if cache and (cache / f"{stem}.size").exists():
        for suffix in (".svg", ".png"):
            if (cache / f"{stem}{suffix}").exists():
                return (f"{stem}{suffix}", (cache / f"{stem}{suffix}").read_bytes(),
                        (cache / f"{stem}.size").read_text())
    svg = draw(json.loads(spec), wide)
    size = _svg_size(svg)               # the size in CSS pixels always comes from the SVG
    name, data = f"{stem}.svg", svg.encode("utf-8")
    if len(data) > SVG_LIMIT:
        name, data = f"{stem}.png", draw_png(json.loads(spec), wide)
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
        (cache / name).write_bytes(data)
        (cache / f"{stem}.size").write_text(size)
    return name, data, size


#: What may stand before an SVG drawing's root element: an XML declaration, a doctype, comments.
_SVG_PROLOGUE = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->\s*)*<svg\b", re.S)


def inline_svg(svg: str, element_id: str) -> str:
    """An SVG drawing (a file's text) as an element of an HTML page: a chart's picture.

    The root ``<svg>`` gets the class ``alliances-preview``, the id ``element_id``,
    ``aria-hidden="true"`` and ``focusable="false"`` (the chart's element carries the
    description), and what stands before it (an XML declaration, a doctype, comments) is dropped.
    """
    start = _SVG_PROLOGUE.match(svg)
    if start is None:
        raise ValueError("svg must be the text of an SVG drawing, starting with its <svg> element")
    return (f'<svg class="alliances-preview" id="{element_id}" aria-hidden="true" '
            f'focusable="false"{svg[start.end():]}')


def add_previews(html: str, page: Path, site: Path, draw: Any = preview_svg,
                 draw_png: Any = preview_png, cache: Path | None = None) -> str:
    """Put a picture of each chart of ``page`` (an HTML file of ``site``) on its stage.

    The live chart needs the Vega libraries, which load once the page is ready; until it is drawn
    the reader sees this picture, hidden from assistive technology (the chart's element carries
    the description). Without JavaScript it stays. The picture is an SVG drawing
    (``draw(spec, width)``) written into the page itself (:func:`inline_svg`): an SVG file in an
    ``<img>`` would cost the browser a separate SVG document to set up and lay out, on the main
    thread, while it is still reading the page (about a quarter of a second for the six pictures
    of the Russian case). Above :data:`SVG_LIMIT` (a heat map of many cells) it is a PNG file
    (``draw_png(spec, width)``) in :data:`PREVIEWS`, which the browser fetches while it reads the
    page and decodes off the main thread. Where the box is narrower than the picture (a phone,
    often), a container query hides the picture rather than shrink its text. Pictures are named,
    and kept in ``cache`` (a folder), by a hash of the spec and width. ``html`` is the page's
    text; a page that already has its pictures is returned unchanged.
    """
    def picture(match: re.Match[str]) -> str:
        wide, element_id = int(match.group(1)), match.group(2)
        found = re.search(r'<script type="application/json" id="' + re.escape(element_id)
                          + r'-spec">(.*?)</script>', html, re.S)
        if not found:
            return match.group(0)
        name, data, size = _picture(found.group(1), wide, draw, draw_png, cache)
        if not size:
            return match.group(0)
        width, height = (int(n) for n in size.split())
        hide = (f'<style>@container (max-width: {width - 0.5}px) '
                f'{{ #{element_id}-preview {{ display: none; }} }}</style>')
        if name.endswith(".svg"):
            return match.group(0) + hide + inline_svg(data.decode("utf-8"), f"{element_id}-preview")
        target = site / PREVIEWS / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        source = Path(os.path.relpath(target, page.parent)).as_posix()
        return (f'{match.group(0)}{hide}'
                f'<img class="alliances-preview" id="{element_id}-preview" alt="" aria-hidden="true" '
                f'width="{width}" height="{height}" decoding="async" src="{source}">')

    if 'class="alliances-preview"' in html:
        return html
    return _STAGE.sub(picture, html)


def finish_site(site: Path, cache: Path | None = None,
                off: frozenset[str] | set[str] = frozenset()) -> None:
    """Edit the written pages of ``site`` with the page speed mechanisms not in ``off`` (names of
    :data:`alliances.speedups.MECHANISMS`): the charts' pictures (kept in ``cache``) and the held
    scripts.

    The theme's template writes Font Awesome's tag itself, out of an extension's reach, so the
    pages are edited once the build has finished. ``tools/rent.py`` calls this on copies of a
    plain build, to measure each mechanism on and off.
    """
    settings = site / "_static" / "documentation_options.js"
    options = settings.read_text(encoding="utf-8") if settings.is_file() else None
    shown: set[str] = set()
    for page in sorted(site.rglob("*.html")):
        text = written = page.read_text(encoding="utf-8")
        if "chart-pictures" not in off:
            text = add_previews(text, page, site, cache=cache)
        if "held-scripts" not in off:
            text = hold_heavy_scripts(text, search_page=page.name == "search.html", options=options)
        if text != written:
            page.write_text(text, encoding="utf-8")
        shown.update(re.findall(PREVIEWS + r'/([^"/]+)"', text))
    for picture in (site / PREVIEWS).glob("*") if (site / PREVIEWS).is_dir() else []:
        if picture.name not in shown:           # the picture of a chart since changed
            picture.unlink()


def _finish_pages(app: Any, exception: Exception | None) -> None:
    if exception is not None or getattr(app.builder, "format", "") != "html":
        return
    finish_site(Path(app.outdir), Path(app.doctreedir).parent / "alliances_previews", turned_off())


#: A ``{eval}`expression``` role in a Markdown cell.
EVAL_ROLE = re.compile(r"\{eval\}`([^`]+)`")
#: The key under which the cache record keeps each ``{eval}`` expression's outputs.
EVALS_KEY = "alliances_evals"
_EVAL_CELL_TAG = "alliances-eval-capture"


def _capture_cell(expressions: list[str]) -> Any:
    """A code cell that prints, as JSON, what each expression displays (its MIME bundle)."""
    import nbformat

    source = ("import json as _json\nfrom IPython import get_ipython as _ip\n"
              f"print(_json.dumps({{_e: _ip().display_formatter.format(eval(_e)) "
              f"for _e in {expressions!r}}}))")
    return nbformat.v4.new_code_cell(source, metadata={"tags": [_EVAL_CELL_TAG]})


def execute_with_evals(notebook: Any, cwd: str, timeout: int) -> tuple[Any, dict[str, Any], float,
                                                                        str | None]:
    """Run a notebook and record what each ``{eval}`` expression in its Markdown shows.

    Each expression is evaluated where myst-nb's inline mode would evaluate
    it: after the code cells above its Markdown cell have run. Returns the
    notebook with its outputs (the capture cells removed), the expressions'
    outputs as myst-nb's ``eval_variable`` gives them (a list of
    ``execute_result`` outputs), the run time in seconds, and an error text or
    ``None``.
    """
    from jupyter_cache.executors.utils import single_nb_execution

    cells = []
    for cell in notebook.cells:
        cells.append(cell)
        if cell.cell_type == "markdown":
            found = list(dict.fromkeys(EVAL_ROLE.findall(cell.source)))
            if found:
                cells.append(_capture_cell(found))
    notebook.cells = cells
    result = single_nb_execution(notebook, cwd=cwd, timeout=timeout, allow_errors=False,
                                 meta_override=True)
    evals: dict[str, Any] = {}
    kept = []
    for cell in notebook.cells:
        if _EVAL_CELL_TAG not in cell.get("metadata", {}).get("tags", []):
            kept.append(cell)
            continue
        text = "".join(o.get("text", "") for o in cell.get("outputs", [])
                       if o.get("output_type") == "stream" and o.get("name") == "stdout")
        for expression, (data, metadata) in (json.loads(text) if text else {}).items():
            evals[expression] = [{"output_type": "execute_result", "data": data,
                                  "metadata": metadata, "execution_count": None}]
    notebook.cells = kept
    error = None if result.err is None else (result.exc_string or repr(result.err))
    return notebook, evals, result.time, error


def _cached_record(notebook: Any, nb_config: Any) -> Any:
    """The cache record of this notebook's code with its ``{eval}`` values, or ``None``."""
    from jupyter_cache import get_cache

    cache = get_cache(nb_config.execution_cache_path or ".jupyter_cache")
    try:
        record = cache.match_cache_notebook(notebook)
    except KeyError:
        return None
    return record if EVALS_KEY in record.data else None


def _cached_inline_client() -> type:
    from jupyter_cache import get_cache
    from myst_nb.core.execute import NotebookClientBase
    from myst_nb.core.execute.base import EvalNameError
    from nbformat import from_dict

    class CachedInlineClient(NotebookClientBase):
        """myst-nb's inline client, answered from the execution cache (see the module's note)."""

        def start_client(self) -> None:
            cache = get_cache(self.nb_config.execution_cache_path or ".jupyter_cache")
            record = _cached_record(self.notebook, self.nb_config)
            self._evals = record.data[EVALS_KEY]
            _, self._notebook = cache.merge_match_into_notebook(self.notebook)
            self.logger.info(f"Using cached notebook and its {{eval}} values: ID={record.pk}")
            self.exec_metadata = {"mtime": record.created.timestamp(),
                                  "runtime": record.data.get("execution_seconds"),
                                  "method": "inline (cached)", "succeeded": True,
                                  "error": None, "traceback": None}

        def eval_variable(self, name: str) -> list[Any]:
            if not re.match(self.nb_config.eval_name_regex, name):
                raise EvalNameError(name)
            return [from_dict(output) for output in self._evals[name]]

    return CachedInlineClient


def _read_inline_notebooks_from_cache() -> None:
    """Let myst-nb answer an inline notebook from the cache when the cache holds its numbers."""
    import myst_nb.sphinx_ as parser

    original = parser.create_client
    if getattr(original, "alliances_cached_inline", False):
        return
    client_class = _cached_inline_client()

    def create_client(notebook: Any, source: str, nb_config: Any, logger: Any,
                      read_fmt: dict | None = None) -> Any:
        if nb_config.execution_mode == "inline" and _cached_record(notebook, nb_config):
            return client_class(notebook, Path(source), nb_config, logger)
        return original(notebook, source, nb_config, logger, read_fmt=read_fmt)

    create_client.alliances_cached_inline = True  # type: ignore[attr-defined]
    parser.create_client = create_client


#: pybtex's output backends that sphinxcontrib-bibtex asks for: plain text for each citation's
#: hover title and label, docutils for the bibliography.
CITATION_BACKENDS = ("plaintext", "docutils")


def _register_citation_backends() -> None:
    """Find pybtex's backends once and register them, so that pybtex's own lookup, which tries
    registered plugins before scanning the installed packages' entry points, finds them first."""
    from pybtex.plugin import find_plugin, register_plugin

    for name in CITATION_BACKENDS:
        register_plugin("pybtex.backends", name, find_plugin("pybtex.backends", name), force=True)


#: Where the deploy workflow publishes the portable copies, and the course's student branch
#: (``_config.yml`` may name others under ``sphinx: config``).
PORTABLE_BRANCH = "portable"
STUDENT_BRANCH = "student"


def _targets(app: Any) -> Any:
    """Where the chapters' roles point on the published site (:class:`alliances.portable.Targets`),
    read from Sphinx's record of the book's pages, labels, terms, citations and library objects."""
    from .portable import Targets, cited_authors

    env = app.env
    std, py, cite = (env.get_domain(name) for name in ("std", "py", "cite"))
    labels = {name: (str(title), f"{doc}.html#{anchor}" if anchor else f"{doc}.html")
              for name, (doc, anchor, title) in std.labels.items() if doc in env.all_docs}
    terms = {name.lower(): f"{doc}.html#{anchor}"
             for (kind, name), (doc, anchor) in std.objects.items() if kind == "term"}
    citations = {}
    for cited in cite.citations:
        persons = cited.entry.persons.get("author") or cited.entry.persons.get("editor") or []
        names = [" ".join(p.last_names).replace("{", "").replace("}", "") for p in persons]
        citations[cited.key] = (cited_authors(names), cited.entry.fields.get("year", "n.d."),
                                f"{cited.bibliography_key.docname}.html#{cited.citation_id}")
    objects = {name: f"{entry.docname}.html#{entry.node_id}" for name, entry in py.objects.items()}
    return Targets(site=app.config.alliances_site_url,
                   pages={doc: env.titles[doc].astext() for doc in env.all_docs if doc in env.titles},
                   labels=labels, terms=terms, citations=citations, objects=objects)


def _executed(app: Any, docname: str) -> tuple[Any, dict[str, str]]:
    """A notebook as the build ran it (from the execution cache), and what its page shows for
    each of its ``{eval}`` expressions (their plain text)."""
    import nbformat
    from jupyter_cache import get_cache
    from sphinx.errors import ExtensionError

    nb_config = app.env.mystnb_config
    notebook = nbformat.read(app.env.doc2path(docname), as_version=4)
    record = _cached_record(notebook, nb_config)
    if record is None:
        raise ExtensionError(f"the portable edition: {docname}.ipynb is not in the execution "
                             f"cache with its {{eval}} values; build with `make book`")
    _, executed = get_cache(nb_config.execution_cache_path or ".jupyter_cache") \
        .merge_match_into_notebook(notebook)
    evals = {expression: re.sub(r"\x1b\[[0-9;]*m", "", "".join(
                 outputs[0]["data"].get("text/plain", ""))) if outputs else ""
             for expression, outputs in record.data[EVALS_KEY].items()}
    return executed, evals


def _commit(app: Any) -> str:
    """The commit the book is built from (``GITHUB_SHA`` in the workflow, else ``git``)."""
    import subprocess

    if os.environ.get("GITHUB_SHA"):
        return os.environ["GITHUB_SHA"]
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=app.srcdir, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "main"


def _write_portable(app: Any, exception: Exception | None) -> None:
    """Write each executed notebook's ``{eval}`` values and its portable copy beside the site.

    ``_build/evals/<page>.json`` holds what the page shows for each ``{eval}`` expression (the
    one interface through which anything outside the build reads those values);
    ``_build/portable/<page>.ipynb`` is the chapter's portable copy (:mod:`alliances.portable`).
    A construct with no portable form fails the build, naming the notebook and the line.
    """
    if exception is not None or getattr(app.builder, "format", "") != "html":
        return
    import base64

    from sphinx.errors import ExtensionError

    from .portable import EVALS_FOLDER, PORTABLE_FOLDER, PortableError, portable_notebook

    build = Path(app.outdir).parent
    cache = Path(app.doctreedir).parent / "alliances_previews"
    targets = _targets(app)
    commit = _commit(app)
    repository = app.config.html_theme_options.get("repository_url", "").rstrip("/")

    def picture(spec: str, wide: int) -> tuple[str, str, int]:
        # A PNG: JupyterLab shows no SVG output of a notebook it does not trust (every notebook
        # opened from elsewhere), and a PNG everywhere. It is the page's picture (drawn by
        # _finish_pages, which ran first), rasterised twice as dense as the page shows it.
        import vl_convert

        name, data, size = _picture(spec, wide, preview_svg, preview_png, cache)
        if name.endswith(".svg"):
            kept = cache / name.replace(".svg", ".portable.png")
            if not kept.is_file():
                kept.write_bytes(bytes(vl_convert.svg_to_png(data.decode("utf-8"), scale=2)))
            data = kept.read_bytes()
        return "image/png", base64.b64encode(data).decode("ascii"), int(size.split()[0])

    for docname in sorted(app.env.all_docs):
        if not str(app.env.doc2path(docname)).endswith(".ipynb"):
            continue
        executed, evals = _executed(app, docname)
        target = build / EVALS_FOLDER / f"{docname}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(evals, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        try:
            copy = portable_notebook(executed,
                                     name=f"{docname}.ipynb", docname=docname,
                                     title=targets.pages.get(docname, docname), targets=targets,
                                     evals=evals, picture=picture, repository=repository,
                                     commit=commit)
        except PortableError as error:
            raise ExtensionError(f"the portable edition: {error}") from None
        target = build / PORTABLE_FOLDER / f"{docname}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(copy, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def launch_links(config: Any, pagename: str) -> dict[str, str]:
    """The launch links of a chapter's page: Colab opens its portable copy on the portable
    branch; a JupyterHub, when ``_config.yml`` names one (``alliances_jupyterhub_url``), pulls the
    student branch with nbgitpuller and opens the MyST notebook."""
    from urllib.parse import urlencode

    repository = config.html_theme_options.get("repository_url", "").rstrip("/")
    owner_repo = repository.split("github.com/")[-1]
    links = {"Colab": (f"https://colab.research.google.com/github/{owner_repo}/blob/"
                       f"{config.alliances_portable_branch}/{pagename}.ipynb")}
    hub = (config.alliances_jupyterhub_url or "").rstrip("/")
    if hub:
        folder = owner_repo.rsplit("/", 1)[-1]
        query = urlencode({"repo": repository, "branch": config.alliances_student_branch,
                           "urlpath": f"lab/tree/{folder}/{pagename}.ipynb"}, safe="/")
        links["JupyterHub"] = f"{hub}/hub/user-redirect/git-pull?{query}"
    return links


def _launch_buttons(app: Any, pagename: str, templatename: str,
                    context: dict[str, Any], doctree: Any) -> None:
    # Runs after sphinx-book-theme has put its launch buttons in the context (priority 501).
    for group in context.get("header_buttons") or []:
        if group.get("label") != "launch-buttons":
            continue
        links = launch_links(app.config, pagename)
        buttons = [button for button in group["buttons"] if button.get("text") != "JupyterHub"]
        for button in buttons:
            if button.get("text") in links:
                button["url"] = links[button["text"]]
        if "JupyterHub" in links:
            buttons.append({"type": "link", "text": "JupyterHub",
                            "tooltip": "Open on your course's JupyterHub",
                            "icon": "_static/images/logo_jupyterhub.svg",
                            "url": links["JupyterHub"]})
        group["buttons"] = buttons


#: The script that sends an old anchor to its section's new home (``alliances/static/``).
MOVED_ANCHORS = "moved-anchors.js"


@functools.cache
def old_addresses(path: Path) -> dict[str, dict[str, Any]]:
    """The map of the site's old addresses at ``path`` (``_config.yml`` names it as
    ``alliances_old_addresses``): for each old page (its docname), ``kept``, the anchors still on
    it; ``moved``, each anchor whose section moved, with its new home (``docname#id``); ``gone``,
    each anchor whose section was removed, with the nearest section."""
    return {page: entry or {} for page, entry
            in yaml.safe_load(Path(path).read_text(encoding="utf-8")).items()}


def moved_anchors(pagename: str, path: Path) -> dict[str, str]:
    """Each old anchor of page ``pagename`` that no longer lives there, with its new address
    (``docname#id``), from the map at ``path``; empty for a page that lost no section."""
    entry = old_addresses(path).get(pagename, {})
    return {**entry.get("moved", {}), **entry.get("gone", {})}


def _map_path(app: Any) -> Path | None:
    name = app.config.alliances_old_addresses
    return Path(app.srcdir) / name if name else None


def _depend_on_the_map(app: Any, doctree: Any) -> None:
    # An old page is written again when the map changes, so that its script follows the map.
    path = _map_path(app)
    if path and app.env.docname in old_addresses(path):
        app.env.note_dependency(str(path))


def _follow_moved_anchors(app: Any, pagename: str, templatename: str,
                          context: dict[str, Any], doctree: Any) -> None:
    # Added to this page only (Sphinx resets the scripts for each page), first of the head's.
    path = _map_path(app)
    moved = moved_anchors(pagename, path) if path else {}
    if not moved:
        return
    links = {}
    for anchor, target in sorted(moved.items()):
        page, _, ident = target.partition("#")
        links[anchor] = ("" if page == pagename else app.builder.get_relative_uri(pagename, page)
                         ) + f"#{ident}"
    call = f"alliancesFollowMovedAnchors({json.dumps(links)});"
    app.add_js_file(None, body=static_script(MOVED_ANCHORS) + call, priority=1)

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
    app.connect("html-page-context", _launch_buttons, priority=600)
    app.connect("html-page-context", _follow_moved_anchors)
    app.connect("doctree-read", _depend_on_the_map)
    app.connect("build-finished", _finish_pages)
    app.connect("build-finished", _write_portable)
    app.add_config_value("alliances_site_url",
                         "https://asymmetric-alliances.github.io/asymmetric-alliances/", "html")
    app.add_config_value("alliances_jupyterhub_url", "", "html")
    app.add_config_value("alliances_portable_branch", PORTABLE_BRANCH, "html")
    app.add_config_value("alliances_student_branch", STUDENT_BRANCH, "html")
    app.add_config_value("alliances_old_addresses", "", "html")
    if on("cached-eval"):
        _read_inline_notebooks_from_cache()
    _register_citation_backends()
    app.add_js_file(BUNDLE, priority=200, id=BUNDLE_ID, **{"async": "async"})
    app.add_css_file(STYLESHEET)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
