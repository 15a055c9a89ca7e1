"""Yes-or-no questions before something that cannot simply be taken back, and message boxes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from fibrolearn.ui.dialogs import run_modal


def message_box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str
) -> QMessageBox:
    """A message box showing ``text`` (and any informative text) as written, never as HTML.

    Qt reads a message starting like HTML as HTML, and opens the web page a link in it names
    when clicked: a deck named in an imported file ``<a href="https://…">Mine</a>`` made the
    question before deleting it one click from the browser, and an ``<img>`` there read a
    picture from anywhere on the disk.
    """
    box = QMessageBox(parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # before any text: the informative text's too
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    return box


def tell(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> None:
    """Show ``text`` as written (see :func:`message_box`) until the learner closes it."""
    run_modal(message_box(parent, icon, title, text))


def ask(
    parent: QWidget,
    title: str,
    text: str,
    act: str,
    keep: str = "Cancel",
    *,
    details: str = "",
    act_by_default: bool = False,
) -> bool:
    """Whether the learner chose ``act`` over ``keep``; Esc always keeps.

    Enter keeps too, unless ``act_by_default`` (for an act that is itself safe to undo).
    """
    question = message_box(parent, QMessageBox.Icon.Question, title, text)
    if details:
        question.setInformativeText(details)
    acting = question.addButton(act, QMessageBox.ButtonRole.AcceptRole)
    keeping = question.addButton(keep, QMessageBox.ButtonRole.RejectRole)
    question.setDefaultButton(acting if act_by_default else keeping)
    question.setEscapeButton(keeping)
    run_modal(question)
    return question.clickedButton() is acting
