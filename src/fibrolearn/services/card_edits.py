"""Changing one card from the study screen: edit its note, suspend it, bury it for the day."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from fibrolearn.domain.clock import Clock
from fibrolearn.domain.notes import EditableNote
from fibrolearn.domain.study import ChangedSinceError
from fibrolearn.services.note_edits import editable_note, save_fields
from fibrolearn.services.note_reversals import EditUndone, edit_again, take_back_edit
from fibrolearn.services.study_day import current_study_day
from fibrolearn.storage import card_edits
from fibrolearn.storage.card_edits import SetAside
from fibrolearn.storage.db import Database
from fibrolearn.storage.notes import NoteBefore


@dataclass(frozen=True, slots=True)
class AsideUndone:
    """A suspend or bury taken back: the card as the step left it, and as the undo left it."""

    done: SetAside
    left: SetAside

    @property
    def suspend(self) -> bool:
        """Whether it was a suspend (else a bury)."""
        return self.done.suspended != self.left.suspended


class CardEditService:
    """Each call is one transaction; every change can be taken back by the opposite call."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    def note(self, card_id: int) -> EditableNote:
        """The note a card comes from, field by field, to edit.

        Raises:
            NoteError: The card is gone, or its note's Anki note type is missing.
        """
        with self._db.read() as session:
            return editable_note(session, card_id)

    def update_note(
        self, note_id: int, fields: dict[str, str], tags: str | None = None
    ) -> NoteBefore:
        """Save edited fields of a note, as Browse saves an edit; returns what it replaced.

        New cloze numbers get cards of their own, as they do when Browse saves the note.
        ``tags``: its new tags as typed, separated by spaces or commas (None: as they were).

        Raises:
            NoteError: As :func:`~fibrolearn.services.note_edits.save_fields` says; nothing is
                written.
        """
        with self._db.write(locked=True) as session:
            return save_fields(session, note_id, fields, self._clock.now(), tags)

    def revert_edit(self, before: NoteBefore) -> EditUndone:
        """Put a note back as it was before :meth:`update_note` (its new cards removed).

        Returns what it takes to do the edit again (:meth:`redo_edit`).
        """
        with self._db.write(locked=True) as session:
            return take_back_edit(session, before)

    def redo_edit(self, undone: EditUndone) -> NoteBefore:
        """Save an edit taken back again, exactly; returns what it replaced.

        Raises:
            NoteError: The note is gone, or changed since the edit was taken back.
        """
        with self._db.write(locked=True) as session:
            return edit_again(session, undone)

    def suspend(self, card_id: int) -> None:
        """Take a card out of study until it is restored."""
        with self._db.write() as session:
            card_edits.set_suspended(session, card_id, True)

    def unsuspend(self, card_id: int) -> AsideUndone:
        """Put a card suspended in Study back into study; what it takes to suspend it again.

        Raises:
            LookupError: The card was deleted since.
            ValueError: It was put back into study since (Browse's Ctrl+J, an import): there
                is nothing to take back, and nothing is written. Not a ChangedSinceError,
                which keeps the step: what put the card back may be nothing Browse can undo
                (an import), and the kept step would stop every older one being undone.
        """
        with self._db.write(locked=True) as session:
            done = card_edits.set_aside(session, card_id)
            if not done.suspended:
                raise ValueError(
                    "the card was already back in study (put back in Browse or by an import) "
                    "when that suspend was to be taken back, so there was nothing to take back"
                )
            left = replace(done, suspended=False)
            card_edits.put_aside(session, card_id, left)
        return AsideUndone(done, left)

    def bury_until_tomorrow(self, card_id: int) -> datetime:
        """Hide a card until the next study day begins; returns that moment."""
        now = self._clock.now()
        with self._db.write() as session:
            until = current_study_day(session).end(now)
            card_edits.set_buried_until(session, card_id, until)
        return until

    def unbury(self, card_id: int) -> AsideUndone:
        """Show a buried card again at once; what it takes to bury it again."""
        with self._db.write() as session:
            done = card_edits.set_aside(session, card_id)
            left = replace(done, buried_until=None)
            card_edits.put_aside(session, card_id, left)
        return AsideUndone(done, left)

    def set_aside_again(self, card_id: int, undone: AsideUndone) -> None:
        """Suspend or bury a card again, as the step taken back did.

        Raises:
            LookupError: The card was deleted since.
            ChangedSinceError: The card is no longer as the undo left it (suspended in
                Browse since, or buried by an import): nothing is written.
        """
        with self._db.write(locked=True) as session:
            now = card_edits.set_aside(session, card_id)
            if now != undone.left:
                raise ChangedSinceError(_set_aside_since(undone, now))
            card_edits.put_aside(session, card_id, undone.done)


def _set_aside_since(undone: AsideUndone, now: SetAside) -> str:
    """Why a suspend or bury taken back cannot be done again: the card is set aside since."""
    step, again = ("suspend", "suspends") if undone.suspend else ("bury", "buries")
    if now.suspended and not undone.left.suspended:
        return (
            f"the card was suspended since that {step} was taken back (in Browse or by an "
            f"import). If in Browse, undo that change there first; then Ctrl+Shift+Z here "
            f"{again} it again"
        )
    return f"the card was buried by an import since that {step} was taken back; it stays so"
