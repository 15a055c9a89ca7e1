"""Statistics of the Progress place, each one SQL aggregate over the review log or the cards.

Study days: a review belongs to the local date of its time minus the rollover hour. SQLite
computes that as ``(unix seconds + shift) / 86400``, a day number counted from 1970-01-01,
where the shift (UTC offset minus rollover) comes from :class:`DayShift` segments so that
daylight-saving changes inside the range are honoured.

Per-day answers are read from the review tally (the log summed per 15 minutes, kept by
triggers), which is exact whenever the shifts and their changes fall on whole quarter hours,
as every UTC offset in use since 1972 does; other ranges read the log itself.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    TextClause,
    and_,
    case,
    cast,
    func,
    literal,
    select,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from fibrolearn.domain.enums import CardState
from fibrolearn.domain.statistics import DayShift, StateCounts
from fibrolearn.storage.bulk_sql import one_of
from fibrolearn.storage.damaged_data import stored_as, stored_sum
from fibrolearn.storage.decks_repo import in_deck_or_subdecks
from fibrolearn.storage.models import CardRecord, ReviewRecord, ReviewTallyRecord

SECONDS_PER_DAY = 86400
SECONDS_PER_HOUR = 3600
TALLY_SECONDS = 900  # the tally's bucket: 15 minutes
_REVIEW = int(CardState.REVIEW)


@dataclass(frozen=True, slots=True)
class DayRow:
    """Aggregates of one study day, identified by its day number since 1970-01-01."""

    day_number: int
    reviews: int
    milliseconds: int
    review_cards: int
    review_passed: int


def _epoch_seconds(column: ColumnElement[Any]) -> ColumnElement[int]:
    """Unix seconds of a stored time; strftime, as unixepoch() needs SQLite 3.38."""
    return cast(func.strftime("%s", column), Integer)


def day_number(
    column: InstrumentedAttribute[Any] | ColumnElement[Any], shifts: Sequence[DayShift]
) -> ColumnElement[int]:
    """SQL for the study-day number of a stored time, given the range's shift segments."""
    return _day_of(_epoch_seconds(column), shifts)


def _day_of(seconds: ColumnElement[int], shifts: Sequence[DayShift]) -> ColumnElement[int]:
    """SQL for the study-day number of an instant given in unix seconds."""
    # Integer division: SQLite truncates, which is flooring for every time after 1970.
    return (seconds + _shift_of(seconds, shifts)) // SECONDS_PER_DAY


def _hour_of(seconds: ColumnElement[int], shifts: Sequence[DayShift]) -> ColumnElement[int]:
    """SQL for the hour of its study day (0 is the rollover hour) of an instant in unix seconds."""
    return (seconds + _shift_of(seconds, shifts)) % SECONDS_PER_DAY // SECONDS_PER_HOUR


def _shift_of(seconds: ColumnElement[int], shifts: Sequence[DayShift]) -> ColumnElement[int]:
    """SQL for the shift (seconds) from an instant in unix seconds to its study date."""
    if not shifts:
        raise ValueError("at least one day shift is needed")
    shift: ColumnElement[int]
    if len(shifts) == 1:
        shift = literal(shifts[0].seconds)
    else:
        later = [s for s in shifts[1:] if s.since is not None]
        shift = case(
            *[(seconds >= _unix(s.since), s.seconds) for s in reversed(later)],
            else_=shifts[0].seconds,
        )
    return shift


