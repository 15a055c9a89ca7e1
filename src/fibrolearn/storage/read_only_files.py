"""Opening a collection file for reading only, with the standard ``sqlite3`` module.

``mode=ro`` reads a file without writing it, but SQLite still needs the WAL index beside a
WAL database: in a folder it may not write to, or on a full disk, where that index cannot be
made, opening fails. ``immutable`` then reads the main file alone. That skips any answers a
crash left in the write-ahead log (they stay in that file, not lost), so it is the fallback,
never the first choice.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

# What SQLite says when a read-only open needs to write (the WAL index, a crash's log), or
# to enlarge the WAL index on a full disk.
_NEEDS_WRITING = ("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_IOERR_SHMSIZE")


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """The URI that opens ``path`` read-only (and, with ``immutable``, without its WAL)."""
    return f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")


def needs_writing(error: sqlite3.Error) -> bool:
    """Whether SQLite failed only because reading the file required writing beside it."""
    return (getattr(error, "sqlite_errorname", None) or "").startswith(_NEEDS_WRITING)


def readable_uri(path: Path) -> str:
    """``mode=ro`` if SQLite can read ``path`` that way where it is, else ``immutable``."""
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        if not needs_writing(error):
            raise
        return read_only_uri(path, immutable=True)
    return read_only_uri(path)
