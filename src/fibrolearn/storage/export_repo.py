"""Reads behind exporting: the notes, cards and history of one deck or of every deck.

An export reads a few hundred notes at a time, with their cards and history, as plain rows:
however large the collection, only one chunk of it is in memory, and the worker thread
never builds the millions of objects whose garbage collection would freeze the window.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from fibrolearn.domain.enums import CardState, Rating
from fibrolearn.domain.review_log import LoggedAnswer
from fibrolearn.domain.study import MemoryState
from fibrolearn.storage.damaged_data import ORDINAL, stored_as, stored_count
from fibrolearn.storage.decks_repo import in_deck_or_subdecks
from fibrolearn.storage.models import (
    CardRecord,
    CardResetRecord,
    DeckRecord,
    NoteRecord,
    ReviewRecord,
)
from fibrolearn.storage.stored_state import stored_memory_state
from fibrolearn.storage.study_repo import SCHEDULING_COLUMNS, memory_state, state_before

# Notes per chunk; it also keeps each chunk's IN list under SQLite's bound-parameter limit.
CHUNK_NOTES = 500

_CARD_COLUMNS = (
    *SCHEDULING_COLUMNS,
    CardRecord.note_id,
    CardRecord.deck_id,
    CardRecord.ordinal,
    CardRecord.suspended,
    CardRecord.buried_until,
    CardRecord.position,
)
_NOTE_COLUMNS = (
    NoteRecord.id,
    NoteRecord.deck_id,
    NoteRecord.key,
    NoteRecord.guid,
    NoteRecord.kind,
    NoteRecord.fields,
    NoteRecord.tags,
    NoteRecord.note_type_id,
    NoteRecord.origin_type_id,
    NoteRecord.modified_at,
)


class _LoggedRow(NamedTuple):
    """A review log row as an export reads it, named as the record's columns.

    A SQLAlchemy row finds a column by its name several times slower than a named tuple:
    eighteen looked up by name for each answer took a third of an export's reading of the log.
    """

    card_id: Any
    reviewed_at: Any
    rating: Any
    duration_ms: Any
    before_state: Any
    before_step: Any
    before_stability: Any
    before_difficulty: Any
    before_due: Any
    before_last_review: Any
    before_reps: Any
    before_lapses: Any
    early: Any
    after_state: Any
    after_step: Any
    after_stability: Any
    after_difficulty: Any
    after_due: Any


_REVIEW_COLUMNS = tuple(getattr(ReviewRecord, name) for name in _LoggedRow._fields)


@dataclass(frozen=True, slots=True)
class ExportedCard:
    """A card with its scheduling."""

    id: int
    note_id: int
    deck_id: int
    ordinal: int
    state: MemoryState
    suspended: bool
    buried_until: datetime | None
    position: int


@dataclass(frozen=True, slots=True)
class ExportedNote:
    """A note's content."""

    id: int
    deck_id: int
    key: str
    guid: str | None
    kind: str
    fields: dict[str, Any]
    tags: tuple[str, ...]
    note_type_id: int | None
    origin_type_id: int | None  # the Anki note type a note of FibroLearn's own kinds came from
    modified_at: datetime


@dataclass(frozen=True, slots=True)
class ExportData:
    """What an export writes about some of its notes (one chunk), in note id order."""

    decks: dict[int, tuple[str, str]]  # id -> (key, name)
    notes: list[ExportedNote]
    cards: list[ExportedCard]
    reviews: dict[int, list[LoggedAnswer]] = field(default_factory=dict)  # by card id
    resets: dict[int, list[datetime]] = field(default_factory=dict)  # Forget's, by card id


@dataclass(frozen=True, slots=True)
class ExportScope:
    """Which notes an export writes, read before its chunks.

    Attributes:
        deck_id: The deck exported; None for every deck.
        note_ids: The notes written, in id order.
        kinds: The (kind, note type id) pairs among those notes, which set how many columns
            a text file of them needs before it is written.
    """

    deck_id: int | None
    note_ids: list[int]
    kinds: frozenset[tuple[str, int | None]]


def export_scope(session: Session, deck_id: int | None) -> ExportScope:
    """Which notes an export of deck ``deck_id`` (every deck when None) writes.

    A note belongs to the export when any of its active cards is in the deck.
    """
    note_ids = list(
        session.scalars(
            _exported(select(CardRecord.note_id).distinct(), deck_id).order_by(CardRecord.note_id)
        )
    )
    kinds = session.execute(
        _exported(select(NoteRecord.kind, NoteRecord.note_type_id).distinct(), deck_id)
    )
    return ExportScope(deck_id, note_ids, frozenset((kind, type_id) for kind, type_id in kinds))


