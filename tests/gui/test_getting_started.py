"""Help > Getting started: reachable by keyboard, plain about the basics, true to the app."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from collection_driving import full_window
from fitting import cut_off, fits_screen
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QKeySequence, QTextDocumentFragment
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMenu, QPushButton, QTextBrowser
from ui_driving import ALT, CTRL, press, press_in, settled, when_dialog_opens

from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui import text_fit
from fibrolearn.ui.about import AboutDialog, show_about
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.getting_started import GUIDE_HTML, getting_started_dialog
from fibrolearn.ui.labels import breakable_path
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.shortcuts_help import GUIDE_POINTER, shortcuts_html

GUIDE = QTextDocumentFragment.fromHtml(GUIDE_HTML).toPlainText()
# A key the guide names: Ctrl+1, Ctrl+Shift+B, F1.
KEY = re.compile(r"\b(?:Ctrl\+(?:Shift\+)?\w+|F\d+)\b")
# A menu command the guide names, "Tools ▸ Deck options": the menu, and the words after it.
MENU_PATH = re.compile(r"(\w+) ▸ ([^.,;()]+)")


@pytest.fixture
def app_window(
    qtbot, paths: AppPaths, clock: FixedClock, services: Services
) -> Iterator[MainWindow]:
    """The main window with every place and menu command, as the app builds it."""
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    yield window
    window.apply_preferences(AppPreferences())
    tasks.wait()


def test_alt_h_g_opens_the_guide_and_its_button_the_shortcuts(
    qtbot, app_window: MainWindow, screenshot
) -> None:
    texts: dict[str, str] = {}

    def keys(dialog: QDialog) -> None:
        texts[dialog.windowTitle()] = dialog.findChild(QTextBrowser).toPlainText()
        dialog.reject()

    def guide(dialog: QDialog) -> None:
        texts[dialog.windowTitle()] = dialog.findChild(QTextBrowser).toPlainText()
        assert dialog.findChild(QTextBrowser).hasFocus()  # arrows and Page Down scroll it
        screenshot(dialog, "help-01-getting-started")
        when_dialog_opens(qtbot, keys, "Keyboard shortcuts")
        press_in(qtbot, dialog, Qt.Key.Key_K, ALT)

    opened = when_dialog_opens(qtbot, guide, "Getting started")
    press(qtbot, Qt.Key.Key_H, ALT)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu) and menu.actions()[0].text() == "&Getting started"
    qtbot.keyClick(menu, Qt.Key.Key_G)
    qtbot.waitUntil(lambda: "Keyboard shortcuts" in texts)
    assert opened and list(texts) == ["Getting started", "Keyboard shortcuts"]
    text = " ".join(texts["Getting started"].split())
    for words in (
        "New: cards you have not seen yet",
        "Learning: cards you met a little while ago",
        "Due: cards you learnt on an earlier day",
        "Again (key 1): you did not remember",
        "Hard (2)",
        "Good (3)",
        "Easy (4)",
        "1m is in 1 minute",
        "7d in 7 days",
        "Gentle session (Ctrl+G)",
        "Quiz (Ctrl+4)",
        "Progress (Ctrl+5)",
        "True retention is the share of cards you remembered",
        "File ▸ Backups",
    ):
        assert words in text, words
    assert "Study" in texts["Keyboard shortcuts"]


def test_f1_still_lists_the_keys_and_points_to_the_guide(qtbot, app_window: MainWindow) -> None:
    read: list[str] = []

    def look(dialog: QDialog) -> None:
        read.append(" ".join(dialog.findChild(QTextBrowser).toPlainText().split()))
        dialog.reject()

    when_dialog_opens(qtbot, look, "Keyboard shortcuts")
    press(qtbot, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: bool(read))
    assert read[0].startswith(GUIDE_POINTER)
    assert "Space or Enter" in read[0]
    # The deck list's own keys, where Del deletes a deck (in Browse it deletes notes).
    assert "Decks Keys Does Enter Study the selected deck F2 Rename the selected deck" in read[0]
    assert "Del Delete the selected deck, after asking" in read[0]


def test_every_key_and_menu_command_the_guide_names_is_in_the_app(
    app_window: MainWindow,
) -> None:
    keys = shortcuts_html(app_window.menuBar())
    named = set(KEY.findall(GUIDE))
    assert {"Ctrl+1", "Ctrl+G", "Ctrl+Z", "Ctrl+Shift+B", "F1"} <= named
    assert not [key for key in named if key not in keys], "keys the app does not have"

    commands = {
        menu.title().replace("&", ""): [
            action.text().replace("&", "").removesuffix("…") for action in menu.actions()
        ]
        for menu in (action.menu() for action in app_window.menuBar().actions())
        if menu is not None
    }
    paths = MENU_PATH.findall(GUIDE + " " + GUIDE_POINTER)
    assert len(paths) >= 7
    missing = [
        f"{menu} ▸ {words}"
        for menu, words in paths
        if not any(words.startswith(command) for command in commands.get(menu, []) if command)
    ]
    assert not missing, missing


@pytest.mark.parametrize("scale", [100, 200])
def test_the_guide_fits_the_screen_and_follows_the_text_size(
    qtbot, app_window: MainWindow, scale: int, screenshot
) -> None:
    app_window.apply_preferences(AppPreferences(text_scale=scale))
    dialog = getting_started_dialog(app_window)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    browser = dialog.findChild(QTextBrowser)
    assert fits_screen(dialog)
    assert not cut_off(dialog), cut_off(dialog)  # the buttons
    assert browser.horizontalScrollBar().maximum() == 0, "the text scrolls sideways"
    assert browser.fontMetrics().height() >= app_window.fontMetrics().height()
    at_scale = browser.fontMetrics().height()
    screenshot(dialog, f"help-02-getting-started-{scale}")
    dialog.close()
    app_window.apply_preferences(AppPreferences())
    if scale == 200:
        normal = getting_started_dialog(app_window)
        qtbot.addWidget(normal)
        assert at_scale >= 1.8 * normal.findChild(QTextBrowser).fontMetrics().height()


def test_each_alt_letter_of_the_guide_does_one_thing(qtbot, app_window: MainWindow) -> None:
    dialog = getting_started_dialog(app_window)
    qtbot.addWidget(dialog)
    dialog.show()
    letters = [
        QKeySequence.mnemonic(button.text()).toString()
        for button in dialog.findChildren(QPushButton)
        if button.isVisible()
    ]
    claimed = [letter for letter in letters if letter]
    assert "Alt+K" in claimed and len(claimed) == len(set(claimed)), letters


def test_each_key_the_guide_gives_a_command_is_that_command(app_window: MainWindow) -> None:
    """ "Gentle session (Ctrl+G)": the menu command on Ctrl+G is Gentle session, and so on."""
    command_on = {
        action.shortcut().toString(): action.text().replace("&", "").removesuffix("…")
        for menu in app_window.menuBar().findChildren(QMenu)
        for action in menu.actions()
        if not action.shortcut().isEmpty()
    }
    guide = " ".join(GUIDE.split())
    pairs = re.findall(r"([A-Z][\w ]*?) \((Ctrl\+(?:Shift\+)?\w+)\)", guide)
    assert len(pairs) >= 5
    # The guide's words end with the command's name ("In Decks (Ctrl+1)": Decks).
    wrong = [
        f"{words} ({key}) is {command_on.get(key)}"
        for words, key in pairs
        if not words.endswith(command_on.get(key) or "\0")
    ]
    assert not wrong, wrong
    assert command_on["Ctrl+Z"].startswith("Undo")  # "Ctrl+Z takes it back"


def test_alt_h_a_says_what_this_is_and_where_the_data_lives(
    qtbot, app_window: MainWindow, paths: AppPaths, screenshot
) -> None:
    said: list[str] = []

    def read(box: QDialog) -> None:
        said.append(shown_text(box))
        screenshot(box, "help-about")
        press_in(qtbot, box, Qt.Key.Key_Return)  # Close, the default button

    when_dialog_opens(qtbot, read, "About FibroLearn")
    press(qtbot, Qt.Key.Key_H, ALT)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    qtbot.keyClick(menu, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: bool(said))
    assert "never goes online" in said[0]
    assert f"Your data: {breakable_path(paths.data_dir)}" in said[0]
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)


def shown_text(dialog: QDialog) -> str:
    """The text of every label ``dialog`` shows, as a learner reads it."""
    return " ".join(
        QTextDocumentFragment.fromHtml(label.text()).toPlainText()
        for label in dialog.findChildren(QLabel)
        if label.isVisible() and label.text()
    )


def test_the_data_folder_is_named_as_it_is_even_with_html_signs_in_it(
    qtbot, app_window: MainWindow, tmp_path: Path
) -> None:
    """A folder named "R&D <notes>" lost its "<notes>", and the learner looked in vain."""
    folder = str(tmp_path / "R&D <notes>" / "FibroLearn")
    said: list[str] = []

    def read(box: QDialog) -> None:
        said.append(shown_text(box))
        box.reject()

    when_dialog_opens(qtbot, read, "About FibroLearn")
    show_about(app_window, folder)
    assert f"Your data: {breakable_path(folder)}" in said[0]


def test_at_200_percent_on_a_short_screen_the_about_box_fits_with_its_button(
    qtbot, app_window: MainWindow, monkeypatch: pytest.MonkeyPatch, screenshot
) -> None:
    """On a 1366x768 laptop at 125 % scaling, the box ran 108 pixels past the screen's foot."""
    short = QSize(1093, 520)
    monkeypatch.setattr(text_fit, "screen_room", lambda _widget: short)
    app_window.apply_preferences(AppPreferences(text_scale=200))
    seen: dict[str, object] = {}

    def look(box: QDialog) -> None:
        settled(box)
        button = box.findChild(QPushButton)
        seen.update(
            fits=box.height() <= short.height(),
            button_in_view=box.rect().contains(QRect(button.mapTo(box, QPoint()), button.size())),
        )
        screenshot(box, "help-about-200-short-screen")
        press_in(qtbot, box, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, look, "About FibroLearn")
    show_about(app_window, app_window.data_dir)
    assert seen == {"fits": True, "button_in_view": True}


