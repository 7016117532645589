"""Are allies more loyal? Groups of allies by year, and decade tables of UN vote agreement.

The main article cites Istomin and Baykov (2019; printed "Baikov" there) for the claim that the United
States' allies vote with Washington more often than other states. This module
turns the claim into numbers with the open data:

* :func:`alliances.pledges.defence_pledges` reads, from the ATOP dyad-years
  (:func:`alliances.datasets.load_atop`), the states to which a patron has a
  defence pledge in each year, as a :class:`YearlyGroup` (a function from a year to
  a set of COW codes, which :mod:`alliances.votes` accepts as a group).
* :func:`nato_members` gives NATO's members in a year, from the accession years in
  :data:`NATO_ACCESSION`, so that a robustness check can leave NATO out.
* :func:`loyalty_table` compares the allies' and the other states' agreement
  with the patron per decade (:data:`DECADES`) under both methods of
  :data:`alliances.votes.METHODS` and several variants (:data:`VARIANTS`), and
  :func:`alliances.charts.loyalty.loyalty_chart` draws it with dropdowns that work in the static HTML
  book.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

from . import countries
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
        code = countries.un_cow_code("Federal Republic of Germany")
    else:
        code = countries.to_cow(iso)
    if code is None:  # pragma: no cover - every code above is a COW state
        raise ValueError(f"no COW code for {iso}")
    return code


#: NATO members by COW code with the year they joined (West Germany 260 from 1955,
#: unified Germany 255 from 1990; West Germany ceases to exist in 1990).
NATO_ACCESSION: Mapping[int, int] = MappingProxyType(
    {_nato_code(iso): year for iso, year in _NATO_ISO.items()})

_WEST_GERMANY_LAST = 1990


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






#: The variants of :func:`loyalty_table`: label -> (subset of roll calls, what is changed).
#:
#: :meta hide-value:
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
    patron's allies by year (for example :func:`alliances.pledges.defence_pledges`);
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
        exclude: Callable[[int], Iterable[int]] | None = None
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




__all__ = ["DECADES", "NATO_ACCESSION", "VARIANTS", "loyalty_table", "nato_members"]
