"""Agreement in UN General Assembly votes: how often other states vote with a given state.

The main article's Figure 1 compares how closely Russia's allies and other
states vote with Russia in the UN General Assembly. This module computes such
scores from the open UN votes data (:mod:`alliances.datasets`):

1. :func:`prepare` joins the votes with the roll calls (year, date,
   importance) and, optionally, the issue codes, and adds each country's COW
   code (:mod:`alliances.countries`); :func:`load_votes` does all of it from
   the registered datasets, cached in memory.
2. :func:`agreement` scores every other state against a reference state, per
   year, with one of two documented methods (:data:`METHODS`).
3. :func:`group_agreement` summarises a group of states (for example the CSTO
   members) per year, and :func:`agreement_band_chart` draws a chosen
   country's line against the group's band, with a dropdown that works in the
   static HTML book.

States are identified by COW codes (``state`` columns are COW codes), because
every country in the UN data has one, including the three without an ISO code.
Functions that take a state accept either an ISO alpha-2 code (``"BY"``) or a
COW code (``370``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType

import altair as alt
import numpy as np
import pandas as pd

from . import countries
from .datasets import (VOTE_ORDER, load_un_roll_call_issues, load_un_roll_calls, load_un_votes,
                       path)

#: The agreement methods accepted by :func:`agreement`, with a one-line description.
METHODS: Mapping[str, str] = MappingProxyType({
    "identical": "share of roll calls where both states voted (yes, no or abstain) "
                 "in which they cast the same vote; absences ignored",
    "half_credit": "mean score over the reference state's roll calls: 1 same vote, 0 yes "
                   "against no, 0.5 otherwise (one abstains, or the other state is absent)",
})

#: Issue codes of the UN data and their long names.
ISSUES: Mapping[str, str] = MappingProxyType({
    "me": "Palestinian conflict",
    "nu": "Nuclear weapons and nuclear material",
    "di": "Arms control and disarmament",
    "hr": "Human rights",
    "co": "Colonialism",
    "ec": "Economic development",
})

_REQUIRED = ("rcid", "year", "date", "ccode", "vote")


# --------------------------------------------------------------------------- preparation


def prepare(votes: pd.DataFrame, roll_calls: pd.DataFrame,
            issues: pd.DataFrame | None = None) -> pd.DataFrame:
    """Join UN votes with their roll calls (and issues) and add COW codes.

    ``votes``, ``roll_calls`` and ``issues`` are the frames of
    :func:`~alliances.datasets.load_un_votes`,
    :func:`~alliances.datasets.load_un_roll_calls` and
    :func:`~alliances.datasets.load_un_roll_call_issues`. The result has one row
    per country and roll call with columns ``rcid``, ``session``, ``date``,
    ``year`` (int64), ``importantvote`` (bool; roll calls without the code count
    as not important), ``country``, ``country_code`` (string),
    ``ccode`` (int64, from :func:`alliances.countries.un_cow_code`), ``vote``
    (ordered categorical ``no < abstain < yes``) and, with ``issues``, one
    boolean column ``issue_<code>`` per issue code of :data:`ISSUES`. Raises
    ``ValueError`` if a column is missing, a vote has no roll call, a country
    gets no COW code or a state votes twice in one roll call.
    """
    _require(votes, ("rcid", "country", "country_code", "vote"), "votes")
    _require(roll_calls, ("rcid", "session", "date", "year", "importantvote"), "roll_calls")
    calls = roll_calls[["rcid", "session", "date", "year", "importantvote"]].copy()
    calls["importantvote"] = calls["importantvote"].astype("boolean").fillna(False).astype(bool)
    frame = votes[["rcid", "country", "country_code", "vote"]].merge(
        calls, on="rcid", how="left", validate="many_to_one")
    if frame["year"].isna().any():
        lost = sorted(int(r) for r in frame.loc[frame["year"].isna(), "rcid"].unique())[:10]
        raise ValueError(f"votes: roll calls {lost} have no row in roll_calls")

    pairs = frame[["country", "country_code"]].drop_duplicates()
    pairs["ccode"] = [countries.un_cow_code(c, None if pd.isna(k) else k)
                      for c, k in zip(pairs["country"], pairs["country_code"])]
    if pairs["ccode"].isna().any():
        bad = pairs.loc[pairs["ccode"].isna(), "country"].tolist()
        raise ValueError(f"votes: no COW code for countries {bad}")
    frame = frame.merge(pairs, on=["country", "country_code"], how="left", validate="many_to_one")
    frame = frame.astype({"ccode": "int64", "rcid": "int64", "year": "int64", "session": "int64"})
    if frame.duplicated(["rcid", "ccode"]).any():
        raise ValueError("votes: a state has two votes in one roll call after COW coding")

    if issues is not None:
        _require(issues, ("rcid", "short_name"), "issues")
        unknown = set(issues["short_name"]) - set(ISSUES)
        if unknown:
            raise ValueError(f"issues: unknown issue codes {sorted(unknown)}; "
                             f"expected {sorted(ISSUES)}")
        for code in ISSUES:
            with_issue = set(issues.loc[issues["short_name"] == code, "rcid"])
            frame[f"issue_{code}"] = frame["rcid"].isin(with_issue)
    raw_vote = frame["vote"].astype("object")
    odd = ~raw_vote.isin(VOTE_ORDER)
    if odd.any():
        found = sorted(set(raw_vote[odd].astype(str)))
        raise ValueError(f"votes: vote must be one of {', '.join(VOTE_ORDER)}, found {found}")
    frame["vote"] = pd.Categorical(raw_vote, categories=VOTE_ORDER, ordered=True)
    columns = ["rcid", "session", "date", "year", "importantvote", "country", "country_code",
               "ccode", "vote"] + [c for c in frame.columns if c.startswith("issue_")]
    return frame[columns].sort_values(["rcid", "ccode"], ignore_index=True)


_UN_DATASETS = ("un_votes", "un_roll_calls", "un_roll_call_issues")


@functools.lru_cache(maxsize=1)
def _load_votes_cached(files: tuple[str, ...]) -> pd.DataFrame:
    return prepare(load_un_votes(), load_un_roll_calls(), load_un_roll_call_issues())


def load_votes() -> pd.DataFrame:
    """Return :func:`prepare` applied to the three registered UN datasets (a fresh copy).

    The files are located and their checksums verified on every call (see
    :func:`alliances.datasets.path`); the prepared frame is computed once per
    session and kept in memory.
    """
    files = tuple(str(path(name)) for name in _UN_DATASETS)
    return _load_votes_cached(files).copy()


def _require(frame: object, columns: Iterable[str], label: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{label} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{label} lacks columns {missing}"
                         + (" (pass it through alliances.votes.prepare first)"
                            if label == "votes" else ""))


# --------------------------------------------------------------------------- arguments


def _state_code(state: object, name: str = "state") -> int:
    """An ISO alpha-2 string or a COW integer code, as a COW code."""
    if isinstance(state, str):
        code = countries.to_cow(state)
        if code is None:
            raise ValueError(f"{name}: ISO code {state!r} has no COW state code")
        return code
    if isinstance(state, (int, np.integer)) and not isinstance(state, bool):
        return int(state)
    raise TypeError(f"{name} must be an ISO alpha-2 code (str, e.g. 'RU') or a COW code "
                    f"(int, e.g. 365), got {state!r} of type {type(state).__name__}")


def _year_mask(years: object, column: pd.Series) -> pd.Series:
    if years is None:
        return pd.Series(True, index=column.index)
    if isinstance(years, (int, np.integer)) and not isinstance(years, bool):
        return column == int(years)
    if isinstance(years, tuple):
        if (len(years) != 2 or not all(isinstance(y, (int, np.integer)) and not isinstance(y, bool)
                                       for y in years) or years[0] > years[1]):
            raise ValueError(f"years as a tuple must be (first, last) with first <= last, "
                             f"both ints, got {years!r}")
        return column.between(int(years[0]), int(years[1]))
    if isinstance(years, Iterable) and not isinstance(years, (str, bytes)):
        chosen = list(years)
        if not chosen or not all(isinstance(y, (int, np.integer)) and not isinstance(y, bool)
                                 for y in chosen):
            raise ValueError(f"years must be None, an int, a (first, last) tuple or a non-empty "
                             f"collection of ints, got {years!r}")
        return column.isin([int(y) for y in chosen])
    raise TypeError(f"years must be None, an int, a (first, last) tuple or a collection of "
                    f"ints, got {years!r} of type {type(years).__name__}")


def _issue_columns(issues: object, votes: pd.DataFrame) -> list[str]:
    if isinstance(issues, str):
        issues = [issues]
    if not isinstance(issues, Iterable):
        raise TypeError(f"issues must be None or a collection of issue codes or names, "
                        f"got {issues!r}")
    by_name = {v.casefold(): k for k, v in ISSUES.items()}
    columns = []
    for issue in issues:
        key = issue if issue in ISSUES else by_name.get(str(issue).casefold())
        if key is None:
            raise ValueError(f"issues: unknown issue {issue!r}; valid codes are "
                             f"{', '.join(ISSUES)} (or their names: {', '.join(ISSUES.values())})")
        columns.append(f"issue_{key}")
    if not columns:
        raise ValueError("issues must name at least one issue (or be None for all roll calls)")
    _require(votes, columns, "votes")
    return columns


def _filter(votes: pd.DataFrame, years: object, issues: object,
            important_only: bool) -> pd.DataFrame:
    if not isinstance(important_only, bool):
        raise TypeError(f"important_only must be True or False, got {important_only!r}")
    mask = _year_mask(years, votes["year"])
    if issues is not None:
        mask &= votes[_issue_columns(issues, votes)].any(axis=1)
    if important_only:
        _require(votes, ("importantvote",), "votes")
        mask &= votes["importantvote"].astype("boolean").fillna(False).astype(bool)
    return votes.loc[mask]


# --------------------------------------------------------------------------- agreement


def agreement(votes: pd.DataFrame, state: str | int, method: str = "identical",
              years: int | tuple[int, int] | Iterable[int] | None = None,
              issues: Iterable[str] | None = None, important_only: bool = False,
              by_year: bool = True) -> pd.DataFrame:
    """Score how often every other state voted with ``state``, per year.

    ``votes`` is a frame from :func:`prepare` / :func:`load_votes`; ``state`` an
    ISO alpha-2 code or a COW code. Roll calls can be restricted to ``years``
    (an int, an inclusive ``(first, last)`` tuple, or a collection of years),
    to ``issues`` (codes or names of :data:`ISSUES`; a roll call counts if it
    has any of them) and to votes classed as important. Methods:

    * ``"identical"``: among the roll calls in which both states cast a vote
      (yes, no or abstain), the share in which the votes are the same.
      Absences are ignored. ``n_votes`` counts those shared roll calls.
    * ``"half_credit"``: a half-credit agreement index (a variant of the
      "voting coincidence" idea; the weights are this book's choice). Over the
      reference state's roll calls, a pair scores 1 when both cast the same
      vote, 0 when one votes yes and the other no, and 0.5 otherwise: one
      abstains while the other votes yes or no, or the other state is absent.
      A state counts as absent only between its first and last recorded vote
      in ``votes`` (roughly, while it is a UN member), so roll calls before a
      state joined the UN do not count for it. ``n_votes`` counts the roll
      calls scored.

    Returns one row per other state and year with at least one roll call
    counted: ``state`` (COW code), ``country`` (display name), ``year``,
    ``agreement`` (float in [0, 1]) and ``n_votes`` (int64), sorted by state
    and year. With ``by_year=False`` the selected years are pooled instead:
    one row per state, with ``first_year`` and ``last_year`` of the roll calls
    counted in place of ``year`` (pooled agreement is the mean over all those
    roll calls, not the mean of yearly scores). Raises ``ValueError`` for an
    unknown method, a state with no vote in the selected roll calls, or
    malformed filters.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(repr(m) for m in METHODS)}, "
                         f"got {method!r}")
    _require(votes, _REQUIRED, "votes")
    if not isinstance(by_year, bool):
        raise TypeError(f"by_year must be True or False, got {by_year!r}")
    reference = _state_code(state)
    selected = _filter(votes, years, issues, important_only)
    codes = selected["vote"].cat.codes if isinstance(selected["vote"].dtype, pd.CategoricalDtype) \
        else pd.Categorical(selected["vote"], categories=VOTE_ORDER, ordered=True).codes
    if (np.asarray(codes) < 0).any():
        raise ValueError(f"votes: the vote column must hold only {', '.join(VOTE_ORDER)}")
    selected = selected.assign(_code=np.asarray(codes, dtype="int8"))
    is_ref = selected["ccode"] == reference
    ref = selected.loc[is_ref, ["rcid", "year", "date", "_code"]].rename(columns={"_code": "_ref"})
    if ref.empty:
        raise ValueError(f"state {state!r} (COW {reference}) cast no vote in the selected "
                         f"roll calls")
    others = selected.loc[~is_ref, ["rcid", "ccode", "_code"]]
    pairs = others.merge(ref[["rcid", "year", "_ref"]], on="rcid", how="inner")
    gap = (pairs["_code"] - pairs["_ref"]).abs()
    if method == "identical":
        pairs["_score"] = (gap == 0).astype("float64")
        table = pairs.groupby(["ccode", "year"], as_index=False).agg(
            _sum=("_score", "sum"), n_votes=("_score", "size"))
    else:
        pairs["_score"] = np.select([gap == 0, gap == 2], [1.0, 0.0], default=0.5)
        scored = pairs.groupby(["ccode", "year"], as_index=False).agg(
            _sum=("_score", "sum"), _voted=("_score", "size"))
        window = _membership_rollcalls(votes, ref, reference)
        table = window.merge(scored, on=["ccode", "year"], how="left")
        table[["_sum", "_voted"]] = table[["_sum", "_voted"]].fillna(0)
        table["_sum"] += 0.5 * (table["n_votes"] - table["_voted"])
    table = table[table["n_votes"] > 0]
    if not by_year:
        table = table.groupby("ccode", as_index=False).agg(
            _sum=("_sum", "sum"), n_votes=("n_votes", "sum"), first_year=("year", "min"),
            last_year=("year", "max"))
    result = pd.DataFrame({
        "state": table["ccode"].astype("int64").to_numpy(),
        "agreement": (table["_sum"] / table["n_votes"]).astype("float64").to_numpy(),
        "n_votes": table["n_votes"].astype("int64").to_numpy(),
    })
    if by_year:
        result.insert(1, "year", table["year"].astype("int64").to_numpy())
        result.insert(1, "country", _names(result["state"], result["year"]))
        return result.sort_values(["state", "year"], ignore_index=True)
    result["first_year"] = table["first_year"].astype("int64").to_numpy()
    result["last_year"] = table["last_year"].astype("int64").to_numpy()
    result.insert(1, "country", _names(result["state"], result["last_year"]))
    return result.sort_values("state", ignore_index=True)


