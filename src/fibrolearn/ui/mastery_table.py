"""The mastery map's numbers as a table: exact values, and what screen readers read."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from fibrolearn.domain.statistics import MasteryMap
from fibrolearn.ui.mastery_words import percent, recall


class MasteryTable(QTableWidget):
    """The map's numbers as a table: exact values, and what screen readers read."""

    study_requested = Signal(str)  # factor key
    quiz_requested = Signal(str)

    COLUMNS = (
        "Factor",
        "Cards studied",
        "Recall now",
        "Recall in 30 days",
        "Quiz accuracy",
        "Linked to",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.COLUMNS), parent)
        self.setHorizontalHeaderLabels(self.COLUMNS)
        self.setAccessibleName("Mastery per factor")
        self.setAccessibleDescription(
            "Predicted recall counts cards not yet studied as 0 percent; a factor none of "
            "whose cards is studied yet reads Not started. "
            "S studies the selected factor, Q quizzes on it."
        )
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in range(1, len(self.COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(self.COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        # One line per factor: a long list of links is elided, and whole in its tooltip.
        self.setWordWrap(False)
        self.map: MasteryMap | None = None

    def set_map(self, mastery: MasteryMap) -> None:
        """Fill the table from a map."""
        self.map = mastery
        names = {f.key: f.name for f in mastery.factors}
        linked: dict[str, list[str]] = {f.key: list(f.links) for f in mastery.factors}
        for factor in mastery.factors:  # the network is undirected: show links both ways
            for key in factor.links:
                if key in linked and factor.key not in linked[key]:
                    linked[key].append(factor.key)
        self.setRowCount(len(mastery.factors))
        for row, factor in enumerate(mastery.factors):
            quiz = (
                f"{percent(factor.quiz_accuracy)} ({factor.quiz_correct} of {factor.quiz_total})"
                if factor.quiz_total
                else "–"
            )
            cells = (
                factor.name,
                f"{factor.studied} of {factor.cards}",
                recall(factor, factor.recall_now),
                recall(factor, factor.recall_30d),
                quiz,
                ", ".join(names.get(k, k) for k in linked[factor.key]),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{self.COLUMNS[column]}: {text}")
                item.setToolTip(text)
                self.setItem(row, column, item)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """S studies the selected factor and Q quizzes on it (instead of searching the rows)."""
        key = self.selected_factor()
        if key is not None and event.key() == Qt.Key.Key_S:
            self.study_requested.emit(key)
        elif key is not None and event.key() == Qt.Key.Key_Q:
            self.quiz_requested.emit(key)
        else:
            super().keyPressEvent(event)

    def selected_factor(self) -> str | None:
        """The key of the selected factor."""
        rows = self.selectionModel().selectedRows()
        if not rows or self.map is None:
            return None
        return self.map.factors[rows[0].row()].key
