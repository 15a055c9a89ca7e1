"""The Quiz place after a review: its messages, the feedback's question, Enter on its buttons."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from fibrolearn.domain.quiz import QuizKind
from fibrolearn.domain.quiz_session import QuizMode, QuizSetup
from fibrolearn.services.container import Services
from fibrolearn.ui.quiz_page import QuizPage

RETURN = Qt.Key.Key_Return


@pytest.fixture
def page(qtbot, services: Services) -> Iterator[QuizPage]:
    widget = QuizPage(services)
    qtbot.addWidget(widget)
    widget.resize(820, 640)
    with qtbot.waitExposed(widget):
        widget.show()
    with qtbot.waitActive(widget):
        widget.activateWindow()
    widget.enter()
    yield widget


def quiz(services: Services, mode: QuizMode = QuizMode.PRACTICE) -> QuizSetup:
    deck_id = services.decks.list_decks()[0].deck_id
    return QuizSetup(deck_id=deck_id, length=5, mode=mode, kinds=(QuizKind.TRUE_FALSE,))


def enter_on(qtbot, button: QPushButton) -> None:
    button.setFocus()
    assert QApplication.focusWidget() is button
    qtbot.keyClick(button, RETURN)


def test_the_no_deck_message_goes_once_there_are_decks(page: QuizPage) -> None:
    setup = page.setup_view
    decks = [(setup.selected_deck(), setup.deck.currentText())]
    setup.set_decks([])
    assert setup.message.isVisible() and not setup.start_button.isEnabled()
    setup.set_decks(decks)
    assert setup.start_button.isEnabled()
    assert not setup.message.isVisible() and setup.message.text() == ""
    setup.set_decks([])
    assert setup.announcer.last == setup.message.text()  # said, not only shown


def test_why_a_quiz_could_not_start_is_said(qtbot, page: QuizPage) -> None:
    setup = page.setup_view
    for row in range(setup.kinds.count()):
        state = Qt.CheckState.Checked if row == 4 else Qt.CheckState.Unchecked  # not-linked
        setup.kinds.item(row).setCheckState(state)
    setup.factors.item(1).setCheckState(Qt.CheckState.Checked)  # only factor B (one fact)
    qtbot.keyClick(setup.deck, RETURN, Qt.KeyboardModifier.ControlModifier)
    assert setup.announcer.last.startswith("The quiz could not start: ")
    assert setup.announcer.last == setup.message.text() and setup.message.isVisible()


def test_the_feedback_starts_with_the_question_it_answers(qtbot, page: QuizPage) -> None:
    page.start(quiz(page.services))
    question = page.sitting.questions[0]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_T)
    lines = page.question_view.feedback.toPlainText().splitlines()
    assert lines[0] == f"Question: {question.prompt}"
    assert lines[1] in ("Right.", "Not quite.")


def test_study_these_cards_says_what_it_does(page: QuizPage) -> None:
    description = page.results_view.study_button.accessibleDescription()
    assert "study session of just the flashcards" in description
    assert "front" not in description and "changes no card's schedule" in description


def test_enter_presses_the_focused_button_of_every_button_bar(
    qtbot, page: QuizPage, services: Services
) -> None:
    setup, results, history = page.setup_view, page.results_view, page.history_view
    enter_on(qtbot, setup.history_button)  # "Past quizzes"
    assert page.stack.currentWidget() is history
    enter_on(qtbot, history.button_bar.findChild(QPushButton))  # "Back"
    assert page.stack.currentWidget() is setup

    page.start(quiz(services, QuizMode.TEST))
    for _ in page.sitting.questions:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_T)
    assert page.stack.currentWidget() is results
    enter_on(qtbot, results.history_button)  # "Past quizzes"
    assert page.stack.currentWidget() is history
    qtbot.keyClick(history.table, RETURN)  # the quiz's results again
    assert page.stack.currentWidget() is results
    enter_on(qtbot, results.new_button)  # "New quiz"
    assert page.stack.currentWidget() is setup
