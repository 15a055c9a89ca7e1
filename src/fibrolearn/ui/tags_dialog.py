"""The small dialog Browse's Add tags and Remove tags ask for the tags in."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget


def tags_dialog(parent: QWidget, title: str, prompt: str) -> QInputDialog:
    """A small dialog asking for tags, its text box named for screen readers."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    dialog.setLabelText(prompt)
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    box = dialog.findChild(QLineEdit)
    if box is not None:
        box.setAccessibleName("Tags")
        box.setAccessibleDescription(prompt)
    return dialog
