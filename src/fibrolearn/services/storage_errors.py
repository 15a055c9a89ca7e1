"""Recognise a failed action caused by the disk or another program rather than by the code.

The disk may be full, read-only or gone; another program may hold the collection's lock
(busy), or have damaged what a row holds, or changed how Browse's search text is kept (which
a repair puts right). Any service call may fail this way; its transaction
has then rolled back, so nothing saved before is touched. The UI asks :func:`storage_problem`
whether an exception is such a failure to tell the learner what happened in plain words
instead of showing a crash.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import TYPE_CHECKING

from fibrolearn.domain.faults import BackupsFolderRefusedError, StorageProblem, StorageProblemKind
from fibrolearn.paths import file_writable, new_file_refused
from fibrolearn.storage.damaged_data import (
    StoredSettingError,
    causes,
    changed_search_text,
    damage_in,
    damaged_data,
)
from fibrolearn.storage.durable import UncertainCommitError
from fibrolearn.storage.schema_revisions import REVISIONS

if TYPE_CHECKING:
    from fibrolearn.storage.db import Database  # with SQLAlchemy: not for a read's failure

# SQLite's error names (extended codes start with these) and its fixed English messages,
# for errors raised without a code (as fault-injection tests do).
_BY_SQLITE_NAME = (
    ("SQLITE_FULL", StorageProblemKind.DISK_FULL),
    ("SQLITE_READONLY", StorageProblemKind.READ_ONLY),
    ("SQLITE_PERM", StorageProblemKind.READ_ONLY),
    # No room to enlarge the write-ahead log's index (the "-shm" file) beside the collection.
    ("SQLITE_IOERR_SHMSIZE", StorageProblemKind.DISK_FULL),
    ("SQLITE_IOERR", StorageProblemKind.UNAVAILABLE),
    ("SQLITE_CANTOPEN", StorageProblemKind.UNAVAILABLE),
    ("SQLITE_BUSY", StorageProblemKind.BUSY),  # after the busy timeout
    ("SQLITE_LOCKED", StorageProblemKind.BUSY),
)
# A read that failed is the disk's doing, whether or not its folder can be written: a failing
# disk is not mended by making a folder writable.
_FAILED_READS = frozenset({"SQLITE_IOERR_READ", "SQLITE_IOERR_SHORT_READ"})
_BY_MESSAGE = (
    ("database or disk is full", StorageProblemKind.DISK_FULL),
    ("attempt to write a readonly database", StorageProblemKind.READ_ONLY),
    ("disk i/o error", StorageProblemKind.UNAVAILABLE),
    ("unable to open database file", StorageProblemKind.UNAVAILABLE),
    ("database is locked", StorageProblemKind.BUSY),
)
# What the probe writes: about what an answer's commit adds to the log, so that a space quota
# used up (which SQLite reports as a disk error, not as a full disk) refuses it too.
_AS_MUCH_AS_A_WRITE = 64 * 1024
_BY_ERRNO = {
    errno.ENOSPC: StorageProblemKind.DISK_FULL,
    errno.EDQUOT: StorageProblemKind.DISK_FULL,
    errno.EROFS: StorageProblemKind.READ_ONLY,
    errno.EACCES: StorageProblemKind.READ_ONLY,
    errno.EPERM: StorageProblemKind.READ_ONLY,
    errno.EIO: StorageProblemKind.UNAVAILABLE,
    errno.ENAMETOOLONG: StorageProblemKind.PATH_TOO_LONG,
}
# The longest path SQLite opens (its build's path limit on Unix, its Windows one), less the
# "-journal" it must be able to add: a longer one fails as "unable to open database file".
_LONGEST_DATABASE_PATH = (1040 if os.name == "nt" else 512) - len("-journal")
# The deepest database FibroLearn opens in its data folder: a backup's copy of the collection
# as it is made, or the copy made before an upgrade from the longest-named revision. A folder
# that leaves no room for them opens the collection, but backs nothing up.
_DEEPEST_DATABASE = max(
    len("/backups/backup-20261201T023153Z-before-bulk-delete-99.zip.sqlite3.partial"),
    len(f"/backups/before-upgrade-from-{max(REVISIONS, key=len)}-20261201T023153Z.sqlite3.partial"),
)


def storage_problem(error: BaseException, collection: Path | None = None) -> StorageProblem | None:
    """The disk problem behind ``error`` (or anything that caused it), if there is one.

    Given the ``collection`` the error came from, damage to its tables' definitions counts
    too, and so does a changed search-text trigger (telling either from a mistake in the code
    means reading them), and a disk error is told apart from a folder or file that cannot
    be written (see :func:`_why_unavailable`). A disk error met by a commit may have saved
    it all the same (see :class:`UncertainCommitError`).
    """
    # A hidden context counts: a full disk stays the reason for an error that reworded it.
    chain = list(causes(error, hidden_too=True))
    for cause in chain:
        kind = _kind_of(cause)
        failed_read = getattr(cause, "sqlite_errorname", None) in _FAILED_READS
        if kind is StorageProblemKind.UNAVAILABLE and collection is not None and not failed_read:
            kind = _why_unavailable(collection)
        if kind is not None:
            maybe_saved = any(isinstance(link, UncertainCommitError) for link in chain)
            return StorageProblem(kind, str(cause), maybe_saved=maybe_saved)
    damage = damaged_data(error) if collection is None else damage_in(collection, error)
    if damage is not None:
        return StorageProblem(StorageProblemKind.DAMAGED, damage)
    unkept = None if collection is None else changed_search_text(collection, error)
    return None if unkept is None else StorageProblem(StorageProblemKind.SEARCH_TEXT_UNKEPT, unkept)


def problem_in_collection(database: Database, error: BaseException) -> StorageProblem | None:
    """:func:`storage_problem` for ``error``, met on ``database``, worded for how it is open.

    Damage in a collection opened read-only is not told to restore a backup at once: no
    backup can be put back until the folder is writable and the app has started again.
    """
    problem = storage_problem(error, database.path)
    if problem is None or database.read_only_because is None:
        return problem
    return problem.in_read_only_collection(database.read_only_because)


def _why_unavailable(collection: Path) -> StorageProblemKind:
    """Why SQLite could not use ``collection``, where it reported a disk error.

    SQLite reports every write refused but on a full disk as a disk error: a data folder,
    collection file or disk made read-only while FibroLearn runs too. The folder and the
    file are asked as the next start asks them, but only now, once an error happened.
    """
    if _path_too_long(collection):
        return StorageProblemKind.PATH_TOO_LONG
    refused = new_file_refused(collection.parent, holding=_AS_MUCH_AS_A_WRITE)
    if refused is not None:  # read-only or full, by its errno; gone or failing: unavailable
        return _BY_ERRNO.get(refused.errno, StorageProblemKind.UNAVAILABLE)
    if not file_writable(collection):
        return StorageProblemKind.FILE_READ_ONLY
    return StorageProblemKind.UNAVAILABLE


def _path_too_long(collection: Path) -> bool:
    """Whether SQLite cannot open every database FibroLearn keeps beside ``collection``."""
    return len(os.fsencode(collection.parent)) + _DEEPEST_DATABASE > _LONGEST_DATABASE_PATH


def _kind_of(error: BaseException) -> StorageProblemKind | None:
    if isinstance(error, StoredSettingError):  # before damage in general: a repair mends it
        return StorageProblemKind.SETTING_DAMAGED
    if isinstance(error, BackupsFolderRefusedError):  # before its errno, the data folder's words
        return StorageProblemKind.BACKUPS_READ_ONLY
    name = getattr(error, "sqlite_errorname", None)
    if name:
        return next((kind for prefix, kind in _BY_SQLITE_NAME if name.startswith(prefix)), None)
    if isinstance(error, OSError) and error.errno in _BY_ERRNO:
        return _BY_ERRNO[error.errno]
    if type(error).__module__ == "sqlite3":
        text = str(error).lower()
        return next((kind for words, kind in _BY_MESSAGE if words in text), None)
    return None
