"""read_deck_list: the decks straight from the file, or None when only a full opening can tell."""

from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from deckdata import small_deck_text
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import CardState, Rating
from fibrolearn.domain.gentle import BacklogStatus
from fibrolearn.paths import AppPaths
from fibrolearn.services import backlog_plans
from fibrolearn.services import deck_list as deck_list_module
from fibrolearn.services.container import Services
from fibrolearn.services.deck_list import EarlyDeckList, read_deck_list
from fibrolearn.services.study_day import study_day_of
from fibrolearn.storage import plain_reads, stored_options, todays_log
from fibrolearn.storage.migrate import open_collection


def test_reads_the_same_list_the_services_show(services: Services, paths: AppPaths, clock):
    deck_id = services.decks.list_decks()[0].deck_id
    card = services.study.next_card(deck_id)
    services.study.answer(card.card_id, Rating.GOOD, 1500, shown_state=card.state)
    expected = services.decks.list_decks()
    # No deck has a plan: each backlog is the reviews waiting from before today.
    backlogs = {
        d.deck_id: BacklogStatus(
            services.gentle.spreadable(d.deck_id),
            review_limit=services.decks.options(d.deck_id).reviews_per_day,
        )
        for d in expected
    }

    read = read_deck_list(paths.collection, clock.now())

    assert read is not None
    assert read.decks == expected
    assert read.backlogs == backlogs
    assert services.decks.deck_list() == read  # what the deck list shows once open


def test_a_file_that_needs_the_full_opening_gives_none(tmp_path: Path, clock: FixedClock):
    now = clock.now()
    assert read_deck_list(tmp_path / "missing.sqlite3", now) is None

    not_sqlite = tmp_path / "text.sqlite3"
    not_sqlite.write_text("hello")
    assert read_deck_list(not_sqlite, now) is None

    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE things (id INTEGER)")
    connection.close()
    assert read_deck_list(foreign, now) is None

    older = tmp_path / "older.sqlite3"
    open_collection(older, tmp_path / "backups", target="0005_interop").close()
    assert read_deck_list(older, now) is None


def test_the_early_read_gives_the_same_list_read_on_a_thread_of_its_own(
    services: Services, paths: AppPaths, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = read_deck_list(paths.collection, clock.now())
    read_on: list[str] = []

    def watched(collection: Path, now):
        read_on.append(threading.current_thread().name)
        return read_deck_list(collection, now)

    monkeypatch.setattr(deck_list_module, "read_deck_list", watched)
    early = EarlyDeckList(paths.collection, clock.now())

    assert early() == expected
    assert expected is not None
    assert read_on == ["first deck list"], "read once, off the caller's thread"
    assert EarlyDeckList(paths.collection.with_name("missing.sqlite3"), clock.now())() is None


def test_a_mistake_in_the_early_read_is_raised_where_the_list_is_wanted(
    paths: AppPaths, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def mistaken(_collection: Path, _now):
        raise RuntimeError("a mistake in the code")

    monkeypatch.setattr(deck_list_module, "read_deck_list", mistaken)
    early = EarlyDeckList(paths.collection, clock.now())

    with pytest.raises(RuntimeError, match="a mistake in the code"):
        early()


def test_reading_never_writes(services: Services, paths: AppPaths, clock: FixedClock):
    services.close()
    before = paths.collection.read_bytes()
    assert read_deck_list(paths.collection, clock.now()) is not None
    assert paths.collection.read_bytes() == before


def test_todays_answers_counted_for_all_decks_at_once_match_each_deck(
    services: Services, tmp_path: Path, clock: FixedClock
) -> None:
    second = tmp_path / "second.toml"
    second.write_text(
        small_deck_text().replace('id = "small"', 'id = "second"').replace("Small", "Second")
    )
    services.decks.load_deck_files([second])
    decks = services.decks.list_decks()
    assert len(decks) == 2
    for deck, answers in zip(decks, (3, 1), strict=True):
        for _ in range(answers):
            card = services.study.next_card(deck.deck_id)
            services.study.answer(card.card_id, Rating.GOOD, 900, shown_state=card.state)

    with services.database.read() as session:
        connection = plain_reads.connection_of(session)
        start = study_day_of(connection).start(clock.now())
        together = todays_log.answered_today(connection, start, notes=False).done
        one_by_one = {d.deck_id: todays_log.done_today(connection, d.deck_id, start) for d in decks}

    assert together == one_by_one
    assert sorted(done.total for done in together.values()) == [1, 3]


def test_a_decks_options_read_alone_are_those_the_services_keep(
    services: Services, paths: AppPaths
):
    deck_id = services.decks.list_decks()[0].deck_id
    before = services.decks.options(deck_id)
    with sqlite3.connect(paths.collection) as connection:
        assert stored_options.deck_options(connection, deck_id) == before
    changed = before._replace(
        new_per_day=7,
        reviews_per_day=70,
        desired_retention=0.85,
        learning_steps=(timedelta(minutes=2), timedelta(hours=3)),
        relearning_steps=(timedelta(minutes=15),),
    )
    services.decks.set_options(deck_id, changed)

    with sqlite3.connect(paths.collection) as connection:  # remembered options are not kept
        assert stored_options.deck_options(connection, deck_id) == changed
        with pytest.raises(LookupError, match="no deck with id 999999"):
            stored_options.deck_options(connection, 999999)


def test_waiting_reviews_are_counted_without_reading_the_new_cards(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    """Found timing start-up at 100,000 cards: counting each deck's waiting reviews for the
    deck list counted all its new cards too (6 of the first list's 22 ms)."""
    deck_id = services.decks.list_decks()[0].deck_id
    now = clock.now()
    later = {"review": int(CardState.REVIEW), "due": plain_reads.db_time(now + timedelta(days=9))}

    def counted(connection: sqlite3.Connection) -> tuple[int, int]:
        """The waiting reviews, and how many steps SQLite took to count them."""
        steps = 0

        def step() -> int:
            nonlocal steps
            steps += 1
            return 0  # go on

        connection.set_progress_handler(step, 1)
        try:
            return backlog_plans.waiting_reviews(connection, deck_id, now, now), steps
        finally:
            connection.set_progress_handler(None, 1)

    with sqlite3.connect(paths.collection) as connection:
        # One review due later in both counts: each search ends on it, none waits.
        connection.execute(
            "UPDATE cards SET state = :review, due = :due WHERE id = (SELECT min(id) FROM cards)",
            later,
        )
        with_new_cards = counted(connection)
        connection.execute("UPDATE cards SET state = :review, due = :due", later)
        without = counted(connection)

    assert with_new_cards == without
    assert without[0] == 0
