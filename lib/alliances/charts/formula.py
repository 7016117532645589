"""Interactive charts for the theory chapters: benefits, costs, alternatives.

Each function returns an altair chart whose sliders and checkboxes are Vega
parameters, so the chart stays live in the static HTML book without a
kernel. All arithmetic that reacts to the widgets runs in Vega expressions;
every verdict is computed by :func:`alliances.value.verdict_expression`, the
Vega twin of :func:`alliances.verdict_for`, so the browser decides
exactly as the Python library does. Slider labels come from the article's
typologies (:mod:`alliances.typology`).

* :func:`expected_value_chart` (Theory chapter): why a probability multiplies
  a value, pictured as 20 imagined alliances.
* :func:`benefit_menu` (Benefits chapter): switch the four functions of
  Table 1 on and off, set their value and probability, watch b change.
* :func:`break_even` (Costs chapter): the verdict over a grid of b and c
  for a chosen a, with a cost builder whose point (b, c) moves on the map.
* :func:`alliance_vs_assistance` (Alternatives chapter): an alliance
  against military-technical assistance, whose net value is a.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import altair as alt
import pandas as pd

from .. import theme
from ..typology import (
    ALLIANCE_CODE,
    ASSISTANCE_CODE,
    BENEFIT_CODES,
    BENEFITS,
    COSTS,
    DIRECT_CODES,
    OPPORTUNITY_CODES,
    RISK_CODES,
    tool,
)
from ..validate import check_number
from ..value import EXPRESSIONS, Scenario, verdict_expression, verdict_label_expression

#: One colour per benefit function of Table 1.
BENEFIT_COLOURS: Mapping[str, str] = MappingProxyType(dict(zip(
    BENEFIT_CODES, (theme.BLUE, theme.ORANGE, theme.GREEN, theme.PURPLE))))

#: An illustrative scenario (not data): the starting values of the sliders.
#: b = 0.75 × (2 + 3 + 1 + 4) = 7.5; c = 2 + 1 + 0.5 + 1 + 0.2 × 5 + 0.3 × 2 = 6.1;
#: so b − c = 1.4 ≥ a = 1 and the verdict is "ally".
EXAMPLE_SCENARIO: Scenario = Scenario(
    benefits={"1A": 2.0, "1B": 3.0, "2A": 1.0, "2B": 4.0},
    costs={"D1": 2.0, "D2": 1.0, "D3": 0.5, "O1": 1.0},
    risk_probabilities={"R1": 0.2, "R2": 0.3},
    risk_damages={"R1": 5.0, "R2": 2.0},
    alternative=1.0,
)

_GRID_POINTS = 41                # grid points per axis of the break-even map


# --------------------------------------------------------------------------- helpers


def _slider(name: str, value: float, low: float, high: float, step: float,
            label: str, argument: str) -> alt.Parameter:
    """A numeric parameter bound to a range slider; ``value`` (the caller's ``argument``) in [low, high]."""
    check_number(value, argument, low=low, high=high)
    return alt.param(name=name, value=float(value),
                     bind=alt.binding_range(min=low, max=high, step=step, name=f"{label} "))


def _check_maximum(maximum: object) -> float:
    return check_number(maximum, "maximum", low=1.0, high=100.0)


def _check_scenario(scenario: object) -> Scenario:
    if scenario is None:
        return EXAMPLE_SCENARIO
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be an alliances.Scenario or None, got "
                        f"{type(scenario).__name__}")
    return scenario


def _one_row() -> pd.DataFrame:
    return pd.DataFrame({"row": [0]})


# --------------------------------------------------------------------------- benefits


