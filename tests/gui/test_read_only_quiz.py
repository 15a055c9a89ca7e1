"""A quiz asked for on a read-only collection says why it cannot start, where it was asked."""

from __future__ import annotations

import pytest
from collection_driving import full_window, routed_notice
from PySide6.QtCore import Qt
from ui_driving import CTRL, press

from deckdata import quiz_deck_text
from fibrolearn import cli
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.quiz import QuizKind
from fibrolearn.domain.quiz_session import QuizSetup
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.quiz_page import QuizPage
from fibrolearn.ui.storage_errors import StorageErrorNotice
from fibrolearn.ui.tasks import TaskRunner


@pytest.fixture
def deck_text() -> str:
    """A deck with enough findings for a quiz."""
    return quiz_deck_text()


def quiz_read_only(
    qtbot, services: Services, paths: AppPaths, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> tuple[MainWindow, TaskRunner, StorageErrorNotice, QuizPage]:
    """The app on ``services``' collection opened read-only, Quiz on screen.

    Returns the window, its worker, its storage-error notice and the Quiz page.
    """
    services.close()
    monkeypatch.setattr(cli, "folder_writable", lambda _folder: False)  # root ignores chmod
    window, tasks, _keeper = full_window(qtbot, paths, clock, cli.open_services(paths))
    notice = routed_notice(window, monkeypatch, paths)
    press(qtbot, Qt.Key.Key_4, CTRL)  # Quiz
    quiz = window.places["quiz"].widget
    assert isinstance(quiz, QuizPage)
    return window, tasks, notice, quiz


def test_start_quiz_on_a_read_only_folder_says_why_on_the_set_up_screen(
    qtbot,
    services: Services,
    paths: AppPaths,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    screenshot,
) -> None:
    """Found in an accessibility review: Start quiz opened a box saying "your last action was
    not saved", which did not say that no quiz could be taken, nor why."""
    window, tasks, notice, quiz = quiz_read_only(qtbot, services, paths, clock, monkeypatch)
    press(qtbot, Qt.Key.Key_Return, CTRL)  # start with the choices as they are

    assert notice.box is None
    assert quiz.sitting is None and quiz.stack.currentWidget() is quiz.setup_view
    message = quiz.setup_view.message
    assert message.isVisible()
    assert message.text() == (
        "The quiz could not start: FibroLearn cannot write to its data folder, and a quiz "
        "keeps each answer as you give it. Make the data folder writable, then choose Try again."
    )
    assert quiz.setup_view.announcer.last == message.text()
    assert quiz.setup_view.isAncestorOf(window.focusWidget())  # still where the learner was
    screenshot(window, "read-only-quiz")
    tasks.wait()


def test_retry_missed_on_a_read_only_folder_says_why_beside_the_results(
    qtbot,
    services: Services,
    paths: AppPaths,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sitting = services.quiz.start(QuizSetup(1, length=5, seed=1, kinds=(QuizKind.TRUE_FALSE,)))
    question = sitting.questions[0]
    assert isinstance(question.correct, int)
    services.quiz.answer(sitting.session_id, 0, 1 - question.correct)  # a past quiz, missed
    services.quiz.finish(sitting.session_id)
    _window, tasks, notice, quiz = quiz_read_only(qtbot, services, paths, clock, monkeypatch)
    quiz.show_history()
    press(qtbot, Qt.Key.Key_Return)  # the past quiz's results
    results = quiz.results_view
    assert quiz.stack.currentWidget() is results
    results.retry_button.click()

    assert notice.box is None
    assert quiz.sitting is None and quiz.stack.currentWidget() is results
    assert results.message.isVisible()
    assert results.message.text().startswith("The quiz could not start: FibroLearn cannot write")
    tasks.wait()
