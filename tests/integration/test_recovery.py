"""A damaged collection at start: set aside untouched, the newest good backup offered."""

from __future__ import annotations

import errno
import hashlib
import sqlite3
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest

from cli_running import run_fibrolearn as run_cli
from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.backups import list_backups
from fibrolearn.services.container import Services
from fibrolearn.services.recovery import (
    CollectionDamagedError,
    PreparedRestore,
    RestoreError,
    check_collection,
    restore_backup,
    start_empty,
)
from fibrolearn.storage.file_check import UNDECODABLE_REPORT, is_damage
from fibrolearn.storage.migrate import open_collection


def wreck(path: Path) -> str:
    """Overwrite a run of pages in the middle of the file; returns the damaged file's hash."""
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 3 + 3000] = b"\xff" * 3000
    path.write_bytes(bytes(data))
    return hashlib.sha256(data).hexdigest()


def garble_a_table_name(path: Path) -> None:
    """Damage the schema so that SQLite's own report quotes bytes that are not UTF-8 text.

    Python then raises UnicodeDecodeError where a damaged file raises sqlite3.DatabaseError.
    """
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA writable_schema=ON")
        garbled = "CAST(X'67E4' AS TEXT)"  # "g" and a lone byte of a two-byte character
        connection.execute(
            f"UPDATE sqlite_master SET name = {garbled}, sql = 'CREATE TABLE ' || {garbled}"
            " WHERE name = 'quiz_answers'"
        )
    connection.close()


def healthy_with_backups(services: Services, clock: FixedClock) -> list[Path]:
    made = []
    for _ in range(2):
        made.append(services.backups.backup(BackupReason.MANUAL).path)
        clock.advance(timedelta(hours=1))
    services.close()
    return made


def test_a_damaged_collection_is_moved_aside_untouched_and_a_backup_offered(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    _older, newer = healthy_with_backups(services, clock)
    damaged = wreck(paths.collection)

    with pytest.raises(CollectionDamagedError) as raised:
        check_collection(paths)

    error = raised.value
    assert not paths.collection.exists()
    assert error.moved_to.name.startswith("collection.sqlite3.damaged-")
    assert hashlib.sha256(error.moved_to.read_bytes()).hexdigest() == damaged
    assert error.problems and "malformed" in error.problems[0]
    assert error.backup is not None and error.backup.path == newer
    assert "moved aside, not deleted" in str(error) and str(newer) in str(error)


def test_a_damaged_newest_backup_is_skipped_for_an_older_good_one(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    older, newer = healthy_with_backups(services, clock)
    newer.write_bytes(newer.read_bytes()[:1000])  # truncated: unusable
    wreck(paths.collection)
    with pytest.raises(CollectionDamagedError) as raised:
        check_collection(paths)
    assert raised.value.backup is not None and raised.value.backup.path == older


def test_damage_described_in_bytes_that_are_not_text_is_damage_too(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    older, newer = healthy_with_backups(services, clock)
    garble_a_table_name(paths.collection)
    with zipfile.ZipFile(newer) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    unpacked = paths.data_dir / "unpacked.sqlite3"
    unpacked.write_bytes(members["collection.sqlite3"])
    garble_a_table_name(unpacked)
    members["collection.sqlite3"] = unpacked.read_bytes()
    with zipfile.ZipFile(newer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(CollectionDamagedError) as raised:
        check_collection(paths)
    assert raised.value.problems == (UNDECODABLE_REPORT,)
    assert raised.value.backup is not None and raised.value.backup.path == older


def test_the_offer_stands_until_the_learner_decides(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    healthy_with_backups(services, clock)
    wreck(paths.collection)
    with pytest.raises(CollectionDamagedError) as first:
        check_collection(paths)
    with pytest.raises(CollectionDamagedError) as again:  # the next start asks again
        check_collection(paths)
    assert again.value.moved_to == first.value.moved_to
    assert again.value.problems == ()
    assert "when FibroLearn last started" in str(again.value)

    assert again.value.backup is not None
    restore_backup(again.value.backup.path, paths, None)
    check_collection(paths)  # healthy again: no question
    assert first.value.moved_to.exists()  # and the damaged file is still kept


def test_starting_empty_after_damage_without_any_backup(
    services: Services, paths: AppPaths
) -> None:
    services.close()
    wreck(paths.collection)
    with pytest.raises(CollectionDamagedError) as raised:
        check_collection(paths)
    assert raised.value.backup is None
    assert "no backup to restore" in str(raised.value)
    start_empty(paths)
    check_collection(paths)
    assert raised.value.moved_to.exists()


def test_a_healthy_collection_is_left_alone(services: Services, paths: AppPaths) -> None:
    services.close()
    before = paths.collection.read_bytes()
    check_collection(paths)
    assert paths.collection.read_bytes() == before


def test_only_damage_counts_as_damage_not_a_lock(paths: AppPaths) -> None:
    open_collection(paths.collection, paths.backups_dir).close()
    holder = sqlite3.connect(paths.collection)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(sqlite3.OperationalError) as locked:
            sqlite3.connect(paths.collection, timeout=0).execute("SELECT * FROM cards")
    finally:
        holder.close()
    assert not is_damage(locked.value)

    data = bytearray(paths.collection.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page
    paths.collection.write_bytes(bytes(data))
    with pytest.raises(sqlite3.DatabaseError) as damaged:
        sqlite3.connect(paths.collection).execute("SELECT count(*) FROM reviews").fetchall()
    assert is_damage(damaged.value)


def test_the_command_line_says_what_happened_and_how_to_restore(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    assert run_cli("--data-dir", data, "check").returncode == 0  # starts the collection
    assert run_cli("--data-dir", data, "backup").returncode == 0
    wreck(tmp_path / "data" / "collection.sqlite3")

    refused = run_cli("--data-dir", data, "stats", "--json")
    assert refused.returncode == 1
    assert "Your collection was damaged" in refused.stderr
    hint = refused.stderr.strip().splitlines()[-1]
    assert hint.startswith("To restore that backup: fibrolearn restore ")

    backup = hint.removeprefix("To restore that backup: fibrolearn restore ")
    restored = run_cli("--data-dir", data, "restore", backup)
    assert restored.returncode == 0, restored.stderr
    assert "Restored:" in restored.stdout
    assert run_cli("--data-dir", data, "check").stdout.strip().endswith("ok")


def test_a_restore_whose_media_fail_says_where_the_replaced_collection_is(
    services: Services, paths: AppPaths, monkeypatch
) -> None:
    backup = services.backups.backup(BackupReason.MANUAL)

    def disk_full(_self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(PreparedRestore, "add_media", disk_full)
    with pytest.raises(RestoreError) as refused:
        restore_backup(backup.path, paths, services)
    [safety] = [
        b for b in list_backups(paths.backups_dir) if b.reason is BackupReason.BEFORE_RESTORE
    ]
    assert str(refused.value).endswith(f"The collection it replaced is kept in {safety.path}.")
