"""The end of a session while a card being learnt comes back later the same day."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from ui_driving import press, settled

from fibrolearn.services.container import Services


def test_a_session_says_when_a_card_it_is_still_learning_comes_back(
    qtbot, make_window, services: Services, screenshot
) -> None:
    """Found in a bug hunt: with a learning step of 30 minutes (Anki's decks often have one of
    an hour), a card answered Again was due again that afternoon, but the session ended
    "All done for today" and said nothing of it, so the learner closed the app for the day."""
    deck_id = services.decks.list_decks()[0].deck_id
    steps = (timedelta(minutes=30),)
    services.decks.set_options(
        deck_id, services.decks.options(deck_id)._replace(learning_steps=steps)
    )
    window = make_window(services)
    press(qtbot, Qt.Key.Key_Return)
    for rating in (Qt.Key.Key_1, Qt.Key.Key_4, Qt.Key.Key_4):  # one card of each note
        press(qtbot, Qt.Key.Key_Space)
        press(qtbot, rating)
    study = window.study
    assert study.stack.currentIndex() == 1  # over: the card comes back after learn-ahead
    summary = study.summary_label.text()
    screenshot(settled(window), "study-learning-later")
    assert "All done for today" not in summary
    assert "The next card you are still learning comes back in 30 minutes" in summary
    assert "comes back in 30 minutes" in study.announcer.last
