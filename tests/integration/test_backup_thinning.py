"""Clearing old or unfinished files from the backups folder never costs the backup just made."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.backups import BackupService
from fibrolearn.services.container import Services
from fibrolearn.storage.backup_retention import RetentionPolicy
from file_faults import permission_denied


def test_an_old_backup_the_system_will_not_remove_stays_and_the_new_one_is_made(
    services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a bug hunt: an old backup the system would not remove (open in another
    program, or an antivirus scanning it, on Windows; marked read-only) failed every later
    backup though each was written whole, and so every import and restore, which back up
    first."""
    backups = BackupService(services.database, clock, RetentionPolicy(1, 0, 0, 0))
    held = backups.backup(BackupReason.MANUAL).path
    unlink = Path.unlink

    def removing(path: Path, missing_ok: bool = False) -> None:
        if path == held:
            raise permission_denied(path)
        unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", removing)
    clock.advance(timedelta(hours=1))
    made = backups.backup(BackupReason.MANUAL)

    assert [b.path for b in backups.list_backups()] == [made.path, held]
    monkeypatch.undo()  # the other program lets go of it: the next backup thins it out
    clock.advance(timedelta(hours=1))
    newest = backups.backup(BackupReason.MANUAL)
    assert [b.path for b in backups.list_backups()] == [newest.path]


def test_an_unfinished_file_another_program_holds_fails_no_backup(
    services: Services, paths: AppPaths, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a bug hunt: the database copied for a backup is a file of its own until it is
    in the archive; one another program held as it was to be removed (an antivirus scanning
    the file just written, on Windows) failed the backup, though the archive was whole and in
    place, and with it the import or restore that asked for it."""
    unlink = Path.unlink

    def removing(path: Path, missing_ok: bool = False) -> None:
        if path.name.endswith(".partial") and path.exists():
            raise permission_denied(path)
        unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", removing)
    made = [services.backups.backup(BackupReason.MANUAL)]
    clock.advance(timedelta(hours=1))
    made.insert(0, services.backups.backup(BackupReason.MANUAL))  # still held as it begins
    assert services.backups.list_backups() == made
    assert list(paths.backups_dir.glob("*.partial"))  # held: left for later

    monkeypatch.undo()  # let go of: the next backup clears it away
    clock.advance(timedelta(hours=1))
    services.backups.backup(BackupReason.MANUAL)
    assert not list(paths.backups_dir.glob("*.partial"))
