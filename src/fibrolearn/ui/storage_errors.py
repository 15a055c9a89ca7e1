"""Say calmly why an action failed (the disk, damage, or the code); keep the window usable.

The failed action's transaction rolled back, so the screen stays as it was: the card shown
can still be read and its answer shown; answering again works once the disk is writable.
:func:`install_storage_error_hook` routes such failures from any slot here, so no screen has
to catch them itself; a screen that wants to can call :meth:`StorageErrorNotice.report`.
An error that is neither the disk's nor damage is the code's: it is said as such too, with a
report saved beside the collection, rather than leaving an action that silently did nothing.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QMessageBox, QWidget

from fibrolearn.domain.faults import StorageProblem, StorageProblemKind
from fibrolearn.paths import AppPaths
from fibrolearn.services.error_reports import save_error_report
from fibrolearn.services.storage_errors import storage_problem
from fibrolearn.ui.dialogs import freed_when_closed
from fibrolearn.ui.questions import message_box

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]

UNEXPECTED_TITLE = "Something went wrong"
_SHOWN_AT_MOST = 3  # times one unexpected error's message opens in a run


# What the message box is titled: damage is met in reading too, so not "Not saved".
_TITLES = {
    StorageProblemKind.DAMAGED: "Collection damaged",
    StorageProblemKind.SETTING_DAMAGED: "Setting damaged",
}


class StorageErrorNotice:
    """One message box at a time about a failed action, kept up to date rather than stacked.

    With the app's ``paths``, damage to the collection's table definitions is told too (and
    a changed search-text trigger, which a repair puts right), and a
    report of an error the code did not expect is saved in the data folder; without them,
    such errors are left to the previous ``sys.excepthook`` alone.
    """

    def __init__(self, parent: QWidget, paths: AppPaths | None = None) -> None:
        self._parent = parent
        self._paths = paths
        self._unexpected = 0  # such errors while the box is up
        self._reports_of: dict[str, tuple[int, Path | None]] = {}  # traceback: times, report
        self.box: QMessageBox | None = None
        self._problem_of = self._problem_before_opening

    def use_collection(self, problem_of: Callable[[BaseException], StorageProblem | None]) -> None:
        """Tell problems as the open collection does (``Services.storage_problem``).

        Damage in one opened read-only is then not told to restore a backup at once, which
        cannot write there.
        """
        self._problem_of = problem_of

    def _problem_before_opening(self, error: BaseException) -> StorageProblem | None:
        return storage_problem(error, self._paths.collection if self._paths else None)

    def report(self, error: BaseException) -> bool:
        """Show the message if ``error`` is a storage problem; returns whether it was."""
        problem = self._problem_of(error)
        if problem is None:
            return False
        self.show(problem)
        return True

    def show(self, problem: StorageProblem) -> None:
        """Show (or update) the message about ``problem``; it does not block the window."""
        # Damage may be met in reading, after what came before was saved.
        unsaved = "Maybe not saved" if problem.maybe_saved else "Not saved"
        title = _TITLES.get(problem.kind, unsaved)
        self._show(title, problem.message, problem.detail)

    def tell(self, title: str, message: str, detail: str = "") -> None:
        """Show (or update) the message in the action's own words.

        Which step failed, what it changed and what to do, where the action knows them.
        """
        self._show(title, message, detail)

    def report_unexpected(self, error: BaseException) -> bool:
        """Save a report of ``error``, a failure of the code, and say so; whether it was said.

        One error keeps one report, however often it comes (a broken timer or paint would
        otherwise fill the file), and its message is shown at most a few times a run, so that
        it cannot bury the window. An error on a worker thread is only saved: the message
        belongs to the window's thread.
        """
        if self._paths is None:
            return False
        details = "".join(traceback.format_exception(error))
        times, saved = self._reports_of.get(details, (0, None))
        if times == 0:
            saved = save_error_report(self._paths.data_dir, details, datetime.now().astimezone())
        times += 1
        self._reports_of[details] = (times, saved)
        on_window_thread = QThread.currentThread() is self._parent.thread()
        if not on_window_thread or (times > _SHOWN_AT_MOST and self.box is None):
            return False
        self._unexpected = self._unexpected + 1 if self.box is not None else 1
        where = (
            f"A report of it was saved in {saved}; it stays on this computer."
            if saved is not None
            else "A report of it could not be saved (the disk refused it)."
        )
        again = f" It has happened {self._unexpected} times now." if self._unexpected > 1 else ""
        message = (
            "FibroLearn met an error it did not expect, so what you just did may not have "
            f"finished.{again} Everything saved before it is kept.\n\n{where} If it keeps "
            "happening, Tools ▸ Check collection… looks for damage in your collection, and "
            "restarting FibroLearn may help."
        )
        self._show(UNEXPECTED_TITLE, message, details)
        return True

    def _show(self, title: str, message: str, detail: str) -> None:
        if self.box is None:
            self.box = message_box(self._parent, QMessageBox.Icon.Warning, title, message)
            self.box.setStandardButtons(QMessageBox.StandardButton.Ok)
            self.box.setDefaultButton(QMessageBox.StandardButton.Ok)
            self.box.finished.connect(self._closed)
            freed_when_closed(self.box)  # another error later makes another
        self.box.setWindowTitle(title)
        self.box.setText(message)
        self.box.setDetailedText(detail)
        self.box.setAccessibleDescription(message)
        self.box.open()
        # Enter means OK, not "Show Details…" (which would otherwise take the focus).
        self.box.button(QMessageBox.StandardButton.Ok).setFocus(Qt.FocusReason.OtherFocusReason)

    def _closed(self) -> None:
        self.box = None
        self._unexpected = 0


def install_storage_error_hook(notice: StorageErrorNotice) -> ExceptHook:
    """Send failures raised in any slot to ``notice``; returns the previous hook.

    Qt reports an exception escaping a Python slot through ``sys.excepthook``. A disk
    problem or damage is said and handled there; anything else (the code's own failure)
    still goes to the hook that was there before (the terminal), and is said as unexpected.
    """
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if notice.report(error):
            return
        previous(kind, error, trace)
        if isinstance(error, Exception):  # not KeyboardInterrupt or SystemExit
            notice.report_unexpected(error)

    sys.excepthook = hook
    return previous
