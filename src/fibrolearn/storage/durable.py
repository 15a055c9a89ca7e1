"""Writes that survive a power cut: a file's content, the names in a folder, a commit."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


class UncertainCommitError(Exception):
    """A commit the disk reported an error for: it may be saved all the same.

    In its write-ahead log SQLite writes a transaction, commit mark included, before it
    flushes it to the disk. When the flush fails the commit is refused and no connection
    sees it, yet the log holds it: a crash, or a close while the disk still fails, brings it
    back at the next start; the next write, or a close that succeeds, drops it, so trying
    again saves it once. Any disk error at a commit counts, not only a failed flush: "may
    not have been saved" is true of a commit that was not, too. Raised from the driver's error.
    """


def sync_file(path: Path) -> None:
    """Make the content written to the file at ``path`` durable."""
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def sync_folder(folder: Path) -> None:
    """Make renames and new files in ``folder`` durable (a no-op where not needed)."""
    if os.name != "posix":  # Windows cannot open a directory; its renames are durable
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def commit_or_raise_uncertain(commit: Callable[[], object]) -> None:
    """``commit()``, where a disk error is an :class:`UncertainCommitError`."""
    try:
        commit()
    except Exception as error:
        if not _disk_error(error):
            raise
        raise UncertainCommitError("the disk reported an error as the commit was saved") from error


def _disk_error(error: BaseException) -> bool:
    """Whether SQLite reported ``error`` as a disk error (SQLITE_IOERR, any of its kinds)."""
    driver_error = getattr(error, "orig", error)  # SQLAlchemy's errors wrap the driver's
    return getattr(driver_error, "sqlite_errorname", "").startswith("SQLITE_IOERR")
