"""The book's speed mechanisms, each with a name and a switch to turn it off.

Each mechanism below was added for a measured gain and binds the book to the internals of a
package (Jupyter Book 1, myst-nb, pydata-sphinx-theme, jsonschema, jupyter-cache). The rent table
in CONTRIBUTING.md ("Machinery that pays its rent") gives each one's gain as measured by
``tools/rent.py``, the package versions it depends on, the test that fails when an upgrade breaks
it, and what to do then. Turning one off never changes what the book shows, only how fast.

The switch is the environment variable :data:`SWITCH`: a comma-separated list of the names of
:data:`MECHANISMS` to turn off, or ``all``. ``make book PLAIN=1`` sets it to ``all``: the plain
build, a working fallback when an upgrade breaks a mechanism. What the offline site needs to be
correct is no speed mechanism and always stays: the local Vega and MathJax bundles, loading only
what a page uses, the repeated-script fix and the bibliography's ARIA fix
(:mod:`alliances.sphinxext`).
"""

from __future__ import annotations

import os

#: The environment variable that turns mechanisms off: names from :data:`MECHANISMS`, or ``all``.
SWITCH = "ALLIANCES_OFF"

#: Every speed mechanism, by name, with where it lives and what it does.
#:
#: :meta hide-value:
MECHANISMS: dict[str, str] = {
    "chart-pictures": "sphinxext.add_previews: a picture of each chart, drawn at build time, "
                      "shown until the live chart is drawn",
    "held-scripts": "sphinxext.hold_heavy_scripts: Vega, MathJax and the theme's scripts held back "
                    "as text/plain until the page is ready, and no search index on every page",
    "iri-stand-in": "imports.defer_iri_grammar: rfc3987_syntax's grammar built on first use, "
                    "not when jsonschema is imported",
    "cached-eval": "sphinxext: myst-nb's inline client answered from the execution cache, so a "
                   "chapter with {eval} is not run again during the build",
    "parallel-prefill": "tools/prefill_cache.py runs the notebooks one per core, not one at a time",
}


def turned_off(environ: dict[str, str] | None = None) -> frozenset[str]:
    """The mechanisms that :data:`SWITCH` turns off in ``environ`` (``os.environ`` by default).

    Raises ``ValueError`` naming the variable and the allowed names for a name that is not one of
    :data:`MECHANISMS`.
    """
    text = (os.environ if environ is None else environ).get(SWITCH, "")
    names = {name.strip() for name in text.split(",") if name.strip()}
    if "all" in names:
        return frozenset(MECHANISMS)
    unknown = sorted(names - set(MECHANISMS))
    if unknown:
        raise ValueError(f"{SWITCH} must list names from {sorted(MECHANISMS)} or 'all', "
                         f"got {', '.join(map(repr, unknown))}")
    return frozenset(names)


def on(name: str, environ: dict[str, str] | None = None) -> bool:
    """Whether the speed mechanism ``name`` (a key of :data:`MECHANISMS`) is on."""
    if name not in MECHANISMS:
        raise ValueError(f"name must be one of {sorted(MECHANISMS)}, got {name!r}")
    return name not in turned_off(environ)
