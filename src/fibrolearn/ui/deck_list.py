"""The home screen: every deck with what is left to study today."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.study import DeckSummary

_COLUMNS = ("Deck", "New", "Learning", "Due")


class DeckListPage(QWidget):
    """A table of decks; Enter or "Study" opens the selected one."""

    study_requested = Signal(int)  # deck id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._decks: list[DeckSummary] = []
        heading = QLabel("<h1>Your decks</h1>")
        heading.setAccessibleName("Your decks")
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setHorizontalHeaderLabels(_COLUMNS)
        self.table.setAccessibleName("Decks")
        self.table.setAccessibleDescription(
            "Each deck with its new, learning and due cards for today. Press Enter to study."
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(lambda _index: self._request_study())
        self.table.itemSelectionChanged.connect(self._show_details)

        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setAccessibleName("Deck description")
        self.empty_label = QLabel(
            "No decks yet. FibroLearn installs its bundled deck on first start; "
            "if you see this, run “fibrolearn check” to find out why."
        )
        self.empty_label.setWordWrap(True)
        self.study_button = QPushButton("&Study")
        self.study_button.setAccessibleName("Study the selected deck")
        self.study_button.setDefault(True)
        self.study_button.clicked.connect(self._request_study)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.study_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addLayout(buttons)

    def set_decks(self, decks: list[DeckSummary]) -> None:
        """Show these decks, keeping the selection when the deck is still there."""
        selected = self.selected_deck_id()
        self._decks = decks
        self.table.setRowCount(len(decks))
        for row, deck in enumerate(decks):
            cells = (deck.name, str(deck.new), str(deck.learning), str(deck.due))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{text} {_COLUMNS[column]}")
                self.table.setItem(row, column, item)
        self.empty_label.setVisible(not decks)
        self.study_button.setEnabled(bool(decks))
        ids = [d.deck_id for d in decks]
        if decks:
            self.table.selectRow(ids.index(selected) if selected in ids else 0)
        self._show_details()

    def selected_deck_id(self) -> int | None:
        """The deck under the selection, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self._decks[rows[0].row()].deck_id if rows and self._decks else None

    def focus_table(self) -> None:
        """Put keyboard focus on the deck table."""
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _request_study(self) -> None:
        deck_id = self.selected_deck_id()
        if deck_id is not None:
            self.study_requested.emit(deck_id)

    def _show_details(self) -> None:
        deck_id = self.selected_deck_id()
        deck = next((d for d in self._decks if d.deck_id == deck_id), None)
        if deck is None:
            self.details.clear()
            return
        parts = [deck.description, deck.disclaimer, f"{deck.total} cards in this deck."]
        self.details.setText("\n\n".join(p for p in parts if p))
