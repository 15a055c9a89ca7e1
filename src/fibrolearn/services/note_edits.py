"""Reading a note for editing, and checking and saving an edit (Browse and Study share it).

An edit is refused whole, with the reason, when it would leave a note incomplete, change its
kind, or drop a cloze deletion that one of its cards asks about.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from fibrolearn.content.cloze import cloze_numbers, malformed_fragments, nested_fragments
from fibrolearn.domain.browse import NoteDraft, NoteError, NoteToEdit
from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.html_text import shows_nothing
from fibrolearn.domain.notes import NOTE_FIELDS, EditableNote
from fibrolearn.services.notes_tags import split_tags, typed
from fibrolearn.storage import note_types_repo, notes
from fibrolearn.storage.db import DbSession
from fibrolearn.storage.note_types_repo import StoredNoteType


def note_of_card(session: DbSession, card_id: int) -> NoteToEdit:
    """The note a card comes from, as the editors show it.

    Raises:
        NoteError: The card is gone, or its note has an imported Anki note type.
    """
    stored = _stored_note_of_card(session, card_id)
    return NoteToEdit(stored.note_id, stored.deck_id, stored.deck, draft_of(stored))


def draft_of(stored: notes.StoredNote) -> NoteDraft:
    """A stored note as the editors show it.

    Raises:
        NoteError: The note has an imported Anki note type: its fields are edited one by one
            (:func:`editable_note`, :func:`save_fields`), not as a draft.
    """
    if stored.kind not in tuple(NoteKind):
        raise NoteError("this note has its own Anki note type, so its fields are edited one by one")
    return _draft(NoteKind(stored.kind), stored.fields, tuple(split_tags(stored.tags)))


def _draft(kind: NoteKind, fields: Mapping[str, Any], tags: tuple[str, ...] = ()) -> NoteDraft:
    text = {name: str(fields.get(name) or "") for name in ("front", "back", "text")}
    return NoteDraft(kind=kind, extra=str(fields.get("extra") or ""), tags=tags, **text)


def cards_made(
    kind: str, fields: Mapping[str, Any], note_type: StoredNoteType | None
) -> tuple[int, ...]:
    """The cards (ordinals) a note's fields make, counted as an edit counts them.

    Raises:
        NoteError: Fields that make no note of FibroLearn's own kinds (an empty side, no
            cloze deletion), or an Anki note type missing (``note_type`` None).
    """
    if kind in tuple(NoteKind):
        return checked_draft(_draft(NoteKind(kind), fields))[1]
    if note_type is None:
        raise NoteError("this note's Anki note type is missing from the collection")
    return _anki_note_ordinals(note_type, fields)


def save_edit(
    session: DbSession, note_id: int, draft: NoteDraft, now: datetime
) -> notes.NoteBefore:
    """Write an edited note in ``session``; new cloze numbers get cards. Returns what it replaced.

    Browse and the study screen both save edits here, so both check them alike.

    Raises:
        NoteError: The note is incomplete, gone, changes kind, or drops a cloze deletion one
            of its cards asks about; nothing is written.
    """
    fields, ordinals = checked_draft(draft)
    stored = notes.load_note(session, note_id)
    if stored is None:
        raise NoteError("that note no longer exists")
    if stored.kind != draft.kind:
        raise NoteError(f"a {stored.kind} note cannot become a {draft.kind} note")
    _refuse_dropped_cards(session, note_id, ordinals)
    return notes.update_note(
        session,
        note_id,
        fields=fields,
        tags=" ".join(split_tags(" ".join(draft.tags))),
        ordinals=ordinals,
        now=now,
    )


def editable_note(session: DbSession, card_id: int) -> EditableNote:
    """The note of a card as the field editor shows it, whatever its kind.

    Raises:
        NoteError: The card is gone, or its note's Anki note type is missing.
    """
    stored = _stored_note_of_card(session, card_id)
    if stored.kind in tuple(NoteKind):
        labels = NOTE_FIELDS[NoteKind(stored.kind)]
    else:
        labels = tuple((name, name) for name in _note_type(session, stored).fields)
    fields = {name: str(stored.fields.get(name) or "") for name, _label in labels}
    return EditableNote(stored.note_id, stored.kind, fields, labels, stored.tags)


def save_fields(
    session: DbSession,
    note_id: int,
    fields: Mapping[str, str],
    now: datetime,
    tags: str | None = None,
) -> notes.NoteBefore:
    """Write new text for some fields of any note (the field editor's save); what it replaced.

    ``tags``: its new tags as typed, separated by spaces or commas (None: as they were).

    A note of FibroLearn's own kinds is checked as :func:`save_edit` checks it. A note of an
    imported Anki note type follows Anki's rules: a cloze note type has a card for each
    deletion number (in a field its front template shows through ``cloze:``), a standard one
    a card for each template whose question shows some of the note's text, so filling a
    field can add a card.

    Raises:
        NoteError: A field the note does not have, a note type missing, or one of
            :func:`save_edit`'s refusals for FibroLearn's own kinds; for every kind, taking
            away what a card asks about (a deletion, or all the text of its question).
            Nothing is written.
    """
    stored = notes.load_note(session, note_id)
    if stored is None:
        raise NoteError("that note no longer exists")
    if stored.kind in tuple(NoteKind):
        draft = draft_of(stored)
        _refuse_unknown(fields, [name for name, _label in NOTE_FIELDS[draft.kind]], draft.kind)
        if tags is not None:
            draft = replace(draft, tags=tuple(typed(tags)))
        return save_edit(session, note_id, replace(draft, **fields), now)
    note_type = _note_type(session, stored)
    _refuse_unknown(fields, note_type.fields, note_type.name)
    merged = {**stored.fields, **fields}
    active = tuple(notes.active_ordinals(session, note_id))
    if note_type.kind == "cloze":
        # Anki's rules (nesting, stray braces shown as text); a note with no deletion keeps its
        # cards, as Anki still shows card 1.
        ordinals = _anki_note_ordinals(note_type, merged) or active
        _refuse_dropped_cards(session, note_id, ordinals)
    else:
        ordinals = _anki_note_ordinals(note_type, merged)
        # Only a card this edit empties: one imported blank (Anki allows them) stays as it is.
        shown = set(active) & set(_anki_note_ordinals(note_type, stored.fields))
        _refuse_emptied_cards(shown, ordinals)
        ordinals = tuple(sorted(set(active) | set(ordinals)))
    kept_tags = stored.tags if tags is None else " ".join(typed(tags))
    return notes.update_note(
        session, note_id, fields=merged, tags=kept_tags, ordinals=ordinals, now=now
    )


def _stored_note_of_card(session: DbSession, card_id: int) -> notes.StoredNote:
    note_id = notes.note_of_card(session, card_id)
    stored = None if note_id is None else notes.load_note(session, note_id)
    if stored is None:
        raise NoteError("that card no longer exists")
    return stored


def _note_type(session: DbSession, stored: notes.StoredNote) -> StoredNoteType:
    found = note_types_repo.note_types(session, [stored.note_type_id or 0])
    if not found:
        raise NoteError("this note's Anki note type is missing from the collection")
    return next(iter(found.values()))


def _anki_note_ordinals(note_type: StoredNoteType, fields: Mapping[str, Any]) -> tuple[int, ...]:
    """The cards a note of an Anki note type makes, by Anki's rules.

    A cloze note type's deletion numbers (in the fields its front shows), or a standard one's
    templates whose question shows some of the note's text.
    """
    # The template and cloze readers belong with the importers, which only imported notes need.
    from fibrolearn.interop.export_notes import stored_spec  # noqa: PLC0415
    from fibrolearn.interop.template import cloze_numbers, template_ordinals  # noqa: PLC0415

    spec = stored_spec(note_type)
    if note_type.kind == "cloze":
        return cloze_numbers(spec, fields)
    return template_ordinals(spec, fields)


def _refuse_unknown(fields: Mapping[str, str], names: Sequence[str], what: str) -> None:
    unknown = sorted(set(fields) - set(names))
    if unknown:
        raise NoteError(f"a {what} note has no field {unknown[0]!r}")


def _refuse_dropped_cards(session: DbSession, note_id: int, ordinals: Sequence[int]) -> None:
    dropped = sorted(set(notes.active_ordinals(session, note_id)) - set(ordinals))
    if dropped:
        raise NoteError(
            f"the text no longer has a {{{{c{dropped[0]}::…}}}} deletion, which card "
            f"{dropped[0]} of this note asks about; keep it, or delete the note"
        )


def _refuse_emptied_cards(shown: Collection[int], ordinals: Sequence[int]) -> None:
    """Refuse an edit that leaves a card of a template note with a blank question."""
    emptied = sorted(set(shown) - set(ordinals))
    if emptied:
        raise NoteError(
            f"card {emptied[0] + 1} of this note would have an empty question: the field it "
            "asks about needs some text; keep it, or delete the note"
        )


def _cloze_ordinals(text: str) -> tuple[int, ...]:
    """The card ordinals (deletion numbers) of cloze text; NoteError when it has none."""
    nested = nested_fragments(text)
    if nested:
        raise NoteError(
            f"“{nested[0]}” has a cloze deletion inside another, which FibroLearn cannot show; "
            "put them side by side, like {{c1::sleep}} and {{c2::pain}}"
        )
    broken = malformed_fragments(text)
    if broken:
        raise NoteError(
            f"“{broken[0]}” is not a cloze deletion; write one like {{{{c1::serotonin}}}}"
        )
    numbers = cloze_numbers(text)
    if not numbers:
        raise NoteError("the text has no cloze deletion; mark what to hide like {{c1::sleep}}")
    return numbers


def next_cloze_number(text: str, *, same: bool = False) -> int:
    """The number a deletion marked now in cloze ``text`` takes, as Anki's editor gives it.

    One more than the highest in the text (Ctrl+Shift+C: a card of its own), or with ``same``
    the highest (Ctrl+Alt+Shift+C: on that card too); 1 in a text with none.
    """
    numbers = cloze_numbers(text)
    highest = numbers[-1] if numbers else 0
    return max(highest, 1) if same else highest + 1


def checked_draft(draft: NoteDraft) -> tuple[dict[str, str], tuple[int, ...]]:
    """The note's stored fields and card ordinals; NoteError naming what is missing."""
    kind = NoteKind(draft.kind)
    if kind is NoteKind.CLOZE:
        numbers = _cloze_ordinals(draft.text)
        return {"front": "", "back": "", "text": draft.text, "extra": draft.extra}, numbers
    if shows_nothing(draft.front):
        raise NoteError("the front (the question) is empty")
    if shows_nothing(draft.back):
        raise NoteError("the back (the answer) is empty")
    fields = {"front": draft.front, "back": draft.back, "text": "", "extra": ""}
    return fields, (0, 1) if kind is NoteKind.REVERSED else (0,)
