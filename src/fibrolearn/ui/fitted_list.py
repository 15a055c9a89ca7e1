"""A list as tall as its rows at the width it is given: all in view, no empty box below.

A list view asks for a fixed room whatever it holds: a few long answers at large text
scrolled inside it, and a large window stretched it far below a short one.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QListView, QListWidget, QSizePolicy, QWidget


class FittedList(QListWidget):
    """A list widget whose height is that of its rows, wrapped at its width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # rows wrapped again at a new width
        policy = self.sizePolicy()
        policy.setVerticalPolicy(QSizePolicy.Policy.Fixed)
        self.setSizePolicy(policy)
        self._fitted = -1  # the height last asked for

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
