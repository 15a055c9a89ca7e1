"""The Progress charts: Tab stops that say what they show, and a study calendar that reads.

The calendar is checked on its painted pixels in every theme: a day with one answer stands out
from a day without study, and a day without study still shows against the chart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from test_a11y_theme_controls import app_theme, contrast
from ui_driving import shown_active

from fibrolearn.domain.statistics import DayActivity
from fibrolearn.services.container import Services
from fibrolearn.ui.chart_colours import study_levels
from fibrolearn.ui.chart_points import POINTS_HINT
from fibrolearn.ui.progress_charts import ChartCard, ProgressCharts
from fibrolearn.ui.progress_page import ProgressPage
from fibrolearn.ui.theme_palettes import Palette, Theme

THEMES = (Theme.LIGHT, Theme.DARK, Theme.HIGH_CONTRAST)
TODAY = date(2026, 3, 4)  # a Wednesday: Thursday to Sunday of this week are still to come
STANDS_OUT = 3.0  # WCAG 1.4.11, for the parts of a chart one needs to see


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[Callable[..., Palette]]:
    with app_theme(qapp) as apply:
        yield apply


def page_with_charts(qtbot, services: Services) -> tuple[ProgressPage, ProgressCharts]:
    """Progress shown and active, with its charts drawn."""
    page = ProgressPage(services)
    qtbot.addWidget(page)
    page.resize(1100, 900)
    shown_active(qtbot, page)
    qtbot.waitUntil(lambda: page.history.charts_drawn)
    charts = page.history.charts
    assert charts is not None
    return page, charts


def test_charts_are_tab_stops_that_say_what_they_show(qtbot, services: Services) -> None:
    """Tabbing through the page reaches every chart, top to bottom, which brings it into view:
    nothing else lets a keyboard user scroll down to the lower ones."""
    page, charts = page_with_charts(qtbot, services)
    page.history.span.setFocus()
    qtbot.waitUntil(page.history.span.hasFocus)
    visited = []
    for _ in range(40):  # once round the page's Tab order, back to the period
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
        if visited[-1] is page.history.span:
            break
    assert visited[-1] is page.history.span, "Tab never came back round"
    on_charts = [w for w in visited if any(card.isAncestorOf(w) for card in charts.cards)]
    others = [card.canvas for card in charts.cards if card is not charts.calendar]
    assert on_charts == [charts.calendar.canvas, *others]
    for card in charts.cards:
        assert card.canvas.focusPolicy() == Qt.FocusPolicy.StrongFocus
        # What a keyboard or screen-reader user needs is in words, next to the chart.
        assert card.summary.text(), card.title.text()
        # The summary, and that the arrows read each bar (a chart without any has none).
        hint = f" {POINTS_HINT}" if card.points.count else ""
        assert card.canvas.accessibleDescription() == card.summary.text() + hint


def test_every_studied_day_gets_a_shade_however_busy_the_busiest() -> None:
    counts = np.array([0, 1, 74, 75, 76, 150, 225, 299, 300], dtype=float)
    assert study_levels(counts).tolist() == [0, 1, 1, 1, 2, 2, 3, 4, 4]
    assert study_levels(np.zeros(5)).tolist() == [0] * 5


def cell_centre(card: ChartCard, when: date) -> QPoint:
    """Where the middle of ``when``'s square is painted in ``card.canvas.grab()``."""
    start = TODAY - timedelta(days=TODAY.weekday() + 7 * 52)
    offset = (when - start).days
    scene = card.view.mapViewToScene(QPointF(offset // 7 + 0.5, offset % 7 + 0.5))
    return card.canvas.mapFromScene(scene) + card.canvas.viewport().pos()


def strongest(image: QImage, centre: QPoint, reach: int, background: QColor) -> float:
    """The highest contrast against ``background`` along the row from ``centre`` to either side."""
    return max(
        contrast(image.pixelColor(x, centre.y()), background)
        for x in range(centre.x() - reach, centre.x() + reach + 1)
    )


def shown_calendar(qtbot) -> tuple[ProgressCharts, QWidget]:
    """Progress's charts, their study calendar alone shown at a usual width, and its window.

    The window is to be kept while the calendar is used: dropped, Qt deletes it with it.
    """
    charts = ProgressCharts()
    host = QWidget()
    QVBoxLayout(host).addWidget(charts.calendar)
    qtbot.addWidget(host)
    host.resize(1000, 300)
    with qtbot.waitExposed(host):
        host.show()
    return charts, host


@pytest.mark.parametrize("theme", THEMES)
def test_a_light_day_stands_out_from_an_empty_one_and_both_from_the_chart(
    qtbot, themed, theme: Theme, screenshot
) -> None:
    themed(theme)
    charts, _window = shown_calendar(qtbot)
    light, busy, empty = (TODAY - timedelta(days=n) for n in (8, 2, 5))
    activity = [
        DayActivity(day=light, reviews=1, seconds=10, review_cards=0, review_passed=0),
        DayActivity(day=busy, reviews=300, seconds=3000, review_cards=0, review_passed=0),
    ]
    card = charts.calendar
    charts.show_calendar(activity, TODAY)
    QApplication.processEvents()
    image = card.canvas.grab().toImage()
    screenshot(card, f"a11y-calendar-{theme.value}")
    base = card.palette().color(QPalette.ColorRole.Base)
    week = card.view.mapViewToScene(QPointF(1, 0)).x() - card.view.mapViewToScene(QPointF(0, 0)).x()
    half = int(week / 2) - 1  # from a square's middle to just inside its neighbours' gap
    one_answer = image.pixelColor(cell_centre(card, light))
    nothing = image.pixelColor(cell_centre(card, empty))
    assert contrast(one_answer, base) >= STANDS_OUT, f"one answer: {one_answer.name()}"
    assert contrast(one_answer, nothing) >= STANDS_OUT, "a light day looks like an empty one"
    assert strongest(image, cell_centre(card, empty), half, base) >= STANDS_OUT, "empty: unseen"
    assert image.pixelColor(cell_centre(card, busy)) == card.accent()
    # The days still to come this week are left blank: no outline to read as "not studied".
    tomorrow = cell_centre(card, TODAY + timedelta(days=1))
    assert strongest(image, tomorrow, half, base) < 1.1


def test_the_calendar_leaves_blank_the_days_before_the_year_it_was_given(qtbot, screenshot) -> None:
    """Its first week starts on a Monday up to a week before the year Progress reads: those
    days were never counted, so no outline says "not studied" on them, though every day was."""
    charts, _window = shown_calendar(qtbot)
    every_day = [
        DayActivity(day=TODAY - timedelta(days=n), reviews=5, seconds=60) for n in range(365)
    ]
    card = charts.calendar
    charts.show_calendar(every_day, TODAY)
    QApplication.processEvents()
    image = card.canvas.grab().toImage()
    screenshot(card, "calendar-every-day-of-the-year")
    base = card.palette().color(QPalette.ColorRole.Base)
    week = card.view.mapViewToScene(QPointF(1, 0)).x() - card.view.mapViewToScene(QPointF(0, 0)).x()
    half = int(week / 2) - 1
    uncounted = TODAY - timedelta(days=365)  # the Tuesday before the year: its first week's
    assert strongest(image, cell_centre(card, uncounted), half, base) < 1.1
    assert image.pixelColor(cell_centre(card, TODAY - timedelta(days=364))) == card.accent()


def test_charts_drawn_before_a_theme_change_take_its_colours(
    qtbot, themed, services: Services, screenshot
) -> None:
    """Qt gives widgets a new palette one by one: the charts redraw once all have it."""
    themed(Theme.LIGHT)
    page, charts = page_with_charts(qtbot, services)

    for theme in (Theme.DARK, Theme.HIGH_CONTRAST, Theme.LIGHT, Theme.DARK):
        palette = themed(theme)
        base = QColor(palette.base)
        qtbot.waitUntil(
            lambda base=base: all(
                card.canvas.backgroundBrush().color() == base for card in charts.cards
            )
        )
        for card in charts.cards:  # the axes' words too, not only the background
            assert card.axes["bottom"].textPen().color() == QColor(palette.text), theme
    screenshot(page, "progress-after-theme-change-dark")


def test_charts_of_a_hidden_page_take_a_new_theme_when_it_is_shown(
    qtbot, themed, services: Services
) -> None:
    """While another place is shown, a theme change does not redraw the charts (a fifth of
    its time, for nothing): the page draws them in the new colours when it is shown again."""
    light = QColor(themed(Theme.LIGHT).base)
    page, charts = page_with_charts(qtbot, services)
    page.hide()

    dark = QColor(themed(Theme.DARK).base)
    qtbot.wait(50)  # the turn after which a shown page redraws them
    assert all(card.canvas.backgroundBrush().color() == light for card in charts.cards)

    page.show()
    assert page.history.charts_drawn
    assert all(card.canvas.backgroundBrush().color() == dark for card in charts.cards)
