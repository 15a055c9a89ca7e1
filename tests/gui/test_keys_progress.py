"""Progress by keyboard: entering it puts the focus on the mastery map, S and Q at hand."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget
from ui_driving import CTRL, press

from fibrolearn.services.container import Services
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.progress_page import ProgressPage
from fibrolearn.ui.progress_places import add_places
from fibrolearn.ui.tasks import TaskRunner


def with_places(make_window, services: Services) -> tuple[MainWindow, ProgressPage]:
    window = make_window(services)
    add_places(window, services, TaskRunner(window))
    page = window.places["progress"].widget
    assert isinstance(page, ProgressPage)
    return window, page


def in_sight(page: ProgressPage, widget: QWidget, box: QRect) -> bool:
    """Whether the middle of ``box`` (in ``widget``'s coordinates) shows in the page."""
    viewport = page.scroll.viewport()
    return viewport.rect().contains(widget.mapTo(viewport, box.center()))


def test_entering_progress_focuses_the_mastery_map_and_s_studies(
    qtbot, make_window, services: Services, screenshot
) -> None:
    window, page = with_places(make_window, services)
    press(qtbot, Qt.Key.Key_5, CTRL)
    assert window.current_place() == "progress"
    assert QApplication.focusWidget() is page.mastery.map_view
    screenshot(window, "keys-progress-entered")
    press(qtbot, Qt.Key.Key_S)  # study the factor with the focus ring
    assert window.current_place() == "study"


def test_the_table_has_the_focus_when_it_is_the_tab_shown(
    qtbot, make_window, services: Services
) -> None:
    window, page = with_places(make_window, services)
    press(qtbot, Qt.Key.Key_5, CTRL)
    page.mastery.tabs.setCurrentWidget(page.mastery.map_table)
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert window.current_place() == "decks"
    press(qtbot, Qt.Key.Key_5, CTRL)
    assert QApplication.focusWidget() is page.mastery.map_table


def test_tab_goes_round_the_controls_never_stopping_on_the_scroll_area(
    qtbot, make_window, services: Services
) -> None:
    _window, page = with_places(make_window, services)
    press(qtbot, Qt.Key.Key_5, CTRL)
    seen: list[QWidget] = []
    for _ in range(20):
        press(qtbot, Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert page.mastery.map_view in seen and page.optimize_button in seen
    assert not any(isinstance(widget, QScrollArea) for widget in seen)
    assert page.scroll.focusPolicy() == Qt.FocusPolicy.NoFocus


@pytest.mark.parametrize("size", [(640, 420), (800, 600)])
def test_in_a_small_window_the_page_opens_at_its_top_then_scrolls_to_the_focus(
    qtbot, make_window, services: Services, screenshot, size: tuple[int, int]
) -> None:
    window, page = with_places(make_window, services)
    window.change_text_size(100)  # 200 %
    window.resize(*size)
    press(qtbot, Qt.Key.Key_5, CTRL)
    # Not scrolled to the map with the focus: that hid the heading, today's summary and
    # half the first row of buttons.
    assert page.scroll.verticalScrollBar().value() == 0
    button = page.optimize_button
    assert in_sight(page, button, button.rect().adjusted(0, 0, 0, button.height() // 2))
    screenshot(window, f"keys-progress-small-window-{size[0]}")
    press(qtbot, Qt.Key.Key_Right)  # the arrows bring the factor chosen into sight
    view = page.mastery.map_view
    qtbot.waitUntil(lambda: in_sight(page, view, view.node_rect(view.current)))

    page.history.span.setFocus(Qt.FocusReason.ShortcutFocusReason)  # as Alt+P, "Period", does
    qtbot.waitUntil(lambda: in_sight(page, page.history.span, page.history.span.rect()))


def test_ctrl_enter_on_the_map_opens_no_menu(qtbot, make_window, services: Services) -> None:
    _window, page = with_places(make_window, services)
    press(qtbot, Qt.Key.Key_5, CTRL)
    assert QApplication.focusWidget() is page.mastery.map_view
    opened: list[QWidget] = []

    def close_any_menu() -> None:  # a menu would block here until closed
        if (menu := QApplication.activePopupWidget()) is not None:
            opened.append(menu)
            menu.close()

    QTimer.singleShot(200, close_any_menu)
    press(qtbot, Qt.Key.Key_Return, CTRL)  # the Quiz's start key, pressed out of habit
    qtbot.wait(300)
    assert not opened
