"""Card info's numbers: on a hand-made history, on the real learner's log, and on 5,000 answers."""

from __future__ import annotations

import csv
import sqlite3
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from fibrolearn.domain.card_info import EntryKind
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import CardState, Certainty, Rating
from fibrolearn.domain.study import MAX_ANSWER_MS
from fibrolearn.paths import AppPaths
from fibrolearn.services.card_resets import ForgetChoices
from fibrolearn.services.container import Services
from fibrolearn.storage.plain_reads import db_time

REAL_LOG = Path("/work/shared/data/review-logs/py-fsrs-josh-2024.csv")
MINUTE, DAY = timedelta(minutes=1), timedelta(days=1)


def answer(services: Services, card_id: int, rating: Rating, duration_ms: int) -> None:
    card = services.study.card(card_id)
    services.study.answer(card_id, rating, duration_ms, shown_state=card.state)


def first_card(services: Services) -> int:
    card = services.study.next_card(services.decks.list_decks()[0].deck_id)
    assert card is not None
    return card.card_id


def logged(paths: AppPaths, card_id: int) -> list[tuple[float, float, str]]:
    """The card's answers as the file holds them: stability, difficulty, due after."""
    with sqlite3.connect(paths.collection) as connection:
        return connection.execute(
            "SELECT after_stability, after_difficulty, after_due FROM reviews"
            " WHERE card_id = ? ORDER BY reviewed_at",
            (card_id,),
        ).fetchall()


def test_a_hand_made_history_learn_early_review_lapse_relearn_and_forget(
    services: Services, clock: FixedClock, paths: AppPaths
) -> None:
    start = clock.now()  # the fixture's start, when the deck was loaded
    card = first_card(services)  # note n1, which teaches fact A1
    steps = [  # (time after the first answer, rating, milliseconds)
        (timedelta(0), Rating.AGAIN, 4000),  # new: learnt from step 0, again in a minute
        (10 * MINUTE, Rating.GOOD, 6000),  # learning: the 10-minute step
        (DAY, Rating.GOOD, 5000),  # learning: graduates to review
    ]
    for after, rating, ms in steps:
        clock.set(start + after)
        answer(services, card, rating, ms)
    due = services.card_info.card_info(card).memory.due
    clock.set(due - DAY)  # the day before it is due: an early review
    answer(services, card, Rating.GOOD, 3000)
    clock.set(services.card_info.card_info(card).memory.due + timedelta(hours=1))
    answer(services, card, Rating.AGAIN, 9000)  # due: a lapse, into relearning
    clock.advance(10 * MINUTE)
    answer(services, card, Rating.GOOD, 2000)  # relearning
    clock.advance(MINUTE)
    forgotten_at = clock.now()
    services.notes.forget([card], ForgetChoices())
    clock.advance(MINUTE)
    answer(services, card, Rating.GOOD, 1000)  # new again: learnt anew
    last = clock.now()
    clock.advance(5 * MINUTE)

    info = services.card_info.card_info(card)

    assert [e.kind for e in info.history] == [
        EntryKind.LEARN,
        EntryKind.LEARN,
        EntryKind.LEARN,
        EntryKind.EARLY,
        EntryKind.REVIEW,
        EntryKind.RELEARN,
        EntryKind.RESET,
        EntryKind.LEARN,
    ]
    ratings = [Rating.AGAIN, Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.AGAIN, Rating.GOOD]
    assert [e.rating for e in info.history] == [*ratings, None, Rating.GOOD]
    assert info.history[6].at == forgotten_at and info.history[6].stability is None
    assert info.history[0].at == start and info.history[0].interval == MINUTE
    assert [e.duration_ms for e in info.answers] == [4000, 6000, 5000, 3000, 9000, 2000, 1000]
    assert info.first_answer == start and info.latest_answer == last
    assert info.total_ms == 30_000
    assert info.average_ms == pytest.approx(30_000 / 7)
    # After each answer, as logged: stability, difficulty, and the time until due again.
    assert [
        (e.stability, e.difficulty, db_time(e.at + e.interval)) for e in info.answers
    ] == logged(paths, card)
    # Forget keeps the counts (its default, as Anki's): seven answers, one lapse.
    assert (info.memory.reps, info.memory.lapses) == (7, 1)
    assert info.memory.state == CardState.LEARNING
    assert info.due_in_days == 0  # learning again: due later today
    assert info.interval == info.memory.due - last
    assert info.recall_now == services.study.recall_insight(card).recall_now
    assert 0 < info.recall_now < 1
    assert info.deck_name == services.decks.list_decks()[0].name
    assert (info.note_kind, info.note_type, info.added) == ("basic", None, start)
    assert [(f.key, f.certainty) for f in info.facts] == [("A1", Certainty.CONSENSUS)]
    assert info.facts[0].claim == "Alpha is linked to factor A."
    with sqlite3.connect(paths.collection) as connection:
        note_id = connection.execute("SELECT note_id FROM cards WHERE id = ?", (card,)).fetchone()
    assert (info.card_id, info.note_id) == (card, note_id[0])


