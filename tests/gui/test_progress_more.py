"""Progress's "More statistics": the cards' intervals, stability, difficulty and recall today,
and answers by hour, as Anki's statistics show them.

Closed until asked for (read then, off the UI thread, so Progress opens as fast as before);
opened by keyboard, each chart a Tab stop that reads its bars aloud.
"""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_a11y_theme_charts import page_with_charts
from test_chart_points import read
from test_keys_progress import in_sight
from test_optimize_agrees import progress_at
from ui_driving import ALT, laid_out, press

from card_memories import HAND_COUNTED, NOW, log_answers, set_memory
from fibrolearn.domain.card_statistics import HourActivity
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import CardState
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.chart_points import POINTS_HINT
from fibrolearn.ui.progress_more import MoreStatistics
from fibrolearn.ui.progress_more_charts import MoreCharts
from fibrolearn.ui.progress_more_text import answers_summary, hour_points, remembered_summary

LOG = (
    "card_id,review_rating,review_time,review_duration\n"
    "900,3,2026-03-01T10:10:00+00:00,1000\n"
    "900,3,2026-03-01T10:50:00+00:00,1000\n"
    "900,1,2026-03-02T22:00:00+00:00,1000\n"
)


def test_more_statistics_open_by_keyboard_and_read_each_bar(
    qtbot, services: Services, paths: AppPaths, clock: FixedClock, tmp_path: Path, screenshot
) -> None:
    clock.set(NOW)
    set_memory(paths, 0, CardState.REVIEW, 10, 1, answered_days_ago=9, due_in_days=21)
    set_memory(paths, 1, CardState.REVIEW, 400, 10, answered_days_ago=0, due_in_days=400)
    (tmp_path / "log.csv").write_text(LOG, encoding="utf-8")
    services.revlog.import_csv(tmp_path / "log.csv")
    page, _ = page_with_charts(qtbot, services)
    page.resize(800, 500)  # the section is below the fold: Tab brings each chart into sight
    more = page.more
    assert not more.body.isVisible()
    assert more.charts is None  # nothing read or drawn as the page opens

    press(qtbot, Qt.Key.Key_C, ALT)
    qtbot.waitUntil(lambda: more.charts is not None)
    assert more.toggle.isChecked()
    assert more.deck.currentText() == "All decks"
    assert [more.deck.itemText(i) for i in range(more.deck.count())] == [
        "All decks",
        services.decks.list_decks()[0].name,
    ]
    charts = more.charts
    assert charts is not None
    intervals = charts.intervals
    assert intervals.summary.text().startswith(
        "2 cards in review; the most, 1 (50 %), at 15 to 30 days."
    )
    assert intervals.canvas.accessibleDescription().endswith(POINTS_HINT)

    more.deck.setFocus(Qt.FocusReason.TabFocusReason)
    press(qtbot, Qt.Key.Key_Tab)  # from the deck chooser to the search
    assert QApplication.focusWidget() is more.search
    press(qtbot, Qt.Key.Key_Tab)  # to the first chart
    assert QApplication.focusWidget() is intervals.canvas
    assert read(qtbot, intervals, Qt.Key.Key_Right) == "Interval under 1 day: 0 cards (0 %)"
    assert read(qtbot, intervals, Qt.Key.Key_End) == "Interval over 365 days: 1 card (50 %)"
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    difficulty = charts.difficulty
    assert QApplication.focusWidget() is difficulty.canvas
    qtbot.waitUntil(lambda: in_sight(page, difficulty.canvas, difficulty.canvas.rect()))
    assert read(qtbot, difficulty, Qt.Key.Key_Home) == "Difficulty 0 to 10 %: 1 card (50 %)"
    assert charts.recall.summary.text().startswith(
        "Of 2 studied cards, you would recall 2 (100 %) with a 90 % chance or better today."
    )

    answers = charts.answers
    answers.canvas.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(answers.canvas.hasFocus)
    # The machine's local time: the log's times are UTC.
    ten = NOW.replace(hour=10, minute=10).astimezone().hour
    assert answers.summary.text() == f"3 answers, local time; the most around {ten:02d}:00 (2)."
    assert charts.remembered.summary.text().startswith(
        "Not enough reviews of learnt cards yet to tell when you remember best"
    )
    press(qtbot, Qt.Key.Key_Home)
    for _ in range(ten):
        press(qtbot, Qt.Key.Key_Right)
    assert answers.reading.text().startswith(f"{ten:02d}:00 to {ten:02d}:59: 2 answers; ")
    screenshot(page, "progress-more-statistics")

    press(qtbot, Qt.Key.Key_C, ALT)  # closed again
    qtbot.waitUntil(lambda: not more.toggle.isChecked())  # a button clicks as it shows it
    assert not more.body.isVisible()
    assert more.cards() == ()


def test_the_hour_remembered_best_is_said_in_words_with_its_numbers() -> None:
    hours = [HourActivity(h, 0, 0, 0) for h in range(24)]
    hours[8] = HourActivity(8, 120, 40, 30)  # 75 %
    hours[10] = HourActivity(10, 130, 50, 45)  # 90 %
    hours[22] = HourActivity(22, 9, 5, 5)  # 100 %, of too few to tell

    assert remembered_summary(hours).startswith(
        "You remember best around 10:00: 90 % of 50 reviews of learnt cards."
    )
    assert answers_summary(hours) == "259 answers, local time; the most around 10:00 (130)."
    points = hour_points(hours)
    assert (
        points[10] == "10:00 to 10:59: 130 answers; 90 % of 50 reviews of learnt cards remembered"
    )
    assert points[0] == "00:00 to 00:59: 0 answers; no reviews of learnt cards"


