"""Every old address of the site keeps working (issue 31), offline.

The map ``book/old-addresses.yml`` (named in ``_config.yml`` as ``alliances_old_addresses``)
records every page and section anchor of the site before chapters were split and sections moved:
the anchors still on their page (``kept``), and for each anchor that left it, its section's new
home (``moved``) or, for a section removed, the nearest one (``gone``). ``alliances.sphinxext``
writes ``moved-anchors.js`` into each page that lost a section, which sends such an address on
with ``location.replace``.

- Against the built book: every old page is still built; each kept anchor is still on its page;
  no moved or gone anchor is (the script would send a reader away from a section that is
  there), and each one's new home exists (anchors read with ``tools/old_addresses.py``'s rule);
  a page carries the script, first in its head, exactly when it lost a section, with its new
  addresses relative to the page.
- In headless Chromium, with every request outside 127.0.0.1 stopped by route interception:
  old addresses land on the right page with the target element there, over http:// and file://:
  one for each pair of old and new page in ``make test``, every one in ``make test-slow``.
  The pages' own files (stylesheets, scripts, pictures) are blocked in the browser: landing needs
  the HTML alone, and each address then costs one parse of it.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest
import yaml

from alliances import sphinxext
from conftest import ROOT, toc_pages
from old_addresses import anchors

#: The map of old addresses that _config.yml names.
MAP_PATH = ROOT / yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))[
    "sphinx"]["config"]["alliances_old_addresses"]
MAP = sphinxext.old_addresses(MAP_PATH)
#: Each old address of a section that moved or was removed, with where it should land.
MOVED = sorted((page, anchor, target) for page in MAP
               for anchor, target in sphinxext.moved_anchors(page, MAP_PATH).items())


def _built(site: Path, page: str) -> str:
    path = site / f"{page}.html"
    assert path.is_file(), f"the old page {page}.html is no longer built"
    return path.read_text(encoding="utf-8")


def _call(html: str) -> dict[str, str] | None:
    """The map of moved anchors the page's script is called with, or None if it has none."""
    found = re.findall(r"alliancesFollowMovedAnchors\((\{.*?\})\);</script>", html)
    assert len(found) <= 1
    return json.loads(found[0]) if found else None


def test_the_map_is_well_formed():
    # The site at ce31ba3: the 24 pages of its table of contents and the builder's four.
    assert len(MAP) == 28 and {"index", "genindex", "py-modindex", "search", "book/intro",
                               "book/russia/hegemony", "book/api/presentation"} <= set(MAP)
    for page, entry in MAP.items():
        assert set(entry) <= {"notebook", "kept", "moved", "gone"}, page
        old = [*entry.get("kept", []), *entry.get("moved", {}), *entry.get("gone", {})]
        assert len(old) == len(set(old)), f"{page}: an anchor is listed twice"
        for target in sphinxext.moved_anchors(page, MAP_PATH).values():
            assert re.fullmatch(r"[\w/-]+#[\w-]+", target), f"{page}: {target!r} is no docname#id"


def test_every_old_notebook_is_still_at_its_path():
    """Colab, Binder and GitHub links name the notebook's path; the table of contents builds it."""
    notebooks = [page for page, entry in MAP.items() if entry.get("notebook")]
    assert len(notebooks) == 15
    assert [page for page in notebooks if not (ROOT / f"{page}.ipynb").is_file()] == []
    assert set(notebooks) <= set(toc_pages())


@pytest.mark.html
def test_every_old_anchor_is_kept_or_mapped(site):
    missing, hijacked, lost = [], [], []
    for page, entry in MAP.items():
        now = set(anchors(_built(site, page)))
        missing += [f"{page}#{a}" for a in entry.get("kept", []) if a not in now]
        hijacked += [f"{page}#{a}" for a in sphinxext.moved_anchors(page, MAP_PATH) if a in now]
    for page, anchor, target in MOVED:
        home, ident = target.split("#")
        if (site / f"{home}.html").is_file():
            if ident not in anchors((site / f"{home}.html").read_text(encoding="utf-8")):
                lost.append(f"{page}#{anchor} -> {target}")
        else:
            lost.append(f"{page}#{anchor} -> {target} (no such page)")
    assert missing == [], f"old anchors gone from their page, not in the map's moved or gone: {missing}"
    assert hijacked == [], f"sections on their old page that the map sends elsewhere: {hijacked}"
    assert lost == [], f"new homes that do not exist: {lost}"


@pytest.mark.html
def test_a_page_carries_the_script_exactly_when_it_lost_a_section(site):
    for page in MAP:
        html = _built(site, page)
        expected = {}
        for anchor, target in sphinxext.moved_anchors(page, MAP_PATH).items():
            home, ident = target.split("#")
            there = "" if home == page else posixpath.relpath(home, posixpath.dirname(page)) + ".html"
            expected[anchor] = f"{there}#{ident}"
        assert _call(html) == (expected or None), page
        if expected:    # first in the head, before any stylesheet: it runs before anything shows
            head = html[:html.index("</head>")]
            assert head.index("alliancesFollowMovedAnchors") < head.index('rel="stylesheet"'), page


