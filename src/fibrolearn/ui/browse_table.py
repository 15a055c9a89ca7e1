"""The Browse table view: rows of cards, sortable headers, columns that can be shown or hidden.

The columns shown, their widths and the sort start as a :class:`TableLayout` (remembered
from the last start); ``layout_changed`` says when the learner changed any of them. Sorting and
choosing columns need no mouse: :attr:`CardTable.sort_menu` and :attr:`CardTable.columns_menu`
do both, and the context-menu key (or Shift+F10) on the table asks for a menu holding them.
A sort keeps the place: the selected cards stay selected and the current card current, in
their new rows, scrolled to; the page does the same after a change (see :meth:`CardTable.place`).
A new sort is announced to screen readers.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QContextMenuEvent,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from fibrolearn.domain.browse import CardQuery
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.browse_layout import TableLayout
from fibrolearn.ui.browse_model import COLUMNS, CardTableModel

# The keys that open the table's menu from the keyboard. Qt does not turn them into a
# context-menu event everywhere (Shift+F10 hardly anywhere), so the table handles them itself.
MENU_KEYS = (QKeySequence(Qt.Key.Key_Menu), QKeySequence("Shift+F10"))
# Selected cards found again after a sort. A bigger selection of only some rows (not all of
# them) is not listed card by card: the current card alone stays selected, if it was.
KEPT_SELECTION = 5000


@dataclass(frozen=True, slots=True)
class Place:
    """Where the learner was before the rows changed (a sort, or a change to the cards)."""

    query: CardQuery  # the order the rows were in
    current: int | None  # the card with the keyboard cursor
    column: int  # the cursor's column
    selected: tuple[int, ...] | None  # the selected cards; None when every row was selected
    # Where the cursor goes when its card is gone: the row the next card moves up to once the
    # selected cards above the cursor's, and its own, are gone too.
    row: int = 0


class CardTable(QTableView):
    """Shows a :class:`CardTableModel`; a header click sorts (in SQL) by that column."""

    layout_changed = Signal()  # a column shown or hidden, resized, or another sort
    menu_requested = Signal(QPoint)  # where a context menu should open, on the screen

    def __init__(
        self, model: CardTableModel, layout: TableLayout, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.card_model = model
        self._letters = dict(layout.widths)  # column widths in average letters
        self._sizing = False
        self._place: Place | None = None  # remembered while a sort runs
        self.setModel(model)
        self.announcer = Announcer(self)
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
        # Before the view's own connection, so the place is read before the model re-sorts.
        header.sortIndicatorChanged.connect(self._remember_place)
        self.setSortingEnabled(True)
        # After the view's own connection, so the model has sorted when this runs.
        header.sortIndicatorChanged.connect(self._sort_indicator_moved)

        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.columns_menu = QMenu("&Columns", self)
        self.column_actions: list[QAction] = []
        for column, spec in enumerate(COLUMNS):
            shown = spec.title in layout.shown
            self.setColumnHidden(column, not shown)
            action = QAction(spec.menu_text, self)
            action.setCheckable(True)
            action.setChecked(shown)
            action.toggled.connect(lambda on, c=column: self._show_column(c, on))
            header.addAction(action)
            self.column_actions.append(action)
        self.columns_menu.addActions(self.column_actions)
        self._build_sort_menu()
        self.size_columns()
        header.sectionResized.connect(self._column_resized)

    def _build_sort_menu(self) -> None:
        """The sort as menu items: one per sortable column, and the direction."""
        self.sort_menu = QMenu("S&ort by", self)
        self.sort_actions: dict[int, QAction] = {}
        group = QActionGroup(self)  # exclusive: one column sorts
        for column, spec in enumerate(COLUMNS):
            if spec.sort is None:
                continue
            action = QAction(spec.menu_text, group)
            action.setCheckable(True)
            action.triggered.connect(lambda _on, c=column: self._sort_by(c, self._sort_order()))
            self.sort_actions[column] = action
        self.reverse_action = QAction("Re&versed", self)
        self.reverse_action.setCheckable(True)
        self.reverse_action.triggered.connect(self._reverse)
        self.sort_menu.addActions(group.actions())
        self.sort_menu.addSeparator()
        self.sort_menu.addAction(self.reverse_action)
        self._check_sort()

    def layout_now(self) -> TableLayout:
        """The columns, widths and sort as they are now."""
        query = self.card_model.query
        shown = (c.title for i, c in enumerate(COLUMNS) if not self.isColumnHidden(i))
        return TableLayout(frozenset(shown), dict(self._letters), query.sort, query.descending)

    def size_columns(self) -> None:
        """Give every column its width (in letters) at the current text size.

        A column of dates is at least as wide as its widest date: in letters alone, digits
        being wider than most letters, "17 Mar 2026" lost its year. Nor is a column narrower
        than its title with the sort arrow beside it ("Review▾" lost its first letter).
        """
        letter = self.fontMetrics().averageCharWidth()
        header = self.horizontalHeader()
        self._sizing = True
        for column, spec in enumerate(COLUMNS):
            width = round(letter * self._letters[spec.title])
            title = header.sectionSizeFromContents(column).width()
            self.setColumnWidth(column, max(width, title, self._room_for(spec.widest)))
        self._sizing = False

    def _room_for(self, widest: Callable[[], list[str]] | None) -> int:
        """The width a cell needs to show each of these texts whole (0 for None)."""
        if widest is None:
            return 0
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
        option.font.setItalic(True)  # as suspended and buried cards' rows are: never narrower
        option.fontMetrics = QFontMetrics(option.font)
        needed = 0
        for text in widest():
            option.text = text
            size = self.style().sizeFromContents(
                QStyle.ContentsType.CT_ItemViewItem, option, QSize(), self
            )
            needed = max(needed, size.width())
        return needed + (1 if self.showGrid() else 0)  # the grid line is drawn in the cell

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Qt override: the context-menu key and Shift+F10 ask for a menu at the current row."""
        if QKeySequence(event.keyCombination()) not in MENU_KEYS:
            super().keyPressEvent(event)
            return
        # Its card scrolled out of sight (by the wheel or the scroll bar), the menu opened at
        # the screen's edge, far from the card it acts on: the card is shown first.
        self.scrollTo(self.currentIndex())
        cell = self.visualRect(self.currentIndex())
        corner = cell.bottomLeft() if cell.isValid() else QPoint(0, 0)
        self.menu_requested.emit(self.viewport().mapToGlobal(corner))

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Qt override: Home and End go to the first and last card, as in Anki's browser.

        Qt moved the cursor to the row's first or last column, which a table of whole rows
        does not show: the key seemed to do nothing. The cursor keeps its column; with Shift
        they select up to there. Left and Right still move between a row's columns. With Ctrl
        they do the same (see :meth:`selectionCommand`).
        """
        rows = self.card_model.rowCount()
        ends = {
            QAbstractItemView.CursorAction.MoveHome: 0,
            QAbstractItemView.CursorAction.MoveEnd: rows - 1,
        }
        row = ends.get(action)
        if row is None or not rows:
            return super().moveCursor(action, modifiers)
        return self.card_model.index(row, max(self.currentIndex().column(), 0))

    def selectionCommand(
        self, index: QModelIndex, event: QEvent | None = None
    ) -> QItemSelectionModel.SelectionFlag:
        """Qt override: Ctrl+Home and Ctrl+End select as Home and End do (with Shift too).

        Qt moved only the cursor (as Ctrl+arrow does, for Ctrl+Space to add a card): the card
        selected before stayed selected, maybe out of sight, and Del deleted it instead.
        """
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Home, Qt.Key.Key_End)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            flag = QItemSelectionModel.SelectionFlag
            extend = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            return (flag.SelectCurrent if extend else flag.ClearAndSelect) | flag.Rows
        return super().selectionCommand(index, event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Qt override: a right click (or the system's menu key) asks for a menu there."""
        self.menu_requested.emit(event.globalPos())

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

    def selected_count(self) -> int:
        """How many rows are selected (none counted for the current row alone)."""
        return sum(last - first + 1 for first, last in self._selected_runs())

    def _selected_runs(self) -> list[tuple[int, int]]:
        return _runs((r.top(), r.bottom()) for r in self.selectionModel().selection())

    def current_row(self) -> int:
        """The row with the keyboard cursor (-1 when there is none)."""
        return self.currentIndex().row()

    def select_row(self, row: int) -> None:
        """Make ``row`` current and the only one selected."""
        self.selectionModel().setCurrentIndex(
            self.card_model.index(row, self._shown(0)),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _sort_order(self) -> Qt.SortOrder:
        descending = self.card_model.query.descending
        return Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder

    def _sort_by(self, column: int, order: Qt.SortOrder) -> None:
        # Moving the header's sort arrow sorts the model, just as a header click does.
        self.horizontalHeader().setSortIndicator(column, order)

    def _reverse(self) -> None:
        ascending = self._sort_order() == Qt.SortOrder.AscendingOrder
        order = Qt.SortOrder.DescendingOrder if ascending else Qt.SortOrder.AscendingOrder
        self._sort_by(self.card_model.sort_column(), order)

    def _check_sort(self) -> None:
        """Tick the menu items of the sort the model has."""
        self.sort_actions[self.card_model.sort_column()].setChecked(True)
        self.reverse_action.setChecked(self.card_model.query.descending)

    def _sort_indicator_moved(self, column: int, order: Qt.SortOrder) -> None:
        self._check_sort()
        place, self._place = self._place, None
        if COLUMNS[column].sort is not None:
            if place is not None and place.query != self.card_model.query:
                self.return_to(place)
            direction = "ascending" if order == Qt.SortOrder.AscendingOrder else "descending"
            self.announcer.announce(f"Sorted by {COLUMNS[column].title}, {direction}.")
            self.layout_changed.emit()
            return
        # Not a sortable column: the model kept its order, so the arrow goes back too, and
        # the learner hears why nothing moved (as Anki's browser says it).
        header = self.horizontalHeader()
        blocked = header.blockSignals(True)
        header.setSortIndicator(self.card_model.sort_column(), self._sort_order())
        header.blockSignals(blocked)
        kept = COLUMNS[self.card_model.sort_column()].title
        said = f"Cards cannot be sorted by {COLUMNS[column].title}; they stay sorted by {kept}."
        under = QPoint(header.sectionViewportPosition(column), header.height())
        QToolTip.showText(header.mapToGlobal(under), said, header)
        self.announcer.announce(said)

    def _remember_place(self, _column: int, _order: Qt.SortOrder) -> None:
        """Note the current and selected cards: the sort about to run resets the rows."""
        self._place = self.place()

    def place(self, *, by_id: bool = False) -> Place:
        """The current and selected cards, to find again with :meth:`return_to`.

        ``by_id``: for another search, every row selected is given by card too, unless the
        rows were every card of the collection (then each card found was selected: None).
        """
        model = self.card_model
        current = self.currentIndex()
        card = model.card_id(current.row()) if current.isValid() else None
        runs = self._selected_runs()
        count = sum(last - first + 1 for first, last in runs)
        selected: tuple[int, ...] | None
        if count and count == model.rowCount() and not (by_id and model.query.search.terms):
            selected = None
        elif count <= KEPT_SELECTION:
            selected = tuple(model.card_ids(runs))
        else:
            kept = card is not None and self.selectionModel().isSelected(current)
            selected = (card,) if kept else ()
        if not current.isValid():
            return Place(model.query, card, 0, selected)
        # Selected rows above the cursor: where the cursor's row will be once they are gone.
        row = current.row()
        above = sum(min(last, row - 1) - first + 1 for first, last in runs if first < row)
        return Place(model.query, card, current.column(), selected, row - above)

    def return_to(
        self,
        place: Place,
        *,
        prefer: Collection[int] = (),
        scroll: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.PositionAtCenter,
    ) -> list[int]:
        """Select the remembered cards in their rows now and scroll to the current one.

        The cards of ``prefer`` that the table shows are selected instead, the first of them
        current (an undo brings deleted cards back there); they are returned. The cursor
        always ends on a row, so the arrow keys and Ctrl+End move from there at once: its
        card's, else the place's row (the last if there are fewer rows now).
        """
        model = self.card_model
        if model.rowCount() == 0:
            return []
        wanted = {*prefer, *(place.selected or ())}
        if place.current is not None:
            wanted.add(place.current)
        rows = model.rows_of_cards(wanted) if wanted else {}
        preferred = [card for card in prefer if card in rows]
        if preferred:
            first = min(preferred, key=rows.__getitem__)
            place = replace(place, current=first, selected=tuple(preferred))
        selection_model = self.selectionModel()
        if place.selected is None:
            self.selectAll()
        else:
            found = sorted(rows[card] for card in place.selected if card in rows)
            selection = QItemSelection()
            for first, last in _runs((row, row) for row in found):
                selection.select(model.index(first, 0), model.index(last, len(COLUMNS) - 1))
            flags = QItemSelectionModel.SelectionFlag
            selection_model.select(selection, flags.ClearAndSelect | flags.Rows)
        row = rows.get(place.current, -1) if place.current is not None else -1
        if row < 0:
            row = min(place.row, model.rowCount() - 1)
            if not selection_model.hasSelection():
                self.select_row(row)
        index = model.index(row, self._shown(place.column))
        selection_model.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        self.scrollTo(index, scroll)
        return preferred

    def keep_found(self, before: Place) -> None:
        """After another search, keep selected the cards selected ``before`` that it finds.

        As in Anki. The cursor stays on its card when found, else goes to the first of them;
        with none found, the first row is current and selected, as a new search starts.
        """
        if self.card_model.rowCount() == 0:
            return
        self.return_to(replace(before, row=0))
        selection = self.selectionModel()
        if not selection.hasSelection():
            self.select_row(self.current_row())
        elif self.card_model.card_id(self.current_row()) != before.current:
            first = self._selected_runs()[0][0]
            index = self.card_model.index(first, self._shown(before.column))
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def _stretches(self, column: int) -> bool:
        header = self.horizontalHeader()
        visible = [i for i in range(header.count()) if not header.isSectionHidden(i)]
        return max(visible, key=header.visualIndex, default=-1) == column

    def _show_column(self, column: int, shown: bool) -> None:
        self.setColumnHidden(column, not shown)
        current = self.currentIndex()
        if current.column() == column and not shown:
            cell = current.siblingAtColumn(self._shown(column))
            flags = QItemSelectionModel.SelectionFlag.NoUpdate
            self.selectionModel().setCurrentIndex(cell, flags)
        self.layout_changed.emit()

    def _shown(self, column: int) -> int:
        """``column``, or the shown column nearest to it when it is hidden.

        The cursor never stays in a hidden column: there Qt's arrow keys stopped moving it
        (with Question hidden, Up and Down did nothing), and a screen reader read a cell
        nobody could see.
        """
        shown = [c for c in range(len(COLUMNS)) if not self.isColumnHidden(c)]
        return min(shown, key=lambda c: abs(c - column), default=column)

    def _column_resized(self, column: int, _old: int, new: int) -> None:
        # Hiding a column resizes it to 0, and the last column stretches with the window:
        # neither is a width the learner chose.
        if self._sizing or new == 0 or self.isColumnHidden(column) or self._stretches(column):
            return
        self._letters[COLUMNS[column].title] = new / self.fontMetrics().averageCharWidth()
        self.layout_changed.emit()


def _runs(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """(first, last) row ranges merged where they overlap or touch, in row order."""
    runs: list[tuple[int, int]] = []
    for first, last in sorted(ranges):
        if runs and first <= runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], max(last, runs[-1][1]))
        else:
            runs.append((first, last))
    return runs
