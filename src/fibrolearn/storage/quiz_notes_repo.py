"""A deck's notes as a quiz on them reads them, and the decks a quiz is offered on."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session

from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.quiz_notes import QuizDeck, QuizNote
from fibrolearn.storage.knowledge_repo import cards_in_use
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
_FIELD_SHOWN = re.compile(r"\{\{((?:[^{}#/^!:]*:)*)([^{}#/^!:][^{}:]*)\}\}")
# Template words that are no field of the note ({{FrontSide}}, {{Tags}}...: interop's list).
_SPECIAL_FIELDS = frozenset({"FrontSide", "Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag"})
# Filters whose field the question side does not show: typed in, or a hint shown on a click.
_NOT_ASKED = frozenset({"type", "hint"})
# Between the fields an answer side adds, as one line: "いぬ · dog".
_FIELDS_APART = " · "


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
    note type's note is asked as its first card asks it: the fields its question shows, with
    the fields its answer adds as the answer (a cloze type's: the deletions of the fields shown
    with ``cloze:``, the answer's other fields as extra); both ways when its second card asks
    the first one's answer with its question.
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
    return cards_in_use(session, deck_id, NoteRecord.key.in_(list(keys)))


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
    if note_type is None or not isinstance(note_type.templates, list):
        return None
    templates = [t for t in note_type.templates if isinstance(t, dict)]
    asked, added = _sides(templates[0] if templates else {})
    if note_type.kind == _CLOZE_TYPE:
        text = [name for name, filters in asked if "cloze" in filters.split(":")]
        return QuizNote(
            key,
            NoteKind.CLOZE,
            text=_joined(values, text, "<br>"),
            extra=_joined(values, added, "<br>"),
            html=True,
        )
    question = list(dict.fromkeys(name for name, _ in asked))
    swapped = False
    if second_card and len(templates) > 1:
        second_asked, second_added = _sides(templates[1])
        swapped = (set(second_added), {name for name, _ in second_asked}) == (
            set(question),
            set(added),
        )
    kind = NoteKind.REVERSED if added and swapped else NoteKind.BASIC
    front, back = _joined(values, question, "<br>"), _joined(values, added, _FIELDS_APART)
    return QuizNote(key, kind, front=front, back=back, html=True)


def _sides(template: dict[Any, Any]) -> tuple[tuple[tuple[str, str], ...], list[str]]:
    """The fields a card's question shows, with their filters, and those its answer adds.

    In the order the template shows them. A field typed in (``{{type:Back}}``) shows nothing
    on the question side, but its answer on the answer side; a hint (``{{hint:Reading}}``) is
    hidden on the question side until asked for: shown on the answer side, it is answer.
    """
    front, back = (template.get(side) for side in ("front", "back"))
    asked = tuple(
        (name, filters)
        for name, filters in _fields_shown(front if isinstance(front, str) else "")
        if not _NOT_ASKED & set(filters.split(":"))
    )
    shown = {name for name, _ in asked}
    added = [
        name
        for name, _ in _fields_shown(back if isinstance(back, str) else "")
        if name not in shown
    ]
    return asked, list(dict.fromkeys(added))


def _fields_shown(template: str) -> list[tuple[str, str]]:
    """The fields a template shows, each with the filters it goes through ("text:", "")."""
    shown = ((found.group(2).strip(), found.group(1)) for found in _FIELD_SHOWN.finditer(template))
    return [(name, filters) for name, filters in shown if name not in _SPECIAL_FIELDS]


def _joined(values: dict[str, str], names: Collection[str], between: str) -> str:
    """The texts of the fields ``names`` that are not blank, ``between`` them."""
    return between.join(text for name in names if (text := values.get(name, "")).strip())