def test_an_anchor_is_a_heading_a_label_a_term_or_a_named_table():
    """The rule of tools/old_addresses.py, by which the checks above read a page's anchors: ids
    that a build numbers or draws, the library reference's object ids and the theme's frame are
    left out."""
    page = ('<html><body><nav id="pst-page-toc-nav"></nav><article class="bd-article">'
            '<section class="tex2jax_ignore" id="a-heading"><span id="a-label"></span>'
            '<span id="id7"></span><div id="alliances-chart-1"></div><p data-id="x" id="question"'
            '></p><dl><dt id="term-Alliance"></dt><dt id="alliances.value.assess"></dt></dl>'
            '<table id="T_scorecard"></table><table id="T_table-1a2b"></table></section></article>'
            '</body></html>')
    assert anchors(page) == ["a-heading", "a-label", "question", "term-Alliance", "T_scorecard"]


def _landing(site: Path, page: str) -> str:
    """The page an old page's address shows: itself, or the page its refresh names (the site's
    root ``index.html`` sends the reader to the introduction)."""
    refresh = re.search(r'http-equiv="Refresh" content="0; url=([^"]+)"', _built(site, page), re.I)
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), refresh.group(1))
                              ).removesuffix(".html") if refresh else page


def _one_per_new_page() -> list[tuple[str, str, str]]:
    """One old address of a moved or removed section for each pair of old page and new page."""
    pairs = {(old, target.split("#")[0]): (old, anchor, target) for old, anchor, target in MOVED[::-1]}
    return sorted(pairs.values())


#: What a page loads besides itself (the theme's and the book's files, the charts' pictures),
#: which landing does not need: blocked in the browser itself, so that each address costs one
#: parse of its HTML only.
SUBRESOURCES = ["*/_static/*", "*/_images/*", "*/_sphinx_design_static/*"]


@pytest.mark.browser
@pytest.mark.parametrize("every", [False, pytest.param(True, marks=pytest.mark.slowtier)],
                         ids=["each-pair", "every-address"])
def test_old_addresses_land_offline(watch, site, every):
    """Over http:// and over file://, one old address of a moved or removed section for each pair
    of old and new page (the script is the same on each page: only the relative address
    differs, and the fast tests check each page's addresses), each old page that lost a section
    (at its first kept anchor: the script leaves it there) and the site's root; and an old
    fragment set on a page already open. In the slow tier (``every``, about 10 s more), every
    old page and, over http://, every old address of a moved or removed section."""
    page = watch.page
    outside: list[str] = []

    def stop(request_route):
        outside.append(request_route.request.url)
        request_route.abort()

    def lands(address: str, expected: str, ident: str) -> str:
        if page.url.split("#")[0] == address.split("#")[0]:
            page.goto("about:blank")          # the address loads its page afresh
        page.goto(address, wait_until="commit")
        page.wait_for_url(expected, wait_until="domcontentloaded", timeout=10_000)
        if ident and not page.evaluate("id => document.getElementById(id) !== null", ident):
            return f"{address}: no element #{ident} on {page.url}"
        return ""

    # Route interception stops every request that leaves 127.0.0.1 (the pattern lets the local
    # ones pass without a round trip to this process).
    leaves = re.compile(r"^(?!" + re.escape(watch.base) + r"/|file:|data:|blob:|about:)")
    page.route(leaves, stop)
    blocker = watch.context.new_cdp_session(page)
    blocker.send("Network.enable")
    blocker.send("Network.setBlockedURLs", {"urls": SUBRESOURCES})
    problems = []
    try:
        for old, entry in MAP.items():
            if not every and old != "index" and not sphinxext.moved_anchors(old, MAP_PATH):
                continue
            first = (entry.get("kept") or [""])[0]
            fragment = f"#{first}" if first else ""
            problems.append(lands(f"{watch.base}/{old}.html{fragment}",
                                  f"{watch.base}/{_landing(site, old)}.html{fragment}", first))
        for base, addresses in ((watch.base, MOVED if every else _one_per_new_page()),
                                (site.as_uri(), _one_per_new_page())):
            for old, anchor, target in addresses:
                home, ident = target.split("#")
                problems.append(lands(f"{base}/{old}.html#{anchor}", f"{base}/{home}.html#{ident}",
                                      ident))
        # An old fragment given to a page already open (a link on it, an address edited by hand).
        old, anchor, target = MOVED[-1]
        first = MAP[old]["kept"][0]
        problems.append(lands(f"{watch.base}/{old}.html#{first}", f"{watch.base}/{old}.html#{first}",
                              first))
        page.evaluate("anchor => { location.hash = anchor; }", anchor)
        page.wait_for_url(f"{watch.base}/{target.replace('#', '.html#')}", timeout=10_000)
    finally:
        page.goto("about:blank")
        blocker.send("Network.setBlockedURLs", {"urls": []})
        blocker.detach()
        page.unroute(leaves)
    assert [p for p in problems if p] == []
    leaving = [url for url in watch.outside if not url.startswith("file:")]
    assert outside == leaving == [], f"requests left 127.0.0.1: {outside + leaving}"
