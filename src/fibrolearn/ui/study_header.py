"""The study screen's header: the deck, how far the session has come, and the cards left."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout

from fibrolearn.ui.announce import spoken
from fibrolearn.ui.formatting import counts_words, progress_words
from fibrolearn.ui.text_fit import LineLabel

if TYPE_CHECKING:
    from fibrolearn.domain.study import SessionProgress


class SessionHeader:
    """A line with the deck's name, the session's progress and counts, then a thin bar.

    Its widgets join the page whose layout :meth:`add_to` puts them in.
    """

    def __init__(self) -> None:
        self.title = QLabel()
        self.title.setAccessibleDescription("Deck")
        self.progress_label = LineLabel()
        self.progress_label.setAccessibleDescription("Session progress")
        self.counts = LineLabel()
        self.counts.setAccessibleDescription("Cards left today")
        self.counts.setProperty("role", "muted")
        for label in (self.title, self.progress_label, self.counts):
            label.setWordWrap(True)  # large text in a narrow window: lines, not overlaps
        self._line = QHBoxLayout()
        self._line.addWidget(self.title, 1)
        self._line.addWidget(self.progress_label)
        self._line.addSpacing(12)
        self._line.addWidget(self.counts)
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setProperty("role", "thin")
        self.progress_bar.setAccessibleName("Session progress")

    def add_to(self, layout: QVBoxLayout) -> None:
        """Put the header's line, then its progress bar, in the page's ``layout``."""
        layout.addLayout(self._line)
        layout.addWidget(self.progress_bar)

    def show_deck(self, deck_name: str) -> None:
        """Title the header with what is being studied."""
        self.title.setText(f"<b>{escape(deck_name)}</b>")

    def show_progress(self, progress: SessionProgress) -> None:
        """Show how far the session has come: by cards, or by minutes with a time goal."""
        line = progress_words(progress)
        self.progress_label.setText(line)  # both labels are read out with commas (LineLabel)
        self.progress_bar.setAccessibleDescription(spoken(line))
        self.counts.setVisible(not progress.gentle)  # no counters of what waits, in gentle mode
        self.counts.setText(counts_words(progress.counts))
        goal = progress.goal
        if goal is not None and goal.minutes is not None and progress.minutes_left is not None:
            self.progress_bar.setRange(0, goal.minutes * 60)
            self.progress_bar.setValue(round((goal.minutes - progress.minutes_left) * 60))
        else:
            self.progress_bar.setRange(0, progress.total)
            self.progress_bar.setValue(progress.number - 1)

    def show_stopped(self) -> None:
        """Study stopped on a card it could not read: no card's progress line, no counts."""
        self.counts.clear()
        self.progress_label.clear()

    def show_finished(self) -> None:
        """The session is over: no progress line or counts, and a full bar."""
        self.counts.clear()
        self.progress_label.clear()
        self.progress_bar.setValue(self.progress_bar.maximum())
