"""An answer on the study screen, in the app's own window: from the rating key to the next card.

The window (offscreen Qt, 1180×760) studies the largest deck of its own copy of a collection,
as ``bench_study``'s service calls do in theirs: the same ratings, the same clock. For each
card, Space turns it over (untimed, once drawn); then the rating's key is pressed where the
focus is, and the time runs from that press until the next card's question has been painted
(after the day's last card, the summary): the answer saved, the next card and the counts
read, the card's text and the header set, the page laid out and every part of the window
that changed drawn, into Qt's offscreen backing store (a display's compositor is not in it).
"""

from __future__ import annotations

import os

# Before PySide6 is imported: the window is drawn offscreen, never on a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import time
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bench.context import BenchContext
from bench.generate import NOW
from bench.paint_watch import PaintWatch
from bench.study_answers import ANSWERS, BETWEEN_ANSWERS, kind_of, ratings
from fibrolearn.cli import open_services
from fibrolearn.domain.clock import FixedClock
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.study_page import StudyPage

SETTLE_S = 0.5  # after the collection opens: the places built meanwhile are not timed
ACTIVE_TIMEOUT_S = 10.0


@dataclass(frozen=True, slots=True)
class ScreenAnswers:
    """Each answer's milliseconds on the study screen, and the kind of card answered."""

    times: list[float]
    kinds: list[str]


def measure_screen(context: BenchContext, size: str) -> ScreenAnswers:
    """The rest of the day in the largest deck, answered in the app's window at ``size``."""
    app = QApplication.instance() or QApplication([])
    paths = context.data_dir(size, "study-screen")
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(paths.config_dir / "ui.ini"), QSettings.Format.IniFormat)
    clock = FixedClock(NOW)
    window = MainWindow(settings, clock, str(paths.data_dir))
    window.resize(1180, 760)
    window.show()
    services = open_services(paths, clock)  # the window closes them
    window.collection_opened(services)
    try:
        _settle(app, window)
        decks = services.decks.list_decks()
        window.start_study(max(decks, key=lambda deck: deck.total).deck_id)
        return _answer_the_day(app, window.study, clock)
    finally:
        window.close()


def _settle(app: QCoreApplication, window: MainWindow) -> None:
    """Let the window become active (its keys work only then) and finish opening."""
    window.activateWindow()
    started = time.perf_counter()
    while not window.isActiveWindow() or time.perf_counter() - started < SETTLE_S:
        app.processEvents()
        time.sleep(0.001)
        if time.perf_counter() - started > ACTIVE_TIMEOUT_S:
            raise RuntimeError("the window never became active")


def _answer_the_day(app: QCoreApplication, page: StudyPage, clock: FixedClock) -> ScreenAnswers:
    watch = PaintWatch("the study card", page.browser.viewport(), page.summary_label)
    app.processEvents()
    times, kinds = [], []
    for rating in ratings():
        session = page.session
        if session is None or session.card is None or len(times) == ANSWERS:
            break
        kinds.append(kind_of(session.card.state.state))
        watch.time(app, lambda: _press(Qt.Key.Key_Space))
        times.append(watch.time(app, lambda r=rating: _press(Qt.Key(Qt.Key.Key_0 + int(r)))))
        clock.advance(BETWEEN_ANSWERS)
    return ScreenAnswers(times, kinds)


def _press(key: Qt.Key) -> None:
    """Press ``key`` where the focus is, as a learner's keyboard does."""
    QTest.keyClick(QApplication.focusWidget(), key)
