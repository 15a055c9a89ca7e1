"""Writes behind Browse: add a note with its cards, edit it, and tag or suspend many at once.

Functions that act on many rows take one chunk of ids at a time; the service walks the chunks,
so it can report progress and stop between them (all inside one transaction).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from fibrolearn.domain.browse import NoteError
from fibrolearn.storage.models import CardRecord, DeckRecord, NoteImportRecord, NoteRecord
from fibrolearn.storage.notes_delete import delete_cards
from fibrolearn.storage.search import folded, register_text_functions


@dataclass(frozen=True, slots=True)
class StoredNote:
    """A note as the editor needs it."""

    note_id: int
    deck_id: int
    deck: str
    kind: str
    fields: dict[str, Any]
    tags: str
    note_type_id: int | None = None  # for a template note: its imported Anki note type


@dataclass(frozen=True, slots=True)
class NoteBefore:
    """What an edit replaced, to take it back.

    Attributes:
        note_id: The note edited.
        fields: Its fields before.
        tags: Its tags before.
        modified_at: Its modification time before.
        added_cards: Cards the edit created (new cloze numbers).
        revived_cards: Retired cards the edit brought back.
        left: The note as the edit left it (see :func:`_as_left`): taking the edit back is
            refused once anything else has changed the note.
    """

    note_id: int
    fields: dict[str, Any]
    tags: str
    modified_at: datetime
    added_cards: tuple[int, ...]
    revived_cards: tuple[int, ...]
    left: tuple[Any, ...]


def load_note(session: Session, note_id: int) -> StoredNote | None:
    """A note with its deck's name."""
    row = session.execute(
        select(NoteRecord, DeckRecord.name)
        .join(DeckRecord, DeckRecord.id == NoteRecord.deck_id)
        .where(NoteRecord.id == note_id)
    ).one_or_none()
    if row is None:
        return None
    note, deck = row
    return StoredNote(
        note.id, note.deck_id, deck, note.kind, dict(note.fields), note.tags, note.note_type_id
    )


def active_ordinals(session: Session, note_id: int) -> list[int]:
    """The ordinals of a note's cards that are not retired."""
    return list(
        session.scalars(
            select(CardRecord.ordinal).where(
                CardRecord.note_id == note_id, CardRecord.retired.is_(False)
            )
        )
    )


def note_of_card(session: Session, card_id: int) -> int | None:
    """The note a card belongs to."""
    return session.scalar(select(CardRecord.note_id).where(CardRecord.id == card_id))


def same_first_field(session: Session, deck_id: int, field: str, text: str) -> bool:
    """Whether a note of the deck already has ``text`` in ``field``, case and outer spaces aside.

    A likely duplicate, as Anki's Add window warns of. Case is folded by Python's rules
    (SQLite's own ``lower`` leaves "Über" as it is), and accented letters compared however
    they are encoded, as a search compares them (:func:`~fibrolearn.storage.search.folded`).
    """
    register_text_functions(session)
    stored = func.fibrolearn_casefold(func.trim(func.json_extract(NoteRecord.fields, f"$.{field}")))
    found = session.scalar(
        select(NoteRecord.id)
        .where(
            NoteRecord.deck_id == deck_id,
            NoteRecord.retired.is_(False),
            stored == folded(text.strip()),
        )
        .limit(1)
    )
    return found is not None


def add_note(
    session: Session,
    *,
    deck_id: int,
    kind: str,
    fields: dict[str, str],
    tags: str,
    ordinals: Sequence[int],
    now: datetime,
) -> tuple[int, list[int]]:
    """Create a note and its new cards at the end of the deck's new-card order.

    Returns:
        The note id and the ids of its cards.
    """
    # A random key: unique within the deck, and never equal to a bundled note's key.
    note = NoteRecord(
        deck_id=deck_id,
        key=f"user-{uuid.uuid4().hex}",
        kind=kind,
        fields=fields,
        tags=tags,
        created_at=now,
        modified_at=now,
    )
    session.add(note)
    session.flush()
    return note.id, _add_cards(session, note, ordinals, now)


def update_note(
    session: Session,
    note_id: int,
    *,
    fields: dict[str, str],
    tags: str,
    ordinals: Sequence[int],
    now: datetime,
) -> NoteBefore:
    """Replace a note's fields and tags; cards for new ordinals are created or brought back.

    Cards whose ordinal the note no longer yields are left alone: the caller refuses such edits.
    """
    note = session.get(NoteRecord, note_id)
    if note is None:
        raise LookupError(f"no note with id {note_id}")
    cards = {
        card.ordinal: card
        for card in session.scalars(select(CardRecord).where(CardRecord.note_id == note_id))
    }
    revived = [cards[o] for o in ordinals if o in cards and cards[o].retired]
    for card in revived:
        card.retired = False
    added = tuple(_add_cards(session, note, [o for o in ordinals if o not in cards], now))
    old_fields, old_tags, old_modified = dict(note.fields), note.tags, note.modified_at
    note.fields, note.tags, note.modified_at = fields, tags, now
    return NoteBefore(
        note_id=note.id,
        fields=old_fields,
        tags=old_tags,
        modified_at=old_modified,
        added_cards=added,
        revived_cards=tuple(card.id for card in revived),
        left=_as_left(session, note),
    )


