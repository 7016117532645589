"""The curated data: small CSV files transcribed from the articles and public documents.

The repository's ``data/`` folder holds hand-curated CSV files: what
Istomin (2021) and a few named public documents say about Russia's alliances
(Table 4, the guarantees and their legal bases, military facilities, Belarus's
refusals of a base, partners without an alliance, UN votes, the evidence for
each function of Table 1, the organisations that overlap the CSTO) and the
book's case presets, which are teaching judgements rather than facts.

Every file has a :class:`Schema` in :data:`SCHEMAS`, and each has one loader
here. The schemas are declared once, as data, in ``data/schemas.yml`` beside
the CSV files (its header explains the format); this module builds the
:class:`Schema` and :class:`Column` objects from it when imported. Lists of
allowed values that other code also uses stay in Python (:data:`VOTE_VALUES`,
:data:`CSTO_MEMBERS`, ...) and the YAML names them through
:data:`VOCABULARIES`. A loader checks its file against the schema (column
names and order, types, allowed values, missing values, unique keys,
non-empty sources) and raises ``ValueError`` naming the file, the column and
the line when a check fails, so a bad edit of a CSV file fails loudly instead
of giving a silently wrong chart.

The files travel inside the installed package (``alliances/data``, copied
from the repository's ``data/`` when the wheel is built) and are read with
``importlib.resources``; in an editable install from a clone, the
repository's ``data/`` folder is read directly. Set the environment variable
``ALLIANCES_CURATED_DIR`` to read the CSV files from another folder; the
schemas always come from the library's own ``schemas.yml``.
"""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import pandas as pd
import yaml

from .typology import BENEFIT_CODES, COST_CODES
from .validate import check_integer
from .value import PARAMETERS

#: Environment variable that overrides the location of the curated data folder.
CURATED_DIR_ENV: str = "ALLIANCES_CURATED_DIR"

#: The file, beside the CSV files, that declares every curated file's schema.
SCHEMAS_FILE: str = "schemas.yml"

#: Vote values used in the UN vote files: the three UN vote categories plus absence.
VOTE_VALUES: tuple[str, ...] = ("yes", "no", "abstain", "non-voting")

#: Table 4 indicators in the article's column order, with display labels.
INDICATOR_LABELS: Mapping[str, str] = MappingProxyType({
    "population": "Population",
    "gdp": "GDP",
    "milex": "Defence expenditure",
})

#: The six CSTO members of Table 4, in the article's row order.
CSTO_MEMBERS: tuple[str, ...] = ("Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia",
                                 "Tajikistan")

#: The Russian chapter's groups in the UN vote files, from Russia outwards.
UNGA_FOCUS_GROUPS: tuple[str, ...] = ("Russia", "CSTO member", "former CSTO member",
                                      "partner without alliance", "comparison")

#: Every ``group`` value of the UN vote files: the focus groups, then every other member state.
UNGA_GROUPS: tuple[str, ...] = (*UNGA_FOCUS_GROUPS, "other member")

#: The resolutions of the eleventh emergency special session on Ukraine, in date order.
UNGA_ES11_RESOLUTIONS: tuple[str, ...] = tuple(f"A/RES/ES-11/{n}" for n in range(1, 7))

#: The regional organisations compared with the CSTO, in display order.
ORGANISATIONS: tuple[str, ...] = ("CSTO", "EAEU", "CIS", "SCO")

#: Membership statuses in ``organisation_membership.csv``, from closest to most distant.
MEMBERSHIP_STATUSES: tuple[str, ...] = ("member", "observer", "dialogue partner",
                                        "former member", "not member")

#: Codes an event or a scorecard row may bear on: Table 1 (1A–2B) and Table 2 (D1–R2).
THEORY_CODES: tuple[str, ...] = BENEFIT_CODES + COST_CODES

#: The book's judgements of a claim against the record of 2020–2026: the first three weigh the
#: evidence one way; "inconclusive" says that the record holds evidence both ways, or none that
#: measures what the claim is about, and cannot decide.
JUDGEMENTS: tuple[str, ...] = ("held", "weakened", "broken", "inconclusive")

