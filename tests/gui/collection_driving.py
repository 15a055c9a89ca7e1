"""Driving a collection's life in GUI tests: opening it as the app does, and the modal
questions that opening or restoring asks."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from fibrolearn.cli import open_services
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.main_window import MainWindow


def opener(paths: AppPaths, clock: FixedClock) -> Callable[[], Services]:
    return lambda: open_services(paths, clock, deck_files=())  # the app's, no bundled decks


def when_modal(qtbot, act: Callable[[QMessageBox], None]) -> None:
    """Act on the next modal message box as soon as it is up (it blocks the caller)."""

    def attempt() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            act(box)
        else:
            QTimer.singleShot(20, attempt)

    QTimer.singleShot(0, attempt)


def bare_window(qtbot, paths: AppPaths, clock: FixedClock) -> MainWindow:
    """A window as the app starts it: no collection open yet."""
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(paths.config_dir / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, clock, str(paths.data_dir))
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    return window
