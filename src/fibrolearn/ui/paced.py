"""Make a costly change once a burst of them is over: a key held down, repeating.

Restyling the whole app for a new text size takes about 0.17 s. Held down, Ctrl++ (or an
arrow key on the text-size slider) asked for it with each repeat, and the window lagged
behind the keys. Here the first change is made at once, so a single press shows at once;
the ones that follow it within ``QUIET_MS`` of each other wait, and only the last is made,
once the keys have been quiet that long.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

QUIET_MS = 200  # longer than a held key's repeats are apart, shorter than a pause to look


class Paced(QObject):
    """Makes a change at once, or, in a burst, only the burst's last, once it is over."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(QUIET_MS)
        self._quiet.timeout.connect(self.flush)
        self._waiting: Callable[[], object] | None = None

    @property
    def in_burst(self) -> bool:
        """Whether a change asked for now would wait for the burst's end."""
        return self._quiet.isActive()

    def run(self, change: Callable[[], object]) -> None:
        """Make ``change`` now, or, if one was made a moment ago, once the burst is over."""
        if self.in_burst:
            self._waiting = change
        else:
            change()
        self._quiet.start()

    def flush(self) -> None:
        """Make the change waiting, if any, now: the keys are quiet, or the window closes."""
        self._quiet.stop()
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            waiting()
