"""Country codes: ISO alpha-2 (UN votes), Correlates of War codes (ATOP, NMC) and names.

The UN votes identify countries by ISO 3166-1 alpha-2 codes (``"RU"``), the
ATOP and COW tables by Correlates of War (COW) state codes (``365``). This
module converts between them with the ``countrycode`` package, so the book
never types a code table by hand, and handles the few cases where the two
systems (or ``countrycode`` itself) disagree. Each quirk is handled
explicitly here and nowhere else:

* **Historical UN codes.** The UN data use withdrawn ISO codes for states that
  no longer exist: ``YU`` Yugoslavia, ``CS`` Czechoslovakia, ``DD`` German
  Democratic Republic, ``YD`` Yemen People's Republic (and ``SU`` would be the
  Soviet Union, though the data file Soviet votes under ``RU``).
  ``countrycode`` knows none of these ISO codes (it returns ``None``), so
  :data:`HISTORICAL_ISO2` gives each one's *name* and ``countrycode`` turns
  the name into the COW code. ISO later reused ``CS`` for Serbia and
  Montenegro (2003-2006); in the UN data ``CS`` is only Czechoslovakia.
* **Serbia.** COW treats Serbia as the continuation of Yugoslavia (code 345,
  "YUG") and the UN data file every Serbian vote up to 2019 under
  ``Yugoslavia`` / ``YU``. ``countrycode`` gives Serbia (``RS``) no COW code, so
  :func:`to_cow` maps ``RS`` like ``YU``, to 345, and :func:`name` calls code
  345 "Serbia" from 2006 (when Montenegro left) when given a year.
* **UN rows without a code.** 5,444 rows of the UN votes have no
  ``country_code``: the Yemen Arab Republic (North Yemen, 3,291 rows,
  1947-1990), the Federal Republic of Germany (West Germany, 2,151 rows,
  1973-1990) and Zanzibar (2 rows, 1963). :func:`un_cow_code` maps them from
  their names: North Yemen 678 and Zanzibar 511 through ``countrycode``; West
  Germany to 260 ("GFR"), the COW code of the Federal Republic in 1955-1990,
  because ``countrycode``'s name matching gives 255, the code of Germany
  before 1945 and after unification.
* **Soviet republics.** The Byelorussian and Ukrainian SSRs had their own UN
  seats from 1946; their votes carry the codes BY / UA and so the COW codes of
  Belarus (370) and Ukraine (369), although COW lists those states only from
  1991. Soviet votes are under ``RU`` and map to 365, the code COW uses for
  both the Soviet Union and Russia.
* **Abkhazia and South Ossetia** are not COW states (nor UN members): they have
  no code, and :func:`not_a_cow_state` says why. The main article counts them
  among Russia's allies; ATOP, built on COW states, cannot.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd
from countrycode import codelist as _CODELIST
from countrycode import countrycode as _countrycode

#: Withdrawn ISO alpha-2 codes found in (or relevant to) the UN votes, with the
#: country name that ``countrycode`` can match to a COW code.
HISTORICAL_ISO2: Mapping[str, str] = MappingProxyType({
    "YU": "Yugoslavia",
    "CS": "Czechoslovakia",
    "DD": "German Democratic Republic",
    "YD": "Yemen People's Republic",
    "SU": "Soviet Union",
})

#: ISO codes that COW folds into another state: Serbia continues Yugoslavia (345).
_ISO2_ALIASES: Mapping[str, str] = MappingProxyType({"RS": "YU"})

#: UN-vote country names without a ``country_code`` whose COW code ``countrycode``
#: gets wrong: West Germany in 1955-1990 is COW 260 ("GFR"), not 255.
_UN_NAME_OVERRIDES: Mapping[str, int] = MappingProxyType({"Federal Republic of Germany": 260})

#: Names for COW codes that ``countrycode`` does not know.
_COW_NAME_OVERRIDES: Mapping[int, str] = MappingProxyType({260: "German Federal Republic"})

#: Entities the main article counts among Russia's allies that are not COW states.
#:
#: :meta hide-value:
NON_COW_STATES: Mapping[str, str] = MappingProxyType({
    "Abkhazia": ("Abkhazia is not a Correlates of War state. After 1920 COW counts an entity "
                 "as a state if it belongs to the League of Nations or the United Nations, or "
                 "if it has at least 500,000 inhabitants and receives diplomatic missions from "
                 "two major powers. Abkhazia, which broke away from Georgia, meets neither "
                 "test (among the major powers only Russia recognises it), so it has no COW "
                 "code and no row in ATOP, although Russia signed a treaty of alliance with it "
                 "on 17 September 2008."),
    "South Ossetia": ("South Ossetia is not a Correlates of War state. After 1920 COW counts "
                      "an entity as a state if it belongs to the League of Nations or the "
                      "United Nations, or if it has at least 500,000 inhabitants and receives "
                      "diplomatic missions from two major powers. South Ossetia, which broke "
                      "away from Georgia, meets neither test, so it has no COW code and no row "
                      "in ATOP, although Russia signed a treaty of alliance with it on "
                      "17 September 2008."),
})


@functools.cache
def countrycode(value: str | int, origin: str, destination: str) -> str | int | None:
    """``countrycode.countrycode`` for one value, with its code list loaded once and cached.

    (The package re-reads its 2.5 MB code list from disk on every call unless
    it is given the list; this wrapper passes the list loaded at import.)
    """
    return _countrycode(value, origin=origin, destination=destination, custom_dict=_CODELIST)


def _cow_of(value: str | int, origin: str) -> int | None:
    """:func:`countrycode` to ``"cown"``, typed: the COW code as an ``int``, or ``None``."""
    code = countrycode(value, origin, "cown")
    return None if code is None else int(code)


def _text_of(value: str | int, origin: str, destination: str) -> str | None:
    """:func:`countrycode` to a text scheme (ISO code, name), typed: a ``str``, or ``None``."""
    code = countrycode(value, origin, destination)
    return None if code is None else str(code)


def _check_iso2(code: object, name: str = "iso2") -> str:
    if not isinstance(code, str):
        raise TypeError(f"{name} must be a two-letter ISO 3166-1 alpha-2 code such as 'RU', "
                        f"got {code!r} of type {type(code).__name__}")
    value = code.strip().upper()
    if len(value) != 2 or not value.isalpha():
        raise ValueError(f"{name} must be a two-letter ISO 3166-1 alpha-2 code such as 'RU', "
                         f"got {code!r}")
    return value


def check_cow(code: object, name: str = "cow") -> int:
    """Return ``code`` as a Correlates of War state code (an integer in [1, 999]).

    ``name`` is the argument's name as the caller wrote it, for the error message.
    """
    if isinstance(code, bool) or not isinstance(code, int | float | np.integer) or int(code) != code:
        raise TypeError(f"{name} must be an integer Correlates of War state code such as 365, "
                        f"got {code!r} of type {type(code).__name__}")
    value = int(code)
    if not 1 <= value <= 999:
        raise ValueError(f"{name} must be a Correlates of War state code in the range "
                         f"[1, 999], got {code!r}")
    return value


@functools.cache
def _iso2_to_cow(iso2: str) -> int | None:
    iso2 = _ISO2_ALIASES.get(iso2, iso2)
    if iso2 in HISTORICAL_ISO2:
        return _cow_of(HISTORICAL_ISO2[iso2], "country.name")
    return _cow_of(iso2, "iso2c")


def to_cow(iso2: str) -> int | None:
    """Return the COW state code of an ISO alpha-2 code, or ``None`` if it has none.

    Accepts current codes (``"RU"`` gives 365), the historical codes of the UN
    data (``"YU"`` 345, ``"CS"`` 315, ``"DD"`` 265, ``"YD"`` 680, ``"SU"`` 365)
    and ``"RS"`` (Serbia, 345: COW continues Yugoslavia). Case is ignored.
    ``None`` means that the code exists but names no COW state (for example a
    dependent territory). Raises ``TypeError``/``ValueError`` for anything that
    is not a two-letter code.
    """
    return _iso2_to_cow(_check_iso2(iso2))


@functools.cache
def _cow_to_iso2(cow: int) -> str | None:
    for historical in HISTORICAL_ISO2:
        if historical != "SU" and _iso2_to_cow(historical) == cow:
            return historical
    return _text_of(cow, "cown", "iso2c")


def to_iso2(cow: int) -> str | None:
    """Return the ISO alpha-2 code under which the UN votes record COW state ``cow``.

    The inverse of :func:`to_cow` for the UN data: 365 gives ``"RU"``, 345
    gives ``"YU"`` (Yugoslavia, and Serbia up to 2019), 315 ``"CS"``, 265
    ``"DD"``, 680 ``"YD"``. ``None`` for states that have no code in the UN
    data: the Yemen Arab Republic (678), the German Federal Republic (260) and
    Zanzibar (511) have votes but no ``country_code`` (use :func:`un_cow_code`),
    and some COW states never sat in the UN.
    """
    return _cow_to_iso2(check_cow(cow))


def name(code: str | int, year: int | None = None) -> str | None:
    """Return a display name for an ISO alpha-2 code (``str``) or a COW code (``int``).

    Names come from ``countrycode`` (``"RU"`` and 365 both give "Russia"),
    with the historical UN codes named as in :data:`HISTORICAL_ISO2`. COW code
    345 and the codes ``YU`` / ``RS`` depend on the period: with ``year`` given
    they are "Yugoslavia" up to 2002, "Serbia and Montenegro" in 2003-2005 and
    "Serbia" from 2006; without a year, "Yugoslavia" (``YU``, 345) or "Serbia"
    (``RS``). Returns ``None`` for a well-formed code that names no country.
    """
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise TypeError(f"year must be an int or None, got {year!r}")
    if isinstance(code, str):
        iso2 = _check_iso2(code, "code")
        if iso2 in ("YU", "RS") and year is not None:
            return _serbia_name(year)
        if iso2 == "RS":
            return "Serbia"
        if iso2 in HISTORICAL_ISO2:
            return HISTORICAL_ISO2[iso2]
        return _text_of(iso2, "iso2c", "country.name")
    cow = check_cow(code, "code")
    if cow == to_cow("YU") and year is not None:
        return _serbia_name(year)
    if cow in _COW_NAME_OVERRIDES:
        return _COW_NAME_OVERRIDES[cow]
    return _text_of(cow, "cown", "country.name")


def named_states(frame: pd.DataFrame, codes: Sequence[str] = ("ccode1", "ccode2")) -> pd.DataFrame:
    """Return a copy of ``frame`` whose COW-code columns ``codes`` hold the states' names instead.

    Each column keeps its place. A column named ``ccode…`` is renamed ``state…`` (``ccode1`` →
    ``state1``); any other keeps its name. Names come from :func:`name`,
    in each row's ``year`` when the frame has a ``year`` column, so code 345 reads "Yugoslavia"
    or "Serbia" by period. A missing code gives a missing name. ``ValueError`` names any column
    of ``codes`` that the frame lacks.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    if isinstance(codes, str):
        raise TypeError(f"codes must be a list of column names, not the single string {codes!r}")
    missing = [column for column in codes if column not in frame.columns]
    if missing:
        raise ValueError(f"codes names column(s) {missing} that the frame lacks; its columns are "
                         f"{', '.join(map(str, frame.columns))}")
    renamed = {column: "state" + column[len("ccode"):] if column.startswith("ccode") else column
               for column in codes}
    taken = [new for old, new in renamed.items() if new != old and new in frame.columns]
    if taken:
        raise ValueError(f"the frame already has the column(s) {taken} that the names would take")
    years = frame["year"] if "year" in frame.columns else pd.Series(None, index=frame.index)
    named = frame.copy()
    for column in codes:
        found = [None if pd.isna(code) else name(int(code), None if pd.isna(year) else int(year))
                 for code, year in zip(frame[column], years)]
        named[column] = pd.Series(found, index=frame.index, dtype=object)
    return named.rename(columns=renamed)


