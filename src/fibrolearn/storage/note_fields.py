"""Reading and writing the fields of many notes at once: Browse's Find and replace."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fibrolearn.storage.bulk_sql import one_of
from fibrolearn.storage.models import CardRecord, NoteRecord


@dataclass(frozen=True, slots=True)
class NoteFields:
    """A note's fields, with what says which cards they make."""

    id: int
    kind: str
    note_type_id: int | None
    fields: dict[str, Any]
    modified_at: datetime


def fields_of_cards(session: Session, card_ids: Collection[int]) -> list[NoteFields]:
    """The notes of these cards (each once), in id order: one query for any number."""
    notes = select(CardRecord.note_id).where(one_of(CardRecord.id, card_ids))
    query = (
        select(
            NoteRecord.id,
            NoteRecord.kind,
            NoteRecord.note_type_id,
            NoteRecord.fields,
            NoteRecord.modified_at,
        )
        .where(NoteRecord.id.in_(notes))
        .order_by(NoteRecord.id)
    )
    return [NoteFields(*row) for row in session.execute(query)]


def fields_of_notes(session: Session, note_ids: Collection[int]) -> dict[int, dict[str, Any]]:
    """These notes' fields now, by note id (notes deleted since are left out)."""
    query = select(NoteRecord.id, NoteRecord.fields).where(one_of(NoteRecord.id, note_ids))
    return {note_id: fields for note_id, fields in session.execute(query)}


def set_fields(session: Session, notes: Sequence[NoteFields]) -> None:
    """Write these notes' fields and modification times, all at once."""
    if notes:
        rows = [{"id": n.id, "fields": n.fields, "modified_at": n.modified_at} for n in notes]
        session.execute(update(NoteRecord), rows)
