"""Writing an import plan into the collection, inside the import's one transaction."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from fibrolearn.content.render import card_ordinals
from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.knowledge import NoteSpec
from fibrolearn.domain.note_merge import NoteVersion, merge_note
from fibrolearn.domain.study import DeckOptions, MemoryState
from fibrolearn.domain.words import counted
from fibrolearn.interop import template
from fibrolearn.interop.csv_import import from_text_file
from fibrolearn.interop.errors import ImportCancelledError
from fibrolearn.interop.export_notes import stored_spec
from fibrolearn.interop.guids import derived_guid
from fibrolearn.interop.media import rename_references
from fibrolearn.interop.note_types import OWN_NOTE_TYPES, STOCK_NAMES
from fibrolearn.interop.reshape import Shape, reshaped
from fibrolearn.interop.values import (
    TEMPLATE_KIND,
    ImportPlan,
    ImportReport,
    NoteTypeSpec,
    PlannedCard,
    PlannedNote,
    Skipped,
)
from fibrolearn.scheduling.fsrs_scheduler import DEFAULT_PARAMETERS, CardScheduler
from fibrolearn.services.study_day import current_study_day
from fibrolearn.storage import import_repo, note_types_repo
from fibrolearn.storage.db import DbSession
from fibrolearn.storage.import_repo import ExistingNote, NewCard, NewNote, NewReview

# Called with what is being done, how much of it is done, and the total.
Progress = Callable[[str, int, int], None]
_PROGRESS_EVERY = 200
_OWN_TYPE_KEYS = frozenset(spec.key for spec in OWN_NOTE_TYPES.values())


class Tracker:
    """Progress reports and cancel checks, throttled to every few hundred rows."""

    def __init__(self, progress: Progress | None, cancel: threading.Event | None) -> None:
        self._progress = progress
        self._cancel = cancel
        self._what = ""
        self._done = 0
        self._total = 0

    def check(self) -> None:
        """Stop here if the learner cancelled.

        Raises:
            ImportCancelledError: The cancel event is set.
        """
        if self._cancel is not None and self._cancel.is_set():
            raise ImportCancelledError

    def start(self, what: str, total: int) -> None:
        """Begin a step of ``total`` items, described by ``what``."""
        self.check()
        self._what, self._done, self._total = what, 0, total
        if self._progress is not None:
            self._progress(what, 0, total)

    def step(self) -> None:
        """One more item done."""
        self._done += 1
        if self._done % _PROGRESS_EVERY == 0 or self._done == self._total:
            self.check()
            if self._progress is not None:
                self._progress(self._what, self._done, self._total)


@dataclass(slots=True)
class _Counts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    cards_added: int = 0
    cards_retired: int = 0
    reviews_added: int = 0
    kept_edits: int = 0
    lost_edits: int = 0


class PlanWriter:
    """Writes one import plan inside the caller's transaction."""

    def __init__(
        self,
        session: DbSession,
        plan: ImportPlan,
        notes: Sequence[PlannedNote],
        *,
        now: datetime,
        tracker: Tracker,
    ) -> None:
        self.session = session
        self.plan = plan
        self.notes = notes
        self.now = now
        self.tracker = tracker
        self.counts = _Counts()
        self.skipped: list[Skipped] = []
        self.from_text_file = from_text_file(plan)
        self.deck_ids = {
            name: deck_id for name, (deck_id, _key) in import_repo.decks_by_name(session).items()
        }
        self.deck_keys = import_repo.deck_keys(session)
        self.decks_created: list[str] = []
        study_day = current_study_day(session)
        self.scheduler = CardScheduler(
            DeckOptions(), DEFAULT_PARAMETERS, fuzz=False, study_day=study_day
        )
        self.next_day = study_day.end(now)  # when cards buried in the source come back
        self.new_state = MemoryState.new(now)
        # The cards each matched note makes as it is written, by note id.
        self.makes: dict[int, frozenset[int]] = {}
        # The deck each matched note stays in, by note id.
        self.kept_decks: dict[int, int] = {}
        self.note_types = {spec.key: spec for spec in plan.note_types}
        self.specs_by_id: dict[int, NoteTypeSpec] = {}
        # Matched notes' writes, made together once every note is planned.
        self.updates: list[tuple[int, NewNote, dict[str, object]]] = []
        self.remembered: dict[int, dict[str, object]] = {}

    def write(self) -> ImportReport:
        """Write decks, note types, notes, cards and history; the caller commits."""
        type_ids = self._note_types()
        existing = match_existing(self.session, self.notes)
        self.tracker.start("Writing notes", len(self.notes))
        new_notes: list[tuple[PlannedNote, NewNote]] = []
        kept: list[tuple[PlannedNote, int]] = []
        for note in self.notes:
            type_id = type_ids.get(note.note_type_key or "")
            found = existing.get(note.where)
            if found is None:
                new_notes.append((note, _row(note, self._deck_id(note.deck), type_id)))
            elif self._update(note, found, _row(note, found.deck_id, type_id)):
                kept.append((note, found.id))
                self.kept_decks[found.id] = found.deck_id
            self.tracker.step()
        import_repo.update_notes(self.session, self.updates, self.now)
        import_repo.remember_imports(self.session, self.remembered)
        ids = import_repo.insert_notes(self.session, [row for _note, row in new_notes], self.now)
        self.counts.added = len(ids)
        placed = [(note, note_id) for (note, _row), note_id in zip(new_notes, ids, strict=True)]
        self._cards(placed + kept, {note_id for _note, note_id in kept})
        self._orphan_history()
        return ImportReport(
            source_label=self.plan.source_label,
            added=self.counts.added,
            updated=self.counts.updated,
            unchanged=self.counts.unchanged,
            cards_added=self.counts.cards_added,
            reviews_added=self.counts.reviews_added,
            kept_edits=self.counts.kept_edits,
            lost_edits=self.counts.lost_edits,
            decks_created=tuple(sorted(self.decks_created)),
            skipped=(*self.plan.skipped, *self.skipped),
            problems=(*self.plan.problems, *_retired_notice(self.counts.cards_retired)),
        )

    def _deck_id(self, name: str) -> int:
        """The deck called ``name``, made when a note or card first goes into it."""
        deck_id = self.deck_ids.get(name.lower())
        if deck_id is None:
            key = _deck_key(name, self.deck_keys)
            self.deck_keys.add(key)
            deck_id = import_repo.add_deck(self.session, key, name, self.now)
            self.deck_ids[name.lower()] = deck_id
            self.decks_created.append(name)
        return deck_id

    def _note_types(self) -> dict[str, int]:
        ids = {
            spec.key: note_types_repo.save_note_type(
                self.session,
                spec.key,
                name=spec.name,
                kind=spec.kind,
                fields=spec.fields,
                templates=[
                    {"name": t.name, "front": t.front, "back": t.back} for t in spec.templates
                ],
                css=spec.css,
                now=self.now,
            )
            for spec in self.plan.note_types
        }
        self.specs_by_id.update((ids[key], spec) for key, spec in self.note_types.items())
        return ids

    def _update(self, note: PlannedNote, found: ExistingNote, row: NewNote) -> bool:
        """Bring a matched note up to date, keeping what the learner edited since its last import.

        Its identity (guid, deck, key) never changes. When the file gives the note another
        shape (``interop.reshape``), edits that cannot be carried there give way to the
        file's fields, and are counted. A line of a text file leaves a note of an Anki note
        type alone rather than change its note type (False, and the line is skipped).
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
            self.counts.lost_edits += 1
        if merged.kept_edit:
            self.counts.kept_edits += 1
        self._remember_cards(found.id, row, merged.fields)
        content_kept = (found.fields, found.tags) == (merged.fields, merged.tags)
        if same_shape and content_kept and not found.retired:
            self.counts.unchanged += 1
            if found.from_import != imported.to_stored():
                self.remembered[found.id] = imported.to_stored()
            return True
        content = replace(row, guid=found.guid, fields=merged.fields, tags=merged.tags)
        self.updates.append((found.id, content, imported.to_stored()))
        self.counts.updated += 1
        return True

    def _in_its_note_type(
        self, note: PlannedNote, found: ExistingNote, row: NewNote
    ) -> NewNote | None:
        """``row`` as it may update ``found``; None when a text file would change its note type.

        A text file names a note type without its templates, and FibroLearn's own kinds hold
        only a front and a back: a line updates a note of an Anki note type only as a note of
        that type (the same name and fields), and the line is skipped otherwise, saying why.
        """
        if not self.from_text_file:
            return row
        old = self._stored_note_type(found.note_type_id)
        if old is None or old.key in _OWN_TYPE_KEYS:
            return row
        new = self.note_types.get(note.note_type_key or "")
        # The line names the note's type (the collection may have more than one of that name).
        named_its_type = new is not None and (new.name.casefold(), new.fields) == (
            old.name.casefold(),
            old.fields,
        )
        if named_its_type:
            return replace(row, note_type_id=found.note_type_id)
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

    def _remember_cards(self, note_id: int, row: NewNote, fields: Mapping[str, object]) -> None:
        """Note which cards the matched note makes as it will be written."""
        made = _note_cards(row.kind, fields, self._stored_note_type(row.note_type_id))
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
        new = Shape(row.kind, self.note_types.get(note.note_type_key or ""))
        carried = reshaped(mine, base, old, new)
        return carried.mine, carried.base, carried.lost_edit

    def _stored_note_type(self, note_type_id: int | None) -> NoteTypeSpec | None:
        if note_type_id is None:
            return None
        if note_type_id not in self.specs_by_id:
            stored = note_types_repo.note_types(self.session, [note_type_id])
            if note_type_id not in stored:
                return None
            self.specs_by_id[note_type_id] = stored_spec(stored[note_type_id])
        return self.specs_by_id[note_type_id]

    def _cards(self, notes: list[tuple[PlannedNote, int]], kept: set[int]) -> None:
        """Add the cards notes lack; bring kept notes' cards up to date (with history).

        A kept note's cards are those it makes as written: a cloze deletion the learner's kept
        text lacks makes no card, and cards the note no longer makes are retired.
        """
        existing = import_repo.cards_of_notes(self.session, kept)
        positions = import_repo.last_positions(self.session)
        planned = sorted(
            (
                (note, card, note_id)
                for note, note_id in notes
                for card in note.cards
                if card.ordinal in self.makes.get(note_id, (card.ordinal,))
            ),
            key=lambda item: item[1].new_order,
        )
        self.tracker.start("Writing cards", len(planned))
        new_cards: list[tuple[PlannedCard, NewCard]] = []
        known_cards: list[tuple[PlannedCard, int]] = []
        revived: list[int] = []
        for note, card, note_id in planned:
            state = self._state(card)
            found = existing.get(note_id, {}).get(card.ordinal)
            if found is None:
                deck_id = self._card_deck(note, card, note_id)
                positions[deck_id] = positions.get(deck_id, 0) + 1
                new_cards.append(
                    (
                        card,
                        NewCard(
                            note_id=note_id,
                            deck_id=deck_id,
                            ordinal=card.ordinal,
                            state=state,
                            suspended=card.suspended,
                            position=positions[deck_id],
                            buried_until=self.next_day if card.buried else None,
                        ),
                    )
                )
            else:
                card_id, reps, retired = found
                if card.state is not None:
                    newer = state if state.reps > reps else None
                    import_repo.update_card(self.session, card_id, newer, card.suspended)
                    known_cards.append((card, card_id))
                elif retired:
                    revived.append(card_id)  # the note makes it again
            self.tracker.step()
        import_repo.set_retired(self.session, revived, retired=False)
        self._retire(existing)
        ids = import_repo.insert_cards(self.session, [row for _card, row in new_cards])
        self.counts.cards_added = len(ids)
        history = [(card, card_id) for (card, _row), card_id in zip(new_cards, ids, strict=True)]
        self._history(history + known_cards)

    def _card_deck(self, note: PlannedNote, card: PlannedCard, note_id: int) -> int:
        """A new card's deck: a matched note's own when the file puts the card with its note."""
        if card.deck == note.deck and note_id in self.kept_decks:
            return self.kept_decks[note_id]
        return self._deck_id(card.deck)

    def _retire(self, existing: dict[int, dict[int, tuple[int, int, bool]]]) -> None:
        """Retire the cards kept notes no longer make: out of study and Browse, history kept.

        A reversed note made basic loses its second card; a cloze note, removed deletions' cards.
        """
        gone = [
            card_id
            for note_id, cards in existing.items()
            if note_id in self.makes
            for ordinal, (card_id, _reps, retired) in cards.items()
            if not retired and ordinal not in self.makes[note_id]
        ]
        self.counts.cards_retired = import_repo.set_retired(self.session, gone, retired=True)

    def _state(self, card: PlannedCard) -> MemoryState:
        if card.state is None:
            return self.new_state
        if not (card.memory_estimated and card.history):
            return card.state
        replayed = MemoryState.new(card.history[0].reviewed_at)
        try:
            for answer in card.history:
                replayed = self.scheduler.answer(1, replayed, answer.rating, answer.reviewed_at)
        except ValueError:
            return card.state  # a log FSRS cannot follow: keep the estimate
        return replace(card.state, stability=replayed.stability, difficulty=replayed.difficulty)

    def _history(self, cards: list[tuple[PlannedCard, int]]) -> None:
        with_history = [(card, card_id) for card, card_id in cards if card.history]
        if not with_history:
            return
        logged = import_repo.review_times(self.session, [card_id for _c, card_id in with_history])
        self.tracker.start("Writing review history", len(with_history))
        rows = []
        for card, card_id in with_history:
            rows += [
                NewReview(
                    card_id=card_id,
                    external_card=None,
                    reviewed_at=answer.reviewed_at,
                    rating=int(answer.rating),
                    duration_ms=answer.duration_ms,
                    before=answer.before,
                    after=answer.after,
                )
                for answer in card.history
                if (card_id, answer.reviewed_at) not in logged
            ]
            self.tracker.step()
        self.counts.reviews_added += import_repo.insert_reviews(self.session, rows)

    def _orphan_history(self) -> None:
        if not self.plan.orphan_reviews:
            return
        logged = import_repo.external_review_keys(self.session)
        rows = [
            NewReview(
                card_id=None,
                external_card=orphan.external_card,
                reviewed_at=orphan.review.reviewed_at,
                rating=int(orphan.review.rating),
                duration_ms=orphan.review.duration_ms,
                before=orphan.review.before,
                after=orphan.review.after,
            )
            for orphan in self.plan.orphan_reviews
            if (orphan.external_card, orphan.review.reviewed_at) not in logged
        ]
        self.counts.reviews_added += import_repo.insert_reviews(self.session, rows)


def match_existing(session: DbSession, notes: Sequence[PlannedNote]) -> dict[str, ExistingNote]:
    """The notes already in the collection, by the ``where`` of the planned note they match.

    A note matches by guid; failing that, by the guid its export would have had (notes from
    deck files have none stored); failing that (CSV rows), by its key in its deck.
    """
    guids = {note.guid for note in notes if note.guid}
    by_guid = import_repo.notes_by_guid(session, guids)
    unmatched = guids - set(by_guid)
    if unmatched:
        for found, deck_key in import_repo.notes_without_guid(session):
            derived = derived_guid(deck_key, found.key)
            if derived in unmatched:
                by_guid[derived] = found
    matches = {note.where: by_guid[note.guid] for note in notes if note.guid in by_guid}
    decks = import_repo.decks_by_name(session)
    keyed: dict[int, dict[str, str]] = {}
    for note in notes:
        if note.guid is None and note.deck.lower() in decks:
            keyed.setdefault(decks[note.deck.lower()][0], {})[note.key] = note.where
    for deck_id, wheres in keyed.items():
        for key, found in import_repo.notes_by_key(session, deck_id, wheres).items():
            matches[wheres[key]] = found
    return matches


def _note_cards(
    kind: str, fields: Mapping[str, object], note_type: NoteTypeSpec | None
) -> frozenset[int] | None:
    """The ordinals of the cards a note makes; None for a template note without its note type.

    FibroLearn's own kinds make theirs (``content.render.card_ordinals``); a note of an Anki
    note type makes one per template, or one per cloze deletion (card 1 when it has none, as
    in Anki).
    """
    if kind != TEMPLATE_KIND:
        text = {name: str(fields.get(name) or "") for name in ("front", "back", "text", "extra")}
        return frozenset(card_ordinals(NoteSpec(key="", kind=NoteKind(kind), **text)))
    if note_type is None:
        return None
    if note_type.kind == "cloze":
        return frozenset(template.cloze_numbers(note_type, fields) or (1,))
    return frozenset(range(len(note_type.templates)))


def collection_note_types(session: DbSession) -> list[NoteTypeSpec]:
    """The collection's note types, for a text file whose lines name them."""
    return [stored_spec(stored) for stored in note_types_repo.note_types(session).values()]


