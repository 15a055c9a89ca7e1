"""`fibrolearn stats` says what the deck list says is left to study today.

Found in a bug hunt of the command line: stats counted every new card (5 here) where the deck
list showed the day's limit (2), and its due_today counted cards being learnt with reviews,
so a script could not tell what a session would offer.
"""

from __future__ import annotations

from datetime import timedelta

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.services.container import Services
from studying import learn_every_new_card


def test_stats_give_the_deck_list_s_new_learning_and_due(services: Services) -> None:
    deck = services.decks.list_decks()[0]
    services.decks.set_options(
        deck.deck_id, services.decks.options(deck.deck_id)._replace(new_per_day=2)
    )
    card = services.study.next_card(deck.deck_id)
    assert card is not None
    services.study.answer(card.card_id, Rating.AGAIN, 4000, shown_state=card.state)

    stats = services.stats.summary()["decks"][0]
    listed = services.decks.list_decks()[0]

    assert stats["cards"]["new"] == 4  # every new card, the limit aside
    assert stats["to_study_today"] == {"new": 1, "learning": 1, "due": 0}
    assert (listed.new, listed.learning, listed.due) == (1, 1, 0)


def test_a_card_buried_until_tomorrow_is_not_due_today_in_stats(
    services: Services, clock: FixedClock
) -> None:
    """Found in a bug hunt of Progress: ``due_today`` counted a due card buried until the next
    study day, one more than the deck list's Due and Progress's "coming back today"."""
    learn_every_new_card(services, clock, Rating.EASY)
    clock.advance(timedelta(days=60))  # every card overdue
    card = services.study.next_card(1)
    assert card is not None
    services.card_edits.bury_until_tomorrow(card.card_id)

    stats = services.stats.summary()["decks"][0]
    listed = services.decks.list_decks()[0]
    forecast = services.progress.overview().forecast
    assert stats["due_today"] == listed.learning + listed.due == forecast[0].due == 4

    clock.advance(timedelta(days=1))  # the bury is over: due again
    assert services.stats.summary()["decks"][0]["due_today"] == 5
