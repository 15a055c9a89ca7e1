"""The Browse table view: rows of cards, sortable headers, columns that can be shown or hidden."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from fibrolearn.ui.browse_model import COLUMNS, CardTableModel


class CardTable(QTableView):
    """Shows a :class:`CardTableModel`; a header click sorts (in SQL) by that column."""

    def __init__(self, model: CardTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card_model = model
        self.setModel(model)
        self.setAccessibleName("Cards")
        self.setAccessibleDescription(
            "Enter edits the note, Delete deletes, Ctrl+J suspends, Ctrl+A selects every card."
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.verticalHeader().hide()

        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # The header would ask the table's selection, per column, whether each of 100,000 rows
        # is selected (a million calls into Python after Ctrl+A); its own empty selection
        # answers at once. Clicking a header sorts; it never selected anything here.
        header.setSelectionModel(QItemSelectionModel(model, header))
        header.setSortIndicator(model.sort_column(), Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_indicator_moved)
        self.setSortingEnabled(True)

        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.column_actions: list[QAction] = []
        for column, spec in enumerate(COLUMNS):
            self.setColumnHidden(column, not spec.shown)
            action = QAction(spec.title, self)
            action.setCheckable(True)
            action.setChecked(spec.shown)
            action.toggled.connect(lambda on, c=column: self.setColumnHidden(c, not on))
            header.addAction(action)
            self.column_actions.append(action)
        self.size_columns()

    def size_columns(self) -> None:
        """Give every column its usual width for the current text size."""
        letter = self.fontMetrics().averageCharWidth()
        for column, spec in enumerate(COLUMNS):
            self.setColumnWidth(column, letter * spec.width)

    def changeEvent(self, event: QEvent) -> None:
        """Columns keep fitting their text when the text size changes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.size_columns()

    def selected_ranges(self) -> list[tuple[int, int]]:
        """The selected rows as (first, last) ranges; the current row if none is selected."""
        ranges = [(r.top(), r.bottom()) for r in self.selectionModel().selection()]
        if not ranges and self.currentIndex().isValid():
            row = self.currentIndex().row()
            ranges = [(row, row)]
        return ranges

    def current_row(self) -> int:
        """The row with the keyboard cursor (-1 when there is none)."""
        return self.currentIndex().row()

    def select_row(self, row: int) -> None:
        """Make ``row`` current and the only one selected."""
        self.selectionModel().setCurrentIndex(
            self.card_model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _sort_indicator_moved(self, column: int, _order: Qt.SortOrder) -> None:
        if COLUMNS[column].sort is not None:
            return
        # Not a sortable column: the model kept its order, so the arrow goes back too.
        query = self.card_model.query
        order = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
        header = self.horizontalHeader()
        blocked = header.blockSignals(True)
        header.setSortIndicator(self.card_model.sort_column(), order)
        header.blockSignals(blocked)
