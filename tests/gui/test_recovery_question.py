"""The question asked about a damaged collection: read in full at the largest text, and safe
to answer with Enter."""

from __future__ import annotations

from collection_driving import when_modal
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.recovery import CollectionDamagedError
from fibrolearn.ui.backup_dialog import RecoveryChoice, ask_recovery


def test_enter_keeps_a_damaged_collection_without_a_backup_rather_than_start_empty(
    qtbot, make_window, services: Services, paths: AppPaths
) -> None:
    """Found in a bug hunt: with no backup to offer, Qt made "Start with an empty collection"
    the default. Starting empty cannot be taken back in the app, so Enter quits."""
    window = make_window(services)

    def enter(box: QMessageBox) -> None:
        box.activateWindow()
        qtbot.waitUntil(box.isActiveWindow)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    when_modal(qtbot, enter)
    moved_to = paths.data_dir / "collection.sqlite3.damaged-20260304-120000"
    damaged = CollectionDamagedError(moved_to, ("page 3 is damaged",), None)
    assert ask_recovery(window, damaged) is RecoveryChoice.QUIT
