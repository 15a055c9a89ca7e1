"""Browse's search box shows its example whole at 200 % text, and tells the longer one.

Found in a wording review: at 200 % text in an 800 x 600 window the box read
'e.g. sleep deck:"Causes of fibromyalgi…', cut before the part that showed how to leave
cards out.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QStyle, QStyleOptionFrame, QToolButton
from ui_driving import CTRL, press

from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.browse_place import add_browse_place
from fibrolearn.ui.tasks import TaskRunner

# Qt leaves this much room between a line edit's text and its edges (QLineEditPrivate).
TEXT_MARGIN = 2


def room_for_text(box: QLineEdit) -> int:
    """How wide a text the box draws without eliding it: its inside, less the clear button."""
    option = QStyleOptionFrame()
    box.initStyleOption(option)
    inside = box.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, box)
    clear = box.findChild(QToolButton)
    right = min(inside.right(), clear.geometry().left()) if clear else inside.right()
    return right - inside.left() - 2 * TEXT_MARGIN


@pytest.mark.parametrize("scale", [100, 200])
def test_the_example_in_the_search_box_shows_whole_in_an_800_pixel_window(
    qtbot, make_window, bundled: Services, screenshot, scale: int
) -> None:
    window = make_window(bundled)
    tasks = TaskRunner()
    page = add_browse_place(window, bundled, tasks)
    window.apply_preferences(AppPreferences(text_scale=scale))
    window.resize(800, 600)
    press(qtbot, Qt.Key.Key_3, CTRL)
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    page.table.setFocus()  # the box shows its example only while it has no focus
    QApplication.processEvents()
    screenshot(window, f"browse-search-hint-{scale}")

    box = page.search
    assert box.placeholderText().startswith("e.g. sleep ")
    assert box.fontMetrics().horizontalAdvance(box.placeholderText()) <= room_for_text(box)
    window.apply_preferences(AppPreferences())
    tasks.wait()


def test_the_longer_example_is_told_to_screen_readers_and_in_the_tooltip(
    qtbot, make_window, bundled: Services
) -> None:
    window = make_window(bundled)
    tasks = TaskRunner()
    box = add_browse_place(window, bundled, tasks).search
    example = 'sleep deck:"Causes of fibromyalgia" -is:suspended finds the cards of that deck'
    for told in (box.accessibleDescription(), box.toolTip()):
        assert told.startswith(f"For example, {example}")
        assert "Put - before a term to leave it out" in told  # the syntax, after it
    tasks.wait()
