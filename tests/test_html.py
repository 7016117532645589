"""Checks of the built book in _build/html: pages, offline assets, no frozen widgets."""

from __future__ import annotations

import html
import math
import re
from html.parser import HTMLParser

import pytest

from conftest import ROOT, toc_pages, toc_parts

pytestmark = pytest.mark.html


class _Resources(HTMLParser):
    """Collect the URLs a page loads by itself (scripts, stylesheets, images, frames)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            if attrs.get("src"):
                self.urls.append(attrs["src"])
            self._in_script = not attrs.get("src") and attrs.get("type") in (None, "text/javascript")
        elif tag == "link" and (attrs.get("rel") or "") in ("stylesheet", "preload", "icon", "modulepreload"):
            self.urls.append(attrs.get("href") or "")
        elif tag in ("img", "iframe", "source", "video", "audio") and attrs.get("src"):
            self.urls.append(attrs["src"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts.append(data.strip())


def parse(path) -> _Resources:
    parser = _Resources()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("page", toc_pages())
def test_every_toc_page_is_built(site, page):
    path = site / f"{page}.html"
    assert path.exists(), f"{page} is in _toc.yml but {path} was not built"
    assert "<h1" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("page", toc_pages())
def test_pages_load_nothing_from_other_hosts(site, page):
    parsed = parse(site / f"{page}.html")
    remote = [url for url in parsed.urls if re.match(r"^(https?:)?//", url)]
    assert remote == []


@pytest.mark.parametrize("page", toc_pages())
def test_inline_scripts_are_not_repeated(site, page):
    scripts = parse(site / f"{page}.html").inline_scripts
    repeated = {s[:80] for s in scripts if scripts.count(s) > 1}
    assert repeated == set()
    assert sum("THEBE_JS_URL" in s for s in scripts) <= 1


def test_vega_bundle_is_served_locally(site):
    import altair as alt

    bundle = site / "_static" / "alliances-vega.js"
    assert bundle.stat().st_size > 500_000
    head = bundle.read_text(encoding="utf-8")[:200]
    assert alt.VEGALITE_VERSION in head
    index = (site / "book" / "theory" / "theory.html").read_text(encoding="utf-8")
    assert "_static/alliances-vega.js" in index


@pytest.mark.parametrize("page", toc_pages())
def test_no_frozen_widget_outputs(site, page):
    text = (site / f"{page}.html").read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-view+json" not in text
    assert 'type="application/vnd.jupyter.widget-state+json"' not in text   # unused widget state
    assert "embed-amd.js" not in text and "require.min.js" not in text


@pytest.mark.parametrize("page", toc_pages())
def test_no_warning_or_error_text_reaches_the_reader(site, page):
    """A cell's stderr (a pandas warning, a traceback) would print in the page, above the prose."""
    text = (site / f"{page}.html").read_text(encoding="utf-8")
    streams = re.findall(r'<div class="output stderr[^"]*">(.*?)</div>\s*</div>', text, re.S)
    assert not streams, re.sub(r"<[^>]+>", "", streams[0])[:300]


def _script_tags(text: str, name: str) -> list[str]:
    return re.findall(r"<script[^>]*" + re.escape(name) + r"[^>]*>", text)


#: Scripts that only add behaviour, held until the page is ready (alliances.sphinxext).
THEME_SCRIPTS = ["scripts/bootstrap.js", "scripts/pydata-sphinx-theme.js", "_static/doctools.js",
                 "_static/sphinx_highlight.js", "_static/clipboard.min.js", "_static/copybutton.js",
                 "scripts/sphinx-book-theme.js"]


