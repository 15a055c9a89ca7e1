"""Backups of a collection: why one was made and what it holds."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from fibrolearn.domain.words import counted, listed, named_first


class BackupReason(StrEnum):
    """Why a backup was made; the value is part of the backup's file name."""

    START = "start"
    PERIODIC = "periodic"
    MANUAL = "manual"
    BEFORE_IMPORT = "before-import"
    BEFORE_RESTORE = "before-restore"
    BEFORE_BULK_DELETE = "before-bulk-delete"
    BEFORE_DECK_DELETE = "before-deck-delete"
    BEFORE_UPGRADE = "before-upgrade"

    @property
    def label(self) -> str:
        """A few words for lists: what was about to happen, or what prompted it."""
        return _LABELS[self]

    @property
    def routine(self) -> bool:
        """Whether FibroLearn makes it as time goes by (at start, during study).

        The others are made on purpose: by the learner, or just before a change that could
        lose work; routine backups must not push those out (see the backup thinning).
        """
        return self in (BackupReason.START, BackupReason.PERIODIC)

    @property
    def thinned_among(self) -> str:
        """The backups among which the newest few are kept whatever their age.

        Routine ones together, and those made on purpose together, but for those made before
        a restore: a busy day of backups made by hand or before imports never pushes out the
        only copy of what a restore replaced. (Each reason apart kept up to 3.5 times as many
        backups, each with the media.)
        """
        if self.routine:
            return "routine"
        return "before a restore" if self is BackupReason.BEFORE_RESTORE else "on purpose"


_NAMED = 3  # media files a backup left out, named; the rest are counted
# Why a media file whose name is not UTF-8 text (from an old disk) is left out: zip cannot
# name an entry so, and no note can name it either. Kept in backups' manifests as it is.
NAME_NOT_TEXT = "its name is not UTF-8 text"

_LABELS = {
    BackupReason.START: "On opening, after changes",
    BackupReason.PERIODIC: "During study (every 30 minutes)",
    BackupReason.MANUAL: "Made by you",
    BackupReason.BEFORE_IMPORT: "Before an import",
    BackupReason.BEFORE_RESTORE: "Before restoring a backup",
    BackupReason.BEFORE_BULK_DELETE: "Before deleting cards",
    BackupReason.BEFORE_DECK_DELETE: "Before deleting a deck",
    BackupReason.BEFORE_UPGRADE: "Before upgrading FibroLearn's data format",
}


