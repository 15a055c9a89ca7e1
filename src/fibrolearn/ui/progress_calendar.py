"""Progress's study calendar: a year of study days, a square a day, weeks side by side.

Where all 53 weeks fit in a row with squares big enough to see (a wide window), they make one
strip, the months named under it. Where they would not (large text, a narrow window: at 200 %
in 460 pixels a day was a sliver five pixels wide), the weeks wrap into rows of a few months
each, every row named with its months above it and its weekdays beside it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QPalette

from fibrolearn.domain.statistics import DayActivity
from fibrolearn.ui.chart_colours import mix, palest_share, study_levels, study_shades
from fibrolearn.ui.progress_chart_grid import CALENDAR_FRAME, WEEKS, weeks_in_a_row
from fibrolearn.ui.progress_text import (
    day_points,
    day_range,
    heatmap_summary,
    review_count_words,
    year_start,
)

if TYPE_CHECKING:
    from fibrolearn.ui.progress_charts import ChartCard

_CELL = 0.8  # a calendar day's square, in days (the rest is the gap between days)
_ONE_ROW_LINES = 11  # the chart's height as one strip, in lines of text
_GUTTER = 12  # pixels after a row of weeks where they wrap
_NAMES_ROWS = 1.6  # room above each row of weeks for its months' names, in days


def draw_calendar(card: ChartCard, activity: Sequence[DayActivity], today: date, width: int) -> int:
    """Draw the year to ``today`` in a card ``width`` pixels wide; returns the weeks in a row."""
    per_row = weeks_in_a_row(card, width)
    rows = math.ceil(WEEKS / per_row)
    names = 0.0 if rows == 1 else _NAMES_ROWS  # one strip names its months under it instead
    band = 7 + names  # a row of weeks, with its names
    # Pixels a day takes (with the gap to the next), square where the rows wrap.
    day = (width - CALENDAR_FRAME - card.fontMetrics().horizontalAdvance("Wed")) / per_row
    if rows == 1:
        card.lines = _ONE_ROW_LINES
    else:
        card.lines = (rows * band * day) / card.fontMetrics().lineSpacing() + 1
    card.start()
    start = today - timedelta(days=today.weekday() + 7 * (WEEKS - 1))
    grid = np.zeros((WEEKS, 7))
    for day_activity in activity:
        offset = (day_activity.day - start).days
        if 0 <= offset < WEEKS * 7:
            grid[offset // 7, offset % 7] = day_activity.reviews
    levels = study_levels(grid)
    levels.flat[(today - start).days + 1 :] = -1  # the rest of this week is yet to come
    # The first week starts before the year read: its days before it are not known either.
    levels.flat[: (year_start(today) - start).days] = -1
    # A studied day is a filled square, shaded by how much was studied; a day without study
    # is an empty outline. Both stand out 3:1 from the chart, so an empty day never looks
    # like a light one, nor like nothing at all.
    palette = card.palette()
    background = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    outline = mix(background, text, palest_share(background, text))
    pen_width = max(1, round(card.fontMetrics().lineSpacing() / 16))  # thicker with larger text
    shades = [(outline, False)]
    shades += [(shade, True) for shade in study_shades(background, card.accent())]
    for level, (colour, filled) in enumerate(shades):
        weeks, weekdays = np.nonzero(levels == level)
        if len(weeks):
            card.view.addItem(
                pg.BarGraphItem(
                    x0=weeks % per_row + (1 - _CELL) / 2,
                    y0=weeks // per_row * band + names + weekdays + (1 - _CELL) / 2,
                    width=_CELL,
                    height=_CELL,
                    pen=pg.mkPen(colour, width=pen_width),
                    brush=colour if filled else None,
                )
            )
    months = [
        (week, (start + timedelta(weeks=week)).strftime("%b"))
        for week in range(WEEKS)
        if (start + timedelta(weeks=week)).day <= 7
    ]
    # Rows of weeks keep a gutter at their end, as a strip's month names keep room beside it:
    # the last week's squares were cut by the chart's frame otherwise.
    card.view.setXRange(0, per_row + (0 if rows == 1 else _GUTTER / day), padding=0)
    card.view.setYRange(0, rows * band, padding=0)
    weekdays = [
        (top + 0.5 + i, name)
        for i, name in ((0, "Mon"), (2, "Wed"), (4, "Fri"))
        for top in (row * band + names for row in range(rows))
    ]
    card.ticks("left", sorted(weekdays))
    if rows == 1:
        card.ticks("bottom", months)
    else:
        card.ticks("bottom", [])
        metrics = card.fontMetrics()
        for week, name in months:
            # From the month's first week; one named at a row's end ends there, not past it.
            column = min(week % per_row, per_row - metrics.horizontalAdvance(name) / day)
            label = pg.TextItem(name, color=text, anchor=(0, 0.5))
            label.setFont(card.font())
            label.setPos(column, week // per_row * band + names / 2)
            card.view.addItem(label)
    year = day_range(year_start(today), today)

    def each_day() -> list[str]:
        counts = [grid[divmod((day - start).days, 7)] for day in year]
        return day_points(year, counts, review_count_words)

    card.describe(heatmap_summary(activity, today), len(year), each_day)
    return per_row
