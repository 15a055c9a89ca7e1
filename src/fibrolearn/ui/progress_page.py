"""The Progress place: today, the causal-factor mastery map, and the charts.

This module stays light: the charts (pyqtgraph) are imported in the background once the
collection is open, never at start-up; a visit before they are in shows everything else and
draws them when they arrive. Slow work (all history, imports, fitting) runs on the task
runner.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.faults import StorageProblemKind
from fibrolearn.domain.statistics import DayActivity, Overview, RevlogImport, Span
from fibrolearn.domain.words import counted, revlog_import_summary
from fibrolearn.services.container import Services
from fibrolearn.services.progress import monthly_retention
from fibrolearn.services.revlog import RevlogFileError
from fibrolearn.services.storage_errors import storage_problem
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.charts_preload import ChartsPreloader, preload_charts
from fibrolearn.ui.flow_layout import FlowLayout
from fibrolearn.ui.follow_focus import FocusFollower
from fibrolearn.ui.interop_words import failure_reason
from fibrolearn.ui.progress_chart_grid import (
    charts_loaded,
    columns_for,
    load_charts,
    make_tab_stops,
    place_charts,
)
from fibrolearn.ui.progress_mastery import MasterySection
from fibrolearn.ui.progress_report import save_report
from fibrolearn.ui.progress_text import log_summary, today_text
from fibrolearn.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from fibrolearn.ui.progress_charts import ProgressCharts

_CSV_FILTER = "Review log (*.csv)"
# Until anything is studied, every number here is 0: say how the page fills instead.
START_HINT = "Study a few cards (Decks, Ctrl+1) and your progress shows here."
CHARTS_COMING = "Drawing the charts…"
CHARTS_WATCH_MS = 20
T = TypeVar("T")


def _line(description: str, text: str = "") -> QLabel:
    """A line of the page's top, wrapping at large text sizes; ``description`` says which."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAccessibleDescription(description)
    return label


