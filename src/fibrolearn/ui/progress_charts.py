"""The Progress place's charts, drawn with pyqtgraph.

This module is imported in the background once the collection is open (``charts_preload``);
a visit to Progress that comes sooner draws them when they arrive. pyqtgraph (and NumPy with
it) costs a quarter to half a second to import, which start-up must never pay. Charts are
static (no zooming or panning, which only confuses), take their colours from the widget
palette so every theme applies, and each carries a plain-language summary for screen readers.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Collection, Sequence
from datetime import date

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPalette
from PySide6.QtWidgets import QFrame, QGraphicsItem, QLabel, QVBoxLayout, QWidget

from fibrolearn.domain.statistics import (
    DayActivity,
    ForecastDay,
    Horizon,
    MonthRetention,
    QuizPoint,
    StateCounts,
    too_few_to_tell,
)
from fibrolearn.ui.chart_points import POINTS_HINT, PointReader
from fibrolearn.ui.formatting import share_percent
from fibrolearn.ui.progress_calendar import draw_calendar
from fibrolearn.ui.progress_text import (
    day_points,
    day_range,
    forecast_points,
    forecast_summary,
    forecast_title,
    quiz_points,
    quiz_summary,
    retention_points,
    retention_summary,
    review_count_words,
    reviews_summary,
    state_points,
    states_summary,
    study_time_words,
    time_summary,
)

_AXIS_PAD = 8  # pyqtgraph's 5 pixels between an axis and its labels, and a little air


class ChartCard(QFrame):
    """A titled chart with its summary in words under it.

    The chart is a bare view box between two axes, not a PlotWidget: a PlotItem builds menus
    and settings panels (about 8 ms each) that static charts never show.

    The card, not pyqtgraph, makes room for the labels: pyqtgraph sizes an axis from the labels
    it last drew, so the first paint of a chart (a report of one never shown on screen) lost
    them, and at large text sizes they were cut or ran into each other.
    """

    def __init__(
        self, title: str, lines: float = 13, *, names: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setWordWrap(True)  # at large text in a narrow window, not cut at the edge
        self.lines = lines  # the chart's height in lines of text
        # Names under the bars, not dates: each one is shown, those that would touch the one
        # before a line lower, where dates are thinned out (the ones between read from them).
        self.names = names
        self.view = pg.ViewBox(enableMouse=False, enableMenu=False)
        # Numbers above the bars may reach into the margins rather than be cut at the edge.
        self.view.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape, False)
        self.axes = {"left": pg.AxisItem("left"), "bottom": pg.AxisItem("bottom")}
        self.labels: dict[str, list[tuple[float, str]]] = {"left": [], "bottom": []}
        self.values: list[pg.TextItem] = []  # the numbers written above bars
        self.canvas = pg.GraphicsLayoutWidget()
        # A Tab stop with a focus ring, set by the Progress page (make_tab_stops), in the
        # order it lays the charts out: the summary under it says in words what it shows.
        self.canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.canvas.ci.addItem(self.axes["left"], 0, 0)
        self.canvas.ci.addItem(self.view, 0, 1)
        self.canvas.ci.addItem(self.axes["bottom"], 1, 1)
        for axis in self.axes.values():
            axis.linkToView(self.view)
        self.view.sigResized.connect(self.space_labels)
        self.view.sigXRangeChanged.connect(self.space_labels)
        self._fit_height()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.reading = QLabel()  # the bar the arrows read last, in words
        self.reading.setWordWrap(True)
        self.name(title)
        self.points = PointReader(self.canvas, self.reading)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.canvas)
        layout.addWidget(self.reading)
        layout.addWidget(self.summary)
        # A card beside one whose summary takes more lines grows to the same height: the
        # room goes under its summary, so titles, charts and summaries of a row line up.
        layout.addStretch(1)

    def name(self, title: str) -> None:
        """Title the chart, on screen and for screen readers."""
        self.title.setText(f"<b>{title}</b>")
        self.canvas.setAccessibleName(title)
        self.summary.setAccessibleDescription(f"{title}: summary")
        self.reading.setAccessibleDescription(f"{title}: bar read")

    def start(self) -> None:
        """Empty the chart; take its colours from the palette and its size from the text."""
        self.view.clear()
        self.values = []
        self._fit_height()  # the text size may have changed since the last time
        palette = self.palette()
        self.canvas.setBackground(palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        for axis in self.axes.values():
            axis.setPen(text)
            axis.setTextPen(text)
            axis.setTickFont(self.font())

    def ticks(self, axis: str, ticks: Sequence[tuple[float, str]]) -> None:
        """Label ``axis`` at these places (the x axis at as many of them as fit)."""
        self.labels[axis] = list(ticks)
        self.axes[axis].setTicks([self.labels[axis]])
        self._make_room()
        self.space_labels()

    def write_values(self, values: Sequence[float], texts: Sequence[str]) -> None:
        """Write each bar's value above it, so no number depends on reading the axis."""
        colour = self.palette().color(QPalette.ColorRole.Text)
        for index, (value, text) in enumerate(zip(values, texts, strict=True)):
            if text:
                label = pg.TextItem(text, color=colour, anchor=(0.5, 1.0))
                label.setFont(self.font())
                label.setPos(index, value)
                self.view.addItem(label)
                self.values.append(label)
        self.space_labels()

    def space_labels(self) -> None:
        """Show as many x-axis labels as fit without touching, and the bar values if all fit."""
        (first, last), _ = self.view.viewRange()
        per_unit = self.view.width() / (last - first) if last > first else 0.0
        if per_unit <= 0:  # not laid out yet: this runs again once it is
            return
        metrics = QFontMetricsF(self.font())
        gap = metrics.averageCharWidth()
        under = self.labels["bottom"]
        widths = [(x, metrics.horizontalAdvance(t)) for x, t in under]
        if self.names:
            rows = _fitting_step(widths, per_unit, gap, from_each=True)
            shown = [(x, "\n" * (i % rows) + t) for i, (x, t) in enumerate(under)]
            self.axes["bottom"].setHeight(math.ceil(rows * metrics.lineSpacing()) + _AXIS_PAD)
        else:
            shown = under[:: _fitting_step(widths, per_unit, gap)]
        self.axes["bottom"].setTicks([shown])
        # Every bar's number or none (the y axis and the summary still tell): a few numbers
        # over some of many thin bars would read as if only those months counted.
        places = [(label.pos().x(), label.textItem.boundingRect().width()) for label in self.values]
        room = self.canvas.viewport().width()
        fits = _fitting_step(places, per_unit, 0) == 1 and all(
            width / 2 <= self.view.mapViewToScene(QPointF(x, 0)).x() <= room - width / 2
            for x, width in places
        )
        for label in self.values:
            label.setVisible(fits)

    def describe(self, text: str, count: int, points: Callable[[], Sequence[str]]) -> None:
        """Show and voice the summary; have the arrows read ``count`` bars, in ``points``' words."""
        self.summary.setText(text)
        self.points.set_points(count, points)
        self.canvas.setAccessibleDescription(f"{text} {POINTS_HINT}" if count else text)

    def accent(self) -> QColor:
        """The colour bars and lines are drawn in."""
        return self.palette().color(QPalette.ColorRole.Highlight)

    def _fit_height(self) -> None:
        """Tall enough to read, short enough to keep the page calm; grows with the text size."""
        self.canvas.setFixedHeight(round(self.fontMetrics().lineSpacing() * self.lines))

    def _make_room(self) -> None:
        """Size both axes for their labels at this text size, with margins for the overhang."""
        metrics = QFontMetricsF(self.font())
        widest = {
            axis: max((metrics.horizontalAdvance(text) for _, text in labels), default=0.0)
            for axis, labels in self.labels.items()
        }
        left = math.ceil(widest["left"]) + _AXIS_PAD
        self.axes["left"].setWidth(left)
        self.axes["bottom"].setHeight(math.ceil(metrics.lineSpacing()) + _AXIS_PAD)
        # A label is centred on its place, so the first and last reach past the axis ends by
        # up to half a label: let them (pyqtgraph hides them otherwise), and keep that room
        # free at the sides. Half a line on top leaves room for a value above a full bar.
        reach = math.ceil(widest["bottom"] / 2)
        self.axes["bottom"].setStyle(hideOverlappingLabels=reach)
        top = math.ceil(metrics.lineSpacing() / 2)
        self.canvas.ci.setContentsMargins(max(0, reach - left), top, reach, 0)