#: The kinds of source in ``event_sources.csv``, by the publisher whose text was read.
SOURCE_KINDS: tuple[str, ...] = ("Russian official", "Russian state media",
                                 "other official or international", "independent media",
                                 "scholarly")

#: The kinds that speak for the Russian state: an event needs at least one source of another kind.
RUSSIAN_STATE_KINDS: tuple[str, ...] = SOURCE_KINDS[:2]

#: A UN document symbol (resolution, meeting record or press release) in a source's text.
UN_SYMBOL = re.compile(r"\b(?:A/RES/[\w./-]+|S/RES/\d+|A/(?:ES-)?\d+/PV\.\d+|GA/\d+|SC/\d+)")

#: The lists of allowed values that ``schemas.yml`` names (``allowed: VOTE_VALUES``), because
#: other code uses them too. ``INDICATOR_LABELS`` and ``PARAMETERS`` stand for their keys.
#:
#: :meta hide-value:
VOCABULARIES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "VOTE_VALUES": VOTE_VALUES,
    "INDICATOR_LABELS": tuple(INDICATOR_LABELS),
    "CSTO_MEMBERS": CSTO_MEMBERS,
    "UNGA_GROUPS": UNGA_GROUPS,
    "UNGA_ES11_RESOLUTIONS": UNGA_ES11_RESOLUTIONS,
    "BENEFIT_CODES": BENEFIT_CODES,
    "THEORY_CODES": THEORY_CODES,
    "ORGANISATIONS": ORGANISATIONS,
    "MEMBERSHIP_STATUSES": MEMBERSHIP_STATUSES,
    "JUDGEMENTS": JUDGEMENTS,
    "SOURCE_KINDS": SOURCE_KINDS,
    "PARAMETERS": tuple(PARAMETERS),
})

_DTYPES = ("str", "int", "float", "date", "bool")


@dataclass(frozen=True)
class Column:
    """One column of a curated CSV file.

    ``dtype`` is one of ``"str"``, ``"int"``, ``"float"``, ``"date"`` (ISO
    ``YYYY-MM-DD``) or ``"bool"`` (``True``/``False``). ``required`` columns
    may not have empty cells; ``allowed`` lists the only permitted values
    (``None`` means any value); ``unit`` is shown in the data README.
    """

    name: str
    dtype: str
    description: str
    unit: str = ""
    required: bool = True
    allowed: tuple[object, ...] | None = None

    def __post_init__(self) -> None:
        if self.dtype not in _DTYPES:
            raise ValueError(f"dtype must be one of {', '.join(_DTYPES)}, got {self.dtype!r}")


@dataclass(frozen=True)
class Schema:
    """The expected shape of one curated CSV file: its columns, key and provenance kind.

    ``key`` names the columns whose combination must be unique; ``kind`` says
    whether the rows are curated facts or (for the case presets) the book's
    illustrative teaching judgements.
    """

    filename: str
    title: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    kind: str = "curated facts"

    @property
    def column_names(self) -> tuple[str, ...]:
        """The column names, in file order."""
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        for column in self.columns:
            if column.name == name:
                return column
        raise ValueError(f"name must be one of {', '.join(self.column_names)}, got {name!r}")

    def markdown(self) -> str:
        """Describe the file as a Markdown section (used verbatim in ``data/README.md``)."""
        lines = [f"### `{self.filename}`", "", f"**{self.title}.** {self.description}", "",
                 f"Kind: {self.kind}. Key (unique): {', '.join(f'`{k}`' for k in self.key)}.",
                 "", "| column | type | required | unit | allowed values | description |",
                 "| --- | --- | --- | --- | --- | --- |"]
        for c in self.columns:
            allowed = ", ".join(f"`{v}`" for v in c.allowed) if c.allowed else ""
            lines.append(f"| `{c.name}` | {c.dtype} | {'yes' if c.required else 'no'} | "
                         f"{c.unit} | {allowed} | {c.description} |")
        return "\n".join(lines) + "\n"