def _serbia_name(year: int) -> str:
    if year <= 2002:
        return "Yugoslavia"
    if year <= 2005:
        return "Serbia and Montenegro"
    return "Serbia"


@functools.cache
def un_cow_code(country: str, country_code: str | None = None) -> int | None:
    """Return the COW code of one UN-votes country, from its code or, if absent, its name.

    ``country`` and ``country_code`` are the two columns of the UN votes. With
    a code, the result is :func:`to_cow` of it; without one (the Yemen Arab
    Republic, the Federal Republic of Germany and Zanzibar), the name is
    matched by ``countrycode``, except that the Federal Republic of Germany
    gets 260, its COW code for 1955-1990 (see the module notes).
    """
    if not isinstance(country, str):
        raise TypeError(f"country must be a string, got {country!r}")
    if isinstance(country_code, str) and country_code.strip():
        return to_cow(country_code)
    if country in _UN_NAME_OVERRIDES:
        return _UN_NAME_OVERRIDES[country]
    return _cow_of(country, "country.name")


def cow_from_name(country: str) -> int | None:
    """Return the COW code of a country name (``countrycode``'s regular expressions), or ``None``.

    Returns ``None`` for Abkhazia and South Ossetia, which are not COW states
    (see :func:`not_a_cow_state`), and for names that match no state.
    """
    if not isinstance(country, str):
        raise TypeError(f"country must be a string, got {country!r}")
    if not_a_cow_state(country) is not None:
        return None
    return _cow_of(country, "country.name")


