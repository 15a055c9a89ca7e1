"""Reads behind exporting: the notes, cards and history of one deck or of every deck."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fibrolearn.domain.enums import CardState, Rating
from fibrolearn.domain.review_log import LoggedAnswer
from fibrolearn.domain.study import MemoryState
from fibrolearn.storage.models import CardRecord, DeckRecord, NoteRecord, ReviewRecord
from fibrolearn.storage.study_repo import memory_state, state_before


@dataclass(frozen=True, slots=True)
class ExportedCard:
    """A card with its scheduling."""

    id: int
    note_id: int
    deck_id: int
    ordinal: int
    state: MemoryState
    suspended: bool
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
    modified_at: datetime


@dataclass(frozen=True, slots=True)
class ExportData:
    """Everything an export writes."""

    decks: dict[int, tuple[str, str]]  # id -> (key, name)
    notes: list[ExportedNote]
    cards: list[ExportedCard]
    reviews: dict[int, list[LoggedAnswer]] = field(default_factory=dict)  # by card id


def export_data(session: Session, deck_id: int | None, *, with_reviews: bool) -> ExportData:
    """The active notes and cards of deck ``deck_id`` (every deck when None).

    A note belongs to the export when any of its cards is in the deck.
    """
    card_query = (
        select(CardRecord)
        .join(NoteRecord, NoteRecord.id == CardRecord.note_id)
        .where(CardRecord.retired.is_(False), NoteRecord.retired.is_(False))
        .order_by(CardRecord.note_id, CardRecord.ordinal)
    )
    if deck_id is not None:
        card_query = card_query.where(CardRecord.deck_id == deck_id)
    cards = [
        ExportedCard(
            id=card.id,
            note_id=card.note_id,
            deck_id=card.deck_id,
            ordinal=card.ordinal,
            state=memory_state(card),
            suspended=card.suspended,
            position=card.position,
        )
        for card in session.scalars(card_query)
    ]
    note_ids = sorted({card.note_id for card in cards})
    notes = [_note(note) for note in _in_batches(session, NoteRecord, NoteRecord.id, note_ids)]
    notes.sort(key=lambda note: note.id)
    decks = {deck.id: (deck.key, deck.name) for deck in session.scalars(select(DeckRecord))}
    reviews = _reviews(session, [card.id for card in cards]) if with_reviews else {}
    return ExportData(decks=decks, notes=notes, cards=cards, reviews=reviews)


def _note(note: NoteRecord) -> ExportedNote:
    return ExportedNote(
        id=note.id,
        deck_id=note.deck_id,
        key=note.key,
        guid=note.guid,
        kind=note.kind,
        fields=dict(note.fields),
        tags=tuple(note.tags.split()),
        note_type_id=note.note_type_id,
        modified_at=note.modified_at,
    )


def _reviews(session: Session, card_ids: list[int]) -> dict[int, list[LoggedAnswer]]:
    found: dict[int, list[LoggedAnswer]] = defaultdict(list)
    rows = _in_batches(session, ReviewRecord, ReviewRecord.card_id, sorted(card_ids))
    for review in sorted(rows, key=lambda r: (r.reviewed_at, r.id)):
        before = state_before(review)
        lapse = before.state is CardState.REVIEW and review.rating == Rating.AGAIN
        after = MemoryState(
            state=CardState(review.after_state),
            step=review.after_step,
            stability=review.after_stability,
            difficulty=review.after_difficulty,
            due=review.after_due,
            last_review=review.reviewed_at,
            reps=before.reps + 1,
            lapses=before.lapses + lapse,
        )
        found[review.card_id or 0].append(
            LoggedAnswer(
                reviewed_at=review.reviewed_at,
                rating=Rating(review.rating),
                duration_ms=review.duration_ms,
                before=before,
                after=after,
            )
        )
    return dict(found)


def _in_batches(session: Session, model: Any, column: Any, values: list[int]) -> list[Any]:
    rows: list[Any] = []
    for start in range(0, len(values), 500):
        batch = values[start : start + 500]
        rows += session.scalars(select(model).where(column.in_(batch))).all()
    return rows
