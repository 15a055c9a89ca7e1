"""Backups share their media, each file stored once: 1 GB of pictures is not 1 GB a backup.

A learner with 1 GB of pictures and sounds got a 1 GB archive at every backup, and the kept
backups took tens of GB, which filled a small disk, and then answers could not be saved.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import time
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from test_backups import review_ids

from damaged_backups import PICTURE, backup_with_a_damaged_picture, damage_the_picture
from fibrolearn import cli
from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths, resolve_paths
from fibrolearn.services.backups import BackupService
from fibrolearn.services.container import Services
from fibrolearn.services.recovery import restore_backup
from fibrolearn.storage.backup_media import read_index, shared_size, store_of, stored_path
from fibrolearn.storage.backup_retention import RetentionPolicy
from old_backups import as_format_one, without_shared_media
from studying import answer

BIG = b"a photo of a tender point " * 40_000  # 1 MB
OLD_SCAN, NEW_SCAN = b"the first scan " * 500, b"the scan redone " * 500


def with_media(paths: AppPaths, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (paths.media_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (paths.media_dir / name).write_bytes(data)


def named(backup: Path) -> dict[str, tuple[str, int]]:
    """The media ``backup`` names; none for one holding its media in itself (format 1)."""
    with zipfile.ZipFile(backup) as archive:
        return read_index(archive) or {}


def stored(paths: AppPaths) -> set[str]:
    store = store_of(paths.backups_dir)
    return {path.name for path in store.glob("*/*")}


def assert_every_backup_whole(paths: AppPaths) -> None:
    """Every archive in the folder names only stored files that are there, and whole."""
    for backup in paths.backups_dir.glob("*.zip"):
        for name, (digest, size) in named(backup).items():
            path = stored_path(store_of(paths.backups_dir), digest)
            assert path.is_file(), f"{backup.name} names {name}, which is gone"
            assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
            assert path.stat().st_size == size


def test_backups_store_each_media_file_once_and_restore_each_its_own(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    with_media(paths, {"big.jpg": BIG, "scans/heart.png": OLD_SCAN})
    answer(services, 1)
    first = services.backups.backup(BackupReason.MANUAL)
    for _ in range(3):
        clock.advance(timedelta(hours=1))
        services.backups.backup(BackupReason.PERIODIC)
    with_media(paths, {"scans/heart.png": NEW_SCAN})
    answer(services, 1)
    clock.advance(timedelta(hours=1))
    last = services.backups.backup(BackupReason.MANUAL)

    assert len(stored(paths)) == 3  # the photo once, and each version of the scan
    assert first.size_bytes < len(BIG) / 10  # the collection and the list, not the photo
    assert shared_size(store_of(paths.backups_dir)) == (
        3,
        len(BIG) + len(OLD_SCAN) + len(NEW_SCAN),
    )
    assert first.media_files == last.media_files == 2

    restore_backup(first.path, paths, services)
    assert (paths.media_dir / "scans" / "heart.png").read_bytes() == OLD_SCAN
    assert (paths.media_dir / "big.jpg").read_bytes() == BIG
    assert len(review_ids(paths.collection)) == 1


def test_a_stored_file_goes_once_no_kept_backup_names_it(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    backups = BackupService(services.database, clock, RetentionPolicy(1, 0, 0, 0))
    with_media(paths, {"scans/heart.png": OLD_SCAN, "big.jpg": BIG})
    backups.backup(BackupReason.MANUAL)
    with_media(paths, {"scans/heart.png": NEW_SCAN})
    clock.advance(timedelta(hours=1))
    kept = backups.backup(BackupReason.MANUAL)

    assert [b.path for b in backups.list_backups()] == [kept.path]
    assert stored(paths) == {digest for digest, _size in named(kept.path).values()}
    assert_every_backup_whole(paths)


class Killed(BaseException):
    """The app killed at this point (a power cut, the task manager): nothing after it runs."""


@pytest.mark.parametrize("killed_at", range(1, 10))
def test_a_kill_at_any_point_of_thinning_leaves_every_kept_backup_whole(
    services: Services,
    paths: AppPaths,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    killed_at: int,
) -> None:
    """Each file removal in a backup that thins out the one before and its scan: killed at
    the ``killed_at``-th, every backup left still names only whole stored files."""
    backups = BackupService(services.database, clock, RetentionPolicy(1, 0, 0, 0))
    with_media(paths, {"scans/heart.png": OLD_SCAN, "big.jpg": BIG})
    backups.backup(BackupReason.MANUAL)
    with_media(paths, {"scans/heart.png": NEW_SCAN})
    clock.advance(timedelta(hours=1))
    unlink, removals = Path.unlink, []

    def removing(path: Path, missing_ok: bool = False) -> None:
        removals.append(path)
        if len(removals) == killed_at:
            raise Killed
        unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", removing)
    with contextlib.suppress(Killed):
        backups.backup(BackupReason.MANUAL)
    monkeypatch.undo()

    assert_every_backup_whole(paths)
    clock.advance(timedelta(hours=1))
    newest = backups.backup(BackupReason.MANUAL)  # the next one removes what was left
    assert stored(paths) == {digest for digest, _size in named(newest.path).values()}


def test_a_backup_killed_before_its_archive_is_in_place_costs_no_earlier_backup(
    services: Services, paths: AppPaths, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its new scan is stored, on the disk, and then the app is killed: the earlier backup
    stands whole, and the scan no backup names goes with the next backup."""
    with_media(paths, {"scans/heart.png": OLD_SCAN})
    answer(services, 1)
    earlier = services.backups.backup(BackupReason.MANUAL)
    with_media(paths, {"scans/heart.png": NEW_SCAN})
    clock.advance(timedelta(hours=1))
    replace = os.replace

    def replacing(source: Path, target: Path) -> None:
        if Path(target).suffix == ".zip":
            raise Killed
        replace(source, target)

    monkeypatch.setattr(os, "replace", replacing)
    with pytest.raises(Killed):
        services.backups.backup(BackupReason.MANUAL)
    monkeypatch.undo()

    assert [b.path for b in services.backups.list_backups()] == [earlier.path]
    assert len(stored(paths)) == 2
    assert_every_backup_whole(paths)
    (paths.media_dir / "scans" / "heart.png").unlink()
    restore_backup(earlier.path, paths, services)
    assert (paths.media_dir / "scans" / "heart.png").read_bytes() == OLD_SCAN


