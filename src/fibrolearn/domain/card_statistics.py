"""Values of Progress's "More statistics": how the cards' memories spread, and answers by hour.

Like Anki's statistics: how many cards have each interval, stability, difficulty and
retrievability, and how well the learner remembers at each hour of the day.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fibrolearn.domain.statistics import FEWEST_TO_TELL

# Where each range of days begins (the last one has no end): under a day, 1 day, 2-3 days,
# 4-7, 8-14, 15-30, 31-90, 91-180, 181-365, and more than a year. Short ranges where a
# learner's early cards are, long ones where a year's cards spread.
DAY_STARTS = (0, 1, 2, 4, 8, 15, 31, 91, 181, 366)
# Where each range of percentages begins: 0-10 %, 10-20 % ... 90-100 %.
PERCENT_STARTS = tuple(range(0, 100, 10))
HOURS = 24


@dataclass(frozen=True, slots=True)
class Spread:
    """How many values fall in each range.

    Attributes:
        starts: Where each range begins; it ends where the next begins (the last is open).
        counts: Values in each range.
    """

    starts: tuple[int, ...]
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        """Values counted."""
        return sum(self.counts)


def spread(values: Iterable[float], starts: Sequence[int]) -> Spread:
    """Count ``values`` into the ranges that begin at ``starts`` (those below the first in it)."""
    counts = [0] * len(starts)
    for value in values:
        counts[max(0, bisect_right(starts, value) - 1)] += 1
    return Spread(tuple(starts), tuple(counts))


@dataclass(frozen=True, slots=True)
class CardSpreads:
    """The memories of one deck's studied cards (or every deck's), as Anki's card statistics.

    Attributes:
        intervals: Cards in review by their interval, in whole days (:data:`DAY_STARTS`).
        stability: Studied cards by FSRS stability, in days: how long until recall falls to
            90 % (:data:`DAY_STARTS`).
        difficulty: Studied cards by FSRS difficulty, 1 to 10 shown as 0 to 100 %
            (:data:`PERCENT_STARTS`).
        retrievability: Studied cards by their chance of being recalled now, in %
            (:data:`PERCENT_STARTS`).
    """

    intervals: Spread
    stability: Spread
    difficulty: Spread
    retrievability: Spread


@dataclass(frozen=True, slots=True)
class HourActivity:
    """Answers given in one hour of the day, local time (imported history included).

    Attributes:
        hour: 0 to 23: from hour:00 to hour:59.
        reviews: Every answer in that hour.
        review_cards: Answers to due cards in review (the base of true retention).
        review_passed: Of those, answers not rated Again.
    """

    hour: int
    reviews: int
    review_cards: int
    review_passed: int


def best_hour(hours: Sequence[HourActivity]) -> HourActivity | None:
    """The hour with the highest true retention among those with enough reviews, or None.

    Ties go to the hour with more reviews, then the earlier one.
    """
    enough = [h for h in hours if h.review_cards >= FEWEST_TO_TELL]
    if not enough:
        return None
    return max(enough, key=lambda h: (h.review_passed / h.review_cards, h.review_cards, -h.hour))
