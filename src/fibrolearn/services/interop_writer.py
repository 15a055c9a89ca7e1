"""Writing an import plan into the collection, inside the import's one transaction.

The notes it finds already in the collection are brought up to date by
``services.interop_matches``; this writes the new notes, every card and the review history.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from operator import attrgetter

from fibrolearn.domain.deck_tree import spelled_as_parents
from fibrolearn.domain.decks import DeckOptions, deck_name_key
from fibrolearn.domain.review_log import LoggedAnswer
from fibrolearn.domain.study import MemoryState
from fibrolearn.interop.export_notes import stored_spec
from fibrolearn.interop.media import note_type_renamed, rename_references
from fibrolearn.interop.report import cards_whose_note_lacks
from fibrolearn.interop.values import (
    TEMPLATE_KIND,
    ImportPlan,
    ImportReport,
    NoteTypeSpec,
    PlannedCard,
    PlannedNote,
)
from fibrolearn.scheduling.fsrs_scheduler import DEFAULT_PARAMETERS, CardScheduler
from fibrolearn.services.import_tracker import Tracker
from fibrolearn.services.interop_matches import MatchedNotes, match_existing, repeats_skipped
from fibrolearn.services.study_day import current_study_day
from fibrolearn.storage import card_resets, decks_repo, import_repo, note_text, note_types_repo
from fibrolearn.storage.db import DbSession
from fibrolearn.storage.import_repo import (
    CardSchedule,
    ExistingCard,
    NewCard,
    NewNote,
    NewReview,
)

_NEVER = datetime.min.replace(tzinfo=UTC)  # the last review of a card never answered


@dataclass(slots=True)
class _Counts:
    added: int = 0
    cards_added: int = 0
    cards_retired: int = 0  # set aside: out of study and Browse, their history kept
    cards_left_out: int = 0  # cards the file gives notes that do not make them, never answered
    reviews_added: int = 0


@dataclass(slots=True)
class _Rescheduled:
    """Matched cards whose scheduling a re-import changes: taken from the file, or buried."""

    taken: list[CardSchedule] = field(default_factory=list)
    buried: list[int] = field(default_factory=list)


class PlanWriter:
    """Writes one import plan inside the caller's transaction.

    The plan's media files are where it says: one whose name clashed in the media folder is
    named anew in the plan first (:func:`with_media_renamed`).
    """

    def __init__(
        self, session: DbSession, plan: ImportPlan, *, now: datetime, tracker: Tracker
    ) -> None:
        self.session = session
        self.plan = plan
        self.notes = plan.notes
        self.now = now
        self.tracker = tracker
        self.counts = _Counts()
        self.matched = MatchedNotes(session, plan)
        self.deck_ids = {
            name: deck_id for name, (deck_id, _key) in import_repo.decks_by_name(session).items()
        }
        self.deck_keys = import_repo.deck_keys(session)
        # The decks' names as spelled, for a new subdeck to take its parent's spelling.
        self.deck_names = {deck_name_key(d.name): d.name for d in decks_repo.deck_rows(session)}
        self.decks_created: list[str] = []
        # Each name's deck once found: keying a name takes microseconds, and an import of
        # 10,000 notes asked for 22,000 (each note, each card).
        self.named_decks: dict[str, int] = {}
        study_day = current_study_day(session)
        self.scheduler = CardScheduler(
            DeckOptions(), DEFAULT_PARAMETERS, fuzz=False, study_day=study_day
        )
        self.next_day = study_day.end(now)  # when cards buried in the source come back
        self.new_state = MemoryState.new(now)
        # The deck each matched note stays in, by note id.
        self.kept_decks: dict[int, int] = {}

    def write(self) -> ImportReport:
        """Write decks, note types, notes, cards and history; the caller commits.

        In a transaction holding the write lock from its start (``Database.write(locked=
        True)``): the new rows' ids follow the highest ids read first, and the search text's
        triggers are dropped and put back (:func:`note_text.texts_in_bulk`).
        """
        type_ids = self._note_types()
        existing = match_existing(self.session, self.notes)
        self.plan = repeats_skipped(self.session, self.plan, existing)
        self.notes = self.plan.notes
        self.tracker.start("Writing notes", len(self.notes))
        new_notes: list[tuple[PlannedNote, NewNote]] = []
        kept: list[tuple[PlannedNote, int]] = []
        for note in self.notes:
            found = existing.get(note.where)
            if found is None:
                new_notes.append((note, _row(note, self._deck_id(note.deck), type_ids)))
            elif self.matched.update(note, found, _row(note, found.deck_id, type_ids)):
                kept.append((note, found.id))
                self.kept_decks[found.id] = found.deck_id
            self.tracker.step()
        self.matched.write(self.now)
        rows = [row for _note, row in new_notes]
        # New notes get their search text in a few statements, not a trigger per note and card;
        # a file that adds no note writes no trigger either.
        with note_text.texts_in_bulk(self.session) if rows else nullcontext():
            ids = import_repo.insert_notes(self.session, rows, self.now)
            self.counts.added = len(ids)
            placed = []
            for (note, row), note_id in zip(new_notes, ids, strict=True):
                # A new note of FibroLearn's own kinds makes every card the file gives it (a
                # cloze is one only when its deletions cover them); working that out for each
                # note took an import of 10,000 of them 30 ms. An Anki note type's may not.
                if row.kind == TEMPLATE_KIND:
                    self.matched.remember_cards(note_id, note, row, row.fields)
                placed.append((note, note_id))
            self._cards(placed + kept, {note_id for _note, note_id in kept})
        self._orphan_history()
        return ImportReport(
            source_label=self.plan.source_label,
            added=self.counts.added,
            updated=self.matched.updated,
            unchanged=self.matched.unchanged,
            cards_added=self.counts.cards_added,
            reviews_added=self.counts.reviews_added,
            kept_edits=self.matched.kept_edits,
            lost_edits=self.matched.lost_edits,
            decks_created=tuple(sorted(self.decks_created)),
            skipped=(*self.plan.skipped, *self.matched.skipped),
            problems=(*self.plan.problems, *_set_aside_notices(self.counts)),
        )

    def _deck_id(self, name: str) -> int:
        """The deck called ``name``, made when a note or card first goes into it.

        As in Anki, the decks above a subdeck are made with it: a package whose cards are all
        in "Languages::French" and "Languages::Spanish" lists them under "Languages", which
        studies both, instead of as two unrelated decks.
        """
        deck_id = self.named_decks.get(name)
        if deck_id is None:
            deck_id = self.named_decks[name] = self._deck_keyed(name)
        return deck_id

    def _deck_keyed(self, name: str) -> int:
        """The deck whose name's key is ``name``'s, made with its parents when missing."""
        deck_id = self.deck_ids.get(deck_name_key(name))
        if deck_id is None:
            parent = name.rpartition("::")[0]
            if parent:
                self._deck_id(parent)
            name = spelled_as_parents(name, self.deck_names)
            key = import_repo.unused_deck_key(name, self.deck_keys)
            self.deck_keys.add(key)
            deck_id = import_repo.add_deck(self.session, key, name, self.now)
            self.deck_ids[deck_name_key(name)] = deck_id
            self.deck_names[deck_name_key(name)] = name
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
        self.matched.saved_note_types(ids)
        return ids

    def _cards(self, notes: list[tuple[PlannedNote, int]], kept: set[int]) -> None:
        """Add the cards notes lack; bring kept notes' cards up to date.

        A note's cards in study are those it makes as written (``MatchedNotes.makes``): a
        cloze deletion the learner's kept text lacks makes no card, and cards a kept note no
        longer makes are retired. A card the file gives a note that does not make it (Anki
        keeps such empty cards) comes in retired when it has answers, to keep them, and is
        left out otherwise: at a first import as at every import after. With history, a kept
        card takes the file's scheduling only where the file's copy is newer
        (:meth:`_reschedule`); the others are not written.
        """
        existing = import_repo.cards_of_notes(self.session, kept)
        positions = import_repo.last_positions(self.session)
        planned = sorted(
            ((note, card, note_id) for note, note_id in notes for card in note.cards),
            key=lambda item: item[1].new_order,
        )
        self.tracker.start("Writing cards", len(planned))
        new_cards: list[tuple[PlannedCard, NewCard]] = []
        known_cards: list[tuple[PlannedCard, int]] = []
        revived: list[int] = []
        rescheduled = _Rescheduled()
        for note, card, note_id in planned:
            made = card.ordinal in self.matched.makes.get(note_id, (card.ordinal,))
            found = existing.get(note_id, {}).get(card.ordinal)
            if found is None and not (made or card.history):
                self.counts.cards_left_out += 1
            elif found is None:
                deck_id = self._card_deck(note, card, note_id)
                positions[deck_id] = positions.get(deck_id, 0) + 1
                new_cards.append(
                    (
                        card,
                        NewCard(
                            note_id=note_id,
                            deck_id=deck_id,
                            ordinal=card.ordinal,
                            state=self._state(card),
                            suspended=card.suspended,
                            position=positions[deck_id],
                            buried_until=self.next_day if card.buried else None,
                            retired=not made,
                        ),
                    )
                )
            else:
                if found.retired and made:
                    revived.append(found.id)  # the note makes it again
                if card.state is not None:
                    self._reschedule(card, found, rescheduled)
                    known_cards.append((card, found.id))
            self.tracker.step()
        import_repo.set_retired(self.session, revived, retired=False)
        import_repo.update_schedules(self.session, rescheduled.taken)
        import_repo.bury_cards(self.session, rescheduled.buried, self.next_day)
        self._retire(existing)
        ids = import_repo.insert_cards(self.session, [row for _card, row in new_cards])
        set_aside = sum(row.retired for _card, row in new_cards)
        self.counts.cards_added = len(ids) - set_aside
        self.counts.cards_retired += set_aside
        history = [(card, card_id) for (card, _row), card_id in zip(new_cards, ids, strict=True)]
        self._history(history + known_cards)

    def _reschedule(self, card: PlannedCard, found: ExistingCard, into: _Rescheduled) -> None:
        """Take the file's scheduling of a matched card when the file's copy of it is newer.

        Anki takes the copy modified later; FibroLearn keeps no modification time for cards, so
        the file's copy is newer when it was studied after ours (:func:`_studied_later`). Then
        its memory state, suspension and bury replace ours. Otherwise the card keeps what the
        learner did here since the last import (answers, a suspension, a bury) and is not
        written, but for a bury the file brings to a card never buried here.
        """
        newer = _studied_later(card.state, found)
        until = self._buried_until(card, found, newer=newer)
        if newer:
            into.taken.append(CardSchedule(found.id, self._state(card), card.suspended, until))
        elif until != found.buried_until:
            into.buried.append(found.id)

    def _buried_until(
        self, card: PlannedCard, found: ExistingCard, *, newer: bool
    ) -> datetime | None:
        """Until when a matched card stays buried; a bury made here is never lifted or shortened.

        A card Anki had buried stays out of study until the next study day, when the file's copy
        is newer or the card was never buried here: an older copy already buried it when it was
        imported, and importing that file again on a later day must not hide the card again.
        """
        ours = found.buried_until
        if card.buried and (ours is None or (newer and ours < self.next_day)):
            return self.next_day
        return ours

    def _card_deck(self, note: PlannedNote, card: PlannedCard, note_id: int) -> int:
        """A new card's deck: a matched note's own when the file puts the card with its note."""
        if not goes_to_its_deck(note, card, note_found=note_id in self.kept_decks):
            return self.kept_decks[note_id]
        return self._deck_id(card.deck)

    def _retire(self, existing: dict[int, dict[int, ExistingCard]]) -> None:
        """Retire the cards kept notes no longer make: out of study and Browse, history kept.

        A reversed note made basic loses its second card; a cloze note, removed deletions' cards.
        """
        gone = [
            card.id
            for note_id, cards in existing.items()
            if note_id in self.matched.makes
            for ordinal, card in cards.items()
            if not card.retired and ordinal not in self.matched.makes[note_id]
        ]
        self.counts.cards_retired += import_repo.set_retired(self.session, gone, retired=True)

    def _state(self, card: PlannedCard) -> MemoryState:
        if card.state is None:
            return self.new_state
        # As Anki's FSRS does, a card's memory comes from its answers since its latest reset.
        since = [a for a in card.history if not card.resets or a.reviewed_at > card.resets[-1]]
        if not (card.memory_estimated and since):
            return card.state
        replayed = MemoryState.new(since[0].reviewed_at)
        try:
            for answer in filter(attrgetter("rescheduled"), since):
                replayed = self.scheduler.answer(1, replayed, answer.rating, answer.reviewed_at)
        except ValueError:
            return card.state  # a log FSRS cannot follow: keep the estimate
        return replace(card.state, stability=replayed.stability, difficulty=replayed.difficulty)

    def _history(self, cards: list[tuple[PlannedCard, int]]) -> None:
        self._resets(cards)
        with_history = [(card, card_id) for card, card_id in cards if card.history]
        if not with_history:
            return
        # An earlier import that left a card out kept its answers without a card: they are
        # this card's now, and below, answers logged already are not logged twice.
        import_repo.adopt_history(
            self.session, {card.source: card_id for card, card_id in with_history if card.source}
        )
        logged = import_repo.logged_answers(self.session, [card_id for _c, card_id in with_history])
        self.tracker.start("Writing review history", len(with_history))
        rows = []
        for card, card_id in with_history:
            rows += [
                _logged(answer, card_id=card_id)
                for answer in card.history
                if not _logged_already(logged, card_id, answer)
            ]
            self.tracker.step()
        self.counts.reviews_added += import_repo.insert_reviews(self.session, rows)

    def _resets(self, cards: list[tuple[PlannedCard, int]]) -> None:
        """Log the cards' resets (Anki's Forget), those logged already (an import again) aside."""
        resets = [(card_id, moment) for card, card_id in cards for moment in card.resets]
        card_resets.log_new_resets(self.session, resets)

    def _orphan_history(self) -> None:
        card_resets.log_new_resets(self.session, self.plan.orphan_resets, by="external_card")
        if not self.plan.orphan_reviews:
            return
        logged = import_repo.external_review_keys(self.session)
        rows = [
            _logged(orphan.review, external_card=orphan.external_card)
            for orphan in self.plan.orphan_reviews
            if (orphan.external_card, orphan.review.reviewed_at) not in logged
        ]
        self.counts.reviews_added += import_repo.insert_reviews(self.session, rows)


def goes_to_its_deck(note: PlannedNote, card: PlannedCard, *, note_found: bool) -> bool:
    """Whether a card the import adds goes into the deck the file names for it.

    A note already in the collection stays in its deck, and so do the cards it gains; but for
    one the file puts in another deck than its note.
    """
    return not note_found or card.deck != note.deck


def collection_note_types(session: DbSession) -> list[NoteTypeSpec]:
    """The collection's note types, for a text file whose lines name them."""
    return [stored_spec(stored) for stored in note_types_repo.note_types(session).values()]


