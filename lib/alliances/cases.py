"""Case presets: the book's illustrative scores for a few alliances (``data/case_presets.csv``).

Each preset fills every flat parameter of :class:`~alliances.value.Scenario`
(``b_1A`` … ``a``) for one pair of states, such as Russia–Armenia or
US–Japan, with a one-line justification tied to Istomin (2021).
The numbers are **teaching judgements, not measurements**: the article
itself says that gains and losses of an alliance cannot be put on a common
scale. The presets exist so that readers can start the formula explorer from
a reasoned position and then disagree with it.

Scales: benefit values, costs and damages in "value points" from 0 to 10;
probabilities from 0 to 1; the alternative's net value ``a`` from −10 to 10.
"""

from __future__ import annotations

import pandas as pd

from . import curated
from .value import Scenario, parameter


def parameter_range(name: str) -> tuple[float, float]:
    """Return the inclusive range allowed for the flat parameter ``name`` (from :data:`alliances.value.PARAMETERS`)."""
    item = parameter(name)
    return item.low, item.high


def parameter_label(name: str) -> str:
    """Return a reader-facing label for the flat parameter ``name`` (its ``description``).

    For example ``"b_1B"`` → ``"value of 1B: limiting the external ties of an
    ally"`` and ``"p_R1"`` → ``"probability of R1: involvement in allies'
    adventurism"``.
    """
    return parameter(name).description


def _presets_frame() -> pd.DataFrame:
    """Read and fully validate the presets file (schema, completeness, ranges: its loader's rules)."""
    return curated.case_presets()


def load_presets() -> dict[str, Scenario]:
    """Load every case preset as a :class:`Scenario`, in file order.

    The values are the book's illustrative teaching judgements, not
    measurements (see ``data/README.md``). Each case must set all 17 flat
    parameters within their ranges; otherwise ``ValueError`` names the case
    and the parameter.
    """
    frame = _presets_frame()
    presets: dict[str, Scenario] = {}
    for case, part in frame.groupby("case", sort=False):
        presets[str(case)] = Scenario.from_params(
            {str(p): float(v) for p, v in zip(part["parameter"], part["value"])})
    return presets


def _normalise(name: str) -> str:
    return name.replace("–", "-").replace("—", "-").replace(" ", "").casefold()


def get_preset(name: str) -> Scenario:
    """Return the preset called ``name``; a hyphen may stand for the en dash, case is ignored."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a case name string, got {name!r}")
    presets = load_presets()
    for case, scenario in presets.items():
        if _normalise(case) == _normalise(name):
            return scenario
    raise ValueError(f"name must be one of {', '.join(presets)}, got {name!r}")


def preset_table() -> pd.DataFrame:
    """Return all presets as a tidy table for display, with labels and justifications.

    Columns: ``case``, ``parameter``, ``label`` (see :func:`parameter_label`),
    ``value``, ``justification``, ``source``, ``kind`` (always ``"teaching
    judgement"``). Rows keep the file's order.
    """
    frame = _presets_frame()
    frame.insert(2, "label", frame["parameter"].map(parameter_label))
    return frame[["case", "parameter", "label", "value", "justification", "source", "kind"]]


def preset_summary() -> pd.DataFrame:
    """Return one row per preset with b, c, b − c, a, the margin and the verdict.

    The verdict is the value of :class:`~alliances.value.Verdict`
    (``"ally"``, ``"alternative"`` or ``"not worth it"``) from
    :meth:`~alliances.Scenario.assess`.
    """
    rows = []
    for case, scenario in load_presets().items():
        result = scenario.assess()
        rows.append({"case": case, "b": result.benefits, "c": result.costs,
                     "net": result.net, "a": result.alternative, "margin": result.margin,
                     "verdict": result.verdict.value})
    return pd.DataFrame(rows)


def preset_comparison() -> pd.DataFrame:
    """Set each preset's 2019 verdict beside its 2024 re-scoring, one row per case.

    A preset scored for 2024 (column ``scored_for``) names in ``rescores`` the
    preset it re-scores (scored at the article's horizon, the end of the
    2010s), or nothing when it is scored afresh. Columns: ``case`` (the 2019
    preset's name; for a case scored afresh, its name without the year),
    ``verdict_2019``, ``margin_2019``, ``verdict_2024``, ``margin_2024``; the
    side a case lacks holds ``None`` (verdict) and NaN (margin), e.g.
    Russia–North Korea has no 2019 preset. Cases keep the order of their first
    appearance in the presets file. All values rest on the book's teaching
    judgements.
    """
    summary = preset_summary()
    frame = _presets_frame().drop_duplicates("case")
    scored = {str(case): (int(year), rescores) for case, year, rescores in
              zip(frame["case"], frame["scored_for"], frame["rescores"])}
    rows: dict[str, dict[str, object]] = {}
    for case, verdict, margin in zip(summary["case"], summary["verdict"], summary["margin"]):
        year, rescores = scored[case]
        base = case.removesuffix(f" {year}") if pd.isna(rescores) else str(rescores)
        row = rows.setdefault(base, {"case": base, "verdict_2019": None,
                                     "margin_2019": float("nan"), "verdict_2024": None,
                                     "margin_2024": float("nan")})
        row[f"verdict_{year}"] = verdict
        row[f"margin_{year}"] = float(margin)
    columns = ["case", "verdict_2019", "margin_2019", "verdict_2024", "margin_2024"]
    return pd.DataFrame({
        name: pd.Series([row[name] for row in rows.values()],
                        dtype=float if name.startswith("margin") else object)
        for name in columns})


__all__ = ["get_preset", "load_presets", "parameter_label", "parameter_range",
           "preset_comparison", "preset_summary", "preset_table"]
