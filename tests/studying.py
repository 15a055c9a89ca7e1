"""Answering cards through the services, as a learner at the study screen would."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import CardState, Rating
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services


def answer(services: Services, count: int) -> None:
    """Answer the first deck's next ``count`` cards Good."""
    deck_id = services.decks.list_decks()[0].deck_id
    for _ in range(count):
        card = services.study.next_card(deck_id)
        assert card is not None
        services.study.answer(card.card_id, Rating.GOOD, 1000, shown_state=card.state)


def learn_every_new_card(services: Services, clock: FixedClock, rating: Rating) -> None:
    """Answer each new card of the first deck once with ``rating``, a day at a time.

    A note's other cards wait for the next study day, so this moves the clock on a day
    whenever today has no new card left.
    """
    deck_id = services.decks.list_decks()[0].deck_id
    while services.stats.summary()["decks"][0]["cards"]["new"]:
        card = services.study.next_card(deck_id)
        if card is None or card.state.state != CardState.NEW:
            clock.advance(timedelta(days=1))
            continue
        services.study.answer(card.card_id, rating, 1000, shown_state=card.state)


def review_count(paths: AppPaths) -> int:
    """The answers in the collection's file, as a new start would read them."""
    with sqlite3.connect(paths.collection) as connection:
        return connection.execute("SELECT count(*) FROM reviews").fetchone()[0]
