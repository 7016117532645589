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
   :func:`agreement_by_subset` does the same for both methods and every
   subset of roll calls (:data:`SUBSETS`: all, each issue area, important
   votes) in one pass; :func:`pair_table` shows the raw material of both
   methods for one pair of states.
3. :func:`group_agreement` summarises a group of states (for example the CSTO
   members) per year, and :func:`alliances.charts.votes.agreement_band_chart` draws a chosen
   country's line against the group's band, with a dropdown that works in the
   static HTML book.
4. :func:`yearly_group_means` compares a group with all other states year by
   year; :func:`convergence_summary` turns that into a robustness table over
   methods, subsets and periods (drawn by :func:`alliances.charts.votes.gap_chart`), and
   :func:`compare_states` sets named states beside the two group means.

States are identified by COW codes (``state`` columns are COW codes), because
every country in the UN data has one, including the three without an ISO code.
Functions that take a state accept either an ISO alpha-2 code (``"BY"``) or a
COW code (``370``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

from . import countries
from .datasets import VOTE_ORDER, load_un_roll_call_issues, load_un_roll_calls, load_un_votes, path
from .validate import check_frame

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

#: Subsets of roll calls that :func:`agreement_by_subset` scores separately: every roll
#: call, each issue area of :data:`ISSUES`, and the votes classed as important.
SUBSETS: Mapping[str, str] = MappingProxyType({
    "all": "All roll calls",
    **ISSUES,
    "important": "Important votes (US State Department list, 1983-2017)",
})

_REQUIRED = ("rcid", "year", "date", "ccode", "vote")
_KEY = 10_000  # state-year keys: state * _KEY + year


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
    check_frame(votes, ("rcid", "country", "country_code", "vote"), "votes",
                hint="pass it through alliances.votes.prepare first")
    check_frame(roll_calls, ("rcid", "session", "date", "year", "importantvote"), "roll_calls")
    calls = roll_calls[["rcid", "session", "date", "year", "importantvote"]]
    call_ids = pd.Index(calls["rcid"])
    if not call_ids.is_unique:
        raise ValueError("roll_calls must have one row per rcid (duplicates found)")
    frame = votes[["rcid", "country", "country_code", "vote"]].reset_index(drop=True)
    position = call_ids.get_indexer(frame["rcid"])
    if (position < 0).any():
        lost = sorted(int(r) for r in frame.loc[position < 0, "rcid"].unique())[:10]
        raise ValueError(f"votes: roll calls {lost} have no row in roll_calls")
    for column in ("session", "date", "year"):
        frame[column] = calls[column].to_numpy()[position]
    frame["importantvote"] = calls["importantvote"].astype("boolean").fillna(False) \
        .to_numpy(dtype=bool)[position]

    # COW codes: one lookup per distinct (country, country_code) pair.
    names, name_values = pd.factorize(frame["country"])
    codes, code_values = pd.factorize(frame["country_code"])  # missing code -> -1
    pair_key = names.astype(np.int64) * (len(code_values) + 1) + (codes + 1)
    distinct, pair_index = np.unique(pair_key, return_inverse=True)
    lookup = []
    for key in distinct:
        country = name_values[key // (len(code_values) + 1)]
        code = key % (len(code_values) + 1) - 1
        lookup.append(countries.un_cow_code(str(country),
                                            None if code < 0 else str(code_values[code])))
    if any(c is None for c in lookup):
        bad = [str(name_values[k // (len(code_values) + 1)])
               for k, c in zip(distinct, lookup) if c is None]
        raise ValueError(f"votes: no COW code for countries {bad}")
    frame["ccode"] = np.asarray(lookup, dtype=np.int64)[pair_index.reshape(-1)]
    frame = frame.astype({"rcid": "int64", "year": "int64", "session": "int64"})
    order = np.lexsort((frame["ccode"].to_numpy(), frame["rcid"].to_numpy()))
    sorted_keys = frame["rcid"].to_numpy()[order] * _KEY + frame["ccode"].to_numpy()[order]
    if (np.diff(sorted_keys) == 0).any():
        raise ValueError("votes: a state has two votes in one roll call after COW coding")

    if issues is not None:
        check_frame(issues, ("rcid", "short_name"), "issues")
        unknown = set(issues["short_name"]) - set(ISSUES)
        if unknown:
            raise ValueError(f"issues: unknown issue codes {sorted(unknown)}; "
                             f"expected {sorted(ISSUES)}")
        for code in ISSUES:
            with_issue = issues.loc[issues["short_name"] == code, "rcid"].unique()
            frame[f"issue_{code}"] = frame["rcid"].isin(with_issue)
    frame["vote"] = _vote_categorical(frame["vote"])
    columns = ["rcid", "session", "date", "year", "importantvote", "country", "country_code",
               "ccode", "vote"] + [c for c in frame.columns if c.startswith("issue_")]
    return frame[columns].take(order).reset_index(drop=True)


def _vote_categorical(vote: pd.Series) -> pd.Categorical:
    """The vote column as an ordered categorical no < abstain < yes, refusing anything else."""
    if isinstance(vote.dtype, pd.CategoricalDtype) and \
            list(vote.cat.categories) == list(VOTE_ORDER) and not vote.isna().any():
        return pd.Categorical(vote, categories=VOTE_ORDER, ordered=True)
    raw_vote = vote.astype("object")
    odd = ~raw_vote.isin(VOTE_ORDER)
    if odd.any():
        found = sorted(set(raw_vote[odd].astype(str)))
        raise ValueError(f"votes: vote must be one of {', '.join(VOTE_ORDER)}, found {found}")
    return pd.Categorical(raw_vote, categories=VOTE_ORDER, ordered=True)


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




# --------------------------------------------------------------------------- arguments




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
    check_frame(votes, columns, "votes", hint="pass it through alliances.votes.prepare first")
    return columns


def _filter(votes: pd.DataFrame, years: object, issues: object,
            important_only: bool) -> pd.DataFrame:
    if not isinstance(important_only, bool):
        raise TypeError(f"important_only must be True or False, got {important_only!r}")
    mask = _year_mask(years, votes["year"])
    if issues is not None:
        mask &= votes[_issue_columns(issues, votes)].any(axis=1)
    if important_only:
        check_frame(votes, ("importantvote",), "votes", hint="pass it through alliances.votes.prepare first")
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
    check_frame(votes, _REQUIRED, "votes", hint="pass it through alliances.votes.prepare first")
    if not isinstance(by_year, bool):
        raise TypeError(f"by_year must be True or False, got {by_year!r}")
    reference = countries.state_code(state)
    selected = _filter(votes, years, issues, important_only)
    selected = selected.assign(_code=_vote_codes(selected))
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


def _vote_codes(selected: pd.DataFrame) -> np.ndarray:
    """Votes as int8 codes 0 no, 1 abstain, 2 yes (refusing anything else)."""
    codes = selected["vote"].cat.codes if isinstance(selected["vote"].dtype, pd.CategoricalDtype) \
        else pd.Categorical(selected["vote"], categories=VOTE_ORDER, ordered=True).codes
    if (np.asarray(codes) < 0).any():
        raise ValueError(f"votes: the vote column must hold only {', '.join(VOTE_ORDER)}")
    return np.asarray(codes, dtype="int8")


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
        names[serbia] = np.array([countries.name(countries.SERBIA, year=int(y)) for y in years[serbia]],
                                 dtype=object)
    return names


def _choices(value: object, allowed: Mapping[str, str], name: str) -> list[str]:
    """A non-empty list of keys of ``allowed`` (``None`` means all of them)."""
    if value is None:
        return list(allowed)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Iterable):
        raise TypeError(f"{name} must be None or a collection of {', '.join(allowed)}, "
                        f"got {value!r}")
    chosen = list(value)
    bad = [v for v in chosen if not isinstance(v, str) or v not in allowed]
    if bad or not chosen:
        raise ValueError(f"{name} must name at least one of {', '.join(allowed)}; "
                         f"got {value!r}")
    return list(dict.fromkeys(chosen))


def agreement_by_subset(votes: pd.DataFrame, state: str | int,
                        years: int | tuple[int, int] | Iterable[int] | None = None, *,
                        methods: Iterable[str] | None = None,
                        subsets: Iterable[str] | None = None) -> pd.DataFrame:
    """Score every other state against ``state`` per year, for several methods and subsets at once.

    The same scores as :func:`agreement` (same methods, same treatment of
    absences), computed in one pass for each method of ``methods`` (default:
    all of :data:`METHODS`) and each subset of roll calls in ``subsets``
    (default: all of :data:`SUBSETS`: ``"all"`` roll calls, each issue code,
    and ``"important"`` votes). A subset ``"hr"`` gives exactly
    ``agreement(votes, state, method, years, issues=["hr"])`` and
    ``"important"`` exactly ``agreement(..., important_only=True)``. Doing it in
    one pass is what keeps a robustness table over methods and issues fast.
    Returns a long frame with columns ``method``, ``subset``, ``state``,
    ``country``, ``year``, ``agreement`` and ``n_votes``, one row per method,
    subset, other state and year with at least one roll call counted. Raises
    ``ValueError`` for unknown methods or subsets, or a state with no vote in
    the selected years.
    """
    check_frame(votes, _REQUIRED, "votes", hint="pass it through alliances.votes.prepare first")
    methods = _choices(methods, METHODS, "methods")
    subsets = _choices(subsets, SUBSETS, "subsets")
    reference = countries.state_code(state)
    flag_of = {s: ("importantvote" if s == "important" else f"issue_{s}")
               for s in subsets if s != "all"}
    check_frame(votes, list(flag_of.values()), "votes")
    selected = _filter(votes, years, None, False)
    selected = selected.assign(_code=_vote_codes(selected))
    is_ref = (selected["ccode"] == reference).to_numpy()
    ref = selected.loc[is_ref]
    if ref.empty:
        raise ValueError(f"state {state!r} (COW {reference}) cast no vote in the selected "
                         f"roll calls")
    ref_flags = np.column_stack([
        np.ones(len(ref), dtype=bool) if s == "all"
        else ref[flag_of[s]].astype("boolean").fillna(False).to_numpy(dtype=bool)
        for s in subsets])
    ref_years = ref["year"].to_numpy()

    others = selected.loc[~is_ref, ["rcid", "ccode", "_code"]]
    lookup = pd.DataFrame({"rcid": ref["rcid"].to_numpy(), "_ref": ref["_code"].to_numpy(),
                           "_pos": np.arange(len(ref))})
    pairs = others.merge(lookup, on="rcid", how="inner")
    position = pairs["_pos"].to_numpy()
    gap = np.abs(pairs["_code"].to_numpy(np.int16) - pairs["_ref"].to_numpy(np.int16))
    flags = ref_flags[position]
    same = (gap == 0).astype("float64")
    half = np.select([gap == 0, gap == 2], [1.0, 0.0], default=0.5)
    # One integer key per (state, year): state * 10_000 + year.
    group_keys, group = np.unique(pairs["ccode"].to_numpy(np.int64) * _KEY
                                  + ref_years[position].astype(np.int64), return_inverse=True)
    index = pd.Index(group_keys, name="key")
    size = len(index)

    def per_pair(weights: np.ndarray) -> pd.Series:
        return pd.Series(np.bincount(group, weights=weights, minlength=size), index=index)

    width = len(subsets)
    sums = {}
    for k in range(width):
        sums[k] = per_pair(same * flags[:, k])
        sums[width + k] = per_pair(half * flags[:, k])
        sums[2 * width + k] = per_pair(flags[:, k].astype("float64"))
    window = _window_counts(votes, ref, reference, ref_flags) if "half_credit" in methods \
        else None

    parts = []
    for method in methods:
        for k, subset in enumerate(subsets):
            if method == "identical":
                total, counted = sums[k], sums[2 * width + k]
            else:
                assert window is not None  # computed whenever "half_credit" is among the methods
                counted = window[k]
                voted = sums[2 * width + k].reindex(counted.index, fill_value=0.0)
                total = sums[width + k].reindex(counted.index, fill_value=0.0) \
                    + 0.5 * (counted - voted)
            keep = counted > 0
            parts.append(pd.DataFrame({
                "method": method, "subset": subset,
                "state": counted.index[keep] // _KEY,
                "year": counted.index[keep] % _KEY,
                "agreement": (total[keep] / counted[keep]).to_numpy(dtype="float64"),
                "n_votes": counted[keep].to_numpy().round().astype("int64")}))
    # Each part is already in state-year order (the keys are sorted), and the parts are in
    # the order of ``methods`` and ``subsets``.
    result = pd.concat(parts, ignore_index=True).astype({"state": "int64", "year": "int64"})
    seen = result[["state", "year"]].drop_duplicates(ignore_index=True)
    names = dict(zip(seen["state"] * _KEY + seen["year"], _names(seen["state"], seen["year"])))
    result.insert(3, "country", (result["state"] * _KEY + result["year"]).map(names)
                  .astype("string"))
    return result


def pair_table(votes: pd.DataFrame, state: str | int, other: str | int,
               years: int | tuple[int, int] | Iterable[int] | None = None) -> pd.DataFrame:
    """Cross-table of two states' votes over the roll calls in which ``state`` voted.

    Rows are ``state``'s vote (no, abstain, yes), columns ``other``'s vote or
    ``"absent"`` (no record for ``other`` in that roll call); cells count roll
    calls, zeros included. Both methods of :data:`METHODS` can be read off it:
    ``"identical"`` is the diagonal over the three vote columns, and
    ``"half_credit"`` gives 1 on the diagonal, 0 to yes-against-no and 0.5 to
    every other cell (for an ``other`` that was a UN member throughout). ``years``
    filters as in :func:`agreement`.
    """
    check_frame(votes, _REQUIRED, "votes", hint="pass it through alliances.votes.prepare first")
    first, second = countries.state_code(state), countries.state_code(other, "other")
    if first == second:
        raise ValueError("other must differ from state")
    selected = _filter(votes, years, None, False)
    mine = selected.loc[selected["ccode"] == first, ["rcid", "vote"]]
    if mine.empty:
        raise ValueError(f"state {state!r} (COW {first}) cast no vote in the selected roll calls")
    theirs = selected.loc[selected["ccode"] == second, ["rcid", "vote"]]
    both = mine.merge(theirs, on="rcid", how="left", suffixes=("", "_other"))
    columns = pd.Categorical(both["vote_other"].astype("object").fillna("absent"),
                             categories=[*VOTE_ORDER, "absent"])
    rows = pd.Categorical(both["vote"].astype("object"), categories=list(VOTE_ORDER))
    table = pd.crosstab(rows, columns, dropna=False)
    table.index.name = f"{countries.name(first)} voted"
    table.columns.name = f"{countries.name(second)} voted"
    return table.astype("int64")


def _window_counts(votes: pd.DataFrame, ref: pd.DataFrame, reference: int,
                   ref_flags: np.ndarray) -> pd.DataFrame:
    """Per other state and year, the reference roll calls of each subset inside its voting span."""
    span = votes.loc[votes["ccode"] != reference].groupby("ccode")["date"].agg(["min", "max"])
    dates = ref["date"].to_numpy()
    inside = ((dates[None, :] >= span["min"].to_numpy()[:, None])
              & (dates[None, :] <= span["max"].to_numpy()[:, None])).astype("float64")
    years, year_index = np.unique(ref["year"].to_numpy(), return_inverse=True)
    onehot = np.zeros((len(ref), len(years)))
    onehot[np.arange(len(ref)), year_index] = 1.0
    counts = np.stack([inside @ (onehot * ref_flags[:, [k]]) for k in range(ref_flags.shape[1])],
                      axis=-1)
    keys = (span.index.to_numpy(np.int64)[:, None] * _KEY + years.astype(np.int64)[None, :])
    return pd.DataFrame(counts.reshape(-1, ref_flags.shape[1]),
                        index=pd.Index(keys.reshape(-1), name="key"))


# --------------------------------------------------------------------------- groups


def group_agreement(scores: pd.DataFrame,
                    members: Iterable[int] | Callable[[int], Iterable[int]]) -> pd.DataFrame:
    """Summarise the agreement of a group of states with the reference state, per year.

    ``scores`` is a frame from :func:`agreement`; ``members`` either a fixed
    collection of COW codes or a function from a year to the members in that
    year (such as :func:`alliances.curated.csto_members`). Returns one row per
    year in which at least one member has a score: ``year``, ``mean`` (the
    unweighted mean of the members' agreement), ``low`` and ``high`` (the
    lowest and highest member), ``n_states`` (members with a score). Years in
    which ``members`` raises ``ValueError`` (outside its range) are skipped.
    """
    check_frame(scores, ("state", "year", "agreement"), "scores")
    if callable(members):
        keep: list[tuple[int, int]] = []
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
        chosen = {countries.state_code(code, "members") for code in members}
        if not chosen:
            raise ValueError("members must name at least one state")
        rows = scores[scores["state"].isin(chosen)]
    summary = rows.groupby("year", as_index=False).agg(
        mean=("agreement", "mean"), low=("agreement", "min"), high=("agreement", "max"),
        n_states=("agreement", "size"))
    return summary.astype({"year": "int64", "n_states": "int64"})


Members = Iterable[int] | Callable[[int], Iterable[int]]


def _check_periods(periods: object) -> dict[str, tuple[int, int]]:
    if not isinstance(periods, Mapping) or not periods:
        raise TypeError(f"periods must be a non-empty mapping of labels to (first, last) "
                        f"year pairs, e.g. {{'1992-2019': (1992, 2019)}}; got {periods!r}")
    checked = {}
    for label, span in periods.items():
        if (not isinstance(label, str) or not isinstance(span, tuple) or len(span) != 2
                or not all(isinstance(y, (int, np.integer)) and not isinstance(y, bool)
                           for y in span) or span[0] > span[1]):
            raise ValueError(f"periods: each entry must map a label (str) to a (first, last) "
                             f"tuple of ints with first <= last; got {label!r}: {span!r}")
        checked[label] = (int(span[0]), int(span[1]))
    return checked


def _group_by_year(group: object, years: Iterable[int], name: str) -> pd.DataFrame | None:
    """A group (codes, or a function of the year) as (state, year) rows; None for no group."""
    if group is None:
        return None
    if callable(group):
        rows: list[tuple[int, int]] = []
        for year in years:
            try:
                rows.extend((int(code), int(year)) for code in group(int(year)))
            except ValueError:  # the function does not cover that year
                continue
        return pd.DataFrame(rows, columns=["state", "year"], dtype="int64")
    if isinstance(group, (str, bytes)) or not isinstance(group, Iterable):
        raise TypeError(f"{name} must be a collection of COW codes or a function of the year, "
                        f"got {group!r}")
    codes = sorted({countries.state_code(code, name) for code in group})
    if not codes:
        raise ValueError(f"{name} must name at least one state")
    return pd.DataFrame([(c, int(y)) for y in years for c in codes], columns=["state", "year"],
                        dtype="int64")


def _label_groups(scores: pd.DataFrame, members: Members, others: Members | None,
                  exclude: Members | None) -> pd.Series:
    """Label each score row "members", "others" or <NA> (in neither group)."""
    years = sorted(int(y) for y in scores["year"].unique())
    keys = scores["state"].to_numpy(np.int64) * _KEY + scores["year"].to_numpy(np.int64)

    def flag(group: object, name: str) -> tuple[np.ndarray, np.ndarray] | None:
        rows = _group_by_year(group, years, name)
        if rows is None:
            return None
        wanted = rows["state"].to_numpy() * _KEY + rows["year"].to_numpy()
        return np.isin(keys, wanted), np.isin(scores["year"].to_numpy(), rows["year"].to_numpy())

    member_flags = flag(members, "members")
    if member_flags is None:
        raise TypeError("members must be a collection of COW codes or a function of the year, got None")
    is_member, covered = member_flags
    if not callable(members):  # a fixed group covers every year
        covered = np.ones(len(scores), dtype=bool)
    is_other = covered & ~is_member
    restrict = flag(others, "others")
    if restrict is not None:
        is_other &= restrict[0]
    dropped = flag(exclude, "exclude")
    if dropped is not None:
        is_member &= ~dropped[0]
        is_other &= ~dropped[0]
    labels = pd.Series(pd.NA, index=scores.index, dtype="string")
    labels[is_other] = "others"
    labels[is_member] = "members"
    return labels


def yearly_group_means(scores: pd.DataFrame, members: Members, *, others: Members | None = None,
                       exclude: Members | None = None) -> pd.DataFrame:
    """Per year, the mean agreement of a group's members and of the other states.

    ``scores`` is a frame from :func:`agreement` or :func:`agreement_by_subset`
    (its ``method`` and ``subset`` columns, if present, are kept as keys).
    ``members`` is a collection of COW codes or a function from a year to the
    members in that year (such as :func:`alliances.curated.csto_members`);
    years in which the function raises ``ValueError`` are left out. The
    comparison group is every other scored state in that year, restricted to
    ``others`` if given (codes or a function of the year); states in
    ``exclude`` are removed from both groups. Each mean is unweighted: every
    state counts once per year, however many roll calls it voted in. Returns
    the keys, ``year``, ``members`` and ``others`` (the two means), ``gap``
    (members minus others), ``n_members`` and ``n_others``; only years in
    which both groups have at least one scored state.
    """
    check_frame(scores, ("state", "year", "agreement"), "scores")
    keys = [c for c in ("method", "subset") if c in scores.columns]
    labelled = scores.assign(_group=_label_groups(scores, members, others, exclude))
    labelled = labelled[labelled["_group"].notna()]
    stats = labelled.groupby([*keys, "year", "_group"], sort=False)["agreement"].agg(
        ["mean", "size"]).unstack("_group")
    for column in ("members", "others"):
        for stat in ("mean", "size"):
            if (stat, column) not in stats.columns:
                stats[(stat, column)] = np.nan
    table = pd.DataFrame({"members": stats[("mean", "members")],
                          "others": stats[("mean", "others")],
                          "n_members": stats[("size", "members")],
                          "n_others": stats[("size", "others")]}).dropna()
    table["gap"] = table["members"] - table["others"]
    table = table.reset_index().astype({"year": "int64", "n_members": "int64",
                                        "n_others": "int64"})
    order = [*keys, "year"]
    table = _sort_keys(table, order, scores)
    return table[[*keys, "year", "members", "others", "gap", "n_members", "n_others"]]


def _sort_keys(table: pd.DataFrame, columns: list[str], like: pd.DataFrame) -> pd.DataFrame:
    """Sort by ``columns``, keeping ``method`` and ``subset`` in their order of appearance."""
    rank = {c: {v: i for i, v in enumerate(pd.unique(like[c]))} for c in ("method", "subset")
            if c in columns}
    return table.sort_values(columns, key=lambda c: c.map(rank[c.name]) if c.name in rank else c,
                             ignore_index=True)


def convergence_summary(scores: pd.DataFrame, members: Members,
                        periods: Mapping[str, tuple[int, int]], *,
                        others: Members | None = None,
                        exclude: Members | None = None) -> pd.DataFrame:
    """Robustness table: the members' and the others' mean agreement, and the gap, per period.

    Built on :func:`yearly_group_means` (same ``members``, ``others`` and
    ``exclude``): for each method and subset present in ``scores`` and each
    period of ``periods`` (a mapping of labels to inclusive ``(first, last)``
    year pairs), the yearly means are averaged over the years of the period,
    each year counting once. Returns a tidy frame with the keys, ``period``,
    ``first_year``, ``last_year``, ``members`` and ``others`` (mean agreement of
    each group), ``gap`` (members minus others), ``n_years`` (years with both
    groups scored) and ``years_ahead`` (years in which the members' mean was
    above the others'). Periods without any such year are left out.
    """
    spans = _check_periods(periods)
    yearly = yearly_group_means(scores, members, others=others, exclude=exclude)
    keys = [c for c in ("method", "subset") if c in yearly.columns]
    parts = []
    for label, (first, last) in spans.items():
        rows = yearly[yearly["year"].between(first, last)]
        if rows.empty:
            continue
        grouped = rows.groupby(keys, sort=False) if keys else rows.groupby(lambda _: 0)
        part = grouped.agg(members=("members", "mean"), others=("others", "mean"),
                           gap=("gap", "mean"), n_years=("year", "size"),
                           years_ahead=("gap", lambda g: int((g > 0).sum())))
        part = part.reset_index(drop=not keys)
        part.insert(len(keys), "period", label)
        part.insert(len(keys) + 1, "first_year", first)
        part.insert(len(keys) + 2, "last_year", last)
        parts.append(part)
    if not parts:
        raise ValueError(f"no year of the periods {spans} has scores for both groups")
    table = pd.concat(parts, ignore_index=True)
    return table.astype({"first_year": "int64", "last_year": "int64", "n_years": "int64",
                         "years_ahead": "int64"})


def compare_states(scores: pd.DataFrame, states: Mapping[str, int | str], members: Members,
                   periods: Mapping[str, tuple[int, int]], *, others: Members | None = None,
                   member_label: str = "Group members (mean)",
                   others_label: str = "All other states (mean)") -> pd.DataFrame:
    """Named states' mean agreement per period, next to the group means.

    ``states`` maps display labels to COW (or ISO) codes; ``members``,
    ``others`` and ``periods`` are as in :func:`convergence_summary`. Each
    state's value is the mean of its yearly agreement over the years of the
    period in which it was scored. Returns a tidy frame with the keys of
    ``scores`` (``method``, ``subset`` if present), ``period``, ``label``,
    ``agreement`` and ``n_years``: first the two group rows, then one row per
    state, in the order given. Pivot it for display.
    """
    if not isinstance(states, Mapping) or not states:
        raise TypeError(f"states must be a non-empty mapping of labels to codes, got {states!r}")
    codes = {label: countries.state_code(code, "states") for label, code in states.items()}
    spans = _check_periods(periods)
    yearly = yearly_group_means(scores, members, others=others)
    keys = [c for c in ("method", "subset") if c in scores.columns]
    parts = []
    for period, (first, last) in spans.items():
        rows = yearly[yearly["year"].between(first, last)]
        for column, label in (("members", member_label), ("others", others_label)):
            part = rows.groupby(keys, sort=False)[column].agg(["mean", "size"]) if keys else \
                pd.DataFrame({"mean": [rows[column].mean()], "size": [len(rows)]})
            parts.append(part.reset_index(drop=not keys).assign(period=period, label=label))
        chosen = scores[scores["year"].between(first, last)]
        for label, code in codes.items():
            own = chosen[chosen["state"] == code]
            part = own.groupby(keys, sort=False)["agreement"].agg(["mean", "size"]) if keys \
                else pd.DataFrame({"mean": [own["agreement"].mean()], "size": [len(own)]})
            parts.append(part.reset_index(drop=not keys).assign(period=period, label=label))
    table = pd.concat(parts, ignore_index=True).rename(
        columns={"mean": "agreement", "size": "n_years"})
    table = table[table["n_years"] > 0].astype({"n_years": "int64"})
    return table[[*keys, "period", "label", "agreement", "n_years"]].reset_index(drop=True)


# --------------------------------------------------------------------------- chart


def check_single_series(scores: pd.DataFrame) -> None:
    """Refuse a frame of :func:`agreement_by_subset` that still mixes methods or subsets."""
    for column in ("method", "subset"):
        if column in scores.columns and scores[column].nunique() > 1:
            raise ValueError(f"scores mix several values of {column!r} "
                             f"({', '.join(map(str, pd.unique(scores[column])))}); select one, "
                             f"e.g. scores[scores[{column!r}] == ...]")






__all__ = ["check_single_series", "ISSUES", "METHODS", "SUBSETS", "agreement", "agreement_by_subset", "compare_states",
           "convergence_summary", "group_agreement", "load_votes", "pair_table", "prepare",
           "yearly_group_means"]
