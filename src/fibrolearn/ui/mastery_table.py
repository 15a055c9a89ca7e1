"""The mastery map's numbers as a table: exact values, and what screen readers read."""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTextBoundaryFinder,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from fibrolearn.domain.statistics import MasteryMap
from fibrolearn.ui.labels import plain_tip
from fibrolearn.ui.mastery_words import cards_studied, percent, recall

_LEAST_LINKS = 8  # characters of the links shown, however narrow the page


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
    _NAME, _LINKS = 0, len(COLUMNS) - 1  # they share the width the numbers leave
    # The numbers' headings on two lines, so their columns are as narrow as the numbers.
    HEADINGS = (
        "Factor",
        "Cards\nstudied",
        "Recall\nnow",
        "Recall in\n30 days",
        "Quiz\naccuracy",
        "Linked to",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.COLUMNS), parent)
        self.setHorizontalHeaderLabels(self.HEADINGS)
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
        self.map: MasteryMap | None = None
        self._fit_page_width()
        # As tall as its rows, which grow as names wrap: no blank space under the last one.
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows.sectionResized.connect(self.updateGeometry)
        self.horizontalScrollBar().rangeChanged.connect(self.updateGeometry)  # shown or gone

    def _fit_page_width(self) -> None:
        """The numbers as wide as they are; the name and the links share what is left.

        At large text the names took most of the page, and the table scrolled sideways,
        taking the name of the row out of sight. A long name wraps onto more lines; a long
        list of links is elided, and whole in its tooltip.
        """
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (self._NAME, self._LINKS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.sectionResized.connect(self._column_resized)
        self.setWordWrap(True)
        self.setItemDelegateForColumn(self._LINKS, _OneLine(self))

    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        """A number took a new width (new values, a new text size): share out the rest again."""
        if column not in (self._NAME, self._LINKS):
            self._share_width()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Qt override: share the new width between the names and the links."""
        super().resizeEvent(event)
        self._share_width()

    def _share_width(self) -> None:
        """Half each of what the numbers leave; a name never narrower than its longest word.

        Otherwise a narrow page cut words in two. Then the table scrolls sideways instead.
        """
        header = self.horizontalHeader()
        numbers = sum(header.sectionSize(column) for column in range(1, self._LINKS))
        spare = self.viewport().width() - numbers
        metrics = self.fontMetrics()
        characters = metrics.averageCharWidth()
        words = (
            (word for f in self.map.factors for word in _unbreakable(f.name)) if self.map else ()
        )
        longest = max((metrics.horizontalAdvance(w) for w in words), default=0)
        name = max(longest + 2 * characters, spare // 2)  # a character each side for margins
        header.resizeSection(self._NAME, name)
        header.resizeSection(self._LINKS, max(spare - name, _LEAST_LINKS * characters))

    def sizeHint(self) -> QSize:
        """Qt override: the header and every row, with a scroll bar under them if shown."""
        height = self.horizontalHeader().sizeHint().height() + self.verticalHeader().length()
        height += 2 * self.frameWidth()
        bar = self.horizontalScrollBar()
        if bar.isVisibleTo(self):
            height += bar.sizeHint().height()
        return QSize(super().sizeHint().width(), height)

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
            links = ", ".join(names.get(k, k) for k in linked[factor.key])
            cells = (
                factor.name,
                cards_studied(factor),
                recall(factor, factor.recall_now),
                recall(factor, factor.recall_30d),
                quiz,
                links,
            )
            # A dash or a blank says nothing to a screen reader ("Quiz accuracy: en dash").
            unquizzed = f"none in the last {mastery.quiz_window_days} days"
            said = (*cells[:4], quiz if factor.quiz_total else unquizzed, links or "none")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                spoken = f"{self.COLUMNS[column]}: {said[column]}"
                item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
                item.setToolTip(plain_tip(text))
                self.setItem(row, column, item)
        self._share_width()  # other names

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


def _unbreakable(text: str) -> list[str]:
    """The parts of ``text`` a wrapped line never breaks inside, as Qt wraps it.

    Not only words between spaces: Chinese or Japanese breaks between any two characters,
    and "pituitary-adrenal" after its hyphen. Taken as whole words, a Chinese name was one
    word the width of the page, and the table scrolled sideways, its numbers out of sight.
    """
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, text)
    units = text.encode("utf-16-le")  # the finder counts UTF-16 code units
    parts, start = [], 0
    while (end := finder.toNextBoundary()) != -1:
        parts.append(units[2 * start : 2 * end].decode("utf-16-le").rstrip())
        start = end
    return parts


class _OneLine(QStyledItemDelegate):
    """Cells on one line, elided at the end, in a table that otherwise wraps its text."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """Qt override: no wrapping, so the row keeps the height of the name beside it."""
        super().initStyleOption(option, index)
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText
