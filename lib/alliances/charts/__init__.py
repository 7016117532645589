"""Every chart of the book, in one namespace: ``from alliances import charts``.

The chart functions take the frames that the analysis modules compute (or
compute them from the curated data) and return altair charts styled by the
book's theme (:mod:`alliances.theme`). They are grouped by subject:

* :mod:`alliances.charts.formula`: the theory chapters' interactive charts
  (the expected-value picture, the benefit menu, the break-even map, alliance
  against assistance);
* :mod:`alliances.charts.russia`: Table 4, the guarantees, the 68/262 vote,
  the functions in Russia's record, the overlapping organisations;
* :mod:`alliances.charts.tables`: the curated tables of the pages, all drawn by
  ``table`` (the events since the article, the scorecard, the presets, the
  data sources);
* :mod:`alliances.charts.sensitivity`: tipping points and robustness;
* :mod:`alliances.charts.unga`: the CSTO members' votes on the UN's Ukraine
  resolutions (68/262 and ES-11/1 to ES-11/6);
* :mod:`alliances.charts.votes`, :mod:`alliances.charts.loyalty`,
  :mod:`alliances.charts.pledges`, :mod:`alliances.charts.capabilities`:
  the open-data chapters.

Every name is re-exported here, so a notebook writes ``charts.table4_chart()``.
"""

from .capabilities import asymmetry_chart
from .formula import (
                      BENEFIT_COLOURS,
                      EXAMPLE_SCENARIO,
                      EXPECTED_VALUE_TRIALS,
                      alliance_vs_assistance,
                      benefit_menu,
                      break_even,
                      break_even_grid,
                      expected_value_chart,
)
from .loyalty import loyalty_chart
from .pledges import PLEDGER_COLOURS, REGION_COLOURS, network_chart, network_layout, pledges_chart
from .russia import (
                      COUNTRY_COLOURS,
                      functions_chart,
                      guarantees_timeline,
                      membership_chart,
                      table4_chart,
                      unga_68_262_chart,
)
from .sensitivity import robustness_chart, sensitivity_chart
from .tables import events_table, scorecard_table, table
from .unga import unga_votes_chart
from .votes import agreement_band_chart, gap_chart

__all__ = ["BENEFIT_COLOURS", "COUNTRY_COLOURS", "EXAMPLE_SCENARIO", "EXPECTED_VALUE_TRIALS",
           "PLEDGER_COLOURS", "REGION_COLOURS", "agreement_band_chart", "alliance_vs_assistance",
           "asymmetry_chart", "benefit_menu", "break_even", "break_even_grid", "events_table",
           "expected_value_chart", "functions_chart", "gap_chart", "guarantees_timeline",
           "loyalty_chart", "membership_chart", "network_chart", "network_layout", "pledges_chart",
           "robustness_chart", "scorecard_table", "sensitivity_chart", "table", "table4_chart",
           "unga_68_262_chart", "unga_votes_chart"]
