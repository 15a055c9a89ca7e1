"""The study calendar at 200 % text in a narrow window: its weeks wrap into rows.

Found in a bug hunt of Progress: at 200 % in a window 460 pixels wide, the calendar still put
all 53 weeks side by side, so each day was a sliver about five pixels wide and 30 high, and the
months under it were four names for a year.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtWidgets import QApplication
from ui_driving import press

from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.progress_page import ProgressPage
from fibrolearn.ui.progress_places import add_places
from fibrolearn.ui.tasks import TaskRunner
from studying import answer

WEEKS = 53  # a year to today, from a Monday


def day_pixels(card) -> tuple[float, float]:
    """How wide and how high a day (its square and the gap to the next) is painted."""
    origin = card.view.mapViewToScene(QPointF(0, 0))
    corner = card.view.mapViewToScene(QPointF(1, 1))
    return corner.x() - origin.x(), abs(corner.y() - origin.y())


def test_at_200_percent_in_a_narrow_window_the_calendar_wraps_its_weeks_into_rows(
    qtbot, make_window, services: Services, screenshot
) -> None:
    answer(services, 3)
    window = make_window(services)
    tasks = TaskRunner()
    add_places(window, services, tasks)
    window.apply_preferences(AppPreferences(text_scale=200))
    window.resize(460, 720)
    window.show_place("progress")
    page = window.places["progress"].widget
    assert isinstance(page, ProgressPage)
    qtbot.waitUntil(lambda: page.history.charts_drawn)
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    charts = page.history.charts
    assert charts is not None
    calendar = charts.calendar
    line = calendar.fontMetrics().lineSpacing()

    wide, high = day_pixels(calendar)
    assert wide >= 0.7 * line, f"a day is {wide:.0f} pixels wide at text {line} pixels high"
    assert abs(wide - high) <= 0.25 * wide, "a day's square is not square"
    assert charts.calendar_weeks < WEEKS
    last = calendar.view.mapViewToScene(QPointF(charts.calendar_weeks, 0)).x()
    assert last <= calendar.canvas.viewport().width(), "the last week is cut off"
    # Still read day by day, today last.
    calendar.canvas.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(calendar.canvas.hasFocus)
    press(qtbot, Qt.Key.Key_End)
    assert calendar.reading.text() == "Wednesday 4 March 2026: 3 reviews"
    screenshot(calendar, "progress-calendar-rows-460-200")

    window.resize(1400, 720)  # wide again: one strip of the year
    qtbot.waitUntil(lambda: charts.calendar_weeks == WEEKS)
    window.apply_preferences(AppPreferences())
    tasks.wait()
