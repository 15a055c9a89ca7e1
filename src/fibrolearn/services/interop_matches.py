"""Notes an import finds already in the collection: which they are, and what each becomes.

A matched note keeps what the learner edited since its last import (``domain.note_merge``),
takes the shape the file gives it (``interop.reshape``) and makes the cards its text makes as
written; a line of a text file never changes a note's note type.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from fibrolearn.content.render import card_ordinals
from fibrolearn.domain.decks import deck_name_key
from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.knowledge import NoteSpec
from fibrolearn.domain.note_merge import NoteVersion, merge_note
from fibrolearn.interop import template
from fibrolearn.interop.csv_import import main_text
from fibrolearn.interop.export_notes import stored_spec
from fibrolearn.interop.guids import derived_guid
from fibrolearn.interop.note_types import OWN_NOTE_TYPES, STOCK_NAMES
from fibrolearn.interop.reshape import Shape, reshaped
from fibrolearn.interop.values import (
    TEMPLATE_KIND,
    ImportPlan,
    NoteTypeSpec,
    PlannedNote,
    Skipped,
)
from fibrolearn.storage import import_repo, note_types_repo
from fibrolearn.storage.db import DbSession
from fibrolearn.storage.import_repo import ExistingNote, NewNote

_OWN_TYPE_KEYS = frozenset(spec.key for spec in OWN_NOTE_TYPES.values())


def match_existing(session: DbSession, notes: Sequence[PlannedNote]) -> dict[str, ExistingNote]:
    """The notes already in the collection, by the ``where`` of the planned note they match.

    A note matches by guid; failing that, by the guid its export would have had (notes from
    deck files have none stored); failing that (CSV rows), by its key in its deck.
    """
    guids = {note.guid for note in notes if note.guid}
    by_guid = import_repo.notes_by_guid(session, guids)
    unmatched = guids - set(by_guid)
    if unmatched:
        derived = {
            note_id: guid
            for note_id, deck_key, key in import_repo.keys_without_guid(session)
            if (guid := derived_guid(deck_key, key)) in unmatched
        }
        for note_id, found in import_repo.notes_by_id(session, derived).items():
            by_guid[derived[note_id]] = found
    matches = {note.where: by_guid[note.guid] for note in notes if note.guid in by_guid}
    decks = import_repo.decks_by_name(session)
    keyed: dict[int, dict[str, str]] = {}
    for note in notes:
        if note.guid is None and deck_name_key(note.deck) in decks:
            keyed.setdefault(decks[deck_name_key(note.deck)][0], {})[note.key] = note.where
    for deck_id, wheres in keyed.items():
        for key, found in import_repo.notes_by_key(session, deck_id, wheres).items():
            matches[wheres[key]] = found
    return matches


def repeats_skipped(
    session: DbSession, plan: ImportPlan, found: Mapping[str, ExistingNote]
) -> ImportPlan:
    """``plan`` without the rows of a text file that repeat a note already in their deck.

    A row that ``found`` has no note for (by guid or key: one added in FibroLearn, from a deck
    file or from another file), whose front or cloze text a note of its deck has, would be that
    note a second time: as a row repeating an earlier row, it is skipped, and the report says so.
    """
    if not plan.from_text_file:
        return plan
    decks = import_repo.decks_by_name(session)
    names = {name: deck_name_key(name) for name in {note.deck for note in plan.notes}}
    deck_of = {
        note.where: decks[names[note.deck]][0]
        for note in plan.notes
        if note.guid is None and note.where not in found and names[note.deck] in decks
    }
    if not deck_of:
        return plan
    there = {
        (deck_id, main_text(fields))
        for deck_id, fields in import_repo.live_note_fields(session, set(deck_of.values()))
    }
    repeats = {
        note.where: Skipped(
            note.where,
            f"it repeats a note already in the deck “{note.deck}”, which was left as it is",
        )
        for note in plan.notes
        if note.where in deck_of and (deck_of[note.where], main_text(note.fields)) in there
    }
    if not repeats:
        return plan
    return replace(
        plan,
        notes=tuple(note for note in plan.notes if note.where not in repeats),
        skipped=(*plan.skipped, *repeats.values()),
    )


class MatchedNotes:
    """Brings the notes an import matched up to date, counting what it did.

    Their writes are gathered as each note is planned and made together by :meth:`write`.
    """

    def __init__(self, session: DbSession, plan: ImportPlan) -> None:
        self._session = session
        self._from_text_file = plan.from_text_file
        self._note_types = {spec.key: spec for spec in plan.note_types}
        self._specs_by_id: dict[int, NoteTypeSpec] = {}
        self.updated = 0
        self.unchanged = 0
        self.kept_edits = 0
        self.lost_edits = 0
        self.skipped: list[Skipped] = []
        # The cards each note makes as it is written, by note id (new notes' too).
        self.makes: dict[int, frozenset[int]] = {}
        self._updates: list[tuple[int, NewNote, dict[str, object]]] = []
        self._remembered: dict[int, dict[str, object]] = {}
        # Unchanged notes whose Anki note type of origin is new to them: (note id, its id).
        self._origins: list[tuple[int, int | None]] = []

    def saved_note_types(self, ids: Mapping[str, int]) -> None:
        """Know the plan's note types by the ids they were saved under, without reading them."""
        self._specs_by_id.update((ids[key], spec) for key, spec in self._note_types.items())

    def write(self, now: datetime) -> None:
        """Write the matched notes' changes, and what each was imported as; the caller commits."""
        import_repo.update_notes(self._session, self._updates, now)
        import_repo.remember_imports(self._session, self._remembered)
        import_repo.set_origin_types(self._session, self._origins)

    def update(self, note: PlannedNote, found: ExistingNote, row: NewNote) -> bool:
        """Bring a matched note up to date, keeping what the learner edited since its last import.

        Its identity (guid, deck, key) never changes. When the file gives the note another
        shape (``interop.reshape``), edits that cannot be carried there give way to the
        file's fields, and are counted. A line of a text file leaves a note of an Anki note
        type alone rather than change its note type (False, and the line is skipped). A note
        imported before the Anki note type it came from was kept gets it, not counted as updated.
        """
        in_type = self._in_its_note_type(note, found, row)
        if in_type is None:
            return False
        row = in_type
        imported = NoteVersion(row.fields, row.tags)
        same_shape = found.kind == row.kind and found.note_type_id == row.note_type_id
        mine, base, lost = self._in_shape(note, found, row, same_shape)
        merged = merge_note(mine, base, imported)
        if lost or merged.lost_edit:
            self.lost_edits += 1
        if merged.kept_edit:
            self.kept_edits += 1
        self.remember_cards(found.id, note, row, merged.fields)
        content_kept = (found.fields, found.tags) == (merged.fields, merged.tags)
        if same_shape and content_kept and not found.retired:
            self.unchanged += 1
            if found.from_import != imported.to_stored():
                self._remembered[found.id] = imported.to_stored()
            if found.origin_type_id != row.origin_type_id:
                self._origins.append((found.id, row.origin_type_id))
            return True
        content = row._replace(guid=found.guid, fields=merged.fields, tags=merged.tags)
        self._updates.append((found.id, content, imported.to_stored()))
        self.updated += 1
        return True

    def _in_its_note_type(
        self, note: PlannedNote, found: ExistingNote, row: NewNote
    ) -> NewNote | None:
        """``row`` as it may update ``found``; None when a text file would change its note type.

        A text file names a note type without its templates, and FibroLearn's own kinds hold
        only a front and a back: a line updates a note of an Anki note type only as a note of
        that type (the same name and fields), and the line is skipped otherwise, saying why.
        A note keeps the Anki note type it came from, which a line does not name.
        """
        if not self._from_text_file:
            return row
        row = row._replace(origin_type_id=found.origin_type_id)  # a line names no Anki origin
        old = self._stored_note_type(found.note_type_id)
        if old is None or old.key in _OWN_TYPE_KEYS:
            return row
        new = self._note_types.get(note.note_type_key or "")
        # The line names the note's type (the collection may have more than one of that name).
        named_its_type = new is not None and (new.name.casefold(), new.fields) == (
            old.name.casefold(),
            old.fields,
        )
        if named_its_type:
            return row._replace(note_type_id=found.note_type_id)
        named = new.name if new is not None else STOCK_NAMES[row.kind]
        self.skipped.append(
            Skipped(
                note.where,
                f"the note it matches is a “{old.name}” note, and this line would make it a "
                f"“{named}” note; a text file cannot change a note's type, so that note was "
                f"left as it is. To update it from a text file, the line needs “{old.name}” in "
                f"its note type column and a column for each of its {len(old.fields)} fields.",
            )
        )
        return None

    def remember_cards(
        self, note_id: int, note: PlannedNote, row: NewNote, fields: Mapping[str, object]
    ) -> None:
        """Note which cards note ``note_id`` makes as it will be written, with ``fields``.

        For a matched note as it is updated, and for a new one once it has its id: a card the
        file gives a note that does not make it (Anki keeps a removed cloze deletion's card,
        or one whose question is blank, until Tools ▸ Empty Cards) is never put in study.
        """
        planned = frozenset(card.ordinal for card in note.cards)
        made = _note_cards(row.kind, fields, self._stored_note_type(row.note_type_id), planned)
        if made is not None:
            self.makes[note_id] = made

    def _in_shape(
        self, note: PlannedNote, found: ExistingNote, row: NewNote, same_shape: bool
    ) -> tuple[NoteVersion, NoteVersion | None, bool]:
        """The stored note and its last imported version in the file's shape for it now.

        The version is None when nothing is known to be the learner's. The flag says the
        learner's edited fields cannot be carried into the new shape.
        """
        mine = NoteVersion(found.fields, found.tags)
        if found.from_import is None:
            return mine, None, False
        base = NoteVersion.stored(found.from_import)
        if same_shape:
            return mine, base, False
        old = Shape(found.kind, self._stored_note_type(found.note_type_id))
        new = Shape(row.kind, self._note_types.get(note.note_type_key or ""))
        carried = reshaped(mine, base, old, new)
        return carried.mine, carried.base, carried.lost_edit

    def _stored_note_type(self, note_type_id: int | None) -> NoteTypeSpec | None:
        if note_type_id is None:
            return None
        if note_type_id not in self._specs_by_id:
            stored = note_types_repo.note_types(self._session, [note_type_id])
            if note_type_id not in stored:
                return None
            self._specs_by_id[note_type_id] = stored_spec(stored[note_type_id])
        return self._specs_by_id[note_type_id]


def _note_cards(
    kind: str,
    fields: Mapping[str, object],
    note_type: NoteTypeSpec | None,
    planned: frozenset[int],
) -> frozenset[int] | None:
    """The ordinals of the cards a note makes; None for a template note without its note type.

    FibroLearn's own kinds make theirs (``content.render.card_ordinals``); a note of an Anki
    note type, those of ``template.cards_made``.
    """
    if kind != TEMPLATE_KIND:
        text = {name: str(fields.get(name) or "") for name in ("front", "back", "text", "extra")}
        return frozenset(card_ordinals(NoteSpec(key="", kind=NoteKind(kind), **text)))
    if note_type is None:
        return None
    return template.cards_made(note_type, fields, planned)
