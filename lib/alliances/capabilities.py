"""Material capabilities and defence pledges: how unequal are allies, and who pledges to whom.

The main article calls an alliance asymmetric when one ally is far stronger
than the other. This module measures that with the Correlates of War
Composite Index of National Capability (CINC, from
:func:`alliances.datasets.load_nmc`) and counts defence pledges in the ATOP
alliance data (:func:`alliances.datasets.load_atop`):

* :func:`capability_ratio` gives, for each dyad-year, the stronger state's
  CINC divided by the weaker's; :func:`is_asymmetric` classifies ratios
  against a threshold.
* :func:`shares` gives each state's share of a group's total in any
  indicators (what lies behind the article's Table 4).
* :func:`alliances.pledges.defence_partners` and :func:`alliances.pledges.pledges_by_year` list and count defence
  pledges; :func:`alliances.pledges.one_way_pledges` lists the pledges that ATOP does not record
  in both directions.
* :func:`defence_dyads`, :func:`asymmetry_dyads`, :func:`ratio_histogram`,
  :func:`share_above`, :func:`asymmetry_table` and :func:`alliances.charts.capabilities.asymmetry_chart`
  measure how unequal defence-pact partners have been since 1816: the share
  of undirected defence-pact dyad-years whose capability ratio exceeds a
  threshold, by decade and before and after 1945 (the lab chapter "The rise
  of asymmetric alliances"). The chart computes the shares in the browser
  from a compact histogram, so its threshold slider works in the static book.

**ATOP is directed.** Each dyad-year appears twice, as (A, B) and (B, A), and a
flag in the row (A, B) records an obligation of A towards B. For defence
pledges the two directions agree in all but 492 of 137,762 directed
dyad-years; the exceptions are one-sided guarantees, for example the United
States' pledge to defend Japan (1951-2018), which ATOP does not record as a
Japanese pledge to the United States. The functions here therefore ask which
direction is meant (``direction="given"`` by default: pledges the state made).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from . import countries
from .pledges import pledge_rows
from .validate import check_frame, check_integer, check_number

# --------------------------------------------------------------------------- ratios


def capability_ratio(dyads: pd.DataFrame, nmc: pd.DataFrame) -> pd.DataFrame:
    """Add each dyad-year's capability ratio: the stronger state's CINC over the weaker's.

    ``dyads`` has columns ``ccode1``, ``ccode2``, ``year`` (other columns are
    kept); ``nmc`` has ``ccode``, ``year``, ``cinc`` (one row per state-year).
    Adds ``cinc1``, ``cinc2``, ``stronger`` and ``weaker`` (nullable COW codes;
    on a tie ``ccode1`` counts as stronger), ``ratio`` (float, >= 1) and
    ``ratio_status``. No division by zero happens silently: when either CINC is
    missing (no NMC row, or NaN) the ratio is NaN with status ``"missing
    CINC"``; when both are 0 it is NaN with status ``"zero CINC"``; when only
    the weaker is 0 it is ``inf`` with status ``"zero CINC"``; otherwise the
    status is ``"ok"``. Raises ``ValueError`` if ``nmc`` has duplicate
    state-years or a negative CINC.
    """
    check_frame(dyads, ("ccode1", "ccode2", "year"), "dyads")
    check_frame(nmc, ("ccode", "year", "cinc"), "nmc")
    cinc = nmc[["ccode", "year", "cinc"]]
    if cinc.duplicated(["ccode", "year"]).any():
        raise ValueError("nmc must have one row per ccode and year (duplicates found)")
    if (cinc["cinc"] < 0).any():
        raise ValueError("nmc: cinc must be >= 0 (a share of world capabilities)")
    out = dyads.copy()
    for side in ("1", "2"):
        lookup = cinc.rename(columns={"ccode": f"ccode{side}", "cinc": f"cinc{side}"})
        out = out.merge(lookup, on=[f"ccode{side}", "year"], how="left")
    c1 = out["cinc1"].astype("float64")
    c2 = out["cinc2"].astype("float64")
    first_stronger = c1 >= c2
    high = np.where(first_stronger, c1, c2)
    low = np.where(first_stronger, c2, c1)
    missing = c1.isna() | c2.isna()
    zero = ~missing & (low == 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(missing | (zero & (high == 0)), np.nan,
                         np.where(zero, np.inf, high / np.where(low == 0, 1.0, low)))
    out["stronger"] = pd.array(np.where(first_stronger, out["ccode1"], out["ccode2"]),
                               dtype="Int64")
    out["weaker"] = pd.array(np.where(first_stronger, out["ccode2"], out["ccode1"]),
                             dtype="Int64")
    out.loc[missing, ["stronger", "weaker"]] = pd.NA
    out["ratio"] = ratio.astype("float64")
    out["ratio_status"] = np.select([missing, zero], ["missing CINC", "zero CINC"], "ok")
    return out


def is_asymmetric(ratio: float | pd.Series, threshold: float) -> bool | pd.Series:
    """Classify capability ratios as asymmetric (strictly above ``threshold``).

    ``threshold`` must be a finite number greater than 1 (a ratio of 1 means
    equal capabilities). ``ratio`` is a number or a Series of ratios from
    :func:`capability_ratio`, each >= 1 or ``inf``. A number gives a ``bool``
    (NaN raises ``ValueError``); a Series gives a nullable boolean Series with
    ``<NA>`` where the ratio is NaN (unknown, not "symmetric").
    """
    limit = check_number(threshold, "threshold")
    if limit <= 1:
        raise ValueError(f"threshold must be greater than 1 (a ratio of stronger to weaker "
                         f"capabilities), got {threshold!r}")
    if isinstance(ratio, pd.Series):
        values = pd.to_numeric(ratio, errors="raise").astype("float64")
        if (values.dropna() < 1).any():
            raise ValueError("ratio must hold values >= 1 (stronger over weaker) or NaN")
        result = pd.Series(values > limit, index=ratio.index, dtype="boolean")
        return result.mask(values.isna())
    if isinstance(ratio, bool) or not isinstance(ratio, (int, float, np.integer, np.floating)):
        raise TypeError(f"ratio must be a number >= 1 or a pandas Series, got {ratio!r}")
    value = float(ratio)
    if np.isnan(value):
        raise ValueError("ratio is NaN (a CINC is missing or both are zero): it cannot be "
                         "classified")
    if value < 1:
        raise ValueError(f"ratio must be >= 1 (stronger over weaker), got {ratio!r}")
    return bool(value > limit)


# --------------------------------------------------------------------------- shares


def shares(frame: pd.DataFrame, states: Iterable[int], indicators: Iterable[str]) -> pd.DataFrame:
    """Each state's share of the group's total in each indicator (per year if ``frame`` has one).

    ``frame`` has a ``ccode`` column, optionally ``year``, and the numeric
    ``indicators`` (for example NMC's ``tpop``, ``milex``, ``cinc``);
    ``states`` the COW codes forming the group. Returns one row per state (and
    year) with ``ccode``, ``country``, ``year`` if present, and for each
    indicator its value and ``<indicator>_share`` (the value over the group's
    total, so shares in a year sum to 1). If any member lacks a value for an
    indicator in a year (a NaN or no row at all), that indicator's shares for
    that year are all NaN: a share of an incomplete total would mislead.
    """
    check_frame(frame, ("ccode",), "frame")
    if isinstance(indicators, str):
        indicators = [indicators]
    columns = list(indicators)
    if not columns:
        raise ValueError("indicators must name at least one column")
    check_frame(frame, columns, "frame")
    for column in columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            raise TypeError(f"indicators: column {column!r} of frame must be numeric, "
                            f"got dtype {frame[column].dtype}")
    group = [countries.check_cow(s, "states") for s in states]
    if not group:
        raise ValueError("states must name at least one COW code")
    if len(set(group)) != len(group):
        raise ValueError(f"states must not repeat a code, got {group}")
    unknown = sorted(set(group) - set(frame["ccode"]))
    if unknown:
        raise ValueError(f"states {unknown} have no row in frame")
    keys = ["ccode", "year"] if "year" in frame.columns else ["ccode"]
    if frame.duplicated(keys).any():
        raise ValueError(f"frame must have one row per {' and '.join(keys)}")
    rows = frame.loc[frame["ccode"].isin(group), keys + columns]
    if "year" in keys:
        grid = pd.MultiIndex.from_product([group, sorted(rows["year"].unique())],
                                          names=keys).to_frame(index=False)
        rows = grid.merge(rows, on=keys, how="left")
    rows = rows.reset_index(drop=True)
    by = rows["year"] if "year" in keys else pd.Series(0, index=rows.index)
    for column in columns:
        values = rows[column].astype("float64")
        total = values.groupby(by).transform(lambda v: v.sum() if v.notna().all() else np.nan)
        rows[f"{column}_share"] = values / total
    rows.insert(1, "country", [countries.name(int(c)) for c in rows["ccode"]])
    ordered = keys[:1] + ["country"] + keys[1:] + [
        c for column in columns for c in (column, f"{column}_share")]
    return rows[ordered].sort_values(keys[::-1], ignore_index=True)


# --------------------------------------------------------------------------- pledges















# --------------------------------------------------------------------------- asymmetry of pacts

#: Lower edges of the capability-ratio histogram, and so the thresholds that
#: :func:`share_above` and :func:`alliances.charts.capabilities.asymmetry_chart` accept: 1.0, 1.5, 2.0, ..., 50.0.
RATIO_EDGES: tuple[float, ...] = tuple(1.0 + 0.5 * k for k in range(99))
#: First year of the "after" era in :func:`asymmetry_dyads` (the end of the Second World War).
ERA_SPLIT: int = 1945
#: Labels of the two eras, before and from :data:`ERA_SPLIT`.
ERAS: tuple[str, ...] = ("before 1945", "1945 and after")
#: The groups of defence-pact dyads compared by :func:`ratio_histogram`.
GROUPS: tuple[str, ...] = ("all dyads", "with a major power", "two major powers")


def defence_dyads(atop: pd.DataFrame) -> pd.DataFrame:
    """Return ATOP's defence pledges as undirected dyad-years: each pair of allies once a year.

    ATOP lists every pair twice, as (A, B) and (B, A). Here a pair counts as a
    defence-pact dyad in a year if a defence pledge is recorded in either
    direction; the result has one row per pair and year with ``ccode1`` <
    ``ccode2``, ``year`` and ``one_way`` (True when ATOP records the pledge in
    one direction only, as for the US pledge to Japan). Sorted by year and codes.
    """
    rows = pledge_rows(atop, "given")
    low = np.minimum(rows["ccode"].to_numpy(), rows["partner"].to_numpy())
    high = np.maximum(rows["ccode"].to_numpy(), rows["partner"].to_numpy())
    pairs = pd.DataFrame({"ccode1": low, "ccode2": high, "year": rows["year"].to_numpy()})
    counted = pairs.groupby(["year", "ccode1", "ccode2"], as_index=False).size()
    counted["one_way"] = counted["size"] == 1
    out = counted[["ccode1", "ccode2", "year", "one_way"]].reset_index(drop=True)
    return out.astype({"ccode1": "int64", "ccode2": "int64", "year": "int64", "one_way": bool})


def major_power_years(majors: pd.DataFrame, through: int | None = None) -> pd.DataFrame:
    """Expand COW's major-power spells into one row per major power and year (``ccode``, ``year``).

    ``majors`` is :func:`alliances.datasets.load_cow_majors` (spells ``styear``
    to ``endyear``, inclusive). COW v2016 ends every open spell in 2016, the
    last year it covers; with ``through`` (for example 2018, ATOP's last year)
    those spells are extended to ``through`` on the assumption that the seven
    major powers of 2016 kept that status. ``through`` must not be earlier
    than the last year of the file.
    """
    check_frame(majors, ("ccode", "styear", "endyear"), "majors")
    last = int(majors["endyear"].max())
    if through is not None:
        through = check_integer(through, "through")
        if through < last:
            raise ValueError(f"through must be >= {last}, the last year of majors, got {through}")
    rows: list[tuple[int, int]] = []
    for code, start, end in zip(majors["ccode"], majors["styear"], majors["endyear"]):
        stop = through if (through is not None and int(end) == last) else int(end)
        rows.extend((int(code), year) for year in range(int(start), stop + 1))
    out = pd.DataFrame(rows, columns=["ccode", "year"]).drop_duplicates()
    return out.sort_values(["year", "ccode"], ignore_index=True).astype("int64")


def asymmetry_dyads(atop: pd.DataFrame, nmc: pd.DataFrame,
                    majors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Undirected defence-pact dyad-years with their capability ratio, decade, era and major powers.

    Combines :func:`defence_dyads` and :func:`capability_ratio`, and adds
    ``decade`` (1810, 1820, ...), ``era`` (one of :data:`ERAS`, split at
    :data:`ERA_SPLIT`) and ``majors`` (0, 1 or 2: how many of the two states
    are COW major powers that year, from :func:`major_power_years` extended
    to ATOP's last year). ``majors=None`` loads the COW major-power list.
    """
    if majors is None:
        from .datasets import load_cow_majors

        majors = load_cow_majors()
    dyads = defence_dyads(atop)
    status = major_power_years(majors, through=max(int(atop["year"].max()),
                                                   int(majors["endyear"].max())))
    keys = pd.MultiIndex.from_frame(status[["ccode", "year"]])
    count = np.zeros(len(dyads), dtype="int64")
    for side in ("ccode1", "ccode2"):
        pairs = pd.MultiIndex.from_arrays([dyads[side], dyads["year"]])
        count += pairs.isin(keys).astype("int64")
    dyads["majors"] = count
    out = capability_ratio(dyads, nmc)
    out["decade"] = (out["year"] // 10 * 10).astype("int64")
    out["era"] = np.where(out["year"] < ERA_SPLIT, ERAS[0], ERAS[1])
    return out


def check_threshold(threshold: object, name: str = "threshold") -> float:
    """Return ``threshold`` if it is one of the histogram edges :data:`RATIO_EDGES`.

    Otherwise raise an error that names the argument as ``name`` (the caller's word for it).
    """
    value = check_number(threshold, name, low=RATIO_EDGES[0], high=RATIO_EDGES[-1])
    if value not in RATIO_EDGES:
        raise ValueError(f"{name} must be one of the histogram edges {RATIO_EDGES[0]:g}, "
                         f"{RATIO_EDGES[1]:g}, ..., {RATIO_EDGES[-1]:g} (steps of 0.5), "
                         f"got {threshold!r}")
    return value


def ratio_bin(ratio: pd.Series | np.ndarray) -> np.ndarray:
    """Return the lower edge of each ratio's histogram bin (NaN for a missing ratio).

    Bins are open below and closed above: a ratio r goes to the bin
    (e, e'] of consecutive :data:`RATIO_EDGES` with e < r <= e', a ratio
    above 50 (or infinite) to the top bin with lower edge 50, and a ratio of
    exactly 1 to a bin with lower edge 0. So "lower edge >= t" is the same as
    "ratio > t" for every edge t, which lets a chart compute the share of dyads
    strictly above a threshold from the histogram alone.
    """
    values = np.asarray(ratio, dtype="float64")
    if (values[~np.isnan(values)] < 1).any():
        raise ValueError("ratio must hold values >= 1 (stronger over weaker) or NaN")
    edges = np.asarray(RATIO_EDGES)
    index = np.searchsorted(edges, values, side="left") - 1
    lower = np.where(index < 0, 0.0, edges[np.clip(index, 0, len(edges) - 1)])
    return np.where(np.isnan(values), np.nan, lower)


def ratio_histogram(dyads: pd.DataFrame) -> pd.DataFrame:
    """Count defence-pact dyad-years per group, decade, era and capability-ratio bin.

    ``dyads`` is :func:`asymmetry_dyads`. Each dyad-year is counted in every
    group of :data:`GROUPS` it belongs to ("all dyads"; "with a major power":
    at least one COW major power; "two major powers"). Returns one row per
    non-empty bin: ``group``, ``decade``, ``era``, ``lower`` (the bin's lower
    edge, see :func:`ratio_bin`) and ``dyad_years``. Dyad-years whose ratio is
    missing get ``lower`` NaN: they are kept so that they can be reported, and
    :func:`share_above` leaves them out of its denominators.
    """
    check_frame(dyads, ("ratio", "decade", "era", "majors"), "dyads")
    base = pd.DataFrame({"decade": dyads["decade"], "era": dyads["era"],
                         "lower": ratio_bin(dyads["ratio"]), "majors": dyads["majors"]})
    frames = []
    for group, keep in zip(GROUPS, (base["majors"] >= 0, base["majors"] >= 1,
                                    base["majors"] == 2)):
        counted = base[keep].groupby(["decade", "era", "lower"], dropna=False).size()
        frame = counted.rename("dyad_years").reset_index()
        frame.insert(0, "group", group)
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    out["group"] = pd.Categorical(out["group"], categories=list(GROUPS))
    out["era"] = pd.Categorical(out["era"], categories=list(ERAS))
    out = out.sort_values(["group", "decade", "era", "lower"], ignore_index=True)
    out["group"] = out["group"].astype("string")
    out["era"] = out["era"].astype("string")
    return out.astype({"decade": "int64", "lower": "float64", "dyad_years": "int64"})


def share_above(histogram: pd.DataFrame, threshold: float,
                by: str | Iterable[str] = ("group", "era")) -> pd.DataFrame:
    """Share of dyad-years whose capability ratio is strictly above ``threshold``.

    ``histogram`` is :func:`ratio_histogram`; ``threshold`` one of
    :data:`RATIO_EDGES` (1.0 to 50.0 in steps of 0.5), so that the answer is
    exact; ``by`` names the columns to group by (``group``, ``decade``,
    ``era``). Returns the ``by`` columns, ``above`` (dyad-years with ratio >
    ``threshold``), ``known`` (dyad-years with a ratio), ``missing`` (without
    one) and ``share`` = above / known.
    """
    check_frame(histogram, ("group", "decade", "era", "lower", "dyad_years"), "histogram")
    limit = check_threshold(threshold)
    keys = [by] if isinstance(by, str) else list(by)
    allowed = ("group", "decade", "era")
    if not keys or any(k not in allowed for k in keys):
        raise ValueError(f"by must name one or more of {', '.join(allowed)}, got {by!r}")
    frame = histogram.assign(
        above=np.where(histogram["lower"] >= limit, histogram["dyad_years"], 0),
        known=np.where(histogram["lower"].notna(), histogram["dyad_years"], 0),
        missing=np.where(histogram["lower"].isna(), histogram["dyad_years"], 0))
    out = frame.groupby(keys, sort=False, as_index=False)[["above", "known", "missing"]].sum()
    out["share"] = out["above"] / out["known"].where(out["known"] > 0)
    return out.astype({"above": "int64", "known": "int64", "missing": "int64"})


def asymmetry_table(histogram: pd.DataFrame, thresholds: Iterable[float] = (2.0, 3.0, 10.0),
                    by: str = "era") -> pd.DataFrame:
    """Percentages of dyad-years above each threshold, one row per group and ``by`` value.

    A compact table for the page: ``group``, ``by`` (``"era"`` or
    ``"decade"``), ``dyad_years`` (with a known ratio) and one column
    ``"> t"`` per threshold holding the percentage, rounded to 0.1.
    """
    if by not in ("era", "decade"):
        raise ValueError(f"by must be 'era' or 'decade', got {by!r}")
    limits = [check_threshold(t, "thresholds") for t in thresholds]
    if not limits:
        raise ValueError("thresholds must name at least one threshold")
    parts = [share_above(histogram, limit, by=("group", by)) for limit in limits]
    table = parts[0][["group", by, "known"]].rename(columns={"known": "dyad_years"})
    for limit, part in zip(limits, parts):
        table[f"> {limit:g}"] = (100 * part["share"]).round(1).to_numpy()
    return table.reset_index(drop=True)






__all__ = ["check_threshold", "ERAS", "ERA_SPLIT", "GROUPS", "RATIO_EDGES", "asymmetry_dyads", "asymmetry_table",
           "capability_ratio", "defence_dyads", "is_asymmetric", "major_power_years", "ratio_bin",
           "ratio_histogram", "share_above", "shares"]
