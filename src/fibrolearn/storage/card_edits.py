"""Writes a learner makes to one card from the study screen: suspend it, bury it."""

from __future__ import annotations

from dataclasses import dataclass
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


def set_buried_until(session: Session, card_id: int, until: datetime | None) -> None:
    """Hide a card from the queue until an instant (None shows it again)."""
    _card(session, card_id).buried_until = until


@dataclass(frozen=True, slots=True)
class SetAside:
    """How a card is kept out of study: suspended, and until when buried (None: not)."""

    suspended: bool
    buried_until: datetime | None


def set_aside(session: Session, card_id: int) -> SetAside:
    """How a card is kept out of study now."""
    card = _card(session, card_id)
    return SetAside(card.suspended, card.buried_until)


def put_aside(session: Session, card_id: int, aside: SetAside) -> None:
    """Keep a card out of study as ``aside`` says (a suspend or bury taken back, or redone)."""
    card = _card(session, card_id)
    card.suspended, card.buried_until = aside.suspended, aside.buried_until
