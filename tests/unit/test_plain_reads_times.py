"""Times go into the collection as the storage layer writes them, and only aware ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, MetaData, Table, create_engine, insert

from fibrolearn.storage.damaged_data import StoredValueError
from fibrolearn.storage.plain_reads import db_time, instant_of
from fibrolearn.storage.types import UtcDateTime


def test_an_aware_time_is_stored_as_naive_utc_text_with_microseconds() -> None:
    paris = timezone(timedelta(hours=1))
    assert db_time(datetime(2026, 3, 4, 13, 0, 5, 7, tzinfo=paris)) == "2026-03-04 12:00:05.000007"
    assert db_time(datetime(2026, 3, 4, 12, 0, tzinfo=UTC)) == "2026-03-04 12:00:00.000000"


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        db_time(datetime(2026, 3, 4, 12, 0))


@pytest.mark.parametrize(
    "instant",
    [
        datetime(2026, 3, 4, 12, 0, 5, 7, tzinfo=UTC),
        datetime(2026, 3, 4, 12, 0, tzinfo=UTC),
        datetime(987, 6, 5, 4, 3, 2, 1, tzinfo=UTC),  # strftime left such a year unpadded
        datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    ],
)
def test_plain_sql_stores_a_time_as_the_orm_column_does(instant: datetime) -> None:
    # Both write the same columns, and rows are compared and sorted as text.
    times = Table("times", MetaData(), Column("at", UtcDateTime()))
    engine = create_engine("sqlite://")
    with engine.begin() as connection:
        times.create(connection)
        connection.execute(insert(times).values(at=instant))
        stored_by_orm = connection.exec_driver_sql("SELECT at FROM times").scalar()
    assert db_time(instant) == stored_by_orm


@pytest.mark.parametrize("text", ["0001-01-01 00:00:00.000000", "9999-12-31 12:00:00.000000"])
def test_a_time_at_the_calendar_s_ends_reads_as_damage(text: str) -> None:
    """Only damage or another program stores one: a study day counted there leaves the
    calendar (a time zone's offset, the rollover hour), once with an OverflowError."""
    with pytest.raises(StoredValueError, match="a stored time is out of range"):
        instant_of(text)


def test_times_a_year_from_the_calendar_s_ends_read() -> None:
    assert instant_of("0002-01-01 00:00:00.000000") == datetime(2, 1, 1, tzinfo=UTC)
    assert instant_of("9998-12-31 00:00:00") == datetime(9998, 12, 31, tzinfo=UTC)
