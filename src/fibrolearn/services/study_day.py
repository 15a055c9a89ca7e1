"""The study-day setting shared by the services."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from fibrolearn.scheduling.study_day import StudyDay
from fibrolearn.storage.plain_reads import connection_of, setting
from fibrolearn.storage.stored_settings import stored_setting

if TYPE_CHECKING:
    from fibrolearn.storage.db import DbSession

ROLLOVER_SETTING = "day_rollover_hour"


def study_day_of(connection: sqlite3.Connection) -> StudyDay:
    """The study day as configured in the collection (04:00 unless changed).

    Raises:
        StoredValueError: The stored hour is not one of the day's (0-23).
    """
    stored = setting(connection, ROLLOVER_SETTING, 4)
    return stored_setting("hour the study day begins at", _study_day, stored)


def _study_day(hour: object) -> StudyDay:
    if type(hour) is not int:  # StudyDay checks the range
        raise TypeError(f"{hour!r} is not a whole hour")
    return StudyDay(rollover_hour=hour)


def current_study_day(session: DbSession) -> StudyDay:
    """The study day of the collection ``session`` reads."""
    return study_day_of(connection_of(session))
