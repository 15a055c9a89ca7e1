"""Note types kept from Anki: stored by key, and looked up to render a card."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fibrolearn.storage.damaged_data import ORDINAL, StoredValueError, stored_count, stored_texts
from fibrolearn.storage.models import CardRecord, DeckRecord, NoteRecord, NoteTypeRecord

_TEMPLATE_KEYS = ("name", "front", "back")


@dataclass(frozen=True, slots=True)
class StoredNoteType:
    """A note type as stored: its fields and templates ({"name", "front", "back"})."""

    id: int
    key: str
    name: str
    kind: str
    fields: tuple[str, ...]
    templates: tuple[dict[str, str], ...]
    css: str


@dataclass(frozen=True, slots=True)
class TemplateCard:
    """What rendering one card of a template note needs."""

    note_type: StoredNoteType
    fields: dict[str, str]
    ordinal: int
    tags: tuple[str, ...]
    deck: str


def save_note_type(
    session: Session,
    key: str,
    *,
    name: str,
    kind: str,
    fields: Iterable[str],
    templates: Iterable[dict[str, str]],
    css: str,
    now: datetime,
) -> int:
    """Create the note type ``key`` or bring it up to date; returns its id."""
    record = session.scalar(select(NoteTypeRecord).where(NoteTypeRecord.key == key))
    values: dict[str, Any] = {
        "name": name,
        "kind": kind,
        "fields": list(fields),
        "templates": [dict(t) for t in templates],
        "css": css,
    }
    if record is None:
        record = NoteTypeRecord(key=key, created_at=now, modified_at=now, **values)
        session.add(record)
    elif any(getattr(record, column) != value for column, value in values.items()):
        for column, value in values.items():
            setattr(record, column, value)
        record.modified_at = now
    session.flush()
    return record.id


def note_types(session: Session, ids: Iterable[int] | None = None) -> dict[int, StoredNoteType]:
    """Stored note types by id (all of them, or those in ``ids``)."""
    query = select(NoteTypeRecord)
    if ids is not None:
        query = query.where(NoteTypeRecord.id.in_(list(ids)))
    return {record.id: _stored(record) for record in session.scalars(query)}


def template_card(session: Session, card_id: int) -> TemplateCard | None:
    """A template note's card with its note type and deck, or None for other cards."""
    row = session.execute(
        select(CardRecord.ordinal, NoteRecord, NoteTypeRecord, DeckRecord.name)
        .join(NoteRecord, NoteRecord.id == CardRecord.note_id)
        .join(NoteTypeRecord, NoteTypeRecord.id == NoteRecord.note_type_id)
        .join(DeckRecord, DeckRecord.id == CardRecord.deck_id)
        .where(CardRecord.id == card_id)
    ).one_or_none()
    if row is None:
        return None
    ordinal, note, note_type, deck = row
    return TemplateCard(
        note_type=_stored(note_type),
        fields=dict(note.fields),
        ordinal=stored_count(ORDINAL, ordinal),
        tags=tuple(note.tags.split()),
        deck=deck,
    )


def _stored(record: NoteTypeRecord) -> StoredNoteType:
    """The note type a row holds.

    Raises:
        StoredValueError: Its fields are not names, or a template is not one.
    """
    return StoredNoteType(
        id=record.id,
        key=record.key,
        name=record.name,
        kind=record.kind,
        fields=stored_texts("note type's field names", record.fields),
        templates=tuple(_template(template) for template in record.templates),
        css=record.css,
    )


def _template(stored: Any) -> dict[str, str]:
    if isinstance(stored, dict) and all(isinstance(stored.get(k), str) for k in _TEMPLATE_KEYS):
        return {key: stored[key] for key in _TEMPLATE_KEYS}
    raise StoredValueError(f"a stored card template is not one ({stored!r:.40})")
