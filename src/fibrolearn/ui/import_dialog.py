"""The Import window: a preview before anything is written, cancellable progress, a report.

For a text file the window also shows how it will be read (what separates the fields and the
rows, header row, HTML) and a column mapping: one choice per column above a sample of the file.
Slow work runs on the background worker; the preview follows every change of the options.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.progress import BACKING_UP_FIRST
from fibrolearn.domain.words import counted
from fibrolearn.services.container import Services
from fibrolearn.services.interop import (
    SKIPPED_NAMED,
    FileVersion,
    ImportCancelledError,
    ImportOptions,
    ImportPreview,
    ImportReport,
    ImportSource,
    InteropError,
    SourceKind,
    preview_lines,
    report_lines,
)
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.csv_reading import CsvReadingBox
from fibrolearn.ui.fitted_text import fit_to_text
from fibrolearn.ui.follow_focus import FocusFollower
from fibrolearn.ui.interop_words import failure_reason
from fibrolearn.ui.labels import breakable_words, whole_tip
from fibrolearn.ui.report_view import ReportView
from fibrolearn.ui.tables import at_least_rows, make_read_only
from fibrolearn.ui.tasks import PhasedRelay, TaskRunner, WindowWork
from fibrolearn.ui.text_fit import screen_room

FILE_FILTER = "Anki packages and text files (*.apkg *.colpkg *.csv *.tsv *.txt);;All files (*)"
_PREVIEW_DELAY_MS = 250  # let typing in the deck box settle before reading the file again
# Room for the summary, the column mapping over a sample and five cards, in characters and
# lines of the text size in use; the screen caps it.
_OPENING_CHARS, _OPENING_LINES = 130, 46


def _history_help(answers: int | None) -> str:
    """What the history box does, with how many answers the file holds once it is known."""
    if answers is None:
        return "Bring your progress from Anki. Without it, every card starts new."
    held = counted(answers, "answer") if answers else "no answers"
    return (
        f"Bring your progress from Anki: the file holds {held} of review history. Without "
        "it, every card starts new."
    )


def choose_and_import(
    parent: QWidget, services: Services, tasks: TaskRunner
) -> ImportDialog | None:
    """Ask for a file, then open the Import window on it (File ▸ Import…).

    Returns the window, whose :attr:`ImportDialog.imported` tells when something came in, or
    None when no file was chosen.
    """
    name, _filter = QFileDialog.getOpenFileName(
        parent, "Import a file", str(Path.home()), FILE_FILTER
    )
    if not name:
        return None
    dialog = ImportDialog(parent, services, tasks, Path(name))
    dialog.open()  # freed once closed, with its preview (see ImportDialog.done)
    return dialog


class _CardsTable(QTableWidget):
    """The first cards the import makes: a header and three rows at least, more if there is room.

    It asks for just that, so the preview scrolls only when even that does not fit. Asking for
    nothing instead (an ignored height) left the scrolled page too short for its parts, and Qt
    squeezed them all: the reading options overlapped, the tables showed a row or less.
    """

    def __init__(self) -> None:
        super().__init__(0, 3)
        self.setHorizontalHeaderLabels(("Deck", "Question", "Answer"))
        self.setAccessibleName("First cards")
        make_read_only(self)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        at_least_rows(self, 3)

    def sizeHint(self) -> QSize:
        """Qt override: as tall as the least it shows, not Qt's fixed 192 pixels."""
        return QSize(super().sizeHint().width(), self.minimumHeight())


