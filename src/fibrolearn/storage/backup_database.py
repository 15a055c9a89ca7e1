"""The collection's database as a backup copies and describes it, without the archive.

The database goes in through SQLite's online backup API, which copies one committed state
even while the app keeps writing, then is switched to rollback-journal mode so the copy is
a single self-contained file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fibrolearn.storage.read_only_files import read_only_uri, readable_uri


def collection_mtime_ns(collection: Path) -> int:
    """The newest modification time of the collection file and a non-empty WAL.

    SQLite creates an empty WAL whenever the collection is opened, so only a WAL with content
    (a committed write not yet copied into the main file) counts as a change.
    """
    times = [collection.stat().st_mtime_ns]
    wal = collection.with_name(collection.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        times.append(wal.stat().st_mtime_ns)
    return max(times)


def snapshot(source: Path, destination: Path, *, read_only: bool = False) -> None:
    """Copy one committed state of the database at ``source`` into a new file.

    Uses SQLite's online backup API in a single step, so writers elsewhere (in WAL mode)
    neither block it nor tear it. The copy is left in rollback-journal mode: one file.
    ``read_only`` reads a file that is not FibroLearn's to write (one to restore): opened
    for writing, SQLite folded its log into it, and could not open it at all in a folder
    it may not write to.
    """
    if read_only:
        reader = sqlite3.connect(readable_uri(source), uri=True)
    else:
        reader = sqlite3.connect(source)
    try:
        writer = sqlite3.connect(destination)
        try:
            reader.backup(writer)
            writer.execute("PRAGMA journal_mode=DELETE")
        finally:
            writer.close()
    finally:
        reader.close()


def collection_counts(database: Path) -> tuple[str | None, int, int]:
    """Schema revision, card count and review count of a (closed) database file.

    Cards are counted as everywhere in the app: those a deck update or re-import retired
    (kept for their history, out of study) are not.
    """
    connection = sqlite3.connect(read_only_uri(database, immutable=True), uri=True)
    try:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        cards = connection.execute("SELECT count(*) FROM cards WHERE retired = 0").fetchone()[0]
        reviews = connection.execute("SELECT count(*) FROM reviews").fetchone()[0]
    finally:
        connection.close()
    return (revision[0] if revision else None), cards, reviews
