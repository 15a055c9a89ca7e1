"""Take quizzes on the real Quiz page with the keyboard only, and check what was stored."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fibrolearn.domain.quiz import QuizKind, QuizQuestion
from fibrolearn.domain.quiz_session import QuizMode
from fibrolearn.services.container import Services
from fibrolearn.ui.quiz_page import QuizPage

RETURN = Qt.Key.Key_Return


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget()
    assert target is not None, "nothing has keyboard focus"
    qtbot.keyClick(target, key, modifier)


def type_text(qtbot, text: str) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClicks(target, text)


@pytest.fixture
def page(qtbot, services: Services) -> Iterator[QuizPage]:
    widget = QuizPage(services)
    qtbot.addWidget(widget)
    widget.resize(820, 640)
    with qtbot.waitExposed(widget):
        widget.show()
    with qtbot.waitActive(widget):
        widget.activateWindow()
    widget.enter()  # what the main window calls when the Quiz place opens
    yield widget


def answer_by_keyboard(qtbot, question: QuizQuestion, *, right: bool) -> None:
    """Answer the question on screen with keys only."""
    if question.kind is QuizKind.TYPED_RECALL:
        type_text(qtbot, question.accepted[0].lower() if right else "nothing like it")
        press(qtbot, RETURN)
    elif question.kind is QuizKind.MATCHING:
        assert isinstance(question.correct, tuple)
        wanted = question.correct if right else tuple(reversed(question.correct))
        for option in wanted:  # a number picks the focused finding's factor and moves down
            press(qtbot, Qt.Key(Qt.Key.Key_1 + option))
        press(qtbot, RETURN)
    elif question.kind is QuizKind.TRUE_FALSE:
        says_true = (question.correct == 0) == right
        press(qtbot, Qt.Key.Key_T if says_true else Qt.Key.Key_F)
    else:
        assert isinstance(question.correct, int)
        index = question.correct if right else (question.correct + 1) % len(question.options)
        press(qtbot, Qt.Key(Qt.Key.Key_A + index))  # letters; numbers are tested below


def test_practice_quiz_by_keyboard(qtbot, page: QuizPage, services: Services, screenshot) -> None:
    setup = page.setup_view
    assert page.stack.currentWidget() is setup
    assert setup.deck.currentText() == "Small deck"
    assert [setup.factors.item(i).text() for i in range(setup.factors.count())] == [
        "Factor A",
        "Factor B",
    ]
    setup.length.setValue(8)  # the small deck has nine different questions
    screenshot(page, "quiz-01-setup")
    press(qtbot, RETURN, Qt.KeyboardModifier.ControlModifier)
    sitting = page.sitting
    assert sitting is not None and sitting.mode is QuizMode.PRACTICE
    assert len(sitting.questions) == 8
    view = page.question_view
    shots = set()
    for position, question in enumerate(sitting.questions):
        assert view.prompt.text() == question.prompt
        if question.kind not in shots:
            shots.add(question.kind)
            screenshot(page, f"quiz-02-question-{question.kind}")
        right = position % 3 != 0  # questions 1, 4 and 7 answered wrongly
        answer_by_keyboard(qtbot, question, right=right)
        assert view.feedback.isVisible(), (position, question.kind, QApplication.focusWidget())
        text = view.feedback.toPlainText()
        assert text.startswith("Right." if right else "Not quite.")
        if not right:
            assert "Right answer:" in text
        if position == 0:
            screenshot(page, "quiz-03-feedback")
        press(qtbot, RETURN)
    assert page.stack.currentWidget() is page.results_view
    screenshot(page, "quiz-04-results")
    [entry] = services.quiz.history()
    assert (entry.correct, entry.total, entry.mode) == (5, 8, QuizMode.PRACTICE)
    stored = services.quiz.result(entry.session_id)
    assert [m.position for m in stored.missed] == [0, 3, 6]
    assert "5 of 8 right (62 %)" in page.results_view.summary.text()

    with qtbot.waitSignal(page.study_cards_requested) as signal:
        press(qtbot, RETURN)  # "Study these cards now" has the focus
    deck_id, card_ids = signal.args
    assert deck_id == 1 and card_ids == list(services.quiz.missed_cards(entry.session_id).card_ids)

    press(qtbot, Qt.Key.Key_Escape)  # back to set-up
    assert page.stack.currentWidget() is setup
    qtbot.keyClick(setup.history_button, Qt.Key.Key_Space)
    assert page.stack.currentWidget() is page.history_view
    assert page.history_view.table.item(0, 3).text() == "5 of 8"
    screenshot(page, "quiz-05-history")
    press(qtbot, RETURN)  # opens the newest quiz's results
    assert page.stack.currentWidget() is page.results_view


def test_test_mode_quiz_by_numbers_gives_feedback_only_at_the_end(
    qtbot, page: QuizPage, services: Services, screenshot
) -> None:
    page.setup_view.test.setChecked(True)
    page.setup_view.length.setValue(5)
    page.setup_view.kinds.item(5).setCheckState(Qt.CheckState.Unchecked)  # no typed recall
    press(qtbot, RETURN, Qt.KeyboardModifier.ControlModifier)
    sitting = page.sitting
    assert sitting is not None and sitting.mode is QuizMode.TEST
    assert QuizKind.TYPED_RECALL not in {q.kind for q in sitting.questions}
    for question in sitting.questions:
        assert not page.question_view.feedback.isVisible()
        if question.kind in (QuizKind.MATCHING, QuizKind.TRUE_FALSE):
            answer_by_keyboard(qtbot, question, right=True)
        else:
            assert isinstance(question.correct, int)
            press(qtbot, Qt.Key(Qt.Key.Key_1 + question.correct))
    assert page.stack.currentWidget() is page.results_view
    [entry] = services.quiz.history()
    assert (entry.correct, entry.total, entry.mode) == (5, 5, QuizMode.TEST)
    assert not page.results_view.study_button.isEnabled()
    screenshot(page, "quiz-06-test-results")


def test_escape_ends_a_quiz_and_counts_the_rest_as_missed(
    qtbot, page: QuizPage, services: Services
) -> None:
    page.setup_view.length.setValue(9)
    press(qtbot, RETURN, Qt.KeyboardModifier.ControlModifier)
    assert page.sitting is not None
    answer_by_keyboard(qtbot, page.sitting.questions[0], right=True)
    press(qtbot, RETURN)
    press(qtbot, Qt.Key.Key_Escape)
    [entry] = services.quiz.history()
    assert (entry.correct, entry.total) == (1, 9)
    assert page.stack.currentWidget() is page.results_view
    page.enter()  # leaving the place and coming back keeps the results on screen
    assert page.stack.currentWidget() is page.results_view


def test_a_choice_the_deck_cannot_serve_is_explained(qtbot, page: QuizPage) -> None:
    setup = page.setup_view
    for row in range(setup.kinds.count()):
        state = Qt.CheckState.Checked if row == 4 else Qt.CheckState.Unchecked  # not-linked
        setup.kinds.item(row).setCheckState(state)
    setup.factors.item(1).setCheckState(Qt.CheckState.Checked)  # only factor B (one fact)
    press(qtbot, RETURN, Qt.KeyboardModifier.ControlModifier)
    assert page.stack.currentWidget() is setup
    assert "no questions for the chosen factors and kinds" in setup.message.text()


def test_matching_by_arrows_on_the_bundled_deck(qtbot, page: QuizPage, services, screenshot):
    from fibrolearn.paths import bundled_dir

    services.decks.load_deck_files(bundled_dir("decks").glob("*.toml"))
    page.open_setup()
    setup = page.setup_view
    setup.deck.setCurrentIndex(setup.deck.findText("Causes of fibromyalgia"))
    for row in range(setup.kinds.count()):
        state = Qt.CheckState.Checked if row == 3 else Qt.CheckState.Unchecked  # matching
        setup.kinds.item(row).setCheckState(state)
    setup.length.setValue(5)
    press(qtbot, RETURN, Qt.KeyboardModifier.ControlModifier)
    assert page.sitting is not None
    question = page.sitting.questions[0]
    assert question.kind is QuizKind.MATCHING and isinstance(question.correct, tuple)
    screenshot(page, "quiz-07-matching")
    for option in question.correct:  # Right moves from "unchosen" to option 1, 2, ...
        for _ in range(option + 1):
            press(qtbot, Qt.Key.Key_Right)
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Left)  # change the last finding's factor...
    press(qtbot, Qt.Key.Key_Right)  # ...and back
    screenshot(page, "quiz-08-matching-answered")
    press(qtbot, RETURN)
    assert page.question_view.feedback.toPlainText().startswith("Right.")


def test_time_limit_ends_the_quiz_and_the_setting_is_a_checkbox(
    qtbot, page: QuizPage, services: Services
) -> None:
    setup = page.setup_view
    assert not setup.bring_forward.isChecked()
    qtbot.keyClick(setup.bring_forward, Qt.Key.Key_Space)
    assert services.quiz.brings_cards_forward()
    setup.minutes.setValue(1)
    press(qtbot, RETURN, Qt.KeyboardModifier.ControlModifier)
    assert page.clock_label.text() == "Time left 1:00"
    assert page.sitting is not None
    asked = len(page.sitting.questions)  # the small deck has nine different questions
    page._deadline = 0.0  # as if the minute had passed
    page._tick()
    assert page.stack.currentWidget() is page.results_view
    [entry] = services.quiz.history()
    assert (entry.correct, entry.total) == (0, asked)
