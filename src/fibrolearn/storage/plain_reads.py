"""Today's queue counts and the reads around them, in plain SQL on the sqlite3 connection.

One implementation serves two callers: the running app, through its session's own
connection (inside the same transaction), and the first paint of the deck list, which runs
before SQLAlchemy has loaded because importing it alone takes longer than the whole
start-up budget. So this module imports nothing but the standard library and the domain.

Times are compared as SQLAlchemy's SQLite dialect stores them: naive UTC text with
microseconds, which sorts like the instants it names.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from fibrolearn.domain.decks import DeckOptions
from fibrolearn.domain.enums import CardState
from fibrolearn.storage.damaged_data import (
    StoredValueError,
    stored_json,
    stored_json_shape,
    stored_time,
)
from fibrolearn.storage.stored_options import OPTION_COLUMNS, options_stored_as
from fibrolearn.storage.stored_settings import unparsed

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# A card the queue may show at :now: not suspended, retired, or buried until later. Counted
# here and picked by study_repo's next-card queries alike.
AVAILABLE = "suspended = 0 AND retired = 0 AND (buried_until IS NULL OR buried_until <= :now)"
# The two rules of today's queue, written once: the counts here and the queue in study_repo
# both use them, so what is counted is what is shown. Parameters: :day_start, :day_end.
#
# A learning card last answered on an earlier study day (its step crossed the rollover, as a
# step of a day or more does) is there from the start of the day it is due, as Anki's
# interday learning, not from the hour it was answered at.
INTERDAY_DUE = "(cards.due < :day_end AND cards.last_review < :day_start)"
# A new card of a note answered today would give the answer away: it waits for another day.
# Asked per card through the notes' and reviews' indexes, never by listing today's answers.
NOT_A_SIBLING = (
    "NOT EXISTS (SELECT 1 FROM cards AS sibling JOIN reviews ON reviews.card_id = sibling.id "
    "WHERE sibling.note_id = cards.note_id AND reviews.reviewed_at >= :day_start)"
)
# Cards a read-through of a collection that cannot be written went past (``PassedCards``),
# their ids a JSON array in :passed (``passed_ids``): not shown again, and, as an answer
# would, keeping their notes' other new cards for another day (NOT_A_SIBLING's rule).
NOT_PASSED = "id NOT IN (SELECT value FROM json_each(:passed))"
# The deck :deck and its subdecks, at any level ("Science" takes "Science::Biology::Cells"),
# as studying a deck takes them and its limits count them, as in Anki.
DECK_AND_SUBDECKS = (
    "SELECT d.id FROM decks AS d JOIN decks AS p ON p.id = :deck"
    " WHERE d.id = p.id OR substr(d.name, 1, length(p.name) + 2) = p.name || '::'"
)
NOT_A_PASSED_SIBLING = (
    "cards.note_id NOT IN (SELECT passed.note_id FROM cards AS passed "
    "WHERE passed.id IN (SELECT value FROM json_each(:passed)))"
)


def passed_ids(passed: Collection[int]) -> str:
    """The ``:passed`` parameter of NOT_PASSED and NOT_A_PASSED_SIBLING."""
    return json.dumps(list(passed))


def connection_of(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under ``session``, with the session's pending changes flushed."""
    session.flush()
    return session.connection().connection.driver_connection  # type: ignore[return-value]


def db_time(instant: datetime) -> str:
    """An aware instant as the text the collection stores for it (naive ones are refused)."""
    if instant.tzinfo is None:
        raise ValueError(f"naive datetime {instant!r} cannot be stored; use an aware UTC time")
    # isoformat, not strftime: with PySide6 loaded, each strftime call passes its import hook
    # (strftime imports "time"), which made this 3× slower; and it pads years as SQLAlchemy.
    return instant.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def instant_of(text: str | None) -> datetime | None:
    """The aware instant a stored time names (the inverse of :func:`db_time`); None for NULL."""
    return None if text is None else stored_time(text).replace(tzinfo=UTC)


