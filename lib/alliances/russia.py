"""The Russian case: curated data from Istomin (2021), §§5–6, loaders and charts.

The article tests its theory of asymmetric alliances on Russia. This module
loads the small, hand-curated CSV files in the repository's ``data/`` folder
that record what the article (and a few named public documents) says about
that case: the material potentials of the CSTO members (Table 4), Russia's
security guarantees and their legal bases, its military facilities abroad,
Belarus's refusals of a Russian base, the partners Russia helps without an
alliance, the UN General Assembly vote on resolution 68/262, the evidence
for each of the four functions of Table 1 in Russia's record, and the
membership of the organisations that overlap the CSTO (EAEU, CIS, SCO). It
also tests how robust the case presets' verdicts are to uncertain inputs
(:func:`verdict_robustness`), for the book's conclusion.

Every file has a :class:`Schema` in :data:`SCHEMAS`. The loaders check each
file against its schema (column names and order, types, allowed values,
missing values, unique keys, non-empty sources) and raise ``ValueError``
naming the file, the column and the row when a check fails, so a bad edit of
a CSV file fails loudly instead of giving a silently wrong chart.

The data folder is ``<repository>/data`` (found from this file's location, as
the library is installed in editable mode from ``lib/``); set the environment
variable ``ALLIANCES_CURATED_DIR`` to use another folder.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import altair as alt
import numpy as np
import pandas as pd

from ._checks import check_number
from .render import VERDICT_COLOURS
from .typology import BENEFIT_CODES, benefit
from .value import Scenario, Verdict

#: Environment variable that overrides the location of the curated data folder.
CURATED_DIR_ENV: str = "ALLIANCES_CURATED_DIR"

#: The Okabe–Ito colour-blind-safe palette used by every chart of the book.
OKABE_ITO: tuple[str, ...] = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
                              "#CC79A7", "#000000")

#: Vote values used in the 68/262 files: the three UN vote categories plus absence.
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

_COUNTRY_COLOURS: Mapping[str, str] = MappingProxyType({
    "Armenia": "#E69F00", "Belarus": "#56B4E9", "Kazakhstan": "#009E73",
    "Kyrgyzstan": "#0072B2", "Russia": "#D55E00", "Tajikistan": "#CC79A7",
})
_VOTE_COLOURS: Mapping[str, str] = MappingProxyType({
    "yes": "#0072B2", "no": "#D55E00", "abstain": "#E69F00", "non-voting": "#CC79A7",
})
_DTYPES = ("str", "int", "float", "date", "bool")


# ---------------------------------------------------------------------------
# Schemas
# ---------------------------------------------------------------------------

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
     Column("note", "str", "Remarks (the 2015 figure, the 'Kirghizia' label)", required=False),
     _src()),
    key=("country", "indicator"))

SECURITY_GUARANTEES = Schema(
    "russia_security_guarantees.csv",
    "Russia's security guarantees and their legal bases",
    "One row per guaranteed party and legal basis: the Collective Security Treaty, the CSTO "
    "Charter, the bilateral treaties and the Union State charter the article cites (§5, "
    "fn. 32–33, 35), plus the treaty's former parties. Status as at the end of the 2010s, "
    "the article's horizon. A party is covered in year y when `start_year` ≤ y ≤ `end_year` "
    "(or `end_year` is empty).",
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
     Column("status", "str", "Status at the end of the 2010s",
            allowed=("in force", "not renewed", "suspended")),
     Column("note", "str", "Remarks: accession dates, entry into force, known slips",
            required=False),
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
     Column("note", "str", "Remarks", required=False),
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
     Column("note", "str", "How a derived count was computed", required=False),
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
     Column("note", "str", "Remarks: dates, earlier and later changes", required=False),
     _src()),
    key=("country", "organisation"))

#: Schemas of the Russian-case files, keyed by file name (the presets schema is in
#: :mod:`alliances.cases`).
SCHEMAS: Mapping[str, Schema] = MappingProxyType({s.filename: s for s in (
    MATERIAL_POTENTIAL, SECURITY_GUARANTEES, MILITARY_FACILITIES, BELARUS_REFUSALS, PARTNERS,
    UNGA_VOTES, UNGA_TOTALS, FUNCTIONS, ORGANISATION_MEMBERSHIP)})


# ---------------------------------------------------------------------------
# Reading and validating
# ---------------------------------------------------------------------------

def curated_dir() -> Path:
    """Return the folder that holds the curated CSV files.

    It is ``$ALLIANCES_CURATED_DIR`` when that variable is set, otherwise the
    ``data/`` folder of the repository this module was installed from
    (editable install from ``lib/``). Raises ``FileNotFoundError`` with a hint
    when the folder does not exist.
    """
    override = os.environ.get(CURATED_DIR_ENV)
    path = (Path(override).expanduser() if override
            else Path(__file__).resolve().parents[2] / "data")
    if not path.is_dir():
        where = f"${CURATED_DIR_ENV}={override!r}" if override else "the repository's data/ folder"
        raise FileNotFoundError(
            f"curated data folder not found at {path} ({where}); install the library in "
            f"editable mode from a clone of the book's repository, or set {CURATED_DIR_ENV} to "
            "the folder that holds csto_material_potential_2019.csv and the other curated files")
    return path


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


def _read_csv(name: str, schema: Schema) -> pd.DataFrame:
    """Read ``name`` from :func:`curated_dir` and check it against ``schema``.

    Checks, in order: the header equals the schema's columns; no cell has
    leading or trailing spaces; required columns have no empty cells; every
    cell converts to its column's type; values are among the allowed ones;
    the key columns are unique. Raises ``ValueError`` naming the file, column
    and line (1 = header) of the first failed check.
    """
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


# ---------------------------------------------------------------------------
# Loaders, one per file
# ---------------------------------------------------------------------------

def material_potential() -> pd.DataFrame:
    """Load Table 4's absolute values: one row per CSTO member and indicator (18 rows).

    Columns: ``country``, ``country_cow``, ``article_label`` (``"Kirghizia"``
    for Kyrgyzstan), ``indicator`` (``population``, ``gdp``, ``milex``),
    ``unit``, ``year`` (2015 for Tajikistan's defence expenditure, else 2019),
    ``value``, ``note``, ``source``. Use :func:`table4` for the shares.
    """
    return _read_csv(MATERIAL_POTENTIAL.filename, MATERIAL_POTENTIAL)


def security_guarantees() -> pd.DataFrame:
    """Load Russia's security guarantees: one row per guaranteed party and legal basis.

    Columns follow the schema ``SCHEMAS["russia_security_guarantees.csv"]``: ``party``, ``party_cow``
    (missing for Abkhazia and South Ossetia), ``basis``, ``basis_type``,
    ``signed`` (datetime), ``start_year``, ``end_year`` (missing while in
    force), ``status``, ``note``, ``source``.
    """
    return _read_csv(SECURITY_GUARANTEES.filename, SECURITY_GUARANTEES)


def military_facilities() -> pd.DataFrame:
    """Load the Russian bases and facilities on allies' territory, with what the article says."""
    return _read_csv(MILITARY_FACILITIES.filename, MILITARY_FACILITIES)


def belarus_base_refusals() -> pd.DataFrame:
    """Load the dated public instances of Belarus refusing a Russian military base (§6, fn. 45)."""
    return _read_csv(BELARUS_REFUSALS.filename, BELARUS_REFUSALS)


def partners_without_alliance() -> pd.DataFrame:
    """Load the partners Russia assists without an alliance (Syria, Venezuela, Serbia, §5)."""
    return _read_csv(PARTNERS.filename, PARTNERS)


def unga_68_262_votes() -> pd.DataFrame:
    """Load the votes of the Russian chapter's states on UNGA resolution 68/262 (27 March 2014).

    ``vote`` is ``yes``, ``no``, ``abstain`` or ``non-voting`` (absent: no
    vote cast). ``group`` places each state in the chapter (Russia, CSTO
    member, former CSTO member, partner without alliance, comparison).
    """
    return _read_csv(UNGA_VOTES.filename, UNGA_VOTES)


def unga_68_262_totals() -> pd.DataFrame:
    """Load the outcome of the 68/262 vote: 100 yes, 11 no, 58 abstain, 24 non-voting (derived)."""
    return _read_csv(UNGA_TOTALS.filename, UNGA_TOTALS)


def functions_record() -> pd.DataFrame:
    """Load the evidence for each Table 1 function in Russia's record, one item a row."""
    return _read_csv(FUNCTIONS.filename, FUNCTIONS)


def organisation_membership() -> pd.DataFrame:
    """Load who belonged to the CSTO, the EAEU, the CIS and the SCO at the end of the 2010s.

    One row per state or entity and organisation (36 rows), with the columns of
    its schema in :data:`SCHEMAS`: ``country``, ``country_cow`` (missing for
    Abkhazia and South Ossetia), ``organisation``, ``status`` (one of
    :data:`MEMBERSHIP_STATUSES`), ``since``, ``until``, ``note``, ``source``.
    """
    return _read_csv(ORGANISATION_MEMBERSHIP.filename, ORGANISATION_MEMBERSHIP)


# ---------------------------------------------------------------------------
# Table 4
# ---------------------------------------------------------------------------

def table4() -> pd.DataFrame:
    """Return Table 4 in tidy form: absolute values plus each country's share of the CSTO total.

    One row per country and indicator, with the columns of
    :func:`material_potential` and ``share``: the value as a percentage of the
    six members' total for that indicator, computed here from the absolute
    values (unrounded; the article prints it to 0.1 %). As in the article,
    Tajikistan's 2015 defence figure is added to the 2019 figures of the others.
    """
    frame = material_potential()
    totals = frame.groupby("indicator")["value"].transform("sum")
    frame.insert(frame.columns.get_loc("value") + 1, "share", frame["value"] / totals * 100.0)
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
    wide = wide.loc[list(CSTO_MEMBERS), list(INDICATOR_LABELS)]
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
    for indicator, label in INDICATOR_LABELS.items():
        part = tidy[tidy["indicator"] == indicator].set_index("country")
        unit = part["unit"].iloc[0]
        pieces[(f"{label} ({unit})", "value")] = part["value"]
        pieces[(f"{label} ({unit})", "% of CSTO")] = part["share"]
    wide = pd.DataFrame(pieces).loc[list(CSTO_MEMBERS)]
    if article_labels:
        labels = tidy.drop_duplicates("country").set_index("country")["article_label"]
        wide.index = [labels[c] for c in wide.index]
    wide.index.name = "country"
    return wide


def table4_chart() -> alt.Chart:
    """Chart Table 4: each member's share of CSTO population, GDP and defence spending.

    One horizontal bar per indicator, split into the six members' shares
    (summing to 100 %), so Russia's overwhelming weight is visible at a glance.
    Tooltips give the absolute value, its unit and year, and the share.
    """
    data = table4()
    data["indicator_label"] = data["indicator"].map(INDICATOR_LABELS)
    data["share_pct"] = data["share"].round(1)
    data["order"] = data["country"].map({c: i for i, c in enumerate(CSTO_MEMBERS)})
    data = data[["country", "indicator_label", "value", "unit", "year", "share_pct", "order"]]
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("share_pct:Q", stack="zero", title="Share of the CSTO total (%)",
                scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("indicator_label:N", title=None, sort=list(INDICATOR_LABELS.values())),
        color=alt.Color("country:N", title="Member",
                        legend=alt.Legend(orient="bottom", columns=6),
                        scale=alt.Scale(domain=list(_COUNTRY_COLOURS),
                                        range=list(_COUNTRY_COLOURS.values()))),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("country:N", title="Member"),
                 alt.Tooltip("indicator_label:N", title="Indicator"),
                 alt.Tooltip("value:Q", title="Value", format=",.1f"),
                 alt.Tooltip("unit:N", title="Unit"),
                 alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("share_pct:Q", title="Share of CSTO total (%)", format=".1f")],
    ).properties(
        width=500, height=150,
        title="Material potential of the CSTO members, 2019 (Table 4)",
        description=("Stacked bars of each CSTO member's share of the members' total population, "
                     "GDP and defence expenditure in 2019: Russia holds 76% of the population, "
                     "86% of GDP and 95% of defence spending."),
    )


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
    frame = security_guarantees()
    started = frame["start_year"] <= year
    active = started & (frame["end_year"].isna() | (frame["end_year"] >= year))
    return sorted(frame.loc[active, "party"].unique().tolist())


