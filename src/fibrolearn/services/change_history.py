"""Browse's changes, kept to take back (Ctrl+Z) and to do again (Ctrl+Shift+Z) while the app runs.

Every change is kept with the function that reverses it; running that function (in one
transaction) gives the function that reverses it in turn. So an undo gives a redo, a redo an
undo again, each exactly the opposite of the other, for as long as the learner goes back and
forth. A new change clears what there is to redo, as in every editor.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

from fibrolearn.domain.browse import ChangeReport, NoteError
from fibrolearn.domain.progress import NoProgress, Progress
from fibrolearn.storage.db import Database, DbSession

UNDO_DEPTH = 30


@dataclass(frozen=True, slots=True)
class Applied:
    """What running a reversal did, and what reverses it in turn (None: nothing can)."""

    report: ChangeReport
    opposite: Reversal | None


Reversal = Callable[[DbSession, Progress], Applied]


@dataclass(frozen=True, slots=True)
class Change:
    """A change to take back, or one taken back to do again."""

    label: str  # "forget 12 cards": completes "Undo …" and "Redo …"
    reverse: Reversal | None  # None: a change taken back that cannot be done again


class ChangeHistory:
    """The changes to undo and to redo, newest last; safe to use from the worker thread."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._undo: list[Change] = []
        self._redo: list[Change] = []
        self._lock = threading.Lock()  # bulk changes run on the worker thread

    def undo_label(self) -> str | None:
        """What Undo would take back ("delete 3 notes"), or None when there is nothing."""
        with self._lock:
            return self._undo[-1].label if self._undo else None

    def redo_label(self) -> tuple[str, bool] | None:
        """What Redo would do again, and whether it can; None when nothing was undone."""
        with self._lock:
            newest = self._redo[-1] if self._redo else None
        return None if newest is None else (newest.label, newest.reverse is not None)

    def push(self, change: Change) -> None:
        """Keep a new change to undo; what there was to redo goes."""
        with self._lock:
            self._redo.clear()
            self._keep(self._undo, change)

    def clear(self) -> None:
        """Forget everything there is to undo and redo."""
        with self._lock:
            self._undo.clear()
            self._redo.clear()

    def undo(self, progress: Progress | None = None) -> ChangeReport | None:
        """Take back the newest change; None when there is nothing to undo.

        Raises:
            NoteError: The change cannot be taken back any more (it is dropped).
            Cancelled: The undo was cancelled; it stays available.
        """
        return self._run(self._undo, self._redo, progress, redoing=False)

    def redo(self, progress: Progress | None = None) -> ChangeReport | None:
        """Do again the newest change taken back; None when there is nothing to redo.

        All or nothing, as the change itself was.

        Raises:
            NoteError: Some of its cards or notes changed since (in Study, by an import),
                or it cannot be done again at all; nothing is written and the step is kept:
                once that newer change is undone, Redo works again.
            Cancelled: The redo was cancelled; it stays available.
        """
        return self._run(self._redo, self._undo, progress, redoing=True)

    def _run(
        self,
        source: list[Change],
        target: list[Change],
        progress: Progress | None,
        *,
        redoing: bool,
    ) -> ChangeReport | None:
        with self._lock:
            if not source:
                return None
            change = source.pop()
        try:
            if change.reverse is None:
                raise NoteError(f"{change.label} cannot be done again")
            with self._db.write(locked=True) as session:
                applied = change.reverse(session, progress or NoProgress())
        except NoteError:
            if redoing:  # a redo refused stays, as the undo of a study step does
                self._put_back(source, change)
            raise
        except BaseException:
            self._put_back(source, change)
            raise
        with self._lock:
            self._keep(target, Change(change.label, applied.opposite))
        if redoing:
            return replace(applied.report, message=f"Redid: {_sentence(change.label)}.")
        return applied.report

    def _put_back(self, stack: list[Change], change: Change) -> None:
        with self._lock:
            stack.append(change)

    @staticmethod
    def _keep(stack: list[Change], change: Change) -> None:
        stack.append(change)
        del stack[:-UNDO_DEPTH]


def _sentence(label: str) -> str:
    return label[:1].upper() + label[1:]
