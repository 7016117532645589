"""The formula b − c ≥ a > 0: exact cases, bad input, and properties over the whole input space."""

from __future__ import annotations

import math
import re
from fractions import Fraction
from html import unescape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances import COMPLIANCE_RATE, Scenario, Verdict, assess, verdict_for
from alliances.typology import BENEFIT_CODES, DIRECT_CODES, OPPORTUNITY_CODES, RISK_CODES
from alliances.value import PARAMETERS


def nanos(x: float) -> float:
    """The documented rounding, written independently of the library: x × 10⁹ as the computer
    multiplies it, then rounded exactly (as a fraction) to the nearest whole number, a half up.
    A product too large for a float stays infinite."""
    scaled = x * 1e9
    return scaled if math.isinf(scaled) else math.floor(Fraction(scaled) + Fraction(1, 2))


def expected_verdict(b: float, c: float, a: float) -> Verdict:
    """The issue's reading of b − c ≥ a > 0 with the documented rule at a boundary: b − c and
    b − c − a are rounded to 9 decimals before they are compared with 0."""
    if nanos(b - c) <= 0:
        return Verdict.NOT_WORTH_IT
    if nanos((b - c) - a) >= 0:
        return Verdict.ALLY
    return Verdict.ALTERNATIVE


@pytest.mark.parametrize("b, c, a, verdict", [
    (6, 2, 3, Verdict.ALLY),
    (6, 2, 4, Verdict.ALLY),              # net = a counts as enough ("at least")
    (6, 2, 4.000001, Verdict.ALTERNATIVE),
    (2, 2, -1, Verdict.NOT_WORTH_IT),     # net = 0 is not positive
    (2, 3, -5, Verdict.NOT_WORTH_IT),
    (3, 1, -2, Verdict.ALLY),             # a <= 0: no alternative with positive value
    (3, 1, 0, Verdict.ALLY),
    (0, 0, 0, Verdict.NOT_WORTH_IT),
])
def test_verdicts_on_hand_picked_cases(b, c, a, verdict):
    result = assess(b, c, a)
    assert result.verdict is verdict
    assert result.net == b - c
    assert result.margin == (b - c) - a


def test_result_is_immutable():
    result = assess(5, 1, 2)
    with pytest.raises(AttributeError):
        result.net = 10  # type: ignore[misc]


BAD_VALUES = [
    (-1, ValueError, "greater than or equal to 0"),
    (float("nan"), ValueError, "finite"),
    (float("inf"), ValueError, "finite"),
    (-float("inf"), ValueError, "finite"),
    ("3", TypeError, "real number"),
    (None, TypeError, "real number"),
    (True, TypeError, "real number"),
    ([1], TypeError, "real number"),
]


@pytest.mark.parametrize("value, error, text", BAD_VALUES)
@pytest.mark.parametrize("parameter", ["benefits", "costs"])
def test_bad_benefits_or_costs_name_the_parameter(parameter, value, error, text):
    kwargs = {"benefits": 1.0, "costs": 1.0, "alternative": 0.0, parameter: value}
    with pytest.raises(error) as info:
        assess(**kwargs)
    assert parameter in str(info.value) and text in str(info.value)


@pytest.mark.parametrize("value, error", [(float("nan"), ValueError), (float("inf"), ValueError),
                                          ("x", TypeError), (None, TypeError)])
def test_bad_alternative_names_the_parameter(value, error):
    with pytest.raises(error, match="alternative"):
        assess(1, 0, value)


def test_negative_alternative_is_allowed():
    assert assess(1, 0, -3).verdict is Verdict.ALLY


