"""Schema creation, upgrades with data, and refusing files that are not ours."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from fibrolearn.storage import migrate
from fibrolearn.storage.damaged_data import changed_definitions
from fibrolearn.storage.db import MEMORY_MAP_BYTES
from fibrolearn.storage.head_triggers import HEAD_TRIGGERS, trigger_digest
from fibrolearn.storage.migrate import (
    HEAD,
    REVISIONS,
    CollectionError,
    DamagedCollectionError,
    FileStatus,
    NewerCollectionError,
    NotACollectionError,
    inspect_collection,
    open_collection,
    open_collection_read_only,
)
from fibrolearn.storage.models import Base
from fibrolearn.storage.schema_revisions import NAME, damaged_revision

MIGRATIONS = Path(migrate.__file__).parent / "migrations"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_revision_constants_match_the_scripts() -> None:
    script = ScriptDirectory(str(MIGRATIONS))
    chain = [rev.revision for rev in script.walk_revisions()][::-1]
    assert tuple(chain) == REVISIONS
    assert script.get_current_head() == HEAD


def test_empty_database_reaches_head_matching_the_models(tmp_path: Path) -> None:
    database = open_collection(tmp_path / "c.sqlite3", tmp_path / "backups")
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() == HEAD
        assert compare_metadata(context, Base.metadata) == []
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        # Reads come from a memory map of the whole file (a 100,000-card collection fits).
        assert connection.exec_driver_sql("PRAGMA mmap_size").scalar() == MEMORY_MAP_BYTES
    database.close()
    assert not (tmp_path / "backups").exists()  # a new collection needs no backup


def test_first_revision_with_data_upgrades_with_every_row_intact(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    open_collection(path, tmp_path / "backups", target="0001_core").close()
    rows = {
        "decks": "INSERT INTO decks VALUES (1, 'd', 'Deck', 'desc', '', 3, 20, 200, 0.9, "
        "'[60, 600]', '[600]', '2026-01-01 00:00:00.000000')",
        "notes": "INSERT INTO notes (id, deck_id, key, kind, fields, tags, retired, created_at,"
        ' modified_at) VALUES (1, 1, \'n1\', \'basic\', \'{"front": "Q", "back": "A"}\','
        " 't1 t2', 0, '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000')",
        "cards": "INSERT INTO cards VALUES (1, 1, 1, 0, 2, NULL, 12.5, 5.25,"
        " '2026-02-01 00:00:00.000000', '2026-01-20 00:00:00.000000', 4, 1, 0, 0, 1)",
        "reviews": "INSERT INTO reviews VALUES (1, 1, '2026-01-20 00:00:00.000000', 3, 4200,"
        " 1, 1, 3.0, 5.0, '2026-01-19 00:00:00.000000', '2026-01-18 00:00:00.000000', 3, 1,"
        " 2, NULL, 12.5, 5.25, '2026-02-01 00:00:00.000000')",
        "settings": "INSERT INTO settings VALUES ('k', '{\"a\": 1}')",
    }
    with sqlite3.connect(path) as connection:
        for statement in rows.values():
            connection.execute(statement)
    columns = _columns(path, rows)
    before = _dump(path, columns)

    database = open_collection(path, tmp_path / "backups")
    database.close()

    after = _dump(path, columns)
    for table in rows:
        assert after[table] == before[table], table
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT fact_keys, guid FROM notes").fetchone() == ("[]", None)
        assert connection.execute("SELECT external_card FROM reviews").fetchone() == (None,)
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1 and backups[0].name.startswith("before-upgrade-from-0001_core")
    with sqlite3.connect(backups[0]) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            "0001_core",
        )


def test_notes_of_bundled_decks_remember_their_deck_version_on_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    open_collection(path, tmp_path / "backups", target="0007_queue_covering_index").close()
    stamp = "'2026-01-01 00:00:00.000000'"
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO decks (id, key, name, description, disclaimer, bundled_version,"
            " new_per_day, reviews_per_day, desired_retention, learning_steps,"
            f" relearning_steps, created_at) VALUES (1, 'b', 'Bundled', '', '', 2, 20, 200,"
            f" 0.9, '[60]', '[600]', {stamp}), (2, 'own', 'Own', '', '', NULL, 20, 200, 0.9,"
            f" '[60]', '[600]', {stamp})"
        )
        connection.executemany(
            "INSERT INTO notes (id, deck_id, key, guid, kind, fields, tags, retired, created_at,"
            f" modified_at) VALUES (?, ?, ?, ?, 'basic', ?, ?, 0, {stamp}, {stamp})",
            [
                (1, 1, "n1", None, '{"front": "Q", "back": "A"}', "t1 t2"),
                (2, 1, "user-0f", None, '{"front": "Mine", "back": "B"}', ""),
                (3, 2, "n1", None, '{"front": "Other", "back": "C"}', ""),
                (4, 1, "anki-Ab1", "Ab1", '{"front": "From Anki", "back": "D"}', ""),
                (5, 1, "csv-9f", None, '{"front": "From a CSV", "back": "E"}', ""),
                (6, 1, "User-1", None, '{"front": "Deck note", "back": "F"}', ""),
                (7, 1, "n7", None, '{"front": "cut sho', ""),  # damaged: not JSON
            ],
        )

    open_collection(path, tmp_path / "backups").close()

    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT id, from_deck FROM notes ORDER BY id").fetchall()
    assert [(note, json.loads(value) if value else None) for note, value in rows] == [
        (1, {"fields": {"front": "Q", "back": "A"}, "tags": "t1 t2"}),
        (2, None),  # the learner added it to the bundled deck
        (3, None),  # not from a bundled deck
        (4, None),  # imported from Anki into the bundled deck
        (5, None),  # imported from a CSV file into it
        (6, {"fields": {"front": "Deck note", "back": "F"}, "tags": ""}),  # keys compare exactly
        (7, None),  # the upgrade goes through; the damage is reported where the note is read
    ]


def _columns(path: Path, tables: dict[str, str]) -> dict[str, list[str]]:
    with sqlite3.connect(path) as connection:
        return {
            table: [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            for table in tables
        }


def _dump(path: Path, columns: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """Every row of each table, restricted to the columns the first revision had."""
    with sqlite3.connect(path) as connection:
        return {
            table: connection.execute(f"SELECT {', '.join(names)} FROM {table}").fetchall()
            for table, names in columns.items()
        }


def test_the_newest_revisions_downgrade_and_upgrade_again(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    database = open_collection(path, tmp_path / "backups")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # batch mode copies tables
        connection.commit()
        with connection.begin():
            config.attributes["connection"] = connection
            command.downgrade(config, "0008_note_from_deck")
        notes_columns = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(notes)")}
        tables = {row[0] for row in connection.exec_driver_sql("SELECT name FROM sqlite_master")}
    database.close()
    assert "from_deck" in notes_columns
    assert not {"note_imports", "deck_note_deletions"} & tables

    database = open_collection(path, tmp_path / "backups")  # upgrades again
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() == HEAD
        assert compare_metadata(context, Base.metadata) == []
    database.close()


def test_a_failed_upgrade_leaves_foreign_keys_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = open_collection(tmp_path / "c.sqlite3", tmp_path / "backups")

    def broken(*_args: object) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(command, "upgrade", broken)
    with pytest.raises(RuntimeError):
        migrate.upgrade(database)

    with database.engine.connect() as connection:  # the pool hands out the same connection
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    database.close()


def test_foreign_file_is_refused_and_left_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "collection.sqlite3"
    path.write_bytes(b"These are my holiday notes, not a database.\n" * 100)
    before = digest(path)
    with pytest.raises(NotACollectionError, match="not an SQLite database"):
        open_collection(path, tmp_path / "backups")
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["collection.sqlite3"]


def test_other_sqlite_database_is_refused_and_left_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "collection.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
        connection.execute("INSERT INTO recipes VALUES ('soup')")
    connection.close()
    before = digest(path)
    with pytest.raises(NotACollectionError, match="not a FibroLearn collection"):
        open_collection(path, tmp_path / "backups")
    assert digest(path) == before


def test_corrupted_collection_is_refused_and_left_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "collection.sqlite3"
    open_collection(path, tmp_path / "backups").close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page, keep the header
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(DamagedCollectionError, match="damaged"):
        open_collection(path, tmp_path / "backups")
    assert digest(path) == before


def test_collection_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "collection.sqlite3"
    open_collection(path, tmp_path / "backups").close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_future'")
    connection.close()
    before = digest(path)
    with pytest.raises(NewerCollectionError, match="newer version of FibroLearn"):
        open_collection(path, tmp_path / "backups")
    assert digest(path) == before


@pytest.mark.parametrize("stored", ["0016_nate_live_cards", "0016_note_live_:ards", "16", "x" * 99])
def test_a_damaged_schema_revision_is_called_damage_not_newer(tmp_path: Path, stored: str) -> None:
    path = tmp_path / "collection.sqlite3"
    open_collection(path, tmp_path / "backups").close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (stored,))
    connection.close()
    before = digest(path)
    with pytest.raises(DamagedCollectionError, match="is not one any FibroLearn writes") as raised:
        open_collection(path, tmp_path / "backups")
    assert digest(path) == before
    assert len(str(raised.value)) < len(str(path)) + 200  # a long name is cut short


def test_revision_names_keep_their_shape_and_numbers_only_grow() -> None:
    """What tells a newer version's revision from a damaged one relies on it."""
    for number, revision in enumerate(REVISIONS, start=1):
        match = NAME.fullmatch(revision)
        assert match is not None and int(match.group(1)) == number
    # Past HEAD, whatever the words: refused untouched as newer is the safe mistake.
    after = len(REVISIONS) + 1
    for later in (f"{after:04}_study_reminders", f"{after:04}_interop", f"{after + 5:04}_x"):
        assert damaged_revision(later) is None
    assert damaged_revision(None) == "it records no schema revision"
    for damaged in ("0016_nate_live_cards", "0017_Study", "\u0660\u0660\u0661\u0667_x", 17):
        assert damaged_revision(damaged) is not None


