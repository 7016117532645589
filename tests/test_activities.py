"""Predict → move → explain: every chart with an input has an activity, and each move gives its outcome.

Each test draws the chart with the library function the chapter uses, lets
:func:`alliances.activities.outcome` make the activity's move on it (Vega draws the moved chart
offline) and checks the outcome against the library's own arithmetic or the chart's data.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from _datafixtures import walk
from alliances import (
    Scenario,
    Verdict,
    activities,
    assess,
    cases,
    charts,
    formula_explorer,
    notation,
    questions,
    unga,
)
from alliances.charts.formula import EXAMPLE_SCENARIO
from alliances.charts.unga import VOTE_LABELS
from alliances.value import PARAMETERS, TERMS, format_value

ROOT = Path(__file__).resolve().parents[1]
CHARTS = ROOT / "lib" / "alliances" / "charts"

#: The theory chapter's example scenario (book/theory/theory.ipynb)
THEORY_EXAMPLE = Scenario(benefits={"1B": 4, "2B": 6}, costs={"D1": 2, "O1": 1},
                          risk_probabilities={"R1": 0.2}, risk_damages={"R1": 5}, alternative=2)


def _bound_charts() -> set[str]:
    """The chart functions whose Vega parameters are bound to a slider, menu, radio or checkbox."""
    found = set()
    for path in CHARTS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_") and any(
                    (isinstance(n, ast.Attribute) and n.attr.startswith("binding_"))
                    or (isinstance(n, ast.Name) and n.id == "_slider")   # formula's slider helper
                    for n in ast.walk(node)):
                found.add(f"charts.{node.name}")
    return found


def test_every_chart_with_an_input_has_an_activity():
    bound = _bound_charts()
    assert len(bound) >= 9
    assert bound | {"formula_explorer"} == {a.chart for a in activities.ACTIVITIES.values()}


def _cells(chapter: str) -> list[dict]:
    return json.loads((ROOT / "book" / f"{chapter}.ipynb").read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("name", list(activities.ACTIVITIES))
def test_each_activity_sits_right_after_its_chart(name):
    activity = activities.ACTIVITIES[name]
    cells = _cells(activity.chapter)
    call = f'activity_card("{name}", '
    where = [i for i, cell in enumerate(cells) if call in "".join(cell["source"])]
    assert len(where) == 1, f"{activity.chapter} should show activity {name} once"
    before = "".join(cells[where[0] - 1]["source"])
    drawn = activity.chart.split(".")[-1] + "("
    assert cells[where[0] - 1]["cell_type"] == "code" and drawn in before
    card = "".join(cells[where[0]]["source"])
    assert before.strip().splitlines()[-1] in card     # the card draws the chart with the same call
    assert cells[where[0]]["metadata"].get("tags") == ["remove-input"]


# --------------------------------------------------------------------------- the theory charts


def test_expected_value():
    text = activities.outcome("expected-value", charts.expected_value_chart())
    assert text.startswith(f"{round(0.25 * 20)} of the 20 squares are blue")
    assert f"falls to {format_value(0.25 * 4)} value points" in text


@pytest.mark.parametrize(("name", "explorer", "scenario", "move"), [
    ("theory-explorer", lambda: formula_explorer(THEORY_EXAMPLE), THEORY_EXAMPLE, {"a": 4}),
    ("case-explorer", lambda: formula_explorer(presets=cases.load_presets()),
     next(iter(cases.load_presets().values())), {"p_R1": 0.9}),
    ("declining-hegemon", lambda: formula_explorer(cases.get_preset("US–Japan"), inputs=["c_D1"]),
     cases.get_preset("US–Japan"), {"c_D1": 6}),
])
def test_explorers(name, explorer, scenario, move):
    assert activities.ACTIVITIES[name].target == move[activities.ACTIVITIES[name].input]
    result = scenario.with_params(**move).assess()
    text = activities.outcome(name, explorer())
    assert text.startswith(f"The verdict becomes: {result.verdict.label} ")
    assert f"b − c\u00a0=\u00a0{format_value(result.net)}" in text


def test_benefit_menu():
    b = EXAMPLE_SCENARIO.with_params(p_2B=0).b
    assert b == 4.5
    text = activities.outcome("benefit-menu", charts.benefit_menu())
    assert f"b falls to {format_value(b)}:" in text


def test_break_even():
    moved = EXAMPLE_SCENARIO.with_params(p_R1=0.6)
    text = activities.outcome("break-even", charts.break_even())
    assert f"c = {format_value(moved.c)}," in text
    assert text.endswith(f'"{moved.assess().verdict.value}".')


def test_alliance_vs_assistance():
    chart = charts.alliance_vs_assistance(5, 3, assistance_benefits=3, assistance_costs=1.5)
    result = assess(5, 3, 3 - 0.5)
    text = activities.outcome("alliance-vs-assistance", chart)
    assert f"a = {format_value(3 - 0.5)}," in text
    assert text.endswith(f"reads: {result.verdict.label}.")


def test_unga_votes():
    votes = unga.csto_votes()
    row = votes[votes["resolution"] == "A/RES/ES-11/3"]
    assert len(row) == 7
    text = activities.outcome("unga-votes", charts.unga_votes_chart())
    for country, vote in zip(row["country"], row["vote"]):
        assert f"{country}: {VOTE_LABELS[vote]}" in text


# --------------------------------------------------------------------------- the labs (small frames)


def test_gap_chart():
    summary = pd.DataFrame([
        (method, "all", "1992–2019", 0.8, 0.6, gap, 28, 28)
        for method, gap in (("identical", 0.2), ("half_credit", 0.125))],
        columns=["method", "subset", "period", "members", "others", "gap", "n_years", "years_ahead"])
    text = activities.outcome("gap-chart", charts.gap_chart(summary))
    assert text.endswith("a gap of +0.125.")


def test_loyalty_chart():
    table = pd.DataFrame([
        (variant, "identical", period, 0.5, 0.3, gap, 10)
        for variant, base in (("All roll calls", 0.2), ("NATO members left out", 0.05))
        for period, gap in (("2000s", base + 0.1), ("2010s", base))],
        columns=["variant", "method", "period", "members", "others", "gap", "n_years"])
    text = activities.outcome("loyalty", charts.loyalty_chart(table))
    assert "by +0.050 (allies" in text


def test_agreement_band_chart():
    scores = pd.DataFrame([(state, year, agreement, 50)
                           for state, agreement in ((365, 1.0), (370, 0.9), (369, 0.7), (710, 0.8))
                           for year in (2012, 2013)],
                          columns=["state", "year", "agreement", "n_votes"])
    chart = charts.agreement_band_chart(scores, {"China": 710, "Ukraine": 369}, members=[370],
                                        default="China")
    text = activities.outcome("agreement-band", chart)
    assert text.endswith("reads 2013: 0.70.")


def test_asymmetry_chart():
    histogram = pd.DataFrame([
        (group, 1950, "1945 and after", lower, years)
        for group in ("all dyads", "with a major power", "two major powers")
        for lower, years in ((1.0, 30 if group == "all dyads" else 10), (5.0, 10))],
        columns=["group", "decade", "era", "lower", "dyad_years"])
    text = activities.outcome("asymmetry", charts.asymmetry_chart(histogram))
    assert "shows 25.0% of dyad-years" in text        # 10 of 40 above 3.0


# --------------------------------------------------------------------------- the card


def test_the_card_folds_its_outcome_and_names_the_input():
    card = activities.activity_card("benefit-menu", charts.benefit_menu())
    page = card._repr_html_()
    assert "Write down your prediction" in page
    assert "“2B Enlist the ally&#x27;s support”" in page and "unticked" in page
    folded = page.split("<details", 1)[1]
    assert card.answer.split(":")[0] in folded and card.answer not in page.split("<details")[0]
    assert ":class: dropdown" in card._repr_markdown_()


def test_bad_names_are_refused():
    with pytest.raises(ValueError, match="name must be one of"):
        activities.outcome("no-such-activity", charts.benefit_menu())
    with pytest.raises(ValueError, match="no input called 'p'"):
        activities.outcome("expected-value", charts.benefit_menu())


# --------------------------------------------------------------------------- only what has been taught


def _reading_order() -> list[str]:
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [c["file"].removeprefix("book/") for part in toc["parts"] for c in part["chapters"]
            if (ROOT / f"{c['file']}.ipynb").is_file()]


def _explorer_inputs(chapter: str) -> list[set[str]]:
    """The input codes of each formula explorer a chapter draws (its inputs= and mode=)."""
    found = []
    for cell in _cells(chapter):
        if cell["cell_type"] != "code":
            continue
        source = "\n".join(line for line in "".join(cell["source"]).splitlines()
                           if not line.lstrip().startswith("%"))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "formula_explorer":
                keywords = {k.arg: ast.literal_eval(k.value) for k in node.keywords
                            if k.arg in ("inputs", "mode")}
                mode = keywords.get("mode", "detailed")
                names = keywords.get("inputs") or list(TERMS if mode == "terms" else PARAMETERS)
                found.append({notation.input_code(name) for name in names})
    return found


def test_each_explorer_offers_only_what_its_chapter_or_an_earlier_one_taught():
    order = _reading_order()
    codes = {code for introduced in notation.INTRODUCED.values() for code in introduced}
    assert len(codes) == 13                   # b, c, a and the ten codes of Tables 1 and 2
    checked = {}
    for chapter in order:
        for inputs in _explorer_inputs(chapter):
            assert inputs <= notation.taught_codes(chapter, order), chapter
            checked[chapter] = inputs
    assert checked["theory/theory"] == {"b", "c", "a"}          # the first explorer: three terms
    assert len(checked["russia/russian-evidence"]) == 11     # all 17 inputs (10 codes and a), once taught
    drawn = {"charts.benefit_menu": charts.benefit_menu(), "charts.break_even": charts.break_even(),
             "charts.alliance_vs_assistance": charts.alliance_vs_assistance()}
    for activity in activities.ACTIVITIES.values():
        if activity.chart in drawn:
            bound = {p["name"] for node in walk(drawn[activity.chart].to_dict())
                     for p in node.get("params", []) if isinstance(p, dict) and "bind" in p}
            shown = {notation.input_code(name) for name in bound} & codes
            assert shown and shown <= notation.taught_codes(activity.chapter, order), activity.chart


def test_the_terms_explorer_has_three_inputs_in_the_page_and_in_jupyter():
    explorer = formula_explorer(THEORY_EXAMPLE, mode="terms")
    assert list(explorer.sliders) == ["b", "c", "a"]
    page = explorer.html()
    spec = json.loads(page.split('type="application/json"', 1)[1].split(">", 1)[1]
                      .split("</script>", 1)[0].replace("<\\/", "</"))
    assert sorted(p["name"] for p in spec["params"] if "bind" in p) == ["a", "b", "c"]
    assert (THEORY_EXAMPLE.b, THEORY_EXAMPLE.c) == (7.5, 4.0)
    explorer.sliders["b"].value = 3.0                     # the widget path: b below c
    assert explorer.scenario.assess().verdict.value == "not worth it"
    with pytest.raises(ValueError, match="mode must be one of"):
        formula_explorer(mode="aggregate")
    with pytest.raises(ValueError, match="unknown name"):
        formula_explorer(mode="terms", inputs=["b_1A"])


# --------------------------------------------------------------------------- self-check questions


@pytest.mark.parametrize("chapter", list(questions.QUESTIONS))
def test_each_chapter_has_three_to_six_questions_before_its_exercises(chapter):
    assert 3 <= len(questions.QUESTIONS[chapter]) <= 6
    cells = _cells(chapter)
    where = [i for i, cell in enumerate(cells)
             if f'questions.self_check("{chapter}")' in "".join(cell["source"])]
    assert len(where) == 1
    assert "".join(cells[where[0] + 1]["source"]).startswith("## Exercises")


def test_the_right_verdict_comes_from_the_library():
    verdicts = [q for qs in questions.QUESTIONS.values() for q in qs
                if [o.text for o in q.options] == [v.value for v in Verdict]]
    assert len(verdicts) >= 4
    for question in verdicts:
        found = re.findall(r"= ([−-]?[\d.]+)\$", question.text)
        b, c, a = (float(x.replace("−", "-")) for x in found)
        assert question.answer.text == assess(b, c, a).verdict.value
        net = format_value(b - c).rstrip("0").rstrip(".")        # quoted without trailing zeros
        assert f"$b - c = {net}$" in question.answer.why


def test_the_questions_need_no_script_and_are_labelled():
    page = questions.self_check("theory/theory")._repr_html_()
    assert "<script" not in page and "\\(b - c \\ge a &gt; 0\\)" in page
    groups = re.findall(r'role="group" aria-labelledby="([^"]+)"', page)
    assert len(groups) == len(questions.QUESTIONS["theory/theory"])
    assert all(f'id="{g}"' in page for g in groups)
    assert page.count('data-right="true"') == len(groups)
    assert ":class: dropdown" in questions.self_check("theory/theory")._repr_markdown_()
    with pytest.raises(ValueError, match="chapter must be one of"):
        questions.self_check("theory/nowhere")
