"""Integrity and schema checks for ``fibrolearn check`` and start-up."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text

from fibrolearn.storage.db import Database
from fibrolearn.storage.read_only_files import needs_writing, read_only_uri

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


def integrity_problems(database: Database, *, quick: bool = False) -> list[str]:
    """SQLite's own integrity report plus foreign-key violations; empty when healthy."""
    pragma = "quick_check" if quick else "integrity_check"
    with database.engine.connect() as connection:
        rows = [r[0] for r in connection.execute(text(f"PRAGMA {pragma}"))]
        problems = [] if rows == ["ok"] else rows
        problems += [
            f"foreign key violation in {table} row {rowid} -> {parent}"
            for table, rowid, parent, _ in connection.execute(text("PRAGMA foreign_key_check"))
        ]
    return problems


def schema_revision(database: Database) -> str | None:
    """The Alembic revision the collection is at."""
    with database.engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
