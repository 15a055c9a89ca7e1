"""Quiz results (score, time, per factor, every missed question) and the history of quizzes.

Each view's buttons are in its ``button_bar``, which the page keeps below its scrolling part.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.quiz_session import QuizHistoryEntry, QuizResult
from fibrolearn.domain.words import counted
from fibrolearn.ui.fitted_text import fit_to_text
from fibrolearn.ui.flow_layout import FlowLayout
from fibrolearn.ui.formatting import duration_words
from fibrolearn.ui.quiz_matching import matched_pairs
from fibrolearn.ui.quiz_question import asked_html, feedback_html
from fibrolearn.ui.tables import fit_to_rows, read_only_table


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "–"


def time_up_text(result: QuizResult) -> str:
    """How far a quiz ended by its time limit got."""
    answered = result.total - result.unanswered
    if not answered:
        return "Time's up before any question was answered."
    return f"Time's up: {answered} of {result.total} questions answered."


def _all_right(result: QuizResult) -> str:
    """What the results say when no answer was wrong."""
    if result.unanswered == result.total:
        return "No question was answered."
    return "Every answer you gave was right." if result.unanswered else "Every answer was right."


def _how_it_ended(result: QuizResult) -> str:
    """The line under the score when not every question was answered: why, and how many."""
    if result.time_up:
        return time_up_text(result)
    if result.unanswered:
        return (
            f"Ended early: {counted(result.unanswered, 'question')} not answered "
            "(not counted as missed)."
        )
    return ""


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    header = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    for row, cells in enumerate(rows):
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{header[column]}: {text}")
            table.setItem(row, column, item)


class ResultsView(QWidget):
    """What a finished quiz achieved, and what to do next."""

    study_requested = Signal()
    retry_requested = Signal()
    new_quiz_requested = Signal()
    history_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleDescription("Your score")
        # The table and the text as tall as they are: only the page scrolls, not each of them.
        self.per_factor = read_only_table(("Factor", "Right", "Score"), "Score per factor")
        fit_to_rows(self.per_factor)
        self.missed = QTextBrowser()
        fit_to_text(self.missed)
        self.missed.setAccessibleName("Questions to look at again")
        self.missed.setOpenLinks(False)
        self.study_button = QPushButton("&Study these cards now")
        self.study_button.setAccessibleDescription(
            "Opens a study session of just the flashcards of the facts you missed. "
            "Opening it changes no card's schedule."
        )
        self.study_button.clicked.connect(self.study_requested)
        self.retry_button = QPushButton("&Retry missed")
        self.retry_button.setAccessibleDescription(
            "A new quiz of just the questions you answered wrongly, their answers reordered"
        )
        self.retry_button.clicked.connect(self.retry_requested)
        self.new_button = QPushButton("&New quiz")
        self.new_button.clicked.connect(self.new_quiz_requested)
        self.history_button = QPushButton("Past q&uizzes")
        self.history_button.clicked.connect(self.history_requested)
        # Why "Study these cards now" opened nothing, next to it.
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleDescription("Message")
        self.message.hide()  # until there is something to say
        self.button_bar = QWidget()  # not in this layout: the page keeps it in view
        bar = QVBoxLayout(self.button_bar)
        bar.addWidget(self.message)
        buttons = QWidget()
        row = FlowLayout(buttons)  # wraps at large text sizes instead of widening the window
        for button in (self.history_button, self.new_button, self.retry_button, self.study_button):
            row.addWidget(button)
        bar.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.per_factor)
        layout.addWidget(self.missed)
        layout.addStretch(1)  # the room they do not take goes below them
        self.focus_target: QWidget = self.new_button  # where focus goes when the place opens

    def show_result(self, result: QuizResult) -> None:
        """Show a result and focus the most useful next step."""
        self.message.hide()  # about the results shown before
        ended = _how_it_ended(result)
        ended_line = f"<p><b>{ended}</b></p>" if ended else ""
        self.summary.setText(
            f"<h2>{result.correct} of {result.total} right "
            f"({_percent(result.correct, result.total)})</h2>{ended_line}"
            f"<p>{result.mode.value.capitalize()} quiz, finished in "
            f"{duration_words(result.seconds)}.</p>"
        )
        # A quiz on a deck's notes (no knowledge model) has no factors: no empty table then.
        self.per_factor.setVisible(bool(result.per_factor))
        _fill(
            self.per_factor,
            [
                (f.name, f"{f.correct} of {f.total}", _percent(f.correct, f.total))
                for f in result.per_factor
            ],
        )
        if result.missed:
            blocks = [
                f"<h3>Question {m.position + 1}</h3><p>{asked_html(m.question)}</p>"
                + feedback_html(m.feedback, matched_pairs(m.question, m.response))
                for m in result.missed
            ]
            self.missed.setHtml("<h2>To look at again</h2>" + "<hr>".join(blocks))
        else:
            self.missed.setHtml(f"<h2>{_all_right(result)}</h2>")
        self.study_button.setEnabled(bool(result.missed))
        self.retry_button.setEnabled(bool(result.missed))
        # The missed questions first, to read; never "Study these cards now", which leaves the
        # results for a study session, where an Enter meant for the last question would land.
        self.focus_target = self.missed if result.missed else self.new_button
        self.focus_target.setFocus(Qt.FocusReason.OtherFocusReason)


class HistoryView(QWidget):
    """Past quizzes, newest first; Enter opens one's results."""

    open_requested = Signal(int)  # quiz session id
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel("<h1>Past quizzes</h1>")
        heading.setAccessibleDescription("Past quizzes")
        self.table = read_only_table(("Finished", "Deck", "Mode", "Right", "Score"), "Past quizzes")
        self.table.setAccessibleDescription("Press Enter to see a quiz's results")
        self.table.activated.connect(self._open)
        self.empty = QLabel("No quizzes yet. Your finished quizzes will be listed here.")
        self.empty.setWordWrap(True)
        back = QPushButton("Bac&k")
        back.clicked.connect(self.back_requested)
        self.button_bar = QWidget()  # not in this layout: the page keeps it in view
        buttons = QHBoxLayout(self.button_bar)
        buttons.addStretch(1)
        buttons.addWidget(back)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self.focus_target: QWidget = self.table  # where focus goes when the place opens
        self._ids: list[int] = []

    def show_history(self, entries: list[QuizHistoryEntry], selected: int | None = None) -> None:
        """List these quizzes and focus the ``selected`` one (a session id), else the newest."""
        self._ids = [e.session_id for e in entries]
        _fill(
            self.table,
            [
                (
                    e.finished_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                    e.deck_name,
                    e.mode.value.capitalize(),
                    f"{e.correct} of {e.total}",
                    _percent(e.correct, e.total),
                )
                for e in entries
            ],
        )
        self.empty.setVisible(not entries)
        if entries:
            self.table.selectRow(self._ids.index(selected) if selected in self._ids else 0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.open_requested.emit(self._ids[rows[0].row()])
