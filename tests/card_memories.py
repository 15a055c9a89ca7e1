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