def test_an_hour_of_too_few_reviews_is_hatched_and_said_to_be_so(qtbot, screenshot) -> None:
    """Found in review: 5 reviews at 22:00, all remembered, stood as tall as a busy hour's
    bar, saying nothing of how few they were (the summary asks 20 of an hour)."""
    hours = [HourActivity(h, 0, 0, 0) for h in range(24)]
    hours[8] = HourActivity(8, 120, 40, 30)
    hours[10] = HourActivity(10, 130, 50, 45)
    hours[22] = HourActivity(22, 9, 5, 5)
    charts = MoreCharts()
    remembered = charts.remembered
    qtbot.addWidget(remembered)
    remembered.resize(700, 320)
    remembered.show()
    charts.show_hours(hours)

    (bars,) = [item for item in remembered.view.addedItems if isinstance(item, pg.BarGraphItem)]
    xs, brushes = bars.opts["x"], bars.opts["brushes"] or ()
    fills = {int(x): brush.style() for x, brush in zip(xs, brushes, strict=True)}
    solid, hatched = Qt.BrushStyle.SolidPattern, Qt.BrushStyle.BDiagPattern
    assert fills == {8: solid, 10: solid, 22: hatched}
    assert "Hatched bars: hours of fewer than 20 reviews." in remembered.summary.text()
    assert hour_points(hours)[22] == (
        "22:00 to 22:59: 9 answers; 100 % of only 5 reviews of learnt cards remembered, "
        "too few to tell"
    )
    screenshot(remembered, "progress-remembered-by-hour-few")


def three_in_review(paths: AppPaths) -> None:
    """The first three cards in review, the third suspended."""
    set_memory(paths, 0, CardState.REVIEW, 10, 1, answered_days_ago=9, due_in_days=21)
    set_memory(paths, 1, CardState.REVIEW, 400, 10, answered_days_ago=0, due_in_days=400)
    set_memory(paths, 2, CardState.REVIEW, 3, 5, answered_days_ago=1, due_in_days=2, suspended=1)


def opened(qtbot, more: MoreStatistics) -> MoreCharts:
    """More statistics opened by its key, and its charts once drawn."""
    press(qtbot, Qt.Key.Key_C, ALT)
    qtbot.waitUntil(lambda: more.charts is not None)
    assert more.charts is not None
    return more.charts


def test_a_search_narrows_the_cards_counted_and_a_bad_one_is_explained(
    qtbot, services: Services, paths: AppPaths, clock: FixedClock, screenshot
) -> None:
    """Anki's statistics take a deck, the collection or any search; More statistics took a
    deck or all. A search in Browse's language now narrows the cards its charts count; a
    mistake in it is said where it is, and the charts stay as they were."""
    clock.set(NOW)
    three_in_review(paths)
    page, _ = page_with_charts(qtbot, services)
    more = page.more
    charts = opened(qtbot, more)
    intervals = charts.intervals.summary
    assert intervals.text().startswith("3 cards in review;")

    press(qtbot, Qt.Key.Key_N, ALT)  # "Only cards matching"
    assert QApplication.focusWidget() is more.search
    qtbot.keyClicks(more.search, "-is:suspended")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: intervals.text().startswith("2 cards in review;"))

    more.search.setText("-is:suspended is:sleepy")
    press(qtbot, Qt.Key.Key_Return)
    assert more.note.isVisible()
    assert more.note.text() == (
        'Cannot search: "is:" cannot be "sleepy". Choose from: new, learning, review, due, '
        "suspended, buried. The charts still show the cards chosen before."
    )
    assert more.search.selectedText() == "is:sleepy" and more.search.hasFocus()
    assert intervals.text().startswith("2 cards in review;")
    screenshot(page, "progress-more-statistics-bad-search")

    more.search.clear()  # its clear button: every card of the deck again
    qtbot.waitUntil(lambda: intervals.text().startswith("3 cards in review;"))
    assert not more.note.isVisible()


@pytest.mark.parametrize("scale", [100, 200])
def test_a_search_narrows_the_answers_by_hour_too(
    qtbot, make_window, services: Services, paths: AppPaths, clock: FixedClock, screenshot, scale
) -> None:
    """Found in review: a search narrowed every chart but answers by hour, which still counted
    the whole log (hand-counted answers: card_memories.HAND_COUNTED)."""
    clock.set(NOW)
    three_in_review(paths)
    log_answers(paths, HAND_COUNTED)
    page = progress_at(qtbot, make_window, services, scale)
    more = page.more
    charts = opened(qtbot, more)
    answers = charts.answers.summary
    assert answers.text().startswith("6 answers, local time;")

    more.search.setFocus()
    qtbot.waitUntil(more.search.hasFocus)
    more.search.setText("is:suspended")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: answers.text().startswith("2 answers, local time;"))
    more.search.setText("-is:suspended")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: answers.text().startswith("3 answers, local time;"))
    assert charts.intervals.summary.text().startswith("2 cards in review;")
    laid_out(qtbot)
    screenshot(more, f"more-statistics-narrowed-{scale}")
    page.tasks.wait()
