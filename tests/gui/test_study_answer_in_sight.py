"""Revealing the answer brings it into sight, however long the question above it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_driving import press, settled

from fibrolearn.services.container import Services
from fibrolearn.ui.card_view import CardView


def top_in_view(view: CardView, text: str) -> float:
    """Where the first line holding ``text`` starts, in the view's visible area."""
    block = view.document().find(text).block()
    assert block.isValid(), text
    top = view.document().documentLayout().blockBoundingRect(block).top()
    return top - view.verticalScrollBar().value()


def test_the_answer_of_a_long_question_is_scrolled_into_sight(
    qtbot, make_window, services: Services, screenshot
) -> None:
    """Found in a bug hunt: with a question longer than the card's window (a clinical
    vignette, or any question at 200 % text), Space showed the question again from its top
    and the answer below the fold, so only the buttons seemed to change."""
    card_id = services.study.next_card(services.decks.list_decks()[0].deck_id).card_id
    note = services.card_edits.note(card_id)
    vignette = "A woman of 45 has had widespread pain for a year. " * 60
    services.card_edits.update_note(note.note_id, {**note.fields, "front": vignette}, None)
    window = make_window(services)
    window.resize(800, 600)
    press(qtbot, Qt.Key.Key_Return)
    view = window.study.browser
    press(qtbot, Qt.Key.Key_Space)
    screenshot(settled(window), "study-long-question-answer")
    assert 0 <= top_in_view(view, "Factor A") < view.viewport().height() - 40


def test_an_answer_in_sight_already_leaves_the_question_on_screen(
    qtbot, make_window, services: Services
) -> None:
    window = make_window(services)
    window.resize(800, 600)
    press(qtbot, Qt.Key.Key_Return)
    view = window.study.browser
    press(qtbot, Qt.Key.Key_Space)
    assert view.verticalScrollBar().value() == 0
    assert top_in_view(view, "Factor A") < view.viewport().height()