@pytest.mark.parametrize("start", [None, "0001_core", "0005_interop", "0014_note_origin_type"])
def test_definitions_are_as_head_writes_them_however_the_collection_got_there(
    tmp_path: Path, start: str | None
) -> None:
    """Their check calls a collection damaged; no way of reaching HEAD may look like damage."""
    path = tmp_path / "collection.sqlite3"
    if start is not None:
        open_collection(path, tmp_path / "backups", target=start).close()
    open_collection(path, tmp_path / "backups").close()
    assert changed_definitions(path) is None


def test_the_trigger_digests_are_those_a_new_collection_holds(tmp_path: Path) -> None:
    path = tmp_path / "collection.sqlite3"
    open_collection(path, tmp_path / "backups").close()
    with sqlite3.connect(path) as connection:
        stored = dict(
            connection.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'")
        )
    connection.close()
    made = {name: trigger_digest(stored[name]) for name in HEAD_TRIGGERS if name in stored}
    assert made == HEAD_TRIGGERS, "a migration changed a trigger: update HEAD_TRIGGERS"


def test_an_empty_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    """A 0-byte collection is one something emptied, never a new one to create in it."""
    path = tmp_path / "collection.sqlite3"
    path.touch()
    assert inspect_collection(path)[0] is FileStatus.EMPTY
    with pytest.raises(DamagedCollectionError, match=r"is empty \(0 bytes\)"):
        open_collection(path, tmp_path / "backups")
    with pytest.raises(DamagedCollectionError, match="left untouched"):
        open_collection_read_only(path)
    assert path.exists() and path.stat().st_size == 0
    assert not (tmp_path / "backups").exists()


def test_a_data_folder_that_is_a_file_is_named_as_such(tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    for path in (a_file / "collection.sqlite3", a_file / "deeper" / "collection.sqlite3"):
        with pytest.raises(CollectionError, match=f"{a_file} is a file, not a folder"):
            open_collection_read_only(path)
    assert a_file.read_text() == "not a folder"
