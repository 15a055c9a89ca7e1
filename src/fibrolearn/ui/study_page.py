"""The study screen: question, answer, four ratings, and the end-of-session summary."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.enums import Rating
from fibrolearn.domain.study import QueueCounts, SessionSummary, StudyCard
from fibrolearn.services.session import StudySession
from fibrolearn.ui.card_html import STYLE_SHEET, answer_document, question_document
from fibrolearn.ui.formatting import duration_words, long_interval, short_interval


class StudyPage(QWidget):
    """Passive view of a :class:`StudySession`; reports keys and clicks to it."""

    leave_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: StudySession | None = None

        self.title = QLabel()
        self.title.setAccessibleName("Deck")
        self.counts = QLabel()
        self.counts.setAccessibleName("Cards left today")
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.counts)

        self.stack = QStackedWidget()
        self.stack.addWidget(self._card_view())
        self.stack.addWidget(self._finished_view())

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)

        self._shortcut(Qt.Key.Key_Return, self._reveal_or_good)
        self._shortcut(Qt.Key.Key_Enter, self._reveal_or_good)
        self._shortcut(Qt.Key.Key_Escape, self.leave_requested.emit)
        for rating in Rating:
            self._shortcut(Qt.Key(Qt.Key.Key_0 + int(rating)), lambda r=rating: self._rate(r))

    def _card_view(self) -> QWidget:
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName("Card")
        self.browser.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.browser.document().setDefaultStyleSheet(STYLE_SHEET)

        self.show_button = QPushButton("Show answer")
        self.show_button.setAccessibleName("Show answer")
        self.show_button.setAccessibleDescription("Space or Enter")
        self.show_button.clicked.connect(self._reveal)
        self.rating_buttons: dict[Rating, QPushButton] = {}
        ratings = QHBoxLayout()
        for rating in Rating:
            button = QPushButton()
            button.clicked.connect(lambda _checked=False, r=rating: self._rate(r))
            self.rating_buttons[rating] = button
            ratings.addWidget(button)
        self.answer_bar = QWidget()
        self.answer_bar.setLayout(ratings)

        card_view = QWidget()
        card_layout = QVBoxLayout(card_view)
        card_layout.setContentsMargins(0, 0, 0, 0)
        card_layout.addWidget(self.browser, 1)
        card_layout.addWidget(self.show_button)
        card_layout.addWidget(self.answer_bar)
        return card_view

    def _finished_view(self) -> QWidget:

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary_label.setAccessibleName("Session summary")
        self.back_button = QPushButton("Back to decks")
        self.back_button.setAccessibleName("Back to decks")
        self.back_button.clicked.connect(self.leave_requested)
        finished_view = QWidget()
        finished_layout = QVBoxLayout(finished_view)
        finished_layout.addStretch(1)
        finished_layout.addWidget(self.summary_label)
        finished_layout.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignCenter)
        finished_layout.addStretch(1)
        return finished_view

    def _shortcut(self, key: Qt.Key, slot: object) -> None:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    def attach(self, session: StudySession, deck_name: str) -> None:
        """Drive this page from a new session."""
        self.session = session
        self.title.setText(f"<b>{deck_name}</b>")

    # -------------------------------------------------------------- StudyView
    def show_question(self, card: StudyCard, counts: QueueCounts) -> None:
        """Show the question side and wait for Space/Enter."""
        self.stack.setCurrentIndex(0)
        self.counts.setText(
            f"New {counts.new}  ·  Learning {counts.learning}  ·  Due {counts.review}"
        )
        self.browser.setHtml(question_document(card))
        self.answer_bar.hide()
        self.show_button.show()
        self.show_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_answer(self, card: StudyCard) -> None:
        """Reveal the answer side and the rating buttons with their intervals."""
        self.browser.setHtml(answer_document(card))
        for rating, button in self.rating_buttons.items():
            interval = card.intervals[rating]
            button.setText(f"{rating.label}\n{short_interval(interval)}  ({int(rating)})")
            button.setAccessibleName(f"{rating.label}: again in {long_interval(interval)}")
            button.setAccessibleDescription(f"Key {int(rating)}")
        self.show_button.hide()
        self.answer_bar.show()
        self.rating_buttons[Rating.GOOD].setFocus(Qt.FocusReason.OtherFocusReason)

    def show_finished(self, summary: SessionSummary) -> None:
        """Nothing left for today: show what was done."""
        self.stack.setCurrentIndex(1)
        self.counts.clear()
        if summary.reviewed:
            remembered = f"{round((summary.retention or 0) * 100)} %"
            text = (
                f"<h2>All done for today</h2><p>You answered {summary.reviewed} "
                f"card{'s' if summary.reviewed != 1 else ''} in "
                f"{duration_words(summary.seconds)} and remembered {remembered} of them.</p>"
            )
        else:
            text = "<h2>Nothing due right now</h2><p>Come back later, or study another deck.</p>"
        self.summary_label.setText(text)
        self.back_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ input
    def undo(self) -> bool:
        """Take back the last answer (Ctrl+Z)."""
        return self.session.undo() if self.session else False

    def _reveal(self) -> None:
        if self.session:
            self.session.reveal()

    def _rate(self, rating: Rating) -> None:
        if self.session and self.session.revealed:
            self.session.rate(rating)

    def _reveal_or_good(self) -> None:
        if self.stack.currentIndex() == 1:
            self.leave_requested.emit()
        elif self.session is None:
            return
        elif self.session.revealed:
            self.session.rate(Rating.GOOD)
        else:
            self.session.reveal()
