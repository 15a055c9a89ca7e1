"""How each of Browse's changes is taken back, and done again: pairs of exact opposites.

Each function here returns a :data:`~fibrolearn.services.change_history.Reversal`: run in the
undo's (or redo's) transaction, it gives the reversal that takes it back in turn. Taking a
change back keeps the guards it always had (cards studied since stay as studied); doing it
again is all or nothing: if anything it would write over changed since the undo (in Study,
by an import), nothing is written and the learner is told why.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from fibrolearn.domain.browse import ChangeReport, NoteError
from fibrolearn.domain.progress import Progress
from fibrolearn.domain.words import counted
from fibrolearn.services import card_moves, card_resets, find_replace
from fibrolearn.services.change_history import Applied, Reversal
from fibrolearn.services.note_edits import save_fields
from fibrolearn.storage import notes, notes_delete
from fibrolearn.storage.db import DbSession

CHUNK = 500  # notes or cards per step of a long change
_SINCE = "changed since (studied, edited or imported), so nothing was done again"


def chunks(ids: Sequence[int], progress: Progress) -> Iterator[list[int]]:
    """``ids`` in chunks, reporting progress (and so allowing a cancel) after each."""
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
        progress.advance(min(start + CHUNK, len(ids)), len(ids))


# ------------------------------------------------------------------ Forget, Set due date
def put_back_schedule(done: card_resets.Rescheduled, undone: str) -> Reversal:
    """Give the cards back their schedule, saying ``undone``; cards studied since stay."""

    def reverse(session: DbSession, progress: Progress) -> Applied:
        kept = card_resets.put_back(session, done, progress)
        left = len(done.before) - len(kept.before)
        message = undone
        if left:
            message += (
                f" {counted(left, 'card')} studied since stayed as studied, so no answer is lost."
            )
        again = _reschedule_again(kept, undone) if kept.before else None
        return Applied(ChangeReport(message), again)

    return reverse


def _reschedule_again(undone_part: card_resets.Rescheduled, undone: str) -> Reversal:
    def reverse(session: DbSession, progress: Progress) -> Applied:
        redone = card_resets.reapply(session, undone_part, progress)
        if redone is None:
            raise NoteError(f"some of those cards {_SINCE}")
        return Applied(ChangeReport(""), put_back_schedule(redone, undone))

    return reverse


# ------------------------------------------------------------------------------ Suspend
def set_suspended_back(changed: Sequence[int], suspended: bool, what: str) -> Reversal:
    """Take back (un)suspending ``changed`` (``suspended``: they were suspended)."""

    def reverse(session: DbSession, progress: Progress) -> Applied:
        for chunk in chunks(changed, progress):
            notes.set_suspended(session, chunk, not suspended)
        back = "back in study" if suspended else "suspended again"
        return Applied(ChangeReport(f"{what} {back}."), _suspend_again(changed, suspended, what))

    return reverse


def _suspend_again(changed: Sequence[int], suspended: bool, what: str) -> Reversal:
    def reverse(session: DbSession, progress: Progress) -> Applied:
        done = sum(
            len(notes.set_suspended(session, c, suspended)) for c in chunks(changed, progress)
        )
        if done != len(changed):
            raise NoteError(f"some of those cards {_SINCE}")
        return Applied(ChangeReport(""), set_suspended_back(changed, suspended, what))

    return reverse


# ---------------------------------------------------------------------------------- Tags
@dataclass(frozen=True, slots=True)
class TagChange:
    """A note's tags before a tag change, and what the change wrote, when."""

    before: notes.NoteTags
    written: str
    written_at: datetime

    def undone(self, now: notes.NoteTags) -> tuple[str, datetime] | None:
        """The note's tags and modification time with the change taken back.

        None when its tags changed since, or a source's tags moved on (an import or a deck
        update merged into them): putting the old tags back would then lose those changes.
        """
        if now.tags != self.written or now.source_tags != self.before.source_tags:
            return None
        # A later edit of the fields keeps its own time.
        modified = (
            self.before.modified_at if now.modified_at == self.written_at else now.modified_at
        )
        return self.before.tags, modified

    def redone(self, now: notes.NoteTags) -> tuple[str, datetime] | None:
        """The note's tags and modification time with the change done again (as undone)."""
        if now.tags != self.before.tags or now.source_tags != self.before.source_tags:
            return None
        modified = (
            self.written_at if now.modified_at == self.before.modified_at else now.modified_at
        )
        return self.written, modified


