"""The value of an asymmetric alliance: the formula b − c ≥ a > 0.

Istomin (2021) argues that a major power should keep an alliance
with a weak state only when the alliance's benefits ``b`` minus its costs ``c``
are positive and at least as large as the net value ``a`` of the best
alternative instrument of influence. This module is the one place where the
book computes that rule. :func:`~alliances.assess` applies it to three numbers;
:class:`~alliances.Scenario` builds ``b`` and ``c`` from the parts of the article's
Tables 1 and 2 and then applies it.

All values are in the same abstract unit ("value points"): the theory ranks
gains against losses but, as the article stresses, cannot put them on a
measured scale. The numbers are a thinking tool, not a measurement.

**One rule at a boundary.** The verdict compares two differences with zero:
the net value b − c and the margin b − c − a. Both are first rounded to
:data:`~alliances.value.BOUNDARY_DECIMALS` (9) decimal places, to the nearest
multiple of 10⁻⁹ with a half rounded up, and only then compared: b − c must be
above 0, and b − c − a at least 0. So b = 9, c = 8.4 and a = 0.6 give "ally", as
on paper, although the computer's b − c falls a hair short of 0.6; and a
difference smaller than half a billionth counts as zero.
:func:`~alliances.verdict_for` applies the rule in Python and
:func:`~alliances.value.verdict_expression` writes the same rule as a Vega
expression (Vega's ``round``), so every explorer in the published book decides
exactly as the library does.

Every object of the formula shows itself in words: an :class:`Assessment`, a
:class:`Verdict`, a :class:`Scenario` or a :class:`Parameter` prints as a
sentence (also inside a list), and in Jupyter as that sentence above a small
table.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from html import escape
from types import MappingProxyType

from .typology import BENEFIT_CODES, DIRECT_CODES, OPPORTUNITY_CODES, RISK_CODES, benefit, cost
from .validate import check_non_negative, check_number, check_probability

#: Default probability that a benefit of the alliance materialises.
#:
#: Leeds, Long and Mitchell (2000) found that, when the situation foreseen in
#: a written alliance treaty actually arose, states did what the treaty
#: promised in about 75% of cases. It measures the reliability of formal
#: promises, not the informal loyalty a patron hopes for, so the book uses it
#: only as a starting point that the reader is invited to change.
COMPLIANCE_RATE: float = 0.75


class _LabelInHtml:
    """Show an object's ``label`` ("Name: explanation") in Jupyter, its name in bold.

    (An enum may not define a ``_sunder_`` method such as ``_repr_html_`` itself.)
    """

    @property
    def label(self) -> str:
        """A line "Name: explanation"."""
        raise NotImplementedError

    def _repr_html_(self) -> str:
        name, _, reason = self.label.partition(": ")
        return f"<p><strong>{escape(name)}</strong>: {escape(reason)}.</p>"


class Verdict(_LabelInHtml, Enum):
    """What the formula b − c ≥ a > 0 recommends.

    ``ALLY``: the net value b − c is positive and at least a, so the alliance
    pays and beats the best alternative. ``ALTERNATIVE``: b − c is positive
    but below a, so the alliance pays but another instrument pays more.
    ``NOT_WORTH_IT``: b − c ≤ 0, so the alliance does not pay at all.
    """

    NOT_WORTH_IT = "not worth it"
    ALTERNATIVE = "alternative"
    ALLY = "ally"

    @property
    def rank(self) -> int:
        """Order of preference for the alliance: 0 worst, 2 best."""
        return list(Verdict).index(self)

    @property
    def label(self) -> str:
        """A short sentence that explains the verdict to a reader."""
        return VERDICT_LABELS[self]

    def __repr__(self) -> str:   # a word, also inside a list: ``[alternative, ally]``
        return str(self.value)

    def __str__(self) -> str:
        return str(self.value)


VERDICT_LABELS: Mapping[Verdict, str] = MappingProxyType({
    Verdict.ALLY: "Ally: the alliance pays and beats the best alternative",
    Verdict.ALTERNATIVE: "Alternative: the alliance pays, but another tool pays more",
    Verdict.NOT_WORTH_IT: "Not worth it: the alliance costs at least what it brings",
})


@dataclass(frozen=True)
class Assessment:
    """The result of :func:`~alliances.assess`: the inputs, the net value, the margin and the verdict."""

    benefits: float
    costs: float
    alternative: float
    net: float
    margin: float
    verdict: Verdict

    def __str__(self) -> str:
        return (f"b = {_shown(self.benefits)}, c = {_shown(self.costs)}, "
                f"a = {_shown(self.alternative)}: b − c = {_shown(self.net)}, "
                f"margin over a = {_shown(self.margin)} → {self.verdict.label}")

    def __repr__(self) -> str:   # the same sentence, also inside a list
        return str(self)

    @property
    def reason(self) -> str:
        """Why the formula gives this verdict, in one sentence with the numbers."""
        net, a = _shown(self.net), _shown(self.alternative)
        if self.verdict is Verdict.NOT_WORTH_IT:
            return f"The net value b − c = {net} is not positive."
        if self.verdict is Verdict.ALTERNATIVE:
            return f"The net value b − c = {net} is positive but below a = {a}."
        return f"The net value b − c = {net} is positive and at least a = {a}."

    def _repr_html_(self) -> str:
        """The verdict and its reason above a small table of b, c, b − c, a and the margin."""
        rows = [("b", "expected benefits", self.benefits), ("c", "expected costs", self.costs),
                ("b − c", "net value of the alliance", self.net),
                ("a", "net value of the best alternative", self.alternative),
                ("b − c − a", "margin over the alternative", self.margin)]
        return (f"{self.verdict._repr_html_()}<p>{escape(self.reason)}</p>"
                + _html_table(("symbol", "meaning", "value"),
                              [(symbol, meaning, _shown(number)) for symbol, meaning, number in rows],
                              numeric=(2,)))


#: Decimal places to which :func:`~alliances.verdict_for` rounds b − c and b − c − a before
#: comparing them with 0 (see the module's "one rule at a boundary").
BOUNDARY_DECIMALS: int = 9
_SCALE = 10 ** BOUNDARY_DECIMALS


def round_difference(value: float) -> float:
    """Round a difference such as b − c to 9 decimal places, as the verdict does.

    The value is rounded to the nearest multiple of 10⁻⁹, a half upwards (towards +∞), exactly
    as Vega's ``round(value * 1e9) / 1e9`` does in the browser, so Python and the published
    book's explorers agree on every boundary. A value that is not finite is returned unchanged.
    """
    scaled = value * _SCALE
    if not math.isfinite(scaled):
        return scaled
    whole = math.floor(scaled)
    if scaled - whole >= 0.5:   # exact for a float: JavaScript's Math.round, a half up
        whole += 1
    return whole / _SCALE


def _shown(value: float) -> str:
    """A number as the sentences print it: rounded like a difference, short, with a true minus."""
    return f"{round_difference(value) + 0.0:g}".replace("-", "\u2212")


def _html_table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]],
                numeric: tuple[int, ...] = ()) -> str:
    """A small HTML table, set at the left with room between its columns; the columns at the
    positions ``numeric`` are right-aligned, and only the second column (words) may wrap.
    Inline styles, so it looks alike in the book and in JupyterLab."""
    def cell(tag: str, k: int, text: str) -> str:
        align = "right" if k in numeric else "left"
        rule = " border-bottom: 1px solid;" if tag == "th" else ""
        wrap = "" if k == 1 else " white-space: nowrap;"
        return (f'<{tag} style="text-align: {align}; padding: 0.15em 0.6em;{wrap}{rule}">'
                f"{escape(text)}</{tag}>")
    head = "".join(cell("th", k, text) for k, text in enumerate(header))
    body = "".join("<tr>" + "".join(cell("td", k, text) for k, text in enumerate(row)) + "</tr>"
                   for row in rows)
    return (f'<table style="margin: 0.3em 0 1em; border-collapse: collapse;">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _text_table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]],
                numeric: tuple[int, ...] = ()) -> str:
    """A small plain-text table; the columns at the positions ``numeric`` are right-aligned."""
    lines = [header, *rows]
    widths = [max(len(line[k]) for line in lines) for k in range(len(header))]
    return "\n".join("  ".join(text.rjust(width) if k in numeric else text.ljust(width)
                                for k, (text, width) in enumerate(zip(line, widths))).rstrip()
                      for line in lines)


def verdict_for(net: float, alternative: float) -> Verdict:
    """Return the verdict for a net value b − c and an alternative's value a.

    This is the formula's decision rule and nothing else, with the module's one rule at a
    boundary: net and net − a are first rounded to
    :data:`~alliances.value.BOUNDARY_DECIMALS` (9) decimal places
    (:func:`~alliances.value.round_difference`). Then ``NOT_WORTH_IT`` when net ≤ 0, else
    ``ALLY`` when net − a ≥ 0, else ``ALTERNATIVE``. A value a ≤ 0 means that no alternative
    with a positive value exists, so any alliance with a positive net value is then the best
    option.
    """
    if not round_difference(net) > 0:
        return Verdict.NOT_WORTH_IT
    return Verdict.ALLY if round_difference(net - alternative) >= 0 else Verdict.ALTERNATIVE


def assess(benefits: float, costs: float, alternative: float) -> Assessment:
    """Apply the formula b − c ≥ a > 0 to one alliance.

    ``benefits`` (b) and ``costs`` (c) are non-negative finite numbers and
    ``alternative`` (a) is any finite number: the net value of the best other
    instrument of influence, with a ≤ 0 meaning that no alternative has a
    positive value. The article reads the formula as two demands: the
    alliance's net value b − c must be positive, and it must not be smaller
    than the alternative's. The result holds ``net`` = b − c, ``margin`` =
    net − a and the :class:`~alliances.Verdict`. Raises ``TypeError`` or ``ValueError``
    naming the parameter for any other input.
    """
    b = check_non_negative(benefits, "benefits")
    c = check_non_negative(costs, "costs")
    a = check_number(alternative, "alternative")
    net = b - c
    return Assessment(b, c, a, net, net - a, verdict_for(net, a))


def _frozen_parts(value: Mapping[str, float] | None, codes: tuple[str, ...], name: str,
                  default: float, check: Callable[[object, str], float]) -> Mapping[str, float]:
    """Check a mapping of parts keyed by typology codes and fill the missing ones."""
    value = {} if value is None else value
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping from the codes {', '.join(codes)} "
                        f"to numbers, got {type(value).__name__}")
    unknown = sorted(set(value) - set(codes), key=str)
    if unknown:
        raise ValueError(f"{name} has unknown code(s) {unknown}; allowed codes are "
                         f"{', '.join(codes)}")
    return MappingProxyType({code: check(value.get(code, default), f"{name}[{code!r}]")
                             for code in codes})


@dataclass(frozen=True)
class Scenario:
    """Every input of the formula, part by part, following Tables 1 and 2.

    ``benefits`` maps the Table 1 codes ``1A``, ``1B``, ``2A``, ``2B`` to the
    value of each function if it materialises (≥ 0), and ``probabilities``
    maps the same codes to the chance that it does (in [0, 1], default
    :data:`~alliances.COMPLIANCE_RATE`), so b = Σ probability × value. ``costs`` maps the
    direct-cost codes ``D1``-``D3`` and the opportunity-cost code ``O1`` to
    their values (≥ 0); ``risk_probabilities`` and ``risk_damages`` map the
    risk codes ``R1``, ``R2`` to a probability and a damage, so that c =
    direct + opportunity + Σ probability × damage. ``alternative`` is a.
    Missing codes default to a value of 0.
    """

    benefits: Mapping[str, float] = field(default_factory=dict)
    probabilities: Mapping[str, float] = field(default_factory=dict)
    costs: Mapping[str, float] = field(default_factory=dict)
    risk_probabilities: Mapping[str, float] = field(default_factory=dict)
    risk_damages: Mapping[str, float] = field(default_factory=dict)
    alternative: float = 0.0

    def __post_init__(self) -> None:
        parts = {
            "benefits": (BENEFIT_CODES, 0.0, check_non_negative),
            "probabilities": (BENEFIT_CODES, COMPLIANCE_RATE, check_probability),
            "costs": (DIRECT_CODES + OPPORTUNITY_CODES, 0.0, check_non_negative),
            "risk_probabilities": (RISK_CODES, 0.0, check_probability),
            "risk_damages": (RISK_CODES, 0.0, check_non_negative),
        }
        for name, (codes, default, check) in parts.items():
            object.__setattr__(self, name, _frozen_parts(getattr(self, name), codes, name,
                                                         default, check))
        object.__setattr__(self, "alternative", check_number(self.alternative, "alternative"))

    @property
    def b(self) -> float:
        """Expected benefits: Σ probability × value over the four functions of Table 1."""
        total = 0.0
        for code in BENEFIT_CODES:
            total += self.probabilities[code] * self.benefits[code]
        return total

    @property
    def c(self) -> float:
        """Expected costs: direct + opportunity costs + Σ probability × damage of the risks."""
        total = 0.0
        for code in DIRECT_CODES + OPPORTUNITY_CODES:
            total += self.costs[code]
        for code in RISK_CODES:
            total += self.risk_probabilities[code] * self.risk_damages[code]
        return total

    def assess(self) -> Assessment:
        """Apply :func:`~alliances.assess` to this scenario's b, c and a."""
        return assess(self.b, self.c, self.alternative)

    def to_params(self) -> dict[str, float]:
        """Flatten the scenario into named parameters.

        The names are those of :data:`~alliances.value.PARAMETERS`: ``b_1A``, ``p_1A``, ``c_D1``, ``p_R1``,
        ``d_R1``, ``a`` and so on.
        """
        params: dict[str, float] = {}
        for code in BENEFIT_CODES:
            params[f"b_{code}"] = self.benefits[code]
            params[f"p_{code}"] = self.probabilities[code]
        for code in DIRECT_CODES + OPPORTUNITY_CODES:
            params[f"c_{code}"] = self.costs[code]
        for code in RISK_CODES:
            params[f"p_{code}"] = self.risk_probabilities[code]
            params[f"d_{code}"] = self.risk_damages[code]
        params["a"] = self.alternative
        return params

    @classmethod
    def from_params(cls, params: Mapping[str, float]) -> Scenario:
        """Build a scenario from the flat parameters of :meth:`~alliances.Scenario.to_params`.

        Parameters left out keep their defaults.
        """
        known = set(cls().to_params())
        unknown = sorted(set(params) - known)
        if unknown:
            raise ValueError(f"params has unknown name(s) {unknown}; allowed names are "
                             f"{', '.join(sorted(known))}")
        pick = {  # field name -> (prefix, codes)
            "benefits": ("b_", BENEFIT_CODES),
            "probabilities": ("p_", BENEFIT_CODES),
            "costs": ("c_", DIRECT_CODES + OPPORTUNITY_CODES),
            "risk_probabilities": ("p_", RISK_CODES),
            "risk_damages": ("d_", RISK_CODES),
        }
        kwargs: dict[str, object] = {
            name: {code: params[prefix + code] for code in codes if prefix + code in params}
            for name, (prefix, codes) in pick.items()
        }
        kwargs["alternative"] = params.get("a", 0.0)
        return cls(**kwargs)  # type: ignore[arg-type]

    def with_params(self, **changes: float) -> Scenario:
        """Return a copy with some flat parameters changed, e.g. ``with_params(a=2.0)``."""
        return Scenario.from_params({**self.to_params(), **changes})

    def __repr__(self) -> str:   # one line, also inside a list or a dict of presets
        return (f"scenario with b = {_shown(self.b)}, c = {_shown(self.c)}, "
                f"a = {_shown(self.alternative)}: {self.assess().verdict}")

    def _parts(self) -> list[tuple[str, str, str, str, str]]:
        """One row per part of b, c and a: code, part, value (a benefit's value, a cost or a
        risk's damage), probability, what it adds."""
        rows = []
        for code in BENEFIT_CODES:
            chance, worth = self.probabilities[code], self.benefits[code]
            rows.append((code, benefit(code).short, _shown(worth), _shown(chance),
                         f"b + {_shown(chance * worth)}"))
        for code in DIRECT_CODES + OPPORTUNITY_CODES:
            rows.append((code, cost(code).short, _shown(self.costs[code]), "",
                         f"c + {_shown(self.costs[code])}"))
        for code in RISK_CODES:
            chance, damage = self.risk_probabilities[code], self.risk_damages[code]
            rows.append((code, cost(code).short, _shown(damage), _shown(chance),
                         f"c + {_shown(chance * damage)}"))
        rows.append(("a", "Net value of the best alternative", _shown(self.alternative), "",
                     f"a = {_shown(self.alternative)}"))
        return rows

    def _sentence(self) -> str:
        return (f"Expected benefits b = {_shown(self.b)}, expected costs c = {_shown(self.c)}, "
                f"best alternative a = {_shown(self.alternative)}. {self.assess().reason}")

    def __str__(self) -> str:
        """The verdict, the sentence and a plain-text table of the parts."""
        return (f"{self.assess().verdict.label}.\n{self._sentence()}\n"
                + _text_table(_PART_HEADER, self._parts(), numeric=(2, 3)))

    def _repr_html_(self) -> str:
        """The verdict and the sentence above a table of the parts of b, c and a."""
        return (f"{self.assess().verdict._repr_html_()}<p>{escape(self._sentence())}</p>"
                + _html_table(_PART_HEADER, self._parts(), numeric=(2, 3)))


