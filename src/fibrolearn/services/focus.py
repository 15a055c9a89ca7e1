"""Focused study: the flashcards of one factor of the mastery map.

A :class:`StudySet` names cards of a deck; a focused study session shows only those (see
``StudyService.next_in_set_and_counts``), leaving the rest of the schedule as it is.
"""

from __future__ import annotations

from fibrolearn.domain.study import StudySet
from fibrolearn.storage import knowledge_repo
from fibrolearn.storage.db import Database


class FocusService:
    """Chooses the cards of a factor for focused study."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def factor_cards(self, deck_id: int, factor_key: str) -> StudySet:
        """The active flashcards teaching the facts of one factor, in deck order."""
        with self._db.read() as session:
            names = {f.key: f.name for f in knowledge_repo.factors_of(session, deck_id)}
            if factor_key not in names:
                raise LookupError(f"deck {deck_id} has no factor {factor_key!r}")
            cards = knowledge_repo.cards_teaching(session, deck_id, factor_key=factor_key)
        return StudySet(deck_id, tuple(cards), names[factor_key])

    def suspended_in_factor(self, deck_id: int, factor_key: str) -> int:
        """How many of the flashcards teaching one factor are suspended (none are studied)."""
        with self._db.read() as session:
            return knowledge_repo.suspended_per_factor(session, deck_id).get(factor_key, 0)
