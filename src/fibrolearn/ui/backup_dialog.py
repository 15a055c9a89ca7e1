"""The Backups window, and the question asked when the collection was found damaged."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from enum import Enum, auto
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.backups import BackupInfo
from fibrolearn.domain.faults import READ_ONLY_BECAUSE, StorageProblemKind
from fibrolearn.domain.words import counted, media_kept_words, named_first, size_words
from fibrolearn.services.backups import media_kept_by, shared_media, unlisted_files
from fibrolearn.services.recovery import (
    EMPTY_PROBLEM,
    CollectionDamagedError,
    CollectionMissingError,
)
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.dialogs import run_modal
from fibrolearn.ui.formatting import date_words
from fibrolearn.ui.labels import breakable_path, described_line
from fibrolearn.ui.questions import ask, message_box
from fibrolearn.ui.text_fit import TextFitDialog, screen_room

_COLUMNS = ("Made", "Cards", "Reviews", "Size", "Why")
_WORDY = (0, 4)  # columns of words, which share the width left and wrap rather than be cut
_ROWS_SHOWN = 8  # backups in view when the dialog opens; more scroll
_UNLISTED_SHOWN = 3  # files said by name under the list as not listed; the rest counted


def when(info: BackupInfo) -> str:
    """The backup's time in the learner's zone, e.g. "Wednesday 4 March 2026, 13:00"."""
    return time_words(info.created_at)


def time_words(moment: datetime) -> str:
    """A backup's time in the learner's zone, as the Backups window says it (see :func:`when`)."""
    local = moment.astimezone()
    return f"{date_words(local, weekday=True)}, {local:%H:%M}"


def unlisted_words(unlisted: dict[Path, str]) -> str:
    """Why files in the backups folder are not in the list, named without their folder."""
    if not unlisted:
        return ""
    reasons = [
        reason.replace(str(path), breakable_path(path.name), 1) for path, reason in unlisted.items()
    ]
    lines = named_first([r.removesuffix(".") for r in reasons], _UNLISTED_SHOWN, "other file")
    if len(lines) > _UNLISTED_SHOWN:
        lines[-1] = f"And {lines[-1]}"
    return "Not listed:\n" + "\n".join(f"{line}." for line in lines)


def shared_words(files: int, size: int, kept_by: Sequence[Path] = ()) -> str:
    """What the backups share, said once under the list: each size there is a backup's own.

    And the files ``kept_by`` which none of them goes (:func:`media_kept_words`).
    """
    if not files:
        return ""
    kept = media_kept_words([breakable_path(path.name) for path in kept_by])
    return (
        f"The backups share {counted(files, 'media file')} ({size_words(size)}), each stored "
        f"once in the media folder beside them; each size above is the backup's own. {kept}"
    ).rstrip()


def why_words(info: BackupInfo) -> str:
    """Why the backup was made, and what it lacks: "Made by you; 1 media file left out".

    One made before a restore names the backup restored: "Before restoring the backup of
    Wednesday 4 March 2026, 12:00", the one to go back to, to undo it.
    """
    lacking = len(info.unreadable_media)
    why = info.why(time_words)
    if not lacking:
        return why
    return f"{why}; {counted(lacking, 'media file')} left out"


class BackupDialog(TextFitDialog):
    """Lists the backups; makes one now; restores one after asking.

    The dialog does no slow work itself: ``backup_now`` runs a backup in the background and
    calls :meth:`backed_up` when it ends, with a message saying what was backed up (or that
    it failed); a confirmed restore is announced with :attr:`restore_requested` for the
    owner of the collection to carry out.

    Enter on the list means Restore… (as the list's description says), which asks first:
    never "Back up now", which would act at once, nor Close, which would leave without a
    word. Enter on a button that has the focus presses that button.
    """

    restore_requested = Signal(Path)

    def __init__(
        self,
        parent: QWidget | None,
        list_backups: Callable[[], list[BackupInfo]],
        backup_now: Callable[[], None],
        folder: Path,
        *,
        read_only_because: StorageProblemKind | None = None,
    ) -> None:
        super().__init__(parent, chars=60)
        self.setWindowTitle("Backups")
        self._list_backups = list_backups
        self._folder = folder
        self._backup_now = backup_now
        # Opened read-only (a read-only folder, a full disk): no backup, no restore.
        self._read_only = read_only_because is not None
        self._backing_up = False  # Back up now was pressed, and the backup has not ended
        self._backups: list[BackupInfo] = []
        self.announcer = Announcer(self)  # public: tests read what it said last

        intro = QLabel(
            "FibroLearn backs up your collection and its media by itself: when you open it "
            "after changes, every 30 minutes while you study, and before imports, deleting "
            "many notes at once, and restores. Recent backups are kept, then one a day, a week "
            "and a month; routine backups never push out those made by you or before a "
            "change.\n\n"
            f"Backups are kept in {breakable_path(folder)}."
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = _BackupsTable()
        self.table.itemSelectionChanged.connect(self._update_buttons)
        # Files the learner may look for in the list (one they copied in, cut short).
        self.unlisted = _note("Files in the backups folder that are not listed")
        self.shared = _note("Media shared by the backups")
        self.status = QLabel()
        self.status.setAccessibleDescription("Backup status")
        self.status.setWordWrap(True)
        cannot_write = (
            f"Read-only: {READ_ONLY_BECAUSE[read_only_because]}, so backups cannot be made or "
            "restored now."
            if read_only_because is not None
            else ""
        )
        self.read_only_reason = QLabel(cannot_write)
        self.read_only_reason.setWordWrap(True)
        self.read_only_reason.setAccessibleDescription("Why backups cannot be made")
        self.read_only_reason.setVisible(self._read_only)

        self.backup_button = QPushButton("&Back up now")
        self.backup_button.clicked.connect(self._start_backup)
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.setAccessibleName("Restore the selected backup")
        self.restore_button.clicked.connect(self.confirm_restore)
        # The default, so Qt does not make "Back up now" (the first button) the default.
        self.restore_button.setDefault(True)
        if self._read_only:
            for button in (self.backup_button, self.restore_button):
                button.setAccessibleDescription(cannot_write)
        close_button = QPushButton("Close")
        close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.shared)
        layout.addWidget(self.unlisted)
        layout.addWidget(self.status)
        layout.addWidget(self.read_only_reason)
        layout.addLayout(buttons)
        self.refresh()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self, message: str = "") -> None:
        """Reload the list (after a backup was made, for instance).

        ``message`` says what happened, and screen readers say it too. The backup selected
        stays selected, and the focus where it is: a backup finishing (or an automatic one
        failing) while the learner chooses one to restore must not change their choice.
        """
        chosen = self.selected()
        self._backups = self._list_backups()
        self.table.setRowCount(len(self._backups))
        for row, info in enumerate(self._backups):
            cells = (
                when(info),
                f"{info.cards:,}",
                f"{info.reviews:,}",
                size_words(info.size_bytes),
                why_words(info),
            )
            # Heard going down the list: the time alone (to the minute) told no backup apart.
            summary = f"{cells[0]}: {cells[4]}; {info.contents}, {cells[3]}"
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                heard = f"{_COLUMNS[column]}: {text}" if column else summary
                item.setData(Qt.ItemDataRole.AccessibleTextRole, heard)
                if column in (1, 2, 3):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.unlisted.setText(unlisted_words(unlisted_files(self._folder, self._backups)))
        self.unlisted.setVisible(bool(self.unlisted.text()))
        _store, files, size = shared_media(self._folder)
        self.shared.setText(shared_words(files, size, media_kept_by(self._folder)))
        self.shared.setVisible(bool(self.shared.text()))
        made = [info.path for info in self._backups]
        if chosen is not None and chosen.path in made:
            self.table.selectRow(made.index(chosen.path))
        elif made:
            self.table.selectRow(0)  # the newest
        self._fit_table()
        self.backup_button.setEnabled(not self._read_only and not self._backing_up)
        if not self._backing_up:  # else "Backing up…" stays until it ends
            self.status.setText(message or ("" if self._backups else "No backups yet."))
        self._update_buttons()
        if message:
            self.announcer.announce(message)

    def show_backing_up(self) -> None:
        """Show a backup under way: Back up now was pressed here, or in a window since closed.

        Its button stays off until :meth:`backed_up`, so one backup is not started twice.
        """
        self._backing_up = True
        self.backup_button.setEnabled(False)
        self.announcer.show(self.status, "Backing up…")

    def backed_up(self, message: str) -> None:
        """The backup under way ended, as ``message`` says: list the backups again."""
        self._backing_up = False
        self.refresh(message)

    def selected(self) -> BackupInfo | None:
        """The backup under the selection, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self._backups[rows[0].row()] if rows else None

    def confirm_restore(self) -> None:
        """Ask before restoring the selected backup; on yes, announce it and close."""
        info = self.selected()
        if info is None:
            return
        text = (
            f"Replace your collection with the backup from {when(info)}?\n\n"
            f"It holds {info.contents}.{_lacking(info)} FibroLearn first backs "
            "up your collection as it is now, so you can come back to it."
        )
        # Restoring is safe by default: the collection as it is now is backed up first.
        if ask(self, "Restore this backup?", text, "Restore", act_by_default=True):
            self.restore_requested.emit(info.path)
            self.accept()

    def _start_backup(self) -> None:
        self.show_backing_up()
        self._backup_now()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(not self._read_only and self.selected() is not None)

    def _fit_table(self) -> None:
        """Open wide enough to read every column, if the screen allows."""
        margins = self.layout().contentsMargins()
        room = screen_room(self).width() - margins.left() - margins.right()
        self.table.setMinimumWidth(min(self.table.sizeHint().width(), room))


def _note(description: str) -> QLabel:
    """A label under the list, its words wrapped, selectable and heard, then ``description``.

    Named instead, a screen reader said only the name ("Media shared by the backups"), never
    the counts nor which file keeps the media.
    """
    label = described_line(description)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class _BackupsTable(QTableWidget):
    """The backups, one a row; it asks for room for every column and the first few rows."""

    def __init__(self) -> None:
        super().__init__(0, len(_COLUMNS))
        self.setHorizontalHeaderLabels(_COLUMNS)
        self.setAccessibleName("Backups")
        self.setAccessibleDescription(
            "Newest first. Select one and press Enter or Restore; you are asked first."
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # wrapped lines
        rows.sectionResized.connect(self.updateGeometry)  # rows wrap: ask for their room
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in _WORDY:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def sizeHint(self) -> QSize:
        """Qt override: every column on one line, and the first rows as they wrap now."""
        header = self.horizontalHeader()
        widths = [
            max(self.sizeHintForColumn(column), header.sectionSizeHint(column))
            for column in range(self.columnCount())
        ]
        # The wordy columns share their room equally: each gets what the wider one needs.
        widest = max(widths[column] for column in _WORDY)
        columns = sum(widths) + sum(widest - widths[column] for column in _WORDY)
        rows = sum(self.rowHeight(row) for row in range(min(self.rowCount(), _ROWS_SHOWN)))
        frame = 2 * self.frameWidth()
        return QSize(
            columns + self.verticalScrollBar().sizeHint().width() + frame,
            header.sizeHint().height() + rows + frame,
        )


class RecoveryChoice(Enum):
    """What to do about a damaged collection."""

    RESTORE = auto()
    START_EMPTY = auto()
    QUIT = auto()


def ask_recovery(
    parent: QWidget, error: CollectionDamagedError, not_done: str = ""
) -> RecoveryChoice:
    """Say that the collection was damaged (or emptied) and set aside; offer the newest backup.

    ``not_done`` says why the recovery chosen just before did not work, first.
    """
    emptied = EMPTY_PROBLEM in error.problems
    told = (
        f"FibroLearn found your collection {'empty' if emptied else 'damaged'} and set it "
        f"aside; nothing was deleted. It is now at:\n{breakable_path(error.moved_to)}"
    )
    title = "Your collection was emptied" if emptied else "Your collection was damaged"
    details = "\n".join(error.problems)
    return _ask_what_next(
        parent, title, _first(not_done, told), error.backup, details, no_backup=error.no_backup
    )


def ask_missing_recovery(
    parent: QWidget, error: CollectionMissingError, not_done: str = ""
) -> RecoveryChoice:
    """Say that there is no collection but there are backups of one; offer the newest good one.

    ``not_done`` says why the recovery chosen just before did not work, first.
    """
    told = (
        f"There is no collection in {breakable_path(error.collection.parent)}, but there are "
        "backups of one there, so FibroLearn did not start a new, empty one."
    )
    title = "Your collection is missing"
    told = _first(not_done, told)
    return _ask_what_next(parent, title, told, error.backup, "", no_backup=error.no_backup)


def _first(not_done: str, told: str) -> str:
    return f"{not_done}\n\n{told}" if not_done else told


def _ask_what_next(
    parent: QWidget,
    title: str,
    told: str,
    backup: BackupInfo | None,
    details: str,
    *,
    no_backup: str = "",
) -> RecoveryChoice:
    """Restore ``backup`` (the default, when there is one), start empty, or quit.

    Without a backup (``no_backup`` says why there is none), quitting is the default: Enter
    must not start an empty collection, which cannot be taken back in the app (the damaged
    one stays set aside either way).
    """
    box = message_box(parent, QMessageBox.Icon.Warning, title, "")
    choices: dict[object, RecoveryChoice] = {}
    if backup is not None:
        box.setText(
            f"{told}\n\n{backup.offered_as} is from {when(backup)}, with "
            f"{backup.contents}. Restore it?"
        )
        restore = box.addButton("Restore the backup", QMessageBox.ButtonRole.AcceptRole)
        choices[restore] = RecoveryChoice.RESTORE
        box.setDefaultButton(restore)
    else:
        box.setText(f"{told}\n\n{no_backup} Start with an empty collection?")
    empty = box.addButton("Start with an empty collection", QMessageBox.ButtonRole.DestructiveRole)
    choices[empty] = RecoveryChoice.START_EMPTY
    quit_ = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)  # and Esc, and closing
    if backup is None:
        box.setDefaultButton(quit_)
    if details:
        box.setDetailedText(details)
    _stack_if_too_wide(box)
    run_modal(box)  # its button read before it goes
    return choices.get(box.clickedButton(), RecoveryChoice.QUIT)


def _stack_if_too_wide(box: QMessageBox) -> None:
    """Put the box's buttons one under another when side by side they are wider than the screen.

    At large text Qt squeezed the four of them (Show Details… among them) into the width it
    had and cut their words ("estore the backu"); stacked, each shows in full.
    """
    buttons = box.findChild(QDialogButtonBox)
    buttons.ensurePolished()  # measured in the theme's font and padding
    margins = box.layout().contentsMargins()
    if buttons.sizeHint().width() > screen_room(box).width() - margins.left() - margins.right():
        buttons.setOrientation(Qt.Orientation.Vertical)


def _lacking(info: BackupInfo) -> str:
    """The media a backup left out, said before it is restored (its other media are kept)."""
    if not info.unreadable_media:
        return ""
    return (
        f" It lacks {info.media_left_out()}, which FibroLearn could not back up when it was "
        "made; the media files you have now stay."
    )
