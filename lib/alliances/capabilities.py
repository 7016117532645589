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
* :func:`defence_partners` and :func:`pledges_by_year` list and count defence
  pledges; :func:`one_way_pledges` lists the pledges that ATOP does not record
  in both directions.

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
from ._checks import check_number

#: Directions accepted by :func:`defence_partners` and :func:`pledges_by_year`.
DIRECTIONS: tuple[str, ...] = ("given", "received", "either")


def _require(frame: object, columns: Iterable[str], label: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{label} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{label} lacks columns {missing}")


def _code(value: object, name: str) -> int:
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value)
    raise TypeError(f"{name} must be an integer COW state code (e.g. 365), got {value!r} "
                    f"of type {type(value).__name__}")


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
    _require(dyads, ("ccode1", "ccode2", "year"), "dyads")
    _require(nmc, ("ccode", "year", "cinc"), "nmc")
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
        result[values.isna()] = pd.NA
        return result
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
    _require(frame, ("ccode",), "frame")
    if isinstance(indicators, str):
        indicators = [indicators]
    columns = list(indicators)
    if not columns:
        raise ValueError("indicators must name at least one column")
    _require(frame, columns, "frame")
    for column in columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            raise TypeError(f"indicator {column!r} must be numeric")
    group = [_code(s, "states") for s in states]
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


def _check_direction(direction: object) -> str:
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(repr(d) for d in DIRECTIONS)}, "
                         f"got {direction!r}")
    return direction  # type: ignore[return-value]


def _pledges(atop: pd.DataFrame, direction: str) -> pd.DataFrame:
    """Defence pledges as (ccode, partner, year) rows in the requested direction."""
    _require(atop, ("ccode1", "ccode2", "year", "atop_defense"), "atop")
    rows = atop.loc[atop["atop_defense"].astype(bool), ["ccode1", "ccode2", "year"]]
    given = rows.rename(columns={"ccode1": "ccode", "ccode2": "partner"})
    received = rows.rename(columns={"ccode2": "ccode", "ccode1": "partner"})
    if direction == "given":
        out = given
    elif direction == "received":
        out = received
    else:
        out = pd.concat([given, received], ignore_index=True).drop_duplicates()
    return out[["ccode", "partner", "year"]]


def _year_range(atop: pd.DataFrame) -> tuple[int, int]:
    return int(atop["year"].min()), int(atop["year"].max())


def defence_partners(atop: pd.DataFrame, ccode: int, year: int,
                     direction: str = "given") -> frozenset[int]:
    """Return the COW codes of the states with which ``ccode`` has a defence pledge in ``year``.

    ``direction="given"`` (default) lists the states ``ccode`` pledged to
    defend (rows ``ccode1 == ccode``); ``"received"`` the states that pledged
    to defend ``ccode``; ``"either"`` both. ``atop`` is the frame of
    :func:`alliances.datasets.load_atop`. Raises ``ValueError`` if ``year`` is
    outside the years ATOP covers (rather than returning an empty set).
    """
    code = _code(ccode, "ccode")
    when = _code(year, "year")
    first, last = _year_range(atop)
    if not first <= when <= last:
        raise ValueError(f"year must be in the range [{first}, {last}] covered by atop, "
                         f"got {year!r}")
    pledges = _pledges(atop, _check_direction(direction))
    chosen = pledges[(pledges["ccode"] == code) & (pledges["year"] == when)]
    return frozenset(int(p) for p in chosen["partner"])


def pledges_by_year(atop: pd.DataFrame, ccodes: Iterable[int] | None = None,
                    years: tuple[int, int] | None = None,
                    direction: str = "given") -> pd.DataFrame:
    """Count each state's defence-pact partners per year.

    ``ccodes`` defaults to :data:`alliances.countries.MAJOR_PLEDGERS` (US 2,
    Russia/USSR 365, China 710, India 750, UK 200, France 220); ``years`` is an
    inclusive ``(first, last)`` pair, by default every year ATOP covers.
    Returns one row per state and year, zeros included: ``ccode``, ``country``,
    ``year`` and ``partners`` (int64, the number of distinct partners in the
    given ``direction``, see :func:`defence_partners`).
    """
    codes = list(countries.MAJOR_PLEDGERS.values()) if ccodes is None else \
        [_code(c, "ccodes") for c in ccodes]
    if not codes:
        raise ValueError("ccodes must name at least one COW code")
    first, last = _year_range(atop)
    if years is None:
        span = (first, last)
    else:
        if (not isinstance(years, tuple) or len(years) != 2
                or not all(isinstance(y, (int, np.integer)) and not isinstance(y, bool)
                           for y in years) or years[0] > years[1]):
            raise ValueError(f"years must be a (first, last) tuple of ints with first <= last, "
                             f"got {years!r}")
        if years[0] < first or years[1] > last:
            raise ValueError(f"years must lie in the range [{first}, {last}] covered by atop, "
                             f"got {years!r}")
        span = (int(years[0]), int(years[1]))
    pledges = _pledges(atop, _check_direction(direction))
    pledges = pledges[pledges["ccode"].isin(codes) & pledges["year"].between(*span)]
    counts = pledges.groupby(["ccode", "year"])["partner"].nunique().rename("partners")
    grid = pd.MultiIndex.from_product([codes, range(span[0], span[1] + 1)],
                                      names=["ccode", "year"])
    out = counts.reindex(grid, fill_value=0).reset_index()
    names = {c: countries.name(c) for c in codes}
    out.insert(1, "country", out["ccode"].map(names).astype("string"))
    return out.astype({"ccode": "int64", "year": "int64", "partners": "int64"})


def one_way_pledges(atop: pd.DataFrame) -> pd.DataFrame:
    """List the directed defence pledges that ATOP does not record in the other direction.

    Returns one row per ordered pair with ``ccode1`` (the state that pledged),
    ``ccode2``, ``first_year``, ``last_year`` and ``years`` (number of
    dyad-years), sorted by ``ccode1`` and ``ccode2``.
    """
    pledges = _pledges(atop, "given")
    back = pledges.rename(columns={"ccode": "partner", "partner": "ccode"})
    merged = pledges.merge(back, on=["ccode", "partner", "year"], how="left", indicator=True)
    alone = merged[merged["_merge"] == "left_only"]
    out = alone.groupby(["ccode", "partner"], as_index=False)["year"].agg(
        first_year="min", last_year="max", years="size")
    return out.rename(columns={"ccode": "ccode1", "partner": "ccode2"}).astype("int64")


__all__ = ["DIRECTIONS", "capability_ratio", "defence_partners", "is_asymmetric",
           "one_way_pledges", "pledges_by_year", "shares"]