@pytest.mark.parametrize("page", toc_pages())
def test_heavy_scripts_load_only_where_used_and_never_block(site, page):
    """Vega only on pages with a chart, MathJax only with a formula; neither holds up the page,
    nor do the theme's scripts or the search index."""
    text = (site / f"{page}.html").read_text(encoding="utf-8")
    vega = _script_tags(text, "alliances-vega.js")
    assert len(vega) == (1 if 'class="alliances-chart"' in text else 0), page
    mathjax = _script_tags(text, "alliances-mathjax.js")
    assert len(mathjax) <= 1
    assert _script_tags(text, "fontawesome.js") == []   # the icons are drawn by the web font
    held = vega + mathjax
    for name in THEME_SCRIPTS:
        tags = _script_tags(text, name)
        assert len(tags) == 1, (page, name)
        held += tags
    for tag in held:                # held: the browser does not run a text/plain script
        assert 'type="text/plain"' in tag and "data-alliances-later=" in tag, tag
        assert not re.search(r"\b(async|defer|src)=", tag), tag
    from alliances.sphinxext import LATER_LOADER  # ... and one loader brings them once it is ready

    assert text.count('data-alliances-later="') == len(held)
    assert text.count(LATER_LOADER) == 1 and text.index(LATER_LOADER) < text.index("</head>")
    if vega:                        # fetched early, run once the page is ready
        assert text.count('<link rel="preload" as="script" href="') >= 1
        assert re.search(r'<link rel="preload" as="script" href="[^"]*alliances-vega\.js', text)
    (fold,) = _script_tags(text, "togglebutton.js")   # folds the solutions as soon as it arrives
    assert re.search(r"\basync\b", fold), fold
    assert _script_tags(text, "design-tabs.js") == []   # no page has tabs
    # Nothing stops the parser to wait for the stylesheets: below the first one, every script is
    # async, held, or data.
    below = text[text.index('rel="stylesheet"'):]
    runs = [tag for tag in re.findall(r"<script\b[^>]*>", below)
            if not re.search(r'\basync\b|type="(text/plain|application/json|text/x-thebe-config)"', tag)]
    assert runs == [], runs
    assert "searchindex.js" not in text and "searchtools.js" not in text


@pytest.mark.parametrize("page", toc_pages())
def test_one_search_field_and_no_empty_top_bar(site, page):
    """The search field is the sidebar's: pydata-sphinx-theme's top bar, which would hold a second
    one and push the sidebar's logo under it on a wide screen, is left empty (``_config.yml``)."""
    text = (site / f"{page}.html").read_text(encoding="utf-8")
    bar = re.search(r'<header id="pst-header"[^>]*>(.*?)</header>', text, re.S)
    assert bar is not None and bar.group(1).strip() == "", page
    sidebar = text[text.index('class="bd-sidebar-primary'):text.index('<main id="main-content"')]
    assert text.count("search-button-field") == sidebar.count("search-button-field") == 1, page


def test_the_search_page_keeps_its_search_scripts(site):
    text = (site / "search.html").read_text(encoding="utf-8")
    assert _script_tags(text, "searchindex.js") and _script_tags(text, "searchtools.js")
    (doctools,) = _script_tags(text, "_static/doctools.js")
    assert "text/plain" not in doctools


def test_mathjax_loads_on_pages_with_formulas_only(site):
    def loads(page):
        return bool(_script_tags((site / f"{page}.html").read_text(encoding="utf-8"),
                                 "alliances-mathjax.js"))
    assert loads("book/theory/theory") and loads("book/intro")
    assert not loads("book/glossary") and not loads("book/bibliography")


def test_theory_chapter_has_the_live_explorer(site):
    text = (site / "book" / "theory" / "theory.html").read_text(encoding="utf-8")
    assert text.count('class="alliances-chart"') >= 1
    assert '"bind"' in text and "net_value" in text


INLINE_LIMIT_BYTES = 150_000
SPEC = re.compile(r'<script type="application/json" id="alliances-chart-[^"]+">(.*?)</script>', re.S)


@pytest.mark.parametrize("page", toc_pages())
def test_inline_chart_data_stays_under_the_limit(site, page):
    text = (site / f"{page}.html").read_text(encoding="utf-8")
    inline = sum(len(spec.encode()) for spec in SPEC.findall(text))
    assert inline <= INLINE_LIMIT_BYTES, f"{page} inlines {inline:,d} bytes of chart data"


