"""GUI fixtures: a main window on a real temporary collection, and screenshots to look at."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from collection_driving import bare_window
from PySide6.QtWidgets import QWidget

from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.main_window import MainWindow

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


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
