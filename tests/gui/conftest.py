"""GUI fixtures: a main window on a real temporary collection, and screenshots to look at."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from collection_driving import bare_window
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QWidget

from bulk_collection import NOW, BulkCollection, shared_bulk_collection
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.storage.migrate import open_collection
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.tasks import TaskRunner

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.fixture(autouse=True)
def leftovers_deleted_at_teardown(qapp: QApplication) -> Iterator[None]:
    """Delete what a test closed now, at its teardown, not during the next test's events.

    pytest-qt closes a test's windows and asks Qt to delete them later. A window that Python
    also keeps in a reference cycle (it and a helper object holding each other, as MainWindow
    and DeckActions do) was otherwise deleted whenever the cyclic collector next ran: in CI,
    once in the middle of the next test's window activation, while Qt was sending events down a
    copied list of windows that still held it (a segfault in QWidget::event).
    """
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


@pytest.fixture(scope="session", autouse=True)
def clipboard_emptied_at_the_end(qapp: QApplication) -> Iterator[None]:
    """Empty the clipboard while Python still runs, after the last test.

    The app mends paths copied from it with a QMimeData made in Python (``ui.labels``).
    Offscreen, Qt keeps the clipboard in a static object freed after Python has finished;
    freeing that QMimeData then called into the finished Python, and the test run ended in
    a segfault (status 139) after every test had passed. (A real platform's clipboard goes
    with the application, while Python runs.)
    """
    yield
    qapp.clipboard().clear()


@contextmanager
def application_look_kept(app: QApplication) -> Iterator[None]:
    """Put back afterwards what preferences change on the shared application.

    That is its font (the text size), style sheet and palette, cursor flashing and effects,
    as ``Appearance.apply`` sets them. A style sheet is put back but never taken away:
    clearing it after a theme, then setting one again, crashed Qt (PySide 6.11) in the next
    window. So after the first theme, its sheet and palette stay, matching each other.
    """
    sheet, palette, font = app.styleSheet(), app.palette(), app.font()
    flash = app.cursorFlashTime()
    effects = {effect: app.isEffectEnabled(effect) for effect in Qt.UIEffect}
    try:
        yield
    finally:
        # In Appearance.apply's order: under a sheet, widgets take a new font with the sheet.
        if app.font() != font:
            app.setFont(font)
        if sheet and app.styleSheet() != sheet:
            app.setPalette(palette)
            app.setStyleSheet(sheet)
        app.setCursorFlashTime(flash)
        for effect, enabled in effects.items():
            app.setEffectEnabled(effect, enabled)


@pytest.fixture(autouse=True)
def same_look_for_every_test(qapp: QApplication) -> Iterator[None]:
    """What a GUI test does to the application's look is undone before the next test.

    One QApplication serves every test, and a window's preferences change it for all: after
    a study test set 200 % text, the quiz's own 200 % made 400 % and it scrolled sideways.
    """
    with application_look_kept(qapp):
        yield


@pytest.fixture
def screenshot() -> Callable[[QWidget, str], Path]:
    """Save a widget's pixels under build/screenshots/ so a person can look at them."""

    def save(widget: QWidget, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        assert widget.grab().save(str(path)), f"could not save {path}"
        return path

    return save


@pytest.fixture
def tasks(qtbot) -> Iterator[TaskRunner]:
    """A runner for a window's work on the worker, waited for at the test's end."""
    runner = TaskRunner()
    yield runner
    runner.wait()


@pytest.fixture
def make_window(
    qtbot, paths: AppPaths, clock: FixedClock
) -> Iterator[Callable[[Services], MainWindow]]:
    """Build a shown main window on the given services (call again to 'restart' the app)."""
    windows: list[MainWindow] = []

    def make(services: Services) -> MainWindow:
        window = bare_window(qtbot, paths, clock)
        with qtbot.waitActive(window):
            window.activateWindow()
        window.collection_opened(services)
        windows.append(window)
        return window

    yield make


@pytest.fixture(scope="module")
def bulk(tmp_path_factory: pytest.TempPathFactory) -> BulkCollection:
    """The shared 100,000-card collection (built once per run)."""
    return shared_bulk_collection(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def bulk_services(bulk: BulkCollection, tmp_path_factory) -> Iterator[Services]:
    """Services on the 100,000-card collection, for the tests of one module."""
    opened = Services.build(
        open_collection(bulk.path, tmp_path_factory.mktemp("gui-bulk")), FixedClock(NOW)
    )
    yield opened
    opened.close()


Held = Callable[[object, str], threading.Event]


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[Held]:
    """Hold a method as a slow disk or a large file would.

    ``held(services.backups, "backup")`` makes each call wait (up to 10 s) until the returned
    event is set; every event is set when the test ends.
    """
    events: list[threading.Event] = []

    def hold(owner: object, name: str) -> threading.Event:
        release = threading.Event()
        real = getattr(owner, name)

        def waiting(*args, **kwargs):
            release.wait(10)
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, waiting)
        events.append(release)
        return release

    yield hold
    for release in events:
        release.set()
