"""The first window shows the decks from the file, before SQLAlchemy or any service loads."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest
from fresh_start import REAL_START, run_fresh
from PySide6.QtCore import QSettings, Qt

from fibrolearn.domain.clock import SystemClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.storage.migrate import open_collection

# Runs in a fresh interpreter: what the real start imports up to the first window, and what
# that window shows, printed before the event loop runs (the collection opens after it).
# As the command line does, the list is read on a thread begun before Qt loads.
_FIRST_WINDOW = """
import json, sys
import fibrolearn.cli
from fibrolearn.domain.clock import SystemClock
from fibrolearn.paths import resolve_paths
from fibrolearn.services.deck_list import EarlyDeckList
paths = resolve_paths(sys.argv[1])
first_decks = EarlyDeckList(paths.collection, SystemClock().now())
from PySide6.QtWidgets import QApplication
from fibrolearn.ui.app import create_window
from fibrolearn.ui.tasks import TaskRunner

app = QApplication([])
window = create_window(paths, None, TaskRunner(), first_decks)
table = window.deck_list.table
print(json.dumps({
    "page": window.pages.currentWidget() is window.deck_list,
    "rows": [[table.item(r, c).text() for c in range(table.columnCount())]
             for r in range(table.rowCount())],
    "loaded": sorted(sys.modules),
}))
"""
HEAVY = {"sqlalchemy", "alembic", "fsrs", "fsrs_rs_python", "numpy", "pyqtgraph"}
# Loaded where they are first needed: each cost the first paint a few milliseconds.
LATER = {
    "nh3",
    "difflib",
    "hashlib",  # OpenSSL's library, for digests of triggers checked only on damage
    "tomllib",  # deck files are read with the collection; the themes' colours are Python
    "fibrolearn.domain.browse",
    "fibrolearn.domain.study",
    "fibrolearn.ui.note_editor",
    "fibrolearn.ui.study_page",  # built when first needed: about 30 ms of the first paint
}


def _collection(paths: AppPaths, deck_file: Path) -> Services:
    services = Services.build(open_collection(paths.collection, paths.backups_dir), SystemClock())
    services.decks.load_deck_files([deck_file])
    return services


def test_first_window_has_the_decks_and_no_heavy_library(paths: AppPaths, deck_file: Path):
    services = _collection(paths, deck_file)
    expected = [
        [d.name, str(d.new), str(d.learning), str(d.due)] for d in services.decks.list_decks()
    ]
    services.close()

    first = run_fresh(_FIRST_WINDOW, paths)

    assert first["page"], "the first window should open on the deck list"
    assert first["rows"] == expected
    packages = {name.split(".")[0] for name in first["loaded"]}
    assert HEAVY.isdisjoint(packages), HEAVY & packages
    assert LATER.isdisjoint(first["loaded"]), LATER & set(first["loaded"])


def test_study_asked_for_before_the_collection_opens_starts_once_it_has(
    qtbot, paths: AppPaths, deck_file: Path
) -> None:
    from fibrolearn.ui.app import create_window
    from fibrolearn.ui.tasks import TaskRunner

    _collection(paths, deck_file).close()
    release = threading.Event()

    def slow_open() -> Services:
        release.wait(30)
        return _collection(paths, deck_file)

    tasks = TaskRunner()
    window = create_window(paths, slow_open, tasks)
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    assert window.pages.currentWidget() is window.deck_list
    qtbot.keyClick(window.deck_list.table, Qt.Key.Key_Return)
    assert window.statusBar().currentMessage() == "Opening your collection…"
    assert window.current_place() == "decks"

    release.set()
    qtbot.waitUntil(lambda: window.current_place() == "study", timeout=30000)
    assert window.study.session is not None
    assert window.statusBar().currentMessage() == ""
    window.close()
    tasks.wait()


def test_the_collector_off_for_the_start_is_on_again_once_the_window_is_painted(
    qtbot, paths: AppPaths, deck_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fibrolearn.ui import app
    from fibrolearn.ui.app import create_window
    from fibrolearn.ui.tasks import TaskRunner

    monkeypatch.setattr(app, "OPEN_UNPAINTED_AFTER_MS", 600_000)  # the paint, not the fallback

    _collection(paths, deck_file).close()
    opened: list[Services] = []
    gc.disable()  # as the launcher leaves it (fibrolearn.__main__)
    try:
        tasks = TaskRunner()
        window = create_window(paths, lambda: _collection(paths, deck_file), tasks)
        qtbot.addWidget(window)
        window.collection_ready.connect(opened.append)
        assert not gc.isenabled(), "on before the window was even painted"
        qtbot.waitUntil(gc.isenabled, timeout=10000)
        qtbot.waitUntil(lambda: bool(opened), timeout=30000)
    finally:
        gc.enable()
    window.close()
    tasks.wait()


def test_a_request_made_on_a_list_that_turned_out_damaged_is_dropped(
    qtbot, paths: AppPaths, deck_file: Path
) -> None:
    from fibrolearn.services.deck_list import read_deck_list
    from fibrolearn.ui.main_window import MainWindow

    _collection(paths, deck_file).close()
    settings = QSettings(str(paths.data_dir / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, SystemClock(), str(paths.data_dir))
    qtbot.addWidget(window)
    first = read_deck_list(paths.collection, SystemClock().now())
    assert first is not None
    window.show_first_deck_list(first)
    with qtbot.waitExposed(window):
        window.show()
    qtbot.keyClick(window.deck_list.table, Qt.Key.Key_Return)  # Study, deferred

    # Opening found damage: the list is dropped; a recovered collection opens later.
    window.collection_unavailable("Your collection was damaged and was set aside.")
    assert window.pages.currentWidget() is window.loading
    recovered = _collection(paths, deck_file)
    window.collection_opened(recovered)
    assert window.current_place() == "decks"  # not the study session asked of the old list
    assert window.study.session is None
    window.close()


# Runs in a fresh interpreter: the real start, until the collection is open; prints which
# thread first imported SQLAlchemy and the services.
_OPENING = (
    'WATCHED = ("sqlalchemy", "fibrolearn.services.container")\n'
    + REAL_START
    + """
