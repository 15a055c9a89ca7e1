"""Recording an answer as plain SQL on the sqlite3 connection rather than through SQLAlchemy.

Answering is the hottest write in the app. Built as ORM (or Core) statements in a session it
took 1.8 ms, most of it SQLAlchemy building statements and running the session; through
SQLAlchemy's driver-SQL calls 0.8 ms; on the sqlite3 connection of ``Database.statements``
about 0.6 ms, of which the fsync is 0.4. A failed write still rolls back the whole answer.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from fibrolearn.domain.enums import Rating
from fibrolearn.domain.study import MemoryState
from fibrolearn.storage.plain_reads import db_time, instant_of
from fibrolearn.storage.stored_state import stored_memory_state

# SQLite rewrites an index's entry whenever its columns are SET, even to the value they hold:
# naming ``state`` only when it changes spares the new-card index a write (one page of the
# four or five an answer writes, and most answers keep a card's state).
_SCHEDULE = (
    "step = ?, stability = ?, difficulty = ?, due = ?, last_review = ?, reps = ?, lapses = ?"
    " WHERE id = ?"
)
_UPDATE_SCHEDULE = "UPDATE cards SET " + _SCHEDULE
_UPDATE_STATE_AND_SCHEDULE = "UPDATE cards SET state = ?, " + _SCHEDULE


def _stamp(instant: datetime | None) -> str | None:
    return None if instant is None else db_time(instant)


def card_state(connection: sqlite3.Connection, card_id: int) -> tuple[int, MemoryState] | None:
    """A card's deck and memory state, or None when there is no such card."""
    row = connection.execute(
        "SELECT deck_id, state, step, stability, difficulty, due, last_review, reps, lapses"
        " FROM cards WHERE id = ?",
        (card_id,),
    ).fetchone()
    if row is None:
        return None
    deck_id, state, step, stability, difficulty, due, last_review, reps, lapses = row
    memory = stored_memory_state(
        state=state,
        step=step,
        stability=stability,
        difficulty=difficulty,
        due=instant_of(due),  # type: ignore[arg-type] - a card always has a due time
        last_review=instant_of(last_review),
        reps=reps,
        lapses=lapses,
    )
    return deck_id, memory


def record_answer(
    connection: sqlite3.Connection,
    card_id: int,
    *,
    before: MemoryState,
    after: MemoryState,
    rating: Rating,
    reviewed_at: datetime,
    duration_ms: int,
    early: bool,
) -> int:
    """Append the answer to the review log and move the card to its new state; the review id.

    ``early``: a review card answered before the study day it was due on (not counted in
    true retention).
    """
    review = connection.execute(
        "INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, before_state,"
        " before_step, before_stability, before_difficulty, before_due, before_last_review,"
        " before_reps, before_lapses, after_state, after_step, after_stability,"
        " after_difficulty, after_due, imported, early)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
        (
            card_id,
            db_time(reviewed_at),
            int(rating),
            max(0, duration_ms),
            int(before.state),
            before.step,
            before.stability,
            before.difficulty,
            db_time(before.due),
            _stamp(before.last_review),
            before.reps,
            before.lapses,
            int(after.state),
            after.step,
            after.stability,
            after.difficulty,
            db_time(after.due),
            early,
        ),
    )
    new_values = (
        after.step,
        after.stability,
        after.difficulty,
        db_time(after.due),
        _stamp(after.last_review),
        after.reps,
        after.lapses,
        card_id,
    )
    if after.state == before.state:
        connection.execute(_UPDATE_SCHEDULE, new_values)
    else:
        connection.execute(_UPDATE_STATE_AND_SCHEDULE, (int(after.state), *new_values))
    return review.lastrowid  # type: ignore[return-value] - an INSERT always sets it
