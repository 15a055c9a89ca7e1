"""Progress's charts load in the background once the collection is open, without holding the
window: the Qt types on the UI thread a slice at a time, the import on a thread of its own."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import ModuleType

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
    preloader = ChartsPreloader(parent, [], broken)
    preloader.start()

    qtbot.waitUntil(preloader.finished.is_set, timeout=10_000)
    assert uncaught == []


# Runs in a fresh interpreter: the real start, the collection open, the charts loaded in the
# background; then Progress is opened. Prints where pyqtgraph and NumPy were first imported.
_START_THEN_PROGRESS = """
import json, sys, threading
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from fibrolearn.cli import open_services
from fibrolearn.paths import resolve_paths
from fibrolearn.ui.app import create_window
from fibrolearn.ui.charts_preload import ChartsPreloader
from fibrolearn.ui.progress_page import ProgressPage
from fibrolearn.ui.tasks import TaskRunner

WATCHED = ("pyqtgraph", "numpy")
loaded_on = {}

class Watch:
    def find_spec(self, name, path=None, target=None):
        if name in WATCHED:
            loaded_on.setdefault(name, threading.current_thread().name)
        return None

sys.meta_path.insert(0, Watch())
app = QApplication([])
paths = resolve_paths(sys.argv[1])
tasks = TaskRunner()
window = create_window(paths, lambda: open_services(paths), tasks)
result = {}

def when_loaded():
    preloader = window.findChild(ChartsPreloader)
    if preloader is None or not preloader.finished.is_set():
        QTimer.singleShot(10, when_loaded)
        return
    result["loaded_before_visit"] = "fibrolearn.ui.progress_charts" in sys.modules
    window.show_place("progress")
    result["charts_drawn"] = window.findChild(ProgressPage).charts_drawn
    app.quit()

window.collection_ready.connect(lambda _services: when_loaded())
QTimer.singleShot(60_000, app.quit)
app.exec()
tasks.wait()
result["loaded_on"] = loaded_on
print(json.dumps(result))
"""


def test_the_real_start_loads_the_charts_off_the_ui_thread_before_progress_opens(
    paths: AppPaths, deck_file: Path
) -> None:
    services = Services.build(open_collection(paths.collection, paths.backups_dir), SystemClock())
    services.decks.load_deck_files([deck_file])
    services.close()

    shown = subprocess.run(
        [sys.executable, "-c", _START_THEN_PROGRESS, str(paths.data_dir)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result = json.loads(shown.stdout)

    assert result == {
        "loaded_before_visit": True,
        "charts_drawn": True,
        "loaded_on": {"numpy": "charts-preload", "pyqtgraph": "charts-preload"},
    }
