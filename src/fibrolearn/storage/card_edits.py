"""Writes a learner makes to one card from the study screen: suspend it, bury it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from fibrolearn.storage.models import CardRecord


def _card(session: Session, card_id: int) -> CardRecord:
    card = session.get(CardRecord, card_id)
    if card is None:
        raise LookupError(f"no card with id {card_id}")
    return card


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
