"""Charts of the sensitivity of a verdict: tipping points and robustness to uncertain inputs."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import theme
from ..sensitivity import most_sensitive, preset_robustness, tipping_points, verdict_segments
from ..value import PARAMETERS, Scenario, Verdict


def _long_label(name: str) -> str:
    spec = PARAMETERS[name]
    label = spec.label if spec.label.startswith(f"{name}:") else f"{name}: {spec.label}"
    return f"{label} ({spec.low:g} to {spec.high:g})"


def sensitivity_chart(scenario: Scenario, *,
                      title: str = "Which single input could flip the verdict?") -> alt.LayerChart:
    """Chart the verdict along each input's whole range, the other inputs held at their values.

    One horizontal strip per flat input (labelled by its flat name, such as
    ``c_D1``; the tooltip gives its full label and range): the x axis runs from the lowest to the
    highest value the input can take (0–100 % of its range), and the strip is
    coloured by the verdict the formula gives there (Okabe–Ito colours of
    :data:`alliances.theme.VERDICT_COLOURS`). A black diamond marks the
    current value, so the distance from the diamond to the nearest change of
    colour shows how robust the verdict is to that input. Tooltips give the
    real values of each stretch and the tipping points.
    """
    points = tipping_points(scenario).set_index("parameter")
    strips = []
    for name in PARAMETERS:
        spec = PARAMETERS[name]
        width = spec.high - spec.low
        for seg in verdict_segments(scenario, name).to_dict("records"):
            strips.append({"input": name, "label": _long_label(name), "verdict": seg["verdict"],
                           "from_value": round(seg["start"], 4), "to_value": round(seg["end"], 4),
                           "x": round((seg["start"] - spec.low) / width * 100, 3),
                           "x2": round((seg["end"] - spec.low) / width * 100, 3)})
    marks = []
    for name in PARAMETERS:
        row = points.loc[name]
        spec = PARAMETERS[name]
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
                        scale=theme.verdict_scale()),
        tooltip=theme.tooltip(("label:N", "Input"), ("verdict:N", "Verdict"),
                              ("from_value:Q", "From value"), ("to_value:Q", "To value")),
    )
    current = alt.Chart(pd.DataFrame(marks)).mark_point(
        shape="diamond", filled=True, size=90, color=theme.BLACK, stroke=theme.WHITE, strokeWidth=1,
        opacity=1).encode(
        x="x:Q", y=y,
        tooltip=theme.tooltip(("label:N", "Input"), ("value:Q", "Current value"),
                              ("tipping:N", "Verdict changes at")),
    )
    verdict = scenario.assess().verdict
    sensitive = most_sensitive(scenario)
    closest = (f"The smallest move that flips it is in {', '.join(sensitive)}."
               if sensitive else "No single input can flip it within its range.")
    description = (f"Strip chart of the verdict along the whole range of each of the 17 inputs, "
                   f"the others held fixed; a black diamond marks each current value. The current "
                   f"verdict is '{verdict.value}'. {closest}")
    return alt.LayerChart(layer=[bars, current]).properties(
        width=400, height=alt.Step(18), title=title, description=description)


def robustness_chart(*, spread: float = 0.25, draws: int = 1000,
                     seed: int = 2021) -> alt.Chart:
    """Chart :func:`alliances.sensitivity.preset_robustness`: for each preset, the share of trials giving each verdict.

    One horizontal bar per case preset, split by verdict in the book's verdict
    colours. A bar that is all one colour is a verdict that survives the
    uncertainty; a split bar is a verdict that hangs on the exact scores.
    """
    data = preset_robustness(spread=spread, draws=draws, seed=seed)
    data["percent"] = (data["share"] * 100).round(1)
    data["order"] = data["verdict"].map({v.value: i for i, v in enumerate(
        (Verdict.ALLY, Verdict.ALTERNATIVE, Verdict.NOT_WORTH_IT))})
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("percent:Q", stack="zero", title="Share of trials (%)",
                scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("case:N", title=None, sort=list(dict.fromkeys(data["case"]))),
        color=alt.Color("verdict:N", title="Verdict",
                        scale=theme.verdict_scale(),
                        legend=alt.Legend(orient="bottom")),
        order=alt.Order("order:Q"),
        tooltip=theme.tooltip(("case:N", "Case"),
                              ("preset_verdict:N", "Verdict at the preset's scores"),
                              ("verdict:N", "Verdict in these trials"), ("count:Q", "Trials"),
                              ("percent:Q", "Share (%)", ".1f")),
    ).properties(
        width=440, height=alt.Step(26),
        title=f"Verdicts when every input is uncertain by up to ±{spread:.0%}",
        description=(f"Stacked bars, one per case preset, showing the share of {draws} "
                     f"random trials, each input varied by up to {spread:.0%} either way, "
                     "that give the verdicts ally, alternative and not worth it."),
    )