opened = []
window.collection_ready.connect(lambda services: (opened.append(services), app.quit()))
app.exec()
tasks.wait()
print(json.dumps({"opened": bool(opened), "loaded_on": loaded_on}))
"""
)


def test_the_collections_code_loads_off_the_ui_thread(paths: AppPaths, deck_file: Path):
    """Importing SQLAlchemy and the services takes longer than drawing the window did."""
    _collection(paths, deck_file).close()

    result = run_fresh(_OPENING, paths)

    assert result["opened"]
    assert set(result["loaded_on"]) == {"sqlalchemy", "fibrolearn.services.container"}
    assert "MainThread" not in result["loaded_on"].values(), result["loaded_on"]


# Runs in a fresh interpreter: the real start, until the window is first painted; prints the
# Qt classes PySide had made Python types for by then (each costs start-up its making).
_PAINTED = """
import json, sys
import PySide6.QtGui, PySide6.QtWidgets
from PySide6.QtWidgets import QApplication
from fibrolearn.paths import resolve_paths
from fibrolearn.ui import app as ui_app
from fibrolearn.ui.tasks import TaskRunner

def painted(window, paths, open_services, tasks):
    made = [name for module in (PySide6.QtGui, PySide6.QtWidgets) for name in vars(module)]
    print(json.dumps({"made": made}))
    QApplication.quit()

ui_app.open_collection = painted  # what follows the first paint
app = QApplication([])
window = ui_app.create_window(resolve_paths(sys.argv[1]), None, TaskRunner())
app.exec()
"""


def test_the_window_is_painted_before_pyside_makes_types_for_every_kind_of_event(
    paths: AppPaths, deck_file: Path
) -> None:
    """Found timing start-up: watched for its first paint from Python, the window passed
    its first event to Python, for which PySide made the types of some fifty kinds of event
    (wheel, tablet, drag...) before it was drawn: 1.5 ms."""
    _collection(paths, deck_file).close()

    made = set(run_fresh(_PAINTED, paths)["made"])

    assert "QPaintEvent" in made  # the window's own paint, as a bare window's
    assert made.isdisjoint({"QWheelEvent", "QTabletEvent", "QDragEnterEvent"})


def test_the_window_is_painted_before_a_message_box_is_made(paths: AppPaths, deck_file: Path):
    """Found timing start-up: the window's module imported QMessageBox for the message of a
    collection that cannot open, and PySide made its type, with its three enumerations,
    before the first paint (1 ms)."""
    _collection(paths, deck_file).close()

    assert "QMessageBox" not in run_fresh(_PAINTED, paths)["made"]
