"""Changing one card from the study screen: edit its note, suspend it, bury it for the day."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from fibrolearn.domain.browse import NoteError
from fibrolearn.domain.clock import Clock
from fibrolearn.domain.notes import NOTE_FIELDS, EditableNote
from fibrolearn.services.notes import draft_of, note_of_card, save_edit
from fibrolearn.services.study_day import current_study_day
from fibrolearn.storage import card_edits, notes
from fibrolearn.storage.db import Database
from fibrolearn.storage.notes import NoteBefore

_EDITABLE_FIELDS = frozenset(("front", "back", "text", "extra"))


class CardEditService:
    """Each call is one transaction; every change can be taken back by the opposite call."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    def note(self, card_id: int) -> EditableNote:
        """The note a card comes from, to edit.

        Raises:
            NoteError: The card is gone, or its note has an imported Anki note type.
        """
        with self._db.read() as session:
            note = note_of_card(session, card_id)
        fields = {name: getattr(note.draft, name) for name in _EDITABLE_FIELDS}
        return EditableNote(note.note_id, note.draft.kind, fields)

    def update_note(self, note_id: int, fields: dict[str, str]) -> NoteBefore:
        """Save edited fields of a note, as Browse saves an edit; returns what it replaced.

        New cloze numbers get cards of their own, as they do when Browse saves the note.

        Raises:
            NoteError: The note is incomplete or gone, has an Anki note type, or a cloze edit
                drops a deletion one of the note's cards asks about; nothing is written.
        """
        with self._db.write() as session:
            stored = notes.load_note(session, note_id)
            if stored is None:
                raise NoteError("that note no longer exists")
            draft = draft_of(stored)
            unknown = sorted(set(fields) - {name for name, _label in NOTE_FIELDS[draft.kind]})
            if unknown:
                raise NoteError(f"a {draft.kind} note has no field {unknown[0]!r}")
            draft = replace(draft, **fields)
            return save_edit(session, note_id, draft, self._clock.now())

    def revert_edit(self, before: NoteBefore) -> None:
        """Put a note back as it was before :meth:`update_note` (its new cards removed)."""
        with self._db.write() as session:
            notes.revert_update(session, before)

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

    def unbury(self, card_id: int) -> None:
        """Show a buried card again at once."""
        with self._db.write() as session:
            card_edits.set_buried_until(session, card_id, None)
