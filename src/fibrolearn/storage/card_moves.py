"""Moving notes, with all their cards, to another deck (Browse's Change deck), and back.

Each function is one statement (or one executemany) whatever the number of notes.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from fibrolearn.storage.bulk_sql import one_of
from fibrolearn.storage.models import CardRecord, DeckRecord, NoteRecord


@dataclass(frozen=True, slots=True)
class CardPlace:
    """A card's deck and its place among the deck's new cards."""

    card_id: int
    deck_id: int
    position: int


def tied_to_their_deck(session: Session, note_ids: Collection[int]) -> list[str]:
    """The decks (by name) holding notes that must stay there.

    A note from a deck file is that file's: a deck update finds it in its deck, and would add
    it again if it were gone. A note linked to facts finds them in its own deck's knowledge
    model; in another deck its factors and facts would be lost.
    """
    # A note that is no deck file's holds JSON null (or SQL NULL) in from_deck.
    tied = text("(json_type(notes.from_deck) = 'object' OR json_array_length(notes.fact_keys) > 0)")
    query = (
        select(DeckRecord.name)
        .join(NoteRecord, NoteRecord.deck_id == DeckRecord.id)
        .where(one_of(NoteRecord.id, note_ids), tied)
        .distinct()
        .order_by(DeckRecord.name)
    )
    return list(session.scalars(query))


def key_clashes(session: Session, note_ids: Collection[int], deck_id: int) -> int:
    """How many of these notes share their key with a note of the deck (which refuses them)."""
    moving = select(NoteRecord.key).where(one_of(NoteRecord.id, note_ids))
    query = select(func.count()).where(
        NoteRecord.deck_id == deck_id,
        NoteRecord.key.in_(moving),
        ~one_of(NoteRecord.id, note_ids),
    )
    return session.scalar(query) or 0


def note_decks(session: Session, note_ids: Collection[int]) -> dict[int, int]:
    """The deck of each of these notes, by note id."""
    query = select(NoteRecord.id, NoteRecord.deck_id).where(one_of(NoteRecord.id, note_ids))
    return {note_id: deck for note_id, deck in session.execute(query)}


def card_places(session: Session, note_ids: Collection[int]) -> list[CardPlace]:
    """Where every card of these notes is, in each deck's order of new cards."""
    query = (
        select(CardRecord.id, CardRecord.deck_id, CardRecord.position)
        .where(one_of(CardRecord.note_id, note_ids))
        .order_by(CardRecord.deck_id, CardRecord.position, CardRecord.id)
    )
    return [CardPlace(*row) for row in session.execute(query)]


def other_cards(
    session: Session, note_ids: Collection[int], known: Collection[int]
) -> list[tuple[int, int]]:
    """The cards of these notes not among ``known`` (added since), as (card, note) pairs."""
    query = (
        select(CardRecord.id, CardRecord.note_id)
        .where(one_of(CardRecord.note_id, note_ids), ~one_of(CardRecord.id, known))
        .order_by(CardRecord.position, CardRecord.id)
    )
    return [(card, note) for card, note in session.execute(query)]


def set_note_decks(session: Session, decks: dict[int, int]) -> None:
    """Put notes in decks: deck id by note id."""
    if decks:
        rows = [{"id": note_id, "deck_id": deck} for note_id, deck in decks.items()]
        session.execute(update(NoteRecord), rows)


def set_card_places(session: Session, places: Sequence[CardPlace]) -> None:
    """Put cards in decks, at their places among the new cards."""
    if places:
        rows = [{"id": p.card_id, "deck_id": p.deck_id, "position": p.position} for p in places]
        session.execute(update(CardRecord), rows)
