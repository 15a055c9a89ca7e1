"""Progress's charts read bar by bar from the keyboard: each day's, month's or state's number.

Found in a bug hunt of Progress: a screen-reader user heard each chart's totals (6,276 reviews
on 25 days) but no chart's own numbers, which were in the picture alone: how many reviews on
one day, a month's true retention, tomorrow's cards. Left and Right on a focused chart now
say each bar in words, shown under the chart too.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_a11y_theme_charts import page_with_charts
from ui_driving import CTRL, NO_MODIFIER, press

from fibrolearn.domain.clock import FixedClock
from fibrolearn.services.container import Services
from fibrolearn.ui.chart_points import POINTS_HINT
from fibrolearn.ui.progress_charts import ChartCard
from fibrolearn.ui.shortcuts_help import PROGRESS_KEYS
from studying import answer


def read(qtbot, card: ChartCard, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> str:
    """Press ``key`` on the focused chart; what it says, as shown under the chart."""
    press(qtbot, key, modifier)
    assert card.reading.isVisible()
    return card.reading.text()


def test_the_arrows_read_each_bar_of_a_focused_chart(
    qtbot, services: Services, clock: FixedClock, screenshot
) -> None:
    answer(services, 3)  # on Wednesday 4 March 2026
    page, charts = page_with_charts(qtbot, services)
    card = charts.reviews
    card.canvas.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(card.canvas.hasFocus)
    assert not card.reading.isVisible()  # nothing read yet; Left starts at the latest day
    assert card.canvas.accessibleDescription().endswith(POINTS_HINT)

    assert read(qtbot, card, Qt.Key.Key_Left) == "Wednesday 4 March 2026: 3 reviews"
    assert read(qtbot, card, Qt.Key.Key_Left) == "Tuesday 3 March 2026: 0 reviews"
    assert read(qtbot, card, Qt.Key.Key_Home) == "Tuesday 3 February 2026: 0 reviews"
    assert read(qtbot, card, Qt.Key.Key_Left) == "Tuesday 3 February 2026: 0 reviews"  # stays
    assert read(qtbot, card, Qt.Key.Key_End) == "Wednesday 4 March 2026: 3 reviews"
    assert QApplication.focusWidget() is card.canvas  # the arrows moved along, not away
    screenshot(page, "progress-chart-bar-read")

    states = charts.states
    states.canvas.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(states.canvas.hasFocus)
    new = services.stats.summary()["decks"][0]["cards"]["new"]
    assert read(qtbot, states, Qt.Key.Key_Right) == f"New: {new:,}"
    assert read(qtbot, states, Qt.Key.Key_Right) == "Learning: 3"
    assert read(qtbot, states, Qt.Key.Key_End) == "Suspended: 0"

    calendar = charts.calendar
    calendar.canvas.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(calendar.canvas.hasFocus)
    assert read(qtbot, calendar, Qt.Key.Key_End) == "Wednesday 4 March 2026: 3 reviews"
    assert read(qtbot, calendar, Qt.Key.Key_Home) == "Wednesday 5 March 2025: 0 reviews"
    # A week at a time through a year of days.
    assert read(qtbot, calendar, Qt.Key.Key_Right, CTRL) == "Wednesday 12 March 2025: 0 reviews"
    assert read(qtbot, calendar, Qt.Key.Key_End) == "Wednesday 4 March 2026: 3 reviews"
    assert read(qtbot, calendar, Qt.Key.Key_Left, CTRL) == "Wednesday 25 February 2026: 0 reviews"
    assert read(qtbot, calendar, Qt.Key.Key_Right, CTRL) == "Wednesday 4 March 2026: 3 reviews"

    retention = charts.retention
    retention.canvas.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(retention.canvas.hasFocus)
    assert read(qtbot, retention, Qt.Key.Key_End) == "March 2026: no reviews of learnt cards"


def test_f1_help_lists_the_keys_that_read_a_chart() -> None:
    keys = {what: key for key, what in PROGRESS_KEYS}
    assert keys["A chart: read the previous or next bar (a day, a month, a state)"] == "Left, Right"
    assert keys["A chart: read the first or last bar"] == "Home, End"
    assert keys["A chart: read the bar seven back or on (a week of days)"] == (
        "Ctrl+Left, Ctrl+Right"
    )