def setting(connection: sqlite3.Connection, key: str, default: Any = None) -> Any:
    """A collection setting (stored as JSON), or ``default``.

    Raises:
        StoredValueError: Its stored text is not JSON.
    """
    return settings(connection, (key,)).get(key, default)


def settings(connection: sqlite3.Connection, keys: Collection[str]) -> dict[str, Any]:
    """Those of the settings ``keys`` that are stored (not as null), by key, read at once.

    Raises:
        StoredValueError: A stored text is not JSON.
    """
    rows = connection.execute(
        "SELECT key, value FROM settings WHERE key IN (SELECT value FROM json_each(?))",
        (json.dumps(list(keys)),),
    )
    found = {}
    for key, text in rows:
        try:
            value = None if text is None else stored_json(text)
        except StoredValueError as error:
            raise unparsed(key, error) from error
        if value is not None:
            found[key] = value
    return found


class DeckRow(NamedTuple):
    """A deck as the deck list needs it."""

    id: int
    key: str
    name: str
    description: str
    disclaimer: str
    new_per_day: int
    reviews_per_day: int
    desired_retention: float
    learning_steps: list[Any]
    relearning_steps: list[Any]


_DECK_COLUMNS = f"id, key, name, description, disclaimer, {OPTION_COLUMNS}"


def _deck(row: tuple[Any, ...]) -> DeckRow:
    *head, learning, relearning = row
    return DeckRow(*head, stored_json_shape(list, learning), stored_json_shape(list, relearning))


def deck_rows(connection: sqlite3.Connection) -> list[DeckRow]:
    """All decks, by name.

    Their steps' texts, alike in most decks, parsed once each (each deck its own list): at
    600 decks, parsing them all again took about a tenth of the deck list's Python work.
    """
    parsed: dict[Any, list[Any]] = {}

    def steps(text: Any) -> list[Any]:
        if text not in parsed:
            parsed[text] = stored_json_shape(list, text)
        return list(parsed[text])

    query = f"SELECT {_DECK_COLUMNS} FROM decks ORDER BY name"
    return [
        DeckRow(*head, steps(learning), steps(relearning))
        for *head, learning, relearning in connection.execute(query)
    ]


def deck_and_subdecks(connection: sqlite3.Connection, deck_id: int) -> list[int]:
    """The ids of a deck and its subdecks (``DECK_AND_SUBDECKS``)."""
    return [row[0] for row in connection.execute(DECK_AND_SUBDECKS, {"deck": deck_id})]


def family_options(
    connection: sqlite3.Connection, deck_id: int
) -> dict[int, tuple[str, DeckOptions]]:
    """The names and study options of a deck and its subdecks (``DECK_AND_SUBDECKS``), by id.

    LookupError when there is no deck with that id.
    """
    query = f"SELECT id, name, {OPTION_COLUMNS} FROM decks WHERE id IN ({DECK_AND_SUBDECKS})"
    rows = connection.execute(query, {"deck": deck_id}).fetchall()
    if not rows:
        raise LookupError(f"no deck with id {deck_id}")
    return {row[0]: (row[1], options_stored_as(*row[2:])) for row in rows}


def deck_row(connection: sqlite3.Connection, deck_id: int) -> DeckRow:
    """One deck; LookupError when there is none with that id."""
    query = f"SELECT {_DECK_COLUMNS} FROM decks WHERE id = ?"
    row = connection.execute(query, (deck_id,)).fetchone()
    if row is None:
        raise LookupError(f"no deck with id {deck_id}")
    return _deck(row)


def card_totals(connection: sqlite3.Connection) -> dict[int, int]:
    """Active cards per deck.

    Each deck's cards counted from the new-card index and its retired ones (few) from theirs.
    The count still steps through every card's entry in that index (SQLite's plan: a covering
    search of ix_cards_new for each deck), so it takes the same at 10 decks as at 610: 4 to
    6 ms of CPU at 100,000 cards (not 3 ms, as once said here); one pass grouping by deck
    steps through the same entries. Counting "retired = 0" read every queue index entry.
    """
    rows = connection.execute(
        "SELECT decks.id, (SELECT count(*) FROM cards WHERE deck_id = decks.id)"
        " - coalesce(retired.cards, 0) FROM decks LEFT JOIN (SELECT deck_id, count(*) AS cards"
        " FROM cards WHERE retired = 1 GROUP BY deck_id) AS retired"
        " ON retired.deck_id = decks.id"
    )
    return {deck_id: count for deck_id, count in rows if count}


