"""What the study timings share: the ratings given, and the kinds of card answered.

The service calls and the study screen answer the same cards, in their own copies of a
collection, with the same ratings and the same clock.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta

from fibrolearn.domain.enums import CardState, Rating

ANSWERS = 400  # at most: the rest of the day in one deck
BETWEEN_ANSWERS = timedelta(seconds=20)  # the clock moves on by this after each answer
KINDS = ("new", "learning", "review")  # relearning cards count as learning
_KIND_OF = {
    CardState.NEW: "new",
    CardState.LEARNING: "learning",
    CardState.RELEARNING: "learning",
    CardState.REVIEW: "review",
}


def ratings() -> Iterator[Rating]:
    """A learner's ratings, in the same order for every timing: about 10 % Again."""
    rng = random.Random(5)
    while True:
        yield rng.choices(list(Rating), (10, 10, 75, 5))[0]


def kind_of(state: CardState) -> str:
    """The kind of card (see ``KINDS``) a card in ``state`` is."""
    return _KIND_OF[state]
