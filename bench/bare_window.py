"""The yardstick for start-up: a bare PySide6 window showing one label.

Prints the same marker the app prints when its deck list is first drawn, so both are timed
from process start to first paint in the same way.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel


class _Label(QLabel):
    painted = False

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            print("fibrolearn-marker: deck-list-drawn", flush=True)


if __name__ == "__main__":
    app = QApplication(sys.argv)
    label = _Label("Hello")
    label.resize(900, 680)
    label.show()
    sys.exit(app.exec())
