"""Every deck's own cards counted in one pass, not deck by deck: the deck list's first read.

Each count is only that deck's, not its subdecks'; the deck list sums a parent's from its
subdecks (``domain.deck_tree.capped_totals``). The rules are ``plain_reads``'s, so what is
counted here is what a deck's own queue counts; like it, this imports only the standard
library and the domain.
"""

from __future__ import annotations

import json
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

# SQLite joins at most 500 SELECTs in one compound statement; one is made for each cap pair.
_CAPS_AT_ONCE = 100


def sizes_by_deck(
    connection: sqlite3.Connection,
    caps: dict[int, QueueSizes],
    *,
    now: datetime,
    reviews_before: datetime,
    day_start: datetime | None,
    passed: Collection[int] = (),
    answered_notes: Collection[int] | None = None,
) -> dict[int, QueueSizes]:
    """New and due review cards of each deck of ``caps`` alone (not its subdecks).

    Each up to its cap, as ``plain_reads.queue_sizes`` counts them (backlog among the reviews).
    Decks with the same caps (most, on a day not all of them are studied) share one SELECT
    that goes through their ids; the SELECTs, one for each pair of caps, go together in one
    statement for every :data:`_CAPS_AT_ONCE` pairs. A SELECT for each deck made a statement
    SQLite took four times as long over (0.25 s against 0.06 s at 600 decks).

    New cards whose note was answered today wait (``plain_reads.NOT_A_SIBLING``). Asked card by
    card, that costs a look into the log for each new card counted, up to every deck's cap: at
    600 decks about 9,000 looks (0.1 s), more than today's answers. Then today's answered notes
    are listed once instead (:func:`_held_back`), each deck's new cards counted without the
    rule up to its cap and the ones held back, and those taken off: the same counts.
    ``answered_notes``: those notes, when the caller has listed them already (from the same
    pass over today's log as its answers by deck, ``todays_log.answered_today``).
    """
    skip = f" AND {NOT_PASSED}" if passed else ""
    is_review = f"state = :review AND due < :reviews_before{skip}"
    parameters = queue_parameters(now, reviews_before, day_start, passed)
    held: dict[int, int] = {}
    looks = sum(cap.new for cap in caps.values())
    if day_start is not None and fewer_answers_than(connection, day_start, looks):
        held = _held_back(connection, parameters, passed, answered_notes)
        day_start = None  # the rule is applied by taking off what is held back
    new_cards = new_rule(day_start, passed)
    decks_by_caps: dict[tuple[int, int], list[int]] = {}
    for deck_id, cap in caps.items():
        decks_by_caps.setdefault((cap.new + held.get(deck_id, 0), cap.review), []).append(deck_id)
    pairs = list(decks_by_caps.items())
    found = {}
    for start in range(0, len(pairs), _CAPS_AT_ONCE):
        selects = []
        for at, ((new_cap, review_cap), deck_ids) in enumerate(
            pairs[start : start + _CAPS_AT_ONCE]
        ):
            parameters[f"decks_{at}"] = json.dumps(deck_ids)
            selects.append(
                f"SELECT listed.value, {counted(new_cap, new_cards, _LISTED)}, "
                f"{counted(review_cap, is_review, _LISTED)} FROM json_each(:decks_{at}) AS listed"
            )
        for deck_id, new, review in connection.execute(" UNION ALL ".join(selects), parameters):
            shown = min(caps[deck_id].new, new - held.get(deck_id, 0))
            found[deck_id] = QueueSizes(new=shown, learning=0, review=review)
    return found


_LISTED = "deck_id = listed.value"  # the deck sizes_by_deck's SELECT is on
# The notes answered since :day_start, listed once.
_ANSWERED_NOTES = (
    "SELECT answered.note_id FROM reviews JOIN cards AS answered ON answered.id = reviews.card_id"
    " WHERE reviews.reviewed_at >= :day_start"
)


def fewer_answers_than(connection: sqlite3.Connection, day_start: datetime, looks: int) -> bool:
    """Whether fewer than ``looks`` answers were given since ``day_start``.

    Counted from the time index, stopping at that number: a few microseconds an answer.
    """
    row = connection.execute(
        "SELECT count(*) FROM (SELECT 1 FROM reviews WHERE reviewed_at >= :day_start LIMIT :at)",
        {"day_start": db_time(day_start), "at": looks},
    ).fetchone()
    return row[0] < looks


def _held_back(
    connection: sqlite3.Connection,
    parameters: dict[str, Any],
    passed: Collection[int],
    answered_notes: Collection[int] | None,
) -> dict[int, int]:
    """Of each deck's new cards ``new_rule`` counts without a ``day_start``, how many wait.

    Those of the notes answered since ``:day_start`` (``plain_reads.NOT_A_SIBLING``'s rule):
    ``answered_notes`` when listed, else read from today's log.
    """
    notes = _ANSWERED_NOTES
    if answered_notes is not None:
        notes = "SELECT value FROM json_each(:answered_notes)"
        parameters = {**parameters, "answered_notes": json.dumps(list(answered_notes))}
    rows = connection.execute(
        f"SELECT deck_id, count(*) FROM cards WHERE {AVAILABLE} AND {new_rule(None, passed)}"
        f" AND note_id IN ({notes}) GROUP BY deck_id",
        parameters,
    )
    return dict(rows.fetchall())


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
    """How many cards of each deck available at :now meet ``condition``.

    Deck by deck inside one statement, not one GROUP BY over every card: each deck's count is
    then a range of the queue index (about 0.1 ms), where the GROUP BY read all 100,000 index
    entries (14 ms), whether there were 10 decks or 600.
    """
    rows = connection.execute(
        f"SELECT decks.id, (SELECT count(*) FROM cards WHERE deck_id = decks.id AND "
        f"{AVAILABLE} AND {condition}) FROM decks",
        parameters,
    )
    return {deck_id: count for deck_id, count in rows if count}
