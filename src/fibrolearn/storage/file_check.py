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
from pathlib import Path

from fibrolearn.storage.read_only_files import needs_writing, read_only_uri

_LOWEST_PRIORITY = 19  # a nice value
# SQLite's words for a damaged file (extended codes such as SQLITE_CORRUPT_INDEX included).
_DAMAGE_CODES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def is_damage(error: sqlite3.Error) -> bool:
    """Whether SQLite failed because the file is damaged (not locked, missing or read-only)."""
    return (getattr(error, "sqlite_errorname", None) or "").startswith(_DAMAGE_CODES)


def file_problems(path: Path) -> list[str]:
    """SQLite's ``quick_check`` of a closed collection file; empty when it is healthy.

    The file is read, never written: only when a read-only connection cannot replay the
    write-ahead log left by a crash is an ordinary connection used, which replays it as the
    app itself would. In a folder SQLite may not write to at all, the main file is checked
    as it is (``read_only_files``).

    Raises:
        sqlite3.Error: SQLite could not judge the file (locked, unreadable folder, ...).
    """
    for uri in (read_only_uri(path), path.resolve().as_uri(), read_only_uri(path, immutable=True)):
        try:
            return _quick_check(uri)
        except sqlite3.Error as error:
            if is_damage(error):
                return [str(error)]
            if not needs_writing(error):
                raise
    raise sqlite3.OperationalError(f"{path} cannot be read")


def _quick_check(uri: str) -> list[str]:
    connection = sqlite3.connect(uri, uri=True)
    try:
        rows = [row[0] for row in connection.execute("PRAGMA quick_check")]
    finally:
        connection.close()
    return [] if rows == ["ok"] else rows


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
            return file_problems(path)
        if isinstance(self._result, sqlite3.Error):
            raise self._result
        return self._result or []

    def _run(self) -> None:
        _yield_to_other_threads()
        try:
            self._result = file_problems(self._path)
        except sqlite3.Error as error:  # raised where the result is asked for, as it would be
            self._result = error


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
