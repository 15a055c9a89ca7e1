"""The study-day setting shared by the services."""

from __future__ import annotations

from fibrolearn.scheduling.study_day import StudyDay
from fibrolearn.storage.db import DbSession
from fibrolearn.storage.decks_repo import get_setting

ROLLOVER_SETTING = "day_rollover_hour"


def current_study_day(session: DbSession) -> StudyDay:
    """The study day as configured in the collection (04:00 unless changed)."""
    return StudyDay(rollover_hour=int(get_setting(session, ROLLOVER_SETTING, 4)))
