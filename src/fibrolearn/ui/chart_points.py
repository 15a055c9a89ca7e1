"""A chart's bars read one at a time from the keyboard, for those who cannot see them.

A chart's summary gives its totals; the value of each day, month or state is in the picture
alone. On a focused chart, Left and Right (Home and End for the ends) move along its bars and
say each one in words, "Sunday 8 September 2024: 383 reviews", shown under the chart too;
Ctrl with an arrow moves seven bars, a week on a chart of days.
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
# With Ctrl, seven bars: a week on a chart of days, where a year is 365 bars. (Page Up and
# Page Down stay the page's: they scroll it from a chart as from anywhere in it.)
_LEAP = 7
_KEYPAD = Qt.KeyboardModifier.KeypadModifier


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
        """Qt override: read a bar on an arrow (seven bars on with Ctrl), Home or End."""
        if event.type() != QEvent.Type.KeyPress or not self.count:
            return False
        assert isinstance(event, QKeyEvent)
        index = self._bar_for(event.key(), event.modifiers() & ~_KEYPAD)
        if index is None:
            return False
        self.index = index
        self._announcer.show(self._shown, self.points[index])
        return True

    def _bar_for(self, key: int, modifiers: Qt.KeyboardModifier) -> int | None:
        """The bar a key press reads, or None when the key is not the chart's."""
        last = self.count - 1
        plain = modifiers == Qt.KeyboardModifier.NoModifier
        if plain and key == Qt.Key.Key_Home:
            return 0
        if plain and key == Qt.Key.Key_End:
            return last
        if key not in _MOVES or not (plain or modifiers == Qt.KeyboardModifier.ControlModifier):
            return None
        if self.index is None:  # the first press starts at the end it points away from
            return 0 if _MOVES[key] > 0 else last
        step = _MOVES[key] * (1 if plain else _LEAP)
        return min(last, max(0, self.index + step))