_PART_HEADER = ("code", "part", "value", "probability", "adds")




# ---------------------------------------------------------------------------
# The inputs of the formula: one table for ranges, labels, sliders and steps
# ---------------------------------------------------------------------------

#: The kinds of input, in display order, with the block each belongs to in an explorer.
KINDS: Mapping[str, str] = MappingProxyType({
    "value": "benefits", "probability": "benefits",
    "cost": "costs and risks", "risk probability": "costs and risks", "damage": "costs and risks",
    "alternative": "the alternative",
})

#: The three blocks of inputs, in display order.
GROUPS: tuple[str, ...] = ("benefits", "costs and risks", "the alternative")


@dataclass(frozen=True)
class Parameter:
    """One flat input of the formula: its name, kind, typology code, range, step and labels.

    ``name`` is the flat name of :meth:`~alliances.Scenario.to_params` (``"b_1A"``);
    ``kind`` one of :data:`KINDS`; ``code`` the Table 1 or Table 2 code (empty
    for ``a``); ``low``, ``high`` and ``step`` the range and the slider step;
    ``label`` a short label for a slider and ``description`` a longer one for
    tables and tooltips.
    """

    name: str
    kind: str
    code: str
    low: float
    high: float
    step: float
    label: str
    description: str

    @property
    def group(self) -> str:
        """The block of the explorer this input belongs to (one of :data:`GROUPS`)."""
        return KINDS[self.kind]

    @property
    def span(self) -> float:
        """The width of the input's range, ``high − low``."""
        return self.high - self.low

    def __repr__(self) -> str:   # one line, also inside a list
        return (f"{self.name}: {self.description} (from {_shown(self.low)} to "
                f"{_shown(self.high)}, in steps of {_shown(self.step)})")

    def _repr_html_(self) -> str:
        """The input's meaning above a one-row table of its name, kind, range and step."""
        return (f"<p><code>{escape(self.name)}</code>: {escape(self.description)}.</p>"
                + _html_table(("name", "kind", "from", "to", "step"),
                              [(self.name, self.kind, _shown(self.low), _shown(self.high),
                                _shown(self.step))], numeric=(2, 3, 4)))


