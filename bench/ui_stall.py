"""The app, started in this process, timing how long its UI thread is away from its events.

A 5 ms timer ticks on the UI thread from before the window is built. Between the deck list's
first paint and the collection being open (the app's own markers), the longest time between
two ticks is how long a key press or a repaint could have waited. It is printed as a marker
of its own, in milliseconds; so is the longest from then until Progress's charts have loaded in
the background (``ui.charts_preload``); then the app is asked to quit. Run by ``bench_startup``
(not timed with the other starts: the ticks take turns with the app for Python's lock)::

    python -m bench.ui_stall --data-dir FOLDER
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from typing import TextIO

STALL_MARKER = "fibrolearn-marker: longest-stall"
CHARTS_STALL_MARKER = "fibrolearn-marker: longest-stall-while-charts-load"
TICK_MS = 5


class _MarkerWatch:
    """Stands in for stdout: passes everything on, and notes when each marker was printed."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self.seen: dict[str, float] = {}

    def write(self, text: str) -> int:
        for line in text.splitlines():
            if line.startswith("fibrolearn-marker: "):
                self.seen.setdefault(line.removeprefix("fibrolearn-marker: "), time.perf_counter())
        return self._out.write(text)

    def flush(self) -> None:
        self._out.flush()


def longest_gap(ticks: list[float], start: float, end: float) -> float:
    """The longest time in [start, end] with no tick, in seconds."""
    inside = [start, *(t for t in ticks if start < t < end), end]
    return max(later - earlier for earlier, later in itertools.pairwise(inside))


def main() -> int:
    # Imported here: bench_startup reads this module's marker without loading Qt.
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    os.environ["FIBROLEARN_MARKERS"] = "1"
    app = QApplication(sys.argv[:1])
    ticks: list[float] = []
    ticker = QTimer()
    ticker.setInterval(TICK_MS)
    ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))
    ticker.start()
    watch = _MarkerWatch(sys.stdout)
    sys.stdout = watch

    def until_open() -> None:
        if "collection-opened" not in watch.seen:
            QTimer.singleShot(TICK_MS, until_open)
            return
        drawn, opened = watch.seen["deck-list-drawn"], watch.seen["collection-opened"]
        print(f"{STALL_MARKER} {longest_gap(ticks, drawn, opened) * 1000:.0f}", flush=True)
        until_charts(opened)

    def until_charts(opened: float) -> None:
        from fibrolearn.ui.charts_preload import ChartsPreloader  # the app is loaded by now

        preloaders = [w.findChild(ChartsPreloader) for w in app.topLevelWidgets()]
        if not any(p is not None and p.finished.is_set() for p in preloaders):
            QTimer.singleShot(TICK_MS, lambda: until_charts(opened))
            return
        gap = longest_gap(ticks, opened, time.perf_counter())
        print(f"{CHARTS_STALL_MARKER} {gap * 1000:.0f}", flush=True)
        app.quit()

    QTimer.singleShot(TICK_MS, until_open)
    from fibrolearn import cli  # the app loads after the ticks start

    return cli.main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
