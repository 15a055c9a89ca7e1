"""Writing an import plan into the collection, inside the import's one transaction."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from fibrolearn.content.cloze import cloze_numbers
from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.note_merge import NoteVersion, merge_note
from fibrolearn.domain.study import DeckOptions, MemoryState
from fibrolearn.interop import template
from fibrolearn.interop.errors import ImportCancelledError
from fibrolearn.interop.export_notes import stored_spec
from fibrolearn.interop.guids import derived_guid
from fibrolearn.interop.media import rename_references
from fibrolearn.interop.reshape import Shape, reshaped
from fibrolearn.interop.values import (
    ImportPlan,
    ImportReport,
    NoteTypeSpec,
    PlannedCard,
    PlannedNote,
)
from fibrolearn.scheduling.fsrs_scheduler import DEFAULT_PARAMETERS, CardScheduler
from fibrolearn.services.study_day import current_study_day
from fibrolearn.storage import import_repo, note_types_repo
from fibrolearn.storage.db import DbSession
from fibrolearn.storage.import_repo import ExistingNote, NewCard, NewNote, NewReview

# Called with what is being done, how much of it is done, and the total.
Progress = Callable[[str, int, int], None]
_PROGRESS_EVERY = 200


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
        self.decks_created: list[str] = []
        self.scheduler = CardScheduler(
            DeckOptions(), DEFAULT_PARAMETERS, fuzz=False, study_day=current_study_day(session)
        )
        self.new_state = MemoryState.new(now)
        # Cloze notes that keep the learner's text: the deletions that text has, by note id.
        self.kept_deletions: dict[int, frozenset[int]] = {}
        self.note_types = {spec.key: spec for spec in plan.note_types}
        # Matched notes' writes, made together once every note is planned.
        self.updates: list[tuple[int, NewNote, dict[str, object]]] = []
        self.remembered: dict[int, dict[str, object]] = {}

    def write(self) -> ImportReport:
        """Write decks, note types, notes, cards and history; the caller commits."""
        deck_ids = self._decks()
        type_ids = self._note_types()
        existing = match_existing(self.session, self.notes)
        self.tracker.start("Writing notes", len(self.notes))
        new_notes: list[tuple[PlannedNote, NewNote]] = []
        kept: list[tuple[PlannedNote, int]] = []
        for note in self.notes:
            row = NewNote(
                deck_id=deck_ids[note.deck.lower()],
                key=note.key,
                guid=note.guid,
                kind=note.kind,
                fields=note.fields,
                tags=" ".join(note.tags),
                note_type_id=type_ids.get(note.note_type_key or ""),
            )
            found = existing.get(note.where)
            if found is None:
                new_notes.append((note, row))
            else:
                self._update(note, found, row)
                kept.append((note, found.id))
            self.tracker.step()
        import_repo.update_notes(self.session, self.updates, self.now)
        import_repo.remember_imports(self.session, self.remembered)
        ids = import_repo.insert_notes(self.session, [row for _note, row in new_notes], self.now)
        self.counts.added = len(ids)
        placed = [(note, note_id) for (note, _row), note_id in zip(new_notes, ids, strict=True)]
        self._cards(placed + kept, {note_id for _note, note_id in kept}, deck_ids)
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
            decks_created=tuple(self.decks_created),
            skipped=self.plan.skipped,
            problems=self.plan.problems,
        )

    def _decks(self) -> dict[str, int]:
        known = import_repo.decks_by_name(self.session)
        keys = import_repo.deck_keys(self.session)
        names = {note.deck for note in self.notes} | {
            card.deck for note in self.notes for card in note.cards
        }
        ids = {name: deck_id for name, (deck_id, _key) in known.items()}
        for name in sorted(names):
            if name.lower() in ids:
                continue
            key = _deck_key(name, keys)
            keys.add(key)
            ids[name.lower()] = import_repo.add_deck(self.session, key, name, self.now)
            self.decks_created.append(name)
        return ids

    def _note_types(self) -> dict[str, int]:
        return {
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

    def _update(self, note: PlannedNote, found: ExistingNote, row: NewNote) -> None:
        """Bring a matched note up to date, keeping what the learner edited since its last import.

        Its identity (guid, deck, key) never changes. When the file gives the note another
        shape (``interop.reshape``), edits that cannot be carried there give way to the
        file's fields, and are counted.
        """
        imported = NoteVersion(row.fields, row.tags)
        same_shape = found.kind == row.kind and found.note_type_id == row.note_type_id
        mine, base, lost = self._in_shape(note, found, row, same_shape)
        merged = merge_note(mine, base, imported)
        if lost or merged.lost_edit:
            self.counts.lost_edits += 1
        if merged.kept_edit:
            self.counts.kept_edits += 1
            deletions = self._deletions(note, merged.fields)
            if deletions is not None:
                self.kept_deletions[found.id] = deletions
        content_kept = (found.fields, found.tags) == (merged.fields, merged.tags)
        if same_shape and content_kept and not found.retired:
            self.counts.unchanged += 1
            if found.from_import != imported.to_stored():
                self.remembered[found.id] = imported.to_stored()
            return
        content = replace(row, guid=found.guid, fields=merged.fields, tags=merged.tags)
        self.updates.append((found.id, content, imported.to_stored()))
        self.counts.updated += 1

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
        stored = note_types_repo.note_types(self.session, [note_type_id])
        return stored_spec(stored[note_type_id]) if note_type_id in stored else None

    def _deletions(self, note: PlannedNote, fields: dict[str, str]) -> frozenset[int] | None:
        """A cloze note's deletion numbers in ``fields``; None for a note of any other kind."""
        if note.kind == NoteKind.CLOZE:
            return frozenset(cloze_numbers(fields.get("text", "")))
        spec = self.note_types.get(note.note_type_key or "")
        if spec is not None and spec.kind == "cloze":
            return frozenset(template.cloze_numbers(spec, fields))
        return None

    def _cards(
        self, notes: list[tuple[PlannedNote, int]], kept: set[int], deck_ids: dict[str, int]
    ) -> None:
        """Add the cards notes lack; bring kept notes' cards up to date (with history)."""
        existing = import_repo.cards_of_notes(self.session, kept)
        positions = import_repo.last_positions(self.session)
        planned = sorted(
            (
                (note, card, note_id)
                for note, note_id in notes
                for card in note.cards
                if self._has_deletion(note_id, card)
            ),
            key=lambda item: item[1].new_order,
        )
        self.tracker.start("Writing cards", len(planned))
        new_cards: list[tuple[PlannedCard, NewCard]] = []
        known_cards: list[tuple[PlannedCard, int]] = []
        for _note, card, note_id in planned:
            deck_id = deck_ids[card.deck.lower()]
            state = self._state(card)
            found = existing.get(note_id, {}).get(card.ordinal)
            if found is None:
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
                        ),
                    )
                )
            elif card.state is not None:
                card_id, reps = found
                newer = state if state.reps > reps else None
                import_repo.update_card(self.session, card_id, newer, card.suspended)
                known_cards.append((card, card_id))
            self.tracker.step()
        ids = import_repo.insert_cards(self.session, [row for _card, row in new_cards])
        self.counts.cards_added = len(ids)
        history = [(card, card_id) for (card, _row), card_id in zip(new_cards, ids, strict=True)]
        self._history(history + known_cards)

    def _has_deletion(self, note_id: int, card: PlannedCard) -> bool:
        """False for a cloze card whose deletion the learner's kept text does not have."""
        deletions = self.kept_deletions.get(note_id)
        return deletions is None or card.ordinal in deletions

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


def _deck_key(name: str, taken: set[str]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "deck"
    key, number = f"imported-{slug}", 1
    while key in taken:
        number += 1
        key = f"imported-{slug}-{number}"
    return key
