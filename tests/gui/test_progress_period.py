"""The Progress place's Period chooser: what it is called, and that it is remembered."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from ui_driving import press

from fibrolearn.domain.statistics import Span
from fibrolearn.services.container import Services
from fibrolearn.ui.progress_page import ProgressPage
from fibrolearn.ui.progress_places import add_places
from fibrolearn.ui.tasks import TaskRunner
from studying import answer

# A card learnt and reviewed two years before the tests' clock (2026-03-04): only "all" shows it.
OLD_LOG = [
    (901, 3, "2024-01-05T10:00:00+00:00"),
    (901, 3, "2024-01-05T10:10:00+00:00"),
    (901, 3, "2024-01-20T10:00:00+00:00"),
]


def progress_page(qtbot, window) -> ProgressPage:
    press(qtbot, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    page = window.places["progress"].widget
    assert isinstance(page, ProgressPage)
    qtbot.waitUntil(lambda: page.history.charts_drawn)
    return page


def test_the_period_is_named_by_every_chart_it_changes(
    qtbot, make_window, services: Services, tmp_path: Path, screenshot
) -> None:
    log = tmp_path / "log.csv"
    rows = [f"{card},{rating},{moment},1000" for card, rating, moment in OLD_LOG]
    log.write_text("card_id,review_rating,review_time,review_duration\n" + "\n".join(rows) + "\n")
    services.revlog.import_csv(log)
    window = make_window(services)
    tasks = TaskRunner()
    add_places(window, services, tasks)
    page = progress_page(qtbot, window)
    charts = page.history.charts
    assert charts is not None
    words = {
        charts.reviews: "reviews",
        charts.minutes: "minutes",
        charts.calendar: "calendar",
        charts.forecast: "coming back",
        charts.retention: "true retention",
        charts.states: "by state",
        charts.quizzes: "quiz",
    }
    shown = {card: card.summary.text() for card in words}
    page.history.span.setCurrentIndex(list(Span).index(Span.ALL))
    qtbot.waitUntil(lambda: charts.reviews.summary.text() != shown[charts.reviews])
    changed = {words[card] for card in words if card.summary.text() != shown[card]}
    assert changed == {"reviews", "minutes", "true retention"}

    span = page.history.span
    spoken = f"{span.accessibleName()}. {span.accessibleDescription()}".lower()
    assert {word for word in words.values() if word in spoken} == changed
    screenshot(page, "progress-period-all")
    tasks.wait()


def test_the_chosen_period_is_kept_for_the_next_visit_and_start(
    qtbot, make_window, services: Services
) -> None:
    answer(services, 1)
    window = make_window(services)
    tasks = TaskRunner()
    add_places(window, services, tasks)
    page = progress_page(qtbot, window)
    assert page.history.span.currentText() == Span.MONTH.value  # the first time
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert page.history.span.hasFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert page.history.span.currentText() == Span.YEAR.value
    year = page.history.charts.reviews.summary.text()
    assert year.endswith("from 5 March 2025 to 4 March 2026, on 1 day.")  # a year, not 30 days
    press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # the deck list
    assert progress_page(qtbot, window).history.span.currentText() == Span.YEAR.value
    tasks.wait()
    window.close()

    window = make_window(services)  # the app started again: a new page on the same ui.ini
    tasks = TaskRunner()
    add_places(window, services, tasks)
    page = progress_page(qtbot, window)
    assert page.history.span.currentText() == Span.YEAR.value
    charts = page.history.charts
    assert charts is not None and charts.reviews.summary.text() == year
    tasks.wait()