#: The keys a column may have in ``schemas.yml``, and those a file entry may have.
_COLUMN_KEYS = ("name", "type", "description", "unit", "required", "allowed", "also_allowed")
_FILE_KEYS = ("file", "title", "description", "kind", "key", "columns")


def _allowed(entry: Mapping[str, object], where: str) -> tuple[object, ...] | None:
    """The ``allowed`` values of one column entry: a list, or a vocabulary's name (+ extras)."""
    allowed, extra = entry.get("allowed"), entry.get("also_allowed")
    if isinstance(allowed, str):
        if allowed not in VOCABULARIES:
            raise ValueError(f"{where}: allowed must be a list or the name of a vocabulary, one of "
                             f"{', '.join(VOCABULARIES)}; got unknown vocabulary {allowed!r}")
        values: tuple[object, ...] = VOCABULARIES[allowed]
    elif isinstance(allowed, list) and allowed and extra is None:
        return tuple(allowed)
    elif allowed is None and extra is None:
        return None
    else:
        raise ValueError(f"{where}: allowed must be a non-empty list or a vocabulary name, with "
                         f"also_allowed only after a name; got {allowed!r}, also_allowed {extra!r}")
    if extra is None:
        return values
    if not isinstance(extra, list) or not extra:
        raise ValueError(f"{where}: also_allowed must be a non-empty list, got {extra!r}")
    return (*values, *extra)


def _column(entry: object, standard: Mapping[str, Mapping[str, object]], where: str) -> Column:
    """One :class:`Column` from its entry in ``schemas.yml`` (a mapping, or a standard name)."""
    if isinstance(entry, str):
        if entry not in standard:
            raise ValueError(f"{where}: a column given by name must be one of the standard "
                             f"columns {', '.join(standard)}, got {entry!r}")
        entry = {"name": entry, **standard[entry]}
    if not isinstance(entry, dict) or not {"name", "type", "description"} <= set(entry) or \
            not set(entry) <= set(_COLUMN_KEYS):
        raise ValueError(f"{where}: a column needs name, type and description and may have only "
                         f"{', '.join(_COLUMN_KEYS)}; got {entry!r}")
    where = f"{where}, column {entry['name']!r}"
    required = entry.get("required", True)
    if not isinstance(required, bool):
        raise ValueError(f"{where}: required must be true or false, got {required!r}")
    allowed = _allowed(entry, where)
    try:
        return Column(str(entry["name"]), str(entry["type"]), str(entry["description"]),
                      unit=str(entry.get("unit", "")), required=required, allowed=allowed)
    except ValueError as error:                 # the type: name the place in the file
        raise ValueError(f"{where}: type: {error}") from None


def load_schemas(path: Path) -> Mapping[str, Schema]:
    """Read the schemas declared in the YAML file ``path`` (``data/schemas.yml``), keyed by file name.

    The file's header comment explains its format. Raises ``ValueError``
    naming the entry when one is malformed: a missing or unknown key, a
    ``type`` outside str, int, float, date and bool, an ``allowed`` that is
    neither a list nor a name in :data:`VOCABULARIES`, a ``key`` column that
    the file lacks, or a file declared twice.
    """
    path = Path(path)
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or not isinstance(document.get("files"), list):
        raise ValueError(f"{path}: must hold a mapping with a list 'files' (and optionally "
                         "'standard_columns')")
    standard = document.get("standard_columns") or {}
    schemas: dict[str, Schema] = {}
    for number, entry in enumerate(document["files"], 1):
        if not isinstance(entry, dict) or not {"file", "title", "description", "key",
                                               "columns"} <= set(entry) or \
                not set(entry) <= set(_FILE_KEYS):
            raise ValueError(f"{path}: entry {number} of files needs file, title, description, "
                             f"key and columns and may have only {', '.join(_FILE_KEYS)}")
        where = f"{path.name}, file {entry['file']!r}"
        columns = tuple(_column(column, standard, where) for column in entry["columns"])
        schema = Schema(entry["file"], entry["title"], entry["description"], columns,
                        tuple(entry["key"]), kind=entry.get("kind", "curated facts"))
        if not set(schema.key) <= set(schema.column_names):
            raise ValueError(f"{where}: key must name the file's columns "
                             f"({', '.join(schema.column_names)}); got {list(schema.key)}")
        if schema.filename in schemas:
            raise ValueError(f"{where}: a file must be declared once; this one is declared twice")
        schemas[schema.filename] = schema
    return MappingProxyType(schemas)


