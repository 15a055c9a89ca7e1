"""A disk refusing a restore half-way: the message says which step failed, what it changed
and what to do, and the restore works once the disk lets it."""

from __future__ import annotations

import errno
import sqlite3
import zipfile
from collections.abc import Callable
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from collection_driving import opener, routed_notice, when_modal
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from test_backup_dialog import reviews_in

from fibrolearn.domain.backups import BackupInfo, BackupReason
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.health import check_health
from fibrolearn.storage import backup_archive, restore_media
from fibrolearn.ui.collection_keeper import CollectionKeeper
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.tasks import TaskRunner
from studying import answer


def no_room_to_unpack(paths: AppPaths) -> Callable[..., int]:
    def refused(_archive: Path, destination: Path, _store: Path) -> int:
        destination.mkdir(parents=True, exist_ok=True)
        (destination / "half.png").write_bytes(b"half")  # cut short as the disk filled
        raise OSError(errno.ENOSPC, "No space left on device")

    return refused


def media_folder_refused(paths: AppPaths) -> Callable[..., None]:
    def refused(_unpacked: Path, media_dir: Path) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(media_dir))

    return refused


def restore(
    qtbot,
    window: MainWindow,
    keeper: CollectionKeeper,
    backup: Path,
    told: Callable[[QMessageBox], None] | None = None,
) -> Services:
    """Restore ``backup``, chosen with the keys in File ▸ Backups; the collection open after.

    ``told`` is handed the next message box after the question, which says how it went.
    """
    before = window.services
    keeper.show_backups()
    dialog = keeper.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Home)
    while (chosen := dialog.selected()) is not None and chosen.path != backup:
        qtbot.keyClick(dialog.table, Qt.Key.Key_Down)

    def yes(box: QMessageBox) -> None:
        if told is not None:
            when_modal(qtbot, told)
        qtbot.keyClick(box, Qt.Key.Key_Return)  # yes, restore it

    when_modal(qtbot, yes)
    qtbot.keyClick(dialog.restore_button, Qt.Key.Key_Space)
    qtbot.waitUntil(
        lambda: window.services is not before and window.services is not None, timeout=15_000
    )
    return window.services


@pytest.mark.parametrize(
    ("fault", "target", "reviews_after"),
    [(no_room_to_unpack, "extract_media", 5), (media_folder_refused, "move_media", 2)],
    ids=["full-disk-unpacking", "media-folder-read-only"],
)
def test_a_restore_the_disk_stops_says_which_step_and_works_once_it_lets_it(
    qtbot,
    make_window,
    services: Services,
    paths: AppPaths,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    screenshot,
    fault: Callable[[AppPaths], Callable[..., object]],
    target: str,
    reviews_after: int,
) -> None:
    """Found in a bug hunt: the window said "your last action was not saved" and "you can
    keep reading cards" for any restore the disk stopped, with the step's own words only under
    Show Details; with its pictures refused, the collection was restored all the same, and
    the read-only folder was called the data folder."""
    answer(services, 2)
    older: BackupInfo = services.backups.backup(BackupReason.MANUAL)
    clock.advance(timedelta(minutes=5))
    answer(services, 3)
    window = make_window(services)
    tasks = TaskRunner(window)
    keeper = CollectionKeeper(window, tasks, paths, opener(paths, clock))
    keeper.notice = routed_notice(window, monkeypatch, paths)
    module = backup_archive if target == "extract_media" else restore_media
    monkeypatch.setattr(module, target, fault(paths))

    opened = restore(qtbot, window, keeper, older.path)
    tasks.wait()
    box = keeper.notice.box
    assert box is not None and box.windowTitle() == "Restore not finished"
    said = box.text()
    if reviews_after == 5:  # nothing changed
        assert said == (
            f"Could not unpack the backup {older.path.name} into {paths.data_dir} (No space "
            "left on device). Nothing was changed. Free some space, then restore it again."
        )
    else:
        assert said.startswith(
            "Restored the collection, but could not add all of the backup's pictures and "
            f"sounds to {paths.media_dir} (Permission denied). The collection it replaced is "
            "kept in "
        )
        assert said.endswith(
            "Make the folder writable, or start FibroLearn with another data folder, then "
            f"restore {older.path.name} again."
        )
    assert "not saved" not in said and "keep reading" not in said
    assert box.accessibleDescription() == said  # what a screen reader hears of it
    assert QApplication.focusWidget() is box.button(QMessageBox.StandardButton.Ok)
    assert reviews_in(opened) == reviews_after
    assert check_health(opened.database).ok
    assert not list(paths.data_dir.glob(".restoring-*"))  # its work folder went
    screenshot(box, f"restore-not-finished-{target}")
    box.button(QMessageBox.StandardButton.Ok).click()

    monkeypatch.undo()  # the disk lets it now
    restored = restore(qtbot, window, keeper, older.path)
    tasks.wait()
    assert reviews_in(restored) == 2
    assert window.statusBar().currentMessage().startswith("Restored the backup of ")


def changed_backup(backup: Path, change: str) -> Path:
    """A copy of ``backup`` beside it whose collection had ``change`` made to it (SQL)."""
    unpacked = backup.with_name("unpacked.sqlite3")
    changed = backup.with_name("from-another-computer.zip")
    with zipfile.ZipFile(backup) as archive, zipfile.ZipFile(changed, "w") as copy:
        unpacked.write_bytes(archive.read(backup_archive.COLLECTION_MEMBER))
        with closing(sqlite3.connect(unpacked)) as connection, connection:
            connection.execute(change)
        copy.write(unpacked, backup_archive.COLLECTION_MEMBER)
        copy.writestr(backup_archive.MANIFEST_MEMBER, archive.read(backup_archive.MANIFEST_MEMBER))
    unpacked.unlink()
    return changed


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (
            "UPDATE alembic_version SET version_num = '0099_future'",
            "was made by a newer version of FibroLearn (schema 0099_future); update "
            "FibroLearn to restore it",
        ),
        ("UPDATE alembic_version SET version_num = '0016_nate_live_cards'", "holds a damaged"),
    ],
    ids=["newer-version", "damaged"],
)
def test_a_backup_that_cannot_be_restored_is_refused_saying_nothing_changed(
    qtbot,
    make_window,
    services: Services,
    paths: AppPaths,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    change: str,
    why: str,
) -> None:
    """Found in a bug hunt: a backup from a newer FibroLearn, or a damaged one, was refused in
    a box titled "Restore failed" that did not say whether the collection had been replaced."""
    answer(services, 2)
    refused = changed_backup(services.backups.backup(BackupReason.MANUAL).path, change)
    clock.advance(timedelta(minutes=5))
    answer(services, 3)
    window = make_window(services)
    tasks = TaskRunner(window)
    keeper = CollectionKeeper(window, tasks, paths, opener(paths, clock))
    keeper.notice = routed_notice(window, monkeypatch, paths)

    said: list[tuple[str, str, str]] = []

    def read(box: QMessageBox) -> None:
        said.append((box.windowTitle(), box.text(), box.accessibleDescription()))
        box.done(0)

    opened = restore(qtbot, window, keeper, refused, told=read)
    qtbot.waitUntil(lambda: bool(said), timeout=15_000)
    tasks.wait()
    [(title, text, heard)] = said
    assert title == "Backup not restored"
    assert text.startswith(f"{refused} {why}")
    assert text.endswith(". Nothing was changed: your collection is as it was.")
    assert heard == text  # what a screen reader hears of it
    assert reviews_in(opened) == 5
