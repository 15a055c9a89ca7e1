"""Tools ▸ Check collection…: checked in the background, the outcome said, repair or backups."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing

import pytest
import shiboken6
from collection_driving import full_window
from fitting import cut_off, fits_screen
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu
from ui_driving import ALT, press

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.faults import StorageProblem, StorageProblemKind
from fibrolearn.domain.progress import Progress
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.health import HealthReport
from fibrolearn.ui import check_dialog
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.check_dialog import CheckDialog
from fibrolearn.ui.collection_keeper import CollectionKeeper
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.tasks import TaskRunner

WAIT_MS = 20_000  # the check reads every card; a loaded machine is slow


@pytest.fixture
def app(
    qtbot, paths: AppPaths, clock: FixedClock, services: Services
) -> Iterator[tuple[MainWindow, TaskRunner, CollectionKeeper]]:
    window, tasks, keeper = full_window(qtbot, paths, clock, services)
    yield window, tasks, keeper
    tasks.wait()


def open_check(qtbot, window: MainWindow) -> CheckDialog:
    """Tools ▸ Check collection… by keyboard, as a learner opens it: Alt+T, then C."""
    press(qtbot, Qt.Key.Key_T, ALT)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu) and menu.title() == "&Tools"
    qtbot.keyClick(menu, Qt.Key.Key_C)
    dialog = window.findChild(CheckDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def finished(dialog: CheckDialog) -> bool:
    """The outcome is shown, and the dialog has grown to show all of it."""
    done = dialog.progress_bar.isHidden() and dialog.close_button.text() == "C&lose"
    return done and not cut_off(dialog)


def change(services: Services, statement: str) -> None:
    """Change the collection as another program would, beside the open app."""
    with closing(sqlite3.connect(services.database.path)) as connection, connection:
        connection.execute(statement)


def test_a_sound_collection_is_said_to_have_no_problems(qtbot, app, screenshot) -> None:
    window, _tasks, _keeper = app
    dialog = open_check(qtbot, window)
    qtbot.waitUntil(lambda: finished(dialog), timeout=WAIT_MS)

    assert dialog.status.text() == (
        "No problems found. FibroLearn checked the file, the tables' definitions and stored "
        "values, every card and Browse's search text."
    )
    assert dialog._announcer.last == dialog.status.text()
    assert dialog.problems.isHidden()
    assert dialog.repair_button.isHidden() and dialog.backups_button.isHidden()
    assert dialog.close_button.hasFocus() and dialog.close_button.isDefault()
    screenshot(dialog, "check-collection-no-problems")

    qtbot.keyClick(dialog.close_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))  # gone, not kept hidden


def test_out_of_date_search_text_is_repaired_from_the_dialog(
    qtbot, app, services: Services, screenshot
) -> None:
    window, _tasks, _keeper = app
    change(services, "DELETE FROM note_text WHERE note_id = (SELECT min(id) FROM notes)")
    dialog = open_check(qtbot, window)
    qtbot.waitUntil(lambda: finished(dialog), timeout=WAIT_MS)

    assert dialog.status.text() == "The check found 1 problem:"
    assert dialog.problems.text().startswith("Browse's search text: it is missing or out of")
    assert "Tools ▸ Check collection…, then Repair" in dialog.problems.text()
    assert dialog.repair_button.isVisible() and dialog.backups_button.isHidden()
    assert dialog.repair_button.hasFocus() and dialog.repair_button.isDefault()
    assert dialog._announcer.last == f"{dialog.status.text()} {dialog.problems.text()}"
    screenshot(dialog, "check-collection-search-text")

    qtbot.keyClick(dialog.repair_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Rewrote"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: finished(dialog), timeout=WAIT_MS)
    assert dialog.status.text().startswith("Rewrote the search text of ")
    assert "notes. No problems found." in dialog.status.text()
    assert dialog.problems.isHidden() and dialog.repair_button.isHidden()
    screenshot(dialog, "check-collection-repaired")


def test_at_the_largest_text_every_problem_can_be_read_and_the_buttons_reached(
    qtbot, app, services: Services, screenshot
) -> None:
    window, _tasks, _keeper = app
    window.apply_preferences(AppPreferences(text_scale=200))
    change(services, "DELETE FROM note_text WHERE note_id = (SELECT min(id) FROM notes)")
    change(services, "UPDATE cards SET state = 9 WHERE id = (SELECT min(id) FROM cards)")
    dialog = open_check(qtbot, window)
    qtbot.waitUntil(lambda: finished(dialog), timeout=WAIT_MS)
    assert dialog.status.text() == "The check found 2 problems:"
    assert fits_screen(dialog)
    assert dialog.repair_button.isVisible() and dialog.backups_button.isVisible()
    screenshot(dialog, "check-collection-200-percent")
    dialog.reject()
    window.apply_preferences(AppPreferences())


def test_damage_offers_the_backups_and_opens_them(qtbot, app, services: Services) -> None:
    window, _tasks, keeper = app
    change(services, "UPDATE cards SET state = 9 WHERE id = (SELECT min(id) FROM cards)")
    dialog = open_check(qtbot, window)
    qtbot.waitUntil(lambda: finished(dialog), timeout=WAIT_MS)

    assert "values of no known kind in cards.state (1)" in dialog.problems.text()
    assert "File ▸ Backups…" in dialog.problems.text()
    assert dialog.repair_button.isHidden() and dialog.backups_button.isVisible()
    assert dialog.backups_button.hasFocus()

    qtbot.keyClick(dialog.backups_button, Qt.Key.Key_Return)
    assert keeper.dialog is not None and keeper.dialog.isVisible()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))
    keeper.dialog.reject()


def test_repair_is_not_offered_where_nothing_can_be_written(
    qtbot, app, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _tasks, _keeper = app
    change(services, "DELETE FROM note_text WHERE note_id = (SELECT min(id) FROM notes)")
    monkeypatch.setattr(services.database, "read_only", True)
    dialog = open_check(qtbot, window)
    qtbot.waitUntil(lambda: finished(dialog), timeout=WAIT_MS)

    assert dialog.repair_button.isHidden()
    assert dialog.status.text() == (
        "The check found 1 problem: Repair needs a data folder FibroLearn can write to."
    )


def test_escape_closes_at_once_and_the_check_stops_at_its_next_step(
    qtbot, app, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, tasks, _keeper = app
    begun, go_on, stopped = threading.Event(), threading.Event(), []

    def slow_check(_database, progress: Progress) -> HealthReport:
        progress.advance(0, 4)
        begun.set()
        go_on.wait(10)
        try:
            progress.advance(1, 4)
        except BaseException as error:
            stopped.append(error)
            raise
        raise AssertionError("the check went on after it was cancelled")

    monkeypatch.setattr(check_dialog, "check_health", slow_check)
    dialog = open_check(qtbot, window)
    assert begun.wait(10)
    qtbot.waitUntil(lambda: "(step 1 of 4)" in dialog.status.text())
    assert dialog.close_button.text() == "Ca&ncel" and dialog.close_button.hasFocus()

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()  # closed at once, while the check still runs
    go_on.set()
    tasks.wait()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))
    assert [type(error).__name__ for error in stopped] == ["Cancelled"]


def test_a_disk_that_fails_during_the_check_is_said(
    qtbot, app, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _tasks, _keeper = app

    def failing_check(_database, _progress: Progress) -> HealthReport:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(check_dialog, "check_health", failing_check)
    dialog = open_check(qtbot, window)
    qtbot.waitUntil(lambda: finished(dialog), timeout=WAIT_MS)
    unavailable = StorageProblem(StorageProblemKind.UNAVAILABLE, "").message
    assert dialog.status.text() == f"The check could not finish. {unavailable}"
    assert dialog._announcer.last == dialog.status.text()
