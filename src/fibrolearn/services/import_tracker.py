"""An import's progress reports and cancel checks."""

from __future__ import annotations

import threading

from fibrolearn.domain.progress import Phased
from fibrolearn.interop.errors import ImportCancelledError

_PROGRESS_EVERY = 200


class Tracker:
    """Progress reports and cancel checks, throttled to every few hundred rows."""

    def __init__(self, progress: Phased | None, cancel: threading.Event | None) -> None:
        self._progress = progress
        self._cancel = cancel
        self._what = ""
        self._done = 0
        self._total = 0

    def check(self) -> None:
        """Stop here if the learner cancelled.

        Raises:
            ImportCancelledError: The cancel event is set.
        """
        if self._cancel is not None and self._cancel.is_set():
            raise ImportCancelledError

    def start(self, what: str, total: int) -> None:
        """Begin a step of ``total`` items, described by ``what``."""
        self.check()
        self._what, self._done, self._total = what, 0, total
        if self._progress is not None:
            self._progress(what, 0, total)

    def step(self) -> None:
        """One more item done."""
        self._done += 1
        if self._done % _PROGRESS_EVERY == 0 or self._done == self._total:
            self.check()
            if self._progress is not None:
                self._progress(self._what, self._done, self._total)
