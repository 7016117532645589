"""The formula explorer: move the inputs of b − c ≥ a > 0 and watch the verdict.

One call, :func:`~alliances.formula_explorer`, returns an object that shows itself in the
best way the front-end allows:

* with a kernel (JupyterLab, VS Code, Colab) it is an ipywidgets panel: one
  slider per input, a verdict line computed by :func:`alliances.assess`, and a
  waterfall chart from benefits through costs to the net value, set against a;
* in the published HTML, where no Python runs, it is a Vega-Lite chart whose
  parameters are bound to sliders. The same formula is written as Vega
  expressions (built here from the typology codes, and with the decision rule
  from :func:`alliances.value.verdict_expression`), so the page recomputes the
  verdict in the browser.

The object offers both views in its MIME bundle; a kernel front-end picks the
widget, and the book's build picks the HTML (see ``_config.yml``).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import ipywidgets as widgets

from . import render, theme
from .render import vega_html
from .value import (
    EXPRESSIONS,
    GROUPS,
    PARAMETERS,
    TERMS,
    Assessment,
    Scenario,
    format_value,
    verdict_label_expression,
)

_LABEL_EXPR = verdict_label_expression("verdict")

_NUMBERS_EXPR = ("'b = ' + format(b_total, '.2f') + '  ·  c = ' + format(c_total, '.2f') + "
                 "'  ·  b − c = ' + format(net_value, '.2f') + '  ·  a = ' + format(a, '.2f')")


#: The explorer's modes: every detailed input of :data:`~alliances.value.PARAMETERS`, or the
#: formula's three terms b, c and a of :data:`~alliances.value.TERMS`.
MODES = ("detailed", "terms")


def _check_mode(mode: object) -> str:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(map(repr, MODES))}, got {mode!r}")
    return str(mode)


def _table(mode: str) -> Mapping[str, Any]:
    return TERMS if mode == "terms" else PARAMETERS


def _check_inputs(inputs: Sequence[str] | None, mode: str = "detailed") -> list[str]:
    table = _table(mode)
    if inputs is None:
        return list(table)
    if isinstance(inputs, str):
        raise TypeError("inputs must be a sequence of parameter names, not a single string")
    unknown = [name for name in inputs if name not in table]
    if unknown:
        raise ValueError(f"inputs has unknown name(s) {unknown}; allowed names "
                         f"(mode={mode!r}) are {', '.join(table)}")
    return list(inputs)


def input_values(scenario: Scenario, mode: str = "detailed") -> dict[str, float]:
    """The explorer's input values for ``scenario``: its flat parameters, or b, c and a (``mode="terms"``)."""
    if _check_mode(mode) == "terms":
        return {"b": scenario.b, "c": scenario.c, "a": scenario.alternative}
    return scenario.to_params()


def terms_scenario(b: float, c: float, a: float) -> Scenario:
    """A scenario whose expected benefits are ``b``, expected costs ``c`` and alternative ``a``.

    One certain benefit worth b and one direct cost of c: the scenario of the terms mode.
    """
    return Scenario(benefits={"1A": b}, probabilities={"1A": 1.0}, costs={"D1": c}, alternative=a)


