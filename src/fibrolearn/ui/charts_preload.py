"""Load Progress's charts (pyqtgraph, NumPy) in the background once the collection is open.

Loaded on the first visit instead, they held the window about 450 ms on a slow two-core
machine: most of the time Progress took to open. Imported on a background thread as they
are, they held Python's lock, and so the window, for up to 200 ms at a time: pyqtgraph copies
every name of QtCore, QtGui and QtWidgets, and PySide6 makes each Qt class's Python type on
its first use, many in one go. So the types are made here first, on the UI thread, a few
milliseconds per turn of its event loop; only then does a thread import the charts. The
window then waited at most about 20 ms at a time (measured; ``bench/ui_stall.py`` reports it).
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable
from types import ModuleType

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QElapsedTimer, QObject, QTimer

from fibrolearn.ui.progress_chart_grid import CHARTS_MODULE, load_charts

SLICE_MS = 4  # of type making per turn of the event loop: input and painting go between
QT_MODULES: tuple[ModuleType, ...] = (QtCore, QtGui, QtWidgets)  # the ones pyqtgraph copies


def preload_charts(parent: QObject) -> ChartsPreloader:
    """Start loading the charts in the background, unless they are loaded (or loading) already."""
    preloader = ChartsPreloader(parent, QT_MODULES, load_charts)
    if CHARTS_MODULE in sys.modules:
        preloader.finished.set()
    else:
        preloader.start()
    return preloader


class ChartsPreloader(QObject):
    """Resolves every name of ``modules`` on the UI thread, then calls ``load`` on a thread.

    The names are resolved a slice at a time, so the window answers in between. ``finished``
    is set once ``load`` has returned, or failed: the first visit to Progress then loads again
    and says what went wrong.
    """

    def __init__(
        self, parent: QObject, modules: Iterable[ModuleType], load: Callable[[], object]
    ) -> None:
        super().__init__(parent)
        self.finished = threading.Event()
        self._modules = tuple(modules)
        self._load = load
        self._names: deque[tuple[ModuleType, str]] = deque()
        self._slices = QTimer(self)
        self._slices.setInterval(0)  # each time the event queue is empty
        self._slices.timeout.connect(self._make_types)

    def start(self) -> None:
        """Begin making the types; the import follows."""
        self._names.extend((module, name) for module in self._modules for name in dir(module))
        self._slices.start()

    def _make_types(self) -> None:
        clock = QElapsedTimer()
        clock.start()
        while self._names and clock.elapsed() < SLICE_MS:
            module, name = self._names.popleft()
            getattr(module, name)
        if not self._names:
            self._slices.stop()
            threading.Thread(target=self._import, name="charts-preload").start()

    def _import(self) -> None:
        # A failure (a broken NumPy, say) is left to the first visit, which loads again and
        # shows it on the page.
        with contextlib.suppress(Exception):
            self._load()
        self.finished.set()
