"""Run slow work off the UI thread and hand the result back to it.

All collection work submitted here runs on one worker thread, in order, so it never races
itself (the same rule Anki's task manager follows).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _JobSignals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.signals = _JobSignals()  # created on the UI thread, so its slots run there
        self._work = work

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:
            self.signals.failed.emit(error)
        else:
            self.signals.done.emit(result)


class TaskRunner(QObject):
    """A single background worker with callbacks on the UI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._running: set[_Job] = set()

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """Run ``work`` in the background; call ``on_done`` or ``on_error`` on the UI thread."""
        job = _Job(work)
        job.setAutoDelete(False)
        self._running.add(job)

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            self._running.discard(job)
            callback(value)

        job.signals.done.connect(lambda result: finish(on_done, result))
        job.signals.failed.connect(lambda error: finish(on_error, error))
        self._pool.start(job)

    @property
    def busy(self) -> bool:
        """Whether any job is queued or running."""
        return bool(self._running)

    def wait(self) -> None:
        """Block until every job has finished (used on shutdown)."""
        self._pool.waitForDone()
