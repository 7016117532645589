"""Tests of alliances.sensitivity: exact tipping points, checked against brute-force sweeps."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliances import Scenario, cases, charts, sensitivity, theme, value
from alliances.value import PARAMETERS as INPUTS

PARAMS = value.PARAMETERS


def _net_by_hand(params: dict[str, float]) -> float:
    """b − c written out from the formula, independently of Scenario.b and Scenario.c."""
    b = sum(params[f"p_{k}"] * params[f"b_{k}"] for k in ("1A", "1B", "2A", "2B"))
    c = sum(params[f"c_{k}"] for k in ("D1", "D2", "D3", "O1"))
    c += sum(params[f"p_{k}"] * params[f"d_{k}"] for k in ("R1", "R2"))
    return b - c


def _verdict_by_hand(net, a):
    """The decision rule, elementwise on numbers or numpy arrays, with the rule at a boundary:
    b − c and b − c − a rounded to 9 decimals (a half up) before they are compared with 0."""
    def nanos(x):
        return np.floor(np.asarray(x) * 1e9 + 0.5)
    return np.where(nanos(net) <= 0, "not worth it",
                    np.where(nanos(net - a) >= 0, "ally", "alternative"))


def _sweep(scenario: Scenario, name: str, points: int = 2001):
    """Grid of one input's range, the verdict at each point (by hand) and the points on a boundary."""
    spec = INPUTS[name]
    xs = np.linspace(spec.low, spec.high, points)
    changed = {**scenario.to_params(), name: xs}
    net = _net_by_hand(changed) + 0 * xs
    a = changed["a"] + 0 * xs
    on_boundary = (np.abs(net) < 1e-9) | (np.abs(net - a) < 1e-9)
    return xs, _verdict_by_hand(net, a), on_boundary


scenarios = st.builds(
    lambda values: Scenario.from_params(values),
    st.fixed_dictionaries({
        name: (st.floats(-10, 10) if name == "a"
               else st.floats(0, 1) if name.startswith("p_") else st.floats(0, 10))
        .map(lambda v: round(v, 2))
        for name in PARAMS
    }),
)


def test_parameters_follow_the_scenario_order():
    assert tuple(PARAMS) == tuple(Scenario().to_params())
    assert len(PARAMS) == 17


@pytest.mark.parametrize("name", PARAMS)
def test_net_slope_matches_a_finite_difference(name):
    scenario = cases.get_preset("Russia–Armenia")
    params = scenario.to_params()
    step = 0.01
    moved = {**params, name: params[name] + step if params[name] + step <= INPUTS[name].high
             else params[name] - step}
    expected = (_net_by_hand(moved) - _net_by_hand(params)) / (moved[name] - params[name])
    assert sensitivity.net_slope(scenario, name) == pytest.approx(expected, abs=1e-9)


def test_syria_tipping_points_by_hand():
    # Russia–Syria preset: b = 0.75·2 + 0.5·6 + 0.75·6 = 9; c = 2 + 0.5 + 2 + 1 + 0.4·5 + 0.3·3 = 8.4;
    # net 0.6 > 0 but below a = 3, so "alternative".
    syria = cases.get_preset("Russia–Syria")
    table = sensitivity.tipping_points(syria).set_index("parameter")
    assert set(table["verdict"]) == {"alternative"}
    # Any cost may rise by 0.6 before b − c reaches 0.
    assert table.loc["c_D1", "up"] == pytest.approx(2.6)
    assert table.loc["c_D1", "verdict_up"] == "not worth it"
    assert table.loc["c_D1", "distance"] == pytest.approx(0.06)
    # a must fall to the net value 0.6 for the alliance to become the best option.
    assert table.loc["a", "down"] == pytest.approx(0.6)
    assert table.loc["a", "verdict_down"] == "ally"
    assert math.isnan(table.loc["a", "up"])
    # b_1B: slope 0.75; 0 at 2 − 0.6/0.75 = 1.2; a = 3 at 2 + 2.4/0.75 = 5.2.
    assert table.loc["b_1B", "down"] == pytest.approx(1.2)
    assert table.loc["b_1B", "up"] == pytest.approx(5.2)
    assert table.loc["b_1B", "verdict_up"] == "ally"
    # p_1A multiplies a benefit value of 0: it can never change anything.
    assert math.isinf(table.loc["p_1A", "distance"])
    assert sensitivity.most_sensitive(syria) == ["c_D1", "c_D2", "c_D3", "c_O1"]


