"""A past quiz whose stored questions were damaged: its results are refused with the calm
words every damage gets, not a report of a crash."""

from __future__ import annotations

import sqlite3

import pytest
from collection_driving import full_window, routed_notice
from PySide6.QtCore import Qt
from ui_driving import settled

from deckdata import quiz_deck_text
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.quiz_session import QuizSetup
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.quiz_page import QuizPage

DECK = 1


@pytest.fixture
def deck_text() -> str:
    """A deck with enough findings for a quiz."""
    return quiz_deck_text()


def test_a_past_quiz_whose_questions_were_damaged_is_told_as_damage(
    qtbot, services: Services, paths: AppPaths, clock: FixedClock, monkeypatch, screenshot
) -> None:
    sitting = services.quiz.start(QuizSetup(DECK, length=5, seed=7))
    services.quiz.finish(sitting.session_id)  # its questions stored with its answers
    # A failing disk changes a letter of a key the stored questions all have.
    with sqlite3.connect(paths.collection) as connection:
        changed = "replace(question, 'prompt', 'prmpt')"
        connection.execute(f"UPDATE quiz_answers SET question = {changed}")
    connection.close()
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    notice = routed_notice(window, monkeypatch, paths)

    window.show_place("quiz")
    quiz = window.places["quiz"].widget
    assert isinstance(quiz, QuizPage)
    quiz.show_history()
    assert quiz.history_view.table.hasFocus() and quiz.history_view.table.rowCount() == 1
    qtbot.keyClick(quiz.history_view.table, Qt.Key.Key_Return)  # open its results

    qtbot.waitUntil(lambda: notice.box is not None)
    assert notice.box.text().startswith("Part of your collection is damaged and cannot be read")
    assert "quiz question's prompt is not one (None)" in notice.box.detailedText()
    assert quiz.stack.currentWidget() is quiz.history_view  # still the list, nothing half-shown
    screenshot(settled(window), "damaged-past-quiz")
    screenshot(notice.box, "damaged-past-quiz-message")
    notice.box.close()
    tasks.wait()