def waterfall_chart(scenario: Scenario, *, inputs: Sequence[str] | None = None,
                    bind: bool = True, title: str = "The value of the alliance",
                    header: bool = True, mode: str = "detailed") -> alt.VConcatChart | alt.LayerChart:
    """Return the explorer's chart: a verdict line above a waterfall from b through c to b − c, against a.

    Every flat parameter of ``scenario`` becomes a Vega parameter; those named
    in ``inputs`` (default: all) are bound to sliders when ``bind`` is true.
    With ``header=False`` the chart is the waterfall alone, as wide as its
    container (the web page shows the verdict above it as text).
    The totals and the verdict are Vega expressions (:data:`~alliances.value.EXPRESSIONS`), so
    the chart recomputes itself in the browser when a slider moves. With ``mode="terms"``
    the parameters are b, c and a themselves (:data:`~alliances.value.TERMS`).
    """
    mode = _check_mode(mode)
    shown = _check_inputs(inputs, mode)
    table = _table(mode)
    params = []
    for name, value in input_values(scenario, mode).items():
        spec = table[name]
        binding = (alt.binding_range(min=spec.low, max=spec.high, step=spec.step, name=spec.label)
                   if bind and name in shown else None)
        params.append(alt.param(name=name, value=value, bind=binding) if binding
                      else alt.param(name=name, value=value))
    expressions = dict(EXPRESSIONS)
    if mode == "terms":
        expressions.update(b_total="b", c_total="c")
    params += [alt.param(name=name, expr=expr) for name, expr in expressions.items()]

    steps = alt.Data(values=[
        {"step": "Benefits b", "order": 1}, {"step": "Costs c", "order": 2},
        {"step": "Net b − c", "order": 3}, {"step": "Alternative a", "order": 4},
    ])
    base = alt.Chart(steps).transform_calculate(
        value="datum.order == 1 ? b_total : datum.order == 2 ? -c_total : "
              "datum.order == 3 ? net_value : a",
        start="datum.order == 2 ? b_total : 0",
        end="datum.order == 2 ? net_value : datum.value",
        kind="datum.order == 1 ? 'gain' : datum.order == 2 ? 'loss' : "
             "datum.order == 3 ? 'net value' : 'alternative'",
        label="format(datum.value, '+.2f')",
    )
    x = alt.X("step:N", sort=alt.SortField("order"), title=None,
              axis=alt.Axis(labelAngle=0, labelFontSize=12))
    bars = base.mark_bar(width={"band": 0.6}).encode(
        x=x,
        y=alt.Y("start:Q", title="Value points"),
        y2="end:Q",
        color=alt.Color("kind:N", title=None, legend=None, scale=alt.Scale(
            domain=["gain", "loss", "net value", "alternative"],
            range=[theme.GREEN, theme.VERMILION, theme.BLUE, theme.GREY])),
        tooltip=theme.tooltip(("step:N", "Step"), ("value:Q", "Value", ".2f")),
    )
    labels = base.mark_text(dy=-8, fontSize=12).encode(
        x=x, y=alt.Y("end:Q"), text="label:N")
    zero = alt.Chart(alt.Data(values=[{"y": 0}])).mark_rule(color=theme.BLACK).encode(y="y:Q")
    bar_a = alt.Chart(alt.Data(values=[{"line": "a"}])).transform_calculate(
        y="a").mark_rule(strokeDash=[6, 4], color=theme.DARK_GREY).encode(
        y="y:Q", tooltip=theme.tooltip(("y:Q", "Alternative a", ".2f")))
    panel = alt.layer(bars, labels, zero, bar_a).properties(width=420, height=260)

    verdict = alt.Chart(alt.Data(values=[{"row": 0}])).transform_calculate(
        verdict_label=_LABEL_EXPR, numbers=_NUMBERS_EXPR, verdict="verdict",
    )
    verdict_text = verdict.mark_text(align="left", fontSize=15, fontWeight="bold", x=0, y=8)
    verdict_text = verdict_text.encode(
        text="verdict_label:N",
        color=alt.Color("verdict:N", legend=None, scale=theme.verdict_scale()))
    numbers_text = verdict.mark_text(align="left", fontSize=12, x=0, y=30).encode(text="numbers:N")
    top = alt.layer(verdict_text, numbers_text).properties(width=420, height=40)

    description = (f"{title}: a waterfall chart. A green bar for the expected benefits b, a "
                   "vermilion bar stepping down by the costs c, a blue bar for the net value "
                   "b − c, and a grey bar and dashed line for the best alternative a. Above it, "
                   "the verdict of the formula b − c ≥ a > 0 and the numbers.")
    if not header:
        # The page shows the verdict as text above the chart; "b = 1.00" never breaks in two.
        params += [alt.param(name="verdict_label", expr=_LABEL_EXPR),
                   alt.param(name="verdict_numbers", expr=_NUMBERS_EXPR.replace(" = ", "\u00a0=\u00a0"))]
        return alt.layer(bars, labels, zero, bar_a, title=title).properties(
            width="container", height=260, description=description).add_params(
            *params).configure_view(stroke=None)
    return alt.vconcat(top, panel, title=title).add_params(*params).properties(
        description=description).resolve_scale(color="independent").configure_view(stroke=None)


