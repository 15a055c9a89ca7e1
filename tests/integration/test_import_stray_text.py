"""An import writes the search text of its own notes only: a stray text stays as it was.

A stray text (a note_text row of no note, which only another program leaves) past the new
notes' ids is the check's to report and the repair's to remove, not the import's to change.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions

PACKAGE = Path(__file__).resolve().parents[1] / "data" / "interop" / "small-latest.apkg"
STRAY = (1_000_000, "left by another program", 1, 7)


def _stray(path: Path) -> list[tuple[int, str, int, int]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(
            "SELECT note_id, text, letters, live_cards FROM note_text WHERE note_id = ?",
            (STRAY[0],),
        ).fetchall()


def test_an_import_leaves_a_stray_text_past_its_notes_as_it_was(
    services: Services, paths: AppPaths
) -> None:
    with closing(sqlite3.connect(paths.collection)) as connection, connection:
        connection.execute(
            "INSERT INTO note_text (note_id, text, letters, live_cards) VALUES (?, ?, ?, ?)",
            STRAY,
        )

    report = services.importer.run(PACKAGE, ImportOptions())

    assert report.added == 3
    assert _stray(paths.collection) == [STRAY]