@pytest.mark.parametrize("page", toc_pages())
def test_every_chart_has_a_text_alternative(site, page):
    text = (site / f"{page}.html").read_text(encoding="utf-8")
    labels = re.findall(r'class="alliances-chart" role="figure" aria-label="([^"]*)"', text)
    assert text.count('class="alliances-chart"') == len(labels)
    for label in labels:
        assert len(label) >= 40 and label != "Chart", f"chart on {page} lacks a real description: {label!r}"


def test_introduction_links_to_the_whole_book_as_one_pdf(site):
    text = (site / "book" / "intro.html").read_text(encoding="utf-8")
    assert 'href="../asymmetric-alliances.pdf"' in text   # `make pdf` puts the file there


@pytest.mark.parametrize("page", toc_pages())
def test_every_chart_has_its_picture_until_it_is_live(site, page):
    """Each chart's stage holds a picture drawn at build time, with a container query that hides
    it where its box is narrower (alliances.sphinxext.add_previews): an SVG drawing written into
    the page, or for a heavy chart a PNG file of the site."""
    path = site / f"{page}.html"
    text = path.read_text(encoding="utf-8")
    stages = re.findall(r'<div class="alliances-stage" data-preview-width="\d+">(.*?)<div id="'
                        r'(alliances-chart-\d+)" class="alliances-chart"', text, re.S)
    assert len(stages) == text.count('class="alliances-chart"')
    for inside, element_id in stages:
        hide = re.match(r'<style>@container \(max-width: ([\d.]+)px\) \{ #(\S+)-preview '
                        r'\{ display: none; \} \}</style>', inside)
        assert hide and hide.group(2) == element_id, (page, inside[:300])
        picture = inside[hide.end():]
        drawing = re.fullmatch(r'<svg class="alliances-preview" id="(\S+)-preview" aria-hidden="true" '
                               r'focusable="false"[^>]*\swidth="([\d.]+)" height="([\d.]+)".*</svg>',
                               picture, re.S)
        image = re.fullmatch(r'<img class="alliances-preview" id="(\S+)-preview" alt="" '
                             r'aria-hidden="true" width="(\d+)" height="(\d+)" decoding="async" '
                             r'src="([^"]+\.png)">', picture)
        assert drawing or image, (page, picture[:300])
        if drawing:                               # an SVG drawing in the page
            pictured, width, height = drawing.groups()
            assert picture.count("<svg") == 1 and "alliances-previews" not in picture
        else:                                     # a heavy chart's PNG file
            pictured, width, height, source = image.groups()
            file = (path.parent / source).resolve()
            assert file.is_file() and file.parent.name == "alliances-previews"
            assert file.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert pictured == element_id
        assert float(hide.group(1)) == math.ceil(float(width)) - 0.5 and float(height) > 50


#: The longest value a constant may show in the API reference, in characters. Longer values
#: (a whole schema registry, say) make a wall of text that nobody reads, and every word of it is
#: an element for the browser and for axe. Hide them with ``:meta hide-value:`` in the doc comment.
LONGEST_SHOWN_VALUE = 600
_SIGNATURE = re.compile(r'<dt class="sig sig-object py" id="([^"]+)">(.*?)</dt>', re.S)
_PROPERTY = re.compile(r'<em class="property">(.*?)</em>', re.S)


@pytest.mark.parametrize("page", [p for p in toc_pages() if p.startswith("book/api/")])
def test_api_reference_prints_no_wall_of_values(site, page):
    text = (site / f"{page}.html").read_text(encoding="utf-8")
    signatures = _SIGNATURE.findall(text)
    assert signatures, f"{page} documents no object"
    long = {}
    for name, signature in signatures:
        for part in _PROPERTY.findall(signature):     # ": type" and "= value" parts
            shown = html.unescape(re.sub(r"<[^>]+>", "", part)).strip()
            if shown.startswith("=") and len(shown) - 1 > LONGEST_SHOWN_VALUE:
                long[name] = len(shown) - 1
    assert long == {}, f"values too long to show (add ':meta hide-value:'): {long}"