def _library_data_dir() -> Path | None:
    """The library's own data folder: the packaged copy (a wheel), else the repository's."""
    packaged = resources.files("alliances") / "data"
    if packaged.is_dir():
        return Path(str(packaged))
    repository = Path(__file__).resolve().parents[2] / "data"
    return repository if repository.is_dir() else None


def curated_dir() -> Path:
    """Return the folder that holds the curated CSV files.

    In order: ``$ALLIANCES_CURATED_DIR`` when that variable is set; the
    ``data`` folder inside the installed package (a wheel carries it); the
    repository's ``data/`` folder (an editable install from a clone). Raises
    ``FileNotFoundError`` with a hint when none exists.
    """
    override = os.environ.get(CURATED_DIR_ENV)
    if override:
        path = Path(override).expanduser()
        if not path.is_dir():
            raise FileNotFoundError(f"curated data folder not found at {path} "
                                    f"(${CURATED_DIR_ENV}={override!r})")
        return path
    library = _library_data_dir()
    if library is not None:
        return library
    raise FileNotFoundError(
        "curated data folder not found: the installed package has no alliances/data folder "
        f"and {Path(__file__).resolve().parents[2] / 'data'} does not exist; reinstall the "
        f"library, or set {CURATED_DIR_ENV} to the folder that holds "
        "csto_material_potential_2019.csv and the other curated files")


def _schemas_path() -> Path:
    library = _library_data_dir()
    if library is None or not (library / SCHEMAS_FILE).is_file():
        raise FileNotFoundError(f"the library's {SCHEMAS_FILE} is missing (looked in "
                                f"{library}); reinstall the library")
    return library / SCHEMAS_FILE


#: Every curated file's schema, keyed by file name, in the order of ``data/schemas.yml``.
#:
#: :meta hide-value:
SCHEMAS: Mapping[str, Schema] = load_schemas(_schemas_path())

MATERIAL_POTENTIAL = SCHEMAS["csto_material_potential_2019.csv"]
SECURITY_GUARANTEES = SCHEMAS["russia_security_guarantees.csv"]
MILITARY_FACILITIES = SCHEMAS["russia_military_facilities.csv"]
BELARUS_REFUSALS = SCHEMAS["belarus_base_refusals.csv"]
PARTNERS = SCHEMAS["partners_without_alliance.csv"]
UNGA_VOTES = SCHEMAS["unga_68_262_votes.csv"]
UNGA_TOTALS = SCHEMAS["unga_68_262_totals.csv"]
UNGA_ES11_VOTES = SCHEMAS["unga_es11_votes.csv"]
UNGA_ES11_TOTALS = SCHEMAS["unga_es11_totals.csv"]
FUNCTIONS = SCHEMAS["russia_functions.csv"]
ORGANISATION_MEMBERSHIP = SCHEMAS["organisation_membership.csv"]
PRESETS_SCHEMA = SCHEMAS["case_presets.csv"]
EVENTS = SCHEMAS["events_2020_2026.csv"]
EVENT_SOURCES = SCHEMAS["event_sources.csv"]
SCORECARD = SCHEMAS["scorecard_2020_2026.csv"]


