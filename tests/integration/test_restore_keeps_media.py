"""A restore never replaces a media file that the backup made just before it does not hold."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fibrolearn import cli
from fibrolearn.cli_backup import restored_lines
from fibrolearn.domain.backups import BackupReason, UnreadableMedia
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.backups import list_backups
from fibrolearn.services.container import Services
from fibrolearn.services.recovery import (
    finish_cut_short_restore,
    prepare_restore,
    restore_backup,
)
from fibrolearn.storage import backup_files
from file_faults import permission_denied, refuse_to_open

KEPT_CAT = (
    "Your media file cat.jpg was kept as it was, not replaced by the backup's: it was not "
    "backed up just before the restore, so replacing it would have lost it. To have the "
    "backup's instead, move yours out of the media folder, then restore this backup again."
)


def with_media(paths: AppPaths, files: dict[str, bytes]) -> None:
    paths.media_dir.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (paths.media_dir / name).write_bytes(data)


def test_a_media_file_the_backup_before_a_restore_left_out_is_kept_and_said(
    services: Services, paths: AppPaths, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """Found in a bug hunt: a picture FibroLearn could not open was left out of the backup
    made before the restore, then replaced by the restored backup's: lost for good."""
    with_media(paths, {"cat.jpg": b"the backup's cat", "dog.jpg": b"the backup's dog"})
    backup = services.backups.backup(BackupReason.MANUAL)
    services.close()
    with_media(paths, {"cat.jpg": b"the learner's only cat", "dog.jpg": b"a newer dog"})
    cat = paths.media_dir / "cat.jpg"
    refuse_to_open(monkeypatch, cat, permission_denied(cat))  # as for another account's

    assert (
        cli._headless_command(cli.build_parser().parse_args(["restore", str(backup.path)]), paths)
        == 0
    )

    assert cat.read_bytes() == b"the learner's only cat"  # not the backup's
    assert (paths.media_dir / "dog.jpg").read_bytes() == b"the backup's dog"  # backed up first
    [safety] = [
        b for b in list_backups(paths.backups_dir) if b.reason is BackupReason.BEFORE_RESTORE
    ]
    assert safety.unreadable_media == (UnreadableMedia("cat.jpg", "Permission denied"),)
    said = capsys.readouterr().out.splitlines()
    assert said[-1] == KEPT_CAT


def test_without_a_backup_first_only_media_files_that_differ_are_kept(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    """Restored over a collection set aside as damaged, no backup is made first: a file that
    is the backup's very one is replaced all the same, and said of no one."""
    with_media(paths, {"same.png": b"unchanged", "edited.png": b"as backed up"})
    backup = services.backups.backup(BackupReason.MANUAL)
    services.close()
    with_media(paths, {"edited.png": b"drawn on since"})
    damaged = backup_files.move_aside(paths.collection, "damaged", clock.now())

    result = restore_backup(backup.path, paths, None, damaged)

    assert result.media_kept == ("edited.png",)
    assert (paths.media_dir / "edited.png").read_bytes() == b"drawn on since"
    assert (paths.media_dir / "same.png").read_bytes() == b"unchanged"
    assert restored_lines(result)[-1].startswith("Your media file edited.png was kept as it was")


def test_a_restore_cut_short_keeps_the_media_and_says_so_at_the_next_start(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    with_media(paths, {"a.png": b"as backed up"})
    backup = services.backups.backup(BackupReason.MANUAL)
    services.close()
    with_media(paths, {"a.png": b"changed since"})
    damaged = backup_files.move_aside(paths.collection, "damaged", clock.now())
    with prepare_restore(backup.path, paths) as prepared:
        prepared.put_collection_in_place(kept=damaged)
        left = paths.data_dir / ".restoring-left-by-a-crash"  # killed here, before the media
        shutil.copytree(prepared.database.parent, left)

    finished = finish_cut_short_restore(paths)

    assert finished is not None and finished.media_kept == ("a.png",)
    assert (paths.media_dir / "a.png").read_bytes() == b"changed since"
    assert not Path(left).exists()