@pytest.mark.parametrize("kwargs, match", [
    ({"probabilities": {"1A": 1.5}}, r"probabilities\['1A'\] must be in the range \[0, 1\]"),
    ({"probabilities": {"2B": -0.1}}, r"probabilities\['2B'\]"),
    ({"risk_probabilities": {"R1": 2}}, r"risk_probabilities\['R1'\]"),
    ({"benefits": {"1A": -2}}, r"benefits\['1A'\] must be greater than or equal to 0"),
    ({"costs": {"D1": float("nan")}}, r"costs\['D1'\] must be a finite number"),
    ({"risk_damages": {"R2": -1}}, r"risk_damages\['R2'\]"),
    ({"benefits": {"3C": 1}}, r"benefits has unknown code\(s\) \['3C'\]; allowed codes are 1A, 1B, 2A, 2B"),
    ({"costs": {"R1": 1}}, r"costs has unknown code"),
    ({"alternative": "high"}, r"alternative must be a real number"),
])
def test_scenario_rejects_bad_parts(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        Scenario(**kwargs)


def test_scenario_rejects_a_non_mapping():
    with pytest.raises(TypeError, match="benefits must be a mapping"):
        Scenario(benefits=[1, 2, 3, 4])  # type: ignore[arg-type]


def test_scenario_sums_parts_as_the_article_describes():
    s = Scenario(benefits={"1A": 2, "1B": 4, "2A": 0, "2B": 8},
                 probabilities={"1A": 0.5, "1B": 1.0},  # 2A and 2B keep the default
                 costs={"D1": 1, "D2": 0.5, "D3": 0.25, "O1": 2},
                 risk_probabilities={"R1": 0.1, "R2": 0.5}, risk_damages={"R1": 10, "R2": 2},
                 alternative=1)
    assert s.b == pytest.approx(0.5 * 2 + 1.0 * 4 + COMPLIANCE_RATE * 0 + COMPLIANCE_RATE * 8)
    assert s.c == pytest.approx(1 + 0.5 + 0.25 + 2 + 0.1 * 10 + 0.5 * 2)
    assert s.assess().verdict is expected_verdict(11.0, 5.75, 1)


def test_default_probability_is_the_compliance_rate():
    assert COMPLIANCE_RATE == 0.75
    assert Scenario(benefits={"2A": 4}).b == 3.0


def test_flat_params_round_trip_and_reject_unknown_names():
    s = Scenario(benefits={"1B": 3}, costs={"O1": 1}, risk_probabilities={"R2": 0.4},
                 risk_damages={"R2": 5}, alternative=-2)
    params = s.to_params()
    assert len(params) == 2 * len(BENEFIT_CODES) + len(DIRECT_CODES + OPPORTUNITY_CODES) \
        + 2 * len(RISK_CODES) + 1
    assert Scenario.from_params(params) == s
    assert s.with_params(a=4).alternative == 4
    with pytest.raises(ValueError, match="unknown name"):
        Scenario.from_params({"b_9Z": 1})


# --- properties over the whole input space -------------------------------------------------

anything = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6),
    st.text(max_size=3), st.none(), st.booleans(), st.lists(st.integers(), max_size=2),
)
finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
non_negative = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)
probability = st.floats(min_value=0, max_value=1)


def _valid(b, c, a) -> bool:
    def number(x):
        return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
    return number(b) and number(c) and number(a) and b >= 0 and c >= 0


@settings(max_examples=400, deadline=None)
@given(anything, anything, anything)
def test_only_documented_errors_and_correct_verdicts(b, c, a):
    try:
        result = assess(b, c, a)
    except (ValueError, TypeError) as error:
        assert not _valid(b, c, a), f"valid input refused: {error}"
        return
    assert _valid(b, c, a)
    assert result.verdict is expected_verdict(float(b), float(c), float(a))


@settings(max_examples=300, deadline=None)
@given(non_negative, non_negative, finite)
def test_verdict_agrees_with_the_inequalities(b, c, a):
    result = assess(b, c, a)
    assert result.verdict is expected_verdict(b, c, a)
    net, margin = nanos(b - c), nanos((b - c) - a)      # in billionths, rounded
    assert (result.verdict is Verdict.ALLY) == (net > 0 and margin >= 0)
    assert (result.verdict is Verdict.ALTERNATIVE) == (net > 0 and margin < 0)
    assert (result.verdict is Verdict.NOT_WORTH_IT) == (net <= 0)
    if abs(b - c) > 1e-9 and abs(b - c - a) > 1e-9:      # away from a boundary: the plain rule
        assert (result.verdict is Verdict.ALLY) == (b - c > 0 and b - c >= a)