def _convert(raw: pd.Series, column: Column, where: str) -> pd.Series:
    """Convert one column of strings to its schema type, refusing bad cells."""
    missing = raw == ""
    present = raw[~missing]
    if column.dtype == "str":
        return raw.where(~missing, None).astype("str")
    if column.dtype in ("int", "float"):
        numbers = pd.to_numeric(present, errors="coerce")
        bad = numbers.isna()
        if column.dtype == "int":
            bad |= numbers.notna() & (numbers != numbers.round())
        if bad.any():
            raise ValueError(f"{where}: column {column.name!r} must hold "
                             f"{'integers' if column.dtype == 'int' else 'numbers'}; bad value(s) "
                             f"{present[bad].tolist()} on line(s) "
                             f"{(present[bad].index + 2).tolist()}")
        out = pd.Series(pd.NA if column.dtype == "int" else float("nan"), index=raw.index,
                        dtype="Int64" if column.dtype == "int" else "float64")
        out[~missing] = numbers.astype("int64" if column.dtype == "int" else "float64")
        return out
    if column.dtype == "date":
        dates = pd.to_datetime(present, format="%Y-%m-%d", errors="coerce")
        if dates.isna().any():
            bad = present[dates.isna()]
            raise ValueError(f"{where}: column {column.name!r} must hold ISO dates YYYY-MM-DD; "
                             f"bad value(s) {bad.tolist()} on line(s) {(bad.index + 2).tolist()}")
        out = pd.Series(pd.NaT, index=raw.index, dtype=dates.dtype)
        out[~missing] = dates
        return out
    # bool
    mapping = {"True": True, "False": False}
    bad = ~present.isin(list(mapping))
    if bad.any():
        raise ValueError(f"{where}: column {column.name!r} must hold True or False; bad value(s) "
                         f"{present[bad].tolist()} on line(s) {(present[bad].index + 2).tolist()}")
    out = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    out[~missing] = present.map(mapping).astype(bool)
    return out


def loader(schema: Schema, name: str, doc: str) -> Callable[[], pd.DataFrame]:
    """Return the loader of one curated file: a function ``name()`` that reads it with :func:`read`.

    Every curated file has one such loader, documented by ``doc``; they differ
    only in the file they read, so they are made here rather than written out.
    """
    def load() -> pd.DataFrame:
        return read(schema.filename)

    load.__name__ = load.__qualname__ = name
    load.__doc__ = inspect.cleandoc(doc)
    load.__module__ = __name__
    return load


def read(name: str) -> pd.DataFrame:
    """Read the curated file ``name`` (e.g. ``"case_presets.csv"``) and check it against its schema.

    Checks, in order: the header equals the schema's columns; no cell has
    leading or trailing spaces; required columns have no empty cells; every
    cell converts to its column's type; values are among the allowed ones;
    the key columns are unique. Raises ``ValueError`` naming the file, column
    and line (1 = header) of the first failed check.
    """
    if name not in SCHEMAS:
        raise ValueError(f"name must be one of {', '.join(SCHEMAS)}, got {name!r}")
    schema = SCHEMAS[name]
    path = curated_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f"curated file {name!r} not found in {path.parent}")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    where = f"{name}"
    if tuple(raw.columns) != schema.column_names:
        raise ValueError(f"{where}: columns must be {list(schema.column_names)}, "
                         f"got {list(raw.columns)}")
    if raw.empty:
        raise ValueError(f"{where}: the file has no rows")
    out = {}
    for column in schema.columns:
        values = raw[column.name]
        padded = values != values.str.strip()
        if padded.any():
            raise ValueError(f"{where}: column {column.name!r} has leading or trailing spaces on "
                             f"line(s) {(values[padded].index + 2).tolist()}")
        if column.required and (values == "").any():
            raise ValueError(f"{where}: required column {column.name!r} is empty on line(s) "
                             f"{(values[values == ''].index + 2).tolist()}")
        converted = _convert(values, column, where)
        if column.allowed is not None:
            outside = converted.notna() & ~converted.isin(list(column.allowed))
            if outside.any():
                raise ValueError(f"{where}: column {column.name!r} must be one of "
                                 f"{list(column.allowed)}; got {converted[outside].tolist()} on "
                                 f"line(s) {(converted[outside].index + 2).tolist()}")
        out[column.name] = converted
    frame = pd.DataFrame(out)
    duplicated = frame.duplicated(list(schema.key), keep=False)
    if duplicated.any():
        raise ValueError(f"{where}: key {list(schema.key)} must be unique; duplicated on line(s) "
                         f"{(frame.index[duplicated] + 2).tolist()}")
    return frame


