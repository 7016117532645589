"""The curated data: small CSV files transcribed from the articles and public documents.

The repository's ``data/`` folder holds hand-curated CSV files: what
Istomin (2021) and a few named public documents say about Russia's alliances
(Table 4, the guarantees and their legal bases, military facilities, Belarus's
refusals of a base, partners without an alliance, UN votes, the evidence for
each function of Table 1, the organisations that overlap the CSTO) and the
book's case presets, which are teaching judgements rather than facts.

Every file has a :class:`Schema` in :data:`SCHEMAS`, and each has one loader
here. A loader checks its file against the schema (column names and order,
types, allowed values, missing values, unique keys, non-empty sources) and
raises ``ValueError`` naming the file, the column and the line when a check
fails, so a bad edit of a CSV file fails loudly instead of giving a silently
wrong chart.

The files travel inside the installed package (``alliances/data``, copied
from the repository's ``data/`` when the wheel is built) and are read with
``importlib.resources``; in an editable install from a clone, the
repository's ``data/`` folder is read directly. Set the environment variable
``ALLIANCES_CURATED_DIR`` to read another folder.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from .typology import BENEFIT_CODES, COST_CODES
from .validate import check_integer
from .value import PARAMETERS

#: Environment variable that overrides the location of the curated data folder.
CURATED_DIR_ENV: str = "ALLIANCES_CURATED_DIR"

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


def _src() -> Column:
    return Column("source", "str", "Where the row comes from: article section, table or "
                  "footnote (Istomin 2021), or a named public document with its URL.")


def _note(description: str) -> Column:
    return Column("note", "str", description, required=False)


def _cow(name: str, required: bool = True) -> Column:
    return Column(name, "int", "Correlates of War state code" +
                  ("" if required else " (empty for entities that are not COW states, "
                   "e.g. Abkhazia and South Ossetia)"), required=required)


MATERIAL_POTENTIAL = Schema(
    "csto_material_potential_2019.csv",
    "Material potential of the CSTO members (the article's Table 4)",
    "Absolute values exactly as printed in Table 4 of Istomin (2021), one row per "
    "country and indicator; the article's shares of the CSTO total are computed by "
    "`alliances.russia.table4()`, not stored. Tajikistan's defence expenditure is for 2015 "
    "(the table's asterisk); all other values are for 2019.",
    (Column("country", "str", "Country (Kyrgyzstan for the article's 'Kirghizia')",
            allowed=CSTO_MEMBERS),
     _cow("country_cow"),
     Column("article_label", "str", "The country's name as printed in Table 4"),
     Column("indicator", "str", "What is measured", allowed=tuple(INDICATOR_LABELS)),
     Column("unit", "str", "Unit of `value`",
            allowed=("million people", "billion US$", "million US$")),
     Column("year", "int", "Year the value refers to", unit="year"),
     Column("value", "float", "The value printed in Table 4", unit="see `unit`"),
     _note("Remarks (the 2015 figure, the 'Kirghizia' label)"),
     _src()),
    key=("country", "indicator"))


SECURITY_GUARANTEES = Schema(
    "russia_security_guarantees.csv",
    "Russia's security guarantees and their legal bases",
    "One row per guaranteed party and legal basis: the Collective Security Treaty, the CSTO "
    "Charter, the bilateral treaties and the Union State charter the article cites (§5, "
    "fn. 32–33, 35), plus the treaty's former parties and the guarantees added after the "
    "article, to 2025 (North Korea and the Union State security-guarantees treaty, 2024). "
    "Status as at the end of 2025. A party is covered in year y when `start_year` ≤ y ≤ "
    "`end_year` (or `end_year` is empty).",
    (Column("party", "str", "The state or entity Russia guarantees"),
     _cow("party_cow", required=False),
     Column("basis", "str", "The legal document that carries the guarantee"),
     Column("basis_type", "str", "Multilateral (CST/CSTO) or bilateral document",
            allowed=("multilateral", "bilateral")),
     Column("signed", "date", "Date the document was signed (ISO)"),
     Column("start_year", "int", "Year the party became bound (signature or accession)",
            unit="year"),
     Column("end_year", "int", "Last year of coverage; empty while in force", unit="year",
            required=False),
     Column("status", "str", "Status at the end of 2025 (`participation frozen`: still a party "
            "in law, but not taking part)",
            allowed=("in force", "participation frozen", "not renewed", "suspended")),
     _note("Remarks: accession dates, entry into force, known slips"),
     _src()),
    key=("party", "basis"))


MILITARY_FACILITIES = Schema(
    "russia_military_facilities.csv",
    "Russian military bases and facilities on allies' territory",
    "One row per host and facility. `presence` and `article_says` follow the article (§6, "
    "paraphrased); the facility names come from the named public source in "
    "`facility_source`, as the article names none.",
    (Column("host", "str", "Host state or entity"),
     _cow("host_cow", required=False),
     Column("presence", "str", "What the article says is there",
            allowed=("military base", "military facility", "discussed only")),
     Column("facility", "str", "Name of the base or facility (public source)", required=False),
     Column("article_says", "str", "What the article says, in the book's own words"),
     _src(),
     Column("facility_source", "str", "Public source for the facility's name",
            required=False)),
    key=("host", "facility"))


BELARUS_REFUSALS = Schema(
    "belarus_base_refusals.csv",
    "Belarus's refusals of a Russian military base",
    "Dated public instances of the 'regular refusals' by Minsk that the article calls an "
    "anomaly (§6, fn. 45). Only events documented by the article or a named public source.",
    (Column("date", "date", "Date of the statement or of the press report (ISO)"),
     Column("date_kind", "str", "Whether `date` is the statement's or the report's date",
            allowed=("statement", "press report")),
     Column("actor", "str", "Who refused"),
     Column("event", "str", "What was said, in the book's own words"),
     _src(),
     Column("article_context", "str", "How the event relates to the article")),
    key=("date", "actor"))


PARTNERS = Schema(
    "partners_without_alliance.csv",
    "Partners Russia assists without an alliance",
    "Syria, Venezuela and Serbia: what Russia provides and the article's reason for not "
    "formalising an alliance (§5, fn. 36–38).",
    (Column("partner", "str", "Partner state"),
     _cow("partner_cow"),
     Column("region", "str", "World region"),
     Column("russia_provides", "str", "What Russia provides, per the article"),
     Column("alliance_idea", "str", "Whether the idea of an alliance circulates, per the article"),
     Column("reason", "str", "The article's reason for not allying"),
     Column("reason_kind", "str", "The reason in a word",
            allowed=("keep freedom to withdraw", "no binding commitments beyond neighbourhood")),
     _src()),
    key=("partner",))


UNGA_VOTES = Schema(
    "unga_68_262_votes.csv",
    "Votes on UN General Assembly resolution 68/262 (27 March 2014)",
    "How Russia, its CSTO allies, Uzbekistan and the comparison states of the Russian "
    "chapter voted on 'Territorial integrity of Ukraine'. `non-voting` records an absence "
    "(no vote cast), which is not a UN vote category.",
    (Column("country", "str", "UN member state"),
     _cow("country_cow"),
     Column("unvotes_country", "str", "The country's name in the Voeten/unvotes data "
            "(Serbia is filed as 'Yugoslavia')"),
     Column("group", "str", "The country's place in the Russian chapter",
            allowed=("Russia", "CSTO member", "former CSTO member", "partner without alliance",
                     "comparison")),
     Column("vote", "str", "The vote cast, or `non-voting` for an absence", allowed=VOTE_VALUES),
     _note("Remarks"),
     _src()),
    key=("country",))


UNGA_TOTALS = Schema(
    "unga_68_262_totals.csv",
    "Outcome of the vote on resolution 68/262",
    "The recorded totals (100 in favour, 11 against, 58 abstentions) and the derived number "
    "of member states that did not vote.",
    (Column("resolution", "str", "UN document symbol", allowed=("A/RES/68/262",)),
     Column("date", "date", "Date of the vote (ISO)"),
     Column("category", "str", "Vote category", allowed=VOTE_VALUES),
     Column("count", "int", "Number of member states", unit="states"),
     Column("derived", "bool", "True if computed rather than recorded"),
     _note("How a derived count was computed"),
     _src()),
    key=("resolution", "category"))


FUNCTIONS = Schema(
    "russia_functions.csv",
    "The four functions of Table 1 in Russia's record",
    "Evidence, one item a row, for whether each benefit function of Table 1 appears in "
    "Russia's alliances (§6: three of the four do; 1A does not). `stance` tells whether an "
    "item supports the verdict in `present` or qualifies it.",
    (Column("code", "str", "Table 1 code", allowed=BENEFIT_CODES),
     Column("present", "str", "Whether the function is present in Russia's record",
            allowed=("yes", "no")),
     Column("stance", "str", "Whether the item supports or qualifies `present`",
            allowed=("supports", "qualifies")),
     Column("evidence", "str", "The evidence, in the book's own words"),
     _src()),
    key=("code", "evidence"))


#: The regional organisations compared with the CSTO, in display order.
ORGANISATIONS: tuple[str, ...] = ("CSTO", "EAEU", "CIS", "SCO")


#: Membership statuses in ``organisation_membership.csv``, from closest to most distant.
MEMBERSHIP_STATUSES: tuple[str, ...] = ("member", "observer", "dialogue partner",
                                        "former member", "not member")


ORGANISATION_MEMBERSHIP = Schema(
    "organisation_membership.csv",
    "Membership of the CSTO, the EAEU, the CIS and the SCO",
    "One row per state or entity and organisation: the six CSTO members, Uzbekistan (a former "
    "member) and the two entities Russia guarantees bilaterally, in the four organisations "
    "through which Russia deals with its allies (§4–5, fn. 39). Status as at the end of the "
    "2010s, the article's horizon; later changes are in `note`.",
    (Column("country", "str", "State or entity"),
     _cow("country_cow", required=False),
     Column("organisation", "str", "Organisation", allowed=ORGANISATIONS),
     Column("status", "str", "Relation to the organisation at the end of the 2010s",
            allowed=MEMBERSHIP_STATUSES),
     Column("since", "int", "Year the status began; empty for `not member`", unit="year",
            required=False),
     Column("until", "int", "Last year of a former membership; empty otherwise", unit="year",
            required=False),
     _note("Remarks: dates, earlier and later changes"),
     _src()),
    key=("country", "organisation"))


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
    packaged = resources.files("alliances") / "data"
    if packaged.is_dir():
        return Path(str(packaged))
    repository = Path(__file__).resolve().parents[2] / "data"
    if repository.is_dir():
        return repository
    raise FileNotFoundError(
        "curated data folder not found: the installed package has no alliances/data folder "
        f"and {repository} does not exist; reinstall the library, or set {CURATED_DIR_ENV} to "
        "the folder that holds csto_material_potential_2019.csv and the other curated files")


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
    Load the votes of the Russian chapter's states on UNGA resolution 68/262 (27 March 2014).

    ``vote`` is ``yes``, ``no``, ``abstain`` or ``non-voting`` (absent: no
    vote cast). ``group`` places each state in the chapter (Russia, CSTO
    member, former CSTO member, partner without alliance, comparison).
""")


