"""Start the Qt application: the deck list first, everything else behind it.

The first window is built from Qt and the plain-SQL deck list alone. SQLAlchemy, the
services and the other places load only after it has been painted, because importing them
takes several times longer than a bare Qt window needs to start; and they load on the
background worker, so the window shown meanwhile still answers.
"""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from fibrolearn import __version__
from fibrolearn.domain.clock import SystemClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.deck_list import read_deck_list
from fibrolearn.ui.app_preferences import ui_settings
from fibrolearn.ui.first_paint import after_first_paint
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.markers import announce_first_paint, marker
from fibrolearn.ui.tasks import TaskRunner
from fibrolearn.ui.theme import new_application

if TYPE_CHECKING:
    from fibrolearn.services.container import Services
    from fibrolearn.services.deck_list import DeckList

DECK_LIST_MARKER = "deck-list-drawn"
# A window that is never painted (started minimized) still opens its collection.
OPEN_UNPAINTED_AFTER_MS = 1500
# How soon a window that could not lock its folder (read-only at start) locks it once it can:
# until then a copy started on the folder could write beside it.
TAKE_FOLDER_EVERY_MS = 2000
# Everything the window's collection features import that Qt does not: loaded off the UI thread.
COLLECTION_CODE = ("fibrolearn.services.container", "fibrolearn.services.recovery")


def create_window(
    paths: AppPaths,
    open_services: Callable[[], Services],
    tasks: TaskRunner,
    first_decks: Callable[[], DeckList | None] | None = None,
) -> MainWindow:
    """Show the main window with the decks, then open the collection behind it.

    ``first_decks`` gives the deck list read from the file (``EarlyDeckList``, begun before Qt
    loaded); without it the list is read here.
    """
    clock = SystemClock()
    window = MainWindow(ui_settings(paths), clock, str(paths.data_dir))
    if first_decks is None:
        first_list = read_deck_list(paths.collection, clock.now())
    else:
        first_list = first_decks()
    if first_list is not None:
        window.show_first_deck_list(first_list)
    else:  # first start, an upgrade or a problem: the decks come with the collection
        window.collection_ready.connect(
            # The table itself: the page is covered by its scroll area, which gets the paints.
            lambda _services: announce_first_paint(
                window.deck_list.table.viewport(), DECK_LIST_MARKER
            )
        )
    window.show()

    def painted() -> None:
        if first_list is not None:
            marker(DECK_LIST_MARKER)  # the deck list was in that first paint
        try:
            open_collection(window, paths, open_services, tasks)
        finally:
            gc.enable()  # off while the app started (see fibrolearn.__main__)

    after_first_paint(
        window, painted, fallback_ms=OPEN_UNPAINTED_AFTER_MS, painted=window.first_painted
    )
    return window


def open_collection(
    window: MainWindow, paths: AppPaths, open_services: Callable[[], Services], tasks: TaskRunner
) -> None:
    """Load what works on the collection (after the first paint) and start opening it.

    SQLAlchemy and the services load on the worker: on the UI thread their import held the
    shown window still for longer than it took to draw (0.4–0.9 s, at any size).
    """
    from fibrolearn.ui.single_instance import ActivationServer  # noqa: PLC0415

    # Listen first, so a second copy started now finds this one before the slow part.
    ActivationServer(paths, window)
    tasks.run(
        _load_collection_code,
        lambda _loaded: _start_opening(window, paths, open_services, tasks),
        window.collection_failed,
    )


def _load_collection_code() -> None:
    """Import the services and what they use (SQLAlchemy, the storage layer)."""
    for name in COLLECTION_CODE:
        importlib.import_module(name)


def _start_opening(
    window: MainWindow, paths: AppPaths, open_services: Callable[[], Services], tasks: TaskRunner
) -> None:
    # Imported here, not at the top: they need the services, loaded by now.
    try:
        from fibrolearn.ui.collection_features import install_collection_features  # noqa: PLC0415
        from fibrolearn.ui.collection_keeper import CollectionKeeper  # noqa: PLC0415
        from fibrolearn.ui.storage_errors import install_storage_error_hook  # noqa: PLC0415
    except ImportError as error:  # a broken install, said as when the services cannot load
        window.collection_failed(error)
        return

    keeper = CollectionKeeper(window, tasks, paths, open_services)
    install_collection_features(window, tasks, keeper)
    install_storage_error_hook(keeper.notice)
    # On a turn of its own, after what came meanwhile is handled (Quiz's and Progress's pages,
    # built later still, stay unfrozen: about 1,500 objects).
    window.collection_ready.connect(lambda _services: QTimer.singleShot(0, settle_memory))
    keeper.open()


def settle_memory() -> None:
    """Once the collection is open, keep Python's collector off what lives as long as the app.

    A cyclic collection walks every object, and a background job (an export, an import)
    triggers many; walking the app's own hundred thousand objects each time held the UI
    thread up to ~130 ms. Frozen, they are no longer walked (~50 ms at most, measured on a
    145,000-card export).

    Garbage goes first, so that little of it is kept. When the app starts, only the young
    generations are collected: a full collection then found nothing to free among the app's
    ~93,000 objects and held the window still for 60-100 ms (garbage that had grown old
    would be kept for the run). When a collection is opened again (after a restore), the
    objects of the one before were frozen with the app's: all are collected.
    """
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    else:
        gc.collect(1)
    gc.freeze()


def run_gui(
    paths: AppPaths,
    open_services: Callable[[], Services],
    first_decks: Callable[[], DeckList | None] | None = None,
    take_folder: Callable[[], bool] | None = None,
) -> int:
    """Run the app until its window closes; returns the exit status.

    ``first_decks`` is as for :func:`create_window`. ``take_folder``, for a folder that could
    not be locked at start, is tried every ``TAKE_FOLDER_EVERY_MS`` until it says it is.
    """
    app = QApplication.instance() or new_application(sys.argv)
    app.setApplicationName("FibroLearn")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("FibroLearn")
    app.setDesktopFileName("fibrolearn")
    tasks = TaskRunner()
    window = create_window(paths, open_services, tasks, first_decks)
    if take_folder is not None:
        _until_done(take_folder, TAKE_FOLDER_EVERY_MS, window)
    hook = sys.excepthook
    status = app.exec()
    sys.excepthook = hook  # the window's notice of failures goes with the window
    tasks.wait()
    del window
    return status


def _until_done(attempt: Callable[[], bool], interval_ms: int, parent: QObject) -> None:
    """Call ``attempt`` every ``interval_ms`` until it returns True (or ``parent`` goes)."""
    timer = QTimer(parent)

    def tick() -> None:
        if attempt():
            timer.stop()

    timer.timeout.connect(tick)
    timer.start(interval_ms)
