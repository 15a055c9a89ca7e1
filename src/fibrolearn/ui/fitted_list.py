"""A list as tall as its rows at the width it is given: all in view, no empty box below.

A list view asks for a fixed room whatever it holds: a few long answers at large text
scrolled inside it, and a large window stretched it far below a short one. Not scrolling
itself, it has the scroll area it is in (if any) follow its current row: Down on the last
row in sight moved the choice out of sight.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QListView,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QWidget,
)

from fibrolearn.ui.in_page import show_in_page


class FittedList(QListWidget):
    """A list widget whose height is that of its rows, wrapped at its width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # rows wrapped again at a new width
        # Never its own: shown for a moment while the list was still short, it narrowed the
        # rows, which wrapped onto one line more, and the page scrolled 28 px more than needed.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        policy = self.sizePolicy()
        policy.setVerticalPolicy(QSizePolicy.Policy.Fixed)
        self.setSizePolicy(policy)
        self._fitted = -1  # the height last asked for
        self.currentItemChanged.connect(self._follow)

    def sizeHint(self) -> QSize:
        """Qt override: the usual width, and the height of every row."""
        return QSize(super().sizeHint().width(), self._rows_height())

    def updateGeometries(self) -> None:
        """Qt override: the rows were laid out again; ask for their new height if it changed."""
        super().updateGeometries()
        height = self._rows_height()
        if height != self._fitted:
            self._fitted = height
            self.updateGeometry()

    def _rows_height(self) -> int:
        frame = 2 * self.frameWidth()
        if self.count() == 0:
            return frame + self.fontMetrics().height()
        top = self.visualItemRect(self.item(0)).top()
        bottom = self.visualItemRect(self.item(self.count() - 1)).bottom()
        return frame + bottom - top + 1 + 2 * self.spacing()

    def _follow(self, current: QListWidgetItem | None) -> None:
        """Bring the row the learner moved to into view in the scroll area around the list.

        Only with the focus here: a row made current by the app (the first, as a question
        opens) must not scroll the page away from its top.
        """
        if current is not None and self.hasFocus():
            show_in_page(self, self.visualItemRect(current))
