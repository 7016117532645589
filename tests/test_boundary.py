"""One rule at a boundary: the verdict on b − c = 0 and b − c = a, in Python and in the page's Vega.

The rule (``alliances.value``): b − c and b − c − a are rounded to 9 decimals before they are
compared with 0. Each case below puts one of the two differences at 0 or about ±1e-12, and the
Russia–Syria numbers (b = 9, c = 8.4, a = 0.6, where the computer's b − c is 0.5999…96) must give
"ally". Python answers through :func:`alliances.assess`; Vega answers through the expressions the
page ships: the explorer's parameters are read from the HTML it writes into the page and run by
Vega (``vl_convert``) with one text mark that prints the verdict, and the costs and alternatives
charts are drawn whole and their verdict line is read.
"""

from __future__ import annotations

import json
import re

import pytest
import vl_convert as vlc

from _datafixtures import walk
from alliances import Scenario, Verdict, assess, charts, formula_explorer

ALLY, ALTERNATIVE, NOT_WORTH_IT = Verdict.ALLY, Verdict.ALTERNATIVE, Verdict.NOT_WORTH_IT
TINY = 1e-12

#: (b, c, a, which difference sits where, the documented verdict)
CASES = [
    (3.0, 1.0, 2.0, ("b − c − a", 0), ALLY),
    (3.0 + TINY, 1.0, 2.0, ("b − c − a", +1), ALLY),
    (3.0 - TINY, 1.0, 2.0, ("b − c − a", -1), ALLY),
    (1.0, 1.0, -1.0, ("b − c", 0), NOT_WORTH_IT),
    (1.0 + TINY, 1.0, -1.0, ("b − c", +1), NOT_WORTH_IT),
    (1.0 - TINY, 1.0, -1.0, ("b − c", -1), NOT_WORTH_IT),
    (9.0, 8.4, 0.6, ("b − c − a", -1), ALLY),          # Russia–Syria with a = 0.6
    # Away from a boundary, and at the edge of the 9 decimals
    (6.0, 2.0, 5.0, ("b − c − a", -1), ALTERNATIVE),
    (1.0 + 6e-10, 1.0, -1.0, ("b − c", +1), ALLY),
    (1.0 + 4e-10, 1.0, -1.0, ("b − c", +1), NOT_WORTH_IT),
]
IDS = [f"b={b!r},c={c!r},a={a!r}" for b, c, a, _, _ in CASES]


def _scenario(b: float, c: float, a: float) -> Scenario:
    return Scenario(benefits={"1A": b}, probabilities={"1A": 1.0}, costs={"D1": c}, alternative=a)


@pytest.mark.parametrize(("b", "c", "a", "where", "verdict"), CASES, ids=IDS)
def test_python_gives_the_documented_verdict(b, c, a, where, verdict):
    difference, sign = where
    value = (b - c) - a if difference == "b − c − a" else b - c
    if abs(value) < 1e-9:                  # the case really sits where it says
        assert value == 0 if sign == 0 else (value > 0) == (sign > 0)
    assert assess(b, c, a).verdict is verdict
    assert _scenario(b, c, a).assess().verdict is verdict


def _page_params(scenario: Scenario) -> list[dict]:
    """The explorer's Vega parameters as the page carries them: every input and the formula."""
    page = formula_explorer(scenario).html()
    found = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', page, re.S)
    assert found is not None
    spec = json.loads(found.group(1).replace("<\\/", "</"))
    return [{k: v for k, v in param.items() if k != "bind"} for param in spec["params"]]


def _texts(spec: dict) -> list[str]:
    graph = vlc.vegalite_to_scenegraph(spec)
    return [item["text"] for node in walk(graph) if node.get("marktype") == "text"
            for item in node.get("items", []) if isinstance(item.get("text"), str)]


@pytest.mark.parametrize(("b", "c", "a", "where", "verdict"), CASES, ids=IDS)
def test_the_pages_explorer_gives_the_documented_verdict(b, c, a, where, verdict):
    spec = {"params": _page_params(_scenario(b, c, a)), "data": {"values": [{}]},
            "mark": "text", "encoding": {"text": {"value": {"expr": "'|' + verdict + '|'"}}}}
    assert _texts(spec) == [f"|{verdict.value}|"]


def _verdict_lines(chart) -> list[str]:
    """The verdicts a chart prints after an arrow ("… → ally")."""
    return [text.rsplit("→", 1)[1].strip() for text in _texts(chart.to_dict()) if "→" in text]


def test_the_costs_chart_gives_the_documented_verdict():
    # The break-even map's point, with c = 8.4 from two direct costs (their sliders stop at 5)
    halves = Scenario(costs={"D1": 4.2, "D2": 4.2}, alternative=0.6)
    assert halves.c == 8.4
    assert _verdict_lines(charts.break_even(scenario=halves, benefits=9.0)) == ["ally"]


@pytest.mark.parametrize(("b", "c", "a", "verdict"), [
    (9.0, 8.4, 0.6, ALLY), (3.0 - TINY, 1.0, 2.0, ALLY), (1.0 + TINY, 1.0, -1.0, NOT_WORTH_IT)])
def test_the_alternatives_chart_gives_the_documented_verdict(b, c, a, verdict):
    # a is the assistance's benefits minus its costs
    chart = charts.alliance_vs_assistance(b, c, assistance_benefits=a + 1, assistance_costs=1.0)
    assert assess(b, c, (a + 1) - 1.0).verdict is verdict
    assert _verdict_lines(chart) == [verdict.value]
