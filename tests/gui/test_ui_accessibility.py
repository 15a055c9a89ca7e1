"""Every interactive widget of the main window and its dialogs has an accessible name."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from a11y_sweep import all_controls
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QLabel,
    QWidget,
)
from ui_driving import press

from fibrolearn.domain.gentle import Energy
from fibrolearn.services.container import Services
from fibrolearn.ui.announce import spoken
from fibrolearn.ui.backlog_dialog import BacklogDialog
from fibrolearn.ui.deck_options import DeckOptionsDialog
from fibrolearn.ui.gentle_dialog import GentleSessionDialog
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.note_editor import FieldsEditorDialog
from fibrolearn.ui.preferences_dialog import PreferencesDialog
from fibrolearn.ui.progress_places import add_places
from fibrolearn.ui.tasks import TaskRunner


def interactive_widgets(root: QWidget) -> Iterator[QWidget]:
    """Widgets a learner can reach or operate, skipping the inner parts of compound controls."""
    for widget in all_controls(root):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus and not isinstance(
            widget, QAbstractButton
        ):
            continue
        yield widget


def nameless(root: QWidget) -> list[str]:
    """Describe every interactive widget under ``root`` that a screen reader cannot name."""
    missing = []
    for widget in interactive_widgets(root):
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name) if interface is not None else ""
        if not name.strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {root!r}")
    return missing


def dialogs(window: MainWindow, services: Services) -> list[QDialog]:
    deck_id = window.deck_list.selected_deck_id()
    assert deck_id is not None
    card = services.study.next_card(deck_id)
    assert card is not None
    return [
        PreferencesDialog(window.preferences, window.read_aloud, window),
        DeckOptionsDialog(services.decks, deck_id, "Small deck", window),
        GentleSessionDialog(Energy.LOW, "Small deck", window),
        BacklogDialog(120, 200, window),
        FieldsEditorDialog(services.card_edits.note(card.card_id), lambda _f, _t: None, window),
    ]


def test_main_window_in_every_state_names_its_controls(
    qtbot, make_window, services: Services
) -> None:
    window = make_window(services)
    problems = nameless(window)  # the deck list
    press(qtbot, Qt.Key.Key_Return)
    problems += nameless(window)  # a question
    press(qtbot, Qt.Key.Key_Space)
    problems += nameless(window)  # the answer, with rating buttons
    press(qtbot, Qt.Key.Key_P)
    problems += nameless(window)  # paused
    assert not problems, "\n".join(problems)
    assert len(list(interactive_widgets(window))) > 15


def test_every_dialog_names_its_controls(qtbot, make_window, services: Services) -> None:
    window = make_window(services)
    problems = []
    for dialog in dialogs(window, services):
        qtbot.addWidget(dialog)
        dialog.show()
        problems += nameless(dialog)
        assert list(interactive_widgets(dialog)), f"{dialog!r} has no controls?"
        dialog.close()
    assert not problems, "\n".join(problems)


def hidden_texts(root: QWidget) -> list[str]:
    """Labels whose text a screen reader would not get: Qt reads a label's name instead.

    A line's " · " may be named as a comma (``spoken``): that is the same text, said.
    """
    hidden = []
    for label in root.findChildren(QLabel):
        shown = label.text()
        plain = QTextDocumentFragment.fromHtml(shown).toPlainText() if "<" in shown else shown
        text = " ".join(plain.replace("&", "").split())
        interface = QAccessible.queryAccessibleInterface(label)
        said = " ".join(interface.text(QAccessible.Text.Name).split()) if interface else ""
        if text and said != spoken(text):
            hidden.append(f"{text[:40]!r} is read as {said[:40]!r}")
    return hidden


def test_screen_readers_get_the_text_of_every_label(qtbot, make_window, services: Services):
    window = make_window(services)
    tasks = TaskRunner()
    add_places(window, services, tasks)
    problems = hidden_texts(window)  # the deck list
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Space)
    problems += hidden_texts(window)  # the answer side of a card
    for place in ("quiz", "progress"):
        window.show_place(place)
        problems += hidden_texts(window)
    quiz = window.places["quiz"].widget
    window.show_place("quiz")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # start a quiz
    problems += hidden_texts(quiz)
    for dialog in dialogs(window, services):
        qtbot.addWidget(dialog)
        dialog.show()
        problems += hidden_texts(dialog)
        dialog.close()
    tasks.wait()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("step", [0, 1])
def test_focus_moves_in_reading_order_on_the_study_screen(
    qtbot, make_window, services: Services, step: int
) -> None:
    window = make_window(services)
    press(qtbot, Qt.Key.Key_Return)
    if step:
        press(qtbot, Qt.Key.Key_Space)
    study = window.study
    order = []
    widget = study.focusWidget()
    for _ in range(8):
        order.append(widget)
        widget = widget.nextInFocusChain()
        while not (widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            widget = widget.nextInFocusChain()
    if step:
        ratings = [b for b in study.rating_buttons.values() if b.isVisible()]
        assert order[: len(ratings) - 2] == ratings[2:]  # Good, Easy, then on
    else:
        assert order[0] is study.show_button
    positions = [w.mapTo(window, w.rect().topLeft()) for w in order[:4] if study.isAncestorOf(w)]
    assert positions == sorted(positions, key=lambda p: (p.y(), p.x()))
