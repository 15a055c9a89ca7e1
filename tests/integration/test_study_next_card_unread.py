"""The next card cannot be read (the disk, damage): the answered card does not stay on screen."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import pytest
from test_study_card_changes_elsewhere import View, revealed, reviews_of

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.services.container import Services


@dataclass
class StuckView(View):
    stuck: int = 0

    def show_stuck(self) -> None:
        self.stuck += 1


def failing_next(
    services: Services, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> list[Exception]:
    """Make the next card's read raise ``error`` until the returned list is emptied."""
    failures = [error]
    read = services.study.next_card_and_counts

    def next_card_and_counts(deck_id: int):  # type: ignore[no-untyped-def]
        if failures:
            raise failures[0]
        return read(deck_id)

    monkeypatch.setattr(services.study, "next_card_and_counts", next_card_and_counts)
    return failures


def test_a_disk_gone_after_the_answer_stops_study_until_tried_again(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = StuckView()
    _, session = revealed(services, clock, view)
    answered = session.card.card_id
    failures = failing_next(services, monkeypatch, sqlite3.OperationalError("disk I/O error"))

    with pytest.raises(sqlite3.OperationalError):  # the window's hook says what happened
        session.rate(Rating.GOOD)
    assert reviews_of(services, answered) == 1  # saved before the read failed
    assert session.stuck and session.card is None and view.stuck == 1
    session.rate(Rating.GOOD)  # a key meant for the card that went: nothing happens
    session.reveal()
    assert reviews_of(services, answered) == 1 and view.stuck == 1

    with pytest.raises(sqlite3.OperationalError):  # tried again while the disk is still gone
        session.try_again()
    failures.clear()  # the disk is back
    session.try_again()
    assert not session.stuck and session.card is not None and view.card is session.card
    assert session.answered == 1


def test_a_failure_of_the_code_leaves_the_card_where_it_was(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = StuckView()
    _, session = revealed(services, clock, view)
    failing_next(services, monkeypatch, KeyError("a mistake of ours"))

    with pytest.raises(KeyError):
        session.rate(Rating.GOOD)
    assert not session.stuck and view.stuck == 0 and session.card is not None
