"""Tools ▸ Check collection…: look for damage in the background, say what was found, repair.

The same check as ``fibrolearn check``, in the same words for each problem. What the check
can put right itself, losing nothing (Browse's search text, settings it cannot read), gets a
Repair button; damage, which only a backup made before it undoes, gets a button to
File ▸ Backups.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from fibrolearn.domain.faults import READ_ONLY_BECAUSE, StorageProblem, StorageProblemKind
from fibrolearn.domain.progress import Cancelled
from fibrolearn.domain.words import counted
from fibrolearn.services.container import Services
from fibrolearn.services.health import (
    CHECK_STEPS,
    HealthReport,
    Repaired,
    check_health,
    repair,
    repair_words,
)
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.labels import tab_stop
from fibrolearn.ui.tasks import JobControl, TaskRunner, WindowWork
from fibrolearn.ui.text_fit import TextFitDialog

_CHARS = 70  # the dialog's width in characters: a problem is a paragraph
_SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse


def found_words(report: HealthReport, *, read_only_because: StorageProblemKind | None) -> str:
    """What the check found and what to do about it (the problems themselves come after).

    ``read_only_because``: why the collection was opened read-only (None: it is writable).
    """
    writable = read_only_because is None
    if report.ok:
        steps = f"{', '.join(CHECK_STEPS[:-1])} and {CHECK_STEPS[-1]}"
        return f"No problems found. FibroLearn checked {steps}."
    words = []
    if report.problems:
        words.append(f"The check found {counted(len(report.problems), 'problem')}.")
    if report.restorable:
        words.append(
            "To recover, restore a backup made before the damage: Backups… lists them, and "
            "your collection as it is now is backed up first."
            if writable
            else "To recover, restore a backup made before the damage, once FibroLearn can "
            "write to its data folder."
        )
    if report.repairable:
        words.append(
            f"Repair {repair_words(report)}."
            if writable
            else f"Repair is not offered: {READ_ONLY_BECAUSE[read_only_because]}."
        )
    return " ".join(words)


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
        self._work = WindowWork(self, tasks)  # a repair finishes after the dialog closes
        self._report: HealthReport | None = None  # the last outcome shown
        self._repaired = ""  # what a repair just did, said before the next check's outcome
        self.announcer = Announcer(self)

        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # a problem may quote a card's HTML
        self.status.setWordWrap(True)
        self.status.setAccessibleDescription("Check status")
        self.status.setTextInteractionFlags(_SELECTABLE)
        self.problems = QLabel()
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setWordWrap(True)
        self.problems.setAccessibleDescription("Problems found")  # its name is its text
        tab_stop(self.problems)  # to read them again, or copy them for someone helping
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Check progress")

        self.repair_button = QPushButton("&Repair")
        self.repair_button.setAccessibleName("Repair what needs no backup")
        self.repair_button.clicked.connect(self.start_repair)
        self.backups_button = QPushButton("&Backups…")
        self.backups_button.setAccessibleName("Open Backups to restore one")
        self.backups_button.clicked.connect(self._open_backups)
        self.close_button = QPushButton("Ca&ncel")
        self.close_button.clicked.connect(self.reject)
        # A plain row, not a QDialogButtonBox: the box takes a button it hides out of its
        # layout, and one shown again left Tab's round for good (Repair, after a check).
        buttons = QWidget()
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        for button in (self.repair_button, self.backups_button, self.close_button):
            row.addWidget(button)
        self.arrange((self.status, self.problems, self.progress_bar), buttons)
        self.start_check()

    # ------------------------------------------------------------------ check
    def start_check(self) -> None:
        """Check the collection in the background; the status line follows its steps."""
        database = self._services.database

        def work(control: JobControl) -> HealthReport:
            return check_health(database, control, control.stop_with)

        # The one worker may still be busy (a backup, say): the check starts after it.
        waiting = "Waiting for other work to finish…" if self._tasks.busy else ""
        self._show_running(self._after_repair(waiting or f"Checking {CHECK_STEPS[0]}…"))
        self.close_button.setText("Ca&ncel")  # a check stops when cancelled
        self._control = self._work.run_job(
            work, self._checked, self._failed, self._progressed, unheard=self._check_unheard
        )

    def _progressed(self, done: int, total: int) -> None:
        if self._control is None or done >= total:
            return
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)
        step = f"Checking {CHECK_STEPS[done]} (step {done + 1} of {total})…"
        self.status.setText(self._after_repair(step))

    def _checked(self, report: HealthReport) -> None:
        self._control = None
        self._show_outcome(report)

    def _failed(self, error: Exception) -> None:
        self._control = None
        problem = self._problem(error)
        reason = "The check could not finish." if problem is None else problem.stopped("the check")
        words = self._after_repair(reason)
        self._repaired = ""
        damaged = problem is not None and problem.kind is StorageProblemKind.DAMAGED
        self._show_failure(words, backups=damaged and not self._services.database.read_only)

    def _check_unheard(self, error: Exception) -> None:
        """A check ended in error after the dialog closed (cancelling it, mostly).

        It only read, so only an error of the code's own is worth a report.
        """
        if not isinstance(error, Cancelled):
            self._problem(error)

    # ----------------------------------------------------------------- repair
    def start_repair(self) -> None:
        """Repair what needs no backup (``services.health.repair``), then check once more.

        The repair is one transaction: closing the dialog does not stop it, and a failure
        leaves the collection as it was.
        """
        database = self._services.database
        self._show_running("Repairing… It finishes even if you close this.")
        self.progress_bar.setRange(0, 0)  # busy: the repair reports no steps
        self._work.run(
            lambda: repair(database), self._repair_done, self._repair_failed, unheard=_report
        )

    def _repair_done(self, repaired: Repaired) -> None:
        self._repaired = repaired.words
        self.start_check()

    def _repair_failed(self, error: Exception) -> None:
        problem = self._problem(error)
        words = "Nothing was repaired; the collection is as it was."
        if problem is not None:
            words += f" {problem.message}"
        if self._report is None:  # a repair asked for without a check before it
            self._show_failure(words)
            return
        damaged = problem is not None and problem.kind is StorageProblemKind.DAMAGED
        self._show_outcome(self._report, said_first=words, restorable=damaged)

    # ------------------------------------------------------------------ ending
    def reject(self) -> None:
        """Esc, Cancel or Close: a check still running stops (it only reads)."""
        if self._control is not None:
            self._control.cancel()
            self._control = None
        super().reject()

    def done(self, result: int) -> None:
        """Qt override: every way of closing ends here; the dialog goes once its work has."""
        super().done(result)
        self._work.closed()

    def _open_backups(self) -> None:
        self.accept()
        self._show_backups()

    def _problem(self, error: Exception) -> StorageProblem | None:
        """The disk's or the collection's problem, when that is what failed.

        Worded for a collection opened read-only, when it was. An error of the code's own
        goes to the app's hook, which keeps a report and says where.
        """
        problem = self._services.storage_problem(error)
        if problem is None:
            _report(error)
        return problem

    # ----------------------------------------------------------------- showing
    def _show_running(self, status: str) -> None:
        self.problems.hide()
        self.problems.clear()
        self.progress_bar.setRange(0, len(CHECK_STEPS))
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.status.setText(status)
        self._show_buttons(repair=False, backups=False)
        self.close_button.setFocus()

    def _show_failure(self, words: str, *, backups: bool = False) -> None:
        """Say why the work failed; ``backups``: offer them (damage met, a folder to restore to)."""
        self._show_buttons(repair=False, backups=backups)
        self.progress_bar.hide()
        self._say(words, self.backups_button if backups else self.close_button)

    def _show_outcome(
        self, report: HealthReport, said_first: str = "", *, restorable: bool = False
    ) -> None:
        """Show what the check found; ``restorable``: damage met since, as by a repair."""
        self._report = report
        writable = not self._services.database.read_only
        repairable = report.repairable and writable
        # A read-only folder's Backups window can neither back up nor restore.
        restorable = (report.restorable or restorable) and writable
        self.progress_bar.hide()
        self._show_buttons(repair=repairable, backups=restorable)
        if report.problems:
            self.problems.setText("\n\n".join(report.problems))
            self.problems.show()
        found = found_words(report, read_only_because=self._services.database.read_only_because)
        words = " ".join(part for part in (said_first, self._repaired, found) if part)
        self._repaired = ""
        if repairable:
            action = self.repair_button
        else:
            action = self.backups_button if restorable else self.close_button
        self._say(words, action, *report.problems)

    def _say(self, words: str, focus: QPushButton, *more: str) -> None:
        """Show ``words``, put the focus on ``focus`` (Enter presses it), then read it all out.

        Focus moves first, so that what a screen reader says of the focus cannot cut off the
        announcement.
        """
        self.status.setText(words)
        focus.setDefault(True)
        focus.setFocus()
        self.announcer.announce(" ".join((words, *more)))

    def _after_repair(self, words: str) -> str:
        """``words``, after what a repair just did if there was one."""
        return f"{self._repaired} {words}" if self._repaired else words

    def _show_buttons(self, *, repair: bool, backups: bool) -> None:
        self.repair_button.setVisible(repair)
        self.backups_button.setVisible(backups)
        self.close_button.setText("C&lose")


def _report(error: Exception) -> None:
    """Hand ``error`` to the app's hook, which keeps a report and says where.

    A repair that fails after the dialog closed must not fail unheard.
    """
    sys.excepthook(type(error), error, error.__traceback__)
