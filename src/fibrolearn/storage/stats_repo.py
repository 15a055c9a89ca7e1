"""Aggregates for statistics, computed by SQL."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fibrolearn.storage import progress_repo
from fibrolearn.storage.models import CardRecord, ReviewRecord


def cards_by_state(session: Session) -> dict[int, dict[str, int]]:
    """Per deck: active cards per state code, and suspended cards."""
    rows = session.execute(
        select(
            CardRecord.deck_id,
            CardRecord.state,
            CardRecord.suspended,
            func.count(CardRecord.id),
        )
        .where(CardRecord.retired.is_(False))
        .group_by(CardRecord.deck_id, CardRecord.state, CardRecord.suspended)
    ).all()
    result: dict[int, dict[str, int]] = {}
    for deck_id, state, suspended, count in rows:
        bucket = result.setdefault(deck_id, {})
        key = "suspended" if suspended else str(state)
        bucket[key] = bucket.get(key, 0) + count
    return result


def due_by(session: Session, moment: datetime) -> dict[int, int]:
    """Per deck: studied cards due before ``moment`` (new cards excluded).

    A buried card counts only if it is back by then, as in Progress's forecast.
    """
    rows = session.execute(
        select(CardRecord.deck_id, func.count(CardRecord.id))
        .where(
            CardRecord.state != 0,
            progress_repo.due_when_back() < moment,
            CardRecord.suspended.is_(False),
            CardRecord.retired.is_(False),
        )
        .group_by(CardRecord.deck_id)
    ).all()
    return dict(rows)


def reviews_per_deck(
    session: Session, between: tuple[datetime, datetime] | None = None
) -> dict[int, int]:
    """Per deck: answers logged (from one instant until another, or ever)."""
    query = (
        select(CardRecord.deck_id, func.count(ReviewRecord.id))
        .join(CardRecord, CardRecord.id == ReviewRecord.card_id)
        .group_by(CardRecord.deck_id)
    )
    if between is not None:
        since, until = between
        query = query.where(ReviewRecord.reviewed_at >= since, ReviewRecord.reviewed_at < until)
    return dict(session.execute(query).all())
