"""A deck's notes as a quiz on them reads them, and the decks a quiz is offered on."""

from __future__ import annotations

import re
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
# A field a template shows: {{Back}}, or through filters, {{text:Back}} (not {{#Back}}).
_FIELD_SHOWN = re.compile(r"\{\{(?:[^{}#/^!:]*:)*([^{}#/^!:][^{}:]*)\}\}")


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
    first field's deletions, its second as extra), as Anki's own note types have them; both
    ways when its second card's question shows the second field.
    """
    in_use = and_(CardRecord.note_id == NoteRecord.id, CardRecord.retired.is_(False))
    query = (
        select(
            NoteRecord.key,
            NoteRecord.kind,
            NoteRecord.fields,
            NoteTypeRecord,
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


def _note(
    key: str, kind: str, fields: Any, note_type: NoteTypeRecord | None, second_card: bool
) -> QuizNote | None:
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
    names = [str(name) for name in note_type.fields][:2]
    first, second = ([values.get(name, "") for name in names] + ["", ""])[:2]
    if note_type.kind == _CLOZE_TYPE:
        return QuizNote(key, NoteKind.CLOZE, text=first, extra=second, html=True)
    both_ways = second_card and len(names) == 2 and _asks(note_type, 1, names[1])
    kind = NoteKind.REVERSED if both_ways else NoteKind.BASIC
    return QuizNote(key, kind, front=first, back=second, html=True)


def _asks(note_type: NoteTypeRecord, ordinal: int, field: str) -> bool:
    """Whether the note type's card ``ordinal`` shows ``field`` on its question side."""
    templates = note_type.templates if isinstance(note_type.templates, list) else []
    template = templates[ordinal] if ordinal < len(templates) else None
    front = template.get("front") if isinstance(template, dict) else None
    if not isinstance(front, str):
        return False
    return field in {shown.group(1).strip() for shown in _FIELD_SHOWN.finditer(front)}
