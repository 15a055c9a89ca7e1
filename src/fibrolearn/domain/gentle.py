"""Values for low-energy study: small session goals, the energy check-in, backlog spreading."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

# The longest a backlog of overdue reviews may be spread over, in days.
MAX_SPREAD_DAYS = 30


@dataclass(frozen=True, slots=True)
class SessionGoal:
    """How much a gentle session asks for: a few cards or a few minutes (exactly one of them).

    Attributes:
        cards: End after this many answers.
        minutes: End after the first answer given once this much study time has passed;
            time spent paused does not count.
    """

    cards: int | None = None
    minutes: int | None = None

    def __post_init__(self) -> None:
        if (self.cards is None) == (self.minutes is None):
            raise ValueError("a session goal is either a number of cards or of minutes")
        if (self.cards or self.minutes or 0) < 1:
            raise ValueError("a session goal must be at least 1")

    def reached(self, cards: int, seconds: float) -> bool:
        """Whether a session that went through ``cards`` cards in ``seconds`` has met it."""
        if self.cards is not None:
            return cards >= self.cards
        return seconds >= (self.minutes or 0) * 60

    @property
    def words(self) -> str:
        """The goal in words: "5 cards", "5 minutes"."""
        if self.cards is not None:
            return f"{self.cards} card{'s' if self.cards != 1 else ''}"
        return f"{self.minutes} minute{'s' if self.minutes != 1 else ''}"


GENTLE_GOALS: tuple[SessionGoal, ...] = (
    SessionGoal(cards=3),
    SessionGoal(cards=5),
    SessionGoal(cards=10),
    SessionGoal(minutes=5),
)


LOW_DAY_NEW_CARDS = 3  # new cards a deck offers at most on a low-energy day


class Energy(StrEnum):
    """The answer to "how is your energy today?"."""

    LOW = "low"
    SOME = "some"
    GOOD = "good"

    def new_cards(self, usual: int) -> int:
        """How many of a deck's ``usual`` new cards a day are offered on a day like this.

        A low day still offers a few: none at all left a learner who had not started
        anything yet with nothing to study the whole day, and no reason given. A day with
        some energy never offers fewer than a low one: half of 4 a day was 2, so answering
        "Some" gave fewer new cards than "Low" (and half of 1 gave none).
        """
        low = min(usual, LOW_DAY_NEW_CARDS)
        if self is Energy.LOW:
            return low
        return max(low, usual // 2) if self is Energy.SOME else usual

    @property
    def effect(self) -> str:
        """One sentence on what the answer changes."""
        return {
            Energy.LOW: (
                f"Only a few new cards today ({LOW_DAY_NEW_CARDS} at most), after anything "
                "already waiting."
            ),
            Energy.SOME: "Half the usual new cards today, never fewer than on a low day.",
            Energy.GOOD: "The usual number of new cards today.",
        }[self]


def spread_per_day(waiting: int, days: int) -> int:
    """How many of ``waiting`` reviews a day spread them over ``days`` days (rounded up)."""
    return math.ceil(waiting / days)


class BacklogStatus(NamedTuple):
    """Reviews that piled up before today in one deck, and the plan spreading them, if any.

    A plan is in force until the reviews it spreads are done, however many days that takes.

    Attributes:
        waiting: Review cards that fell due before today (with a plan: before it began) and
            are still waiting.
        plan_days: Over how many days the learner chose to spread them (None: no plan).
        per_day: How many of them a day the plan shows (None: no plan).
        review_limit: The deck's daily review limit, which no plan goes past (None: not
            known here; 0: no reviews come at all).
    """

    waiting: int
    plan_days: int | None = None
    per_day: int | None = None
    review_limit: int | None = None

    @property
    def planned(self) -> bool:
        """Whether a spreading plan is in force."""
        return self.per_day is not None and self.waiting > 0

    @property
    def days_left(self) -> int | None:
        """How many days the plan still needs, at its pace, for what is waiting (None: no plan).

        Counted from what is left, not from the day the plan began: after a day without
        study it runs past the days first planned, and never names a day already gone.
        """
        if self.per_day is None or self.waiting == 0:  # no plan in force
            return None
        return math.ceil(self.waiting / self.pace)

    @property
    def held_back(self) -> bool:
        """Whether the deck's review limit lets fewer of them come a day than the plan shows."""
        return (
            self.per_day is not None
            and self.review_limit is not None
            and (self.review_limit < self.per_day)
        )

    @property
    def pace(self) -> int:
        """How many of them come a day: the plan's share, or the review limit if lower.

        A limit of 0 lets none come: the plan's share is kept, and said to be held back.
        """
        assert self.per_day is not None, "no plan in force"
        return self.review_limit if self.held_back and self.review_limit else self.per_day
