"""Browse's Change deck: move the notes of the selected cards, with all their cards, to a deck.

A note and its cards share a deck here (Anki moves cards alone; here a note's deck decides
what a deck update, an export and deleting the deck take along). Moved cards keep their memory
state and history; as new cards they go after the deck's own, in the order they had.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from fibrolearn.domain.browse import NoteError
from fibrolearn.domain.progress import Progress
from fibrolearn.domain.words import counted, named_first
from fibrolearn.services.card_resets import in_chunks
from fibrolearn.storage import browse, card_moves, card_resets, decks_repo
from fibrolearn.storage.card_moves import CardPlace
from fibrolearn.storage.db import DbSession


@dataclass(frozen=True, slots=True)
class Moved:
    """What a move changed, to put back: each note's deck and each card's place before."""

    deck_id: int
    deck_name: str
    note_decks: dict[int, int]
    card_places: list[CardPlace]

    @property
    def what(self) -> str:
        """How many notes and cards moved: "3 notes (5 cards)"."""
        notes = counted(len(self.note_decks), "note")
        return f"{notes} ({counted(len(self.card_places), 'card')})"


def move_notes(
    session: DbSession, card_ids: Sequence[int], deck_id: int, progress: Progress
) -> Moved:
    """Move the notes of these cards (those not in the deck already) to the deck.

    Raises:
        NoteError: The deck is gone, or some notes must stay where they are (from a deck
            file, or linked to facts), or share a key with a note of the deck; nothing moved.
    """
    deck = decks_repo.deck_row(session, deck_id)
    if deck is None:
        raise NoteError("that deck is gone; choose another one")
    decks = card_moves.note_decks(session, browse.note_ids_of_cards(session, card_ids))
    moving = {note: old for note, old in decks.items() if old != deck_id}
    if not moving:
        return Moved(deck_id, deck.name, {}, [])
    tied = card_moves.tied_to_their_deck(session, moving)
    if tied:
        names = ", ".join(named_first(tied, 3, "other deck"))
        raise NoteError(
            f"nothing was moved: some cards come from {names}, from a deck file or "
            "linked to its facts, and stay in their deck (a deck update, and the Progress "
            "page's factors, find them there). Search with -deck:… to leave them out"
        )
    if card_moves.key_clashes(session, moving, deck_id):
        raise NoteError(
            f"nothing was moved: {deck.name} already holds a copy of some of these notes "
            "(imported from the same file)"
        )
    before = card_moves.card_places(session, moving)
    start = card_resets.last_positions(session, [deck_id]).get(deck_id, 0)
    after = [
        CardPlace(place.card_id, deck_id, start + number)
        for number, place in enumerate(before, start=1)
    ]
    card_moves.set_note_decks(session, dict.fromkeys(moving, deck_id))
    in_chunks(after, partial(card_moves.set_card_places, session), progress)
    return Moved(deck_id, deck.name, moving, before)


def move_back(session: DbSession, moved: Moved, progress: Progress) -> None:
    """Put the moved notes and cards back where they were."""
    card_moves.set_note_decks(session, moved.note_decks)
    in_chunks(moved.card_places, partial(card_moves.set_card_places, session), progress)


def move_again(session: DbSession, moved: Moved, progress: Progress) -> Moved | None:
    """Move the notes a move put back to its deck again; None if any moved since.

    Raises:
        NoteError: As :func:`move_notes` says (the deck is gone, say); nothing is moved.
    """
    if card_moves.note_decks(session, list(moved.note_decks)) != moved.note_decks:
        return None
    card_ids = [place.card_id for place in moved.card_places]
    again = move_notes(session, card_ids, moved.deck_id, progress)
    return again if again.note_decks == moved.note_decks else None