def test_a_backup_made_before_the_media_were_shared_still_restores(
    services: Services, paths: AppPaths
) -> None:
    with_media(paths, {"scans/heart.png": OLD_SCAN, "big.jpg": BIG})
    answer(services, 2)
    backup = services.backups.backup(BackupReason.MANUAL).path
    as_format_one(backup)
    without_shared_media(paths.backups_dir)
    shutil.rmtree(paths.media_dir)
    answer(services, 1)

    result = restore_backup(backup, paths, services)

    assert (paths.media_dir / "scans" / "heart.png").read_bytes() == OLD_SCAN
    assert (paths.media_dir / "big.jpg").read_bytes() == BIG
    assert len(review_ids(paths.collection)) == 2
    assert result.media_damaged == result.media_missing == ()
    assert_every_backup_whole(paths)  # the one made before the restore shares its media


def test_a_damaged_picture_in_a_backup_made_before_the_media_were_shared_is_left_out(
    services: Services, paths: AppPaths
) -> None:
    with_media(paths, {"scans/heart.png": PICTURE, "brain.png": b"a whole picture"})
    answer(services, 2)
    backup = services.backups.backup(BackupReason.MANUAL).path
    as_format_one(backup)
    without_shared_media(paths.backups_dir)
    damage_the_picture(backup)
    (paths.media_dir / "brain.png").unlink()

    result = restore_backup(backup, paths, services)

    assert result.media_damaged == ("scans/heart.png",)
    assert (paths.media_dir / "brain.png").read_bytes() == b"a whole picture"


def restore_command(backup: Path, paths: AppPaths) -> int:
    return cli._headless_command(cli.build_parser().parse_args(["restore", str(backup)]), paths)


