"""Run Browse's changes to the cards one at a time, and put the learner back where they were.

A change (delete, suspend, add or remove tags, undo) runs on the background worker as a
:class:`~fibrolearn.ui.browse_jobs.ChangeJob`, whose progress shows if it runs long. Meanwhile
the page takes no input but keeps its focus; afterwards the table goes back to the learner's
place, the focus to where it was, and the page says what was done, or why nothing was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from fibrolearn.domain.browse import ChangeReport, NoteError
from fibrolearn.domain.faults import StorageProblem
from fibrolearn.domain.progress import Cancelled, Progress
from fibrolearn.ui.browse_jobs import ChangeJob, InputPause
from fibrolearn.ui.browse_table import KEPT_SELECTION, CardTable, Place
from fibrolearn.ui.formatting import as_sentence
from fibrolearn.ui.tasks import TaskRunner

# Tells the disk's or the collection's problem behind an error, if it was not the code's.
ProblemOf = Callable[[BaseException], StorageProblem | None]


class ChangeRunner:
    """Runs a page's changes, one at a time, and then puts the learner back where they were.

    Args:
        page: The page; it takes no input while a change runs, and owns the progress dialog.
        tasks: The app's background worker; the changes run there.
        table: The page's card table: where the learner was in it is kept.
        changed: Reads the table again at a place (with the cards brought back selected when
            the change was an undo) and says the change's report, if there is one.
        say: Says why a change did not happen.
        busy_changed: Called as a change starts and as it ends.
        problem_of: Tells the disk's or the collection's problem behind a change that was not
            saved (the open collection's ``NoteService.storage_problem``).
    """

    def __init__(
        self,
        page: QWidget,
        tasks: TaskRunner,
        table: CardTable,
        *,
        changed: Callable[[ChangeReport | None, Place | None, bool], None],
        say: Callable[[str], None],
        busy_changed: Callable[[], None],
        problem_of: ProblemOf,
    ) -> None:
        self._page = page
        self._problem_of = problem_of
        self.tasks = tasks  # also for a dialog's own reads
        self._table = table
        self._changed = changed
        self._say = say
        self._busy_changed = busy_changed
        self.job: ChangeJob | None = None
        self._pause = InputPause(page)
        self._place: Place | None = None  # where the learner was as the running change began
        self._focus: QWidget | None = None  # where the keyboard focus was then
        # Cards deleted here, so that when an undo brings some back the cursor goes to them.
        self.deleted: set[int] = set()

    def start(
        self,
        title: str,
        work: Callable[[Progress], ChangeReport | None],
        refused: Callable[[NoteError], str] = as_sentence,
        *,
        deleting: Sequence[int] = (),
        undoing: bool = False,
    ) -> None:
        """Run ``work`` as a job; ``refused`` words its NoteError (an undo's differs).

        ``deleting``: the cards it deletes, to find again when an undo brings them back (a
        bigger delete than the selection a sort keeps is not remembered card by card).
        """
        if self.job is not None:
            return
        self._place = self._table.place()
        ended = partial(self._job_ended, refused, deleting, undoing)
        self.job = ChangeJob(self.tasks, self._page, title, work, ended)
        self._set_busy(True)

    def _job_ended(
        self,
        refused: Callable[[NoteError], str],
        deleting: Sequence[int],
        undoing: bool,
        outcome: ChangeReport | Exception | None,
    ) -> None:
        self.job = None
        self._set_busy(False)
        place, self._place = self._place, None
        if isinstance(outcome, Cancelled):
            self._say("Cancelled. Nothing was changed.")
        elif isinstance(outcome, NoteError):
            self._say(refused(outcome))
            self._changed(None, place, False)  # no report to say: the table is read again
        elif isinstance(outcome, Exception):
            words = not_saved_words(outcome, self._problem_of)
            self._say(words or f"That did not work, and nothing was changed: {outcome}")
        else:
            if len(deleting) <= KEPT_SELECTION:
                self.deleted.update(deleting)
            self._changed(outcome, place, undoing)

    def _set_busy(self, busy: bool) -> None:
        """While a change runs, the page takes no input but nothing is disabled.

        So the focus stays where it is (a long change's progress dialog takes it, and the
        focus comes back when it closes).
        """
        self._pause.pause(busy)
        self._busy_changed()
        if busy:
            focused = QApplication.focusWidget()
            self._focus = focused if focused and self._page.isAncestorOf(focused) else None
            return
        focus, self._focus = self._focus, None
        if focus is None or not focus.isEnabled() or not focus.isVisible():
            focus = self._table
        focus.setFocus(Qt.FocusReason.OtherFocusReason)


def not_saved_words(error: BaseException, problem_of: ProblemOf) -> str | None:
    """Why a write was not saved, when the disk or another program caused it."""
    problem = problem_of(error)
    return None if problem is None else problem.message


@contextmanager
def refused_if_not_saved(problem_of: ProblemOf) -> Iterator[None]:
    """Turn a write the collection could not take into a NoteError, saying why.

    The note editors show a NoteError and stay open with what the learner typed; they end the
    reason with a full stop themselves.
    """
    try:
        yield
    except Exception as error:
        words = not_saved_words(error, problem_of)
        if words is None:
            raise
        raise NoteError(words.removesuffix(".")) from error
