"""Run slow work off the UI thread and hand the result back to it.

All collection work submitted here runs on one worker thread, in order, so it never races
itself (the same rule Anki's task manager follows).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid

from fibrolearn.domain.progress import Cancelled, Phased

PHASED_EVERY = 0.25  # seconds: the least time between two reports of one phase shown


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


class JobControl(QObject):
    """The :class:`~fibrolearn.domain.progress.Progress` that long work gets from ``run_job``.

    The work calls :meth:`advance` on the worker thread; ``progressed`` reaches the UI thread.
    After :meth:`cancel`, the next ``advance`` raises ``Cancelled``, which arrives as the job's
    error.
    """

    progressed = Signal(int, int)  # done, total

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()
        self._lock = threading.Lock()  # the worker hands over ``_stop``, the UI calls it
        self._stop: Callable[[], None] | None = None

    def advance(self, done: int, total: int) -> None:
        """Report progress; raise ``Cancelled`` once cancelling was asked for."""
        if self._cancel.is_set():
            raise Cancelled
        self.progressed.emit(done, total)

    def stop_with(self, stop: Callable[[], None] | None) -> None:
        """While the work waits in one long call, have :meth:`cancel` call ``stop``; None: done.

        A :data:`~fibrolearn.domain.progress.StopWith`. Called at once if cancel was already
        asked for.
        """
        with self._lock:  # so that ``stop`` is never called once taken back
            self._stop = stop
            if stop is not None and self._cancel.is_set():
                stop()

    def cancel(self) -> None:
        """Ask the work to stop at its next report, or now if it handed over a way to stop.

        Any thread may call this.
        """
        self._cancel.set()
        with self._lock:
            if self._stop is not None:
                self._stop()

    @property
    def cancel_requested(self) -> bool:
        """Whether :meth:`cancel` was called."""
        return self._cancel.is_set()


class PhasedRelay(QObject):
    """The :data:`~fibrolearn.domain.progress.Phased` callback that ``run_phased`` hands work.

    Called on the worker thread; ``told`` reaches the UI thread, a few times a second at
    most: each phase as it begins and as it ends, and in between no sooner than
    :data:`PHASED_EVERY` after the last (a backup reports every few kilobytes).
    """

    told = Signal(str, int, int)  # what, done, total

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._what: str | None = None
        self._at = 0.0  # when the last report was passed on

    def __call__(self, what: str, done: int, total: int) -> None:
        """Pass on ``what`` the work does, ``done`` of ``total``, unless one was just passed."""
        now = self._clock()
        ended = 0 < total <= done
        if what != self._what or ended or now - self._at >= PHASED_EVERY:
            self._what, self._at = what, now
            self.told.emit(what, done, total)


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

    def run_job(
        self,
        work: Callable[[JobControl], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        on_progress: Callable[[int, int], None] | None = None,
    ) -> JobControl:
        """Like :meth:`run`, for long work that reports progress and can be cancelled.

        Returns:
            The job's control: call ``cancel()`` on it to stop the work. A cancelled job ends
            with ``on_error(Cancelled())``; one that finished before noticing ends normally.
        """
        control = JobControl()  # made on the UI thread, so ``progressed`` is delivered there
        if on_progress is not None:
            control.progressed.connect(on_progress)
        self.run(lambda: work(control), on_done, on_error)
        return control

    def run_phased(
        self,
        work: Callable[[Phased], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        on_phase: Callable[[str, int, int], None],
    ) -> None:
        """Like :meth:`run`, for work that tells its phases: ``on_phase`` hears them.

        ``on_phase`` runs on the UI thread, a few times a second at most (see
        :class:`PhasedRelay`), and never after ``on_done`` or ``on_error``.
        """
        relay = PhasedRelay()  # made on the UI thread, so ``told`` is delivered there
        relay.told.connect(on_phase)
        self.run(lambda: work(relay), on_done, on_error)

    @property
    def busy(self) -> bool:
        """Whether any job is queued or running."""
        return bool(self._running)

    def wait(self) -> None:
        """Block until every job has finished (used on shutdown)."""
        self._pool.waitForDone()


class WindowWork:
    """The work a window runs on the worker; the window lives until that work has ended.

    A window closed while its work ran was deleted under it, and the work's answer then
    found its widgets gone: an unexpected error for the learner. Here an answer reaches the
    window only while it is open, and a closed window is freed once it has no work left
    (a window kept after closing would stay in memory until the app ends). A window Qt
    deleted under its work (with its parent, or as the app quit) counts as closed, and is
    not freed again.
    """

    def __init__(self, window: QObject, tasks: TaskRunner) -> None:
        self._window = window
        self._tasks = tasks
        self._jobs = 0
        self._closed = False

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        *,
        unheard: Callable[[Exception], None] | None = None,
    ) -> None:
        """:meth:`TaskRunner.run` for the window.

        ``unheard`` hears an error that arrives once the window has closed (by default it is
        dropped with the window), so a failure that matters is still reported.
        """
        self._tasks.run(work, *self._answers(on_done, on_error, unheard))

    def run_job(
        self,
        work: Callable[[JobControl], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        on_progress: Callable[[int, int], None] | None = None,
        *,
        unheard: Callable[[Exception], None] | None = None,
    ) -> JobControl:
        """:meth:`TaskRunner.run_job` for the window; ``unheard`` as for :meth:`run`."""
        return self._tasks.run_job(work, *self._answers(on_done, on_error, unheard), on_progress)

    def closed(self) -> None:
        """Call when the window closes: it is freed now, or once its work has ended."""
        self._closed = True
        if not self._jobs:
            self._window.deleteLater()

    def _answers(
        self,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        unheard: Callable[[Exception], None] | None,
    ) -> tuple[Callable[[Any], None], Callable[[Exception], None]]:
        self._jobs += 1

        def reaching(callback: Callable[[Any], None], after_closing: Callable[[Any], None] | None):
            def answer(value: Any) -> None:
                self._jobs -= 1
                gone = not isValid(self._window)
                if not (self._closed or gone):
                    callback(value)
                    return
                if after_closing is not None:
                    after_closing(value)
                if not (self._jobs or gone):
                    self._window.deleteLater()

            return answer

        return reaching(on_done, None), reaching(on_error, unheard)
