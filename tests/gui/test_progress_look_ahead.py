"""Progress's forecast looks further than 30 days: 3 months or a year, chosen by keyboard.

Found in a comparison with Anki: the forecast of cards coming back stopped at 30 days, so a
learner planning a holiday or a flare-up month could not see the weeks after.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_progress_period import progress_page
from ui_driving import ALT, CTRL, press

from card_memories import NOW, set_memory
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import CardState
from fibrolearn.domain.statistics import Horizon
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.progress_places import add_places
from fibrolearn.ui.tasks import TaskRunner


def cards_coming_back(paths: AppPaths) -> None:
    """One card due in 10 days, one in 60, one in 200."""
    for card, days in enumerate((10, 60, 200)):
        set_memory(paths, card, CardState.REVIEW, days, 5, answered_days_ago=0, due_in_days=days)


def test_the_forecast_covers_the_horizon_asked_for(
    services: Services, paths: AppPaths, clock: FixedClock
) -> None:
    clock.set(NOW)
    cards_coming_back(paths)

    assert sum(f.due for f in services.progress.overview().forecast) == 1
    for horizon, days, due in ((Horizon.QUARTER, 91, 2), (Horizon.YEAR, 365, 3)):
        forecast = services.progress.forecast(horizon)
        assert len(forecast) == days
        assert sum(f.due for f in forecast) == due
    year = services.progress.forecast(Horizon.YEAR)
    assert year[200].due == 1 and year[0].day == NOW.date()


def test_look_ahead_a_year_by_keyboard_and_keep_it(
    qtbot, make_window, services: Services, paths: AppPaths, clock: FixedClock, screenshot
) -> None:
    clock.set(NOW)
    cards_coming_back(paths)
    window = make_window(services)
    tasks = TaskRunner()
    add_places(window, services, tasks)
    page = progress_page(qtbot, window)
    charts = page.history.charts
    assert charts is not None
    forecast = charts.forecast
    assert forecast.summary.text().endswith("1 in the next 30 days.")

    press(qtbot, Qt.Key.Key_L, ALT)
    ahead = page.history.ahead
    assert ahead.hasFocus()
    assert ahead.accessibleName() == "Look ahead"
    press(qtbot, Qt.Key.Key_End)
    assert ahead.currentText() == Horizon.YEAR.value
    qtbot.waitUntil(lambda: forecast.summary.text().endswith("3 in the next year."))
    assert forecast.title.text() == "<b>Cards coming back in the next year</b>"
    assert forecast.canvas.accessibleName() == "Cards coming back in the next year"
    assert forecast.points.count == 365
    forecast.canvas.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(forecast.canvas.hasFocus)
    press(qtbot, Qt.Key.Key_End)
    assert forecast.reading.text() == "Wednesday 3 March 2027: 0 cards"
    screenshot(page, "progress-look-ahead-year")

    press(qtbot, Qt.Key.Key_1, CTRL)  # the deck list, and back: still a year
    page = progress_page(qtbot, window)
    assert page.history.ahead.currentText() == Horizon.YEAR.value
    qtbot.waitUntil(lambda: forecast.summary.text().endswith("3 in the next year."))
    tasks.wait()
    window.close()

    window = make_window(services)  # the app started again: a new page on the same ui.ini
    tasks = TaskRunner()
    add_places(window, services, tasks)
    page = progress_page(qtbot, window)
    assert page.history.ahead.currentText() == Horizon.YEAR.value
    charts = page.history.charts
    assert charts is not None
    qtbot.waitUntil(lambda: charts.forecast.summary.text().endswith("3 in the next year."))
    tasks.wait()