def benefit_menu(scenario: Scenario | None = None, *, switched_on: Iterable[str] | None = None,
                 maximum: float = 10.0) -> alt.VConcatChart:
    """Return the Benefits chapter's menu of functions: b = Σ on × probability × value.

    Each function of Table 1 gets a checkbox ``on_<code>`` (is the function
    on the power's menu?), a value slider ``b_<code>`` in [0, ``maximum``]
    and a probability slider ``p_<code>`` in [0, 1]. Starting values come
    from ``scenario`` (default :data:`EXAMPLE_SCENARIO`); ``switched_on`` is
    the codes that start ticked (default all four). A bar per function
    shows its contribution p × v (0 when switched off), and a line above
    spells out b = ... with its total, computed in Vega from the parameters
    exactly as ``Scenario.b`` would with the unticked values
    set to 0.
    """
    scenario = _check_scenario(scenario)
    maximum = _check_maximum(maximum)
    if switched_on is None:
        on = set(BENEFIT_CODES)
    else:
        if isinstance(switched_on, str) or not isinstance(switched_on, Iterable):
            raise TypeError("switched_on must be an iterable of Table 1 codes "
                            f"({', '.join(BENEFIT_CODES)}), got {switched_on!r}")
        on = set(switched_on)
        unknown = sorted(map(str, on - set(BENEFIT_CODES)))
        if unknown:
            raise ValueError(f"switched_on has unknown code(s) {unknown}; allowed codes are "
                             f"{', '.join(BENEFIT_CODES)}")
    params: list[alt.Parameter] = []
    for item in BENEFITS:
        code = item.code
        params.append(alt.param(name=f"on_{code}", value=code in on,
                                bind=alt.binding_checkbox(name=f"{code} {item.short} ")))
        params.append(_slider(f"b_{code}", scenario.benefits[code], 0.0, maximum,
                              maximum / 40, f"{code} value if it works",
                              f"scenario.benefits[{code!r}]"))
        params.append(_slider(f"p_{code}", scenario.probabilities[code], 0.0, 1.0, 0.05,
                              f"{code} probability it works",
                              f"scenario.probabilities[{code!r}]"))

    def pick(prefix: str) -> str:
        expr = "0"
        for code in reversed(BENEFIT_CODES):
            expr = f"datum.code === '{code}' ? {prefix}{code} : ({expr})"
        return expr

    rows = pd.DataFrame({"code": list(BENEFIT_CODES),
                         "function": [f"{b.code} {b.short}" for b in BENEFITS],
                         "article": [b.label for b in BENEFITS]})
    order = list(rows["function"])
    bars = alt.Chart(rows).transform_calculate(
        on=pick("on_"), value=pick("b_"), probability=pick("p_"),
    ).transform_calculate(
        contribution="datum.on ? datum.probability * datum.value : 0",
        status="datum.on ? 'on the menu' : 'switched off'",
    ).mark_bar().encode(
        x=alt.X("contribution:Q", title="Contribution to b (probability × value)",
                scale=alt.Scale(domain=[0, maximum])),
        y=alt.Y("function:N", sort=order, title=None,
                axis=alt.Axis(labelExpr=theme.wrapped_labels(order))),
        color=alt.Color("code:N", title="Function",
                        scale=alt.Scale(domain=list(BENEFIT_CODES),
                                        range=[BENEFIT_COLOURS[c] for c in BENEFIT_CODES]),
                        legend=None),
        opacity=alt.condition("datum.on", alt.value(1.0), alt.value(0.25)),
        tooltip=theme.tooltip(("function:N", "Function"),
                              ("article:N", "Article's wording (Table 1)"), ("status:N", "Status"),
                              ("value:Q", "Value if it works", ".2f"),
                              ("probability:Q", "Probability", ".2f"),
                              ("contribution:Q", "Contribution p × v", ".2f")),
    ).properties(width=420, height=160, name="benefit_bars")

    def terms(codes: tuple[str, ...]) -> str:
        return " + ".join(f"(on_{c} ? ' + ' + format(p_{c}, '.2f') + ' × ' + format(b_{c}, '.2f') : '')"
                          for c in codes)

    total = " + ".join(f"(on_{c} ? p_{c} * b_{c} : 0)" for c in BENEFIT_CODES)
    formula = alt.Chart(_one_row()).transform_calculate(
        first=terms(BENEFIT_CODES[:2]), second=terms(BENEFIT_CODES[2:]), b=total,
    ).transform_calculate(
        # three short lines, so that the sum stays legible on a phone
        text="'b = ' + format(datum.b, '.2f')"
             " + (length(datum.first) > 0 ? '\\n= ' + substring(datum.first, 3) : '')"
             " + (length(datum.second) > 0 ? (length(datum.first) > 0 ? '\\n+ ' : '\\n= ')"
             " + substring(datum.second, 3) : '')",
    ).mark_text(align="left", baseline="top", x=0, y=0, fontSize=14, fontWeight="bold",
                lineBreak="\n", lineHeight=18).encode(
        text="text:N",
        tooltip=theme.tooltip(("b:Q", "Expected benefits b", ".2f")),
    ).properties(width=420, height=56, name="benefit_formula")

    return alt.vconcat(formula, bars).add_params(*params).properties(
        description=("Bar chart of the four benefit functions of Table 1. Each bar is one "
                     "function's contribution to the expected benefits b, its probability times "
                     "its value; switched-off functions contribute nothing, and the line above "
                     "adds the contributions into b."),
    )


