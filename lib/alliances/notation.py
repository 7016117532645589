"""The formula's notation as tables: what each symbol and each parameter name stands for.

Two tables, both generated from the library's own tables so that they can never drift from
the code: :func:`notation_key` explains the symbols of the formulas (b, c, a, p, v, d, Σ and
the codes written under them), and :func:`parameter_table` lists the flat parameter names of
:data:`alliances.value.PARAMETERS` (``b_1A``, ``p_R1`` …) with their symbol, meaning, range
and default. The book's pages show them, and a course handout can print the same frames.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import pandas as pd

from .typology import BENEFIT_CODES, DIRECT_CODES, OPPORTUNITY_CODES, RISK_CODES
from .value import PARAMETERS, Scenario, format_value

#: The symbol of the formulas that each kind of input (:data:`alliances.value.KINDS`) stands for.
#: A benefit's value is ``v`` in the formulas although its parameter name starts with ``b_``:
#: the prefix says which term the value belongs to, the symbol what it is.
SYMBOLS: Mapping[str, str] = MappingProxyType({
    "value": "v", "probability": "p", "cost": "c", "risk probability": "p", "damage": "d",
    "alternative": "a",
})


def _number(value: float) -> str:
    """A number as the book prints it: as short as it can be, with a true minus sign."""
    return format_value(value, 2).rstrip("0").rstrip(".")


def _names(*kinds: str) -> list[str]:
    return [p.name for p in PARAMETERS.values() if p.kind in kinds]


def _range(*kinds: str) -> str:
    """The range shared by every input of these kinds, e.g. ``"0 to 10"``."""
    ranges = {(p.low, p.high) for p in PARAMETERS.values() if p.kind in kinds}
    if len(ranges) != 1:   # pragma: no cover - PARAMETERS gives each kind one range
        raise ValueError(f"kinds {kinds} do not share one range: {sorted(ranges)}")
    low, high = ranges.pop()
    return f"{_number(low)} to {_number(high)}"


def parameter_table() -> pd.DataFrame:
    """Return one row per input of the formula, in the order of :data:`alliances.value.PARAMETERS`.

    Columns: ``name`` (the flat name that :meth:`~alliances.Scenario.with_params` and
    :meth:`~alliances.Scenario.from_params` take, e.g. ``"b_1A"``), ``symbol`` (its letter in
    the formulas, from :data:`SYMBOLS`), ``code`` (the Table 1 or Table 2 code; missing for
    ``a``), ``meaning`` (the parameter's description), ``range`` (its slider range, e.g.
    ``"0 to 10"``) and ``default`` (its value in a new :class:`~alliances.Scenario`: the
    compliance rate 0.75 for a benefit's probability, else 0). There are 17 rows.
    """
    defaults = Scenario().to_params()
    rows = [{"name": p.name, "symbol": SYMBOLS[p.kind], "code": p.code or None, "meaning": p.description,
             "range": f"{_number(p.low)} to {_number(p.high)}", "default": _number(defaults[p.name])}
            for p in PARAMETERS.values()]
    return pd.DataFrame(rows, columns=["name", "symbol", "code", "meaning", "range", "default"])


def notation_key() -> pd.DataFrame:
    """Return the key to the formulas' symbols: b, c, a, p, v, d, Σ and the codes under them.

    Columns: ``symbol``; ``stands for`` (a plain definition, naming the article's codes);
    ``parameter names`` (the flat names of :data:`alliances.value.PARAMETERS` that hold the
    symbol's values, comma-separated; missing for a symbol that the library computes or that
    names no input); ``values`` (the range the book's sliders allow, in value points or as a
    probability). The codes, names and ranges are read from :mod:`alliances.typology` and
    :data:`alliances.value.PARAMETERS`, so the key follows any change there.
    """
    benefits, risks = ", ".join(BENEFIT_CODES), ", ".join(RISK_CODES)
    priced = ", ".join(DIRECT_CODES + OPPORTUNITY_CODES)
    alternative = PARAMETERS["a"].description
    rows = [
        ("b", "the expected benefits of the alliance to the major power: each benefit function "
              f"of Table 1 ({benefits}) counts as its value v times its probability p",
         None, "0 or more value points"),
        ("c", f"the expected costs: each cost of Table 2 ({priced}) counts in full, and each "
              f"risk ({risks}) as its probability p times its damage d",
         ", ".join(_names("cost")), f"0 or more value points; each cost {_range('cost')}"),
        ("a", f"the {alternative} (Table 3): what another tool would bring, less what it would "
              "cost; a value of 0 or less means no alternative pays",
         ", ".join(_names("alternative")), f"{_range('alternative')} value points"),
        ("p", f"a probability: the chance that a benefit function works ({benefits}) or that a "
              f"risk happens ({risks}); 0 means never, 1 means certainly",
         ", ".join(_names("probability", "risk probability")),
         _range("probability", "risk probability")),
        ("v", "the value of a benefit function if it works; its parameter name starts with b_ "
              "because it is part of the benefits",
         ", ".join(_names("value")), f"{_range('value')} value points"),
        ("d", "the damage a risk does if it happens", ", ".join(_names("damage")),
         f"{_range('damage')} value points"),
        ("Σ", "sum: add up one term for each code written under the Σ; Σ p × v over "
              f"{benefits} means p × v for {BENEFIT_CODES[0]}, plus p × v for "
              f"{BENEFIT_CODES[1]}, and so on", None, None),
        ("k, r", f"a code written small below a symbol says which part it belongs to: k is a "
                 f"benefit function ({benefits}), r a risk ({risks}); p with {RISK_CODES[0]} "
                 f"below it is the probability of {RISK_CODES[0]}", None, None),
    ]
    return pd.DataFrame(rows, columns=["symbol", "stands for", "parameter names", "values"])


#: Which chapter introduces which input, in reading order: the formula's terms b, c and a
#: (theory), the four benefit functions of Table 1 (benefits), and the costs and risks of Table 2
#: (costs). An explorer or chart may offer only inputs its chapter or an earlier one introduced.
INTRODUCED: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "theory/theory": ("b", "c", "a"),
    "theory/benefits": BENEFIT_CODES,
    "theory/costs": DIRECT_CODES + OPPORTUNITY_CODES + RISK_CODES,
})


def input_code(name: str) -> str:
    """The code an input stands for: ``"b_1A"`` and ``"on_1A"`` → ``"1A"``, ``"d_R1"`` → ``"R1"``.

    A term (``"b"``, ``"c"``, ``"a"``) is its own code; so is a name without a known code
    (``"b_alt"``: the alternatives chapter's own input).
    """
    if name in PARAMETERS and PARAMETERS[name].code:
        return PARAMETERS[name].code
    prefix, _, code = name.partition("_")
    known = BENEFIT_CODES + DIRECT_CODES + OPPORTUNITY_CODES + RISK_CODES
    return code if prefix and code in known else name


def taught_codes(chapter: str, order: list[str]) -> set[str]:
    """The input codes introduced by ``chapter`` or a chapter before it in ``order`` (reading order).

    ``chapter`` and ``order`` name notebooks as ``"theory/costs"`` (under ``book/``).
    """
    if chapter not in order:
        raise ValueError(f"chapter must be one of {', '.join(order)}, got {chapter!r}")
    seen = order[:order.index(chapter) + 1]
    return {code for name in seen for code in INTRODUCED.get(name, ())}


__all__ = ["INTRODUCED", "SYMBOLS", "input_code", "notation_key", "parameter_table", "taught_codes"]
