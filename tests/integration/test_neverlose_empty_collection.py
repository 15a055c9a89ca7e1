"""An emptied (0-byte) or missing collection is never silently replaced by a new, empty one.

An emptied file is set aside like a damaged one and the newest good backup offered; a missing
collection next to good backups gets the same offer; only a folder with neither is a first
start. The start-up backup of a new collection never thins away backups holding history.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from cli_running import run_fibrolearn as run_cli
from driver_faults import disk_full, failing_writes
from fibrolearn import cli
from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.faults import StorageProblemKind
from fibrolearn.paths import AppPaths, resolve_paths
from fibrolearn.services.backups import BackupService, list_backups
from fibrolearn.services.container import Services
from fibrolearn.services.recovery import (
    CollectionDamagedError,
    CollectionMissingError,
    check_collection,
    restore_backup,
    start_empty,
)
from fibrolearn.services.storage_errors import storage_problem
from fibrolearn.storage import migrate
from fibrolearn.storage.backup_retention import RetentionPolicy
from fibrolearn.storage.db import Database
from fibrolearn.storage.migrate import CollectionError, open_collection
from studying import answer


def two_backups_with_history(services: Services, clock: FixedClock) -> list[Path]:
    made = []
    for _ in range(2):
        answer(services, 1)
        made.append(services.backups.backup(BackupReason.MANUAL).path)
        clock.advance(timedelta(hours=1))
    services.close()
    return made


def empty_it(collection: Path) -> None:
    """What `: > collection.sqlite3` does."""
    collection.write_bytes(b"")


def test_an_emptied_collection_is_set_aside_and_the_newest_good_backup_offered(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    _older, newer = two_backups_with_history(services, clock)
    empty_it(paths.collection)

    with pytest.raises(CollectionDamagedError) as raised:
        check_collection(paths)

    error = raised.value
    assert not paths.collection.exists()  # nothing new was made in its place
    assert error.moved_to.name.startswith("collection.sqlite3.empty-")
    assert error.moved_to.exists() and error.moved_to.stat().st_size == 0  # kept, untouched
    assert error.backup is not None and error.backup.path == newer
    assert error.problems and "empty (0 bytes)" in error.problems[0]
    assert "empty (0 bytes)" in str(error) and "moved aside, not deleted" in str(error)
    assert "SQLite found" not in str(error)
    with pytest.raises(CollectionDamagedError) as again:  # the offer stands at the next start
        check_collection(paths)
    assert again.value.moved_to == error.moved_to and again.value.backup == error.backup


def test_opening_services_never_makes_a_new_collection_over_an_emptied_one(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    two_backups_with_history(services, clock)
    backups_before = sorted(p.name for p in paths.backups_dir.iterdir())
    empty_it(paths.collection)

    with pytest.raises(CollectionDamagedError):
        cli.open_services(paths, clock)

    assert not paths.collection.exists()
    assert sorted(p.name for p in paths.backups_dir.iterdir()) == backups_before


def test_a_missing_collection_next_to_good_backups_is_offered_the_newest(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    _older, newer = two_backups_with_history(services, clock)
    for path in paths.data_dir.glob("collection.sqlite3*"):
        path.unlink()

    with pytest.raises(CollectionMissingError) as raised:
        cli.open_services(paths, clock)

    assert raised.value.backup.path == newer
    assert "There is no collection at" in str(raised.value)
    assert str(newer) in str(raised.value)
    assert not paths.collection.exists()
    restore_backup(newer, paths, None)
    check_collection(paths)  # restored: no question any more


def test_starting_empty_after_a_missing_collection_keeps_the_backups(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    made = two_backups_with_history(services, clock)
    paths.collection.unlink()
    with pytest.raises(CollectionMissingError):
        check_collection(paths)
    start_empty(paths)
    check_collection(paths)
    assert all(path.exists() for path in made)


def test_a_first_start_without_backups_still_makes_a_collection(
    paths: AppPaths, clock: FixedClock
) -> None:
    check_collection(paths)  # nothing there, nothing to offer: a first start
    cli.open_services(paths, clock).close()
    assert paths.collection.stat().st_size > 0


def no_room_for_the_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite creates the collection file, then the disk has no room for the tables."""

    def on_a_full_disk(path: Path) -> Database:
        database = Database(path)
        event.listen(database.engine, "do_connect", failing_writes(("CREATE TABLE",), disk_full))
        return database

    monkeypatch.setattr(migrate, "Database", on_a_full_disk)


