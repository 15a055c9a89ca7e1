"""Answers given since the study day began: by deck, in a deck and its subdecks, by note.

Today's answers are read the cheaper of two ways. From the log's time index, each answer
since the day began costs a look at its card for the deck (at 100,000 cards and 5,000
answers today, about 20 ms whatever deck is asked about). From the decks' cards, each card
costs a look into its own log for an answer since then: a deck of 160 cards, well under
1 ms. So today's answers are counted first, and the decks' cards up to them, and the fewer
are walked. Like ``plain_reads``, this imports only the standard library and the domain.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from datetime import datetime
from typing import Any, NamedTuple

from fibrolearn.domain.enums import CardState
from fibrolearn.storage.plain_reads import db_time, deck_and_subdecks


class DoneToday(NamedTuple):
    """Answers given since the study day began, by the kind of card answered.

    Attributes:
        new: New cards introduced.
        reviews: Review cards answered.
        total: All answers.
        backlog: Review cards answered that had fallen due before the backlog boundary.
    """

    new: int
    reviews: int
    total: int
    backlog: int = 0


# Today's answers by the state the card was in: all, new, review, review from the backlog.
_DONE_COLUMNS = (
    "count(*), coalesce(sum(r.before_state = :new), 0), "
    "coalesce(sum(r.before_state = :review), 0), "
    "coalesce(sum(r.before_state = :review AND r.before_due < :backlog), 0)"
)


def _done_parameters(day_start: datetime, backlog_before: datetime | None) -> dict[str, Any]:
    return {
        "new": int(CardState.NEW),
        "review": int(CardState.REVIEW),
        "backlog": db_time(backlog_before or day_start),
        "start": db_time(day_start),
    }


def _done(row: tuple[int, ...], counts_backlog: bool) -> DoneToday:
    total, new, reviews, backlog = row
    return DoneToday(
        new=new, reviews=reviews, total=total, backlog=backlog if counts_backlog else 0
    )


def done_today(
    connection: sqlite3.Connection,
    deck_id: int,
    day_start: datetime,
    backlog_before: datetime | None = None,
) -> DoneToday:
    """Count today's answers in a deck and its subdecks: new, review and backlog cards.

    Read the cheaper way for the deck's size (:func:`_answers_since`): a small deck's
    cards, not the whole day's answers.
    """
    rows = _answers_since(
        connection,
        _DONE_COLUMNS,
        _done_parameters(day_start, backlog_before),
        deck_and_subdecks(connection, deck_id),
        by_deck=False,
    )
    return _done(rows.fetchone(), backlog_before is not None)


def done_today_by_deck(
    connection: sqlite3.Connection, day_start: datetime, decks: Collection[int]
) -> dict[int, DoneToday]:
    """``done_today`` of each of ``decks`` alone (without backlogs), all at once.

    One pass over today's log, or over the cards of ``decks`` when they are fewer (for every
    deck, :func:`answered_today`).
    """
    rows = _answers_since(
        connection, _DONE_COLUMNS, _done_parameters(day_start, None), decks, by_deck=True
    )
    return {deck_id: _done(counts, False) for deck_id, *counts in rows}


class AnsweredToday(NamedTuple):
    """Today's answers in each deck answered in, and the notes answered.

    Attributes:
        done: ``done_today`` of each deck alone (without backlogs).
        notes: The notes of the cards answered (their other new cards wait for tomorrow);
            None when not asked for.
    """

    done: dict[int, DoneToday]
    notes: frozenset[int] | None


def answered_today(
    connection: sqlite3.Connection, day_start: datetime, *, notes: bool
) -> AnsweredToday:
    """Every deck's answers today and, asked for, the notes answered: one pass over the log.

    The deck list needs the notes when it lists them (``deck_counts.sizes_by_deck``); read
    apart, the day's answers were walked twice, each answer's card looked up each time (at
    5,000 answers today, about 15 ms each). Listing them costs the pass a little more.
    """
    columns = f"{_DONE_COLUMNS}, group_concat(c.note_id)" if notes else f"{_DONE_COLUMNS}, ''"
    rows = _answers_since(
        connection, columns, _done_parameters(day_start, None), None, by_deck=True
    )
    done, answered = {}, set()
    for deck_id, *counts, listed in rows:
        done[deck_id] = _done(tuple(counts), False)
        if notes:
            answered.update(map(int, listed.split(",")))
    return AnsweredToday(done, frozenset(answered) if notes else None)


_IN_DECKS = "(SELECT value FROM json_each(:decks))"


def _answers_since(
    connection: sqlite3.Connection,
    columns: str,
    parameters: dict[str, Any],
    decks: Collection[int] | None,
    *,
    by_deck: bool,
) -> sqlite3.Cursor:
    """``columns`` over the answers given since ``:start`` (reviews ``r``, their cards ``c``).

    Of the cards of ``decks`` (None: every deck); ``by_deck``: a row for each deck answered
    in, its id first; else one row for them all.
    """
    head, tail = ("c.deck_id, ", " GROUP BY c.deck_id") if by_deck else ("", "")
    if decks is None:
        return connection.execute(
            f"SELECT {head}{columns} FROM reviews AS r JOIN cards AS c ON c.id = r.card_id"
            f" WHERE r.reviewed_at >= :start{tail}",
            parameters,
        )
    parameters = {**parameters, "decks": json.dumps(list(decks))}
    if _fewer_cards_than_answers(connection, parameters):
        # CROSS JOIN keeps the cards first: each one's log looked into by its card index.
        return connection.execute(
            f"SELECT {head}{columns} FROM cards AS c CROSS JOIN reviews AS r"
            f" ON r.card_id = c.id WHERE c.deck_id IN {_IN_DECKS}"
            f" AND r.reviewed_at >= :start{tail}",
            parameters,
        )
    # "deck_id + 0" keeps SQLite from starting at the decks' cards (the deck index).
    return connection.execute(
        f"SELECT {head}{columns} FROM reviews AS r JOIN cards AS c ON c.id = r.card_id"
        f" WHERE c.deck_id + 0 IN {_IN_DECKS} AND r.reviewed_at >= :start{tail}",
        parameters,
    )


def _fewer_cards_than_answers(connection: sqlite3.Connection, parameters: dict[str, Any]) -> bool:
    """Whether the cards of ``:decks`` are fewer than today's answers, each counted by index.

    The cards are counted only up to the answers: well under a microsecond for each.
    """
    answers = connection.execute(
        "SELECT count(*) FROM reviews WHERE reviewed_at >= :start", parameters
    ).fetchone()[0]
    cards = connection.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM cards WHERE deck_id IN {_IN_DECKS} LIMIT :most)",
        {**parameters, "most": answers},
    ).fetchone()[0]
    return cards < answers
