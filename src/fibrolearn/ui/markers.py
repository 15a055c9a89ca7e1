"""Progress markers on standard output, for benchmarks and tests that drive the real app.

Silent unless the environment sets ``FIBROLEARN_MARKERS=1``; then each marker is one line,
``fibrolearn-marker: NAME``, flushed at once so a parent process sees it when it happens.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QWidget

from fibrolearn.ui.first_paint import after_first_paint

ENABLED = os.environ.get("FIBROLEARN_MARKERS") == "1"


def marker(name: str) -> None:
    """Announce that ``name`` just happened (only when markers are enabled)."""
    if ENABLED:
        print(f"fibrolearn-marker: {name}", file=sys.stdout, flush=True)


def announce_first_paint(widget: QWidget, name: str) -> None:
    """Mark ``name`` when ``widget`` is first painted (only when markers are enabled)."""
    if ENABLED:
        after_first_paint(widget, lambda: marker(name))
