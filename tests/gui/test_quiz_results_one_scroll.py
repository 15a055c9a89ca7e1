"""Quiz results at 200 % text in an 800×600 window: one page that scrolls, read by keyboard.

The per-factor table (three rows in sight) and "To look at again" each scrolled inside the
page, which scrolled as well: three scroll areas, one in another.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication
from test_quiz_layout_large_text import BUNDLED, answer_wrongly, open_quiz, quiz_window
from ui_driving import CTRL, press, settled

from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.quiz_page import QuizPage

__all__ = ["quiz_window"]  # the fixture, used by name


def finish_a_quiz_wrongly(qtbot, window: MainWindow, scale: int) -> QuizPage:
    quiz = open_quiz(window, scale, (800, 600))
    setup = quiz.setup_view
    setup.deck.setCurrentIndex(setup.deck.findText(BUNDLED))
    setup.length.setValue(5)
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert quiz.sitting is not None
    for question in quiz.sitting.questions:
        answer_wrongly(qtbot, quiz.question_view, question.kind, question.correct)
        press(qtbot, Qt.Key.Key_Return)
    settled(window)
    assert quiz.stack.currentWidget() is quiz.results_view
    return quiz


def scrolls_itself(view: QAbstractScrollArea) -> bool:
    return view.verticalScrollBar().maximum() > 0


@pytest.mark.parametrize("scale", [100, 200])
def test_the_results_scroll_as_one_page_following_the_keyboard(
    qtbot, quiz_window: MainWindow, scale: int, screenshot
) -> None:
    quiz = finish_a_quiz_wrongly(qtbot, quiz_window, scale)
    results = quiz.results_view
    page = quiz.scroll.verticalScrollBar()
    screenshot(quiz_window, f"quiz-results-one-scroll-{scale}")
    assert results.per_factor.rowCount() >= 3
    assert not scrolls_itself(results.per_factor)
    assert not scrolls_itself(results.missed)
    table = results.per_factor
    assert table.viewport().height() >= table.rowViewportPosition(table.rowCount() - 1) + (
        table.rowHeight(table.rowCount() - 1)
    )  # every row in the table, none hidden under its edge
    if scale == 100:
        return
    assert page.maximum() > 0  # only the page scrolls
    # The missed questions have the focus, from their start; the keys read on through them.
    assert QApplication.focusWidget() is results.missed
    top = results.missed.mapTo(quiz.stack, results.missed.rect().topLeft()).y()
    assert page.value() <= top < page.value() + quiz.scroll.viewport().height()
    before = page.value()
    press(qtbot, Qt.Key.Key_Down)
    assert page.value() > before
    for _ in range(100):
        press(qtbot, Qt.Key.Key_PageDown)
    assert page.value() == page.maximum()
    # Back to the table: the page follows the focus there, and its rows as they are moved to.
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is table
    press(qtbot, Qt.Key.Key_End, CTRL)
    last = table.visualRect(table.model().index(table.rowCount() - 1, 0))
    shown = table.viewport().mapTo(quiz.scroll.viewport(), last.center())
    assert quiz.scroll.viewport().rect().contains(shown)
