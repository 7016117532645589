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

import csv
import datetime as dt
import inspect
import os
import re
from collections.abc import Callable, Iterable, Mapping
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
    ``low`` and ``high`` are inclusive bounds (numbers, or ``datetime.date``
    for a date column); ``pattern`` a regular expression every cell must match
    whole; ``constant_within`` a column within whose groups the cell must not
    change (e.g. ``"case"``).
    """

    name: str
    dtype: str
    description: str
    unit: str = ""
    required: bool = True
    allowed: tuple[object, ...] | None = None
    low: object = None
    high: object = None
    pattern: str | None = None
    constant_within: str | None = None

    def __post_init__(self) -> None:
        if self.dtype not in _DTYPES:
            raise ValueError(f"dtype must be one of {', '.join(_DTYPES)}, got {self.dtype!r}")


@dataclass(frozen=True)
class Schema:
    """The expected shape of one curated CSV file: its columns, key and provenance kind.

    ``key`` names the columns whose combination must be unique; ``kind`` says
    whether the rows are curated facts or (for the case presets) the book's
    illustrative teaching judgements; ``order`` names the column by which the
    rows must be sorted (oldest first), if any.
    """

    filename: str
    title: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    kind: str = "curated facts"
    order: str | None = None

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
        order = f" Rows in order of `{self.order}`." if self.order else ""
        lines = [f"### `{self.filename}`", "", f"**{self.title}.** {self.description}", "",
                 f"Kind: {self.kind}. Key (unique): {', '.join(f'`{k}`' for k in self.key)}.{order}",
                 "", "| column | type | required | unit | allowed values | description |",
                 "| --- | --- | --- | --- | --- | --- |"]
        for c in self.columns:
            rules = [", ".join(f"`{v}`" for v in c.allowed)] if c.allowed else []
            rules += [f"{word} {bound}" for word, bound in (("from", c.low), ("to", c.high))
                      if bound is not None]
            rules += [f"matching `{c.pattern}`"] if c.pattern else []
            rules += [f"the same on every row of a `{c.constant_within}`"] \
                if c.constant_within else []
            allowed = "; ".join(rules)
            lines.append(f"| `{c.name}` | {c.dtype} | {'yes' if c.required else 'no'} | "
                         f"{c.unit} | {allowed} | {c.description} |")
        return "\n".join(lines) + "\n"


#: The keys a column may have in ``schemas.yml``, and those a file entry may have.
_COLUMN_KEYS = ("name", "type", "description", "unit", "required", "allowed", "also_allowed",
                "min", "max", "pattern", "constant_within")
_FILE_KEYS = ("file", "title", "description", "kind", "key", "columns", "order")


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


def _column(entry: object, standard: Mapping[str, Mapping[str, object]], where: str,
            as_of: dt.date) -> Column:
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
    bounds = [_bound(entry.get(side), str(entry["type"]), f"{where}: {side}", as_of)
              for side in ("min", "max")]
    pattern = entry.get("pattern")
    if pattern is not None:
        try:
            re.compile(str(pattern))
        except re.error as error:
            raise ValueError(f"{where}: pattern must be a regular expression ({error})") from None
    within = entry.get("constant_within")
    try:
        return Column(str(entry["name"]), str(entry["type"]), str(entry["description"]),
                      unit=str(entry.get("unit", "")), required=required, allowed=allowed,
                      low=bounds[0], high=bounds[1],
                      pattern=None if pattern is None else str(pattern),
                      constant_within=None if within is None else str(within))
    except ValueError as error:                 # the type: name the place in the file
        raise ValueError(f"{where}: type: {error}") from None


def _bound(value: object, dtype: str, where: str, as_of: dt.date) -> object:
    """A column's ``min`` or ``max`` in ``schemas.yml``: a number, an ISO date or ``as_of``."""
    if value is None:
        return None
    if dtype == "date":
        if value == "as_of":
            return as_of
        if isinstance(value, dt.date):
            return value
    elif dtype in ("int", "float") and isinstance(value, (int, float)) \
            and not isinstance(value, bool):
        return value
    raise ValueError(f"{where} must be a number for a number column, or an ISO date or `as_of` "
                     f"for a date column; got {value!r} for a {dtype} column")


