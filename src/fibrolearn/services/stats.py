"""Collection statistics for ``fibrolearn stats`` and the deck list."""

from __future__ import annotations

from typing import Any

from fibrolearn.domain.clock import Clock
from fibrolearn.domain.enums import CardState
from fibrolearn.services.deck_list import deck_summaries
from fibrolearn.services.study_day import current_study_day
from fibrolearn.storage import decks_repo, progress_repo, stats_repo
from fibrolearn.storage.db import Database
from fibrolearn.storage.plain_reads import connection_of


class StatsService:
    """Per-deck counts, all computed by SQL aggregates."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    def summary(self) -> dict[str, Any]:
        """Per deck: cards by state, due today, reviews today and in total.

        ``to_study_today`` is what the deck list shows: the new cards today's limit lets in,
        the cards being learnt, and the reviews due that the limits allow (``due_today``
        counts every card due that is not buried, limits aside). ``reviews`` counts the whole
        log, with the history kept about cards this collection does not have (imported, or
        from deleted notes; it belongs to no deck), as Progress does.
        """
        now = self._clock.now()
        with self._db.read() as session:
            day = current_study_day(session)
            states = stats_repo.cards_by_state(session)
            due = stats_repo.due_by(session, day.end(now))
            today = stats_repo.reviews_per_deck(session, (day.start(now), day.end(now)))
            total = stats_repo.reviews_per_deck(session)
            decks = decks_repo.deck_rows(session)
            listed = {deck.deck_id: deck for deck in deck_summaries(connection_of(session), now)}
            every_review, history_only = progress_repo.review_totals(session)
        return {
            "study_day": day.date_of(now).isoformat(),
            "reviews": {"total": every_review, "history_only": history_only},
            "decks": [
                {
                    "id": deck.id,
                    "key": deck.key,
                    "name": deck.name,
                    "cards": {
                        state.name.lower(): states.get(deck.id, {}).get(str(int(state)), 0)
                        for state in CardState
                    }
                    | {"suspended": states.get(deck.id, {}).get("suspended", 0)},
                    "due_today": due.get(deck.id, 0),
                    "to_study_today": {
                        "new": listed[deck.id].new,
                        "learning": listed[deck.id].learning,
                        "due": listed[deck.id].due,
                    },
                    "reviews_today": today.get(deck.id, 0),
                    "reviews_total": total.get(deck.id, 0),
                }
                for deck in decks
            ],
        }
