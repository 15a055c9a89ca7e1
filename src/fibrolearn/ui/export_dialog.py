"""The Export window: a deck (or all), Anki package or text file, history and media, where."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.progress import Cancelled, Progress
from fibrolearn.domain.words import counted
from fibrolearn.paths import unwritable_target
from fibrolearn.services.container import Services
from fibrolearn.services.interop import EXPORT_ENDINGS, ExportReport, export_lines
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.deck_box import DeckBox
from fibrolearn.ui.interop_words import failure_reason
from fibrolearn.ui.questions import ask
from fibrolearn.ui.tasks import JobControl, TaskRunner, WindowWork
from fibrolearn.ui.text_fit import TextFitDialog

_SUFFIXES = {format_: endings[0] for format_, endings in EXPORT_ENDINGS.items()}
_CHARS = 100  # the dialog's width in characters: room for a long path


class ExportDialog(TextFitDialog):
    """Choose what to export and where, then write it in the background, cancellably.

    As tall as its status needs: a long one at large text squeezed the choices out of sight.
    """

    def __init__(self, parent: QWidget | None, services: Services, tasks: TaskRunner) -> None:
        super().__init__(parent, chars=_CHARS)
        self.setWindowTitle("Export")
        self._services = services
        self._work = WindowWork(self, tasks)
        self._control: JobControl | None = None  # the export running, if one is

        form = self._form(services)
        self.status = QLabel()
        self._announcer = Announcer(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleDescription("Export status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton("&Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Export progress")
        self.progress_bar.hide()
        self.cancel_button = QPushButton("Ca&ncel export")
        self.cancel_button.clicked.connect(self.cancel_export)
        self.cancel_button.hide()
        close = QPushButton("C&lose")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status, 1)
        layout.addWidget(self.progress_bar)
        layout.addLayout(buttons)
        self._suggest_path()

    def _form(self, services: Services) -> QFormLayout:
        self.deck_box = DeckBox("Deck to export")
        self.deck_box.addItem("All decks", None)
        for deck in services.decks.list_decks():
            self.deck_box.addItem(deck.name, deck.deck_id)
        self.deck_box.currentIndexChanged.connect(lambda _index: self._suggest_path())
        self.apkg_button = QRadioButton("&Anki deck package (.apkg), for Anki and AnkiDroid")
        self.csv_button = QRadioButton("&Text file of notes (.txt for Anki, .csv for spreadsheets)")
        self.apkg_button.setChecked(True)
        self.apkg_button.toggled.connect(lambda _on: self._format_changed())
        self.history_box = QCheckBox("Include review &history and scheduling")
        self.media_box = QCheckBox("Include &pictures and sounds")
        self.media_box.setChecked(True)
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("Export to file")
        self._named = False  # the learner typed or chose the file's name: it is theirs
        self.path_edit.textEdited.connect(lambda _text: self._name_given())
        choose = QPushButton("&Choose…")
        choose.setAccessibleName("Choose where to save")
        choose.clicked.connect(self._choose_path)
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(choose)
        form = QFormLayout()
        deck_label = QLabel("&Deck:")
        deck_label.setBuddy(self.deck_box)
        form.addRow(deck_label, self.deck_box)
        form.addRow(_group("Format", self.apkg_button, self.csv_button))
        form.addRow("", self.history_box)
        form.addRow("", self.media_box)
        file_label = QLabel("&File:")
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, where)
        return form

    @property
    def format(self) -> str:
        """The chosen format: "apkg" or "csv"."""
        return "apkg" if self.apkg_button.isChecked() else "csv"

    def _format_changed(self) -> None:
        apkg = self.format == "apkg"
        self.history_box.setEnabled(apkg)
        self.media_box.setEnabled(apkg)
        self._suggest_path()

    def _name_given(self) -> None:
        self._named = True

    def _suggest_path(self) -> None:
        """Name the file after the deck, in the folder shown; a name of the learner's stays.

        Theirs gets the chosen format's ending in place of the other format's.
        """
        current = Path(self.path_edit.text()) if self.path_edit.text() else None
        folder = current.parent if current else Path.home()
        if current is None or not self._named:
            self.path_edit.setText(str(folder / self._suggested_name()))
            return
        other = "csv" if self.format == "apkg" else "apkg"
        if current.suffix.lower() in EXPORT_ENDINGS[other]:
            current = current.with_suffix("")
        self.path_edit.setText(str(_with_ending(current, self.format)))

    def _suggested_name(self) -> str:
        """The deck's name (or FibroLearn's for all decks) as a file name, with its ending."""
        name = self.deck_box.currentText() if self.deck_box.currentData() else "FibroLearn"
        safe = "".join(c if c.isalnum() or c in " -_" else "-" for c in name).strip() or "deck"
        return f"{safe}{_SUFFIXES[self.format]}"

    def _target(self) -> Path:
        """The file the File box names, in full, with the ending Anki opens it by.

        A folder (one that is there, or typed with a slash at its end) gets the suggested
        name: writing to the folder itself could only fail.
        """
        typed = self.path_edit.text().strip()
        path = _full_path(typed)
        if not typed or typed.endswith(("/", os.sep)) or path.is_dir():
            path /= self._suggested_name()
        return _with_ending(path, self.format)

    def _choose_path(self) -> None:
        suffix = _SUFFIXES[self.format]
        name, _filter = QFileDialog.getSaveFileName(
            self,
            "Export to",
            self.path_edit.text(),
            f"*{suffix}",
            options=QFileDialog.Option.DontConfirmOverwrite,  # Export asks, for typed names too
        )
        if name:
            self.path_edit.setText(str(_with_ending(Path(name), self.format)))
            self._name_given()

    def start_export(self) -> None:
        """Write the file in the background; the status line tells its progress and outcome.

        A file that is there already is replaced only when the learner says so; a folder
        that is not there is not made.
        """
        target = self._target()
        self.path_edit.setText(str(target))  # where it goes, in full
        unfit = unwritable_target(target)  # as the command line: no folders made, no own file
        if unfit is not None:
            self._announcer.show(self.status, unfit)
            return
        if target.is_file() and not _replace_allowed(self, target):
            self._announcer.show(self.status, f"Nothing was exported; {target} is as it was.")
            return
        deck_id = self.deck_box.currentData()
        exporter = self._services.exporter
        if self.format == "csv":

            def work(progress: Progress) -> ExportReport:
                return exporter.export_csv(target, deck_id=deck_id, progress=progress)
        else:
            history, media = self.history_box.isChecked(), self.media_box.isChecked()

            def work(progress: Progress) -> ExportReport:
                return exporter.export_apkg(
                    target,
                    deck_id=deck_id,
                    with_history=history,
                    with_media=media,
                    progress=progress,
                )

        self.status.setText("Exporting…")
        self._control = self._work.run_job(work, self._done, self._failed, self._progressed)
        self._show_running(True)

    def cancel_export(self) -> None:
        """Stop the export: nothing is written, and a file already there stays as it was."""
        if self._control is None:
            return
        self._control.cancel()
        self.cancel_button.setEnabled(False)  # the focus goes to Close, which says nothing of it
        self._announcer.show(self.status, "Cancelling…")

    def reject(self) -> None:
        """Esc or Close: cancel the export first if one runs (the window says when it stops)."""
        if self._control is not None:
            self.cancel_export()
            return
        super().reject()

    def done(self, result: int) -> None:
        """Qt override: every way of closing ends here; the window goes once its work has."""
        super().done(result)
        self._work.closed()

    def _progressed(self, done: int, total: int) -> None:
        if self._control is None or self._control.cancel_requested:
            return
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)
        if done < total:
            self.status.setText(f"Exporting… {done:,} of {counted(total, 'note')}")
        else:
            self.status.setText("Exporting… writing the file")

    def _show_running(self, running: bool) -> None:
        """The progress bar and Cancel while an export runs; Export otherwise."""
        self.export_button.setEnabled(not running)
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.progress_bar.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.cancel_button.setVisible(running)
        (self.cancel_button if running else self.export_button).setFocus()

    def _done(self, report: ExportReport) -> None:
        self._control = None
        self._show_running(False)
        self._announcer.show(self.status, "\n".join(export_lines(report)))

    def _failed(self, error: Exception) -> None:
        # Whatever went wrong (a busy collection too), the window says so and stays usable.
        self._control = None
        self._show_running(False)
        if isinstance(error, Cancelled):
            self._announcer.show(self.status, "The export was cancelled; nothing was written.")
        else:
            reason = failure_reason(error, self._services, reading="the export")
            self._announcer.show(self.status, f"Nothing was exported. {reason}")


def _group(title: str, *choices: QWidget) -> QGroupBox:
    """Choices in a box named by its title, which a screen reader says as focus enters it."""
    group = QGroupBox(title)
    layout = QVBoxLayout(group)
    for choice in choices:
        layout.addWidget(choice)
    return group


def _full_path(typed: str) -> Path:
    """The file ``typed`` names; a bare name (or a relative path) is in the home folder.

    The app's working folder is wherever it happened to start, so it is never meant.
    """
    path = Path(typed.strip()).expanduser()
    return path if path.is_absolute() else Path.home() / path


def _with_ending(path: Path, format_: str) -> Path:
    """``path``, with the format's usual ending added unless it has one Anki opens it by.

    Anki offers and reads a file by its ending: "my cards" was not offered, and a package
    named "cards.csv" was read as text.
    """
    if path.suffix.lower() in EXPORT_ENDINGS[format_]:
        return path
    return path.with_name(f"{path.name}{_SUFFIXES[format_]}")


def _replace_allowed(parent: QWidget, target: Path) -> bool:
    """Ask before writing over ``target``; keeping it is the default (Enter or Esc)."""
    return ask(
        parent,
        "Replace the file?",
        f"{target.name} already exists in {target.parent}. Replace it?",
        "&Replace",
        details="Replacing it overwrites what it holds now.",
    )