def test_a_first_start_on_a_full_disk_leaves_no_file_to_call_emptied(
    paths: AppPaths, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as full_disk, pytest.raises(Exception) as failed:
        no_room_for_the_tables(full_disk)
        cli.open_services(paths, clock)

    problem = storage_problem(failed.value)
    assert problem is not None and problem.kind is StorageProblemKind.DISK_FULL
    assert list(paths.data_dir.glob("collection.sqlite3*")) == []
    check_collection(paths)  # space freed: a first start again, nothing set aside or offered
    cli.open_services(paths, clock).close()
    assert paths.collection.stat().st_size > 0


def test_a_failed_first_start_never_removes_a_file_that_was_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An SQLite file without tables is made into a collection, not created: it stays."""
    path = tmp_path / "collection.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 7")
    connection.close()
    no_room_for_the_tables(monkeypatch)

    with pytest.raises(Exception, match="disk is full"):
        open_collection(path, tmp_path / "backups")

    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (7,)
    connection.close()


def test_an_emptied_collection_in_a_read_only_folder_is_reported_and_left(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    two_backups_with_history(services, clock)
    empty_it(paths.collection)
    with pytest.raises(CollectionError, match=r"empty \(0 bytes\).*read-only") as raised:
        check_collection(paths, read_only=True)
    assert not isinstance(raised.value, CollectionDamagedError)
    assert paths.collection.exists() and paths.collection.stat().st_size == 0


def test_a_new_collection_s_start_up_backups_never_push_out_backups_with_history(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    """Starting over (after damage, say) and backing up many times keeps the old history."""
    policy = RetentionPolicy(recent=2, daily=0, weekly=0, monthly=0)
    history = BackupService(services.database, clock, policy)
    answer(services, 2)
    kept = [history.backup(BackupReason.MANUAL).path]
    clock.advance(timedelta(minutes=1))
    answer(services, 1)
    kept.append(history.backup(BackupReason.MANUAL).path)
    services.close()
    paths.collection.rename(paths.data_dir / "set-aside.sqlite3")
    start_empty(paths)  # what "Start with an empty collection" does

    database = open_collection(paths.collection, paths.backups_dir)
    try:
        fresh = BackupService(database, clock, policy)
        for _ in range(4):  # several starts, each after a change
            clock.advance(timedelta(minutes=1))
            fresh.backup(BackupReason.START)
    finally:
        database.close()

    names = [b.path.name for b in list_backups(paths.backups_dir)]
    assert all(path.name in names for path in kept)
    assert len(names) == 4  # the two with history, and the two newest of the new collection


def test_the_command_line_refuses_an_emptied_collection_and_says_how_to_restore(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    assert run_cli("--data-dir", str(data), "check").returncode == 0
    assert run_cli("--data-dir", str(data), "backup").returncode == 0
    backups = sorted(p.name for p in (data / "backups").iterdir())
    empty_it(data / "collection.sqlite3")

    refused = run_cli("--data-dir", str(data), "stats", "--json")

    assert refused.returncode == 1
    assert refused.stdout == ""
    assert "empty (0 bytes)" in refused.stderr and "moved aside, not deleted" in refused.stderr
    hint = refused.stderr.strip().splitlines()[-1]
    assert hint.startswith(f"To restore that backup: fibrolearn --data-dir {data} restore ")
    assert not (data / "collection.sqlite3").exists()
    assert sorted(p.name for p in (data / "backups").iterdir()) == backups  # no "start" backup

    restored = run_cli("--data-dir", str(data), "restore", hint.rsplit(" ", 1)[-1])
    assert restored.returncode == 0, restored.stderr
    assert "is kept, not deleted, at" in restored.stdout
    assert run_cli("--data-dir", str(data), "stats", "--json").returncode == 0


def test_the_command_line_offers_a_backup_for_a_missing_collection(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run_cli("--data-dir", str(data), "check").returncode == 0
    assert run_cli("--data-dir", str(data), "backup").returncode == 0
    (data / "collection.sqlite3").unlink()
    cards = tmp_path / "any.csv"  # one that can be read: a file that cannot is said first
    cards.write_text("front\tback\n", encoding="utf-8")

    for command in (["stats", "--json"], ["import", str(cards)]):
        refused = run_cli("--data-dir", str(data), *command)
        assert refused.returncode == 1, command
        assert "There is no collection at" in refused.stderr
        assert refused.stderr.strip().splitlines()[-1].startswith("To restore that backup:")
        assert not (data / "collection.sqlite3").exists()


# A first start killed (SIGKILL) while it makes the collection's tables, as a crash can be.
KILLED_MAKING_THE_TABLES = """
import os, signal, sys
from fibrolearn.cli import main
from fibrolearn.storage import migrate
migrate.upgrade = lambda *_args: os.kill(os.getpid(), signal.SIGKILL)
sys.exit(main(sys.argv[1:]))
"""


def test_a_first_start_killed_while_making_the_collection_starts_afresh_next_time(
    tmp_path: Path,
) -> None:
    """Found in a bug hunt: the kill left an empty collection file, which every later start
    called damaged and set aside, and every command refused."""
    data = tmp_path / "data"
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_MAKING_THE_TABLES, "--data-dir", str(data), "check"],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL
    assert not resolve_paths(data).collection.exists()  # only what was being made, beside

    again = run_cli("--data-dir", str(data), "check")
    assert again.returncode == 0, again.stderr
    assert "damaged" not in again.stdout + again.stderr
    assert sorted(path.name for path in data.glob("collection.sqlite3*")) == ["collection.sqlite3"]
