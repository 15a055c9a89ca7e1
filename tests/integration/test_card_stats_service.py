"""Progress's card statistics and answers by hour, on hand-made cards and the real log."""

from __future__ import annotations

import csv
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from card_memories import HAND_COUNTED, NOW, log_answers, set_memory
from fibrolearn.domain.card_statistics import HourActivity, best_hour
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import CardState
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.storage.damaged_data import StoredValueError

REAL_LOG = Path("/work/shared/data/review-logs/py-fsrs-josh-2024.csv")


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_cards_spread_by_interval_stability_difficulty_and_retrievability(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    clock.set(NOW)
    # Recall falls to 90 % when as many days have gone by as the stability: sooner, above it.
    set_memory(paths, 0, CardState.REVIEW, 10, 1, answered_days_ago=9, due_in_days=21)
    set_memory(paths, 1, CardState.REVIEW, 400, 10, answered_days_ago=0, due_in_days=400)
    set_memory(paths, 2, CardState.LEARNING, 0.2, 5.5, answered_days_ago=1000, due_in_days=0)
    set_memory(
        paths, 3, CardState.RELEARNING, 1, 3.25, answered_days_ago=0.5, due_in_days=1, suspended=1
    )
    set_memory(paths, 4, CardState.REVIEW, 3, 2, answered_days_ago=1, due_in_days=2, retired=1)

    spreads = services.card_stats.spreads()

    # Days: under 1, 1, 2-3, 4-7, 8-14, 15-30, 31-90, 91-180, 181-365, over a year.
    assert spreads.intervals.counts == (0, 0, 0, 0, 0, 1, 0, 0, 0, 1)  # 30 and 400 days
    assert spreads.stability.counts == (1, 1, 0, 0, 1, 0, 0, 0, 0, 1)  # 0.2, 1, 10, 400
    # Difficulty 1-10 as 0-100 %: 0 %, 100 %, 50 %, 25 %.
    assert spreads.difficulty.counts == (1, 0, 1, 0, 0, 1, 0, 0, 0, 1)
    # After 1000 days, (1 + 0.9805 x 1000 / 0.2) ** -0.1542 = 27 % (FSRS-6's default decay);
    # the three others above 90 %.
    assert spreads.retrievability.counts == (0, 0, 1, 0, 0, 0, 0, 0, 0, 3)
    assert spreads.stability.total == 4


def test_a_damaged_stability_is_named_as_damage_not_an_unexpected_error(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    clock.set(NOW)
    set_memory(paths, 0, CardState.REVIEW, 0, 5, answered_days_ago=1, due_in_days=1)

    # Named as damage, the window says what to do (Check and Repair), not a ZeroDivisionError.
    with pytest.raises(StoredValueError, match="stability") as raised:
        services.card_stats.spreads()
    assert services.storage_problem(raised.value) is not None


def test_cards_of_one_deck_leave_the_other_decks_cards_out(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    clock.set(NOW)
    set_memory(paths, 0, CardState.REVIEW, 10, 1, answered_days_ago=9, due_in_days=21)
    deck_id, name = services.card_stats.deck_names()[0]
    assert name == services.decks.list_decks()[0].name

    assert services.card_stats.spreads(deck_id).intervals.total == 1
    assert services.card_stats.spreads(deck_id + 1000).intervals.total == 0


def test_nothing_studied_spreads_nothing_and_names_no_best_hour(services: Services) -> None:
    spreads = services.card_stats.spreads()
    assert spreads.retrievability.total == 0
    hours = services.card_stats.hours()
    assert [h.hour for h in hours] == list(range(24))
    assert best_hour(hours) is None


def test_answers_by_hour_of_the_real_learners_log(
    services: Services, paths: AppPaths, clock: FixedClock, zone: None
) -> None:
    services.revlog.import_csv(REAL_LOG)
    clock.set(datetime(2025, 1, 1, 12, 0).astimezone())
    with REAL_LOG.open(encoding="utf-8") as handle:
        expected = Counter(
            datetime.fromisoformat(row["review_time"]).astimezone().hour
            for row in csv.DictReader(handle)
        )

    hours = services.card_stats.hours()

    assert {h.hour: h.reviews for h in hours if h.reviews} == dict(expected)
    assert sum(h.reviews for h in hours) == services.progress.overview().total_reviews
    with sqlite3.connect(paths.collection) as connection:
        remembered = connection.execute(
            "SELECT CAST(strftime('%H', reviewed_at) AS INTEGER), count(*), sum(rating > 1)"
            " FROM reviews WHERE before_state = ? AND early = 0 GROUP BY 1",
            (int(CardState.REVIEW),),
        ).fetchall()
    assert remembered  # the log has reviews of learnt cards
    assert {h.hour: (h.review_cards, h.review_passed) for h in hours if h.review_cards} == {
        hour: (total, passed) for hour, total, passed in remembered
    }


def test_answers_by_hour_follow_the_local_time_and_not_the_rollover(
    services: Services, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Asia/Kolkata")  # UTC+05:30: a half-hour offset
    time.tzset()
    try:
        log = tmp_path / "log.csv"
        log.write_text(
            "card_id,review_rating,review_time,review_duration\n"
            "900,3,2026-03-01T04:40:00+00:00,1000\n"  # 10:10 local
            "900,3,2026-03-01T05:20:00+00:00,1000\n"  # 10:50 local
            "900,1,2026-03-01T22:00:00+00:00,1000\n",  # 03:30 local, before the rollover
            encoding="utf-8",
        )
        services.revlog.import_csv(log)
        clock.set(NOW)
        hours = services.card_stats.hours()
    finally:
        monkeypatch.undo()
        time.tzset()

    assert [(h.hour, h.reviews) for h in hours if h.reviews] == [(3, 1), (10, 2)]


def test_the_best_hour_needs_enough_reviews_and_the_highest_share_remembered() -> None:
    hours = [
        HourActivity(8, 100, 40, 30),  # 75 %
        HourActivity(10, 100, 40, 36),  # 90 %
        HourActivity(22, 10, 5, 5),  # 100 %, but too few to tell
    ]
    assert best_hour(hours) == hours[1]


def test_a_search_narrows_the_spreads_to_the_cards_it_finds(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    """As Anki's statistics take a search besides a deck or the collection: here, the cards
    Browse's search finds (the same language), within the deck chosen."""
    clock.set(NOW)
    set_memory(paths, 0, CardState.REVIEW, 10, 1, answered_days_ago=9, due_in_days=21)
    set_memory(paths, 1, CardState.REVIEW, 400, 10, answered_days_ago=0, due_in_days=400)
    set_memory(paths, 2, CardState.REVIEW, 3, 5, answered_days_ago=1, due_in_days=2, suspended=1)
    stats, parse = services.card_stats, services.browse.parse
    deck_id, name = stats.deck_names()[0]

    assert stats.spreads(search=parse("is:suspended")).stability.counts == (
        0, 0, 1, 0, 0, 0, 0, 0, 0, 0,
    )  # fmt: skip
    assert stats.spreads(search=parse("-is:suspended prop:ivl>=100")).intervals.total == 1
    assert stats.spreads(deck_id, parse(f'deck:"{name}" -is:suspended')).stability.total == 2
    assert stats.spreads(deck_id + 1000, parse("-is:suspended")).stability.total == 0
    assert stats.spreads(search=parse("nothingfindsthisword")).stability.total == 0
    assert stats.spreads(search=parse("  ")).stability.total == 3  # no terms: every card


def test_a_search_or_a_deck_narrows_the_answers_by_hour_too(
    services: Services, paths: AppPaths, clock: FixedClock, zone: None
) -> None:
    """Found in review: a search narrowed every chart of More statistics but answers by hour,
    which still counted the whole log. Hand-counted, on three cards and one answer of history
    about a card the collection does not have."""
    clock.set(NOW)
    set_memory(paths, 2, CardState.REVIEW, 3, 5, answered_days_ago=1, due_in_days=2, suspended=1)
    log_answers(paths, HAND_COUNTED)
    stats, parse = services.card_stats, services.browse.parse
    deck_id = stats.deck_names()[0][0]

    def by_hour(hours: tuple[HourActivity, ...]) -> dict[int, tuple[int, int, int]]:
        """Hour: (answers, answers to due review cards, of those remembered)."""
        return {h.hour: (h.reviews, h.review_cards, h.review_passed) for h in hours if h.reviews}

    # The whole log, its outside card's answer too.
    assert by_hour(stats.hours()) == {8: (3, 3, 2), 14: (2, 2, 2), 20: (1, 0, 0)}
    assert by_hour(stats.hours(deck_id)) == {8: (2, 2, 1), 14: (2, 2, 2), 20: (1, 0, 0)}
    assert by_hour(stats.hours(search=parse("is:suspended"))) == {14: (2, 2, 2)}
    assert by_hour(stats.hours(search=parse("-is:suspended"))) == {8: (2, 2, 1), 20: (1, 0, 0)}
    assert by_hour(stats.hours(deck_id + 1000, parse("-is:suspended"))) == {}
    assert by_hour(stats.hours(search=parse("nothingfindsthisword"))) == {}
    spreads, hours = stats.charts(deck_id, parse("is:suspended"))  # as the page reads both
    assert (spreads.stability.total, by_hour(hours)) == (1, {14: (2, 2, 2)})
