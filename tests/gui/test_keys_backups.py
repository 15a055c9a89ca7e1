"""The Backups window by keyboard: Enter on the list never makes a backup; outcomes are said."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from ui_driving import back_to, press

from fibrolearn.domain.backups import BackupInfo, BackupReason
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.backup_dialog import BackupDialog
from fibrolearn.ui.collection_keeper import CollectionKeeper
from fibrolearn.ui.tasks import TaskRunner

SHIFT_CTRL = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def when_box(qtbot, act: Callable[[QMessageBox], None]) -> list[str]:
    """Act on the next modal message box as soon as it is up; returns [its text]."""
    seen: list[str] = []

    def attempt() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            seen.append(box.text())
            act(box)
        else:
            QTimer.singleShot(20, attempt)

    QTimer.singleShot(0, attempt)
    return seen


@pytest.fixture
def backup_held(services: Services, monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Back up now takes its time: the backup is made once the event is set."""
    go = threading.Event()
    backup = services.backups.backup

    def held(reason: BackupReason) -> BackupInfo:
        go.wait(10)
        return backup(reason)

    monkeypatch.setattr(services.backups, "backup", held)
    yield go
    go.set()  # never left waiting when a test failed


@pytest.fixture
def dialog(
    qtbot, make_window, services: Services, paths: AppPaths, clock: FixedClock
) -> Iterator[BackupDialog]:
    """File > Backups… as the app opens it, on a collection with one backup."""
    services.backups.backup(BackupReason.MANUAL)
    window = make_window(services)
    tasks = TaskRunner(window)
    keeper = CollectionKeeper(window, tasks, paths, lambda: services)
    qtbot.keyClick(window, Qt.Key.Key_B, SHIFT_CTRL)
    assert keeper.dialog is not None
    qtbot.waitExposed(keeper.dialog)
    keeper.dialog.activateWindow()
    qtbot.waitUntil(keeper.dialog.isActiveWindow)
    yield keeper.dialog
    tasks.wait()


def test_enter_on_the_list_asks_to_restore_and_makes_no_backup(
    qtbot, dialog: BackupDialog, services: Services
) -> None:
    assert QApplication.focusWidget() is dialog.table
    asked = when_box(qtbot, lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert asked and asked[0].startswith("Replace your collection with the backup from")
    assert len(services.backups.list_backups()) == 1  # no backup was made
    assert dialog.isVisible() and dialog.status.text() == ""
    assert not dialog.backup_button.isDefault() and dialog.restore_button.isDefault()


def test_a_backup_made_now_is_said(qtbot, dialog: BackupDialog) -> None:
    qtbot.keyClick(dialog.backup_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    assert dialog.announcer.last.startswith("Backed up ")
    assert dialog.announcer.last == dialog.status.text()


def test_a_backup_that_failed_is_said(
    qtbot, dialog: BackupDialog, services: Services, monkeypatch
) -> None:
    def fail(_reason: BackupReason) -> None:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(services.backups, "backup", fail)
    warned = when_box(qtbot, lambda box: box.accept())
    qtbot.keyClick(dialog.backup_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(warned), timeout=10_000)
    assert "the disk is on fire" in warned[0]
    assert dialog.announcer.last == "The backup was not made. Your collection is as it was."
    assert dialog.status.text() == dialog.announcer.last
    assert dialog.backup_button.isEnabled()  # it can be tried again


def test_a_finished_backup_keeps_the_backup_chosen_and_the_focus(
    qtbot, dialog: BackupDialog, backup_held: threading.Event
) -> None:
    """Found in a bug hunt: the list was reloaded with the newest backup selected and the
    focus pulled to it, away from the backup and the button the learner had chosen."""
    chosen = dialog.selected()
    press(qtbot, Qt.Key.Key_Tab)  # from the list to Back up now
    press(qtbot, Qt.Key.Key_Space)  # it takes a while, and leaves the focus on Restore…
    press(qtbot, Qt.Key.Key_Tab)  # meanwhile, on to Close
    was_on = QApplication.focusWidget()
    assert was_on.text() == "Close"
    backup_held.set()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    assert dialog.selected() == chosen
    assert QApplication.focusWidget() is was_on


def backed_up_then_closed(qtbot, dialog: BackupDialog) -> None:
    """Back up now, said to be under way; then Esc while it runs, which closes the window."""
    press(qtbot, Qt.Key.Key_Tab)  # from the list to Back up now
    press(qtbot, Qt.Key.Key_Space)
    assert dialog.status.text() == dialog.announcer.last == "Backing up…"
    press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_backup_that_ends_after_its_window_was_closed_is_said_over_the_main_window(
    qtbot, dialog: BackupDialog, backup_held: threading.Event
) -> None:
    """Found in a bug hunt: the backup was made but nothing said so anywhere, and "Backing
    up…" was never said to screen readers."""
    window = dialog.parentWidget()
    backed_up_then_closed(qtbot, dialog)
    backup_held.set()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Backed up "))
    assert window._announcer.last == window.statusBar().currentMessage()


def test_a_backups_window_opened_while_a_backup_is_made_shows_it_under_way(
    qtbot, dialog: BackupDialog, services: Services, backup_held: threading.Event, screenshot
) -> None:
    """Found in a bug hunt: opened again during the backup, the window offered Back up now,
    so a second backup could be started."""
    window = dialog.parentWidget()
    keeper = window.findChild(CollectionKeeper)
    backed_up_then_closed(qtbot, dialog)
    back_to(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_B, SHIFT_CTRL)
    again = keeper.dialog
    assert again is not None and again is not dialog
    qtbot.waitExposed(again)
    assert not again.backup_button.isEnabled()
    assert again.status.text() == again.announcer.last == "Backing up…"
    screenshot(again, "backups-opened-while-backing-up")
    backup_held.set()
    qtbot.waitUntil(lambda: again.table.rowCount() == 2, timeout=10_000)
    assert again.status.text().startswith("Backed up ") and again.backup_button.isEnabled()
    assert len(services.backups.list_backups()) == 2  # the one there was, and this one
    again.reject()


def test_going_down_the_list_a_screen_reader_hears_each_backup_told_apart(
    qtbot, dialog: BackupDialog, services: Services
) -> None:
    """Found in a bug hunt: going down the list, a screen reader read only its first cell,
    the time to the minute, the same for a backup made by hand and the one made before the
    restore just after it; across, bare numbers ("5", "0")."""
    services.backups.backup(BackupReason.BEFORE_RESTORE)
    dialog.refresh()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    current = dialog.table.currentIndex()
    assert current.row() == 1 and current.column() == 0
    spoken = Qt.ItemDataRole.AccessibleTextRole
    firsts = [dialog.table.model().index(row, 0).data(spoken) for row in range(2)]
    when, size = dialog.table.item(0, 0).text(), dialog.table.item(1, 3).text()
    assert firsts == [
        f"{when}: Before restoring a backup; 5 cards and 0 reviews, {size}",
        f"{when}: Made by you; 5 cards and 0 reviews, {size}",
    ]
    across = [dialog.table.item(1, column).data(spoken) for column in range(1, 5)]
    assert across == ["Cards: 5", "Reviews: 0", f"Size: {size}", "Why: Made by you"]
