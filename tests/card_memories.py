"""Cards given a memory (state, stability, difficulty, last answer, due) as if studied."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from fibrolearn.domain.enums import CardState
from fibrolearn.paths import AppPaths
from fibrolearn.storage.plain_reads import db_time

NOW = datetime(2026, 3, 4, 12, 0).astimezone()


def set_memory(
    paths: AppPaths,
    card: int,
    state: CardState,
    stability: float,
    difficulty: float,
    answered_days_ago: float,
    due_in_days: float,
    **flags: int,
) -> None:
    """Give the ``card``-th card (by id, from 0) a memory, as if it had been studied."""
    now = NOW
    values = {
        "state": int(state),
        "stability": stability,
        "difficulty": difficulty,
        "last_review": db_time(now - timedelta(days=answered_days_ago)),
        "due": db_time(now + timedelta(days=due_in_days)),
        "suspended": flags.get("suspended", 0),
        "retired": flags.get("retired", 0),
    }
    setting = ", ".join(f"{name} = :{name}" for name in values)
    with sqlite3.connect(paths.collection) as connection:
        ids = [row[0] for row in connection.execute("SELECT id FROM cards ORDER BY id")]
        connection.execute(f"UPDATE cards SET {setting} WHERE id = :id", values | {"id": ids[card]})


def log_answers(paths: AppPaths, answers: list[tuple[int | None, str, int, CardState]]) -> None:
    """Log answers: (the ``card``-th card by id from 0, or None for an outside card; the
    time, UTC, as stored; rating; the card's state before)."""
    with sqlite3.connect(paths.collection) as connection:
        ids = [row[0] for row in connection.execute("SELECT id FROM cards ORDER BY id")]
        connection.executemany(
            "INSERT INTO reviews (card_id, external_card, reviewed_at, rating, duration_ms,"
            " before_state, before_due, before_reps, before_lapses, after_state,"
            " after_stability, after_difficulty, after_due, imported, early)"
            " VALUES (?, ?, ?, ?, 1000, ?, ?, 0, 0, 2, 10.0, 5.0, ?, 0, 0)",
            [
                (
                    None if card is None else ids[card],
                    "outside" if card is None else None,
                    at,
                    rating,
                    int(state),
                    at,
                    at,
                )
                for card, at, rating, state in answers
            ],
        )


# Answers of 1 March 2026 (UTC) to the first three cards and to a card the collection does
# not have: at 08:xx three (two to cards in review, one of them Again), at 14:xx two to the
# third card, at 20:30 one to a card still learning.
HAND_COUNTED = [
    (0, "2026-03-01 08:10:00.000000", 3, CardState.REVIEW),
    (0, "2026-03-01 20:30:00.000000", 3, CardState.LEARNING),
    (1, "2026-03-01 08:40:00.000000", 1, CardState.REVIEW),
    (2, "2026-03-01 14:05:00.000000", 3, CardState.REVIEW),
    (2, "2026-03-01 14:50:00.000000", 4, CardState.REVIEW),
    (None, "2026-03-01 08:00:00.000000", 3, CardState.REVIEW),
]
