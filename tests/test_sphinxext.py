"""The book's Sphinx extension: a chapter that quotes computed numbers is read from the cache.

myst-nb runs a notebook in "inline" mode (needed for ``{eval}``) in its own kernel during the
build and never caches it. ``alliances.sphinxext.execute_with_evals`` (used by
``tools/prefill_cache.py``) records each ``{eval}`` expression's value where myst-nb would
evaluate it, and the extension's client serves the cached notebook and those values.
"""

from __future__ import annotations

import json
import logging
import re

import nbformat
import pytest
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn

from alliances import sphinxext

pytestmark = pytest.mark.slow   # starts a kernel


def _notebook() -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    notebook.cells = [
        nbformat.v4.new_code_cell("x = 1\ntext = 'one'"),
        nbformat.v4.new_markdown_cell("Here {eval}`x` is {eval}`text`, and {eval}`x` again."),
        nbformat.v4.new_code_cell("x = 2\nx"),
        nbformat.v4.new_markdown_cell("Now y is {eval}`y`."),
        nbformat.v4.new_code_cell("y = x * 10"),
    ]
    return notebook


def test_each_expression_is_evaluated_where_the_prose_stands(tmp_path):
    _, evals, _, error = sphinxext.execute_with_evals(_notebook(), str(tmp_path), 60)
    assert error is not None                  # `y` does not exist yet where the prose quotes it
    assert "y" not in evals
    assert evals["x"][0]["data"]["text/plain"] == "1"          # before the cell that sets x = 2
    assert evals["text"][0]["data"]["text/plain"] == "'one'"
    assert evals["x"][0]["output_type"] == "execute_result"


def test_the_capture_cells_leave_the_notebook():
    folder_notebook = _notebook()
    folder_notebook.cells = folder_notebook.cells[:3]          # a notebook that runs cleanly
    notebook, evals, _, error = sphinxext.execute_with_evals(folder_notebook, ".", 60)
    assert error is None and set(evals) == {"x", "text"}
    assert [c.cell_type for c in notebook.cells] == ["code", "markdown", "code"]
    assert notebook.cells[2].outputs[0]["data"]["text/plain"] == "2"


def test_myst_nb_reads_an_inline_notebook_and_its_numbers_from_the_cache(tmp_path):
    import myst_nb.sphinx_ as parser
    from myst_nb.core.config import NbParserConfig

    source = tmp_path / "chapter.ipynb"
    notebook = _notebook()
    notebook.cells = notebook.cells[:3]
    nbformat.write(notebook, source)
    ran, evals, seconds, error = sphinxext.execute_with_evals(
        nbformat.read(source, as_version=4), str(tmp_path), 60)
    assert error is None
    cache = get_cache(str(tmp_path / "cache"))
    record = cache.add_nb_to_project(str(source))
    cache.cache_notebook_bundle(CacheBundleIn(ran, record.uri, data={
        "execution_seconds": seconds, sphinxext.EVALS_KEY: evals}), check_validity=False)

    sphinxext._read_inline_notebooks_from_cache()
    config = NbParserConfig(execution_mode="inline", execution_cache_path=str(tmp_path / "cache"))
    logger = logging.getLogger("test")
    fresh = nbformat.read(source, as_version=4)
    client = parser.create_client(fresh, str(source), config, logger)
    assert type(client).__name__ == "CachedInlineClient"     # no kernel is started
    with client:
        assert client.eval_variable("x")[0]["data"]["text/plain"] == "1"
        assert client.code_cell_outputs(2)[1][0]["data"]["text/plain"] == "2"
    changed = nbformat.read(source, as_version=4)
    changed.cells[0].source = "x = 3\ntext = 'three'"         # code not in the cache: runs inline
    other = parser.create_client(changed, str(source), config, logger)
    assert type(other).__name__ == "NotebookClientInline"


