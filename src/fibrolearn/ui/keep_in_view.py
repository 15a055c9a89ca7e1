"""Bring a widget the layout is still placing into view in a scroll area, and keep it there.

Scrolling at once would use where the widget was before it had a place. The layout moves it
to its place and then changes how far the area scrolls, in a few turns of the event loop:
each time, it is brought into view again, until another widget is asked for or the area goes
back to its top (after a new text size too).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtWidgets import QScrollArea, QWidget

# Shown too: a widget given the place it had before (where the layout put it, hidden) is
# neither moved nor resized, and may not change how far the area scrolls.
_PLACED = (QEvent.Type.Show, QEvent.Type.Move, QEvent.Type.Resize)


class KeepInView(QObject):
    """Keeps one widget inside ``scroll``'s ``content`` in view while the layout moves it."""

    def __init__(self, scroll: QScrollArea, content: QWidget) -> None:
        super().__init__(scroll)
        self._scroll = scroll
        self._content = content
        self._target: QWidget | None = None
        self._lines: int | None = None
        scroll.verticalScrollBar().rangeChanged.connect(self._bring_into_view)

    def keep(self, widget: QWidget, lines: int | None = None) -> None:
        """Bring ``widget``, about to be shown, into view once the layout has made room for it.

        ``lines``: only its first lines of text (of its font) need be in view, the rest being
        read by scrolling on; else all of it, as far as there is room.
        """
        self._let_go()
        self._target = widget
        self._lines = lines
        widget.installEventFilter(self)

    def to_top(self) -> None:
        """Scroll back to the top, keeping no widget in view any more."""
        self._let_go()
        self._scroll.verticalScrollBar().setValue(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: the widget to keep in view was shown, or moved or resized by the layout."""
        if watched is self._target and event.type() in _PLACED:
            self._bring_into_view()
        return False

    def _let_go(self) -> None:
        if self._target is not None:
            self._target.removeEventFilter(self)
            self._target = None

    def _bring_into_view(self) -> None:
        """Scroll the whole target into view, its top first if it is taller than the view.

        Not ensureWidgetVisible: for text it scrolls only to the text cursor, at the top.
        """
        target = self._target
        if target is None or not target.isVisible():
            return
        top = target.mapTo(self._content, QPoint(0, 0)).y()
        height = target.height()
        if self._lines is not None:
            height = min(height, self._lines * target.fontMetrics().lineSpacing())
        bottom = top + height
        bar = self._scroll.verticalScrollBar()
        bar.setValue(min(top, max(bar.value(), bottom - self._scroll.viewport().height())))
