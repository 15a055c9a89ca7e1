"""Today's extra new cards and reviews, asked for in Custom study ("Study more new cards today").

Kept as one setting naming the study day it is for: on the next study day it no longer counts,
so nothing needs to take it back. Read through the plain connection, as the deck list's first
paint reads today's limits (see ``daily_limits``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any, NamedTuple

from fibrolearn.scheduling.study_day import StudyDay
from fibrolearn.storage import plain_reads
from fibrolearn.storage.stored_settings import json_object, stored_setting

EXTRA_SETTING = "custom_study_today"
MOST_EXTRA = 9999  # as many as Anki lets a day's limit be raised by at once


class TodayExtra(NamedTuple):
    """The new cards and reviews today's limits are raised by, per deck (by id).

    A raise asked for a deck raises its subdecks' own limits as much, so that their limits
    do not hold back what the learner asked of the deck; the deck's own limit still caps the
    total studied in it.
    """

    new: Mapping[int, int] = {}
    reviews: Mapping[int, int] = {}

    def raised(self, kind: str, decks: Collection[int], more: int) -> TodayExtra:
        """These raises, with ``kind`` ("new" or "reviews") raised by ``more`` in ``decks``."""
        old: Mapping[int, int] = getattr(self, kind)
        grown = {deck: min(MOST_EXTRA, old.get(deck, 0) + more) for deck in decks}
        return self._replace(**{kind: {**old, **grown}})


NO_EXTRA = TodayExtra()


def extra_today(connection: sqlite3.Connection, day: StudyDay, now: datetime) -> TodayExtra:
    """What today's limits are raised by (nothing when the raises were for an earlier day).

    Raises:
        StoredSettingError: The stored value is damaged.
    """
    value = plain_reads.setting(connection, EXTRA_SETTING)
    if value is None:
        return NO_EXTRA
    day_given, extra = stored_setting("custom study raise", _read, value)
    return extra if day_given == day.date_of(now).isoformat() else NO_EXTRA


def stored_value(extra: TodayExtra, day: StudyDay, now: datetime) -> dict[str, Any]:
    """``extra`` as the setting keeps it, for the study day of ``now``."""
    return {
        "day": day.date_of(now).isoformat(),
        "new": {str(deck): more for deck, more in extra.new.items()},
        "reviews": {str(deck): more for deck, more in extra.reviews.items()},
    }


def _read(value: Any) -> tuple[str, TodayExtra]:
    """The study day (ISO date) and the raises of a stored value (see :func:`stored_value`)."""
    stored = json_object(value)
    day = stored["day"]
    if not isinstance(day, str):
        raise TypeError(f"{day!r} is not a date")
    return day, TodayExtra(_counts(stored["new"]), _counts(stored["reviews"]))


def _counts(value: Any) -> dict[int, int]:
    """A stored table of deck ids to raises."""
    counts = {int(deck): more for deck, more in json_object(value).items()}
    if not all(isinstance(more, int) and 0 <= more <= MOST_EXTRA for more in counts.values()):
        raise ValueError("not a table of raises")
    return counts
