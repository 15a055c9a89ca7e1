"""A preview of a file with many rows left out names a few, and the report names them all.

The preview named every row left out above the reading options: with 15,000 of them, the
options, the column mapping and the cards were 15,000 lines down, and a screen reader was
given half a million characters to say, as again when the report was shown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from test_import_separators import import_window
from ui_driving import press

from fibrolearn.services.container import Services
from fibrolearn.ui.tasks import TaskRunner


def test_the_preview_names_ten_rows_left_out_and_the_report_all(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, screenshot
) -> None:
    path = tmp_path / "Half empty.txt"
    rows = (f"term {n}\tdefinition {n}\n\tno term {n}\n" for n in range(1, 31))
    path.write_text("".join(rows), encoding="utf-8")
    dialog = import_window(qtbot, services, tasks, path)
    qtbot.waitUntil(dialog.import_button.isEnabled)
    summary = dialog.summary.text().splitlines()
    at = summary.index("Skipped 30:")
    assert summary[at + 1 : at + 12] == [
        *(f"  line {line}: the front is empty" for line in range(2, 21, 2)),
        "  and 20 more, each named in the report after the import.",
    ]
    assert "line 60" not in dialog.summary.text() and "line 60" not in dialog.announcer.last
    qtbot.wait(100)  # the page lays out the summary's lines
    screenshot(dialog, "import-many-skipped")

    dialog.import_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=20_000)
    report = dialog.report_text.toPlainText()
    assert "Skipped 30:" in report and "  line 60: the front is empty" in report
    # A screen reader is told of ten, as in the preview, and where the others are named.
    said = dialog.announcer.last
    assert said.startswith("The import is done. Imported from text file Half empty.txt.")
    assert "  line 20: the front is empty\n  and 20 more, each named in the report." in said
    assert "line 22" not in said
