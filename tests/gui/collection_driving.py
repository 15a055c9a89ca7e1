"""Driving a collection's life in GUI tests: opening it as the app does, the modal questions
that opening or restoring asks, and studying with the window's notice of failed actions."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from fibrolearn.cli import open_services
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.backup_dialog import BackupDialog
from fibrolearn.ui.collection_features import install_collection_features
from fibrolearn.ui.collection_keeper import CollectionKeeper
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.storage_errors import StorageErrorNotice, install_storage_error_hook
from fibrolearn.ui.study_page import StudyPage
from fibrolearn.ui.tasks import TaskRunner


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


def restore_question_declined(qtbot, dialog: BackupDialog) -> str:
    """Ask to restore the backup selected in ``dialog``; say no; the question it asked."""
    question: list[str] = []

    def decline(box: QMessageBox) -> None:
        question.append(box.text())
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    when_modal(qtbot, decline)
    qtbot.keyClick(dialog.restore_button, Qt.Key.Key_Space)
    return question[0]


def bare_window(qtbot, paths: AppPaths, clock: FixedClock) -> MainWindow:
    """A window as the app starts it: no collection open yet."""
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(paths.config_dir / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, clock, str(paths.data_dir))
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    return window


def keeper_window(
    qtbot, paths: AppPaths, clock: FixedClock, open_services: Callable[[], Services] | None = None
) -> tuple[MainWindow, TaskRunner, CollectionKeeper]:
    """A window as the app starts it, with the keeper that opens its collection (not yet).

    ``open_services`` opens the collection; by default as the app does (:func:`opener`).
    """
    window = bare_window(qtbot, paths, clock)
    tasks = TaskRunner(window)
    keeper = CollectionKeeper(window, tasks, paths, open_services or opener(paths, clock))
    return window, tasks, keeper


def full_window(
    qtbot, paths: AppPaths, clock: FixedClock, services: Services
) -> tuple[MainWindow, TaskRunner, CollectionKeeper]:
    """The main window as the app builds it, every place and menu command, on ``services``.

    Wait for the returned worker (``tasks.wait()``) before the test ends.
    """
    window, tasks, keeper = keeper_window(qtbot, paths, clock, lambda: services)
    install_collection_features(window, tasks, keeper)
    with qtbot.waitActive(window):
        window.activateWindow()
    window.collection_opened(services)
    return window, tasks, keeper


def routed_notice(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, paths: AppPaths | None = None
) -> StorageErrorNotice:
    """The window's notice of failed actions, told of failures in every slot as in the app."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    notice = StorageErrorNotice(window, paths)
    install_storage_error_hook(notice)
    return notice


def study_with_answer_shown(qtbot, window: MainWindow, services: Services) -> StudyPage:
    """The study screen on the first deck's first card, with its answer shown."""
    window.start_study(services.decks.list_decks()[0].deck_id)
    qtbot.keyClick(window.study, Qt.Key.Key_Return)
    assert window.study.session is not None and window.study.session.revealed
    return window.study
