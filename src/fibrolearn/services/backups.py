"""Automatic and manual backups of the open collection and its media.

The media files are stored once, shared by the backups, in the backups folder's ``media``
folder (see ``storage.backup_media``); each backup names those it holds.

Other use cases call :meth:`BackupService.backup` before anything that could lose work in
bulk (imports, restores, deleting many notes). The app calls :meth:`backup_if_changed` at
start and :meth:`backup_if_due` every few minutes; both back up only when what the
collection holds changed since the newest backup (its content fingerprint, not its file
times: the app's own housekeeping changes those).

Each backup is numbered in the order they were made, in its manifest: the newest is the one
made last even when the clock was wrong for a while (a backup stamped a day ahead, then the
clock put right, must not pass for newer than those made since). A backup without a number
(a bare copy made before a schema upgrade, an earlier version's backup) comes by its time:
after the numbered ones made before it.
Backups made within one second have a number after the reason in their file names too
(``backup-<stamp>-start.zip``, then ``backup-<stamp>-manual-2.zip``, ...), counted across
reasons.
"""

from __future__ import annotations

import contextlib
import errno
import re
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from fibrolearn import __version__
from fibrolearn.domain.backups import BackupInfo, BackupReason
from fibrolearn.domain.clock import Clock
from fibrolearn.domain.faults import BackupsFolderRefusedError
from fibrolearn.domain.progress import Progress
from fibrolearn.paths import AppPaths, new_file_refused, resolve_paths
from fibrolearn.services.study_position import POSITION_SETTING
from fibrolearn.storage import backup_archive, backup_media
from fibrolearn.storage.backup_archive import BackupFileError, Manifest
from fibrolearn.storage.backup_files import collection_file, free_name
from fibrolearn.storage.backup_fingerprint import collection_fingerprint
from fibrolearn.storage.backup_made_here import made_here, record_made
from fibrolearn.storage.backup_retention import RetentionPolicy, backups_to_remove
from fibrolearn.storage.db import Database

PERIODIC_INTERVAL = timedelta(minutes=30)
_SUFFIXES = (".zip", ".sqlite3")
# backup-20260304T120000Z-before-import-2: the stamp, the reason, the number within its second.
# Only reasons FibroLearn gives: "backup-…-keep-for-exam.zip" is a name of the learner's own.
_REASONS = "|".join(re.escape(reason.value) for reason in BackupReason)
_NAME = re.compile(rf"backup-\d{{8}}T\d{{6}}Z-(?:{_REASONS})(?:-(?P<number>\d+))?")
# The copy made before a schema upgrade: before-upgrade-from-0016-20260304T120000Z, and a
# number after it for the second made within one second (-2, ...).
_UPGRADE_COPY_NAME = re.compile(r"before-upgrade-.*\d{8}T\d{6}Z(?:-(?P<number>\d+))?")
# Settings the app keeps for itself and rewrites as it runs: where study stands (saved as a
# card is shown and on closing). Not worth a backup, so not part of the fingerprint.
_HOUSEKEEPING_SETTINGS = frozenset({POSITION_SETTING})
# How a folder refuses new files when it is read-only (a mount), another account's, or locked.
_WRITE_REFUSED = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})

# One lock per backups folder, shared by every BackupService on it (the Browse delete has its
# own service object): two backups at once would remove each other's unfinished files.
_FOLDER_LOCKS: dict[Path, threading.Lock] = {}
_FOLDER_LOCKS_GUARD = threading.Lock()