def _parameters() -> dict[str, Parameter]:
    items: list[Parameter] = []
    for code in BENEFIT_CODES:
        item = benefit(code)
        items.append(Parameter(f"b_{code}", "value", code, 0.0, 10.0, 0.5,
                               f"{code} {item.short}: value", f"value of {code}: {item.label}"))
        items.append(Parameter(f"p_{code}", "probability", code, 0.0, 1.0, 0.05,
                               f"{code} {item.short}: probability",
                               f"probability of {code}: {item.label}"))
    for code in DIRECT_CODES + OPPORTUNITY_CODES:
        price = cost(code)
        items.append(Parameter(f"c_{code}", "cost", code, 0.0, 10.0, 0.5,
                               f"{code} {price.short}: cost", f"cost {code}: {price.label}"))
    for code in RISK_CODES:
        risk = cost(code)
        items.append(Parameter(f"p_{code}", "risk probability", code, 0.0, 1.0, 0.05,
                               f"{code} {risk.short}: probability",
                               f"probability of {code}: {risk.label}"))
        items.append(Parameter(f"d_{code}", "damage", code, 0.0, 10.0, 0.5,
                               f"{code} {risk.short}: damage", f"damage of {code}: {risk.label}"))
    items.append(Parameter("a", "alternative", "", -10.0, 10.0, 0.5,
                           "a: net value of the best alternative",
                           "net value of the best alternative"))
    return {item.name: item for item in items}


