"""The theory chapters' interactive charts: spec structure and the Vega arithmetic.

Besides checking the specs (parameters, ranges, the verdict expression, alt
text, colours, tooltips), these tests run each chart through Vega with
``vl_convert.vegalite_to_scenegraph`` at chosen starting values and compare
what Vega computed (read from each mark's ARIA description or text) with
the Python library: :func:`alliances.value.verdict_for` for the verdicts and
:class:`alliances.Scenario` for b and c.
"""

from __future__ import annotations

import json
import re

import altair as alt
import pytest
import vl_convert as vlc

from _datafixtures import walk
from alliances import COMPLIANCE_RATE, Scenario, Verdict, assess, charts, theme, value
from alliances.typology import BENEFIT_CODES, BENEFITS, COSTS, RISK_CODES
from alliances.value import VERDICT_LABELS, verdict_expression, verdict_for

OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}
VERDICT_VALUES = ["not worth it", "alternative", "ally"]


# --------------------------------------------------------------------------- helpers


def _params(spec: dict) -> dict[str, dict]:
    return {p["name"]: p for p in spec.get("params", [])}


def _calculates(spec: dict) -> list[str]:
    return [t["calculate"] for d in walk(spec) for t in d.get("transform", []) if "calculate" in t]


def _marks(chart: alt.TopLevelMixin) -> dict[str, list[dict]]:
    """Run the chart through Vega and return the scenegraph items of each named mark."""
    scenegraph = vlc.vegalite_to_scenegraph(chart.to_dict())
    found: dict[str, list[dict]] = {}
    for node in walk(scenegraph):
        if node.get("role") == "mark" and "marktype" in node and node.get("name"):
            found.setdefault(node["name"], []).extend(node.get("items", []))
    return found


def _mark(marks: dict[str, list[dict]], prefix: str) -> list[dict]:
    hits = [items for name, items in marks.items() if name.startswith(prefix)]
    assert len(hits) == 1, (prefix, sorted(marks))
    return hits[0]


def _fields(description: str) -> dict[str, str]:
    """Parse an ARIA description 'key: value; key: value' (later keys win)."""
    out = {}
    for part in description.split("; "):
        key, _, value = part.partition(": ")
        out[key] = value
    return out


def _number(text: str) -> float:
    return float(text.replace("−", "-"))


def _check_common(chart) -> dict:
    spec = chart.to_dict()
    assert len(spec["description"]) > 60
    # Colours: every hex colour in the spec belongs to the Okabe-Ito palette (or is white).
    colours = set(re.findall(r"#[0-9A-Fa-f]{6}", json.dumps(spec)))
    assert colours and colours <= OKABE_ITO | {"#FFFFFF"}
    # Every mark that encodes data has a tooltip.
    for node in walk(spec):
        if "mark" in node and "encoding" in node:
            assert "tooltip" in node["encoding"], node["mark"]
    # Inline data only, and small.
    assert "url" not in json.dumps(spec.get("datasets", {}))
    assert len(json.dumps(spec)) < 150_000
    return spec


def _check_slider(param: dict, value: float, low: float, high: float, step: float):
    assert param["value"] == pytest.approx(value)
    bind = param["bind"]
    assert bind["input"] == "range"
    assert (bind["min"], bind["max"], bind["step"]) == pytest.approx((low, high, step))


# --------------------------------------------------------------------------- shared pieces


def test_verdict_scale_has_exactly_the_three_verdicts():
    scale = theme.verdict_scale().to_dict()
    assert scale["domain"] == [v.value for v in Verdict] == VERDICT_VALUES
    assert scale["range"] == [theme.VERDICT_COLOURS[v] for v in Verdict]
    assert set(scale["range"]) <= OKABE_ITO and len(set(scale["range"])) == 3


def test_cost_expression_mirrors_scenario_c():
    scenario = charts.EXAMPLE_SCENARIO
    env = {name: value for name, value in scenario.to_params().items()}
    expr = value.EXPRESSIONS["c_total"].replace(" * ", "*")
    assert eval(expr, {}, env) == pytest.approx(scenario.c)  # same sum, computed by Python
    assert set(re.findall(r"[a-z]_[A-Z0-9]+", value.EXPRESSIONS["c_total"])) == {
        "c_D1", "c_D2", "c_D3", "c_O1", "p_R1", "d_R1", "p_R2", "d_R2"}


