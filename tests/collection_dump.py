"""A whole collection as plain data: every table's rows, the triggers, the media files.

For tests that prove an import writes exactly what it wrote before a change (see
tests/data/interop/make_import_snapshot.py).
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any


def collection_dump(database: Path, media_dir: Path) -> dict[str, Any]:
    """Every row of every table in rowid order, as JSON keeps it; the triggers; the media."""
    connection = sqlite3.connect(database)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version' ORDER BY name"
            )
        ]
        dump: dict[str, Any] = {
            table: [
                [_plain(value) for value in row]
                for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
            ]
            for table in tables
        }
        # Triggers only: the tables' SQL lists constraints in an order Alembic's batch
        # migrations vary from run to run.
        dump["triggers"] = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        ).fetchall()
    finally:
        connection.close()
    dump["media"] = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media_dir.iterdir())
        if path.is_file()
    }
    return dump


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex()
    return value
