"""Numbers quoted in the chapters' prose, computed when the page runs, never typed.

A chapter computes its numbers in a short code cell and collects them with
:func:`numbers`; the prose then quotes each one with MyST's ``{eval}`` role,
for example ``{eval}`said.csto``` (the chapter sets
``"mystnb": {"execution_mode": "inline", "eval_name_regex": EVAL_NAME_REGEX}``
in its notebook metadata). The built book shows the formatted number in the
sentence; JupyterLab with ``jupyterlab-myst`` shows it once the cells have run.
A change in the data therefore changes the prose, and the two cannot drift.

Each value prints the way the book's charts print numbers
(:func:`alliances.value.format_value`: halves rounded away from zero, a
U+2212 minus sign):

>>> said = numbers(csto=0.73912, gap=0.1105, roll_calls=5231)
>>> said.csto, said.gap.pct, said.roll_calls, said.csto.d2
(0.739, 11, 5,231, 0.74)
>>> said.gap.pct1, numbers(drop=-0.0214).drop
(11.1, −0.021)
"""

from __future__ import annotations

import math
import numbers as _abc
from collections.abc import Iterator, Mapping

from .value import format_value

#: The ``eval_name_regex`` a chapter sets in its notebook metadata, so that ``{eval}`` may quote
#: an attribute (``said.csto`` or ``said.gap.pct``) and nothing but names and attributes.
EVAL_NAME_REGEX = r"^[a-zA-Z_][a-zA-Z0-9_]*(\.[a-zA-Z_][a-zA-Z0-9_]*)*$"

#: The notebook metadata that lets a chapter quote computed numbers with ``{eval}``.
NOTEBOOK_METADATA = {"execution_mode": "inline", "eval_name_regex": EVAL_NAME_REGEX}


class Number:
    """A number as quoted in the prose: its value and how many decimals it prints with.

    ``repr`` and ``str`` give the printed form (a count prints with thousands
    separators; ``decimals=None`` prints as few decimals as the value needs);
    the attributes give other printings of the same value:
    ``d0`` to ``d3`` (that many decimals), ``pct`` and ``pct1`` (times 100,
    with no or one decimal: a share as "74 in 100" or a gap in percentage
    points) and ``abs`` (without its sign). ``float(n)`` is the exact value.
    """

    __slots__ = ("count", "decimals", "value")

    value: float
    decimals: int | None
    count: bool

    def __init__(self, value: float, decimals: int | None = 3, *, count: bool = False) -> None:
        if isinstance(value, bool) or not isinstance(value, _abc.Real) or not math.isfinite(value):
            raise TypeError(f"value must be a finite real number, got {value!r}")
        if decimals is not None and (isinstance(decimals, bool) or not isinstance(decimals, int)
                                     or not 0 <= decimals <= 10):
            raise ValueError(f"decimals must be None or an integer in [0, 10], got {decimals!r}")
        self.value = float(value)
        self.decimals = decimals
        self.count = count

    def __repr__(self) -> str:
        if self.count:
            text = f"{abs(round(self.value)):,}"
            return text if self.value >= 0 else f"\u2212{text}"
        if self.decimals is None:  # as few decimals as the value needs (0.75, 4)
            text = format_value(self.value, 10)
            return text.rstrip("0").rstrip(".") if "." in text else text
        return format_value(self.value, self.decimals)

    __str__ = __repr__

    def __float__(self) -> float:
        return self.value

    def _with(self, value: float, decimals: int | None) -> Number:
        return Number(value, decimals)

    d0 = property(lambda self: self._with(self.value, 0), doc="No decimals.")
    d1 = property(lambda self: self._with(self.value, 1), doc="One decimal.")
    d2 = property(lambda self: self._with(self.value, 2), doc="Two decimals.")
    d3 = property(lambda self: self._with(self.value, 3), doc="Three decimals.")
    pct = property(lambda self: self._with(100 * self.value, 0), doc="Times 100, no decimals.")
    pct1 = property(lambda self: self._with(100 * self.value, 1), doc="Times 100, one decimal.")
    abs = property(lambda self: Number(abs(self.value), self.decimals, count=self.count),
                   doc="The value without its sign.")


class Numbers(Mapping[str, Number]):
    """The numbers one chapter quotes, by name: ``said.csto`` or ``said["csto"]``."""

    def __init__(self, values: Mapping[str, Number]) -> None:
        self._values = dict(values)

    def __getattr__(self, name: str) -> Number:
        try:
            return self.__dict__["_values"][name]
        except KeyError:
            raise AttributeError(f"no number named {name!r}; quoted numbers: "
                                 f"{', '.join(sorted(self.__dict__.get('_values', {})))}") from None

    def __getitem__(self, name: str) -> Number:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return "\n".join(f"{name}: {number!r}" for name, number in self._values.items())


def numbers(decimals: int | None = 3, **values: float) -> Numbers:
    """Collect the numbers a chapter quotes: floats print with ``decimals`` places, ints as counts.

    ``decimals=None`` prints each float with as few decimals as it needs (``0.75``, ``4``), the
    way to quote a model input rather than a measured result.

    Each keyword names one number (``numbers(csto=0.739, years=28)``); the
    prose quotes it as ``{eval}`said.csto``` when the result is bound to
    ``said``. A value that is already a :class:`Number` keeps its printing.
    """
    if not values:
        raise ValueError("numbers() needs at least one keyword, e.g. numbers(csto=0.739)")
    made: dict[str, Number] = {}
    for name, value in values.items():
        if isinstance(value, Number):
            made[name] = value
        elif isinstance(value, _abc.Integral) and not isinstance(value, bool):
            made[name] = Number(int(value), 0, count=True)
        elif isinstance(value, _abc.Real) and not isinstance(value, bool) and math.isfinite(value):
            made[name] = Number(float(value), decimals)
        else:
            raise TypeError(f"{name} must be a finite number, got {value!r}")
    return Numbers(made)


__all__ = ["EVAL_NAME_REGEX", "NOTEBOOK_METADATA", "Number", "Numbers", "numbers"]
