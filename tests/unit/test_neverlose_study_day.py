"""Study-day boundaries in the machine's own zone follow daylight-saving time.

The zone is set per test through TZ (and time.tzset), then restored: the boundaries must be
those of the day in question, whatever the offset is on the day the tests run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from fibrolearn.scheduling.study_day import StudyDay


@pytest.fixture
def machine_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Set the process's local zone; the original comes back after the test."""

    def use(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


def test_summer_and_winter_days_start_at_four_local_time(machine_zone) -> None:
    machine_zone("Europe/Berlin")
    day = StudyDay()
    summer = datetime(2026, 7, 15, 12, tzinfo=UTC)
    winter = datetime(2026, 1, 15, 12, tzinfo=UTC)
    assert day.start(summer) == datetime(2026, 7, 15, 2, tzinfo=UTC)  # 04:00 CEST
    assert day.end(summer) == datetime(2026, 7, 16, 2, tzinfo=UTC)
    assert day.start(winter) == datetime(2026, 1, 15, 3, tzinfo=UTC)  # 04:00 CET
    assert day.end(winter) == datetime(2026, 1, 16, 3, tzinfo=UTC)


def test_the_night_clocks_spring_forward_makes_a_23_hour_day(machine_zone) -> None:
    machine_zone("Europe/Berlin")  # 02:00 CET becomes 03:00 CEST on 29 March 2026
    day = StudyDay()
    saturday = datetime(2026, 3, 28, 12, tzinfo=UTC)
    assert day.start(saturday) == datetime(2026, 3, 28, 3, tzinfo=UTC)  # 04:00 CET
    assert day.end(saturday) == datetime(2026, 3, 29, 2, tzinfo=UTC)  # 04:00 CEST
    assert day.end(saturday) - day.start(saturday) == timedelta(hours=23)
    assert day.date_of(day.end(saturday)) == date(2026, 3, 29)
    assert day.date_of(day.end(saturday) - timedelta(microseconds=1)) == date(2026, 3, 28)


def test_the_night_clocks_fall_back_makes_a_25_hour_day(machine_zone) -> None:
    machine_zone("Europe/Berlin")  # 03:00 CEST becomes 02:00 CET on 25 October 2026
    day = StudyDay()
    saturday = datetime(2026, 10, 24, 12, tzinfo=UTC)
    assert day.start(saturday) == datetime(2026, 10, 24, 2, tzinfo=UTC)  # 04:00 CEST
    assert day.end(saturday) == datetime(2026, 10, 25, 3, tzinfo=UTC)  # 04:00 CET
    assert day.end(saturday) - day.start(saturday) == timedelta(hours=25)


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Australia/Sydney"])
def test_the_machine_zone_agrees_with_the_named_zone_every_hour_of_a_year(
    machine_zone, zone: str
) -> None:
    """Every rollover hour, every day of 2026 (both switches, south and north of the equator).

    Each boundary starts the day it belongs to, even for rollover hours the switch skips or
    repeats.
    """
    machine_zone(zone)
    for hour in range(24):
        local, named = StudyDay(hour), StudyDay(hour, ZoneInfo(zone))
        for days in range(365):
            moment = datetime(2026, 1, 1, 12, tzinfo=UTC) + timedelta(days=days)
            start = local.start(moment)
            assert start == named.start(moment), (hour, moment)
            assert local.date_of(start) == local.date_of(moment), (hour, moment)
            assert start <= moment < local.end(moment), (hour, moment)


def test_boundaries_stay_cheap(machine_zone) -> None:
    """On the path of every answer: far below a millisecond each (about a microsecond)."""
    machine_zone("Europe/Berlin")
    day = StudyDay()
    moment = datetime(2026, 7, 15, 12, tzinfo=UTC)
    began = time.perf_counter()
    for _ in range(10_000):
        day.start(moment)
    assert time.perf_counter() - began < 1.0  # 100 µs each: generous for a busy machine