def activity(
    session: Session,
    shifts: Sequence[DayShift],
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[DayRow]:
    """Aggregates per study day with answers, between two instants (or ever).

    Each row has the answers, the time spent, and the answers to due review cards (not
    early ones) with how many of them passed. Imported history counts too.
    """
    key: Any
    if _on_quarter_hours(shifts, since, until):
        tally = ReviewTallyRecord
        seconds = tally.bucket * TALLY_SECONDS
        sums = _summed(tally.reviews, tally.milliseconds, tally.review_cards, tally.review_passed)
        key, low, high = tally.bucket, _bucket(since), _bucket(until)
    else:
        review = ReviewRecord
        seconds = _epoch_seconds(review.reviewed_at)
        sums = [func.count(), func.sum(review.duration_ms), *_review_sums()]
        key, low, high = review.reviewed_at, since, until
    day = _day_of(seconds, shifts).label("day")
    query = select(day, *sums).group_by(day).order_by(day)
    if low is not None:
        query = query.where(key >= low)
    if high is not None:
        query = query.where(key < high)
    return [DayRow(*(stored_sum(v) for v in row)) for row in session.execute(query)]


@dataclass(frozen=True, slots=True)
class HourRow:
    """Answers in one hour of the study day, every day together (0 is the rollover hour)."""

    hour: int
    reviews: int
    review_cards: int
    review_passed: int


def hours(
    session: Session, shifts: Sequence[DayShift], cards: ColumnElement[bool] | None = None
) -> list[HourRow]:
    """Answers per hour of the study day, of the whole log or to the ``cards`` chosen.

    The answers, and those to due review cards (not early ones) with how many passed. The
    whole log (imported history too) is read from the tally. The answers to chosen cards
    (see :func:`chosen_cards`) are read from the log's index by card, which holds all that
    is counted of an answer (revision 0022), so no answer's row is read; when most cards are
    chosen, the answers to the others (and history) are counted and taken from the tally's.
    """
    exact_tally = _on_quarter_hours(shifts, None, None)
    if cards is None:
        return _tally_hours(session, shifts) if exact_tally else _log_hours(session, shifts)
    chosen = select(CardRecord.id).where(cards)
    if not exact_tally or not _most_chosen(session, chosen):
        return _log_hours(session, shifts, ReviewRecord.card_id.in_(chosen))
    others = ReviewRecord.card_id.is_(None) | ReviewRecord.card_id.not_in(chosen)
    taken = {row.hour: row for row in _log_hours(session, shifts, others)}
    left = [
        _minus(row, taken[row.hour]) if row.hour in taken else row
        for row in _tally_hours(session, shifts)
    ]
    return [row for row in left if row.reviews]


def _minus(row: HourRow, taken: HourRow) -> HourRow:
    return HourRow(
        row.hour,
        row.reviews - taken.reviews,
        row.review_cards - taken.review_cards,
        row.review_passed - taken.review_passed,
    )


def _most_chosen(session: Session, chosen: Select[tuple[int]]) -> bool:
    """Whether the chosen cards are more than half of the cards (a count of the card table)."""
    every = session.scalar(select(func.count()).select_from(CardRecord)) or 0
    return 2 * (session.scalar(select(func.count()).select_from(chosen.subquery())) or 0) > every


def _tally_hours(session: Session, shifts: Sequence[DayShift]) -> list[HourRow]:
    tally = ReviewTallyRecord
    sums = _summed(tally.reviews, tally.review_cards, tally.review_passed)
    return _hour_rows(session, _hour_of(tally.bucket * TALLY_SECONDS, shifts), sums)


def _log_hours(
    session: Session, shifts: Sequence[DayShift], *answers: ColumnElement[bool]
) -> list[HourRow]:
    hour = _hour_of(_epoch_seconds(ReviewRecord.reviewed_at), shifts)
    return _hour_rows(session, hour, [func.count(), *_review_sums()], *answers)


def _hour_rows(
    session: Session,
    hour: ColumnElement[int],
    sums: list[ColumnElement[Any]],
    *where: ColumnElement[bool],
) -> list[HourRow]:
    labelled = hour.label("hour")
    query = select(labelled, *sums).where(*where).group_by(labelled).order_by(labelled)
    return [HourRow(*(stored_sum(v) for v in row)) for row in session.execute(query)]


def chosen_cards(deck_id: int | None, card_ids: Collection[int] | None) -> ColumnElement[bool]:
    """Cards in use of a deck and its subdecks (or of every deck), of ``card_ids`` if given.

    As Progress's card statistics choose them (``card_spreads_repo.memories``).
    """
    chosen: list[ColumnElement[bool] | TextClause] = [CardRecord.retired.is_(False)]
    if deck_id is not None:
        chosen.append(in_deck_or_subdecks(deck_id))
    if card_ids is not None:
        chosen.append(one_of(CardRecord.id, card_ids))
    return and_(*chosen)


def _summed(*columns: InstrumentedAttribute[int]) -> list[ColumnElement[Any]]:
    return [func.sum(column) for column in columns]


def _review_sums() -> list[ColumnElement[Any]]:
    """SQL sums over the log: answers to due review cards (not early ones), and those passed."""
    review = ReviewRecord
    in_review = (review.before_state == _REVIEW) & review.early.is_(False)
    return [
        func.sum(case((in_review, 1), else_=0)),
        func.sum(case((in_review & (review.rating > 1), 1), else_=0)),
    ]


def _on_quarter_hours(
    shifts: Sequence[DayShift], since: datetime | None, until: datetime | None
) -> bool:
    """Whether every shift, shift change and bound falls on a whole tally bucket."""
    instants = [s.since for s in shifts if s.since is not None] + [since, until]
    return all(s.seconds % TALLY_SECONDS == 0 for s in shifts) and all(
        _unix(t) % TALLY_SECONDS == 0 for t in instants if t is not None
    )


def _bucket(moment: datetime | None) -> int | None:
    return None if moment is None else _unix(moment) // TALLY_SECONDS


def _unix(moment: datetime) -> int:
    return int(moment.timestamp())


def today_totals(session: Session, day_start: datetime, day_end: datetime) -> tuple[int, int, int]:
    """(answers, answers not rated Again, milliseconds) in the study day.

    Answers logged after its end (imported from a device whose clock runs ahead) belong to
    their own study day, not to today.
    """
    row = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((ReviewRecord.rating > 1, 1), else_=0)), 0),
            func.coalesce(func.sum(ReviewRecord.duration_ms), 0),
        ).where(ReviewRecord.reviewed_at >= day_start, ReviewRecord.reviewed_at < day_end)
    ).one()
    return int(row[0]), int(row[1]), stored_sum(row[2])


