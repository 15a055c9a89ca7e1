"""Two panes one above the other, with a divider a learner can move by keyboard as by mouse.

Qt's splitter handle takes no focus: a learner without a mouse could never give one pane more
room. This one is a Tab stop: Up and Down move it a line at a time, Page Up and Page Down a
quarter of the room, and it is ringed while it has the focus.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSplitter, QSplitterHandle, QWidget

_RING = 3  # as the theme's focus rings


class _Handle(QSplitterHandle):
    """The divider: a Tab stop, moved with the arrow and page keys."""

    def __init__(self, splitter: QSplitter, name: str) -> None:
        super().__init__(Qt.Orientation.Vertical, splitter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(name)
        self.setAccessibleDescription("Up or Down moves it; Page Up or Page Down moves it more")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Qt override: Up and Down move the divider a line, Page Up and Page Down a quarter."""
        line = self.fontMetrics().lineSpacing()
        quarter = max(line, self.splitter().height() // 4)
        step = {
            Qt.Key.Key_Up: -line,
            Qt.Key.Key_Down: line,
            Qt.Key.Key_PageUp: -quarter,
            Qt.Key.Key_PageDown: quarter,
        }.get(Qt.Key(event.key()))
        if step is None or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        self.moveSplitter(self.y() + step)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt override: the divider as the style draws it, ringed while it has the focus."""
        super().paintEvent(event)
        if self.hasFocus():
            painter = QPainter(self)
            painter.setPen(QPen(self.palette().highlight(), _RING))
            painter.drawRect(self.rect().adjusted(1, 1, -2, -2))


class Divided(QSplitter):
    """``top`` above ``bottom``, split ``shares`` (3:2, say) at first; neither closes."""

    def __init__(self, top: QWidget, bottom: QWidget, shares: tuple[int, int], name: str) -> None:
        super().__init__(Qt.Orientation.Vertical)
        self._name = name  # before the handle is made (in addWidget)
        self.setChildrenCollapsible(False)
        self.setHandleWidth(self.fontMetrics().lineSpacing() // 2)  # room to grab it by mouse
        self.addWidget(top)
        self.addWidget(bottom)
        for index, share in enumerate(shares):
            self.setStretchFactor(index, share)

    def createHandle(self) -> QSplitterHandle:
        """Qt override: a divider that the keyboard reaches and moves."""
        return _Handle(self, self._name)
