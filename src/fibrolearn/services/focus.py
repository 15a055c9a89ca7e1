"""Focused study: the flashcards of one factor, brought forward so they come up now.

The study screen studies a deck; a :class:`StudySet` names the cards of that deck to study
first. :meth:`FocusService.bring_forward` makes them come up today without touching what the
scheduler knows about them (their memory states stay as they are).
"""

from __future__ import annotations

from fibrolearn.domain.clock import Clock
from fibrolearn.domain.quiz_session import StudySet
from fibrolearn.storage import knowledge_repo
from fibrolearn.storage.db import Database


class FocusService:
    """Chooses cards for focused study and moves them to the front of the queue."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    def factor_cards(self, deck_id: int, factor_key: str) -> StudySet:
        """The active flashcards teaching the facts of one factor, in deck order."""
        with self._db.read() as session:
            names = {f.key: f.name for f in knowledge_repo.factors_of(session, deck_id)}
            if factor_key not in names:
                raise LookupError(f"deck {deck_id} has no factor {factor_key!r}")
            cards = knowledge_repo.cards_teaching(session, deck_id, factor_key=factor_key)
        return StudySet(deck_id, tuple(cards), names[factor_key])

    def bring_forward(self, study_set: StudySet) -> int:
        """Make the set's studied cards due now and put its new cards first in the new queue.

        Returns how many cards changed. Daily limits still apply to new cards.
        """
        with self._db.write() as session:
            return knowledge_repo.bring_forward(session, study_set.card_ids, self._clock.now())