def forecast(
    session: Session, shifts: Sequence[DayShift], today_number: int, until: datetime
) -> dict[int, int]:
    """Studied active cards due before ``until``, per study-day number; overdue ones on today.

    A buried card counts when it is back: on the later of its due day and its unburying day.
    """
    back = due_when_back()
    day = func.max(day_number(back, shifts), today_number).label("day")
    rows = session.execute(
        select(day, func.count())
        .where(
            CardRecord.state != int(CardState.NEW),
            back < until,
            CardRecord.suspended.is_(False),
            CardRecord.retired.is_(False),
        )
        .group_by(day)
    ).all()
    return {stored_sum(d): n for d, n in rows}


def due_when_back() -> ColumnElement[datetime]:
    """SQL for when a card is due to be studied: its due time, or its unburying if later."""
    return func.max(CardRecord.due, func.coalesce(CardRecord.buried_until, CardRecord.due))


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
            by_state[stored_as(CardState, state)] += count
    return StateCounts(
        new=by_state[CardState.NEW],
        learning=by_state[CardState.LEARNING],
        review=by_state[CardState.REVIEW],
        relearning=by_state[CardState.RELEARNING],
        suspended=suspended,
    )


def review_totals(session: Session) -> tuple[int, int]:
    """(every answer in the log, answers kept as history only).

    The first is :func:`log_total`; the second is counted from the card index alone.
    """
    history = (
        session.scalar(
            select(func.count()).select_from(ReviewRecord).where(ReviewRecord.card_id.is_(None))
        )
        or 0
    )
    return log_total(session), int(history)


def log_total(session: Session) -> int:
    """Every answer in the log, summed from the tally (a row per quarter hour)."""
    return stored_sum(session.scalar(select(func.sum(ReviewTallyRecord.reviews))) or 0)


def first_review_time(session: Session) -> datetime | None:
    """When the oldest answer in the log was given."""
    return session.scalar(select(func.min(ReviewRecord.reviewed_at)))
