"""The formula explorer in a kernel (ipywidgets) and the spec it sends to the page."""

from __future__ import annotations

import json
import re

import pytest

from alliances import Scenario, Verdict, assess, formula_explorer
from alliances.explorer import waterfall_chart
from alliances.value import EXPRESSIONS, verdict_expression
from alliances.value import PARAMETERS as INPUTS


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


# ---------------------------------------------------------------------------
# The explorer in Jupyter matches the web page (issue 9)
# ---------------------------------------------------------------------------

def test_sliders_carry_the_full_labels_in_the_page_groups():
    from alliances.value import GROUPS

    explorer = formula_explorer()
    assert {name: s.description for name, s in explorer.sliders.items()} == {
        name: p.label for name, p in INPUTS.items()}
    headings = [child.children[0].value for child in explorer.widget.children[-1].children[1].children]
    assert headings == [f"<b>{g[0].upper() + g[1:]}</b>" for g in GROUPS]
    # Each block holds exactly the sliders of its group, in the table's order.
    for block, group in zip(explorer.widget.children[-1].children[1].children, GROUPS):
        assert [s.description for s in block.children[1:]] == [
            p.label for p in INPUTS.values() if p.group == group]


def test_the_verdict_is_shown_once():
    explorer = formula_explorer(Scenario(benefits={"2B": 8}, costs={"D1": 2}, alternative=3))
    chart = explorer.chart
    spec = chart.spec if hasattr(chart, "spec") else None
    if spec is not None:     # the widget's chart is the waterfall alone, no verdict header
        assert "vconcat" not in spec
    assert sum(v.label in explorer.verdict.value for v in Verdict) == 1


def test_a_preset_goes_straight_to_its_verdict():
    from alliances import cases

    presets = cases.load_presets()
    explorer = formula_explorer(presets=presets)
    first = explorer.preset_menu.value
    target = next(n for n in presets
                  if presets[n].assess().verdict != presets[first].assess().verdict)
    shown: list[str] = []
    explorer.verdict.observe(lambda change: shown.append(change["new"]), names="value")
    scenarios: list[Scenario] = []
    for slider in explorer.sliders.values():
        slider.observe(lambda change: scenarios.append(explorer.scenario), names="value")
    explorer.preset_menu.value = target
    expected = presets[target].assess()
    assert len(shown) == 1 and expected.verdict.label in shown[0], shown
    assert explorer.scenario.to_params() == presets[target].to_params()
    if hasattr(explorer.chart, "params"):   # the chart's Vega parameters follow, in one message
        assert {n: getattr(explorer.chart.params, n) for n in explorer.sliders} == {
            n: presets[target].to_params()[n] for n in explorer.sliders}


HALVES = [0.005, 0.125, 1.005, 1.115, 2.675, 4.445, 9.125, 13.125, 1.0e-3, -0.005, -2.675,
          -13.125, 0.0, 99.995]


def test_python_and_vega_print_halfway_cases_alike():
    import altair as alt
    import vl_convert

    from alliances.value import format_value

    data = alt.Data(values=[{"i": i, "x": x} for i, x in enumerate(HALVES)])
    chart = alt.Chart(data).transform_calculate(
        label="datum.i + '|' + format(datum.x, '.2f') + '|'").mark_text().encode(
        y="i:O", text="label:N")
    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    vega = {int(i): text for i, text in re.findall(r">(\d+)\|([^|<]*)\|<", svg)}
    assert len(vega) == len(HALVES), svg[:500]
    python = {i: format_value(x) for i, x in enumerate(HALVES)}
    assert python == vega
    assert python[HALVES.index(13.125)] == "13.13" and python[HALVES.index(1.005)] == "1.00"


def test_the_page_prints_the_first_numbers_as_the_live_chart_does():
    """The verdict numbers written into the page equal the chart's own Vega ``format``."""
    import html as html_module

    import vl_convert

    # b = 0.125 and b − c = −1.875: Python's ".2f" prints "0.12" and "-1.88", Vega "0.13" and "−1.88"
    scenario = Scenario(benefits={"1B": 0.125}, probabilities={"1B": 1.0}, costs={"D1": 2},
                        alternative=0.5)
    page = formula_explorer(scenario).html()
    shown = re.search(r'class="alliances-verdict-numbers">([^<]*)</span>', page)
    assert shown is not None
    first = html_module.unescape(shown.group(1))
    assert first == ("b\u00a0=\u00a00.13  ·  c\u00a0=\u00a02.00  ·  b − c\u00a0=\u00a0\u22121.88"
                     "  ·  a\u00a0=\u00a00.50")
    svg = vl_convert.vegalite_to_svg(waterfall_chart(scenario, bind=False).to_dict())
    drawn = [html_module.unescape(t) for t in re.findall(r"<text[^>]*>(b = [^<]*)</text>", svg)]
    assert drawn == [first.replace("\u00a0", " ")]


def _panel_parts(panel):
    """Every widget of ``panel``, depth first."""
    yield panel
    for child in getattr(panel, "children", ()):
        yield from _panel_parts(child)


def test_the_full_explorer_hides_and_shows_its_inputs_with_the_verdict_in_view():
    presets = {"cheap": Scenario(benefits={"1B": 6}, alternative=1),
               "costly": Scenario(benefits={"1B": 6}, costs={"D2": 8}, alternative=1)}
    explorer = formula_explorer(presets=presets)
    assert explorer.fold and explorer.fold_label == f"the {len(INPUTS)} detailed inputs"
    panel = explorer.widget
    button = explorer.fold_button
    parts = list(_panel_parts(panel))
    assert button in parts and explorer.preset_menu in parts and explorer.verdict in parts
    # the box of the sliders' blocks: one of its blocks holds the slider of c_D2
    holder = next(w for w in parts if any(explorer.sliders["c_D2"] in getattr(block, "children", ())
                                          for block in getattr(w, "children", ())))
    assert button.value and button.description == "Hide the 17 detailed inputs"
    assert holder.layout.display is None
    button.value = False                                   # the reader hides the inputs
    assert holder.layout.display == "none" and button.description == "Show the 17 detailed inputs"
    assert explorer.verdict.layout.display is None         # the verdict and its totals stay
    explorer.preset_menu.value = "costly"                  # and still follow the case menu
    assert shown_verdict(explorer) is Verdict.NOT_WORTH_IT and "c = 8.00" in explorer.verdict.value
    button.value = True
    assert holder.layout.display is None and button.description == "Hide the 17 detailed inputs"
    html = explorer.html()
    assert html.count('class="alliances-fold"') == 1 and ' open><summary>' in html
    assert "Hide</span><span class=\"alliances-fold-closed\">Show</span> the 17 detailed inputs" in html


def test_a_smaller_explorer_has_no_toggle_unless_asked():
    assert not formula_explorer(inputs=["b_1A", "a"]).fold
    assert not formula_explorer(mode="terms").fold
    assert formula_explorer(mode="terms").fold_button is None
    assert 'class="alliances-fold"' not in formula_explorer(mode="terms").html()
    asked = formula_explorer(inputs=["b_1A", "a"], fold=True)
    assert asked.fold_label == "the 2 detailed inputs"
    assert "Hide</span><span class=\"alliances-fold-closed\">Show</span> the 2 detailed inputs" \
        in asked.html()
    assert not formula_explorer(fold=False).fold
    with pytest.raises(TypeError, match="fold must be True, False or None"):
        formula_explorer(fold="yes")
