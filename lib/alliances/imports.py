"""Keep ``import alliances`` quick: defer a grammar that no chart ever uses.

Altair validates charts with ``jsonschema``. When ``jsonschema`` is imported it
looks for a checker of the ``iri`` string format and, in a Jupyter environment,
finds ``rfc3987-syntax`` (pulled in by ``jupyter-events``). That package builds
dozens of Earley parsers with Lark as soon as it is imported: two to five
seconds on a small machine, paid by every kernel that draws a chart, although
neither Vega-Lite's schema nor the book's data uses the ``iri`` format (see
python-jsonschema/jsonschema#1428 and opendatahub-io/notebooks#3532).

:func:`defer_iri_grammar` puts a stand-in under that package's name before
``jsonschema`` is imported. The stand-in builds the real grammar the first time
anything uses it, so an ``iri`` check still gives the real answer; it only
happens later, if ever. ``alliances/__init__.py`` calls it first.
``ALLIANCES_OFF=iri-stand-in`` turns it off (:mod:`alliances.speedups`).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any

from .speedups import on

#: The module that builds the grammar when imported.
IRI_SYNTAX = "rfc3987_syntax"


def _real_iri_syntax() -> types.ModuleType:
    module = sys.modules.get(IRI_SYNTAX)
    if getattr(module, "__alliances_stand_in__", False):
        del sys.modules[IRI_SYNTAX]
    return importlib.import_module(IRI_SYNTAX)


def defer_iri_grammar() -> bool:
    """Put a stand-in for ``rfc3987_syntax`` in place until something really uses it.

    Returns whether the stand-in was installed: not when ``jsonschema`` or the package is already
    imported (nothing left to save), when the package is not installed (nothing to defer), or when
    the switch ``ALLIANCES_OFF`` names ``iri-stand-in`` (:mod:`alliances.speedups`).
    """
    if not on("iri-stand-in") or IRI_SYNTAX in sys.modules or "jsonschema" in sys.modules:
        return False
    try:
        spec = importlib.util.find_spec(IRI_SYNTAX)
    except (ImportError, ValueError):
        return False
    if spec is None:
        return False

    def is_valid_syntax(term: str, value: str) -> bool:
        return bool(_real_iri_syntax().is_valid_syntax(term, value))

    def __getattr__(name: str) -> Any:  # any other name loads the real module (PEP 562) ...
        if name.startswith("__") and name.endswith("__"):
            # ... but not a look at the module's own attributes (``getattr(module, "__file__",
            # None)`` over ``sys.modules``, as hypothesis's pytest plugin does at collection)
            raise AttributeError(f"module {IRI_SYNTAX!r} has no attribute {name!r}")
        return getattr(_real_iri_syntax(), name)

    stand_in = types.ModuleType(IRI_SYNTAX, "Stand-in: the real module loads on first use.")
    stand_in.__dict__.update(is_valid_syntax=is_valid_syntax, __getattr__=__getattr__,
                             __alliances_stand_in__=True, __spec__=spec, __file__=spec.origin,
                             __path__=list(spec.submodule_search_locations or []))
    sys.modules[IRI_SYNTAX] = stand_in
    return True
