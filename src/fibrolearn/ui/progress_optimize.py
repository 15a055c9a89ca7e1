"""“Optimize my schedule”: fit FSRS to the learner's log in the background.

The dialog shows how the defaults, the earlier fit in use (if any) and the new fit predict the
newest 20 % of answers, and lets the learner decide.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from fibrolearn.domain.faults import READ_ONLY_BECAUSE, what_lets_it_write
from fibrolearn.domain.progress import Cancelled
from fibrolearn.domain.statistics import FitReport, FitScore, FitStatus
from fibrolearn.services.container import Services
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.formatting import date_words
from fibrolearn.ui.interop_words import failure_reason
from fibrolearn.ui.tasks import TaskRunner, WindowWork
from fibrolearn.ui.text_fit import TextFitDialog

COUNTING = "Counting your reviews…"


class _ThreadProgress(QObject):
    """Progress told on the worker thread, shown on the UI thread (signals cross threads)."""

    moved = Signal(int, int)

    def __init__(self) -> None:
        super().__init__()
        self.cancelled = False

    def advance(self, done: int, total: int) -> None:
        """Report a stage; raise Cancelled once the learner asked to stop."""
        if self.cancelled:
            raise Cancelled
        self.moved.emit(done, total)


def status_text(status: FitStatus, *, custom_parameters: bool) -> str:
    """Why fitting is, or is not yet, possible.

    ``custom_parameters``: parameters fitted earlier are in use.
    """
    if not status.enough:
        return (
            f"Your review log has {status.reviews:,} answers to learn from. Fitting needs at "
            f"least {status.minimum:,}, so for now FibroLearn keeps the well-tested default "
            "parameters. It will suggest this once you have studied enough."
        )
    text = (
        f"Your review log has {status.reviews:,} answers to learn from. FibroLearn will learn "
        "how your memory behaves from the older 80\u00a0% of them and test the result on the "
        "newest 20\u00a0%, which it did not learn from. Nothing changes until you accept."
    )
    if custom_parameters:
        text += (
            " You already use parameters fitted to you earlier: a new fit is offered only if "
            "it predicts your answers better than they do."
        )
    return text


def score_rows(report: FitReport) -> list[tuple[str, FitScore]]:
    """The scores to compare: the defaults, the earlier fit if one is in use, the new fit."""
    earlier = [] if report.in_use is None else [("Your earlier fit (in use now)", report.in_use)]
    return [("Default FSRS-6", report.default), *earlier, ("New fit", report.fitted)]


def verdict_text(report: FitReport, *, can_keep: bool = True) -> str:
    """Whether the new fit is worth using, compared with what schedules the cards now.

    ``can_keep``: the collection can be written, so a better fit is offered.
    """
    current = "the default parameters" if report.in_use is None else "your earlier fit"
    if report.improves:
        return (
            f"The new fit predicts them better than the schedule you use now, with {current} "
            f"(lower log loss).{' Use it?' if can_keep else ''}"
        )
    return (
        f"The new fit predicts them no better than the schedule you use now, with {current}, "
        "so keeping it is wiser."
    )


class OptimizeDialog(TextFitDialog):
    """Runs a fit, shows its scores beside what it may replace, and applies it if agreed."""

    def __init__(self, services: Services, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent, chars=80)  # within the screen: at 200 % text it was wider
        self.setWindowTitle("Optimize my schedule")
        self._services = services
        # It goes once closed and its work has answered: the count may still be under way.
        self.work = WindowWork(self, tasks)
        self._progress: _ThreadProgress | None = None
        self.report: FitReport | None = None

        self._status: FitStatus | None = None  # until the count, in the background, is in
        self._custom = services.optimize.uses_fitted_parameters()
        # Said as the dialog opens, with Close focused; the count is said when it is in.
        self.explanation = QLabel(COUNTING)
        self.explanation.setWordWrap(True)
        self.explanation.setAccessibleDescription("About optimizing")
        self.setAccessibleDescription(COUNTING)
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Fitting progress")
        self.bar.setRange(0, 3)
        self.bar.hide()
        self.scores = QTableWidget(0, 3)
        self.scores.setHorizontalHeaderLabels(("Parameters", "Log loss", "RMSE (bins)"))
        self.scores.setAccessibleName("How well each set predicts your newest answers")
        self.scores.setAccessibleDescription("Lower is better in both columns")
        self.scores.verticalHeader().hide()
        self.scores.hide()
        self.verdict = QLabel()
        self._announcer = Announcer(self)
        self.verdict.setWordWrap(True)
        self.verdict.setAccessibleDescription("Result")

        self.start_button = QPushButton("&Start")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.start_button.setEnabled(False)  # until the count says there is enough
        self.apply_button = QPushButton("&Use the new fit")
        self.apply_button.clicked.connect(self.apply)
        self.apply_button.hide()
        # A fit once used is not a one-way door: the defaults are always a press away.
        self.defaults_button = QPushButton("Go back to the &defaults")
        self.defaults_button.setAccessibleDescription(
            "Schedule with the default FSRS-6 parameters again instead of your fit"
        )
        self.defaults_button.clicked.connect(self.use_defaults)
        self.defaults_button.setVisible(
            self._custom and services.database.read_only_because is None
        )
        self.close_button = QPushButton("&Close")
        self.close_button.clicked.connect(self._close_or_cancel)
        buttons = QWidget()
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        for button in (
            self.defaults_button,
            self.start_button,
            self.apply_button,
            self.close_button,
        ):
            row.addWidget(button)
        self.arrange((self.explanation, self.bar, self.scores, self.verdict), buttons)
        self.close_button.setFocus()
        # Counting what a fit learns from scans the whole log: 0.3 s at a million answers.
        self.work.run(services.optimize.status, self._counted, self._not_counted)

    def _counted(self, status: FitStatus) -> None:
        """Show and say how much there is to learn from; offer Start if it is enough.

        Start takes the focus from Close, which had it while Start waited, unless the learner
        has moved it meanwhile.
        """
        self._status = status
        self.start_button.setEnabled(status.enough)
        text = status_text(status, custom_parameters=self._custom)
        self.setAccessibleDescription(text)
        untouched = self.focusWidget() is self.close_button
        focus = self.start_button if status.enough and untouched else None
        self._announcer.show(self.explanation, text, focus=focus)

    def _not_counted(self, error: Exception) -> None:
        reason = failure_reason(error, self._services, reading="your review log")
        self._announcer.show(self.explanation, f"Your review log could not be read. {reason}")

    def start(self) -> None:
        """Fit in the background; the dialog stays responsive and can cancel."""
        progress = _ThreadProgress()
        progress.moved.connect(lambda done, _total: self.bar.setValue(done))
        self._progress = progress
        self.bar.setValue(0)
        self.bar.show()
        self.defaults_button.hide()  # the fit is scored against the parameters in use now
        self.start_button.setEnabled(False)
        self.close_button.setText("&Cancel")
        # Said too: the focus leaves Start for Cancel, which alone says nothing of the fit.
        self._announcer.show(self.verdict, "Fitting… this takes a few seconds on a long log.")
        self.work.run(lambda: self._services.optimize.fit(progress), self._fitted, self._failed)

    def apply(self) -> None:
        """Schedule with the new fit from now on."""
        if self.report is not None:
            self._services.optimize.apply(self.report)
            self.apply_button.hide()
            self._announcer.show(
                self.verdict,
                "Done: your cards will now be scheduled with your own parameters. "
                "Cards you have already studied keep their current due dates.",
                focus=self.close_button,
            )

    def use_defaults(self) -> None:
        """Schedule with the default parameters again, leaving the fitted ones."""
        self._services.optimize.reset()
        self._custom = False
        self.defaults_button.hide()
        if self._status is not None:  # else the count, when in, says it
            self.explanation.setText(status_text(self._status, custom_parameters=False))
        self._announcer.show(
            self.verdict,
            "Done: your cards will now be scheduled with the default FSRS-6 parameters. "
            "Cards you have already studied keep their current due dates. You can fit "
            "again at any time.",
            focus=self.close_button,
        )

    def _fitted(self, report: FitReport) -> None:
        self._progress = None
        self.report = report
        self.bar.hide()  # done: the scores take its place
        self.start_button.hide()  # the same log fits the same again: nothing to start
        self.close_button.setText("&Close")
        rows = score_rows(report)
        self.scores.setRowCount(len(rows))
        for row, (name, score) in enumerate(rows):
            for column, text in enumerate((name, f"{score.log_loss:.4f}", f"{score.rmse:.4f}")):
                self.scores.setItem(row, column, QTableWidgetItem(text))
        self.scores.resizeColumnsToContents()
        self.scores.horizontalHeader().setStretchLastSection(True)
        rows_height = sum(self.scores.rowHeight(r) for r in range(self.scores.rowCount()))
        self.scores.setFixedHeight(
            rows_height + self.scores.horizontalHeader().height() + 2 * self.scores.frameWidth()
        )
        self.scores.show()
        held_out = (
            f"Tested on {report.test_items:,} answers given since "
            f"{date_words(report.cutoff.astimezone().date())}."
        )
        because = self._services.database.read_only_because
        verdict = f"{held_out} {verdict_text(report, can_keep=because is None)}"
        if report.improves and because is not None:
            # Offered, "Use the new fit" failed with the app's general "not saved" message.
            verdict += (
                f" It cannot be kept now: {READ_ONLY_BECAUSE[because]}. "
                f"{what_lets_it_write(because).capitalize()}, choose Try again, then optimize "
                "again."
            )
        offered = report.improves and because is None
        self.apply_button.setVisible(offered)
        focus = self.apply_button if offered else self.close_button
        self._announcer.show(self.verdict, verdict, focus=focus)

    def _failed(self, error: Exception) -> None:
        self._progress = None
        self.bar.hide()
        self.close_button.setText("&Close")
        if isinstance(error, Cancelled):
            self._announcer.show(self.verdict, "Cancelled. Nothing changed.")
        else:
            self._announcer.show(self.verdict, str(error))
        self.start_button.setEnabled(not isinstance(error, ValueError))

    def _close_or_cancel(self) -> None:
        if not self._cancel():
            self.accept()

    def reject(self) -> None:
        """Esc cancels a running fit first, and closes otherwise."""
        if not self._cancel():
            super().reject()

    def _cancel(self) -> bool:
        """Stop a running fit, and say so at once; whether one was running.

        The fit stops only between its steps, seconds apart on a long log: until then the
        learner is told the Cancel was heard, not left pressing it again.
        """
        if self._progress is None:
            return False
        self._progress.cancelled = True
        self._announcer.show(self.verdict, "Cancelling… nothing will be changed.")
        return True
