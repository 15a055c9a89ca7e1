"""Every dialog the window opens goes once closed: opened five times, nothing of it stays.

Kept, a closed dialog stayed the window's child until the app ended, one more at each
opening, and outlived its Python side: Browse's crashed a later relayout that way (a
segfault). The message boxes, Backups, the window over a restore, the notice of an
unexpected error and Optimize my schedule were still kept; Optimize's count, in the
background, must not reach Optimize once it has gone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from collection_driving import full_window, opener, routed_notice
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog
from test_restore_faults import restore
from ui_driving import ALT, back_to, press_in

from conftest import Held
from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.collection_keeper import CollectionKeeper
from fibrolearn.ui.progress_page import ProgressPage
from fibrolearn.ui.tasks import TaskRunner

TIMES = 5

Answer = Callable[[QDialog], None]


def escape(qtbot) -> Answer:
    return lambda dialog: press_in(qtbot, dialog, Qt.Key.Key_Escape)


class App:
    """The app's whole window on a collection, with its worker and File ▸ Backups."""

    def __init__(self, qtbot, paths: AppPaths, clock: FixedClock, services: Services) -> None:
        self.qtbot, self.services = qtbot, services
        self.window, self.tasks, self.keeper = full_window(qtbot, paths, clock, services)

    def action(self, text: str):
        """The menu command called ``text`` (its & left out)."""
        for action in self.window.findChildren(type(self.window.menus.quit)):
            if action.text().replace("&", "") == text:
                return action
        raise LookupError(text)

    def left(self) -> list[str]:
        """The dialogs still in the window once what was closed has been deleted."""
        self.settle()
        return [dialog.windowTitle() for dialog in self.window.findChildren(QDialog)]

    def children(self) -> int:
        self.settle()
        return len(self.window.findChildren(QObject))

    def settle(self) -> None:
        self.tasks.wait()
        QApplication.processEvents()  # the worker's answers
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def open_and_close(self, open_it: Callable[[], object], answer: Answer, times: int) -> None:
        """Open a dialog with ``open_it``; ``answer`` each dialog then up until none is up."""
        answered: list[QDialog] = []

        def look() -> None:
            dialog = QApplication.activeModalWidget()
            if isinstance(dialog, QDialog) and dialog.isVisible() and dialog not in answered:
                answered.append(dialog)
                dialog.activateWindow()
                self.qtbot.waitUntil(dialog.isActiveWindow)
                answer(dialog)
            if len(answered) < times or QApplication.activeModalWidget() is not None:
                QTimer.singleShot(10, look)

        QTimer.singleShot(0, look)
        open_it()
        self.qtbot.waitUntil(
            lambda: len(answered) >= times and QApplication.activeModalWidget() is None,
            timeout=10_000,
        )
        back_to(self.qtbot, self.window)


@pytest.fixture
def app(qtbot, paths: AppPaths, clock: FixedClock, services: Services) -> Iterator[App]:
    made = App(qtbot, paths, clock, services)
    yield made
    made.tasks.wait()


def on_deck_list(app: App) -> None:
    app.window.show_place("decks")
    app.window.deck_list.focus_table()


def studying(app: App) -> None:
    app.window.start_study(app.services.decks.list_decks()[0].deck_id)


def on_progress(app: App) -> ProgressPage:
    app.window.show_place("progress")
    page = app.window.places["progress"].widget
    assert isinstance(page, ProgressPage)
    return page


# name: (get ready, the menu command that opens it)
MENUS: dict[str, tuple[Callable[[App], None], str]] = {
    "Preferences": (on_deck_list, "Preferences…"),
    "Gentle session": (on_deck_list, "Gentle session…"),
    "Deck options": (on_deck_list, "Deck options…"),
    "Custom study": (on_deck_list, "Custom study…"),
    "Rename deck": (on_deck_list, "Rename deck…"),
    "Delete deck (kept)": (on_deck_list, "Delete deck…"),
    "Getting started": (on_deck_list, "Getting started"),
    "Keyboard shortcuts": (on_deck_list, "Keyboard shortcuts"),
    "About": (on_deck_list, "About FibroLearn"),
    "Export": (on_deck_list, "Export…"),
    "Backups": (on_deck_list, "Backups…"),
    "Check collection": (on_deck_list, "Check collection…"),
    "Card info": (studying, "Card info…"),
    "Edit card": (studying, "Edit card…"),
}


