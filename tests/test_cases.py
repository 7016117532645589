"""Tests of alliances.cases: the case presets load, are justified and give the intended verdicts."""

from __future__ import annotations

import csv
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from alliances import cases, curated, value
from alliances.value import Scenario, Verdict

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
#: The reviewed snapshot of every preset's result (`make snapshot` writes it from the library;
#: the change is read in `git diff tests/snapshots` before it is committed with the data).
SNAPSHOT = ROOT / "tests" / "snapshots" / "presets.csv"


def _snapshot() -> list[dict[str, str]]:
    with open(SNAPSHOT, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


#: The verdict each preset is meant to give, in file order, from the reviewed snapshot.
INTENDED = {row["case"]: Verdict(row["verdict"]) for row in _snapshot()}
NAMES = ["b_1A", "p_1A", "b_1B", "p_1B", "b_2A", "p_2A", "b_2B", "p_2B", "c_D1", "c_D2",
         "c_D3", "c_O1", "p_R1", "d_R1", "p_R2", "d_R2", "a"]


def _raw() -> dict[str, dict[str, float]]:
    """The presets as read with the csv module, independently of the library."""
    out: dict[str, dict[str, float]] = defaultdict(dict)
    with open(DATA / "case_presets.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[row["case"]][row["parameter"]] = float(row["value"])
    return dict(out)


def _by_hand(v: dict[str, float]) -> tuple[float, float, float]:
    b = (v["p_1A"] * v["b_1A"] + v["p_1B"] * v["b_1B"] + v["p_2A"] * v["b_2A"]
         + v["p_2B"] * v["b_2B"])
    c = (v["c_D1"] + v["c_D2"] + v["c_D3"] + v["c_O1"] + v["p_R1"] * v["d_R1"]
         + v["p_R2"] * v["d_R2"])
    return b, c, v["a"]


def _rule(b: float, c: float, a: float) -> Verdict:
    net = b - c
    if net <= 0:
        return Verdict.NOT_WORTH_IT
    return Verdict.ALLY if net >= a else Verdict.ALTERNATIVE


def test_the_snapshot_is_the_librarys_current_result():
    """If this fails after a change of data/case_presets.csv, run `make snapshot`, review the
    change with `git diff tests/snapshots`, and commit it with the data."""
    from snapshot import presets_snapshot

    assert presets_snapshot() == SNAPSHOT.read_text(encoding="utf-8")
    assert list(INTENDED) == list(_raw())
    assert {row["verdict"] for row in _snapshot()} <= {v.value for v in Verdict}


def test_presets_load_in_file_order():
    presets = cases.load_presets()
    assert list(presets) == list(INTENDED)
    assert all(isinstance(s, Scenario) for s in presets.values())
    assert tuple(value.PARAMETERS) == tuple(NAMES)


def test_every_case_sets_all_parameters_once_with_a_justification():
    table = cases.preset_table()
    for case, part in table.groupby("case", sort=False):
        assert sorted(part["parameter"]) == sorted(NAMES), case
    assert (table["justification"].str.len() > 15).all()
    assert (table["source"].str.len() > 5).all()
    assert set(table["kind"]) == {"teaching judgement"}
    assert table["label"].str.len().gt(5).all()


@pytest.mark.parametrize("case", list(INTENDED))
def test_b_c_and_verdict_recomputed_by_hand(case):
    raw = _raw()[case]
    b, c, a = _by_hand(raw)
    scenario = cases.load_presets()[case]
    assert scenario.b == pytest.approx(b)
    assert scenario.c == pytest.approx(c)
    assert scenario.alternative == a
    assert _rule(b, c, a) is INTENDED[case]
    assert scenario.assess().verdict is INTENDED[case]


@pytest.mark.parametrize("case", list(INTENDED))
def test_loaded_scenario_round_trips_the_csv(case):
    assert cases.load_presets()[case].to_params() == pytest.approx(_raw()[case])


def test_values_within_documented_ranges():
    for case, values in _raw().items():
        for name, number in values.items():
            if name == "a":
                assert -10 <= number <= 10
            elif name.startswith("p_"):
                assert 0 <= number <= 1
            else:
                assert 0 <= number <= 10, (case, name)


def test_article_grounded_choices():
    raw = _raw()
    # 1A is irrelevant for Russia (§6): zero for every Russian case; central for US–Japan (§2).
    for case in INTENDED:
        if case.startswith("Russia"):
            assert raw[case]["b_1A"] == 0
    assert raw["US–Japan"]["b_1A"] > 0
    # Stabilising the ally (2A) weighs most for Kyrgyzstan among Russia's allies (§6).
    assert raw["Russia–Kyrgyzstan"]["b_2A"] > max(raw["Russia–Armenia"]["b_2A"],
                                                  raw["Russia–Belarus"]["b_2A"])
    # Armenia's EAEU choice is the article's example of 1B (§6).
    assert raw["Russia–Armenia"]["b_1B"] == max(raw[c]["b_1B"] for c in raw if c != "US–Japan")


def test_summary_matches_scenarios():
    summary = cases.preset_summary().set_index("case")
    for case, scenario in cases.load_presets().items():
        row = summary.loc[case]
        assert row["net"] == pytest.approx(scenario.b - scenario.c)
        assert row["margin"] == pytest.approx(scenario.b - scenario.c - scenario.alternative)
        assert row["verdict"] == INTENDED[case].value


def test_get_preset_accepts_hyphen_and_case():
    assert cases.get_preset("russia-syria") == cases.load_presets()["Russia–Syria"]
    with pytest.raises(ValueError, match="must be one of"):
        cases.get_preset("Russia–China")
    with pytest.raises(TypeError):
        cases.get_preset(3)


def test_parameter_helpers():
    assert cases.parameter_range("a") == (-10.0, 10.0)
    assert cases.parameter_range("p_R2") == (0.0, 1.0)
    assert cases.parameter_range("d_R1") == (0.0, 10.0)
    assert cases.parameter_label("b_2B").startswith("value of 2B")
    assert cases.parameter_label("p_R1").startswith("probability of R1")
    assert cases.parameter_label("c_O1").startswith("cost O1")
    for bad in ("b_3A", "alpha"):
        with pytest.raises(ValueError, match="must be one of"):
            cases.parameter_range(bad)
        with pytest.raises(ValueError, match="must be one of"):
            cases.parameter_label(bad)


@pytest.fixture()
def scratch(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    monkeypatch.setenv(curated.CURATED_DIR_ENV, str(folder))
    return folder / "case_presets.csv"


def _rewrite(path: Path, edit) -> None:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    rows = edit(rows)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_missing_parameter_is_rejected(scratch):
    _rewrite(scratch, lambda rows: [r for r in rows if not (r["case"] == "US–Japan"
                                                           and r["parameter"] == "c_D2")])
    with pytest.raises(ValueError, match=r"case 'US–Japan' lacks parameter\(s\) \['c_D2'\]"):
        cases.load_presets()


def test_out_of_range_value_is_rejected(scratch):
    def edit(rows):
        for r in rows:
            if r["case"] == "Russia–Belarus" and r["parameter"] == "b_2B":
                r["value"] = "12"
        return rows
    _rewrite(scratch, edit)
    with pytest.raises(ValueError, match=r"parameter 'b_2B' must be in \[0, 10\], got 12"):
        cases.load_presets()


@pytest.mark.parametrize("row, column, bad, load, message", [
    (0, "parameter", "b_3C", "load_presets", "must be one of"),
    (5, "justification", "", "preset_table", "case_presets.csv:7:justification: required column 'justification' is empty"),
])
def test_bad_cells_are_rejected(scratch, row, column, bad, load, message):
    def edit(rows):
        rows[row][column] = bad
        return rows
    _rewrite(scratch, edit)
    with pytest.raises(ValueError, match=message):
        getattr(cases, load)()
