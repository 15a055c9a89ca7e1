"""The Browse table view: rows of cards, sortable headers, columns that can be shown or hidden.

The columns shown, their widths and the sort start as a :class:`TableLayout` (remembered
from the last start); ``layout_changed`` says when the learner changed any of them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from fibrolearn.ui.browse_layout import TableLayout
from fibrolearn.ui.browse_model import COLUMNS, CardTableModel


class CardTable(QTableView):
    """Shows a :class:`CardTableModel`; a header click sorts (in SQL) by that column."""

    layout_changed = Signal()  # a column shown or hidden, resized, or another sort

    def __init__(
        self, model: CardTableModel, layout: TableLayout, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.card_model = model
        self._letters = dict(layout.widths)  # column widths in average letters
        self._sizing = False
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
        header.setSortIndicator(model.sort_column(), self._sort_order())
        self.setSortingEnabled(True)
        # After the view's own connection, so the model has sorted when this runs.
        header.sortIndicatorChanged.connect(self._sort_indicator_moved)

        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.column_actions: list[QAction] = []
        for column, spec in enumerate(COLUMNS):
            shown = spec.title in layout.shown
            self.setColumnHidden(column, not shown)
            action = QAction(spec.title, self)
            action.setCheckable(True)
            action.setChecked(shown)
            action.toggled.connect(lambda on, c=column: self._show_column(c, on))
            header.addAction(action)
            self.column_actions.append(action)
        self.size_columns()
        header.sectionResized.connect(self._column_resized)

    def layout_now(self) -> TableLayout:
        """The columns, widths and sort as they are now."""
        query = self.card_model.query
        shown = (c.title for i, c in enumerate(COLUMNS) if not self.isColumnHidden(i))
        return TableLayout(frozenset(shown), dict(self._letters), query.sort, query.descending)

    def size_columns(self) -> None:
        """Give every column its width (in letters) at the current text size."""
        letter = self.fontMetrics().averageCharWidth()
        self._sizing = True
        for column, spec in enumerate(COLUMNS):
            self.setColumnWidth(column, round(letter * self._letters[spec.title]))
        self._sizing = False

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

    def _sort_order(self) -> Qt.SortOrder:
        descending = self.card_model.query.descending
        return Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder

    def _sort_indicator_moved(self, column: int, _order: Qt.SortOrder) -> None:
        if COLUMNS[column].sort is not None:
            self.layout_changed.emit()
            return
        # Not a sortable column: the model kept its order, so the arrow goes back too.
        header = self.horizontalHeader()
        blocked = header.blockSignals(True)
        header.setSortIndicator(self.card_model.sort_column(), self._sort_order())
        header.blockSignals(blocked)

    def _stretches(self, column: int) -> bool:
        header = self.horizontalHeader()
        visible = [i for i in range(header.count()) if not header.isSectionHidden(i)]
        return max(visible, key=header.visualIndex, default=-1) == column

    def _show_column(self, column: int, shown: bool) -> None:
        self.setColumnHidden(column, not shown)
        self.layout_changed.emit()

    def _column_resized(self, column: int, _old: int, new: int) -> None:
        # Hiding a column resizes it to 0, and the last column stretches with the window:
        # neither is a width the learner chose.
        if self._sizing or new == 0 or self.isColumnHidden(column) or self._stretches(column):
            return
        self._letters[COLUMNS[column].title] = new / self.fontMetrics().averageCharWidth()
        self.layout_changed.emit()