material_potential = loader(MATERIAL_POTENTIAL, "material_potential", """\
    Load Table 4's absolute values: one row per CSTO member and indicator (18 rows).

    Columns: ``country``, ``country_cow``, ``article_label`` (``"Kirghizia"``
    for Kyrgyzstan), ``indicator`` (``population``, ``gdp``, ``milex``),
    ``unit``, ``year`` (2015 for Tajikistan's defence expenditure, else 2019),
    ``value``, ``note``, ``source``. Use :func:`alliances.russia.table4` for the shares.
""")


security_guarantees = loader(SECURITY_GUARANTEES, "security_guarantees", """\
    Load Russia's security guarantees: one row per guaranteed party and legal basis.

    Columns follow the schema ``SCHEMAS["russia_security_guarantees.csv"]``:
    ``party``, ``party_cow`` (missing for Abkhazia and South Ossetia),
    ``basis``, ``basis_type``, ``signed`` (datetime), ``start_year``,
    ``end_year`` (missing while in force), ``status`` (at the end of 2025;
    Armenia's CSTO rows are ``"participation frozen"``), ``note``, ``source``.
""")


military_facilities = loader(MILITARY_FACILITIES, "military_facilities",
                             "Load the Russian bases and facilities on allies' territory, with what the article says.")


belarus_base_refusals = loader(BELARUS_REFUSALS, "belarus_base_refusals",
                               "Load the dated public instances of Belarus refusing a Russian military base (§6, fn. 45).")


partners_without_alliance = loader(PARTNERS, "partners_without_alliance",
                                   "Load the partners Russia assists without an alliance (Syria, Venezuela, Serbia, §5).")


unga_68_262_votes = loader(UNGA_VOTES, "unga_68_262_votes", """\
    Load every member state's vote on UNGA resolution 68/262 (27 March 2014): 193 rows.

    ``vote`` is ``yes``, ``no``, ``abstain`` or ``non-voting`` (absent: no
    vote cast). ``group`` places each state in the chapter (Russia, CSTO
    member, former CSTO member, partner without alliance, comparison) or is
    ``other member``; :data:`UNGA_FOCUS_GROUPS` lists the chapter's groups.
""")


unga_68_262_totals = loader(UNGA_TOTALS, "unga_68_262_totals",
                            "Load the outcome of the 68/262 vote: 100 yes, 11 no, 58 abstain, 24 non-voting (derived).")


unga_es11_votes = loader(UNGA_ES11_VOTES, "unga_es11_votes", """\
    Load the recorded votes on the Ukraine resolutions ES-11/1 to ES-11/6 (2022–2023).

    One row per member state and resolution (193 per resolution), from the
    UN's voting records. ``vote`` is ``yes``, ``no``, ``abstain`` or ``non-voting``; ``group`` is
    as in ``unga_68_262_votes``.
""")


unga_es11_totals = loader(UNGA_ES11_TOTALS, "unga_es11_totals",
                          "Load the outcome of each vote on ES-11/1 to ES-11/6: recorded totals and derived absences.")


functions_record = loader(FUNCTIONS, "functions_record",
                          "Load the evidence for each Table 1 function in Russia's record, one item a row.")


organisation_membership = loader(ORGANISATION_MEMBERSHIP, "organisation_membership", """\
    Load who belonged to the CSTO, the EAEU, the CIS and the SCO at the end of the 2010s.

    One row per state or entity and organisation (36 rows), with the columns of
    its schema in :data:`SCHEMAS`: ``country``, ``country_cow`` (missing for
    Abkhazia and South Ossetia), ``organisation``, ``status`` (one of
    :data:`MEMBERSHIP_STATUSES`), ``since``, ``until``, ``note``, ``source``.
""")


#: Statuses in ``organisation_membership.csv`` that are not (or were never) membership.
_NOT_MEMBERSHIP = ("observer", "dialogue partner", "not member")


