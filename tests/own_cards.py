"""Decks and notes of the learner's own (no deck file, no facts), which Change deck can move."""

from __future__ import annotations

from bulk_collection import NOW
from fibrolearn.domain.browse import CardQuery, NoteDraft
from fibrolearn.domain.enums import NoteKind
from fibrolearn.services.container import Services
from fibrolearn.storage.import_repo import add_deck

TAG = "own-card"


def new_deck(services: Services, name: str) -> int:
    """A deck made as an import makes one; returns its id."""
    with services.database.write() as session:
        return add_deck(session, name.lower().replace(":", "-"), name, NOW)


def own_cards(services: Services, deck: int, count: int) -> list[int]:
    """Add ``count`` reversed notes (two cards each) to a deck; returns every own card's id."""
    for number in range(count):
        draft = NoteDraft(NoteKind.REVERSED, f"Q{number}", f"A{number}", tags=(TAG,))
        services.notes.add(deck, draft)
    return services.browse.card_ids(CardQuery(services.browse.parse(f"tag:{TAG}")), 0, 100_000)
