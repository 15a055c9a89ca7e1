"""note_text, what a word search reads of each note, follows every change to the notes."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from fibrolearn.domain.browse import CardQuery, NoteDraft
from fibrolearn.domain.enums import NoteKind
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions
from fibrolearn.storage.migrate import open_collection

SEPARATOR = "\x1f"


def texts(path: Path) -> tuple[dict[int, str], dict[int, str]]:
    """Each note's searchable text as stored, and as its fields and tags say it should be."""
    with closing(sqlite3.connect(path)) as connection:
        stored = dict(connection.execute("SELECT note_id, text FROM note_text"))
        notes = connection.execute("SELECT id, fields, tags FROM notes").fetchall()
    expected = {
        note_id: SEPARATOR.join(
            [*(_searched(v) for v in json.loads(fields).values() if v is not None), tags]
        )
        for note_id, fields, tags in notes
    }
    return stored, expected


def _searched(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


def assert_texts_follow(path: Path) -> int:
    stored, expected = texts(path)
    assert stored == expected
    return len(stored)


def found(services: Services, text: str) -> list[int]:
    return services.browse.find(CardQuery(services.browse.parse(text)), 1000).card_ids


def test_adding_editing_tagging_deleting_and_undoing_keep_the_text(
    services: Services, paths: AppPaths
) -> None:
    notes = assert_texts_follow(paths.collection)
    assert notes > 0  # the deck's own notes, written when it was loaded
    deck_id = services.notes.decks()[0].deck_id
    services.notes.add(deck_id, NoteDraft(NoteKind.BASIC, "Kestrel question", "Osprey"))
    assert assert_texts_follow(paths.collection) == notes + 1
    [card] = found(services, "kestrel")
    note = services.notes.note_of_card(card)

    services.notes.edit(note.note_id, NoteDraft(NoteKind.BASIC, "Heron question", "Osprey"))
    assert_texts_follow(paths.collection)
    assert found(services, "kestrel") == [] and found(services, "heron") == [card]
    services.notes.add_tags([card], ["wading"])
    assert_texts_follow(paths.collection)
    assert found(services, "wading") == [card]
    services.notes.remove_tags([card], ["wading"])
    assert_texts_follow(paths.collection)
    assert found(services, "wading") == []

    services.notes.delete([card])
    assert assert_texts_follow(paths.collection) == notes
    services.notes.undo()
    assert assert_texts_follow(paths.collection) == notes + 1
    assert found(services, "heron") == [card]


def test_imported_notes_and_a_deleted_deck_keep_the_text(
    services: Services, paths: AppPaths, tmp_path: Path
) -> None:
    notes = assert_texts_follow(paths.collection)
    csv = tmp_path / "notes.csv"
    csv.write_text("Question,Answer\nWhat is plover?,A bird\nWhat is dunlin?,Another\n")
    services.importer.run(csv, ImportOptions())
    assert assert_texts_follow(paths.collection) == notes + 2
    assert len(found(services, "dunlin")) == 1

    for deck in services.decks.list_decks():
        services.deck_manage.delete(deck.deck_id)
    assert assert_texts_follow(paths.collection) == 0


def test_a_reimport_that_changes_notes_and_an_undone_edit_keep_the_text(
    services: Services, paths: AppPaths, tmp_path: Path
) -> None:
    csv = tmp_path / "notes.csv"
    csv.write_text("Question,Answer\nWhat is plover?,A bird\n")
    services.importer.run(csv, ImportOptions())
    csv.write_text("Question,Answer\nWhat is plover?,A wader\n")
    services.importer.run(csv, ImportOptions())
    assert_texts_follow(paths.collection)
    [card] = found(services, "wader")
    note = services.notes.note_of_card(card)
    services.notes.edit(note.note_id, NoteDraft(NoteKind.BASIC, "What is plover?", "A shorebird"))
    services.notes.undo()
    assert_texts_follow(paths.collection)
    assert found(services, "shorebird") == [] and found(services, "wader") == [card]


def test_sql_conflict_clauses_a_changed_id_and_a_cascade_keep_the_text(
    paths: AppPaths, services: Services
) -> None:
    """Triggers take the outer statement's conflict policy: each of these must still hold."""
    with closing(sqlite3.connect(paths.collection)) as connection, connection:
        first, last = connection.execute("SELECT min(id), max(id) FROM notes").fetchone()
        connection.execute("UPDATE OR IGNORE notes SET tags = 'ignore' WHERE id = ?", (first,))
        connection.execute("UPDATE OR FAIL notes SET tags = 'fail' WHERE id = ?", (first,))
        connection.execute(
            "INSERT INTO notes (id, deck_id, key, kind, fields, tags, retired, created_at,"
            " modified_at) SELECT id, deck_id, key, kind, fields, 'upserted', retired,"
            " created_at, modified_at FROM notes WHERE id = ?"
            " ON CONFLICT (id) DO UPDATE SET tags = excluded.tags",
            (first,),
        )
        connection.execute(
            "INSERT OR REPLACE INTO notes (id, deck_id, key, kind, fields, tags, retired,"
            " created_at, modified_at) SELECT id, deck_id, key, kind, fields, 'replaced',"
            " retired, created_at, modified_at FROM notes WHERE id = ?",
            (last,),
        )
        connection.execute("UPDATE notes SET id = ? WHERE id = ?", (last + 100, last))
    assert assert_texts_follow(paths.collection) > 0
    with closing(sqlite3.connect(paths.collection)) as connection, connection:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("DELETE FROM decks")  # the notes go by ON DELETE CASCADE
    assert assert_texts_follow(paths.collection) == 0


def test_an_older_collection_gets_the_text_of_its_notes_on_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    open_collection(path, tmp_path / "backups", target="0014_note_origin_type").close()
    stamp = "'2026-01-01 00:00:00.000000'"
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(
            "INSERT INTO decks (id, key, name, description, disclaimer, new_per_day,"
            " reviews_per_day, desired_retention, learning_steps, relearning_steps,"
            f" created_at) VALUES (1, 'd', 'Deck', '', '', 20, 200, 0.9, '[60]', '[600]', {stamp})"
        )
        connection.executemany(
            "INSERT INTO notes (id, deck_id, key, kind, fields, tags, retired, created_at,"
            f" modified_at) VALUES (?, 1, ?, 'basic', ?, ?, 0, {stamp}, {stamp})",
            [
                (1, "n1", '{"front": "Q \\"quoted\\"", "back": "café"}', "t1 t2"),
                (2, "n2", '{"front": "Only", "back": null, "extra": [1, "two"]}', ""),
            ],
        )

    open_collection(path, tmp_path / "backups").close()

    stored, _expected = texts(path)
    assert stored == {
        1: 'Q "quoted"\x1fcafé\x1ft1 t2',
        2: 'Only\x1f[1,"two"]\x1f',  # a null value adds nothing; a list adds its JSON
    }
    assert_texts_follow(path)
