"""More statistics laid out as the page's other sections, at every text size and width."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget
from test_a11y_theme_charts import page_with_charts
from ui_driving import ALT, press

from fibrolearn.services.container import Services
from fibrolearn.ui.progress_more import MoreStatistics
from fibrolearn.ui.tasks import TaskRunner


def left(widget: QWidget, page: QWidget) -> int:
    return widget.mapTo(page, QPoint(0, 0)).x()


def test_its_charts_line_up_with_the_study_historys(qtbot, services: Services) -> None:
    """Found looking over the page: More statistics' title and charts stood 9 pixels left of
    every section above them."""
    page, charts = page_with_charts(qtbot, services)
    press(qtbot, Qt.Key.Key_C, ALT)
    qtbot.waitUntil(lambda: page.more.charts is not None)
    more = page.more.charts
    assert more is not None
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    assert left(more.intervals, page.content) == left(charts.reviews, page.content)
    assert left(more.answers, page.content) == left(charts.forecast, page.content)


def test_the_deck_and_search_go_under_their_labels_where_both_do_not_fit(
    qtbot, tasks: TaskRunner
) -> None:
    """At 200 % text in a 460-pixel window the deck went under its label but the search
    stayed beside its own, too narrow to show its example."""
    more = MoreStatistics(tasks)
    qtbot.addWidget(more)
    more.toggle.setChecked(True)
    more.resize(1100, 400)
    more.show()
    qtbot.waitExposed(more)

    def under() -> list[bool]:
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        return [
            field.geometry().top() >= more.chooser.labelForField(field).geometry().bottom()
            for field in (more.deck, more.search)
        ]

    assert under() == [False, False]
    bigger = QFont(more.font())
    bigger.setPointSizeF(2 * bigger.pointSizeF())
    more.setFont(bigger)
    more.resize(460, 400)
    assert under() == [True, True]
    search = more.search
    assert search.fontMetrics().horizontalAdvance(search.placeholderText()) < search.width()
