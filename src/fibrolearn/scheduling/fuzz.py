"""Deterministic interval fuzz.

Like Anki, the fuzz is seeded from the card and its review count rather than a global random
generator, so replaying a card's review log reproduces its schedule exactly.
"""

from __future__ import annotations

import random

# (start day, end day, share of the interval): the fuzz ranges FSRS and Anki use.
_FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, float("inf"), 0.05))


def fuzz_range(interval_days: int, maximum: int) -> tuple[int, int]:
    """The inclusive range of days an interval may be fuzzed to."""
    delta = 1.0
    for start, end, factor in _FUZZ_RANGES:
        delta += factor * max(min(float(interval_days), end) - start, 0.0)
    low = max(2, round(interval_days - delta))
    high = min(round(interval_days + delta), maximum)
    return min(low, high), high


def fuzzed_days(interval_days: int, *, maximum: int, seed: int) -> int:
    """The interval after fuzz; intervals under 2.5 days are never fuzzed."""
    if interval_days < 2.5:
        return interval_days
    low, high = fuzz_range(interval_days, maximum)
    return random.Random(seed).randint(low, high)
