"""Read-only tables of rows: one way to build them, so every table behaves the same."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QHeaderView,
    QSizePolicy,
    QTableWidget,
)

from fibrolearn.ui.in_page import show_in_page


def read_only_table(
    columns: tuple[str, ...], name: str, kind: type[QTableWidget] = QTableWidget
) -> QTableWidget:
    """A table that selects whole rows, one at a time; the first column takes the spare width.

    Tab leaves the table instead of walking its cells, so keyboard users can move on.
    ``kind``: a QTableWidget of one's own, to make instead.
    """
    table = kind(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.setAccessibleName(name)
    make_read_only(table)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(columns)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return table


def make_read_only(table: QTableWidget) -> None:
    """Rows selected whole, nothing editable, and Tab leaving the table (not walking cells)."""
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()


def at_least_rows(table: QTableWidget, rows: int) -> None:
    """Never let ``table`` shrink below its header and ``rows`` rows of the text size in use."""
    rows_height = rows * table.verticalHeader().defaultSectionSize()
    header = table.horizontalHeader().sizeHint().height()
    table.setMinimumHeight(header + rows_height + 2 * table.frameWidth())


def fit_to_rows(table: QTableWidget) -> None:
    """Make ``table`` as tall as its header and rows; the page around it scrolls instead.

    The page follows the row the keyboard moves to (not one the app makes current).
    """
    table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    policy = table.sizePolicy()
    policy.setVerticalPolicy(QSizePolicy.Policy.Fixed)
    table.setSizePolicy(policy)

    def follow(current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and table.hasFocus():
            show_in_page(table, table.visualRect(current))

    table.selectionModel().currentChanged.connect(follow)