def test_a_backup_copied_elsewhere_restores_its_collection_and_names_the_media_not_found(
    services: Services, paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_media(paths, {"scans/heart.png": OLD_SCAN, "big.jpg": BIG})
    answer(services, 2)
    backup = services.backups.backup(BackupReason.MANUAL).path
    services.close()
    (tmp_path / "usb").mkdir()
    copied = Path(shutil.copy(backup, tmp_path / "usb"))  # the zip alone, not its media
    other = resolve_paths(tmp_path / "other computer")
    other.data_dir.mkdir()
    capsys.readouterr()

    assert restore_command(copied, other) == 0

    said = capsys.readouterr().out
    assert len(review_ids(other.collection)) == 2
    assert not other.media_dir.exists() or not any(other.media_dir.iterdir())
    assert said.endswith(
        "FibroLearn could not find the backup's media files big.jpg and scans/heart.png, so "
        "they were not restored; any files of those names already in the media folder were "
        "left as they were. Backups keep their pictures and sounds in the media folder beside "
        "them: to restore them, put that folder beside the backup file, then restore the "
        "backup again.\n"
    )


def test_a_backup_copied_with_the_media_beside_it_restores_them(
    services: Services, paths: AppPaths, tmp_path: Path
) -> None:
    with_media(paths, {"scans/heart.png": OLD_SCAN})
    answer(services, 2)
    backup = services.backups.backup(BackupReason.MANUAL).path
    services.close()
    shutil.copytree(paths.backups_dir, tmp_path / "usb")  # the backups folder, media and all
    other = resolve_paths(tmp_path / "other computer")
    other.data_dir.mkdir()

    assert restore_command(tmp_path / "usb" / backup.name, other) == 0
    assert (other.media_dir / "scans" / "heart.png").read_bytes() == OLD_SCAN


def test_a_stored_picture_damaged_since_is_left_out_and_named(
    services: Services, paths: AppPaths
) -> None:
    backup = backup_with_a_damaged_picture(services, paths)  # damaged in the shared store
    (paths.media_dir / "brain.png").unlink()

    result = restore_backup(backup, paths, services)

    assert result.media_damaged == ("scans/heart.png",)
    assert (paths.media_dir / "brain.png").read_bytes() == b"a whole picture"
    assert (paths.media_dir / "scans" / "heart.png").read_bytes() == PICTURE  # the folder's own


def test_an_archive_whose_list_cannot_be_read_keeps_every_stored_file(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    """It may name any of them: removing one could cost the learner's only copy."""
    backups = BackupService(services.database, clock, RetentionPolicy(1, 0, 0, 0))
    with_media(paths, {"scans/heart.png": OLD_SCAN})
    kept = backups.backup(BackupReason.MANUAL).path
    copied = paths.backups_dir / "keep-for-exam.zip"
    copied.write_bytes(kept.read_bytes()[:-100])  # cut short as it was copied
    with_media(paths, {"scans/heart.png": NEW_SCAN})
    clock.advance(timedelta(hours=1))
    backups.backup(BackupReason.MANUAL)

    assert len(stored(paths)) == 2


def test_listing_backups_gives_each_its_own_size_and_the_shared_media_once(
    services: Services, paths: AppPaths, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    with_media(paths, {"big.jpg": BIG})
    for _ in range(2):
        services.backups.backup(BackupReason.MANUAL)
        clock.advance(timedelta(hours=1))
    services.close()
    capsys.readouterr()

    assert cli._headless_command(cli.build_parser().parse_args(["backups"]), paths) == 0

    listed, said = capsys.readouterr()
    assert [line.split("  ")[1].endswith("kB") for line in listed.splitlines()] == [True, True]
    assert said == (
        "fibrolearn: the backups share 1 media file (1.0 MB), each stored once in "
        f"{paths.backups_dir / 'media'}; each size above is the backup's own.\n"
    )


def test_a_file_that_keeps_every_stored_file_is_named_by_the_backups_command(
    services: Services, paths: AppPaths, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found in review: a "junk.zip" of text in the backups folder stopped every removal of
    stored media no backup needs, saying nothing, so the disk they took only grew."""
    backups = BackupService(services.database, clock, RetentionPolicy(1, 0, 0, 0))
    with_media(paths, {"scans/heart.png": OLD_SCAN})
    backups.backup(BackupReason.MANUAL)
    junk = paths.backups_dir / "junk.zip"
    junk.write_text("not a zip at all", encoding="utf-8")
    with_media(paths, {"scans/heart.png": NEW_SCAN})
    clock.advance(timedelta(hours=1))
    backups.backup(BackupReason.MANUAL)
    assert len(stored(paths)) == 2  # the old scan, no backup's, kept: junk.zip may name it
    services.close()
    capsys.readouterr()

    assert cli._headless_command(cli.build_parser().parse_args(["backups"]), paths) == 0

    said = capsys.readouterr().err
    assert (
        f"fibrolearn: “{junk}” cannot be read, so it might name any shared media file: none is "
        "removed while it is in the backups folder, even those no backup needs. Move it "
        "elsewhere to let those go at the next backup.\n"
    ) in said


def damaged_two_days_ago(services: Services, paths: AppPaths) -> tuple[Path, bytes]:
    """The stored copy of a backup's picture, damaged as a bad sector does it: its time
    stamp still that of when it was stored, two days ago. Where it is, and what it holds."""
    backup_with_a_damaged_picture(services, paths)
    heart = stored_path(store_of(paths.backups_dir), hashlib.sha256(PICTURE).hexdigest())
    two_days_ago = time.time() - 2 * 24 * 60 * 60
    os.utime(heart, (two_days_ago, two_days_ago))
    return heart, heart.read_bytes()


def test_a_stored_picture_damaged_since_is_stored_again_by_the_next_backup(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    """Found in review: every later backup named the damaged copy, its size being right,
    while the media folder still had the good one; once that went, no backup had it."""
    damaged_two_days_ago(services, paths)
    clock.advance(timedelta(hours=1))
    newest = services.backups.backup(BackupReason.MANUAL).path
    (paths.media_dir / "scans" / "heart.png").unlink()

    result = restore_backup(newest, paths, services)

    assert result.media_damaged == result.media_missing == ()
    assert (paths.media_dir / "scans" / "heart.png").read_bytes() == PICTURE
    assert_every_backup_whole(paths)  # the first backup's copy is whole again too


def test_a_backup_killed_as_it_replaces_a_damaged_stored_file_leaves_it_whole_or_as_it_was(
    services: Services, paths: AppPaths, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    heart, damaged = damaged_two_days_ago(services, paths)
    replace = os.replace

    def replacing(source: Path, target: Path) -> None:
        if Path(target) == heart:
            raise Killed
        replace(source, target)

    monkeypatch.setattr(os, "replace", replacing)
    clock.advance(timedelta(hours=1))
    with pytest.raises(Killed):
        services.backups.backup(BackupReason.MANUAL)
    monkeypatch.undo()

    assert heart.read_bytes() == damaged  # not a part of the new copy
    clock.advance(timedelta(hours=1))
    services.backups.backup(BackupReason.MANUAL)
    assert heart.read_bytes() == PICTURE
