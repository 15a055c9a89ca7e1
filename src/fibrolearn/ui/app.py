"""Start the Qt application: window first, collection opened in the background."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from fibrolearn import __version__
from fibrolearn.domain.clock import SystemClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.collection_features import install_collection_features
from fibrolearn.ui.collection_keeper import CollectionKeeper
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.markers import announce_first_paint
from fibrolearn.ui.single_instance import ActivationServer
from fibrolearn.ui.storage_errors import install_storage_error_hook
from fibrolearn.ui.tasks import TaskRunner


def ui_settings(paths: AppPaths) -> QSettings:
    """Window geometry and other UI preferences, in the config folder as an INI file."""
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    return QSettings(str(paths.config_dir / "ui.ini"), QSettings.Format.IniFormat)


def create_window(
    paths: AppPaths, open_services: Callable[[], Services], tasks: TaskRunner
) -> MainWindow:
    """Build and show the main window, and start opening the collection behind it."""
    window = MainWindow(ui_settings(paths), SystemClock(), str(paths.data_dir))
    window.show()
    keeper = CollectionKeeper(window, tasks, paths, open_services)
    install_collection_features(window, tasks, keeper)
    install_storage_error_hook(keeper.notice)
    ActivationServer(paths, window)
    announce_first_paint(window.deck_list, "deck-list-drawn")
    keeper.open()
    return window


def run_gui(paths: AppPaths, open_services: Callable[[], Services]) -> int:
    """Run the app until its window closes; returns the exit status."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("FibroLearn")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("FibroLearn")
    app.setDesktopFileName("fibrolearn")
    tasks = TaskRunner()
    window = create_window(paths, open_services, tasks)
    status = app.exec()
    tasks.wait()
    del window
    return status