#: Every input of the formula, keyed by flat name, in the order of :meth:`~alliances.Scenario.to_params`.
#: The one table behind the explorer's sliders, the presets' ranges, the labels, the Vega
#: expressions and the sensitivity analysis.
#:
#: :meta hide-value:
PARAMETERS: Mapping[str, Parameter] = MappingProxyType(_parameters())


def parameter(name: str) -> Parameter:
    """Return the :class:`Parameter` called ``name`` (a flat name such as ``"b_1A"``)."""
    if name not in PARAMETERS:
        raise ValueError(f"name must be one of {', '.join(PARAMETERS)}, got {name!r}")
    return PARAMETERS[name]


# ---------------------------------------------------------------------------
# The formula in the browser: Vega expressions, and one rule for printed numbers
# ---------------------------------------------------------------------------

def verdict_expression(net: str, alternative: str) -> str:
    """Return the decision rule of :func:`~alliances.verdict_for` as a Vega expression string.

    ``net`` and ``alternative`` are Vega expressions (for example parameter
    names) for b − c and a. The expression evaluates to the verdict's value
    (``"ally"``, ``"alternative"`` or ``"not worth it"``), so a chart in the
    published book decides exactly as :func:`~alliances.verdict_for` does in Python:
    with the same rule at a boundary, b − c and b − c − a rounded to
    :data:`~alliances.value.BOUNDARY_DECIMALS` places by Vega's ``round`` (a half up) before
    they are compared with 0.
    """
    def rounded(difference: str) -> str:   # round_difference(x) > 0 exactly when this is > 0
        return f"round(({difference}) * {_SCALE})"
    return (f"({rounded(net)} > 0) ? (({rounded(f'({net}) - ({alternative})')} >= 0) ? "
            f"'{Verdict.ALLY.value}' : '{Verdict.ALTERNATIVE.value}') : "
            f"'{Verdict.NOT_WORTH_IT.value}'")


