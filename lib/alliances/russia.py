"""The Russian case in numbers: Table 4, the guarantees by year, the functions, the organisations.

The article tests its theory of asymmetric alliances on Russia (Istomin
2021, §§5–6). This module analyses the curated data of that case (loaded by
:mod:`alliances.curated`): each CSTO member's share of the members' material
potential (Table 4), which parties Russia guarantees in a given year, how
the states of the chapter voted on resolution 68/262, the evidence for each
function of Table 1 in Russia's record, and how the organisations that
overlap the CSTO share its members. The charts of the case are in
:mod:`alliances.charts`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from . import curated
from .typology import BENEFIT_CODES, benefit
from .validate import check_number

# ---------------------------------------------------------------------------
# Table 4
# ---------------------------------------------------------------------------

def table4() -> pd.DataFrame:
    """Return Table 4 in tidy form: absolute values plus each country's share of the CSTO total.

    One row per country and indicator, with the columns of
    :func:`alliances.curated.material_potential` and ``share``: the value as a percentage of the
    six members' total for that indicator, computed here from the absolute
    values (unrounded; the article prints it to 0.1 %). As in the article,
    Tajikistan's 2015 defence figure is added to the 2019 figures of the others.
    """
    frame = curated.material_potential()
    totals = frame.groupby("indicator")["value"].transform("sum")
    frame.insert(list(frame.columns).index("value") + 1, "share", frame["value"] / totals * 100.0)
    return frame


def _check_decimals(decimals: int | None) -> int | None:
    if decimals is None:
        return None
    if isinstance(decimals, bool) or not isinstance(decimals, int):
        raise TypeError(f"decimals must be a non-negative integer or None, got {decimals!r}")
    if decimals < 0:
        raise ValueError(f"decimals must be a non-negative integer or None, got {decimals!r}")
    return decimals


def table4_shares(decimals: int | None = None) -> pd.DataFrame:
    """Return the CSTO shares (%) as a country × indicator table, in the article's order.

    Rows are the six members (Armenia … Tajikistan), columns ``population``,
    ``gdp``, ``milex``. ``decimals`` rounds the percentages (the article
    prints 1 decimal); ``None`` keeps them unrounded.
    """
    decimals = _check_decimals(decimals)
    wide = table4().pivot(index="country", columns="indicator", values="share")
    wide = wide.loc[list(curated.CSTO_MEMBERS), list(curated.INDICATOR_LABELS)]
    wide.columns.name = None
    return wide if decimals is None else wide.round(decimals)


def table4_wide(decimals: int | None = 1, article_labels: bool = True) -> pd.DataFrame:
    """Return Table 4 in the article's wide layout: value and % of CSTO total per indicator.

    Columns are a two-level index (indicator label with its unit, then
    ``"value"`` or ``"% of CSTO"``); rows are the six members, labelled as in
    the article (``"Kirghizia"``) when ``article_labels`` is true. Shares are
    rounded to ``decimals`` (default 1, as printed; ``None`` for no rounding).
    """
    decimals = _check_decimals(decimals)
    tidy = table4()
    tidy["share"] = tidy["share"] if decimals is None else tidy["share"].round(decimals)
    pieces = {}
    for indicator, label in curated.INDICATOR_LABELS.items():
        part = tidy[tidy["indicator"] == indicator].set_index("country")
        unit = part["unit"].iloc[0]
        pieces[(f"{label} ({unit})", "value")] = part["value"]
        pieces[(f"{label} ({unit})", "% of CSTO")] = part["share"]
    wide = pd.DataFrame(pieces).loc[list(curated.CSTO_MEMBERS)]
    if article_labels:
        labels = tidy.drop_duplicates("country").set_index("country")["article_label"]
        wide.index = [labels[c] for c in wide.index]
    wide.index.name = "country"
    return wide


# ---------------------------------------------------------------------------
# Guarantees
# ---------------------------------------------------------------------------

def guaranteed_parties(year: int) -> list[str]:
    """Return the parties covered by at least one Russian guarantee in ``year`` (sorted).

    A row covers its party in years ``start_year`` to ``end_year`` inclusive,
    or from ``start_year`` on while in force. For 2019 this gives the article's
    seven: Abkhazia, Armenia, Belarus, Kazakhstan, Kyrgyzstan, South Ossetia
    and Tajikistan.
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError(f"year must be an integer year such as 2019, got {year!r}")
    check_number(year, "year", low=1991, high=2100)
    frame = curated.security_guarantees()
    started = frame["start_year"] <= year
    active = started & (frame["end_year"].isna() | (frame["end_year"] >= year))
    return sorted(frame.loc[active, "party"].unique().tolist())


