"""A message in the middle of a screen, over the one button that goes on from it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


def go_on_button(
    text: str, go_on: Callable[[], object], *, spoken: str | None = None, keys: str = ""
) -> QPushButton:
    """The button under a message, which ``go_on`` answers.

    ``spoken`` names it to screen readers (else its ``text``), with the ``keys`` that press it.
    """
    button = QPushButton(text)
    button.setAccessibleName(spoken or text)
    button.setAccessibleDescription(keys)
    button.clicked.connect(go_on)
    return button


def message_view(name: str, button: QPushButton) -> tuple[QLabel, QWidget]:
    """A message, named ``name`` for screen readers, over ``button``, in the middle."""
    label = QLabel()
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setAccessibleName(name)
    view = QWidget()
    layout = QVBoxLayout(view)
    layout.addStretch(1)
    layout.addWidget(label)
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignCenter)
    layout.addStretch(1)
    return label, view
