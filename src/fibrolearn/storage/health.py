"""Integrity and schema checks of an open collection, for ``fibrolearn check``.

A file that is not open yet is checked by :mod:`fibrolearn.storage.file_check`.
"""

from __future__ import annotations

from sqlalchemy import text

from fibrolearn.storage.db import Database


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
