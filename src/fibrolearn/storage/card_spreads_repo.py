"""The memories of studied cards, read for Progress's card statistics."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import NamedTuple

from fibrolearn.domain.enums import CardState
from fibrolearn.storage.damaged_data import StoredValueError
from fibrolearn.storage.plain_reads import DECK_AND_SUBDECKS, db_time
from fibrolearn.storage.stored_state import stored_difficulty, stored_stability

_MEMORIES = (
    "SELECT state, stability, difficulty,"
    " julianday(due) - julianday(last_review), julianday(:now) - julianday(last_review)"
    " FROM cards WHERE state != :new AND retired = 0"
    " AND stability IS NOT NULL AND difficulty IS NOT NULL AND last_review IS NOT NULL"
)


class Memory(NamedTuple):
    """A studied card's memory.

    Attributes:
        state: Its state's code (learning, review or relearning).
        stability: FSRS stability, in days.
        difficulty: FSRS difficulty, 1 to 10.
        interval: Days from its last answer to when it is due.
        elapsed: Days from its last answer to now.
    """

    state: int
    stability: float
    difficulty: float
    interval: float
    elapsed: float


def memories(
    connection: sqlite3.Connection,
    now: datetime,
    deck_id: int | None = None,
    card_ids: Sequence[int] | None = None,
) -> Iterator[Memory]:
    """Each studied, active card's memory (suspended ones too, as Anki counts them).

    Of one deck and its subdecks, or of every deck when ``deck_id`` is None; of the cards
    ``card_ids`` alone when it is given (a search's).

    Raises:
        StoredValueError: A stored time is not one (SQL reads it as NULL), or a stability or
            difficulty (one of 0 would divide recall by 0).
    """
    query = _MEMORIES
    parameters: dict[str, object] = {"now": db_time(now), "new": int(CardState.NEW)}
    if deck_id is not None:
        query += f" AND deck_id IN ({DECK_AND_SUBDECKS})"
        parameters["deck"] = deck_id
    if card_ids is not None:  # one JSON array: any number of ids in one parameter
        query += " AND id IN (SELECT value FROM json_each(:ids))"
        parameters["ids"] = json.dumps(list(card_ids))
    for row in connection.execute(query, parameters):
        if row[3] is None or row[4] is None:
            raise StoredValueError("a card's due time or last answer is not a time")
        state, stability, difficulty, interval, elapsed = row
        yield Memory(
            state, stored_stability(stability), stored_difficulty(difficulty), interval, elapsed
        )
