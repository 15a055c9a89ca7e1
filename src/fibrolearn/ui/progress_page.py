"""The Progress place: today, the causal-factor mastery map, and the charts.

This module stays light: the charts and their loading are
:class:`~fibrolearn.ui.progress_history.HistorySection`'s. Slow work (imports, exports,
fitting) runs on the task runner.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QEvent, QSettings, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.faults import StorageProblemKind
from fibrolearn.domain.statistics import Overview, RevlogImport
from fibrolearn.domain.words import counted, revlog_import_summary
from fibrolearn.paths import unwritable_target
from fibrolearn.services.container import Services
from fibrolearn.services.revlog import RevlogFileError, unreadable_file
from fibrolearn.services.storage_errors import storage_problem
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.dialogs import run_modal
from fibrolearn.ui.flow_layout import FlowLayout
from fibrolearn.ui.follow_focus import FocusFollower
from fibrolearn.ui.interop_words import failure_reason
from fibrolearn.ui.labels import described_line
from fibrolearn.ui.mastery_words import nothing_to_study
from fibrolearn.ui.phase_notice import PhaseNotice
from fibrolearn.ui.progress_history import HistorySection
from fibrolearn.ui.progress_mastery import MasterySection
from fibrolearn.ui.progress_more import MoreStatistics
from fibrolearn.ui.progress_report import save_report
from fibrolearn.ui.progress_text import log_summary, today_text
from fibrolearn.ui.tasks import TaskRunner

_CSV_FILTER = "Review log (*.csv)"
# Until anything is studied, every number here is 0: say how the page fills instead.
START_HINT = "Study a few cards (Decks, Ctrl+1) and your progress shows here."
T = TypeVar("T")


class ProgressPage(QWidget):
    """Statistics and the mastery map; emits requests to study or quiz one factor."""

    study_factor_requested = Signal(object)  # the StudySet of the factor's cards
    quiz_factor_requested = Signal(int, str)

    def __init__(
        self,
        services: Services | None = None,
        tasks: TaskRunner | None = None,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
    ) -> None:
        """``settings``: the UI settings (``ui.ini``), where the chosen period is remembered."""
        super().__init__(parent)
        self.services: Services | None = services
        self.tasks = tasks or TaskRunner(self)
        self.overview: Overview | None = None
        self._announcer = Announcer(self)

        heading = QLabel("<h1>Your progress</h1>")
        heading.setAccessibleDescription("Your progress")
        self.start_hint = described_line("How this page fills", START_HINT)
        self.today = described_line("Today")
        self.totals = described_line("Review log")
        self.notice = described_line("Notice")

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
        self.history = HistorySection(self.tasks, settings=settings)
        self.history.waiting.connect(self._charts_waited_for)
        content.addWidget(self.history)
        self.more = MoreStatistics(self.tasks)
        content.addWidget(self.more)
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

    # ---------------------------------------------------------------- public
    def attach(self, services: Services) -> None:
        """Use this open collection."""
        self.services = services

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
        first button. The page still opens at its top, with its heading, today and the buttons:
        at large text the map is below them, and the arrows bring its factor into sight.
        """
        has_map = self.overview is not None and bool(self.overview.maps)
        first = self.mastery.tabs.currentWidget() if has_map else self.optimize_button
        first.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll.verticalScrollBar().setValue(0)  # the focus scrolled it to the map

    def refresh(self) -> None:
        """Read the statistics again and redraw everything."""
        if self.services is None:
            return
        overview = self.services.progress.overview()
        self.overview = overview
        self.start_hint.setVisible(overview.nothing_yet)
        self.today.setText(today_text(overview.today))
        self.totals.setText(log_summary(overview.total_reviews, overview.history_only_reviews))
        suggested = self.services.optimize.suggested(overview.total_reviews)
        self.notice.setText(
            "Your review log has grown enough to fit the schedule to your memory: "
            "try “Optimize my schedule”."
            if suggested
            else ""
        )
        self.notice.setVisible(suggested)
        self.mastery.show_maps(overview.maps)
        self.history.show_overview(self.services, overview)
        self.more.refresh(self.services)

    def export_log(self, path: Path) -> None:
        """Write the review log as CSV (py-fsrs layout) in the background.

        The notice says when it is saved, or why it could not be; the button waits meanwhile.
        """
        services = self.services
        assert services is not None
        if (unfit := unwritable_target(path)) is not None:
            self._tell(unfit)
            return
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
        lead = f"Importing {path.name}"
        self._tell(f"{lead}…")
        self.tasks.run_phased(
            lambda progress: services.revlog.import_csv(path, progress),
            self._imported,
            lambda error: self._not_imported(path, error),
            PhaseNotice(lead, self._tell_phase),
        )

    def save_report(self, path: Path) -> list[int]:
        """Save this page as a PDF (by a .pdf name) or a PNG picture; returns page tops.

        A place that cannot be written gets a message instead (and no pages).
        """
        # Lay out anything added since the last paint (charts drawn a moment ago), so the
        # report holds the whole page.
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        blocks = [
            self.mastery.tabs,
            self.history.heading,
            *self.history.cards(),
            *self.more.cards(),
        ]
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
        run_modal(dialog, dialog.work)
        self.refresh()

    # --------------------------------------------------------------- helpers
    def _tell(self, text: str) -> None:
        """Show ``text`` in the notice, and have screen readers say it."""
        self._announcer.show(self.notice, text)

    def _tell_phase(self, text: str, heard: bool) -> None:
        """Show how far slow work has got in the notice; screen readers say a new phase."""
        if heard:
            self._tell(text)
        else:
            self.notice.setText(text)

    def _write(self, what: str, path: Path, write: Callable[[Path], T]) -> T | None:
        """Run ``write(path)``; if the place cannot be written, say so and return None.

        Both writers put the file in place only once it is whole, so a failure leaves nothing
        half-written behind.
        """
        if (unfit := unwritable_target(path)) is not None:
            self._tell(unfit)
            return None
        try:
            return write(path)
        except OSError as error:
            self._tell(self._not_saved(what, path, error))
            return None

    def _charts_waited_for(self, waiting: bool) -> None:
        self.report_button.setEnabled(not waiting)  # a report now would hold no charts

    def _log_saved(self, path: Path, count: int) -> None:
        self.export_button.setEnabled(True)
        self._tell(f"Saved {counted(count, 'answer')} to {path}.")

    def _log_not_saved(self, path: Path, error: Exception) -> None:
        """Say why the log was not saved; the file is written whole or not at all."""
        self.export_button.setEnabled(True)
        self._tell(self._not_saved("the review log", path, error))

    def _not_saved(self, what: str, path: Path, error: Exception) -> str:
        """Why ``what`` (the review log, the report) was not saved to ``path``."""
        problem = storage_problem(error)
        if isinstance(error, OSError) and (
            problem is None or problem.kind is not StorageProblemKind.DISK_FULL
        ):  # the place chosen cannot take the file: no such folder, no permission there
            return f"Could not save {what} to {path}: {error.strerror or error}."
        # A full disk, or the collection could not be read: in the app's usual words.
        reason = failure_reason(error, self.services, reading="the export")
        return f"Could not save {what} to {path}. {reason}"

    def _imported(self, report: RevlogImport) -> None:
        self.refresh()
        self._tell(revlog_import_summary(report))

    def _not_imported(self, path: Path, error: Exception) -> None:
        """Say why nothing of the review log was imported: its rows, its file, or the collection."""
        if isinstance(error, RevlogFileError):
            self._tell("The review log was not imported.\n" + "\n".join(error.problems))
            return
        unreadable = unreadable_file(path, error) if isinstance(error, OSError) else None
        # Otherwise the collection could not take it (another program, a full disk).
        reason = unreadable or failure_reason(error, self.services)
        self._tell(f"The review log was not imported. {reason}")

    def _show_in_view(self, new: QWidget) -> None:
        """Bring a control with the focus into sight (a tall map or table: its factor)."""
        mastery = self.mastery
        if new in (mastery.map_view, mastery.map_table):  # the factor chosen, not the top
            self._scroll_to_factor(mastery.map_view.current)
        else:
            self.scroll.ensureWidgetVisible(self._block_of(new))

    def _block_of(self, widget: QWidget) -> QWidget:
        """What to bring into sight with ``widget``: a chart's card, with title and summary."""
        cards = (*self.history.cards(), *self.more.cards())
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
        """Ask for a study session on the factor's cards; with none to study, say why here."""
        if self.services is None:
            return
        focus = self.services.focus
        cards = focus.factor_cards(deck_id, factor_key)
        if cards.card_ids:
            self.study_factor_requested.emit(cards)
            return
        suspended = focus.suspended_in_factor(deck_id, factor_key)
        self._announcer.show(self.mastery.message, nothing_to_study(cards.label, suspended))

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
