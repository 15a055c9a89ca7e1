"""Answering cards through the services, as a learner at the study screen would."""

from __future__ import annotations

from fibrolearn.domain.enums import Rating
from fibrolearn.services.container import Services


def answer(services: Services, count: int) -> None:
    """Answer the first deck's next ``count`` cards Good."""
    deck_id = services.decks.list_decks()[0].deck_id
    for _ in range(count):
        card = services.study.next_card(deck_id)
        assert card is not None
        services.study.answer(card.card_id, Rating.GOOD, 1000, shown_state=card.state)
