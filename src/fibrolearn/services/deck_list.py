"""The deck list: every deck with today's counts and any backlog of waiting reviews.

Plain reads only (see ``storage.plain_reads``): DeckService calls these on its session's
connection, and ``read_deck_list`` calls them on a read-only connection of
its own so the first window can show the decks before SQLAlchemy has even loaded.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from fibrolearn.domain.deck_tree import capped_totals, deck_families, deck_parents
from fibrolearn.domain.decks import DeckOptions, DeckSummary, QueueCounts
from fibrolearn.domain.gentle import BacklogStatus
from fibrolearn.scheduling.queue import LEARN_AHEAD
from fibrolearn.services import backlog_plans, daily_limits
from fibrolearn.storage import deck_counts, plain_reads, todays_log
from fibrolearn.storage.schema_revisions import HEAD
from fibrolearn.storage.stored_options import options_of


class DeckList(NamedTuple):
    """What the deck list shows: the decks, and each deck's waiting backlog."""

    decks: list[DeckSummary]
    backlogs: dict[int, BacklogStatus]


def deck_summaries(connection: sqlite3.Connection, now: datetime) -> list[DeckSummary]:
    """Every deck with today's new, learning and due counts."""
    today = daily_limits.study_today(connection, now)
    return [listed.summary for listed in _summaries(connection, today)]


def deck_list(connection: sqlite3.Connection, now: datetime) -> DeckList:
    """The whole deck list, read in one go: the study day and each deck's plan read once."""
    today = daily_limits.study_today(connection, now)
    listed = _summaries(connection, today)
    waiting = deck_counts.waiting_by_deck(connection, now=now, before=today.start)
    planned = {deck.summary.deck_id for deck in listed if deck.plan is not None}
    backlogs = {}
    for deck in listed:
        deck_id, plan, limit = deck.summary.deck_id, deck.plan, deck.review_limit
        before = today.start if plan is None else plan.since  # a plan: since it began
        if planned.intersection(deck.family[1:]):  # not what a subdeck's plan spreads
            waits = backlog_plans.spreadable(connection, deck_id, before, now)
        elif plan is None:
            waits = sum(waiting.get(member, 0) for member in deck.family)
        else:
            waits = backlog_plans.waiting_reviews(connection, deck_id, plan.since, now)
        if plan is None:
            backlogs[deck_id] = BacklogStatus(waiting=waits, review_limit=limit)
        else:
            backlogs[deck_id] = BacklogStatus(waits, plan.days, plan.per_day, limit)
    return DeckList([deck.summary for deck in listed], backlogs)


class _Listed(NamedTuple):
    """A deck's summary, with the backlog plan its counts followed and its review limit."""

    summary: DeckSummary
    plan: backlog_plans.BacklogPlan | None
    review_limit: int
    family: list[int]  # the deck and its subdecks


def _summaries(connection: sqlite3.Connection, today: daily_limits.StudyToday) -> list[_Listed]:
    """Each deck's summary, its backlog plan, review limit and subdecks."""
    totals = plain_reads.card_totals(connection)
    rows = plain_reads.deck_rows(connection)
    names = {deck.id: deck.name for deck in rows}
    options = _options_by_deck(rows)
    families = deck_families(names)
    plans = backlog_plans.backlog_plans(connection, names, today.now)
    counts = _counts(connection, today, names, options, families)
    listed = []
    for deck in rows:
        family = families[deck.id]
        if plans.keys() & family:  # a backlog plan's rules are read as studying the deck does
            limits = daily_limits.today_limits(connection, deck.id, today.now, today)
            counts[deck.id] = daily_limits.queue_counts(connection, deck.id, today.now, limits)
        summary = DeckSummary(
            deck_id=deck.id,
            key=deck.key,
            name=deck.name,
            description=deck.description,
            disclaimer=deck.disclaimer,
            new=counts[deck.id].new,
            learning=counts[deck.id].learning,
            due=counts[deck.id].review,
            total=totals.get(deck.id, 0),
        )
        listed.append(
            _Listed(summary, plans.get(deck.id), options[deck.id].reviews_per_day, family)
        )
    return listed


def _options_by_deck(rows: list[plain_reads.DeckRow]) -> dict[int, DeckOptions]:
    """Each deck's options, those stored alike (most decks' are) made once.

    Alike as written: the repr tells a stored 20 from 20.0, which ``options_of`` refuses.
    """
    made: dict[str, DeckOptions] = {}
    options = {}
    for deck in rows:
        stored = repr(deck[5:])  # the option columns
        if stored not in made:
            made[stored] = options_of(deck)
        options[deck.id] = made[stored]
    return options


def _counts(
    connection: sqlite3.Connection,
    today: daily_limits.StudyToday,
    names: Mapping[int, str],
    options: Mapping[int, DeckOptions],
    families: Mapping[int, list[int]],
) -> dict[int, QueueCounts]:
    """Every deck's counts, as ``daily_limits.queue_counts`` has them without backlog plans.

    In one pass, not deck by deck: each deck's room (its limits, after today's answers in it
    and its subdecks) and own cards are read once, and a deck's counts are summed from its
    own and its subdecks' (``capped_totals``), as studying it brings them.
    """
    # Today's answered notes are listed with the answers when the decks' new cards could ask
    # more than there are answers (see sizes_by_deck). The limits and raises bound that (a
    # low day's energy only lowers them); listed or not, sizes_by_deck counts the same.
    most = sum(options[deck].new_per_day + today.extra.new.get(deck, 0) for deck in families)
    notes = deck_counts.fewer_answers_than(connection, today.start, most)
    answered = todays_log.answered_today(connection, today.start, notes=notes)
    done = answered.done
    rooms = {
        deck: daily_limits.allowance(options[deck], today, daily_limits.done_in(done, family), deck)
        for deck, family in families.items()
    }
    own = deck_counts.sizes_by_deck(
        connection,
        {deck: plain_reads.QueueSizes(room.new, 0, room.reviews) for deck, room in rooms.items()},
        now=today.now,
        reviews_before=today.end,
        day_start=today.start,
        answered_notes=answered.notes,
    )
    learning = deck_counts.learning_by_deck(
        connection,
        now=today.now,
        learning_until=today.now + LEARN_AHEAD,
        day_start=today.start,
        day_end=today.end,
    )
    children: dict[int, list[int]] = {}
    for deck, parent in deck_parents(names).items():
        if parent is not None:
            children.setdefault(parent, []).append(deck)

    new_room = {deck: room.new for deck, room in rooms.items()}
    review_room = {deck: room.reviews for deck, room in rooms.items()}
    new = capped_totals(children, new_room, {deck: found.new for deck, found in own.items()})
    review = capped_totals(
        children, review_room, {deck: sizes.review for deck, sizes in own.items()}
    )
    return {
        deck: QueueCounts(new[deck], sum(learning.get(m, 0) for m in family), review[deck])
        for deck, family in families.items()
    }


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
