"""Add, edit, delete, tag and suspend from Browse; every change can be undone, and redone.

Each change is one transaction. Changes to many cards walk them in chunks inside that
transaction, reporting progress between chunks; cancelling raises
:class:`~fibrolearn.domain.progress.Cancelled`, which rolls the whole change back.

Deleting in bulk (more than :data:`BULK_DELETE_NOTES` notes at once) backs the collection up
first, as an import does: undo lasts only while the app runs, the backup stays.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.browse import ChangeReport, DeckChoice, NoteDraft, NoteError, NoteToEdit
from fibrolearn.domain.clock import Clock
from fibrolearn.domain.due_dates import DueDays
from fibrolearn.domain.faults import StorageProblem
from fibrolearn.domain.find_replace import Replacement
from fibrolearn.domain.notes import EditableNote, field_names
from fibrolearn.domain.progress import NoProgress, Progress
from fibrolearn.domain.words import counted as _count
from fibrolearn.services import card_moves, card_resets, find_replace
from fibrolearn.services import note_reversals as reversals
from fibrolearn.services.backups import BackupService
from fibrolearn.services.change_history import Change, ChangeHistory, Reversal
from fibrolearn.services.note_edits import (
    checked_draft,
    editable_note,
    note_of_card,
    save_edit,
    save_fields,
)
from fibrolearn.services.notes_tags import added_tags, removed_tags, split_tags
from fibrolearn.services.storage_errors import problem_in_collection
from fibrolearn.storage import browse, decks_repo, notes, notes_delete
from fibrolearn.storage.db import Database

CHUNK = reversals.CHUNK
_chunks = reversals.chunks
# A delete of more notes than this is a bulk delete: the collection is backed up first.
BULK_DELETE_NOTES = 10


class NoteService:
    """Changes Browse makes to notes and cards, with undo and redo (kept while the app runs)."""

    def __init__(self, database: Database, clock: Clock, backups: BackupService) -> None:
        self._db = database
        self._clock = clock
        self._backups = backups
        self._history = ChangeHistory(database)

    def storage_problem(self, error: BaseException) -> StorageProblem | None:
        """Why a change was not saved, when the disk or the collection caused it."""
        return problem_in_collection(self._db, error)

    # ------------------------------------------------------------------ reading
    def decks(self) -> list[DeckChoice]:
        """The decks notes can be added to, by name."""
        with self._db.read() as session:
            return [DeckChoice(d.id, d.name) for d in decks_repo.deck_rows(session)]

    def note_of_card(self, card_id: int) -> NoteToEdit:
        """The note a card comes from, to edit.

        Raises:
            NoteError: The card is gone, or its note has a kind this editor cannot change.
        """
        with self._db.read() as session:
            return note_of_card(session, card_id)

    def editable_note(self, card_id: int) -> EditableNote:
        """The note a card comes from, field by field, whatever its kind (for the field editor).

        Raises:
            NoteError: The card is gone, or its note's Anki note type is missing.
        """
        with self._db.read() as session:
            return editable_note(session, card_id)

    @property
    def undo_label(self) -> str | None:
        """What Undo would take back ("delete 3 notes"), or None when there is nothing."""
        return self._history.undo_label()

    @property
    def redo_label(self) -> tuple[str, bool] | None:
        """What Redo would do again, and whether it can; None when nothing was undone."""
        return self._history.redo_label()

    # ------------------------------------------------------------------ changes
    def add(self, deck_id: int, draft: NoteDraft) -> ChangeReport:
        """Add a note and its cards to a deck.

        Raises:
            NoteError: The note is incomplete (the message says what to fill in).
        """
        fields, ordinals = checked_draft(draft)
        first = field_names(draft.kind)[0]
        with self._db.write(locked=True) as session:
            deck = decks_repo.deck_row(session, deck_id)
            if deck is None:
                raise NoteError("choose the deck to add the note to")
            twin = notes.same_first_field(session, deck_id, first, fields[first])
            note_id, card_ids = notes.add_note(
                session,
                deck_id=deck_id,
                kind=str(draft.kind),
                fields=fields,
                tags=" ".join(split_tags(" ".join(draft.tags))),
                ordinals=ordinals,
                now=self._clock.now(),
            )
            deck_name = deck.name

        removed = f"Removed the note you added to {deck_name}."
        self._push("add note", reversals.delete_again([note_id], "the note", removed))
        added = f"Added {_count(len(card_ids), 'card')} to {deck_name}."
        if not twin:
            return ChangeReport(added, (note_id,))
        # Said, not refused: Anki too only warns, and Ctrl+Z takes it back.
        twin_note = f"Another note in this deck already has the same {first}"
        return ChangeReport(
            f"{added} {twin_note}: this may be a duplicate (Ctrl+Z takes the new one back).",
            (note_id,),
            warning=f"{twin_note}: this may be a duplicate.",
        )

    def edit(self, note_id: int, draft: NoteDraft) -> ChangeReport:
        """Save a note's new fields and tags; new cloze numbers get new cards.

        Raises:
            NoteError: The note is incomplete, changes kind, or drops a cloze deletion one of
                its cards asks about; nothing is written.
        """
        with self._db.write(locked=True) as session:
            before = save_edit(session, note_id, draft, self._clock.now())
        return self._edited(before)

    def edit_fields(
        self, note_id: int, fields: Mapping[str, str], tags: str | None = None
    ) -> ChangeReport:
        """Save new text for some fields of any note, an imported Anki one too (undoable).

        ``tags``: its new tags as typed, separated by spaces or commas (None: as they were).

        Raises:
            NoteError: As :func:`save_fields` says; nothing is written.
        """
        with self._db.write(locked=True) as session:
            before = save_fields(session, note_id, fields, self._clock.now(), tags)
        return self._edited(before)

    def _edited(self, before: notes.NoteBefore) -> ChangeReport:
        self._push("edit", reversals.put_back_note(before))
        added = len(before.added_cards) + len(before.revived_cards)
        extra = f" It has {_count(added, 'new card')}." if added else ""
        return ChangeReport(f"Saved the note.{extra}", (before.note_id,))

    def delete(self, card_ids: Sequence[int], progress: Progress | None = None) -> ChangeReport:
        """Delete the notes of these cards, with all their cards; history stays, detached.

        More than :data:`BULK_DELETE_NOTES` notes are a bulk delete: the collection is backed
        up first (reason "before-bulk-delete"), as before an import.

        Raises:
            OSError: The backup before a bulk delete could not be written; nothing was
                deleted.
        """
        report = progress or NoProgress()
        # Fewer cards cannot be more notes; read-only: the write below is refused anyway.
        if len(card_ids) > BULK_DELETE_NOTES and not self._db.read_only:
            with self._db.read() as session:
                bulk = len(browse.note_ids_of_cards(session, card_ids)) > BULK_DELETE_NOTES
            if bulk:
                self._backups.backup(BackupReason.BEFORE_BULK_DELETE)
        with self._db.write(locked=True) as session:
            note_ids = browse.note_ids_of_cards(session, card_ids)
            deleted = [
                notes_delete.delete_notes(session, chunk) for chunk in _chunks(note_ids, report)
            ]
        cards = sum(rows.cards.count for rows in deleted)
        if not note_ids:
            return ChangeReport("Nothing to delete.")
        what = f"{_count(len(note_ids), 'note')} ({_count(cards, 'card')})"
        self._push(f"delete {_count(len(note_ids), 'note')}", reversals.bring_back(deleted, what))
        gone = tuple(card_id for rows in deleted for card_id in rows.card_ids())
        return ChangeReport(f"Deleted {what}.", deleted_card_ids=gone)

    def add_tags(
        self, card_ids: Sequence[int], tags: Sequence[str], progress: Progress | None = None
    ) -> ChangeReport:
        """Add tags to the notes of these cards."""
        wanted = split_tags(" ".join(tags))
        if not wanted:
            raise NoteError("type the tags to add, separated by spaces or commas")
        changed = self._retag(card_ids, lambda old: added_tags(old, wanted), progress)
        return self._tag_report(changed, f"Added {_words(wanted, 'tag')} to", "add tags")

    def remove_tags(
        self, card_ids: Sequence[int], tags: Sequence[str], progress: Progress | None = None
    ) -> ChangeReport:
        """Remove tags (compared without regard to case) from the notes of these cards."""
        unwanted = split_tags(" ".join(tags))
        if not unwanted:
            raise NoteError("type the tags to remove, separated by spaces or commas")
        changed = self._retag(card_ids, lambda old: removed_tags(old, unwanted), progress)
        return self._tag_report(changed, f"Removed {_words(unwanted, 'tag')} from", "remove tags")

    def toggle_suspended(
        self, card_ids: Sequence[int], progress: Progress | None = None
    ) -> ChangeReport:
        """Suspend these cards; if every one is suspended already, unsuspend them all."""
        report = progress or NoProgress()
        ids = list(card_ids)
        with self._db.write(locked=True) as session:
            suspend = any(
                notes.any_active(session, ids[i : i + CHUNK]) for i in range(0, len(ids), CHUNK)
            )
            changed = [
                card
                for chunk in _chunks(ids, report)
                for card in notes.set_suspended(session, chunk, suspend)
            ]
        if not changed:
            return ChangeReport("No cards selected.")
        verb = "Suspended" if suspend else "Unsuspended"
        what = _count(len(changed), "card")
        label = f"{verb.lower().removesuffix('ed')} {what}"
        self._push(label, reversals.set_suspended_back(changed, suspend, what))
        return ChangeReport(f"{verb} {what}.")

    def change_deck(
        self, card_ids: Sequence[int], deck_id: int, progress: Progress | None = None
    ) -> ChangeReport:
        """Move the notes of these cards, with all their cards, to a deck.

        Raises:
            NoteError: As :func:`~fibrolearn.services.card_moves.move_notes` says; nothing
                is moved.
        """
        with self._db.write(locked=True) as session:
            moved = card_moves.move_notes(session, card_ids, deck_id, progress or NoProgress())
        if not moved.note_decks:
            return ChangeReport(f"The cards are in {moved.deck_name} already.")
        self._push(f"move {_count(len(moved.note_decks), 'note')}", reversals.move_back(moved))
        return ChangeReport(f"Moved {moved.what} to {moved.deck_name}.", tuple(moved.note_decks))

    def forget(
        self,
        card_ids: Sequence[int],
        choices: card_resets.ForgetChoices,
        progress: Progress | None = None,
    ) -> ChangeReport:
        """Make these cards new again; their review history stays (see card_resets)."""
        now = self._clock.now()
        with self._db.write(locked=True) as session:
            done = card_resets.forget(session, card_ids, now, choices, progress or NoProgress())
        if not done.before:
            return ChangeReport("The cards are new already.")
        what = _count(len(done.before), "card")
        undone = f"Undid Forget on {what}: what they remembered is back."
        self._push(f"forget {what}", reversals.put_back_schedule(done, undone))
        return ChangeReport(f"Forgot {what}: new again, their review history kept.")

    def set_due(
        self, card_ids: Sequence[int], days: DueDays, progress: Progress | None = None
    ) -> ChangeReport:
        """Make these studied cards due on a day (new ones are left alone; see card_resets)."""
        now = self._clock.now()
        with self._db.write(locked=True) as session:
            done, new = card_resets.set_due(session, card_ids, now, days, progress or NoProgress())
        if not done.before:
            return ChangeReport("Nothing was changed: new cards have no due date to move yet.")
        left = f" {_count(new, 'new card')} left as new (study them first)." if new else ""
        what = _count(len(done.before), "card")
        undone = f"Undid Set due date on {what}: their due dates are back."
        self._push(f"set due date of {what}", reversals.put_back_schedule(done, undone))
        return ChangeReport(f"Set the due date of {what}.{left}")

    def find_scope(self, card_ids: Sequence[int]) -> find_replace.FindScope:
        """The notes of these cards, read for Find and replace to preview in."""
        with self._db.read() as session:
            return find_replace.read_scope(session, card_ids)

    def find_replace(
        self, card_ids: Sequence[int], replacement: Replacement, progress: Progress | None = None
    ) -> ChangeReport:
        """Replace text in the notes of these cards, all or nothing (see find_replace).

        Raises:
            FindError, NoteError: Nothing is written; the message says why.
        """
        now = self._clock.now()
        with self._db.write(locked=True) as session:
            done = find_replace.find_replace(
                session, card_ids, replacement, now, progress or NoProgress()
            )
        what = f"{len(done.after):,} of {_count(done.looked_in, 'note')}"
        if not done.after:
            return ChangeReport(f"Nothing was replaced: no note of {done.looked_in:,} has it.")
        label = f"replace in {_count(len(done.after), 'note')}"
        self._push(label, reversals.put_back_text(done, what))
        return ChangeReport(f"Replaced in {what}. Ctrl+Z takes it back.")

    def undo(self, progress: Progress | None = None) -> ChangeReport | None:
        """Take back the newest change; None when there is nothing to undo.

        Raises:
            NoteError: The change cannot be taken back any more (it is dropped).
            Cancelled: The undo was cancelled; it stays available.
        """
        return self._history.undo(progress)

    def redo(self, progress: Progress | None = None) -> ChangeReport | None:
        """Do again the newest change undone; None when there is nothing to redo.

        Raises:
            NoteError: It cannot be done again now (its cards changed since); it is kept.
            Cancelled: The redo was cancelled; it stays available.
        """
        return self._history.redo(progress)

    # ------------------------------------------------------------------ helpers
    def forget_undo(self) -> None:
        """Forget every change there is to undo or redo, as Anki does when a deck is deleted.

        A deleted deck's ids, and its cards', may be given to new ones: an undo kept from
        before could change those instead.
        """
        self._history.clear()

    def _push(self, label: str, reverse: Reversal) -> None:
        """Keep a change just made (``label``: "delete 3 notes") to take back with ``reverse``."""
        self._history.push(Change(label, reverse))

    def _retag(
        self,
        card_ids: Sequence[int],
        change: Callable[[str], str],
        progress: Progress | None,
    ) -> dict[int, reversals.TagChange]:
        now = self._clock.now()
        changes: dict[int, reversals.TagChange] = {}
        with self._db.write(locked=True) as session:
            note_ids = browse.note_ids_of_cards(session, card_ids)
            for chunk in _chunks(note_ids, progress or NoProgress()):
                old = notes.tags_of(session, chunk)
                new = {n: change(tags.tags) for n, tags in old.items()}
                new = {n: tags for n, tags in new.items() if tags != old[n].tags}
                notes.set_tags(session, {n: (tags, now) for n, tags in new.items()})
                changes.update(
                    {n: reversals.TagChange(old[n], tags, now) for n, tags in new.items()}
                )
        return changes

    def _tag_report(
        self, changes: dict[int, reversals.TagChange], done: str, label: str
    ) -> ChangeReport:
        if not changes:
            return ChangeReport("No note needed that change.")
        self._push(label, reversals.put_back_tags(changes))
        return ChangeReport(f"{done} {_count(len(changes), 'note')}.", tuple(changes))


def _words(tags: Sequence[str], noun: str) -> str:
    return f"{noun}{'' if len(tags) == 1 else 's'} {', '.join(tags)}"
