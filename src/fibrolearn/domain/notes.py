"""Which fields each kind of note has, for editing a note."""

from __future__ import annotations

from dataclasses import dataclass

from fibrolearn.domain.enums import NoteKind

# The fields a learner edits, in display order, with their labels.
NOTE_FIELDS: dict[NoteKind, tuple[tuple[str, str], ...]] = {
    NoteKind.BASIC: (("front", "Front"), ("back", "Back")),
    NoteKind.REVERSED: (("front", "Front"), ("back", "Back")),
    NoteKind.CLOZE: (("text", "Text with {{c1::deletions}}"), ("extra", "Extra")),
}


@dataclass(frozen=True, slots=True)
class EditableNote:
    """A note's fields as the editor shows them.

    Attributes:
        note_id: Database id of the note.
        kind: Basic, reversed or cloze; decides which fields exist.
        fields: Field name to text.
    """

    note_id: int
    kind: NoteKind
    fields: dict[str, str]