def load_schemas(path: Path) -> Mapping[str, Schema]:
    """Read the schemas declared in the YAML file ``path`` (``data/schemas.yml``), keyed by file name.

    The file's header comment explains its format. Raises ``ValueError``
    naming the entry when one is malformed: a missing or unknown key, a
    ``type`` outside str, int, float, date and bool, an ``allowed`` that is
    neither a list nor a name in :data:`VOCABULARIES`, a ``key`` column that
    the file lacks, or a file declared twice.
    """
    path = Path(path)
    document = _document(path)
    as_of = as_of_date(path)
    standard = document.get("standard_columns") or {}
    schemas: dict[str, Schema] = {}
    for number, entry in enumerate(document["files"], 1):
        if not isinstance(entry, dict) or not {"file", "title", "description", "key",
                                               "columns"} <= set(entry) or \
                not set(entry) <= set(_FILE_KEYS):
            raise ValueError(f"{path}: entry {number} of files needs file, title, description, "
                             f"key and columns and may have only {', '.join(_FILE_KEYS)}")
        where = f"{path.name}, file {entry['file']!r}"
        columns = tuple(_column(column, standard, where, as_of) for column in entry["columns"])
        schema = Schema(entry["file"], entry["title"], entry["description"], columns,
                        tuple(entry["key"]), kind=entry.get("kind", "curated facts"),
                        order=entry.get("order"))
        named = [*schema.key, schema.order, *(c.constant_within for c in columns)]
        unknown = sorted({n for n in named if n is not None} - set(schema.column_names))
        if unknown:
            raise ValueError(f"{where}: key, order and constant_within must name the file's "
                             f"columns ({', '.join(schema.column_names)}); got {unknown}")
        if schema.filename in schemas:
            raise ValueError(f"{where}: a file must be declared once; this one is declared twice")
        schemas[schema.filename] = schema
    return MappingProxyType(schemas)


def _document(path: Path) -> dict:
    """The parsed ``schemas.yml`` at ``path``, checked to hold a list ``files``."""
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=loader_class)
    if not isinstance(document, dict) or not isinstance(document.get("files"), list):
        raise ValueError(f"{path}: must hold a mapping with a list 'files' (and optionally "
                         "'standard_columns')")
    return document


def as_of_date(path: Path) -> dt.date:
    """Read the "as of" date of the curated data from ``schemas.yml`` at ``path`` (its ``as_of``).

    Raises ``ValueError`` if ``as_of`` is missing or not an ISO date.
    """
    value = _document(Path(path)).get("as_of")
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValueError(f"{Path(path).name}: as_of must be an ISO date YYYY-MM-DD (the date up "
                         f"to which the curated facts are checked), got {value!r}")
    return value


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

#: The date up to which the curated facts are checked, set once, as ``as_of`` in
#: ``data/schemas.yml``: no date in a curated file may lie after it, and the chapter "After the
#: article" shows it beside the date of the last event.
AS_OF: dt.date = as_of_date(_schemas_path())

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


@dataclass(frozen=True)
class Problem:
    """One problem found in a data file: printed as ``file:line:field: message``.

    ``line`` is the 1-based physical line of the file (the header is line 1);
    ``field`` is the column's name, or ``row`` for a problem with a whole row.
    """

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.field}: {self.message}"


class DataError(ValueError):
    """A curated file breaks its schema: every :class:`Problem` found, one a line."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass
class _Table:
    """A curated file as read: its frame (bad cells emptied), each row's line, and its problems."""

    name: str
    frame: pd.DataFrame
    lines: list[int]
    problems: list[Problem]

    def flag(self, rows: Iterable[int], field: str, message: str | Callable[[int], str]) -> None:
        """Record a problem on each of the frame's ``rows`` (positions) in column ``field``."""
        for row in rows:
            text = message(row) if callable(message) else message
            self.problems.append(Problem(self.name, self.lines[row], field, text))


