"""The yardstick for start-up: a bare PySide6 window showing one label.

Prints the same marker the app prints when its deck list is first drawn, at the same moment:
on the first turn of the event loop after the first paint (the app cannot know earlier that
its whole window, not only one widget, has been drawn), so both are timed alike.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel


class _Label(QLabel):
    painted = False

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, lambda: print("fibrolearn-marker: deck-list-drawn", flush=True))


if __name__ == "__main__":
    app = QApplication(sys.argv)
    label = _Label("Hello")
    label.resize(900, 680)
    label.show()
    sys.exit(app.exec())