def with_media_renamed(plan: ImportPlan, renamed: dict[str, str]) -> ImportPlan:
    """The plan, its references to media files that got new names updated.

    In the notes' fields, and in the note types' templates and CSS, which show media too
    (Anki's shared "_logo.png", a font).
    """
    if not renamed:
        return plan
    notes = tuple(
        note._replace(fields={k: rename_references(v, renamed) for k, v in note.fields.items()})
        for note in plan.notes
    )
    note_types = tuple(note_type_renamed(spec, renamed) for spec in plan.note_types)
    return replace(plan, notes=notes, note_types=note_types)


def _row(note: PlannedNote, deck_id: int, type_ids: Mapping[str, int]) -> NewNote:
    """The note's row, in deck ``deck_id`` (a matched note's own deck: a note never moves).

    ``type_ids`` are the ids the plan's note types were saved under, by key.
    """
    return NewNote(
        deck_id=deck_id,
        key=note.key,
        guid=note.guid,
        kind=note.kind,
        fields=note.fields,
        tags=" ".join(note.tags),
        note_type_id=type_ids.get(note.note_type_key or ""),
        origin_type_id=type_ids.get(note.origin_type_key or ""),
    )


def _logged(
    answer: LoggedAnswer, card_id: int | None = None, external_card: str | None = None
) -> NewReview:
    """The review row of an imported answer, for its card here or a card left out."""
    return NewReview(
        card_id=card_id,
        external_card=external_card,
        reviewed_at=answer.reviewed_at,
        rating=int(answer.rating),
        duration_ms=answer.duration_ms,
        before=answer.before,
        after=answer.after,
        early=answer.early,
    )


