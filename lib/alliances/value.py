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
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType

from ._checks import check_non_negative, check_number, check_probability
from .typology import (BENEFIT_CODES, DIRECT_CODES, OPPORTUNITY_CODES,
                       RISK_CODES)

#: Default probability that a benefit of the alliance materialises.
#:
#: Leeds, Long and Mitchell (2000) found that, when the situation foreseen in
#: a written alliance treaty actually arose, states did what the treaty
#: promised in about 75% of cases. It measures the reliability of formal
#: promises, not the informal loyalty a patron hopes for, so the book uses it
#: only as a starting point that the reader is invited to change.
COMPLIANCE_RATE: float = 0.75


class Verdict(Enum):
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
        return (f"b = {self.benefits:g}, c = {self.costs:g}, a = {self.alternative:g}: "
                f"b − c = {self.net:g}, margin over a = {self.margin:g} → {self.verdict.label}")


def verdict_for(net: float, alternative: float) -> Verdict:
    """Return the verdict for a net value b − c and an alternative's value a.

    This is the formula's decision rule and nothing else: ``NOT_WORTH_IT``
    when net ≤ 0, else ``ALLY`` when net ≥ a, else ``ALTERNATIVE``. A value
    a ≤ 0 means that no alternative with a positive value exists, so any
    alliance with a positive net value is then the best option.
    """
    if not net > 0:
        return Verdict.NOT_WORTH_IT
    return Verdict.ALLY if net >= alternative else Verdict.ALTERNATIVE


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
                  default: float, check) -> Mapping[str, float]:
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
        """Flatten the scenario into named parameters (``b_1A``, ``p_1A``, ``c_D1``, ``p_R1``, ``d_R1``, ``a``)."""
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
        """Build a scenario from the flat parameters of :meth:`~alliances.Scenario.to_params` (missing ones default)."""
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


__all__ = ["COMPLIANCE_RATE", "Assessment", "Scenario", "Verdict", "assess", "verdict_expression",
           "verdict_for"]


def verdict_expression(net: str, alternative: str) -> str:
    """Return the decision rule of :func:`~alliances.verdict_for` as a Vega expression string.

    ``net`` and ``alternative`` are Vega expressions (for example parameter
    names) for b − c and a. The expression evaluates to the verdict's value
    (``"ally"``, ``"alternative"`` or ``"not worth it"``), so a chart in the
    published book decides exactly as :func:`~alliances.verdict_for` does in Python.
    """
    return (f"(({net}) > 0) ? ((({net}) >= ({alternative})) ? '{Verdict.ALLY.value}' : "
            f"'{Verdict.ALTERNATIVE.value}') : '{Verdict.NOT_WORTH_IT.value}'")
