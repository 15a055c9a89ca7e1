"""The deck list: every deck with today's counts and any backlog of waiting reviews.

Plain reads only (see ``storage.plain_reads``): DeckService calls these on its session's
connection, and ``read_deck_list`` calls them on a read-only connection of
its own so the first window can show the decks before SQLAlchemy has even loaded.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from fibrolearn.domain.deck_tree import deck_families
from fibrolearn.domain.decks import DeckSummary
from fibrolearn.domain.gentle import BacklogStatus
from fibrolearn.services import backlog_plans, daily_limits
from fibrolearn.storage import plain_reads
from fibrolearn.storage.schema_revisions import HEAD
from fibrolearn.storage.stored_options import options_of


class DeckList(NamedTuple):
    """What the deck list shows: the decks, and each deck's waiting backlog."""

    decks: list[DeckSummary]
    backlogs: dict[int, BacklogStatus]


def deck_summaries(connection: sqlite3.Connection, now: datetime) -> list[DeckSummary]:
    """Every deck with today's new, learning and due counts."""
    today = daily_limits.study_today(connection, now)
    return [summary for summary, *_ in _summaries(connection, today)]


def deck_list(connection: sqlite3.Connection, now: datetime) -> DeckList:
    """The whole deck list, read in one go: the study day and each deck's plan read once."""
    today = daily_limits.study_today(connection, now)
    listed = _summaries(connection, today)
    backlogs = {
        summary.deck_id: _backlog(
            connection, summary.deck_id, plan, today.start, now, review_limit=limit
        )
        for summary, plan, limit in listed
    }
    return DeckList([summary for summary, *_ in listed], backlogs)


def _summaries(
    connection: sqlite3.Connection, today: daily_limits.StudyToday
) -> list[tuple[DeckSummary, backlog_plans.BacklogPlan | None, int]]:
    """Each deck's summary, with the backlog plan its counts followed and its review limit."""
    totals = plain_reads.card_totals(connection)
    done = plain_reads.done_today_by_deck(connection, today.start)
    rows = plain_reads.deck_rows(connection)
    options = {deck.id: (deck.name, options_of(deck)) for deck in rows}
    families = deck_families({deck.id: deck.name for deck in rows})
    plans = backlog_plans.backlog_plans(connection, options, today.now)
    listed = []
    for deck in rows:
        plan = plans.get(deck.id)
        # A deck's limits count the answers in its subdecks too, as studying it takes them,
        # and each subdeck's cards come within its own limits (and backlog plan) as well.
        family = {member: options[member] for member in families[deck.id]}
        limits = daily_limits.deck_limits(
            connection,
            deck.id,
            options[deck.id][1],
            today,
            plan,
            done=daily_limits.done_in(done, family),
            subdecks=daily_limits.subdeck_rooms(family, deck.id, today, done),
            subdeck_backlogs=backlog_plans.subdeck_backlogs(
                connection,
                {member: options[member][0] for member in family},
                deck.id,
                today.start,
                plans,
            ),
        )
        counts = daily_limits.queue_counts(connection, deck.id, today.now, limits)
        summary = DeckSummary(
            deck_id=deck.id,
            key=deck.key,
            name=deck.name,
            description=deck.description,
            disclaimer=deck.disclaimer,
            new=counts.new,
            learning=counts.learning,
            due=counts.review,
            total=totals.get(deck.id, 0),
        )
        listed.append((summary, plan, options[deck.id][1].reviews_per_day))
    return listed


def _backlog(
    connection: sqlite3.Connection,
    deck_id: int,
    plan: backlog_plans.BacklogPlan | None,
    day_start: datetime,
    now: datetime,
    *,
    review_limit: int,
) -> BacklogStatus:
    since = plan.since if plan else day_start
    waiting = backlog_plans.waiting_reviews(connection, deck_id, since, now)
    if plan is None:
        return BacklogStatus(waiting=waiting, review_limit=review_limit)
    return BacklogStatus(waiting, plan.days, plan.per_day, review_limit)


def read_deck_list(collection: Path, now: datetime) -> DeckList | None:
    """The deck list straight from the collection file, for the first window.

    None whenever the file cannot simply be read at the current schema (missing, older,
    newer, damaged, locked, not SQLite): the full opening that follows deals with each of
    those and says what happened. Opened read-only, so nothing here can write to the file.
    """
    if not collection.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{collection.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        if revision is None or revision[0] != HEAD:
            return None
        return deck_list(connection, now)
    except (sqlite3.Error, LookupError, ValueError, TypeError):
        return None  # unreadable here; the full opening reports why
    finally:
        connection.close()


class EarlyDeckList:
    """:func:`read_deck_list`, begun at once on a thread of its own, for the first window.

    At 100,000 cards the read takes about 30 ms, nearly all of it inside SQLite, which runs
    without holding Python's lock. Begun before Qt and the window's code load (about 110 ms of
    the start, holding the lock), it is done on the second core by the time the window asks,
    and the first paint comes that much sooner (``python -m bench``'s start-up). Call it for
    the list, as :func:`read_deck_list` would have returned it.
    """

    def __init__(self, collection: Path, now: datetime) -> None:
        self._read: DeckList | None = None
        self._error: Exception | None = None
        self._thread = threading.Thread(
            target=self._run, args=(collection, now), name="first deck list", daemon=True
        )
        self._thread.start()

    def __call__(self) -> DeckList | None:
        """The list read (None as for :func:`read_deck_list`), once the read has ended.

        Raises:
            Exception: Whatever the read raised beyond what it turns into None (a mistake in
                the code): raised here, where the list is wanted, as a read made here would.
        """
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._read

    def _run(self, collection: Path, now: datetime) -> None:
        try:
            self._read = read_deck_list(collection, now)
        except Exception as error:  # handed to the caller, not swallowed
            self._error = error
