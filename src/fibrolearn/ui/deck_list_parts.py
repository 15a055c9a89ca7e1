"""The pieces the deck list's page is built of: its scrolling page, button rows, empty state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QTableWidget, QWidget

from fibrolearn.ui.flow_layout import FlowLayout
from fibrolearn.ui.labels import tab_stop


class FittingContent(QWidget):
    """The page in its scroll area, leaving the deck table as much of the window as is free.

    The scroll area makes the page as tall as its height for the width, which counts the
    table with every deck: with many decks at large text the whole page scrolled and the
    buttons went out of sight. Counted with the table at its least height instead, the page
    takes the window's height and the table the room the rest leaves, scrolling its decks.
    """

    def __init__(self, table: QTableWidget) -> None:
        super().__init__()
        self._table = table

    def heightForWidth(self, width: int) -> int:
        """Qt override: the least height that shows everything at ``width``."""
        height = super().heightForWidth(width)
        if height < 0:  # the layout's height does not depend on its width
            return height
        layout = self.layout()
        table = layout.itemAt(layout.indexOf(self._table))
        spare = table.sizeHint().height() - table.minimumSize().height()
        return height - spare


def empty_label() -> QLabel:
    """What the page says with no decks: how to add one, and what to run if its own is gone."""
    label = QLabel(
        "No decks yet. To add one, choose File ▸ Load deck file… for a FibroLearn deck "
        "file, or File ▸ Import… for an Anki package or a text file of cards. "
        "FibroLearn adds its own deck when it first starts: if that one is missing and "
        "you did not delete it, run “fibrolearn check” in a terminal to find out why."
    )
    label.setWordWrap(True)
    # With no decks it takes the focus the table would: a screen reader reads it out, and
    # it can be copied for someone helping.
    tab_stop(label)
    return label


def row_of(*buttons: QPushButton) -> QWidget:
    """Buttons side by side, wrapping onto more rows at large text instead of being cut."""
    row = QWidget()
    layout = FlowLayout(row)
    for button in buttons:
        layout.addWidget(button)
    return row


def scrolling(content: QWidget) -> QScrollArea:
    """Large text in a small window scrolls the page instead of squeezing it together."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from the table to the buttons
    scroll.setWidget(content)
    return scroll
