"""A disk that fills during a quiz: leaving it still leaves it, and nothing is lost."""

from __future__ import annotations

import sqlite3

import pytest
from collection_driving import full_window, routed_notice
from PySide6.QtCore import Qt
from ui_driving import CTRL, back_to, press, settled

from deckdata import quiz_deck_text
from driver_faults import disk_full, failing_writes, faulty_connections
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.quiz import QuizKind
from fibrolearn.domain.quiz_session import QuizMode, QuizSetup
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


def test_a_quiz_whose_end_could_not_be_saved_offers_to_see_the_results_again(
    qtbot,
    services: Services,
    paths: AppPaths,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Found in a bug hunt: the disk filling as a test quiz's last answer ended it left that
    question on screen, to be answered again; every answer then met "an error it did not
    expect" (question 6 of 5), and only Esc could end the quiz."""
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    notice = routed_notice(window, monkeypatch, paths)
    press(qtbot, Qt.Key.Key_4, CTRL)
    quiz = window.places["quiz"].widget
    assert isinstance(quiz, QuizPage)
    deck_id = services.decks.list_decks()[0].deck_id
    quiz.start(QuizSetup(deck_id, length=5, mode=QuizMode.TEST, kinds=(QuizKind.TRUE_FALSE,)))
    assert quiz.sitting is not None
    asked = len(quiz.sitting.questions)
    view = quiz.question_view
    ending = failing_writes(("UPDATE QUIZ_SESSIONS SET FINISHED_AT",), disk_full)
    with faulty_connections(services.database.engine, ending):
        for _question in quiz.sitting.questions:
            press(qtbot, Qt.Key.Key_T)  # every answer saved; the end is not
        assert notice.box is not None and notice.box.windowTitle() == "Not saved"
        assert quiz.stack.currentWidget() is view
        assert not view.options.isEnabled()  # nothing more to answer
        assert view.next_button.isVisible() and view.next_button.text() == "See your &results"
        notice.box.accept()
        back_to(qtbot, window)
        assert window.focusWidget() is view.next_button
        press(qtbot, Qt.Key.Key_T)
        assert notice.box is None  # no error it did not expect
    press(qtbot, Qt.Key.Key_Return)  # room again: "See your results"
    assert quiz.stack.currentWidget() is quiz.results_view
    [entry] = services.quiz.history()
    assert entry.total == asked  # every answer kept
    tasks.wait()