#: Pages for the people who keep the book (the last part of _toc.yml); every other page is the readers'.
MAINTAINERS_PAGES = toc_parts()["For maintainers"]
READERS_PAGES = [page for page in toc_pages() if page not in MAINTAINERS_PAGES]
#: Words about the machinery behind the pages, which a reader has no use for (issue 29).
MACHINERY = re.compile(r"\b(Vega|docstrings?|pytest|Sphinx|sha256|floating[- ]point|HTML ids?)\b"
                       r"|cannot ship|computes the shares in your browser|step pattern|grid's resolution"
                       r"|(?-i:typology\.Tool)\b", re.I)


#: The instructor guide includes the README's table of what students see in each front-end, which
#: names the chart library each one draws with: instructors setting up a room need that.
FRONT_ENDS = r'<div class="alliances-stack[^"]*"[^>]*>(.*?</table>)'


def _article_text(path, part: str = r'<article class="bd-article"[^>]*>(.*?)</article>') -> str:
    """The words a reader sees in a page's article (or in the ``part`` of it that the pattern's
    group matches): no scripts, styles or chart pictures."""
    text = path.read_text(encoding="utf-8")
    article = re.search(part, text, re.S)
    assert article, path
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", article.group(1), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.mark.parametrize("page", READERS_PAGES)
def test_readers_pages_speak_of_no_machinery(site, page):
    """No word about how the book is built or checked, and neither the datasets' addresses nor
    their checksums (those are on the maintainers' data provenance page)."""
    from alliances import datasets

    text = _article_text(site / f"{page}.html")
    if page == "book/instructor/guide":     # the README's front-end table, included (issue 34)
        text = text.replace(_article_text(site / "book/instructor/guide.html", FRONT_ENDS), "")
    found = [m.group(0) for m in MACHINERY.finditer(text)]
    assert found == [], f"{page}: {found}"
    for entry in datasets.REGISTRY.values():
        assert entry.sha256 not in text and entry.url not in text, (page, entry.name)


def test_data_provenance_page_shows_every_address_and_checksum(site):
    from alliances import datasets

    text = _article_text(site / "book" / "maintainers" / "data-provenance.html")
    for entry in datasets.REGISTRY.values():
        assert entry.sha256 in text, entry.name
        assert entry.url in text.replace(" ", ""), entry.name


#: Output that shows a student machinery instead of words: a library object's default repr, an
#: enum member, a dataclass's fields, an address in memory, a pandas object without its display,
#: a column printed as text (its "Name: …, dtype: int64" footer), a numpy number's repr.
OUTPUT_MACHINERY = re.compile(r"<alliances\.|Verdict\.[A-Z]|Assessment\(|Scenario\(|Parameter\(|"
                       r"object at 0x|<pandas\.|dtype: \w+$|np\.(?:float|int)\d+\(", re.MULTILINE)


def _executed(page: str):
    """The executed notebook of a page, as the build stored it in its execution cache."""
    import nbformat
    from jupyter_cache import get_cache

    notebook = nbformat.read(ROOT / f"{page}.ipynb", as_version=4)
    try:
        return get_cache(str(ROOT / "_build" / ".jupyter_cache")).merge_match_into_notebook(
            notebook)[1]
    except KeyError:
        pytest.fail(f"{page}: the build's execution cache holds no run of this notebook's code")


#: The notebooks of the students' pages: every chapter in _toc.yml but the instructors' guide.
STUDENT_NOTEBOOKS = [page for page in toc_pages() if not page.startswith("book/instructor/")
                     and (ROOT / f"{page}.ipynb").exists()]


@pytest.mark.parametrize("page", STUDENT_NOTEBOOKS)
def test_every_output_on_a_student_page_reads_as_words(site, page):
    """No text or HTML output of a student page shows a default repr (issue 29: 26 did)."""
    shown = []
    for number, cell in enumerate(_executed(page).cells):
        for output in cell.get("outputs", []):
            texts = [output.get("data", {}).get(kind) for kind in ("text/plain", "text/html")]
            texts.append(output.get("text") if output.get("output_type") == "stream" else None)
            shown += [f"cell {number}: {text[:120]!r}" for text in texts
                      if text and OUTPUT_MACHINERY.search(text)]
    assert not shown, "\n".join(shown)