def _membership_rollcalls(votes: pd.DataFrame, ref: pd.DataFrame, reference: int) -> pd.DataFrame:
    """Per other state and year, how many reference roll calls fall inside its voting span."""
    span = votes.loc[votes["ccode"] != reference].groupby("ccode")["date"].agg(["min", "max"])
    dates = ref["date"].to_numpy()
    years = ref["year"].to_numpy()
    inside = (dates[None, :] >= span["min"].to_numpy()[:, None]) & \
             (dates[None, :] <= span["max"].to_numpy()[:, None])
    state_idx, call_idx = np.nonzero(inside)
    counted = pd.DataFrame({"ccode": span.index.to_numpy()[state_idx],
                            "year": years[call_idx]})
    return counted.groupby(["ccode", "year"], as_index=False).size().rename(
        columns={"size": "n_votes"})


def _names(states: pd.Series, years: pd.Series) -> pd.Series:
    """Display names (COW 345 named by period: Yugoslavia, Serbia and Montenegro, Serbia)."""
    fixed = {code: countries.name(int(code)) for code in pd.unique(states)}
    names = states.map(fixed).astype("string")
    serbia = states == countries.SERBIA
    if serbia.any():
        names[serbia] = [countries.name(countries.SERBIA, year=int(y)) for y in years[serbia]]
    return names


