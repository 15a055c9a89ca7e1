"""Times go into the collection as the storage layer writes them, and only aware ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from fibrolearn.storage.plain_reads import db_time


def test_an_aware_time_is_stored_as_naive_utc_text_with_microseconds() -> None:
    paris = timezone(timedelta(hours=1))
    assert db_time(datetime(2026, 3, 4, 13, 0, 5, 7, tzinfo=paris)) == "2026-03-04 12:00:05.000007"
    assert db_time(datetime(2026, 3, 4, 12, 0, tzinfo=UTC)) == "2026-03-04 12:00:00.000000"


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        db_time(datetime(2026, 3, 4, 12, 0))
