"""Study dates in SQL: the shift from a UTC time to its study date, segment by segment.

A time's study date is the date of (its UTC time + its UTC offset - the rollover hour). The
offset changes at daylight-saving transitions, so a range of time is cut into segments with one
shift each; the storage layer turns them into a CASE expression.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fibrolearn.domain.statistics import DayShift
from fibrolearn.scheduling.study_day import StudyDay

_EPOCH = date(1970, 1, 1)


def day_shifts(day: StudyDay, start: datetime, end: datetime) -> tuple[DayShift, ...]:
    """The shift segments covering ``start`` to ``end`` (UTC instants)."""
    first = _shift(day, start)
    shifts = [DayShift(None, first)]
    moment, current = start, first
    while moment < end:
        step = min(moment + timedelta(days=1), end)
        if _shift(day, step) != current:
            moment = _first_change(day, moment, step, current)
            current = _shift(day, moment)
            shifts.append(DayShift(moment, current))
        else:
            moment = step
    return tuple(shifts)


def date_of(number: int) -> date:
    """The date of a day number counted from 1970-01-01."""
    return _EPOCH + timedelta(days=number)


def number_of(day: date) -> int:
    """The day number (since 1970-01-01) of a date."""
    return (day - _EPOCH).days


def _shift(day: StudyDay, moment: datetime) -> int:
    local = moment.astimezone(day.zone) if day.zone else moment.astimezone()
    offset = local.utcoffset() or timedelta(0)
    return int(offset.total_seconds()) - day.rollover_hour * 3600


def _first_change(day: StudyDay, low: datetime, high: datetime, before: int) -> datetime:
    """The first whole second in (low, high] whose shift differs from ``before``."""
    low, high = low.astimezone(UTC), high.astimezone(UTC)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        middle = middle.replace(microsecond=0)
        if middle <= low:
            middle = low + timedelta(seconds=1)
        if _shift(day, middle) != before:
            high = middle
        else:
            low = middle
    return high
