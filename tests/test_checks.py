"""Tests of alliances.checks: right answers pass, each kind of wrong answer gets its message,
placeholders get "Not done yet", nothing raises, and no message gives the right answer away.

Expected answers are computed here independently of the library: Table 4 from the CSV file read
with the csv module (and checked against the shares printed in the article), the Russia–Syria
nudges from the formula written out by hand.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from alliances import Scenario, cases, checks
from alliances.checks import NOT_DONE, NOT_YET, PASSED

ROOT = Path(__file__).resolve().parents[1]
PARAMS = tuple(Scenario().to_params())


def _table4() -> dict[tuple[str, str], float]:
    with open(ROOT / "data" / "csto_material_potential_2019.csv", encoding="utf-8") as handle:
        return {(r["country"], r["indicator"]): float(r["value"]) for r in csv.DictReader(handle)}


def _share(indicator: str, leave_out: tuple[str, ...] = ()) -> float:
    values = {c: v for (c, i), v in _table4().items() if i == indicator and c not in leave_out}
    return 100 * values["Russia"] / sum(values.values())


SHARES = {k: _share(k) for k in ("population", "gdp", "milex")}
MILEX_2019 = _share("milex", leave_out=("Tajikistan",))
_POP = {c: v for (c, i), v in _table4().items() if i == "population"}
_ALLIES = sum(v for c, v in _POP.items() if c != "Russia")
GROWTH = ((_POP["Russia"] / 0.75 - _POP["Russia"]) / _ALLIES - 1) * 100


def _renderings(value: float) -> list[str]:
    """Ways a number could leak into a message."""
    return sorted({f"{value:.1f}", f"{value:.2f}", f"{value:.3f}", f"{value:g}", f"{round(value)}%",
                   repr(value)}, key=len)


def assert_no_leak(feedback, *secrets):
    text = str(feedback)
    for secret in secrets:
        forms = _renderings(secret) if isinstance(secret, float) else [str(secret)]
        for form in forms:
            assert form not in text, f"message gives away {form!r}: {text}"


def test_printed_table4_shares_are_what_the_tests_expect():
    # Table 4 prints Russia's shares as 76.0 %, 86.1 % and 95.0 %.
    assert round(SHARES["population"], 1) == 76.0
    assert round(SHARES["gdp"], 1) == 86.1
    assert round(SHARES["milex"], 1) == 95.0
    assert 95.0 < MILEX_2019 < 95.3
    assert _POP["Russia"] / (_POP["Russia"] + _ALLIES * (1 + GROWTH / 100)) == pytest.approx(0.75)


# ---------------------------------------------------------------------------
# Feedback
# ---------------------------------------------------------------------------

def test_feedback_shows_status_and_escapes_html():
    fb = checks.Feedback("Task 9", NOT_YET, "your answer `<b>x</b>` is wrong")
    assert not fb.passed and str(fb).startswith("✘ Task 9: Not yet: ")
    html = fb._repr_html_()
    assert "<b>x</b>" not in html and "&lt;b&gt;" in html and "<code>" in html
    assert 'role="status"' in html
    assert checks.Feedback("T", PASSED, "ok").passed


# ---------------------------------------------------------------------------
# Assignment 1
# ---------------------------------------------------------------------------

def test_check_dyad():
    assert checks.check_dyad(None, None).status == NOT_DONE
    assert checks.check_dyad("Russia", None).status == NOT_DONE
    assert checks.check_dyad("", "Armenia").status == NOT_DONE
    same = checks.check_dyad("Russia", " russia ")
    assert same.status == NOT_YET and "same state" in same.message
    wrong = checks.check_dyad("Russia", 42)
    assert wrong.status == NOT_YET and "`ally` should be a state's name" in wrong.message
    assert checks.check_dyad("France", "Chad").passed


def _good_inputs() -> tuple[dict[str, float], dict[str, str]]:
    # b = 1 × 8 = 8 (only 2B); c = c_D1 = 2; net 6 ≥ a = 1: "ally".
    inputs = dict.fromkeys(PARAMS, 0.0)
    inputs.update({"b_2B": 8.0, "p_2B": 1.0, "c_D1": 2.0, "a": 1.0})
    reasons = {name: f"My reason for {name} rests on the article's argument (Istomin 2021, §6)."
               for name in PARAMS}
    return inputs, reasons


def test_check_scenario_passes_and_placeholders():
    inputs, reasons = _good_inputs()
    assert checks.check_scenario(inputs, reasons).passed
    assert checks.check_scenario(Scenario.from_params(inputs), reasons).passed
    assert checks.check_scenario({}, {}).status == NOT_DONE
    assert checks.check_scenario(None, None).status == NOT_DONE
    assert checks.check_scenario(dict.fromkeys(PARAMS), dict.fromkeys(PARAMS)).status == NOT_DONE


def test_check_scenario_with_given_probabilities():
    """The undergraduate version: the six probabilities are given, kept, and need no reason."""
    inputs, reasons = _good_inputs()
    given = checks.GIVEN_PROBABILITIES
    assert set(given) == {n for n in PARAMS if n.startswith("p_")}
    assert all(given[n] == 0.75 for n in ("p_1A", "p_1B", "p_2A", "p_2B"))
    inputs.update(given)
    scored = {n: r for n, r in reasons.items() if n not in given}
    fb = checks.check_scenario(inputs, scored, given=given)
    assert fb.passed and "each of the 11 you scored" in fb.message
    assert checks.check_scenario(inputs, scored).status == NOT_YET     # the MA version asks all 17
    blank = {**dict.fromkeys(PARAMS), **given}             # the notebook's start: still to do
    assert checks.check_scenario(blank, dict.fromkeys(PARAMS), given=given).status == NOT_DONE
    moved = checks.check_scenario({**inputs, "p_R1": 0.5}, scored, given=given)
    assert moved.status == NOT_YET and "keep the given p_R1 = 0.25" in moved.message


@pytest.mark.parametrize("change, expected", [
    ({"p_1B": 1.5}, "your probability of 1B: limiting the external ties of an ally (p_1B = 1.5) is "
                    "outside [0, 1]"),
    ({"b_2A": 12}, "(b_2A = 12) is outside [0, 10]"),
    ({"a": -11}, "(a = -11) is outside [-10, 10]"),
    ({"c_O1": None}, "you have not scored input c_O1: replace None"),
    ({"c_D2": "two"}, "`inputs['c_D2']` should be a number, got 'two'"),
    ({"b_3C": 1}, "'b_3C' is not an input of the formula"),
])
def test_check_scenario_names_each_bad_input(change, expected):
    inputs, reasons = _good_inputs()
    inputs.update(change)
    fb = checks.check_scenario(inputs, reasons)
    assert fb.status == NOT_YET and expected in fb.message


def test_check_scenario_missing_input():
    inputs, reasons = _good_inputs()
    del inputs["d_R2"]
    fb = checks.check_scenario(inputs, reasons)
    assert fb.status == NOT_YET and "you have not scored input d_R2: add `inputs['d_R2']`" in fb.message


@pytest.mark.parametrize("reason, expected", [
    ("", "you have not justified input c_O1: add a sentence to `justifications['c_O1']`"),
    (None, "you have not justified input c_O1"),
    ("Because of §6.", "`justifications['c_O1']` is too short"),
    ("Relations with the ally's rivals would hardly suffer from this alliance at all.",
     "`justifications['c_O1']` names no source"),
])
def test_check_scenario_names_each_bad_justification(reason, expected):
    inputs, reasons = _good_inputs()
    reasons["c_O1"] = reason
    fb = checks.check_scenario(inputs, reasons)
    assert fb.status == NOT_YET and expected in fb.message


def test_check_scenario_lists_many_problems_briefly():
    fb = checks.check_scenario({"b_1A": 1}, {})
    assert fb.status == NOT_YET and "33 thing(s) to fix" in fb.message and "… and 27 more" in fb.message


def test_check_result():
    inputs, _ = _good_inputs()
    right = Scenario.from_params(inputs).assess()
    assert checks.check_result(right, inputs).passed
    assert checks.check_result(None, inputs).status == NOT_DONE
    assert checks.check_result(right, {}).status == NOT_DONE
    other = Scenario.from_params({**inputs, "a": 9.0}).assess()
    fb = checks.check_result(other, inputs)
    assert fb.status == NOT_YET and "not the assessment of your `inputs`" in fb.message
    assert_no_leak(fb, right.verdict.value)
    fb = checks.check_result(right.verdict, inputs)
    assert fb.status == NOT_YET and "should be what `.assess()` returns" in fb.message


LONG = " ".join(["word"] * 90)


def test_check_defence():
    # Tipping points by hand for _good_inputs (net 6, a = 1): a must rise by 5 of its 20
    # (0.25); any direct cost by 5 of 10 (0.5); b_2B fall by 5 of 10 (0.5); p_2B by 0.625 of 1.
    inputs, _ = _good_inputs()
    assert checks.check_defence(inputs, "a", LONG + " the alternative").passed
    assert checks.check_defence({}, "a", LONG).status == NOT_DONE
    assert checks.check_defence(inputs, None, "").status == NOT_DONE
    right_but_empty = checks.check_defence(inputs, "a", "")
    assert right_but_empty.status == NOT_DONE and "now write `defence`" in right_but_empty.message
    fb = checks.check_defence(inputs, "c_D1", LONG + " D1")
    assert fb.status == NOT_YET and "another input flips your verdict with a smaller move" in fb.message
    assert_no_leak(fb, "`a`", "'a'", "alternative a")
    flat = checks.check_defence(inputs, "p_1A", LONG)
    assert flat.status == NOT_YET and "never changes your verdict" in flat.message
    none = checks.check_defence(inputs, "none", LONG)
    assert none.status == NOT_YET and "at least one input flips" in none.message
    bad = checks.check_defence(inputs, "alpha", LONG)
    assert bad.status == NOT_YET and "should be one of" in bad.message
    short = checks.check_defence(inputs, "a", "The alternative is weak.")
    assert short.status == NOT_YET and "has 4 words: write at least 80" in short.message
    unnamed = checks.check_defence(inputs, "a", LONG)
    assert unnamed.status == NOT_YET and "never names a" in unnamed.message
    assert checks.check_defence(inputs, "a", " ".join(["w"] * 401)).status == NOT_YET
    short_version = " ".join(["w"] * 60) + " the alternative"      # the undergraduate length
    assert checks.check_defence(inputs, "a", short_version).status == NOT_YET
    assert checks.check_defence(inputs, "a", short_version, words=(50, 200)).passed
    assert "keep it to 200" in checks.check_defence(inputs, "a", LONG * 3 + " alternative",
                                                    words=(50, 200)).message


def test_check_defence_accepts_any_tied_input_and_none():
    # Syria preset: the four direct and opportunity costs tie (each 0.6 of 10).
    syria = cases.get_preset("Russia–Syria").to_params()
    for name in ("c_D1", "c_D2", "c_D3", "c_O1"):
        assert checks.check_defence(syria, name, LONG + " " + name.split("_")[1]).passed
    # b = 40, nothing can flip it: "none" is right.
    strong = {**dict.fromkeys(PARAMS, 0.0), **{f"b_{k}": 10.0 for k in ("1A", "1B", "2A", "2B")},
              **{f"p_{k}": 1.0 for k in ("1A", "1B", "2A", "2B")}, "a": -10.0}
    assert checks.check_defence(strong, "none", LONG).passed


def test_check_sources():
    good = "Istomin, I. 2021. Management of ...\nLeeds, B. 2000. Reevaluating ...\nTreaty of 1993"
    assert checks.check_sources(good).passed
    assert checks.check_sources("\n").status == NOT_DONE
    assert "list at least 3" in checks.check_sources("Istomin 2021\nLeeds 2000").message
    assert "give no year" in checks.check_sources("Istomin 2021\nLeeds\nTreaty 1993").message
    assert "Istomin 2021" in checks.check_sources("A 2001\nB 2002\nC 2003").message


# ---------------------------------------------------------------------------
# Assignment 2
# ---------------------------------------------------------------------------

def test_check_russia_shares():
    assert checks.check_russia_shares(SHARES).passed
    assert checks.check_russia_shares({k: round(v, 1) for k, v in SHARES.items()}).passed
    assert checks.check_russia_shares({}).status == NOT_DONE
    assert checks.check_russia_shares(None).status == NOT_DONE
    cases_ = {
        "fractions": ({k: v / 100 for k, v in SHARES.items()}, "these look like fractions"),
        "range": ({**SHARES, "gdp": 186.1}, "should be a percentage between 0 and 100; recompute"),
        "missing": ({"population": 76.0, "gdp": 86.1}, "missing ['milex']"),
        "extra": ({**SHARES, "area": 90.0}, "unexpected ['area']"),
        "text": ({**SHARES, "gdp": "most"}, "should be a number"),
        "wrong": ({**SHARES, "milex": SHARES["milex"] - 0.2}, "your milex share(s) do not match"),
        "type": ([76.0, 86.1, 95.0], "should be a dict"),
    }
    for label, (answer, expected) in cases_.items():
        fb = checks.check_russia_shares(answer)
        assert fb.status == NOT_YET and expected in fb.message, label
        assert_no_leak(fb, *SHARES.values())


def test_check_weakest_indicator():
    weakest = min(SHARES, key=SHARES.get)
    assert weakest == "population"   # 76.0 % < 86.1 % < 95.0 % in the printed table
    assert checks.check_weakest_indicator(weakest).passed
    assert checks.check_weakest_indicator(None).status == NOT_DONE
    for wrong in ("gdp", "milex"):
        fb = checks.check_weakest_indicator(wrong)
        assert fb.status == NOT_YET and "is not its smallest" in fb.message
        assert_no_leak(fb, weakest)
    fb = checks.check_weakest_indicator("area")
    assert fb.status == NOT_YET and "should be one of" in fb.message


def test_check_milex_without_tajikistan():
    assert checks.check_milex_without_tajikistan(MILEX_2019).passed
    assert checks.check_milex_without_tajikistan(round(MILEX_2019, 1)).passed
    assert checks.check_milex_without_tajikistan(None).status == NOT_DONE
    still = checks.check_milex_without_tajikistan(SHARES["milex"])
    assert still.status == NOT_YET and "still the share with Tajikistan" in still.message
    for answer, expected in ((MILEX_2019 / 100, "looks like a fraction"),
                             (120.0, "between 0 and 100"), (90.0, "not Russia's share of the five"),
                             ("95", "should be a number")):
        fb = checks.check_milex_without_tajikistan(answer)
        assert fb.status == NOT_YET and expected in fb.message
        assert_no_leak(fb, MILEX_2019)


def test_check_population_growth():
    assert checks.check_population_growth(GROWTH).passed
    assert checks.check_population_growth(round(GROWTH, 2)).passed
    assert checks.check_population_growth(None).status == NOT_DONE
    for answer, expected in ((GROWTH - 1, "too small"), (GROWTH + 1, "too large"),
                             (GROWTH / 100, "give the growth in percent"), (-3, "should be positive"),
                             ("5%", "should be a number")):
        fb = checks.check_population_growth(answer)
        assert fb.status == NOT_YET and expected in fb.message
        assert_no_leak(fb, GROWTH)


def _nudges_by_hand() -> tuple[set[str], set[str], set[str]]:
    params = cases.get_preset("Russia–Syria").to_params()

    def net(p):
        b = sum(p[f"p_{k}"] * p[f"b_{k}"] for k in ("1A", "1B", "2A", "2B"))
        return b - sum(p[f"c_{k}"] for k in ("D1", "D2", "D3", "O1")) - sum(
            p[f"p_{k}"] * p[f"d_{k}"] for k in ("R1", "R2"))

    def verdict(p):
        n = net(p)
        return "not worth it" if n <= 1e-9 else "ally" if n >= p["a"] - 1e-9 else "alternative"

    base = verdict(params)
    changes, ally, ties = set(), set(), set()
    for name, value in params.items():
        step = 0.1 if name.startswith("p_") else 1.0
        low, high = (-10, 10) if name == "a" else (0, 1) if name.startswith("p_") else (0, 10)
        for new in (max(low, value - step), min(high, value + step)):
            moved = {**params, name: new}
            if abs(net(moved)) < 1e-9 or abs(net(moved) - moved["a"]) < 1e-9:
                ties.add(name)
            if verdict(moved) != base:
                changes.add(name)
            if verdict(moved) == "ally":
                ally.add(name)
    return changes, ally, ties


def test_syria_nudges_by_hand():
    changes, ally, ties = _nudges_by_hand()
    assert ally == set()   # no single nudge makes the alliance the best option
    assert {"c_D1", "c_D2", "c_D3", "c_O1", "b_1B", "b_2B"} <= changes
    assert ties == {"p_2A", "p_2B"}   # 0.1 less of a 6-point benefit: b − c lands on exactly 0
    assert checks.nudge_step("p_R1") == 0.1 and checks.nudge_step("a") == 1.0
    with pytest.raises(ValueError, match="name must be one of"):
        checks.nudge_step("q")


def test_check_syria_nudges():
    changes, ally, ties = _nudges_by_hand()
    assert checks.check_syria_nudges(sorted(changes), sorted(ally)).passed
    assert checks.check_syria_nudges(sorted(changes - ties), []).passed
    assert checks.check_syria_nudges(sorted(changes | ties), ()).passed
    assert checks.check_syria_nudges(None, None).status == NOT_DONE
    missing = checks.check_syria_nudges(sorted(changes - ties)[1:], [])
    assert missing.status == NOT_YET and "`changes_verdict` misses 1 input(s)" in missing.message
    extra = checks.check_syria_nudges(sorted(changes | {"d_R2", "p_1A"}), [])
    assert extra.status == NOT_YET and "holds 2 input(s) that do not belong" in extra.message
    wrong_ally = checks.check_syria_nudges(sorted(changes), ["a"])
    assert wrong_ally.status == NOT_YET and "`becomes_ally` holds 1 input(s)" in wrong_ally.message
    half = checks.check_syria_nudges(sorted(changes), None)
    assert half.status == NOT_YET and "`becomes_ally` is still None" in half.message
    names = checks.check_syria_nudges(["c_D1", "zeta"], [])
    assert names.status == NOT_YET and "not inputs of the formula: ['zeta']" in names.message
    text = checks.check_syria_nudges("c_D1", [])
    assert text.status == NOT_YET and "should be a list" in text.message
    for fb in (missing, extra, wrong_ally, half):
        assert_no_leak(fb, *(changes - {"c_D1"}))


def test_nudges_table():
    syria = cases.get_preset("Russia–Syria")
    table = checks.nudges(syria)
    assert len(table) == 34 and list(table.columns) == ["parameter", "direction", "value", "nudged",
                                                        "net", "margin", "verdict"]
    changes, ally, _ = _nudges_by_hand()
    assert set(table.loc[table["verdict"] != "alternative", "parameter"]) == changes
    assert set(table.loc[table["verdict"] == "ally", "parameter"]) == ally
    row = table[(table["parameter"] == "c_D1") & (table["direction"] == "up")].iloc[0]
    assert (row["value"], row["nudged"], row["verdict"]) == (2.0, 3.0, "not worth it")
    low = table[(table["parameter"] == "b_1A") & (table["direction"] == "down")].iloc[0]
    assert low["nudged"] == 0.0                      # kept inside the range [0, 10]
    with pytest.raises(TypeError, match="scenario must be a Scenario"):
        checks.nudges(syria.to_params())


def test_task5_parts_each_check_one_thing():
    """The three parts that the hidden tests mark separately (partial credit)."""
    changes, _, ties = _nudges_by_hand()
    right = sorted(changes)
    for check, argument in ((checks.check_becomes_ally, []),
                            (checks.check_changes_verdict_correct, right),
                            (checks.check_changes_verdict_complete, right)):
        assert check(argument).passed and check(None).status == NOT_DONE
        assert check("c_D1").status == NOT_YET
    missed = sorted(changes - ties)[1:]
    assert checks.check_changes_verdict_correct(missed).passed
    fb = checks.check_changes_verdict_complete(missed)
    assert fb.status == NOT_YET and "misses 1 input(s)" in fb.message
    extra = [*right, "a"]
    assert checks.check_changes_verdict_complete(extra).passed
    assert "holds 1 input(s)" in checks.check_changes_verdict_correct(extra).message
    assert "is empty" in checks.check_changes_verdict_correct([]).message
    assert "holds 1 input(s)" in checks.check_becomes_ally(["a"]).message
    for fb in (checks.check_changes_verdict_complete(missed), checks.check_becomes_ally(["a"])):
        assert_no_leak(fb, *(changes - {"c_D1"}))


def test_check_report():
    body = " ".join(["word"] * 130)
    assert checks.check_report(f"Table 4 and Syria. {body}").passed
    assert checks.check_report("").status == NOT_DONE
    assert "write at least 120" in checks.check_report("Table 4 and Syria.").message
    assert "keep it to 350" in checks.check_report("CSTO Syria " + " ".join(["w"] * 400)).message
    assert "Table 4 claim" in checks.check_report(f"Syria. {body}").message
    assert "Russia–Syria verdict" in checks.check_report(f"The CSTO. {body}").message


# ---------------------------------------------------------------------------
# Every check: never raises, placeholders are "not done yet"
# ---------------------------------------------------------------------------

CHECKS = {
    checks.check_dyad: 2, checks.check_scenario: 2, checks.check_result: 2,
    checks.check_defence: 3, checks.check_sources: 1, checks.check_russia_shares: 1,
    checks.check_weakest_indicator: 1, checks.check_milex_without_tajikistan: 1,
    checks.check_population_growth: 1, checks.check_syria_nudges: 2, checks.check_report: 1,
}


@pytest.mark.parametrize("check", list(CHECKS), ids=lambda c: c.__name__)
@pytest.mark.parametrize("garbage", [object(), float("nan"), float("inf"), True, [None], {"x": {}},
                                     b"bytes", -1])
def test_no_check_raises(check, garbage):
    result = check(*([garbage] * CHECKS[check]))
    assert isinstance(result, checks.Feedback)
    assert result.status in (NOT_DONE, NOT_YET)


@pytest.mark.parametrize("check", list(CHECKS), ids=lambda c: c.__name__)
def test_placeholders_are_not_done_yet(check):
    placeholders = {checks.check_scenario: ({}, {}), checks.check_defence: ({}, None, ""),
                    checks.check_result: (None, {})}
    args = placeholders.get(check, (None,) * CHECKS[check])
    result = check(*args)
    assert result.status == NOT_DONE, result
    assert re.match(r"^✎ Task \d \(", str(result))