class Backlog(NamedTuple):
    """A backlog plan's reviews in today's queue (``services.backlog_plans.BacklogPlan``).

    Attributes:
        before: Reviews due before this are its backlog.
        left: How many of them it still lets come today.
        decks: The decks it covers (a planned subdeck and its subdecks); None: the deck
            studied and all its subdecks.
    """

    before: datetime
    left: int
    decks: tuple[int, ...] | None = None


class BacklogRules(NamedTuple):
    """SQL telling the reviews of backlogs apart, as today's queue and its counts both do.

    Attributes:
        each: Per backlog, its reviews: a review in two (a subdeck's plan and its parent's)
            is that of the one listed first, so plans are listed the deepest first.
        none: Reviews in no backlog.
        parameters: What they name.
    """

    each: tuple[str, ...]
    none: str
    parameters: dict[str, Any]


def backlog_rules(backlogs: Sequence[Backlog]) -> BacklogRules:
    """The rules telling ``backlogs`` apart (see :class:`BacklogRules`)."""
    parameters: dict[str, Any] = {}
    claimed: list[str] = []
    each = []
    for at, backlog in enumerate(backlogs):
        parameters[f"backlog_before_{at}"] = db_time(backlog.before)
        rule = f"due < :backlog_before_{at}"
        if backlog.decks is not None:
            parameters[f"backlog_decks_{at}"] = json.dumps(list(backlog.decks))
            rule = f"({rule} AND deck_id IN (SELECT value FROM json_each(:backlog_decks_{at})))"
        each.append(" AND ".join([rule, *claimed]))
        claimed.append(f"NOT {rule}")
    return BacklogRules(tuple(each), " AND ".join(claimed) or "1", parameters)


class QueueSizes(NamedTuple):
    """Cards available now (or, as caps, the most of each worth counting).

    Attributes:
        new: New cards.
        learning: (Re)learning cards due.
        review: Review cards due (in no backlog plan's backlog).
        backlog: Review cards of backlog plans, each up to what its plan lets come today.
    """

    new: int
    learning: int
    review: int
    backlog: int = 0


def queue_sizes(
    connection: sqlite3.Connection,
    deck_id: int,
    *,
    now: datetime,
    learning_until: datetime,
    reviews_before: datetime,
    backlogs: Sequence[Backlog] = (),
    day_start: datetime | None = None,
    caps: QueueSizes | None = None,
    passed: Collection[int] = (),
) -> QueueSizes:
    """Cards available now, each kind counted up to its cap (today's limits).

    Counting stops at the cap, so a deck with 30,000 new cards and a limit of 20 reads about
    20 index entries (and, for each, its note's answers today), not 30,000. The four counts
    go in one statement: one round trip.

    Args:
        connection: The open connection.
        deck_id: The deck.
        now: The current instant (buried cards are hidden until their time).
        learning_until: Learning cards due by then count.
        reviews_before: Review cards due before then count.
        backlogs: Backlog plans' reviews count as ``backlog`` (each up to its ``left``), the
            others as ``review``.
        day_start: When today's study day began: learning cards last answered before it (a
            step of a day or more) count all day once due today, before ``reviews_before``;
            new cards whose note had a card answered since then wait for another day.
        caps: The most of new, learning and review cards worth counting (reviews of each
            backlog too); None counts everything.
        passed: Cards a read-through went past: not counted, nor their notes' new cards.
    """
    skip = f" AND {NOT_PASSED}" if passed else ""
    is_review = f"state = :review AND due < :reviews_before{skip}"
    rules = backlog_rules(backlogs)
    review = counted(caps and caps.review, f"{is_review} AND {rules.none}")
    backlog = " + ".join(
        counted(min(plan.left, caps.review) if caps else plan.left, f"{is_review} AND {rule}")
        for plan, rule in zip(backlogs, rules.each, strict=True)
    )
    new = counted(caps and caps.new, new_rule(day_start, passed))
    learning = counted(None, f"{learning_rule(day_start)}{skip}")
    row = connection.execute(
        f"SELECT {new}, {learning}, {review}, {backlog or 0}",
        {
            **rules.parameters,
            **queue_parameters(now, reviews_before, day_start, passed),
            **learning_parameters(learning_until),
            "deck": deck_id,
        },
    ).fetchone()
    return QueueSizes(new=row[0], learning=row[1], review=row[2], backlog=row[3])