@settings(max_examples=300, deadline=None)
@given(non_negative, non_negative, finite, st.floats(min_value=0, max_value=1e6))
def test_monotone_in_benefits_costs_and_alternative(b, c, a, delta):
    base = assess(b, c, a).verdict.rank
    assert assess(b + delta, c, a).verdict.rank >= base
    assert assess(b, c + delta, a).verdict.rank <= base
    assert assess(b, c, a + delta).verdict.rank <= base


benefit_parts = st.fixed_dictionaries({k: st.floats(0, 10) for k in BENEFIT_CODES})
cost_parts = st.fixed_dictionaries({k: st.floats(0, 10) for k in DIRECT_CODES + OPPORTUNITY_CODES})
risk_probs = st.fixed_dictionaries({k: probability for k in RISK_CODES})
risk_damages = st.fixed_dictionaries({k: st.floats(0, 10) for k in RISK_CODES})
benefit_probs = st.fixed_dictionaries({k: probability for k in BENEFIT_CODES})


@settings(max_examples=200, deadline=None)
@given(benefit_parts, benefit_probs, cost_parts, risk_probs, risk_damages,
       st.floats(-10, 10), st.sampled_from(sorted(Scenario().to_params())), st.floats(0, 5))
def test_raising_any_part_moves_the_verdict_the_right_way(bv, bp, cv, rp, rd, a, name, delta):
    s = Scenario(benefits=bv, probabilities=bp, costs=cv, risk_probabilities=rp,
                 risk_damages=rd, alternative=a)
    params = s.to_params()
    cap = 1.0 if name.startswith("p_") else 1e6
    raised = s.with_params(**{name: min(cap, params[name] + delta)})
    before, after = s.assess().verdict.rank, raised.assess().verdict.rank
    if name.startswith(("b_", "p_1", "p_2")):   # a benefit value or a benefit probability
        assert after >= before
    else:                                        # a cost, a risk probability or damage, or a
        assert after <= before


def test_verdict_for_is_the_rule_used_by_assess():
    assert verdict_for(0.0, -1) is Verdict.NOT_WORTH_IT
    assert verdict_for(1e-12, 0) is Verdict.NOT_WORTH_IT      # rounds to 0: not positive
    assert verdict_for(6e-10, 0) is Verdict.ALLY              # rounds to 1e-9: positive
    assert verdict_for(4e-10, -1) is Verdict.NOT_WORTH_IT
    assert verdict_for(float("nan"), 0) is Verdict.NOT_WORTH_IT
    assert verdict_for(1, 1) is Verdict.ALLY
    assert verdict_for(1, 1.5) is Verdict.ALTERNATIVE


# --- the objects read as words: in a list, in plain text and in Jupyter's HTML ---------------

#: Output that shows machinery instead of words (the acceptance pattern of the book's outputs).
MACHINERY = re.compile(r"<alliances\.|Verdict\.[A-Z]|Assessment\(|Scenario\(|Parameter\(|"
                       r"object at 0x|<pandas\.")


def _cells(html: str) -> list[str]:
    return [unescape(cell) for cell in re.findall(r"<td[^>]*>([^<]*)</td>", html)]


def test_verdicts_read_as_words_also_inside_a_list():
    shown = [assess(6, 2, 5).verdict, assess(2, 6, 1).verdict, assess(3, 1, -2).verdict]
    assert repr(shown) == "[alternative, not worth it, ally]"
    assert str(Verdict.ALLY) == f"{Verdict.ALLY}" == "ally"
    # still an Enum, with its value, label and rank
    assert Verdict("ally") is Verdict.ALLY and Verdict.ALLY.value == "ally"
    assert Verdict.ALLY.rank == 2 and Verdict.NOT_WORTH_IT.rank == 0
    assert Verdict.ALTERNATIVE.label == "Alternative: the alliance pays, but another tool pays more"
    assert Verdict.NOT_WORTH_IT._repr_html_() == (
        "<p><strong>Not worth it</strong>: the alliance costs at least what it brings.</p>")


