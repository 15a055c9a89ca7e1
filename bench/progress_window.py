"""The Progress place opened for the first time in the app's own window, as a learner opens it.

Run by ``bench.bench_progress`` in a fresh process:
``python -m bench.progress_window DATA_DIR [early]``. The window opens its collection with the
app's own wiring (``fibrolearn.ui.app.open_collection``: the places, the memory settling that
follows the opening), waits until its start-up backup check is done, the charts have been
loaded in the background (``ui.charts_preload``) and the app is idle, then shows Progress.
Prints numbers of milliseconds: from the collection being open until the charts were loaded;
from showing Progress until its page was painted (the numbers and the map, and the charts if
they were loaded); until every chart had been drawn; and the longest the window stood still
in between (one turn of its event loop). With ``early``, Progress is shown as soon as the
collection is open, before its page is built (``ui.places``) and the charts could load in the
background (the slowest a first visit can be: the page shows what it has, and draws the
charts when they arrive), and the first number is left out.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from bench.generate import NOW
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import resolve_paths
from fibrolearn.services.container import Services
from fibrolearn.storage.migrate import open_collection as open_database
from fibrolearn.ui.app import open_collection
from fibrolearn.ui.charts_preload import ChartsPreloader
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.tasks import TaskRunner

IDLE_S = 0.5  # after the start-up backup check: the deck list and the study position settle
TIMEOUT_S = 60.0


def _wait(app: QApplication, until, what: str) -> float:  # type: ignore[no-untyped-def]
    """Turn the event loop until ``until()``; returns the longest turn, in milliseconds."""
    started = time.perf_counter()
    longest = 0.0
    while not until():
        turn = time.perf_counter()
        app.processEvents()
        longest = max(longest, time.perf_counter() - turn)
        time.sleep(0.001)  # idle, as the app is between events: the background work runs
        if time.perf_counter() - started > TIMEOUT_S:
            raise RuntimeError(f"gave up waiting for {what}")
    return longest * 1000


def main(argv: list[str]) -> int:
    paths = resolve_paths(Path(argv[0]))
    early = argv[1:] == ["early"]
    app = QApplication.instance() or QApplication(sys.argv)
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(paths.config_dir / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, FixedClock(NOW), str(paths.data_dir))
    window.resize(1180, 900)
    window.show()
    tasks = TaskRunner()
    opened: list[object] = []
    window.collection_ready.connect(opened.append)
    open_collection(
        window,
        paths,
        lambda: Services.build(open_database(paths.collection, paths.backups_dir), FixedClock(NOW)),
        tasks,
    )
    _wait(app, lambda: bool(opened), "the collection to open")
    opened_at = time.perf_counter()
    loaded = ""
    progress = window.places["progress"]
    if not early:
        # Made with the page, which is built on a turn of its own after the opening.
        _wait(app, lambda: progress.built, "Progress's page to be built")
        preloader = progress.widget.findChild(ChartsPreloader)
        _wait(app, preloader.finished.is_set, "the charts to load")
        loaded = f"{(time.perf_counter() - opened_at) * 1000:.1f} "
        _wait(app, lambda: not tasks.busy, "the start-up backup check")
        settle = time.perf_counter() + IDLE_S
        _wait(app, lambda: time.perf_counter() > settle, "the app to settle")
    from fibrolearn.ui.progress_page import ProgressPage  # loaded by the window by now

    started = time.perf_counter()
    window.show_place("progress")
    page = progress.widget
    assert isinstance(page, ProgressPage)
    page.repaint()
    shown = (time.perf_counter() - started) * 1000
    longest_stall = _wait(app, lambda: page.history.charts_drawn, "the charts")
    page.repaint()
    drawn = (time.perf_counter() - started) * 1000
    print(f"{loaded}{shown:.1f} {drawn:.1f} {longest_stall:.1f}")
    window.close()
    tasks.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
