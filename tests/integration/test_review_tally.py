"""The review tally (the log summed per quarter hour) stays equal to the log it sums.

Every path that changes the log is exercised: answering, undo, importing history, deleting
notes (their answers stay as history) and undoing that, an edited row, and the upgrade that
creates the tally for an existing collection. Per-day statistics read from the tally are
checked against study dates computed in Python, in zones with odd offsets and daylight saving.
"""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from fibrolearn.domain.enums import Rating
from fibrolearn.scheduling.study_day import StudyDay
from fibrolearn.services.container import Services
from fibrolearn.services.study_dates import date_of, day_shifts
from fibrolearn.storage import progress_repo
from fibrolearn.storage.migrate import open_collection

_SUMS = (
    "SELECT CAST(strftime('%s', reviewed_at) AS INTEGER) / 900 AS bucket, count(*), "
    "sum(duration_ms), "
    "sum(before_state = 2 AND NOT early), sum(before_state = 2 AND NOT early AND rating > 1) "
    "FROM reviews GROUP BY bucket ORDER BY bucket"
)
_TIME = "%Y-%m-%d %H:%M:%S.%f"


def collection_path(services: Services) -> Path:
    return Path(str(services.database.engine.url.database))


def assert_tally_matches_log(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        tally = connection.execute("SELECT * FROM review_tally ORDER BY bucket").fetchall()
        assert tally == connection.execute(_SUMS).fetchall()


def add_reviews(path: Path, moments: list[datetime], seed: int = 3) -> None:
    """Answers about an outside card at these instants, straight into the log."""
    rng = random.Random(seed)
    rows = [
        (
            moment.astimezone(UTC).strftime(_TIME),
            rng.choice((1, 3)),
            rng.randint(0, 20000),
            rng.choice((0, 2)),
        )
        for moment in moments
    ]
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "INSERT INTO reviews (external_card, reviewed_at, rating, duration_ms, before_state, "
            "before_due, before_reps, before_lapses, after_state, after_due, imported) "
            "VALUES ('outside', ?1, ?2, ?3, ?4, ?1, 1, 0, 2, ?1, 1)",
            rows,
        )


def test_tally_follows_answers_undo_imports_edits_and_deleted_notes(
    services: Services, clock, tmp_path: Path
) -> None:
    path = collection_path(services)
    answers = []
    for minutes in (0, 1, 20, 20, 300):  # two answers share a quarter hour
        clock.set(clock.now() + timedelta(minutes=minutes))
        card = services.study.next_card(1)
        assert card is not None
        answers.append(
            services.study.answer(card.card_id, Rating.GOOD, 1500, shown_state=card.state)
        )
    assert_tally_matches_log(path)

    # The last is the only answer in its quarter hour: its tally row goes.
    for receipt in reversed(answers[-2:]):
        assert services.study.take_back(receipt.review_id).card_id == receipt.card_id
    assert_tally_matches_log(path)

    log = tmp_path / "log.csv"
    log.write_text(
        "card_id,review_rating,review_time,review_duration\n"
        "77,3,2025-06-01T10:00:00+00:00,900\n77,1,2025-06-03T10:05:00+00:00,1200\n",
        encoding="utf-8",
    )
    services.revlog.import_csv(log)
    assert_tally_matches_log(path)

    with sqlite3.connect(path) as connection:  # an edited answer moves between buckets
        connection.execute(
            "UPDATE reviews SET rating = 1, duration_ms = 5, before_state = 2, "
            "reviewed_at = '2025-01-01 00:00:00.000000' WHERE id = (SELECT min(id) FROM reviews)"
        )
    assert_tally_matches_log(path)

    with sqlite3.connect(path) as connection:
        answered = "SELECT DISTINCT card_id FROM reviews WHERE card_id IS NOT NULL"
        card_ids = [row[0] for row in connection.execute(answered)]
    services.notes.delete(card_ids)  # their answers stay in the log as history
    assert_tally_matches_log(path)
    services.notes.undo()
    assert_tally_matches_log(path)
    assert services.progress.overview().total_reviews == 5


def test_upgrade_builds_the_tally_from_an_existing_log(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    open_collection(path, tmp_path / "backups", target="0005_interop").close()
    start = datetime(2025, 1, 1, tzinfo=UTC)
    add_reviews(path, [start + timedelta(minutes=7 * i) for i in range(500)])
    open_collection(path, tmp_path / "backups").close()
    assert_tally_matches_log(path)
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT sum(reviews) FROM review_tally").fetchone() == (500,)


@pytest.mark.parametrize(
    ("zone", "start"),
    [
        ("America/New_York", datetime(2026, 2, 20, tzinfo=UTC)),  # into summer time
        ("Australia/Lord_Howe", datetime(2026, 3, 25, tzinfo=UTC)),  # half-hour change
        ("Asia/Kathmandu", datetime(2026, 1, 1, tzinfo=UTC)),  # UTC+05:45
        ("Africa/Monrovia", datetime(1971, 12, 20, tzinfo=UTC)),  # UTC-00:44:30 until 1972
    ],
)
def test_study_days_from_the_tally_match_local_dates(
    services: Services, zone: str, start: datetime
) -> None:
    path = collection_path(services)
    rng = random.Random(zone)
    moments = [start + timedelta(seconds=rng.uniform(0, 30 * 86400)) for _ in range(3000)]
    add_reviews(path, moments)
    day = StudyDay(rollover_hour=4, zone=ZoneInfo(zone))
    expected = Counter(day.date_of(moment) for moment in moments)
    since = day.start(start + timedelta(days=3))
    until = day.start(start + timedelta(days=25))
    shifts = day_shifts(day, start, start + timedelta(days=31))
    with services.database.read() as session:
        everything = progress_repo.activity(session, shifts)
        window = progress_repo.activity(session, shifts, since, until)
    assert {date_of(r.day_number): r.reviews for r in everything} == expected
    inside = {d: n for d, n in expected.items() if day.date_of(since) <= d < day.date_of(until)}
    assert {date_of(r.day_number): r.reviews for r in window} == inside