def test_an_assessment_reads_as_a_sentence_and_a_small_table():
    result = assess(6, 2, 3)
    assert repr(result) == str(result) == (
        "b = 6, c = 2, a = 3: b − c = 4, margin over a = 1 → "
        "Ally: the alliance pays and beats the best alternative")
    assert repr([assess(2, 6, 1)]) == (
        "[b = 2, c = 6, a = 1: b − c = −4, margin over a = −5 → "
        "Not worth it: the alliance costs at least what it brings]")
    html = result._repr_html_()
    assert html.startswith("<p><strong>Ally</strong>: the alliance pays and beats the best "
                           "alternative.</p><p>The net value b − c = 4 is positive and at least "
                           "a = 3.</p><table ")
    assert _cells(html) == ["b", "expected benefits", "6", "c", "expected costs", "2",
                            "b − c", "net value of the alliance", "4",
                            "a", "net value of the best alternative", "3",
                            "b − c − a", "margin over the alternative", "1"]
    assert "is positive but below a = 5." in assess(6, 2, 5)._repr_html_()


def test_a_verdict_on_a_boundary_prints_the_numbers_of_the_page():
    # the computer's b − c is 0.5999999999999996 and its margin −4.4e-16; both print as on paper
    assert str(assess(9, 8.4, 0.6)) == (
        "b = 9, c = 8.4, a = 0.6: b − c = 0.6, margin over a = 0 → "
        "Ally: the alliance pays and beats the best alternative")


def test_a_scenario_reads_as_a_sentence_and_a_table_of_its_parts():
    # b = 0.5 × 6 = 3 and c = 2 + 0.2 × 5 = 3: not worth it
    scenario = Scenario(benefits={"2B": 6}, probabilities={"2B": 0.5}, costs={"D1": 2},
                        risk_probabilities={"R1": 0.2}, risk_damages={"R1": 5}, alternative=1)
    assert repr(scenario) == "scenario with b = 3, c = 3, a = 1: not worth it"
    assert repr({"case": scenario}) == "{'case': scenario with b = 3, c = 3, a = 1: not worth it}"
    lines = str(scenario).splitlines()
    assert lines[:2] == ["Not worth it: the alliance costs at least what it brings.",
                         "Expected benefits b = 3, expected costs c = 3, best alternative a = 1. "
                         "The net value b − c = 0 is not positive."]
    assert lines[2].split() == ["code", "part", "value", "probability", "adds"]
    assert lines[6].split() == ["2B", "Enlist", "the", "ally's", "support", "6", "0.5", "b", "+",
                                "3"]
    assert len(lines) == 3 + 11          # four benefits, four costs, two risks and a
    html = scenario._repr_html_()
    assert html.startswith("<p><strong>Not worth it</strong>")
    cells = _cells(html)
    assert len(cells) == 11 * 5
    assert cells[40:45] == ["R1", "Entrapment in the ally's adventures", "5", "0.2", "c + 1"]
    assert cells[-5:] == ["a", "Net value of the best alternative", "1", "", "a = 1"]


def test_a_parameter_reads_as_its_meaning_and_range():
    assert repr(PARAMETERS["p_R1"]) == ("p_R1: probability of R1: involvement in allies' "
                                        "adventurism (from 0 to 1, in steps of 0.05)")
    assert repr(PARAMETERS["a"]) == ("a: net value of the best alternative "
                                     "(from −10 to 10, in steps of 0.5)")
    assert _cells(PARAMETERS["b_1A"]._repr_html_()) == ["b_1A", "value", "0", "10", "0.5"]


def test_no_object_of_the_formula_shows_machinery():
    scenario = Scenario(benefits={"1A": 4}, alternative=2)
    shown = [assess(6, 2, 3), list(Verdict), scenario, scenario.assess(), list(PARAMETERS.values())]
    for thing in shown:
        assert MACHINERY.search(repr(thing)) is None, repr(thing)
        assert MACHINERY.search(str(thing)) is None, str(thing)
