"""Places and menus: Ctrl+number, the navigation bar, one-line places, and the shortcut list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTextBrowser
from ui_driving import CTRL, press, when_dialog_opens

from fibrolearn.services.container import Services
from fibrolearn.ui.shortcuts_help import shortcut_rows

MENUS = ["File", "Edit", "View", "Go", "Tools", "Help"]


def test_menus_follow_desktop_conventions_and_have_mnemonics(
    qtbot, make_window, services: Services
) -> None:
    window = make_window(services)
    titles = [action.text() for action in window.menuBar().actions()]
    assert [t.replace("&", "") for t in titles] == MENUS
    assert all("&" in t for t in titles)
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            assert action.isSeparator() or "&" in action.text(), action.text()


def test_places_by_shortcut_and_by_navigation_bar(qtbot, make_window, services: Services) -> None:
    window = make_window(services)
    assert [window.navigation.tabText(i) for i in range(window.navigation.count())] == [
        "Decks",
        "Study",
    ]
    press(qtbot, Qt.Key.Key_2, CTRL)
    assert window.current_place() == "study"
    assert "alpha" in window.study.browser.toPlainText()
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert window.current_place() == "decks"
    press(qtbot, Qt.Key.Key_2, CTRL)  # the session in progress is still there
    assert window.study.session is not None
    window.navigation.setFocus()
    press(qtbot, Qt.Key.Key_Left)
    assert window.current_place() == "decks"


def test_arrow_keys_on_the_navigation_bar_go_from_place_to_place(
    qtbot, make_window, services: Services
) -> None:
    """Found in an accessibility review: Right from Decks entered Study, which took the focus
    to its Show answer button, so the next Right went nowhere and a screen reader was out of
    the tabs. The focus stays on the bar, as in any list of tabs; Tab goes into the page."""
    window = make_window(services)
    window.add_place("extra", "E&xtra", QLabel("Extra page"), "Ctrl+5")
    window.navigation.setFocus()
    visited = []
    for arrow in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_Left):
        press(qtbot, arrow)
        visited.append(window.current_place())
        assert window.navigation.hasFocus(), window.focusWidget()
    assert visited == ["study", "extra", "study", "decks"]
    assert window.study.session is not None  # Study was entered on the way, as a click would
    press(qtbot, Qt.Key.Key_Tab)
    assert window.focusWidget() is window.deck_list.table


def test_adding_a_place_is_one_call(qtbot, make_window, services: Services) -> None:
    window = make_window(services)
    page = QLabel("Progress page")
    entered: list[bool] = []
    window.add_place("extra", "E&xtra", page, "Ctrl+5", lambda: entered.append(True))
    press(qtbot, Qt.Key.Key_5, CTRL)
    assert window.current_place() == "extra" and entered == [True]
    assert window.navigation.tabText(2) == "Extra"
    assert ("Go", "Extra", "Ctrl+5") in shortcut_rows(window.menuBar())
    with pytest.raises(ValueError, match="already a place"):
        window.add_place("extra", "Again", QLabel())


def test_keyboard_shortcuts_dialog_lists_every_key(qtbot, make_window, services) -> None:
    make_window(services)
    listed: list[str] = []

    def read(dialog) -> None:
        listed.append(dialog.findChild(QTextBrowser).toPlainText())
        dialog.reject()

    when_dialog_opens(qtbot, read)
    press(qtbot, Qt.Key.Key_F1)
    for keys in ("Ctrl+1", "Ctrl+2", "Ctrl+G", "Ctrl+Z", "Space or Enter", "Esc"):
        assert keys in listed[0]
    for study_key, action in (("E", "Edit card"), ("S", "Suspend card"), ("P", "Pause")):
        assert study_key in listed[0] and action in listed[0]
