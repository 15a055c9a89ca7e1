"""Times go into the collection as the storage layer writes them, and only aware ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, MetaData, Table, create_engine, insert

from fibrolearn.storage.plain_reads import db_time
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