def _positions(mask: pd.Series) -> list[int]:
    return [int(i) for i in mask.to_numpy().nonzero()[0]]


def _records(path: Path, name: str) -> tuple[list[str], list[list[str]], list[int],
                                               list[Problem]]:
    """The header, the records and each record's first physical line, parsed with :mod:`csv`."""
    problems: list[Problem] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    header: list[str] = []
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle, strict=True)
            try:
                header = next(reader, [])
                start = reader.line_num + 1
                for record in reader:
                    if record and len(record) != len(header):
                        problems.append(Problem(
                            name, start, "row", f"has {len(record)} cells where the header has "
                            f"{len(header)}: a comma inside a cell needs the cell in double "
                            f"quotes"))
                    elif record:
                        rows.append(record)
                        lines.append(start)
                    start = reader.line_num + 1
            except csv.Error as error:
                problems.append(Problem(name, reader.line_num, "row",
                                        f"cannot be parsed as CSV: {error}"))
    except UnicodeDecodeError as error:
        problems.append(Problem(name, 1, "file", f"is not UTF-8 text ({error.reason} at byte "
                                                 f"{error.start})"))
    return header, rows, lines, problems


def _convert(raw: pd.Series, column: Column, table: _Table) -> pd.Series:
    """Convert one column of strings to its schema type; a bad cell is flagged and left empty."""
    missing = raw == ""
    present = raw[~missing]
    name = column.name
    if column.dtype == "str":
        return raw.where(~missing, None).astype("str")
    if column.dtype in ("int", "float"):
        numbers = pd.to_numeric(present, errors="coerce")
        bad = numbers.isna()
        if column.dtype == "int":
            bad |= numbers.notna() & (numbers != numbers.round())
        kind = "an integer" if column.dtype == "int" else "a number"
        table.flag(present.index[bad], name, lambda i: f"must hold {kind}; got {raw[i]!r}")
        out = pd.Series(pd.NA if column.dtype == "int" else float("nan"), index=raw.index,
                        dtype="Int64" if column.dtype == "int" else "float64")
        good = ~missing & ~raw.index.isin(present.index[bad])
        out[good] = numbers[~bad].astype("int64" if column.dtype == "int" else "float64")
        return out
    if column.dtype == "date":
        iso = present.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
        dates = pd.to_datetime(present.where(iso), format="%Y-%m-%d", errors="coerce")
        bad = dates.isna()
        table.flag(present.index[bad], name,
                   lambda i: f"must hold an ISO date YYYY-MM-DD; got {raw[i]!r}")
        late = dates.notna() & (dates > pd.Timestamp(AS_OF))
        table.flag(present.index[late], name,
                   lambda i: f"{raw[i]} is after the data's 'as of' date {AS_OF:%Y-%m-%d} "
                             f"(as_of in {SCHEMAS_FILE})")
        out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
        out[dates.index[~bad]] = dates[~bad]
        return out
    mapping = {"True": True, "False": False}
    bad = ~present.isin(list(mapping))
    table.flag(present.index[bad], name, lambda i: f"must hold True or False; got {raw[i]!r}")
    out = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    out[present.index[~bad]] = present[~bad].map(mapping).astype(bool)
    return out


def _check_column(values: pd.Series, raw: pd.Series, column: Column, table: _Table) -> None:
    """Flag the cells of one converted column that break its schema's rules."""
    name = column.name
    known = values.notna()
    if column.allowed is not None:
        outside = known & ~values.isin(list(column.allowed))
        table.flag(_positions(outside), name,
                   lambda i: f"must be one of {list(column.allowed or ())}; got {raw[i]!r}")
    for bound, word, beyond in ((column.low, "on or after", values.lt),
                                (column.high, "on or before", values.gt)):
        if bound is None:
            continue
        if isinstance(bound, dt.date):
            limit: object = pd.Timestamp(bound)
            shown = f"{bound:%Y-%m-%d}"
        else:
            limit, shown = bound, f"{bound:g}"
            word = "at least" if word == "on or after" else "at most"
        for row in _positions(known & beyond(limit)):
            table.flag([row], name, f"must be {word} {shown}; got {raw[row]}")
    if column.pattern is not None:
        wrong = (raw != "") & ~raw.str.fullmatch(column.pattern)
        table.flag(_positions(wrong), name,
                   lambda i: f"must match the pattern {column.pattern}; got {raw[i]!r}")


