"""SQLite's check of a collection file that is not open, with nothing but ``sqlite3``.

Kept apart from :mod:`fibrolearn.storage.health` (which works on an open
:class:`~fibrolearn.storage.db.Database`) so that start-up can run it before SQLAlchemy loads.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from fibrolearn.storage.read_only_files import needs_writing, read_only_uri

_LOWEST_PRIORITY = 19  # a nice value
_READ_CHUNK = 1 << 20
# SQLite's words for a damaged file (extended codes such as SQLITE_CORRUPT_INDEX included).
_DAMAGE_CODES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def is_damage(error: sqlite3.Error) -> bool:
    """Whether SQLite failed because the file is damaged (not locked, missing or read-only)."""
    return (getattr(error, "sqlite_errorname", None) or "").startswith(_DAMAGE_CODES)


def file_problems(
    path: Path, *, connected: Callable[[sqlite3.Connection], None] | None = None
) -> list[str]:
    """SQLite's ``quick_check`` of a closed collection file; empty when it is healthy.

    The file is read, never written: only when a read-only connection cannot replay the
    write-ahead log left by a crash is an ordinary connection used, which replays it as the
    app itself would. In a folder SQLite may not write to at all, the main file is checked
    as it is (``read_only_files``). ``connected`` is given each connection the check opens,
    before it runs (another thread may interrupt it).

    Raises:
        sqlite3.Error: SQLite could not judge the file (locked, unreadable folder, ...).
    """
    _read_through(path)
    for uri in (read_only_uri(path), path.resolve().as_uri(), read_only_uri(path, immutable=True)):
        try:
            return _quick_check(uri, connected)
        except sqlite3.Error as error:
            if is_damage(error):
                return [str(error)]
            if not needs_writing(error):
                raise
    raise sqlite3.OperationalError(f"{path} cannot be read")


def _read_through(path: Path) -> None:
    """Read the file once from start to end, so that the check's reads come from the cache.

    ``quick_check`` reads pages in tree order, from all over the file. On a cold cache at
    100,000 cards (a 260 MB file) that took 7 s here, against 0.2-0.4 s to read the file in
    order and 0.6-0.7 s to check it then; on a spinning disk the gap is far wider. With the
    file cached already, reading it costs about 0.1 s. A file that cannot be read is left to
    the check, which says why.
    """
    with contextlib.suppress(OSError), path.open("rb", buffering=0) as file:
        chunk = bytearray(_READ_CHUNK)
        while file.readinto(chunk):
            pass


def _quick_check(
    uri: str, connected: Callable[[sqlite3.Connection], None] | None = None
) -> list[str]:
    connection = sqlite3.connect(uri, uri=True)
    try:
        if connected is not None:
            connected(connection)
        rows = [row[0] for row in connection.execute("PRAGMA quick_check")]
    finally:
        connection.close()
    return [] if rows == ["ok"] else rows


class _AbandonedError(Exception):
    """The early check was given up on before SQLite began it."""


class EarlyFileCheck:
    """:func:`file_problems` of one collection, begun at once on a thread of its own.

    Start-up checks the collection before opening it, and at 100,000 cards that takes about
    half a second, as long as loading the app's code. SQLite runs the check without holding
    Python's lock, so beginning it before the code loads lets the two overlap on two cores.
    Call it like :func:`file_problems`: the early result answers the first call for its own
    file; any other call (after a restore, say) checks the file then.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._result: list[str] | sqlite3.Error | None = None
        self._thread: threading.Thread | None = None
        # The running check's connection, and whether its result is no longer wanted: both
        # read and set under the lock, by the check's thread and the caller's.
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._abandoned = False
        # A missing or empty file has nothing to check (recovery deals with it), and trying
        # here would create one.
        self._started = time.monotonic()
        if path.is_file() and path.stat().st_size > 0:
            self._thread = threading.Thread(target=self._run, name="quick_check", daemon=True)
            self._thread.start()

    def __call__(self, path: Path) -> list[str]:
        """The problems in ``path``: the early result the first time, a new check after."""
        thread = self._thread
        if thread is None or path != self._path:
            return file_problems(path)
        self._thread = None
        # At the lowest priority the check can starve on a busy machine: it gets as long again
        # as it has had, and then the file is checked here, at the caller's priority.
        thread.join(timeout=time.monotonic() - self._started)
        if thread.is_alive():
            self._abandon()
            return file_problems(path)
        if isinstance(self._result, sqlite3.Error):
            raise self._result
        return self._result or []

    def _run(self) -> None:
        _yield_to_other_threads()
        try:
            self._result = file_problems(self._path, connected=self._connected)
        except sqlite3.Error as error:  # raised where the result is asked for, as it would be
            self._result = error
        except _AbandonedError:
            pass  # no one asks for this result any more

    def _connected(self, connection: sqlite3.Connection) -> None:
        with self._lock:
            if self._abandoned:
                raise _AbandonedError  # an interrupt stops only a statement already running
            self._connection = connection

    def _abandon(self) -> None:
        """Stop the early check, since the file is checked again instead.

        Left running, the two checks would compete for the CPU and the disk to the end.
        """
        with self._lock:
            self._abandoned = True
            if self._connection is not None:
                with contextlib.suppress(sqlite3.ProgrammingError):  # closed: it had finished
                    self._connection.interrupt()


def _yield_to_other_threads() -> None:
    """Give the calling thread the lowest CPU priority, where the system allows one thread's.

    On one core the check would otherwise take half the CPU from drawing the first window
    (measured: the deck list at 0.43 s instead of 0.22 s at 100,000 cards); at the lowest
    priority it runs in what the window leaves. Only Linux sets the priority of a single
    thread this way; elsewhere the check runs as it is.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), _LOWEST_PRIORITY)
