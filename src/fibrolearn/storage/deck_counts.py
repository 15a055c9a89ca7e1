"""Every deck's own cards counted in one pass, not deck by deck: the deck list's first read.

Each count is only that deck's, not its subdecks'; the deck list sums a parent's from its
subdecks (``domain.deck_tree.capped_totals``). The rules are ``plain_reads``'s, so what is
counted here is what a deck's own queue counts; like it, this imports only the standard
library and the domain.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from datetime import datetime
from typing import Any

from fibrolearn.storage.plain_reads import (
    AVAILABLE,
    NOT_PASSED,
    WAITING,
    QueueSizes,
    counted,
    db_time,
    learning_parameters,
    learning_rule,
    new_rule,
    queue_parameters,
    waiting_parameters,
)

# SQLite joins at most 500 SELECTs in one compound statement; an Anki learner's shared deck
# may have thousands of subdecks.
_DECKS_AT_ONCE = 400


def sizes_by_deck(
    connection: sqlite3.Connection,
    caps: dict[int, QueueSizes],
    *,
    now: datetime,
    reviews_before: datetime,
    day_start: datetime | None,
    passed: Collection[int] = (),
) -> dict[int, QueueSizes]:
    """New and due review cards of each deck of ``caps`` alone (not its subdecks).

    Each up to its cap, as ``plain_reads.queue_sizes`` counts them (backlog among the reviews), in
    one statement for every :data:`_DECKS_AT_ONCE` decks.
    """
    skip = f" AND {NOT_PASSED}" if passed else ""
    is_review = f"state = :review AND due < :reviews_before{skip}"
    new_cards = new_rule(day_start, passed)
    parameters = queue_parameters(now, reviews_before, day_start, passed)
    decks = list(caps.items())
    found = {}
    for start in range(0, len(decks), _DECKS_AT_ONCE):
        sql = " UNION ALL ".join(
            f"SELECT {int(deck_id)}, {counted(cap.new, new_cards, f'deck_id = {int(deck_id)}')}, "
            f"{counted(cap.review, is_review, f'deck_id = {int(deck_id)}')}"
            for deck_id, cap in decks[start : start + _DECKS_AT_ONCE]
        )
        for deck_id, new, review in connection.execute(sql, parameters):
            found[deck_id] = QueueSizes(new=new, learning=0, review=review)
    return found


def learning_by_deck(
    connection: sqlite3.Connection,
    *,
    now: datetime,
    learning_until: datetime,
    day_start: datetime,
    day_end: datetime,
) -> dict[int, int]:
    """The learning cards ``plain_reads.queue_sizes`` counts, of every deck alone, in one pass."""
    return _count_by_deck(
        connection,
        learning_rule(day_start),
        {
            **learning_parameters(learning_until),
            "now": db_time(now),
            "day_start": db_time(day_start),
            "day_end": db_time(day_end),
        },
    )


def waiting_by_deck(
    connection: sqlite3.Connection, *, now: datetime, before: datetime
) -> dict[int, int]:
    """``plain_reads.waiting_reviews`` of every deck alone (not its subdecks), in one pass."""
    return _count_by_deck(connection, WAITING, waiting_parameters(now, before))


def _count_by_deck(
    connection: sqlite3.Connection, condition: str, parameters: dict[str, Any]
) -> dict[int, int]:
    """How many cards of each deck available at :now meet ``condition``."""
    rows = connection.execute(
        f"SELECT deck_id, count(*) FROM cards WHERE {AVAILABLE} AND {condition} GROUP BY deck_id",
        parameters,
    )
    return dict(rows.fetchall())