# ---------------------------------------------------------------------------
# UNGA resolution 68/262
# ---------------------------------------------------------------------------

def unga_68_262_counts(by_group: bool = False) -> pd.DataFrame:
    """Count the curated states' votes on resolution 68/262 by category (zeros included).

    Returns columns ``vote`` and ``count`` in the order yes, no, abstain,
    non-voting; with ``by_group=True``, a group × vote table of counts.
    These are counts over the chapter's selected states (``group`` in
    :data:`alliances.curated.UNGA_FOCUS_GROUPS`), not the Assembly totals
    (see :func:`alliances.curated.unga_68_262_totals`).
    """
    if not isinstance(by_group, bool):
        raise TypeError(f"by_group must be True or False, got {by_group!r}")
    votes = curated.unga_68_262_votes()
    votes = votes[votes["group"].isin(curated.UNGA_FOCUS_GROUPS)]
    vote = pd.Categorical(votes["vote"], categories=list(curated.VOTE_VALUES))
    if by_group:
        table = pd.crosstab(votes["group"], vote, dropna=False)
        table.columns = [str(c) for c in table.columns]
        table.columns.name = "vote"
        return table
    counts = pd.Series(vote).value_counts(sort=False)
    return pd.DataFrame({"vote": [str(v) for v in counts.index], "count": counts.values})


# ---------------------------------------------------------------------------
# Functions in Russia's record
# ---------------------------------------------------------------------------

def functions_summary() -> pd.DataFrame:
    """Summarise :func:`alliances.curated.functions_record` per Table 1 function, in the order 1A, 1B, 2A, 2B.

    Columns: ``code``, ``nature``, ``sphere``, ``function`` (Table 1 labels),
    ``present`` (``yes``/``no``), ``n_supports``, ``n_qualifies`` (counts of
    evidence items) and ``evidence`` (the items joined into one text, for
    tooltips). Raises ``ValueError`` if the file gives one code two verdicts.
    """
    record = curated.functions_record()
    rows = []
    for code in BENEFIT_CODES:
        part = record[record["code"] == code]
        if part.empty:
            raise ValueError(f"{curated.FUNCTIONS.filename}: code {code!r} has no evidence rows")
        verdicts = part["present"].unique().tolist()
        if len(verdicts) != 1:
            raise ValueError(f"{curated.FUNCTIONS.filename}: code {code!r} must have a single value of "
                             f"'present', got {verdicts}")
        cell = benefit(code)
        rows.append({
            "code": code, "nature": cell.nature.label, "sphere": cell.sphere.label,
            "function": cell.label, "present": verdicts[0],
            "n_supports": int((part["stance"] == "supports").sum()),
            "n_qualifies": int((part["stance"] == "qualifies").sum()),
            "evidence": " • ".join(f"[{s}] {e}" if s == "qualifies" else e
                                   for s, e in zip(part["stance"], part["evidence"])),
        })
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------
# Overlapping organisations
# ---------------------------------------------------------------------------


