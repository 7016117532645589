"""The theme's stylesheets, trimmed to the rules the site can use (:mod:`alliances.stylesheets`).

The rules themselves are checked here on small stylesheets, and the built site's pages on disk.
That no dropped rule was needed is checked in the browser, on every page at both widths after its
scripts have run (``tests/test_browser.py``).
"""

from __future__ import annotations

import re

import pytest

from alliances import stylesheets
from alliances.stylesheets import trim
from conftest import toc_pages

WORDS = {"used", "also", "nav"}


def test_a_rule_goes_when_a_name_it_needs_is_nowhere_in_the_site():
    out = trim(".used{color:red}.unused{color:blue}#used{margin:0}#gone{margin:1px}", WORDS)
    assert out.css == ".used{color:red}#used{margin:0}"
    assert out.dropped == [".unused", "#gone"]


def test_a_selector_list_keeps_the_selectors_that_could_match():
    out = trim(".used .also, .unused > .used, a.used:hover, p{x:1}", WORDS)
    assert out.css == ".used .also,a.used:hover,p{x:1}"
    assert out.dropped == [".unused > .used"]


def test_names_inside_not_do_not_count_and_other_functions_keep_the_selector():
    css = "dl:not(.absent, .gone) dd{x:1}.nav:is(.absent){y:2}.missing:has(.nav){z:3}.missing:not(.nav){w:4}"
    out = trim(css, WORDS)
    assert out.css == "dl:not(.absent, .gone) dd{x:1}.nav:is(.absent){y:2}.missing:has(.nav){z:3}"
    assert out.dropped == [".missing:not(.nav)"]


def test_groups_are_trimmed_inside_and_dropped_when_empty():
    css = ("@media (min-width: 960px){.used{a:1}.unused{b:2}}@media print{.unused{c:3}}"
           "@supports (display:grid){.nav{d:4}}")
    assert trim(css, WORDS).css == "@media (min-width: 960px){.used{a:1}}@supports (display:grid){.nav{d:4}}"


def test_rules_without_selectors_stay_and_comments_go():
    css = ("/* a note */@font-face{font-family:X;src:url(x.woff2)}@keyframes spin{from{a:0}to{a:1}}"
           ":root{--c:red}html,body{margin:0}\n/*# sourceMappingURL=x.css.map */")
    out = trim(css, set())
    assert out.dropped == []
    assert out.css == ("@font-face{font-family:X;src:url(x.woff2)}@keyframes spin{from{a:0}to{a:1}}"
                       ":root{--c:red}html,body{margin:0}")


def test_the_site_words_are_whole_class_names_from_pages_and_scripts():
    words = stylesheets.site_words(['<div class="nav-item show">', "el.classList.add('pst-squeeze')"])
    assert {"nav-item", "show", "pst-squeeze"} <= words.words
    assert "nav" not in words and "item" not in words


def test_a_name_that_a_script_builds_from_a_prefix_counts_as_found():
    # Bootstrap's tooltip adds `bs-${this.constructor.NAME}-auto`; MathJax builds "mjx-" + name.
    words = stylesheets.site_words(['e.classList.add(`bs-${this.constructor.NAME}-auto`)',
                                    'const c = "mjx-" + kind;', '<p class="data-1 tooltip-arrow">'])
    assert words.prefixes == ("bs-", "mjx-")
    out = trim(".bs-tooltip-auto .tooltip-arrow{a:1}.mjx-box{b:2}.xbs-tip{c:3}.data-1{d:4}"
               ".data-2{e:5}.bs-popover-auto .popover-arrow{f:6}", words)
    assert out.dropped == [".xbs-tip", ".data-2", ".bs-popover-auto .popover-arrow"]


def _linked(text: str, name: str) -> bool:
    return re.search(r'href="[^"]*_static/' + re.escape(name) + r'[?"]', text) is not None


@pytest.mark.html
def test_every_page_links_the_trimmed_stylesheets_instead_of_the_whole_ones(site):
    static = site / "_static"
    originals = [p.relative_to(static).as_posix() for pattern in stylesheets.TRIMMED
                 for p in static.glob(pattern) if not p.name.endswith(stylesheets.SUFFIX)]
    assert len(originals) == len(stylesheets.TRIMMED)
    for name in originals:
        whole, trimmed = static / name, static / stylesheets.trimmed_name(name)
        assert trimmed.stat().st_size < whole.stat().st_size / 2, name
    pages = [site / f"{page}.html" for page in toc_pages()] + [site / "search.html", site / "genindex.html"]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert [n for n in originals if _linked(text, n)] == [], page
        assert _linked(text, stylesheets.trimmed_name("styles/pydata-sphinx-theme.css")), page
