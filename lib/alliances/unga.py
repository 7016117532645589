"""UN General Assembly votes on Ukraine: 68/262 (2014) and the resolutions ES-11/1 to ES-11/6.

The article reads the votes of Russia's allies on resolution 68/262 as a test
of function 2B, support for Russia's foreign policy (Istomin 2021, §6,
fn. 46). The eleventh emergency special session of the General Assembly put
the same question six times in 2022–2023, after the full-scale invasion of
Ukraine. This module joins the curated vote files (loaded by
``alliances.curated``) into one tidy table and answers three questions:
how did each CSTO member vote on each text (``csto_votes``,
``vote_table``), how often did a state vote as Russia did
(``russia_agreement``), and do the recorded votes agree with each
resolution's official tally (``tally_check``)?

The files record every member state's vote on each of the seven resolutions
(193 rows each, with ``group`` "other member" for the states outside the
chapter), transcribed from the UN's voting records, so the tally check is an
equality for every resolution. The analysis
functions show the chapter's states (``GROUPS``) unless asked for every
member. The chart is ``alliances.charts.unga_votes_chart``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import pandas as pd

from . import curated

#: UN member states at the time of every vote recorded here (2014–2023).
UN_MEMBERS: int = 193

#: Each resolution's symbol, with a short label for charts and the date of the vote.
RESOLUTIONS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "A/RES/68/262": ("68/262: territorial integrity (2014)", "2014-03-27"),
    "A/RES/ES-11/1": ("ES-11/1: aggression against Ukraine", "2022-03-02"),
    "A/RES/ES-11/2": ("ES-11/2: humanitarian consequences", "2022-03-24"),
    "A/RES/ES-11/3": ("ES-11/3: Russia suspended from the Human Rights Council", "2022-04-07"),
    "A/RES/ES-11/4": ("ES-11/4: annexation of four regions rejected", "2022-10-12"),
    "A/RES/ES-11/5": ("ES-11/5: remedy and reparation", "2022-11-14"),
    "A/RES/ES-11/6": ("ES-11/6: principles of a just and lasting peace", "2023-02-23"),
})

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: A short label for each resolution (symbol and month of the vote), for narrow charts.
SHORT_LABELS: Mapping[str, str] = MappingProxyType({
    symbol: f"{symbol.removeprefix('A/RES/')} ({_MONTHS[int(date[5:7]) - 1]} {date[:4]})"
    for symbol, (_, date) in RESOLUTIONS.items()})

#: The groups of the Russian chapter, from Russia outwards (as in the vote files).
GROUPS: tuple[str, ...] = curated.UNGA_FOCUS_GROUPS

#: The ``group`` of the member states outside the chapter's groups.
OTHER_MEMBER: str = curated.UNGA_GROUPS[-1]

#: The columns of ``all_votes``, in order.
COLUMNS: tuple[str, ...] = ("resolution", "label", "date", "country", "country_cow", "group",
                            "vote", "note", "source")


def _check_bool(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return value


def all_votes(every_member: bool = False) -> pd.DataFrame:
    """Return the recorded votes on 68/262 and ES-11/1 to ES-11/6 as one tidy table.

    One row per state and resolution, with the columns of ``COLUMNS``:
    the resolution's symbol, its short ``label`` (from ``RESOLUTIONS``)
    and ``date`` (datetime), the state, its COW code, its ``group`` in the
    Russian chapter, the ``vote`` (``yes``, ``no``, ``abstain`` or
    ``non-voting``), any ``note`` and the ``source``. By default only the
    chapter's states (``group`` in ``GROUPS``); with ``every_member=True``
    also the other member states (``group`` "other member"). Rows are in date order, then by group and state.
    """
    _check_bool(every_member, "every_member")
    old = curated.unga_68_262_votes()
    old = old.assign(resolution="A/RES/68/262",
                     date=pd.Timestamp(RESOLUTIONS["A/RES/68/262"][1]))
    new = curated.unga_es11_votes()
    frame = pd.concat([old, new], ignore_index=True)
    if not every_member:
        frame = frame[frame["group"].isin(GROUPS)]
    frame = frame.copy()
    frame["label"] = frame["resolution"].map({k: v[0] for k, v in RESOLUTIONS.items()})
    frame["group_order"] = frame["group"].map({g: i for i, g in enumerate(curated.UNGA_GROUPS)})
    frame = frame.sort_values(["date", "group_order", "country"], kind="stable")
    return frame.loc[:, list(COLUMNS)].reset_index(drop=True)


def csto_votes(include_uzbekistan: bool = True) -> pd.DataFrame:
    """Return the votes of Russia and its CSTO allies on 68/262 and ES-11/1 to ES-11/6.

    The rows of ``all_votes`` for Russia and the five CSTO members
    (Armenia, Belarus, Kazakhstan, Kyrgyzstan, Tajikistan) and, when
    ``include_uzbekistan`` is true, Uzbekistan, which suspended its CSTO
    membership in 2012. A state and resolution without a row has no recorded
    vote in the curated files (see ``data/README.md``); it is not a vote.
    """
    _check_bool(include_uzbekistan, "include_uzbekistan")
    groups = {"Russia", "CSTO member"} | ({"former CSTO member"} if include_uzbekistan else set())
    frame = all_votes()
    return frame[frame["group"].isin(groups)].reset_index(drop=True)


def _check_states(states: Iterable[str] | None, known: list[str]) -> list[str]:
    if states is None:
        return known
    if isinstance(states, str) or not isinstance(states, Iterable):
        raise TypeError(f"states must be a list of state names or None, got {states!r}")
    chosen = list(states)
    unknown = [s for s in chosen if s not in known]
    if unknown or not chosen:
        raise ValueError(f"states must be a non-empty list drawn from {', '.join(known)}; "
                         f"got {chosen!r}")
    return chosen


def vote_table(states: Iterable[str] | None = None) -> pd.DataFrame:
    """Return a state × resolution table of votes, resolutions in date order.

    ``states`` picks and orders the rows (names as in the vote files, e.g.
    ``["Russia", "Belarus", "Armenia"]``); ``None`` gives every state with a
    recorded vote, Russia first. Columns are the short labels of
    ``RESOLUTIONS``; an empty cell (``NaN``) means no recorded vote.
    """
    frame = all_votes()
    ranked = frame.assign(group_order=frame["group"].map({g: i for i, g in enumerate(GROUPS)}))
    known = list(dict.fromkeys(ranked.sort_values(["group_order", "country"])["country"]))
    chosen = _check_states(states, known)
    table = frame.pivot(index="country", columns="label", values="vote")
    labels = [v[0] for v in RESOLUTIONS.values()]
    return table.reindex(index=chosen, columns=labels).rename_axis(index="country", columns=None)


def russia_agreement() -> pd.DataFrame:
    """Return, for each state, how often it voted as Russia did on the recorded resolutions.

    One row per state other than Russia: ``group``, ``recorded`` (resolutions
    with a recorded vote for the state; Russia's vote is recorded on all of
    them), ``same_as_russia`` (votes equal to Russia's, which was ``no`` on
    every one), ``abstained``, ``absent`` (``non-voting``) and ``share`` =
    ``same_as_russia / recorded``. An abstention or absence counts as not
    voting with Russia. Sorted by ``share``, highest first.
    """
    frame = all_votes()
    russia = frame.loc[frame["country"] == "Russia"].set_index("resolution")["vote"]
    others = frame.loc[frame["country"] != "Russia"].copy()
    others = others[others["resolution"].isin(russia.index)]
    others["same"] = others["vote"].to_numpy() == others["resolution"].map(russia).to_numpy()
    out = others.groupby(["country", "group"], sort=False).agg(
        recorded=("vote", "size"), same_as_russia=("same", "sum"),
        abstained=("vote", lambda v: int((v == "abstain").sum())),
        absent=("vote", lambda v: int((v == "non-voting").sum()))).reset_index()
    out["share"] = out["same_as_russia"] / out["recorded"]
    out["group_order"] = out["group"].map({g: i for i, g in enumerate(GROUPS)})
    out = out.sort_values(["share", "group_order", "country"], ascending=[False, True, True])
    return out.drop(columns="group_order").reset_index(drop=True)


def totals() -> pd.DataFrame:
    """Return the official outcome of each vote (68/262, ES-11/1 to ES-11/6), one row per category.

    The rows of ``curated.unga_68_262_totals`` and
    ``curated.unga_es11_totals``: ``resolution``, ``date``, ``category``,
    ``count``, ``derived`` (the non-voting count is 193 minus those voting),
    ``note``, ``source``.
    """
    return pd.concat([curated.unga_68_262_totals(), curated.unga_es11_totals()],
                     ignore_index=True)


def tally_check() -> pd.DataFrame:
    """Compare the votes recorded per resolution and category with the official tally.

    One row per resolution and category: ``official`` (from ``totals``),
    ``recorded`` (rows in the vote files), ``states_recorded`` (all
    categories), ``coverage`` (``"all members"`` when the file records all
    193 states for that resolution, else ``"subset"``) and ``ok``: the roll
    call is complete and its count equals the official one. A transcription
    error or a missing state shows up as ``ok == False``.
    """
    official = totals()[["resolution", "date", "category", "count"]].rename(
        columns={"count": "official"})
    votes = all_votes(every_member=True)
    counts = votes.groupby(["resolution", "vote"]).size().rename("recorded").reset_index()
    out = official.merge(counts.rename(columns={"vote": "category"}),
                         on=["resolution", "category"], how="left")
    out["recorded"] = out["recorded"].fillna(0).astype(int)
    per_resolution = votes.groupby("resolution").size()
    out["states_recorded"] = out["resolution"].map(per_resolution).fillna(0).astype(int)
    out["coverage"] = (out["states_recorded"] == UN_MEMBERS).map(
        {True: "all members", False: "subset"})
    out["ok"] = (out["coverage"] == "all members") & (out["recorded"] == out["official"])
    order = {k: i for i, k in enumerate(RESOLUTIONS)}
    cat = {k: i for i, k in enumerate(curated.VOTE_VALUES)}
    out = out.sort_values(["resolution", "category"],
                          key=lambda s: s.map(order) if s.name == "resolution" else s.map(cat))
    return out.reset_index(drop=True)


__all__ = ["COLUMNS", "GROUPS", "OTHER_MEMBER", "RESOLUTIONS", "SHORT_LABELS", "UN_MEMBERS", "all_votes",
           "csto_votes", "russia_agreement", "tally_check", "totals", "vote_table"]