def learning_rule(day_start: datetime | None) -> str:
    """The (re)learning cards today's queue counts (see :func:`queue_sizes`)."""
    learning_due = "due <= :learning_until"
    if day_start is not None:
        learning_due = f"({learning_due} OR {INTERDAY_DUE})"
    return f"state IN (:learning, :relearning) AND {learning_due}"


def learning_parameters(learning_until: datetime) -> dict[str, Any]:
    """The parameters of :func:`learning_rule` but today's bounds."""
    return {
        "learning": int(CardState.LEARNING),
        "relearning": int(CardState.RELEARNING),
        "learning_until": db_time(learning_until),
    }


def new_rule(day_start: datetime | None, passed: Collection[int]) -> str:
    """The new cards today's queue may show (see :func:`queue_sizes`)."""
    rule = "state = :new" if day_start is None else f"state = :new AND {NOT_A_SIBLING}"
    return f"{rule} AND {NOT_A_PASSED_SIBLING}" if passed else rule


def queue_parameters(
    now: datetime,
    reviews_before: datetime,
    day_start: datetime | None,
    passed: Collection[int],
) -> dict[str, Any]:
    """The parameters :func:`queue_sizes`'s rules for new and review cards name."""
    return {
        "now": db_time(now),
        "new": int(CardState.NEW),
        "review": int(CardState.REVIEW),
        "reviews_before": db_time(reviews_before),
        "day_start": db_time(day_start) if day_start else None,
        "day_end": db_time(reviews_before),
        "passed": passed_ids(passed) if passed else None,
    }


def waiting_reviews(
    connection: sqlite3.Connection,
    deck_id: int,
    *,
    now: datetime,
    before: datetime,
    at_most: int | None = None,
    outside: Sequence[Backlog] = (),
) -> int:
    """Review cards available now in a deck that fell due before ``before``.

    The backlog of :func:`queue_sizes`, counted alone (up to ``at_most``): asked for it, the
    deck list also counted every new card of each deck, a fifth of its read at 100,000 cards.
    Not those of the backlogs ``outside`` (the plans of its subdecks).
    """
    rules = backlog_rules(outside)
    row = connection.execute(
        f"SELECT {counted(at_most, f'{WAITING} AND {rules.none}')}",
        {**waiting_parameters(now, before), **rules.parameters, "deck": deck_id},
    ).fetchone()
    return row[0]


WAITING = "state = :review AND due < :before"  # see waiting_reviews


def waiting_parameters(now: datetime, before: datetime) -> dict[str, Any]:
    """The parameters of :data:`WAITING`."""
    return {"now": db_time(now), "review": int(CardState.REVIEW), "before": db_time(before)}


def counted(
    cap: int | None, condition: str, in_deck: str = f"deck_id IN ({DECK_AND_SUBDECKS})"
) -> str:
    """SQL counting a deck's (and subdecks') cards available at :now meeting ``condition``.

    Up to ``cap``; ``in_deck`` says which decks' cards (by default :deck's and subdecks').
    Without a cap, SQLite counts straight from the index; with one, row by row.
    """
    limit = "" if cap is None else f" LIMIT {int(cap)}"
    return (
        f"(SELECT count(*) FROM (SELECT id FROM cards WHERE {in_deck} AND "
        f"{AVAILABLE} AND {condition}{limit}))"
    )