def membership_matrix() -> pd.DataFrame:
    """Return the membership statuses as a country × organisation table.

    Rows are the states and entities of :func:`alliances.curated.organisation_membership` in file
    order, columns the organisations in :data:`alliances.curated.ORGANISATIONS` order (CSTO,
    EAEU, CIS, SCO); each cell holds the status, e.g. ``"member"`` or
    ``"observer"``. Raises ``ValueError`` if a country lacks a row for one
    of the organisations.
    """
    frame = curated.organisation_membership()
    table = frame.pivot(index="country", columns="organisation", values="status")
    holes = table.isna()
    if holes.any().any():
        missing = [(c, o) for c, o in zip(*holes.to_numpy().nonzero())]
        pairs = [(table.index[i], table.columns[j]) for i, j in missing]
        raise ValueError(f"{curated.ORGANISATION_MEMBERSHIP.filename}: every country needs a row for "
                         f"each of {', '.join(curated.ORGANISATIONS)}; missing {pairs}")
    table = table.loc[list(dict.fromkeys(frame["country"])), list(curated.ORGANISATIONS)]
    table.columns.name = None
    return table


def membership_overlap() -> pd.DataFrame:
    """Compare each organisation's members with the CSTO's, at the end of the 2010s.

    One row per organisation other than the CSTO, with ``members_in_file``
    (the number of full members among the nine states and entities of
    ``data/organisation_membership.csv`` only, not the organisation's whole
    membership: the SCO's China, India or Pakistan are not counted), ``shared_with_csto``,
    ``csto_outside`` (CSTO members that do not belong, joined by commas) and
    ``others_inside`` (members that are not in the CSTO). For the EAEU this
    shows the article's "almost identical" membership: all CSTO members but
    Tajikistan.
    """
    table = membership_matrix()
    csto = set(table.index[table["CSTO"] == "member"])
    rows = []
    for organisation in curated.ORGANISATIONS[1:]:
        members = set(table.index[table[organisation] == "member"])
        rows.append({
            "organisation": organisation, "members_in_file": len(members),
            "shared_with_csto": len(members & csto),
            "csto_outside": ", ".join(c for c in table.index if c in csto - members),
            "others_inside": ", ".join(c for c in table.index if c in members - csto),
        })
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------
# How robust is a verdict? (the conclusion's warning about false precision)
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# After the article: 2020–2026
# ---------------------------------------------------------------------------

def events_for(code: str) -> pd.DataFrame:
    """Return the events of 2020–2026 that bear on one code of Table 1 or Table 2, by date.

    ``code`` is one of :data:`alliances.curated.THEORY_CODES` (``"1A"`` …
    ``"2B"``, ``"D1"`` … ``"R2"``). The rows are those of
    :func:`alliances.curated.events_2020_2026` whose ``theory_codes`` list
    it, with the index reset.
    """
    if code not in curated.THEORY_CODES:
        raise ValueError(f"code must be one of {', '.join(curated.THEORY_CODES)}, got {code!r}")
    events = curated.events_2020_2026()
    hit = events["theory_codes"].str.split("; ").map(lambda codes: code in codes)
    return events[hit].reset_index(drop=True)


class ProseText(str):
    """Words quoted in the prose, such as a verdict ("weakened"), shown without quotes by ``{eval}``."""

    def __repr__(self) -> str:
        return str(self)


class DateText(ProseText):
    """A date written out for the prose ("7 June 2026"), shown without quotes by ``{eval}``."""


