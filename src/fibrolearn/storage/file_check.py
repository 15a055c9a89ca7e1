"""SQLite's check of a collection file that is not open, with nothing but ``sqlite3``.

Kept apart from :mod:`fibrolearn.storage.health` (which works on an open
:class:`~fibrolearn.storage.db.Database`) so that start-up can run it before SQLAlchemy loads.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from fibrolearn.storage.read_only_files import needs_writing, read_only_uri

_LOWEST_PRIORITY = 19  # a nice value
_READ_CHUNK = 1 << 20
_PAGE = 4096
_CACHE_SAMPLES = 64  # pages read to tell whether the file is in the system's cache
# SQLite's words for a damaged file (extended codes such as SQLITE_CORRUPT_INDEX included).
_DAMAGE_CODES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
UNDECODABLE_REPORT = "damage it could only describe in bytes that are not readable text"


def is_damage(error: sqlite3.Error) -> bool:
    """Whether SQLite failed because the file is damaged (not locked, missing or read-only)."""
    return (getattr(error, "sqlite_errorname", None) or "").startswith(_DAMAGE_CODES)


def file_problems(
    path: Path,
    *,
    on_connect: Callable[[sqlite3.Connection], None] | None = None,
    thorough: bool = False,
) -> list[str]:
    """SQLite's ``quick_check`` of a closed collection file; empty when it is healthy.

    ``thorough`` runs ``integrity_check`` instead, which also compares each index with its
    table: several times slower, for a file about to replace the collection (a restore).

    The file is read, never written: only when a read-only connection cannot replay the
    write-ahead log left by a crash is an ordinary connection used, which replays it as the
    app itself would. In a folder SQLite may not write to at all, the main file is checked
    as it is (``read_only_files``). ``on_connect`` is given each connection the check opens,
    before the check begins: another thread may interrupt it, even before it begins.

    Raises:
        sqlite3.Error: SQLite could not judge the file (locked, unreadable folder, ...).
    """
    _read_through(path)
    for uri in (read_only_uri(path), path.resolve().as_uri(), read_only_uri(path, immutable=True)):
        try:
            return _check(uri, on_connect, "integrity_check" if thorough else "quick_check")
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
    order and 0.6-0.7 s to check it then; on a spinning disk the gap is far wider. A file
    that looks cached already is not read (reading it would cost about 0.1 s at that size).
    Only a regular file is read, and no further than its size when opened; one that cannot
    be read is left to the check, which says why.
    """
    try:  # without waiting for a writer, should the path be a pipe
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return
    with contextlib.suppress(OSError), open(descriptor, "rb", buffering=0) as file:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or _looks_cached(descriptor, status.st_size):
            return
        chunk = bytearray(_READ_CHUNK)
        left = status.st_size
        while left > 0 and (count := file.readinto(chunk)):
            left -= count


def _looks_cached(descriptor: int, size: int) -> bool:
    """Whether pages spread over the file are all in the system's cache (Linux only).

    Each is read with RWF_NOWAIT, which fails rather than wait for the disk: 64 reads take
    about 0.2 ms. Elsewhere, or where the file system cannot say, the answer is no.
    """
    no_wait = getattr(os, "RWF_NOWAIT", None)
    if no_wait is None or size <= 0:
        return False
    page = bytearray(_PAGE)
    try:
        for sample in range(_CACHE_SAMPLES):
            offset = size * sample // _CACHE_SAMPLES // _PAGE * _PAGE
            os.preadv(descriptor, [page], offset, no_wait)
    except OSError:  # BlockingIOError: that page is not cached
        return False
    return True


@contextlib.contextmanager
def interrupts_kept(connection: sqlite3.Connection) -> Iterator[None]:
    """Within, an interrupt from another thread waits for the next statement to stop it.

    A statement left open keeps it: with none running, SQLite would drop it, and a check
    asked to stop just before it began would run to its end.
    """
    pending = connection.execute("SELECT 1 UNION ALL SELECT 1")
    pending.fetchone()
    try:
        yield
    finally:
        pending.close()


def _check(
    uri: str, on_connect: Callable[[sqlite3.Connection], None] | None, pragma: str
) -> list[str]:
    connection = sqlite3.connect(uri, uri=True)
    # Its report may quote damaged names ("NULL value in decks.descr\ufffdption"): kept
    # readable rather than failing to decode.
    connection.text_factory = lambda stored: stored.decode("utf-8", "replace")
    try:
        with interrupts_kept(connection):
            if on_connect is not None:
                on_connect(connection)
            rows = [row[0] for row in connection.execute(f"PRAGMA {pragma}")]
    except UnicodeDecodeError:
        # SQLite's report quoted damaged bytes (a table's name, say) that are not text, so
        # Python could not decode it. FibroLearn writes only text there: the file is damaged.
        return [UNDECODABLE_REPORT]
    finally:
        connection.close()
    return [] if rows == ["ok"] else rows


class EarlyFileCheck:
    """:func:`file_problems` of one collection, begun at once on a thread of its own.

    Start-up checks the collection before opening it, and at 100,000 cards that takes about
    half a second, as long as loading the app's code. SQLite runs the check without holding
    Python's lock, so beginning it before the code loads lets the two overlap on two cores.
    Call it like :func:`file_problems`: the early result answers the first call for the very
    file it checked (the same file, not only the same path: a restore, or setting a damaged
    file aside first, puts another there); any other call checks the file then.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._identity = _identity(path)
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
        if _identity(path) != self._identity:  # another file now, or this one rewritten
            self._abandon()
            return file_problems(path)
        # At the lowest priority the check can starve on a busy machine: it gets as long again
        # as it has had, and then the file is checked here, at the caller's priority.
        thread.join(timeout=time.monotonic() - self._started)
        if thread.is_alive():
            self._abandon()
            return file_problems(path)
        if self._result is None:  # the thread ended without a verdict (an unexpected error)
            return file_problems(path)
        if isinstance(self._result, sqlite3.Error):
            raise self._result
        return self._result

    def _run(self) -> None:
        _yield_to_other_threads()
        try:
            self._result = file_problems(self._path, on_connect=self._connected)
        except sqlite3.Error as error:  # raised where the result is asked for, as it would be
            self._result = error

    def _connected(self, connection: sqlite3.Connection) -> None:
        with self._lock:
            self._connection = connection
            if self._abandoned:
                connection.interrupt()

    def _abandon(self) -> None:
        """Stop the early check, since the file is checked again instead.

        Left running, the two checks would compete for the CPU and the disk to the end.
        """
        with self._lock:
            self._abandoned = True
            if self._connection is not None:
                with contextlib.suppress(sqlite3.ProgrammingError):  # closed: it had finished
                    self._connection.interrupt()


def _identity(path: Path) -> tuple[int, ...] | None:
    """Which file ``path`` names, as it is: None where there is none.

    Its device and inode, and its size and times too: a file system hands a freed inode to
    the next file at once, and a file rewritten in place keeps its own.
    """
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns


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