def _numbers_text(result: Assessment) -> str:
    """The verdict's numbers as :data:`_NUMBERS_EXPR` prints them in the chart (:func:`format_value`)."""
    return "  ·  ".join(f"{name} = {format_value(value)}" for name, value in (
        ("b", result.benefits), ("c", result.costs), ("b − c", result.net),
        ("a", result.alternative)))


class FormulaExplorer:
    """Sliders for the formula's inputs, the verdict and a chart; see :func:`~alliances.formula_explorer`.

    In a kernel the panel matches the web page: the sliders carry the full
    labels of :data:`~alliances.value.PARAMETERS`, grouped as benefits, costs and
    risks, and the alternative; the verdict is shown once, above the chart, with
    numbers printed by :func:`~alliances.value.format_value` (the rule of the
    chart's Vega ``format``); the chart is one :class:`altair.JupyterChart`
    whose Vega parameters follow the sliders, drawn offline. Choosing a case
    sets every slider first and then updates the verdict and the chart once.
    """

    def __init__(self, scenario: Scenario | None = None, *,
                 presets: Mapping[str, Scenario] | None = None,
                 inputs: Sequence[str] | None = None,
                 title: str = "The value of the alliance", mode: str = "detailed",
                 fold: bool | None = None) -> None:
        if presets is not None:
            if not isinstance(presets, Mapping) or not presets:
                raise ValueError("presets must be a non-empty mapping from case names to Scenario")
            for name, preset in presets.items():
                if not isinstance(preset, Scenario):
                    raise TypeError(f"presets[{name!r}] must be a Scenario, "
                                    f"got {type(preset).__name__}")
            if scenario is None:
                scenario = next(iter(presets.values()))
        if scenario is None:
            scenario = Scenario()
        if not isinstance(scenario, Scenario):
            raise TypeError(f"scenario must be an alliances.Scenario, got {type(scenario).__name__}")
        self.presets = dict(presets) if presets else None
        self.mode = _check_mode(mode)
        self.inputs = _check_inputs(inputs, self.mode)
        self.title = title
        if fold is not None and not isinstance(fold, bool):
            raise TypeError(f"fold must be True, False or None, got {fold!r}")
        #: Whether the inputs fold away behind a toggle (:func:`~alliances.formula_explorer`).
        self.fold = (self.mode == "detailed" and len(self.inputs) == len(PARAMETERS)
                     if fold is None else fold)
        self._fixed = input_values(scenario, self.mode)
        self._holding = False
        self.sliders: dict[str, widgets.FloatSlider] = {}
        table = _table(self.mode)
        for name in self.inputs:
            spec = table[name]
            slider = widgets.FloatSlider(
                value=self._fixed[name], min=spec.low, max=spec.high, step=spec.step,
                description=spec.label, description_allow_html=False, continuous_update=False,
                tooltip=spec.description, readout_format=".2f",
                style={"description_width": "27em"}, layout=widgets.Layout(width="42em"))
            slider.observe(self._update, names="value")
            self.sliders[name] = slider
        self.preset_menu = None
        if self.presets:
            self.preset_menu = widgets.Dropdown(options=list(self.presets), description="Case")
            self.preset_menu.observe(self._apply_preset, names="value")
        self.verdict = widgets.HTML()
        self.verdict.add_class("alliances-verdict")
        self.fold_button: widgets.ToggleButton | None = None
        if self.fold:
            self.fold_button = widgets.ToggleButton(
                value=True, description=self._fold_text(True), icon="eye-slash",
                tooltip="The verdict, the chart and the totals b, c and a stay in view",
                layout=widgets.Layout(width="auto"))
        self._chart: Any = None
        self._update()

    def _fold_text(self, shown: bool) -> str:
        return f"{'Hide' if shown else 'Show'} {self.fold_label}"

    @property
    def fold_label(self) -> str:
        """What the toggle folds away: ``"the 17 detailed inputs"``."""
        return f"the {len(self.inputs)} {'detailed ' if self.mode == 'detailed' else ''}inputs"

    @property
    def scenario(self) -> Scenario:
        """The scenario that the sliders describe now."""
        values = dict(self._fixed)
        values.update({name: slider.value for name, slider in self.sliders.items()})
        if self.mode == "terms":
            return terms_scenario(values["b"], values["c"], values["a"])
        return Scenario.from_params(values)

    @property
    def chart(self) -> widgets.Widget:
        """The chart of the panel: an offline :class:`altair.JupyterChart` (an output area on Colab)."""
        if self._chart is None:
            if render.widgets_wanted(require_kernel=False):
                render.enable_offline_widgets()
                chart = waterfall_chart(self.scenario, inputs=self.inputs, bind=False,
                                        title=self.title, header=False,
                                        mode=self.mode).properties(width=420)
                self._chart = alt.JupyterChart(chart)
            else:
                self._chart = widgets.Output()
            self._draw()
        return self._chart

    def _apply_preset(self, change: Any = None) -> None:
        if self.presets is None or self.preset_menu is None:
            return
        preset = input_values(self.presets[self.preset_menu.value], self.mode)
        self._fixed = dict(preset)
        # Every slider moves first, with no recomputation on the way; then one update.
        self._holding = True
        try:
            for name, slider in self.sliders.items():
                slider.value = preset[name]
        finally:
            self._holding = False
        self._update()

    def _update(self, change: Any = None) -> None:
        if self._holding:
            return
        result = self.scenario.assess()
        colour = theme.VERDICT_COLOURS[result.verdict]
        numbers = _numbers_text(result)
        self.verdict.value = (
            f'<p style="font-size:1.1em;margin:0.2em 0"><b style="color:{colour}">'
            f"{html.escape(result.verdict.label)}</b><br>{numbers}</p>")
        if self._chart is not None:
            self._draw()

    def _draw(self) -> None:
        if isinstance(self._chart, widgets.Output):
            self._chart.clear_output(wait=True)
            with self._chart:
                from IPython.display import display
                display(waterfall_chart(self.scenario, inputs=self.inputs, bind=False,
                                        title=self.title, header=False,
                                        mode=self.mode).properties(width=420))
            return
        values = input_values(self.scenario, self.mode)
        with self._chart.hold_sync():        # one message: the chart redraws once
            for name, value in values.items():
                if getattr(self._chart.params, name) != value:
                    setattr(self._chart.params, name, value)

    @property
    def widget(self) -> widgets.Widget:
        """The ipywidgets panel shown in a kernel front-end."""
        blocks: list[widgets.Widget] = []
        table = _table(self.mode)
        for group in GROUPS:
            sliders = [slider for name, slider in self.sliders.items()
                       if table[name].group == group]
            if sliders:
                heading = widgets.HTML(f"<b>{html.escape(group[0].upper() + group[1:])}</b>")
                blocks.append(widgets.VBox([heading, *sliders]))
        controls = widgets.VBox(blocks, layout=widgets.Layout(min_width="42em"))
        top: list[widgets.Widget] = [self.preset_menu] if self.preset_menu else []
        if self.fold_button is not None:
            button = self.fold_button

            def toggle(change: Any = None) -> None:
                controls.layout.display = None if button.value else "none"
                button.description = self._fold_text(button.value)
                button.icon = "eye-slash" if button.value else "eye"

            button.observe(toggle, names="value")
            toggle()
            top = [widgets.HBox([*top, button], layout=widgets.Layout(flex_flow="row wrap",
                                                                      align_items="center"))]
        # The verdict and the chart first: beside the sliders on a wide screen, above them on a
        # narrow one, so that the verdict stays in view (as on the web page).
        view = widgets.VBox([self.verdict, self.chart], layout=widgets.Layout(margin="0 1em 0 0"))
        panel = widgets.VBox([*top, widgets.HBox([view, controls],
                                                 layout=widgets.Layout(flex_flow="row wrap"))])
        panel.add_class("alliances-explorer")
        return panel

    def html(self) -> str:
        """The live HTML version: a Vega-Lite chart with sliders, computed in the browser."""
        chart = waterfall_chart(self.scenario, inputs=self.inputs, bind=True, title=self.title,
                                header=False, mode=self.mode)
        presets = ({name: input_values(s, self.mode) for name, s in self.presets.items()}
                   if self.presets else None)
        blocks: dict[str, list[str]] = {group[0].upper() + group[1:]: [] for group in GROUPS}
        table = _table(self.mode)
        for name in self.inputs:
            group = table[name].group
            blocks[group[0].upper() + group[1:]].append(name)
        result = self.scenario.assess()
        verdict = {"value": "verdict", "label": "verdict_label", "numbers": "verdict_numbers",
                   "initial_value": result.verdict.value, "initial_label": result.verdict.label,
                   "initial_numbers": _numbers_text(result).replace(" = ", "\u00a0=\u00a0")}
        key = "-".join("".join(ch if ch.isalnum() else " " for ch in self.title.lower()).split())
        return vega_html(chart.to_dict(), presets=presets, preset_label="Case",
                         controls={k: v for k, v in blocks.items() if v}, verdict=verdict,
                         key=key or "explorer", fold=self.fold_label if self.fold else None)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {}
        if not render.html_only():        # the book's build shows the HTML alone
            bundle.update(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        if render.widgets_wanted():
            # In a kernel the widget is the view; the HTML is only what JupyterLab shows when the
            # notebook is reopened untrusted or without the widget's state. There no script runs,
            # so show the verdict as it stood, not the page's empty slider frames.
            bundle["text/html"] = (f"{self.verdict.value}<p><em>Run this cell again to move the "
                                   "sliders.</em></p>")
        else:
            bundle["text/html"] = self.html()
        bundle["text/plain"] = str(self.scenario.assess())
        return bundle


def formula_explorer(scenario: Scenario | None = None, *,
                     presets: Mapping[str, Scenario] | None = None,
                     inputs: Sequence[str] | None = None,
                     title: str = "The value of the alliance",
                     mode: str = "detailed", fold: bool | None = None) -> FormulaExplorer:
    """Return an explorer of the formula b − c ≥ a > 0, live in Jupyter and in the book.

    ``scenario`` sets the starting values (default: every part 0, benefit
    probabilities at :data:`alliances.COMPLIANCE_RATE`). ``presets`` maps case
    names to scenarios and adds a case menu that resets the sliders. ``inputs``
    lists the flat parameter names to show as sliders (default: all of
    :data:`~alliances.value.PARAMETERS`); the others stay at the scenario's values.
    With ``mode="terms"`` the explorer moves the formula's three terms b, c and a directly
    (:data:`~alliances.value.TERMS`; ``inputs`` then lists some of ``"b"``, ``"c"``, ``"a"``),
    in the page and in Jupyter alike: the first explorer, before b and c have their parts.
    With ``fold=True`` a toggle, "Hide the 17 detailed inputs", hides the sliders (and shows them
    again), in the page and in Jupyter, while the verdict, the totals b, c and a and the chart stay
    in view; the inputs start shown. By default (``fold=None``) the full explorer, which shows
    every detailed input, has the toggle and any other explorer has none.
    """
    return FormulaExplorer(scenario, presets=presets, inputs=inputs, title=title, mode=mode,
                           fold=fold)
