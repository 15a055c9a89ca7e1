"""How the Import window reads a text file: separators, header row, HTML, a column mapping.

One choice per column sits above a sample of the file, so the learner sees what each column
holds while choosing what it becomes. What separates the fields, and the rows, may be any text
(Quizlet lets the learner choose both); the row choice shows only for a file whose rows may not
be its lines.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.services.interop import (
    COLUMN_ROLE_NAMES,
    ColumnRole,
    CsvLayout,
    CsvSettings,
    roles_named,
)
from fibrolearn.ui.flow_layout import FlowLayout
from fibrolearn.ui.tables import at_least_rows, make_read_only

DELIMITERS = (("Tab", "\t"), ("Comma", ","), ("Semicolon", ";"), ("Vertical bar", "|"))
ROW_SEPARATORS = (("New line", "\n"), ("Semicolon", ";"), ("Blank line", "\n\n"))
OTHER_TEXT = "Other text"  # the choice whose separator is typed in a box beside it
_TYPING_DELAY_MS = 400  # let typing a separator settle before reading the file again
# The widest a column of the sample gets, in characters: a paragraph-long answer shows its
# start (the rest elided), and the columns after it stay in sight.
_WIDEST_COLUMN_CHARS = 36


class SeparatorChoice(QWidget):
    """A label, the usual separators and "Other text", and a box for that text when chosen.

    The label stays beside its list when the options wrap onto more lines.
    """

    chosen = Signal(str)  # read the file again with this separator

    def __init__(
        self, label: str, name: str, description: str, choices: tuple[tuple[str, str], ...]
    ) -> None:
        super().__init__()
        self.box = QComboBox()
        self.box.setAccessibleName(name)
        self.box.setAccessibleDescription(description)
        for text, separator in choices:
            self.box.addItem(text, separator)
        self.box.addItem(OTHER_TEXT, None)
        self.box.activated.connect(self._picked)
        self.other = QLineEdit()
        self.other.setAccessibleName(f"{name}: other text")
        self.other.setAccessibleDescription("Type it exactly, spaces included.")
        self.other.setPlaceholderText("type it; spaces count")
        self.other.textEdited.connect(lambda _text: self._typing.start())
        # Enter reads the file with the text at once; that disables Import, so Enter does not
        # also import with the separator read before.
        self.other.returnPressed.connect(self._typed)
        self.other.hide()
        self._typing = QTimer(self, singleShot=True, interval=_TYPING_DELAY_MS)
        self._typing.timeout.connect(self._typed)
        caption = QLabel(label)
        caption.setBuddy(self.box)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(caption)
        layout.addWidget(self.box)
        layout.addWidget(self.other)

    def show_separator(self, separator: str) -> None:
        """Show ``separator``: one of the list, or else "Other text" with it in the box."""
        if self.other.hasFocus():
            return  # the learner is typing it: leave the box as it is
        index = self.box.findData(separator)
        other = index < 0
        self.box.setCurrentIndex(self.box.count() - 1 if other else index)
        if other:
            self.other.setText(separator)
        self.other.setVisible(other)

    def separator(self) -> str:
        """The separator chosen: from the list, or as typed ("" while nothing is)."""
        chosen = self.box.currentData()
        return self.other.text() if chosen is None else chosen

    def controls(self) -> list[QWidget]:
        """The list, then the box for other text (a Tab stop only while it shows)."""
        return [self.box, self.other]

    def _picked(self, _index: int) -> None:
        other = self.box.currentData() is None
        self.other.setVisible(other)
        if not other or self.other.text():  # "Other text" waits for the text
            self.chosen.emit(self.separator())

    def _typed(self) -> None:
        self._typing.stop()
        if self.other.text():
            self.chosen.emit(self.other.text())


class CsvReadingBox(QGroupBox):
    """The options for reading a text file, and what each of its columns holds."""

    changed = Signal()  # an option changed: preview the import again
    # Read the file again with this delimiter and row separator ("" for either: find it).
    reading_chosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("How to read the text file", parent)
        self.fields = SeparatorChoice(
            "Fields separated &by:",
            "Fields are separated by",
            "Quizlet calls it “between term and definition”.",
            DELIMITERS,
        )
        self.delimiter_box = self.fields.box
        self.rows = SeparatorChoice(
            "&Rows separated by:",
            "Rows are separated by",
            "Quizlet calls it “between rows”.",
            ROW_SEPARATORS,
        )
        self.rows.hide()  # offered once a file's rows may not be its lines
        self.fields.chosen.connect(self._fields_chosen)
        self.rows.chosen.connect(self._rows_chosen)
        self._reading: tuple[str, str] = ("\t", "\n")  # the separators the columns show
        self.header_box = QCheckBox("First row holds column &names")
        self.header_box.toggled.connect(self._header_toggled)
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
        line = FlowLayout(spacing=12)  # wraps at large text sizes instead of widening the window
        line.addWidget(self.fields)
        line.addWidget(self.rows)
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
        self._reading = (settings.delimiter, settings.row_separator)
        self.fields.show_separator(settings.delimiter)
        self.rows.show_separator(settings.row_separator)
        if layout.rows_may_be_joined:
            self.rows.show()  # and it stays, so the learner can go back to "New line"
        table = self.columns_table
        rows = ([layout.header] if layout.header else []) + list(layout.sample)
        table.clear()
        table.setColumnCount(layout.column_count)
        table.setRowCount(1 + len(rows))
        table.setHorizontalHeaderLabels([f"Column {n + 1}" for n in range(layout.column_count)])
        for column in range(layout.column_count):
            chooser = QComboBox()
            chooser.setAccessibleName(f"Column {column + 1} holds")
            for role, label in COLUMN_ROLE_NAMES.items():
                chooser.addItem(label, role)
            role = settings.columns[column] if column < len(settings.columns) else None
            chooser.setCurrentIndex(chooser.findData(role or ColumnRole.IGNORE))
            chooser.currentIndexChanged.connect(lambda _index: self.changed.emit())
            table.setCellWidget(0, column, chooser)
            for row, values in enumerate(rows, start=1):
                value = values[column] if column < len(values) else ""
                table.setItem(row, column, QTableWidgetItem(value.replace("\n", " ⏎ ")))
        table.resizeColumnsToContents()
        widest = self.fontMetrics().averageCharWidth() * _WIDEST_COLUMN_CHARS
        for column in range(layout.column_count):
            chooser = table.cellWidget(0, column).sizeHint().width()
            table.setColumnWidth(column, min(table.columnWidth(column), max(widest, chooser)))
        table.resizeRowToContents(0)  # the choosers' row as tall as they are at any text size
        # With no row but the choosers', the table has nothing more to read: no Tab stop.
        has_sample = table.rowCount() > 1
        table.setFocusPolicy(Qt.FocusPolicy.StrongFocus if has_sample else Qt.FocusPolicy.NoFocus)

    def settings(self) -> CsvSettings:
        """The options as shown: the file as last read, with the choices made on it."""
        table = self.columns_table
        delimiter, row_separator = self._reading
        return CsvSettings(
            delimiter=delimiter,
            has_header=self.header_box.isChecked(),
            html=self.html_box.isChecked(),
            columns=tuple(  # Qt hands the roles back as plain strings
                ColumnRole(table.cellWidget(0, column).currentData())
                for column in range(table.columnCount())
            ),
            row_separator=row_separator,
        )

    def _header_toggled(self, on: bool) -> None:
        """The first row named the columns: choose what each holds by its name, as on reading."""
        table = self.columns_table
        if on and table.rowCount() > 1:
            names = [table.item(1, column).text() for column in range(table.columnCount())]
            for column, role in enumerate(roles_named(names, self.settings().columns)):
                chooser = table.cellWidget(0, column)
                chooser.blockSignals(True)  # one preview for the whole change, below
                chooser.setCurrentIndex(chooser.findData(role))
                chooser.blockSignals(False)
        self.changed.emit()

    def _fields_chosen(self, delimiter: str) -> None:
        """Read the file again split by ``delimiter``, in the rows shown (found, if not offered)."""
        self.reading_chosen.emit(delimiter, "" if self.rows.isHidden() else self._reading[1])

    def _rows_chosen(self, row_separator: str) -> None:
        """Read the file again in these rows: what separates their fields is found anew."""
        self.reading_chosen.emit("", row_separator)

    def tab_chain(self) -> list[QWidget]:
        """Its controls in reading order: the options, each column's chooser, then the table.

        The choosers sit in the table's first row; made after everything else, they would
        come last in the focus chain.
        """
        table = self.columns_table
        choosers = [table.cellWidget(0, column) for column in range(table.columnCount())]
        separators = [*self.fields.controls(), *self.rows.controls()]
        return [*separators, self.header_box, self.html_box, *choosers, table]

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
