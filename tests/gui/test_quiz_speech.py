"""What a screen reader hears of a quiz where focus does not move: changes are announced."""

from __future__ import annotations

import test_quiz_page
from PySide6.QtCore import Qt
from test_quiz_page import RETURN, press, start_matching_on_the_bundled_deck, type_text

from fibrolearn.domain.quiz import QuizKind
from fibrolearn.services.container import Services
from fibrolearn.ui.quiz_page import QuizPage

Unchecked = Qt.CheckState.Unchecked
# The fixtures: the Quiz page, shown, on the small deck.
page = test_quiz_page.page
deck_text = test_quiz_page.deck_text


def start_typed_quiz(qtbot, page: QuizPage) -> None:
    """Start a quiz of "type the missing word" questions only, from the keyboard."""
    setup = page.setup_view
    for row in range(setup.kinds.count()):
        typed = setup.kinds.item(row).data(Qt.ItemDataRole.UserRole) == QuizKind.TYPED_RECALL
        setup.kinds.item(row).setCheckState(Qt.CheckState.Checked if typed else Unchecked)
    press(qtbot, RETURN, Qt.KeyboardModifier.ControlModifier)
    assert page.sitting is not None


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


def test_the_blank_of_a_typed_question_is_said_as_a_word(qtbot, page: QuizPage) -> None:
    """Found in a bug hunt: the blank is five underscores, which screen readers skip (or say
    as "underline" five times): "belongs to A and beta to B" left no gap to fill in."""
    start_typed_quiz(qtbot, page)
    view = page.question_view
    shown = view.prompt.text()
    assert shown in ("_____ belongs to A and beta to B.", "Alpha belongs to A and _____ to B.")
    said = shown.replace("_____", "blank")
    assert said in page._announcer.last and "_" not in page._announcer.last
    assert view.typed.accessibleDescription() == said  # where focus is
    assert view.prompt.accessibleName() == said


def test_the_feedback_of_a_typed_question_shows_its_sentence_whole(qtbot, page: QuizPage) -> None:
    """Found in a bug hunt: the feedback began "Question: Alpha belongs to A and _____ to B",
    the blank a screen reader skips; it now shows the answer in its place, as the fact reads."""
    start_typed_quiz(qtbot, page)
    assert page.sitting is not None
    question = page.sitting.questions[0]
    type_text(qtbot, "gamma")  # wrong
    press(qtbot, RETURN)
    feedback = page.question_view.feedback.toPlainText()
    whole = question.prompt.replace("_____", question.accepted[0])
    assert feedback.startswith(f"Question: {whole}") and "_" not in feedback


def test_a_matching_question_says_which_factor_each_number_stands_for(
    qtbot, page: QuizPage, services: Services
) -> None:
    """Found in a bug hunt: the factors to match with were listed on screen only, so a
    screen reader heard that a number chooses a factor, but never which factor it was."""
    question = start_matching_on_the_bundled_deck(qtbot, page, services)
    described = page.question_view.matching.accessibleDescription()  # where focus is
    for number, factor in enumerate(question.options, 1):
        listed = f"{number}.\N{NO-BREAK SPACE}{factor}"
        assert listed in page._announcer.last
        assert listed in described
