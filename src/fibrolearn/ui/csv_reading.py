"""How the Import window reads a text file: separator, header row, HTML, and a column mapping.

One choice per column sits above a sample of the file, so the learner sees what each column
holds while choosing what it becomes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.services.interop import ColumnRole, CsvLayout, CsvSettings
from fibrolearn.ui.flow_layout import FlowLayout
from fibrolearn.ui.tables import at_least_rows, make_read_only

DELIMITERS = (("Tab", "\t"), ("Comma", ","), ("Semicolon", ";"), ("Vertical bar", "|"))
ROLE_LABELS = {
    ColumnRole.FRONT: "Front",
    ColumnRole.BACK: "Back",
    ColumnRole.TAGS: "Tags",
    ColumnRole.DECK: "Deck",
    ColumnRole.GUID: "Note id (guid)",
    ColumnRole.IGNORE: "Ignore",
}


class CsvReadingBox(QGroupBox):
    """The options for reading a text file, and what each of its columns holds."""

    changed = Signal()  # an option changed: preview the import again
    delimiter_chosen = Signal(str)  # read the file again, split by this

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("How to read the text file", parent)
        self.delimiter_box = QComboBox()
        self.delimiter_box.setAccessibleName("Fields are separated by")
        for label, delimiter in DELIMITERS:
            self.delimiter_box.addItem(label, delimiter)
        self.delimiter_box.activated.connect(
            lambda _index: self.delimiter_chosen.emit(self.delimiter_box.currentData())
        )
        self.header_box = QCheckBox("First row holds column &names")
        self.header_box.toggled.connect(lambda _on: self.changed.emit())
        self.html_box = QCheckBox("Fields are &HTML (otherwise plain text)")
        self.html_box.toggled.connect(lambda _on: self.changed.emit())
        self.columns_table = QTableWidget(0, 0)
        self.columns_table.setAccessibleName("Columns")
        self.columns_table.setAccessibleDescription(
            "The first row chooses what each column holds; the rows below show the file."
        )
        make_read_only(self.columns_table)
        self.columns_table.installEventFilter(self)
        # As tall as its rows at any text size; the cards below get what is left.
        self.columns_table.setSizeAdjustPolicy(QTableWidget.SizeAdjustPolicy.AdjustToContents)
        at_least_rows(self.columns_table, 3)
        separator_label = QLabel("Separated &by:")
        separator_label.setBuddy(self.delimiter_box)
        separator = QWidget()  # the label stays beside its box when the line wraps
        pair = QHBoxLayout(separator)
        pair.setContentsMargins(0, 0, 0, 0)
        pair.addWidget(separator_label)
        pair.addWidget(self.delimiter_box)
        line = FlowLayout(spacing=12)  # wraps at large text sizes instead of widening the window
        line.addWidget(separator)
        line.addWidget(self.header_box)
        line.addWidget(self.html_box)
        layout = QVBoxLayout(self)
        layout.addLayout(line)
        layout.addWidget(self.columns_table, 1)

    def show_layout(self, layout: CsvLayout) -> None:
        """Show how the file was read: its options, a chooser per column, and a sample."""
        settings = layout.settings
        self.show()
        for box, value in ((self.header_box, settings.has_header), (self.html_box, settings.html)):
            box.blockSignals(True)
            box.setChecked(value)
            box.blockSignals(False)
        index = self.delimiter_box.findData(settings.delimiter)
        if index < 0:
            self.delimiter_box.addItem(repr(settings.delimiter), settings.delimiter)
            index = self.delimiter_box.count() - 1
        self.delimiter_box.setCurrentIndex(index)
        table = self.columns_table
        rows = ([layout.header] if layout.header else []) + list(layout.sample)
        table.clear()
        table.setColumnCount(layout.column_count)
        table.setRowCount(1 + len(rows))
        table.setHorizontalHeaderLabels([f"Column {n + 1}" for n in range(layout.column_count)])
        for column in range(layout.column_count):
            chooser = QComboBox()
            chooser.setAccessibleName(f"Column {column + 1} holds")
            for role, label in ROLE_LABELS.items():
                chooser.addItem(label, role)
            role = settings.columns[column] if column < len(settings.columns) else None
            chooser.setCurrentIndex(chooser.findData(role or ColumnRole.IGNORE))
            chooser.currentIndexChanged.connect(lambda _index: self.changed.emit())
            table.setCellWidget(0, column, chooser)
            for row, values in enumerate(rows, start=1):
                value = values[column] if column < len(values) else ""
                table.setItem(row, column, QTableWidgetItem(value.replace("\n", " ⏎ ")))
        table.resizeColumnsToContents()
        # With no row but the choosers', the table has nothing more to read: no Tab stop.
        has_sample = table.rowCount() > 1
        table.setFocusPolicy(Qt.FocusPolicy.StrongFocus if has_sample else Qt.FocusPolicy.NoFocus)

    def settings(self) -> CsvSettings:
        """The options as shown."""
        table = self.columns_table
        return CsvSettings(
            delimiter=self.delimiter_box.currentData(),
            has_header=self.header_box.isChecked(),
            html=self.html_box.isChecked(),
            columns=tuple(  # Qt hands the roles back as plain strings
                ColumnRole(table.cellWidget(0, column).currentData())
                for column in range(table.columnCount())
            ),
        )

    def tab_chain(self) -> list[QWidget]:
        """Its controls in reading order: the options, each column's chooser, then the table.

        The choosers sit in the table's first row; made after everything else, they would
        come last in the focus chain.
        """
        table = self.columns_table
        choosers = [table.cellWidget(0, column) for column in range(table.columnCount())]
        return [self.delimiter_box, self.header_box, self.html_box, *choosers, table]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: the columns table, reached by keyboard, starts on the file's first row.

        Its own first row holds the choosers, each a Tab stop already; a current cell there
        would give the focus straight back to a chooser, and Tab would jump past what follows.
        """
        table = self.columns_table
        by_mouse = (Qt.FocusReason.MouseFocusReason, Qt.FocusReason.ActiveWindowFocusReason)
        if (
            watched is table
            and isinstance(event, QFocusEvent)
            and event.type() == QEvent.Type.FocusIn
            and event.reason() not in by_mouse
            and table.currentRow() < 1
            and table.rowCount() > 1
        ):
            sample = table.model().index(1, max(0, table.currentColumn()))
            table.selectionModel().setCurrentIndex(
                sample, QItemSelectionModel.SelectionFlag.NoUpdate
            )
        return super().eventFilter(watched, event)
