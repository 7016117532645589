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
* :func:`alliances.charts.sensitivity.sensitivity_chart` draws all of it as a strip chart: one row per
  input, coloured by verdict, with the current value marked.

Ranges are those of the formula explorer's sliders
(:data:`alliances.value.PARAMETERS`): values, costs and damages 0–10,
probabilities 0–1, the alternative a from −10 to 10. Distances are measured
as a share of that range, so that a probability and a value can be compared:
moving a probability by 0.1 and a cost by 1 are both a tenth of the slider.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from typing import TypedDict

import numpy as np
import pandas as pd

from . import cases
from .typology import BENEFIT_CODES, RISK_CODES
from .validate import check_number
from .value import PARAMETERS, Scenario, Verdict

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
    spec = PARAMETERS[name]
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


class _Segment(TypedDict):
    """One stretch of an input's range with a single verdict (a row of :func:`verdict_segments`)."""

    start: float
    end: float
    verdict: str


def _segments(scenario: Scenario, name: str) -> list[_Segment]:
    spec = PARAMETERS[name]
    edges = [float(spec.low), *_breakpoints(scenario, name), float(spec.high)]
    rows: list[_Segment] = []
    for start, end in pairwise(edges):
        verdict = _verdict_at(scenario, name, (start + end) / 2).value
        if rows and rows[-1]["verdict"] == verdict:
            rows[-1]["end"] = end
        else:
            rows.append({"start": start, "end": end, "verdict": verdict})
    return rows


def tipping_points(scenario: Scenario) -> pd.DataFrame:
    """For every input, the nearest values below and above the current one that flip the verdict.

    One row per flat input (in :data:`alliances.value.PARAMETERS` order) with columns
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
        spec, x0 = PARAMETERS[name], params[name]
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
    :data:`alliances.value.PARAMETERS` order. The list is empty when no single input can flip
    the verdict within its range.
    """
    table = tipping_points(scenario)
    finite = table[table["distance"] < math.inf]
    if finite.empty:
        return []
    best = finite["distance"].min()
    return finite.loc[finite["distance"] <= best + _TIE, "parameter"].tolist()






def _check_count(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an integer in the range [{low}, {high}], got {value!r}")
    check_number(value, name, low=low, high=high)
    return value


def _jittered_verdicts(scenario: Scenario, spread: float, draws: int,
                       seed: int) -> list[Verdict]:
    rng = np.random.default_rng(seed)
    params = scenario.to_params()
    factors = rng.uniform(1.0 - spread, 1.0 + spread, size=(draws, len(params)))
    verdicts = []
    for row in factors:
        jittered = {name: (min(value * f, 1.0) if name.startswith("p_") else value * f)
                    for (name, value), f in zip(params.items(), row)}
        verdicts.append(Scenario.from_params(jittered).assess().verdict)
    return verdicts


def verdict_robustness(scenario: Scenario, *, spread: float = 0.25, draws: int = 1000,
                       seed: int = 2021) -> pd.DataFrame:
    """Return how often each verdict comes out when every input of ``scenario`` is uncertain.

    Each of the ``draws`` trials multiplies every flat parameter of
    ``scenario`` by its own random factor drawn uniformly from
    [1 − ``spread``, 1 + ``spread``] (probabilities are capped at 1) and applies
    the formula. The result has one row per verdict (ally, alternative, not
    worth it) with ``count`` and ``share``. ``spread`` is in [0, 1], ``draws``
    in [1, 100000]; ``seed`` makes the draws repeatable. A thinking aid for
    false precision, not a statistical estimate: the spread is a judgement.
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a Scenario, got {type(scenario).__name__}")
    spread = check_number(spread, "spread", low=0.0, high=1.0)
    draws = _check_count(draws, "draws", 1, 100_000)
    seed = _check_count(seed, "seed", 0, 2**32 - 1)
    counts = Counter(_jittered_verdicts(scenario, spread, draws, seed))
    order = (Verdict.ALLY, Verdict.ALTERNATIVE, Verdict.NOT_WORTH_IT)
    return pd.DataFrame({"verdict": [v.value for v in order],
                         "count": [counts.get(v, 0) for v in order],
                         "share": [counts.get(v, 0) / draws for v in order]})


def robustness_by_spread(scenario: Scenario, spreads: Sequence[float], *, draws: int = 1000,
                         seed: int = 2021) -> pd.DataFrame:
    """Return the share of each verdict of ``scenario`` at several spreads, one row per spread.

    Applies :func:`verdict_robustness` once for each value of ``spreads`` (each
    in [0, 1]; at least one), with the same ``draws`` and ``seed``. The result
    is indexed by ``spread``, in the order given, with one column per verdict
    (``ally``, ``alternative``, ``not worth it``) holding the share of trials
    that give it, so a student can read how fast a verdict erodes as the
    inputs grow less certain.
    """
    if isinstance(spreads, (str, bytes)) or not isinstance(spreads, Sequence) or not spreads:
        raise TypeError(f"spreads must be a non-empty list of numbers in the range [0, 1], "
                        f"got {spreads!r}")
    rows = {}
    for i, spread in enumerate(spreads):
        spread = check_number(spread, f"spreads[{i}]", low=0.0, high=1.0)
        table = verdict_robustness(scenario, spread=spread, draws=draws, seed=seed)
        rows[float(spread)] = table.set_index("verdict")["share"]
    result = pd.DataFrame(rows).T
    result.index.name = "spread"
    result.columns.name = None
    return result


def preset_robustness(*, spread: float = 0.25, draws: int = 1000,
                      seed: int = 2021) -> pd.DataFrame:
    """Apply :func:`verdict_robustness` to every case preset of ``data/case_presets.csv``.

    One row per preset and verdict: ``case``, ``preset_verdict`` (the verdict
    at the preset's own scores), ``verdict``, ``count`` and ``share``. Each
    preset uses the same ``seed``, so the comparison between cases is fair.
    """
    frames = []
    for case, scenario in cases.load_presets().items():
        table = verdict_robustness(scenario, spread=spread, draws=draws, seed=seed)
        table.insert(0, "case", case)
        table.insert(1, "preset_verdict", scenario.assess().verdict.value)
        frames.append(table)
    return pd.concat(frames, ignore_index=True)


__all__ = ["most_sensitive", "net_slope", "preset_robustness", "robustness_by_spread", "tipping_points",
           "verdict_robustness", "verdict_segments"]