def _fitting_step(
    places: Sequence[tuple[float, float]], per_unit: float, gap: float, *, from_each: bool = False
) -> int:
    """The smallest n for which every n-th label stands clear of the next one.

    Args:
        places: Each label's position (in chart units) and width (in pixels), in order.
        per_unit: Pixels per chart unit.
        gap: The least space (in pixels) between two labels.
        from_each: Counting from each of the first n labels, not the first alone: the n lines
            that labels take in turn, each clear of the next on its line.
    """
    for step in range(1, len(places)):
        if all(
            abs(b[0] - a[0]) * per_unit >= (a[1] + b[1]) / 2 + gap
            for start in (range(step) if from_each else (0,))
            for a, b in itertools.pairwise(places[start::step])
        ):
            return step
    return max(1, len(places))


def draw_bars(
    card: ChartCard,
    values: Sequence[float],
    labels: Sequence[str],
    top: float | None = None,
    *,
    hatched: Collection[int] = (),
) -> None:
    """Draw a bar per value, labelled under the x axis; round values up the y axis to ``top``.

    The bars at the places ``hatched`` are only outlined and hatched: too few answers are
    behind them to trust their height.
    """
    card.start()
    bars = [(x, value) for x, value in enumerate(values) if value]  # none for an empty day
    if bars:
        xs, heights = zip(*bars, strict=True)
        accent = card.accent()
        thin = QBrush(accent, Qt.BrushStyle.BDiagPattern)
        card.view.addItem(
            pg.BarGraphItem(
                x=np.asarray(xs, dtype=float),
                height=np.asarray(heights, dtype=float),
                width=0.8,
                brushes=[thin if x in hatched else QBrush(accent) for x in xs],
                # The outline too: on a long period, the outline is all a thin bar shows.
                pen=accent,
            )
        )
    card.view.setXRange(-0.6, max(len(values), 1) - 0.4, padding=0)
    highest = max(values, default=0)
    top = top or (highest * 1.15 if highest else 1)
    card.view.setYRange(0, top, padding=0)
    card.ticks("bottom", [(x, label) for x, label in enumerate(labels) if label])
    card.ticks("left", _value_ticks(top, whole=all(float(v).is_integer() for v in values)))