def _shown(value: object) -> str:
    """A cell's value as the file writes it (a date as YYYY-MM-DD)."""
    return f"{value:%Y-%m-%d}" if isinstance(value, dt.date) else str(value)


def _table(name: str) -> _Table:
    """Read the curated file ``name`` and check it against its schema (not the loader's rules)."""
    if name not in SCHEMAS:
        raise ValueError(f"name must be one of {', '.join(SCHEMAS)}, got {name!r}")
    schema = SCHEMAS[name]
    path = curated_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f"curated file {name!r} not found in {path.parent}")
    header, rows, lines, problems = _records(path, name)
    raw = pd.DataFrame(rows, columns=header, dtype=str) if header else pd.DataFrame()
    table = _Table(name, raw, lines, problems)
    if tuple(header) != schema.column_names:
        problems.append(Problem(name, 1, "header", f"columns must be "
                                f"{list(schema.column_names)}; got {header}"))
        table.frame = pd.DataFrame(columns=list(schema.column_names))
        table.lines = []
        return table
    if not rows:
        problems.append(Problem(name, 1, "row", "the file has no rows"))
    raw = raw.reset_index(drop=True)
    out = {}
    for column in schema.columns:
        values = raw[column.name]
        table.flag(_positions(values != values.str.strip()), column.name,
                   "has leading or trailing spaces")
        if column.required:
            table.flag(_positions(values == ""), column.name,
                       f"required column {column.name!r} is empty")
        out[column.name] = _convert(values, column, table)
        _check_column(out[column.name], values, column, table)
    frame = pd.DataFrame(out, index=raw.index)
    for column in schema.columns:
        if column.constant_within is not None:
            group = frame[column.constant_within]
            first = frame.groupby(group, sort=False)[column.name].transform("first")
            differs = (frame[column.name].fillna("") != first.fillna("")) & group.notna()
            for row in _positions(differs):
                table.flag([row], column.name, f"must be the same on every row of a "
                                               f"{column.constant_within}; "
                                               f"{group[row]!r} has {first[row]!r} on an "
                                               "earlier line")
    duplicated = frame.duplicated(list(schema.key), keep="first")
    table.flag(_positions(duplicated), schema.key[0],
               f"key {list(schema.key)} must be unique; this row repeats an earlier one")
    key = schema.order
    if key is not None:
        order = frame[key]
        before = order.cummax().shift(1)
        early = order.notna() & before.notna() & (order < before)
        for row in _positions(early):
            table.flag([row], key, f"rows must be in order of {key}: {raw[key][row]} comes "
                                   f"after a later {key} ({_shown(before[row])})")
    table.frame = frame
    return table


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


#: Every curated file read during this process, for the build's per-notebook cache keys
#: (``tools/cachekey.py``): a notebook's key covers the files its run opened.
OPENED: set[str] = set()


def _validated(name: str) -> _Table:
    """Read ``name``, check it against its schema and then its file's own rules (:data:`_RULES`)."""
    OPENED.add(name)
    table = _table(name)
    rule = _RULES.get(name)
    if rule is not None and table.lines:
        rule(table)
    return table


def read(name: str) -> pd.DataFrame:
    """Read the curated file ``name`` (e.g. ``"case_presets.csv"``) and check it against its schema.

    Checks: the file parses as CSV (every row with the header's number of
    cells); the header equals the schema's columns; no cell has leading or
    trailing spaces; required columns have no empty cells; every cell converts
    to its column's type (dates strictly ``YYYY-MM-DD``, none after
    :data:`AS_OF`); values are among the allowed ones, within the column's
    ``min`` and ``max`` and match its ``pattern``; a ``constant_within``
    column is constant within its groups; the key columns are unique; the rows
    follow the file's ``order``; then the file's own rules (events, sources,
    scorecard, presets). Raises :class:`DataError` (a ``ValueError``) listing
    every problem as ``file:line:field: message``, 1 being the header's line.
    """
    return _read_together(name)[0]


