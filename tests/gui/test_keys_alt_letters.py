"""Every Alt+letter does one thing: in each place of the main window, its menus and dialogs.

A letter claimed twice does nothing useful: Qt then only cycles the focus between the claimants
(or, against a menu title, the widget wins and the menu cannot be opened by its letter).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from collection_driving import full_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QMenu,
    QMenuBar,
    QTabBar,
    QWidget,
)
from ui_driving import ALT, CTRL, back_to, press, when_dialog_opens

from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.faults import StorageProblemKind
from fibrolearn.domain.gentle import Energy
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.backlog_dialog import BacklogDialog
from fibrolearn.ui.backup_dialog import BackupDialog
from fibrolearn.ui.browse_editor import NoteEditorDialog
from fibrolearn.ui.check_dialog import CheckDialog
from fibrolearn.ui.custom_study_dialog import CustomStudyDialog
from fibrolearn.ui.deck_options import DeckOptionsDialog
from fibrolearn.ui.export_dialog import ExportDialog
from fibrolearn.ui.gentle_dialog import GentleSessionDialog
from fibrolearn.ui.import_dialog import ImportDialog
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.note_editor import FieldsEditorDialog
from fibrolearn.ui.preferences_dialog import PreferencesDialog
from fibrolearn.ui.progress_optimize import OptimizeDialog
from fibrolearn.ui.shortcuts_help import shortcuts_dialog
from fibrolearn.ui.tasks import TaskRunner

Claims = dict[str, list[str]]


def alt_key(text: str) -> str:
    """The letter ``text`` claims with Alt ("" for none), by Qt's own rule."""
    return QKeySequence.mnemonic(text).toString().removeprefix("Alt+").lower()


def claims_of(root: QWidget, menu_bar: QMenuBar | None = None) -> Claims:
    """What each Alt+letter is claimed by under ``root`` (shown widgets only), and the menus."""
    claims: Claims = defaultdict(list)

    def claim(text: str, what: str) -> None:
        if key := alt_key(text):
            claims[key].append(f"{what} {text!r}")

    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton):
            claim(widget.text(), type(widget).__name__)
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            claim(widget.text(), "label")
        elif isinstance(widget, QGroupBox):
            claim(widget.title(), "group")
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                if widget.isTabVisible(index):
                    claim(widget.tabText(index), "tab")
    if menu_bar is not None:
        for action in menu_bar.actions():
            if action.isVisible():
                claim(action.text(), "menu")
    return claims


def clashes(where: str, claims: Claims) -> list[str]:
    return [f"{where}: Alt+{key.upper()} {what}" for key, what in claims.items() if len(what) > 1]


def menu_clashes(menu: QMenu) -> list[str]:
    """Letters claimed twice inside one menu (and, below it, inside each submenu)."""
    claims: Claims = defaultdict(list)
    problems = []
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        if key := alt_key(action.text()):
            claims[key].append(repr(action.text()))
        if action.menu() is not None:
            problems += menu_clashes(action.menu())
    return problems + clashes(f"menu {menu.title()!r}", claims)


@pytest.fixture
def window(qtbot, paths: AppPaths, clock: FixedClock, services: Services) -> Iterator[MainWindow]:
    """The main window as the app builds it: every place, and the File menu's commands."""
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    yield window
    tasks.wait()


def place_clashes(qtbot, window: MainWindow) -> list[str]:
    """Clashes in every place, and in every state of the places that change what they show."""
    bar = window.menuBar()
    problems = []

    def check(where: str) -> None:
        problems.extend(clashes(where, claims_of(window, bar)))

    for place in ("decks", "browse", "progress"):
        window.show_place(place)
        check(place)
    progress = window.places["progress"].widget
    progress.mastery.tabs.setCurrentIndex(1)
    check("progress, table")
    window.show_place("quiz")
    quiz = window.places["quiz"].widget
    check("quiz set-up")
    press(qtbot, Qt.Key.Key_Return, CTRL)  # start a quiz
    assert quiz.stack.currentWidget() is quiz.question_view
    check("quiz question")
    quiz.stack.setCurrentWidget(quiz.results_view)  # its buttons, whatever the result
    check("quiz results")
    window.show_place("decks")
    press(qtbot, Qt.Key.Key_Return)  # study the deck
    assert window.current_place() == "study" and window.study.show_button.isVisible()
    check("study, question")
    press(qtbot, Qt.Key.Key_Space)
    assert not window.study.show_button.isVisible()
    check("study, answer")
    press(qtbot, Qt.Key.Key_P)
    assert window.study.resume_button.isVisible()
    check("study, paused")
    return problems


def test_no_alt_letter_is_claimed_twice_in_any_place(qtbot, window: MainWindow) -> None:
    assert not (problems := place_clashes(qtbot, window)), "\n".join(problems)


