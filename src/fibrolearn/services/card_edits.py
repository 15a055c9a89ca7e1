"""Changing one card from the study screen: edit its note, suspend it, bury it for the day."""

from __future__ import annotations

from datetime import datetime

from fibrolearn.domain.clock import Clock
from fibrolearn.domain.notes import EditableNote
from fibrolearn.services.note_edits import editable_note, save_fields
from fibrolearn.services.note_reversals import EditUndone, edit_again, take_back_edit
from fibrolearn.services.study_day import current_study_day
from fibrolearn.storage import card_edits
from fibrolearn.storage.db import Database
from fibrolearn.storage.notes import NoteBefore


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
        ``tags``: its new tags, separated by spaces (None: as they were).

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

    def unsuspend(self, card_id: int) -> None:
        """Put a suspended card back into study."""
        with self._db.write() as session:
            card_edits.set_suspended(session, card_id, False)

    def bury_until_tomorrow(self, card_id: int) -> datetime:
        """Hide a card until the next study day begins; returns that moment."""
        now = self._clock.now()
        with self._db.write() as session:
            until = current_study_day(session).end(now)
            card_edits.set_buried_until(session, card_id, until)
        return until

    def bury(self, card_id: int, until: datetime) -> None:
        """Hide a card until ``until`` again (a bury taken back, done again)."""
        with self._db.write() as session:
            card_edits.set_buried_until(session, card_id, until)

    def unbury(self, card_id: int) -> datetime | None:
        """Show a buried card again at once; returns until when it was buried."""
        with self._db.write() as session:
            return card_edits.set_buried_until(session, card_id, None)