_HEAD = """<html><head>
<script data-cfasync="false">document.documentElement.dataset.mode = "light";</script>
<link rel="stylesheet" type="text/css" href="_static/pygments.css" />
  <!-- So that users can add custom icons -->
  <script src="_static/scripts/fontawesome.js?digest=1"></script>
<script defer src="_static/scripts/bootstrap.js?digest=1"></script>
<script src="_static/documentation_options.js?v=0"></script>
<script src="_static/doctools.js?v=2"></script>
<script async="async" id="alliances-vega-bundle" src="_static/alliances-vega.js?v=3"></script>
<script>let toggleHintShow = 'Click to show';</script>
<script src="_static/togglebutton.js?v=4"></script>
<script defer data-sd-tabs-storage-prefix="sd-" src="_static/design-tabs.js?v=5"></script>
<script>DOCUMENTATION_OPTIONS.pagename = 'x';</script>
<script src="_static/searchtools.js"></script>
<script src="searchindex.js"></script>
</head><body><p>Text</p><script>drawChart(1);</script><script type="application/json">{}</script>
</body></html>"""
_OPTIONS = "const DOCUMENTATION_OPTIONS = {VERSION: ''};\n"


def test_hold_heavy_scripts_holds_vega_and_the_theme_and_drops_the_search_index():
    from alliances.sphinxext import LATER_LOADER, hold_heavy_scripts

    page = hold_heavy_scripts(_HEAD, options=_OPTIONS)
    for src in ("_static/scripts/bootstrap.js?digest=1", "_static/doctools.js?v=2"):
        assert f'<script type="text/plain" data-alliances-later="{src}"></script>' in page
    assert ('<script type="text/plain" id="alliances-vega-bundle" '
            'data-alliances-later="_static/alliances-vega.js?v=3"></script>') in page
    assert '<link rel="preload" as="script" href="_static/alliances-vega.js?v=3" />' in page
    assert '<script async src="_static/togglebutton.js?v=4"></script>' in page
    assert "searchindex.js" not in page and "searchtools.js" not in page
    assert "design-tabs.js" not in page                 # no tabs on the page
    assert "fontawesome" not in page and "custom icons" not in page   # the web font draws icons
    assert page.count(LATER_LOADER) == 1 and page.index(LATER_LOADER) < page.index("</head>")
    assert hold_heavy_scripts(page, options=_OPTIONS) == page     # a second pass changes nothing


def test_no_script_waits_for_the_stylesheets():
    from alliances.sphinxext import LATER_LOADER, hold_heavy_scripts

    page = hold_heavy_scripts(_HEAD, options=_OPTIONS)
    sheet = page.index('<link rel="stylesheet"')
    # The head's inline scripts stand above the stylesheet, in their order, the settings first.
    order = [page.index(text) for text in ('dataset.mode = "light"', "const DOCUMENTATION_OPTIONS",
                                           "let toggleHintShow", "DOCUMENTATION_OPTIONS.pagename",
                                           LATER_LOADER)]
    assert order == sorted(order) and order[-1] < sheet
    assert "documentation_options.js" not in page
    after = page[sheet:]
    assert re.findall(r"<script>", after) == []          # no inline script runs after it ...
    assert not [tag for tag in re.findall(r"<script\b[^>]*>", after)   # ... nor a file, unless async
                if "src=" in tag and "async" not in tag]
    # The body's inline script is held, in place, for the loader; data stays as it was.
    assert '<p>Text</p><script type="text/plain" data-alliances-run>drawChart(1);</script>' in page
    assert '<script type="application/json">{}</script>' in page
    assert "data-alliances-run" in LATER_LOADER and "link.sheet" in LATER_LOADER


def test_a_page_with_tabs_keeps_their_script_deferred():
    from alliances.sphinxext import hold_heavy_scripts

    page = hold_heavy_scripts(_HEAD.replace("<p>Text</p>", '<div class="sd-tab-set"></div>'))
    assert '<script defer data-sd-tabs-storage-prefix="sd-" src="_static/design-tabs.js?v=5">' in page


def test_the_search_page_keeps_its_search_scripts_and_doctools():
    from alliances.sphinxext import hold_heavy_scripts

    page = hold_heavy_scripts(_HEAD, search_page=True, options=_OPTIONS)
    assert '<script src="searchindex.js"></script>' in page
    assert '<script src="_static/doctools.js?v=2"></script>' in page
    assert '<script src="_static/documentation_options.js?v=0"></script>' in page
    assert '<script defer src="_static/togglebutton.js?v=4"></script>' in page
    assert 'data-alliances-later="_static/alliances-vega.js?v=3"' in page
    assert "<script>drawChart(1);</script>" in page
    assert "fontawesome" not in page and "custom icons" not in page


