"""The Import window imports the file as its preview showed it, or nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from test_import_separators import import_window
from ui_driving import press

from fibrolearn.services.container import Services
from fibrolearn.ui.tasks import TaskRunner


def test_a_file_saved_again_after_the_preview_is_not_imported(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, screenshot
) -> None:
    path = tmp_path / "Symptoms.csv"
    path.write_text("fog,slow thinking\n", encoding="utf-8")
    dialog = import_window(qtbot, services, tasks, path)
    qtbot.waitUntil(dialog.import_button.isEnabled)
    assert "1 note" in dialog.summary.text()
    path.write_text("fog,slow thinking\nfatigue,tired\npain,everywhere\n", encoding="utf-8")

    dialog.import_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=20_000)
    assert dialog.report_heading.text() == "Nothing was imported."
    assert "Symptoms.csv changed after the preview was made" in dialog.report_text.toPlainText()
    assert [deck.name for deck in services.decks.list_decks()] == ["Small deck"]
    screenshot(dialog, "import-file-changed")
