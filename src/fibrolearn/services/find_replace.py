"""Browse's Find and replace over the notes of some cards: one change, all or nothing.

The notes are read once (one query however many), rewritten in memory (see
:mod:`fibrolearn.domain.find_replace`) and written back in chunks inside one transaction,
so a cancel or a refusal leaves every note as it was, and one Ctrl+Z takes it all back.

Refused whole, with the reason: notes from a deck file or linked to its facts (a deck update
rewrites them, as Change deck says), and a replacement that would add or take away a card
(a cloze deletion, or the whole text of a side): that is an edit of the note on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import Any

from fibrolearn.domain.browse import NoteError
from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.find_replace import Replacement
from fibrolearn.domain.notes import NOTE_FIELDS
from fibrolearn.domain.progress import Progress
from fibrolearn.domain.words import counted, named_first
from fibrolearn.services.card_resets import in_chunks
from fibrolearn.services.note_edits import cards_made
from fibrolearn.storage import card_moves, note_fields, note_types_repo
from fibrolearn.storage.db import DbSession
from fibrolearn.storage.note_fields import NoteFields
from fibrolearn.storage.note_types_repo import StoredNoteType


@dataclass(frozen=True, slots=True)
class FindScope:
    """The notes a Find and replace looks in, as they were read.

    Attributes:
        notes: The notes, in id order.
        note_types: The Anki note types of those that have one, by id.
        tied: The decks (by name) of notes from a deck file or linked to facts: refused.
    """

    notes: tuple[NoteFields, ...]
    note_types: dict[int, StoredNoteType]
    tied: tuple[str, ...]

    def labels(self, note: NoteFields) -> dict[str, str]:
        """A note's field names and the labels they are chosen by."""
        if note.kind in tuple(NoteKind):
            return dict(NOTE_FIELDS[NoteKind(note.kind)])
        note_type = self.note_types.get(note.note_type_id or 0)
        return {name: name for name in (note_type.fields if note_type else note.fields)}

    def field_labels(self) -> list[str]:
        """Every field the notes have, by label, in the order first met."""
        return list(dict.fromkeys(label for n in self.notes for label in self.labels(n).values()))

    def changes(self, replacement: Replacement) -> list[NoteFields]:
        """The notes the replacement changes, with their new fields (nothing is written).

        Raises:
            FindError: What to find cannot be used (see :class:`Replacement`).
        """
        pattern = replacement.pattern()
        changed = []
        for note in self.notes:
            fields: dict[str, Any] = dict(note.fields)
            for name, label in self.labels(note).items():
                text = fields.get(name)
                if isinstance(text, str) and replacement.field in (None, label):
                    fields[name] = replacement.rewrite(pattern, text)
            if fields != note.fields:
                changed.append(replace(note, fields=fields))
        return changed


@dataclass(frozen=True, slots=True)
class Replaced:
    """What a Find and replace changed, to take back: the notes before and after."""

    before: list[NoteFields]
    after: list[NoteFields]
    looked_in: int  # notes looked in


def read_scope(session: DbSession, card_ids: Sequence[int]) -> FindScope:
    """The notes of these cards, each once."""
    notes = note_fields.fields_of_cards(session, card_ids)
    type_ids = {note.note_type_id for note in notes if note.note_type_id is not None}
    note_types = note_types_repo.note_types(session, type_ids) if type_ids else {}
    tied = card_moves.tied_to_their_deck(session, [note.id for note in notes])
    return FindScope(tuple(notes), note_types, tuple(tied))


def refusal(scope: FindScope) -> str | None:
    """Why nothing may be replaced in these notes, as a sentence's body; None: it may."""
    if not scope.tied:
        return None
    names = ", ".join(named_first(list(scope.tied), 3, "other deck"))
    return (
        f"some notes come from {names}, from a deck file or linked to its facts, and a deck "
        "update would write them over. Search with -deck:… to leave them out"
    )


def find_replace(
    session: DbSession,
    card_ids: Sequence[int],
    replacement: Replacement,
    now: datetime,
    progress: Progress,
) -> Replaced:
    """Replace in the notes of these cards, all or nothing.

    Raises:
        FindError: What to find cannot be used.
        NoteError: Notes tied to a deck file, or a replacement that would add or take away a
            card; nothing is written.
    """
    scope = read_scope(session, card_ids)
    refused = refusal(scope)
    if refused is not None:
        raise NoteError(f"nothing was replaced: {refused}")
    after = scope.changes(replacement)
    before = {note.id: note for note in scope.notes}
    reshaped = [note for note in after if _cards_change(scope, before[note.id], note)]
    if reshaped:
        raise NoteError(
            f"nothing was replaced: in {counted(len(reshaped), 'note')} it would add or take "
            "away a card (a cloze deletion, or all the text of a side). Edit such a note on "
            "its own"
        )
    after = [replace(note, modified_at=now) for note in after]
    in_chunks(after, partial(note_fields.set_fields, session), progress)
    return Replaced([before[note.id] for note in after], after, len(scope.notes))


def put_back(session: DbSession, replaced: Replaced, progress: Progress) -> None:
    """Give the notes back the fields they had, unless any was changed since.

    Raises:
        NoteError: A note was edited (or deleted) since: nothing is put back.
    """
    now = note_fields.fields_of_notes(session, [note.id for note in replaced.after])
    if any(now.get(note.id) != note.fields for note in replaced.after):
        raise NoteError(
            "some of those notes have changed since (or are gone), so the replacement cannot "
            "be taken back; edit the notes instead"
        )
    in_chunks(replaced.before, partial(note_fields.set_fields, session), progress)


def _cards_change(scope: FindScope, before: NoteFields, after: NoteFields) -> bool:
    note_type = scope.note_types.get(before.note_type_id or 0)
    try:
        made = cards_made(after.kind, after.fields, note_type)
    except NoteError:
        return True
    try:
        return made != cards_made(before.kind, before.fields, note_type)
    except NoteError:  # a note already incomplete: only keeping its cards is safe
        return True
