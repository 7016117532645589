"""The theme's stylesheets, trimmed to the rules the built site can use.

pydata-sphinx-theme ships all of Bootstrap 5 and a rule for every Font Awesome icon in one
stylesheet; sphinx-design and myst-nb add stylesheets of their own. Every page loads all three,
and the browser reads each rule before it can lay the page out, in the middle of reading the
page. Most rules style things the book never uses: a carousel, form validation, thousands of
icons.

:func:`trim_site` writes, beside each of those stylesheets, a copy that keeps only the rules
whose selectors could match something in the site, and points every page at the copy. The theme's
own file stays as it was (Sphinx copies it afresh on every build), so trimming starts from the
whole stylesheet each time and never loses a rule that a new page needs.

A selector is kept when every class and id it names occurs as a word somewhere in the site: in
a page's HTML or in any of its scripts, which is where the classes that scripts add at run time
(``show``, ``pst-squeeze``) are written. A script may also build a name from a prefix
(Bootstrap's tooltip adds ```bs-${name}-auto```), so a name that starts with such a prefix counts
as found. Names inside ``:not()`` do not count, since
``:not(.absent)`` matches everything; a selector with any other functional pseudo-class
(``:is()``, ``:where()``, ``:has()``) is kept whole, to be safe. Rules without selectors
(``@font-face``, ``@keyframes``, custom properties on ``:root``) stay. ``tests/test_browser.py``
checks on every page, at both widths and after the page's scripts have run, that no dropped
selector matches an element.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import tinycss2

#: The stylesheets trimmed, as glob patterns under the site's ``_static`` folder.
TRIMMED = ("styles/pydata-sphinx-theme.css", "sphinx-design.min.css", "mystnb.*.css")
#: What a trimmed copy adds to its original's name: ``pydata-sphinx-theme.css`` becomes
#: ``pydata-sphinx-theme.trimmed.css``, in the same folder, so its relative ``url()`` still work.
SUFFIX = ".trimmed.css"
#: At-rules that hold rules of their own, which are trimmed in turn.
_GROUPS = {"media", "supports", "layer", "container"}
_WORD = re.compile(r"[A-Za-z0-9_-]+")
#: A prefix that a script completes at run time: ```bs-${name}``` or ``"mjx-" + name``.
_PREFIX = re.compile(r"""(?<![\w-])([A-Za-z][\w-]*-)\$\{|["']([A-Za-z][\w-]*-)["']\s*\+""")


class Trimmed(NamedTuple):
    """A stylesheet after trimming: its text, and the selectors it dropped."""

    css: str
    dropped: list[str]


@dataclass(frozen=True)
class Words:
    """The names a site's pages and scripts hold, and the prefixes its scripts complete."""

    words: set[str]
    prefixes: tuple[str, ...] = ()

    def __contains__(self, name: object) -> bool:
        return name in self.words or (isinstance(name, str) and name.startswith(self.prefixes))


def site_words(texts: Iterable[str]) -> Words:
    """Every word (letters, digits, ``-`` and ``_``) in ``texts``, a site's pages and scripts,
    and every prefix a script builds a name from (```bs-${``` in a template, ``"mjx-" +``)."""
    words: set[str] = set()
    prefixes: set[str] = set()
    for text in texts:
        words.update(_WORD.findall(text))
        prefixes.update(a or b for a, b in _PREFIX.findall(text))
    return Words(words, tuple(sorted(prefixes)))


def _selectors(prelude: list[Any]) -> list[list[Any]]:
    """Split a rule's selector list at its top-level commas (not those inside ``:not(a, b)``)."""
    parts: list[list[Any]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _could_match(selector: list[Any], words: Container[str]) -> bool:
    names, previous = [], None
    for token in selector:
        if token.type == "function" and token.lower_name != "not":
            return True                      # :is(), :where(), :has(): kept, to be safe
        class_name = (token.type == "ident" and previous is not None
                      and previous.type == "literal" and previous.value == ".")
        if token.type == "hash" or class_name:
            names.append(token.value)
        previous = token
    return all(name in words for name in names)


def _trim_rules(rules: list[Any], words: Container[str], dropped: list[str]) -> list[str]:
    kept: list[str] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = _selectors(rule.prelude)
            keep = [_could_match(s, words) for s in selectors]
            dropped.extend(tinycss2.serialize(s).strip() for s, k in zip(selectors, keep) if not k)
            if any(keep):
                text = ",".join(tinycss2.serialize(s).strip() for s, k in zip(selectors, keep) if k)
                kept.append(text + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in _GROUPS and rule.content is not None:
            inner = _trim_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                        skip_whitespace=True),
                                words, dropped)
            if inner:
                kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
        elif rule.type == "at-rule":
            kept.append(tinycss2.serialize([rule]))
    return kept


def trim(css: str, words: Container[str]) -> Trimmed:
    """Keep the rules of ``css`` whose selectors name only classes and ids found in ``words``
    (a :class:`Words`, or a plain set of names).

    A rule listing several selectors keeps those that could match and loses the others; a
    ``@media`` block (or ``@supports``, ``@layer``, ``@container``) left empty goes. Comments go
    too, with the source-map link, which no longer fits the text.
    """
    dropped: list[str] = []
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return Trimmed("".join(_trim_rules(rules, words, dropped)), dropped)


def trimmed_name(name: str) -> str:
    """The file name of the trimmed copy of the stylesheet ``name``."""
    return name.removesuffix(".css") + SUFFIX


def _whole_stylesheets(site: Path) -> list[Path]:
    static = site / "_static"
    return [p for pattern in TRIMMED for p in sorted(static.glob(pattern))
            if not p.name.endswith(SUFFIX)]


def _words(site: Path, pages: Iterable[str]) -> Words:
    scripts = (p.read_text(encoding="utf-8", errors="replace")
               for p in (site / "_static").rglob("*.js"))
    return site_words([*pages, *scripts])


def trim_site(site: Path, pages: dict[Path, str]) -> dict[Path, str]:
    """Trim the :data:`TRIMMED` stylesheets of ``site`` and point ``pages`` at the copies.

    ``pages`` maps each HTML file of the site to its text; the texts are returned with every
    link to a trimmed stylesheet changed to its copy (the query string, a cache-busting digest,
    stays). Words for :func:`trim` come from these texts and every script in ``_static``.
    """
    originals = _whole_stylesheets(site)
    if not originals:
        return pages
    words = _words(site, pages.values())
    for original in originals:
        copy = original.with_name(trimmed_name(original.name))
        copy.write_text(trim(original.read_text(encoding="utf-8"), words).css, encoding="utf-8")
    static = site / "_static"
    names = "|".join(re.escape(p.relative_to(static).as_posix()) for p in originals)
    link = re.compile(r'(<link\b[^>]*\bhref="[^"]*_static/)(' + names + r')([?"])')

    def repoint(match: re.Match[str]) -> str:
        return match.group(1) + trimmed_name(match.group(2)) + match.group(3)

    return {page: link.sub(repoint, text) for page, text in pages.items()}


def dropped_selectors(site: Path) -> list[str]:
    """Every selector that :func:`trim_site` left out of ``site``'s stylesheets, for checking."""
    words = _words(site, (p.read_text(encoding="utf-8") for p in site.rglob("*.html")))
    return [selector for sheet in _whole_stylesheets(site)
            for selector in trim(sheet.read_text(encoding="utf-8"), words).dropped]
