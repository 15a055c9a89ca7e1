"""The Progress place's "Study history": a period to choose, and the charts.

The charts (pyqtgraph) are imported in the background once the collection is open, never at
start-up. A visit before they are in says they are coming and draws them when they arrive;
the rest of the page is there meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fibrolearn.domain.statistics import DayActivity, ForecastDay, Horizon, Overview, Span
from fibrolearn.services.container import Services
from fibrolearn.services.progress import monthly_retention
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.charts_preload import ChartsPreloader, preload_charts
from fibrolearn.ui.flow_layout import FlowLayout
from fibrolearn.ui.interop_words import failure_reason
from fibrolearn.ui.labels import described_line
from fibrolearn.ui.progress_chart_grid import (
    charts_loaded,
    columns_for,
    laid_out,
    load_charts,
    make_tab_stops,
    place_charts,
    weeks_in_a_row,
)
from fibrolearn.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from fibrolearn.ui.progress_charts import ChartCard, ProgressCharts

CHARTS_COMING = "Drawing the charts…"
READING_ALL = "Reading your whole history…"
CHARTS_WATCH_MS = 20
PERIOD_KEY = "progress/period"  # in ui.ini: the period chosen, for the next visit and start
AHEAD_KEY = "progress/ahead"  # in ui.ini: how far ahead the forecast looks
# The period sets the reviews and minutes charts; "all" also widens true retention's months.
PERIOD_NAME = "Period"
PERIOD_DESCRIPTION = (
    "How far back the reviews and minutes charts look; “all” also shows true retention for "
    "every month of your history."
)
AHEAD_NAME = "Look ahead"
AHEAD_DESCRIPTION = "How far ahead the chart of cards coming back looks."


class HistorySection(QWidget):
    """The charts of the page's overview, over the period chosen; built on the first draw."""

    waiting = Signal(bool)  # True while a visit waits for the charts to load

    def __init__(
        self,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._settings = settings
        self._services: Services | None = None
        self._overview: Overview | None = None
        self.charts: ProgressCharts | None = None
        self.charts_drawn = False
        self._chart_columns = 0  # charts side by side; 0 until they are placed
        self._span_rows: dict[Span, tuple[DayActivity, ...]] = {}
        self._all_reads = 0  # reads of all history started; only the latest one's outcome counts
        self._forecasts: dict[Horizon, tuple[ForecastDay, ...]] = {}
        self._forecast_reads = 0  # as _all_reads, for the forecasts longer than the overview's
        self._announcer = Announcer(self)
        self._charts_awaited = False  # a visit came before the charts had loaded
        self._charts_failed = False  # they could not load: said once, not tried on each visit
        self._charts_loader: ChartsPreloader | None = None
        # Looks whether the loader has finished. The loading thread cannot tell the page
        # itself: a Qt signal emitted there races the page's deletion when the window closes.
        self._charts_watch = QTimer(self)
        self._charts_watch.setInterval(CHARTS_WATCH_MS)
        self._charts_watch.timeout.connect(self._charts_arrived)
        # A new theme or text size redraws the charts a turn later, once: Qt gives the
        # widgets their new palette one by one, and the charts' own might not have it yet.
        # Only charts on screen: the page draws them anew whenever it is shown again.
        self._redraw_soon = QTimer(self)
        self._redraw_soon.setSingleShot(True)
        self._redraw_soon.setInterval(0)
        self._redraw_soon.timeout.connect(self._redraw)

        title = QLabel("<h2>Study history</h2>")
        title.setAccessibleDescription("Study history")
        self.span = _choice(PERIOD_NAME, PERIOD_DESCRIPTION, list(Span), self._remembered_span())
        self.span.currentIndexChanged.connect(self._span_chosen)
        self.ahead = _choice(
            AHEAD_NAME, AHEAD_DESCRIPTION, list(Horizon), self._remembered_horizon()
        )
        self.ahead.currentIndexChanged.connect(self._horizon_chosen)
        # While the charts load or a long period is read, or why either could not be.
        self.charts_note = described_line("Charts")
        self.charts_note.hide()
        self.charts_grid = QGridLayout()
        self.heading = QWidget()  # one block, which a report never cuts in two
        # The period goes under the title where both do not fit (large text, a narrow window).
        row = FlowLayout(self.heading)
        row.addWidget(title)
        for name, chosen in (("&Period:", self.span), ("&Look ahead:", self.ahead)):
            chooser = QWidget()  # named on screen, and with its name where the row wraps
            named = QHBoxLayout(chooser)
            named.setContentsMargins(0, 0, 0, 0)
            named.addWidget(QLabel(name, buddy=chosen))
            named.addWidget(chosen)
            row.addWidget(chooser)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.charts_note)
        layout.addLayout(self.charts_grid)

    def cards(self) -> tuple[ChartCard, ...]:
        """The charts drawn, each with its title and summary (none before the first draw)."""
        return tuple(self.charts.cards) if self.charts is not None else ()

    def show_overview(self, services: Services, overview: Overview) -> None:
        """Draw the charts of ``overview``: now when they have loaded, else once they have."""
        self._services = services
        self._overview = overview
        self._span_rows = {Span.YEAR: overview.activity}
        self._forecasts = {Horizon.MONTH: overview.forecast}
        self._forecast_reads += 1  # a longer one read before is older than this overview
        self.charts_drawn = False
        if self.charts is None and not charts_loaded():
            if not self._charts_failed:
                self._await_charts()
        else:
            self._draw_charts()  # with the page's numbers, so it is painted once, whole

    def changeEvent(self, event: QEvent) -> None:
        """Redraw the charts in the new colours or text size when either changes."""
        super().changeEvent(event)
        redraw = (QEvent.Type.PaletteChange, QEvent.Type.FontChange)
        if event.type() in redraw and self.charts_drawn:
            self._redraw_soon.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Put the charts one or two to a row, and the calendar's weeks, as the width allows."""
        super().resizeEvent(event)
        self._place_charts()
        charts, overview = self.charts, self._overview
        if not self.charts_drawn or charts is None or overview is None:
            return
        if weeks_in_a_row(charts.calendar, self.width()) != charts.calendar_weeks:
            charts.show_calendar(overview.activity, overview.today.day, self.width())

    # --------------------------------------------------------------- helpers
    def _redraw(self) -> None:
        # Not while a refresh waits for the charts to load, nor while another place is shown.
        if self.charts_drawn and self.isVisible():
            self.charts_drawn = False
            self._draw_charts()

    def _draw_charts(self) -> None:
        overview = self._overview
        if overview is None or self.charts_drawn or self._charts_awaited:
            return
        charts = self._ensure_charts()
        self._place_charts()  # the text size may have changed
        charts.show_calendar(overview.activity, overview.today.day, self.width())
        self._show_forecast()
        charts.show_states(overview.states)
        charts.show_quizzes(overview.quiz_scores)
        self.charts_drawn = True
        self._span_changed()  # activity and retention, over the chosen period

    def _await_charts(self) -> None:
        """Draw the charts once the background load has them (starting it if none runs).

        Loading them here instead held the window still for most of a second.
        """
        if self._charts_awaited:
            return
        self._charts_awaited = True
        self.charts_note.setText(CHARTS_COMING)
        self.charts_note.show()
        self.waiting.emit(True)
        if self._charts_loader is None:
            # The app's, started once the collection opened (progress_places), if any.
            started = self.window().findChild(ChartsPreloader)
            self._charts_loader = started or preload_charts(self)
        self._charts_watch.start()

    def _charts_arrived(self) -> None:
        assert self._charts_loader is not None
        if not self._charts_loader.finished.is_set():
            return
        self._charts_watch.stop()
        self._charts_awaited = False
        self.waiting.emit(False)
        self._ensure_charts()  # loads again if the background load failed, and says why
        self.charts_note.hide()
        self._draw_charts()

    def _ensure_charts(self) -> ProgressCharts:
        """The charts, built the first time; a failure to load them is said here."""
        if self.charts is not None:
            return self.charts
        try:
            charts_type = load_charts()
        except Exception as error:
            self._charts_failed = True
            self.charts_note.setText(
                f"The charts could not be loaded ({error}). The numbers and the map above are "
                "complete."
            )
            self.charts_note.show()
            raise  # to the app's hook, which records it in errors.log
        self.charts = charts = charts_type()
        self._place_charts()
        make_tab_stops(laid_out(charts), after=self.ahead)
        return charts

    def _place_charts(self) -> None:
        """Lay the charts out again if the width or text size changed how many fit in a row."""
        if self.charts is None:
            return
        columns = columns_for(self)
        if columns == self._chart_columns:
            return
        self._chart_columns = columns
        place_charts(self.charts_grid, self.charts, columns)

    def _remembered_span(self) -> Span:
        """The period chosen on the last visit, in this run or an earlier one (else 30 days)."""
        stored = self._settings.value(PERIOD_KEY) if self._settings is not None else None
        return Span(stored) if stored in tuple(Span) else Span.MONTH

    def _span_chosen(self) -> None:
        if self._settings is not None:
            self._settings.setValue(PERIOD_KEY, self._span().value)
        self._span_changed()

    def _span_changed(self) -> None:
        if self._overview is None or not self.charts_drawn or self._services is None:
            return
        assert self.charts is not None
        span = self._span()
        # The year read at refresh covers the 30-day view too; all history is read on demand.
        rows = self._span_rows.get(Span.ALL if span is Span.ALL else Span.YEAR)
        if rows is None:  # all history: one aggregate over the whole log, off the UI thread
            self._read_all_history(self._services)
            return
        self.charts_note.hide()  # a read of all history that failed is no longer the question
        today = self._overview.today.day
        if span.days is None:
            first = rows[0].day if rows else today
        else:
            first = today - timedelta(days=span.days - 1)
        self.charts.show_activity([r for r in rows if r.day >= first], first, today)
        # The year's rows hold all history unless older answers exist: then the last 12
        # months, else the learner's months from the first (no empty year before them).
        older = span is not Span.ALL and self._has_older_history()
        self.charts.show_retention(
            monthly_retention(rows, last=today, months=12 if older else None),
            older_history=older,
        )
        if self.span.hasFocus():  # a period just chosen: its totals, without a Tab to a chart
            self._announcer.announce(
                f"{self.charts.reviews.summary.text()} {self.charts.minutes.summary.text()}"
            )

    def _remembered_horizon(self) -> Horizon:
        """How far ahead the forecast looked on the last visit (else 30 days)."""
        stored = self._settings.value(AHEAD_KEY) if self._settings is not None else None
        return Horizon(stored) if stored in tuple(Horizon) else Horizon.MONTH

    def _horizon(self) -> Horizon:
        """How far ahead the forecast looks."""
        return Horizon(self.ahead.currentData() or Horizon.MONTH)

    def _horizon_chosen(self) -> None:
        if self._settings is not None:
            self._settings.setValue(AHEAD_KEY, self._horizon().value)
        if self.charts_drawn:
            self._show_forecast()

    def _show_forecast(self) -> None:
        """Draw the forecast over the horizon chosen; one longer than 30 days is read first."""
        horizon = self._horizon()
        forecast = self._forecasts.get(horizon)
        services = self._services
        if forecast is None and services is not None:  # one aggregate, off the UI thread
            self._forecast_reads += 1
            read = self._forecast_reads
            self._tasks.run(
                lambda: services.progress.forecast(horizon),
                lambda days: self._forecast_read(read, horizon, days),
                lambda error: self._forecast_unread(read, services, error),
            )
            return
        assert self.charts is not None and forecast is not None
        self.charts.show_forecast(forecast, horizon)
        if self.ahead.hasFocus():  # a horizon just chosen: its totals, without a Tab to it
            self._announcer.announce(self.charts.forecast.summary.text())

    def _forecast_read(
        self, read: int, horizon: Horizon, forecast: tuple[ForecastDay, ...]
    ) -> None:
        if read != self._forecast_reads:
            return  # a later read, or a refresh, brings newer numbers
        self._forecasts[horizon] = forecast
        if self.charts is not None and horizon is self._horizon():
            self._show_forecast()

    def _forecast_unread(self, read: int, services: Services, error: Exception) -> None:
        if read != self._forecast_reads:
            return
        reason = failure_reason(error, services, reading="the chart")
        self._announcer.show(self.charts_note, f"The cards coming back could not be read. {reason}")

    def _span(self) -> Span:
        """The period chosen."""
        return Span(self.span.currentData() or Span.MONTH)  # Qt hands the enum back as text

    def _read_all_history(self, services: Services) -> None:
        self.charts_note.setText(READING_ALL)
        self.charts_note.show()
        self._all_reads += 1
        read = self._all_reads
        self._tasks.run(
            lambda: services.progress.activity(Span.ALL),
            lambda rows: self._all_history(read, rows),
            lambda error: self._all_history_unread(read, services, error),
        )

    def _has_older_history(self) -> bool:
        """Whether the log holds answers from before the last year (imported history, say)."""
        assert self._overview is not None
        last_year = sum(day.reviews for day in self._overview.activity)
        return self._overview.total_reviews > last_year

    def _all_history(self, read: int, rows: tuple[DayActivity, ...]) -> None:
        if read != self._all_reads:
            return  # a later read (after a refresh, say) brings newer rows
        self._span_rows[Span.ALL] = rows
        self._span_changed()

    def _all_history_unread(self, read: int, services: Services, error: Exception) -> None:
        if read != self._all_reads or self._span() is not Span.ALL:
            return  # a later read is under way, or another period was chosen meanwhile
        reason = failure_reason(error, services, reading="the chart")
        self._announcer.show(self.charts_note, f"Your whole history could not be read. {reason}")


def _choice(name: str, description: str, choices: Sequence[StrEnum], chosen: StrEnum) -> QComboBox:
    """A chooser of ``choices`` (by their text), with ``chosen`` chosen."""
    box = QComboBox()
    box.setAccessibleName(name)
    box.setAccessibleDescription(description)
    for choice in choices:
        box.addItem(choice.value, choice)
    box.setCurrentIndex(choices.index(chosen))
    return box
