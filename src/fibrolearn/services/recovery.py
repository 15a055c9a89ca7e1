"""Recovering from damage: the start-up check, and restoring a backup over the collection.

Nothing here ever deletes or overwrites a collection: a damaged one (an emptied, 0-byte file
counts as damaged) is renamed aside, and a restore replaces the collection only after a backup
of it was made (by the caller, who still has it open) and the backup to restore has been
unpacked and checked. Nor does a restore replace a media file that backup does not hold. A
collection that is missing while good backups of one exist is not silently started anew: the
newest good backup is offered.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from fibrolearn.domain.backups import BackupInfo, BackupReason, RestoreResult
from fibrolearn.domain.faults import StorageProblemKind
from fibrolearn.domain.progress import NoProgress, Progress
from fibrolearn.paths import AppPaths
from fibrolearn.services.backups import (
    backups_found,
    content_fingerprint,
    list_backups,
    read_backup,
)
from fibrolearn.services.recovery_errors import (
    EMPTY_PROBLEM,
    RESTORE_STEPS,
    STEP_FAILED,
    CollectionDamagedError,
    CollectionMissingError,
    RestoreError,
    RestoreStoppedError,
    restore_again,
)
from fibrolearn.services.restore_record import recorded_restore, write_record
from fibrolearn.services.storage_errors import storage_problem
from fibrolearn.storage import backup_archive, backup_files, file_check, restore_media
from fibrolearn.storage.backup_archive import BackupFileError
from fibrolearn.storage.backup_media import store_of
from fibrolearn.storage.damaged_data import (
    StoredSettingError,
    causes,
    changed_definitions,
    damage_in,
    damaged_values,
)
from fibrolearn.storage.migrate import CollectionError, NewerCollectionError, open_collection
from fibrolearn.storage.schema_revisions import REVISIONS, damaged_revision

if TYPE_CHECKING:
    from fibrolearn.services.container import Services

DAMAGED_LABEL = "damaged"
EMPTY_LABEL = "empty"  # a 0-byte collection file, set aside like a damaged one
UNRECOGNISED_PROBLEM = "the file does not begin as an SQLite database does: its start is damaged"
_WORK_PREFIX = ".restoring-"
_UNPACKED_COLLECTION = "collection.sqlite3"  # in the work folder, until put in place
# In the work folder, from just before the swap: which restore it is, should a crash cut it short.
_RESTORE_RECORD = "restore.json"
# The disk's refusals, as opposed to damage: a backup they stop from unpacking is not bad.
_DISK_REFUSED = frozenset({StorageProblemKind.DISK_FULL, StorageProblemKind.UNAVAILABLE})


def check_collection(
    paths: AppPaths,
    *,
    read_only: bool = False,
    file_problems: Callable[[Path], list[str]] = file_check.file_problems,
) -> RestoreResult | None:
    """At start: quick-check the collection, and set it aside if it is damaged or empty.

    In a ``read_only`` folder nothing can be set aside, so damage is only reported.
    ``file_problems`` runs the check (a check begun earlier, at start-up, for instance).

    A file that does not begin as SQLite's do is damage in a folder holding backups of a
    collection, and a foreign file elsewhere (left for opening to refuse).

    A data folder whose collection was set aside at an earlier start, and not replaced
    since, is reported the same way, so the offer of a backup is never silently lost; so is
    a missing collection when backups of one exist, even if none is good. Only a folder with
    neither (a first start) is left for a new collection to be made in.

    First a restore a crash cut short is finished (:func:`finish_cut_short_restore`); what
    it did is returned, for the learner to be told.

    Raises:
        CollectionDamagedError: The collection is damaged or empty (now moved aside), or
            missing after such a move.
        CollectionMissingError: The collection is missing and backups of one exist (a
            good one, or only damaged ones).
        CollectionError: The collection is damaged or empty and its folder is read-only.
    """
    finished = None if read_only else finish_cut_short_restore(paths)
    collection = paths.collection
    if not collection.exists():
        earlier = set_aside_earlier(paths)
        if earlier is not None:
            # Emptied is said again as such; damage found then is not known now.
            emptied = earlier in backup_files.moved_aside(collection, EMPTY_LABEL)
            raise _damaged(earlier, (EMPTY_PROBLEM,) if emptied else (), paths)
        backup, found = _offer(paths)
        if backup is not None or found:
            raise CollectionMissingError(collection, backup, found)
        return finished
    if collection.stat().st_size == 0:
        _set_aside(paths, EMPTY_LABEL, [EMPTY_PROBLEM], read_only=read_only)
    if not backup_archive.is_sqlite_file(collection):
        # Beside backups of a collection, a collection whose first bytes were lost (zeroed by
        # a crash of the disk or system); elsewhere a foreign file, which opening refuses
        # and leaves untouched.
        if listed := list_backups(paths.backups_dir):
            _set_aside(
                paths, DAMAGED_LABEL, [UNRECOGNISED_PROBLEM], read_only=read_only, listed=listed
            )
        return finished
    try:
        problems = file_problems(collection)
    except sqlite3.Error:
        return finished  # locked or unreadable rather than damaged: opening it will say which
    if problems:
        _set_aside(paths, DAMAGED_LABEL, problems, read_only=read_only)
    return finished


def set_aside_if_damaged(paths: AppPaths, error: BaseException, *, read_only: bool) -> None:
    """Set the collection aside when ``error``, raised while opening it, came of damaged data.

    For damage ``quick_check`` cannot see, in what the rows hold. The caller has closed the
    collection; for any other error this returns, and the caller raises it as it was.

    Raises:
        CollectionDamagedError: The data was damaged; the file was moved aside.
        CollectionError: The data was damaged, in a read-only folder; nothing was moved.
    """
    if any(isinstance(cause, StoredSettingError) for cause in causes(error)):
        return  # a setting has a default to take its place: the collection is not set aside
    damage = damage_in(paths.collection, error)
    if damage is not None:
        in_values = damaged_values(error) is not None
        _set_aside(paths, DAMAGED_LABEL, [damage], read_only=read_only, in_values=in_values)


def _set_aside(
    paths: AppPaths,
    label: str,
    problems: list[str],
    *,
    read_only: bool,
    in_values: bool = False,
    listed: list[BackupInfo] | None = None,
) -> None:
    """Move the collection aside and offer a backup; in a read-only folder, only say why not.

    Damage ``in_values`` (what the rows hold) passes SQLite's check, and a backup holding the
    very same values passes too: the copy made before an upgrade that then failed on them, or
    the backup just restored. It is not offered; offering it would only bring the learner back
    here. (Damage to the tables' definitions or pages is not in what a backup's content
    fingerprint covers, so a backup made before it may have the same one: it is offered.)

    Raises:
        CollectionDamagedError: Always, after the move.
        CollectionError: The folder is read-only; nothing was moved.
    """
    if read_only:
        what = EMPTY_PROBLEM if label == EMPTY_LABEL else f"found: {problems[0]}"
        raise CollectionError(
            f"Your collection is damaged ({what}), and its folder is read-only, so it cannot "
            "be set aside for a backup. Nothing was changed; make the folder writable and "
            "start FibroLearn again to recover."
        )
    moved = backup_files.move_aside(paths.collection, label, datetime.now(UTC))
    unlike = moved if in_values else None
    raise _damaged(moved, tuple(problems), paths, unlike=unlike, listed=listed)


def _damaged(
    moved: Path,
    problems: tuple[str, ...],
    paths: AppPaths,
    unlike: Path | None = None,
    listed: list[BackupInfo] | None = None,
) -> CollectionDamagedError:
    """The damage ``moved`` aside, told with the newest good backup (see ``_offer``)."""
    return CollectionDamagedError(moved, problems, *_offer(paths, unlike, listed))


def _offer(
    paths: AppPaths, unlike: Path | None = None, listed: list[BackupInfo] | None = None
) -> tuple[BackupInfo | None, int]:
    """The newest good backup (see ``newest_good_backup``); else how many were passed over.

    Each backup is read once (``listed``, if the folder was already): one can be hundreds of
    megabytes, and the learner whose collection was just damaged waits for the reading.
    """
    backups = list_backups(paths.backups_dir) if listed is None else listed
    offer = newest_good_backup(paths, unlike=unlike, listed=backups)
    return offer, 0 if offer is not None else backups_found(paths.backups_dir, backups)


def set_aside_earlier(paths: AppPaths) -> Path | None:
    """The collection file most recently set aside as damaged or empty, if any."""
    found = [
        path
        for label in (DAMAGED_LABEL, EMPTY_LABEL)
        for path in backup_files.moved_aside(paths.collection, label)
    ]
    if not found:
        return None

    def stamped(path: Path) -> tuple[str, str]:
        match = backup_archive.STAMP.search(path.name)
        return (match.group() if match else "", path.name)

    return max(found, key=stamped)


def newest_good_backup(
    paths: AppPaths, *, unlike: Path | None = None, listed: list[BackupInfo] | None = None
) -> BackupInfo | None:
    """The newest backup whose database unpacks and passes SQLite's check.

    A damaged picture in it does not pass it over: restoring leaves that picture out (and
    says so), where an older backup would lose the answers given since.

    With ``unlike`` (a collection file), a backup holding the same content is passed over.
    One the disk refuses to unpack (full, or failing) is offered unchecked: it was not found
    bad, and restoring it says what stands in the way, where passing over it would offer an
    older backup or none (and a missing collection would be started anew). The backups
    ``listed`` already are not read again.
    """
    backups = list_backups(paths.backups_dir) if listed is None else listed
    unwanted = _content_or_none(unlike) if unlike is not None and backups else None
    for candidate in backups:
        try:
            with _checked_collection(candidate.path, paths, candidate) as (_info, database):
                # One that cannot be read through to compare is not good either.
                if unwanted is None or content_fingerprint(database) != unwanted:
                    return candidate
        except (OSError, sqlite3.Error) as error:
            problem = storage_problem(error)
            if problem is not None and problem.kind in _DISK_REFUSED:
                return replace(candidate, checked=False)
        except (BackupFileError, CollectionError):
            continue
    return None


def _content_or_none(collection: Path) -> str | None:
    try:
        return content_fingerprint(collection)
    except sqlite3.Error:  # too damaged to read through: nothing to compare with
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
    media_damaged: tuple[str, ...] = ()  # the backup's, left out (see extract_media)
    media_missing: tuple[str, ...] = ()  # named by the backup, found in no store

    def put_collection_in_place(
        self, safety_backup: BackupInfo | None = None, kept: Path | None = None
    ) -> RestoreResult:
        """Atomically make the unpacked database the collection (which must be closed).

        Without a ``safety_backup`` of it, a collection in place is first kept beside it
        (one a newer FibroLearn wrote, say): never overwritten. A media file the
        ``safety_backup`` does not hold stays as it is, not replaced by the backup's
        (:func:`restore_media.keep_unheld`). What is restored, the ``safety_backup`` or where
        the collection replaced is ``kept`` (set aside as damaged before, or now), and the
        media kept are recorded beside it: a restore a crash cuts short after this is
        finished at the next start, which then says so (:func:`finish_cut_short_restore`).
        Returns what the restore does, once its media are added.
        """
        moment = datetime.now(UTC)
        collection = self.paths.collection
        kept_now = None
        if safety_backup is None and collection.exists():
            kept_now = backup_files.keep_beside(collection, moment)
        kept = None if safety_backup is not None else kept_now or kept
        held = restore_media.held_media(None if safety_backup is None else safety_backup.path)
        media_kept = restore_media.keep_unheld(self.media, self.paths.media_dir, held)
        result = RestoreResult(
            self.backup, safety_backup, kept, media_kept, self.media_damaged, self.media_missing
        )
        write_record(self.database.with_name(_RESTORE_RECORD), result)
        backup_files.put_in_place(self.database, collection, moment, kept_now)
        return result

    def add_media(self) -> None:
        """Move the backup's media files into the media folder, replacing same-named ones.

        The restore is then whole: its record goes, so that a work folder the system would
        not let go of is not taken for a restore cut short.
        """
        restore_media.move_media(self.media, self.paths.media_dir)
        self.database.with_name(_RESTORE_RECORD).unlink(missing_ok=True)

    def finish_once_in_place(self) -> RestoreResult | None:
        """After a stop (Ctrl+C): once the collection is in place, add the media; what it did.

        None before that: nothing was restored.
        """
        record = self.database.with_name(_RESTORE_RECORD)
        done = None if self.database.exists() else recorded_restore(record)
        if done is not None:
            self.add_media()
        return done


def finish_cut_short_restore(paths: AppPaths) -> RestoreResult | None:
    """Finish a restore a crash cut short after its collection was put in place; or drop it.

    A restore puts the backup's collection in place, then moves the backup's media in: killed
    between the two, it left the restored collection with the replaced one's pictures, and
    the rest of the backup's in its work folder. Its collection gone from there tells that the
    swap happened: the media are moved in now. Before the swap nothing had changed, and the
    work folder only goes. Restores run one at a time, in the process holding the folder.

    Returns what the finished restore did, for the learner to be told; None when no restore
    was finished, or its record no longer names backups that can be read. Media the folder
    will not take now are left for the next start, never lost, and never stop this one.
    """
    finished = None
    for work in paths.data_dir.glob(f"{_WORK_PREFIX}*"):
        if not (work / _UNPACKED_COLLECTION).exists():
            try:
                restore_media.move_media(work / "media", paths.media_dir)
            except OSError:
                # The media folder refuses them now (full, read-only): the collection still
                # opens, and the pictures wait in the work folder for the next start.
                continue
            finished = recorded_restore(work / _RESTORE_RECORD)
        shutil.rmtree(work, ignore_errors=True)
    return finished


@contextmanager
def prepare_restore(archive: Path, paths: AppPaths) -> Iterator[PreparedRestore]:
    """Unpack ``archive`` next to the collection and check it; clean up afterwards.

    Raises:
        BackupFileError: Not a backup, or a damaged one.
        NewerCollectionError: The backup was made by a newer FibroLearn.
    """
    with _checked_collection(archive, paths) as (info, database):
        media = database.parent / "media"
        left_out = backup_archive.extract_media(archive, media, store_of(paths.backups_dir))
        yield PreparedRestore(info, database, media, paths, *left_out)


@contextmanager
def _checked_collection(
    archive: Path, paths: AppPaths, info: BackupInfo | None = None
) -> Iterator[tuple[BackupInfo, Path]]:
    """Unpack ``archive``'s database in a folder of its own beside the collection, and check it.

    ``info`` describes the archive when it was already read (listed), so it is not read again.

    Raises:
        BackupFileError: Not a backup, or a damaged one.
        NewerCollectionError: The backup was made by a newer FibroLearn.
    """
    info = read_backup(archive) if info is None else info
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    finish_cut_short_restore(paths)
    with tempfile.TemporaryDirectory(prefix=_WORK_PREFIX, dir=paths.data_dir) as work:
        folder = Path(work)
        database = folder / _UNPACKED_COLLECTION
        backup_archive.extract_collection(archive, database)
        # Thorough: an index that no longer matches its table passes the quick check at
        # start, and restoring it would only lead back to damage.
        problems = file_check.file_problems(database, thorough=True)
        if problems:
            raise BackupFileError(f"{archive} holds a damaged collection ({problems[0]})")
        try:
            revision = backup_archive.collection_counts(database)[0]
        except sqlite3.Error as error:  # the backup's, not the collection's
            raise BackupFileError(f"{archive} holds an unreadable collection ({error})") from None
        # Damage quick_check does not see but opening would: restoring it would only lead back.
        damaged = (
            changed_definitions(database) if revision in REVISIONS else damaged_revision(revision)
        )
        if damaged is not None:
            raise BackupFileError(f"{archive} holds a damaged collection ({damaged})")
        if revision not in REVISIONS:
            raise NewerCollectionError(
                f"{archive} was made by a newer version of FibroLearn (schema {revision}); "
                "update FibroLearn to restore it."
            )
        yield info, database


def restore_backup(
    archive: Path,
    paths: AppPaths,
    current: Services | None,
    kept: Path | None = None,
    progress: Progress | None = None,
    *,
    backing_up: Progress | None = None,
) -> RestoreResult:
    """Replace the collection with a backup; the caller opens the collection again after.

    The backup is unpacked and checked first; then ``current`` (the open collection, if it is
    healthy enough to open) is backed up and closed, and the restored file put in place. If
    anything fails before that point, ``current`` stays open and nothing changed. Without
    ``current``, a collection at its place (one a newer FibroLearn wrote) is kept beside it,
    never overwritten; ``kept`` says where one set aside before (damaged) lies. The result
    names either, and the media files kept as they were in place of the backup's: those the
    backup of ``current`` does not hold (any that differ, without one). ``progress`` is told
    each of :data:`RESTORE_STEPS` as it begins, and ``backing_up`` the bytes the backup of
    ``current`` has read; neither can cancel.

    Raises:
        BackupFileError: Not a backup, or a damaged one.
        NewerCollectionError: The backup was made by a newer FibroLearn.
        RestoreError: The disk refused a step (unpacking, the safety backup, the swap).
        RestoreStoppedError: Ctrl+C came once the collection was in place (finished first).
    """
    report = progress or NoProgress()
    steps = len(RESTORE_STEPS)
    step = "unpack"
    result = None
    safety: BackupInfo | None = None
    try:
        report.advance(0, steps)
        with prepare_restore(archive, paths) as prepared:
            step = "backup"
            report.advance(1, steps)
            if current is not None:
                safety = current.backups.backup(
                    BackupReason.BEFORE_RESTORE, prepared.backup.created_at, progress=backing_up
                )
                current.close()
            step = "swap"
            try:
                report.advance(2, steps)
                placed = prepared.put_collection_in_place(safety, kept)
                kept = placed.kept
                step = "media"
                report.advance(3, steps)
                prepared.add_media()
            except KeyboardInterrupt:
                finished = prepared.finish_once_in_place()
                if finished is None:
                    raise  # before the swap: nothing was restored
                raise RestoreStoppedError(finished) from None
            result = placed
    except OSError as error:
        if result is not None:  # only removing the work folder failed: restored all the same
            return result
        replaced = safety.path if safety else kept
        words = STEP_FAILED[step].format(
            archive=archive.name,
            folder=paths.data_dir,
            collection=paths.collection,
            media=paths.media_dir,
            reason=error.strerror or error,
            kept=f" The collection it replaced is kept in {replaced}." if replaced else "",
        )
        raise RestoreError(f"{words} {restore_again(step, archive, error)}") from error
    return result