# --------------------------------------------------------------------------- groups


def group_agreement(scores: pd.DataFrame,
                    members: Iterable[int] | Callable[[int], Iterable[int]]) -> pd.DataFrame:
    """Summarise the agreement of a group of states with the reference state, per year.

    ``scores`` is a frame from :func:`agreement`; ``members`` either a fixed
    collection of COW codes or a function from a year to the members in that
    year (such as :func:`alliances.countries.csto_members`). Returns one row per
    year in which at least one member has a score: ``year``, ``mean`` (the
    unweighted mean of the members' agreement), ``low`` and ``high`` (the
    lowest and highest member), ``n_states`` (members with a score). Years in
    which ``members`` raises ``ValueError`` (outside its range) are skipped.
    """
    _require(scores, ("state", "year", "agreement"), "scores")
    if callable(members):
        keep = []
        for year in sorted(scores["year"].unique()):
            try:
                chosen = {int(code) for code in members(int(year))}
            except ValueError:
                continue
            keep.extend((code, int(year)) for code in chosen)
        wanted = pd.DataFrame(keep, columns=["state", "year"]).astype("int64")
        rows = scores.merge(wanted, on=["state", "year"], how="inner")
    else:
        if isinstance(members, (str, bytes)) or not isinstance(members, Iterable):
            raise TypeError(f"members must be a collection of COW codes or a function of the "
                            f"year, got {members!r}")
        chosen = {_state_code(code, "members") for code in members}
        if not chosen:
            raise ValueError("members must name at least one state")
        rows = scores[scores["state"].isin(chosen)]
    summary = rows.groupby("year", as_index=False).agg(
        mean=("agreement", "mean"), low=("agreement", "min"), high=("agreement", "max"),
        n_states=("agreement", "size"))
    return summary.astype({"year": "int64", "n_states": "int64"})


