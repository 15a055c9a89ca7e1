"""Every row an undo or a redo may touch, read as SQLite stores them, to compare whole."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

TABLES = ("notes", "cards", "reviews", "card_resets", "note_text")


def state(path: Path) -> dict[str, list[tuple]]:
    """The rows of every table a change in Browse or Study may touch, in row order."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}
