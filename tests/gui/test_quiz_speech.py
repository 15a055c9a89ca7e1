"""What a screen reader hears of a quiz where focus does not move: changes are announced."""

from __future__ import annotations

import test_quiz_page
from PySide6.QtCore import Qt
from test_quiz_page import press, start_matching_on_the_bundled_deck

from fibrolearn.services.container import Services
from fibrolearn.ui.quiz_page import QuizPage

# The fixtures: the Quiz page, shown, on the small deck.
page = test_quiz_page.page
deck_text = test_quiz_page.deck_text


def test_choosing_a_findings_factor_says_the_choice(
    qtbot, page: QuizPage, services: Services
) -> None:
    """Found in a bug hunt: Left and Right changed the focused finding's factor on screen
    only; focus stays on the finding, so a screen reader said nothing of the new choice."""
    question = start_matching_on_the_bundled_deck(qtbot, page, services)
    matching = page.question_view.matching
    first, second = question.items[:2]
    press(qtbot, Qt.Key.Key_Right)
    assert matching.announcer.last == f"{first}: matched with 1. {question.options[0]}"
    press(qtbot, Qt.Key.Key_Left)
    last = len(question.options)
    assert matching.announcer.last == f"{first}: matched with {last}. {question.options[-1]}"
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_2)  # a number chooses, and moves on to the next finding
    assert matching.announcer.last == f"{second}: matched with 2. {question.options[1]}"
