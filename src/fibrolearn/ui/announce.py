"""Tell screen readers about changes a sighted learner sees, such as a revealed answer."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

_SEPARATOR = re.compile(r"\s+·\s+")  # spaced, so a dot inside a word ("CuSO4·5H2O") stays


def spoken(line: str) -> str:
    """A shown line as a screen reader should say it: a comma where the eye sees " · ".

    Some screen readers say "middle dot" for each one, so "New 5  ·  Learning 0  ·  Due 0"
    is said "New 5, Learning 0, Due 0".
    """
    return _SEPARATOR.sub(", ", line)


class Announcer:
    """Sends polite announcements from one widget and remembers the last one (for tests)."""

    def __init__(self, source: QWidget) -> None:
        self._source = source
        self.last = ""

    def announce(self, text: str) -> None:
        """Have the screen reader say ``text`` without moving focus."""
        self.last = text
        # Imported here: making QAccessible's Python type and its eight enumerations took
        # 3 ms of the first window's start, where nothing is announced yet.
        from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent  # noqa: PLC0415

        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self._source, text))

    def show(self, label: QLabel, text: str, focus: QWidget | None = None) -> None:
        """Put an outcome or a problem in ``label``, show it, and have the screen reader say it.

        ``focus``, when given, takes the keyboard focus first: what a screen reader says of
        the focus moving, said after, cut the outcome short.
        """
        label.setText(text)
        label.show()
        if focus is not None:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self.announce(text)
