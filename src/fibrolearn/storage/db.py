"""The SQLite engine with FibroLearn's PRAGMAs, and session scopes for the services."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Engine, QueuePool, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from fibrolearn.domain.faults import StorageProblemKind
from fibrolearn.storage.damaged_data import stored_json
from fibrolearn.storage.durable import commit_or_raise_uncertain
from fibrolearn.storage.read_only_files import readable_uri

# Services receive sessions from here but never build queries themselves.
DbSession = Session
# How much of the collection file reads may map: all of a 100,000-card collection.
MEMORY_MAP_BYTES = 256 * 1024 * 1024
# The most memory each connection's page cache may take (SQLite's default is 2 MiB).
PAGE_CACHE_KIB = 16 * 1024
# A pool of connections to a file (the read-only engine's "sqlite://" would otherwise read
# as an in-memory database, whose pool keeps one connection per thread and closes others'
# when threads come and go). It hands out the connection used last: once the background
# worker had made a second one, a first-in-first-out pool alternated the window's reads and
# answers between the two, and each found its page cache stale from the other's write.
# Answering a card and reading the next took 2.5-3.9 ms at 10,000 cards, 2.0-3.0 ms after.
_POOL_OPTIONS = {"poolclass": QueuePool, "pool_use_lifo": True}


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    """An engine on the collection file with WAL, foreign keys and full sync.

    ``synchronous=FULL`` makes a committed answer survive a power cut, not only a crash.
    A read-only engine (a data folder FibroLearn may not write to) opens the file read-only
    (see ``read_only_files``), refuses every write with ``query_only``, and sets nothing
    that would have to be written.
    """
    if read_only:
        uri = readable_uri(path)  # SQLite's own URI: no URL parsing of unusual folder names
        engine = create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=15),
            **_POOL_OPTIONS,
            json_deserializer=stored_json,
            hide_parameters=True,
        )
    else:
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"check_same_thread": False, "timeout": 15},
            **_POOL_OPTIONS,
            json_deserializer=stored_json,  # JSON that does not parse is told as damage
            hide_parameters=True,  # errors reach the screen and errors.log: no card text
        )

    @event.listens_for(engine, "connect")
    def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if read_only:
            cursor.execute("PRAGMA query_only=ON")
        else:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
        # Pages read straight from the file's memory map rather than copied in by a system
        # call each: a search or count that reads every note or card takes 12-20 % less.
        # Only reads are mapped (writes still go through the log); the file is only ever
        # replaced by renaming, never truncated under an open map.
        cursor.execute(f"PRAGMA mmap_size={MEMORY_MAP_BYTES}")
        # Pages a write changes stay in this cache (the map is for reads only). SQLite's 2 MiB
        # is smaller than what a 10,000-note import keeps writing to (the notes' search text,
        # which each new card's count updates): it read those pages back again and again.
        cursor.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


class Database:
    """Hands out sessions: one short read, or one write transaction per user action.

    A write whose commit meets a disk error raises
    :class:`~fibrolearn.storage.durable.UncertainCommitError`: it may be saved all the same.
    """

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        because: StorageProblemKind = StorageProblemKind.READ_ONLY,
    ) -> None:
        self.path = path
        self.engine = make_engine(path, read_only=read_only)
        # Why it was opened read-only: a folder FibroLearn may not write to, or a full disk.
        self.read_only_because = because if read_only else None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def read_only(self) -> bool:
        """Whether it was opened read-only: every write is refused."""
        return self.read_only_because is not None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; nothing it does is committed."""
        with self._sessions() as session:
            yield session

    @contextmanager
    def write(self, *, locked: bool = False) -> Iterator[Session]:
        """A session whose work commits together on success and rolls back on any error.

        The sqlite3 driver begins the transaction at the first INSERT, UPDATE or DELETE:
        what is read before it, and DDL, run outside it, and another thread's write can land
        in between. ``locked`` begins it at once, with the write lock (BEGIN IMMEDIATE), for
        work whose first reads decide its writes (an edit of a note a deck update may change
        meanwhile, an undo's "nothing changed since") or that changes the schema (an import
        drops triggers). Not in a read-only collection: nothing else writes there, and a
        write lock cannot be had, so a session that writes nothing must still succeed.
        """
        with self._sessions() as session:  # closed uncommitted, it rolls back
            if locked and not self.read_only:
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            yield session
            # The changes are sent first: a statement the disk refuses wrote nothing, so only
            # the commit itself can be uncertain.
            session.flush()
            commit_or_raise_uncertain(session.commit)

    @contextmanager
    def statements(self) -> Iterator[sqlite3.Connection]:
        """One write transaction on a pooled connection's own sqlite3 connection.

        For the hottest write (an answer): an ORM session cost as long as the statements and
        the fsync together, and SQLAlchemy's statement execution still cost a fifth of the
        answer. The transaction begins IMMEDIATE, so what is read in it cannot change before
        it commits; any error rolls it all back. The connection comes from the engine's pool,
        so its PRAGMAs and "connect" listeners apply as to every other.
        """
        pooled = self.engine.raw_connection()
        try:
            driver = cast(sqlite3.Connection, pooled.driver_connection)
            driver.execute("BEGIN IMMEDIATE")
            try:
                yield driver
                commit_or_raise_uncertain(driver.commit)
            except BaseException:
                driver.rollback()  # a failed commit too: no one sees the answer now
                raise
        finally:
            pooled.close()  # back to the pool

    def close(self) -> None:
        """Release every connection (and with them the WAL)."""
        self.engine.dispose()
