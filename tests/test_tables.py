"""Tests for charts.table, the one drawer of the pages' curated tables (alliances.charts.tables)."""

from __future__ import annotations

import hashlib
import re

import pandas as pd
import pytest

from alliances import cases, charts
from alliances.charts.tables import LONG_TOKEN


def _rules(html: str, name: str) -> dict[str, str]:
    """The table's CSS rules, selector (without the table id) to body."""
    return {sel.strip(): body.strip()
            for sel, body in re.findall(rf"#T_{re.escape(name)}\s+([^{{]+)\{{([^}}]*)\}}", html)}


def test_a_table_has_a_fixed_id_iso_dates_and_no_cell_ids():
    frame = pd.DataFrame({"date": pd.to_datetime(["2025-03-13"]), "event": ["A border treaty."]})
    shown = charts.table(frame, "border-1").to_html()
    assert 'id="T_border-1"' in shown and "2025-03-13" in shown and "00:00" not in shown
    assert "<td id=" not in shown and "row_heading" not in shown
    assert shown == charts.table(frame, "border-1").to_html()        # a rebuild changes nothing
    # left- and top-aligned by one table-wide rule (JupyterLab right-aligns cells)
    rules = _rules(shown, "border-1")
    assert rules["th"] == rules["td"] == "text-align: left;\n  vertical-align: top;"
    assert 'class="alliances-stacked"' in shown


def test_numbers_are_right_aligned_short_and_missing_values_show_a_dash():
    frame = pd.DataFrame({"case": ["A", "B"], "value": [2.5, float("nan")], "n": [3, 12]})
    shown = charts.table(frame, "nums").to_html()
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", shown)
    assert cells == ["A", "2.5", "3", "B", "–", "12"]
    rules = _rules(shown, "nums")
    for k in (2, 3):                  # both number columns, in their cells and their header
        assert "text-align: right" in rules[f"td:nth-child({k})"]
        assert "text-align: right" in rules[f"th:nth-child({k})"]
    assert "td:nth-child(1)" not in rules
    fixed = re.findall(r"<td[^>]*>([^<]*)</td>", charts.table(frame, "nums", precision=2).to_html())
    assert fixed == ["A", "2.50", "3", "B", "–", "12"]        # whole numbers stay whole


def test_every_cell_but_the_first_carries_its_column_name_for_a_phone():
    """On a phone the rows stack into cards: each cell shows its column's name, written by the
    table as a hidden ::before that alliances.css reveals at a phone's width."""
    shown = charts.table(cases.preset_comparison(), "presets", precision=2).to_html()
    rules = _rules(shown, "presets")
    columns = list(cases.preset_comparison().columns)
    assert "td:nth-child(1)::before" not in rules
    for k, column in enumerate(columns[1:], start=2):
        assert rules[f"td:nth-child({k})::before"] == f'content: "{column}";\n  display: none;'
    odd = charts.table(pd.DataFrame({"a": [1], 'say "hi"\\': [2]}), "odd").to_html()
    assert r'content: "say \"hi\"\\";' in odd                  # a valid CSS string


def test_only_columns_with_long_tokens_may_break_anywhere():
    digest = "ab" * 32
    frame = pd.DataFrame({"name": ["atop"], "licence": ["Free for research and teaching"],
                          "sha256": [digest], "url": ["https://example.org/" + "x" * 40]})
    rules = _rules(charts.table(frame, "sums").to_html(), "sums")
    breaking = {sel for sel, body in rules.items() if "overflow-wrap: anywhere" in body}
    assert breaking == {"td:nth-child(3)", "td:nth-child(4)"}
    assert len(digest) > LONG_TOKEN > len("https://example.org/")


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda f: charts.table(f, "1 bad"), ValueError, r"name must start with a letter.*got '1 bad'"),
    (lambda f: charts.table([1, 2], "events"), TypeError, "frame must be a pandas DataFrame, got list"),
    (lambda f: charts.table(f, "t", precision=7), ValueError,
     r"precision must be a whole number from 0 to 6, or None, got 7"),
    (lambda f: charts.table(f, "t", precision=True), ValueError, "precision must be .* got True"),
    (lambda f: charts.table(f, "t", precision=2.0), ValueError, "precision must be .* got 2.0"),
])
def test_bad_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call(pd.DataFrame({"a": [1.0]}))


def test_a_named_index_is_kept_as_the_first_column():
    from alliances import typology

    flags = typology.tool_flags().drop(columns="basis")
    shown = charts.table(flags, "tools").to_html()
    heads = re.findall(r'<th class="col_heading[^>]*>(.*?)</th>', shown)
    assert [h.replace("<wbr>", "") for h in heads] == ["code", *flags.columns]
    # a long column name may break after each "_", so the table fits a desktop's column
    assert "security_<wbr>for_<wbr>autonomy" in heads
    first = re.findall(r'<td class="data row\d+ col0" >([^<]*)</td>', shown)
    assert first == list(flags.index)              # Table 3's codes, in the article's order
    plain = charts.table(flags.reset_index(drop=True), "tools").to_html()
    assert '<th class="col_heading level0 col0" >tool</th>' in plain      # an unnamed index is dropped


def test_a_table_without_a_name_gets_an_id_from_its_contents_unique_in_the_kernel():
    frame = pd.DataFrame({"state": ["Armenia", "Belarus"], "count": [3, 4],
                          "note": ["drawn by test_tables", "without a name"]})
    digest = hashlib.sha256(frame.to_csv().encode("utf-8")).hexdigest()[:10]
    first, second = charts.table(frame).to_html(), charts.table(frame).to_html()
    assert f'id="T_table-{digest}"' in first                   # the same in every build
    assert f'id="T_table-{digest}-2"' in second                # drawn again: a new id
    rules = _rules(second, f"table-{digest}-2")
    assert "text-align: right" in rules["td:nth-child(2)"]
    other = charts.table(frame.assign(count=[3, 5])).to_html()
    assert f"T_table-{digest}" not in other                   # other contents, another id
    # the id argument of old still works, by position or by name
    assert 'id="T_kept"' in charts.table(frame, "kept").to_html()
    assert 'id="T_kept-2"' in charts.table(frame, name="kept-2").to_html()


def test_a_table_reads_as_aligned_plain_text_and_shows_its_html_in_jupyter():
    frame = pd.DataFrame({"case": ["Russia–Armenia", "US–Japan"], "margin": [3.1, float("nan")],
                          "date": pd.to_datetime(["2025-03-13", "2019-12-31"]),
                          "note": ["x" * 70, "short"]})
    shown = charts.table(frame, "plain", precision=2)
    assert repr(shown).splitlines() == [
        "case           margin date       note",
        "Russia–Armenia   3.10 2025-03-13 " + "x" * 59 + "…",     # cut at 60 characters
        "US–Japan            – 2019-12-31 short",
    ]
    assert repr([shown]).startswith("[case ") and "<pandas." not in repr([shown])
    assert shown._repr_html_() == shown.to_html() == shown.styler.to_html()
    assert list(shown.data.columns) == ["case", "margin", "date", "note"]
    empty = charts.table(pd.DataFrame({"state": [], "count": []}), "empty")
    assert repr(empty) == "An empty table with the columns state, count."