# --------------------------------------------------------------------------- costs


def break_even_grid(maximum: float = 10.0) -> pd.DataFrame:
    """Return the b-by-c grid behind :func:`break_even`: 41 × 41 points covering [0, maximum]².

    Columns ``b`` and ``c``; the step is ``maximum / 40`` (0.25 for the
    default maximum of 10), so the grid has 1,681 rows.
    """
    maximum = _check_maximum(maximum)
    values = [maximum * i / (_GRID_POINTS - 1) for i in range(_GRID_POINTS)]
    return pd.DataFrame([(b, c) for c in values for b in values], columns=["b", "c"])


def break_even(alternative: float | None = None, *, scenario: Scenario | None = None,
               benefits: float | None = None, maximum: float = 10.0) -> alt.VConcatChart:
    """Return the Costs chapter's break-even map with a cost builder.

    The map colours a grid of benefits b and costs c (both in [0,
    ``maximum``], see :func:`break_even_grid`) by the verdict of b − c ≥ a > 0
    for the alternative's value a, a slider in [−``maximum``/4, ``maximum``]
    starting at ``alternative`` (default: ``scenario.alternative``). Two lines
    mark where the verdict flips: b − c = 0 and b − c = a. The cost builder
    has sliders for the direct and opportunity costs (``c_D1`` ... ``c_O1``,
    in [0, ``maximum``/2]), the risk probabilities ``p_R1``, ``p_R2`` and
    damages ``d_R1``, ``d_R2``, plus a slider ``b`` for the expected
    benefits (default: ``scenario.b``); they place a black point (b, c) on
    the map, with c computed by :data:`alliances.value.EXPRESSIONS` (``"c_total"``). ``scenario``
    defaults to :data:`EXAMPLE_SCENARIO`. Every verdict is computed in Vega
    by :func:`alliances.value.verdict_expression`.
    """
    scenario = _check_scenario(scenario)
    maximum = _check_maximum(maximum)
    step = maximum / (_GRID_POINTS - 1)
    a_value = scenario.alternative if alternative is None else alternative
    b_value = scenario.b if benefits is None else benefits
    params = [
        _slider("a", a_value, -maximum / 4, maximum, step, "a: net value of the best alternative",
                "alternative"),
        _slider("b", b_value, 0.0, maximum, step, "b: expected benefits", "benefits"),
    ]
    for code in DIRECT_CODES + OPPORTUNITY_CODES:
        item = next(c for c in COSTS if c.code == code)
        params.append(_slider(f"c_{code}", scenario.costs[code], 0.0, maximum / 2, step,
                              f"{code} {item.short}", f"scenario.costs[{code!r}]"))
    for code in RISK_CODES:
        item = next(c for c in COSTS if c.code == code)
        params.append(_slider(f"p_{code}", scenario.risk_probabilities[code], 0.0, 1.0, 0.05,
                              f"{code} {item.short}: probability",
                              f"scenario.risk_probabilities[{code!r}]"))
        params.append(_slider(f"d_{code}", scenario.risk_damages[code], 0.0, maximum, step,
                              f"{code} damage if it happens",
                              f"scenario.risk_damages[{code!r}]"))

    size = 380
    x_scale = alt.Scale(domain=[0, maximum], nice=False)
    y_scale = alt.Scale(domain=[0, maximum], nice=False)
    verdict = verdict_expression("datum.b - datum.c", "a")
    half = step / 2 * 1.04  # a little overlap hides anti-aliasing seams between cells
    grid = alt.Chart(break_even_grid(maximum)).transform_calculate(
        net="datum.b - datum.c", verdict=verdict,
        b_lo=f"datum.b - {half}", b_hi=f"datum.b + {half}",
        c_lo=f"datum.c - {half}", c_hi=f"datum.c + {half}",
    ).mark_rect(clip=True).encode(
        x=alt.X("b_lo:Q", scale=x_scale, title="b: expected benefits"),
        x2="b_hi:Q",
        y=alt.Y("c_lo:Q", scale=y_scale, title="c: expected costs"),
        y2="c_hi:Q",
        color=alt.Color("verdict:N", scale=theme.verdict_scale(), title="Verdict",
                        legend=alt.Legend(orient="bottom")),
        tooltip=theme.tooltip(("b:Q", "b", ".2f"), ("c:Q", "c", ".2f"), ("net:Q", "b − c", ".2f"),
                              ("verdict:N", "Verdict")),
    ).properties(name="break_even_grid")

    ends = pd.DataFrame({"b": [0.0, maximum]})
    lines = alt.layer(*(
        alt.Chart(ends).transform_calculate(c=expr, line=f"'{name}'").mark_line(
            clip=True, color=theme.BLACK, strokeDash=dash, strokeWidth=1.5,
        ).encode(x=alt.X("b:Q", scale=x_scale), y=alt.Y("c:Q", scale=y_scale),
                 tooltip=theme.tooltip(("line:N", "Boundary")))
        for expr, name, dash in (("datum.b", "b − c = 0: the alliance just pays for itself", [1, 0]),
                                 ("datum.b - a", "b − c = a: the alliance just matches the alternative",
                                  [6, 4]))
    ))

    point_data = alt.Chart(_one_row()).transform_calculate(
        b="b", c=EXPRESSIONS["c_total"],
    ).transform_calculate(
        net="datum.b - datum.c", verdict=verdict,
    )
    point_tooltip = theme.tooltip(("b:Q", "b", ".2f"), ("c:Q", "c", ".2f"),
                                  ("net:Q", "b − c", ".2f"), ("verdict:N", "Verdict"))
    point = point_data.mark_point(
        filled=True, size=160, color=theme.BLACK, stroke=theme.WHITE, strokeWidth=1.5, clip=True,
        shape="diamond", opacity=1.0,
    ).encode(x=alt.X("b:Q", scale=x_scale), y=alt.Y("c:Q", scale=y_scale),
             tooltip=point_tooltip).properties(name="break_even_point")

    the_map = alt.layer(grid, lines, point).properties(width=size, height=size)

    # Two short lines of costs and a line for the verdict, each narrower than a phone's screen, so
    # that on a phone the map, not a long line of text, sets how far the chart must shrink.
    cost_terms = [f"format(c_{code}, '.2f')" for code in DIRECT_CODES + OPPORTUNITY_CODES]
    risk_terms = [f"format(p_{code}, '.2f') + ' × ' + format(d_{code}, '.2f')"
                  for code in RISK_CODES]
    summary_data = point_data.transform_calculate(
        cost_text=("'c = ' + " + " + ' + ' + ".join(cost_terms) + " + '\\n+ ' + "
                   + " + ' + ' + ".join(risk_terms) + " + ' = ' + format(datum.c, '.2f')"),
        text=("'b = ' + format(datum.b, '.2f') + ';  b − c = ' + format(datum.net, '.2f') "
              "+ ';  a = ' + format(a, '.2f') + '\\n→  ' + datum.verdict"
              "+ ((datum.b > " + repr(maximum) + " || datum.c > " + repr(maximum) + ")"
              " ? '  (point off the map)' : '')"),
        explanation=verdict_label_expression("datum.verdict"),
    )
    cost_line = summary_data.mark_text(align="left", baseline="top", x=0, y=0, fontSize=13,
                                       lineBreak="\n", lineHeight=17).encode(
        text="cost_text:N",
        tooltip=theme.tooltip(("c:Q", "Expected costs c", ".2f")),
    ).properties(name="break_even_costs")
    verdict_line = summary_data.mark_text(align="left", baseline="top", x=0, y=40, fontSize=14,
                                          fontWeight="bold", lineBreak="\n",
                                          lineHeight=18).encode(
        text="text:N",
        color=alt.Color("verdict:N", scale=theme.verdict_scale(), legend=None),
        tooltip=theme.tooltip(("explanation:N", "Verdict")) + point_tooltip,
    ).properties(name="break_even_summary")
    summary = alt.layer(cost_line, verdict_line).properties(width=size, height=76)

    chart = alt.vconcat(summary, the_map).resolve_legend(color="independent")
    return chart.add_params(*params).properties(
        description=("Map of the verdict of the formula b − c ≥ a > 0 over a grid of expected "
                     "benefits b (horizontal) and costs c (vertical) for the chosen alternative "
                     "value a. The solid line is b − c = 0 and the dashed line b − c = a; the black "
                     "diamond is the alliance built from the cost sliders."),
    )