def test_no_input_can_flip_an_overwhelming_alliance():
    # b = 4 × 10 = 40; the largest possible c from one input is 10 and the largest a is 10.
    strong = Scenario(benefits=dict.fromkeys(("1A", "1B", "2A", "2B"), 10.0),
                      probabilities=dict.fromkeys(("1A", "1B", "2A", "2B"), 1.0), alternative=-10)
    table = sensitivity.tipping_points(strong)
    assert table["distance"].map(math.isinf).all()
    assert sensitivity.most_sensitive(strong) == []
    for name in PARAMS:
        segments = sensitivity.verdict_segments(strong, name)
        assert len(segments) == 1 and segments.iloc[0]["verdict"] == "ally"


def test_boundary_exactly_at_the_current_value():
    # net = b − c = 0.75·4 − 1 = 2 = a: "ally" (b − c ≥ a), but any rise of a flips it.
    scenario = Scenario(benefits={"2B": 4}, costs={"D1": 1}, alternative=2)
    assert scenario.assess().verdict.value == "ally"
    row = sensitivity.tipping_points(scenario).set_index("parameter").loc["a"]
    assert row["up"] == pytest.approx(2.0)
    assert row["verdict_up"] == "alternative"
    assert row["distance"] == pytest.approx(0.0)


def test_boundary_at_the_end_of_a_range():
    # b − c = 1 × 1 = 1 > 0 = a: "ally" for any b_2B > 0, "not worth it" only at exactly 0.
    scenario = Scenario(benefits={"2B": 1}, probabilities={"2B": 1}, alternative=0)
    row = sensitivity.tipping_points(scenario).set_index("parameter").loc["b_2B"]
    assert row["down"] == 0.0 and row["verdict_down"] == "not worth it"
    assert row["distance"] == pytest.approx(0.1)
    assert list(sensitivity.verdict_segments(scenario, "b_2B")["verdict"]) == ["ally"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios)
def test_segments_agree_with_a_fine_sweep(scenario):
    for name in PARAMS:
        segments = sensitivity.verdict_segments(scenario, name)
        spec = INPUTS[name]
        assert segments.iloc[0]["start"] == spec.low and segments.iloc[-1]["end"] == spec.high
        assert (segments["start"].iloc[1:].values == segments["end"].iloc[:-1].values).all()
        assert (segments["verdict"].iloc[1:].values != segments["verdict"].iloc[:-1].values).all()
        xs, verdicts, on_boundary = _sweep(scenario, name)
        edges = segments["start"].to_numpy()[1:]
        near_edge = np.array([np.min(np.abs(edges - x)) < 1e-6 if len(edges) else False
                              for x in xs])
        # Points exactly on a boundary (b − c = 0 or = a) take one side's verdict: skip them.
        keep = ~on_boundary & ~near_edge
        index = np.searchsorted(edges, xs, side="right")
        expected = segments["verdict"].to_numpy()[index]
        assert (expected[keep] == verdicts[keep]).all(), name


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios)
def test_tipping_points_are_the_first_changes_of_a_sweep(scenario):
    table = sensitivity.tipping_points(scenario).set_index("parameter")
    params = scenario.to_params()
    current = str(_verdict_by_hand(_net_by_hand(params), params["a"]))
    for name in PARAMS:
        row = table.loc[name]
        assert row["verdict"] == current
        spec = INPUTS[name]
        step = (spec.high - spec.low) / 2000
        xs, verdicts, _ = _sweep(scenario, name)
        x0 = params[name]
        below = xs[(xs < x0 - 1e-9) & (verdicts != current)]
        above = xs[(xs > x0 + 1e-9) & (verdicts != current)]
        if len(below):
            assert row["down"] == pytest.approx(max(below), abs=step + 1e-9)
        else:  # no grid point below flips it: at most a sliver thinner than one grid step
            assert math.isnan(row["down"]) or row["down"] - spec.low < step + 1e-9 \
                or x0 - row["down"] < step + 1e-9
        if len(above):
            assert row["up"] == pytest.approx(min(above), abs=step + 1e-9)
        else:
            assert math.isnan(row["up"]) or spec.high - row["up"] < step + 1e-9 \
                or row["up"] - x0 < step + 1e-9


