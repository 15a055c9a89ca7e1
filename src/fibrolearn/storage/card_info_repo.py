"""The reads behind Card info: one card with its note and deck, its answers and its Forgets.

Each is one query through the card's index, however long its history: a card answered
5,000 times is read in one go, never an answer at a time.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from fibrolearn.domain.card_info import EntryKind, HistoryEntry
from fibrolearn.domain.enums import CardState, Rating
from fibrolearn.domain.study import MemoryState
from fibrolearn.storage.card_resets import answered_before_reset
from fibrolearn.storage.damaged_data import stored_as
from fibrolearn.storage.models import (
    CardRecord,
    CardResetRecord,
    DeckRecord,
    NoteRecord,
    NoteTypeRecord,
    ReviewRecord,
)
from fibrolearn.storage.study_repo import memory_state


@dataclass(frozen=True, slots=True)
class CardAbout:
    """A card's own columns, with what Card info shows of its note and deck."""

    card_id: int
    note_id: int
    deck_id: int
    deck_name: str
    note_kind: str
    note_type: str | None
    fact_keys: tuple[str, ...]
    added: datetime
    memory: MemoryState
    suspended: bool
    buried_until: datetime | None


def card_about(session: Session, card_id: int) -> CardAbout | None:
    """The card ``card_id`` with its note's and deck's details; None when there is none."""
    row = session.execute(
        select(
            CardRecord,
            NoteRecord.kind,
            NoteRecord.fact_keys,
            NoteRecord.created_at,
            DeckRecord.name,
            NoteTypeRecord.name,
        )
        .join(NoteRecord, NoteRecord.id == CardRecord.note_id)
        .join(DeckRecord, DeckRecord.id == CardRecord.deck_id)
        .outerjoin(NoteTypeRecord, NoteTypeRecord.id == NoteRecord.note_type_id)
        .where(CardRecord.id == card_id)
    ).one_or_none()
    if row is None:
        return None
    card, kind, fact_keys, added, deck_name, note_type = row
    return CardAbout(
        card_id=card.id,
        note_id=card.note_id,
        deck_id=card.deck_id,
        deck_name=deck_name,
        note_kind=kind,
        note_type=note_type,
        fact_keys=tuple(str(key) for key in fact_keys),
        added=added,
        memory=memory_state(card),
        suspended=bool(card.suspended),
        buried_until=card.buried_until,
    )


def card_history(session: Session, card_id: int) -> list[HistoryEntry]:
    """The card's answers and Forgets, oldest first (an answer before a Forget at its time)."""
    answers = session.execute(
        select(
            ReviewRecord.reviewed_at,
            ReviewRecord.before_state,
            ReviewRecord.early,
            ReviewRecord.rating,
            ReviewRecord.after_due,
            ReviewRecord.after_stability,
            ReviewRecord.after_difficulty,
            ReviewRecord.duration_ms,
        )
        .where(ReviewRecord.card_id == card_id)
        .order_by(ReviewRecord.reviewed_at, ReviewRecord.id)
    ).all()
    resets = session.scalars(
        select(CardResetRecord.reset_at)
        .where(CardResetRecord.card_id == card_id)
        .order_by(CardResetRecord.reset_at, CardResetRecord.id)
    ).all()
    # Merged by the rule the optimizer's fit follows: a Forget at an answer's instant after it.
    waiting = deque(resets)
    entries: list[HistoryEntry] = []
    for answer in map(_answer, answers):
        while waiting and not answered_before_reset(answer.at, waiting[0]):
            entries.append(HistoryEntry(waiting.popleft(), EntryKind.RESET))
        entries.append(answer)
    return entries + [HistoryEntry(at, EntryKind.RESET) for at in waiting]


def _answer(row: Row[Any]) -> HistoryEntry:
    at, before, early, rating, due, stability, difficulty, duration = row
    return HistoryEntry(
        at=at,
        kind=EntryKind.of_answer(stored_as(CardState, before), early=bool(early)),
        rating=stored_as(Rating, rating),
        interval=due - at,
        stability=stability,
        difficulty=difficulty,
        duration_ms=duration,
    )
