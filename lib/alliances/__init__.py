"""alliances: the shared library of the book *Asymmetric Alliances*.

The library is layered; each module imports only from the layers above it:

* start-up: :mod:`alliances.imports` keeps ``import alliances`` quick, and
  :mod:`alliances.speedups` names each speed mechanism and its switch;
* the theory: :mod:`alliances.typology` (Tables 1–3), :mod:`alliances.value`
  (the formula b − c ≥ a > 0 and its one table of inputs),
  :mod:`alliances.notation` (the notation key and the parameter table) and
  :mod:`alliances.validate` (argument checks);
* data: :mod:`alliances.curated` (the curated CSV files),
  :mod:`alliances.datasets` (the open datasets) and :mod:`alliances.countries`;
* analysis: :mod:`alliances.cases`, :mod:`alliances.russia`,
  :mod:`alliances.votes`, :mod:`alliances.pledges`,
  :mod:`alliances.capabilities`, :mod:`alliances.loyalty` and
  :mod:`alliances.sensitivity`;
* presentation: :mod:`alliances.theme`, :mod:`alliances.charts`,
  :mod:`alliances.explorer`, :mod:`alliances.render`, :mod:`alliances.prose`,
  :mod:`alliances.checks`, :mod:`alliances.sphinxext`,
  :mod:`alliances.activities` and :mod:`alliances.questions`.

The most used names are re-exported here:

>>> from alliances import assess
>>> assess(benefits=5, costs=2, alternative=1).verdict
<Verdict.ALLY: 'ally'>
"""

from .imports import defer_iri_grammar

defer_iri_grammar()  # before altair imports jsonschema: saves seconds per kernel (see imports)

from . import render, theme  # noqa: E402
from .explorer import formula_explorer  # noqa: E402
from .value import COMPLIANCE_RATE, Assessment, Scenario, Verdict, assess, verdict_for  # noqa: E402

theme.enable()
render.enable()

__all__ = ["COMPLIANCE_RATE", "Assessment", "Scenario", "Verdict", "assess", "formula_explorer",
           "verdict_for"]
__version__ = "0.1.0"
