"""Yes-or-no questions before something that cannot simply be taken back."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


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
    question = QMessageBox(parent)
    question.setIcon(QMessageBox.Icon.Question)
    question.setWindowTitle(title)
    question.setText(text)
    if details:
        question.setInformativeText(details)
    acting = question.addButton(act, QMessageBox.ButtonRole.AcceptRole)
    keeping = question.addButton(keep, QMessageBox.ButtonRole.RejectRole)
    question.setDefaultButton(acting if act_by_default else keeping)
    question.setEscapeButton(keeping)
    question.exec()
    return question.clickedButton() is acting