class BackupService:
    """Makes, lists and thins out the backups of one collection."""

    def __init__(
        self, database: Database, clock: Clock, retention: RetentionPolicy | None = None
    ) -> None:
        self.paths = collection_paths(collection_file(database))
        self._clock = clock
        self._retention = retention or RetentionPolicy()
        self._lock = _folder_lock(self.paths.backups_dir)  # the UI's threads may all ask

    def backup(
        self,
        reason: BackupReason,
        restoring: datetime | None = None,
        progress: Progress | None = None,
    ) -> BackupInfo:
        """Back up the collection and media now, then let old backups go per the policy.

        One made before a restore records when the backup it is ``restoring`` was made.
        ``progress`` is told how far the backup has got (in bytes read); it cannot cancel.

        Raises:
            OSError: The backup could not be written (disk full, folder read-only, ...);
                nothing was changed, and no partial backup is left behind. A
                :class:`BackupsFolderRefusedError` when only the backups folder refused it.
        """
        with self._lock:
            try:
                destination, manifest = self._write(reason, restoring, progress)
            except (OSError, sqlite3.Error) as error:
                refused = self._folder_refusal()
                if refused is None:
                    raise
                raise refused from error
            self._record(destination)
            self._thin_out(keep=destination)
            # After the backups let go are gone: a crash between leaves a stored file no
            # backup names (removed at the next backup), never a backup naming one gone.
            folder = self.paths.backups_dir
            backup_media.remove_unnamed(backup_media.store_of(folder), _archives(folder))
            return _info(destination, manifest)

    def _write(
        self, reason: BackupReason, restoring: datetime | None, progress: Progress | None
    ) -> tuple[Path, Manifest]:
        """Write a new backup archive; where it is, and its manifest."""
        created = self._clock.now().replace(microsecond=0)
        number = 1 + max((backup.number for backup in self.list_backups()), default=0)
        folder = self.paths.backups_dir
        folder.mkdir(parents=True, exist_ok=True)
        # From a backup cut short by a crash: its unfinished files and SQLite's beside them
        # (one another program still holds goes with a later backup).
        for leftover in folder.glob("*.partial*"):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        stamp = backup_archive.stamp(created)
        name = f"backup-{stamp}-{reason.value}"
        # Numbered after every backup of this second, whatever its reason, so that
        # the order of backups made within one second is known (see list_backups).
        attempt = 1 + max((_sequence(path) for path in folder.glob(f"backup-{stamp}-*")), default=0)
        destination = free_name(folder, name, ".zip", attempt)
        manifest = backup_archive.write_archive(
            self.paths.collection,
            self.paths.media_dir,
            destination,
            reason=reason.value,
            created_at=created,
            app_version=__version__,
            number=number,
            ignored_settings=_HOUSEKEEPING_SETTINGS,
            restoring="" if restoring is None else backup_archive.stamp(restoring),
            progress=progress,
        )
        return destination, manifest

    def _record(self, made: Path) -> None:
        """Note the backup ``made`` as made in this folder (see ``backup_made_here``).

        Noted first, the backups FibroLearn named there count as made there too.
        """
        folder = self.paths.backups_dir
        named = [
            path.name
            for path in _named_as_backups(folder)
            if path.suffix == ".zip" and named_by_fibrolearn(path)
        ]
        with contextlib.suppress(OSError):  # the backup is whole: unnoted, it is never thinned
            record_made(folder, made.name, named)

    def _folder_refusal(self) -> BackupsFolderRefusedError | None:
        """Why the backups folder alone takes no new file, if so: why a backup failed.

        SQLite words that refusal as a disk error ("unable to open database file"). Asked
        only after a backup failed. When the data folder refuses too, that is the reason to
        tell (a disk made read-only, say), and the error is left as it was.
        """
        folder = self.paths.backups_dir
        if not folder.is_dir() or new_file_refused(self.paths.data_dir) is not None:
            return None
        refused = new_file_refused(folder)
        if refused is None or refused.errno not in _WRITE_REFUSED:
            return None
        return BackupsFolderRefusedError(
            refused.errno,
            f"cannot write to the backups folder {folder}: {refused.strerror}",
            str(folder),
        )

    def backup_if_changed(self, reason: BackupReason = BackupReason.START) -> BackupInfo | None:
        """Back up only if the collection changed since the newest backup."""
        return self.backup(reason) if self.changed_since_last_backup() else None

    def backup_if_due(self) -> BackupInfo | None:
        """The periodic backup: after 30 minutes, and only if something changed meanwhile.

        A newest backup stamped ahead of now was made while the clock ran ahead: waiting for
        its time would leave hours of study, or a year's, without a backup.
        """
        newest = self.newest()
        if newest is not None:
            age = self._clock.now() - newest.created_at
            if timedelta(0) <= age < PERIODIC_INTERVAL:
                return None
        return self.backup_if_changed(BackupReason.PERIODIC)

    def changed_since_last_backup(self) -> bool:
        """Whether what the collection holds changed after the newest backup's snapshot.

        The content is compared, not the files' times: closing the collection (which copies
        its log into the main file) or saving where study stands rewrites the files but
        changes nothing a backup is for. Only a backup that recorded a fingerprint of what
        it copied can tell; anything else (no backup, a copy made before a schema upgrade,
        a backup from an earlier version) counts as changed.
        """
        newest = self.newest()
        if newest is None or newest.path.suffix != ".zip":
            return True
        try:
            recorded = backup_archive.read_manifest(newest.path).content_fingerprint
        except BackupFileError:
            return True
        if not recorded:  # made by an earlier version
            return True
        return content_fingerprint(self.paths.collection) != recorded

    def list_backups(self) -> list[BackupInfo]:
        """Every readable backup, the one made last first."""
        return list_backups(self.paths.backups_dir)

    def newest(self) -> BackupInfo | None:
        """The backup made last, if any."""
        backups = self.list_backups()
        return backups[0] if backups else None

    def _thin_out(self, keep: Path) -> None:
        """Let old backups go per the policy, applied to two groups apart.

        Backups of a collection with review history and backups of one without (a new
        collection, or one started empty after damage) are thinned each among their own, so
        backing up a new collection never makes room by removing a backup of a learner's
        history. Within each, routine backups (at start, every 30 minutes), those made on
        purpose (by the learner, before an import or deleting) and those made before a
        restore keep their most recent apart (:attr:`BackupReason.thinned_among`).
        Only files FibroLearn named are thinned (:func:`named_by_fibrolearn`), and of the
        archives only those made in this folder (a copy from another computer stays).
        """
        made = made_here(self.paths.backups_dir)
        backups = [
            b
            for b in self.list_backups()
            if named_by_fibrolearn(b.path) and _made_in_folder(b.path, made)
        ]
        for history in (True, False):
            group = [b for b in backups if (b.reviews > 0) is history]
            created = [b.created_at for b in group]
            kinds = [b.reason.thinned_among for b in group]
            order = list(range(len(group), 0, -1))  # listed as they were made, last first
            for index in backups_to_remove(created, self._retention, kinds=kinds, order=order):
                # One the system will not remove now (open in another program, say) goes at a
                # later backup: the backup just made stands all the same.
                if group[index].path != keep:
                    with contextlib.suppress(OSError):
                        group[index].path.unlink(missing_ok=True)