def test_example_scenario_matches_its_comment():
    s = charts.EXAMPLE_SCENARIO
    assert s.b == pytest.approx(COMPLIANCE_RATE * (2 + 3 + 1 + 4))
    assert s.c == pytest.approx(2 + 1 + 0.5 + 1 + 0.2 * 5 + 0.3 * 2)
    assert s.assess().verdict is Verdict.ALLY


def test_verdict_label_expression_rejects_non_strings():
    with pytest.raises(TypeError, match="verdict must be a non-empty string"):
        value.verdict_label_expression(3)


# --------------------------------------------------------------------------- benefit menu


def test_benefit_menu_spec():
    spec = _check_common(charts.benefit_menu())
    params = _params(spec)
    assert set(params) == {f"{kind}_{c}" for kind in ("on", "b", "p") for c in BENEFIT_CODES}
    for item in BENEFITS:
        code = item.code
        assert params[f"on_{code}"]["bind"]["input"] == "checkbox"
        assert params[f"on_{code}"]["value"] is True
        assert item.short in params[f"on_{code}"]["bind"]["name"]
        _check_slider(params[f"b_{code}"], charts.EXAMPLE_SCENARIO.benefits[code], 0, 10, 0.25)
        _check_slider(params[f"p_{code}"], COMPLIANCE_RATE, 0, 1, 0.05)


@pytest.mark.parametrize("on", [("1A", "1B", "2A", "2B"), ("1B", "2B"), ("2A",), ()])
def test_benefit_menu_vega_computes_b_like_scenario(on):
    scenario = Scenario(benefits={"1A": 1.5, "1B": 4.0, "2A": 2.25, "2B": 6.0},
                        probabilities={"1A": 0.75, "1B": 0.5, "2A": 1.0, "2B": 0.35})
    marks = _marks(charts.benefit_menu(scenario, switched_on=on))
    # Python's b with the unticked functions' values set to 0:
    expected = scenario.with_params(**{f"b_{c}": 0.0 for c in BENEFIT_CODES if c not in on}).b
    (formula,) = _mark(marks, "benefit_formula")
    first, *sum_lines = formula["text"].split("\n")    # "b = total", then the terms, two a line
    assert first.startswith("b = ") and len(sum_lines) == sum(
        any(code in on for code in pair) for pair in (BENEFIT_CODES[:2], BENEFIT_CODES[2:]))
    assert _number(first.removeprefix("b = ")) == pytest.approx(expected, abs=0.005)
    assert formula["text"].count("×") == len(on)
    bars = _mark(marks, "benefit_bars")
    assert len(bars) == 4
    for bar in bars:
        fields = _fields(bar["description"])
        code = fields["Function"]
        contribution = _number(fields["Contribution p × v"])
        want = scenario.probabilities[code] * scenario.benefits[code] if code in on else 0.0
        assert contribution == pytest.approx(want, abs=0.005)
        assert fields["Status"] == ("on the menu" if code in on else "switched off")


def test_benefit_menu_rejects_bad_input():
    with pytest.raises(ValueError, match=r"switched_on has unknown code\(s\) \['3A'\]"):
        charts.benefit_menu(switched_on=["1A", "3A"])
    with pytest.raises(TypeError, match="switched_on must be an iterable"):
        charts.benefit_menu(switched_on="1A")
    with pytest.raises(TypeError, match=r"scenario must be an alliances\.Scenario"):
        charts.benefit_menu({"1A": 1})
    with pytest.raises(ValueError, match=r"^scenario\.benefits\['2B'\] must be in the range \[0, 5\]"):
        charts.benefit_menu(Scenario(benefits={"2B": 8.0}), maximum=5)
    with pytest.raises(ValueError, match="maximum must be"):
        charts.benefit_menu(maximum=0)


# --------------------------------------------------------------------------- break-even