def events_per_code(since: str | None = None) -> pd.DataFrame:
    """Count the events of 2020–2026 that bear on each code of Table 1 and Table 2.

    Returns a table indexed by ``code``, the codes of
    :data:`alliances.curated.THEORY_CODES` in that order (zeros included), with
    one column, ``events``, shown as a table in a notebook: an event that lists two codes
    (``"R2; 1B"``) counts once for each. With ``since``, a date written
    ``"2025-01-01"``, only the events dated on or after it count.
    Raises ``ValueError`` if ``since`` is not such a date.
    """
    events = curated.events_2020_2026()
    if since is not None:
        try:
            start = pd.Timestamp(dt.date.fromisoformat(since))
        except (TypeError, ValueError):
            raise ValueError(f"since must be a date written YYYY-MM-DD, such as \"2025-01-01\", "
                             f"got {since!r}") from None
        events = events[events["date"] >= start]
    codes = events["theory_codes"].str.split("; ").explode()
    counts = codes.value_counts().reindex(list(curated.THEORY_CODES), fill_value=0)
    counts.index.name = "code"
    return counts.astype(int).to_frame("events")


def events_up_to() -> DateText:
    """Return the date of the last event in the record of 2020–2026, as "7 June 2026".

    Read from :func:`alliances.curated.events_2020_2026`, so that the "events
    up to" line of the chapter moves when an event is added.
    """
    last = curated.events_2020_2026()["date"].max()
    return DateText(f"{last.day} {last:%B %Y}")


def data_as_of() -> DateText:
    """Return the curated data's "as of" date, :data:`alliances.curated.AS_OF`, as "27 November 2026".

    The date up to which the facts were checked, set once, as ``as_of`` in
    ``data/schemas.yml``; no date in a curated file lies after it. The
    chapter shows it beside :func:`events_up_to`.
    """
    return DateText(f"{curated.AS_OF.day} {curated.AS_OF:%B %Y}")


def source_kinds() -> pd.DataFrame:
    """Count the sources of the events of 2020–2026 by kind, and the events that cite each kind.

    Returns one row per kind of :data:`alliances.curated.SOURCE_KINDS`, in
    that order (zeros included), with columns ``sources`` (rows of
    :func:`alliances.curated.event_sources` of that kind) and ``events``
    (events with at least one source of that kind).
    """
    sources = curated.event_sources()
    table = sources.groupby("kind").agg(sources=("event", "size"), events=("event", "nunique"))
    table = table.reindex(list(curated.SOURCE_KINDS), fill_value=0).astype(int)
    table.index.name = "kind"
    return table


def scorecard_counts() -> pd.Series:
    """Count the scorecard's judgements: how many claims held, were weakened, broken or undecided.

    Returns a Series indexed by :data:`alliances.curated.JUDGEMENTS` in that
    order (zeros included), named ``"claims"``. The judgements are the book's
    teaching judgements (see :func:`alliances.curated.scorecard_2020_2026`).
    """
    judgements = curated.scorecard_2020_2026()["judgement"]
    counts = judgements.value_counts().reindex(list(curated.JUDGEMENTS), fill_value=0)
    counts.index.name = "judgement"
    return counts.rename("claims").astype(int)


def scorecard_judgement(code: str) -> ProseText:
    """Return the scorecard's judgement of the claim with ``code`` ("R2" → "weakened").

    Read from :func:`alliances.curated.scorecard_2020_2026`, so that a chapter
    quotes the verdict word of its data file with ``{eval}`` instead of typing
    it. ``code`` must name exactly one row of the file; a code with several
    claims (2B has two) or none raises ``ValueError`` listing the codes allowed.
    """
    table = curated.scorecard_2020_2026()
    rows = table.loc[table["code"] == code, "judgement"]
    if len(rows) != 1:
        counts = table["code"].value_counts()
        allowed = ", ".join(c for c in table["code"].drop_duplicates() if counts[c] == 1)
        raise ValueError(f"code must name one claim of the scorecard, one of {allowed}; "
                         f"got {code!r}")
    return ProseText(rows.iloc[0])


__all__ = ["DateText", "ProseText", "data_as_of", "events_for", "events_per_code", "events_up_to", "functions_summary", "guaranteed_parties", "membership_matrix",
           "membership_overlap", "scorecard_counts", "scorecard_judgement", "source_kinds", "table4", "table4_shares", "table4_wide",
           "unga_68_262_counts"]
