"""A new study day begun while the app is open: the window shows that day's cards.

Left open overnight, the deck list kept saying "nothing due" in the morning, and a card on
screen kept the times its buttons had been given the day before, while its answer was
scheduled from the new day.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from collections.abc import Callable

    from fibrolearn.domain.clock import Clock
    from fibrolearn.services.container import Services
    from fibrolearn.ui.main_window import MainWindow

# Checked this often, rather than timed to the rollover: a computer asleep over it, or a
# clock set or a time zone changed meanwhile, is then noticed within a minute.
CHECK_EVERY_MS = 60_000


class DayTurnWatch(QObject):
    """Checks, while a collection is open, whether its study day has turned."""

    def __init__(self, window: MainWindow, clock: Clock) -> None:
        super().__init__(window)
        self._window = window
        self._clock = clock
        self._study_date: Callable[[datetime], date] | None = None  # of an instant
        self._today: date | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)
        window.collection_ready.connect(self._watch)
        window.decks_changed.connect(self._read_days)  # the rollover hour may have changed

    def _watch(self, services: Services) -> None:
        self._study_date = services.study.study_day().date_of
        self._today = self._study_date(self._clock.now())
        self._timer.start()

    def _read_days(self) -> None:
        if self._window.services is not None:
            self._study_date = self._window.services.study.study_day().date_of

    def check(self) -> None:
        """Show the new day's cards if the day has turned since the last check.

        Not under a dialog (a restore's progress, an edit of the card on screen): the next
        check, once it has closed, does it.
        """
        if self._study_date is None or QApplication.activeModalWidget() is not None:
            return
        today = self._study_date(self._clock.now())
        if today != self._today:
            self._today = today
            self._window.deck_changed()