def test_break_even_grid_covers_the_range():
    grid = charts.break_even_grid()
    assert len(grid) == 41 * 41 == 1681
    assert sorted(set(grid["b"])) == [i * 0.25 for i in range(41)]
    assert sorted(set(grid["c"])) == [i * 0.25 for i in range(41)]
    assert not grid.duplicated().any()
    small = charts.break_even_grid(4)
    assert small["b"].max() == 4 and sorted(set(small["b"]))[1] == pytest.approx(0.1)


def test_break_even_spec():
    chart = charts.break_even(2.5)
    spec = _check_common(chart)
    params = _params(spec)
    s = charts.EXAMPLE_SCENARIO
    _check_slider(params["a"], 2.5, -2.5, 10, 0.25)
    _check_slider(params["b"], s.b, 0, 10, 0.25)
    for code in ("D1", "D2", "D3", "O1"):
        _check_slider(params[f"c_{code}"], s.costs[code], 0, 5, 0.25)
    for code in RISK_CODES:
        _check_slider(params[f"p_{code}"], s.risk_probabilities[code], 0, 1, 0.05)
        _check_slider(params[f"d_{code}"], s.risk_damages[code], 0, 10, 0.25)
    # Slider labels carry Table 2's names.
    for item in COSTS:
        assert any(item.code in p["bind"]["name"] and item.short in p["bind"]["name"]
                   for p in params.values())
    calcs = _calculates(spec)
    assert verdict_expression("datum.b - datum.c", "a") in calcs
    assert value.EXPRESSIONS["c_total"] in calcs
    domains = [n["scale"]["domain"] for n in walk(spec)
               if n.get("field") == "verdict" and "scale" in n]
    assert domains and all(d == VERDICT_VALUES for d in domains)


@pytest.mark.parametrize("a", [1.0, 4.0, 0.0, -1.5])
def test_break_even_vega_verdicts_match_python(a):
    marks = _marks(charts.break_even(a))
    cells = _mark(marks, "break_even_grid")
    assert len(cells) == 1681
    colour = {v.value: theme.VERDICT_COLOURS[v] for v in Verdict}
    seen = set()
    for cell in cells:
        fields = _fields(cell["description"])
        b, c = _number(fields["b"]), _number(fields["c"])
        want = verdict_for(b - c, a).value
        assert fields["Verdict"] == want, (b, c, a)
        assert cell["fill"] == colour[want]
        seen.add(want)
    assert seen == (set(VERDICT_VALUES) if a > 0 else {"ally", "not worth it"})


@pytest.mark.parametrize("scenario", [
    charts.EXAMPLE_SCENARIO,
    charts.EXAMPLE_SCENARIO.with_params(a=3.0),
    Scenario(benefits={"2B": 4.0}, costs={"D1": 2.5, "O1": 1.0},
             risk_probabilities={"R1": 0.5}, risk_damages={"R1": 3.0}, alternative=0.5),
])
def test_break_even_point_matches_scenario(scenario):
    marks = _marks(charts.break_even(scenario=scenario))
    (point,) = _mark(marks, "break_even_point")
    fields = _fields(point["description"])
    expected = scenario.assess()
    assert _number(fields["b"]) == pytest.approx(scenario.b, abs=0.005)
    assert _number(fields["c"]) == pytest.approx(scenario.c, abs=0.005)
    assert fields["Verdict"] == expected.verdict.value
    (summary,) = _mark(marks, "break_even_summary")
    assert summary["text"].endswith(f"→  {expected.verdict.value}")
    assert summary["fill"] == theme.VERDICT_COLOURS[expected.verdict]
    assert _fields(summary["description"])["Verdict"] == VERDICT_LABELS[expected.verdict]
    (costs,) = _mark(marks, "break_even_costs")
    assert _number(costs["text"].rsplit("= ", 1)[1]) == pytest.approx(scenario.c, abs=0.005)


def test_break_even_flags_a_point_off_the_map():
    scenario = Scenario(costs={"D1": 5.0, "D2": 5.0, "D3": 5.0})
    (summary,) = _mark(_marks(charts.break_even(1.0, scenario=scenario, benefits=2.0)),
                       "break_even_summary")
    assert "off the map" in summary["text"]


