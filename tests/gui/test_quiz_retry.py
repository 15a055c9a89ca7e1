"""The questions a quiz got wrong, asked again from its results with the keyboard only."""

from __future__ import annotations

import test_quiz_page
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_quiz_page import RETURN, answer_by_keyboard, press
from ui_driving import ALT

from fibrolearn.services.container import Services
from fibrolearn.ui.quiz_page import QuizPage

# The fixtures: the Quiz page, shown, on the small deck.
page = test_quiz_page.page
deck_text = test_quiz_page.deck_text
double_text = test_quiz_page.double_text  # text at 200 % for one test


def test_retry_asks_again_only_the_questions_answered_wrongly(
    qtbot, page: QuizPage, services: Services, screenshot
) -> None:
    page.setup_view.length.setValue(6)
    press(qtbot, RETURN, Qt.KeyboardModifier.ControlModifier)
    first = page.sitting
    assert first is not None
    wrongly = [0, 3]
    for position, question in enumerate(first.questions):
        answer_by_keyboard(qtbot, question, right=position not in wrongly)
        press(qtbot, RETURN)
    results = page.results_view
    assert page.stack.currentWidget() is results
    assert results.retry_button.isEnabled()
    screenshot(page, "quiz-retry-01-results")
    press(qtbot, Qt.Key.Key_R, ALT)  # "Retry missed" (a mnemonic clicks after a beat)
    qtbot.waitUntil(lambda: page.sitting is not None)
    again = page.sitting
    assert again is not None and again.session_id != first.session_id
    assert [q.prompt for q in again.questions] == [first.questions[i].prompt for i in wrongly]
    view = page.question_view
    assert page.stack.currentWidget() is view
    assert view.progress.text() == "Question 1 of 2"
    assert QApplication.focusWidget() in (view.options, view.typed, view.matching)
    screenshot(page, "quiz-retry-02-question")
    for question in again.questions:
        answer_by_keyboard(qtbot, question, right=True)
        press(qtbot, RETURN)
    assert page.stack.currentWidget() is results
    assert results.summary.text().startswith("<h2>2 of 2 right")
    assert not results.retry_button.isEnabled()  # nothing left to get right
    assert services.quiz.result(first.session_id).correct == 4


def test_at_large_text_the_results_buttons_wrap_in_a_small_window(
    qtbot, page: QuizPage, double_text, screenshot
) -> None:
    page.resize(600, 420)
    page.setup_view.length.setValue(5)
    press(qtbot, RETURN, Qt.KeyboardModifier.ControlModifier)
    assert page.sitting is not None
    for question in page.sitting.questions:
        answer_by_keyboard(qtbot, question, right=False)
        press(qtbot, RETURN)
    results = page.results_view
    assert page.stack.currentWidget() is results
    QApplication.processEvents()
    screenshot(page, "quiz-200-small-window-results")
    assert page.width() == 600  # four buttons in a row made the window wider
    buttons = (results.history_button, results.new_button, results.retry_button)
    for button in (*buttons, results.study_button):
        assert button.visibleRegion().boundingRect() == button.rect()  # none cut off
