"""Run something once a widget has been painted for the first time.

Start-up shows the window first and loads the rest behind it; this is how "behind it" is
known, rather than guessed with a timer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, SignalInstance
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(
        self,
        widget: QWidget,
        callback: Callable[[], None],
        fallback_ms: int | None,
        painted: SignalInstance | None,
    ) -> None:
        super().__init__(widget)
        self._callback: Callable[[], None] | None = callback
        if painted is None:
            widget.installEventFilter(self)
        else:
            painted.connect(self._soon)
        if fallback_ms is not None:
            QTimer.singleShot(fallback_ms, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._soon()
        return False

    def _soon(self) -> None:
        # After this paint has reached the screen, not in the middle of it.
        QTimer.singleShot(0, self, self._run)

    def _run(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            callback()


def after_first_paint(
    widget: QWidget,
    callback: Callable[[], None],
    *,
    fallback_ms: int | None = None,
    painted: SignalInstance | None = None,
) -> None:
    """Call ``callback`` once, right after ``widget`` is first painted.

    With ``fallback_ms``, a widget that is never painted (a window started minimized, say)
    gets its callback after that long anyway. ``painted`` is the widget's own signal of its
    first paint, where it has one: watched from Python instead, the first event passed to
    the watcher had PySide make a Python type for each of some fifty kinds of event (1.5 ms,
    which the window's first paint need not wait for).
    """
    _FirstPaint(widget, callback, fallback_ms, painted)
