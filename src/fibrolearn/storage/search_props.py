"""The SQL of the search terms about a card's numbers and days (``prop:``, ``rated:``...).

Days count study days back from today's, which begin at the learner's day-start hour (the
services pass :data:`DayStarts`): ``rated:1`` is today, ``rated:2`` today and yesterday.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, not_, select

from fibrolearn.domain.enums import CardState
from fibrolearn.domain.search import SearchField
from fibrolearn.domain.search_props import Property, days_test, property_test
from fibrolearn.storage.models import CardRecord, NoteRecord, ReviewRecord

# When the study day so many days from today's begins (0: today's, -1: yesterday's).
DayStarts = Callable[[int], datetime]
_EPOCH_JULIAN_DAY = 2440587.5  # SQLite's julianday('1970-01-01')
_REVERSED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}


@dataclass(frozen=True, slots=True)
class SearchMoment:
    """When a search is made, and what its terms about days and recall need to know of it.

    Attributes:
        now: The current instant.
        day_starts: When the study day so many days from today's begins.
        stabilities_until: How many stabilities after an answer the predicted recall falls
            to a level (the collection's FSRS forgetting curve, read backwards).
    """

    now: datetime
    day_starts: DayStarts
    stabilities_until: Callable[[float], float]


_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "=": operator.eq,
    "!=": operator.ne,
}


def card_number_condition(
    field: SearchField, value: str, moment: SearchMoment
) -> ColumnElement[bool]:
    """The condition of a ``prop:``, ``added:``, ``edited:``, ``rated:`` or ``introduced:`` term.

    ``value`` is as the parser checked it.
    """
    if field is SearchField.PROP:
        return _property(value, moment)
    test = days_test(field, value)
    since = moment.day_starts(1 - test.days)
    match field:
        case SearchField.ADDED:
            return NoteRecord.created_at >= since
        case SearchField.EDITED:
            return NoteRecord.modified_at >= since
        case SearchField.RATED:
            answers = select(1).where(
                ReviewRecord.card_id == CardRecord.id, ReviewRecord.reviewed_at >= since
            )
            if test.rating is not None:
                answers = answers.where(ReviewRecord.rating == int(test.rating))
            return exists(answers)
        case SearchField.INTRODUCED:
            first = select(func.min(ReviewRecord.reviewed_at)).where(
                ReviewRecord.card_id == CardRecord.id
            )
            return first.scalar_subquery() >= since
    raise AssertionError(f"unhandled search field {field}")  # pragma: no cover


def _property(value: str, moment: SearchMoment) -> ColumnElement[bool]:
    """``prop:``: a new card has no interval, due day, stability, difficulty or recall."""
    test = property_test(value)
    compare = _COMPARE[test.operator]
    card = CardRecord
    studied = card.state != int(CardState.NEW)
    match test.name:
        case Property.REPS | Property.LAPSES:
            count = card.reps if test.name is Property.REPS else card.lapses
            return compare(count, test.number)
        case Property.IVL:  # whole days, as the Interval column shows them
            days = func.round(func.julianday(card.due) - func.julianday(card.last_review))
            return and_(studied, card.last_review.is_not(None), compare(days, test.number))
        case Property.S:
            return and_(studied, card.stability.is_not(None), compare(card.stability, test.number))
        case Property.D:  # FSRS's 1-10 as Anki shows it, from 0 to 1
            shown = (card.difficulty - 1) / 9.0
            return and_(studied, card.difficulty.is_not(None), compare(shown, test.number))
        case Property.DUE:
            return and_(studied, _due_day(test.operator, int(test.number), moment.day_starts))
        case Property.R:
            return and_(studied, _recall(test.operator, test.number, moment))
    raise AssertionError(f"unhandled property {test.name}")  # pragma: no cover


def _recall(comparison: str, recall: float, moment: SearchMoment) -> ColumnElement[bool]:
    """The card's predicted recall now, compared by ``comparison`` with ``recall``.

    Recall falls as time passes since the last answer, measured in stabilities (as
    ``recall_sum`` reckons it, hours included), so it is compared as that time, the other way
    round: recall below 0.9 is more than one stability gone.
    """
    card = CardRecord
    now = (moment.now - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds() / 86400
    elapsed = now + _EPOCH_JULIAN_DAY - func.julianday(card.last_review)
    gone = _COMPARE[_REVERSED[comparison]](
        elapsed / card.stability, moment.stabilities_until(recall)
    )
    return and_(card.last_review.is_not(None), card.stability > 0, gone)


def _due_day(comparison: str, days: int, day_starts: DayStarts) -> ColumnElement[bool]:
    """The card falls due on a study day ``days`` from today's, compared by ``comparison``.

    Day ``n`` runs from the start of that study day to the start of the next.
    """
    starts, ends = day_starts(days), day_starts(days + 1)
    due = CardRecord.due
    on_the_day = and_(due >= starts, due < ends)
    return {
        "=": on_the_day,
        "!=": not_(on_the_day),
        "<": due < starts,
        "<=": due < ends,
        ">": due >= ends,
        ">=": due >= starts,
    }[comparison]
