"""True retention counts reviews of due cards only, as Anki's does.

A review card studied before its day ("Study this factor" on the mastery map, the cards of a
missed quiz question) is an early answer: it is logged and counted as an answer, but passing
it says nothing about remembering at the interval FSRS chose. Old logs are marked on upgrade.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from test_review_tally import assert_tally_matches_log, collection_path

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import CardState, Rating
from fibrolearn.domain.study import StudySet
from fibrolearn.scheduling.study_day import StudyDay
from fibrolearn.services import study
from fibrolearn.services.container import Services
from fibrolearn.services.study_day import study_day_of
from fibrolearn.storage.migrate import open_collection


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def retention(services: Services) -> tuple[int, int]:
    """(passed, of all) over the last year's months."""
    months = services.progress.overview().retention
    return sum(m.passed for m in months), sum(m.total for m in months)


def test_a_review_studied_before_its_day_is_not_counted_in_true_retention(
    services: Services, clock: FixedClock, utc: None
) -> None:
    deck = services.decks.list_decks()[0].deck_id
    card = services.study.next_card(deck)
    assert card is not None
    services.study.answer(card.card_id, Rating.EASY, 1000, shown_state=card.state)
    clock.advance(timedelta(days=1))  # due days from now: studied through its factor
    focus = StudySet(deck, (card.card_id,), "Pain processing")
    shown, _ = services.study.next_in_set_and_counts(focus, services.study.newest_answer_id())
    assert shown is not None and shown.state.state == CardState.REVIEW
    services.study.answer(shown.card_id, Rating.GOOD, 1000, shown_state=shown.state)
    assert retention(services) == (0, 0)
    assert services.progress.overview().today.reviews == 1  # still an answer of the day

    while (shown := services.study.next_card(deck)) is None or shown.card_id != card.card_id:
        clock.advance(timedelta(days=1))  # until the card is due
    services.study.answer(shown.card_id, Rating.GOOD, 1000, shown_state=shown.state)
    assert retention(services) == (1, 1)
    assert_tally_matches_log(collection_path(services))


_ROW = (
    "INSERT INTO reviews (external_card, reviewed_at, rating, duration_ms, before_state,"
    " before_due, before_reps, before_lapses, after_state, after_due, imported)"
    " VALUES ('outside', ?, 3, 1000, ?, ?, 3, 0, 2, '2026-02-01 00:00:00.000000', ?)"
)


def test_the_upgrade_marks_earlier_answers_given_before_their_cards_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, utc: None
) -> None:
    monkeypatch.setenv("TZ", "Asia/Kathmandu")  # UTC+05:45
    time.tzset()
    path = tmp_path / "c.sqlite3"
    open_collection(path, tmp_path / "backups", target="0016_note_live_cards").close()
    answered = "2026-01-05 10:00:00.000000"  # study day 5 January: until 18:15 UTC (midnight)
    rows = [  # (before_state, before_due, imported), early?
        ((2, "2026-01-08 10:00:00.000000", 0), True),  # three days ahead
        ((2, "2026-01-05 18:15:00.000000", 0), True),  # the next study day's first moment
        ((2, "2026-01-05 18:14:00.000000", 0), False),  # due later the same study day
        ((2, "2026-01-01 10:00:00.000000", 0), False),  # overdue
        ((1, "2026-01-08 10:00:00.000000", 0), False),  # a learning card
        ((2, "2026-01-08 10:00:00.000000", 1), False),  # imported: not known
    ]
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO settings (key, value) VALUES ('day_rollover_hour', '0')")
        connection.executemany(_ROW, [(answered, *row) for row, _ in rows])
    connection.close()

    open_collection(path, tmp_path / "backups").close()
    with sqlite3.connect(path) as connection:
        early = [bool(e) for (e,) in connection.execute("SELECT early FROM reviews ORDER BY id")]
        counted = connection.execute("SELECT review_cards FROM review_tally").fetchall()
    connection.close()
    assert early == [expected for _, expected in rows]
    assert counted == [(3,)]  # the same-day, overdue and imported review answers
    assert_tally_matches_log(path)


def test_an_answer_reads_the_study_day_once(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its scheduler holds the study day: the answer asks it whether the card was early,
    rather than reading the setting a second time within the answer's write."""
    reads: list[sqlite3.Connection] = []

    def read(connection: sqlite3.Connection) -> StudyDay:
        reads.append(connection)
        return study_day_of(connection)

    deck = services.decks.list_decks()[0].deck_id
    card = services.study.next_card(deck)
    assert card is not None
    services.study.answer(card.card_id, Rating.EASY, 1000, shown_state=card.state)
    clock.advance(timedelta(days=60))
    card = services.study.card(card.card_id)
    assert card.state.state == CardState.REVIEW  # a review: was it early?
    monkeypatch.setattr(study, "study_day_of", read)

    services.study.answer(card.card_id, Rating.GOOD, 1000, shown_state=card.state)

    assert len(reads) == 1
