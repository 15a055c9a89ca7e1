"""A disk failing in the middle of an import: what may be saved keeps its pictures, and is
said so."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from driver_faults import disk_error, failing_commits, faulty_connections
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.health import check_health
from fibrolearn.ui.import_dialog import ImportDialog
from fibrolearn.ui.tasks import TaskRunner

PACKAGE = Path(__file__).resolve().parents[1] / "data" / "interop" / "small-latest.apkg"


def pictures_shown(services: Services) -> list[str]:
    """The fields of the imported notes that show a picture."""
    with services.database.engine.connect() as connection:
        fields = connection.execute(text("SELECT fields FROM notes WHERE kind = 'template'"))
        return [row[0] for row in fields if "<img" in row[0]]


def test_an_import_whose_commit_the_disk_may_have_kept_keeps_its_pictures_and_says_so(
    qtbot, services: Services, tasks: TaskRunner, paths: AppPaths, screenshot
) -> None:
    """Found in a bug hunt: a disk error as the import's notes were committed took their
    pictures out again, yet the notes came back (SQLite's log held them), each showing a
    broken picture; and the window said "Your collection is as it was before" after saying
    the import may have been saved."""
    dialog = ImportDialog(None, services, tasks, PACKAGE)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    qtbot.waitUntil(dialog.import_button.isEnabled)
    told: list[object] = []
    dialog.imported.connect(told.append)  # as the window refreshes its deck list on it
    flush_failed = failing_commits(lambda: disk_error("FSYNC"), kept=True)
    with faulty_connections(services.database.engine, flush_failed):
        dialog.import_button.setFocus()
        qtbot.keyClick(dialog.import_button, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=20_000)

    assert pictures_shown(services)  # the notes were kept: as after a crash
    assert (paths.media_dir / "heart.png").is_file()  # and so is their picture
    assert not list(paths.data_dir.glob(".media-staging-*"))
    assert check_health(services.database).ok
    assert dialog.report_heading.text() == "The import may not have been saved."
    said = dialog.report_text.toPlainText()
    assert "may not have been saved" in said and "as it was before" not in said
    assert dialog.announcer.last == f"The import may not have been saved. {said}"
    assert QApplication.focusWidget() is dialog.close_button
    assert told == [None]  # its decks may be there: the window reads them again
    screenshot(dialog, "import-maybe-saved")