def not_a_cow_state(country: str) -> str | None:
    """Explain why ``country`` has no COW code if it is Abkhazia or South Ossetia, else ``None``.

    Matching ignores case and surrounding spaces (``"south ossetia"`` works).
    """
    if not isinstance(country, str):
        raise TypeError(f"country must be a string, got {country!r}")
    wanted = " ".join(country.split()).casefold()
    for entity, reason in NON_COW_STATES.items():
        if entity.casefold() == wanted:
            return reason
    return None


# --------------------------------------------------------------------------- states of interest
# Every code is derived with countrycode from the ISO code; tests check them against the
# literal COW codes independently.

def _state(iso2: str) -> int:
    """The COW code of a state the book names; an error if ``countrycode`` has none."""
    cow = to_cow(iso2)
    if cow is None:
        raise LookupError(f"countrycode gives no Correlates of War code for {iso2!r}")
    return cow


#: Russia (and the Soviet Union before it): COW 365.
RUSSIA: int = _state("RU")
ARMENIA: int = _state("AM")
BELARUS: int = _state("BY")
KAZAKHSTAN: int = _state("KZ")
KYRGYZSTAN: int = _state("KG")
TAJIKISTAN: int = _state("TJ")
UZBEKISTAN: int = _state("UZ")
AZERBAIJAN: int = _state("AZ")
CHINA: int = _state("CN")
INDIA: int = _state("IN")
SYRIA: int = _state("SY")
VENEZUELA: int = _state("VE")
SERBIA: int = _state("RS")
GEORGIA: int = _state("GE")
UKRAINE: int = _state("UA")
UNITED_STATES: int = _state("US")
UNITED_KINGDOM: int = _state("GB")
FRANCE: int = _state("FR")

