"""Progress's charts load in the background once the collection is open, without holding the
window: the Qt types on the UI thread a slice at a time, the import on a thread of its own."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from fresh_start import REAL_START, run_fresh
from PySide6.QtCore import QObject, QTimer

from fibrolearn.domain.clock import SystemClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.storage.migrate import open_collection
from fibrolearn.ui.charts_preload import ChartsPreloader


class _SlowNames(ModuleType):
    """A module whose every name takes a millisecond to resolve, noting the thread it ran on."""

    def __init__(self, count: int) -> None:
        super().__init__("slow_names")
        self.names = [f"Name{number}" for number in range(count)]
        self.resolved_on: list[bool] = []  # for each name resolved: on the main thread?
        self.while_resolving: list[object] = []  # called once, as the first name resolves

    def __dir__(self) -> list[str]:
        return self.names

    def __getattr__(self, name: str) -> str:
        if name not in self.names:
            raise AttributeError(name)
        self.resolved_on.append(threading.current_thread() is threading.main_thread())
        while self.while_resolving:
            self.while_resolving.pop()()
        time.sleep(0.001)
        return name


def test_names_resolve_on_the_ui_thread_in_slices_then_the_load_runs_on_another(qtbot) -> None:
    module = _SlowNames(60)
    parent = QObject()
    loads: list[tuple[str, int]] = []  # the thread's name, names resolved by then
    preloader = ChartsPreloader(
        parent,
        [module],
        lambda: loads.append((threading.current_thread().name, len(module.resolved_on))),
        loaded=lambda: False,
    )
    # An event arriving while the names resolve, such as a key press: handled between slices.
    handled_at: list[int] = []
    module.while_resolving.append(
        lambda: QTimer.singleShot(0, lambda: handled_at.append(len(module.resolved_on)))
    )
    preloader.start()

    qtbot.waitUntil(preloader.finished.is_set, timeout=10_000)

    assert module.resolved_on == [True] * 60
    assert loads == [("charts-preload", 60)]
    assert handled_at and 0 < handled_at[0] < 60, handled_at


def test_a_load_that_fails_still_finishes_and_raises_nothing(qtbot, monkeypatch) -> None:
    uncaught: list[object] = []
    monkeypatch.setattr(threading, "excepthook", uncaught.append)

    def broken() -> None:
        raise ImportError("numpy: cannot load its core")

    parent = QObject()
    preloader = ChartsPreloader(parent, [], broken, loaded=lambda: False)
    preloader.start()

    qtbot.waitUntil(preloader.finished.is_set, timeout=10_000)
    assert uncaught == []


def test_nothing_is_done_once_another_loader_has_loaded_the_charts(qtbot) -> None:
    module = _SlowNames(5)
    loads: list[str] = []
    parent = QObject()
    preloader = ChartsPreloader(
        parent, [module], lambda: loads.append("loaded"), loaded=lambda: True
    )
    preloader.start()

    qtbot.waitUntil(preloader.finished.is_set, timeout=10_000)
    assert module.resolved_on == []
    assert loads == []


# Runs in a fresh interpreter: the real start and the collection open; then Progress is opened,
# once the charts have loaded in the background, or (with "early") straight away. Prints where
# pyqtgraph and NumPy were first imported, and how many Qt types were not yet made then.
_START_THEN_PROGRESS = (
    """
import gc
from PySide6 import QtCore, QtGui, QtWidgets
from fibrolearn.ui.charts_preload import ChartsPreloader
from fibrolearn.ui.progress_page import ProgressPage

WATCHED = ("pyqtgraph", "numpy")
unmade = {}

def at_import(name):  # PySide6 puts a type in its module's namespace once it has made it
    unmade[name] = sum(n not in vars(m) for m in (QtCore, QtGui, QtWidgets) for n in dir(m))
"""
    + REAL_START
    + """
result = {}

def visit():
    window.show_place("progress")
    page = window.findChild(ProgressPage)
    result["numbers_at_visit"] = page.today.text().startswith("Today:")
    result["drawn_at_visit"] = page.history.charts_drawn
    until_drawn(page)

def until_drawn(page):
    if not page.history.charts_drawn:
        QTimer.singleShot(10, lambda: until_drawn(page))
        return
    app.quit()

def when_loaded():
    preloader = window.findChild(ChartsPreloader)
    if preloader is None or not preloader.finished.is_set():
        QTimer.singleShot(10, when_loaded)
        return
    result["loaded_before_visit"] = "fibrolearn.ui.progress_charts" in sys.modules
    visit()

# After the window's own handlers, which add the places and start the preload.
after_opening = visit if sys.argv[2] == "early" else when_loaded
window.collection_ready.connect(lambda _services: QTimer.singleShot(0, after_opening))
app.exec()
tasks.wait()
result.update(loaded_on=loaded_on, unmade=unmade, collecting=gc.isenabled())
print(json.dumps(result))
"""
)


def _start_then_progress(paths: AppPaths, deck_file: Path, when: str) -> dict[str, Any]:
    services = Services.build(open_collection(paths.collection, paths.backups_dir), SystemClock())
    services.decks.load_deck_files([deck_file])
    services.close()
    return run_fresh(_START_THEN_PROGRESS, paths, when)


def test_the_real_start_loads_the_charts_off_the_ui_thread_before_progress_opens(
    paths: AppPaths, deck_file: Path
) -> None:
    result = _start_then_progress(paths, deck_file, "later")

    assert result == {
        "loaded_before_visit": True,
        "numbers_at_visit": True,
        "drawn_at_visit": True,  # at once, with the numbers
        "loaded_on": {"numpy": "charts-preload", "pyqtgraph": "charts-preload"},
        "unmade": {"numpy": 0, "pyqtgraph": 0},  # every Qt type made on the UI thread first
        "collecting": True,
    }


def test_a_visit_before_the_charts_have_loaded_shows_the_rest_and_draws_them_on_arrival(
    paths: AppPaths, deck_file: Path
) -> None:
    """The visit leaves the import to the thread: the window goes on answering meanwhile."""
    result = _start_then_progress(paths, deck_file, "early")

    assert result == {
        "numbers_at_visit": True,
        "drawn_at_visit": False,
        "loaded_on": {"numpy": "charts-preload", "pyqtgraph": "charts-preload"},
        "unmade": {"numpy": 0, "pyqtgraph": 0},
        "collecting": True,
    }
