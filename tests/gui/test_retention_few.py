"""True retention by month marks a month of too few reviews as More statistics' hours do.

Both charts share one rule (:data:`FEWEST_TO_TELL` reviews): fewer, and the bar is outlined and
hatched, its words say "too few to tell", and the summary says what hatched means.
"""

from __future__ import annotations

from datetime import date

import pyqtgraph as pg
from PySide6.QtCore import Qt

from fibrolearn.domain.statistics import MonthRetention
from fibrolearn.ui.progress_charts import ChartCard, ProgressCharts

SOLID, HATCHED = Qt.BrushStyle.SolidPattern, Qt.BrushStyle.BDiagPattern


def fills(card: ChartCard) -> dict[int, Qt.BrushStyle]:
    """Each drawn bar's place and fill."""
    (bars,) = [item for item in card.view.addedItems if isinstance(item, pg.BarGraphItem)]
    brushes = bars.opts["brushes"] or ()
    return {int(x): b.style() for x, b in zip(bars.opts["x"], brushes, strict=True)}


def test_a_month_of_too_few_reviews_is_hatched_and_said_to_be_so(qtbot, screenshot) -> None:
    """Found in review: a first month of 3 reviews, all passed, stood as a solid 100 % bar,
    taller than the busy months after it, while hours of so few were already hatched."""
    months = [
        MonthRetention(date(2026, 1, 1), 3, 3),
        MonthRetention(date(2026, 2, 1), 0, 0),
        MonthRetention(date(2026, 3, 1), 160, 200),
        MonthRetention(date(2026, 4, 1), 19, 20),
        MonthRetention(date(2026, 5, 1), 1, 1),
    ]
    charts = ProgressCharts()
    retention = charts.retention
    qtbot.addWidget(retention)
    retention.resize(700, 320)
    retention.show()
    charts.show_retention(months)

    assert fills(retention) == {0: HATCHED, 2: SOLID, 3: SOLID, 4: HATCHED}
    summary = retention.summary.text()
    assert "May 2026: 100 % of only 1 review, too few to tell." in summary
    assert "Hatched bars: months of fewer than 20 reviews." in summary
    assert list(retention.points.points) == [
        "January 2026: 100 % of only 3 reviews passed, too few to tell",
        "February 2026: no reviews of learnt cards",
        "March 2026: 80 % of 200 reviews passed",
        "April 2026: 95 % of 20 reviews passed",
        "May 2026: 100 % of only 1 review passed, too few to tell",
    ]
    screenshot(retention, "progress-retention-by-month-few")


def test_months_of_enough_reviews_say_nothing_of_hatching(qtbot) -> None:
    charts = ProgressCharts()
    qtbot.addWidget(charts.retention)
    charts.show_retention([MonthRetention(date(2026, 3, 1), 18, 20)])
    assert fills(charts.retention) == {0: SOLID}
    assert "Hatched" not in charts.retention.summary.text()
