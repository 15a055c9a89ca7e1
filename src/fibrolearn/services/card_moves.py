"""Browse's Change deck: move the notes of the selected cards, with all their cards, to a deck.

A note and its cards share a deck here (Anki moves cards alone; here a note's deck decides
what a deck update, an export and deleting the deck take along). Moved cards keep their memory
state and history; as new cards they go after the deck's own, in the order they had. A move
undone and redone puts them at the very places the move gave them, or refuses.
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
from fibrolearn.storage.models import DeckRecord


@dataclass(frozen=True, slots=True)
class Moved:
    """What a move changed: each note's deck and each card's place before, and after."""

    deck_id: int
    deck_name: str
    note_decks: dict[int, int]
    card_places: list[CardPlace]
    placed: list[CardPlace]  # each card's place in the deck, as the move left it

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
    deck = _deck(session, deck_id)
    decks = card_moves.note_decks(session, browse.note_ids_of_cards(session, card_ids))
    moving = {note: old for note, old in decks.items() if old != deck_id}
    if not moving:
        return Moved(deck_id, deck.name, {}, [], [])
    _check_movable(session, moving, deck)
    before = card_moves.card_places(session, moving)
    start = card_resets.last_positions(session, [deck_id]).get(deck_id, 0)
    after = [
        CardPlace(place.card_id, deck_id, start + number)
        for number, place in enumerate(before, start=1)
    ]
    moved = Moved(deck_id, deck.name, moving, before, after)
    _place(session, moved, progress)
    return moved


def _deck(session: DbSession, deck_id: int) -> DeckRecord:
    deck = decks_repo.deck_row(session, deck_id)
    if deck is None:
        raise NoteError("that deck is gone; choose another one")
    return deck


def _check_movable(session: DbSession, moving: dict[int, int], deck: DeckRecord) -> None:
    """Raise NoteError unless these notes may go to the deck."""
    tied = card_moves.tied_to_their_deck(session, moving)
    if tied:
        names = ", ".join(named_first(tied, 3, "other deck"))
        raise NoteError(
            f"nothing was moved: some cards come from {names}, from a deck file or "
            "linked to its facts, and stay in their deck (a deck update, and the Progress "
            "page's factors, find them there). Search with -deck:… to leave them out"
        )
    if card_moves.key_clashes(session, moving, deck.id):
        raise NoteError(
            f"nothing was moved: {deck.name} already holds a copy of some of these notes "
            "(imported from the same file)"
        )


def _place(session: DbSession, moved: Moved, progress: Progress) -> None:
    card_moves.set_note_decks(session, dict.fromkeys(moved.note_decks, moved.deck_id))
    in_chunks(moved.placed, partial(card_moves.set_card_places, session), progress)


def move_back(session: DbSession, moved: Moved, progress: Progress) -> None:
    """Put the moved notes and cards back where they were.

    Cards the notes got since (a cloze added by an edit in Study) go with them, after their
    deck's new cards: a note and its cards share a deck.
    """
    card_moves.set_note_decks(session, moved.note_decks)
    in_chunks(moved.card_places, partial(card_moves.set_card_places, session), progress)
    known = [place.card_id for place in moved.card_places]
    added = card_moves.other_cards(session, moved.note_decks, known)
    last = card_resets.last_positions(session, set(moved.note_decks.values()))
    places = []
    for card, note in added:
        deck = moved.note_decks[note]
        last[deck] = last.get(deck, 0) + 1
        places.append(CardPlace(card, deck, last[deck]))
    card_moves.set_card_places(session, places)


def move_again(session: DbSession, moved: Moved, progress: Progress) -> Moved | None:
    """Move again the notes a move put back: to its deck, at the places the move gave them.

    None, moving nothing, when any of those notes or cards moved since it was undone.

    Raises:
        NoteError: As :func:`move_notes` says (the deck is gone, say), or cards were added
            to the deck since, at the places the move gave these; nothing is moved.
    """
    notes = list(moved.note_decks)
    if card_moves.note_decks(session, notes) != moved.note_decks:
        return None
    if card_moves.card_places(session, notes) != moved.card_places:
        return None
    deck = _deck(session, moved.deck_id)
    _check_movable(session, moved.note_decks, deck)
    first = min((place.position for place in moved.placed), default=None)
    last = card_resets.last_positions(session, [deck.id]).get(deck.id, 0)
    if first is not None and last >= first:  # a cloze added by an edit in Study, say
        raise NoteError(
            f"{deck.name} has had cards added since the move (by an edit in Study or an "
            "import, say) where the move had put these, so nothing was moved again"
        )
    _place(session, moved, progress)
    return moved
