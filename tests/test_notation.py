"""The notation key and the parameter table: generated from PARAMETERS and the typology."""

from __future__ import annotations

import pandas as pd
import pytest

from alliances import COMPLIANCE_RATE, Scenario, notation
from alliances.value import KINDS, PARAMETERS


def test_every_kind_of_input_has_a_symbol():
    assert set(notation.SYMBOLS) == set(KINDS)
    assert set(notation.SYMBOLS.values()) == {"v", "p", "c", "d", "a"}


def test_parameter_table_has_one_row_per_parameter_in_order():
    table = notation.parameter_table()
    assert list(table.columns) == ["name", "symbol", "code", "meaning", "range", "default"]
    assert list(table["name"]) == list(PARAMETERS) == list(Scenario().to_params())
    assert len(table) == 17


def test_parameter_table_rows_read_as_the_formula_does():
    rows = notation.parameter_table().set_index("name")
    assert rows.loc["b_1A"].to_dict() == {
        "symbol": "v", "code": "1A", "range": "0 to 10", "default": "0",
        "meaning": "value of 1A: prevention of the emergence of independent players"}
    assert rows.loc["p_2B", ["symbol", "range", "default"]].tolist() == ["p", "0 to 1",
                                                                          str(COMPLIANCE_RATE)]
    assert rows.loc["p_R1", ["symbol", "code", "default"]].tolist() == ["p", "R1", "0"]
    assert rows.loc["d_R1", "meaning"] == "damage of R1: involvement in allies' adventurism"
    assert rows.loc["c_D1", ["symbol", "meaning"]].tolist() == ["c", "cost D1: military preparedness"]
    assert rows.loc["a", ["symbol", "range"]].tolist() == ["a", "\u221210 to 10"]
    assert pd.isna(rows.loc["a", "code"])


def test_notation_key_lists_every_symbol_once():
    key = notation.notation_key()
    assert list(key.columns) == ["symbol", "stands for", "parameter names", "values"]
    assert list(key["symbol"]) == ["b", "c", "a", "p", "v", "d", "Σ", "k, r"]


@pytest.mark.parametrize(("symbol", "names", "values"), [
    ("c", "c_D1, c_D2, c_D3, c_O1", "0 or more value points; each cost 0 to 10"),
    ("a", "a", "\u221210 to 10 value points"),
    ("p", "p_1A, p_1B, p_2A, p_2B, p_R1, p_R2", "0 to 1"),
    ("v", "b_1A, b_1B, b_2A, b_2B", "0 to 10 value points"),
    ("d", "d_R1, d_R2", "0 to 10 value points"),
])
def test_notation_key_names_come_from_parameters(symbol, names, values):
    row = notation.notation_key().set_index("symbol").loc[symbol]
    assert row["parameter names"] == names
    assert row["values"] == values
    # every name in the key is a real parameter whose symbol is this row's
    for name in names.split(", "):
        assert notation.SYMBOLS[PARAMETERS[name].kind] == symbol


def test_notation_key_explains_the_codes_of_the_tables():
    key = notation.notation_key().set_index("symbol")["stands for"]
    assert "(1A, 1B, 2A, 2B)" in key["b"]
    assert "(D1, D2, D3, O1)" in key["c"] and "(R1, R2)" in key["c"]
    assert key["a"].startswith("the net value of the best alternative")
    assert key["Σ"].startswith("sum: add up one term for each code")
    assert key[["b", "Σ", "k, r"]].notna().all()
    assert pd.isna(notation.notation_key().set_index("symbol").loc["b", "parameter names"])
