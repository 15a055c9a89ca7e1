"""A deck without a knowledge model, imported from CSV, quizzed with the keyboard only."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from collection_driving import full_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_quiz_page import RETURN, answer_by_keyboard, type_text
from ui_driving import ALT, CTRL, press

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.quiz import QuizKind
from fibrolearn.domain.quiz_session import QuizSetup
from fibrolearn.interop.values import ImportOptions
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.quiz_page import QuizPage
from fibrolearn.ui.shortcuts_help import QUIZ_KEYS

CAPITALS = (
    "France\tParis\nSpain\tMadrid\nItaly\tRome\nNorway\tOslo\nPeru\tLima\n"
    "Kenya\tNairobi\nJapan\tTokyo\nThe {{c1::Danube}} flows through Vienna\t\n"
)


@pytest.fixture
def quiz_place(
    qtbot, services: Services, paths: AppPaths, clock: FixedClock, tmp_path: Path
) -> Iterator[Callable[[str], QuizPage]]:
    """Opens the app with a CSV deck "Capitals" of the text given, Quiz on screen."""
    runners = []

    def opened(text: str) -> QuizPage:
        path = tmp_path / "Capitals.csv"
        path.write_text(text, encoding="utf-8")
        services.importer.run(path, ImportOptions(deck="Capitals"))
        window, tasks, _keeper = full_window(qtbot, paths, clock, services)
        runners.append(tasks)
        return on_capitals(qtbot, window)

    yield opened
    for tasks in runners:
        tasks.wait()


def on_capitals(qtbot, window: MainWindow) -> QuizPage:
    press(qtbot, Qt.Key.Key_4, CTRL)  # Quiz
    page = window.places["quiz"].widget
    assert isinstance(page, QuizPage)
    setup = page.setup_view
    for _ in range(setup.deck.count()):
        if setup.deck.currentText() == "Capitals":
            break
        press(qtbot, Qt.Key.Key_Down)  # the deck list has the focus
    assert setup.deck.currentText() == "Capitals"  # offered, though it has no knowledge model
    return page


def test_an_imported_deck_is_quizzed_by_keyboard_to_its_results(
    qtbot, quiz_place, services: Services, screenshot
) -> None:
    page = quiz_place(CAPITALS)
    setup = page.setup_view
    assert not setup.factor_box.isVisible() and setup.notes_note.isVisible()
    assert "8 notes to ask" in setup.notes_note.text()
    assert setup.deck.accessibleDescription() == setup.notes_note.text()  # heard on the deck
    kinds = [setup.kinds.item(row).text() for row in range(setup.kinds.count())]
    assert kinds == [
        "Multiple choice",
        "Type the answer",
        "Match questions with answers",
        "True or false",
    ]
    assert setup.start_button.isEnabled() and not setup.message.isVisible()
    screenshot(page.window(), "quiz-any-deck-01-setup")
    press(qtbot, RETURN, CTRL)
    sitting = page.sitting
    assert sitting is not None and len(sitting.questions) >= 5
    view = page.question_view
    for position, question in enumerate(sitting.questions):
        assert view.prompt.text() == question.prompt
        assert QApplication.focusWidget() in (view.options, view.typed, view.matching)
        screenshot(page.window(), f"quiz-any-deck-02-{position}-{question.kind}")
        answer_by_keyboard(qtbot, question, right=position != 0)
        assert view.feedback.isVisible()
        press(qtbot, RETURN)
    assert page.stack.currentWidget() is page.results_view
    screenshot(page.window(), "quiz-any-deck-03-results")
    total = len(sitting.questions)
    assert f"{total - 1} of {total} right" in page.results_view.summary.text()
    assert page.results_view.retry_button.isEnabled()
    assert not page.results_view.per_factor.isVisible()  # a deck's notes have no factors
    [entry] = services.quiz.history()
    assert entry.deck_name == "Capitals"


def test_a_deck_too_small_says_how_many_notes_it_has_and_needs(
    qtbot, quiz_place, screenshot
) -> None:
    page = quiz_place("France\tParis\nSpain\tMadrid\n")
    setup = page.setup_view
    assert not setup.start_button.isEnabled()
    assert setup.message.isVisible()
    assert "this deck has 2 notes a quiz can ask about" in setup.message.text()
    assert "at least 5" in setup.message.text()
    screenshot(page.window(), "quiz-any-deck-too-small")
    press(qtbot, Qt.Key.Key_Down)  # on to the knowledge deck: its factors again
    assert setup.deck.currentText() == "Small deck"
    assert setup.factor_box.isVisible() and setup.start_button.isEnabled()
    assert setup.deck.accessibleDescription() == ""
    assert setup.kinds.item(0).text() != "Multiple choice"
    assert QuizKind.CHOICE not in (setup.setup() or setup).kinds  # type: ignore[union-attr]


ANIMALS = "perro\tdog; hound\ngato\tcat\ncaballo\thorse\nvaca\tcow\npato\tduck\n"


def test_one_listed_alternative_typed_is_right_and_the_whole_answer_shown(
    qtbot, quiz_place, screenshot
) -> None:
    page = quiz_place(ANIMALS)
    deck_id = page.setup_view.selected_deck()
    assert deck_id is not None
    page.start(QuizSetup(deck_id, length=5, seed=1, kinds=(QuizKind.TYPED_RECALL,)))
    sitting = page.sitting
    assert sitting is not None
    view = page.question_view
    while view.prompt.text() != "perro":
        type_text(qtbot, "no idea")
        press(qtbot, RETURN)
        press(qtbot, RETURN)
    type_text(qtbot, "hound")
    press(qtbot, RETURN)
    shown = view.feedback.toPlainText()
    screenshot(page.window(), "quiz-alternatives-whole-answer")
    assert "Right." in shown and "The whole answer: dog; hound" in shown
    assert page._announcer.last == "Right. The whole answer: dog; hound."
    assert view.next_button.hasFocus()
    press(qtbot, Qt.Key.Key_Return)


def test_a_typed_answer_marked_wrong_is_counted_right_with_alt_i(
    qtbot, quiz_place, services: Services, screenshot
) -> None:
    page = quiz_place(ANIMALS)
    deck_id = page.setup_view.selected_deck()
    assert deck_id is not None
    page.start(QuizSetup(deck_id, length=5, seed=1, kinds=(QuizKind.TYPED_RECALL,)))
    view, button = page.question_view, page.overrule
    assert not button.isVisible()
    type_text(qtbot, "perro")  # never an answer here: a question side
    press(qtbot, RETURN)
    assert "Not quite." in view.feedback.toPlainText() and button.isVisible()
    assert button.accessibleDescription().startswith("Alt+I")
    assert ("Alt+I", "After a typed answer marked wrong: count it right (“I was right”)") in (
        QUIZ_KEYS
    )  # listed in Help's keys
    screenshot(page.window(), "quiz-i-was-right-offered")
    press(qtbot, Qt.Key.Key_Backtab)  # reached from "Next question", before it
    assert button.hasFocus()
    press(qtbot, Qt.Key.Key_Backtab)
    assert view.feedback.hasFocus()
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    assert view.next_button.hasFocus()
    press(qtbot, Qt.Key.Key_I, ALT)
    qtbot.waitUntil(lambda: not button.isVisible())  # a mnemonic clicks after a beat
    shown = view.feedback.toPlainText()
    assert "Right." in shown and "Counted as right, as you said." in shown
    assert "The card's answer: cow" in shown
    assert view.next_button.hasFocus()
    assert view.announcer.last == "Counted as right, as you said."
    screenshot(page.window(), "quiz-i-was-right-counted")
    press(qtbot, RETURN)  # on to the next question: nothing to overrule yet
    assert not button.isVisible()
    sitting = page.sitting
    assert sitting is not None
    type_text(qtbot, sitting.questions[1].accepted[0])
    press(qtbot, RETURN)
    assert "Right." in view.feedback.toPlainText() and not button.isVisible()
    assert services.quiz.finish(sitting.session_id).correct == 2