def export_chunks(
    session: Session, scope: ExportScope, *, with_reviews: bool
) -> Iterator[ExportData]:
    """The notes of ``scope``, ``CHUNK_NOTES`` at a time, with their cards and history.

    The cards of a note come in ordinal order, and each card's history oldest first.
    """
    decks = {deck.id: (deck.key, deck.name) for deck in session.scalars(select(DeckRecord))}
    for start in range(0, len(scope.note_ids), CHUNK_NOTES):
        chunk = scope.note_ids[start : start + CHUNK_NOTES]
        yield ExportData(
            decks=decks,
            notes=_notes(session, chunk),
            cards=_cards(session, scope.deck_id, chunk),
            reviews=_reviews(session, scope.deck_id, chunk) if with_reviews else {},
            resets=_resets(session, scope.deck_id, chunk) if with_reviews else {},
        )


def _exported(query: Select[Any], deck_id: int | None) -> Select[Any]:
    """``query`` over the exported cards: active cards of active notes, in the deck if one.

    A deck's subdecks come with it, as in Anki: "Science" exports "Science::Biology" too.
    """
    query = (
        query.select_from(CardRecord)
        .join(NoteRecord, NoteRecord.id == CardRecord.note_id)
        .where(CardRecord.retired.is_(False), NoteRecord.retired.is_(False))
    )
    return query if deck_id is None else query.where(in_deck_or_subdecks(deck_id))


def _notes(session: Session, note_ids: list[int]) -> list[ExportedNote]:
    rows = session.execute(
        select(*_NOTE_COLUMNS).where(NoteRecord.id.in_(note_ids)).order_by(NoteRecord.id)
    )
    return [
        ExportedNote(
            id=row.id,
            deck_id=row.deck_id,
            key=row.key,
            guid=row.guid,
            kind=row.kind,
            fields=dict(row.fields),
            tags=tuple(row.tags.split()),
            note_type_id=row.note_type_id,
            origin_type_id=row.origin_type_id,
            modified_at=row.modified_at,
        )
        for row in rows
    ]


def _cards(session: Session, deck_id: int | None, note_ids: list[int]) -> list[ExportedCard]:
    rows = session.execute(
        _exported(select(*_CARD_COLUMNS), deck_id)
        .where(CardRecord.note_id.in_(note_ids))
        .order_by(CardRecord.note_id, CardRecord.ordinal)
    )
    return [
        ExportedCard(
            id=row.id,
            note_id=row.note_id,
            deck_id=row.deck_id,
            ordinal=stored_count(ORDINAL, row.ordinal),
            state=memory_state(row),  # a row has the record's column names
            suspended=row.suspended,
            buried_until=row.buried_until,
            position=row.position,
        )
        for row in rows
    ]


def _reviews(
    session: Session, deck_id: int | None, note_ids: list[int]
) -> dict[int, list[LoggedAnswer]]:
    rows = session.connection().execute(  # plain columns: no ORM to go through
        _exported(select(*_REVIEW_COLUMNS), deck_id)
        .join(ReviewRecord, ReviewRecord.card_id == CardRecord.id)
        .where(CardRecord.note_id.in_(note_ids))
        .order_by(ReviewRecord.card_id, ReviewRecord.reviewed_at, ReviewRecord.id)
    )
    found: dict[int, list[LoggedAnswer]] = defaultdict(list)
    for row in map(_LoggedRow._make, rows):
        found[row.card_id].append(_answer(row))
    return dict(found)


def _resets(
    session: Session, deck_id: int | None, note_ids: list[int]
) -> dict[int, list[datetime]]:
    rows = session.execute(
        _exported(select(CardResetRecord.card_id, CardResetRecord.reset_at), deck_id)
        .join(CardResetRecord, CardResetRecord.card_id == CardRecord.id)
        .where(CardRecord.note_id.in_(note_ids))
        .order_by(CardResetRecord.card_id, CardResetRecord.reset_at, CardResetRecord.id)
    )
    found: dict[int, list[datetime]] = defaultdict(list)
    for card_id, reset_at in rows:
        found[card_id].append(reset_at)
    return dict(found)


def _answer(review: _LoggedRow) -> LoggedAnswer:
    """A logged answer from its row (which has the record's column names)."""
    before = state_before(review)
    rating = stored_as(Rating, review.rating)
    lapse = before.state is CardState.REVIEW and rating is Rating.AGAIN
    after = stored_memory_state(
        state=review.after_state,
        step=review.after_step,
        stability=review.after_stability,
        difficulty=review.after_difficulty,
        due=review.after_due,
        last_review=review.reviewed_at,
        reps=before.reps + 1,
        lapses=before.lapses + lapse,
    )
    return LoggedAnswer(
        reviewed_at=review.reviewed_at,
        rating=rating,
        duration_ms=stored_count("answer's duration", review.duration_ms),
        before=before,
        after=after,
        early=review.early,
    )
