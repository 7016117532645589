"""Schema tests for every curated CSV file in data/ (and agreement with data/README.md)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from _datafixtures import scratch  # noqa: F401 (a fixture)
from alliances import cases, curated, russia

DATA = Path(__file__).resolve().parents[1] / "data"
SCHEMAS = curated.SCHEMAS
COW_STATES = Path("/work/shared/datasets/cow_states.rda")


def _raw_rows(name: str) -> tuple[list[str], list[dict[str, str]]]:
    """Read a file with the csv module: an independent path from the library's pandas reader."""
    with open(DATA / name, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def test_every_file_has_a_schema_and_every_schema_a_file():
    files = {p.name for p in DATA.glob("*.csv")}
    assert files == set(SCHEMAS)
    # 10 files at the article's horizon; 2 UN ES-11 roll-call files and 3 files on 2020–2026
    assert len(files) == 15


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_raw_header_and_row_shape(name):
    header, rows = _raw_rows(name)
    assert tuple(header) == SCHEMAS[name].column_names
    assert rows, f"{name} has no rows"
    for row in rows:
        assert None not in row, f"{name}: a row has more cells than the header"
        assert all(v is not None for v in row.values()), f"{name}: a row has too few cells"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_file_matches_schema(name):
    schema = SCHEMAS[name]
    frame = curated.read(name)
    _, rows = _raw_rows(name)
    assert len(frame) == len(rows)
    assert tuple(frame.columns) == schema.column_names
    for column in schema.columns:
        series = frame[column.name]
        if column.dtype == "str":
            assert pd.api.types.is_string_dtype(series.dtype), column.name
        elif column.dtype == "int":
            assert str(series.dtype) == "Int64", column.name
        elif column.dtype == "float":
            assert series.dtype == "float64", column.name
        elif column.dtype == "date":
            assert pd.api.types.is_datetime64_any_dtype(series.dtype), column.name
            years = series.dropna().dt.year
            assert years.between(1990, 2026).all(), f"{name}.{column.name}: implausible date"
        elif column.dtype == "bool":
            assert str(series.dtype) == "boolean", column.name
        if column.required:
            assert series.notna().all(), f"{name}.{column.name} has missing values"
            # independent check on the raw text too
            assert all(r[column.name].strip() for r in rows), f"{name}.{column.name} blank"
        if column.allowed is not None:
            assert set(series.dropna()) <= set(column.allowed), column.name
    assert not frame.duplicated(list(schema.key)).any()
    # sources are real text, not placeholders (the events keep theirs in event_sources.csv)
    source = "source" if "source" in frame else None
    assert source or name == curated.EVENTS.filename, f"{name} has no source column"
    if source:
        assert all(len(s) >= 10 for s in frame[source]), f"{name}: a source is too short"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_readme_documents_schema_verbatim(name):
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert SCHEMAS[name].markdown() in readme


def test_readme_says_presets_are_teaching_judgements():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "not measurements" in readme
    assert "teaching judgement" in curated.PRESETS_SCHEMA.kind
    assert "not measurements" in cases.load_presets.__doc__.replace("\n    ", " ")


def test_cow_codes_exist_in_cow_state_list():
    if not COW_STATES.exists():
        pytest.skip("COW state list not mirrored on this machine")
    pyreadr = pytest.importorskip("pyreadr")
    states = next(iter(pyreadr.read_r(str(COW_STATES)).values()))
    names = dict(zip(states["ccode"].astype(int), states["statenme"]))
    # current names where COW v2016 keeps an older one
    alias = {"Serbia": "Yugoslavia", "Eswatini": "Swaziland", "North Macedonia": "Macedonia",
             "Timor-Leste": "East Timor"}
    checked = 0
    for name, schema in SCHEMAS.items():
        cow_cols = [c.name for c in schema.columns if c.name.endswith("_cow")]
        if not cow_cols:
            continue
        frame = curated.read(name)
        # the state's name is the column just before its code (country, country_cow)
        label_col = schema.column_names[schema.column_names.index(cow_cols[0]) - 1]
        for label, code in zip(frame[label_col], frame[cow_cols[0]]):
            if pd.isna(code):
                assert label in {"Abkhazia", "South Ossetia"}, f"{name}: {label} lacks a COW code"
                continue
            assert names[int(code)] == alias.get(label, label), (name, label, code)
            checked += 1
    assert checked > 40


# --- the validator must catch bad files -------------------------------------------------

def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("name, old, new, message", [
    ("unga_68_262_votes.csv", "CSTO member,abstain", "CSTO member,abstained", "must be one of"),
    ("unga_68_262_votes.csv", "country,country_cow", "state,country_cow", "columns must be"),
    ("russia_security_guarantees.csv", "1997-08-29", "29.08.1997", "ISO date"),
    ("russia_security_guarantees.csv", "1997-08-29,1997", "1997-08-29,", "required column"),
    ("csto_material_potential_2019.csv", "144.4", "lots", "must hold a number"),
    ("csto_material_potential_2019.csv", ",2015,", ",2015.5,", "must hold an integer"),
    ("unga_68_262_totals.csv", ",True,", ",yes,", "True or False"),
    ("russia_functions.csv", "1A,no,supports", "1A, no,supports", "spaces"),
    ("partners_without_alliance.csv", "Serbia,345", "Syria,652", "must be unique"),
])
def test_validator_rejects_bad_edits(scratch, name, old, new, message):
    _edit(scratch, name, old, new)
    with pytest.raises(ValueError, match=message):
        curated.read(name)


def test_empty_source_is_rejected(scratch):
    path = scratch / "belarus_base_refusals.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "source"] = ""
    frame.to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"^belarus_base_refusals\.csv:2:source: required "
                                         r"column 'source' is empty$"):
        curated.belarus_base_refusals()