def test_a_page_without_scripts_is_unchanged():
    from alliances.sphinxext import hold_heavy_scripts

    plain = "<html><head><title>x</title></head><body></body></html>"
    assert hold_heavy_scripts(plain) == plain


def _stage_page(spec: dict, element_id: str = "alliances-chart-7", wide: int = 358) -> str:
    return (f'<html><head></head><body><div class="alliances-stage" data-preview-width="{wide}">'
            f'<div id="{element_id}" class="alliances-chart" role="figure" aria-label="x"></div>'
            f'</div><script type="application/json" id="{element_id}-spec">{json.dumps(spec)}'
            f'</script></body></html>')


def test_add_previews_draws_each_chart_into_its_page(tmp_path):
    from alliances.sphinxext import PREVIEWS, add_previews

    calls = []

    def draw(spec, width):
        calls.append((spec["mark"], width))
        return (f'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
                f'width="{width - 0.4}" height="99.2"><rect width="9" height="9"/></svg>')

    site, page = tmp_path / "site", tmp_path / "site" / "book" / "lab" / "page.html"
    html = _stage_page({"mark": "bar", "width": "container"})
    out = add_previews(html, page, site, draw=draw, cache=tmp_path / "cache")
    assert calls == [("bar", 358)]
    assert not (site / PREVIEWS).exists()           # an SVG picture is part of the page, not a file
    assert ('<svg class="alliances-preview" id="alliances-chart-7-preview" aria-hidden="true" '
            'focusable="false" xmlns="http://www.w3.org/2000/svg" width="357.6" height="99.2">'
            '<rect width="9" height="9"/></svg>') in out
    assert "<?xml" not in out
    # ... hidden by a container query where its box is narrower than the picture
    assert "@container (max-width: 357.5px) { #alliances-chart-7-preview { display: none; } }" in out
    assert out.index("alliances-stage") < out.index("alliances-preview") < out.index('id="alliances-chart-7"')
    assert add_previews(out, page, site, draw=draw) == out          # once only
    again = add_previews(html, page, site, draw=draw, cache=tmp_path / "cache")
    assert again == out and len(calls) == 1                          # read from the cache


def test_inline_svg_refuses_what_is_not_an_svg_drawing():
    from alliances.sphinxext import inline_svg

    assert inline_svg("<!-- made by vl-convert --><svg width='2'/>", "p") == (
        '<svg class="alliances-preview" id="p" aria-hidden="true" focusable="false" width=\'2\'/>')
    with pytest.raises(ValueError, match="svg must be the text of an SVG drawing"):
        inline_svg("<html><svg/></html>", "p")


def test_a_heavy_picture_becomes_a_png(tmp_path):
    from alliances.sphinxext import SVG_LIMIT, add_previews

    def draw(spec, width):
        return ('<svg xmlns="http://www.w3.org/2000/svg" width="500" height="300">'
                + "<rect/>" * (SVG_LIMIT // 7 + 1) + "</svg>")

    out = add_previews(_stage_page({"mark": "rect"}, wide=688), tmp_path / "p.html", tmp_path,
                       draw=draw, draw_png=lambda spec, width: b"\x89PNG fake")
    assert re.search(r'width="500" height="300" decoding="async" src="_images/[^"]+\.png"', out)


def test_a_page_without_charts_gets_no_picture(tmp_path):
    from alliances.sphinxext import add_previews

    plain = "<html><body><p>No chart.</p></body></html>"
    assert add_previews(plain, tmp_path / "p.html", tmp_path, draw=None) == plain


def test_citation_backends_are_found_without_scanning_entry_points(monkeypatch):
    """Once registered, pybtex finds the backends that each citation needs without listing the
    entry points of every installed package (300 scans per build before)."""
    import pybtex.plugin
    from pybtex.backends import plaintext

    sphinxext._register_citation_backends()

    def no_scan(**query):
        raise AssertionError(f"pybtex scanned the entry points for {query}")

    monkeypatch.setattr(pybtex.plugin, "entry_points", no_scan)
    assert pybtex.plugin.find_plugin("pybtex.backends", "plaintext") is plaintext.Backend
    assert pybtex.plugin.find_plugin("pybtex.backends", "docutils").__module__.endswith("docutils")
    with pytest.raises(AssertionError, match="scanned"):        # the check above can fail
        pybtex.plugin.find_plugin("pybtex.style.names", "last")
