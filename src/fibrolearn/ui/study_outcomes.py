"""What the study screen's card actions come to, said before the card they put on screen.

Undo (Ctrl+Z), Redo (Ctrl+Shift+Z), Edit (E), Suspend (S) and Bury (B) change what the session
shows: it shows the
next card, and says it, before the action's own outcome is known. :class:`OutcomeFirst` holds
what is said meanwhile and says the outcome first, in one message. :func:`take_back` and
:func:`edit_in_dialog` run the two actions whose outcome needs more than a fixed sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from fibrolearn.domain.enums import Undone
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.dialogs import accepted
from fibrolearn.ui.formatting import redo_refused, undo_refused

if TYPE_CHECKING:
    from fibrolearn.services.session import StudySession

_UNDONE_WORDS = {
    Undone.ANSWER: "Answer taken back.",
    Undone.SUSPEND: "The card is back in study.",
    Undone.BURY: "The card is back in today's queue.",
    Undone.EDIT: "Edit taken back.",
}
_REDONE_WORDS = {
    Undone.ANSWER: "Redid: Answer. The card is answered again as it was.",
    Undone.SUSPEND: "Redid: Suspend card.",
    Undone.BURY: "Redid: Bury card.",
    Undone.EDIT: "Redid: Edit card.",
}


class OutcomeFirst:
    """Says what the study screen shows; while a card action runs, after that action's outcome.

    Args:
        announcer: The study screen's announcer, which screen readers hear.
        status: Shows an outcome in the window's status line.
    """

    def __init__(self, announcer: Announcer, status: Callable[[str], None]) -> None:
        self._announcer = announcer
        self._status = status
        self._held: list[str] | None = None  # said after a card action's outcome, if one runs
        self._told: list[str] = []  # shown after it in the status line, meanwhile

    def say(self, text: str) -> None:
        """Have a screen reader say ``text``: now, or after the outcome of a card action."""
        if self._held is None:
            self._announcer.announce(text)
        else:
            self._held.append(text)

    def tell(self, text: str) -> None:
        """Show ``text`` in the status line too: now, or after a card action's outcome."""
        if self._held is None:
            self._status(text)
        else:
            self._told.append(text)
        self.say(text)

    def outcome_first(self, act: Callable[[], str | None]) -> str | None:
        """Run a card action and say its outcome, then what it put on screen, in one message.

        The action shows the next card (and says it) before its outcome is known: said in
        that order, the outcome cut the question off. Returns the outcome (None: none).
        """
        self._held, outcome = [], None
        try:
            outcome = act()
            return outcome
        finally:  # what was shown is said even if the action failed half-way
            said, self._held = self._held, None
            told, self._told = self._told, []
            if outcome is not None:
                said.insert(0, outcome)
                told.insert(0, outcome)
            if told:  # a notice the action gave (a card taken back is out of study) stays
                self._status(" ".join(told))
            if said:
                self._announcer.announce(" ".join(said))


def take_back(session: StudySession | None, *, redo: bool = False) -> str | None:
    """Undo the last step (or ``redo`` the last undone); what was done, or why not.

    None: there was nothing to do.
    """
    try:
        done = (session.redo() if redo else session.undo()) if session else None
    except ValueError as refusal:  # NoteError, ChangedSinceError
        return (redo_refused if redo else undo_refused)(refusal)
    return None if done is None else (_REDONE_WORDS if redo else _UNDONE_WORDS)[done]


def edit_in_dialog(session: StudySession | None, parent: QWidget) -> str | None:
    """Edit the card's note; what came of it (None: nothing was changed)."""
    try:
        note = session.note() if session else None
    except ValueError as refusal:  # e.g. the card is gone, or its Anki note type
        return str(refusal)
    if session is None or note is None:
        return None
    new_cards = 0

    def save(fields: dict[str, str], tags: str | None) -> None:
        nonlocal new_cards
        new_cards = session.edit_note(note.note_id, fields, tags)

    from fibrolearn.ui.note_editor import FieldsEditorDialog  # noqa: PLC0415 - not for start-up

    dialog = FieldsEditorDialog(note, save, parent)
    with session.covered():  # editing the note is not answering the card
        saved = accepted(dialog)
    if not saved or not dialog.changed():
        return None
    made = {0: "", 1: " It made a new card."}.get(new_cards, f" It made {new_cards} new cards.")
    return f"Card saved.{made} Ctrl+Z takes the edit back."
