"""Statistics of the Progress place, each one SQL aggregate over the review log or the cards.

Study days: a review belongs to the local date of its time minus the rollover hour. SQLite
computes that per row as ``(unixepoch(time) + shift) / 86400``, a day number counted from
1970-01-01, where the shift (UTC offset minus rollover) comes from :class:`DayShift` segments so
that daylight-saving changes inside the range are honoured.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Integer, case, func, literal, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from fibrolearn.domain.enums import CardState
from fibrolearn.domain.statistics import DayShift, StateCounts
from fibrolearn.storage.models import CardRecord, ReviewRecord

SECONDS_PER_DAY = 86400
_REVIEW = int(CardState.REVIEW)


@dataclass(frozen=True, slots=True)
class DayRow:
    """Aggregates of one study day, identified by its day number since 1970-01-01."""

    day_number: int
    reviews: int
    milliseconds: int
    review_cards: int
    review_passed: int


def day_number(
    column: InstrumentedAttribute[Any], shifts: Sequence[DayShift]
) -> ColumnElement[int]:
    """SQL for the study-day number of a stored time, given the range's shift segments."""
    if not shifts:
        raise ValueError("at least one day shift is needed")
    shift: ColumnElement[int]
    if len(shifts) == 1:
        shift = literal(shifts[0].seconds)
    else:
        later = [s for s in shifts[1:] if s.since is not None]
        shift = case(
            *[(column >= s.since, s.seconds) for s in reversed(later)],
            else_=shifts[0].seconds,
        )
    # Integer division: SQLite truncates, which is flooring for every time after 1970.
    return (func.unixepoch(column, type_=Integer) + shift) // SECONDS_PER_DAY


def activity(
    session: Session,
    shifts: Sequence[DayShift],
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[DayRow]:
    """Aggregates per study day with answers, between two instants (or ever).

    Each row has the answers, the time spent, and the review-state answers with how many of
    them passed. Imported history counts too.
    """
    review = ReviewRecord
    day = day_number(review.reviewed_at, shifts).label("day")
    in_review = review.before_state == _REVIEW
    query = (
        select(
            day,
            func.count(),
            func.coalesce(func.sum(review.duration_ms), 0),
            func.sum(case((in_review, 1), else_=0)),
            func.sum(case((in_review & (review.rating > 1), 1), else_=0)),
        )
        .group_by(day)
        .order_by(day)
    )
    if since is not None:
        query = query.where(review.reviewed_at >= since)
    if until is not None:
        query = query.where(review.reviewed_at < until)
    return [DayRow(*(int(v) for v in row)) for row in session.execute(query)]


def log_fingerprint(session: Session, before: datetime) -> tuple[int, int]:
    """(answers, highest id) of the log before an instant: changes whenever that part does.

    The log is append-only, so only an import of older history or the undo of an answer from
    before ``before`` changes it; both change the count. Answered from the time index alone.
    """
    row = session.execute(
        select(func.count(), func.coalesce(func.max(ReviewRecord.id), 0)).where(
            ReviewRecord.reviewed_at < before
        )
    ).one()
    return int(row[0]), int(row[1])


def today_totals(session: Session, day_start: datetime) -> tuple[int, int, int]:
    """(answers, answers not rated Again, milliseconds) since the study day began."""
    row = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((ReviewRecord.rating > 1, 1), else_=0)), 0),
            func.coalesce(func.sum(ReviewRecord.duration_ms), 0),
        ).where(ReviewRecord.reviewed_at >= day_start)
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


def forecast(
    session: Session, shifts: Sequence[DayShift], today_number: int, until: datetime
) -> dict[int, int]:
    """Studied active cards due before ``until``, per study-day number; overdue ones on today."""
    day = func.max(day_number(CardRecord.due, shifts), today_number).label("day")
    rows = session.execute(
        select(day, func.count())
        .where(
            CardRecord.state != int(CardState.NEW),
            CardRecord.due < until,
            CardRecord.suspended.is_(False),
            CardRecord.retired.is_(False),
        )
        .group_by(day)
    ).all()
    return {int(d): int(n) for d, n in rows}


def state_counts(session: Session) -> StateCounts:
    """Active cards by state, suspended ones apart, across the collection."""
    rows = session.execute(
        select(CardRecord.state, CardRecord.suspended, func.count())
        .where(CardRecord.retired.is_(False))
        .group_by(CardRecord.state, CardRecord.suspended)
    ).all()
    by_state = dict.fromkeys(CardState, 0)
    suspended = 0
    for state, is_suspended, count in rows:
        if is_suspended:
            suspended += count
        else:
            by_state[CardState(state)] += count
    return StateCounts(
        new=by_state[CardState.NEW],
        learning=by_state[CardState.LEARNING],
        review=by_state[CardState.REVIEW],
        relearning=by_state[CardState.RELEARNING],
        suspended=suspended,
    )


def review_totals(session: Session) -> tuple[int, int]:
    """(every answer in the log, answers kept as history only).

    Two counts, each answered from an index alone (a single pass with a CASE would read every
    row of the table).
    """
    total = session.scalar(select(func.count()).select_from(ReviewRecord)) or 0
    history = (
        session.scalar(
            select(func.count()).select_from(ReviewRecord).where(ReviewRecord.card_id.is_(None))
        )
        or 0
    )
    return int(total), int(history)


def first_review_time(session: Session) -> datetime | None:
    """When the oldest answer in the log was given."""
    return session.scalar(select(func.min(ReviewRecord.reviewed_at)))
