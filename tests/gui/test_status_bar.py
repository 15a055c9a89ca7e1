"""The window's status bar shows a whole message, on more lines where one is not enough."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QStatusTipEvent
from PySide6.QtWidgets import QApplication

from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.theme_palettes import Theme

LONG = (
    "“Small deck” is now version 2: 3 notes changed, 2 new cards, 1 card retired. 2 notes you "
    "edited keep your words where the deck changed them too."
)


def shown_lines(window) -> int:
    label = window.statusBar().message
    return round(label.height() / label.fontMetrics().lineSpacing())


def test_a_message_wider_than_the_window_wraps_and_is_read_whole(
    qtbot, make_window, services: Services, screenshot
) -> None:
    window = make_window(services)
    window.resize(560, 480)
    window.say(LONG, 5000)
    label = window.statusBar().message
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))

    assert window.statusBar().currentMessage() == LONG
    assert label.text() == LONG
    assert label.textFormat() == Qt.TextFormat.PlainText  # a deck's name may hold "<"
    assert shown_lines(window) >= 2
    screenshot(window, "status-message-wrapped")

    window.statusBar().clearMessage()
    qtbot.waitUntil(lambda: label.text() == "")
    assert window.statusBar().currentMessage() == ""


def test_a_message_times_out_and_the_bar_shrinks_back(
    qtbot, make_window, services: Services
) -> None:
    window = make_window(services)
    window.resize(560, 480)
    bar = window.statusBar()
    bar.showMessage("x", 100)
    QApplication.processEvents()
    one_line = bar.height()
    window.say(LONG, 200)
    qtbot.waitUntil(lambda: bar.height() > one_line)
    qtbot.waitUntil(lambda: bar.currentMessage() == "" and bar.height() <= one_line, timeout=3000)


def test_at_the_largest_text_a_short_message_is_not_cut(
    qtbot, make_window, services: Services, screenshot
) -> None:
    window = make_window(services)
    window.apply_preferences(AppPreferences(text_scale=200))
    window.resize(560, 480)
    window.say("Renamed “Small deck” to “Causes of fibromyalgia”.", 5000)
    label = window.statusBar().message
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    assert shown_lines(window) >= 2
    screenshot(window, "status-message-200-percent")
    window.apply_preferences(AppPreferences())


def test_in_the_dark_theme_the_message_is_drawn_in_the_theme_s_text_colour(
    qtbot, make_window, services: Services, screenshot
) -> None:
    window = make_window(services)
    window.apply_preferences(AppPreferences(theme=Theme.DARK))
    window.resize(560, 480)
    window.say(LONG, 5000)
    label = window.statusBar().message
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    text = label.palette().color(QPalette.ColorRole.WindowText)
    background = window.palette().color(QPalette.ColorRole.Window)
    assert text.lightness() - background.lightness() > 128  # light on dark
    screenshot(window, "status-message-dark")
    window.apply_preferences(AppPreferences())


def test_a_word_wider_than_the_window_never_widens_it(
    qtbot, make_window, services: Services
) -> None:
    window = make_window(services)
    window.apply_preferences(AppPreferences(text_scale=200))
    window.resize(560, 480)
    QApplication.processEvents()
    width = window.width()
    window.say("Renamed “Fibromyalgia_Symptoms_and_Pacing_Strategies_Vocabulary”.", 5000)
    qtbot.wait(50)
    assert window.width() == width
    window.statusBar().clearMessage()
    window.apply_preferences(AppPreferences())


def test_passing_over_a_menu_leaves_the_message_in_place(
    qtbot, make_window, services: Services
) -> None:
    """Qt sends the window an empty status tip for a menu entry without one (the app sets
    none); QStatusBar's own message was wiped by it, before it could be read."""
    window = make_window(services)
    window.say(LONG, 5000)
    QApplication.sendEvent(window, QStatusTipEvent(""))
    QApplication.processEvents()
    label = window.statusBar().message
    assert window.statusBar().currentMessage() == LONG
    assert label.isVisible() and label.text() == LONG