def _read_together(*names: str) -> list[pd.DataFrame]:
    """Read the files ``names`` with :func:`read`'s checks, raising once for all their problems."""
    tables = [_validated(name) for name in names]
    problems = [problem for table in tables for problem in table.problems]
    if problems:
        raise DataError(problems)
    return [table.frame for table in tables]


def check_all() -> list[Problem]:
    """Check every curated file against its schema and rules; return every problem found.

    Also reports a CSV file in the curated folder that no schema declares.
    The problems come file by file, in the order of :data:`SCHEMAS`.
    """
    problems: list[Problem] = []
    for name in SCHEMAS:
        try:
            problems += _validated(name).problems
        except FileNotFoundError as error:
            problems.append(Problem(name, 1, "file", str(error)))
    for path in sorted(curated_dir().glob("*.csv")):
        if path.name not in SCHEMAS:
            problems.append(Problem(path.name, 1, "file", f"has no schema in {SCHEMAS_FILE}; "
                                                          "declare it there or move it away"))
    return problems


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


def _split_codes(table: _Table, column: str, allowed: Iterable[str], what: str) -> None:
    """Flag each cell of ``column`` that is not distinct items of ``allowed`` joined by ``"; "``."""
    allowed = set(allowed)
    for row, cell in enumerate(table.frame[column]):
        if pd.isna(cell):
            continue
        items = str(cell).split("; ")
        bad = [item for item in items if item not in allowed]
        if bad or len(set(items)) != len(items):
            table.flag([row], column, f"must list distinct {what} separated by '; '; "
                                      f"{bad or items} not allowed or repeated in {cell!r}")


def _event_rules(table: _Table) -> None:
    """The events file's own rules: Table 1/2 codes, a source per event, a non-Russian source."""
    frame = table.frame
    _split_codes(table, "theory_codes", THEORY_CODES, f"codes of {list(THEORY_CODES)}")
    sources = _table(EVENT_SOURCES.filename).frame
    counts = sources.groupby("event").size()
    table.flag(_positions(~frame["key"].isin(counts.index)), "key",
               f"every event needs at least one row in {EVENT_SOURCES.filename}; none names "
               "this key")
    other = set(sources.loc[~sources["kind"].isin(RUSSIAN_STATE_KINDS), "event"])
    corroborated = frame["key"].isin(other) | ~frame["key"].isin(counts.index)
    noted = frame["search_note"].notna()
    table.flag(_positions(~corroborated & ~noted), "search_note",
               lambda i: f"event {frame['key'][i]!r} has only Russian official or state-media "
                         "sources and no search_note saying what was searched for another")
    table.flag(_positions(frame["key"].isin(other) & noted), "search_note",
               lambda i: f"event {frame['key'][i]!r} has a search_note although it has a source "
                         "of another kind (drop the note)")


def _source_rules(table: _Table) -> None:
    """The sources table's own rules: an existing event key, a URL or a UN document symbol."""
    frame = table.frame
    keys = _table(EVENTS.filename).frame["key"]
    table.flag(_positions(frame["event"].notna() & ~frame["event"].isin(keys)), "event",
               lambda i: f"must name a key of {EVENTS.filename}; got {frame['event'][i]!r}")
    symbol = frame["source"].map(lambda text: isinstance(text, str) and
                                 bool(UN_SYMBOL.search(text)))
    table.flag(_positions(frame["url"].isna() & ~symbol), "url",
               "every source needs a url or a UN document symbol in its text; neither here")


