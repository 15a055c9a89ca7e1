"""A deck's notes as a quiz on them reads them, and the decks a quiz is offered on."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, NamedTuple

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session

from fibrolearn.domain.quiz_notes import QuizDeck
from fibrolearn.storage.knowledge_repo import cards_in_use
from fibrolearn.storage.models import (
    CardRecord,
    DeckRecord,
    FactorRecord,
    NoteRecord,
    NoteTypeRecord,
)


class QuizNoteRow(NamedTuple):
    """A note a quiz may ask about, as stored: its values are checked by whoever reads them."""

    key: str
    kind: str
    fields: Any  # a JSON object of field name -> text, unless damaged
    type_kind: str | None  # an imported Anki note type's kind ("standard", "cloze")
    templates: Any  # its card templates (JSON: a list of objects with "front" and "back")
    second_card: bool  # its card 2 is in use


def quiz_decks(session: Session) -> list[QuizDeck]:
    """Every deck, by name, and whether it has a knowledge model."""
    has_model = exists().where(FactorRecord.deck_id == DeckRecord.id)
    rows = session.execute(
        select(DeckRecord.id, DeckRecord.name, has_model).order_by(DeckRecord.name, DeckRecord.id)
    )
    return [QuizDeck(deck_id, name, bool(knowledge)) for deck_id, name, knowledge in rows]


def has_knowledge(session: Session, deck_id: int) -> bool:
    """Whether the deck has a knowledge model (factors to ask about)."""
    return bool(session.scalar(select(exists().where(FactorRecord.deck_id == deck_id))))


def quiz_note_rows(session: Session, deck_id: int) -> list[QuizNoteRow]:
    """The notes of the deck's cards in use, in the order they were added.

    A note with a suspended card is left out: the learner put it aside.
    """
    in_use = and_(CardRecord.note_id == NoteRecord.id, CardRecord.retired.is_(False))
    query = (
        select(
            NoteRecord.key,
            NoteRecord.kind,
            NoteRecord.fields,
            NoteTypeRecord.kind,
            NoteTypeRecord.templates,
            exists().where(in_use, CardRecord.ordinal == 1),
        )
        .outerjoin(NoteTypeRecord, NoteTypeRecord.id == NoteRecord.note_type_id)
        .where(
            NoteRecord.retired.is_(False),
            exists().where(in_use, CardRecord.deck_id == deck_id),
            ~exists().where(in_use, CardRecord.suspended.is_(True)),
        )
        .order_by(NoteRecord.id)
    )
    return [QuizNoteRow(*row) for row in session.execute(query)]


def cards_of_notes(session: Session, deck_id: int, keys: Collection[str]) -> list[int]:
    """The deck's cards in use (not suspended) of the notes with these keys, in deck order."""
    return cards_in_use(session, deck_id, NoteRecord.key.in_(list(keys)))