def test_no_alt_letter_is_claimed_twice_over_a_read_only_collection(
    qtbot, window: MainWindow
) -> None:
    """The notice over a read-only collection has a button of its own (Try again)."""
    window.read_only_notice.show_because(StorageProblemKind.READ_ONLY, window.data_dir)
    assert not (problems := place_clashes(qtbot, window)), "\n".join(problems)


def test_no_alt_letter_is_claimed_twice_in_the_past_quizzes(qtbot, window: MainWindow) -> None:
    window.show_place("quiz")
    quiz = window.places["quiz"].widget
    quiz.show_history()
    assert quiz.stack.currentWidget() is quiz.history_view
    problems = clashes("past quizzes", claims_of(window, window.menuBar()))
    assert not problems, "\n".join(problems)


def test_no_letter_is_claimed_twice_in_one_menu(qtbot, window: MainWindow) -> None:
    window.show_place("browse")  # its menu shows with the place
    bar = window.menuBar()
    assert [a.text().replace("&", "") for a in bar.actions() if a.isVisible()] == [
        "File",
        "Edit",
        "View",
        "Go",
        "Browse",
        "Tools",
        "Help",
    ]
    problems = [p for action in bar.actions() for p in menu_clashes(action.menu())]
    assert not problems, "\n".join(problems)


def test_every_menu_item_has_a_letter(qtbot, window: MainWindow) -> None:
    """Found in a bug hunt: Browse's "Add tags…" and "Remove tags…" had none."""
    window.show_place("browse")

    def letterless(menu: QMenu) -> list[str]:
        items = [a for a in menu.actions() if not a.isSeparator() and a.isVisible()]
        below = [p for a in items if a.menu() is not None for p in letterless(a.menu())]
        return below + [f"{menu.title()} ▸ {a.text()}" for a in items if not alt_key(a.text())]

    missing = [p for action in window.menuBar().actions() for p in letterless(action.menu())]
    assert missing == []


def dialog_makers(
    window: MainWindow, services: Services, tasks: TaskRunner, paths: AppPaths, csv: Path
) -> dict[str, Callable[[], QDialog]]:
    """Each dialog the menus open (and the Progress page's), built as its command builds it."""
    deck_id = window.deck_list.selected_deck_id()
    assert deck_id is not None
    card = services.study.next_card(deck_id)
    assert card is not None
    return {
        "Import": lambda: ImportDialog(window, services, tasks, csv),
        "Export": lambda: ExportDialog(window, services, tasks),
        "Backups": lambda: BackupDialog(
            window, services.backups.list_backups, lambda: None, paths.backups_dir
        ),
        "Preferences": lambda: PreferencesDialog(window.preferences, window.read_aloud, window),
        "Edit card": lambda: FieldsEditorDialog(
            services.card_edits.note(card.card_id), lambda _f, _t: None, window
        ),
        "Gentle session": lambda: GentleSessionDialog(Energy.LOW, "Small deck", window),
        "Deck options": lambda: DeckOptionsDialog(services.decks, deck_id, "Small deck", window),
        "Spread waiting reviews": lambda: BacklogDialog(120, 200, window),
        "Custom study": lambda: CustomStudyDialog(
            services.custom_study, deck_id, "Small deck", window
        ),
        "Keyboard shortcuts": lambda: shortcuts_dialog(window, window.menuBar()),
        "Add note": lambda: NoteEditorDialog(
            lambda *_: None, decks=services.notes.decks(), parent=window
        ),
        "Optimize my schedule": lambda: OptimizeDialog(services, tasks, window),
        "Check collection": lambda: CheckDialog(window, services, tasks, lambda: None),
    }


def test_no_alt_letter_is_claimed_twice_in_any_dialog(
    qtbot, window: MainWindow, services: Services, paths: AppPaths, tmp_path: Path
) -> None:
    services.backups.backup(BackupReason.MANUAL)
    csv = tmp_path / "cards.csv"
    csv.write_text("front,back\nalpha,one\nbeta,two\n", encoding="utf-8")
    tasks = TaskRunner()
    problems = []
    for title, make in dialog_makers(window, services, tasks, paths, csv).items():
        dialog = make()  # the window's child, closed with it if a check below fails
        try:
            dialog.show()
            tasks.wait()  # the import window reads its file in the background
            QApplication.processEvents()
            problems += clashes(title, claims_of(dialog))
        finally:
            dialog.close()  # Check collection's deletes itself then
    assert not problems, "\n".join(problems)


def test_on_the_deck_list_alt_g_opens_the_go_menu_and_alt_n_a_gentle_session(
    qtbot, window: MainWindow
) -> None:
    window.show_place("decks")
    press(qtbot, Qt.Key.Key_G, ALT)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu) and menu.title() == "&Go"
    menu.close()
    back_to(qtbot, window)
    opened = when_dialog_opens(qtbot, lambda dialog: dialog.reject())
    press(qtbot, Qt.Key.Key_N, ALT)  # a mnemonic clicks its button after a beat
    qtbot.waitUntil(lambda: bool(opened))
    assert [type(dialog) for dialog in opened] == [GentleSessionDialog]
