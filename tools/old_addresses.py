"""The addresses of a built site, and a draft of the map that keeps old addresses working.

An address is a page (``book/theory/costs.html``) or a section anchor on it
(``book/theory/costs.html#the-cost-of-a-guarantee``): a heading's id, a label, a glossary term, a
named table (``T_scorecard``, from ``charts.table(frame, "scorecard")``). Ids that a build numbers
or draws at random (``id3``, a chart's ``alliances-chart-2``, an unnamed table's
``T_table-9ea2b15bc7``), and the library reference's object ids (``alliances.value.assess``, which
hold a dot), are no addresses a reader keeps.

``python tools/old_addresses.py OLD_SITE NEW_SITE`` prints a draft of
``book/old-addresses.yml``: every page of the old site, the anchors still on it,
and for each anchor gone from its page the page that now holds the same id, or ``"?"`` where none
or several do. Review the draft (a vanished section gets its nearest section by hand) before
committing it; ``tests/test_redirects.py`` checks the committed map against the built book.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

#: Pages the builder generates whose anchors are no reader's addresses (index letters, search).
GENERATED = ("genindex", "py-modindex", "search")
_ID = re.compile(r'<[a-z][a-z0-9]*(?:\s[^>]*?)?\sid="([^"]+)"')
_NOT_AN_ADDRESS = re.compile(r"^(?:id\d+|alliances-(?:chart|question)-.*|T_table-[0-9a-f]+|.*\..*)$")


def anchors(html: str) -> list[str]:
    """The section anchors of a built page, in the page's order: every id in its article (the
    theme's frame around it holds none), less the ids a build numbers or draws at random and the
    library reference's object ids."""
    start = html.find('<article class="bd-article"')
    if start < 0:
        return []
    article = html[start:html.find("</article>", start)]
    return [ident for ident in dict.fromkeys(_ID.findall(article))
            if not _NOT_AN_ADDRESS.match(ident)]


def site_addresses(site: Path) -> dict[str, list[str]]:
    """Every page of a built site (its docname, ``book/theory/costs``) with its anchors."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        name = path.relative_to(site).with_suffix("").as_posix()
        if name.startswith("_"):                 # _static, _sources: no pages
            continue
        pages[name] = [] if name in GENERATED else anchors(path.read_text(encoding="utf-8"))
    return pages


def draft(old: Path, new: Path) -> str:
    """The draft map (YAML) from the old site's addresses to the new site's."""
    before, after = site_addresses(old), site_addresses(new)
    holders: dict[str, list[str]] = {}
    for page, ids in after.items():
        for ident in ids:
            holders.setdefault(ident, []).append(page)
    lines = []
    for page, ids in before.items():
        lines.append(f"{page}:" + ("" if page in after else "  # ? this page is gone"))
        kept = [ident for ident in ids if ident in after.get(page, [])]
        gone = [ident for ident in ids if ident not in kept]
        if kept:
            lines.append("  kept:")
            lines += [f"    - {ident}" for ident in kept]
        if gone:
            lines.append("  moved:")
            for ident in gone:
                found = holders.get(ident, [])
                target = f"{found[0]}#{ident}" if len(found) == 1 else '"?"'
                lines.append(f"    {ident}: {target}" + (f"  # one of {found}" if len(found) > 1 else ""))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python tools/old_addresses.py OLD_SITE NEW_SITE")
    sys.stdout.write(draft(Path(sys.argv[1]), Path(sys.argv[2])))
