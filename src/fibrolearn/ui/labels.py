"""Lines of text that wrap at any text size and tell screen readers what they are."""

from __future__ import annotations

import os
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel

ZERO_WIDTH_SPACE = "\u200b"
_PATH_SEPARATOR = re.compile(r"[\\/]")
_READABLE = (
    Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
)


def described_line(description: str, text: str = "", *, role: str = "") -> QLabel:
    """A wrapping label; ``description`` says what it is ("Notice", "Cards found").

    A description, not a name: a name would hide the text itself from screen readers.
    ``role`` styles it by the theme's ``QLabel[role=...]`` rules ("muted", "error").
    """
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAccessibleDescription(description)
    if role:
        label.setProperty("role", role)
    return label


def breakable_path(path: str | os.PathLike[str]) -> str:
    r"""``path`` as shown in wrapping text: a line may break after each of its separators.

    Qt breaks lines at spaces and after some punctuation, never after a backslash, so a
    Windows path ("C:\Users\…\FibroLearn\backups") stayed one line: at large text it was cut
    off, or made its window wider than the screen. An unseen zero-width space after each
    separator lets it wrap. A label that shows one and can be selected is a
    :class:`PathTextLabel`, so that what is copied is the real path.
    """
    return _PATH_SEPARATOR.sub(rf"\g<0>{ZERO_WIDTH_SPACE}", os.fspath(path))


class PathTextLabel(QLabel):
    """A wrapping label, selectable with the mouse, whose text holds a :func:`breakable_path`.

    What is copied from it is the real path, without the zero-width spaces, so that it works
    wherever it is pasted (a file manager's address bar, say).
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Qt copies the selection itself (Ctrl+C, or Copy in its menu): cleaned once there.
        QGuiApplication.clipboard().dataChanged.connect(self._copied)

    def _copied(self) -> None:
        clipboard = QGuiApplication.clipboard()
        text = clipboard.text()
        # Copied from here: part of this text (selectedText() has its own line breaks).
        if ZERO_WIDTH_SPACE in text and self.hasSelectedText() and text in self.text():
            clipboard.setText(text.replace(ZERO_WIDTH_SPACE, ""))


def tab_stop(label: QLabel) -> QLabel:
    """Let Tab stop at ``label``, to read its text again or copy it (for someone helping).

    Marked for the theme's focus ring (``QLabel[tabStop="true"]``), which only such labels
    get: kept round every label, even unseen, it would indent all text.
    """
    label.setTextInteractionFlags(_READABLE)
    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    label.setProperty("tabStop", True)
    label.setIndent(0)  # Qt indents text in a frame (the ring) by half an "x": the padding will do
    return label
