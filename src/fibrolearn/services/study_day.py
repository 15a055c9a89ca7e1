"""The study-day setting shared by the services."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from fibrolearn.scheduling.study_day import StudyDay
from fibrolearn.storage.plain_reads import connection_of, setting

if TYPE_CHECKING:
    from fibrolearn.storage.db import DbSession

ROLLOVER_SETTING = "day_rollover_hour"


def study_day_of(connection: sqlite3.Connection) -> StudyDay:
    """The study day as configured in the collection (04:00 unless changed)."""
    return StudyDay(rollover_hour=int(setting(connection, ROLLOVER_SETTING, 4)))


def current_study_day(session: DbSession) -> StudyDay:
    """The study day of the collection ``session`` reads."""
    return study_day_of(connection_of(session))
