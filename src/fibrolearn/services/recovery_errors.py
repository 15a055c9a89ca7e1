"""What the start-up check raises when the collection is damaged, emptied or missing.

Each says what happened and what the learner can do: which backup is offered, or why none is.
"""

from __future__ import annotations

from pathlib import Path

from fibrolearn.domain.backups import BackupInfo, RestoreResult
from fibrolearn.domain.words import local_time_words
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