def collection_paths(collection: Path) -> AppPaths:
    """The folders around a collection file (media and backups live beside it)."""
    return resolve_paths(collection.parent)


def list_backups(folder: Path) -> list[BackupInfo]:
    """The readable backups in ``folder``, the one made last first; unreadable files skipped.

    In the order they were made: by number, a backup without one after those made before its
    time (:func:`_made_order`). The number of an archive made in another folder counts that
    folder's backups: it comes by its time too, as one without. Backups from the same second
    (their times are kept to the second) are ordered by their number within it, then, for
    names from before that number counted across reasons, by file time.
    """
    found = []
    noted = made_here(folder)
    for path in _named_as_backups(folder):
        try:
            info = _info(path, backup_archive.read_manifest(path))
            modified = path.stat().st_mtime_ns
        except (BackupFileError, OSError):  # OSError: removed meanwhile (thinned out)
            continue
        if not _made_in_folder(path, noted):
            info = replace(info, number=0)
        found.append((info, _sequence(path), modified))
    made = _made_order([info for info, _sequence_number, _mtime in found])
    found.sort(
        key=lambda f: (made[f[0].path], f[0].created_at, f[1], f[2], f[0].path.name),
        reverse=True,
    )
    return [info for info, _sequence_number, _mtime in found]


def shared_media(folder: Path) -> tuple[Path, int, int]:
    """Where the media files the backups in ``folder`` share are stored, how many, their bytes."""
    store = backup_media.store_of(folder)
    return (store, *backup_media.shared_size(store))


def media_kept_by(folder: Path) -> list[Path]:
    """The archives in ``folder`` that keep every shared media file, as any may be theirs.

    Their lists of media cannot be read (not zip files, damaged). Until each is moved away,
    no stored file goes and the shared media only grow: said where the backups are listed,
    as nothing else tells.
    """
    return backup_media.unreadable_lists(_archives(folder))


def _archives(folder: Path) -> list[Path]:
    """The files in ``folder`` named as backup archives: any may name shared media."""
    return [path for path in _named_as_backups(folder) if path.suffix == ".zip"]


def backups_found(folder: Path, listed: list[BackupInfo] | None = None) -> int:
    """How many backups ``folder`` holds, whether they can be read or not.

    Those :func:`list_backups` lists (``listed``, when it already has: not read again), and
    the files it leaves out under names FibroLearn gives its backups (cut short, emptied,
    damaged): the learner made those as backups.
    """
    known = list_backups(folder) if listed is None else listed
    readable = {backup.path for backup in known}
    return sum(
        1 for path in _named_as_backups(folder) if path in readable or named_by_fibrolearn(path)
    )