def csto_members(year: int) -> frozenset[int]:
    """Return the COW codes of Russia's CSTO allies in ``year`` (Russia itself excluded).

    Read from :func:`organisation_membership`: every state whose CSTO row is a
    membership (``member`` or ``former member``) with ``since`` ≤ ``year`` ≤
    ``until``. For the 1990s this counts the parties to the 1992 Collective
    Security Treaty on which the CSTO was founded in 2002, as the file does
    (Belarus from 1993; Uzbekistan only in 2006–2012, its treaty years of
    1992–1999 being recorded in ``note``). ``year`` is an integer in [1992, 2100].
    """
    when = check_integer(year, "year", low=1992, high=2100)
    frame = organisation_membership()
    rows = frame[(frame["organisation"] == "CSTO") & ~frame["status"].isin(_NOT_MEMBERSHIP)
                 & frame["country_cow"].notna() & (frame["country"] != "Russia")]
    active = (rows["since"] <= when) & (rows["until"].isna() | (rows["until"] >= when))
    return frozenset(int(code) for code in rows.loc[active, "country_cow"])


case_presets = loader(PRESETS_SCHEMA, "case_presets", """\
    Load the case presets: the book's teaching judgements, one row per case and input.

    Columns: ``case``, ``kind`` (always ``"teaching judgement"``),
    ``parameter`` (a flat name of :data:`alliances.value.PARAMETERS`),
    ``value``, ``justification``, ``source``. :mod:`alliances.cases` turns
    them into scenarios and checks that each case sets every input in range.
""")


def _split_codes(frame: pd.DataFrame, column: str, allowed: tuple[str, ...],
                 filename: str) -> None:
    """Check that every `; `-separated item of ``column`` is one of ``allowed``."""
    for line, cell in zip(frame.index + 2, frame[column]):
        items = str(cell).split("; ")
        bad = [item for item in items if item not in allowed]
        if bad or len(set(items)) != len(items):
            raise ValueError(f"{filename}: column {column!r} must list distinct items from "
                             f"{list(allowed)} separated by '; '; got {cell!r} on line {line}")


def _checked_sources(events: pd.DataFrame) -> pd.DataFrame:
    """Read ``event_sources.csv`` and check it against the events file's rows ``events``."""
    sources = read(EVENT_SOURCES.filename)
    name = EVENT_SOURCES.filename
    unknown = ~sources["event"].isin(events["key"])
    if unknown.any():
        raise ValueError(f"{name}: column 'event' must name a key of {EVENTS.filename}; got "
                         f"{sources.loc[unknown, 'event'].tolist()} on line(s) "
                         f"{(sources.index[unknown] + 2).tolist()}")
    located = sources["url"].notna() | sources["source"].map(lambda s: bool(UN_SYMBOL.search(s)))
    if not located.all():
        raise ValueError(f"{name}: every source needs a url or a UN document symbol in its text; "
                         f"neither on line(s) {(sources.index[~located] + 2).tolist()}")
    return sources


def event_sources() -> pd.DataFrame:
    """Load the sources of the events of 2020–2026, one a row, with their kind.

    Columns: ``event`` (a ``key`` of :func:`events_2020_2026`), ``source``,
    ``url`` (missing only where ``source`` names a UN document symbol),
    ``kind`` (one of :data:`SOURCE_KINDS`). Raises ``ValueError`` naming the
    line if an event key does not exist or a source has neither a URL nor a
    UN document symbol; :func:`events_2020_2026` makes the checks per event.
    """
    return _checked_sources(read(EVENTS.filename))


