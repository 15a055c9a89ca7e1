"""Load Progress's charts (pyqtgraph, NumPy) in the background once the collection is open.

Loaded on the first visit instead, they held the window about 450 ms on a slow two-core
machine: most of the time Progress took to open. They are imported on a thread of their own,
but the import holds Python's lock in long stretches, and the window with it: pyqtgraph copies
every name of QtCore, QtGui and QtWidgets, and PySide6 makes each Qt class's Python type on
its first use. So the types the app has not used yet are made here first, on the UI thread, a
few milliseconds per turn of its event loop; only then does the thread import the charts.
``bench/ui_stall.py`` measures the longest the window then waits: 19-30 ms, against 31-52 ms
when the thread makes the types itself (8 starts each, 10k cards, a two-core machine).
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Callable, Iterable
from types import ModuleType

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QElapsedTimer, QObject, QTimer

from fibrolearn.ui.progress_chart_grid import charts_loaded, limit_blas_threads, load_charts

SLICE_MS = 4  # of type making per turn of the event loop: input and painting go between
QT_MODULES: tuple[ModuleType, ...] = (QtCore, QtGui, QtWidgets)  # the ones pyqtgraph copies


def preload_charts(parent: QObject) -> ChartsPreloader:
    """Start loading the charts in the background, unless they are loaded already."""
    preloader = ChartsPreloader(parent, QT_MODULES, load_charts, loaded=charts_loaded)
    limit_blas_threads()  # here, before the thread: see there
    preloader.start()
    return preloader


class ChartsPreloader(QObject):
    """Resolves every name of ``modules`` on the UI thread, then calls ``load`` on a thread.

    The names are resolved a slice at a time, so the window answers in between. Once
    ``loaded()`` (another loader may have been first), nothing is left to do. ``finished`` is
    set once ``load`` has returned or failed, or was not needed. A failed load is left to the
    page, which loads again once this has finished and says on it what went wrong.
    """

    def __init__(
        self,
        parent: QObject,
        modules: Iterable[ModuleType],
        load: Callable[[], object],
        *,
        loaded: Callable[[], bool],
    ) -> None:
        super().__init__(parent)
        self.finished = threading.Event()
        self._modules = tuple(modules)
        self._load = load
        self._loaded = loaded
        self._names: deque[tuple[ModuleType, str]] = deque()
        self._slices = QTimer(self)
        self._slices.setInterval(0)  # each time the event queue is empty
        self._slices.timeout.connect(self._make_types)

    def start(self) -> None:
        """Begin making the types; the import follows."""
        self._names.extend((module, name) for module in self._modules for name in dir(module))
        self._slices.start()

    def _make_types(self) -> None:
        if self._loaded():
            self._slices.stop()
            self.finished.set()
            return
        clock = QElapsedTimer()
        clock.start()
        while self._names and clock.elapsed() < SLICE_MS:
            module, name = self._names.popleft()
            getattr(module, name)
        if not self._names:
            self._slices.stop()
            threading.Thread(target=self._import, name="charts-preload").start()

    def _import(self) -> None:
        try:
            # A failure (a broken NumPy, say) is left to the page, which loads again and
            # shows it there.
            with contextlib.suppress(Exception):
                self._load()
        finally:
            self.finished.set()
