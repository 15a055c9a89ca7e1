"""Progress at 200 % text in a narrow window: the page reflows, never scrolls sideways.

Found in a bug hunt of Progress: below about 750 pixels wide at 200 %, the headings "What you
know about each cause" and "Cards coming back in the next 30 days", and the period chooser
beside "Study history", did not wrap; the whole page scrolled sideways and cut off the map,
the charts and their summaries at the right edge.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtWidgets import QApplication

from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.progress_page import ProgressPage
from fibrolearn.ui.progress_places import add_places
from fibrolearn.ui.tasks import TaskRunner


@pytest.mark.parametrize("width", [700, 480])  # 480: as narrow as the window goes
def test_at_200_percent_a_narrow_window_shows_the_page_without_scrolling_sideways(
    qtbot, make_window, bundled: Services, screenshot, width: int
) -> None:
    window = make_window(bundled)
    tasks = TaskRunner()
    add_places(window, bundled, tasks)
    window.apply_preferences(AppPreferences(text_scale=200))
    window.resize(width, 720)
    assert window.width() == width
    window.show_place("progress")
    page = window.places["progress"].widget
    assert isinstance(page, ProgressPage)
    qtbot.waitUntil(lambda: page.history.charts_drawn)
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    assert page.scroll.horizontalScrollBar().maximum() == 0, "the page scrolls sideways"
    room = page.scroll.viewport().width()
    charts = page.history.charts
    assert charts is not None
    for part in (page.history.span, page.history.ahead, *(card.summary for card in charts.cards)):
        right = part.mapTo(page.content, QPoint(part.width(), 0)).x()
        assert right <= room, f"{part.accessibleName() or part.text()} is cut off"
    screenshot(window, f"progress-narrow-{width}-200")
    window.apply_preferences(AppPreferences())
    tasks.wait()
