"""The study screen's card actions fold into one menu button at large text, all of them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_driving import press

from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences


def test_folded_card_actions_leave_no_button_beside_the_menu_button(
    qtbot, make_window, services: Services, screenshot
) -> None:
    """Found trying Card info at 200 %: Pause and Read aloud, added once the row had folded,
    stayed beside "Card actions", as well as in its menu."""
    window = make_window(services)
    window.apply_preferences(AppPreferences(text_scale=200))
    window.resize(800, 720)
    press(qtbot, Qt.Key.Key_Return)  # study the deck
    tools = window.study.tools
    qtbot.waitUntil(lambda: tools.folded)

    assert [button.text() for button in tools.buttons if button.isVisible()] == []
    assert tools.more.isVisible()
    screenshot(window, "study-card-actions-folded-200")
