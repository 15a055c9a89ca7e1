"""What the start-up check raises when the collection is damaged, emptied or missing.

And what a restore says when it stops, at which of its steps.

Each says what happened and what the learner can do: which backup is offered, or why none is.
"""

from __future__ import annotations

from pathlib import Path

from fibrolearn.domain.backups import BackupInfo, RestoreResult
from fibrolearn.domain.words import local_time_words
from fibrolearn.services.storage_errors import storage_problem
from fibrolearn.storage.backup_archive import BackupFileError
from fibrolearn.storage.migrate import CollectionError, NewerCollectionError

EMPTY_PROBLEM = "the collection file is empty (0 bytes): something emptied or truncated it"
# What a restore raises when the backup itself cannot be restored (damaged, not a backup, or
# made by a newer FibroLearn): found as it is unpacked and checked, before anything changed.
BACKUP_REFUSED = (BackupFileError, NewerCollectionError)


class RestoreStoppedError(KeyboardInterrupt):
    """Ctrl+C came once the backup's collection was in place: the restore was finished first.

    Stopped there, the restored collection would have lacked the backup's pictures. ``result``
    says what the restore did.
    """

    def __init__(self, result: RestoreResult) -> None:
        super().__init__()
        self.result = result


def _offer(backup: BackupInfo) -> str:
    return (
        f" {backup.offered_as} is from {local_time_words(backup.created_at)} with "
        f"{backup.contents}: {backup.path}."
    )


class CollectionDamagedError(CollectionError):
    """The collection was damaged (or emptied) and has been moved aside; a backup may replace it.

    Attributes:
        moved_to: Where the damaged file now is (never deleted).
        problems: What was found (none when damage made it set aside at an earlier start).
        backup: The newest backup that passed a check, if there is one.
        passed_over: Without one, how many backups there are, none of which passed.
    """

    def __init__(
        self,
        moved_to: Path,
        problems: tuple[str, ...],
        backup: BackupInfo | None,
        passed_over: int = 0,
    ) -> None:
        self.moved_to = moved_to
        self.problems = problems
        self.backup = backup
        self.passed_over = passed_over
        # Set aside earlier: by the app's start, or by a command (both open it).
        if not problems:
            found = " found damaged when FibroLearn last opened it"
        elif problems[0] == EMPTY_PROBLEM:
            found = f" damaged ({EMPTY_PROBLEM})"
        else:
            found = f" damaged (found: {problems[0]})"
        offer = _offer(backup) if backup is not None else f" {self.no_backup}"
        super().__init__(
            f"Your collection was{found}. It was moved aside, not deleted, to {moved_to}.{offer}"
        )

    @property
    def no_backup(self) -> str:
        """Why no backup is offered: there is none, or none of those there passed the check."""
        return _none_passed(self.passed_over, " either")


class CollectionMissingError(CollectionError):
    """There is no collection, but there are backups of one: the newest good one is offered.

    Attributes:
        collection: Where the collection should be.
        backup: The newest backup that passed a check; None when none of them did.
        passed_over: Without one, how many backups there are, none of which passed.
    """

    def __init__(self, collection: Path, backup: BackupInfo | None, passed_over: int = 0) -> None:
        self.collection = collection
        self.backup = backup
        self.passed_over = passed_over
        offer = _offer(backup) if backup is not None else f" {self.no_backup}"
        super().__init__(
            f"There is no collection at {collection}, but its folder holds backups of one, "
            f"so FibroLearn did not start a new, empty one.{offer}"
        )

    @property
    def no_backup(self) -> str:
        """Why no backup is offered: none of those there passed the check."""
        return _none_passed(self.passed_over, "")


def _none_passed(passed_over: int, either: str) -> str:
    """That none of the ``passed_over`` backups passed the check (``either``: as the collection)."""
    if not passed_over:
        return "There is no backup to restore."
    if passed_over == 1:
        return f"The only backup did not pass the check{either}, so there is none to restore."
    return (
        f"None of the {passed_over:,} backups passed the check{either}, so there is none to "
        "restore."
    )


def restore_again(step: str, archive: Path, error: OSError) -> str:
    """What to do about a restore that ``error`` stopped at ``step``: the disk's fix first.

    Once the collection is restored (its media failed), the backup is named: the Backups
    window now lists the one made as the restored collection opened first.
    """
    problem = storage_problem(error)
    fix = None if problem is None else problem.fix
    again = f"restore {archive.name} again" if step == "media" else "restore it again"
    return f"{fix}, then {again}." if fix else f"{again.capitalize()} once that is fixed."


class RestoreError(CollectionError):
    """A restore could not finish; the message says which step failed.

    The disk's own error is the cause (``__cause__``), so a full or read-only disk is still
    recognised as such (:func:`fibrolearn.services.storage_errors.storage_problem`).
    """


# What each step of a restore does, in order (see restore_backup).
RESTORE_STEPS = (
    "unpacking the backup",
    "backing up your collection first",
    "putting the backup's collection in place",
    "putting its media files in place",
)
# What a restore stopped at each step (see RESTORE_STEPS) did and did not do.
STEP_FAILED = {
    "unpack": "Could not unpack the backup {archive} into {folder} ({reason}). Nothing was "
    "changed.",
    "backup": "Could not back up the collection before restoring ({reason}), so it was not "
    "replaced. Nothing was changed.",
    "swap": "Could not put the restored collection in place at {collection} ({reason}). The "
    "collection there is still the one it was.",
    "media": "Restored the collection, but could not add all of the backup's pictures and "
    "sounds to {media} ({reason}).{kept}",
}