class UnreadableMedia(NamedTuple):
    """A media file a backup left out: its name in the media folder, and the system's why."""

    name: str
    why: str


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file, described without unpacking it.

    Attributes:
        path: The backup file.
        created_at: When the snapshot was taken (UTC).
        reason: Why it was made.
        size_bytes: The size of the backup file.
        cards: Cards in the backed-up collection.
        reviews: Answers in its review log.
        media_files: Media files it carries (0 for a bare collection snapshot).
        number: Its place in the order its folder's backups were made, which unlike its
            time does not depend on the clock having been right (0: not numbered).
        checked: False for one offered without its check, which the disk stopped (full, or
            failing) from unpacking it.
        unreadable_media: The media files it left out, as the system would not open them.
        restoring: For one made before a restore, when the backup restored was made (None:
            not said, as by earlier versions).
    """

    path: Path
    created_at: datetime
    reason: BackupReason
    size_bytes: int
    cards: int
    reviews: int
    media_files: int
    number: int = 0
    checked: bool = True
    unreadable_media: tuple[UnreadableMedia, ...] = ()
    restoring: datetime | None = None

    def why(self, time_words: Callable[[datetime], str]) -> str:
        """Why it was made, in a few words for lists: its reason's label.

        One made before a restore names the backup restored, by its time in ``time_words``:
        the one to go back to, to undo that restore, told apart from the backup made as the
        restored collection opened, in the same minute.
        """
        if self.restoring is None:
            return self.reason.label
        return f"Before restoring the backup of {time_words(self.restoring)}"

    @property
    def contents(self) -> str:
        """What it holds, counted as everywhere in the app: "146,487 cards and 1 review"."""
        return f"{counted(self.cards, 'card')} and {counted(self.reviews, 'review')}"

    @property
    def left_out(self) -> str:
        """What it lacks, said as it is made, with what to do; "" when it holds every file.

        "It left out 2 media files FibroLearn could not open: cat.jpg (Permission denied) and
        dog.png (Permission denied). Make them readable so that the next backups hold them;
        your cards and answers are all in it." A file whose name is not UTF-8 text needs
        renaming instead, and is said apart.
        """
        if not self.unreadable_media:
            return ""
        misnamed = [m for m in self.unreadable_media if m.why == NAME_NOT_TEXT]
        unopened = [m for m in self.unreadable_media if m.why != NAME_NOT_TEXT]
        sentences = []
        if unopened:
            them = "it" if len(unopened) == 1 else "them"
            sentences.append(
                f"It left out {counted(len(unopened), 'media file')} FibroLearn could not open: "
                f"{_named(f'{m.name} ({m.why})' for m in unopened)}. Make {them} readable so "
                f"that the next backups hold {them}"
            )
        if misnamed:
            one = len(misnamed) == 1
            them, whose = ("it", "name is") if one else ("them", "names are")
            also = " also" if unopened else ""
            sentences.append(
                f"It{also} left out {counted(len(misnamed), 'media file')} whose {whose} not "
                f"UTF-8 text, so a backup cannot hold {them}: {_named(m.name for m in misnamed)} "
                f"(� marks what FibroLearn cannot read). Rename {them} in the media folder so "
                f"that the next backups hold {them}"
            )
        return ". ".join(sentences) + "; your cards and answers are all in it."

    def media_left_out(self) -> str:
        """The media files it left out, the first few named: "a.png, b.png and 3 others"."""
        return _named(m.name for m in self.unreadable_media)

    @property
    def offered_as(self) -> str:
        """What an offer to restore it, the newest worth restoring, calls it."""
        if self.checked:
            return "The newest good backup"
        return "The newest backup (the disk would not let FibroLearn unpack it to check it)"


def _named(names: Iterable[str]) -> str:
    """Media files as a sentence names them, the first few: "a.png, b.png and 3 others"."""
    return listed(named_first(list(names), _NAMED, "other"))


# Said as the collection opens when a restore a crash cut short was finished then.
RESTORE_FINISHED = (
    "FibroLearn was stopped in the middle of restoring a backup, and has now finished the restore."
)


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """What a restore did.

    Attributes:
        restored: The backup now in place.
        safety_backup: The backup made of the collection it replaced (None when there was
            no healthy collection to back up, as after damage).
        kept: Where the collection it replaced lies, not deleted, when no backup of it was
            made: set aside as damaged before, or moved aside by the restore (written by a
            newer FibroLearn, say). None with a safety backup, or when there was none.
        media_kept: The media files kept as they were, not replaced by the backup's, as
            the backup made just before the restore does not hold them (or none was made):
            by their names in the media folder.
        media_damaged: The backup's media files left out as damaged (a bad sector), by
            their names in the media folder.
        media_missing: The media files the backup names that were found nowhere (a backup
            copied from another computer without the media its backups share).
    """

    restored: BackupInfo
    safety_backup: BackupInfo | None
    kept: Path | None = None
    media_kept: tuple[str, ...] = ()
    media_damaged: tuple[str, ...] = ()
    media_missing: tuple[str, ...] = ()

    @property
    def media_words(self) -> list[str]:
        """What the restore did not bring back of the media, and why: a sentence each."""
        said = (self.media_kept_words, self.media_damaged_words, self.media_missing_words)
        return [words for words in said if words]

    @property
    def media_kept_words(self) -> str:
        """The media files the restore kept as they were, why, and how to have the backup's.

        "" when it kept none.
        """
        if not self.media_kept:
            return ""
        if len(self.media_kept) == 1:
            files, were, they, them = "file", "was", "it", "it"
        else:
            files, were, they, them = "files", "were", "they", "them"
        return (
            f"Your media {files} {_named(self.media_kept)} {were} kept as {they} {were}, not "
            f"replaced by the backup's: {they} {were} not backed up just before the restore, "
            f"so replacing {them} would have lost {them}. To have the backup's instead, move "
            "yours out of the media folder, then restore this backup again."
        )

    @property
    def media_damaged_words(self) -> str:
        """The backup's media files left out as damaged, and that any of the folder's stay.

        "" when none was.
        """
        if not self.media_damaged:
            return ""
        named = _named(self.media_damaged)
        if len(self.media_damaged) == 1:
            return (
                f"The backup's copy of {named} is damaged, so it was not restored; any file of "
                "that name already in the media folder was left as it was."
            )
        return (
            f"The backup's copies of {named} are damaged, so they were not restored; any files "
            "of those names already in the media folder were left as they were."
        )

    @property
    def media_missing_words(self) -> str:
        """The media files the backup names that were not found, and where they are looked for.

        "" when every one was found.
        """
        if not self.media_missing:
            return ""
        named = _named(self.media_missing)
        if len(self.media_missing) == 1:
            files, they, were, them, names = "file", "it", "was", "it", "any file of that name"
        else:
            files, they, were, them = "files", "they", "were", "them"
            names = "any files of those names"
        return (
            f"FibroLearn could not find the backup's media {files} {named}, so {they} {were} "
            f"not restored; {names} already in the media folder {were} left as {they} {were}. "
            "Backups keep their pictures and sounds in the media folder beside them: to "
            f"restore {them}, put that folder beside the backup file, then restore the backup "
            "again."
        )
