"""An answer from the review log as it travels between the collection and other apps' files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fibrolearn.domain.enums import Rating
from fibrolearn.domain.study import MemoryState

# The earliest answer another app's log may hold: no review log is older than Unix time,
# and a study day counted near the first year of the calendar leaves Python's dates.
EARLIEST_ANSWER = datetime(1970, 1, 1, tzinfo=UTC)
# How far past now an imported answer may be: the other device's clock may run ahead.
ANSWER_CLOCK_SLACK = timedelta(days=1)
# The longest an answer from another app's log is kept as taking (Anki's own limit, its
# "maximum answer seconds" at most): longer, the card was left open. Exports keep it too.
LONGEST_IMPORTED_ANSWER_MS = 3_600_000
# How history kept without a card here names its card: an Anki package's card the file did
# not bring ("anki:<id>"), a card deleted here ("deleted:<deck>/<note>/<ordinal>"). A review
# log's card ids are kept as they are (whole numbers).
ANKI_CARD_PREFIX = "anki:"
DELETED_CARD_PREFIX = "deleted:"


@dataclass(frozen=True, slots=True)
class LoggedAnswer:
    """One answer, with the card's memory state before and after it."""

    reviewed_at: datetime
    rating: Rating
    duration_ms: int
    before: MemoryState
    after: MemoryState
    # A review card answered before the study day it was due on (FibroLearn: a factor or a
    # quiz question studied ahead; Anki: a review in a filtered deck, logged as "Filtered").
    early: bool = False

    @property
    def rescheduled(self) -> bool:
        """Whether the answer moved the card on; every answer given here does.

        An answer in one of Anki's filtered decks that reschedules nothing (a preview, or
        cramming) left the card as it was: its memory takes nothing from it, as in Anki.
        """
        before, after = self.before, self.after
        return (after.state, after.step, after.stability, after.difficulty, after.due) != (
            before.state,
            before.step,
            before.stability,
            before.difficulty,
            before.due,
        )
