"""A chart's bars read one at a time from the keyboard, for those who cannot see them.

A chart's summary gives its totals; the value of each day, month or state is in the picture
alone. On a focused chart, Left and Right (Home and End for the ends) move along its bars and
say each one in words, "Sunday 8 September 2024: 383 reviews", shown under the chart too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QWidget

from fibrolearn.ui.announce import Announcer

# Said with the chart's summary, so that a screen-reader user learns the keys are there.
POINTS_HINT = "Left and Right arrows read each bar."

_MOVES = {
    Qt.Key.Key_Left: -1,
    Qt.Key.Key_Right: 1,
}


class PointReader(QObject):
    """Reads ``points`` (one text per bar, left to right) as the arrows move on ``chart``."""

    def __init__(self, chart: QWidget, shown: QLabel) -> None:
        super().__init__(chart)
        self._shown = shown
        self._announcer = Announcer(chart)
        self.count = 0  # bars to read
        self._words: Callable[[], Sequence[str]] = tuple
        self._points: tuple[str, ...] | None = None
        self.index: int | None = None  # the bar read last; None until an arrow is pressed
        shown.hide()
        chart.installEventFilter(self)

    def set_points(self, count: int, words: Callable[[], Sequence[str]]) -> None:
        """A chart just drawn with ``count`` bars; ``words`` gives a text per bar when asked.

        The words are made at the first key press, not with the chart: a year of dates in
        words took some 8 ms, which the page's first opening never pays.
        """
        self.count = count
        self._words = words
        self._points = None
        self.index = None
        self._shown.hide()

    @property
    def points(self) -> tuple[str, ...]:
        """Each bar in words, left to right."""
        if self._points is None:
            self._points = tuple(self._words())
        return self._points

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: move along the bars on an arrow, Home or End without modifiers."""
        if event.type() != QEvent.Type.KeyPress or not self.count:
            return False
        assert isinstance(event, QKeyEvent)
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        key = event.key()
        last = self.count - 1
        if key == Qt.Key.Key_Home:
            index = 0
        elif key == Qt.Key.Key_End:
            index = last
        elif key in _MOVES:
            if self.index is None:  # the first press starts at the end it points away from
                index = 0 if _MOVES[key] > 0 else last
            else:
                index = min(last, max(0, self.index + _MOVES[key]))
        else:
            return False
        self.index = index
        self._announcer.show(self._shown, self.points[index])
        return True