# --------------------------------------------------------------------------- chart


def agreement_band_chart(scores: pd.DataFrame,
                         choices: Mapping[str, int] | None = None,
                         members: Iterable[int] | Callable[[int], Iterable[int]] | None = None,
                         default: str | None = None, *, group_label: str = "CSTO members",
                         reference_label: str = "Russia") -> alt.LayerChart:
    """Chart a chosen country's agreement line against the band of a group of states.

    ``scores`` is a frame from :func:`agreement` (agreement with the reference
    state, for example Russia); ``choices`` maps display names to COW codes
    (default :data:`alliances.countries.COMPARISON_STATES`); ``members`` the
    group (default :func:`alliances.countries.csto_members`). The band spans
    the lowest to the highest member each year, with the members' mean as a
    line; a dropdown (a Vega-Lite parameter, live in the static HTML book)
    picks which comparison country is drawn, ``default`` first. Only yearly
    aggregates are embedded in the chart.
    """
    _require(scores, ("state", "year", "agreement", "n_votes"), "scores")
    choices = dict(countries.COMPARISON_STATES if choices is None else choices)
    if not choices:
        raise ValueError("choices must name at least one country")
    members = countries.csto_members if members is None else members
    default = next(iter(choices)) if default is None else default
    if default not in choices:
        raise ValueError(f"default must be one of {', '.join(choices)}, got {default!r}")

    band = group_agreement(scores, members)
    if band.empty:
        raise ValueError("scores hold no agreement for any member of the group")
    band = band.assign(series=f"{group_label}: range and mean")
    lines = []
    for label, code in choices.items():
        rows = scores.loc[scores["state"] == _state_code(code, "choices"),
                          ["year", "agreement", "n_votes"]]
        lines.append(rows.assign(country=label))
    line_data = pd.concat(lines, ignore_index=True)
    line_data = line_data[line_data["year"].between(band["year"].min(), band["year"].max())]
    line_data = line_data.assign(series="Selected country")

    pick = alt.param(name="country", value=default,
                     bind=alt.binding_select(options=list(choices), name="Country: "))
    colour = alt.Color("series:N", title=None,
                       scale=alt.Scale(domain=[f"{group_label}: range and mean",
                                               "Selected country"],
                                       range=["#0072B2", "#D55E00"]),
                       legend=alt.Legend(orient="bottom"))
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d"))
    y_title = f"Agreement with {reference_label}"
    area = alt.Chart(band).mark_area(opacity=0.25).encode(
        x=x, y=alt.Y("low:Q", title=y_title, scale=alt.Scale(domain=[0, 1])), y2="high:Q",
        color=colour,
        tooltip=[alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("low:Q", title="Lowest member", format=".2f"),
                 alt.Tooltip("high:Q", title="Highest member", format=".2f"),
                 alt.Tooltip("n_states:Q", title="Members scored")])
    mean = alt.Chart(band).mark_line(strokeDash=[5, 3]).encode(
        x=x, y="mean:Q", color=colour,
        tooltip=[alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("mean:Q", title=f"{group_label} mean", format=".2f")])
    chosen = alt.Chart(line_data).mark_line(point=True, strokeWidth=2.5).encode(
        x=x, y="agreement:Q", color=colour,
        tooltip=[alt.Tooltip("country:N", title="Country"),
                 alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("agreement:Q", title="Agreement", format=".2f"),
                 alt.Tooltip("n_votes:Q", title="Roll calls counted")],
    ).transform_filter(alt.datum.country == pick).add_params(pick)
    return alt.layer(area, mean, chosen).properties(
        width="container", height=320,
        title=f"UN General Assembly agreement with {reference_label}",
        description=(f"Line chart of yearly UN General Assembly vote agreement with "
                     f"{reference_label}: a shaded band spans the lowest to highest "
                     f"{group_label}, a dashed line shows their mean, and a solid line shows "
                     f"the country chosen in the dropdown."))


__all__ = ["ISSUES", "METHODS", "agreement", "agreement_band_chart", "group_agreement",
           "load_votes", "prepare"]