def unlisted_files(folder: Path, listed: Iterable[BackupInfo] = ()) -> dict[Path, str]:
    """The files in ``folder`` named as backups that :func:`list_backups` leaves out, by name.

    Each with why: damaged (cut short while copied, say), not a FibroLearn backup, or made
    by a newer version. Said where the backups are listed, so that a backup the learner
    put there and cannot find is not a mystery. The backups ``listed`` already are not read
    again.
    """
    unlisted = {}
    known = {backup.path for backup in listed}
    for path in sorted(set(_named_as_backups(folder)) - known):
        try:
            backup_archive.read_manifest(path)
        except BackupFileError as error:
            if path.exists():  # not one removed meanwhile (thinned out)
                unlisted[path] = str(error)
    return unlisted


def _named_as_backups(folder: Path) -> list[Path]:
    """The files in ``folder`` whose names end as backups' do (folders are left out)."""
    if not folder.is_dir():
        return []
    return [path for path in folder.iterdir() if path.suffix in _SUFFIXES and path.is_file()]


def named_by_fibrolearn(path: Path) -> bool:
    """Whether FibroLearn named the backup file, and may so remove it when thinning.

    A backup under a name of the learner's own (a copy kept for an exam, one brought from
    another computer to restore) is listed and restored like any other, but stays until
    they remove it.
    """
    stem = path.name.removesuffix(path.suffix)
    name = _NAME if path.suffix == ".zip" else _UPGRADE_COPY_NAME
    return name.fullmatch(stem) is not None


def _made_in_folder(path: Path, made: frozenset[str] | None) -> bool:
    """Whether the backup at ``path`` was made in its folder, as far as the folder says.

    Only archives are noted (``made``, None in a folder that notes none yet): a bare
    collection file, such as the copy made before an upgrade, goes by its name.
    """
    return made is None or path.suffix != ".zip" or path.name in made


def _made_order(backups: list[BackupInfo]) -> dict[Path, float]:
    """Where each backup comes in the order they were made, higher later.

    A numbered backup's number; for one without (made before an upgrade, or by a version that
    did not number them, after a downgrade say), the highest number stamped no later than it,
    and a half: it was made after those, as far as its time can tell.
    """
    numbered = [(b.created_at, b.number) for b in backups if b.number]
    order = {}
    for backup in backups:
        if backup.number:
            order[backup.path] = float(backup.number)
        else:
            before = [number for made, number in numbered if made <= backup.created_at]
            order[backup.path] = max(before, default=0) + 0.5
    return order


def content_fingerprint(collection: Path) -> str:
    """What a closed collection file holds, as a backup records it (see ``backup_archive``)."""
    return collection_fingerprint(collection, _HOUSEKEEPING_SETTINGS)


def read_backup(path: Path) -> BackupInfo:
    """Describe one backup file.

    Raises:
        BackupFileError: It is not a FibroLearn backup.
    """
    return _info(path, backup_archive.read_manifest(path))


def _sequence(path: Path) -> int:
    """A backup's number within its second: 1, or the number at the end of its name."""
    stem = path.name.removesuffix(path.suffix)
    match = _NAME.fullmatch(stem) or _UPGRADE_COPY_NAME.fullmatch(stem)
    return int(match["number"]) if match and match["number"] else 1


def _folder_lock(folder: Path) -> threading.Lock:
    with _FOLDER_LOCKS_GUARD:
        return _FOLDER_LOCKS.setdefault(folder.resolve(), threading.Lock())


def _info(path: Path, manifest: Manifest) -> BackupInfo:
    try:
        reason = BackupReason(manifest.reason)
    except ValueError:  # a reason only a newer FibroLearn knows
        reason = BackupReason.MANUAL
    return BackupInfo(
        path=path,
        created_at=manifest.created_at,
        reason=reason,
        size_bytes=path.stat().st_size,
        cards=manifest.cards,
        reviews=manifest.reviews,
        media_files=manifest.media_files,
        number=manifest.number,
        unreadable_media=manifest.media_left_out,
        restoring=_restoring(manifest),
    )


def _restoring(manifest: Manifest) -> datetime | None:
    """When the backup restored after this one was made, if it says: said, not relied on."""
    try:
        return backup_archive.stamped_time(manifest.restoring) if manifest.restoring else None
    except ValueError:  # not a time (written by hand, or damaged): the reason alone is said
        return None