def put_back_tags(changes: dict[int, TagChange]) -> Reversal:
    """Give notes back their tags from before a tag change, unless changed since."""

    def reverse(session: DbSession, progress: Progress) -> Applied:
        ids = list(changes)
        reverted: list[int] = []
        for chunk in chunks(ids, progress):
            now = notes.tags_of(session, chunk)
            back = {n: changes[n].undone(now[n]) for n in chunk if n in now}
            back = {n: tags for n, tags in back.items() if tags is not None}
            notes.set_tags(session, back)
            reverted += back
        message = f"Tags are back as they were on {counted(len(reverted), 'note')}."
        changed = len(ids) - len(reverted)
        if changed:
            message += (
                f" {counted(changed, 'note')} changed since (by another tag change, an "
                "import, a deck update or a delete), so their tags stay as they are."
            )
        again = {n: changes[n] for n in reverted}
        return Applied(
            ChangeReport(message, tuple(reverted)), _retag_again(again) if again else None
        )

    return reverse


def _retag_again(changes: dict[int, TagChange]) -> Reversal:
    def reverse(session: DbSession, progress: Progress) -> Applied:
        redone: dict[int, TagChange] = {}
        for chunk in chunks(list(changes), progress):
            now = notes.tags_of(session, chunk)
            again = {n: changes[n].redone(now[n]) for n in chunk if n in now}
            ready = {n: tags for n, tags in again.items() if tags is not None}
            if len(ready) != len(chunk):  # gone, or changed since
                raise NoteError(f"the tags of some of those notes {_SINCE}")
            notes.set_tags(session, ready)
            redone.update({n: replace(changes[n], before=now[n]) for n in chunk})
        return Applied(ChangeReport("", tuple(changes)), put_back_tags(redone))

    return reverse


# ---------------------------------------------------------------------- Find and replace
def put_back_text(done: find_replace.Replaced, what: str) -> Reversal:
    """Give notes back the text they had before a Find and replace (all, or none)."""

    def reverse(session: DbSession, progress: Progress) -> Applied:
        find_replace.put_back(session, done, progress)
        return Applied(
            ChangeReport(f"Undid Find and replace in {what}."), _replace_again(done, what)
        )

    return reverse


def _replace_again(done: find_replace.Replaced, what: str) -> Reversal:
    def reverse(session: DbSession, progress: Progress) -> Applied:
        swapped = replace(done, before=done.after, after=done.before)
        try:
            find_replace.put_back(session, swapped, progress)
        except NoteError:
            raise NoteError(f"some of those notes {_SINCE}") from None
        ids = tuple(note.id for note in done.after)
        return Applied(ChangeReport("", ids), put_back_text(done, what))

    return reverse


# ---------------------------------------------------------------------------------- Edit
@dataclass(frozen=True, slots=True)
class EditUndone:
    """An edit taken back, to do again: the note as the edit left it, and as the undo did."""

    note_id: int
    edited: tuple[Any, ...]  # fields, tags and sources' versions, as NoteBefore.left
    edited_at: datetime
    left: tuple[Any, ...]  # the same, as the undo left them


def take_back_edit(session: DbSession, before: notes.NoteBefore) -> EditUndone:
    """Put a note back as it was before an edit; what it takes to do the edit again.

    Raises:
        NoteError: The note is gone, or changed since the edit.
    """
    edited_at = notes.revert_update(session, before)
    left = notes.as_left_now(session, before.note_id)
    assert left is not None, "revert_update found it"
    return EditUndone(before.note_id, before.left, edited_at, left)


