"""Input checks shared by the library's public functions.

Every public function that takes a number passes it through one of these
helpers, so that bad input always fails the same way: a ``TypeError`` for the
wrong kind of value and a ``ValueError`` for a value outside its range, each
naming the parameter and the allowed range.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

import numpy as np
import pandas as pd


def check_number(value: object, name: str, *, low: float | None = None,
                 high: float | None = None) -> float:
    """Return ``value`` as a float after checking that it is a finite real number.

    ``name`` is the parameter's name as the caller knows it and appears in the
    error message. ``low`` and ``high`` are inclusive bounds; ``None`` means no
    bound. Booleans, strings, ``None``, NaN and infinities are refused.
    """
    allowed = _describe_range(low, high)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{name} must be a real number {allowed}, got {value!r} "
            f"of type {type(value).__name__}"
        )
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"{name} must be a finite number {allowed}, got {value!r}")
    if (low is not None and number < low) or (high is not None and number > high):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return number


def check_probability(value: object, name: str) -> float:
    """Return ``value`` as a float after checking that it lies in [0, 1]."""
    return check_number(value, name, low=0.0, high=1.0)


def check_non_negative(value: object, name: str) -> float:
    """Return ``value`` as a float after checking that it is finite and >= 0."""
    return check_number(value, name, low=0.0)


def _describe_range(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"in the range [{low:g}, {high:g}]"
    if low is not None:
        return f"greater than or equal to {low:g}"
    if high is not None:
        return f"less than or equal to {high:g}"
    return "(any finite value)"


def check_frame(frame: object, columns: Iterable[str], name: str, *, hint: str = "") -> None:
    """Refuse anything but a DataFrame that has every one of ``columns``.

    ``name`` is the argument's name as the caller wrote it; ``hint`` (if
    given) is added to the message, e.g. which function prepares such a frame.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks columns {missing}" + (f" ({hint})" if hint else ""))



def check_integer(value: object, name: str, *, low: int | None = None,
                  high: int | None = None) -> int:
    """Return ``value`` as an ``int`` (a Python or NumPy integer, not a bool) within [low, high].

    Raises ``TypeError`` for another kind of value and ``ValueError`` outside
    the range, each naming ``name``, the argument as the caller wrote it.
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        rng = "" if low is None and high is None else " " + _describe_range(low, high)
        raise TypeError(f"{name} must be an integer{rng}, got {value!r} "
                        f"of type {type(value).__name__}")
    check_number(int(value), name, low=low, high=high)
    return int(value)
