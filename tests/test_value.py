"""The formula b − c ≥ a > 0: exact cases, bad input, and properties over the whole input space."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances import COMPLIANCE_RATE, Scenario, Verdict, assess, verdict_for
from alliances.typology import BENEFIT_CODES, DIRECT_CODES, OPPORTUNITY_CODES, RISK_CODES


def expected_verdict(b: float, c: float, a: float) -> Verdict:
    """The issue's reading of b − c ≥ a > 0, written independently of the library."""
    if b - c <= 0:
        return Verdict.NOT_WORTH_IT
    if b - c >= a:
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
    assert (result.verdict is Verdict.ALLY) == (b - c > 0 and b - c >= a)
    assert (result.verdict is Verdict.ALTERNATIVE) == (b - c > 0 and b - c < a)
    assert (result.verdict is Verdict.NOT_WORTH_IT) == (b - c <= 0)


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
    assert verdict_for(1e-12, 0) is Verdict.ALLY
    assert verdict_for(1, 1) is Verdict.ALLY
    assert verdict_for(1, 1.5) is Verdict.ALTERNATIVE
