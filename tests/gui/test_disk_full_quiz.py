"""A disk that fills during a quiz: leaving it still leaves it, and nothing is lost."""

from __future__ import annotations

import sqlite3

import pytest
from collection_driving import full_window, routed_notice
from PySide6.QtCore import Qt
from ui_driving import CTRL, press, settled

from deckdata import quiz_deck_text
from driver_faults import disk_full, failing_writes, faulty_connections
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.quiz_page import QuizPage

DISK_FULL = failing_writes(("INSERT", "UPDATE", "DELETE"), disk_full)


@pytest.fixture
def deck_text() -> str:
    """A deck with enough findings for a quiz."""
    return quiz_deck_text()


def quizzes_kept(paths: AppPaths) -> int:
    with sqlite3.connect(paths.collection) as connection:
        return connection.execute("SELECT count(*) FROM quiz_sessions").fetchone()[0]


def test_esc_leaves_a_quiz_before_any_answer_on_a_full_disk(
    qtbot,
    services: Services,
    paths: AppPaths,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    screenshot,
) -> None:
    """Found in a bug hunt: the quiz was dropped before the disk refused to forget it, so Esc
    said "your last action was not saved" and left its question on screen, answering nothing."""
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    notice = routed_notice(window, monkeypatch)
    press(qtbot, Qt.Key.Key_4, CTRL)  # Quiz
    quiz = window.places["quiz"].widget
    assert isinstance(quiz, QuizPage) and quiz.stack.currentWidget() is quiz.setup_view
    press(qtbot, Qt.Key.Key_Return, CTRL)  # start with the choices as they are
    assert quiz.sitting is not None and quiz.stack.currentWidget() is quiz.question_view

    with faulty_connections(services.database.engine, DISK_FULL):
        press(qtbot, Qt.Key.Key_Escape)
        assert notice.box is None  # nothing of the learner's was lost: nothing to say
        assert quiz.sitting is None and quiz.stack.currentWidget() is quiz.setup_view
        assert quiz.setup_view.isAncestorOf(window.focusWidget())
        assert quiz._announcer.last == "Quiz left before any answer; it is not kept."
        screenshot(settled(window), "disk-full-quiz-left")
    assert quizzes_kept(paths) == 1  # the disk kept it: empty, and in no list

    QuizPage(services)  # the next start drops it
    assert quizzes_kept(paths) == 0
    tasks.wait()