def edit_again(session: DbSession, undone: EditUndone) -> notes.NoteBefore:
    """Save the edit again, at its own time: its text, tags and new cards are back.

    Raises:
        NoteError: The note is gone, or changed since the undo.
    """
    if notes.as_left_now(session, undone.note_id) != undone.left:
        raise NoteError(f"the note {_SINCE}")
    (edited, tags, *_), now = undone.edited, undone.left[0]
    # Only the fields the edit changed: a note of FibroLearn's kinds stores fields its kind
    # does not edit (a cloze note's blank "front"), which save_fields refuses.
    fields = {name: text for name, text in edited.items() if now.get(name) != text}
    return save_fields(session, undone.note_id, fields, undone.edited_at, tags)


def put_back_note(before: notes.NoteBefore) -> Reversal:
    """Take back an edit of a note's fields or tags."""

    def reverse(session: DbSession, _progress: Progress) -> Applied:
        undone = take_back_edit(session, before)
        report = ChangeReport("The note is back as it was before the edit.", (before.note_id,))
        return Applied(report, _save_note_again(undone))

    return reverse


def _save_note_again(undone: EditUndone) -> Reversal:
    def reverse(session: DbSession, _progress: Progress) -> Applied:
        again = edit_again(session, undone)
        return Applied(ChangeReport("", (undone.note_id,)), put_back_note(again))

    return reverse


# -------------------------------------------------------------------------- Add, Delete
def bring_back(deleted: list[notes_delete.DeletedRows], what: str, removed: str = "") -> Reversal:
    """Put deleted notes (``what``) back: a delete taken back, or an add done again.

    ``removed``: what deleting them again says, when that is an add's undo.
    """

    def reverse(session: DbSession, progress: Progress) -> Applied:
        restored: list[int] = []
        for done, rows in enumerate(deleted, start=1):
            restored += notes_delete.restore(session, rows)
            progress.advance(done, len(deleted))
        report = ChangeReport(f"Brought back {what}.", tuple(restored))
        left = notes_delete.as_they_are(session, restored)
        return Applied(report, delete_again(restored, what, removed, left))

    return reverse


def delete_again(
    note_ids: Sequence[int], what: str, removed: str = "", left: int | None = None
) -> Reversal:
    """Delete notes (``what``) again: a delete done again, or an add taken back (``removed``).

    ``left``: the notes as the undo that brought them back left them (``as_they_are``); if
    they changed since, nothing is deleted.
    """

    def reverse(session: DbSession, progress: Progress) -> Applied:
        if left is not None and notes_delete.as_they_are(session, note_ids) != left:
            raise NoteError(f"some of those notes {_SINCE}")
        deleted = [notes_delete.delete_notes(session, part) for part in chunks(note_ids, progress)]
        if sum(rows.notes.count for rows in deleted) != len(note_ids):
            raise NoteError(f"some of those notes {_SINCE}")
        gone = tuple(card_id for rows in deleted for card_id in rows.card_ids())
        report = ChangeReport(removed, deleted_card_ids=gone)
        return Applied(report, bring_back(deleted, what, removed))

    return reverse


# ---------------------------------------------------------------------------- Change deck
def move_back(moved: card_moves.Moved) -> Reversal:
    """Put moved notes and cards back where they were."""

    def reverse(session: DbSession, progress: Progress) -> Applied:
        card_moves.move_back(session, moved, progress)
        ids = tuple(moved.note_decks)
        report = ChangeReport(f"Moved {moved.what} back to their decks.", ids)
        return Applied(report, _move_again(moved))

    return reverse


def _move_again(moved: card_moves.Moved) -> Reversal:
    def reverse(session: DbSession, progress: Progress) -> Applied:
        again = card_moves.move_again(session, moved, progress)
        if again is None:
            raise NoteError(f"some of those notes {_SINCE}")
        return Applied(ChangeReport("", tuple(moved.note_decks)), move_back(again))

    return reverse
