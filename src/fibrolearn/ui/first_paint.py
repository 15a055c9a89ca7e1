"""Run something once a widget has been painted for the first time.

Start-up shows the window first and loads the rest behind it; this is how "behind it" is
known, rather than guessed with a timer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(
        self, widget: QWidget, callback: Callable[[], None], fallback_ms: int | None
    ) -> None:
        super().__init__(widget)
        self._callback: Callable[[], None] | None = callback
        widget.installEventFilter(self)
        if fallback_ms is not None:
            QTimer.singleShot(fallback_ms, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # After this paint has reached the screen, not in the middle of it.
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            callback()


def after_first_paint(
    widget: QWidget, callback: Callable[[], None], *, fallback_ms: int | None = None
) -> None:
    """Call ``callback`` once, right after ``widget`` is first painted.

    With ``fallback_ms``, a widget that is never painted (a window started minimized, say)
    gets its callback after that long anyway.
    """
    _FirstPaint(widget, callback, fallback_ms)
