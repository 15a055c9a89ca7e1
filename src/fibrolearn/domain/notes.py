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


def field_names(kind: NoteKind) -> tuple[str, ...]:
    """The stored names of the fields a note of ``kind`` is written in."""
    return tuple(name for name, _label in NOTE_FIELDS[kind])


def share_fields(kind: str, other: str) -> bool:
    """Whether notes of the two kinds hold the same fields (basic and reversed do).

    A note that changes between such kinds keeps its text's meaning, so edits can merge.
    """
    kinds = {str(k): k for k in NOTE_FIELDS}
    return (
        kind in kinds and other in kinds and field_names(kinds[kind]) == field_names(kinds[other])
    )


@dataclass(frozen=True, slots=True)
class EditableNote:
    """A note's fields as the field editor shows them.

    Attributes:
        note_id: Database id of the note.
        kind: Basic, reversed, cloze, or "template" (an imported Anki note type).
        fields: Field name to text.
        labels: The fields to edit, in order, with their labels.
    """

    note_id: int
    kind: str
    fields: dict[str, str]
    labels: tuple[tuple[str, str], ...]
