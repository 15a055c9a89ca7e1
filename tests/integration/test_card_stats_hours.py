"""More statistics' answers by hour when a deck or a search narrows them: exact and fast."""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, event

from card_memories import log_answers, set_memory
from fibrolearn.domain.card_statistics import HourActivity
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import CardState
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services

LONDON = ZoneInfo("Europe/London")
# Clocks went forward at 01:00 UTC on 30 March 2025 and back at 01:00 UTC on 26 October.
AROUND_CHANGES = [
    "2025-03-29 23:59:59.000000",  # 23:59 GMT, the night before
    "2025-03-30 00:00:00.000000",  # midnight GMT
    "2025-03-30 00:59:59.999000",  # the last millisecond of GMT
    "2025-03-30 01:00:00.000000",  # 02:00 BST, the hour that had no 01:00
    "2025-03-30 22:59:59.000000",  # 23:59 BST
    "2025-03-30 23:00:00.000000",  # midnight BST
    "2025-10-26 00:30:00.000000",  # 01:30 BST
    "2025-10-26 01:00:00.000000",  # 01:00 GMT, the hour that came twice
    "2025-10-26 01:30:00.000000",  # 01:30 GMT
    "2025-10-26 23:45:00.000000",  # 23:45 GMT
    "2026-03-01 00:10:00.000000",  # 00:10 GMT, winter again
]
STATES = [CardState.REVIEW, CardState.LEARNING, CardState.REVIEW, CardState.RELEARNING]


@pytest.fixture
def london(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def by_hour(hours: tuple[HourActivity, ...]) -> dict[int, tuple[int, int, int]]:
    """Hour: (answers, answers to due review cards, of those remembered)."""
    return {h.hour: (h.reviews, h.review_cards, h.review_passed) for h in hours if h.reviews}


def counted_one_by_one(answers: list[tuple[int | None, str, int, CardState]], cards: set[int]):
    """The same counts, each answer's London hour taken from Python's zone database."""
    counts: Counter[int] = Counter()
    reviews: Counter[int] = Counter()
    passed: Counter[int] = Counter()
    for card, at, rating, state in answers:
        if card in cards:
            hour = datetime.fromisoformat(at).replace(tzinfo=UTC).astimezone(LONDON).hour
            counts[hour] += 1
            reviews[hour] += state == CardState.REVIEW
            passed[hour] += state == CardState.REVIEW and rating > 1
    return {hour: (n, reviews[hour], passed[hour]) for hour, n in counts.items()}


def test_narrowed_hours_are_each_answers_local_hour_across_both_clock_changes(
    services: Services, paths: AppPaths, clock: FixedClock, london: None
) -> None:
    """Answers either side of midnight and of each clock change, counted one by one in Python,
    as the deck, a search and the whole log count them."""
    clock.set(datetime(2026, 3, 4, 12, 0, tzinfo=UTC))
    set_memory(paths, 3, CardState.REVIEW, 3, 5, answered_days_ago=1, due_in_days=2, suspended=1)
    answers = [
        (card, at, 1 + (n + card) % 4, STATES[(n + card) % 4])
        for n, at in enumerate(AROUND_CHANGES)
        for card in range(4)
    ]
    history = [(None, at, 3, CardState.REVIEW) for at in AROUND_CHANGES[::3]]
    log_answers(paths, answers + history)
    stats, parse = services.card_stats, services.browse.parse
    deck_id = stats.deck_names()[0][0]

    assert by_hour(stats.hours(deck_id)) == counted_one_by_one(answers, {0, 1, 2, 3})
    assert by_hour(stats.hours(search=parse("is:suspended"))) == counted_one_by_one(answers, {3})
    assert by_hour(stats.hours(search=parse("-is:suspended"))) == counted_one_by_one(
        answers, {0, 1, 2}
    )
    assert by_hour(stats.hours()) == counted_one_by_one(answers + history, {0, 1, 2, 3, None})


def test_narrowed_hours_read_the_index_alone_not_each_answers_row(
    services: Services, paths: AppPaths, clock: FixedClock, london: None
) -> None:
    """At 1,000,000 answers, one deck's hours took seconds: the index by card found its
    answers, then each answer's row was read from the log, scattered across the file."""
    clock.set(datetime(2026, 3, 4, 12, 0, tzinfo=UTC))
    start = datetime(2026, 3, 1, tzinfo=UTC)
    log_answers(
        paths,
        [
            (n % 3, str(start + timedelta(minutes=7 * n)).replace("+00:00", ".000000"), 3, state)
            for n, state in enumerate(STATES * 5)
        ],
    )
    set_memory(paths, 1, CardState.REVIEW, 3, 5, answered_days_ago=1, due_in_days=2, suspended=1)
    stats, parse = services.card_stats, services.browse.parse
    statements: list[tuple[str, tuple[object, ...]]] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if "GROUP BY" in statement and "FROM reviews" in statement:
            statements.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", keep)
    try:
        stats.hours(stats.deck_names()[0][0])  # most cards: the others' answers are counted
        stats.hours(search=parse("is:suspended"))  # one card: its answers are counted
    finally:
        event.remove(Engine, "before_cursor_execute", keep)
    assert len(statements) == 2
    with sqlite3.connect(paths.collection) as connection:
        for statement, parameters in statements:
            plan = [
                row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            ]
            [read] = [step for step in plan if step.split()[1:2] == ["reviews"]]
            assert "USING COVERING INDEX ix_reviews_card" in read, plan
    connection.close()