unga_68_262_totals = loader(UNGA_TOTALS, "unga_68_262_totals",
                            "Load the outcome of the 68/262 vote: 100 yes, 11 no, 58 abstain, 24 non-voting (derived).")


#: The resolutions of the eleventh emergency special session on Ukraine, in date order.
UNGA_ES11_RESOLUTIONS: tuple[str, ...] = tuple(f"A/RES/ES-11/{n}" for n in range(1, 7))


UNGA_ES11_VOTES = Schema(
    "unga_es11_votes.csv",
    "Votes on the UN General Assembly's Ukraine resolutions ES-11/1 to ES-11/6 (2022–2023)",
    "How Russia, its CSTO allies, Uzbekistan and some comparison states of the Russian "
    "chapter voted on the six resolutions of the eleventh emergency special session, one row "
    "per state and resolution, each transcribed from a named public report of the vote. Not "
    "every member state: a state is recorded only where a source names its vote. `group` is "
    "the state's place at the time of the vote; `non-voting` records an absence (no vote "
    "cast), which is not a UN vote category.",
    (Column("resolution", "str", "UN document symbol", allowed=UNGA_ES11_RESOLUTIONS),
     Column("date", "date", "Date of the vote (ISO)"),
     Column("country", "str", "UN member state"),
     _cow("country_cow"),
     Column("group", "str", "The country's place in the Russian chapter",
            allowed=("Russia", "CSTO member", "former CSTO member", "partner without alliance",
                     "comparison")),
     Column("vote", "str", "The vote cast, or `non-voting` for an absence", allowed=VOTE_VALUES),
     _note("Remarks, including what a disagreeing report says"),
     _src()),
    key=("resolution", "country"))


