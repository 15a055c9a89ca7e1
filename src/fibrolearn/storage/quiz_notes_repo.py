"""A deck's notes as a quiz on them reads them, and the decks a quiz is offered on."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session

from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.quiz_notes import QuizDeck, QuizNote
from fibrolearn.storage.models import (
    CardRecord,
    DeckRecord,
    FactorRecord,
    NoteRecord,
    NoteTypeRecord,
)

_TEMPLATE = "template"  # an imported Anki note type's note (interop's TEMPLATE_KIND)
_CLOZE_TYPE = "cloze"  # an Anki note type making a card per deletion


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


def quiz_notes(session: Session, deck_id: int) -> list[QuizNote]:
    """The notes of the deck's cards in use, in the order they were added.

    A note with a suspended card is left out: the learner put it aside. An imported Anki
    note type's note is read as its first field asked with its second (a cloze type's: its
    first field's deletions, its second as extra), as Anki's own note types have them.
    """
    in_use = and_(CardRecord.note_id == NoteRecord.id, CardRecord.retired.is_(False))
    query = (
        select(NoteRecord.key, NoteRecord.kind, NoteRecord.fields, NoteTypeRecord)
        .outerjoin(NoteTypeRecord, NoteTypeRecord.id == NoteRecord.note_type_id)
        .where(
            NoteRecord.retired.is_(False),
            exists().where(in_use, CardRecord.deck_id == deck_id),
            ~exists().where(in_use, CardRecord.suspended.is_(True)),
        )
        .order_by(NoteRecord.id)
    )
    notes = (_note(*row) for row in session.execute(query))
    return [note for note in notes if note is not None]


def cards_of_notes(session: Session, deck_id: int, keys: Collection[str]) -> list[int]:
    """The deck's cards in use (not suspended) of the notes with these keys, in deck order."""
    query = (
        select(CardRecord.id)
        .join(NoteRecord, NoteRecord.id == CardRecord.note_id)
        .where(
            CardRecord.deck_id == deck_id,
            CardRecord.retired.is_(False),
            CardRecord.suspended.is_(False),
            NoteRecord.key.in_(list(keys)),
        )
        .order_by(CardRecord.position, CardRecord.id)
    )
    return list(session.scalars(query))


def _note(key: str, kind: str, fields: Any, note_type: NoteTypeRecord | None) -> QuizNote | None:
    """The note as a quiz reads it; None for one it cannot (damaged, or of no known shape)."""
    if not isinstance(fields, dict):
        return None
    values = {name: value for name, value in fields.items() if isinstance(value, str)}
    if kind != _TEMPLATE:
        if kind not in {str(k) for k in NoteKind}:
            return None
        return QuizNote(
            key,
            NoteKind(kind),
            front=values.get("front", ""),
            back=values.get("back", ""),
            text=values.get("text", ""),
            extra=values.get("extra", ""),
        )
    if note_type is None or not isinstance(note_type.fields, list):
        return None
    first, second = ([values.get(str(name), "") for name in note_type.fields] + ["", ""])[:2]
    if note_type.kind == _CLOZE_TYPE:
        return QuizNote(key, NoteKind.CLOZE, text=first, extra=second, html=True)
    return QuizNote(key, NoteKind.BASIC, front=first, back=second, html=True)
