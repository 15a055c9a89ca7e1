"""Tell screen readers about changes a sighted learner sees, such as a revealed answer."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QLabel, QWidget


class Announcer:
    """Sends polite announcements from one widget and remembers the last one (for tests)."""

    def __init__(self, source: QWidget) -> None:
        self._source = source
        self.last = ""

    def announce(self, text: str) -> None:
        """Have the screen reader say ``text`` without moving focus."""
        self.last = text
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self._source, text))

    def show(self, label: QLabel, text: str) -> None:
        """Put an outcome or a problem in ``label``, show it, and have the screen reader say it."""
        label.setText(text)
        label.show()
        self.announce(text)
