"""A status bar whose messages wrap onto more lines instead of being cut off at its edge.

QStatusBar draws a message on one line, clipped at the window's edge: a two-sentence message
(what opening the collection did, a deck deleted) lost its end, and at a large text size even
a short one did. Here the message is a word-wrapped label instead, and the bar grows to hold
it. ``showMessage``, its timeout, ``clearMessage``, ``currentMessage`` and ``messageChanged``
work as QStatusBar's do for every call from Python; Qt itself would only show status tips,
which the app does not use. (Hiding Qt's own drawing of the message instead needed QStyle,
whose Python type alone takes 5 ms to make: a tenth of what start-up may take beyond a bare
window.)
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar

from fibrolearn.ui.labels import breakable_words


class WrappingStatusBar(QStatusBar):
    """The window's status bar: its message in a label that wraps, on as many lines as needed."""

    def __init__(self) -> None:
        super().__init__()
        self.message = QLabel()
        self.message.setObjectName("statusMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setContentsMargins(4, 2, 4, 2)  # off the window's edge, as Qt's own
        # A word wider than the window (a long deck name) breaks (see showMessage); should
        # one not, it is cut: as the label's least width it would widen the window, and keep it.
        self.message.setMinimumWidth(1)
        self.addWidget(self.message, 1)
        self._expiry = QTimer(self)
        self._expiry.setSingleShot(True)
        self._expiry.timeout.connect(self.clearMessage)
        self._standing = ""
        self._current = ""  # the message as given, without the breaks put in to show it

    def stand(self, text: str) -> None:
        """Show ``text`` whenever no other message is (a problem that lasts); "" for none."""
        shown = self.currentMessage() == self._standing
        self._standing = text
        if shown:
            self.clearMessage()  # the new standing message, or none

    def showMessage(self, text: str, timeout: int = 0) -> None:
        """Show ``text``, until ``timeout`` ms have passed (0: until the next message)."""
        self._expiry.stop()
        self._show(text)
        if timeout > 0:
            self._expiry.start(timeout)

    def clearMessage(self) -> None:
        """Remove the message: the standing one, if any, shows again."""
        self._expiry.stop()
        if self._current != self._standing:
            self._show(self._standing)

    def currentMessage(self) -> str:
        """The message shown, "" when there is none."""
        return self._current

    def _show(self, text: str) -> None:
        self._current = text
        # A long deck name wraps, never cut off; the label cannot be copied from.
        self.message.setText(breakable_words(text, copyable=False))
        self.messageChanged.emit(text)


def status_label(text: str) -> QLabel:
    """The window's message while there is no collection to show: opening, or why not."""
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setAccessibleDescription("Status")
    return label
