"""Custom study, as in Anki: today's limits raised, or a set of cards chosen by a rule."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from fibrolearn.domain.words import counted

if TYPE_CHECKING:  # today's limits read the raise's cap before anything studies
    from fibrolearn.domain.study import StudySet

MOST_CARDS = 1000  # the most a custom set holds, as Anki's custom study sessions
MOST_DAYS = 365  # how far back "forgotten" and ahead "review ahead" may look


class CustomChoice(StrEnum):
    """What a custom study session does."""

    MORE_NEW = "more new"  # raise today's new-card limit
    MORE_REVIEWS = "more reviews"  # raise today's review limit
    FORGOTTEN = "forgotten"  # cards answered Again in the last N study days
    AHEAD = "ahead"  # review cards due in the next N study days, studied early
    SEARCH = "search"  # cards a Browse search finds


RAISES = frozenset((CustomChoice.MORE_NEW, CustomChoice.MORE_REVIEWS))


@dataclass(frozen=True, slots=True)
class CustomSet:
    """The cards a rule of custom study found.

    Attributes:
        study_set: Those studied: the first :data:`MOST_CARDS` found, in due order.
        found: How many the rule found (more than the set holds when it found too many).
        to_study: How many of the set's cards a session would show now (none: nothing to
            study, as cards still being learnt come back only once due).
    """

    study_set: StudySet
    found: int
    to_study: int

    def nothing_words(self, what: str) -> str | None:
        """Why no session starts (``what``: "No card was answered Again"), or None: one does."""
        if self.found == 0:
            return f"{what}."
        if self.to_study == 0:
            return (
                f"The {counted(self.found, 'card')} found are not to study now: "
                "each is suspended, set aside, or being learnt and not due again yet."
            )
        return None

    def cap_words(self) -> str | None:
        """What a set cut short says ("The first 1,000 of 1,234 cards …"), or None."""
        kept = len(self.study_set.card_ids)
        if self.found <= kept:
            return None
        return f"{self.found:,} cards matched: the {kept:,} due soonest are studied."
