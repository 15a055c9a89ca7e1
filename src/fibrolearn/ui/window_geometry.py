"""Where the main window opens: as it was left, or at a first size that fits the screen."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtWidgets import QWidget

from fibrolearn.ui.text_fit import screen_room

FIRST_SIZE = QSize(960, 720)  # the window's size at its first start, where the screen has room
_KEY = "window/geometry"


def restore_geometry(window: QWidget, settings: QSettings) -> None:
    """Put ``window`` where it was left; at the first start, size it to fit the screen."""
    geometry = settings.value(_KEY)
    if isinstance(geometry, QByteArray) and window.restoreGeometry(geometry):
        return
    # The first size, within the screen: on a small laptop's (1024 x 600, or 768 pixels
    # high with a task bar) 720 ran off its bottom, with the rating buttons and the status
    # bar. Nine tenths of its height: the title bar, not yet known, must fit too.
    room = screen_room(window)
    window.resize(FIRST_SIZE.boundedTo(QSize(room.width(), room.height() * 9 // 10)))


def save_geometry(window: QWidget, settings: QSettings) -> None:
    """Remember where ``window`` is, for the next start."""
    settings.setValue(_KEY, window.saveGeometry())
    settings.sync()
