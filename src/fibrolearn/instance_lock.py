"""One FibroLearn at a time per data folder: an operating-system lock on a file in it.

The kernel releases the lock when the process ends, however it ends (a crash, SIGKILL), so
a stale lock can never keep the app out. A dozen lines of ``fcntl``/``msvcrt`` rather than
the ``filelock`` package, whose import alone costs about 40 ms of every start.
"""

from __future__ import annotations

import errno
import os
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
        # A copy started while the folder could not be written runs there unlocked, having
        # made no lock file: a lock file made now may be the first one beside that copy.
        self.made_lock_file = False

    def acquire(self) -> bool:
        """Take the folder, or raise :class:`AlreadyRunningError` if another copy has it.

        Returns whether the folder is locked now. One FibroLearn may not write to, with no
        lock file yet, cannot be locked; that is not an error here, as opening the collection
        then reports the read-only folder itself. Nor is a file system that keeps no locks (a
        network share whose lock service is not running): it is not another copy running.
        """
        path = self.data_dir / LOCK_NAME
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            made = not path.exists()
            handle = _opened_to_lock(path)
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
        self.made_lock_file = made
        return True

    @property
    def held(self) -> bool:
        """Whether this process holds the folder."""
        return self._handle is not None

    def release_as_found(self) -> None:
        """Let the folder go, taking away the lock file if this process made it.

        For a copy that leaves at once for one already running unlocked: a lock file left
        there would let the next copy lock the folder without looking for that one.
        """
        if self._handle is not None and self.made_lock_file:
            # Still held, so no copy can have locked it meanwhile.
            (self.data_dir / LOCK_NAME).unlink(missing_ok=True)
        self.release()

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
