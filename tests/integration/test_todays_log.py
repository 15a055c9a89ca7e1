"""A deck's answers today are read from its own cards when it has fewer than the day's answers.

At 610 decks and 5,000 answers today, each study step of a small deck walked them all to count
the few in it (about 30 ms). Both ways must count the same; SQLite's work, not a clock, shows
which way was taken.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from test_deck_counts_siblings import DAY_START, NOW, Built

from fibrolearn.services import daily_limits
from fibrolearn.storage import plain_reads, todays_log

# Forty decks, the first with a subdeck; about half of every deck's cards answered today.
DECKS = {"Deck 0": (20, 200), "Deck 0::Part": (20, 200)} | {
    f"Deck {at}": (20, 200) for at in range(1, 40)
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return Built(tmp_path_factory.mktemp("log") / "collection.sqlite3", DECKS, seed=5, today=0.5)


def _steps(path: Path, read: Callable[[sqlite3.Connection], object]) -> tuple[int, object]:
    """SQLite's steps (in hundreds) taken by ``read``, and what it read."""
    with sqlite3.connect(path) as connection:
        taken = [0]

        def step() -> int:
            taken[0] += 1
            return 0

        connection.set_progress_handler(step, 100)
        found = read(connection)
        return taken[0], found


def _whole_day(connection: sqlite3.Connection) -> object:
    return todays_log.answered_today(connection, DAY_START, notes=False)


def test_each_deck_s_answers_today_are_those_of_the_whole_day_s_count(built: Built) -> None:
    with sqlite3.connect(built.path) as connection:
        every = todays_log.answered_today(connection, DAY_START, notes=False).done
        for deck_id in range(1, len(DECKS) + 1):
            family = plain_reads.deck_and_subdecks(connection, deck_id)
            alone = todays_log.done_today(connection, deck_id, DAY_START)
            by_deck = todays_log.done_today_by_deck(connection, DAY_START, family)

            assert by_deck == {deck: every[deck] for deck in family if deck in every}
            assert alone == daily_limits.done_in(every, family)
        assert len(every) == len(DECKS)  # answers today in every deck
        whole_day = todays_log.done_today_by_deck(connection, DAY_START, range(1, 100))
    assert whole_day == every  # more cards than answers: the day's answers walked


def _whole_day_steps(built: Built) -> int:
    """SQLite's steps (in hundreds) to count every deck's answers today."""

    def every_deck(connection: sqlite3.Connection) -> object:
        return todays_log.answered_today(connection, DAY_START, notes=False)

    return _steps(built.path, every_deck)[0]


def test_a_small_deck_s_answers_today_cost_a_small_share_of_the_day_s(built: Built) -> None:
    one_deck, _ = _steps(
        built.path, lambda connection: todays_log.done_today(connection, 5, DAY_START)
    )

    assert one_deck < _whole_day_steps(built) / 5


def test_a_deck_with_a_subdeck_reads_its_limits_without_the_whole_day(built: Built) -> None:
    limits_read, limits = _steps(
        built.path, lambda connection: daily_limits.today_limits(connection, 1, NOW)
    )

    assert limits_read < _whole_day_steps(built) / 3
    assert [room.deck_id for room in limits.subdecks] == [2]  # type: ignore[attr-defined]