def verdict_label_expression(verdict: str) -> str:
    """Return a Vega expression turning a verdict value into its explanation (:attr:`~alliances.Verdict.label`).

    ``verdict`` is a Vega expression that evaluates to a verdict's value,
    for example ``"datum.verdict"``.
    """
    if not isinstance(verdict, str) or not verdict.strip():
        raise TypeError(f"verdict must be a non-empty string holding a Vega expression, "
                        f"got {verdict!r}")
    expr = "''"
    for v in Verdict:
        label = VERDICT_LABELS[v].replace("'", "\\'")
        expr = f"({verdict}) === '{v.value}' ? '{label}' : ({expr})"
    return expr


#: The formula as Vega expressions over the flat parameter names. The terms are added in the
#: same order as :attr:`~alliances.Scenario.b` and :attr:`~alliances.Scenario.c`, so the browser's floating-point
#: results equal Python's.
EXPRESSIONS: Mapping[str, str] = MappingProxyType({
    "b_total": " + ".join(f"p_{code} * b_{code}" for code in BENEFIT_CODES),
    "c_total": " + ".join([f"c_{code}" for code in DIRECT_CODES + OPPORTUNITY_CODES]
                          + [f"p_{code} * d_{code}" for code in RISK_CODES]),
    "net_value": "b_total - c_total",
    "verdict": verdict_expression("net_value", "a"),
})


