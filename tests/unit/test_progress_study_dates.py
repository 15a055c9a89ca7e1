"""Study-date shift segments: one per stretch of constant UTC offset, exact to the second."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from fibrolearn.domain.statistics import DayShift
from fibrolearn.scheduling.study_day import StudyDay
from fibrolearn.services.study_dates import date_of, day_shifts, number_of


def test_a_fixed_zone_has_one_segment() -> None:
    day = StudyDay(rollover_hour=4, zone=timezone(timedelta(hours=5, minutes=30)))
    start = datetime(2026, 1, 1, tzinfo=UTC)
    assert day_shifts(day, start, start + timedelta(days=400)) == (
        DayShift(None, 5 * 3600 + 1800 - 4 * 3600),
    )


def test_daylight_saving_changes_start_new_segments_at_the_exact_instant() -> None:
    day = StudyDay(rollover_hour=4, zone=ZoneInfo("Europe/Berlin"))
    shifts = day_shifts(day, datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC))
    assert shifts == (
        DayShift(None, 3600 - 4 * 3600),
        DayShift(datetime(2026, 3, 29, 1, 0, tzinfo=UTC), 7200 - 4 * 3600),
        DayShift(datetime(2026, 10, 25, 1, 0, tzinfo=UTC), 3600 - 4 * 3600),
    )


def test_shifted_day_numbers_agree_with_study_day_everywhere() -> None:
    day = StudyDay(rollover_hour=4, zone=ZoneInfo("America/New_York"))
    start = datetime(2026, 3, 1, tzinfo=UTC)
    shifts = day_shifts(day, start, start + timedelta(days=20))
    moment = start
    while moment < start + timedelta(days=20):
        shift = [s for s in shifts if s.since is None or moment >= s.since][-1]
        number = (int(moment.timestamp()) + shift.seconds) // 86400
        assert date_of(number) == day.date_of(moment), moment
        moment += timedelta(minutes=37)


def test_day_numbers_round_trip() -> None:
    assert number_of(date(1970, 1, 1)) == 0
    assert date_of(number_of(date(2026, 3, 4))) == date(2026, 3, 4)
