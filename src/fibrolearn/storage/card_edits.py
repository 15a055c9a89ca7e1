"""Writes a learner makes to one card from the study screen: edit its note, suspend, bury."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.notes import EditableNote
from fibrolearn.storage.models import CardRecord, NoteRecord


def _card(session: Session, card_id: int) -> CardRecord:
    card = session.get(CardRecord, card_id)
    if card is None:
        raise LookupError(f"no card with id {card_id}")
    return card


def note_of_card(session: Session, card_id: int) -> EditableNote:
    """The note a card is rendered from, with its fields as text."""
    return note_by_id(session, _card(session, card_id).note_id)


def note_by_id(session: Session, note_id: int) -> EditableNote:
    """A note with its fields as text."""
    note = session.get(NoteRecord, note_id)
    if note is None:
        raise LookupError(f"no note with id {note_id}")
    if note.kind not in {kind.value for kind in NoteKind}:
        raise ValueError(
            "This card comes from an imported Anki note type; FibroLearn cannot edit those "
            "yet. Edit it in Browse after converting it, or in Anki before importing."
        )
    return EditableNote(
        note_id=note.id,
        kind=NoteKind(note.kind),
        fields={name: str(value) for name, value in note.fields.items()},
    )


def card_ordinals_of_note(session: Session, note_id: int) -> list[int]:
    """The ordinals of a note's active cards (for checking an edit keeps them all)."""
    return list(
        session.scalars(
            select(CardRecord.ordinal).where(
                CardRecord.note_id == note_id, CardRecord.retired.is_(False)
            )
        )
    )


def update_note_fields(
    session: Session, note_id: int, fields: dict[str, str], now: datetime
) -> dict[str, str]:
    """Replace some of a note's fields; returns the previous values of the changed fields."""
    note = session.get(NoteRecord, note_id)
    if note is None:
        raise LookupError(f"no note with id {note_id}")
    previous = {name: str(note.fields.get(name, "")) for name in fields}
    # A new dict, so SQLAlchemy sees the JSON column change.
    note.fields = {**note.fields, **fields}
    note.modified_at = now
    return previous


def set_suspended(session: Session, card_id: int, suspended: bool) -> bool:
    """Suspend or restore a card; returns whether it was suspended before."""
    card = _card(session, card_id)
    before = card.suspended
    card.suspended = suspended
    return before


def set_buried_until(session: Session, card_id: int, until: datetime | None) -> datetime | None:
    """Hide a card from the queue until an instant (None shows it again); returns the old value."""
    card = _card(session, card_id)
    before = card.buried_until
    card.buried_until = until
    return before