UNGA_ES11_TOTALS = Schema(
    "unga_es11_totals.csv",
    "Outcome of the votes on resolutions ES-11/1 to ES-11/6",
    "The recorded totals of each resolution (in favour, against, abstaining) and the derived "
    "number of member states that did not vote (193 minus those voting).",
    (Column("resolution", "str", "UN document symbol", allowed=UNGA_ES11_RESOLUTIONS),
     Column("date", "date", "Date of the vote (ISO)"),
     Column("category", "str", "Vote category", allowed=VOTE_VALUES),
     Column("count", "int", "Number of member states", unit="states"),
     Column("derived", "bool", "True if computed rather than recorded"),
     _note("How a derived count was computed"),
     _src()),
    key=("resolution", "category"))


unga_es11_votes = loader(UNGA_ES11_VOTES, "unga_es11_votes", """\
    Load the recorded votes on the Ukraine resolutions ES-11/1 to ES-11/6 (2022–2023).

    One row per state and resolution, for the states whose vote a named source
    gives (Russia, its CSTO allies, Uzbekistan and some comparison states), not
    all 193 members. ``vote`` is ``yes``, ``no``, ``abstain`` or
    ``non-voting``; ``group`` is as in ``unga_68_262_votes``.
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


PRESETS_SCHEMA = Schema(
    "case_presets.csv",
    "Case presets for the formula explorer",
    "The book's illustrative teaching judgements, not measurements: for each case, one row "
    "per flat parameter of `Scenario` (all 17), with a one-line justification tied to the "
    "article. Values: benefits, costs and damages in value points 0–10; probabilities 0–1; "
    "`a` in [−10, 10].",
    (Column("case", "str", "Case name, e.g. `Russia–Armenia` (en dash)"),
     Column("kind", "str", "Provenance of the value", allowed=("teaching judgement",)),
     Column("parameter", "str", "Flat `Scenario` parameter name", allowed=tuple(PARAMETERS)),
     Column("value", "float", "The score", unit="value points (0–10); probability (0–1); "
            "`a` in [−10, 10]"),
     Column("justification", "str", "One line tying the score to the article"),
     Column("source", "str", "Article section or footnote the justification rests on")),
    key=("case", "parameter"),
    kind="teaching judgements (illustrative, not measurements)")


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


#: Codes an event or a scorecard row may bear on: Table 1 (1A–2B) and Table 2 (D1–R2).
THEORY_CODES: tuple[str, ...] = BENEFIT_CODES + COST_CODES

#: The book's three judgements of a claim against the record of 2020–2026.
JUDGEMENTS: tuple[str, ...] = ("held", "weakened", "broken")

EVENTS = Schema(
    "events_2020_2026.csv",
    "Events of 2020–2026 that test the article's claims",
    "One row per dated event after the article's horizon (Kazakhstan 2022, Armenia and the "
    "CSTO, Kyrgyzstan–Tajikistan, Belarus, North Korea, Iran, Syria), with the parts of the "
    "theory it bears on and what the theory led one to expect. Every row names its source "
    "(UN document symbol, treaty title and date, or official statement, with a URL); where "
    "sources disagree, `note` records both.",
    (Column("date", "date", "Date of the event (ISO); where sources differ, `note` says so"),
     Column("states", "str", "The states involved, separated by `; `"),
     Column("event", "str", "What happened, in the book's own words"),
     Column("theory_codes", "str", "Codes of Table 1 (`1A`–`2B`) and Table 2 (`D1`–`R2`) the "
            "event bears on, separated by `; `"),
     Column("expectation", "str", "What the theory (Istomin 2021) led one to expect"),
     Column("source", "str", "Document symbol, treaty title and date, or official statement, "
            "with its URL"),
     _note("Disagreements between sources and other remarks")),
    key=("date", "states"))

SCORECARD = Schema(
    "scorecard_2020_2026.csv",
    "The book's scorecard of the article's claims against 2020–2026",
    "One row per claim of the article: the function or cost it concerns, the book's judgement "
    "(held, weakened or broken), the reasons and the dates of the events in "
    "`events_2020_2026.csv` it rests on. The judgements are the book's, not the article's.",
    (Column("code", "str", "Table 1 or Table 2 code, `a` (the alternative) or `network` (the "
            "reach of Russia's guarantees)", allowed=(*THEORY_CODES, "a", "network")),
     Column("claim", "str", "The article's claim or expectation, in the book's words"),
     Column("judgement", "str", "The book's judgement", allowed=JUDGEMENTS),
     Column("reasons", "str", "Why, in one or two sentences"),
     Column("evidence", "str", "Dates of the rows of `events_2020_2026.csv` it rests on, "
            "separated by `; `"),
     Column("kind", "str", "Provenance of the judgement", allowed=("teaching judgement",)),
     Column("source", "str", "Where the claim comes from (Istomin 2021) and where the evidence "
            "is")),
    key=("code", "claim"),
    kind="teaching judgements (the book's reading, not measurements)")


def _split_codes(frame: pd.DataFrame, column: str, allowed: tuple[str, ...],
                 filename: str) -> None:
    """Check that every `; `-separated item of ``column`` is one of ``allowed``."""
    for line, cell in zip(frame.index + 2, frame[column]):
        items = str(cell).split("; ")
        bad = [item for item in items if item not in allowed]
        if bad or len(set(items)) != len(items):
            raise ValueError(f"{filename}: column {column!r} must list distinct items from "
                             f"{list(allowed)} separated by '; '; got {cell!r} on line {line}")


def events_2020_2026() -> pd.DataFrame:
    """Load the dated events of 2020–2026 that test the article's claims, in date order.

    Columns: ``date`` (datetime), ``states``, ``event``, ``theory_codes``
    (codes of :data:`THEORY_CODES` joined by ``"; "``), ``expectation``,
    ``source`` (with a URL or a UN document symbol), ``note`` (disagreements
    between sources). Raises ``ValueError`` naming the line if a code is not
    one of Table 1 or Table 2, or if the rows are not in date order.
    """
    frame = read(EVENTS.filename)
    _split_codes(frame, "theory_codes", THEORY_CODES, EVENTS.filename)
    if not frame["date"].is_monotonic_increasing:
        raise ValueError(f"{EVENTS.filename}: rows must be in date order")
    return frame


def scorecard_2020_2026() -> pd.DataFrame:
    """Load the book's scorecard: each claim of the article judged held, weakened or broken.

    Columns: ``code``, ``claim``, ``judgement`` (one of :data:`JUDGEMENTS`),
    ``reasons``, ``evidence`` (event dates joined by ``"; "``), ``kind``
    (always ``"teaching judgement"``), ``source``. Raises ``ValueError`` if
    an evidence date is not the date of a row of :func:`events_2020_2026`.
    """
    frame = read(SCORECARD.filename)
    dates = tuple(events_2020_2026()["date"].dt.strftime("%Y-%m-%d").unique())
    _split_codes(frame, "evidence", dates, SCORECARD.filename)
    return frame


#: Every curated file's schema, keyed by file name.
SCHEMAS: Mapping[str, Schema] = MappingProxyType({s.filename: s for s in (
    MATERIAL_POTENTIAL, SECURITY_GUARANTEES, MILITARY_FACILITIES, BELARUS_REFUSALS, PARTNERS,
    UNGA_VOTES, UNGA_TOTALS, UNGA_ES11_VOTES, UNGA_ES11_TOTALS, FUNCTIONS, ORGANISATION_MEMBERSHIP,
    PRESETS_SCHEMA, EVENTS, SCORECARD)})


__all__ = [
    "CSTO_MEMBERS", "CURATED_DIR_ENV", "EVENTS", "INDICATOR_LABELS", "JUDGEMENTS",
    "MEMBERSHIP_STATUSES", "ORGANISATIONS", "SCHEMAS", "SCORECARD", "THEORY_CODES", "VOTE_VALUES",
    "Column", "Schema", "belarus_base_refusals", "case_presets", "csto_members", "curated_dir",
    "events_2020_2026",
    "functions_record", "material_potential", "military_facilities", "organisation_membership",
    "partners_without_alliance", "read", "scorecard_2020_2026", "security_guarantees",
    "UNGA_ES11_RESOLUTIONS", "unga_68_262_totals", "unga_68_262_votes",
    "unga_es11_totals", "unga_es11_votes",
]
