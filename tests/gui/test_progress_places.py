"""The Quiz and Progress places in the real main window, reached and used by keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fibrolearn.services.container import Services
from fibrolearn.ui.progress_page import ProgressPage
from fibrolearn.ui.progress_places import add_places
from fibrolearn.ui.quiz_page import QuizPage
from fibrolearn.ui.tasks import TaskRunner


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget()
    assert target is not None, "nothing has keyboard focus"
    qtbot.keyClick(target, key, modifier)


def test_places_join_the_window_and_route_study_and_quiz_requests(
    qtbot, make_window, services: Services, screenshot
) -> None:
    window = make_window(services)
    tasks = TaskRunner()
    add_places(window, services, tasks)
    add_places(window, services, tasks)  # the collection opened again: no second tab
    assert list(window.places)[-2:] == ["quiz", "progress"]

    press(qtbot, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    progress = window.places["progress"].widget
    assert isinstance(progress, ProgressPage) and window.current_place() == "progress"
    qtbot.waitUntil(lambda: progress.charts_drawn)
    screenshot(window, "places-01-progress")

    progress.mastery.map_view.setFocus()
    qtbot.keyClick(progress.mastery.map_view, Qt.Key.Key_Right)  # factor B
    qtbot.keyClick(progress.mastery.map_view, Qt.Key.Key_Q)
    quiz = window.places["quiz"].widget
    assert isinstance(quiz, QuizPage) and window.current_place() == "quiz"
    ticked = [
        quiz.setup_view.factors.item(i).text()
        for i in range(quiz.setup_view.factors.count())
        if quiz.setup_view.factors.item(i).checkState() == Qt.CheckState.Checked
    ]
    assert ticked == ["Factor B"]
    screenshot(window, "places-02-quiz-on-factor-b")

    press(qtbot, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    progress.mastery.map_view.setFocus()
    qtbot.keyClick(progress.mastery.map_view, Qt.Key.Key_S)  # study factor B (still focused)
    assert window.current_place() == "study"
    session = window.study.session
    assert session is not None and session.card is not None
    factor_b = services.focus.factor_cards(1, "b")
    assert session.focus == factor_b and session.card.card_id in factor_b.card_ids
    assert window.study.title.text() == "<b>Small deck: Factor B</b>"  # only these cards
    tasks.wait()
