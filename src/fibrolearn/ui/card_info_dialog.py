"""Card info (Ctrl+Shift+I in Browse and in Study): one card's details and review history.

As Anki's: its deck, dates, memory (stability, difficulty, chance of recall), counts and times,
then every answer and Forget, newest first, in a table read a row at a time as a sentence.
Ctrl+C (or Copy history) copies the history as text. The card is read as the dialog opens:
one deleted meanwhile is said to be gone instead.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHeaderView,
    QLabel,
    QMessageBox,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.card_info import CardInfo
from fibrolearn.services.card_info import CardInfoService
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.card_info_words import (
    COLUMNS,
    details,
    facts_words,
    history_rows,
    history_text,
)
from fibrolearn.ui.dialogs import accepted
from fibrolearn.ui.divider import Divided
from fibrolearn.ui.labels import breakable_words, described_line, tab_stop
from fibrolearn.ui.questions import tell
from fibrolearn.ui.text_fit import screen_room

TITLE = "Card info"
WIDTH_CHARS = 100  # wide enough for the whole table at 100 % text
_NUMBERS = (3, 4, 5, 6)  # columns of numbers, aligned right
_INDEX = QModelIndex | QPersistentModelIndex


def show_card_info(
    parent: QWidget, service: CardInfoService, card_id: int | None, *, answer_shown: bool = True
) -> None:
    """Open Card info on ``card_id`` (nothing for None); a card gone is said to be gone.

    ``answer_shown``: False while the card's answer is hidden (Study): its facts, which
    would give the answer away, are only counted.
    """
    if card_id is None:
        return
    try:
        info = service.card_info(card_id)
    except LookupError:
        tell(parent, QMessageBox.Icon.Information, TITLE, "That card was deleted meanwhile.")
        return
    accepted(CardInfoDialog(info, parent, answer_shown=answer_shown))


class HistoryModel(QAbstractTableModel):
    """The history's rows; each row's first cell is heard as the whole row's sentence."""

    def __init__(self, info: CardInfo, parent: QWidget) -> None:
        super().__init__(parent)
        self._rows = history_rows(info)

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Qt override: the history's entries."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        """Qt override: :data:`COLUMNS`."""
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Qt override: a cell's text; heard, the row's sentence (first cell) or "Column: text"."""
        cells, sentence = self._rows[index.row()]
        text = cells[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (
                sentence if index.column() == 0 else f"{COLUMNS[index.column()]}: {text or 'none'}"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in _NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Qt override: the column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None


class CardInfoDialog(QDialog):
    """Card info on one card, read when it was asked for."""

    def __init__(self, info: CardInfo, parent: QWidget | None, *, answer_shown: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self._info = info
        self.heading = QLabel("Review &history" if info.history else "No reviews yet.")
        self.table = self._history_table(info)
        self.heading.setBuddy(self.table)
        self._announcer = Announcer(self)

        layout = QVBoxLayout(self)
        about = self._about(info, answer_shown=answer_shown)
        if info.history:  # split 3:2 at first; the learner moves the divider (Up, Down)
            history = QWidget()
            history_layout = QVBoxLayout(history)
            history_layout.setContentsMargins(0, 0, 0, 0)
            history_layout.addWidget(self.heading)
            history_layout.addWidget(self.table)
            self.divider = Divided(about, history, (3, 2), "Divider above the review history")
            layout.addWidget(self.divider, 1)
            QWidget.setTabOrder(self.facts, self.divider.handle(1))  # where it is seen
            QWidget.setTabOrder(self.divider.handle(1), self.table)
        else:
            layout.addWidget(about, 1)
        layout.addWidget(self._buttons(info))
        room = screen_room(self)
        width = self.fontMetrics().averageCharWidth() * WIDTH_CHARS
        self.resize(min(width, room.width()), room.height() * 3 // 4)
        self.details.setFocus(Qt.FocusReason.OtherFocusReason)

    def _about(self, info: CardInfo, *, answer_shown: bool) -> QScrollArea:
        """The details and facts, scrolled up and down (never across: their lines wrap)."""
        self.details = tab_stop(described_line("About this card"))
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setText(
            "<br>".join(
                f"<b>{escape(caption)}:</b> {escape(breakable_words(value))}"
                for caption, value in details(info)
            )
        )
        self.facts = tab_stop(described_line("Facts this card teaches"))
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.facts.setText(breakable_words(facts_words(info.facts, answer_shown=answer_shown)))
        self.facts.setVisible(bool(self.facts.text()))
        about = QWidget()
        about_layout = QVBoxLayout(about)
        about_layout.setContentsMargins(0, 0, 0, 0)
        about_layout.addWidget(self.details)
        about_layout.addWidget(self.facts)
        if not info.history:  # said under the details, where the table would be
            about_layout.addWidget(self.heading)
        about_layout.addStretch(1)
        scroller = QScrollArea()
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroller.setWidgetResizable(True)
        scroller.setWidget(about)
        scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its labels are the Tab stops
        return scroller

    def _buttons(self, info: CardInfo) -> QDialogButtonBox:
        """Copy history (and Ctrl+C on the table), and Close (Esc)."""
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.copy_button = buttons.addButton(
            "&Copy history", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setAccessibleDescription("Ctrl+C")
        self.copy_button.setVisible(bool(info.history))
        self.copy_button.clicked.connect(self.copy_history)
        copy = QAction(self)
        copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_history)
        self.table.addAction(copy)  # Ctrl+C on the table; a label's own copies its selection
        return buttons

    def _history_table(self, info: CardInfo) -> QTableView:
        table = QTableView()
        table.setModel(HistoryModel(info, table))
        table.setAccessibleName("Review history")
        table.setAccessibleDescription("Newest first. Ctrl+C copies it all.")
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setTabKeyNavigation(False)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        if info.history:
            table.setCurrentIndex(table.model().index(0, 0))
        return table

    def copy_history(self) -> None:
        """Put the whole history on the clipboard as tab-separated text (Ctrl+C)."""
        if not self._info.history:
            return
        QGuiApplication.clipboard().setText(history_text(self._info))
        self._announcer.announce(f"Copied the history: {len(self._info.history):,} rows.")
