"""The app left open over the study day's rollover shows the new day's cards."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from ui_driving import press

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.services.container import Services
from fibrolearn.ui.day_turn import DayTurnWatch
from fibrolearn.ui.formatting import long_interval
from fibrolearn.ui.main_window import MainWindow

DUE_COLUMN = 3


def learnt_until_due(services: Services, clock: FixedClock) -> int:
    """Answer every card Easy, then move the clock to the day before the first is due.

    Returns how many are due the day after.
    """
    deck_id = services.decks.list_decks()[0].deck_id
    while (card := services.study.next_card(deck_id)) is not None:
        services.study.answer(card.card_id, Rating.EASY, 5000, shown_state=card.state)
    while services.decks.list_decks()[0].due == 0:
        clock.advance(timedelta(days=1))
    clock.advance(timedelta(days=-1))
    return _due_the_day_after(services, clock)


def _due_the_day_after(services: Services, clock: FixedClock) -> int:
    clock.advance(timedelta(days=1))
    due = services.decks.list_decks()[0].due
    clock.advance(timedelta(days=-1))
    return due


def turn_the_day(window: MainWindow, clock: FixedClock) -> None:
    clock.advance(timedelta(days=1))
    watch = window.findChild(DayTurnWatch)
    assert watch is not None
    watch.check()  # as its timer does every minute


def due_shown(window: MainWindow) -> str:
    return window.deck_list.table.item(0, DUE_COLUMN).text()


def test_the_deck_list_left_open_overnight_shows_the_mornings_reviews(
    qtbot, make_window, services: Services, clock: FixedClock
) -> None:
    due_tomorrow = learnt_until_due(services, clock)
    window = make_window(services)
    assert due_shown(window) == "0"

    turn_the_day(window, clock)
    assert due_shown(window) == str(due_tomorrow)


def test_a_card_shown_over_the_rollover_is_scheduled_as_its_button_says(
    qtbot, make_window, services: Services, clock: FixedClock
) -> None:
    """Found in review: the Good button kept yesterday's time, the answer got today's."""
    learnt_until_due(services, clock)
    clock.advance(timedelta(days=1))
    window = make_window(services)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Space)
    good = window.study.rating_buttons[Rating.GOOD]
    shown_yesterday = good.accessibleName()

    turn_the_day(window, clock)
    deck_id = services.decks.list_decks()[0].deck_id
    scheduled = services.study.next_card(deck_id).intervals[Rating.GOOD]  # the card shown
    assert good.accessibleName() == f"Good: again in {long_interval(scheduled)}"
    assert good.accessibleName() != shown_yesterday
