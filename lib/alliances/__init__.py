"""alliances: the shared library of the book *Asymmetric Alliances*.

The formula b − c ≥ a > 0 lives in :mod:`alliances.value`; the article's
tables in :mod:`alliances.typology`. The most used names are re-exported here:

>>> from alliances import assess
>>> assess(benefits=5, costs=2, alternative=1).verdict
<Verdict.ALLY: 'ally'>
"""

from . import render
from .explorer import formula_explorer
from .value import COMPLIANCE_RATE, Assessment, Scenario, Verdict, assess, verdict_for

render.enable()

__all__ = ["COMPLIANCE_RATE", "Assessment", "Scenario", "Verdict", "assess", "formula_explorer",
           "verdict_for"]
__version__ = "0.1.0"
