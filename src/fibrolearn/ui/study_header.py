"""The study screen's header: the deck, how far the session has come, and the cards left.

The deck's name (or a focused set's longer title) goes beside the progress line and counts
where all three fit on one line, and above them where they do not: squeezed beside them at
large text sizes, a title wrapped one word to a line.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QBoxLayout, QLabel, QProgressBar, QVBoxLayout

from fibrolearn.ui.announce import spoken
from fibrolearn.ui.formatting import counts_words, progress_words
from fibrolearn.ui.labels import breakable_words
from fibrolearn.ui.text_fit import LineLabel

if TYPE_CHECKING:
    from fibrolearn.domain.study import SessionProgress


_GAP = 12  # between the title, the progress line and the counts


class _HeaderLine(QBoxLayout):
    """The title, then the progress line and counts: side by side where they fit, else stacked.

    The progress line and counts go under one another too where they do not fit on one line.

    Decided as the page lays the line out at a width: no turn of the event loop later, so it
    never shows squeezed first.
    """

    def __init__(self, title: QLabel, figures: tuple[QLabel, QLabel]) -> None:
        super().__init__(QBoxLayout.Direction.LeftToRight)
        self._title = title
        self._name = ""
        self.setSpacing(_GAP)
        self.addWidget(title, 1)
        self._labels = figures
        self._figures = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._figures.setSpacing(_GAP)
        for label in figures:
            self._figures.addWidget(label)
        self._figures.addStretch(1)  # under the title, they stay at the start of their line
        self.addLayout(self._figures)

    def show_name(self, name: str) -> None:
        """The title now reads ``name`` (in bold)."""
        self._name = name
        self.invalidate()

    def heightForWidth(self, width: int) -> int:
        """Qt override: the line's height at ``width``, laid out as it would be there.

        Worked out, not laid out: Qt asks at many widths (the window's least, say), and
        turning the line each time made the whole page lay itself out again and again.
        """
        beside, figures_beside = self._fits(width)
        if (beside, figures_beside) == (_is_beside(self), _is_beside(self._figures)):
            return super().heightForWidth(width)
        shown = self._shown()
        if figures_beside:  # each on one line, as they fit
            figures = max(
                (label.heightForWidth(label.sizeHint().width()) for label in shown), default=0
            )
        else:
            figures = sum(label.heightForWidth(width) for label in shown) + _GAP * (len(shown) - 1)
        if beside:
            rest = sum(label.sizeHint().width() for label in shown) + _GAP * len(shown)
            return max(self._title.heightForWidth(width - rest), figures)
        return self._title.heightForWidth(width) + _GAP + figures

    def setGeometry(self, rect: QRect) -> None:
        """Qt override: lay the line out in ``rect``, the title beside the figures or above."""
        beside, figures_beside = self._fits(rect.width())
        _lay_out(self, beside=beside)
        _lay_out(self._figures, beside=figures_beside)
        super().setGeometry(rect)

    def _shown(self) -> list[QLabel]:
        return [label for label in self._labels if not label.isHidden()]

    def _fits(self, width: int) -> tuple[bool, bool]:
        """Whether at ``width`` the title fits beside the figures, and they beside each other."""
        bold = self._title.font()
        bold.setBold(True)
        title = QFontMetricsF(bold).horizontalAdvance(self._name) + 2  # a pixel's fraction
        shown = [label.sizeHint().width() for label in self._shown()]
        figures = sum(shown) + _GAP * (len(shown) - 1)
        return title + _GAP + figures <= width, figures <= width


def _is_beside(layout: QBoxLayout) -> bool:
    return layout.direction() == QBoxLayout.Direction.LeftToRight


def _lay_out(layout: QBoxLayout, *, beside: bool) -> None:
    """Lay out ``layout``'s items side by side, or each under the one before."""
    direction = QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
    if layout.direction() != direction:
        layout.setDirection(direction)


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
        self._line = _HeaderLine(self.title, (self.progress_label, self.counts))
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
        self.title.setText(f"<b>{escape(breakable_words(deck_name))}</b>")  # never too wide
        self._line.show_name(deck_name)

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