def test_a_card_in_review_is_due_in_study_days_with_its_memory_as_anki_shows_it(
    services: Services, clock: FixedClock
) -> None:
    start, card = clock.now(), first_card(services)
    for after in (timedelta(0), 10 * MINUTE, DAY):
        clock.set(start + after)
        answer(services, card, Rating.GOOD, 1000)
    info = services.card_info.card_info(card)
    assert info.memory.state == CardState.REVIEW
    clock.advance(timedelta(hours=2))  # later the same study day: as many days to go

    later = services.card_info.card_info(card)

    assert later.interval == info.interval == timedelta(days=later.interval.days)
    assert later.due_in_days == later.interval.days > 0
    assert later.recall_now is not None and info.recall_now is not None
    assert later.recall_now < info.recall_now


def test_a_card_never_answered_has_no_history_nor_memory(services: Services) -> None:
    card = first_card(services)

    info = services.card_info.card_info(card)

    assert info.history == () and info.answers == ()
    assert info.first_answer is None and info.latest_answer is None
    assert info.average_ms is None and info.total_ms == 0
    assert (info.due_in_days, info.recall_now, info.interval) == (None, None, None)
    assert (info.memory.reps, info.memory.lapses) == (0, 0)


def test_a_card_deleted_is_not_found(services: Services, paths: AppPaths) -> None:
    card = first_card(services)
    with sqlite3.connect(paths.collection) as connection:
        connection.execute("PRAGMA foreign_keys = ON")
        note = connection.execute("SELECT note_id FROM cards WHERE id = ?", (card,)).fetchone()[0]
        connection.execute("DELETE FROM notes WHERE id = ?", (note,))

    with pytest.raises(LookupError):
        services.card_info.card_info(card)


def test_a_card_replayed_from_the_real_learners_log(
    services: Services, clock: FixedClock, paths: AppPaths
) -> None:
    with REAL_LOG.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    busiest, _count = Counter(row["card_id"] for row in rows).most_common(1)[0]
    answers = [row for row in rows if row["card_id"] == busiest]
    card = first_card(services)
    for row in answers:
        clock.set(datetime.fromisoformat(row["review_time"]))
        answer(services, card, Rating(int(row["review_rating"])), int(row["review_duration"]))

    info = services.card_info.card_info(card)

    assert len(info.history) == len(answers) == info.memory.reps
    assert [e.at for e in info.history] == [
        datetime.fromisoformat(row["review_time"]) for row in answers
    ]
    assert [int(e.rating) for e in info.history] == [int(r["review_rating"]) for r in answers]
    durations = [min(int(row["review_duration"]), MAX_ANSWER_MS) for row in answers]
    assert info.total_ms == sum(durations)
    # Lapses: the card's own count agrees with the review answers rated Again in its history.
    forgotten = [e for e in info.history if e.kind is EntryKind.REVIEW and e.rating is Rating.AGAIN]
    assert info.memory.lapses == len(forgotten) > 0
    assert info.history[-1].stability == info.memory.stability
    assert info.history[-1].difficulty == info.memory.difficulty
    assert [(e.stability, e.difficulty) for e in info.history] == [
        (s, d) for s, d, _due in logged(paths, card)
    ]


def test_five_thousand_answers_are_read_whole(
    services: Services, clock: FixedClock, paths: AppPaths
) -> None:
    start, card = clock.now(), first_card(services)
    moments = [start - timedelta(hours=5000 - n) for n in range(5000)]
    with sqlite3.connect(paths.collection) as connection:
        connection.executemany(
            "INSERT INTO reviews (card_id, reviewed_at, rating, duration_ms, before_state,"
            " before_due, before_reps, before_lapses, after_state, after_stability,"
            " after_difficulty, after_due, imported, early)"
            " VALUES (?, ?, 3, 2000, 2, ?, 0, 0, 2, 10.0, 5.0, ?, 0, 0)",
            [(card, db_time(at), db_time(at), db_time(at + timedelta(days=10))) for at in moments],
        )

    info = services.card_info.card_info(card)

    assert len(info.history) == 5000
    assert {e.kind for e in info.history} == {EntryKind.REVIEW}
    assert info.total_ms == 10_000_000 and info.average_ms == 2000
    assert (info.first_answer, info.latest_answer) == (moments[0], moments[-1])
    assert info.history[0].interval == timedelta(days=10)
