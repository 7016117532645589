"""Sensitivity of a verdict: which single input could flip it, and how far it would have to move.

The formula b − c ≥ a > 0 is linear in every one of its 17 flat inputs
(``b_1A`` … ``a``, see :meth:`~alliances.Scenario.to_params`) when the others
are held fixed. Along one input's range the verdict is therefore piecewise
constant with at most two breakpoints: where b − c reaches 0 and where it
reaches a. This module finds those breakpoints exactly instead of sampling a
grid:

* :func:`verdict_segments` splits one input's range into stretches of equal
  verdict;
* :func:`tipping_points` gives, for every input, the nearest value below and
  above the current one at which the verdict changes, and the distance to it
  as a share of the input's range;
* :func:`most_sensitive` names the input(s) with the smallest such distance;
* :func:`sensitivity_chart` draws all of it as a strip chart: one row per
  input, coloured by verdict, with the current value marked.

Ranges are those of the formula explorer's sliders
(:data:`alliances.explorer.INPUTS`): values, costs and damages 0–10,
probabilities 0–1, the alternative a from −10 to 10. Distances are measured
as a share of that range, so that a probability and a value can be compared:
moving a probability by 0.1 and a cost by 1 are both a tenth of the slider.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from .explorer import INPUTS
from .render import VERDICT_COLOURS
from .typology import BENEFIT_CODES, RISK_CODES
from .value import Scenario, Verdict

__all__ = ["PARAMETERS", "most_sensitive", "net_slope", "sensitivity_chart", "tipping_points",
           "verdict_segments"]

#: The 17 flat inputs of the formula, in the order of :meth:`~alliances.Scenario.to_params`.
PARAMETERS: tuple[str, ...] = tuple(Scenario().to_params())

_TIE = 1e-9  # two distances closer than this (as a share of the range) count as equal


def _check_scenario(scenario: object) -> Scenario:
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be an alliances.Scenario, got {type(scenario).__name__}")
    return scenario


def _check_name(name: object) -> str:
    if name not in PARAMETERS:
        raise ValueError(f"name must be one of {', '.join(PARAMETERS)}, got {name!r}")
    return str(name)


def net_slope(scenario: Scenario, name: str) -> float:
    """Return how much b − c changes when the input ``name`` rises by one unit, others fixed.

    For a benefit value ``b_k`` the slope is its probability ``p_k`` and vice
    versa; for a direct or opportunity cost ``c_*`` it is −1; for a risk's
    probability ``p_R*`` it is minus its damage and vice versa; for ``a`` it
    is 0 (the alternative does not enter b − c). Raises ``TypeError`` or
    ``ValueError`` for a bad scenario or name.
    """
    params = _check_scenario(scenario).to_params()
    name = _check_name(name)
    if name == "a":
        return 0.0
    prefix, code = name.split("_", 1)
    if prefix == "c":
        return -1.0
    if code in BENEFIT_CODES:
        return params[f"p_{code}"] if prefix == "b" else params[f"b_{code}"]
    if code in RISK_CODES:
        return -(params[f"d_{code}"] if prefix == "p" else params[f"p_{code}"])
    raise AssertionError(f"unhandled parameter {name!r}")  # pragma: no cover


def _breakpoints(scenario: Scenario, name: str) -> list[float]:
    """Values of ``name`` strictly inside its range at which b − c reaches 0 or a."""
    spec = INPUTS[name]
    x0 = scenario.to_params()[name]
    result = scenario.assess()
    if name == "a":
        candidates = [result.net] if result.net > 0 else []
    else:
        slope = net_slope(scenario, name)
        targets = [0.0] + ([result.alternative] if result.alternative > 0 else [])
        candidates = [x0 + (target - result.net) / slope for target in targets] if slope else []
    return sorted({x for x in candidates if spec.low < x < spec.high})


def _verdict_at(scenario: Scenario, name: str, value: float) -> Verdict:
    return scenario.with_params(**{name: value}).assess().verdict


def verdict_segments(scenario: Scenario, name: str) -> pd.DataFrame:
    """Split the range of one input into stretches with the same verdict, the others held fixed.

    Returns one row per stretch, left to right, with columns ``parameter``,
    ``start``, ``end`` (values of the input) and ``verdict`` (the value of
    :class:`~alliances.Verdict`, e.g. ``"ally"``). Neighbouring stretches
    always differ in verdict; an input that cannot flip the verdict gives a
    single row covering its whole range. Each stretch's verdict is computed by
    :meth:`~alliances.Scenario.assess` at its midpoint. The value exactly on a
    boundary belongs to one side (b − c = 0 is "not worth it", b − c = a is
    "ally"); a boundary that falls exactly on an end of the range makes no
    stretch of its own (:func:`tipping_points` still reports it).
    """
    rows = _segments(_check_scenario(scenario), _check_name(name))
    return pd.DataFrame([{"parameter": name, **row} for row in rows],
                        columns=["parameter", "start", "end", "verdict"])


def _segments(scenario: Scenario, name: str) -> list[dict[str, object]]:
    spec = INPUTS[name]
    edges = [float(spec.low), *_breakpoints(scenario, name), float(spec.high)]
    rows: list[dict[str, object]] = []
    for start, end in zip(edges, edges[1:]):
        verdict = _verdict_at(scenario, name, (start + end) / 2).value
        if rows and rows[-1]["verdict"] == verdict:
            rows[-1]["end"] = end
        else:
            rows.append({"start": start, "end": end, "verdict": verdict})
    return rows


def tipping_points(scenario: Scenario) -> pd.DataFrame:
    """For every input, the nearest values below and above the current one that flip the verdict.

    One row per flat input (in :data:`PARAMETERS` order) with columns
    ``parameter``, ``label`` (the explorer's slider label), ``value`` (current),
    ``low`` and ``high`` (the range), ``verdict`` (current), ``down`` and
    ``verdict_down`` (the nearest lower value where the verdict changes and the
    verdict beyond it; NaN and ``None`` if no lower value in the range flips
    it), ``up`` and ``verdict_up`` (the same upwards) and ``distance``: the
    smaller of the two moves as a share of the range (0 to 1; ``inf`` if the
    input cannot flip the verdict within its range).
    """
    scenario = _check_scenario(scenario)
    params = scenario.to_params()
    current = scenario.assess().verdict.value
    rows = []
    for name in PARAMETERS:
        spec, x0 = INPUTS[name], params[name]
        segments = _segments(scenario, name)
        down = verdict_down = up = verdict_up = None
        for seg in reversed([s for s in segments if s["start"] < x0]):
            if seg["verdict"] != current:
                down, verdict_down = min(seg["end"], x0), seg["verdict"]
                break
        for seg in [s for s in segments if s["end"] > x0]:
            if seg["verdict"] != current:
                up, verdict_up = max(seg["start"], x0), seg["verdict"]
                break
        # A boundary can fall exactly on an end of the range (e.g. b − c = 0 at a value of 0):
        # the verdict then changes at that single value.
        if down is None and x0 > spec.low:
            edge = _verdict_at(scenario, name, spec.low).value
            if edge != current:
                down, verdict_down = float(spec.low), edge
        if up is None and x0 < spec.high:
            edge = _verdict_at(scenario, name, spec.high).value
            if edge != current:
                up, verdict_up = float(spec.high), edge
        width = spec.high - spec.low
        moves = [abs(x - x0) / width for x in (down, up) if x is not None]
        rows.append({"parameter": name, "label": spec.label, "value": x0, "low": spec.low,
                     "high": spec.high, "verdict": current,
                     "down": math.nan if down is None else down, "verdict_down": verdict_down,
                     "up": math.nan if up is None else up, "verdict_up": verdict_up,
                     "distance": min(moves) if moves else math.inf})
    return pd.DataFrame(rows)


def most_sensitive(scenario: Scenario) -> list[str]:
    """Return the input(s) whose smallest move, as a share of its range, flips the verdict.

    Several inputs can tie (for example the four direct and opportunity costs
    always move b − c by the same amount); all of them are returned, in
    :data:`PARAMETERS` order. The list is empty when no single input can flip
    the verdict within its range.
    """
    table = tipping_points(scenario)
    finite = table[table["distance"] < math.inf]
    if finite.empty:
        return []
    best = finite["distance"].min()
    return finite.loc[finite["distance"] <= best + _TIE, "parameter"].tolist()


def _long_label(name: str) -> str:
    spec = INPUTS[name]
    label = spec.label if spec.label.startswith(f"{name}:") else f"{name}: {spec.label}"
    return f"{label} ({spec.low:g} to {spec.high:g})"


def sensitivity_chart(scenario: Scenario, *,
                      title: str = "Which single input could flip the verdict?") -> alt.LayerChart:
    """Chart the verdict along each input's whole range, the other inputs held at their values.

    One horizontal strip per flat input (labelled by its flat name, such as
    ``c_D1``; the tooltip gives its full label and range): the x axis runs from the lowest to the
    highest value the input can take (0–100 % of its range), and the strip is
    coloured by the verdict the formula gives there (Okabe–Ito colours of
    :data:`alliances.render.VERDICT_COLOURS`). A black diamond marks the
    current value, so the distance from the diamond to the nearest change of
    colour shows how robust the verdict is to that input. Tooltips give the
    real values of each stretch and the tipping points.
    """
    scenario = _check_scenario(scenario)
    points = tipping_points(scenario).set_index("parameter")
    strips = []
    for name in PARAMETERS:
        spec = INPUTS[name]
        width = spec.high - spec.low
        for seg in _segments(scenario, name):
            strips.append({"input": name, "label": _long_label(name), "verdict": seg["verdict"],
                           "from_value": round(seg["start"], 4), "to_value": round(seg["end"], 4),
                           "x": round((seg["start"] - spec.low) / width * 100, 3),
                           "x2": round((seg["end"] - spec.low) / width * 100, 3)})
    marks = []
    for name in PARAMETERS:
        row = points.loc[name]
        spec = INPUTS[name]
        flips = [f"{v:g} → {verdict}" for v, verdict in ((row["down"], row["verdict_down"]),
                                                          (row["up"], row["verdict_up"]))
                 if verdict is not None]
        marks.append({"input": name, "label": _long_label(name), "value": row["value"],
                      "x": round((row["value"] - spec.low) / (spec.high - spec.low) * 100, 3),
                      "tipping": "; ".join(flips) if flips else "none in range"})
    y = alt.Y("input:N", title="Input", sort=list(PARAMETERS))
    bars = alt.Chart(pd.DataFrame(strips)).mark_bar(height={"band": 0.8}).encode(
        x=alt.X("x:Q", title="Position in the input's range (0% = lowest, 100% = highest)",
                scale=alt.Scale(domain=[0, 100])),
        x2="x2:Q", y=y,
        color=alt.Color("verdict:N", title="Verdict",
                        scale=alt.Scale(domain=list(VERDICT_COLOURS),
                                        range=list(VERDICT_COLOURS.values()))),
        tooltip=[alt.Tooltip("label:N", title="Input"), alt.Tooltip("verdict:N", title="Verdict"),
                 alt.Tooltip("from_value:Q", title="From value"),
                 alt.Tooltip("to_value:Q", title="To value")],
    )
    current = alt.Chart(pd.DataFrame(marks)).mark_point(
        shape="diamond", filled=True, size=90, color="#000000", stroke="#FFFFFF", strokeWidth=1,
        opacity=1).encode(
        x="x:Q", y=y,
        tooltip=[alt.Tooltip("label:N", title="Input"),
                 alt.Tooltip("value:Q", title="Current value"),
                 alt.Tooltip("tipping:N", title="Verdict changes at")],
    )
    verdict = scenario.assess().verdict
    sensitive = most_sensitive(scenario)
    closest = (f"The smallest move that flips it is in {', '.join(sensitive)}."
               if sensitive else "No single input can flip it within its range.")
    description = (f"Strip chart of the verdict along the whole range of each of the 17 inputs, "
                   f"the others held fixed; a black diamond marks each current value. The current "
                   f"verdict is '{verdict.value}'. {closest}")
    return alt.layer(bars, current).properties(
        width=400, height=alt.Step(18), title=title, description=description)
