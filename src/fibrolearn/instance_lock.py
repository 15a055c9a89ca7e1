"""One FibroLearn at a time per data folder: an operating-system lock on a file in it.

The kernel releases the lock when the process ends, however it ends (a crash, SIGKILL), so
a stale lock can never keep the app out. A dozen lines of ``fcntl``/``msvcrt`` rather than
the ``filelock`` package, whose import alone costs about 40 ms of every start.
"""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path
from typing import IO

LOCK_NAME = ".fibrolearn.lock"
# How a lock held by another process is refused: flock's EWOULDBLOCK (EAGAIN), and msvcrt's
# EACCES or EDEADLOCK. Any other refusal is the file system's: it keeps no locks at all.
_HELD_ELSEWHERE = frozenset({errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK})

if os.name == "nt":
    import msvcrt

    def _try_lock(descriptor: int) -> None:
        # It locks the byte at the file's position: the first, however the file was opened.
        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _try_lock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)


class AlreadyRunningError(RuntimeError):
    """Another FibroLearn holds this data folder."""


class InstanceLock:
    """Held while this process uses the data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._handle: IO[bytes] | None = None
        # The window tries again from its UI thread and its worker (see cli.locking_opener):
        # two locks taken at once by one process would refuse each other.
        self._taking = threading.Lock()

    def acquire(self) -> bool:
        """Take the folder, or raise :class:`AlreadyRunningError` if another copy has it.

        Returns whether the folder is locked now (at once, if this process holds it). One
        FibroLearn may not write to, with no lock file yet, cannot be locked; that is not an
        error here, as opening the collection then reports the read-only folder itself. Nor is
        a file system that keeps no locks (a network share whose lock service is not running):
        it is not another copy running.
        """
        with self._taking:
            return self._take()

    def _take(self) -> bool:
        if self._handle is not None:
            return True
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            handle = _opened_to_lock(self.data_dir / LOCK_NAME)
        except OSError:
            return False
        try:
            _try_lock(handle.fileno())
        except OSError as error:
            handle.close()
            if error.errno not in _HELD_ELSEWHERE:
                return False
            raise AlreadyRunningError(
                f"FibroLearn is already running with the data folder {self.data_dir}, in a "
                "window or a command. Close the window or let the command finish, then try "
                "again."
            ) from None
        self._handle = handle
        return True

    @property
    def held(self) -> bool:
        """Whether this process holds the folder."""
        return self._handle is not None

    def release(self) -> None:
        """Let the folder go (also happens when the process ends)."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def _opened_to_lock(path: Path) -> IO[bytes]:
    """The lock file, opened so that it can be locked: for writing, which makes it if need be.

    One that cannot be written (left by a run under another account, with sudo, say, or on a
    disk mounted read-only) is opened for reading, which locks as well: skipping the lock
    there let two copies run.
    """
    try:
        return path.open("a+b")
    except OSError:  # PermissionError, or "Read-only file system", which is not one
        return path.open("rb")
