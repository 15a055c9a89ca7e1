"""Run a Browse change in the background with a progress dialog that can cancel it.

Quick changes finish before the dialog would appear (it waits ``SHOW_AFTER_MS``), so only long
work, such as deleting thousands of cards, ever shows it. A cancelled change rolls back whole.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from fibrolearn.domain.browse import ChangeReport
from fibrolearn.domain.progress import Progress
from fibrolearn.ui.tasks import JobControl, TaskRunner

SHOW_AFTER_MS = 500


class ChangeJob:
    """One change on the worker thread, its progress dialog, and what to do when it ends.

    Args:
        tasks: The app's background worker.
        parent: The widget the dialog belongs to.
        title: What is being done, e.g. "Deleting 3,000 notes…".
        work: The change; runs on the worker thread.
        finished: Called on the UI thread with the change's report, or with the exception
            (``Cancelled`` when the learner cancelled, and nothing changed).
    """

    def __init__(
        self,
        tasks: TaskRunner,
        parent: QWidget,
        title: str,
        work: Callable[[Progress], ChangeReport | None],
        finished: Callable[[ChangeReport | Exception | None], None],
    ) -> None:
        self._finished = finished
        # A known range, not a busy animation (which would move forever, reduce-motion or not).
        self.dialog = QProgressDialog(title, "&Cancel", 0, 1, parent)
        self.dialog.setWindowTitle("FibroLearn")
        self.dialog.setAccessibleName(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setValue(0)  # starts the timer that shows the dialog if the work runs long
        self.control: JobControl = tasks.run_job(work, self._end, self._end, self._progressed)
        self.dialog.canceled.connect(self.cancel)

    def cancel(self) -> None:
        """Ask the change to stop; it rolls back and ends with ``Cancelled``."""
        self.control.cancel()
        self.dialog.setLabelText("Cancelling… nothing will be changed.")

    def _progressed(self, done: int, total: int) -> None:
        if not self.control.cancel_requested:
            self.dialog.setMaximum(total)
            self.dialog.setValue(done)

    def _end(self, outcome: ChangeReport | Exception | None) -> None:
        self.dialog.hide()
        self.dialog.deleteLater()
        self._finished(outcome)
