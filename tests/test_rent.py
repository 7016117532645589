"""The rule of tools/rent.py that decides whether a speed mechanism pays its rent: its gain (off's
median less on's) is at least twice the spread (the larger median absolute deviation) and at least
the floor (100 ms on a phone, a tenth of the import)."""

from __future__ import annotations

import rent


def test_the_spread_is_the_median_absolute_deviation():
    assert rent.mad([1.0, 2.0, 3.0, 4.0, 100.0]) == 1.0
    assert rent.mad([5.0, 5.0, 5.0]) == 0.0


def test_a_gain_pays_only_at_twice_the_spread_and_above_the_floor():
    steady_on, steady_off = [1.0, 1.1, 0.9], [2.0, 2.1, 1.9]
    assert "gain  +1.000  spread  0.100" in rent.verdict(steady_on, steady_off)
    assert " pays " in rent.verdict(steady_on, steady_off)
    assert "does not pay" in rent.verdict(steady_on, steady_off, floor=1.5)
    # The test scheduler's figures of 7 December 2026: a gain of 25 s against a spread of 29 s.
    line = rent.verdict([260.0, 251.0, 304.0], [256.0, 285.0, 317.0])
    assert "gain +25.000" in line and "spread 29.000" in line and "does not pay" in line
    assert "(paired: gain +13.000" in line


def test_two_builds_compared_are_faster_slower_or_within_the_spread():
    assert "faster" in rent.verdict([1.0, 1.1, 0.9], [2.0, 2.1, 1.9], compare=True)
    assert "slower" in rent.verdict([2.0, 2.1, 1.9], [1.0, 1.1, 0.9], compare=True)
    # 50 ms slower, against a spread of 120 ms: no clear difference
    line = rent.verdict([0.10, 0.22, 0.40], [0.17, 0.05, 0.30], compare=True)
    assert "gain  -0.050  spread  0.120" in line and "within the spread" in line
