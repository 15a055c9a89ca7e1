"""The Export window: no folders made on the way, and its format choices heard as a group."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication

from fibrolearn.paths import missing_folder
from fibrolearn.services.container import Services
from fibrolearn.ui.export_dialog import ExportDialog
from fibrolearn.ui.tasks import TaskRunner


@pytest.fixture
def dialog(qtbot, services: Services, tasks: TaskRunner) -> ExportDialog:
    shown = ExportDialog(None, services, tasks)
    qtbot.addWidget(shown)
    with qtbot.waitExposed(shown):
        shown.show()
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    return shown


def test_a_missing_folder_is_refused_aloud_and_nothing_is_made(
    qtbot, dialog: ExportDialog, tasks: TaskRunner, tmp_path: Path, screenshot
) -> None:
    """As the command line and the README say: exports write only into folders that exist."""
    target = tmp_path / "no-such-folder" / "sub" / "deck.apkg"
    dialog.path_edit.setFocus()
    dialog.path_edit.selectAll()
    qtbot.keyClicks(dialog.path_edit, str(target))
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)  # Export is the default button
    assert dialog.status.text() == missing_folder(target)
    assert dialog._announcer.last == dialog.status.text()  # said as well as shown
    tasks.wait()
    assert not (tmp_path / "no-such-folder").exists()
    assert dialog.export_button.isEnabled()  # fix the path and try again
    screenshot(dialog, "export-missing-folder")


def test_at_200_percent_a_long_status_leaves_the_choices_in_sight(
    qtbot, qapp: QApplication, services: Services, tmp_path: Path, screenshot
) -> None:
    """The window grows for its status: a long one squeezed the format choices to nothing."""
    font = qapp.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    qapp.setFont(font)  # put back after the test (conftest)
    dialog = ExportDialog(None, services, TaskRunner())
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.path_edit.setText(str(tmp_path / "no-such-folder" / "sub" / "deck.apkg"))
    dialog.start_export()
    QApplication.processEvents()  # the window refits once the status is laid out
    status = dialog.status
    assert status.height() >= status.heightForWidth(status.width())
    for choice in (dialog.apkg_button, dialog.csv_button):
        assert choice.visibleRegion().boundingRect().height() == choice.height()
    screenshot(dialog, "export-missing-folder-200")


def test_the_format_choices_are_announced_under_their_name(dialog: ExportDialog) -> None:
    """A screen reader says the group ("Format") as focus enters a radio button in it."""
    for choice in (dialog.apkg_button, dialog.csv_button):
        group = QAccessible.queryAccessibleInterface(choice).parent()
        assert group.role() == QAccessible.Role.Grouping
        assert group.text(QAccessible.Text.Name) == "Format"
