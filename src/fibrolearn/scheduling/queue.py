"""How much of each kind of card today's queue may still hold.

The order is fixed: due learning cards first (they are the most fragile), then due reviews,
then new cards. The limits count what was already studied this study day.
"""

from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

from fibrolearn.domain.decks import DeckOptions

# A learning card due within this window may be shown early when nothing else is left.
LEARN_AHEAD = timedelta(minutes=20)


class DailyAllowance(NamedTuple):
    """Remaining room in today's limits."""

    new: int
    reviews: int


def remaining_allowance(
    options: DeckOptions, *, new_done_today: int, reviews_done_today: int
) -> DailyAllowance:
    """What the daily limits still allow, never negative."""
    return DailyAllowance(
        new=max(0, options.new_per_day - new_done_today),
        reviews=max(0, options.reviews_per_day - reviews_done_today),
    )
