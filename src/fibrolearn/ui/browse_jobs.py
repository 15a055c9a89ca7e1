"""Run a Browse change in the background with a progress dialog that can cancel it.

Quick changes finish before the dialog would appear (it waits ``SHOW_AFTER_MS``), so only long
work, such as deleting thousands of cards, ever shows it. A cancelled change rolls back whole.
Meanwhile an :class:`InputPause` keeps keys and clicks from the page, which keeps its focus.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QProgressDialog, QWidget
from shiboken6 import isValid

from fibrolearn.domain.browse import ChangeReport
from fibrolearn.domain.progress import Progress
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.labels import breakable_words
from fibrolearn.ui.tasks import JobControl, TaskRunner

SHOW_AFTER_MS = 500
CANCELLING = "Cancelling… nothing will be changed."
_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.ContextMenu,
        QEvent.Type.InputMethod,  # text from an input method or an on-screen keyboard
    }
)


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
        self.dialog.setLabel(_wrapping_label(title))
        self.dialog.setBar(_named_bar(title))
        self.dialog.setWindowTitle("FibroLearn")
        self.dialog.setAccessibleName(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setValue(0)  # starts the timer that shows the dialog if the work runs long
        self.control: JobControl = tasks.run_job(work, self._end, self._end, self._progressed)
        self._announcer = Announcer(self.dialog)
        # After the dialog's own handler, which hides it: this shows it again.
        self.dialog.canceled.connect(self.cancel)

    def cancel(self) -> None:
        """Ask the change to stop; it rolls back and ends with ``Cancelled``.

        The dialog stays until it has: Qt's own cancel hides it at once, which left the page
        taking no keys, and nothing said, until the rollback ended.
        """
        self.control.cancel()
        self.dialog.setLabelText(CANCELLING)
        self.dialog.show()
        self._announcer.announce(CANCELLING)

    def _progressed(self, done: int, total: int) -> None:
        if not self.control.cancel_requested:
            self.dialog.setMaximum(total)
            self.dialog.setValue(done)

    def _end(self, outcome: ChangeReport | Exception | None) -> None:
        self.dialog.hide()
        self.dialog.deleteLater()
        self._finished(outcome)


def _wrapping_label(title: str) -> QLabel:
    """What is being done, on as many lines as it needs: a long deck name in it wraps.

    On one line, as Qt's own, "Deleting “…”…" with a deck name of 120 letters made the
    dialog as wide as the name, past the screen's edge.
    """
    label = QLabel(breakable_words(title, copyable=False))  # a progress label is not copied
    label.setTextFormat(Qt.TextFormat.PlainText)  # a deck's name may hold "<"
    label.setWordWrap(True)
    return label


def _named_bar(title: str) -> QProgressBar:
    """A progress bar from 0 to 1, named for screen readers after what is being done."""
    bar = QProgressBar()
    bar.setRange(0, 1)
    bar.setAccessibleName(f"{title.removesuffix('…')}: progress")
    return bar


class InputPause(QObject):
    """Keeps keys and clicks from a widget and everything in it while a change runs.

    Disabling the controls instead would send the keyboard focus away from the one in use,
    through every control a screen reader then names, and back. Paused, they keep the focus;
    their keys (shortcuts too) do nothing. Other windows, a progress dialog among them, still
    take input.

    The filter sits on the widget and each widget in it, not on the whole application: there,
    PySide had to make a Python object of every object any event went to, some of them half
    destroyed, and that crashed Qt now and then (seen in CI while a change ran). A widget
    made in the page while a change runs would not be held back; none is (the table is not
    edited in place, and menus are windows of their own).
    """

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._widget = widget
        self._watched: list[QWidget] = []
        self.paused = False

    def pause(self, paused: bool) -> None:
        """Start (True) or end (False) keeping input from the widget."""
        if paused and not self.paused:
            self._watched = _in_same_window(self._widget)
            for widget in self._watched:
                widget.installEventFilter(self)
        elif self.paused and not paused:
            for widget in self._watched:
                if isValid(widget):  # not deleted while the change ran
                    widget.removeEventFilter(self)
            self._watched = []
        self.paused = paused

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        """Qt override: swallow input meant for the widget or anything in it."""
        if event.type() not in _INPUT:
            return False
        event.accept()  # a claimed ShortcutOverride: no window shortcut runs on the key
        return True


def _in_same_window(widget: QWidget) -> list[QWidget]:
    """``widget`` and the widgets in it, but not its dialogs (other windows) nor their insides.

    Not ``findChildren``: it made a Python object of everything in every dialog too, and a
    closed dialog's leftovers there once crashed it (the progress dialog is one of them).
    """
    found = [widget]
    for child in widget.children():
        if isinstance(child, QWidget) and not child.isWindow():
            found.extend(_in_same_window(child))
    return found