@settings(max_examples=25, deadline=None)
@given(scenarios)
def test_most_sensitive_has_the_smallest_distance(scenario):
    table = sensitivity.tipping_points(scenario).set_index("parameter")
    names = sensitivity.most_sensitive(scenario)
    finite = table["distance"][table["distance"] < math.inf]
    if finite.empty:
        assert names == []
    else:
        assert names and all(table.loc[n, "distance"] == pytest.approx(finite.min()) for n in names)
        moves = [abs(table.loc[n, c] - table.loc[n, "value"]) / (table.loc[n, "high"] - table.loc[n, "low"])
                 for n in names for c in ("down", "up") if not math.isnan(table.loc[n, c])]
        assert min(moves) == pytest.approx(finite.min())


def test_chart_spec():
    scenario = cases.get_preset("Russia–Syria")
    chart = charts.sensitivity_chart(scenario)
    spec = chart.to_dict()
    text = json.dumps(spec)
    assert len(text) < 150_000
    assert "url" not in json.dumps(spec.get("datasets", {}))
    assert "'alternative'" in spec["description"] and "c_D1" in spec["description"]
    bars, marks = spec["layer"]
    colour = bars["encoding"]["color"]["scale"]
    assert colour == theme.verdict_scale().to_dict()
    assert all(c.upper() in {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
                             "#CC79A7", "#000000"} for c in colour["range"])
    for layer in (bars, marks):
        assert layer["encoding"]["tooltip"]
    # Every input's strip covers 0–100 % of its range, and one diamond per input.
    strips = spec["datasets"][bars["data"]["name"]]
    for name in value.PARAMETERS:
        rows = [r for r in strips if r["input"] == name]
        assert rows[0]["x"] == 0 and rows[-1]["x2"] == 100
    diamonds = spec["datasets"][marks["data"]["name"]]
    assert [d["input"] for d in diamonds] == list(value.PARAMETERS)
    c_d1 = next(d for d in diamonds if d["input"] == "c_D1")
    assert c_d1["x"] == pytest.approx(20.0) and "2.6 → not worth it" in c_d1["tipping"]


def test_robustness_by_spread_is_verdict_robustness_spread_by_spread():
    belarus = cases.get_preset("Russia–Belarus")
    table = sensitivity.robustness_by_spread(belarus, [0.1, 0.25, 0.5], draws=500)
    assert list(table.index) == [0.1, 0.25, 0.5] and table.index.name == "spread"
    assert list(table.columns) == ["ally", "alternative", "not worth it"]
    for spread in (0.1, 0.25, 0.5):
        one = sensitivity.verdict_robustness(belarus, spread=spread, draws=500)
        assert table.loc[spread].tolist() == one["share"].tolist()
    assert table["ally"].is_monotonic_decreasing and table["ally"].iloc[0] > 0.9 > table["ally"].iloc[-1]
    assert np.allclose(table.sum(axis=1), 1.0)
    with pytest.raises(TypeError, match="spreads must be a non-empty list"):
        sensitivity.robustness_by_spread(belarus, [])
    with pytest.raises(ValueError, match=r"spreads\[1\] must be in the range \[0, 1\], got 2"):
        sensitivity.robustness_by_spread(belarus, [0.1, 2])


def test_bad_input_is_refused():
    with pytest.raises(TypeError, match="scenario"):
        sensitivity.tipping_points({"b_1A": 1})
    with pytest.raises(TypeError, match="scenario"):
        charts.sensitivity_chart(None)
    with pytest.raises(ValueError, match="name must be one of"):
        sensitivity.verdict_segments(Scenario(), "b_9Z")
    with pytest.raises(ValueError, match="name must be one of"):
        sensitivity.net_slope(Scenario(), "alpha")
