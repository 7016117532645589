"""Are allies more loyal? Groups of allies by year, and decade tables of UN vote agreement.

The main article cites Istomin and Baikov (2019) for the claim that the United
States' allies vote with Washington more often than other states. This module
turns the claim into numbers with the open data:

* :func:`defence_pledges` reads, from the ATOP dyad-years
  (:func:`alliances.datasets.load_atop`), the states to which a patron has a
  defence pledge in each year, as a :class:`YearlyGroup` (a function from a year to
  a set of COW codes, which :mod:`alliances.votes` accepts as a group).
* :func:`nato_members` gives NATO's members in a year, from the accession years in
  :data:`NATO_ACCESSION`, so that a robustness check can leave NATO out.
* :func:`loyalty_table` compares the allies' and the other states' agreement
  with the patron per decade (:data:`DECADES`) under both methods of
  :data:`alliances.votes.METHODS` and several variants (:data:`VARIANTS`), and
  :func:`loyalty_chart` draws it with dropdowns that work in the static HTML
  book.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import altair as alt
import numpy as np
import pandas as pd

from . import countries
from .capabilities import DIRECTIONS
from .votes import ISSUES, convergence_summary

#: Decades compared in the loyalty chapter: label -> inclusive (first, last) years. ATOP ends
#: in 2018, so the 2010s hold 2010-2018 in practice.
DECADES: Mapping[str, tuple[int, int]] = MappingProxyType({
    f"{start}s": (start, start + 9) for start in range(1950, 2020, 10)})

#: Year each state joined NATO, by ISO alpha-2 code ("DE-W" is the Federal Republic of
#: Germany before unification; "DE" unified Germany, a member from 3 October 1990).
_NATO_ISO: Mapping[str, int] = MappingProxyType({
    "US": 1949, "CA": 1949, "GB": 1949, "FR": 1949, "BE": 1949, "NL": 1949, "LU": 1949,
    "DK": 1949, "NO": 1949, "IS": 1949, "IT": 1949, "PT": 1949,
    "GR": 1952, "TR": 1952, "DE-W": 1955, "ES": 1982, "DE": 1990,
    "CZ": 1999, "HU": 1999, "PL": 1999,
    "BG": 2004, "EE": 2004, "LV": 2004, "LT": 2004, "RO": 2004, "SK": 2004, "SI": 2004,
    "AL": 2009, "HR": 2009, "ME": 2017, "MK": 2020,
})


def _nato_code(iso: str) -> int:
    if iso == "DE-W":  # West Germany: COW 260 ("GFR"), through the UN-votes name mapping
        return countries.un_cow_code("Federal Republic of Germany")
    code = countries.to_cow(iso)
    if code is None:  # pragma: no cover - every code above is a COW state
        raise ValueError(f"no COW code for {iso}")
    return code


#: NATO members by COW code with the year they joined (West Germany 260 from 1955,
#: unified Germany 255 from 1990; West Germany ceases to exist in 1990).
NATO_ACCESSION: Mapping[int, int] = MappingProxyType(
    {_nato_code(iso): year for iso, year in _NATO_ISO.items()})

_WEST_GERMANY_LAST = 1990
_WIDTH = 560  # pixels: fits the book's text column (a "container" width collapses there)


def nato_members(year: int) -> frozenset[int]:
    """Return the COW codes of NATO's members in ``year`` (1949 or later).

    A state counts from the year it joined (:data:`NATO_ACCESSION`). West
    Germany (260) counts from 1955 to 1990 and unified Germany (255) from 1990;
    France counts throughout, although it left NATO's integrated military
    command from 1966 to 2009, because it stayed a party to the treaty.
    ``year`` before 1949 raises ``ValueError``.
    """
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        raise TypeError(f"year must be an int (1949 or later), got {year!r}")
    if year < 1949:
        raise ValueError(f"year must be 1949 or later (the North Atlantic Treaty), got {year}")
    west = _nato_code("DE-W")
    return frozenset(code for code, joined in NATO_ACCESSION.items()
                     if joined <= year and not (code == west and year > _WEST_GERMANY_LAST))


@dataclass(frozen=True)
class YearlyGroup:
    """A group of states whose membership changes by year, usable as a function of the year.

    ``label`` names the group; ``by_year`` maps each covered year to the COW
    codes of its members (possibly empty). Calling the group with a year
    returns that year's members; a year outside the covered range raises
    ``ValueError``, which :mod:`alliances.votes` reads as "no group that year".
    """

    label: str
    by_year: Mapping[int, frozenset[int]]

    @property
    def years(self) -> tuple[int, int]:
        """The first and last year covered."""
        return min(self.by_year), max(self.by_year)

    def __call__(self, year: int) -> frozenset[int]:
        if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
            raise TypeError(f"year must be an int, got {year!r}")
        if int(year) not in self.by_year:
            first, last = self.years
            raise ValueError(f"year must be in the range [{first}, {last}] covered by "
                             f"{self.label!r}, got {year}")
        return self.by_year[int(year)]

    def counts(self) -> pd.DataFrame:
        """One row per covered year: ``year`` and ``n_states`` (int64)."""
        return pd.DataFrame({"year": list(self.by_year),
                             "n_states": [len(v) for v in self.by_year.values()]},
                            dtype="int64")


def defence_pledges(atop: pd.DataFrame, patron: int, direction: str = "given",
                    label: str | None = None) -> YearlyGroup:
    """Return, for every year ATOP covers, the states with which ``patron`` has a defence pledge.

    ``atop`` is the frame of :func:`alliances.datasets.load_atop`; ``patron``
    a COW code (2 for the United States). ``direction`` is as in
    :func:`alliances.capabilities.defence_partners`: ``"given"`` (default)
    lists the states the patron pledged to defend, which is what "the patron's
    allies" means here (it includes one-sided guarantees such as the US pledge
    to Japan). Years without any pledge map to an empty set, so every year of
    ATOP is covered and later years raise ``ValueError`` when the group is
    called. The result for a year equals ``defence_partners(atop, patron, year,
    direction)``.
    """
    if isinstance(patron, bool) or not isinstance(patron, (int, np.integer)):
        raise TypeError(f"patron must be an integer COW state code (e.g. 2), got {patron!r}")
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(repr(d) for d in DIRECTIONS)}, "
                         f"got {direction!r}")
    for column in ("ccode1", "ccode2", "year", "atop_defense"):
        if not isinstance(atop, pd.DataFrame) or column not in atop.columns:
            raise ValueError(f"atop must be the ATOP frame of alliances.datasets.load_atop "
                             f"(lacks column {column!r})")
    rows = atop.loc[atop["atop_defense"].astype(bool), ["ccode1", "ccode2", "year"]]
    given = rows[rows["ccode1"] == patron].rename(columns={"ccode2": "partner"})
    received = rows[rows["ccode2"] == patron].rename(columns={"ccode1": "partner"})
    chosen = {"given": [given], "received": [received], "either": [given, received]}[direction]
    pairs = pd.concat([frame[["partner", "year"]] for frame in chosen], ignore_index=True)
    sets = pairs.groupby("year")["partner"].agg(lambda p: frozenset(int(c) for c in p))
    first, last = int(atop["year"].min()), int(atop["year"].max())
    by_year = {year: sets.get(year, frozenset()) for year in range(first, last + 1)}
    name = label or f"defence pledges of {countries.name(int(patron))} ({direction})"
    return YearlyGroup(name, MappingProxyType(by_year))


#: The variants of :func:`loyalty_table`: label -> (subset of roll calls, what is changed).
VARIANTS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "All roll calls": ("all", "every roll call; allies against all other states"),
    **{f"Issue: {name}": (code, f"only roll calls coded {name!r}")
       for code, name in ISSUES.items()},
    "Important votes only": ("important", "only the roll calls the US State Department "
                                          "classed as important (coded 1983-2017)"),
    "NATO members left out": ("all", "every roll call; NATO members removed from the allies"),
    "Rival's allies left out": ("all", "every roll call; the rival's defence partners "
                                       "removed from the other states"),
})


def loyalty_table(scores: pd.DataFrame, allies: Callable[[int], Iterable[int]], *,
                  rival_allies: Callable[[int], Iterable[int]] | None = None,
                  periods: Mapping[str, tuple[int, int]] = DECADES,
                  variants: Iterable[str] | None = None) -> pd.DataFrame:
    """Allies against other states, per period, for each method and variant of :data:`VARIANTS`.

    ``scores`` is a frame from :func:`alliances.votes.agreement_by_subset` for
    the patron (it must hold the subsets the variants use); ``allies`` the
    patron's allies by year (for example :func:`defence_pledges`);
    ``rival_allies`` the allies of the patron's rival by year, needed only for
    the variant "Rival's allies left out" (skipped if ``None``). Each variant
    is one call of :func:`alliances.votes.convergence_summary` with ``allies``
    as members: the NATO variant passes ``exclude=nato_members``, the rival
    variant ``exclude=rival_allies``. Returns the summary rows with a first
    column ``variant``, in the order of :data:`VARIANTS`.
    """
    chosen = list(VARIANTS) if variants is None else list(variants)
    unknown = [v for v in chosen if v not in VARIANTS]
    if unknown or not chosen:
        raise ValueError(f"variants must name at least one of {', '.join(VARIANTS)}; "
                         f"got {unknown or chosen}")
    if "subset" not in getattr(scores, "columns", ()):
        raise ValueError("scores must come from alliances.votes.agreement_by_subset "
                         "(a 'subset' column is missing)")
    parts = []
    for variant in chosen:
        subset, _ = VARIANTS[variant]
        exclude = None
        if variant == "NATO members left out":
            exclude = nato_members
        elif variant == "Rival's allies left out":
            if rival_allies is None:
                continue
            exclude = rival_allies
        rows = scores[scores["subset"] == subset]
        if rows.empty:
            raise ValueError(f"scores hold no rows for subset {subset!r} (variant {variant!r})")
        table = convergence_summary(rows, allies, periods, exclude=exclude)
        parts.append(table.assign(variant=variant))
    result = pd.concat(parts, ignore_index=True)
    return result[["variant"] + [c for c in result.columns if c != "variant"]]


def loyalty_chart(table: pd.DataFrame, *, patron_label: str = "the United States",
                  group_label: str = "US treaty allies") -> alt.Chart:
    """Line chart of :func:`loyalty_table`: allies and other states, mean agreement by period.

    Two lines (the allies and all other states) over the periods of the
    table, with two dropdowns that work in the static HTML book: the
    agreement method and the variant. Tooltips give both means, the gap and
    the number of years compared. Only the table's rows are embedded.
    """
    needed = ("variant", "method", "period", "members", "others", "gap", "n_years")
    if not isinstance(table, pd.DataFrame) or any(c not in table.columns for c in needed):
        raise ValueError(f"table must be a frame of loyalty_table with columns {list(needed)}")
    long = table.melt(id_vars=["variant", "method", "period", "gap", "n_years"],
                      value_vars=["members", "others"], var_name="group", value_name="mean")
    long["group"] = long["group"].map({"members": group_label, "others": "All other states"})
    variants = list(pd.unique(table["variant"]))
    methods = list(pd.unique(table["method"]))
    periods = list(pd.unique(table["period"]))
    pick_method = alt.param(name="method", value=methods[0],
                            bind=alt.binding_select(options=methods, name="Method: "))
    pick_variant = alt.param(name="variant", value=variants[0],
                             bind=alt.binding_select(options=variants, name="Variant: "))
    return alt.Chart(long).mark_line(point=True, strokeWidth=2.5).encode(
        x=alt.X("period:O", title="Decade", sort=periods, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("mean:Q", title=f"Mean agreement with {patron_label}",
                scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("group:N", title=None,
                        scale=alt.Scale(domain=[group_label, "All other states"],
                                        range=["#0072B2", "#E69F00"]),
                        legend=alt.Legend(orient="bottom")),
        strokeDash=alt.StrokeDash("group:N", title=None,
                                  scale=alt.Scale(domain=[group_label, "All other states"],
                                                  range=[[1, 0], [6, 3]])),
        tooltip=[alt.Tooltip("group:N", title="Group"),
                 alt.Tooltip("period:N", title="Decade"),
                 alt.Tooltip("mean:Q", title="Mean agreement", format=".3f"),
                 alt.Tooltip("gap:Q", title="Allies minus others", format="+.3f"),
                 alt.Tooltip("n_years:Q", title="Years compared"),
                 alt.Tooltip("variant:N", title="Variant"),
                 alt.Tooltip("method:N", title="Method")],
    ).transform_filter(
        (alt.datum.method == pick_method) & (alt.datum.variant == pick_variant)
    ).add_params(pick_method, pick_variant).properties(
        width=_WIDTH, height=320,
        title=f"UN General Assembly agreement with {patron_label}, by decade",
        description=(f"Line chart by decade of the mean UN General Assembly vote agreement "
                     f"with {patron_label} of {group_label} (solid blue) and of all other "
                     f"states (dashed orange); two dropdowns choose the agreement method and "
                     f"the variant of the comparison."))


__all__ = ["DECADES", "NATO_ACCESSION", "VARIANTS", "YearlyGroup", "defence_pledges",
           "loyalty_chart", "loyalty_table", "nato_members"]
