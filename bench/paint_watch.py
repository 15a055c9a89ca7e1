"""Timing from an action in the app's window until a widget of it has been painted."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject

PAINT_TIMEOUT_S = 30.0  # a window that never paints is an error, not a hang


class PaintWatch(QObject):
    """Notices when one of some widgets is painted (an event filter on each)."""

    def __init__(self, what: str, *widgets: QObject) -> None:
        super().__init__()
        self._what = what
        self._painted = False
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._painted = True
        return False

    def time(self, app: QCoreApplication, action: Callable[[], object]) -> float:
        """Milliseconds from calling ``action`` until a paint of a widget has finished.

        The window paints every part that changed in one pass, so the rest of it is drawn by
        then too.
        """
        self._painted = False
        started = time.perf_counter()
        action()
        while not self._painted:
            app.processEvents()  # returns once the paint it delivered is done
            if time.perf_counter() - started > PAINT_TIMEOUT_S:
                raise RuntimeError(f"{self._what} was never painted")
        return (time.perf_counter() - started) * 1000
