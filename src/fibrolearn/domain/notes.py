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


def own_kind(kind: str) -> NoteKind | None:
    """``kind`` as one of FibroLearn's own kinds; None for any other (a template note)."""
    return NoteKind(kind) if kind in tuple(NoteKind) else None


def share_fields(kind: str, other: str) -> bool:
    """Whether notes of the two kinds hold the same fields (basic and reversed do).

    A note that changes between such kinds keeps its text's meaning, so edits can merge.
    """
    own, own_other = own_kind(kind), own_kind(other)
    return own is not None and own_other is not None and field_names(own) == field_names(own_other)


@dataclass(frozen=True, slots=True)
class EditableNote:
    """A note's fields as the field editor shows them.

    Attributes:
        note_id: Database id of the note.
        kind: Basic, reversed, cloze, or "template" (an imported Anki note type).
        fields: Field name to text.
        labels: The fields to edit, in order, with their labels.
        tags: Its tags, separated by spaces.
    """

    note_id: int
    kind: str
    fields: dict[str, str]
    labels: tuple[tuple[str, str], ...]
    tags: str = ""
