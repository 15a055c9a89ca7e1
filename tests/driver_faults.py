"""Write faults injected in the sqlite3 connections themselves, under SQLAlchemy.

The answer is written on a pooled connection's own sqlite3 connection, past SQLAlchemy's
statement events, so a fault meant to reach every write has to sit lower: in the connections
the engine makes. :func:`failing_writes` gives an engine listener for ``do_connect`` that makes
them connections whose statements (through a cursor or ``execute`` on the connection) raise
an error; the engine must make new connections (``engine.dispose()``) once it is listened to,
and again once it is removed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

from fibrolearn.services.container import Services


def failing_writes(starts: tuple[str, ...], error: Callable[[], Exception]) -> Callable[..., None]:
    """A ``do_connect`` listener: statements starting with one of ``starts`` raise ``error()``.

    ``starts`` are compared in upper case, e.g. ``("INSERT INTO REVIEWS",)``.
    """

    def check(statement: str) -> None:
        if statement.lstrip().upper().startswith(starts):
            raise error()

    class Checked:
        """``execute`` and ``executemany`` refuse the failing statements, then go on as usual."""

        def execute(self, statement: str, parameters: Any = (), /) -> sqlite3.Cursor:
            check(statement)
            return super().execute(statement, parameters)  # type: ignore[misc]

        def executemany(self, statement: str, rows: Any, /) -> sqlite3.Cursor:
            check(statement)
            return super().executemany(statement, rows)  # type: ignore[misc]

    class FailingCursor(Checked, sqlite3.Cursor):
        pass

    class FailingConnection(Checked, sqlite3.Connection):
        def cursor(self, factory: Any = FailingCursor) -> sqlite3.Cursor:  # type: ignore[override]
            return super().cursor(factory)

    def use_failing_connections(_dialect: Any, _record: Any, _args: Any, params: Any) -> None:
        params["factory"] = FailingConnection

    return use_failing_connections


@contextmanager
def faulty_connections(engine: Engine, listener: Callable[..., None]) -> Iterator[None]:
    """Inside, ``engine`` works on connections made with ``listener`` (see failing_writes)."""
    event.listen(engine, "do_connect", listener)
    engine.dispose()  # the pooled connections were made without it
    try:
        yield
    finally:
        event.remove(engine, "do_connect", listener)
        engine.dispose()


def disk_full() -> sqlite3.OperationalError:
    """What SQLite raises when the disk is full."""
    return sqlite3.OperationalError("database or disk is full")


def disk_error(what: str = "WRITE") -> sqlite3.OperationalError:
    """What SQLite raises for a disk error: by default, a write the disk refused.

    A write refused for any reason but lack of room, a read-only disk, folder or file too:
    SQLite keeps only the system's error number, which Python does not show. ``what`` names
    another step that failed ("FSYNC": a flush).
    """
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorname = f"SQLITE_IOERR_{what}"
    return error


def failing_commits(error: Callable[[], Exception], *, kept: bool) -> Callable[..., None]:
    """A ``do_connect`` listener: every commit raises ``error()``, its work ``kept`` or not.

    A flush that fails after SQLite wrote the commit in its log leaves it there: a crash
    then brings it back at the next start (``kept``), a clean close or the next write drops it.
    """

    class FailingCommits(sqlite3.Connection):
        def commit(self) -> None:
            if kept:
                super().commit()
            else:
                super().rollback()
            raise error()

    def use_failing_commits(_dialect: Any, _record: Any, _args: Any, params: Any) -> None:
        params["factory"] = FailingCommits

    return use_failing_commits


def no_room_for_the_log_index(monkeypatch: Any) -> None:
    """Every collection opened for writing fails at its first connection, as on a full disk:
    SQLite cannot enlarge the write-ahead log's index ("-shm"). Read-only opens still work."""
    from fibrolearn.storage import db

    def refused(*_args: Any) -> None:
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorname = "SQLITE_IOERR_SHMSIZE"
        raise error

    made = db.make_engine

    def full_disk_engine(path: Any, *, read_only: bool = False) -> Any:
        engine = made(path, read_only=read_only)
        if not read_only:
            event.listen(engine, "do_connect", refused)
        return engine

    monkeypatch.setattr(db, "make_engine", full_disk_engine)


@contextmanager
def locked_by_another_program(services: Services) -> Iterator[None]:
    """Another program holds the collection's write lock (as a backup or sync tool may).

    SQLite then waits up to 15 s before giving up; here it gives up at once, with the same error.
    """
    engine = services.database.engine

    def wait_for_no_lock(connection, _record) -> None:
        connection.execute("PRAGMA busy_timeout=0")

    event.listen(engine, "connect", wait_for_no_lock, insert=True)
    engine.dispose()  # the connections made from now on
    other = sqlite3.connect(services.database.path, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        other.rollback()
        other.close()
        event.remove(engine, "connect", wait_for_no_lock)