def leaves_nothing(app: App, open_it: Callable[[], object], answer: Answer, times: int = 1):
    """Open and close once (what a first opening loads stays), then five times: nothing more."""
    app.open_and_close(open_it, answer, times)
    before = app.children()
    for _ in range(TIMES):
        app.open_and_close(open_it, answer, times)
    assert app.left() == []
    assert app.children() == before


@pytest.mark.parametrize("name", list(MENUS))
def test_a_menu_dialog_closed_leaves_nothing_in_the_window(app: App, qtbot, name: str) -> None:
    ready, text = MENUS[name]
    ready(app)
    action = app.action(text)
    assert action.isEnabled(), f"{text} is off"
    leaves_nothing(app, action.trigger, escape(qtbot))


def test_optimize_closed_leaves_nothing_in_the_window(app: App, qtbot) -> None:
    page = on_progress(app)
    leaves_nothing(app, page.optimize_button.click, escape(qtbot))


def test_optimize_closed_while_it_counts_goes_once_the_count_is_in(
    app: App, qtbot, held: Held
) -> None:
    counted = held(app.services.optimize, "status")  # a long log, still being counted
    page = on_progress(app)
    app.open_and_close(page.optimize_button.click, escape(qtbot), 1)
    assert app.tasks.busy  # the count runs on
    counted.set()  # and answers a closed dialog: nothing is said, nothing fails
    assert app.left() == []


@pytest.mark.parametrize(
    ("name", "text", "command"),
    [
        ("cards.csv", "front,back\nWhich hormone?,Cortisol\n", "Import…"),
        ("broken.toml", "this is [not a deck", "Load deck file…"),  # refused, and said why
    ],
)
def test_a_file_chosen_leaves_nothing_in_the_window(
    app: App, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name, text, command
) -> None:
    chosen = tmp_path / name
    chosen.write_text(text, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(chosen), ""))
    on_deck_list(app)
    leaves_nothing(app, app.action(command).trigger, escape(qtbot))


def test_a_deck_not_deleted_leaves_nothing_in_the_window(
    app: App, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*_args: object) -> None:
        raise OSError("the disk refused it")

    monkeypatch.setattr(app.services.deck_manage, "delete", refused)

    def answer(dialog: QDialog) -> None:  # yes, delete it; then close what says it was not
        key = Qt.Key.Key_D if dialog.windowTitle() == "Delete deck" else Qt.Key.Key_Escape
        press_in(qtbot, dialog, key, ALT if key == Qt.Key.Key_D else Qt.KeyboardModifier(0))

    on_deck_list(app)
    leaves_nothing(app, app.action("Delete deck…").trigger, answer, times=2)
    assert len(app.services.decks.list_decks()) == 1  # still there


def test_the_notice_of_an_unexpected_error_leaves_nothing_in_the_window(
    app: App, qtbot, monkeypatch: pytest.MonkeyPatch, paths: AppPaths
) -> None:
    notice = routed_notice(app.window, monkeypatch, paths)
    slips = iter(range(TIMES + 1))  # each another error: one said often is said no more
    on_deck_list(app)
    leaves_nothing(
        app, lambda: notice.report_unexpected(RuntimeError(f"slip {next(slips)}")), escape(qtbot)
    )


def test_a_restore_leaves_nothing_in_the_window(
    qtbot, make_window, services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    """Backups, its question, and the window over the restore, made at each restore."""
    backup = services.backups.backup(BackupReason.MANUAL)
    window = make_window(services)
    tasks = TaskRunner(window)
    keeper = CollectionKeeper(window, tasks, paths, opener(paths, clock))
    for _ in range(2):
        restore(qtbot, window, keeper, backup.path)
        tasks.wait()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert [dialog.windowTitle() for dialog in window.findChildren(QDialog)] == []