#: States the book compares with the CSTO members, by display name.
COMPARISON_STATES: Mapping[str, int] = MappingProxyType({
    "China": CHINA, "India": INDIA, "Syria": SYRIA, "Venezuela": VENEZUELA,
    "Serbia": SERBIA, "Georgia": GEORGIA, "Ukraine": UKRAINE, "Uzbekistan": UZBEKISTAN,
})

#: The major powers whose defence pledges the book counts: the US, Russia (and the USSR),
#: China, India, the UK and France.
MAJOR_PLEDGERS: Mapping[str, int] = MappingProxyType({
    "United States": UNITED_STATES, "Russia": RUSSIA, "China": CHINA, "India": INDIA,
    "United Kingdom": UNITED_KINGDOM, "France": FRANCE,
})


def state_code(state: object, name: str = "state") -> int:
    """Return a state given as an ISO alpha-2 string (``"RU"``) or a COW code (365) as a COW code.

    ``name`` is the argument's name as the caller wrote it, for the error message.
    """
    if isinstance(state, str):
        code = to_cow(state)
        if code is None:
            raise ValueError(f"{name}: ISO code {state!r} has no COW state code")
        return code
    if isinstance(state, (int, np.integer)) and not isinstance(state, bool):
        return check_cow(state, name)
    raise TypeError(f"{name} must be an ISO alpha-2 code (str, e.g. 'RU') or a COW code "
                    f"(int, e.g. 365), got {state!r} of type {type(state).__name__}")

__all__ = ["YearlyGroup", "ARMENIA", "AZERBAIJAN", "BELARUS", "CHINA", "COMPARISON_STATES",
           "FRANCE", "GEORGIA", "HISTORICAL_ISO2", "INDIA", "KAZAKHSTAN", "KYRGYZSTAN",
           "MAJOR_PLEDGERS", "NON_COW_STATES", "RUSSIA", "SERBIA", "SYRIA", "TAJIKISTAN",
           "UKRAINE", "UNITED_KINGDOM", "UNITED_STATES", "UZBEKISTAN",
           "VENEZUELA", "cow_from_name", "name", "named_states", "not_a_cow_state", "check_cow", "state_code", "to_cow",
           "to_iso2", "un_cow_code"]


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
