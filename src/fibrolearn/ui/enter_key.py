"""Enter presses the focused button, as Space does, on every page of the main window."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QPushButton, QWidget


class EnterPressesFocusedButtons(QObject):
    """Makes every button of ``window`` take Enter once it has the focus, whenever added.

    Outside a dialog Qt leaves that to Space alone, unless the button is "auto default".
    Made so as it takes the focus, the button itself takes the key: a key that went to a
    table (Enter on a deck opens Study) never lands on a button focused meanwhile. The window,
    its parent, keeps it; it stops listening as the window goes.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        QApplication.instance().focusChanged.connect(self._focused)

    def _focused(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, QPushButton) and new.window() is self._window:
            new.setAutoDefault(True)
