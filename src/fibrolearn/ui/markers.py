"""Progress markers on standard output, for benchmarks and tests that drive the real app.

Silent unless the environment sets ``FIBROLEARN_MARKERS=1``; then each marker is one line,
``fibrolearn-marker: NAME``, flushed at once so a parent process sees it when it happens.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

ENABLED = os.environ.get("FIBROLEARN_MARKERS") == "1"


def marker(name: str) -> None:
    """Announce that ``name`` just happened (only when markers are enabled)."""
    if ENABLED:
        print(f"fibrolearn-marker: {name}", file=sys.stdout, flush=True)


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, name: str) -> None:
        super().__init__(widget)
        self._name = name
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            marker(self._name)
        return False


def announce_first_paint(widget: QWidget, name: str) -> None:
    """Mark ``name`` when ``widget`` is first painted (only when markers are enabled)."""
    if ENABLED:
        _FirstPaint(widget, name)