def test_break_even_rejects_bad_input():
    with pytest.raises(ValueError, match=r"^alternative must be in the range \[-2\.5, 10\]"):
        charts.break_even(12)
    with pytest.raises(TypeError, match=r"^alternative must be a real number"):
        charts.break_even("high")
    with pytest.raises(ValueError, match=r"^benefits must be in the range \[0, 10\]"):
        charts.break_even(1, benefits=-1)
    with pytest.raises(ValueError, match=r"^scenario\.costs\['D1'\] must be in the range \[0, 5\]"):
        charts.break_even(1, scenario=Scenario(costs={"D1": 6.0}))


# --------------------------------------------------------------------------- alternatives


def test_alliance_vs_assistance_spec():
    spec = _check_common(charts.alliance_vs_assistance())
    params = _params(spec)
    assert set(params) == {"b", "c", "b_alt", "c_alt", "a"}
    _check_slider(params["b"], 5, 0, 10, 0.25)
    _check_slider(params["c"], 3, 0, 10, 0.25)
    _check_slider(params["b_alt"], 3, 0, 10, 0.25)
    _check_slider(params["c_alt"], 1.5, 0, 10, 0.25)
    assert params["a"]["expr"] == "b_alt - c_alt" and "bind" not in params["a"]
    assert verdict_expression("b - c", "a") in _calculates(spec)
    domains = [n["scale"]["domain"] for n in walk(spec)
               if n.get("field") == "verdict" and "scale" in n]
    assert domains == [VERDICT_VALUES]


@pytest.mark.parametrize("b, c, b_alt, c_alt", [
    (5, 3, 3, 1.5),     # ally
    (5, 3, 4, 1),       # alternative: a = 3 > 2
    (2, 3, 3, 1),       # not worth it
    (4, 2, 1, 2),       # a < 0: any paying alliance is best
    (6, 3, 4.5, 1.5),   # a tie: b - c == a counts as ally
])
def test_alliance_vs_assistance_vega_matches_python(b, c, b_alt, c_alt):
    chart = charts.alliance_vs_assistance(b, c, assistance_benefits=b_alt, assistance_costs=c_alt)
    marks = _marks(chart)
    expected = assess(b, c, b_alt - c_alt)
    (summary,) = _mark(marks, "options_summary")
    fields = _fields(summary["description"])
    assert fields["Verdict"] == VERDICT_LABELS[expected.verdict]
    assert _number(fields["Alliance b − c"]) == pytest.approx(expected.net)
    assert _number(fields["Assistance a"]) == pytest.approx(expected.alternative)
    assert summary["fill"] == theme.VERDICT_COLOURS[expected.verdict]
    bars = {(_fields(x["description"])["Option"], _fields(x["description"])["Quantity"]):
            _number(_fields(x["description"])["Value"]) for x in _mark(marks, "options_bars")}
    assert bars == pytest.approx({
        ("Alliance", "benefits"): b, ("Alliance", "costs"): c, ("Alliance", "net value"): b - c,
        ("Military technical assistance", "benefits"): b_alt,
        ("Military technical assistance", "costs"): c_alt,
        ("Military technical assistance", "net value"): b_alt - c_alt})


def test_alliance_vs_assistance_rejects_bad_input():
    with pytest.raises(ValueError, match=r"^assistance_costs must be in the range \[0, 10\]"):
        charts.alliance_vs_assistance(assistance_costs=11)
    with pytest.raises(TypeError, match=r"^benefits must be a real number"):
        charts.alliance_vs_assistance(None)


def test_a_container_wide_chart_gets_a_fixed_width_in_a_notebook(monkeypatch):
    """JupyterLab gives a ``width="container"`` chart almost no room; in a kernel it is fixed."""
    from alliances import render

    spec = {"vconcat": [{"mark": "bar", "width": "container"}, {"mark": "point", "width": 300}],
            "width": "container", "description": "two charts"}
    monkeypatch.setattr(render, "widgets_wanted", lambda: True)
    drawn = render.jupyter_bundle(spec)[render.VEGALITE_MIME]
    assert drawn["width"] == render.NOTEBOOK_WIDTH
    assert [c["width"] for c in drawn["vconcat"]] == [render.NOTEBOOK_WIDTH, 300]
    assert spec["width"] == "container"                   # the caller's spec is left alone
    monkeypatch.setattr(render, "widgets_wanted", lambda: False)
    assert "text/html" in render.jupyter_bundle(spec)     # the book's page keeps the container