_LAYER_TAGS: Mapping[str, str] = MappingProxyType({
    "Collective Security Treaty": "CST", "CSTO Charter": "CSTO Charter",
    "Bilateral treaty or charter": "bilateral",
})


def _basis_layer(basis: str) -> str:
    if basis.startswith("Collective Security Treaty"):
        return "Collective Security Treaty"
    if basis.startswith("Charter of the Collective"):
        return "CSTO Charter"
    return "Bilateral treaty or charter"


def guarantees_timeline(through_year: int = 2020) -> alt.LayerChart:
    """Chart Russia's guarantees as bars from start year to end year, one lane per party.

    Within each party's lane the bars are offset by layer (Collective Security
    Treaty, CSTO Charter, bilateral document) and coloured by basis type.
    Guarantees still in force run to ``through_year`` (default 2020, the
    article's horizon). Uzbekistan shows two separate bars: 1992–1999 and
    2006–2012.
    """
    if isinstance(through_year, bool) or not isinstance(through_year, int):
        raise TypeError(f"through_year must be an integer year, got {through_year!r}")
    check_number(through_year, "through_year", low=2012, high=2100)
    frame = security_guarantees()
    data = pd.DataFrame({
        "party": frame["party"],
        "basis": frame["basis"],
        "basis_type": frame["basis_type"],
        "layer": frame["basis"].map(_basis_layer),
        "signed": frame["signed"].dt.strftime("%Y-%m-%d"),
        "start": frame["start_year"].astype(int),
        "end": frame["end_year"].fillna(through_year).astype(int),
        "period": [f"{s}–{'' if pd.isna(e) else int(e)}" for s, e in
                   zip(frame["start_year"], frame["end_year"])],
        "status": frame["status"],
        "note": frame["note"].fillna(""),
    })
    in_force = set(frame.loc[frame["status"] == "in force", "party"])
    first = data.groupby("party")["start"].min()
    order = sorted(first.index, key=lambda p: (p not in in_force, first[p], p))
    data["tag"] = data["layer"].map(_LAYER_TAGS)
    layers = list(_LAYER_TAGS)
    base = alt.Chart(data).encode(
        y=alt.Y("party:N", title=None, sort=order),
        yOffset=alt.YOffset("layer:N", sort=layers, scale=alt.Scale(domain=layers)),
        tooltip=[alt.Tooltip("party:N", title="Party"),
                 alt.Tooltip("basis:N", title="Legal basis"),
                 alt.Tooltip("basis_type:N", title="Type"),
                 alt.Tooltip("signed:N", title="Signed"),
                 alt.Tooltip("period:N", title="Covered"),
                 alt.Tooltip("status:N", title="Status"),
                 alt.Tooltip("note:N", title="Note")],
    )
    bars = base.mark_bar(height={"band": 0.75}).encode(
        x=alt.X("start:Q", title="Year", scale=alt.Scale(domain=[1991, through_year + 5]),
                axis=alt.Axis(format="d")),
        x2="end:Q",
        color=alt.Color("basis_type:N", title="Basis",
                        scale=alt.Scale(domain=["multilateral", "bilateral"],
                                        range=["#0072B2", "#E69F00"])),
    )
    tags = base.mark_text(align="left", dx=3, fontSize=9, color="black").encode(
        x="end:Q", text="tag:N")
    return (bars + tags).properties(
        width=520, height=alt.Step(11),
        title="Russia's security guarantees and their legal bases",
        description=("Timeline bars showing, for each party, the years covered by the Collective "
                     "Security Treaty, the CSTO Charter and bilateral treaties with Russia; "
                     "Uzbekistan's coverage stops in 1999, resumes in 2006 and ends in 2012, "
                     "while Abkhazia and South Ossetia are covered from 2008."),
    )


