"""The formula explorer in a kernel (ipywidgets) and the spec it sends to the page."""

from __future__ import annotations

import json
import re

import pytest

from alliances import Scenario, Verdict, assess, formula_explorer
from alliances.explorer import waterfall_chart
from alliances.value import EXPRESSIONS
from alliances.value import PARAMETERS as INPUTS
from alliances.value import verdict_expression


def shown_verdict(explorer) -> Verdict:
    """Read the verdict that the widget panel displays to the reader."""
    matches = [v for v in Verdict if v.label in explorer.verdict.value]
    assert len(matches) == 1, explorer.verdict.value
    return matches[0]


def test_moving_sliders_changes_the_displayed_verdict():
    explorer = formula_explorer(Scenario(benefits={"2B": 8}, probabilities={"2B": 1.0},
                                         costs={"D1": 2}, alternative=3))
    assert shown_verdict(explorer) is Verdict.ALLY             # 8 − 2 = 6 ≥ 3
    explorer.sliders["a"].value = 7
    assert shown_verdict(explorer) is Verdict.ALTERNATIVE      # 0 < 6 < 7
    explorer.sliders["c_D1"].value = 9
    assert shown_verdict(explorer) is Verdict.NOT_WORTH_IT     # 8 − 9 < 0
    explorer.sliders["p_2B"].value = 0.5
    explorer.sliders["c_D1"].value = 1
    explorer.sliders["a"].value = 3
    assert shown_verdict(explorer) is Verdict.ALLY             # 4 − 1 = 3 = a
    assert "b − c = 3.00" in explorer.verdict.value


def test_every_slider_moves_the_scenario_and_agrees_with_assess():
    explorer = formula_explorer()
    for name, slider in explorer.sliders.items():
        slider.value = slider.max
        assert explorer.scenario.to_params()[name] == slider.max
    s = explorer.scenario
    assert shown_verdict(explorer) is assess(s.b, s.c, s.alternative).verdict


def test_presets_reset_the_sliders():
    presets = {"cheap": Scenario(benefits={"1B": 6}, alternative=1),
               "costly": Scenario(benefits={"1B": 6}, costs={"D2": 8}, alternative=1)}
    explorer = formula_explorer(presets=presets)
    assert shown_verdict(explorer) is Verdict.ALLY
    explorer.preset_menu.value = "costly"
    assert explorer.sliders["c_D2"].value == 8
    assert shown_verdict(explorer) is Verdict.NOT_WORTH_IT


def test_inputs_limit_the_sliders_but_keep_the_scenario():
    explorer = formula_explorer(Scenario(costs={"O1": 2}), inputs=["b_1A", "a"])
    assert list(explorer.sliders) == ["b_1A", "a"]
    assert explorer.scenario.costs["O1"] == 2
    with pytest.raises(ValueError, match="unknown name"):
        formula_explorer(inputs=["b_9Z"])
    with pytest.raises(TypeError, match="scenario must be"):
        formula_explorer({"b_1A": 1})  # type: ignore[arg-type]


def test_mime_bundle_offers_the_widget_and_live_html():
    bundle = formula_explorer()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    html = bundle["text/html"]
    spec = json.loads(re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>',
                                html, re.S).group(1).replace("<\\/", "</"))
    params = {p["name"]: p for p in spec["params"]}
    bound = {name for name, p in params.items() if "bind" in p}
    assert bound == set(INPUTS)
    assert params["verdict"]["expr"] == verdict_expression("net_value", "a")
    assert params["a"]["bind"]["min"] == -10 and params["a"]["bind"]["max"] == 10
    assert spec["description"].startswith("The value of the alliance")


def test_vega_expressions_add_terms_in_the_library_order():
    assert EXPRESSIONS["b_total"] == "p_1A * b_1A + p_1B * b_1B + p_2A * b_2A + p_2B * b_2B"
    assert EXPRESSIONS["c_total"] == "c_D1 + c_D2 + c_D3 + c_O1 + p_R1 * d_R1 + p_R2 * d_R2"


def test_unbound_chart_has_no_sliders():
    spec = waterfall_chart(Scenario(), bind=False).to_dict()
    assert not any("bind" in p for p in spec["params"])