def test_legible_raises_every_font_size_but_leaves_data_alone():
    from alliances.render import legible
    from alliances.theme import MIN_FONT_SIZE as MIN_TEXT_PX

    spec = {"config": {"axis": {"labelFontSize": 8, "titleFontSize": 14}},
            "layer": [{"mark": {"type": "text", "fontSize": 9}}],
            "data": {"values": [{"fontSize": 3}]}, "datasets": {"d": [{"fontSize": 2}]}}
    out = legible(spec)
    assert out["config"]["axis"] == {"labelFontSize": MIN_TEXT_PX, "titleFontSize": 14}
    assert out["layer"][0]["mark"]["fontSize"] == MIN_TEXT_PX
    assert out["data"] == spec["data"] and out["datasets"] == spec["datasets"]
    assert spec["layer"][0]["mark"]["fontSize"] == 9          # a copy: the spec is untouched
    with pytest.raises(TypeError, match="spec must be"):
        legible([1])


def test_preview_pictures_a_container_chart_at_the_width_asked():
    import pandas as pd

    from alliances.render import preview_png, preview_svg

    frame = pd.DataFrame({"x": ["a", "b"], "y": [3, 4]})
    spec = alt.Chart(frame).mark_bar().encode(x="x:N", y="y:Q").properties(
        width="container").to_dict()
    svg = preview_svg(spec, 500)
    assert re.search(r'<svg[^>]*\swidth="500"', svg), svg[:200]
    # The picture is aria-hidden: no mark keeps Vega's labels or roles, yet every bar is drawn.
    assert "aria-label" not in svg and "role=" not in svg and "class=" not in svg
    assert len(re.findall(r'<path d="M[^"]*" fill="#', svg)) == 2, svg
    assert preview_png(spec, 400, scale=1)[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError, match=r"width must be a whole number of pixels in \[100, 2000\]"):
        preview_svg(spec, 50)


# --------------------------------------------------------------------------- expected value


@pytest.mark.parametrize(("p", "v"), [(0.75, 4.0), (0.3, 6.0), (0.0, 5.0), (1.0, 2.5)])
def test_expected_value_chart_vega_counts_squares_and_multiplies(p, v):
    chart = charts.expected_value_chart(probability=p, value=v)
    spec = _check_common(chart)
    params = _params(spec)
    _check_slider(params["p"], p, 0, 1, 1 / charts.EXPECTED_VALUE_TRIALS)
    _check_slider(params["v"], v, 0, 10, 0.5)
    marks = _marks(chart)
    squares = _mark(marks, "expected_squares")
    comes = round(p * charts.EXPECTED_VALUE_TRIALS)
    assert len(squares) == charts.EXPECTED_VALUE_TRIALS == 20
    assert sum(s["fill"] == theme.BLUE for s in squares) == comes
    assert sum(s["fill"] == theme.ORANGE for s in squares) == 20 - comes
    (summary,) = _mark(marks, "expected_summary")
    assert summary["text"].split("\n") == [
        f"p × v = {value.format_value(p)} × {value.format_value(v)} = {value.format_value(p * v)}",
        f"The benefit comes in {comes} of 20;",
        f"average over all 20: {value.format_value(p * v)}"]
    bars = _mark(marks, "expected_bars")
    assert sorted(_number(_fields(b["description"])["Value points"]) for b in bars) == \
        pytest.approx(sorted([v, p * v]), abs=0.005)


def test_expected_value_chart_refuses_a_probability_above_one():
    with pytest.raises(ValueError, match=r"probability must be in the range \[0, 1\], got 1.5"):
        charts.expected_value_chart(probability=1.5)
