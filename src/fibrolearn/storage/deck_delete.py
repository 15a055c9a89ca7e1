"""Delete a deck with everything that belongs to it, in the caller's one transaction.

A deck's cards go first, then its notes, then the deck row, which takes its facts, factors,
quizzes and remembered note deletions with it (``ON DELETE CASCADE``; SQLite enforces it
because every connection turns ``foreign_keys`` on). The review log is append-only: the cards'
answers stay, detached from them as a Browse delete leaves them (``notes_delete``), so
statistics still count them, as Anki keeps the log of cards it deletes.

A note imported from Anki may have cards in several decks. Such a note loses only its cards
in this deck: if it was this deck's note, it moves to the deck of a card it keeps; a note of
another deck left without any card is deleted, as Anki does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from fibrolearn.domain.progress import Progress
from fibrolearn.storage.notes_delete import detach_history

CHUNK = 500  # cards or notes per statement, with progress reported between chunks

# Cards as the deck list counts them (retired ones are hidden); every answer goes, though.
_CONTENTS = text(
    "SELECT count(DISTINCT CASE WHEN NOT cards.retired THEN cards.id END),"
    " count(DISTINCT CASE WHEN NOT cards.retired THEN reviews.card_id END), count(reviews.id)"
    " FROM cards LEFT JOIN reviews ON reviews.card_id = cards.id WHERE cards.deck_id = :deck_id"
)
_CARDS = text("SELECT id FROM cards WHERE deck_id = :deck_id ORDER BY id")
_NOTES = text("SELECT id FROM notes WHERE deck_id = :deck_id ORDER BY id")
# Notes of other decks with a card here: deleted below if this deck held all their cards.
_NOTES_ELSEWHERE = text(
    "SELECT DISTINCT notes.id FROM cards JOIN notes ON notes.id = cards.note_id"
    " WHERE cards.deck_id = :deck_id AND notes.deck_id != :deck_id"
)
_DELETE_CARDS = text("DELETE FROM cards WHERE id IN :ids").bindparams(
    bindparam("ids", expanding=True)
)
_DELETE_CARDLESS_NOTES = text(
    "DELETE FROM notes WHERE id IN :ids AND NOT EXISTS"
    " (SELECT 1 FROM cards WHERE cards.note_id = notes.id)"
).bindparams(bindparam("ids", expanding=True))
_DELETE_NOTES = text("DELETE FROM notes WHERE id IN :ids").bindparams(
    bindparam("ids", expanding=True)
)
# Keys of imported notes are unique across decks (Anki's note id), so a move cannot clash.
_MOVE_SHARED_NOTES = text(
    "UPDATE notes SET deck_id = (SELECT deck_id FROM cards WHERE cards.note_id = notes.id"
    " AND cards.deck_id != :deck_id ORDER BY ordinal LIMIT 1)"
    " WHERE deck_id = :deck_id AND EXISTS (SELECT 1 FROM cards"
    " WHERE cards.note_id = notes.id AND cards.deck_id != :deck_id)"
)
_DELETE_DECK = text("DELETE FROM decks WHERE id = :deck_id")


@dataclass(frozen=True, slots=True)
class DeckContents:
    """What a deck holds that the learner would miss: its cards and their history."""

    cards: int  # active cards, as the deck list counts them
    studied_cards: int  # of those, cards with at least one answer in the review log
    reviews: int  # answers to any of its cards, retired ones too


def deck_contents(session: Session, deck_id: int) -> DeckContents:
    """The cards of a deck, how many of them have review history, and how many answers."""
    cards, studied, reviews = session.execute(_CONTENTS, {"deck_id": deck_id}).one()
    return DeckContents(cards, studied, reviews)


def delete_deck(session: Session, deck_id: int, progress: Progress) -> None:
    """Delete a deck, its cards (their answers stay, detached), notes and knowledge model.

    Progress counts the cards and notes deleted; :class:`~fibrolearn.domain.progress.Cancelled`
    raised from it leaves the caller's transaction to roll everything back.
    """
    bound = {"deck_id": deck_id}
    session.execute(_MOVE_SHARED_NOTES, bound)
    elsewhere = list(session.execute(_NOTES_ELSEWHERE, bound).scalars())
    card_ids = list(session.execute(_CARDS, bound).scalars())
    note_ids = list(session.execute(_NOTES, bound).scalars())
    done, total = 0, len(card_ids) + len(note_ids)
    for chunk in _chunks(card_ids):
        detach_history(session, chunk)
        session.execute(_DELETE_CARDS, {"ids": chunk})
        done += len(chunk)
        progress.advance(done, total)
    if elsewhere:
        session.execute(_DELETE_CARDLESS_NOTES, {"ids": elsewhere})
    for chunk in _chunks(note_ids):  # their cards are gone; their note_imports go with them
        session.execute(_DELETE_NOTES, {"ids": chunk})
        done += len(chunk)
        progress.advance(done, total)
    session.execute(_DELETE_DECK, bound)


def delete_decks(session: Session, deck_ids: Sequence[int], progress: Progress) -> None:
    """:func:`delete_deck` for each of several decks (a deck and its subdecks), in turn.

    Progress goes once from start to end over them all, each deck its equal share.
    """
    for at, deck_id in enumerate(deck_ids):
        delete_deck(session, deck_id, _Share(progress, at, len(deck_ids)))


class _Share:
    """The progress of one of ``decks`` decks, told as a share of the whole."""

    STEPS = 1000  # per deck

    def __init__(self, whole: Progress, at: int, decks: int) -> None:
        self._whole, self._at, self._decks = whole, at, decks

    def advance(self, done: int, total: int) -> None:
        """Tell the whole how far it got, this deck's share counted in."""
        within = self.STEPS * done // total if total else self.STEPS
        self._whole.advance(self._at * self.STEPS + within, self._decks * self.STEPS)


def _chunks(ids: Sequence[int]) -> list[list[int]]:
    return [list(ids[start : start + CHUNK]) for start in range(0, len(ids), CHUNK)]
