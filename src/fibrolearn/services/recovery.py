"""Recovering from damage: the start-up check, and restoring a backup over the collection.

Nothing here ever deletes or overwrites a collection: a damaged one is renamed aside, and a
restore replaces the collection only after a backup of it was made (by the caller, who still
has it open) and the backup to restore has been unpacked and checked.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from fibrolearn.domain.backups import BackupInfo, BackupReason, RestoreResult
from fibrolearn.paths import AppPaths
from fibrolearn.services.backups import list_backups, read_backup
from fibrolearn.storage import backup_archive, backup_files, file_check
from fibrolearn.storage.backup_archive import BackupFileError
from fibrolearn.storage.migrate import (
    REVISIONS,
    CollectionError,
    NewerCollectionError,
    open_collection,
)

if TYPE_CHECKING:
    from fibrolearn.services.container import Services

DAMAGED_LABEL = "damaged"
_WORK_PREFIX = ".restoring-"


class CollectionDamagedError(CollectionError):
    """The collection was damaged and has been moved aside; a backup may replace it.

    Attributes:
        moved_to: Where the damaged file now is (never deleted).
        problems: What SQLite found (empty when it was set aside at an earlier start).
        backup: The newest backup that passed a check, if there is one.
    """

    def __init__(
        self, moved_to: Path, problems: tuple[str, ...], backup: BackupInfo | None
    ) -> None:
        self.moved_to = moved_to
        self.problems = problems
        self.backup = backup
        found = f" (SQLite found: {problems[0]})" if problems else " when FibroLearn last started"
        offer = (
            f" The newest good backup is from {backup.created_at:%Y-%m-%d %H:%M} UTC with "
            f"{backup.cards} cards: {backup.path}."
            if backup
            else " There is no backup to restore."
        )
        super().__init__(
            f"Your collection was damaged{found}. It was moved aside, not deleted, to "
            f"{moved_to}.{offer}"
        )


def check_collection(
    paths: AppPaths,
    *,
    read_only: bool = False,
    file_problems: Callable[[Path], list[str]] = file_check.file_problems,
) -> None:
    """At start: quick-check the collection, and set it aside if it is damaged.

    In a ``read_only`` folder nothing can be set aside, so damage is only reported.
    ``file_problems`` runs the check (a check begun earlier, at start-up, for instance).

    A data folder whose collection was set aside at an earlier start, and not replaced
    since, is reported the same way, so the offer of a backup is never silently lost.

    Raises:
        CollectionDamagedError: The collection is damaged (now moved aside) or missing
            after such a move.
        CollectionError: The collection is damaged and its folder is read-only.
    """
    collection = paths.collection
    if not collection.exists():
        earlier = backup_files.moved_aside(collection, DAMAGED_LABEL)
        if earlier:
            raise CollectionDamagedError(earlier[-1], (), newest_good_backup(paths))
        return
    if collection.stat().st_size == 0 or not backup_archive.is_sqlite_file(collection):
        return  # new, or a foreign file: opening refuses the latter and leaves it untouched
    try:
        problems = file_problems(collection)
    except sqlite3.Error:
        return  # locked or unreadable rather than damaged: opening it will say which
    if problems and read_only:
        raise CollectionError(
            f"Your collection is damaged (SQLite found: {problems[0]}), and its folder is "
            "read-only, so it cannot be set aside for a backup. Nothing was changed; make "
            "the folder writable and start FibroLearn again to recover."
        )
    if problems:
        moved = backup_files.move_aside(collection, DAMAGED_LABEL, datetime.now(UTC))
        raise CollectionDamagedError(moved, tuple(problems), newest_good_backup(paths))


def newest_good_backup(paths: AppPaths) -> BackupInfo | None:
    """The newest backup whose database unpacks and passes SQLite's check."""
    for candidate in list_backups(paths.backups_dir):
        try:
            with prepare_restore(candidate.path, paths):
                return candidate
        except (BackupFileError, CollectionError, OSError, sqlite3.Error):
            continue
    return None


def start_empty(paths: AppPaths) -> None:
    """Create a new, empty collection where a damaged one was set aside."""
    open_collection(paths.collection, paths.backups_dir).close()


@dataclass(frozen=True, slots=True)
class PreparedRestore:
    """A backup unpacked and checked beside the collection, ready to be put in place."""

    backup: BackupInfo
    database: Path
    media: Path
    paths: AppPaths

    def put_in_place(self) -> BackupInfo:
        """Make the unpacked backup the collection; the collection must be closed.

        Media files from the backup are added to the media folder (files with the same name
        are replaced); media the backup does not know is left alone.
        """
        backup_files.put_in_place(self.database, self.paths.collection, datetime.now(UTC))
        for source in sorted(self.media.rglob("*")) if self.media.is_dir() else ():
            if source.is_file():  # same disk as the media folder: a rename, no extra space
                target = self.paths.media_dir / source.relative_to(self.media)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
        return self.backup


@contextmanager
def prepare_restore(archive: Path, paths: AppPaths) -> Iterator[PreparedRestore]:
    """Unpack ``archive`` next to the collection and check it; clean up afterwards.

    Raises:
        BackupFileError: Not a backup, or a damaged one.
        NewerCollectionError: The backup was made by a newer FibroLearn.
    """
    info = read_backup(archive)
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    for leftover in paths.data_dir.glob(f"{_WORK_PREFIX}*"):  # a restore cut short by a crash
        shutil.rmtree(leftover, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=_WORK_PREFIX, dir=paths.data_dir) as work:
        folder = Path(work)
        database = folder / "collection.sqlite3"
        backup_archive.extract_collection(archive, database)
        problems = file_check.file_problems(database)
        if problems:
            raise BackupFileError(f"{archive} holds a damaged collection ({problems[0]})")
        revision = backup_archive.collection_counts(database)[0]
        if revision not in REVISIONS:
            raise NewerCollectionError(
                f"{archive} was made by a newer version of FibroLearn (schema {revision}); "
                "update FibroLearn to restore it."
            )
        backup_archive.extract_media(archive, folder / "media")
        yield PreparedRestore(info, database, folder / "media", paths)


def restore_backup(archive: Path, paths: AppPaths, current: Services | None) -> RestoreResult:
    """Replace the collection with a backup; the caller opens the collection again after.

    The backup is unpacked and checked first; then ``current`` (the open collection, if it is
    healthy enough to open) is backed up and closed, and the restored file put in place. If
    anything fails before that point, ``current`` stays open and nothing changed.
    """
    with prepare_restore(archive, paths) as prepared:
        safety = None
        if current is not None:
            safety = current.backups.backup(BackupReason.BEFORE_RESTORE)
            current.close()
        return RestoreResult(prepared.put_in_place(), safety)
