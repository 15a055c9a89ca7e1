"""The Progress place's charts, drawn with pyqtgraph.

This module is imported only when the Progress place first opens: pyqtgraph (and NumPy with
it) costs about a quarter of a second to import, which start-up must never pay. Charts are
static (no zooming or panning, which only confuses), take their colours from the widget
palette so every theme applies, and each carries a plain-language summary for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from fibrolearn.domain.statistics import (
    DayActivity,
    ForecastDay,
    MonthRetention,
    QuizPoint,
    StateCounts,
)
from fibrolearn.ui.progress_text import (
    activity_summary,
    forecast_summary,
    heatmap_summary,
    quiz_summary,
    retention_summary,
    states_summary,
)

_WEEKS = 53
_TICKS = 6


class ChartCard(QFrame):
    """A titled chart with its summary in words under it.

    The chart is a bare view box between two axes, not a PlotWidget: a PlotItem builds menus
    and settings panels (about 8 ms each) that static charts never show.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(f"<b>{title}</b>")
        self.title.setAccessibleName(title)
        self.view = pg.ViewBox(enableMouse=False, enableMenu=False)
        self.axes = {"left": pg.AxisItem("left"), "bottom": pg.AxisItem("bottom")}
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.ci.addItem(self.axes["left"], 0, 0)
        self.canvas.ci.addItem(self.view, 0, 1)
        self.canvas.ci.addItem(self.axes["bottom"], 1, 1)
        for axis in self.axes.values():
            axis.linkToView(self.view)
        self.canvas.setAccessibleName(title)
        # Tall enough to read, short enough to keep the page calm; grows with the text size.
        self.canvas.setFixedHeight(round(self.fontMetrics().lineSpacing() * 13))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(f"{title}: summary")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.summary)

    def start(self) -> None:
        """Empty the chart and take background, axis and text colours from the palette."""
        self.view.clear()
        palette = self.palette()
        self.canvas.setBackground(palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        for axis in self.axes.values():
            axis.setPen(text)
            axis.setTextPen(text)

    def ticks(self, axis: str, ticks: Sequence[tuple[float, str]]) -> None:
        """Label ``axis`` at exactly these places."""
        self.axes[axis].setTicks([list(ticks)])

    def describe(self, text: str) -> None:
        """Show and voice the summary."""
        self.summary.setText(text)
        self.canvas.setAccessibleDescription(text)

    def accent(self) -> QColor:
        """The colour bars and lines are drawn in."""
        return self.palette().color(QPalette.ColorRole.Highlight)


def _bars(card: ChartCard, values: Sequence[float], labels: Sequence[str], width: float = 0.8):
    """Draw a bar per value with sparse text ticks under them."""
    card.start()
    xs = np.arange(len(values), dtype=float)
    if len(values):
        card.view.addItem(
            pg.BarGraphItem(
                x=xs, height=np.asarray(values, dtype=float), width=width, brush=card.accent()
            )
        )
    _sparse_ticks(card, labels)
    card.view.setXRange(-0.6, max(len(values), 1) - 0.4, padding=0)
    top = max(values, default=0)
    card.view.setYRange(0, top * 1.15 if top else 1, padding=0)


def _sparse_ticks(card: ChartCard, labels: Sequence[str]) -> None:
    """About _TICKS of the labels under the x axis, evenly spaced."""
    step = max(1, len(labels) // _TICKS)
    card.ticks("bottom", [(i, labels[i]) for i in range(0, len(labels), step)])


def _label_bars(card: ChartCard, values: Sequence[float], texts: Sequence[str]) -> None:
    """Write each bar's value above it, so no number depends on reading the axis."""
    colour = card.palette().color(QPalette.ColorRole.Text)
    for index, (value, text) in enumerate(zip(values, texts, strict=True)):
        label = pg.TextItem(text, color=colour, anchor=(0.5, 1.0))
        label.setPos(index, value)
        card.view.addItem(label)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


class ProgressCharts:
    """Every chart of the Progress place, filled from the services' values.

    The page lays out :attr:`cards`.
    """

    def __init__(self) -> None:
        pg.setConfigOptions(antialias=True)
        self.reviews = ChartCard("Reviews per day")
        self.minutes = ChartCard("Minutes per day")
        self.calendar = ChartCard("Study calendar (the last year)")
        self.calendar.view.invertY(True)
        self.calendar.canvas.setFixedHeight(round(self.calendar.fontMetrics().lineSpacing() * 11))
        self.forecast = ChartCard("Due in the next 30 days")
        self.retention = ChartCard("True retention by month")
        self.states = ChartCard("Cards by state")
        self.quizzes = ChartCard("Quiz scores")
        self.cards = (
            self.reviews,
            self.minutes,
            self.calendar,
            self.forecast,
            self.retention,
            self.states,
            self.quizzes,
        )

    def show_activity(self, activity: Sequence[DayActivity], first: date, last: date) -> None:
        """Reviews and minutes per study day from ``first`` to ``last``, empty days included."""
        by_day = {a.day: a for a in activity}
        days = _days(first, last)
        counts = [by_day[d].reviews if d in by_day else 0 for d in days]
        minutes = [by_day[d].seconds / 60 if d in by_day else 0.0 for d in days]
        labels = [d.strftime("%d %b") for d in days]
        _bars(self.reviews, counts, labels)
        _bars(self.minutes, minutes, labels)
        self.reviews.describe(activity_summary(counts, days, unit="reviews"))
        self.minutes.describe(activity_summary(minutes, days, unit="minutes"))

    def show_calendar(self, activity: Sequence[DayActivity], today: date) -> None:
        """A year of study days as a grid of weeks (columns) by weekdays (rows)."""
        card = self.calendar
        card.start()
        start = today - timedelta(days=today.weekday() + 7 * (_WEEKS - 1))
        grid = np.zeros((_WEEKS, 7))
        for day in activity:
            offset = (day.day - start).days
            if 0 <= offset < _WEEKS * 7:
                grid[offset // 7, offset % 7] = day.reviews
        palette = card.palette()
        colours = pg.ColorMap(
            [0.0, 1.0],
            [palette.color(QPalette.ColorRole.AlternateBase), card.accent()],
        )
        image = pg.ImageItem(grid, levels=(0, max(1.0, float(grid.max()))))
        image.setLookupTable(colours.getLookupTable(nPts=64))
        card.view.addItem(image)
        months = [
            (week, (start + timedelta(weeks=week)).strftime("%b"))
            for week in range(_WEEKS)
            if (start + timedelta(weeks=week)).day <= 7
        ]
        card.ticks("bottom", months)
        card.ticks("left", [(0.5, "Mon"), (2.5, "Wed"), (4.5, "Fri")])
        card.view.setXRange(0, _WEEKS, padding=0)
        card.view.setYRange(0, 7, padding=0)
        card.describe(heatmap_summary(activity, today))

    def show_forecast(self, forecast: Sequence[ForecastDay]) -> None:
        """Cards due per day, starting today."""
        counts = [f.due for f in forecast]
        labels = ["today" if i == 0 else f.day.strftime("%d %b") for i, f in enumerate(forecast)]
        _bars(self.forecast, counts, labels)
        self.forecast.describe(forecast_summary(forecast))

    def show_retention(self, months: Sequence[MonthRetention]) -> None:
        """Share of review-state answers passed, per month, with each month's percentage."""
        rates = [100 * (m.rate or 0.0) for m in months]
        _bars(self.retention, rates, [m.month.strftime("%b %y") for m in months])
        self.retention.view.setYRange(0, 110, padding=0)
        texts = [f"{round(r)} %" if m.total else "" for r, m in zip(rates, months, strict=True)]
        _label_bars(self.retention, rates, texts)
        self.retention.describe(retention_summary(months))

    def show_states(self, states: StateCounts) -> None:
        """New, learning, review, relearning and suspended cards, each count written on top."""
        names = ("New", "Learning", "Review", "Relearning", "Suspended")
        counts = [states.new, states.learning, states.review, states.relearning, states.suspended]
        _bars(self.states, counts, names)
        _label_bars(self.states, counts, [str(c) for c in counts])
        self.states.describe(states_summary(states))

    def show_quizzes(self, points: Sequence[QuizPoint]) -> None:
        """Each finished quiz's score, oldest first, as points joined by a line."""
        card = self.quizzes
        card.start()
        scores = [100 * p.score for p in points]
        if scores:
            card.view.addItem(
                pg.PlotDataItem(
                    np.arange(len(scores), dtype=float),
                    np.asarray(scores),
                    pen=pg.mkPen(card.accent(), width=2),
                    symbol="o",
                    symbolBrush=card.accent(),
                )
            )
        _sparse_ticks(card, [p.finished_at.astimezone().strftime("%d %b") for p in points])
        card.view.setYRange(0, 105, padding=0)
        card.view.setXRange(-0.5, max(len(scores), 1) - 0.5, padding=0)
        card.describe(quiz_summary(points))
