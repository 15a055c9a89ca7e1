"""Browse's Undo (Ctrl+Z) and Redo (Ctrl+Shift+Z, or Ctrl+Y): the page's own, never the window's.

Both stay enabled while the page shows, even with nothing to do: passed on, the keys would
reach the window's Undo and Redo, which act on a study step elsewhere. Their text names what
they would do ("Undo delete 3 notes", "Redo forget 12 cards"), as the Edit menu shows it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence

from fibrolearn.services.notes import NoteService
from fibrolearn.ui.browse_changes import ChangeRunner
from fibrolearn.ui.browse_keys import KeyBinding
from fibrolearn.ui.formatting import nothing_to_undo, redo_refused, undo_refused
from fibrolearn.ui.undo_words import REDO_KEYS, Named, redo_text, undo_text

_REDO = "Red&o"  # Alt+R is the Search button's


class UndoActions:
    """The page's Undo and Redo actions, and running them as the page's changes run."""

    def __init__(
        self,
        make_action: Callable[[str, str, Callable[[], object]], QAction],
        changes: ChangeRunner,
        notes: Callable[[], NoteService],
        say: Callable[[str], None],
    ) -> None:
        self._changes = changes
        self._notes = notes
        self._say = say
        self.undo_action = make_action("&Undo", "Ctrl+Z", self.undo)
        self.redo_action = make_action(_REDO, REDO_KEYS[0], self.redo)
        self.redo_action.setShortcuts([QKeySequence(keys) for keys in REDO_KEYS])

    def bindings(self) -> list[KeyBinding]:
        """The keys the page claims for them, every one of each."""
        return [
            KeyBinding(keys, action)
            for action in (self.undo_action, self.redo_action)
            for keys in action.shortcuts()
        ]

    def act(self, *, redo: bool = False) -> bool:
        """Undo, or ``redo``; False when there was nothing to do."""
        return self.redo() if redo else self.undo()

    def undo(self) -> bool:
        """Ctrl+Z: take back the newest Browse change; False when there is none."""
        if self._notes().undo_label is None:
            self._say("Nothing to undo in Browse.")
            return False
        self._changes.start("Undoing…", self._notes().undo, undo_refused, undoing=True)
        return True

    def redo(self) -> bool:
        """Ctrl+Shift+Z: do again the newest Browse change undone; False when there is none."""
        if self._notes().redo_label is None:
            self._say("Nothing to redo in Browse.")
            return False
        # As an undo: the cards it brings back (a delete undone, then redone, say) are found.
        self._changes.start("Redoing…", self._notes().redo, redo_refused, undoing=True)
        return True

    def update(self, ready: bool) -> None:
        """On while the page shows; each names what it would do."""
        notes = self._notes()
        self.undo_action.setEnabled(ready)
        self.undo_action.setText(undo_text(named(notes)))
        self.redo_action.setEnabled(ready)
        self.redo_action.setText(redo_text(notes.redo_label, _REDO))


def named(notes: NoteService, *, redo: bool = False) -> Named:
    """What Browse's Undo (or ``redo``) would act on, and whether it can; None: nothing."""
    if redo:
        return notes.redo_label
    label = notes.undo_label
    return None if label is None else (label, True)


def nothing_here(notes: NoteService, *, redo: bool = False) -> str:
    """Ctrl+Z (or ``redo``) outside Browse with no study step: Browse's own change is named."""
    browse = named(notes, redo=redo)
    return nothing_to_undo(None if browse is None else browse[0], redo=redo)