class ImportDialog(QDialog):
    """Preview, options, progress and report of one import.

    Emits :attr:`imported` with the report when the import succeeded (None when it may have
    been saved, the disk failing as it was), so the owner can refresh what it shows.
    """

    imported = Signal(object)

    def __init__(
        self, parent: QWidget | None, services: Services, tasks: TaskRunner, path: Path
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import {path.name}")
        self._services = services
        self._path = path
        self._source: ImportSource | None = None
        self._read_as: FileVersion | None = None  # the file as the preview shown read it
        self._generation = 0  # newer previews win over late answers to older ones
        self._cancel = threading.Event()
        self._work = WindowWork(self, tasks)  # reading the file may outlast the window
        self._relay = PhasedRelay(self)  # the worker's reports, a few a second
        self._relay.told.connect(self._show_progress)
        self._refresh_timer = QTimer(self, singleShot=True, interval=_PREVIEW_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh_preview)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._preview_page())
        self.pages.addWidget(self._progress_page())
        self.pages.addWidget(self._report_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        # Made the default only once in the window: a button made so before was never the
        # dialog's own, and Cancel kept Enter after Tab had passed it (the window closed).
        self.import_button.setDefault(True)
        self.announcer = Announcer(self)
        self._open_sized()
        self.summary.set_report("Reading the file…")
        self._work.run(lambda: services.importer.inspect(path), self._inspected, self._failed)

    # ------------------------------------------------------------------ pages
    def _preview_page(self) -> QWidget:
        page = QWidget()
        # Its lines wrap with the report's hanging indents, all in view: the page scrolls.
        self.summary = ReportView()
        fit_to_text(self.summary)
        self.summary.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # no Tab stop, as a label
        self.summary.setAccessibleDescription("What will be imported")
        self.deck_edit = QLineEdit()
        self.deck_edit.setAccessibleName("Deck")
        self.deck_edit.setAccessibleDescription(
            "Put every card in this deck. Leave it empty to keep the decks the file names."
        )
        self.deck_edit.setPlaceholderText("the decks named in the file")
        self.deck_edit.textChanged.connect(lambda _text: self._refresh_timer.start())
        self.history_box = QCheckBox("Keep review &history and scheduling")
        self.history_box.setAccessibleDescription(_history_help(None))
        self.history_box.toggled.connect(lambda _on: self._refresh_timer.start())
        self._options = options = QFormLayout()
        deck_label = QLabel("&Deck:")
        deck_label.setBuddy(self.deck_edit)
        options.addRow(deck_label, self.deck_edit)
        options.addRow(self.history_box)
        self.csv_group = self._csv_reading()
        self.cards_table = _CardsTable()
        self.cards_label = QLabel("&First cards:")
        self.cards_label.setBuddy(self.cards_table)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(options)
        layout.addWidget(self.csv_group)
        layout.addWidget(self.cards_label)
        layout.addWidget(self.cards_table, 1)
        layout.addStretch(0)  # takes the room when a refused file leaves no cards to show
        # Large text on a small screen scrolls the preview; the buttons stay in sight.
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._scroll.setWidget(body)
        FocusFollower(self._scroll)  # a mnemonic moves the focus without scrolling to it
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._scroll, 1)
        outer.addLayout(self._preview_buttons())
        return page

    def _preview_buttons(self) -> QHBoxLayout:
        self.import_button = QPushButton("&Import")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.cancel = QPushButton("Cancel")
        self.cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel)
        return buttons

    def _csv_reading(self) -> CsvReadingBox:
        """Shown for a text file only: how it is read, and the preview follows each change."""
        box = CsvReadingBox()
        box.changed.connect(self._refresh_timer.start)
        box.reading_chosen.connect(self._reread)
        box.hide()
        return box

    def _progress_page(self) -> QWidget:
        page = QWidget()
        self.progress_label = QLabel("Importing…")
        self.progress_label.setAccessibleDescription("Import progress")
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Import progress")
        self.cancel_button = QPushButton("&Cancel import")
        self.cancel_button.clicked.connect(self.cancel_import)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(1)
        return page

    def _report_page(self) -> QWidget:
        page = QWidget()
        self.report_heading = QLabel()
        self.report_heading.setAccessibleDescription("Result")
        self.report_text = ReportView()
        self.report_text.setAccessibleName("Import report")
        self.close_button = QPushButton("C&lose")
        self.close_button.clicked.connect(self.accept)
        layout = QVBoxLayout(page)
        layout.addWidget(self.report_heading)
        layout.addWidget(self.report_text, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        return page

    def _open_sized(self) -> None:
        """Open as big as the text size in use asks for, within the screen, frame included."""
        self.winId()  # the frame is known once the window exists
        frame = self.frameGeometry().size() - self.size()
        metrics, room = self.fontMetrics(), screen_room(self) - frame
        width = max(metrics.averageCharWidth() * _OPENING_CHARS, self.minimumSizeHint().width())
        height = metrics.lineSpacing() * _OPENING_LINES
        self.resize(min(width, room.width()), min(height, room.height()))

    # ------------------------------------------------------------------ preview
    def _inspected(self, source: ImportSource) -> None:
        self._source = source
        anki = source.kind is SourceKind.ANKI
        self.history_box.setVisible(anki)
        if source.csv is not None:
            self.deck_edit.setPlaceholderText(self._path.stem)
            self.csv_group.show_layout(source.csv)
            self._order_tabs()
        self.refresh_preview()

    def _order_tabs(self) -> None:
        """One round of Tab reaches every control, in reading order (see tab_chain)."""
        chain = [
            self.deck_edit,
            self.history_box,
            *self.csv_group.tab_chain(),
            self.cards_table,
            self.import_button,
            self.cancel,
        ]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _reread(self, delimiter: str, row_separator: str) -> None:
        """Read the file again with these separators ("" for either: find it)."""
        self.import_button.setEnabled(False)
        self._work.run(
            lambda: self._services.importer.inspect(
                self._path, delimiter=delimiter or None, row_separator=row_separator or None
            ),
            self._inspected,
            self._failed,
        )

    def options(self) -> ImportOptions:
        """The options as the window shows them."""
        reading_text = self._source is not None and self._source.csv is not None
        csv = self.csv_group.settings() if reading_text else None
        return ImportOptions(
            deck=self.deck_edit.text().strip() or None,
            with_history=self.history_box.isVisible() and self.history_box.isChecked(),
            csv=csv,
        )

    def refresh_preview(self) -> None:
        """Work out again what the import would do with the options shown."""
        if self._source is None:
            return
        self._generation += 1
        generation, options = self._generation, self.options()
        self.import_button.setEnabled(False)
        self._work.run(
            lambda: self._services.importer.preview(self._path, options),
            lambda preview: self._previewed(generation, preview),
            lambda error: self._preview_failed(generation, error),
        )

    def _previewed(self, generation: int, preview: ImportPreview) -> None:
        if generation != self._generation:
            return
        self._read_as = preview.read_as
        summary = "\n".join(preview_lines(preview))
        shown = breakable_words(summary)  # a long deck name wraps
        if shown != self.summary.text():  # said as it is seen: a screen reader heard none
            self.summary.set_report(shown)
            self.announcer.announce(summary)
        self.history_box.setAccessibleDescription(_history_help(preview.answers_in_file))
        self.cards_table.setRowCount(len(preview.first_cards))
        for row, card in enumerate(preview.first_cards):
            for column, text in enumerate((card.deck, card.question, card.answer)):
                item = QTableWidgetItem(text.replace("\n", " "))
                item.setToolTip(whole_tip(text))  # a long one is cut with "…"
                self.cards_table.setItem(row, column, item)
        self.import_button.setEnabled(preview.notes > 0)

    def _preview_failed(self, generation: int, error: Exception) -> None:
        if generation == self._generation:
            self._failed(error)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, InteropError):
            heading = "This file cannot be imported."
        else:
            heading = "Nothing can be imported right now."
        reason = failure_reason(error, self._services, reading="the preview")
        self.summary.set_report(f"{heading}\n\n{reason}")
        self.cards_table.setRowCount(0)
        self.import_button.setEnabled(False)
        if self._source is None:  # not even readable: its options and cards mean nothing
            self._options.setRowVisible(self.deck_edit, False)
            self.history_box.hide()
            self.cards_label.hide()
            self.cards_table.hide()
            self.cancel.setDefault(True)
            self.cancel.setFocus()
        # Said once the focus has moved: hiding the focused box moved it through every
        # control left, and each one a screen reader named cut the refusal short.
        self.announcer.announce(f"{heading} {reason}")

    # ------------------------------------------------------------------ import
    def start_import(self) -> None:
        """Back up the collection, then import with the options shown, the file as shown."""
        options = replace(self.options(), read_as=self._read_as)
        self._cancel.clear()
        self.pages.setCurrentIndex(1)
        self.progress_bar.setRange(0, 0)
        self.cancel_button.setFocus()
        services, path, relay, cancel = self._services, self._path, self._relay, self._cancel

        def work() -> ImportReport:
            relay(BACKING_UP_FIRST, 0, 0)
            services.backups.backup(BackupReason.BEFORE_IMPORT)
            return services.importer.run(path, options, progress=relay, cancel=cancel)

        self._work.run(work, self._finished, self._import_failed)

    def cancel_import(self) -> None:
        """Stop the import; nothing it did is kept. Said at once: it stops between steps.

        Cancel stays as it is, with the focus: disabled, it sent the focus nowhere (nothing
        else on this page takes it), and a screen reader said nothing at all. Pressed again,
        it says again that the import is being cancelled.
        """
        self._cancel.set()
        self.announcer.show(self.progress_label, "Cancelling…")

    def _show_progress(self, what: str, done: int, total: int) -> None:
        if self._cancel.is_set():
            return
        self.progress_label.setText(f"{what}…" if not total else f"{what}: {done:,} of {total:,}")
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)

    def _finished(self, report: ImportReport) -> None:
        said = "\n".join(report_lines(report, SKIPPED_NAMED))  # not thousands of rows left out
        self._show_report("The import is done.", "\n".join(report_lines(report)), said)
        self.imported.emit(report)

    def _import_failed(self, error: Exception) -> None:
        """Any failure ends on the report page: whether the import rolled back, or may be saved."""
        if isinstance(error, ImportCancelledError):
            self._show_report("The import was cancelled.", "Nothing was changed.")
            return
        reason = failure_reason(error, self._services)
        problem = self._services.storage_problem(error)
        if problem is not None and problem.maybe_saved:  # its notes may be back after a crash
            self._show_report("The import may not have been saved.", reason)
            self.imported.emit(None)  # its decks may be there: the deck list reads them again
        else:
            self._show_report(
                "Nothing was imported.", f"{reason}\n\nYour collection is as it was before."
            )

    def _show_report(self, heading: str, text: str, said: str | None = None) -> None:
        """Show the report page; a screen reader says ``said`` (else ``text``) after ``heading``."""
        self.report_heading.setText(heading)
        self.report_text.set_report(text)
        self.pages.setCurrentIndex(2)
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.announcer.announce(f"{heading} {said or text}")

    def reject(self) -> None:
        """Esc: close, but never in the middle of an import (cancel it instead)."""
        if self.pages.currentIndex() == 1:
            self.cancel_import()
            return
        super().reject()

    # ------------------------------------------------------------------ lifetime
    def done(self, result: int) -> None:
        """Qt override: every way of closing ends here; the window goes once its work has.

        Freed then with its preview and plan (and its app-wide focus connection).
        """
        self._refresh_timer.stop()
        super().done(result)
        self._work.closed()