def _scorecard_rules(table: _Table) -> None:
    """The scorecard's own rule: its evidence dates are dates of events."""
    dates = _table(EVENTS.filename).frame["date"].dropna().dt.strftime("%Y-%m-%d")
    for column in ("evidence_for", "evidence_against"):
        _split_codes(table, column, dates, f"dates of events in {EVENTS.filename}")


def _preset_rules(table: _Table) -> None:
    """The presets' own rules: every input once per case, in its range; what a case re-scores."""
    frame = table.frame
    for case, part in frame.groupby("case", sort=False):
        missing = [p for p in PARAMETERS if p not in set(part["parameter"])]
        if missing:
            table.flag([int(part.index[0])], "parameter",
                       f"case {case!r} lacks parameter(s) {missing}; every case must set all of "
                       f"{', '.join(PARAMETERS)}")
    for row, (case, name, value) in enumerate(zip(frame["case"], frame["parameter"],
                                                  frame["value"])):
        if name in PARAMETERS and pd.notna(value):
            low, high = PARAMETERS[name].low, PARAMETERS[name].high
            if not low <= value <= high:
                table.flag([row], "value", f"case {case!r}, parameter {name!r} must be in "
                                           f"[{low:g}, {high:g}], got {value:g}")
    years = frame.groupby("case", sort=False)["scored_for"].first()
    for row, (case, base) in enumerate(zip(frame["case"], frame["rescores"])):
        if pd.isna(base):
            continue
        if base not in years.index or base == case:
            table.flag([row], "rescores", f"must name another case of the file; got {base!r}")
        elif not years[base] < years[case]:
            table.flag([row], "rescores", f"case {case!r} (scored for {years[case]}) must "
                                          f"re-score a case scored earlier; {base!r} is "
                                          f"scored for {years[base]}")


def event_sources() -> pd.DataFrame:
    """Load the sources of the events of 2020–2026, one a row, with their kind.

    Columns: ``event`` (a ``key`` of :func:`events_2020_2026`), ``source``,
    ``url`` (missing only where ``source`` names a UN document symbol),
    ``kind`` (one of :data:`SOURCE_KINDS`). Raises :class:`DataError` naming
    the line if an event key does not exist or a source has neither a URL nor
    a UN document symbol; :func:`events_2020_2026` makes the checks per event.
    """
    return read(EVENT_SOURCES.filename)


def events_2020_2026() -> pd.DataFrame:
    """Load the dated events of 2020–2026 that test the article's claims, in date order.

    Columns: ``key`` (stable name), ``date`` (datetime), ``states``,
    ``event``, ``theory_codes`` (codes of :data:`THEORY_CODES` joined by
    ``"; "``), ``expectation``, ``note`` (disagreements between sources),
    ``search_note`` (what was searched for a source that is not Russian), and,
    made from :func:`event_sources`, ``source`` (each source and its URL,
    joined by ``"; "``) and ``n_sources``. Raises :class:`DataError` naming
    the line if a code is not one of Table 1 or Table 2, if the rows are not in
    date order, if a date is after :data:`AS_OF`, if an event has no source,
    or if every source of an event is of a kind in :data:`RUSSIAN_STATE_KINDS`
    and its ``search_note`` is empty (or a ``search_note`` is given although
    another kind of source exists).
    """
    frame, sources = _read_together(EVENTS.filename, EVENT_SOURCES.filename)
    counts = sources.groupby("event").size()
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
    :class:`DataError` if an evidence date is not the date of a row of
    :func:`events_2020_2026`.
    """
    return _read_together(SCORECARD.filename, EVENTS.filename, EVENT_SOURCES.filename)[0]


#: The rules of a file beyond its schema, which need Python (other files, the parameters' ranges).
_RULES: Mapping[str, Callable[[_Table], None]] = MappingProxyType({
    EVENTS.filename: _event_rules,
    EVENT_SOURCES.filename: _source_rules,
    SCORECARD.filename: _scorecard_rules,
    PRESETS_SCHEMA.filename: _preset_rules,
})


__all__ = [
    "AS_OF", "DataError", "OPENED", "Problem", "as_of_date", "check_all",
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