# ---------------------------------------------------------------------------
# UNGA resolution 68/262
# ---------------------------------------------------------------------------

def unga_68_262_counts(by_group: bool = False) -> pd.DataFrame:
    """Count the curated states' votes on resolution 68/262 by category (zeros included).

    Returns columns ``vote`` and ``count`` in the order yes, no, abstain,
    non-voting; with ``by_group=True``, a group × vote table of counts.
    These are counts over the chapter's selected states, not the Assembly
    totals (see :func:`unga_68_262_totals`).
    """
    if not isinstance(by_group, bool):
        raise TypeError(f"by_group must be True or False, got {by_group!r}")
    votes = unga_68_262_votes()
    vote = pd.Categorical(votes["vote"], categories=list(VOTE_VALUES))
    if by_group:
        table = pd.crosstab(votes["group"], vote, dropna=False)
        table.columns = [str(c) for c in table.columns]
        table.columns.name = "vote"
        return table
    counts = pd.Series(vote).value_counts(sort=False)
    return pd.DataFrame({"vote": [str(v) for v in counts.index], "count": counts.values})


def unga_68_262_chart() -> alt.Chart:
    """Chart how the chapter's states voted on resolution 68/262, grouped by their tie to Russia.

    One square per state, placed in the column of its vote (yes, no,
    abstain, non-voting) and coloured by vote, with states grouped by their
    place in the chapter (CSTO member, partner without alliance, …).
    """
    votes = unga_68_262_votes()
    data = votes[["country", "group", "vote"]].assign(note=votes["note"].fillna(""))
    groups = ["Russia", "CSTO member", "former CSTO member", "partner without alliance",
              "comparison"]
    data["label"] = data["group"] + ": " + data["country"]
    data["order"] = data["group"].map({g: i for i, g in enumerate(groups)})
    order = data.sort_values(["order", "country"])["label"].tolist()
    return alt.Chart(data).mark_square(size=220).encode(
        x=alt.X("vote:N", title="Vote on resolution 68/262", sort=list(VOTE_VALUES),
                scale=alt.Scale(domain=list(VOTE_VALUES)), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("label:N", title=None, sort=order),
        color=alt.Color("vote:N", title="Vote",
                        scale=alt.Scale(domain=list(_VOTE_COLOURS),
                                        range=list(_VOTE_COLOURS.values()))),
        tooltip=[alt.Tooltip("country:N", title="State"),
                 alt.Tooltip("group:N", title="Group"),
                 alt.Tooltip("vote:N", title="Vote"),
                 alt.Tooltip("note:N", title="Note")],
    ).properties(
        width=320, height=alt.Step(20),
        title="UN General Assembly resolution 68/262 on Ukraine, 27 March 2014",
        description=("Dot chart of the votes on resolution 68/262: Russia, Armenia and Belarus "
                     "voted no, Kazakhstan abstained, Kyrgyzstan and Tajikistan did not vote; "
                     "none of Russia's allies voted yes, while Georgia, Ukraine and Azerbaijan "
                     "did."),
    )


# ---------------------------------------------------------------------------
# Functions in Russia's record
# ---------------------------------------------------------------------------

def functions_summary() -> pd.DataFrame:
    """Summarise :func:`functions_record` per Table 1 function, in the order 1A, 1B, 2A, 2B.

    Columns: ``code``, ``nature``, ``sphere``, ``function`` (Table 1 labels),
    ``present`` (``yes``/``no``), ``n_supports``, ``n_qualifies`` (counts of
    evidence items) and ``evidence`` (the items joined into one text, for
    tooltips). Raises ``ValueError`` if the file gives one code two verdicts.
    """
    record = functions_record()
    rows = []
    for code in BENEFIT_CODES:
        part = record[record["code"] == code]
        if part.empty:
            raise ValueError(f"{FUNCTIONS.filename}: code {code!r} has no evidence rows")
        verdicts = part["present"].unique().tolist()
        if len(verdicts) != 1:
            raise ValueError(f"{FUNCTIONS.filename}: code {code!r} must have a single value of "
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


def functions_chart() -> alt.LayerChart:
    """Chart Table 1 as a 2 × 2 grid, each cell coloured by whether Russia's record shows it.

    Rows are the restrictive and transformative functions, columns the
    internal and foreign spheres, as in the article's Table 1. Hovering over a
    cell shows the evidence items from ``data/russia_functions.csv``.
    """
    data = functions_summary()
    data["status"] = data["present"].map({"yes": "present", "no": "absent / irrelevant"})
    data["caption"] = data["code"] + ": " + data["status"]
    base = alt.Chart(data).encode(
        x=alt.X("sphere:N", title=None, axis=alt.Axis(orient="top", labelAngle=0),
                sort=["Internal development of an ally", "Foreign policy of an ally"]),
        y=alt.Y("nature:N", title=None, sort=["Restrictive", "Transformative"]),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=3).encode(
        color=alt.Color("status:N", title="In Russia's record",
                        scale=alt.Scale(domain=["present", "absent / irrelevant"],
                                        range=["#009E73", "#CC79A7"])),
        tooltip=[alt.Tooltip("code:N", title="Code"),
                 alt.Tooltip("function:N", title="Function"),
                 alt.Tooltip("status:N", title="In Russia's record"),
                 alt.Tooltip("n_supports:Q", title="Supporting items"),
                 alt.Tooltip("n_qualifies:Q", title="Qualifying items"),
                 alt.Tooltip("evidence:N", title="Evidence")],
    )
    labels = base.mark_text(fontSize=14, fontWeight="bold", color="black").encode(
        text="caption:N",
        tooltip=[alt.Tooltip("function:N", title="Function"),
                 alt.Tooltip("evidence:N", title="Evidence")],
    )
    return (cells + labels).properties(
        width=420, height=220,
        title="The four functions of asymmetric alliances in Russia's record",
        description=("A two-by-two grid of the article's Table 1: limiting allies' external ties "
                     "(1B), strengthening their statehood (2A) and enlisting their support (2B) "
                     "are present in Russia's alliances, while preventing allies from becoming "
                     "rival powers (1A) is irrelevant for Russia."),
    )


# ---------------------------------------------------------------------------
# Overlapping organisations
# ---------------------------------------------------------------------------

_STATUS_COLOURS: Mapping[str, str] = MappingProxyType({
    "member": "#0072B2", "observer": "#56B4E9", "dialogue partner": "#F0E442",
    "former member": "#E69F00", "not member": "white",
})


def membership_matrix() -> pd.DataFrame:
    """Return the membership statuses as a country × organisation table.

    Rows are the states and entities of :func:`organisation_membership` in file
    order, columns the organisations in :data:`ORGANISATIONS` order (CSTO,
    EAEU, CIS, SCO); each cell holds the status, e.g. ``"member"`` or
    ``"observer"``. Raises ``ValueError`` if a country lacks a row for one
    of the organisations.
    """
    frame = organisation_membership()
    table = frame.pivot(index="country", columns="organisation", values="status")
    holes = table.isna()
    if holes.any().any():
        missing = [(c, o) for c, o in zip(*holes.to_numpy().nonzero())]
        pairs = [(table.index[i], table.columns[j]) for i, j in missing]
        raise ValueError(f"{ORGANISATION_MEMBERSHIP.filename}: every country needs a row for "
                         f"each of {', '.join(ORGANISATIONS)}; missing {pairs}")
    table = table.loc[list(dict.fromkeys(frame["country"])), list(ORGANISATIONS)]
    table.columns.name = None
    return table


def membership_overlap() -> pd.DataFrame:
    """Compare each organisation's members with the CSTO's, at the end of the 2010s.

    One row per organisation other than the CSTO, with ``members`` (the number
    of full members among the states in the file), ``shared_with_csto``,
    ``csto_outside`` (CSTO members that do not belong, joined by commas) and
    ``others_inside`` (members that are not in the CSTO). For the EAEU this
    shows the article's "almost identical" membership: all CSTO members but
    Tajikistan.
    """
    table = membership_matrix()
    csto = set(table.index[table["CSTO"] == "member"])
    rows = []
    for organisation in ORGANISATIONS[1:]:
        members = set(table.index[table[organisation] == "member"])
        rows.append({
            "organisation": organisation, "members": len(members),
            "shared_with_csto": len(members & csto),
            "csto_outside": ", ".join(c for c in table.index if c in csto - members),
            "others_inside": ", ".join(c for c in table.index if c in members - csto),
        })
    return pd.DataFrame(rows)


def membership_chart() -> alt.LayerChart:
    """Chart the overlap of the CSTO, the EAEU, the CIS and the SCO as a grid.

    One row per state or entity, one column per organisation; each cell is
    coloured by status (member, observer, dialogue partner, former member,
    not member) and labelled with the year the status began. Tooltips give
    the status, its dates and the note from ``data/organisation_membership.csv``.
    """
    frame = organisation_membership()
    membership_matrix()  # refuse incomplete files before charting
    data = pd.DataFrame({
        "country": frame["country"], "organisation": frame["organisation"],
        "status": frame["status"],
        "period": [("" if pd.isna(s) else f"{int(s)}–{'' if pd.isna(u) else int(u)}")
                   for s, u in zip(frame["since"], frame["until"])],
        "label": ["" if pd.isna(s) else (f"{int(s)}–{int(u)}" if pd.notna(u) else f"{int(s)}")
                  for s, u in zip(frame["since"], frame["until"])],
        "note": frame["note"].fillna(""),
    })
    countries = list(dict.fromkeys(frame["country"]))
    base = alt.Chart(data).encode(
        x=alt.X("organisation:N", title=None, sort=list(ORGANISATIONS),
                axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("country:N", title=None, sort=countries),
        tooltip=[alt.Tooltip("country:N", title="State or entity"),
                 alt.Tooltip("organisation:N", title="Organisation"),
                 alt.Tooltip("status:N", title="Status"),
                 alt.Tooltip("period:N", title="Since"),
                 alt.Tooltip("note:N", title="Note")],
    )
    cells = base.mark_rect(stroke="#000000", strokeWidth=0.5).encode(
        color=alt.Color("status:N", title="Status (end of the 2010s)",
                        scale=alt.Scale(domain=list(_STATUS_COLOURS),
                                        range=list(_STATUS_COLOURS.values()))),
    )
    labels = base.mark_text(fontSize=10).encode(
        text="label:N",
        color=alt.condition(alt.datum.status == "member", alt.value("white"),
                            alt.value("black")))
    return (cells + labels).properties(
        width=300, height=alt.Step(24),
        title="The CSTO and the organisations that overlap it",
        description=("A grid of nine states and entities by four organisations: the CSTO and "
                     "the EAEU share every member except Tajikistan, all six CSTO members and "
                     "Uzbekistan belong to the CIS, Armenia and Belarus are outside the SCO, "
                     "and Abkhazia and South Ossetia belong to none of the four."),
    )


# ---------------------------------------------------------------------------
# How robust is a verdict? (the conclusion's warning about false precision)
# ---------------------------------------------------------------------------

def _check_count(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an integer in the range [{low}, {high}], got {value!r}")
    check_number(value, name, low=low, high=high)
    return value


def _jittered_verdicts(scenario: Scenario, spread: float, draws: int,
                       seed: int) -> list[Verdict]:
    rng = np.random.default_rng(seed)
    params = scenario.to_params()
    factors = rng.uniform(1.0 - spread, 1.0 + spread, size=(draws, len(params)))
    verdicts = []
    for row in factors:
        jittered = {name: (min(value * f, 1.0) if name.startswith("p_") else value * f)
                    for (name, value), f in zip(params.items(), row)}
        verdicts.append(Scenario.from_params(jittered).assess().verdict)
    return verdicts


def verdict_robustness(scenario: Scenario, *, spread: float = 0.25, draws: int = 1000,
                       seed: int = 2021) -> pd.DataFrame:
    """Return how often each verdict comes out when every input of ``scenario`` is uncertain.

    Each of the ``draws`` trials multiplies every flat parameter of
    ``scenario`` by its own random factor drawn uniformly from
    [1 − ``spread``, 1 + ``spread``] (probabilities are capped at 1) and applies
    the formula. The result has one row per verdict (ally, alternative, not
    worth it) with ``count`` and ``share``. ``spread`` is in [0, 1], ``draws``
    in [1, 100000]; ``seed`` makes the draws repeatable. A thinking aid for
    false precision, not a statistical estimate: the spread is a judgement.
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a Scenario, got {type(scenario).__name__}")
    spread = check_number(spread, "spread", low=0.0, high=1.0)
    draws = _check_count(draws, "draws", 1, 100_000)
    seed = _check_count(seed, "seed", 0, 2**32 - 1)
    counts = Counter(_jittered_verdicts(scenario, spread, draws, seed))
    order = (Verdict.ALLY, Verdict.ALTERNATIVE, Verdict.NOT_WORTH_IT)
    return pd.DataFrame({"verdict": [v.value for v in order],
                         "count": [counts.get(v, 0) for v in order],
                         "share": [counts.get(v, 0) / draws for v in order]})


def preset_robustness(*, spread: float = 0.25, draws: int = 1000,
                      seed: int = 2021) -> pd.DataFrame:
    """Apply :func:`verdict_robustness` to every case preset of ``data/case_presets.csv``.

    One row per preset and verdict: ``case``, ``preset_verdict`` (the verdict
    at the preset's own scores), ``verdict``, ``count`` and ``share``. Each
    preset uses the same ``seed``, so the comparison between cases is fair.
    """
    from .cases import load_presets  # local import: cases imports this module

    frames = []
    for case, scenario in load_presets().items():
        table = verdict_robustness(scenario, spread=spread, draws=draws, seed=seed)
        table.insert(0, "case", case)
        table.insert(1, "preset_verdict", scenario.assess().verdict.value)
        frames.append(table)
    return pd.concat(frames, ignore_index=True)


def robustness_chart(*, spread: float = 0.25, draws: int = 1000,
                     seed: int = 2021) -> alt.Chart:
    """Chart :func:`preset_robustness`: for each preset, the share of trials giving each verdict.

    One horizontal bar per case preset, split by verdict in the book's verdict
    colours. A bar that is all one colour is a verdict that survives the
    uncertainty; a split bar is a verdict that hangs on the exact scores.
    """
    data = preset_robustness(spread=spread, draws=draws, seed=seed)
    data["percent"] = (data["share"] * 100).round(1)
    data["order"] = data["verdict"].map({v.value: i for i, v in enumerate(
        (Verdict.ALLY, Verdict.ALTERNATIVE, Verdict.NOT_WORTH_IT))})
    verdicts = [v.value for v in (Verdict.ALLY, Verdict.ALTERNATIVE, Verdict.NOT_WORTH_IT)]
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("percent:Q", stack="zero", title="Share of trials (%)",
                scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("case:N", title=None, sort=list(dict.fromkeys(data["case"]))),
        color=alt.Color("verdict:N", title="Verdict",
                        scale=alt.Scale(domain=verdicts,
                                        range=[VERDICT_COLOURS[v] for v in verdicts]),
                        legend=alt.Legend(orient="bottom")),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("case:N", title="Case"),
                 alt.Tooltip("preset_verdict:N", title="Verdict at the preset's scores"),
                 alt.Tooltip("verdict:N", title="Verdict in these trials"),
                 alt.Tooltip("count:Q", title="Trials"),
                 alt.Tooltip("percent:Q", title="Share (%)", format=".1f")],
    ).properties(
        width=440, height=alt.Step(26),
        title=f"Verdicts when every input is uncertain by up to ±{spread:.0%}",
        description=(f"Stacked bars, one per case preset, showing the share of {draws} "
                     f"random trials, each input varied by up to {spread:.0%} either way, "
                     "that give the verdicts ally, alternative and not worth it."),
    )


__all__ = [
    "CSTO_MEMBERS", "CURATED_DIR_ENV", "INDICATOR_LABELS", "MEMBERSHIP_STATUSES", "OKABE_ITO",
    "ORGANISATIONS", "SCHEMAS", "VOTE_VALUES",
    "Column", "Schema", "belarus_base_refusals", "curated_dir", "functions_chart",
    "functions_record", "functions_summary", "guaranteed_parties", "guarantees_timeline",
    "material_potential", "membership_chart", "membership_matrix", "membership_overlap",
    "military_facilities", "organisation_membership", "partners_without_alliance",
    "preset_robustness", "robustness_chart", "security_guarantees", "table4", "table4_chart",
    "table4_shares", "table4_wide", "unga_68_262_chart", "unga_68_262_counts",
    "unga_68_262_totals", "unga_68_262_votes", "verdict_robustness",
]
