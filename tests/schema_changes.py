"""Change a stored table or trigger definition, as another program or a failing disk might."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def change_definition(collection: Path, name: str, old: str, new: str | bytes) -> None:
    """Change ``old`` to ``new`` in the stored definition of ``name`` (a table, a trigger).

    The schema's version moves on too, as when another program changes it: connections the
    app already has open read the changed definition at their next statement.
    """
    with sqlite3.connect(collection) as connection:
        (version,) = connection.execute("PRAGMA schema_version").fetchone()
        connection.execute("PRAGMA writable_schema=ON")
        connection.execute(
            "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE name = ?", (old, new, name)
        )
        connection.execute(f"PRAGMA schema_version = {version + 1}")
    connection.close()
