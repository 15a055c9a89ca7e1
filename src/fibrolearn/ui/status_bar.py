"""A status bar whose messages wrap onto more lines instead of being cut off at its edge.

QStatusBar draws a message on one line, clipped at the window's edge: a two-sentence message
(what opening the collection did, a deck deleted) lost its end, and at a large text size even
a short one did. Here the message is shown by a word-wrapped label instead, and the bar grows
to hold it. ``showMessage``, its timeout and ``currentMessage`` work as they always do.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar, QStyle, QStyleOption


class WrappingStatusBar(QStatusBar):
    """The window's status bar: its message in a label that wraps, on as many lines as needed."""

    def __init__(self) -> None:
        super().__init__()
        self.message = QLabel()
        self.message.setObjectName("statusMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setContentsMargins(4, 2, 4, 2)  # off the window's edge, as Qt's own
        # A word wider than the window (a long deck name) is cut, as Qt's own message was:
        # as the label's least width it would widen the window, and keep it wide.
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # Permanent: QStatusBar hides its other widgets while it shows a message.
        self.addPermanentWidget(self.message, 1)
        self.messageChanged.connect(self.message.setText)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt override: the bar's panel only; the label draws the message.

        QStatusBar's own drawing would add a second, clipped copy of it.
        """
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter, self)