def format_value(value: float, decimals: int = 2) -> str:
    """Print a number as the book's charts do: ``decimals`` places, halves rounded away from zero.

    Python's own formatting rounds an exact half to the even neighbour
    (``f"{13.125:.2f}"`` is ``"13.12"``) while Vega's ``format(x, '.2f')``
    rounds it up (``"13.13"``). This rule is Vega's, applied to the exact
    binary value of ``value``, with Vega's minus sign (U+2212), so a number in
    a widget and the same number in a chart always read alike. ``decimals`` is
    an integer in [0, 10].
    """
    number = check_number(value, "value")
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 10:
        raise ValueError(f"decimals must be an integer in [0, 10], got {decimals!r}")
    if math.isinf(number):
        return "∞" if number > 0 else "−∞"
    rounded = Decimal(number).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    # Like Vega (d3-format), print a minus sign (U+2212), and no sign on a number that rounds to 0.
    return f"{abs(rounded)}" if rounded == 0 or rounded > 0 else f"\u2212{abs(rounded)}"


__all__ = ["BOUNDARY_DECIMALS", "COMPLIANCE_RATE", "EXPRESSIONS", "GROUPS", "KINDS", "PARAMETERS",
           "VERDICT_LABELS",
           "Assessment", "Parameter", "Scenario", "Verdict", "assess", "format_value", "parameter",
           "round_difference", "verdict_expression", "verdict_for", "verdict_label_expression"]
