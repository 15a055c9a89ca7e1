"""The Import window says how much review history a package holds, ticked or not.

Without it, a learner could not tell whether "Keep review history and scheduling" matters
for the file: the preview said nothing about history until the box was ticked.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from tests.integration.test_interop_hostile import legacy_changed
from ui_driving import ALT

from fibrolearn.services.container import Services
from fibrolearn.ui.import_dialog import ImportDialog
from fibrolearn.ui.tasks import TaskRunner

DATA = Path(__file__).resolve().parents[1] / "data" / "interop"
# Three answers on 1 January 2026 and a manual reschedule, which is no answer.
ANSWERS = (
    "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
    " SELECT 1767268800000 + n * 1000, (SELECT min(id) FROM cards), 0, ease, 1, 0, 2500, 6000,"
    " type FROM (SELECT 0 AS n, 3 AS ease, 0 AS type UNION SELECT 1, 3, 1 UNION SELECT 2, 1, 1"
    " UNION SELECT 3, 0, 4)"
)
NOT_KEPT = (
    "3 answers of review history, not kept: tick “Keep review history and scheduling” to keep them"
)


def opened(qtbot, services: Services, tasks: TaskRunner, package: Path) -> ImportDialog:
    dialog = ImportDialog(None, services, tasks, package)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.waitUntil(dialog.import_button.isEnabled)
    return dialog


def test_the_preview_counts_the_answers_in_the_file_whether_or_not_they_are_kept(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, screenshot
) -> None:
    dialog = opened(qtbot, services, tasks, legacy_changed(tmp_path, "studied.apkg", ANSWERS))

    assert NOT_KEPT in dialog.summary.text().splitlines()[2]
    assert "3 answers" in dialog.history_box.accessibleDescription()  # heard on the box
    screenshot(dialog, "import-preview-history-off")

    qtbot.keyClick(dialog, Qt.Key.Key_H, ALT)  # by its mnemonic
    qtbot.waitUntil(dialog.history_box.isChecked)
    qtbot.waitUntil(lambda: "all kept" in dialog.summary.text())
    assert dialog.summary.text().splitlines()[2] == "  3 answers of review history, all kept"
    screenshot(dialog, "import-preview-history-on")


def test_a_package_without_history_says_so(qtbot, services: Services, tasks: TaskRunner) -> None:
    dialog = opened(qtbot, services, tasks, DATA / "small-latest.apkg")

    assert dialog.summary.text().splitlines()[2] == "  no answers of review history"
    assert "holds no answers" in dialog.history_box.accessibleDescription()