def _value_ticks(top: float, *, whole: bool) -> list[tuple[float, str]]:
    """0 and two to four round steps (1, 2 or 5 times a power of ten) up to ``top``."""
    rough = top / 4
    power = 10.0 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    if whole:
        step = max(1.0, step)
    decimals = max(0, -math.floor(math.log10(step)))
    count = math.floor(top / step + 1e-9)
    return [(i * step, f"{i * step:,.{decimals}f}") for i in range(count + 1)]


def _day_labels(days: Sequence[date], *, every_day: bool = True) -> list[str]:
    """Day and month; over more than half a year, month and year.

    With ``every_day`` (a bar per calendar day), a long span labels only each month's first
    day: month and year under every day would put one month's name under several days.
    """
    if len(days) < 2 or (days[-1] - days[0]).days <= 183:
        return [f"{d.day} {d:%b}" for d in days]  # "8 May", as dates are written elsewhere
    return [d.strftime("%b %Y") if d.day == 1 or not every_day else "" for d in days]


class ProgressCharts:
    """Every chart of the Progress place, filled from the services' values.

    The page lays out :attr:`cards`.
    """

    def __init__(self) -> None:
        pg.setConfigOptions(antialias=True)
        self.reviews = ChartCard("Reviews per day")
        self.minutes = ChartCard("Minutes per day")
        self.calendar = ChartCard("Study calendar (the last year)", lines=11)
        self.calendar.view.invertY(True)
        self.calendar_weeks = 0  # weeks in a row of the calendar, once drawn
        self.forecast = ChartCard(forecast_title(Horizon.MONTH))
        self.retention = ChartCard("True retention by month")
        self.states = ChartCard("Cards by state", names=True)
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
        days = day_range(first, last)
        counts = [by_day[d].reviews if d in by_day else 0 for d in days]
        minutes = [by_day[d].seconds / 60 if d in by_day else 0.0 for d in days]
        labels = _day_labels(days)
        draw_bars(self.reviews, counts, labels)
        draw_bars(self.minutes, minutes, labels)
        self.reviews.describe(
            reviews_summary(counts, days),
            len(days),
            lambda: day_points(days, counts, review_count_words),
        )
        self.minutes.describe(
            time_summary(minutes, days),
            len(days),
            lambda: day_points(days, minutes, study_time_words),
        )

    def show_calendar(
        self, activity: Sequence[DayActivity], today: date, width: int | None = None
    ) -> None:
        """A year of study days as a grid of weeks by weekdays, in rows where it is narrow.

        ``width``: the room it has (else its own width); :attr:`calendar_weeks` then says how
        many weeks it put in a row.
        """
        width = self.calendar.width() if width is None else width
        self.calendar_weeks = draw_calendar(self.calendar, activity, today, width)

    def show_forecast(
        self, forecast: Sequence[ForecastDay], horizon: Horizon = Horizon.MONTH
    ) -> None:
        """Cards due per day, starting today, over the ``horizon`` chosen."""
        self.forecast.name(forecast_title(horizon))
        counts = [f.due for f in forecast]
        days = _day_labels([f.day for f in forecast])
        draw_bars(self.forecast, counts, ["today" if i == 0 else d for i, d in enumerate(days)])
        self.forecast.describe(
            forecast_summary(forecast, horizon), len(forecast), lambda: forecast_points(forecast)
        )

    def show_retention(
        self, months: Sequence[MonthRetention], *, older_history: bool = False
    ) -> None:
        """Share of review-state answers passed, per month, with each month's percentage.

        A month of too few reviews to tell has a hatched bar. ``older_history`` says the log
        goes back further than ``months``.
        """
        rates = [100 * (m.rate or 0.0) for m in months]
        few = [at for at, m in enumerate(months) if too_few_to_tell(m.total)]
        labels = [m.month.strftime("%b %Y") for m in months]
        draw_bars(self.retention, rates, labels, top=110, hatched=few)
        texts = [share_percent(m.passed, m.total) if m.total else "" for m in months]
        self.retention.write_values(rates, texts)
        self.retention.describe(
            retention_summary(months, older_history=older_history),
            len(months),
            lambda: retention_points(months),
        )

    def show_states(self, states: StateCounts) -> None:
        """New, learning, review, relearning and suspended cards, each count written on top."""
        names = ("New", "Learning", "Review", "Relearning", "Suspended")
        counts = [states.new, states.learning, states.review, states.relearning, states.suspended]
        draw_bars(self.states, counts, names)
        self.states.write_values(counts, [f"{c:,}" for c in counts])  # as the summary writes them
        self.states.describe(
            states_summary(states), len(names), lambda: state_points(names, counts)
        )

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
        card.view.setYRange(0, 105, padding=0)
        card.view.setXRange(-0.5, max(len(scores), 1) - 0.5, padding=0)
        days = _day_labels([p.day for p in points], every_day=False)
        # Quizzes of one day under one label, at the first: "7 Sep, 7 Sep" read as two days.
        firsts = [d if i == 0 or d != days[i - 1] else "" for i, d in enumerate(days)]
        card.ticks("bottom", [(i, d) for i, d in enumerate(firsts) if d])
        card.ticks("left", _value_ticks(105, whole=True))
        card.describe(quiz_summary(points), len(points), lambda: quiz_points(points))