def test_a_long_windows_data_folder_wraps_inside_the_about_box_at_200_percent(
    qtbot, app_window: MainWindow, screenshot
) -> None:
    """A path of no spaces stayed one line: at 200 % the text ran past the box's right edge,
    every sentence of it cut off, the folder's name too."""
    folder = "C:\\Users\\MargaretThompsonWhitfield\\AppData\\Local\\FibroLearn\\FibroLearn"
    app_window.apply_preferences(AppPreferences(text_scale=200))
    seen: dict[str, int] = {}

    def look(box: QDialog) -> None:
        settled(box)
        seen.update(text=box.text.width(), room=box.scroller.viewport().width())
        screenshot(box, "help-about-200-long-windows-folder")
        press_in(qtbot, box, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, look, "About FibroLearn")
    show_about(app_window, folder)
    assert seen["text"] <= seen["room"], seen


def test_tab_reaches_the_about_text_so_the_data_folder_can_be_copied_by_keyboard(
    qtbot, app_window: MainWindow, paths: AppPaths
) -> None:
    """The text was selectable by keyboard, yet Tab never left the Close button: without a
    mouse the folder Getting started points to could be read but not copied."""
    focused: list[str] = []

    def copy(box: QDialog) -> None:
        press_in(qtbot, box, Qt.Key.Key_Tab)
        focused.append(box.focusWidget().text())
        press_in(qtbot, box, Qt.Key.Key_A, CTRL)
        press_in(qtbot, box, Qt.Key.Key_C, CTRL)
        press_in(qtbot, box, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, copy, "About FibroLearn")
    show_about(app_window, app_window.data_dir)
    assert "Your data" in focused[0]
    assert f"Your data: {paths.data_dir}" in QApplication.clipboard().text()


def test_the_about_box_s_text_is_said_as_it_opens(app_window: MainWindow) -> None:
    """Found in a screen-reader sweep: focus lands on Close, so a screen reader said "About
    FibroLearn dialog, Close button" and nothing of the text."""
    dialog = AboutDialog(app_window, str(app_window.data_dir))
    said = dialog.accessibleDescription()
    assert said.startswith("FibroLearn") and "Your data" in said and "<" not in said
    dialog.deleteLater()
