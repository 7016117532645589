"""Sphinx settings of the slide decks: reveal.js through sphinx-revealjs (``make slides``).

``tools/slides.py`` builds the decks and is also their Sphinx extension (the ``{chart}`` and
``{library-list}`` directives). The book's own extension, ``alliances.sphinxext``, is not loaded
here: it rewrites the book theme's pages, and a deck is not one.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

project = "Asymmetric Alliances"
author = "The Asymmetric Alliances authors"
copyright = "2026"
extensions = ["myst_parser", "sphinx_revealjs", "slides"]
myst_enable_extensions = ["colon_fence"]
root_doc = "formula"   # tools/slides.py makes it the first deck it builds; each deck is an orphan
exclude_patterns = ["README.md"]
html_copy_source = False
html_show_sourcelink = False

revealjs_html_theme = "revealjs-simple"
revealjs_style_theme = "white"
revealjs_static_path = ["_static"]
revealjs_css_files = ["deck.css"]
# Speaker notes (press S) and zoom (Alt+click, to enlarge a chart's detail on the projector).
revealjs_script_plugins = [{"name": "RevealNotes", "src": "revealjs/plugin/notes/notes.js"},
                           {"name": "RevealZoom", "src": "revealjs/plugin/zoom/zoom.js"}]
# A 960 x 540 slide, scaled to the screen (1.28 at 1280 x 720): every slide is laid out from the
# start (viewDistance), so a chart measures its box before its slide is shown.
revealjs_script_conf = {
    "width": 960, "height": 540, "margin": 0.04, "hash": False, "center": False,
    "viewDistance": 99, "mobileViewDistance": 99, "slideNumber": "c/t",
}