def events_2020_2026() -> pd.DataFrame:
    """Load the dated events of 2020–2026 that test the article's claims, in date order.

    Columns: ``key`` (stable name), ``date`` (datetime), ``states``,
    ``event``, ``theory_codes`` (codes of :data:`THEORY_CODES` joined by
    ``"; "``), ``expectation``, ``note`` (disagreements between sources),
    ``search_note`` (what was searched for a source that is not Russian), and,
    made from :func:`event_sources`, ``source`` (each source and its URL,
    joined by ``"; "``) and ``n_sources``. Raises ``ValueError`` naming the
    line if a code is not one of Table 1 or Table 2, if the rows are not in
    date order, if an event has no source, or if every source of an event is
    of a kind in :data:`RUSSIAN_STATE_KINDS` and its ``search_note`` is empty
    (or a ``search_note`` is given although another kind of source exists).
    """
    frame = read(EVENTS.filename)
    _split_codes(frame, "theory_codes", THEORY_CODES, EVENTS.filename)
    if not frame["date"].is_monotonic_increasing:
        raise ValueError(f"{EVENTS.filename}: rows must be in date order")
    sources = _checked_sources(frame)
    lines = frame.index + 2
    counts = sources.groupby("event").size()
    bare = ~frame["key"].isin(counts.index)
    if bare.any():
        raise ValueError(f"{EVENTS.filename}: every event needs at least one row in "
                         f"{EVENT_SOURCES.filename}; none for {frame.loc[bare, 'key'].tolist()} "
                         f"on line(s) {lines[bare].tolist()}")
    other = set(sources.loc[~sources["kind"].isin(RUSSIAN_STATE_KINDS), "event"])
    corroborated = frame["key"].isin(other)
    noted = frame["search_note"].notna()
    for wrong, what in ((~corroborated & ~noted, "has only Russian official or state-media "
                         "sources and no search_note saying what was searched for another"),
                        (corroborated & noted, "has a search_note although it has a source of "
                         "another kind (drop the note)")):
        if wrong.any():
            raise ValueError(f"{EVENTS.filename}: an event {what}: {frame.loc[wrong, 'key'].tolist()} "
                             f"on line(s) {lines[wrong].tolist()}")
    cited = sources.assign(text=[s if pd.isna(u) else f"{s}: {u}"
                                 for s, u in zip(sources["source"], sources["url"])])
    joined = cited.groupby("event", sort=False)["text"].agg("; ".join)
    return frame.assign(source=frame["key"].map(joined), n_sources=frame["key"].map(counts))


def scorecard_2020_2026() -> pd.DataFrame:
    """Load the book's scorecard: each claim of the article judged against 2020–2026.

    Columns: ``code``, ``claim``, ``judgement`` (one of :data:`JUDGEMENTS`:
    held, weakened, broken or inconclusive), ``reasons``, ``evidence_for`` and
    ``evidence_against`` (event dates joined by ``"; "``; the second may be
    missing), ``kind`` (always ``"teaching judgement"``), ``source``. Raises
    ``ValueError`` if an evidence date is not the date of a row of
    :func:`events_2020_2026`.
    """
    frame = read(SCORECARD.filename)
    dates = tuple(events_2020_2026()["date"].dt.strftime("%Y-%m-%d").unique())
    _split_codes(frame, "evidence_for", dates, SCORECARD.filename)
    _split_codes(frame[frame["evidence_against"].notna()], "evidence_against", dates,
                 SCORECARD.filename)
    return frame


__all__ = [
    "CSTO_MEMBERS", "CURATED_DIR_ENV", "EVENTS", "EVENT_SOURCES", "INDICATOR_LABELS", "JUDGEMENTS",
    "RUSSIAN_STATE_KINDS", "SOURCE_KINDS", "UN_SYMBOL",
    "MEMBERSHIP_STATUSES", "ORGANISATIONS", "SCHEMAS", "SCHEMAS_FILE", "SCORECARD", "THEORY_CODES",
    "VOCABULARIES", "VOTE_VALUES", "load_schemas",
    "Column", "Schema", "belarus_base_refusals", "case_presets", "csto_members", "curated_dir",
    "event_sources", "events_2020_2026",
    "functions_record", "material_potential", "military_facilities", "organisation_membership",
    "partners_without_alliance", "read", "scorecard_2020_2026", "security_guarantees",
    "UNGA_ES11_RESOLUTIONS", "UNGA_FOCUS_GROUPS", "UNGA_GROUPS", "unga_68_262_totals",
    "unga_68_262_votes",
    "unga_es11_totals", "unga_es11_votes",
]
