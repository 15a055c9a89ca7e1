"""Progress's "More statistics": the spread of the cards' memories, and answers by hour.

Read on demand, off the UI thread: reading every card's memory takes a moment in a large
collection, which Progress's first opening must not pay.
"""

from __future__ import annotations

import sys

from fibrolearn.domain.browse import CardQuery
from fibrolearn.domain.card_info import difficulty_percent
from fibrolearn.domain.card_statistics import (
    DAY_STARTS,
    HOURS,
    PERCENT_STARTS,
    CardSpreads,
    HourActivity,
    spread,
)
from fibrolearn.domain.clock import Clock
from fibrolearn.domain.enums import CardState
from fibrolearn.domain.search import Search
from fibrolearn.scheduling.fsrs_scheduler import recall_curve
from fibrolearn.services.browse import BrowseService
from fibrolearn.services.fsrs_parameters import parameters_in_use
from fibrolearn.services.study_dates import day_shifts
from fibrolearn.services.study_day import current_study_day
from fibrolearn.storage import card_spreads_repo, decks_repo, progress_repo
from fibrolearn.storage.db import Database
from fibrolearn.storage.plain_reads import connection_of

_REVIEW = int(CardState.REVIEW)


class CardStatsService:
    """Read-only statistics, each call one short read transaction."""

    def __init__(self, database: Database, clock: Clock, browse: BrowseService) -> None:
        self._db = database
        self._clock = clock
        self._browse = browse  # what a search finds, as Browse finds it

    def deck_names(self) -> list[tuple[int, str]]:
        """(id, name) of every deck, by name."""
        with self._db.read() as session:
            return [(deck.id, deck.name) for deck in decks_repo.deck_rows(session)]

    def spreads(self, deck_id: int | None = None, search: Search | None = None) -> CardSpreads:
        """How the studied cards of a deck and its subdecks (or of all) spread, as of now.

        With a ``search`` (Browse's language, already read), only the cards it finds there,
        as Anki's statistics take a search. Intervals count cards in review, in whole days;
        stability, difficulty and retrievability count every studied card, suspended ones
        too, as Anki's do.
        """
        return self._spreads(deck_id, self._found(search))

    def hours(
        self, deck_id: int | None = None, search: Search | None = None
    ) -> tuple[HourActivity, ...]:
        """Answers in each hour of the day, local time (midnight first).

        The answers to the cards in use of the deck and its subdecks, of those the ones
        ``search`` finds, as :meth:`spreads` chooses them; with every deck and no search, the
        whole log, history about cards not in the collection included.
        """
        return self._hours(deck_id, self._found(search))

    def charts(
        self, deck_id: int | None = None, search: Search | None = None
    ) -> tuple[CardSpreads, tuple[HourActivity, ...]]:
        """:meth:`spreads` and :meth:`hours` of the same cards, the search run once."""
        found = self._found(search)
        return self._spreads(deck_id, found), self._hours(deck_id, found)

    def _found(self, search: Search | None) -> list[int] | None:
        """The cards a search finds, or None for no search (every card)."""
        if search is None or not search.terms:
            return None
        return self._browse.card_ids(CardQuery(search), 0, sys.maxsize)

    def _spreads(self, deck_id: int | None, found: list[int] | None) -> CardSpreads:
        now = self._clock.now()
        with self._db.read() as session:
            connection = connection_of(session)
            curve = recall_curve(parameters_in_use(connection))
            cards = list(card_spreads_repo.memories(connection, now, deck_id, found))
        return CardSpreads(
            intervals=spread((round(c.interval) for c in cards if c.state == _REVIEW), DAY_STARTS),
            stability=spread((c.stability for c in cards), DAY_STARTS),
            difficulty=spread((difficulty_percent(c.difficulty) for c in cards), PERCENT_STARTS),
            retrievability=spread(
                (100 * curve(max(0.0, c.elapsed), c.stability) for c in cards), PERCENT_STARTS
            ),
        )

    def _hours(self, deck_id: int | None, found: list[int] | None) -> tuple[HourActivity, ...]:
        every = deck_id is None and found is None  # the log's tally: history-only answers too
        cards = None if every else progress_repo.chosen_cards(deck_id, found)
        now = self._clock.now()
        with self._db.read() as session:
            day = current_study_day(session)
            first = progress_repo.first_review_time(session)
            shifts = () if first is None else day_shifts(day, first, now)
            rows = progress_repo.hours(session, shifts, cards) if shifts else []
        by_hour = {(row.hour + day.rollover_hour) % HOURS: row for row in rows}
        return tuple(
            HourActivity(hour, row.reviews, row.review_cards, row.review_passed)
            if (row := by_hour.get(hour))
            else HourActivity(hour, 0, 0, 0)
            for hour in range(HOURS)
        )