def with_media_renamed(
    notes: Sequence[PlannedNote], renamed: dict[str, str]
) -> Sequence[PlannedNote]:
    """The notes with their references to media files that got new names updated."""
    if not renamed:
        return notes
    return [
        replace(note, fields={k: rename_references(v, renamed) for k, v in note.fields.items()})
        for note in notes
    ]


def _row(note: PlannedNote, deck_id: int, note_type_id: int | None) -> NewNote:
    """The note's row, in deck ``deck_id`` (a matched note's own deck: a note never moves)."""
    return NewNote(
        deck_id=deck_id,
        key=note.key,
        guid=note.guid,
        kind=note.kind,
        fields=note.fields,
        tags=" ".join(note.tags),
        note_type_id=note_type_id,
    )


def _retired_notice(count: int) -> list[str]:
    """The cards an import took out because their notes no longer make them, in words."""
    if not count:
        return []
    if count == 1:
        return [
            "Removed 1 card that its note no longer has; it is out of study and Browse, and "
            "its review history is kept."
        ]
    return [
        f"Removed {counted(count, 'card')} that their notes no longer have; they are out of "
        "study and Browse, and their review history is kept."
    ]


def _deck_key(name: str, taken: set[str]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "deck"
    key, number = f"imported-{slug}", 1
    while key in taken:
        number += 1
        key = f"imported-{slug}-{number}"
    return key
