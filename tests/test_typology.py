"""The article's Tables 1-3 as data, checked cell by cell against the article.

The expected texts below were copied by hand from the article's tables
(Istomin 2021, International Trends 19(1); extracted text in
``/work/shared/seeds/000_33877f3df1eace7f.txt``), with the PDF's line-break
hyphenation undone. They are the independent check of the library's data.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
import pytest

from alliances import Scenario, typology
from alliances.typology import (
    BENEFIT_CODES,
    BENEFITS,
    COST_CODES,
    COSTS,
    DIRECT_CODES,
    OPPORTUNITY_CODES,
    RISK_CODES,
    TOOL_CODES,
    TOOLS,
    CostKind,
    Domain,
    Nature,
    Sphere,
)

# ---- Table 1, "Benefits of asymmetric alliances for major powers", as printed.
TABLE1_ROWS = ["1. Restrictive", "2. Transformative"]
TABLE1_COLUMNS = ["A. Internal development of an ally", "B. Foreign policy of an ally"]
TABLE1_CELLS = {
    ("1. Restrictive", "A. Internal development of an ally"):
        "prevention of the emergence of independent players",
    ("1. Restrictive", "B. Foreign policy of an ally"): "limiting the external ties of an ally",
    ("2. Transformative", "A. Internal development of an ally"):
        "strengthening the statehood of an ally",
    ("2. Transformative", "B. Foreign policy of an ally"):
        "engaging an ally in support of the leader's initiative",
}

# ---- Table 2, "Costs of Asymmetric Alliances", as printed (kind, item) in reading order.
TABLE2_ROWS = [
    ("1. Direct costs", "military preparedness"),
    ("1. Direct costs", "access to market"),
    ("1. Direct costs", "military technical assistance / development assistance"),
    ("2. Opportunity costs", "deteriorating relations with allies' opponents"),
    ("3. Potential risks", "involvement in allies' adventurism"),
    ("3. Potential risks", "failed expectations effect"),
]

# ---- Table 3, "Tools for Securing Political Domination", as printed: article number -> text.
TABLE3_COLUMNS = ["A. Military and strategic tools", "B. Economic tools", "C. Cultural tools"]
TABLE3_CELLS = {
    "1.": "Colonial possession",  # no column letter: spans the row
    "2.A.": "Protectorate",
    "2.B.": "Common currency zone and financial integration",
    "3.A.": "Alliance",
    "3.B.": "Trade and economic associations",
    "3.C.": "Associations by language, history, religion",
    "4.A.": "Military technical assistance",
    "4.B.": "Promoting international development",
    "4.C.": "Organizations for development of humanitarian cooperation",
}


# --------------------------------------------------------------------------- codes


def test_codes_are_stable():
    assert BENEFIT_CODES == ("1A", "1B", "2A", "2B")
    assert COST_CODES == ("D1", "D2", "D3", "O1", "R1", "R2")
    assert DIRECT_CODES == ("D1", "D2", "D3")
    assert OPPORTUNITY_CODES == ("O1",)
    assert RISK_CODES == ("R1", "R2")
    assert TOOL_CODES == ("1", "2A", "2B", "3A", "3B", "3C", "4A", "4B", "4C")
    assert typology.ALLIANCE_CODE == "3A" and typology.ASSISTANCE_CODE == "4A"


def test_benefit_codes_give_the_row_and_column_of_table_1():
    where = {b.code: (b.nature, b.sphere) for b in BENEFITS}
    assert where == {"1A": (Nature.RESTRICTIVE, Sphere.INTERNAL),
                     "1B": (Nature.RESTRICTIVE, Sphere.FOREIGN),
                     "2A": (Nature.TRANSFORMATIVE, Sphere.INTERNAL),
                     "2B": (Nature.TRANSFORMATIVE, Sphere.FOREIGN)}
    assert Nature.TRANSFORMATIVE.heading == "2. Transformative"
    assert Sphere.FOREIGN.label == "Foreign policy of an ally"


def test_tool_codes_join_row_number_and_column_letter():
    for item in TOOLS:
        expected = str(item.level) + ("" if item.spans else item.domains[0].value)
        assert item.code == expected


def test_lookups_return_the_item_and_reject_unknown_codes():
    assert typology.benefit("2A").label == "strengthening the statehood of an ally"
    assert typology.cost("O1").kind is CostKind.OPPORTUNITY
    assert typology.tool("4A").label == "Military technical assistance"
    for lookup, bad in ((typology.benefit, "3A"), (typology.cost, "D4"), (typology.tool, "1A")):
        with pytest.raises(ValueError, match="code must be one of"):
            lookup(bad)


def test_value_module_still_uses_the_codes():
    scenario = Scenario(benefits={code: 1.0 for code in BENEFIT_CODES},
                        probabilities={code: 0.5 for code in BENEFIT_CODES},
                        costs={code: 0.25 for code in DIRECT_CODES + OPPORTUNITY_CODES})
    assert scenario.b == pytest.approx(0.5 * len(BENEFIT_CODES))
    assert scenario.c == pytest.approx(0.25 * 4)
    assert set(scenario.to_params()) >= {f"b_{c}" for c in BENEFIT_CODES} | {"c_D1", "p_R2", "d_R1"}


def test_short_labels_exist_and_differ():
    for items in (BENEFITS, COSTS, TOOLS):
        shorts = [item.short for item in items]
        assert all(s.strip() for s in shorts)
        assert len(set(shorts)) == len(shorts)


# --------------------------------------------------------------------------- Table 1


def test_table1_matches_the_article_cell_by_cell():
    frame = typology.table1()
    assert list(frame.index) == TABLE1_ROWS
    assert list(frame.columns) == TABLE1_COLUMNS
    assert frame.index.name == "Nature of objectives"
    assert frame.columns.name == "Sphere of influence"
    for (row, column), text in TABLE1_CELLS.items():
        assert frame.loc[row, column] == text


def test_table1_cells_are_the_benefit_labels():
    frame = typology.table1()
    for item in BENEFITS:
        assert frame.loc[item.nature.heading, item.sphere.heading] == item.label
    assert [n.label for n in Nature] == ["Restrictive", "Transformative"]
    assert [s.value for s in Sphere] == ["A", "B"]


# --------------------------------------------------------------------------- Table 2


def test_table2_matches_the_article_row_by_row():
    frame = typology.table2(fill_spans=True)
    assert list(frame.index) == list(COST_CODES)
    assert list(zip(frame["Type of cost"], frame["Cost"])) == TABLE2_ROWS


def test_table2_default_shows_each_merged_kind_once():
    frame = typology.table2()
    expected, previous = [], None
    for kind, _ in TABLE2_ROWS:
        expected.append(kind if kind != previous else "")
        previous = kind
    assert list(frame["Type of cost"]) == expected
    assert list(frame["Cost"]) == [item for _, item in TABLE2_ROWS]


def test_cost_kinds_number_and_label():
    assert [k.heading for k in CostKind] == ["1. Direct costs", "2. Opportunity costs",
                                             "3. Potential risks"]


# --------------------------------------------------------------------------- Table 3


def _article_cells() -> dict[tuple[str, str], str]:
    """Table 3 from the hand-copied cells: (row, column heading) -> text, empty cells ''."""
    cells = {(row, col): "" for row in "1234" for col in TABLE3_COLUMNS}
    for number, text in TABLE3_CELLS.items():
        row, letter = number.rstrip(".").split(".") if number.count(".") == 2 else (number[0], "")
        columns = TABLE3_COLUMNS if not letter else [c for c in TABLE3_COLUMNS if c[0] == letter]
        for col in columns:
            cells[(row, col)] = text
    return cells


def test_table3_matches_the_article_cell_by_cell():
    frame = typology.table3(fill_spans=True)
    assert list(frame.index) == ["1", "2", "3", "4"]
    assert list(frame.columns) == TABLE3_COLUMNS
    for (row, column), text in _article_cells().items():
        assert frame.loc[row, column] == text, (row, column)


def test_table3_empty_cells():
    spanned = typology.table3(fill_spans=True)
    empty = [(r, c) for r in spanned.index for c in spanned.columns if spanned.loc[r, c] == ""]
    assert empty == [("2", "C. Cultural tools")]
    merged = typology.table3()
    empty = [(r, c) for r in merged.index for c in merged.columns if merged.loc[r, c] == ""]
    assert empty == [("1", "B. Economic tools"), ("1", "C. Cultural tools"),
                     ("2", "C. Cultural tools")]
    assert merged.loc["1", "A. Military and strategic tools"] == "Colonial possession"


def test_table3_cells_are_strings_not_missing_values():
    for frame in (typology.table1(), typology.table2(), typology.table3()):
        assert not frame.isna().any().any()
        assert all(isinstance(v, str) for v in frame.to_numpy().ravel())


class _Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows: list[list[tuple[str, int]]] = []
        self._span = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self._span = int(dict(attrs).get("colspan", 1))
            self.rows[-1].append(("", self._span))

    def handle_data(self, data):
        if self._span is not None:
            text, span = self.rows[-1][-1]
            self.rows[-1][-1] = (text + data, span)

    def handle_endtag(self, tag):
        if tag == "td":
            self._span = None


def test_table3_html_draws_the_merged_cell():
    parser = _Cells()
    parser.feed(typology.table3_html())
    body = [row for row in parser.rows if row]  # the header row has <th>, not <td>
    assert body[0] == [("1. Colonial possession", 3)]
    assert body[1] == [("2.A. Protectorate", 1),
                       ("2.B. Common currency zone and financial integration", 1), ("", 1)]
    texts = {t for row in body for t, _ in row if t}
    assert texts == {f"{number} {text}" for number, text in TABLE3_CELLS.items()}
    assert all(sum(span for _, span in row) == 3 for row in body)


def test_table3_flags_follow_section_4():
    # Economic and cultural tools "do not function according to the formula 'security for
    # autonomy'" and cannot replace alliances: none of the flags may be set on them.
    for item in TOOLS:
        if Domain.MILITARY not in item.domains:
            assert not (item.security_for_autonomy or item.direct_alternative
                        or item.real_alternative_today), item.code
    # "Only ... the establishment of a protectorate and military technical assistance can be
    # considered a direct alternative to alliances."
    assert {t.label for t in typology.direct_alternatives()} == {
        TABLE3_CELLS["2.A."], TABLE3_CELLS["4.A."]}
    # "the only real alternative to alliances in the modern world is military and
    # technological assistance"
    assert [t.label for t in TOOLS if t.real_alternative_today] == [TABLE3_CELLS["4.A."]]
    # The alliance, the protectorate and arms aid are the security-for-autonomy tools.
    assert {t.code for t in TOOLS if t.security_for_autonomy} == {"2A", "3A", "4A"}
    # A real alternative today must be a direct alternative.
    assert all(t.direct_alternative for t in TOOLS if t.real_alternative_today)
    assert all(t.basis.strip() for t in TOOLS)


def test_only_colonial_possession_spans():
    assert [t.code for t in TOOLS if t.spans] == ["1"]
    assert typology.tool("1").domains == tuple(Domain)


@pytest.mark.parametrize("table", [typology.table2, typology.table3])
def test_fill_spans_must_be_a_bool(table):
    with pytest.raises(TypeError, match="fill_spans must be True or False"):
        table(fill_spans="yes")


def test_tables_are_dataframes():
    for frame in (typology.table1(), typology.table2(), typology.table3()):
        assert isinstance(frame, pd.DataFrame)


def test_tool_flags_frame_matches_the_tools():
    frame = typology.tool_flags()
    assert list(frame.index) == list(TOOL_CODES)
    assert frame.loc["1", "domain"] == "ABC" and frame.loc["3C", "domain"] == "C"
    assert list(frame.index[frame["direct_alternative"]]) == ["2A", "4A"]
    assert list(frame.index[frame["real_alternative_today"]]) == ["4A"]
    assert list(frame["tool"]) == [TABLE3_CELLS[k] for k in TABLE3_CELLS]
    assert frame["security_for_autonomy"].dtype == bool
