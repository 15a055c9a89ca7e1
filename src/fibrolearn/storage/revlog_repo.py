"""The review log as a whole: export, import of outside history, and the rows FSRS fits on."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from sqlalchemy import String, case, cast, func, select
from sqlalchemy.orm import Session

from fibrolearn.domain.enums import Rating
from fibrolearn.domain.statistics import DayShift
from fibrolearn.storage.bulk_sql import LARGEST_INTEGER, one_of
from fibrolearn.storage.card_resets import shapes_memory
from fibrolearn.storage.damaged_data import stored_as, stored_count
from fibrolearn.storage.models import CardRecord, ReviewRecord
from fibrolearn.storage.progress_repo import day_number

_STREAM_BATCH = 5000
_HISTORY_ONLY = "history:"  # before outside card ids where they must not meet own card ids


def _card_name(history_prefix: str = "") -> object:
    """The name a review's card has in exported logs: its id, or its outside id.

    Args:
        history_prefix: Put before outside ids, for names that an own card's id never equals
            (an outside card "1" is not the collection's card 1).
    """
    outside = ReviewRecord.external_card
    return case(
        (ReviewRecord.card_id.is_not(None), cast(ReviewRecord.card_id, String)),
        else_=history_prefix + outside if history_prefix else outside,
    )


def export_rows(session: Session) -> Iterator[tuple[str, int, datetime, int]]:
    """(card, rating, time, milliseconds) of every answer, oldest first, streamed."""
    result = session.execute(
        select(
            _card_name(), ReviewRecord.rating, ReviewRecord.reviewed_at, ReviewRecord.duration_ms
        )
        .order_by(ReviewRecord.reviewed_at, ReviewRecord.id)
        .execution_options(yield_per=_STREAM_BATCH)
    )
    for card, rating, moment, duration in result:
        answer_ms = stored_count("answer's duration", duration)
        yield str(card), int(stored_as(Rating, rating)), moment, answer_ms


def logged_count(session: Session) -> int:
    """Every answer in the log, as :func:`export_rows` gives them."""
    return int(session.scalar(select(func.count()).select_from(ReviewRecord)) or 0)


def existing_keys(
    session: Session, earliest: datetime, latest: datetime
) -> set[tuple[str, datetime, int]]:
    """(card, time, rating) of every logged answer between two instants, for duplicate checks."""
    rows = session.execute(
        select(_card_name(), ReviewRecord.reviewed_at, ReviewRecord.rating).where(
            ReviewRecord.reviewed_at >= earliest, ReviewRecord.reviewed_at <= latest
        )
    )
    return {(str(card), moment, int(stored_as(Rating, rating))) for card, moment, rating in rows}


def external_history(
    session: Session, external_cards: Iterable[str]
) -> dict[str, list[tuple[datetime, Rating]]]:
    """Logged history of outside cards, oldest first, to continue replaying it."""
    names = sorted(set(external_cards))
    history: dict[str, list[tuple[datetime, Rating]]] = {}
    for start in range(0, len(names), 500):  # stay under SQLite's bound-parameter limit
        rows = session.execute(
            select(ReviewRecord.external_card, ReviewRecord.reviewed_at, ReviewRecord.rating)
            .where(ReviewRecord.external_card.in_(names[start : start + 500]))
            .order_by(ReviewRecord.reviewed_at, ReviewRecord.id)
        )
        for card, moment, rating in rows:
            history.setdefault(str(card), []).append((moment, Rating(rating)))
    return history


def review_count(session: Session) -> int:
    """Answers in the log that a fit learns from (:func:`fit_rows`), imported history included.

    Not those before their card's latest reset, nor Anki's previews: the Optimize dialog's
    "enough history" counts what it would fit on.
    """
    query = select(func.count()).select_from(ReviewRecord).where(shapes_memory())
    return int(session.scalar(query) or 0)


def has_reviews(session: Session, count: int, among: int) -> bool:
    """Whether ``count`` of the last ``among`` answers logged are ones :func:`review_count` counts.

    The last by id, ``among`` ids back from the newest (fewer answers where some were taken
    back). It reads no more than those, and stops at the ``count``-th one found: where few
    are left out, a little more than ``count``. The whole count reads every answer.
    """
    newest = session.scalar(select(func.max(ReviewRecord.id)))
    if newest is None:
        return count <= 0
    found = select(ReviewRecord.id).where(ReviewRecord.id > newest - among, shapes_memory())
    counted = select(func.count()).select_from(found.limit(count).subquery())
    return int(session.scalar(counted) or 0) >= count


def split_time(session: Session, share: float, total: int) -> datetime | None:
    """The time of the answer at ``share`` (0-1) of the log's, in time order; None if none.

    Only answers :func:`review_count` counts, ``total`` of them (as the caller has counted
    already: counting scans the whole log): those the fit splits.
    """
    if total == 0:
        return None
    index = min(total - 1, int(total * share))
    return session.scalar(
        select(ReviewRecord.reviewed_at)
        .where(shapes_memory())
        .order_by(ReviewRecord.reviewed_at, ReviewRecord.id)
        .offset(index)
        .limit(1)
    )


def fit_rows(
    session: Session, shifts: Sequence[DayShift]
) -> Iterator[tuple[str, int, int, datetime]]:
    """(card, rating, study-day number, time) of every answer, by card then time, streamed.

    History-only answers name their card with a prefix, so that they never join the history
    of the collection's own card with the same id. A card's answers before its latest reset
    (Forget) are left out, as Anki's FSRS leaves them: they led to a memory since given up;
    so are answers that moved no card (a preview in one of Anki's filtered decks).
    """
    card = _card_name(history_prefix=_HISTORY_ONLY).label("card")
    result = session.execute(
        select(
            card,
            ReviewRecord.rating,
            day_number(ReviewRecord.reviewed_at, shifts),
            ReviewRecord.reviewed_at,
        )
        .where(shapes_memory())
        .order_by(card, ReviewRecord.reviewed_at, ReviewRecord.id)
        .execution_options(yield_per=_STREAM_BATCH)
    )
    for name, rating, day, moment in result:
        yield str(name), int(rating), int(day), moment


def shared_ids(session: Session, names: Iterable[str]) -> set[str]:
    """Which of these outside card ids are also ids of cards in this collection.

    One past SQLite's integers cannot be one, and is not looked up.
    """
    numbers = {int(name) for name in names if name.isdigit()}
    ids = [number for number in numbers if number <= LARGEST_INTEGER]
    return {
        str(card_id)
        for card_id in session.scalars(select(CardRecord.id).where(one_of(CardRecord.id, ids)))
    }