def test_missing_folder_gives_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv(curated.CURATED_DIR_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError, match="ALLIANCES_CURATED_DIR"):
        russia.table4()


def test_default_folder_is_repository_data(monkeypatch):
    monkeypatch.delenv(curated.CURATED_DIR_ENV, raising=False)
    assert curated.curated_dir() == DATA


def test_column_refuses_unknown_dtype():
    with pytest.raises(ValueError, match="dtype must be one of"):
        curated.Column("x", "integer", "bad")


# --- the schemas are declared once, in data/schemas.yml ----------------------------------

def test_schemas_come_from_the_yaml_beside_the_csv_files():
    declared = curated.load_schemas(DATA / "schemas.yml")
    assert declared == SCHEMAS and list(declared) == list(SCHEMAS)
    assert list(SCHEMAS)[:2] == ["csto_material_potential_2019.csv",
                                 "russia_security_guarantees.csv"]
    # the schema objects the other modules use are the declared ones
    assert curated.UNGA_VOTES is SCHEMAS["unga_68_262_votes.csv"]
    assert curated.PRESETS_SCHEMA.kind == "teaching judgements (illustrative, not measurements)"
    # the standard `source` column, a vocabulary by name, a vocabulary plus extra values
    assert curated.BELARUS_REFUSALS.column("source").description.startswith(
        "Where the row comes from: article section")
    assert curated.UNGA_ES11_VOTES.column("vote").allowed == ("yes", "no", "abstain", "non-voting")
    assert curated.SCORECARD.column("code").allowed == (*curated.THEORY_CODES, "a", "network")
    assert curated.FUNCTIONS.column("present").allowed == ("yes", "no")   # quoted, not booleans
    assert curated.SECURITY_GUARANTEES.column("party_cow").required is False
    assert curated.MATERIAL_POTENTIAL.column("value").unit == "see `unit`"


@pytest.mark.parametrize("old, new, message", [
    ("allowed: VOTE_VALUES", "allowed: VOTES", r"unknown vocabulary 'VOTES'"),
    ("        type: bool", "        type: boolean", "dtype must be one of"),
    ("        required: false", "        requried: false", "may have only name, type"),
    ("      - source", "      - sources", "standard columns source, got 'sources'"),
    ("key: [country, indicator]", "key: [country, measure]", "key, order and constant_within must name"),
    ("        allowed: [teaching judgement]", "        also_allowed: [x]",
     "also_allowed only after a name"),
])
def test_schema_file_errors_name_the_place(tmp_path, old, new, message):
    text = (DATA / "schemas.yml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "schemas.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ValueError, match=message) as caught:
        curated.load_schemas(path)
    assert "schemas.yml, file '" in str(caught.value)
