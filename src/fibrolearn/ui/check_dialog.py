"""Tools ▸ Check collection…: look for damage in the background, say what was found, repair.

The same check as ``fibrolearn check``, in the same words. Browse's search text, the one thing
the check can put right itself, gets a Repair button; other damage, which only a backup made
before it undoes, gets a button to File ▸ Backups.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QProgressBar, QPushButton, QWidget

from fibrolearn.domain.progress import Cancelled, Progress
from fibrolearn.domain.words import counted
from fibrolearn.services.container import Services
from fibrolearn.services.health import CHECK_STEPS, HealthReport, check_health, repair
from fibrolearn.services.storage_errors import storage_problem
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.interop_words import failure_reason
from fibrolearn.ui.tasks import JobControl, TaskRunner
from fibrolearn.ui.text_fit import TextFitDialog

_CHARS = 70  # the dialog's width in characters: a problem is a paragraph


def found_words(report: HealthReport) -> str:
    """What the check found, in a sentence or two (the problems themselves come after)."""
    if report.problems:
        return f"The check found {counted(len(report.problems), 'problem')}:"
    if report.revision != report.expected_revision:
        return (
            f"The collection's schema is at revision {report.revision}; this version of "
            f"FibroLearn expects {report.expected_revision}."
        )
    steps = f"{', '.join(CHECK_STEPS[:-1])} and {CHECK_STEPS[-1]}"
    return f"No problems found. FibroLearn checked {steps}."


class CheckDialog(TextFitDialog):
    """Checks the collection as soon as it opens, then shows the outcome and what to do.

    Args:
        parent: The main window.
        services: The open collection's services.
        tasks: The background worker the check and the repair run on.
        show_backups: Opens File ▸ Backups (offered when a backup is the way back).
    """

    def __init__(
        self,
        parent: QWidget,
        services: Services,
        tasks: TaskRunner,
        show_backups: Callable[[], None],
    ) -> None:
        super().__init__(parent, chars=_CHARS)
        self.setWindowTitle("Check collection")
        self._services = services
        self._tasks = tasks
        self._show_backups = show_backups
        self._control: JobControl | None = None  # the check running, if one is
        self._busy = False  # a check or a repair is running on the worker
        self._closed = False  # deleted once closed and no work of it is left
        self._repaired = ""  # what a repair just did, said before the next check's outcome
        self._announcer = Announcer(self)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleDescription("Check status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setAccessibleDescription("Problems found")
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Check progress")
        self.progress_bar.setRange(0, len(CHECK_STEPS))

        buttons = QDialogButtonBox()
        self.repair_button = QPushButton("&Repair")
        self.repair_button.setAccessibleName("Repair Browse's search text")
        self.repair_button.clicked.connect(self.start_repair)
        self.backups_button = QPushButton("&Backups…")
        self.backups_button.setAccessibleName("Open Backups to restore one")
        self.backups_button.clicked.connect(self._open_backups)
        self.close_button = QPushButton("Ca&ncel")
        self.close_button.clicked.connect(self.reject)
        for button in (self.repair_button, self.backups_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.arrange((self.status, self.problems, self.progress_bar), buttons)
        self.start_check()

    # ------------------------------------------------------------------ check
    def start_check(self) -> None:
        """Check the collection in the background; the status line follows its steps."""
        database = self._services.database

        def work(progress: Progress) -> HealthReport:
            return check_health(database, progress)

        self._show_running()
        self._busy = True
        self._control = self._tasks.run_job(work, self._checked, self._failed, self._progressed)

    def _progressed(self, done: int, total: int) -> None:
        if self._control is None or done >= total:
            return
        self.progress_bar.setValue(done)
        self.status.setText(
            f"{self._repaired}Checking {CHECK_STEPS[done]} (step {done + 1} of {total})…"
        )

    def _checked(self, report: HealthReport) -> None:
        self._control = None
        if self._still_open():
            self._show_outcome(report)

    # ----------------------------------------------------------------- repair
    def start_repair(self) -> None:
        """Write Browse's search text again from the notes, then check once more."""
        database = self._services.database
        self._show_running("Repairing Browse's search text… It finishes even if you close this.")

        def repaired(notes: int) -> None:
            if self._still_open():
                self._repaired = f"Rewrote the search text of {counted(notes, 'note')}. "
                self.start_check()

        self._busy = True
        self._tasks.run(lambda: repair(database), repaired, self._failed)

    # ------------------------------------------------------------------ ending
    def reject(self) -> None:
        """Esc, Cancel or Close: a check still running stops at its next step (it only reads)."""
        if self._control is not None:
            self._control.cancel()
            self._control = None
        super().reject()

    def done(self, result: int) -> None:
        """Qt override: every way of closing ends here; the dialog goes once its work has."""
        self._closed = True
        super().done(result)
        if not self._busy:
            self.deleteLater()

    def _still_open(self) -> bool:
        """Work just ended: whether the dialog is still open to show what came of it."""
        self._busy = False
        if self._closed:
            self.deleteLater()
        return not self._closed

    def _open_backups(self) -> None:
        self.accept()
        self._show_backups()

    def _failed(self, error: Exception) -> None:
        self._control = None
        shown = self._still_open()
        if isinstance(error, Cancelled):
            return  # the dialog closed when it was cancelled
        if shown:
            self._show_buttons(repair=False, backups=False)
            self.progress_bar.hide()
            words = f"The check could not finish. {failure_reason(error)}"
            self._announcer.show(self.status, words)
        if storage_problem(error) is None:  # the code's own error: reported as every such one
            sys.excepthook(type(error), error, error.__traceback__)

    # ----------------------------------------------------------------- showing
    def _show_running(self, status: str = "") -> None:
        self.problems.hide()
        self.problems.clear()
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.status.setText(status or f"{self._repaired}Checking {CHECK_STEPS[0]}…")
        self._show_buttons(repair=False, backups=False)
        if not status:  # a check stops when cancelled; a repair (one transaction) finishes
            self.close_button.setText("Ca&ncel")
        self.close_button.setFocus()

    def _show_outcome(self, report: HealthReport) -> None:
        writable = not self._services.database.read_only
        self.progress_bar.hide()
        words = self._repaired + found_words(report)
        self._repaired = ""
        unfixed = len(report.problems) - (1 if report.repairable else 0)
        self._show_buttons(repair=report.repairable and writable, backups=unfixed > 0)
        if report.problems:
            self.problems.setText("\n\n".join(report.problems))
            self.problems.show()
            if report.repairable and not writable:
                words += " Repair needs a data folder FibroLearn can write to."
        self.status.setText(words)
        self._announcer.announce(" ".join((words, *report.problems)))
        focused = next(
            (b for b in (self.repair_button, self.backups_button) if b.isVisible()),
            self.close_button,
        )
        focused.setDefault(True)
        focused.setFocus()

    def _show_buttons(self, *, repair: bool, backups: bool) -> None:
        self.repair_button.setVisible(repair)
        self.backups_button.setVisible(backups)
        self.close_button.setText("C&lose")
