"""A deck's study options as stored on its row, read into :class:`DeckOptions` and checked.

Plain SQL on the sqlite3 connection, as :mod:`fibrolearn.storage.plain_reads`, which reads
them with every deck row: nothing but the standard library and the domain is imported.
"""

from __future__ import annotations

import functools
import sqlite3
from datetime import timedelta
from typing import Any, NamedTuple, Protocol

from fibrolearn.domain.decks import LONGEST_INTERVAL, RETENTION_RANGE, DeckOptions
from fibrolearn.storage.damaged_data import StoredValueError, stored_json_shape


class OptionColumns(Protocol):
    """The study options as a deck row (ORM record or plain row) carries them."""

    new_per_day: int
    reviews_per_day: int
    desired_retention: float
    learning_steps: list[Any]
    relearning_steps: list[Any]


def options_of(deck: OptionColumns) -> DeckOptions:
    """The study options stored on a deck row.

    Raises:
        StoredValueError: A stored option is not one (a retention no deck may have, which
            would overflow the scheduler's arithmetic; a step that is not a number of seconds;
            a daily limit that is not a count, which the limits' arithmetic cannot take).
    """
    for limit, count in (("new cards", deck.new_per_day), ("reviews", deck.reviews_per_day)):
        if type(count) is not int or count < 0:  # SQLite keeps whatever type was written
            raise StoredValueError(f"a deck's stored daily {limit} is not a count ({count!r:.40})")
    low, high = RETENTION_RANGE
    retention = deck.desired_retention
    if not (isinstance(retention, int | float) and low <= retention <= high):
        raise StoredValueError(f"a deck's stored desired retention is not one ({retention!r:.40})")
    try:
        learning = tuple(timedelta(seconds=s) for s in deck.learning_steps)
        relearning = tuple(timedelta(seconds=s) for s in deck.relearning_steps)
    except (TypeError, ValueError, OverflowError) as error:
        raise StoredValueError(f"a deck's stored steps are not ones ({error})") from error
    # Longer, a step's due leaves the calendar. The options allow a year since 58fe169;
    # earlier builds took longer steps, which still read.
    if not all(timedelta(0) <= step <= LONGEST_INTERVAL for step in learning + relearning):
        raise StoredValueError(
            f"a deck's stored steps are not from 0 to {LONGEST_INTERVAL.days} days"
        )
    return DeckOptions(
        new_per_day=deck.new_per_day,
        reviews_per_day=deck.reviews_per_day,
        desired_retention=retention,
        learning_steps=learning,
        relearning_steps=relearning,
    )


class _OptionRow(NamedTuple):
    new_per_day: int
    reviews_per_day: int
    desired_retention: float
    learning_steps: list[Any]
    relearning_steps: list[Any]


OPTION_COLUMNS = "new_per_day, reviews_per_day, desired_retention, learning_steps, relearning_steps"


def deck_options(connection: sqlite3.Connection, deck_id: int) -> DeckOptions:
    """One deck's study options; LookupError when there is no deck with that id.

    Read alone for each answer: the whole row also carries the deck's description, which
    made reading it most of the cost of finding the answer's scheduler.
    """
    query = f"SELECT {OPTION_COLUMNS} FROM decks WHERE id = ?"
    row = connection.execute(query, (deck_id,)).fetchone()
    if row is None:
        raise LookupError(f"no deck with id {deck_id}")
    return options_stored_as(*row)


@functools.lru_cache(maxsize=64)
def options_stored_as(
    new_per_day: int,
    reviews_per_day: int,
    desired_retention: float,
    learning_steps: str,
    relearning_steps: str,
) -> DeckOptions:
    """The options these stored values mean, remembered by the values themselves.

    They rarely change, and turning them into options (two JSON lists, their steps) cost
    more than reading them; keyed by what is stored, an edited deck is never out of date.
    """
    steps = stored_json_shape(list, learning_steps), stored_json_shape(list, relearning_steps)
    return options_of(_OptionRow(new_per_day, reviews_per_day, desired_retention, *steps))
