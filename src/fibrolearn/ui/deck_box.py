"""A list of decks to choose from that a long deck name never widens past the screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter

from fibrolearn.ui.labels import whole_tip

DECK_CHARS = 20  # the closed list's least width, in letters: a longer name is cut there


class DeckBox(QComboBox):
    """A combo box of deck names, as wide as :data:`DECK_CHARS` letters asks, or the room.

    Sized to its contents, a name of 120 letters made its dialog over 2,000 pixels wide at
    200 % text (Export). A name cut to fit ends in "…"; each name, and the chosen one, has
    its whole name as a tooltip (wrapping), and screen readers hear it whole.
    """

    def __init__(self, name: str = "Deck") -> None:
        super().__init__()
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(DECK_CHARS)
        self.setAccessibleName(name)
        self.view().setAccessibleName("Decks")  # the list that drops down
        self.model().rowsInserted.connect(self._tip_rows)

    def _tip_rows(self, _parent: QModelIndex, first: int, last: int) -> None:
        for row in range(first, last + 1):
            self.setItemData(row, whole_tip(self.itemText(row)), Qt.ItemDataRole.ToolTipRole)

    def event(self, event: QEvent) -> bool:
        """Qt override: the tooltip names the deck chosen now (however it was chosen)."""
        if event.type() == QEvent.Type.ToolTip:
            self.setToolTip(whole_tip(self.currentText()))
        return super().event(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Qt override: as QComboBox paints itself, with a name too long for it cut with "…"."""
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, field.width()
        )
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
