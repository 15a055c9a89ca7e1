"""Browse's card keys with no card to act on stay Browse's: they never reach the window's
File ▸ Import… (Ctrl+Shift+I) or Tools ▸ Custom study… (Ctrl+Shift+S) on the same keys."""

from __future__ import annotations

import pytest
from collection_driving import full_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu
from ui_driving import CTRL, press

from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.study_place import NO_CARD_FOR_INFO

SHIFT_CTRL = Qt.KeyboardModifier.ShiftModifier | CTRL


def run_instead(menu: QMenu, keys: str, ran: list[str]) -> None:
    """The menu's command on ``keys`` only notes that it ran (it would open a dialog)."""
    action = next(a for a in menu.actions() if a.shortcut().toString() == keys)
    action.triggered.disconnect()
    action.triggered.connect(lambda _checked=False: ran.append(action.text().replace("&", "")))


def browse_finding_nothing(qtbot, window: MainWindow) -> None:
    press(qtbot, Qt.Key.Key_3, CTRL)  # Browse
    browse = window.places["browse"].widget
    assert QApplication.focusWidget() is browse.search
    qtbot.keyClicks(browse.search, "nothing-has-this-word")
    press(qtbot, Qt.Key.Key_Return)
    assert browse.count.text() == "No cards match"


@pytest.mark.parametrize("in_table", [False, True], ids=["search box", "table"])
@pytest.mark.parametrize(
    ("key", "said"),
    [
        (Qt.Key.Key_I, "Card info needs a card chosen in the table, and this search found none."),
        (
            Qt.Key.Key_S,
            "Study selected cards needs a card chosen in the table, and this search found none.",
        ),
    ],
    ids=["Ctrl+Shift+I", "Ctrl+Shift+S"],
)
def test_a_card_key_with_no_card_says_so_and_opens_nothing_of_the_window(
    qtbot,
    paths: AppPaths,
    clock: FixedClock,
    services: Services,
    key: Qt.Key,
    said: str,
    in_table: bool,
) -> None:
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    ran: list[str] = []
    run_instead(window.menus.file, "Ctrl+Shift+I", ran)
    run_instead(window.menus.tools, "Ctrl+Shift+S", ran)
    browse_finding_nothing(qtbot, window)
    if in_table:
        window.places["browse"].widget.table.setFocus()
        qtbot.waitUntil(window.places["browse"].widget.table.hasFocus)
    press(qtbot, key, SHIFT_CTRL)
    assert ran == []
    assert window.current_place() == "browse"
    assert window.statusBar().currentMessage() == said
    assert window.places["browse"].widget.status.text() == said  # and heard
    tasks.wait()


def test_ctrl_z_in_browse_with_no_card_still_undoes_browse_s_change(
    qtbot, paths: AppPaths, clock: FixedClock, services: Services
) -> None:
    """Ctrl+Z is Browse's own whenever Browse is shown, cards found or not."""
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    browse_finding_nothing(qtbot, window)
    window.places["browse"].widget.table.setFocus()
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert window.statusBar().currentMessage() == "Nothing to undo in Browse."
    tasks.wait()


def test_the_window_s_import_keys_still_work_outside_browse(
    qtbot, paths: AppPaths, clock: FixedClock, services: Services
) -> None:
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    ran: list[str] = []
    run_instead(window.menus.file, "Ctrl+Shift+I", ran)
    assert window.current_place() == "decks"
    press(qtbot, Qt.Key.Key_I, SHIFT_CTRL)
    assert ran == ["Import…"]
    tasks.wait()


def test_card_info_s_key_with_no_card_in_study_opens_nothing_of_the_window(
    qtbot, paths: AppPaths, clock: FixedClock, services: Services
) -> None:
    """Paused, Study shows no card and its Card info is off: the key stays Study's."""
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    ran: list[str] = []
    run_instead(window.menus.file, "Ctrl+Shift+I", ran)
    press(qtbot, Qt.Key.Key_Return)  # study the deck
    assert window.current_place() == "study"
    press(qtbot, Qt.Key.Key_P)  # pause: no card on screen
    assert not window.study_actions.info.isEnabled()
    press(qtbot, Qt.Key.Key_I, SHIFT_CTRL)
    assert ran == []
    assert window.current_place() == "study"
    assert window.statusBar().currentMessage() == NO_CARD_FOR_INFO
    tasks.wait()
