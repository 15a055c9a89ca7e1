"""Writing many cards' memory state at once: Browse's Forget (and taking it back)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from fibrolearn.storage.bulk_sql import one_of
from fibrolearn.storage.models import CardRecord


@dataclass(frozen=True, slots=True)
class CardMemory:
    """What the scheduler knows of a card, and its place among its deck's new cards."""

    id: int
    deck_id: int
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int
    lapses: int
    position: int


_COLUMNS = tuple(getattr(CardRecord, name) for name in CardMemory.__slots__)


def memories(session: Session, card_ids: Collection[int]) -> list[CardMemory]:
    """The memory state of these cards (those that exist), in deck and new-card order."""
    query = (
        select(*_COLUMNS)
        .where(one_of(CardRecord.id, card_ids))
        .order_by(CardRecord.deck_id, CardRecord.position, CardRecord.id)
    )
    return [CardMemory(*row) for row in session.execute(query)]


def last_positions(session: Session, deck_ids: Collection[int]) -> dict[int, int]:
    """The place of each deck's last new card, by deck id (absent: the deck has no card)."""
    query = (
        select(CardRecord.deck_id, func.max(CardRecord.position))
        .where(one_of(CardRecord.deck_id, deck_ids))
        .group_by(CardRecord.deck_id)
    )
    return {deck: position or 0 for deck, position in session.execute(query)}


def set_memories(session: Session, cards: Sequence[CardMemory]) -> None:
    """Write these cards' memory state and place, all at once."""
    if cards:
        session.execute(update(CardRecord), [asdict(card) for card in cards])