def _logged_already(logged: set[tuple[int, int, int]], card_id: int, answer: LoggedAnswer) -> bool:
    """Whether ``answer`` to card ``card_id`` is one of the ``logged`` (card, rating, second).

    An Anki package keeps answer times to the millisecond, where FibroLearn keeps them to the
    microsecond, and moves an answer to the next free millisecond where one was taken: an
    answer exported and imported again comes back a little earlier or later. The same rating
    on the same card within a second (of the same whole second or the next) is taken for
    that answer: only answers given to one card on two devices at once could be two.
    """
    second = math.floor(answer.reviewed_at.timestamp())
    rating = int(answer.rating)
    return any((card_id, rating, near) in logged for near in (second - 1, second, second + 1))


def _studied_later(state: MemoryState | None, card: ExistingCard) -> bool:
    """Whether the file's copy of a card was answered after ours: more answers, or a later one."""
    if state is None:
        return False
    return (state.reps, state.last_review or _NEVER) > (card.reps, card.last_review or _NEVER)


def _set_aside_notices(counts: _Counts) -> list[str]:
    """The cards an import kept out of study because their notes do not make them, in words."""
    notices = []
    if counts.cards_retired:
        notices.append(
            f"Set aside {cards_whose_note_lacks(counts.cards_retired)}; "
            + (
                "it is out of study and Browse, and its review history is kept."
                if counts.cards_retired == 1
                else "they are out of study and Browse, and their review history is kept."
            )
        )
    if counts.cards_left_out:
        notices.append(
            f"Left out {cards_whose_note_lacks(counts.cards_left_out)}: empty in Anki (a cloze "
            "deletion removed, or a question left blank), with no answers to keep. Anki's "
            "Tools ▸ Empty Cards deletes such cards."
        )
    return notices
