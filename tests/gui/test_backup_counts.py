"""The Backups window counts cards and reviews as the rest of the app does: "146,487"."""

from __future__ import annotations

from dataclasses import replace

from collection_driving import restore_question_declined
from PySide6.QtCore import Qt

from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.collection_keeper import CollectionKeeper
from fibrolearn.ui.tasks import TaskRunner

SHIFT_CTRL = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_large_counts_are_written_with_thousands_separators(
    qtbot, make_window, services: Services, paths: AppPaths, clock: FixedClock, monkeypatch
) -> None:
    made = services.backups.backup(BackupReason.MANUAL)
    large = replace(made, cards=146_487, reviews=1_005_044)  # a collection of years
    monkeypatch.setattr(services.backups, "list_backups", lambda: [large])
    monkeypatch.setattr(services.backups, "backup", lambda _reason: large)
    window = make_window(services)
    tasks = TaskRunner(window)
    keeper = CollectionKeeper(window, tasks, paths, lambda: services)

    qtbot.keyClick(window, Qt.Key.Key_B, SHIFT_CTRL)
    dialog = keeper.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert [dialog.table.item(0, column).text() for column in (1, 2)] == ["146,487", "1,005,044"]

    qtbot.keyClick(dialog.backup_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Backed up"), timeout=10_000)
    assert dialog.status.text() == "Backed up 146,487 cards and 1,005,044 reviews."

    question = restore_question_declined(qtbot, dialog)
    assert "It holds 146,487 cards and 1,005,044 reviews." in question
    tasks.wait()