class ProgressPage(QWidget):
    """Statistics and the mastery map; emits requests to study or quiz one factor."""

    study_factor_requested = Signal(int, str)  # deck id, factor key
    quiz_factor_requested = Signal(int, str)

    def __init__(
        self,
        services: Services | None = None,
        tasks: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services: Services | None = services
        self.tasks = tasks or TaskRunner(self)
        self.overview: Overview | None = None
        self.charts: ProgressCharts | None = None  # built on the first show
        self.charts_drawn = False
        self._chart_columns = 0  # charts side by side; 0 until they are placed
        self._span_rows: dict[Span, tuple[DayActivity, ...]] = {}
        self._announcer = Announcer(self)

        heading = QLabel("<h1>Your progress</h1>")
        heading.setAccessibleDescription("Your progress")
        self.start_hint = _line("How this page fills", START_HINT)
        self.today = _line("Today")
        self.totals = _line("Review log")
        self.notice = _line("Notice")

        self.optimize_button = QPushButton("&Optimize my schedule…")
        self.optimize_button.clicked.connect(self.open_optimizer)
        self.import_button = QPushButton("&Import review log…")
        self.import_button.clicked.connect(self._choose_import)
        self.export_button = QPushButton("E&xport review log…")
        self.export_button.clicked.connect(self._choose_export)
        self.report_button = QPushButton("Save &report…")
        self.report_button.setAccessibleDescription("As a PDF or a PNG picture")
        self.report_button.clicked.connect(self._choose_report)
        actions = QWidget()
        row = FlowLayout(actions)  # wraps at large text sizes instead of cutting buttons off
        for button in (
            self.optimize_button,
            self.import_button,
            self.export_button,
            self.report_button,
        ):
            row.addWidget(button)

        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.addWidget(heading)
        content.addWidget(self.start_hint)
        content.addWidget(self.today)
        content.addWidget(self.totals)
        content.addWidget(self.notice)
        content.addWidget(actions)
        self.mastery = MasterySection()
        self.mastery.study_requested.connect(self._study)
        self.mastery.quiz_requested.connect(self.quiz_factor_requested)
        self.mastery.factor_moved.connect(self._scroll_to_factor)
        content.addWidget(self.mastery)
        content.addWidget(self._charts_section())
        content.addStretch(1)

        self.scroll = self._scrolling(self.content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)

    def _scrolling(self, content: QWidget) -> QScrollArea:
        """The page scrolls (large text, a small window), following the focus."""
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        scroll.setAccessibleName("Progress")
        # Not a Tab stop of its own (it showed no focus): Tab goes from control to control,
        # and the page scrolls to the one with the focus.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        FocusFollower(scroll, self._show_in_view)
        return scroll

    def _charts_section(self) -> QWidget:
        section = QWidget()
        title = QLabel("<h2>Study history</h2>")
        title.setAccessibleDescription("Study history")
        self.span = QComboBox()
        self.span.setAccessibleName("Period of the reviews and minutes charts")
        for span in Span:
            self.span.addItem(span.value, span)
        self.span.currentIndexChanged.connect(self._span_changed)
        self.charts_grid = QGridLayout()
        self.charts_note = _line("Charts")  # while they load, or why they could not
        self.charts_note.hide()
        self._charts_awaited = False  # a visit came before the charts had loaded
        self._charts_failed = False  # they could not load: said once, not tried on each visit
        self._charts_loader: ChartsPreloader | None = None
        # Looks whether the loader has finished. The loading thread cannot tell the page
        # itself: a Qt signal emitted there races the page's deletion when the window closes.
        self._charts_watch = QTimer(self)
        self._charts_watch.setInterval(CHARTS_WATCH_MS)
        self._charts_watch.timeout.connect(self._charts_arrived)
        self.history_heading = QWidget()  # one block, which a report never cuts in two
        row = QHBoxLayout(self.history_heading)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(title)
        row.addStretch(1)
        row.addWidget(QLabel("&Period:", buddy=self.span))
        row.addWidget(self.span)
        layout = QVBoxLayout(section)
        layout.addWidget(self.history_heading)
        layout.addWidget(self.charts_note)
        layout.addLayout(self.charts_grid)
        return section

    # ---------------------------------------------------------------- public
    def attach(self, services: Services) -> None:
        """Use this open collection."""
        self.services = services

    def changeEvent(self, event: QEvent) -> None:
        """Redraw the charts in the new colours or text size when either changes."""
        super().changeEvent(event)
        redraw = (QEvent.Type.PaletteChange, QEvent.Type.FontChange)
        if event.type() in redraw and self.charts_drawn:
            self.charts_drawn = False
            self._draw_charts()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Put the charts one or two to a row, as the width allows."""
        super().resizeEvent(event)
        self._place_charts()

    def showEvent(self, event: QShowEvent) -> None:
        """Refresh whenever the place is shown (the charts load the first time).

        Entering the place (rather than the window coming back from the taskbar) puts the
        focus on its first useful control.
        """
        super().showEvent(event)
        try:
            self.refresh()
        finally:  # also when the charts could not load: the numbers and the map are there
            if not event.spontaneous():
                self.focus_first()

    def focus_first(self) -> None:
        """Focus where a learner starts: the mastery map, where S and Q act on a factor.

        The table instead when that tab is the one shown; without a deck with factors, the
        first button.
        """
        has_map = self.overview is not None and bool(self.overview.maps)
        first = self.mastery.tabs.currentWidget() if has_map else self.optimize_button
        first.setFocus(Qt.FocusReason.OtherFocusReason)
        # Again once the page is laid out with what refresh() put in it.
        QTimer.singleShot(0, self, lambda: self._show_in_view(first))

    def refresh(self) -> None:
        """Read the statistics again and redraw everything."""
        if self.services is None:
            return
        overview = self.services.progress.overview()
        self.overview = overview
        self._span_rows = {Span.YEAR: overview.activity}
        self.start_hint.setVisible(not overview.total_reviews and not overview.quiz_scores)
        self.today.setText(today_text(overview.today))
        self.totals.setText(log_summary(overview.total_reviews, overview.history_only_reviews))
        status = self.services.optimize.status(overview.total_reviews)
        self.notice.setText(
            "Your review log has grown enough to fit the schedule to your memory: "
            "try “Optimize my schedule”."
            if status.suggested
            else ""
        )
        self.notice.setVisible(status.suggested)
        self.mastery.show_maps(overview.maps)
        self.charts_drawn = False
        if self.charts is None and not charts_loaded():
            if not self._charts_failed:
                self._await_charts()  # the numbers and the map are shown meanwhile
        else:
            self._draw_charts()  # with the numbers, so the page is painted once, whole

    def export_log(self, path: Path) -> None:
        """Write the review log as CSV (py-fsrs layout) in the background.

        The notice says when it is saved, or why it could not be; the button waits meanwhile.
        """
        services = self.services
        assert services is not None
        self.export_button.setEnabled(False)
        self._tell(f"Saving the review log to {path}…")
        self.tasks.run(
            lambda: services.revlog.export_csv(path),
            lambda count: self._log_saved(path, count),
            lambda error: self._log_not_saved(path, error),
        )

    def import_log(self, path: Path) -> None:
        """Import a review-log CSV in the background; the page refreshes when it is in."""
        services = self.services
        assert services is not None
        self._tell(f"Importing {path.name}…")
        self.tasks.run(lambda: services.revlog.import_csv(path), self._imported, self._failed)

    def save_report(self, path: Path) -> list[int]:
        """Save this page as a PDF (by a .pdf name) or a PNG picture; returns page tops.

        A place that cannot be written gets a message instead (and no pages).
        """
        # Lay out anything added since the last paint (charts drawn a moment ago), so the
        # report holds the whole page.
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        charts = self.charts.cards if self.charts else ()
        blocks = [self.mastery.tabs, self.history_heading, *charts]
        tops = self._write(
            "the report", path, lambda to: save_report(self.content, to, keep_together=blocks)
        )
        if tops is None:
            return []
        size = f" ({len(tops)} pages)" if len(tops) > 1 else ""
        self._tell(f"Saved the report to {path}{size}.")
        return tops

    def open_optimizer(self) -> None:
        """Open “Optimize my schedule”."""
        if self.services is None:
            return
        from fibrolearn.ui.progress_optimize import OptimizeDialog  # noqa: PLC0415

        dialog = OptimizeDialog(self.services, self.tasks, self)
        dialog.exec()
        self.refresh()

    # --------------------------------------------------------------- helpers
    def _tell(self, text: str) -> None:
        """Show ``text`` in the notice, and have screen readers say it."""
        self._announcer.show(self.notice, text)

    def _write(self, what: str, path: Path, write: Callable[[Path], T]) -> T | None:
        """Run ``write(path)``; if the place cannot be written, say so and return None.

        Both writers put the file in place only once it is whole, so a failure leaves nothing
        half-written behind.
        """
        try:
            return write(path)
        except OSError as error:
            self._tell(f"Could not save {what} to {path}: {error.strerror or error}.")
            return None

    def _draw_charts(self) -> None:
        overview = self.overview
        if overview is None or self.charts_drawn or self._charts_awaited:
            return
        charts = self._ensure_charts()
        self._place_charts()  # the text size may have changed
        charts.show_calendar(overview.activity, overview.today.day)
        charts.show_forecast(overview.forecast)
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
        self.report_button.setEnabled(False)  # a report now would hold no charts
        if self._charts_loader is None:
            self._charts_loader = self.findChild(ChartsPreloader) or preload_charts(self)
        self._charts_watch.start()

    def _charts_arrived(self) -> None:
        assert self._charts_loader is not None
        if not self._charts_loader.finished.is_set():
            return
        self._charts_watch.stop()
        self._charts_awaited = False
        self.report_button.setEnabled(True)
        self._ensure_charts()  # loads again if the background load failed, and says why
        self.charts_note.hide()
        self._draw_charts()

    def _ensure_charts(self) -> ProgressCharts:
        """The charts, built the first time; a failure to load them is said on the page."""
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
        make_tab_stops(charts, after=self.span)
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

    def _span_changed(self) -> None:
        if self.overview is None or not self.charts_drawn or self.services is None:
            return
        assert self.charts is not None
        span = Span(self.span.currentData() or Span.MONTH)  # Qt hands the enum back as text
        # The year read at refresh covers the 30-day view too; all history is read on demand.
        rows = self._span_rows.get(Span.ALL if span is Span.ALL else Span.YEAR)
        if rows is None:  # all history: one aggregate over the whole log, off the UI thread
            services = self.services
            self.notice.setText("Reading your whole history…")
            self.notice.show()
            self.tasks.run(
                lambda: services.progress.activity(Span.ALL),
                self._all_history,
                self._failed,
            )
            return
        today = self.overview.today.day
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

    def _has_older_history(self) -> bool:
        """Whether the log holds answers from before the last year (imported history, say)."""
        assert self.overview is not None
        last_year = sum(day.reviews for day in self.overview.activity)
        return self.overview.total_reviews > last_year

    def _all_history(self, rows: tuple[DayActivity, ...]) -> None:
        self._span_rows[Span.ALL] = rows
        self.notice.hide()
        self._span_changed()

    def _log_saved(self, path: Path, count: int) -> None:
        self.export_button.setEnabled(True)
        self._tell(f"Saved {counted(count, 'answer')} to {path}.")

    def _log_not_saved(self, path: Path, error: Exception) -> None:
        """Say why the log was not saved; the file is written whole or not at all."""
        self.export_button.setEnabled(True)
        problem = storage_problem(error)
        if isinstance(error, OSError) and (
            problem is None or problem.kind is not StorageProblemKind.DISK_FULL
        ):  # the place chosen cannot take the file: no such folder, no permission there
            self._tell(f"Could not save the review log to {path}: {error.strerror or error}.")
        else:  # a full disk, or the collection could not be read: in the app's usual words
            reason = failure_reason(error, self.services, reading="the export")
            self._tell(f"Could not save the review log to {path}. {reason}")

    def _imported(self, report: RevlogImport) -> None:
        self.refresh()
        self._tell(revlog_import_summary(report))

    def _failed(self, error: Exception) -> None:
        message = str(error)
        if isinstance(error, RevlogFileError):
            message = "The review log was not imported.\n" + "\n".join(error.problems)
        self._tell(message)

    def _show_in_view(self, new: QWidget) -> None:
        """Bring a control with the focus into sight (a tall map or table: its factor)."""
        mastery = self.mastery
        if new in (mastery.map_view, mastery.map_table):  # the factor chosen, not the top
            self._scroll_to_factor(mastery.map_view.current)
        else:
            self.scroll.ensureWidgetVisible(self._block_of(new))

    def _block_of(self, widget: QWidget) -> QWidget:
        """What to bring into sight with ``widget``: a chart's card, with title and summary."""
        cards = self.charts.cards if self.charts is not None else ()
        return next((card for card in cards if card.canvas is widget), widget)

    def _scroll_to_factor(self, index: int) -> None:
        """Keep the factor chosen in sight as the arrows move it (a tall map or table)."""
        area = self.mastery.factor_area(index)
        if area is None:
            return
        view, box = area
        centre = view.mapTo(self.content, box.center())
        self.scroll.ensureVisible(centre.x(), centre.y(), box.width() // 2, box.height() // 2)

    def _study(self, deck_id: int, factor_key: str) -> None:
        """Ask for a study session on the factor's cards."""
        if self.services is not None:
            self.study_factor_requested.emit(deck_id, factor_key)

    def _choose_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import review log", "", _CSV_FILTER)
        if name:
            self.import_log(Path(name))

    def _choose_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export review log", "fibrolearn-review-log.csv", _CSV_FILTER
        )
        if name:
            self.export_log(Path(name))

    def _choose_report(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Save progress report",
            "fibrolearn-progress.pdf",
            "PDF report (*.pdf);;PNG picture (*.png)",
        )
        if name:
            self.save_report(Path(name))
