"""Tell the learner, calmly, when the disk refuses a write; keep the window usable.

The failed action's transaction rolled back, so the screen stays as it was: the card shown
can still be read and its answer shown; answering again works once the disk is writable.
:func:`install_storage_error_hook` routes such failures from any slot here, so no screen has
to catch them itself; a screen that wants to can call :meth:`StorageErrorNotice.report`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from fibrolearn.domain.faults import StorageProblem, StorageProblemKind
from fibrolearn.services.storage_errors import storage_problem

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class StorageErrorNotice:
    """One message box at a time about the disk, kept up to date rather than stacked."""

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        self.box: QMessageBox | None = None

    def report(self, error: BaseException) -> bool:
        """Show the message if ``error`` is a disk problem; returns whether it was one."""
        problem = storage_problem(error)
        if problem is None:
            return False
        self.show(problem)
        return True

    def show(self, problem: StorageProblem) -> None:
        """Show (or update) the message about ``problem``; it does not block the window."""
        if self.box is None:
            self.box = QMessageBox(self._parent)
            self.box.setIcon(QMessageBox.Icon.Warning)
            self.box.setStandardButtons(QMessageBox.StandardButton.Ok)
            self.box.setDefaultButton(QMessageBox.StandardButton.Ok)
            self.box.finished.connect(self._closed)
        # Damage may be met in reading, after what came before was saved.
        damaged = problem.kind is StorageProblemKind.DAMAGED
        self.box.setWindowTitle("Collection damaged" if damaged else "Not saved")
        self.box.setText(problem.message)
        self.box.setDetailedText(problem.detail)
        self.box.setAccessibleDescription(problem.message)
        self.box.open()
        # Enter means OK, not "Show Details…" (which would otherwise take the focus).
        self.box.button(QMessageBox.StandardButton.Ok).setFocus(Qt.FocusReason.OtherFocusReason)

    def _closed(self) -> None:
        self.box = None


def install_storage_error_hook(notice: StorageErrorNotice) -> ExceptHook:
    """Send disk problems raised in any slot to ``notice``; returns the previous hook.

    Qt reports an exception escaping a Python slot through ``sys.excepthook``; everything
    that is not a disk problem still goes to the hook that was there before.
    """
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if not notice.report(error):
            previous(kind, error, trace)

    sys.excepthook = hook
    return previous
