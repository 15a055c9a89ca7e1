"""Changing one card from the study screen: edit its note, suspend it, bury it for the day."""

from __future__ import annotations

from datetime import datetime

from fibrolearn.content.cloze import cloze_numbers, malformed_fragments
from fibrolearn.domain.clock import Clock
from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.notes import NOTE_FIELDS, OPTIONAL_FIELDS, EditableNote
from fibrolearn.services.study_day import current_study_day
from fibrolearn.storage import card_edits
from fibrolearn.storage.db import Database


class CardEditService:
    """Each call is one transaction; every change can be taken back by the opposite call."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    def note(self, card_id: int) -> EditableNote:
        """The note a card comes from, to edit."""
        with self._db.read() as session:
            return card_edits.note_of_card(session, card_id)

    def update_note(self, note_id: int, fields: dict[str, str]) -> dict[str, str]:
        """Save edited fields of a note; returns their previous values (to undo).

        Raises:
            ValueError: A field is unknown or a required one is empty, or a cloze edit drops a
                deletion one of the note's cards asks about; nothing is written.
        """
        with self._db.write() as session:
            note = card_edits.note_by_id(session, note_id)
            _check_fields(note.kind, fields, card_edits.card_ordinals_of_note(session, note_id))
            return card_edits.update_note_fields(session, note_id, fields, self._clock.now())

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


def _check_fields(kind: NoteKind, fields: dict[str, str], ordinals: list[int]) -> None:
    names = dict(NOTE_FIELDS[kind])
    for name, text in fields.items():
        if name not in names:
            raise ValueError(f"a {kind} note has no field {name!r}")
        if name not in OPTIONAL_FIELDS and not text.strip():
            raise ValueError(f"{names[name]} cannot be empty")
    text = fields.get("text")
    if kind is NoteKind.CLOZE and text is not None:
        broken = malformed_fragments(text)
        if broken:
            raise ValueError(f"this does not look like a cloze deletion: {broken[0]}")
        missing = sorted(set(ordinals) - set(cloze_numbers(text)))
        if missing:
            number = missing[0]
            raise ValueError(
                f"the text no longer has a {{{{c{number}::...}}}} deletion, which card {number} "
                "of this note asks about"
            )
