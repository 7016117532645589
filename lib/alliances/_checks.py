"""Input checks shared by the library's public functions.

Every public function that takes a number passes it through one of these
helpers, so that bad input always fails the same way: a ``TypeError`` for the
wrong kind of value and a ``ValueError`` for a value outside its range, each
naming the parameter and the allowed range.
"""

from __future__ import annotations

import math
import numbers


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