def _as_left(session: Session, note: NoteRecord) -> tuple[Any, ...]:
    """What an edit's undo must find unchanged: the text, and the versions the sources gave.

    An import or a deck update after the edit may have merged in the source's changes and
    moved its version on; putting the old text back then would undo those too, and the next
    update would take the old text for the learner's edit.
    """
    imported = session.get(NoteImportRecord, note.id)
    return (
        dict(note.fields),
        note.tags,
        note.from_deck,
        None if imported is None else imported.version,
    )


def as_left_now(session: Session, note_id: int) -> tuple[Any, ...] | None:
    """A note as :class:`NoteBefore` keeps it (``left``), as it is now; None when it is gone."""
    note = session.get(NoteRecord, note_id)
    return None if note is None else _as_left(session, note)


def revert_update(session: Session, before: NoteBefore) -> datetime:
    """Put a note back as it was before an edit; when the edit was saved.

    The history of cards it added is kept.
    """
    note = session.get(NoteRecord, before.note_id)
    if note is None:
        raise NoteError("the edited note no longer exists")
    if _as_left(session, note) != before.left:
        raise NoteError(
            "the note has changed since that edit, so it cannot be taken back; "
            "edit the note instead"
        )
    edited_at = note.modified_at
    note.fields, note.tags, note.modified_at = before.fields, before.tags, before.modified_at
    session.execute(
        update(CardRecord).where(CardRecord.id.in_(before.revived_cards)).values(retired=True)
    )
    delete_cards(session, before.added_cards)
    return edited_at


@dataclass(frozen=True, slots=True)
class NoteTags:
    """A note's tags, when the note last changed, and the tags its sources last gave it."""

    tags: str
    modified_at: datetime
    source_tags: tuple[str | None, str | None]  # from the deck file's and the import's version


def tags_of(session: Session, note_ids: Iterable[int]) -> dict[int, NoteTags]:
    """The tags of each note, as a tag change and its undo need them."""
    rows = session.execute(
        select(
            NoteRecord.id,
            NoteRecord.tags,
            NoteRecord.modified_at,
            NoteRecord.from_deck,
            NoteImportRecord.version,
        )
        .outerjoin(NoteImportRecord, NoteImportRecord.note_id == NoteRecord.id)
        .where(NoteRecord.id.in_(list(note_ids)))
    )
    return {
        note_id: NoteTags(tags, modified, (_tags_of(from_deck), _tags_of(from_import)))
        for note_id, tags, modified, from_deck, from_import in rows
    }


def _tags_of(version: dict[str, Any] | None) -> str | None:
    return None if version is None else version["tags"]


def set_tags(session: Session, tags: Mapping[int, tuple[str, datetime]]) -> None:
    """Set each note's tags and modification time."""
    if tags:
        session.execute(
            update(NoteRecord),
            [
                {"id": note_id, "tags": text, "modified_at": modified}
                for note_id, (text, modified) in tags.items()
            ],
        )


def set_suspended(session: Session, card_ids: Sequence[int], suspended: bool) -> list[int]:
    """Suspend (or unsuspend) cards; returns the ids whose flag actually changed."""
    changing = list(
        session.scalars(
            select(CardRecord.id).where(
                CardRecord.id.in_(card_ids), CardRecord.suspended.is_not(suspended)
            )
        )
    )
    if changing:
        session.execute(
            update(CardRecord).where(CardRecord.id.in_(changing)).values(suspended=suspended)
        )
    return changing


def any_active(session: Session, card_ids: Sequence[int]) -> bool:
    """Whether any of these cards is not suspended."""
    return (
        session.scalar(
            select(CardRecord.id)
            .where(CardRecord.id.in_(card_ids), CardRecord.suspended.is_(False))
            .limit(1)
        )
        is not None
    )


def _add_cards(
    session: Session, note: NoteRecord, ordinals: Sequence[int], now: datetime
) -> list[int]:
    if not ordinals:
        return []
    last = session.scalar(
        select(func.max(CardRecord.position)).where(CardRecord.deck_id == note.deck_id)
    )
    cards = [
        CardRecord(
            note_id=note.id,
            deck_id=note.deck_id,
            ordinal=ordinal,
            due=now,
            position=(last or 0) + offset,
        )
        for offset, ordinal in enumerate(ordinals, start=1)
    ]
    session.add_all(cards)
    session.flush()
    return [card.id for card in cards]