# --------------------------------------------------------------------------- alternatives


def alliance_vs_assistance(benefits: float = 5.0, costs: float = 3.0, *,
                           assistance_benefits: float = 3.0, assistance_costs: float = 1.5,
                           maximum: float = 10.0) -> alt.VConcatChart:
    """Return the Alternatives chapter's comparison of an alliance with military-technical assistance.

    Four sliders in [0, ``maximum``] set the alliance's benefits ``b`` and
    costs ``c`` and the assistance's own benefits ``b_alt`` and costs
    ``c_alt`` for one partner. Vega computes the alternative's net value as a
    parameter ``a = b_alt - c_alt`` and the alliance's verdict with
    :func:`alliances.value.verdict_expression` (``"b - c"``, ``"a"``). Bars
    show benefits, costs and net value of each option; the line above states
    the verdict in the verdict's colour.
    """
    maximum = _check_maximum(maximum)
    step = maximum / (_GRID_POINTS - 1)
    alliance, assistance = tool(ALLIANCE_CODE).label, tool(ASSISTANCE_CODE).label
    params = [
        _slider("b", benefits, 0.0, maximum, step, "Alliance: benefits b", "benefits"),
        _slider("c", costs, 0.0, maximum, step, "Alliance: costs c", "costs"),
        _slider("b_alt", assistance_benefits, 0.0, maximum, step, "Assistance: benefits",
                "assistance_benefits"),
        _slider("c_alt", assistance_costs, 0.0, maximum, step, "Assistance: costs",
                "assistance_costs"),
        alt.param(name="a", expr="b_alt - c_alt"),
    ]
    quantities = ["benefits", "costs", "net value"]
    rows = pd.DataFrame([(opt, q) for opt in (alliance, assistance) for q in quantities],
                        columns=["option", "quantity"])
    is_alliance = f"datum.option === '{alliance}'"
    bars = alt.Chart(rows).transform_calculate(
        value=(f"datum.quantity === 'benefits' ? ({is_alliance} ? b : b_alt) : "
               f"(datum.quantity === 'costs' ? ({is_alliance} ? c : c_alt) : "
               f"({is_alliance} ? b - c : a))"),
        symbol=(f"datum.quantity === 'net value' ? ({is_alliance} ? 'b − c' : 'a = b_alt − c_alt')"
                f" : ({is_alliance} ? (datum.quantity === 'benefits' ? 'b' : 'c')"
                f" : (datum.quantity === 'benefits' ? 'b_alt' : 'c_alt'))"),
    ).mark_bar().encode(
        y=alt.Y("option:N", title=None, sort=[alliance, assistance],
                axis=alt.Axis(labelExpr=theme.wrapped_labels([alliance, assistance]))),
        yOffset=alt.YOffset("quantity:N", sort=quantities),
        x=alt.X("value:Q", title="Value points",
                scale=alt.Scale(domain=[-maximum, maximum])),
        color=alt.Color("quantity:N", title="Quantity",
                        scale=alt.Scale(domain=quantities,
                                        range=[theme.GREEN, theme.PURPLE, theme.SKY_BLUE]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=theme.tooltip(("option:N", "Option"), ("quantity:N", "Quantity"),
                              ("symbol:N", "Symbol"), ("value:Q", "Value", ".2f")),
    ).properties(width=420, height=180, name="options_bars")
    zero = alt.Chart(pd.DataFrame({"value": [0.0]})).mark_rule(color=theme.BLACK).encode(
        x="value:Q", tooltip=theme.tooltip(("value:Q", "Zero: no net gain")))

    verdict = verdict_expression("b - c", "a")
    summary = alt.Chart(_one_row()).transform_calculate(
        net="b - c", alt_net="a", verdict=verdict,
    ).transform_calculate(
        text=("'Alliance: b − c = ' + format(datum.net, '.2f') + '\\nAssistance: a = ' "
              "+ format(datum.alt_net, '.2f') + '\\n→ ' + datum.verdict"),
        explanation=verdict_label_expression("datum.verdict"),
    ).mark_text(align="left", baseline="top", x=0, y=0, fontSize=14, fontWeight="bold",
                lineBreak="\n", lineHeight=18).encode(
        text="text:N",
        color=alt.Color("verdict:N", scale=theme.verdict_scale(), legend=None),
        tooltip=theme.tooltip(("explanation:N", "Verdict"), ("net:Q", "Alliance b − c", ".2f"),
                              ("alt_net:Q", "Assistance a", ".2f")),
    ).properties(width=420, height=56, name="options_summary")

    chart = alt.vconcat(summary, alt.layer(bars, zero)).resolve_scale(color="independent")
    return chart.add_params(*params).properties(
        description=("Bar chart comparing an alliance with military-technical assistance for one "
                     "partner: benefits, costs and net value of each. The assistance's net value "
                     "is the alternative a, and the line above gives the verdict of b − c ≥ a > 0."),
    )


# --------------------------------------------------------------------------- expected value


#: How many imagined copies of one alliance the expected-value picture draws, one square each.
EXPECTED_VALUE_TRIALS = 20


def expected_value_chart(probability: float = 0.75, value: float = 4.0) -> alt.VConcatChart:
    """Return the theory chapter's picture of an expected value: why p × v, and not v.

    Two sliders set the probability ``p`` (in [0, 1], step 0.05) that a benefit works and
    its value ``v`` (in [0, 10] value points, step 0.5) when it does. The picture imagines
    :data:`EXPECTED_VALUE_TRIALS` (20) alliances like this one: in round(p × 20) of them
    the benefit comes (a blue square, worth v) and in the rest it does not (an orange
    square, worth 0). Two bars compare the value if it works, v, with the average over the
    20, p × v, the expected value; a line above spells out the product. Every number is
    computed in Vega from the sliders, so the picture stays live in the page.
    """
    trials = EXPECTED_VALUE_TRIALS
    columns = 5
    params = [
        _slider("p", probability, 0.0, 1.0, 1 / trials, "p: probability that the benefit works",
                "probability"),
        _slider("v", value, 0.0, 10.0, 0.5, "v: value if it works", "value"),
    ]
    works, fails = "works: worth v", "does not work: worth 0"
    squares = alt.Chart(pd.DataFrame({"i": list(range(trials))})).transform_calculate(
        column=f"datum.i % {columns}", row=f"floor(datum.i / {columns})",
        number="datum.i + 1",
        outcome=f"datum.i < round(p * {trials}) ? '{works}' : '{fails}'",
        worth=f"datum.i < round(p * {trials}) ? v : 0",
    ).mark_rect(stroke=theme.WHITE, strokeWidth=3).encode(
        x=alt.X("column:O", axis=None),
        y=alt.Y("row:O", axis=None),
        color=alt.Color("outcome:N", title="Each square: one alliance",
                        scale=theme.scale({works: theme.BLUE, fails: theme.ORANGE}),
                        legend=alt.Legend(orient="bottom", direction="vertical")),
        tooltip=theme.tooltip(("number:Q", "Alliance"), ("outcome:N", "The benefit"),
                              ("worth:Q", "Worth (value points)", ".2f")),
    ).properties(width=columns * 40, height=trials // columns * 40, name="expected_squares")

    quantities = ["if it works: v", "average: p × v"]
    bars = alt.Chart(pd.DataFrame({"quantity": quantities})).transform_calculate(
        amount=f"datum.quantity === '{quantities[0]}' ? v : p * v",
    ).mark_bar(color=theme.BLUE).encode(
        x=alt.X("amount:Q", title="Value points", scale=alt.Scale(domain=[0, 10])),
        y=alt.Y("quantity:N", sort=quantities, title=None,
                axis=alt.Axis(labelExpr=theme.wrapped_labels(quantities, 16))),
        tooltip=theme.tooltip(("quantity:N", "Quantity"), ("amount:Q", "Value points", ".2f")),
    ).properties(width=260, height=80, name="expected_bars")

    summary = alt.Chart(_one_row()).transform_calculate(
        comes=f"round(p * {trials})", expected="p * v",
    ).transform_calculate(
        text=("'p × v = ' + format(p, '.2f') + ' × ' + format(v, '.2f') + ' = '"
              " + format(datum.expected, '.2f')"
              f" + '\\nThe benefit comes in ' + datum.comes + ' of {trials};'"
              f" + '\\naverage over all {trials}: ' + format(datum.expected, '.2f')"),
    ).mark_text(align="left", baseline="top", x=0, y=0, fontSize=14, lineBreak="\n",
                lineHeight=18).encode(
        text="text:N",
        tooltip=theme.tooltip(("expected:Q", "Expected value p × v", ".2f")),
    ).properties(width=260, height=56, name="expected_summary")

    chart = alt.vconcat(summary, squares, bars)
    return chart.add_params(*params).properties(
        description=(f"Picture of an expected value. {trials} squares stand for {trials} "
                     "alliances like one alliance; a share p of them, in blue, bring a benefit "
                     "worth v, and the rest, in orange, bring nothing. Two bars compare v with "
                     "the average over the squares, p × v, which is the expected value."),
    )


__all__ = ["BENEFIT_COLOURS", "EXAMPLE_SCENARIO", "EXPECTED_VALUE_TRIALS", "alliance_vs_assistance",
           "benefit_menu", "break_even", "break_even_grid", "expected_value_chart"]
